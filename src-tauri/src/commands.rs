//! The commands the window calls. Each one locks the board, calls one `Govmat` method and hands
//! back its result, or the error as `{code, message}` so the UI branches on the code and shows the
//! message in plain words. The transport shapes that core types do not read themselves (a
//! decision, a spectrum position) are defined here, at the boundary, and nowhere else.

use std::sync::{Mutex, MutexGuard, PoisonError};

use govmat::core::{Answer, Comparison, Decision, Instrument, Position, Role, Trend};
use govmat::session::{BallotForm, OwnBallot};
use govmat::store::{ActionRow, NewAction, Organisation, RoundRow};
use govmat::{
    AgreeView, ErrorBody, Govmat, ImportOutcome, InstrumentOutline, NewRound, OrganisationView,
    RoundView,
};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::files::{self, Format};
use crate::Launch;

type Board<'a> = State<'a, Mutex<Govmat>>;
type Reply<T> = Result<T, ErrorBody>;

/// A panic while holding the lock must not lock the board out for the rest of the away-day:
/// every write is one transaction, so the data behind a poisoned lock is still whole.
fn lock(board: &Mutex<Govmat>) -> MutexGuard<'_, Govmat> {
    board.lock().unwrap_or_else(PoisonError::into_inner)
}

fn body(e: govmat::Error) -> ErrorBody {
    e.body()
}

#[derive(Debug, Deserialize)]
pub struct DecisionInput {
    pub agreed: Option<i64>,
    #[serde(default)]
    pub rationale: String,
    #[serde(default)]
    pub dissent: String,
    pub target: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct PositionInput {
    pub now: Option<i64>,
    pub aspiration: Option<i64>,
}

#[tauri::command]
pub fn app_info(launch: State<'_, Launch>) -> Launch {
    launch.inner().clone()
}

#[tauri::command]
pub fn organisations(board: Board<'_>) -> Reply<Vec<OrganisationView>> {
    lock(&board).organisations().map_err(body)
}

#[tauri::command]
pub fn questionnaires(board: Board<'_>) -> Vec<InstrumentOutline> {
    lock(&board).questionnaires()
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_organisation(board: Board<'_>, name: String) -> Reply<Organisation> {
    lock(&board).create_organisation(&name).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_organisation(board: Board<'_>, organisation_id: i64) -> Reply<()> {
    lock(&board)
        .delete_organisation(organisation_id)
        .map_err(body)
}

#[tauri::command]
pub fn create_demo(board: Board<'_>) -> Reply<i64> {
    lock(&board).create_demo().map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_round(board: Board<'_>, round: NewRound) -> Reply<RoundRow> {
    lock(&board).create_round(&round).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_round_open(board: Board<'_>, round_id: i64, open: bool) -> Reply<()> {
    lock(&board).set_round_open(round_id, open).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_round(board: Board<'_>, round_id: i64) -> Reply<()> {
    lock(&board).delete_round(round_id).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn ballot_form(board: Board<'_>, round_id: i64) -> Reply<BallotForm> {
    lock(&board).ballot_form(round_id).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn start_ballot(board: Board<'_>, round_id: i64, name: String, role: Role) -> Reply<i64> {
    lock(&board)
        .start_ballot(round_id, &name, role)
        .map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn resume_ballot(board: Board<'_>, round_id: i64, name: String) -> Reply<OwnBallot> {
    lock(&board).resume_ballot(round_id, &name).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_answer(
    board: Board<'_>,
    round_id: i64,
    respondent_id: i64,
    item_id: String,
    answer: Answer,
    comment: String,
) -> Reply<()> {
    lock(&board)
        .save_answer(round_id, respondent_id, &item_id, answer, &comment)
        .map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn finish_ballot(board: Board<'_>, respondent_id: i64) -> Reply<()> {
    lock(&board).finish_ballot(respondent_id).map_err(body)
}

// Off the main thread, so the window stays responsive while a large round is read.
#[tauri::command(async, rename_all = "snake_case")]
pub fn round_view(board: Board<'_>, round_id: i64) -> Reply<RoundView> {
    lock(&board).round_view(round_id).map_err(body)
}

// Off the main thread, so the window stays responsive while a large round is read.
#[tauri::command(async, rename_all = "snake_case")]
pub fn agree_view(board: Board<'_>, round_id: i64) -> Reply<Vec<AgreeView>> {
    lock(&board).agree_view(round_id).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_decision(
    board: Board<'_>,
    round_id: i64,
    item_id: String,
    decision: DecisionInput,
) -> Reply<()> {
    let decision = Decision {
        agreed: decision.agreed,
        rationale: decision.rationale,
        dissent: decision.dissent,
        target: decision.target,
    };
    lock(&board)
        .save_decision(round_id, &item_id, &decision)
        .map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn spectrum_form(board: Board<'_>, round_id: i64) -> Reply<Option<Instrument>> {
    lock(&board).spectrum_form(round_id).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_position(
    board: Board<'_>,
    round_id: i64,
    respondent_id: Option<i64>,
    dimension: String,
    position: PositionInput,
) -> Reply<()> {
    let position = Position {
        now: position.now,
        aspiration: position.aspiration,
    };
    lock(&board)
        .save_position(round_id, respondent_id, &dimension, position)
        .map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_action(board: Board<'_>, round_id: i64, action: NewAction) -> Reply<ActionRow> {
    lock(&board).add_action(round_id, &action).map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_action(
    board: Board<'_>,
    round_id: i64,
    action_id: i64,
    action: NewAction,
) -> Reply<()> {
    lock(&board)
        .update_action(round_id, action_id, &action)
        .map_err(body)
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_action(board: Board<'_>, action_id: i64) -> Reply<()> {
    lock(&board).delete_action(action_id).map_err(body)
}

// Off the main thread, so the window stays responsive while a large round is read.
#[tauri::command(async, rename_all = "snake_case")]
pub fn compare(board: Board<'_>, before: i64, after: i64) -> Reply<Comparison> {
    lock(&board).compare(before, after).map_err(body)
}

// Off the main thread, so the window stays responsive while a large round is read.
#[tauri::command(async, rename_all = "snake_case")]
pub fn trend(board: Board<'_>, organisation_id: i64, questionnaire: String) -> Reply<Trend> {
    lock(&board)
        .trend(organisation_id, &questionnaire)
        .map_err(body)
}

// Off the main thread, so the window stays responsive while a large round is read.
#[tauri::command(async, rename_all = "snake_case")]
pub fn chart_svg(
    board: Board<'_>,
    round_id: i64,
    kind: String,
    compare: Option<i64>,
) -> Reply<String> {
    lock(&board)
        .chart_svg(round_id, &kind, compare)
        .map_err(body)
}

/// Asks for a CSV file, then imports it; `None` when the person cancels the dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_csv<R: Runtime>(
    app: AppHandle<R>,
    board: Board<'_>,
    round_id: i64,
    replace: bool,
) -> Reply<Option<ImportOutcome>> {
    let Some(path) = files::pick_csv(&app) else {
        return Ok(None);
    };
    lock(&board)
        .import_into_round(round_id, &path, replace)
        .map(Some)
        .map_err(body)
}

/// Renders a round's PDF, XLSX, CSV or JSON and saves it where the person chooses; answers the
/// saved path, or `None` when the person cancels the dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    board: Board<'_>,
    round_id: i64,
    format: Format,
    compare: Option<i64>,
) -> Reply<Option<String>> {
    let name = lock(&board)
        .export_file_name(round_id, format.extension())
        .map_err(body)?;
    let Some(path) = files::save_path(&app, &name, format) else {
        return Ok(None);
    };
    let bytes = render(&lock(&board), round_id, format, compare).map_err(body)?;
    files::write_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

fn render(
    g: &Govmat,
    round_id: i64,
    format: Format,
    compare: Option<i64>,
) -> govmat::Result<Vec<u8>> {
    match format {
        Format::Pdf => g.report_pdf(round_id, compare),
        Format::Xlsx => g.export_xlsx(round_id),
        Format::Csv => Ok(govmat::export_csv(&g.round_view(round_id)?).into_bytes()),
        Format::Json => Ok(govmat::export_json(&g.round_view(round_id)?).into_bytes()),
    }
}

/// The benchmark's finish line: the results dashboard is on screen. Prints one line for
/// `scripts/bench-desktop.sh`, which times it from outside the process; `phases` is the page's
/// own breakdown (milliseconds since the page started loading), printed after the word.
#[tauri::command]
pub fn bench_drawn(launch: State<'_, Launch>, phases: Option<String>) {
    if launch.bench {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let phases: String = phases
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(300)
            .collect();
        let _ = writeln!(out, "drawn {phases}");
        let _ = out.flush();
    }
}
