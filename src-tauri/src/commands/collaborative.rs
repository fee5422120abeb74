//! The provider collaborative's commands: the board's "Share with the collaborative" panel
//! (preview, then save the pack where the person chooses) and the Collaborative screen (import
//! packs picked in the open dialog or dropped on the window, the views, the PDF report). Each is
//! one call to `Govmat`; paths come from the native dialogs, never from the page. A dropped pack
//! arrives as its text and the file's bare name (for messages only): the page cannot name a path.

use govmat::{CollaborativeRow, CollaborativeView, Pack, PackFile, PackImport};
use tauri::{AppHandle, Runtime, State};

use super::{body, lock, Reply};
use crate::{files, Board};

/// Exactly what the pack of a round would hold, with or without its open action titles.
#[tauri::command(rename_all = "snake_case")]
pub async fn share_preview(board: State<'_, Board>, round_id: i64, actions: bool) -> Reply<Pack> {
    lock(&board.0)
        .share_preview(round_id, actions, &govmat::today())
        .map_err(body)
}

/// Saves the round's pack where the person chooses; `None` when they cancel.
#[tauri::command(rename_all = "snake_case")]
pub async fn share_save<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    round_id: i64,
    actions: bool,
) -> Reply<Option<String>> {
    let name = lock(&board.0)
        .export_file_name(round_id, "govmat-pack")
        .map_err(body)?;
    let Some(path) = files::save_as(&app, &name, "govmat results pack", "govmat-pack") else {
        return Ok(None);
    };
    lock(&board.0)
        .write_share_pack(round_id, actions, &govmat::today(), &path)
        .map_err(body)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn collaboratives(board: State<'_, Board>) -> Reply<Vec<CollaborativeRow>> {
    lock(&board.0).collaboratives().map_err(body)
}

/// Asks for one or more pack files, then imports them all or none; `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn collaborative_import<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    name: String,
    replace: bool,
) -> Reply<Option<PackImport>> {
    let Some(files) = files::pick_packs(&app, "Choose partners' results packs").map_err(body)?
    else {
        return Ok(None);
    };
    lock(&board.0)
        .import_packs(&name, &files, replace)
        .map(Some)
        .map_err(body)
}

/// A pack dropped on the Collaborative screen: the file's name as the person's system gave it
/// (used only in messages) and its text, read by the page from the dropped file.
#[derive(Debug, serde::Deserialize)]
pub struct DroppedPack {
    pub name: String,
    pub text: String,
}

/// Imports packs dropped on the window, all or none, with the same checks as picked ones; a file
/// too large to be a pack is refused before it is parsed.
#[tauri::command(rename_all = "snake_case")]
pub async fn collaborative_import_dropped(
    board: State<'_, Board>,
    name: String,
    files: Vec<DroppedPack>,
    replace: bool,
) -> Reply<PackImport> {
    let files = files
        .into_iter()
        .map(|f| PackFile::from_dropped(&f.name, f.text.into_bytes()))
        .collect::<govmat::Result<Vec<_>>>()
        .map_err(body)?;
    lock(&board.0)
        .import_packs(&name, &files, replace)
        .map_err(body)
}

/// Adds one of this database's rounds to a collaborative, as the pack it would share.
#[tauri::command(rename_all = "snake_case")]
pub async fn collaborative_add_round(
    board: State<'_, Board>,
    name: String,
    round_id: i64,
    actions: bool,
    replace: bool,
) -> Reply<PackImport> {
    lock(&board.0)
        .add_own_round(&name, round_id, actions, &govmat::today(), replace)
        .map_err(body)
}

#[tauri::command]
pub async fn collaborative_view(board: State<'_, Board>, name: String) -> Reply<CollaborativeView> {
    lock(&board.0).collaborative_view(&name).map_err(body)
}

/// The collaborative's spectrum chart (SVG), shown beside its data table.
#[tauri::command]
pub async fn collaborative_chart(board: State<'_, Board>, name: String) -> Reply<Option<String>> {
    lock(&board.0).collaborative_chart_svg(&name).map_err(body)
}

/// Saves the collaborative's PDF report where the person chooses; `None` when they cancel.
#[tauri::command]
pub async fn collaborative_report<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    name: String,
) -> Reply<Option<String>> {
    let stem = govmat::file_stem_of(&name);
    let Some(path) = files::save_as(
        &app,
        &format!("{stem} - collaborative.pdf"),
        "PDF report",
        "pdf",
    ) else {
        return Ok(None);
    };
    let bytes = lock(&board.0)
        .collaborative_report(&name, &govmat::today())
        .map_err(body)?;
    govmat::write_atomically(&path, &bytes).map_err(body)?;
    Ok(Some(path.display().to_string()))
}
