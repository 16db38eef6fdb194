//! The one error type that crosses the IPC boundary and the CLI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The error every facade call returns: a stable machine-readable `code` and a message an editor can read.
///
/// The UI switches on `code`, never on `message` (GitButler's rule: consumers must not match error strings). Codes
/// come from the inner crates' `code()` methods, so a new inner variant gets a code without touching the UI; the UI
/// falls back to showing `message` for codes it does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Stable snake_case code, for example `workspace_in_use`, `empty_draft`, `not_found`, `internal`.
    pub code: String,
    /// One clear sentence for the editor.
    pub message: String,
}

impl ApiError {
    /// Builds an error from a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }

    /// An unexpected failure. The detail goes to the log, the editor gets a plain sentence.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(detail = %detail, "internal error");
        Self::new(
            "internal",
            format!("Something went wrong inside Claimdesk; nothing was changed. Detail: {detail}"),
        )
    }

    /// A bad argument from the caller (UI or CLI).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("invalid_input", message)
    }
}

impl From<claimdesk_store::StoreError> for ApiError {
    fn from(e: claimdesk_store::StoreError) -> Self {
        // The store says `in_use`; across IPC the code names what is in use, since the UI shows it beside other
        // resources (files, sources) that can be busy too.
        let code = match e.code() {
            "in_use" => "workspace_in_use",
            c => c,
        };
        Self::new(code, e.to_string())
    }
}

impl From<claimdesk_text::import::ImportError> for ApiError {
    fn from(e: claimdesk_text::import::ImportError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

/// Result alias for facade calls.
pub type ApiResult<T> = Result<T, ApiError>;

/// Runs `f`, turning a panic into an `internal` error so that no panic ever reaches the editor. The panic's payload
/// is logged; the sled transactions inside the store make sure a panic leaves nothing half-written.
pub fn catch_panics<T>(f: impl FnOnce() -> ApiResult<T>) -> ApiResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(ApiError::internal(format!("panic: {detail}")))
        }
    }
}
