//! Safety nets in the window: Undo of this session's deletes, "Back up…" and "Restore from a
//! backup…". The files are chosen in native dialogs on the Rust side; the page only ever sends
//! back the name of a snapshot the API itself listed.

use govmat::Snapshot;
use tauri::{AppHandle, Runtime, State};

use super::{body, lock, Reply};
use crate::files;
use crate::{Board, Renderer};

/// This session's deletes (and restores) that can be undone, newest first.
#[tauri::command(async)]
pub fn undoable(board: State<'_, Board>) -> Vec<Snapshot> {
    lock(&board.0).undoable()
}

/// Puts the database back as it was before the named delete.
#[tauri::command(async)]
pub fn undo(board: State<'_, Board>, renderer: State<'_, Renderer>, name: String) -> Reply<()> {
    lock(&board.0).undo(&name).map_err(body)?;
    lock(&renderer.0).forget_scores();
    Ok(())
}

/// Replaces a damaged database with one of the copies govmat kept (by the name `app_info`
/// listed), keeping the damaged file aside, and opens the board on it: the window carries on
/// without a restart. The kept-aside file's path is returned.
#[tauri::command(async, rename_all = "snake_case")]
pub fn recover_database<R: Runtime>(
    app: AppHandle<R>,
    launch: State<'_, crate::Launch>,
    name: String,
) -> Reply<String> {
    use tauri::Manager;
    if app.try_state::<Board>().is_some() {
        return Err(govmat::Error::Conflict(
            "the board's database is open; use Restore from a backup… instead".into(),
        )
        .body());
    }
    let aside = govmat::recover(&launch.db, &name, &govmat::file_stamp()).map_err(body)?;
    let (opened, again) = crate::open(&launch.db);
    let Some((g, r)) = opened else {
        let message = again
            .problem
            .map(|p| p.message)
            .unwrap_or_else(|| "the restored database did not open".into());
        return Err(govmat::Error::Invalid(message).body());
    };
    app.manage(Board(std::sync::Mutex::new(g)));
    app.manage(Renderer(std::sync::Mutex::new(r)));
    Ok(aside.display().to_string())
}

/// Saves a copy of the whole database where the person chooses; the path, or `None` if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_database<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
) -> Reply<Option<String>> {
    let name = format!("govmat-backup-{}.db", govmat::today());
    let Some(path) = files::save_as(&app, &name, "govmat database", "db") else {
        return Ok(None);
    };
    lock(&board.0).backup(&path).map_err(body)?;
    Ok(Some(path.display().to_string()))
}

/// Replaces the database with a backup the person picks, keeping the present one aside (and
/// undoable); `None` if cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_database<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    renderer: State<'_, Renderer>,
) -> Reply<Option<Snapshot>> {
    let Some(path) = files::pick_backup(&app) else {
        return Ok(None);
    };
    let kept = lock(&board.0).restore(&path).map_err(body)?;
    lock(&renderer.0).forget_scores();
    Ok(Some(kept))
}
