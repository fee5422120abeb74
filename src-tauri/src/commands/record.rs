//! The board's record (issue 27): the review of last round's actions, changing how one stands,
//! and a round's decision history for the reveal screen's "changed" marks.

use govmat::{ActionChange, ActionRow, DecisionHistory, Review};
use tauri::State;

use super::{body, lock, Reply};
use crate::Board;

#[tauri::command(async, rename_all = "snake_case")]
pub fn action_review(board: State<'_, Board>, round_id: i64) -> Reply<Review> {
    lock(&board.0).action_review(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn follow_up_action(
    board: State<'_, Board>,
    round_id: i64,
    action_id: i64,
    change: ActionChange,
) -> Reply<ActionRow> {
    lock(&board.0)
        .follow_up(round_id, action_id, &change)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn decision_history(board: State<'_, Board>, round_id: i64) -> Reply<DecisionHistory> {
    lock(&board.0).decision_history(round_id).map_err(body)
}
