//! The routes a member's page may call, all under `/j/<join code>/`: the page itself, the form,
//! starting or resuming one's own ballot, saving one answer or spectrum place, and finishing.
//! Each one calls the same `Govmat` ballot use case the desktop calls; nothing here reads or
//! writes the database any other way. Every refusal is a 4xx (or 503) with a JSON `{code,
//! message}` in plain words, never storage error text, and writes nothing but the count of a
//! refused start or resume.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use govmat_core::{Answer, Position, Role};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::guard::{same_secret, session_token};
use super::{Shared, MAX_SESSIONS};
use crate::error::Error;
use crate::{BallotKey, Govmat, OwnAnswer, OwnPosition};

/// The largest request body accepted: one answer with a long comment fits many times over.
pub const MAX_BODY: usize = 16 * 1024;
const MAX_NAME: usize = 100;
const MAX_ID: usize = 64;
const MAX_CODE: usize = 32;
const COOKIE: &str = "govmat_ballot";

const PAGE: &str = include_str!("../../ui/member/index.html");
const SCRIPT: &str = include_str!("../../ui/member/member.js");
const STYLE: &str = include_str!("../../ui/member/member.css");

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/j/{code}", get(page_redirect))
        .route("/j/{code}/", get(page))
        .route("/j/{code}/member.js", get(script))
        .route("/j/{code}/member.css", get(style))
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

/// A refusal: the status and the `{code, message}` body the page shows.
pub(crate) struct Refusal {
    status: StatusCode,
    code: String,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            code: String,
            message: String,
        }
        let body = Body {
            code: self.code,
            message: self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

pub(crate) fn refuse(status: StatusCode, code: &str, message: &str) -> Refusal {
    Refusal {
        status,
        code: code.to_string(),
        message: message.to_string(),
    }
}

fn not_found() -> Refusal {
    refuse(StatusCode::NOT_FOUND, "not_found", "there is nothing here")
}

fn from_api(e: Error) -> Refusal {
    let status = match &e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        // The round stopped collecting between the check and the write.
        Error::Locked(_) => StatusCode::GONE,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        Error::Wait(_) => StatusCode::TOO_MANY_REQUESTS,
        Error::Io(_) | Error::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    // Plain words only: a storage failure's text (SQLite's, a path) never reaches a phone.
    let body = e.member_body();
    refuse(status, body.code, &body.message)
}

type Reply = Result<Response, Refusal>;

/// The address of the device that sent a request, put on it by the guard before routing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Client(pub(crate) IpAddr);

/// Told to a device that must wait: after too many refused tries, or too many ballots started.
fn wait_refusal(what: &str, wait: Duration) -> Refusal {
    let secs = wait.as_secs().max(1);
    let unit = if secs == 1 { "second" } else { "seconds" };
    refuse(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        &format!("{what}; wait {secs} {unit}, then try again"),
    )
}

/// Every route first checks the join code and that collection is still on.
fn gate(shared: &Shared, code: &str) -> Result<(), Refusal> {
    if !same_secret(code, &shared.join_code) {
        return Err(not_found());
    }
    if shared.closed.load(Ordering::SeqCst) {
        return Err(refuse(
            StatusCode::GONE,
            "closed",
            "collection is closed: thank you, your saved answers are with the facilitator",
        ));
    }
    Ok(())
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

/// The session token in the request's cookie, if any.
fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// A member's session: the ballot it holds, and the newest change number seen per question, so a
/// resent older save can never overwrite a newer answer.
pub(crate) struct Session {
    ballot: BallotKey,
    seen: HashMap<String, u64>,
}

fn no_session() -> Refusal {
    refuse(
        StatusCode::FORBIDDEN,
        "forbidden",
        "this page holds no ballot; start, or carry on with your resume code",
    )
}

/// Opens a new session for a ballot and returns the cookie that carries it.
fn open_session(shared: &Shared, ballot: BallotKey) -> Result<HeaderValue, Refusal> {
    let token = session_token().map_err(from_api)?;
    let mut sessions = shared
        .sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    // A resumed ballot's old sessions hold a key the API no longer accepts; drop them.
    sessions.retain(|_, s| s.ballot.respondent_id != ballot.respondent_id);
    if sessions.len() >= MAX_SESSIONS {
        return Err(refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "too_many_requests",
            "too many ballots are open on this server",
        ));
    }
    sessions.insert(
        token.clone(),
        Session {
            ballot,
            seen: HashMap::new(),
        },
    );
    let cookie = format!(
        "{COOKIE}={token}; Path=/j/{}/; HttpOnly; SameSite=Strict",
        shared.join_code
    );
    HeaderValue::from_str(&cookie).map_err(|_| not_found())
}

async fn page_redirect(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate(&s, &code)?;
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
    gate(&s, &code)?;
    Ok(asset("text/html; charset=utf-8", PAGE))
}

async fn script(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate(&s, &code)?;
    Ok(asset("text/javascript; charset=utf-8", SCRIPT))
}

async fn style(State(s): State<Arc<Shared>>, Path(code): Path<String>) -> Reply {
    gate(&s, &code)?;
    Ok(asset("text/css; charset=utf-8", STYLE))
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
    let cookie = open_session(&s, started.ballot)?;
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
    let cookie = open_session(&s, own.ballot)?;
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
/// saved already. The check, the save and the record happen under the board's lock, so two
/// copies of a resent save cannot interleave.
async fn save_change(
    s: &Arc<Shared>,
    headers: &HeaderMap,
    question: String,
    seq: u64,
    save: impl FnOnce(&mut Govmat, &BallotKey) -> crate::Result<()> + Send + 'static,
) -> Reply {
    let token = token(headers).ok_or_else(no_session)?;
    let superseded = on_board(s, move |s, g| {
        let (ballot, last) = {
            let sessions = s.sessions.lock().unwrap_or_else(PoisonError::into_inner);
            let me = sessions.get(&token).ok_or_else(no_session)?;
            (me.ballot.clone(), me.seen.get(&question).copied())
        };
        if last.is_some_and(|l| seq < l) {
            return Ok(true);
        }
        save(g, &ballot).map_err(from_api)?;
        let mut sessions = s.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(me) = sessions.get_mut(&token) {
            me.seen.insert(question, seq);
        }
        Ok(false)
    })
    .await?;
    Ok(Json(Saved {
        saved: true,
        superseded,
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
    let question = format!("item:{}", input.item_id);
    save_change(&s, &headers, question, input.seq, move |g, ballot| {
        g.save_ballot_answer(ballot, &input.item_id, input.answer, &input.comment)
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
    let question = format!("dimension:{}", input.dimension);
    let place = Position {
        now: input.now,
        aspiration: input.aspiration,
    };
    save_change(&s, &headers, question, input.seq, move |g, ballot| {
        g.save_ballot_position(ballot, &input.dimension, place)
    })
    .await
}

async fn finish(
    State(s): State<Arc<Shared>>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Reply {
    gate(&s, &code)?;
    let token = token(&headers).ok_or_else(no_session)?;
    on_board(&s, move |s, g| {
        let ballot = {
            let sessions = s.sessions.lock().unwrap_or_else(PoisonError::into_inner);
            sessions.get(&token).ok_or_else(no_session)?.ballot.clone()
        };
        g.finish_ballot(&ballot).map_err(from_api)?;
        s.sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&token);
        Ok(())
    })
    .await?;
    Ok(Json(serde_json::json!({ "finished": true })).into_response())
}
