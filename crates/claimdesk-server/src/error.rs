//! The one error type of the HTTP API, answered as a [`WireError`] with the status of claimdesk-sync's table.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use claimdesk_sync::{WireError, MAX_BODY_BYTES};

/// Every way a request can fail. The message is for the editor; details of internal failures go to the log only,
/// never to the client (they could name tables or another team's data).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed or names something invalid.
    #[error("{0}")]
    BadRequest(String),
    /// No token, or an unknown, revoked or expired one.
    #[error("a valid token is needed: this one is missing, unknown, revoked or expired")]
    Unauthorized,
    /// The member's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Not found for this team (also what another team's workspace or blob looks like).
    #[error("{0}")]
    NotFound(String),
    /// The request contradicts what the server holds.
    #[error("{0}")]
    Conflict(String),
    /// The body is over [`MAX_BODY_BYTES`].
    #[error("the request body is over the limit of {MAX_BODY_BYTES} bytes")]
    TooLarge,
    /// Too many failed token attempts from this address.
    #[error("too many failed token attempts from this address: wait a minute")]
    RateLimited,
    /// PostgreSQL cannot be reached: the desk should retry later.
    #[error("the team database is unavailable: try again shortly")]
    Unavailable(String),
    /// The request lost a race with another writer (a deadlock, or a key another transaction took first); it
    /// changed nothing and can be retried at once. A push retries itself a few times before answering this.
    #[error("the team workspace is busy with other editors' changes: try again shortly")]
    Busy(String),
    /// Anything else; the detail is logged.
    #[error("internal server error")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status and the wire code.
    pub fn status_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::Unavailable(_) | ApiError::Busy(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The WireError body.
    pub fn wire(&self) -> WireError {
        WireError {
            code: self.status_code().1.to_string(),
            message: self.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Unavailable(detail) => tracing::warn!("database unavailable: {detail}"),
            ApiError::Busy(detail) => {
                tracing::info!("a request lost a race and was not retried: {detail}")
            }
            ApiError::Internal(detail) => tracing::error!("internal error: {detail}"),
            _ => {}
        }
        let (status, _) = self.status_code();
        (status, Json(self.wire())).into_response()
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> ApiError {
        // A statement PostgreSQL answered with an SQL error is a server bug (or a constraint we rely on); a closed
        // connection or an I/O failure means PostgreSQL is gone for now.
        match e.code() {
            Some(code) if is_race_state(code.code()) => ApiError::Busy(e.to_string()),
            Some(code) if !is_unavailable_state(code.code()) => {
                let detail = e.as_db_error().map(|d| d.message()).unwrap_or_default();
                ApiError::Internal(format!("{e} ({}): {detail}", code.code()))
            }
            _ => ApiError::Unavailable(e.to_string()),
        }
    }
}

/// SQLSTATEs of a transaction that lost a race and rolled back: 40001 serialization_failure, 40P01 deadlock_detected,
/// 23505 unique_violation (every unique key the server relies on is checked before the insert, so a violation means
/// a concurrent transaction inserted the same key first).
fn is_race_state(code: &str) -> bool {
    matches!(code, "40001" | "40P01" | "23505")
}

/// SQLSTATE classes that mean "not now" rather than "wrong": 08 connection exception, 57 operator intervention
/// (shutdown, admin_shutdown, cannot_connect_now, query_canceled by statement_timeout), 53 insufficient resources.
fn is_unavailable_state(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57") || code.starts_with("53")
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> ApiError {
        match e {
            deadpool_postgres::PoolError::Backend(pg) => ApiError::from(pg),
            other => ApiError::Unavailable(other.to_string()),
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> ApiError {
        ApiError::Internal(format!("stored JSON: {e}"))
    }
}
