//! The board roster from the desktop: every command carries the facilitator's roster PIN, which
//! Rust checks (with its slowing of wrong tries) before it shows a name or changes a member.
//! Nothing here works while a round is collecting; the API refuses with `locked`.

use govmat::{MergePlan, Role, RosterEntry, RosterImport};
use tauri::{AppHandle, Runtime, State};

use super::{body, lock, Reply};
use crate::{files, Board};

#[tauri::command(async, rename_all = "snake_case")]
pub fn roster_has_pin(board: State<'_, Board>, org_id: i64) -> Reply<bool> {
    lock(&board.0).roster_has_pin(org_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_roster_pin(board: State<'_, Board>, org_id: i64, pin: String) -> Reply<()> {
    lock(&board.0).set_roster_pin(org_id, &pin).map_err(body)
}

/// The roster, with where each member stands in `round_id` when given.
#[tauri::command(async, rename_all = "snake_case")]
pub fn roster(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    round_id: Option<i64>,
) -> Reply<Vec<RosterEntry>> {
    lock(&board.0)
        .roster(org_id, &pin, govmat::unix_now(), round_id)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_to_roster(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    name: String,
    role: Role,
) -> Reply<i64> {
    lock(&board.0)
        .add_to_roster(org_id, &pin, govmat::unix_now(), &name, role)
        .map_err(body)
}

/// Asks for a roster file (CSV or XLSX with "Name" and "Role" columns) and imports it whole, or
/// refuses it whole; `None` when the person cancels the dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_roster<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
) -> Reply<Option<RosterImport>> {
    let Some(path) = files::pick_import(&app) else {
        return Ok(None);
    };
    let (name, bytes) = govmat::read_import_file(&path).map_err(body)?;
    let name = govmat::bare_file_name(&name);
    lock(&board.0)
        .import_roster(org_id, &pin, govmat::unix_now(), &name, &bytes)
        .map(Some)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rename_roster_member(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    id: i64,
    name: String,
) -> Reply<()> {
    lock(&board.0)
        .rename_roster_member(org_id, &pin, govmat::unix_now(), id, &name)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_roster_role(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    id: i64,
    role: Role,
) -> Reply<()> {
    lock(&board.0)
        .set_roster_role(org_id, &pin, govmat::unix_now(), id, role)
        .map_err(body)
}

/// What merging would do, conflicts included; writes nothing.
#[tauri::command(async, rename_all = "snake_case")]
pub fn merge_plan(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    from: i64,
    into: i64,
) -> Reply<MergePlan> {
    lock(&board.0)
        .merge_plan(org_id, &pin, govmat::unix_now(), from, into)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn merge_roster_members(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    from: i64,
    into: i64,
) -> Reply<MergePlan> {
    lock(&board.0)
        .merge_roster_members(org_id, &pin, govmat::unix_now(), from, into)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_roster_member(
    board: State<'_, Board>,
    org_id: i64,
    pin: String,
    id: i64,
) -> Reply<()> {
    lock(&board.0)
        .remove_roster_member(org_id, &pin, govmat::unix_now(), id)
        .map_err(body)
}
