//! The `govmat` command line: the same use-case API as the desktop app, for consultants' scripts.
//! Errors go to stderr as `error: ...` and the exit code is non-zero.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod serve;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
mod collaborative;
// The board's record: actions and the decision history (issue 27).
mod record;
mod roster;

use govmat::{ExportFormat, Govmat, ImportOptions, ImportRequest, Role, RoundRef};

mod forms;

/// `println!` that returns the error instead of panicking, so a closed pipe (`govmat summary |
/// head`) ends the command quietly, as ripgrep does, rather than with a backtrace.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}
pub(crate) use say;

#[derive(Parser)]
#[command(
    name = "govmat",
    version,
    about = "Governance readiness diagnostic for NHS provider boards"
)]
struct Cli {
    /// The database file (default: govmat.db in the platform data folder).
    #[arg(long, global = true, env = "GOVMAT_DB")]
    db: Option<PathBuf>,
    /// A folder of extra questionnaire files (default: questionnaires/ in the platform data folder).
    #[arg(long, global = true, env = "GOVMAT_QUESTIONNAIRES")]
    questionnaires: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
enum Collect {
    /// Start collecting privately; the PIN comes from GOVMAT_PIN, else one line on stdin.
    Start {
        #[arg(long)]
        org: String,
        #[arg(long)]
        round: String,
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
        /// The port (default: one the system picks).
        #[arg(long)]
        port: Option<u16>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Pdf,
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
    Xlsx,
}

fn main() -> ExitCode {
    // Before anything can start a thread: the zone is read only while there is one.
    govmat::capture_local_offset();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the command failed only because whoever read its output stopped reading.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Opens the database a command reads or changes. It must exist: a mistyped `--db` is said as
/// such, instead of quietly becoming a new, empty database (and folders) that then has "no
/// organisation called …".
fn open(cli: &Cli) -> anyhow::Result<Govmat> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    if !db.exists() {
        anyhow::bail!(
            "there is no database at {}: check --db (or GOVMAT_DB); `govmat demo` and `govmat import` create one",
            db.display()
        );
    }
    open_at(cli, &db)
}

/// Opens the database if it exists; otherwise a throwaway one in a temporary folder (removed when
/// the guard is dropped), for what needs no board's data and writes nothing: `forms-template` and
/// `import --dry-run` before any database exists, as a company secretary works before the day.
fn open_or_scratch(cli: &Cli) -> anyhow::Result<(Govmat, Option<tempfile::TempDir>)> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    if db.exists() {
        return Ok((open_at(cli, &db)?, None));
    }
    let scratch = tempfile::tempdir().context("cannot make a temporary folder")?;
    let g = open_at(cli, &scratch.path().join("scratch.db"))?;
    Ok((g, Some(scratch)))
}

/// Opens the database for a command that creates data (`import`, `demo`, `restore`,
/// `collaborative import`), creating the file and its folder if need be, and saying so.
fn open_creating(cli: &Cli) -> anyhow::Result<Govmat> {
    let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
    let existed = db.exists();
    let g = open_at(cli, &db)?;
    if !existed {
        eprintln!("created a new database at {}", db.display());
    }
    Ok(g)
}

fn open_at(cli: &Cli, db: &std::path::Path) -> anyhow::Result<Govmat> {
    let folder = cli
        .questionnaires
        .clone()
        .unwrap_or_else(govmat::default_questionnaire_dir);
    let g = Govmat::open(db, Some(&folder))?;
    // A broken questionnaire file of the consultant's is said, not fatal: the board's data and
    // the other questionnaires stay usable.
    for p in g.catalogue.problems() {
        eprintln!("warning: {p} (this questionnaire file is left out; `govmat check` it)");
    }
    Ok(g)
}

/// `questionnaires` lists what it could read, then fails naming every file it left out, so a
/// consultant's broken file is never mistaken for a missing one.
fn left_out(cat: &govmat::Catalogue) -> anyhow::Result<()> {
    if cat.problems().is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{} left out, each with its problems:\n{}",
        govmat_core::plural(
            cat.problems().len(),
            "questionnaire file was",
            "questionnaire files were"
        ),
        cat.problems().join("\n")
    )
}

/// `check` shows what a member will read: each item's five descriptions, or that the item falls
/// back to the scale's generic ones.
fn print_levels(i: &govmat::Instrument) -> anyhow::Result<()> {
    let own = i.items().filter(|it| it.has_own_levels()).count();
    say!(
        "{own} of {} items describe every level in their own words; the others use the scale's descriptors",
        i.item_count()
    );
    for item in i.items().filter(|it| it.has_own_levels()) {
        say!("\n{} ({})", item.title, item.id);
        for l in item.levels_or_scale(&i.scale) {
            say!("  {} {}: {}", l.value, l.label, l.descriptor);
        }
    }
    Ok(())
}

/// `questionnaires --json`: the outline the desktop app also lists, with each item's levels as a
/// member reads them (`levels`, the item's own or else the scale's) and whether they are its own.
fn outline_with_levels(
    i: &govmat::Instrument,
    outline: &govmat::InstrumentOutline,
) -> anyhow::Result<serde_json::Value> {
    let mut value = serde_json::to_value(outline)?;
    let areas = value["areas"]
        .as_array_mut()
        .context("an outline lists its areas")?;
    for (area, a) in areas.iter_mut().zip(&i.areas) {
        let items = area["items"]
            .as_array_mut()
            .context("an outline area lists its items")?;
        for (entry, it) in items.iter_mut().zip(&a.items) {
            entry["own_levels"] = it.has_own_levels().into();
            entry["levels"] = serde_json::to_value(it.levels_or_scale(&i.scale))?;
        }
    }
    Ok(value)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Check { file } => {
            let (i, _) = govmat::read_questionnaire(file)?;
            say!(
                "{}: ok — {} v{} \"{}\": {} areas, {} items",
                file.display(),
                i.id,
                i.version,
                i.title,
                i.areas.len(),
                i.item_count()
            );
            print_levels(&i)?;
        }
        Command::Questionnaires { json } => {
            let folder = cli
                .questionnaires
                .clone()
                .unwrap_or_else(govmat::default_questionnaire_dir);
            let cat = govmat::Catalogue::with_folder(Some(&folder))?;
            let list: Vec<_> = cat
                .entries()
                .iter()
                .map(|e| govmat::InstrumentOutline::of(&e.instrument))
                .collect();
            if *json {
                let with_levels = cat
                    .entries()
                    .iter()
                    .zip(&list)
                    .map(|(e, o)| outline_with_levels(&e.instrument, o))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                say!("{}", serde_json::to_string_pretty(&with_levels)?);
            } else {
                for (o, e) in list.iter().zip(cat.entries()) {
                    let items: usize = o.areas.iter().map(|a| a.items.len()).sum();
                    say!(
                        "{:<28} v{:<3} {:<9} {:>2} areas {:>3} items  {}",
                        o.id,
                        o.version,
                        o.kind,
                        o.areas.len(),
                        items,
                        o.title
                    );
                    if e.origin != "shipped" {
                        say!("{:<28} from {}", "", e.origin);
                    }
                }
            }
            left_out(&cat)?;
        }
        Command::Import {
            file,
            org,
            round,
            questionnaire,
            date,
            replace,
            dry_run,
            map,
            save_map,
            anonymise,
        } => {
            // A dry run writes nothing, not even a new database file.
            let (mut g, _scratch) = if *dry_run {
                open_or_scratch(&cli)?
            } else {
                (open_creating(&cli)?, None)
            };
            let date = date.clone().unwrap_or_else(govmat::today);
            let req = ImportRequest {
                org,
                round,
                questionnaire,
                date: &date,
                file,
                replace: *replace,
            };
            // Replacing deletes answers, so it takes the roster PIN, read as `roster` reads it; a
            // dry run writes nothing and needs none. Without one the import says what it needs
            // (or that the round is collecting) only when there is someone to replace.
            let roster_pin = if *replace && !*dry_run {
                read_pin().ok().map(|pin| (pin, govmat::unix_now()))
            } else {
                None
            };
            let opts = ImportOptions {
                map: map.as_deref().map(forms::read_map).transpose()?,
                anonymise: *anonymise,
                roster_pin,
            };
            if *dry_run || save_map.is_some() {
                let preview = g.preview_import(&req, &opts)?;
                if let Some(path) = save_map {
                    write_atomic(path, preview.map_file.as_bytes())?;
                    eprintln!("wrote the mapping to {}", path.display());
                }
                if *dry_run {
                    return forms::print_preview(&preview);
                }
            }
            let out = g.import_file(&req, &opts)?;
            say!(
                "imported {} into \"{org}\" / \"{round}\" ({} new, {} replaced, {} already in the round and left as {})",
                govmat_core::plural(out.added + out.replaced, "member", "members"),
                out.added,
                out.replaced,
                out.already,
                if out.already == 1 { "it was" } else { "they were" }
            );
        }
        Command::Decisions {
            file,
            org,
            round,
            replace,
        } => {
            let mut g = open(&cli)?;
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let out = g.import_decisions(r.id, file, *replace, govmat::unix_now())?;
            say!(
                "recorded {} in \"{org}\" / \"{round}\" ({} unchanged)",
                govmat_core::plural(out.saved, "decision", "decisions"),
                out.unchanged
            );
        }
        Command::BallotPdf {
            org,
            round,
            members,
            out,
        } => {
            let g = open(&cli)?;
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let pdf = g.ballot_pdf(r.id, *members)?;
            write_atomic(out, &pdf.bytes)?;
            say!("wrote {} ({} pages)", out.display(), pdf.pages);
        }
        Command::FormsTemplate { questionnaire, out } => {
            let (g, _scratch) = open_or_scratch(&cli)?;
            forms::write_template(&g, questionnaire, out)?;
        }
        Command::Summary { org, round, json } => {
            let g = open(&cli)?;
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&g.summary(r.id)?)?);
            } else {
                print_summary(&g, r.id)?;
            }
        }
        Command::Export {
            org,
            round,
            format,
            out,
        } => {
            let g = open(&cli)?;
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let format = match format {
                Format::Csv => ExportFormat::Csv,
                Format::Json => ExportFormat::Json,
                Format::Xlsx => ExportFormat::Xlsx,
            };
            let bytes = g.export(r.id, format, None, &govmat::now_local())?;
            write_atomic(out, &bytes)?;
            say!("wrote {}", out.display());
        }
        Command::Answer { org, round } => {
            let mut g = open(&cli)?;
            let (_, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let instrument = g.instrument_of(&r)?;
            let mut members = std::collections::HashMap::new();
            let stdout = std::io::stdout();
            let mut saved = 0usize;
            for (n, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.context("reading stdin")?;
                if line.trim().is_empty() {
                    continue;
                }
                let f: Vec<&str> = line.splitn(5, ',').collect();
                if f.len() < 4 {
                    bail!(
                        "stdin line {}: expected respondent,role,item,value[,comment]",
                        n + 1
                    );
                }
                let role = Role::parse(f[1])
                    .with_context(|| format!("stdin line {}: unknown role \"{}\"", n + 1, f[1]))?;
                let answer = govmat::parse_answer(f[3], &instrument.scale).with_context(|| {
                    format!("stdin line {}: \"{}\" is not on the scale", n + 1, f[3])
                })?;
                let id = match members.get(f[0]) {
                    Some(id) => *id,
                    None => {
                        let id = match g.member_id(r.id, f[0])? {
                            Some(id) => id,
                            None => g.add_member(r.id, f[0], role)?,
                        };
                        members.insert(f[0].to_string(), id);
                        id
                    }
                };
                g.record_answer(r.id, id, f[2], answer, f.get(4).copied().unwrap_or(""))
                    .with_context(|| format!("stdin line {}", n + 1))?;
                saved += 1;
                writeln!(stdout.lock(), "saved {saved}")?;
            }
        }
        Command::Report {
            org,
            round,
            out,
            compare,
            brand,
            format,
            summary,
        } => {
            let g = open(&cli)?;
            let (o, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let compare = compare_id(&g, &o.name, compare.as_deref())?;
            let brand = brand
                .as_deref()
                .map(govmat::read_brand)
                .transpose()?
                .unwrap_or_default();
            let opts = govmat::ReportOptions {
                compare,
                kind: if *summary {
                    govmat::ReportKind::Summary
                } else {
                    govmat::ReportKind::Full
                },
                brand,
                produced: govmat::now_local(),
            };
            if *format == ReportFormat::Docx {
                let bytes = g.report_docx(r.id, &opts)?;
                write_atomic(out, &bytes)?;
                println!("wrote {}", out.display());
                return Ok(());
            }
            let pdf = g.report(r.id, &opts)?;
            write_atomic(out, &pdf.bytes)?;
            if !pdf.missing.is_empty() {
                let list: String = pdf
                    .missing
                    .iter()
                    .map(|c| format!(" U+{:04X}", *c as u32))
                    .collect();
                eprintln!("warning: the font has no glyph for{list}; shown as a replacement mark (U+FFFD) in the report");
            }
            say!("wrote {} ({} pages)", out.display(), pdf.pages);
        }
        Command::Chart {
            org,
            round,
            kind,
            out,
            compare,
            large,
        } => {
            let g = open(&cli)?;
            let (o, r) = g.resolve(&RoundRef {
                org: org.clone(),
                round: round.clone(),
            })?;
            let compare = compare_id(&g, &o.name, compare.as_deref())?;
            let svg = g.chart_svg_with(r.id, kind, compare, *large)?;
            write_atomic(out, svg.as_bytes())?;
            say!("wrote {}", out.display());
        }
        Command::Demo => {
            let mut g = open_creating(&cli)?;
            let org = g.create_demo()?;
            let rounds = g.rounds(org)?;
            let latest = rounds.last().context("the demo has rounds")?;
            say!("Demo board created in {}", g.db_path().display());
            print_summary(&g, latest.id)?;
        }
        Command::Collect { action } => collect(&cli, action)?,
        Command::Roster { action } => roster::run(&mut open(&cli)?, action, read_pin)?,
        Command::Actions { action } => record::actions(&mut open(&cli)?, action)?,
        Command::History {
            org,
            round,
            json,
            verify,
        } => record::history(&open(&cli)?, org, round, *json, *verify)?,
        Command::Backup { out } => {
            let g = open(&cli)?;
            g.backup(out)?;
            println!("backed up {} to {}", g.db_path().display(), out.display());
        }
        Command::Restore { file } => {
            let mut g = open_creating(&cli)?;
            let kept = g.restore(file)?;
            println!(
                "restored {} from {}; the database as it was is kept as {}",
                g.db_path().display(),
                file.display(),
                g.snapshot_dir().join(kept.name).display()
            );
        }
        Command::Share {
            org,
            round,
            out,
            actions,
            dry_run,
        } => {
            let g = open(&cli)?;
            let out = out.clone().unwrap_or_default();
            collaborative::share(&g, org, round, *actions, &out, *dry_run)?;
        }
        Command::Collaborative { action } => {
            let mut g = if matches!(action, collaborative::Collaborative::Import { .. }) {
                open_creating(&cli)?
            } else {
                open(&cli)?
            };
            collaborative::run(&mut g, action)?
        }
    }
    Ok(())
}

fn compare_id(g: &Govmat, org: &str, round: Option<&str>) -> anyhow::Result<Option<i64>> {
    let Some(round) = round else { return Ok(None) };
    let (_, r) = g.resolve(&RoundRef {
        org: org.to_string(),
        round: round.to_string(),
    })?;
    Ok(Some(r.id))
}

fn fmt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into())
}

fn print_summary(g: &Govmat, round_id: i64) -> anyhow::Result<()> {
    let v = g.round_view(round_id)?;
    say!(
        "{} — {} ({}, {} v{}, {})",
        v.organisation.name,
        v.round.name,
        v.round.date,
        v.instrument.id,
        v.instrument.version,
        v.round.status.as_str()
    );
    say!(
        "{}; overall mean {} (over {} of {} items)",
        govmat_core::plural(v.score.respondents, "member", "members"),
        fmt(v.score.overall),
        v.score.items_in_mean,
        v.score.items_total
    );
    if v.score.respondents < v.score.min_group {
        say!(
            "Fewer than {} members answered, so only counts are shown: any figure would let each member work out the others' answers.",
            v.score.min_group
        );
    }
    for a in &v.score.areas {
        say!();
        say!(
            "{:<52} mean {} (over {} of {} items)",
            a.title,
            fmt(a.mean),
            a.items_in_mean,
            a.items.len()
        );
        for i in &a.items {
            let flag = if i.disagreement {
                " ⚑ disagreement".to_string()
            } else if i.stats.withheld {
                format!(
                    " (fewer than {} scored answers: not shown)",
                    v.score.min_group
                )
            } else {
                String::new()
            };
            say!(
                "  {:<40} n={:<2} ?={:<2} mean {:>4} sd {:>4} agreed {:>1} target {:>1} gap {:>5}{flag}",
                i.title,
                i.stats.n,
                i.dont_know,
                fmt(i.stats.mean),
                fmt(i.stats.sd),
                i.agreed.map_or("—".into(), |x| x.to_string()),
                i.target.map_or("—".into(), |x| x.to_string()),
                fmt(i.gap),
            );
        }
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(govmat::write_atomically(path, bytes)?)
}

/// The PIN: `GOVMAT_PIN` when set, else one line on stdin (never an argument, which other users
/// of the machine could read in the process list).
fn read_pin() -> anyhow::Result<String> {
    if let Some(pin) = std::env::var_os("GOVMAT_PIN").filter(|p| !p.is_empty()) {
        return Ok(pin.to_string_lossy().into_owned());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the PIN from stdin")?;
    let pin = line.trim_end_matches(['\r', '\n']).to_string();
    if pin.is_empty() {
        bail!("no PIN given: set GOVMAT_PIN or write it as one line on stdin");
    }
    Ok(pin)
}

fn collect(cli: &Cli, action: &Collect) -> anyhow::Result<()> {
    let mut g = open(cli)?;
    let (org, round) = match action {
        Collect::Start { org, round }
        | Collect::Status { org, round, .. }
        | Collect::End { org, round, .. }
        | Collect::Serve { org, round, .. } => (org, round),
    };
    let (_, r) = g.resolve(&RoundRef {
        org: org.clone(),
        round: round.clone(),
    })?;
    match action {
        Collect::Serve { bind, port, .. } => {
            let db = g.db_path().to_path_buf();
            drop(g);
            serve::serve(&db, cli.questionnaires.clone(), r.id, *bind, *port)?;
        }
        Collect::Start { .. } => {
            let pin = read_pin()?;
            g.start_collection(r.id, &pin, govmat::unix_now())?;
            say!(
                "\"{org}\" / \"{round}\" is collecting privately; end it with `govmat collect end`"
            );
        }
        Collect::Status { json, .. } => {
            let s = g.collection_status(r.id)?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                let state = if s.collecting {
                    "collecting privately"
                } else {
                    "not collecting"
                };
                say!(
                    "\"{}\" / \"{}\": {state}; {} started, {} finished",
                    s.org,
                    s.round,
                    s.started,
                    s.finished
                );
                for e in &s.events {
                    say!("  {} {}", govmat::local_text(e.at), e.event);
                }
            }
        }
        Collect::End { force, .. } => {
            if *force {
                g.force_end_collection(r.id, govmat::unix_now())?;
                say!("collection on \"{org}\" / \"{round}\" ended without the PIN (recorded)");
            } else {
                let pin = read_pin()?;
                g.end_collection(r.id, &pin, govmat::unix_now())?;
                say!("collection on \"{org}\" / \"{round}\" ended");
            }
        }
    }
    Ok(())
}
