//! The board's record (issue 27): the review of last round's actions, changing how one stands,
//! a round's decision history for the reveal screen's "changed" marks, and the follow-through of
//! each round for the results screen's trend.

use govmat::{ActionChange, ActionRow, DecisionHistory, Review, RoundFollowThrough};
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

#[tauri::command(async, rename_all = "snake_case")]
pub fn follow_through_trend(
    board: State<'_, Board>,
    organisation_id: i64,
    questionnaire: String,
) -> Reply<Vec<RoundFollowThrough>> {
    lock(&board.0)
        .follow_through_by_round(organisation_id, &questionnaire)
        .map_err(body)
}
