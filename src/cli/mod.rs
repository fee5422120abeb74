//! The `govmat` command line: the same use-case API as the desktop app, for consultants' scripts.
//! Errors go to stderr as `error: ...` and the exit code is non-zero.
//!
//! This module sends each parsed command (`args`) to its handler, with the database `open` opens.
//! A concept's handlers live in its own module, and each only calls the API and prints: the rules
//! (privacy, PINs, what may be written when) are the API's, so the CLI and the desktop app cannot
//! differ on them.
//!
//! Handlers print through `say!`, so a closed pipe (`govmat summary | head`) ends the command
//! quietly instead of panicking. `src/main.rs` only calls `cli::main`.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Parser;
use govmat::{ExportFormat, Govmat, ImportOptions, ImportRequest, Role, RoundRef};

use args::{Cli, Command, Format, ReportFormat};
use open::{open, open_creating, open_or_scratch};

mod args;
// The benchmark library (issue 26).
mod benchmark;
mod collaborative;
mod collect;
mod forms;
mod open;
mod questionnaires;
// The board's record: actions and the decision history (issue 27).
mod record;
mod roster;
mod serve;
mod summary;

/// `println!` that returns the error instead of panicking, so a closed pipe (`govmat summary |
/// head`) ends the command quietly, as ripgrep does, rather than with a backtrace.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}
pub(crate) use say;

/// Runs the command line and says how it went: success, or `error: ...` on stderr and failure.
pub fn main() -> ExitCode {
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

fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Check { file } => questionnaires::check(file)?,
        Command::Questionnaires { json } => questionnaires::list(&cli, *json)?,
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
                summary::print(&g, r.id)?;
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
            summary::print(&g, latest.id)?;
        }
        Command::Collect { action } => collect::run(&cli, action)?,
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
            let db = cli.db.clone().unwrap_or_else(govmat::default_db_path);
            // A database that cannot be opened any more is replaced, not restored into: it is
            // moved aside (kept), and the backup becomes the database.
            if let Err(e) = govmat::Govmat::open(&db, None) {
                if e.code() == "damaged" {
                    let aside = govmat::recover_from(&db, file, &govmat::file_stamp())?;
                    println!(
                        "restored {} from {}; the damaged database is kept as {}",
                        db.display(),
                        file.display(),
                        aside.display()
                    );
                    return Ok(());
                }
            }
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
        Command::Benchmark { action } => {
            let mut g = if matches!(action, benchmark::Benchmark::Add { .. }) {
                open_creating(&cli)?
            } else {
                open(&cli)?
            };
            benchmark::run(&mut g, action)?
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
