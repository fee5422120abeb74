//! govmat-desktop: the Tauri 2 shell of govmat — one window over the same use-case API the CLI
//! calls.
//!
//! This crate owns start-up (which database, which questionnaires, one instance per database),
//! the command table and where exported files go. It holds no board logic: every command in
//! [`commands`] is a short delegation to [`govmat::Govmat`], and the UI in `../ui` renders what
//! comes back. It is the only crate that names `tauri`.

pub mod command_names;
pub mod commands;
pub mod files;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use govmat::{ErrorBody, Govmat};
use serde::Serialize;
use tauri::{Manager, Runtime};

/// How this run started: shown on the start screen, and the reason when the database would not open.
#[derive(Debug, Clone, Serialize)]
pub struct Launch {
    pub db: PathBuf,
    pub problem: Option<ErrorBody>,
    pub first_run: bool,
    pub today: String,
    /// `GOVMAT_BENCH` is set: open the latest round's results and report when they are drawn.
    pub bench: bool,
}

/// The database file: `GOVMAT_DB` like the CLI, else the platform data folder.
pub fn db_path() -> PathBuf {
    std::env::var_os("GOVMAT_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(govmat::default_db_path)
}

fn questionnaire_dir() -> PathBuf {
    std::env::var_os("GOVMAT_QUESTIONNAIRES")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(govmat::default_questionnaire_dir)
}

/// Opens the board's database. A failure is kept, not fatal, so the window can explain it.
pub fn open(db: &Path) -> (Option<Govmat>, Launch) {
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
    let (govmat, problem) = match opened {
        Ok(g) => (Some(g), None),
        Err(e) => (None, Some(e.body())),
    };
    let launch = Launch {
        db: db.to_path_buf(),
        problem,
        first_run,
        today: govmat::today(),
        bench: std::env::var_os("GOVMAT_BENCH").is_some_and(|v| !v.is_empty()),
    };
    (govmat, launch)
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
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    use commands::*;
    tauri::generate_handler![
        app_info,
        organisations,
        questionnaires,
        create_organisation,
        delete_organisation,
        create_demo,
        create_round,
        set_round_open,
        delete_round,
        ballot_form,
        start_ballot,
        resume_ballot,
        save_answer,
        finish_ballot,
        round_view,
        agree_view,
        save_decision,
        spectrum_form,
        save_position,
        add_action,
        update_action,
        delete_action,
        compare,
        trend,
        chart_svg,
        import_csv,
        export_file,
        bench_drawn,
    ]
}

/// Adds the state and commands to a builder; `run` and the tests share this.
pub fn with_board<R: Runtime>(
    builder: tauri::Builder<R>,
    govmat: Option<Govmat>,
    launch: Launch,
) -> tauri::Builder<R> {
    let builder = builder.manage(launch).invoke_handler(invoke_handler());
    match govmat {
        Some(g) => builder.manage(Mutex::new(g)),
        None => builder,
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
        .run(tauri::generate_context!())
        .expect("the govmat window could not start");
}
