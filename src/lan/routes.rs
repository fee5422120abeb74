//! The routes a member's page may call, all under `/j/<join code>/`: the page itself, the form,
//! starting or resuming one's own ballot, saving one answer or spectrum place, and finishing;
//! and the status every open page asks for every few seconds (the phase, the time box). During
//! the room check (issue 25 §4) only the page, its script and style and the status are served.
//! Each one calls the same `Govmat` ballot use case the desktop calls; nothing here reads or
//! writes the database any other way. Every refusal is a 4xx (or 503) with a JSON `{code,
//! message}` in plain words, never storage error text, and writes nothing but the count of a
//! refused start or resume.
//!
//! A request body must arrive within `LanOptions::body_timeout` (10 s), or gets a 408 and the
//! connection closes. The member page (`ui/member/`) is compiled in with `include_str!`.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use govmat_core::{Answer, Position, Role};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::ballot_cookie;
use super::refusal::{from_api, not_found, refuse, wait_refusal, Client, Refusal};
use super::room::Phase;
use super::secret::same_secret;
use super::Shared;
use crate::{BallotKey, Govmat, OwnAnswer, OwnPosition};

/// The largest request body accepted: one answer with a long comment fits many times over.
pub const MAX_BODY: usize = 16 * 1024;
const MAX_NAME: usize = 100;
const MAX_ID: usize = 64;
const MAX_CODE: usize = 32;

const PAGE: &str = include_str!("../../ui/member/index.html");
const SCRIPT: &str = include_str!("../../ui/member/member.js");
const STYLE: &str = include_str!("../../ui/member/member.css");

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/j/{code}", get(page_redirect))
        .route("/j/{code}/", get(page))
        .route("/j/{code}/member.js", get(script))
        .route("/j/{code}/member.css", get(style))
        .route("/j/{code}/api/status", get(status))
        .route("/j/{code}/api/form", get(form))
        .route("/j/{code}/api/start", post(start))
        .route("/j/{code}/api/resume", post(resume))
        .route("/j/{code}/api/answer", put(answer))
        .route("/j/{code}/api/position", put(position))
        .route("/j/{code}/api/finish", post(finish))
        .fallback(|| async { not_found() })
        .method_not_allowed_fallback(|| async {
            refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "that method is not served here",
            )
        })
        .with_state(shared)
}

type Reply = Result<Response, Refusal>;

/// The page, its files and the status first check the join code and that the server is not
/// closing; they are served during the room check too.
fn gate_page(shared: &Shared, code: &str) -> Result<Phase, Refusal> {
    if !same_secret(code, &shared.join_code) {
        return Err(not_found());
    }
    match shared.room.phase() {
        Phase::Closed => Err(refuse(
            StatusCode::GONE,
            "closed",
            "collection is closed: thank you, your saved answers are with the facilitator",
        )),
        phase => Ok(phase),
    }
}

/// Every ballot route checks that as well, and that collection has started: during the room
/// check nothing but the page is served.
fn gate(shared: &Shared, code: &str) -> Result<(), Refusal> {
    match gate_page(shared, code)? {
        Phase::Collecting => Ok(()),
        _ => Err(refuse(
            StatusCode::CONFLICT,
            "not_started",
            "collection has not started yet: keep this page open",
        )),
    }
}

/// Runs one use case on the board off the async threads.
async fn on_board<T: Send + 'static>(
    shared: &Arc<Shared>,
    work: impl FnOnce(&Shared, &mut Govmat) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    // Wait for the board's turn here, on the async side, so a queue of members costs one blocking
    // thread rather than one parked thread (and one allocator arena) per waiting request.
    let _turn = shared.turn.acquire().await.map_err(|_| {
        refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the server is stopping",
        )
    })?;
    let s = shared.clone();
    tokio::task::spawn_blocking(move || {
        let mut board = s.board();
        work(&s, &mut board)
    })
    .await
    .map_err(|_| {
        refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the answer could not be saved; try again",
        )
    })?
}

/// Reads a JSON body of at most [`MAX_BODY`] bytes, which must arrive within the server's body
/// deadline: a body trickled in slower is cut off with a 408 and the connection closed.
async fn read_json<T: DeserializeOwned>(
    shared: &Shared,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, Refusal> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_input",
            "send the answer as application/json",
        ));
    }
    let read = tokio::time::timeout(shared.body_timeout, axum::body::to_bytes(body, MAX_BODY));
    let bytes = read
        .await
        .map_err(|_| {
            refuse(
                StatusCode::REQUEST_TIMEOUT,
                "too_slow",
                "the answer took too long to arrive; try again",
            )
        })?
        .map_err(|_| {
            refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "that request is larger than 16 KiB",
            )
        })?;
    serde_json::from_slice(&bytes).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "the page sent something the laptop does not understand; reload the page",
        )
    })
}

fn too_long(value: &str, max: usize, what: &str) -> Result<(), Refusal> {
    if value.chars().count() > max {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            &format!("the {what} is longer than {max} characters"),
        ));
    }
    Ok(())
}

fn no_session() -> Refusal {
    refuse(
        StatusCode::FORBIDDEN,
        "forbidden",
        "this page holds no ballot; start, or carry on with your resume code",
    )
}

/// The cookie that gives this page its ballot. A resumed ballot's old pages hold a key the API no
/// longer accepts (and its change numbers are forgotten with it, in the database).
fn open_session(shared: &Shared, ballot: &BallotKey) -> Result<HeaderValue, Refusal> {
    ballot_cookie::set_cookie(&shared.join_code, ballot).ok_or_else(not_found)
}

async fn page_redirect(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate_page(&s, &code)?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/j/{code}/"))],
    )
        .into_response())
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], text).into_response()
}

async fn page(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate_page(&s, &code)?;
    Ok(asset("text/html; charset=utf-8", PAGE))
}

async fn script(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate_page(&s, &code)?;
    Ok(asset("text/javascript; charset=utf-8", SCRIPT))
}

async fn style(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate_page(&s, &code)?;
    Ok(asset("text/css; charset=utf-8", STYLE))
}

#[derive(Serialize)]
struct Status {
    phase: Phase,
    /// Seconds left in the facilitator's time box, if one was set (0 once it is up).
    seconds_left: Option<i64>,
}

/// What an open page asks every few seconds: whether to show "you are connected" or the ballot,
/// and the time box. Answering counts the device as reaching the laptop (the guard does that for
/// every request).
async fn status(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    let phase = gate_page(&s, &code)?;
    let seconds_left = match phase {
        Phase::Collecting => s.room.seconds_left(crate::unix_now()),
        _ => None,
    };
    Ok(Json(Status {
        phase,
        seconds_left,
    })
    .into_response())
}

async fn form(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate(&s, &code)?;
    let form = on_board(&s, |s, g| g.ballot_form(s.round_id).map_err(from_api)).await?;
    Ok(Json(form).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartInput {
    name: String,
    /// Ignored under a roster (the roster's role counts); needed without one.
    #[serde(default)]
    role: Option<Role>,
}

#[derive(Serialize)]
struct Started {
    resume_code: String,
    role: Role,
}

/// Refuses a device that must wait after refused tries (wrong codes, taken or unknown names).
fn not_guessing(s: &Shared, ip: IpAddr) -> Result<(), Refusal> {
    match s.guesses.wait(ip, Instant::now()) {
        Some(wait) => Err(wait_refusal("too many tries from this device", wait)),
        None => Ok(()),
    }
}

/// Counts a refused start or resume against the device that sent it.
fn counted<T>(s: &Shared, ip: IpAddr, r: Result<T, Refusal>) -> Result<T, Refusal> {
    if r.as_ref().is_err_and(|e| e.status == StatusCode::FORBIDDEN) {
        s.guesses.refused(ip, Instant::now());
    }
    r
}

async fn start(
    State(s): State<Arc<Shared>>,
    Extension(Client(ip)): Extension<Client>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    gate(&s, &code)?;
    let input: StartInput = read_json(&s, &headers, body).await?;
    too_long(&input.name, MAX_NAME, "name")?;
    not_guessing(&s, ip)?;
    if let Some(wait) = s.starts.wait(ip, Instant::now()) {
        return Err(wait_refusal(
            "this device has started as many ballots as one device may for now",
            wait,
        ));
    }
    let started = on_board(&s, move |s, g| {
        g.start_network_ballot(s.round_id, &input.name, input.role)
            .map_err(from_api)
    })
    .await;
    let started = counted(&s, ip, started)?;
    s.starts.started(ip, Instant::now());
    let cookie = open_session(&s, &started.ballot)?;
    let reply = Started {
        resume_code: started.resume_code,
        role: started.role,
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(reply)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResumeInput {
    name: String,
    code: String,
}

#[derive(Serialize)]
struct Resumed {
    role: Role,
    answers: Vec<OwnAnswer>,
    positions: Vec<OwnPosition>,
}

async fn resume(
    State(s): State<Arc<Shared>>,
    Extension(Client(ip)): Extension<Client>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    gate(&s, &code)?;
    let input: ResumeInput = read_json(&s, &headers, body).await?;
    too_long(&input.name, MAX_NAME, "name")?;
    too_long(&input.code, MAX_CODE, "resume code")?;
    // A device that has sent wrong codes waits; the ballot itself is never locked, so its owner,
    // on another device, carries on at once.
    not_guessing(&s, ip)?;
    let own = on_board(&s, move |s, g| {
        g.resume_ballot(s.round_id, &input.name, &input.code)
            .map_err(from_api)
    })
    .await;
    let own = counted(&s, ip, own)?;
    s.guesses.succeeded(ip);
    let cookie = open_session(&s, &own.ballot)?;
    let reply = Resumed {
        role: own.role,
        answers: own.answers,
        positions: own.positions,
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(reply)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerInput {
    item_id: String,
    answer: Answer,
    #[serde(default)]
    comment: String,
    /// The page's change number for this question; a lower one than already saved is old.
    seq: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PositionInput {
    dimension: String,
    now: Option<i64>,
    aspiration: Option<i64>,
    seq: u64,
}

#[derive(Serialize)]
struct Saved {
    saved: bool,
    /// True when a newer change to the same question had already been saved.
    superseded: bool,
}

/// Saves one change for the session's ballot unless a newer one to the same question has been
/// saved already. The database checks the page's change number inside the save's own
/// transaction and keeps it there, so two copies of a resent save cannot interleave, and a stale
/// copy resent after a restart of this server loses to the newer answer too (issue 25 §5).
async fn save_change(
    s: &Arc<Shared>,
    headers: &HeaderMap,
    seq: u64,
    save: impl FnOnce(&mut Govmat, &BallotKey, i64) -> crate::Result<bool> + Send + 'static,
) -> Reply {
    let ballot = ballot_cookie::ballot(headers).ok_or_else(no_session)?;
    let seq = i64::try_from(seq).map_err(|_| {
        from_api(crate::Error::Invalid(
            "the change number is too large".into(),
        ))
    })?;
    // The database checks the cookie's key first: a forged or outdated one writes nothing.
    let saved = on_board(s, move |_, g| save(g, &ballot, seq).map_err(from_api)).await?;
    Ok(Json(Saved {
        saved: true,
        superseded: !saved,
    })
    .into_response())
}

async fn answer(
    State(s): State<Arc<Shared>>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    gate(&s, &code)?;
    let input: AnswerInput = read_json(&s, &headers, body).await?;
    too_long(&input.item_id, MAX_ID, "question id")?;
    save_change(&s, &headers, input.seq, move |g, ballot, seq| {
        g.save_numbered_answer(
            ballot,
            &input.item_id,
            input.answer,
            &input.comment,
            Some(seq),
        )
    })
    .await
}

async fn position(
    State(s): State<Arc<Shared>>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Reply {
    gate(&s, &code)?;
    let input: PositionInput = read_json(&s, &headers, body).await?;
    too_long(&input.dimension, MAX_ID, "dimension id")?;
    let place = Position {
        now: input.now,
        aspiration: input.aspiration,
    };
    save_change(&s, &headers, input.seq, move |g, ballot, seq| {
        g.save_numbered_position(ballot, &input.dimension, place, Some(seq))
    })
    .await
}

async fn finish(
    State(s): State<Arc<Shared>>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Reply {
    gate(&s, &code)?;
    let ballot = ballot_cookie::ballot(&headers).ok_or_else(no_session)?;
    on_board(&s, move |_, g| g.finish_ballot(&ballot).map_err(from_api)).await?;
    Ok(Json(serde_json::json!({ "finished": true })).into_response())
}
