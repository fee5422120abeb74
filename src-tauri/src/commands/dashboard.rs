//! The results dashboard's own data: the lean view its first screen writes out (the charts come
//! from `chart_svg`, each when the page is about to show it).

use govmat::DashboardView;
use tauri::State;

use super::{body, lock, Reply};
use crate::Board;

#[tauri::command(async, rename_all = "snake_case")]
pub fn dashboard_view(board: State<'_, Board>, round_id: i64) -> Reply<DashboardView> {
    lock(&board.0).dashboard_view(round_id).map_err(body)
}
