//! The benchmark library's commands (issue 26): the Results step's "Compared with N boards" panel
//! (the view and its box plots, naming no other board) and the consultant's Benchmarks screen
//! (add packs picked in the open dialog or dropped on the window, the library with each pack's
//! organisation, remove an organisation's packs after a snapshot). Each is one call to `Govmat`;
//! paths come from the native dialog, never from the page, and a dropped pack arrives as its text
//! and the file's bare name (for messages only).

use govmat::{BenchmarkAdd, BenchmarkEntry, BenchmarkView, PackFile};
use tauri::{AppHandle, Runtime, State};

use super::{body, lock, DroppedPack, Reply};
use crate::{files, Board, Renderer};

/// The round's board among the library's other boards: counts and figures, never a name.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_view(board: State<'_, Board>, round_id: i64) -> Reply<BenchmarkView> {
    lock(&board.0).benchmark_view(round_id).map_err(body)
}

/// The box plots of the view (SVG); `None` with too few boards to compare with.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_chart(
    renderer: State<'_, Renderer>,
    round_id: i64,
    large: Option<bool>,
) -> Reply<Option<String>> {
    lock(&renderer.0)
        .benchmark_chart_svg_with(round_id, large.unwrap_or(false))
        .map_err(body)
}

/// Every pack in the library, with its organisation: the consultant's own screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_list(board: State<'_, Board>) -> Reply<Vec<BenchmarkEntry>> {
    lock(&board.0).benchmark_list().map_err(body)
}

/// Asks for one or more pack files, then adds them all or none; `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_add<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    replace: bool,
) -> Reply<Option<BenchmarkAdd>> {
    let Some(files) =
        files::pick_packs(&app, "Choose results packs for the benchmark library").map_err(body)?
    else {
        return Ok(None);
    };
    lock(&board.0)
        .benchmark_add(&files, replace)
        .map(Some)
        .map_err(body)
}

/// Adds packs dropped on the Benchmarks screen, all or none, with the same checks as picked ones.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_add_dropped(
    board: State<'_, Board>,
    files: Vec<DroppedPack>,
    replace: bool,
) -> Reply<BenchmarkAdd> {
    let files = files
        .into_iter()
        .map(|f| PackFile::from_dropped(&f.name, f.text.into_bytes()))
        .collect::<govmat::Result<Vec<_>>>()
        .map_err(body)?;
    lock(&board.0).benchmark_add(&files, replace).map_err(body)
}

/// Removes every pack of one organisation (the API snapshots first); answers how many.
#[tauri::command(rename_all = "snake_case")]
pub async fn benchmark_remove(board: State<'_, Board>, organisation: String) -> Reply<usize> {
    lock(&board.0).benchmark_remove(&organisation).map_err(body)
}
