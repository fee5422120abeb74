//! The commands the window calls. Each one locks the board, calls one `Govmat` method and hands
//! back its result, or the error as `{code, message}` so the UI branches on the code and shows the
//! message in plain words. The transport shapes that core types do not read themselves (a
//! decision, a spectrum position) are defined here, at the boundary, and nowhere else.
//!
//! Every command runs off the main thread (`async`), so a long read or render never freezes the
//! window; renders (charts, exports) use their own connection, so reads never wait behind them.
//! While a round is collecting, the API itself refuses everything but that round's ballot.
//!
//! Every command with arguments says `rename_all = "snake_case"`, because the page sends
//! `round_id`, never `roundId` (Tauri's default); a command without it refuses every call, as
//! "Collect on members' devices" did until `e2e/devices.rs` clicked it.

// The provider collaborative: share a results pack, import partners' packs, the views.
mod collaborative;
pub use collaborative::*;
// The benchmark library: the Results step's panel and the Benchmarks screen (issue 26).
mod benchmark;
pub use benchmark::*;
// The results dashboard's lean view.
mod dashboard;
pub use dashboard::*;
// Collection on members' devices.
pub mod lan;
// Forms exports shown before import, the form's template, paper ballots.
mod forms;
pub use forms::*;
// The board roster, behind the facilitator's roster PIN.
mod roster;
pub use roster::*;
// The board's record: last round's actions reviewed, the decision history (issue 27).
mod record;
pub use record::*;

use std::sync::{Mutex, MutexGuard, PoisonError};

use govmat::{
    ActionRow, ActionStatus, Answer, BallotForm, BallotKey, CollectionStatus, Comparison, Decision,
    ErrorBody, ExportFormat, Govmat, Instrument, InstrumentOutline, NewAction, NewRound,
    Organisation, OrganisationView, OwnBallot, Position, ProgressMember, ResultsView, RevealView,
    Role, RoundRow, SpectrumView, StartedBallot, Trend,
};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::files;
use crate::{Board, Launch, Renderer};

pub mod safety;

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

/// An action as the page may send it: never which earlier action it was carried from (only the
/// API carries actions forward, when a round is created).
#[derive(Debug, Deserialize)]
pub struct ActionInput {
    pub item_id: Option<String>,
    pub text: String,
    #[serde(default)]
    pub owner: String,
    pub due: Option<String>,
    pub status: ActionStatus,
}

impl From<ActionInput> for NewAction {
    fn from(a: ActionInput) -> NewAction {
        NewAction {
            item_id: a.item_id,
            text: a.text,
            owner: a.owner,
            due: a.due,
            status: a.status,
            carried_from: None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PositionInput {
    pub now: Option<i64>,
    pub aspiration: Option<i64>,
}

impl From<PositionInput> for Position {
    fn from(p: PositionInput) -> Position {
        Position {
            now: p.now,
            aspiration: p.aspiration,
        }
    }
}

/// How the app started; once a damaged database has been recovered (the board is open now),
/// without the problem it started with.
#[tauri::command(async)]
pub fn app_info<R: Runtime>(app: AppHandle<R>, launch: State<'_, Launch>) -> Launch {
    use tauri::Manager;
    let mut info = launch.inner().clone();
    if info.problem.is_some() && app.try_state::<Board>().is_some() {
        info.problem = None;
        info.recovery.clear();
    }
    info
}

#[tauri::command(async)]
pub fn collecting_round(board: State<'_, Board>) -> Reply<Option<CollectionStatus>> {
    lock(&board.0).collecting_round().map_err(body)
}

#[tauri::command(async)]
pub fn organisations(board: State<'_, Board>) -> Reply<Vec<OrganisationView>> {
    lock(&board.0).organisations().map_err(body)
}

#[tauri::command(async)]
pub fn questionnaires(board: State<'_, Board>) -> Vec<InstrumentOutline> {
    lock(&board.0).questionnaires()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_organisation(board: State<'_, Board>, name: String) -> Reply<Organisation> {
    lock(&board.0).create_organisation(&name).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_organisation(board: State<'_, Board>, organisation_id: i64) -> Reply<()> {
    lock(&board.0)
        .delete_organisation(organisation_id)
        .map_err(body)
}

#[tauri::command(async)]
pub fn create_demo(board: State<'_, Board>) -> Reply<i64> {
    lock(&board.0).create_demo().map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_round(board: State<'_, Board>, round: NewRound) -> Reply<RoundRow> {
    lock(&board.0).create_round(&round).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_round_open(board: State<'_, Board>, round_id: i64, open: bool) -> Reply<()> {
    lock(&board.0).set_round_open(round_id, open).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_round(board: State<'_, Board>, round_id: i64) -> Reply<()> {
    lock(&board.0).delete_round(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn start_collection(
    board: State<'_, Board>,
    round_id: i64,
    pin: String,
    expected: Option<i64>,
    minutes: Option<i64>,
) -> Reply<()> {
    // The board's expected size and the optional time box (issue 25 §1, §6).
    let expected = expected.unwrap_or(govmat::DEFAULT_EXPECTED_MEMBERS);
    lock(&board.0)
        .start_collection_timed(round_id, &pin, expected, minutes, govmat::unix_now())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn end_collection(board: State<'_, Board>, round_id: i64, pin: String) -> Reply<()> {
    lock(&board.0)
        .end_collection(round_id, &pin, govmat::unix_now())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn collection_progress(
    board: State<'_, Board>,
    round_id: i64,
    pin: String,
) -> Reply<Vec<ProgressMember>> {
    lock(&board.0)
        .collection_progress(round_id, &pin, govmat::unix_now())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reopen_ballot(
    board: State<'_, Board>,
    round_id: i64,
    name: String,
    pin: String,
) -> Reply<String> {
    lock(&board.0)
        .reopen_ballot(round_id, &name, &pin, govmat::unix_now())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn ballot_form(board: State<'_, Board>, round_id: i64) -> Reply<BallotForm> {
    lock(&board.0).ballot_form(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn start_ballot(
    board: State<'_, Board>,
    round_id: i64,
    name: String,
    role: Role,
) -> Reply<StartedBallot> {
    lock(&board.0)
        .start_ballot(round_id, &name, role)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn resume_ballot(
    board: State<'_, Board>,
    round_id: i64,
    name: String,
    code: String,
) -> Reply<OwnBallot> {
    lock(&board.0)
        .resume_ballot(round_id, &name, &code)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_answer(
    board: State<'_, Board>,
    ballot: BallotKey,
    item_id: String,
    answer: Answer,
    comment: String,
) -> Reply<()> {
    lock(&board.0)
        .save_ballot_answer(&ballot, &item_id, answer, &comment)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_ballot_position(
    board: State<'_, Board>,
    ballot: BallotKey,
    dimension: String,
    position: PositionInput,
) -> Reply<()> {
    lock(&board.0)
        .save_ballot_position(&ballot, &dimension, position.into())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn finish_ballot(board: State<'_, Board>, ballot: BallotKey) -> Reply<()> {
    lock(&board.0).finish_ballot(&ballot).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn results_view(board: State<'_, Board>, round_id: i64) -> Reply<ResultsView> {
    lock(&board.0).results_view(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reveal_view(board: State<'_, Board>, round_id: i64) -> Reply<RevealView> {
    lock(&board.0).reveal_view(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn spectrum_view(board: State<'_, Board>, round_id: i64) -> Reply<Option<SpectrumView>> {
    lock(&board.0).spectrum_screen(round_id).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_decision(
    board: State<'_, Board>,
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
    lock(&board.0)
        .save_decision(round_id, &item_id, &decision, govmat::unix_now())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn spectrum_form(board: State<'_, Board>, round_id: i64) -> Reply<Option<Instrument>> {
    lock(&board.0).spectrum_form(round_id).map_err(body)
}

/// The board's agreed position; members place themselves only through their own ballot.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_agreed_position(
    board: State<'_, Board>,
    round_id: i64,
    dimension: String,
    position: PositionInput,
) -> Reply<()> {
    lock(&board.0)
        .save_position(round_id, None, &dimension, position.into())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_action(board: State<'_, Board>, round_id: i64, action: ActionInput) -> Reply<ActionRow> {
    lock(&board.0)
        .add_action(round_id, &action.into())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_action(
    board: State<'_, Board>,
    round_id: i64,
    action_id: i64,
    action: ActionInput,
) -> Reply<()> {
    lock(&board.0)
        .update_action(round_id, action_id, &action.into())
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_action(board: State<'_, Board>, round_id: i64, action_id: i64) -> Reply<()> {
    lock(&board.0)
        .delete_action(round_id, action_id)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn compare(board: State<'_, Board>, before: i64, after: i64) -> Reply<Comparison> {
    lock(&board.0).compare(before, after).map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn trend(board: State<'_, Board>, organisation_id: i64, questionnaire: String) -> Reply<Trend> {
    lock(&board.0)
        .trend(organisation_id, &questionnaire)
        .map_err(body)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn chart_svg(
    renderer: State<'_, Renderer>,
    round_id: i64,
    kind: String,
    compare: Option<i64>,
    large: Option<bool>,
) -> Reply<String> {
    lock(&renderer.0)
        .chart_svg_with(round_id, &kind, compare, large.unwrap_or(false))
        .map_err(body)
}

/// Renders a round's report or board summary (PDF or Word), XLSX, CSV or JSON and saves it
/// where the person chooses; answers the saved path, or `None` when the person cancels the
/// dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    renderer: State<'_, Renderer>,
    round_id: i64,
    format: ExportFormat,
    compare: Option<i64>,
) -> Reply<Option<String>> {
    let name = lock(&board.0).export_name(round_id, format).map_err(body)?;
    let Some(path) = files::save_path(&app, &name, format) else {
        return Ok(None);
    };
    let bytes = lock(&renderer.0)
        .export(round_id, format, compare, &govmat::now_local())
        .map_err(body)?;
    govmat::write_atomically(&path, &bytes).map_err(body)?;
    Ok(Some(path.display().to_string()))
}

/// The benchmark's finish line: the results dashboard is on screen. Prints one line for
/// `scripts/bench-desktop.sh`, which times it from outside the process; `phases` is the page's
/// own breakdown (milliseconds since the page started loading), printed after the word.
#[cfg(feature = "test-hooks")]
#[tauri::command(async)]
pub fn bench_drawn(launch: State<'_, Launch>, phases: Option<String>) {
    if launch.bench.is_some() {
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
