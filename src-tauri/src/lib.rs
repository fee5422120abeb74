//! govmat-desktop: the Tauri 2 shell of govmat — one window over the same use-case API the CLI
//! calls.
//!
//! This crate owns start-up (which database, which questionnaires, one instance per database),
//! the command table and where exported files go. It holds no board logic: every command in
//! [`commands`] is a short delegation to [`govmat::Govmat`], and the UI in `../ui` renders what
//! comes back. It is the only crate that names `tauri`.
//!
//! Start-up also offers the demo board on a first run. The web inspector is off unless built with
//! the `inspector` feature; the `test-hooks` feature (tests and benchmarks only) adds the fixed
//! save folder and the benchmark's "drawn" signal. The window stays on the app's own pages
//! (`own_page`), and files dropped on it reach the page as the browser's own drop (Tauri's drop
//! handler, which would hand the page paths, is off), so a dropped pack arrives as text and a bare
//! file name. `Renderer` is the second connection renders use.

pub mod command_names;
pub mod commands;
pub mod files;
pub mod webview;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use govmat::{ErrorBody, Govmat};
use serde::Serialize;
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

/// The board's database, for every read and write the window asks for.
pub struct Board(pub Mutex<Govmat>);

/// A second connection to the same file for charts and exports, so a report being drawn never
/// holds up a read or a saved answer (WAL lets both work at once).
pub struct Renderer(pub Mutex<Govmat>);

/// How this run started: shown on the start screen, and the reason when the database would not open.
#[derive(Debug, Clone, Serialize)]
pub struct Launch {
    pub db: PathBuf,
    pub problem: Option<ErrorBody>,
    pub first_run: bool,
    /// Questionnaire files of the consultant's that were left out, each problem as
    /// `file:line:col: message`: the start screen shows them; the board opens without them.
    pub questionnaire_problems: Vec<String>,
    /// When the database is damaged: the copies govmat kept, newest first, to restore from.
    pub recovery: Vec<govmat::RecoveryCopy>,
    pub today: String,
    /// `GOVMAT_BENCH` in a `test-hooks` build: `start` reports when the start screen is drawn,
    /// any other value opens the latest round's results and reports when they are drawn. Always
    /// `None` in the app people use.
    pub bench: Option<&'static str>,
}

/// The database file: `GOVMAT_DB` like the CLI, else the platform data folder.
pub fn db_path() -> PathBuf {
    std::env::var_os("GOVMAT_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(govmat::default_db_path)
}

pub(crate) fn questionnaire_dir() -> PathBuf {
    std::env::var_os("GOVMAT_QUESTIONNAIRES")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(govmat::default_questionnaire_dir)
}

/// Opens the board's database (twice: one connection for renders). A failure is kept, not
/// fatal, so the window can explain it.
pub fn open(db: &Path) -> (Option<(Govmat, Govmat)>, Launch) {
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        // A missing folder surfaces as the open error below, in plain words.
        let _ = std::fs::create_dir_all(parent);
    }
    let opened = Govmat::open(db, Some(&questionnaire_dir()));
    let first_run = opened
        .as_ref()
        .ok()
        .and_then(|g| g.is_empty().ok())
        .unwrap_or(false);
    let opened = opened.and_then(|g| {
        let renderer = Govmat::open(db, Some(&questionnaire_dir()))?;
        Ok((g, renderer))
    });
    let (govmat, problem) = match opened {
        Ok(g) => (Some(g), None),
        Err(e) => (None, Some(e.body())),
    };
    let recovery = match &problem {
        Some(p) if p.code == "damaged" => govmat::recovery_copies(db),
        _ => Vec::new(),
    };
    let questionnaire_problems = govmat
        .as_ref()
        .map(|(g, _)| g.catalogue.problems().to_vec())
        .unwrap_or_default();
    let launch = Launch {
        db: db.to_path_buf(),
        problem,
        first_run,
        questionnaire_problems,
        recovery,
        today: govmat::today(),
        bench: bench_mode(),
    };
    (govmat, launch)
}

fn bench_mode() -> Option<&'static str> {
    if !cfg!(feature = "test-hooks") {
        return None;
    }
    match std::env::var("GOVMAT_BENCH").ok()?.as_str() {
        "" => None,
        "start" => Some("start"),
        _ => Some("results"),
    }
}

/// A D-Bus name per database file, so two windows never share one database but two databases can
/// be open side by side (the end-to-end test runs next to a real session).
fn instance_id(db: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(db)
        .unwrap_or_else(|_| db.to_path_buf())
        .hash(&mut h);
    format!("org.govmat.desktop.db{:016x}", h.finish())
}

/// Every command the window may call; the same table serves the app and the mock-runtime tests.
/// `command_names::ALL` lists the same names for the capability file.
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    use commands::*;
    macro_rules! handler {
        ($($extra:ident),*) => {
            tauri::generate_handler![
                app_info,
                collecting_round,
                organisations,
                questionnaires,
                create_organisation,
                delete_organisation,
                create_demo,
                create_round,
                set_round_open,
                delete_round,
                start_collection,
                end_collection,
                collection_progress,
                reopen_ballot,
                ballot_form,
                start_ballot,
                resume_ballot,
                save_answer,
                save_ballot_position,
                finish_ballot,
                results_view,
                dashboard_view,
                reveal_view,
                spectrum_view,
                save_decision,
                spectrum_form,
                save_agreed_position,
                add_action,
                update_action,
                delete_action,
                compare,
                trend,
                chart_svg,
                import_preview,
                import_preview_dropped,
                roster_has_pin,
                set_roster_pin,
                roster,
                add_to_roster,
                import_roster,
                rename_roster_member,
                set_roster_role,
                merge_plan,
                merge_roster_members,
                remove_roster_member,
                import_confirm,
                import_cancel,
                save_forms_template,
                save_paper_ballots,
                import_remap,
                import_use_map,
                import_save_map,
                cancel_paper_ballot,
                export_file,
                safety::undoable,
                safety::undo,
                safety::backup_database,
                safety::restore_database,
                safety::recover_database,
                // The provider collaborative.
                share_preview,
                share_save,
                collaboratives,
                collaborative_import,
                collaborative_import_dropped,
                collaborative_add_round,
                collaborative_view,
                collaborative_report,
                collaborative_chart,
                lan::start_devices,
                lan::stop_devices,
                lan::devices_status,
                lan::discard_empty_ballot,
                lan::device_progress,
                // The board's record (issue 27).
                action_review,
                follow_up_action,
                decision_history,
                follow_through_trend,
                // The benchmark library (issue 26).
                benchmark_view,
                benchmark_chart,
                benchmark_list,
                benchmark_add,
                benchmark_add_dropped,
                benchmark_remove,
                $($extra),*
            ]
        };
    }
    // Gives the handler's closure its argument type, which `generate_handler!` leaves open.
    fn typed<R: Runtime, F: Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static>(f: F) -> F {
        f
    }
    #[cfg(feature = "test-hooks")]
    let handler = typed::<R, _>(handler!(bench_drawn));
    #[cfg(not(feature = "test-hooks"))]
    let handler = typed::<R, _>(handler!());
    handler
}

/// Adds the state and commands to a builder; `run` and the tests share this.
pub fn with_board<R: Runtime>(
    builder: tauri::Builder<R>,
    govmat: Option<(Govmat, Govmat)>,
    launch: Launch,
) -> tauri::Builder<R> {
    let builder = builder
        .manage(launch)
        .manage(commands::lan::Devices::default())
        .manage(commands::PendingImport::default())
        .invoke_handler(invoke_handler());
    match govmat {
        Some((g, r)) => builder
            .manage(Board(Mutex::new(g)))
            .manage(Renderer(Mutex::new(r))),
        None => builder,
    }
}

/// The one window. The web inspector is off in every build people use: it could call any
/// command and read the page. Developers build with `--features inspector` to get it back.
///
/// Files dropped on the window reach the page as the browser's own drop (Tauri's handler, which
/// would hand the page their paths through an event, is off): the Collaborative screen reads a
/// dropped pack's text and sends that. The window never leaves the app's own pages, so a file
/// dropped anywhere else, or a link in hostile text, cannot navigate it away.
fn main_window<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
        .title("govmat — board governance readiness")
        .inner_size(1280.0, 860.0)
        .min_inner_size(760.0, 560.0)
        .devtools(cfg!(feature = "inspector"))
        .disable_drag_drop_handler()
        .on_navigation(own_page)
        .build()?;
    Ok(())
}

/// The app's own pages: `tauri://localhost` on Linux and macOS, `http(s)://tauri.localhost` on
/// Windows.
pub fn own_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

pub fn run() {
    let db = db_path();
    let (govmat, launch) = open(&db);
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&db))
        .callback(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        })
        .build();
    let builder = tauri::Builder::default()
        .plugin(single)
        .plugin(tauri_plugin_dialog::init());
    with_board(builder, govmat, launch)
        .setup(|app| Ok(main_window(app)?))
        .run(tauri::generate_context!())
        .expect("the govmat window could not start");
}

#[cfg(test)]
mod tests {
    use super::own_page;

    #[test]
    fn the_window_stays_on_the_apps_own_pages() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#/report",
            "http://tauri.localhost/index.html",
        ] {
            assert!(own_page(&ok.parse().unwrap()), "{ok}");
        }
        for no in [
            "file:///home/chair/Downloads/report.pdf",
            "https://example.org/",
            "tauri://example.org/",
            "http://localhost:8080/",
            "data:text/html,<p>hi</p>",
        ] {
            assert!(!own_page(&no.parse().unwrap()), "{no}");
        }
    }
}
