//! The command line's shape: every command, subcommand and flag as clap reads them, with the help
//! text people see. Nothing here runs a command; `run` in the parent module does, and each
//! concept's own subcommands (`collaborative`, `roster`, `actions`) are declared beside their
//! handlers.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::{benchmark, collaborative, record, roster};

#[derive(Parser)]
#[command(
    name = "govmat",
    version,
    about = "Governance readiness diagnostic for NHS provider boards"
)]
pub struct Cli {
    /// The database file (default: govmat.db in the platform data folder).
    #[arg(long, global = true, env = "GOVMAT_DB")]
    pub db: Option<PathBuf>,
    /// A folder of extra questionnaire files (default: questionnaires/ in the platform data folder).
    #[arg(long, global = true, env = "GOVMAT_QUESTIONNAIRES")]
    pub questionnaires: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// List the questionnaires on offer.
    Questionnaires {
        #[arg(long)]
        json: bool,
    },
    /// Validate a questionnaire file and list every problem as file:line:col: message.
    Check { file: PathBuf },
    /// Import a Microsoft/Google Forms CSV export into a round (all or nothing).
    Import {
        file: PathBuf,
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        questionnaire: String,
        /// The round's date when it is created (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Replace the members of the file who are already in the round (takes the roster PIN:
        /// GOVMAT_PIN, else one line on stdin; a snapshot is taken first).
        #[arg(long)]
        replace: bool,
        /// Print which column becomes which item, and what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// A saved column mapping (TOML, header = item id) to use instead of guessing.
        #[arg(long)]
        map: Option<PathBuf>,
        /// Write the mapping used to this file, for next year's form.
        #[arg(long)]
        save_map: Option<PathBuf>,
        /// Record members under anonymous codes instead of their names or emails.
        #[arg(long)]
        anonymise: bool,
    },
    /// Import the board's decisions from a CSV: item, agreed, target, rationale, dissent.
    Decisions {
        file: PathBuf,
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// Overwrite decisions already recorded for an item.
        #[arg(long)]
        replace: bool,
    },
    /// Write what is needed to build the questionnaire in Microsoft or Google Forms: the
    /// questions with their options (FILE) and a CSV with the headers import maps (FILE.csv).
    FormsTemplate {
        #[arg(long)]
        questionnaire: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print paper ballots: one set of pages per member, each with its code and the round.
    BallotPdf {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// How many ballots (default: the round's members, else 12).
        #[arg(long)]
        members: Option<usize>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Scores of a round: areas, items and overall.
    Summary {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
    },
    /// Export a round's scores, decisions and actions.
    Export {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long)]
        out: PathBuf,
    },
    /// Record answers read from stdin, one `respondent,role,item,value[,comment]` line each,
    /// printing `saved N` once each answer is durable. The round must exist.
    Answer {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
    },
    /// Write the PDF report of a round, or with --summary the two-page board summary.
    Report {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        out: PathBuf,
        /// Another round of the same organisation to compare with.
        #[arg(long)]
        compare: Option<String>,
        /// A branding file: prepared_by, consultant and logo (PNG path).
        #[arg(long)]
        brand: Option<PathBuf>,
        /// pdf (the default) or docx, an editable Word report with the same sections.
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The board summary (two A4 pages at most) instead of the full report; without
        /// --compare it compares with the last earlier round on the same questionnaire.
        #[arg(long)]
        summary: bool,
    },
    /// Write one chart of a round as SVG.
    Chart {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(govmat::CHART_KINDS))]
        kind: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        compare: Option<String>,
        /// Larger text, as the window's large type draws it for a projector (slides).
        #[arg(long)]
        large: bool,
    },
    /// Create (or recreate) the demo board and print its latest round.
    Demo,
    /// Write a consistent copy of the whole database to FILE (refused while a round collects).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the database with a backup, after checking it; the present one is kept aside as
    /// a snapshot in the database's snapshots folder.
    Restore { file: PathBuf },
    /// Write the results pack a board shares with its provider collaborative (shown first).
    Share {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// The pack file to write (NAME.govmat-pack).
        #[arg(long, required_unless_present = "dry_run")]
        out: Option<PathBuf>,
        /// Also share the round's open action titles (never their owners).
        #[arg(long)]
        actions: bool,
        /// Print the pack's JSON instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// A provider collaborative: partners' packs side by side.
    Collaborative {
        #[command(subcommand)]
        action: collaborative::Collaborative,
    },
    /// The benchmark library: other organisations' packs, and a board among its peers.
    Benchmark {
        #[command(subcommand)]
        action: benchmark::Benchmark,
    },
    /// The board roster, behind the facilitator's roster PIN (GOVMAT_PIN, else stdin).
    Roster {
        #[command(subcommand)]
        action: roster::Roster,
    },
    /// The round's action plan, and the review of last round's actions (follow-through).
    Actions {
        #[command(subcommand)]
        action: record::Actions,
    },
    /// Every change to the round's decisions, oldest first; --verify checks the hash chain and
    /// that the decisions held now are its latest values (exits non-zero naming the first item
    /// that differs).
    History {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        verify: bool,
    },
    /// Private collection: while a round collects, nothing else in the database can be read.
    Collect {
        #[command(subcommand)]
        action: Collect,
    },
}

#[derive(Subcommand)]
pub enum Collect {
    /// Start collecting privately; the PIN comes from GOVMAT_PIN, else one line on stdin.
    Start {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// How many members the board expects (without a roster, members' devices may start at
        /// most twice this many ballots).
        #[arg(long, default_value_t = govmat::DEFAULT_EXPECTED_MEMBERS)]
        expected: i64,
        /// An optional time box, in minutes: a countdown on the projector and members' pages;
        /// when it is up nothing closes by itself.
        #[arg(long)]
        minutes: Option<i64>,
    },
    /// Discard a ballot with no answer in it (a mistyped name, a second try), with the PIN.
    Discard {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// The name or code the empty ballot was started under.
        #[arg(long)]
        name: String,
    },
    /// Whether the round is collecting, how many started and finished, and what happened when.
    Status {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        #[arg(long)]
        json: bool,
    },
    /// End collection with the PIN (as for start), or without it with --force (recorded).
    End {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// End without the PIN, for whoever owns the machine; the forced end is recorded.
        #[arg(long)]
        force: bool,
    },
    /// The networks a phone in the room could reach this machine on, without serving anything:
    /// each adapter and address that would be offered (on Windows also every adapter's
    /// description, and which are left out as a virtual machine's or a VPN's).
    Addresses,
    /// Serve the collecting round to members' own devices over the room's network, printing the
    /// join address; stops on Ctrl-C or when collection ends.
    Serve {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
        /// One loopback or private address to listen on (default: loopback and every private one).
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// The port (default: the one kept with the collection, else one the system picks).
        #[arg(long)]
        port: Option<u16>,
        /// Before collection starts: serve the room check (pages say only "you are connected"
        /// and turn into the ballot by themselves when collection starts).
        #[arg(long)]
        room_check: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
}
