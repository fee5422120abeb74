//! The one error type of the use-case API, with a stable code for the UI and scripts.

use govmat_store::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the user asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with what is already stored (a duplicate name, a closed round).
    #[error("{0}")]
    Conflict(String),
    /// The input is wrong; the message says where and why.
    #[error("{0}")]
    Invalid(String),
    /// A round is collecting answers privately, so only its ballot is served.
    #[error("{0}")]
    Locked(String),
    /// The PIN or resume code given is wrong, or this page no longer holds the ballot.
    #[error("{0}")]
    Forbidden(String),
    /// Too many wrong PINs or codes: nothing is checked until the wait is over.
    #[error("{0}")]
    Wait(String),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The database refused or failed.
    #[error("{0}")]
    Store(StoreError),
}

/// What the desktop UI receives: it branches on `code`, never on the message.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Invalid(_) => "invalid_input",
            Error::Locked(_) => "locked",
            Error::Forbidden(_) => "forbidden",
            Error::Wait(_) => "wait",
            Error::Io(_) => "io",
            Error::Store(StoreError::NotGovmat { .. }) => "not_govmat",
            Error::Store(StoreError::TooNew { .. }) => "too_new",
            Error::Store(StoreError::Damaged { .. }) => "damaged",
            Error::Store(_) => "storage",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code(),
            message: self.to_string(),
        }
    }

    /// What a member's own device receives: the same code, and for a failure of the database or
    /// of a file, plain words instead of the underlying text (SQLite's messages, paths). Every
    /// other message is already written for people.
    pub fn member_body(&self) -> ErrorBody {
        let message = match self {
            Error::Io(_) | Error::Store(_) => {
                "the laptop could not do that just now; try again in a moment, or ask the facilitator"
                    .to_string()
            }
            other => other.to_string(),
        };
        ErrorBody {
            code: self.code(),
            message,
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => Error::NotFound(m),
            StoreError::Conflict(m) => Error::Conflict(m),
            StoreError::Invalid(m) => Error::Invalid(m),
            StoreError::Locked(m) => Error::Locked(m),
            StoreError::Forbidden(m) => Error::Forbidden(m),
            other => Error::Store(other),
        }
    }
}

impl From<govmat_store::SqliteError> for Error {
    fn from(e: govmat_store::SqliteError) -> Self {
        Error::Store(StoreError::Sqlite(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
