//! How the server refuses, and who asked: the `{code, message}` body every refusal carries (plain
//! words, never storage error text), and the client address the guard puts on each request. Both
//! the guard and the routes use them, so they live below both.

use std::net::IpAddr;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::Error;

/// A refusal: the status and the `{code, message}` body the page shows.
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
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

pub(crate) fn not_found() -> Refusal {
    refuse(StatusCode::NOT_FOUND, "not_found", "there is nothing here")
}

pub(crate) fn from_api(e: Error) -> Refusal {
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

/// The address of the device that sent a request, put on it by the guard before routing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Client(pub(crate) IpAddr);

/// Told to a device that must wait: after too many refused tries, or too many ballots started.
pub(crate) fn wait_refusal(what: &str, wait: Duration) -> Refusal {
    let secs = wait.as_secs().max(1);
    let unit = if secs == 1 { "second" } else { "seconds" };
    refuse(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        &format!("{what}; wait {secs} {unit}, then try again"),
    )
}
