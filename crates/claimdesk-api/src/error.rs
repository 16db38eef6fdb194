//! The one error type that crosses the IPC boundary and the CLI.

use claimdesk_report as rpt;
use claimdesk_sources as sources;
use claimdesk_store::StoreError;
use claimdesk_text::import::ImportError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every code an [`ApiError`] can carry: a closed set, exported to TypeScript as a union of string literals so that
/// the UI's `describeError` is an exhaustive `switch` checked by the compiler.
///
/// On the wire each code is its snake_case name (`workspace_in_use`, `not_found`, ...), the same strings the inner
/// crates' `code()` methods return. The conversions below match the inner error enums variant by variant, so a new
/// inner variant does not compile until it is given a code here, and a new code here does not compile in the UI
/// until `describeError` handles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // --- The facade and the shells ---
    /// An unexpected failure inside Claimdesk (a bug, a panic, a failed background task).
    Internal,
    /// A bad argument from the caller, or input the store cannot accept (bad offsets, empty title, ...).
    InvalidInput,
    /// The IPC call itself failed (the dialog plugin, the transport). Never produced in Rust: the UI's api module
    /// gives it to a failure that did not come back as an `ApiError`.
    Ipc,
    /// Reading or writing a file failed for another reason than the ones below.
    Io,
    /// The disk is full: nothing of the failed action was saved; it works again once space is freed.
    DiskFull,
    /// The file (or the folder to write into) does not exist.
    FileNotFound,
    /// The operating system refused access to the file.
    PermissionDenied,
    /// A folder was given where a file is needed.
    NotAFile,
    /// The draft is larger than Claimdesk imports (the file, or the decoded text).
    TooLarge,
    /// A source fetch was cancelled by the editor; nothing was attached.
    Cancelled,
    /// The source has no readable text to compare the claim with.
    NoReadableText,
    /// The citation has no archived source to quote from.
    NoSnapshot,
    /// An evidence bundle does not verify against its manifest (CLI `verify-bundle`).
    BundleInvalid,
    // --- The store ---
    /// Another process holds the workspace (the store's `in_use`).
    WorkspaceInUse,
    /// No document, claim, citation, snapshot or version with that id.
    NotFound,
    /// A claim can only be verified with a supporting citation.
    VerifiedNeedsSupport,
    /// A claim can only be disputed with a contradicting citation or a written reason.
    DisputedNeedsReason,
    /// A workspace file can only be imported into an empty workspace.
    WorkspaceNotEmpty,
    /// The workspace (or workspace file) was written by a newer Claimdesk.
    SchemaTooNew,
    /// The file is not a readable Claimdesk workspace file.
    BadExportFile,
    /// The workspace's stored data is damaged.
    Corrupt,
    /// Any other storage-engine failure.
    Storage,
    // --- Draft import ---
    /// The draft holds no text.
    Empty,
    /// The file is binary, not a text draft.
    Binary,
    /// A known format Claimdesk does not read (PDF, Word 97-2003 .doc).
    UnsupportedFormat,
    /// The text is not valid UTF-8.
    InvalidUtf8,
    /// A .docx that is not a zip archive.
    NotAZip,
    /// A zip archive that is not a Word document.
    NotADocx,
    /// A .docx that decompresses to an unreasonable size.
    ZipBomb,
    /// The file is of a known kind but cannot be parsed.
    Malformed,
    // --- Fetching sources ---
    /// The URL's scheme is not http or https.
    UnsupportedScheme,
    /// The URL (or a redirect, or its DNS answer) leads to a loopback, private or link-local address.
    PrivateAddress,
    /// The text is not a URL, or has no host.
    InvalidUrl,
    /// The fetch timed out.
    Timeout,
    /// Too many redirects, or a redirect loop.
    TooManyRedirects,
    /// A redirect without a usable Location header.
    BadRedirect,
    /// The response body is larger than the limit.
    BodyTooLarge,
    /// The body decompresses to more than the limit.
    DecompressionBomb,
    /// The body's content coding cannot be decoded.
    Decoding,
    /// The connection could not be made.
    Connect,
    /// The connection broke while reading.
    Reset,
    /// The server answered with an error status.
    Http,
    /// The HTTP client could not be configured.
    Config,
    /// Any other fetch failure.
    Other,
    // --- Reports and bundles ---
    /// The report format name is unknown.
    UnknownFormat,
    /// A ClaimReview export needs the review page's URL.
    MissingReviewUrl,
    /// Serialising a report's JSON failed.
    Json,
    /// An evidence bundle is not a readable zip archive.
    BundleZip,
    // --- Team workspaces ---
    /// The workspace is not connected to a team workspace.
    NotConnected,
    /// The team server cannot be reached (or is failing); local changes wait for the next sync.
    Offline,
    /// The team server does not accept the token (unknown, revoked or expired).
    Unauthorized,
    /// The member's role does not allow this on the team server.
    Forbidden,
    /// Plain HTTP to a team server that is not on this machine, without the editor's explicit opt-in.
    InsecureServer,
    /// The team server answered something else than the sync protocol, or refused the request.
    TeamServer,
    // --- Published fact-checks ---
    /// The file is not a ClaimReview fact-check file Claimdesk accepts (malformed, too large, too deep, no
    /// ClaimReview in it); nothing was imported.
    BadFactcheckFile,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 55] = [
        ErrorCode::Internal,
        ErrorCode::InvalidInput,
        ErrorCode::Ipc,
        ErrorCode::Io,
        ErrorCode::DiskFull,
        ErrorCode::FileNotFound,
        ErrorCode::PermissionDenied,
        ErrorCode::NotAFile,
        ErrorCode::TooLarge,
        ErrorCode::Cancelled,
        ErrorCode::NoReadableText,
        ErrorCode::NoSnapshot,
        ErrorCode::BundleInvalid,
        ErrorCode::WorkspaceInUse,
        ErrorCode::NotFound,
        ErrorCode::VerifiedNeedsSupport,
        ErrorCode::DisputedNeedsReason,
        ErrorCode::WorkspaceNotEmpty,
        ErrorCode::SchemaTooNew,
        ErrorCode::BadExportFile,
        ErrorCode::Corrupt,
        ErrorCode::Storage,
        ErrorCode::Empty,
        ErrorCode::Binary,
        ErrorCode::UnsupportedFormat,
        ErrorCode::InvalidUtf8,
        ErrorCode::NotAZip,
        ErrorCode::NotADocx,
        ErrorCode::ZipBomb,
        ErrorCode::Malformed,
        ErrorCode::UnsupportedScheme,
        ErrorCode::PrivateAddress,
        ErrorCode::InvalidUrl,
        ErrorCode::Timeout,
        ErrorCode::TooManyRedirects,
        ErrorCode::BadRedirect,
        ErrorCode::BodyTooLarge,
        ErrorCode::DecompressionBomb,
        ErrorCode::Decoding,
        ErrorCode::Connect,
        ErrorCode::Reset,
        ErrorCode::Http,
        ErrorCode::Config,
        ErrorCode::Other,
        ErrorCode::UnknownFormat,
        ErrorCode::MissingReviewUrl,
        ErrorCode::Json,
        ErrorCode::BundleZip,
        ErrorCode::NotConnected,
        ErrorCode::Offline,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::InsecureServer,
        ErrorCode::TeamServer,
        ErrorCode::BadFactcheckFile,
    ];

    /// The code as it appears on the wire and in the CLI's `error[<code>]` line.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Ipc => "ipc",
            ErrorCode::Io => "io",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::FileNotFound => "file_not_found",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::NotAFile => "not_a_file",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::NoReadableText => "no_readable_text",
            ErrorCode::NoSnapshot => "no_snapshot",
            ErrorCode::BundleInvalid => "bundle_invalid",
            ErrorCode::WorkspaceInUse => "workspace_in_use",
            ErrorCode::NotFound => "not_found",
            ErrorCode::VerifiedNeedsSupport => "verified_needs_support",
            ErrorCode::DisputedNeedsReason => "disputed_needs_reason",
            ErrorCode::WorkspaceNotEmpty => "workspace_not_empty",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::BadExportFile => "bad_export_file",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::Storage => "storage",
            ErrorCode::Empty => "empty",
            ErrorCode::Binary => "binary",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::NotAZip => "not_a_zip",
            ErrorCode::NotADocx => "not_a_docx",
            ErrorCode::ZipBomb => "zip_bomb",
            ErrorCode::Malformed => "malformed",
            ErrorCode::UnsupportedScheme => "unsupported_scheme",
            ErrorCode::PrivateAddress => "private_address",
            ErrorCode::InvalidUrl => "invalid_url",
            ErrorCode::Timeout => "timeout",
            ErrorCode::TooManyRedirects => "too_many_redirects",
            ErrorCode::BadRedirect => "bad_redirect",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::DecompressionBomb => "decompression_bomb",
            ErrorCode::Decoding => "decoding",
            ErrorCode::Connect => "connect",
            ErrorCode::Reset => "reset",
            ErrorCode::Http => "http",
            ErrorCode::Config => "config",
            ErrorCode::Other => "other",
            ErrorCode::UnknownFormat => "unknown_format",
            ErrorCode::MissingReviewUrl => "missing_review_url",
            ErrorCode::Json => "json",
            ErrorCode::BundleZip => "bundle_zip",
            ErrorCode::NotConnected => "not_connected",
            ErrorCode::Offline => "offline",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InsecureServer => "insecure_server",
            ErrorCode::TeamServer => "team_server",
            ErrorCode::BadFactcheckFile => "bad_factcheck_file",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every facade call returns: a stable machine-readable `code` and a message an editor can read.
///
/// The UI switches on `code`, never on `message` (GitButler's rule: consumers must not match error strings). The
/// set of codes is closed ([`ErrorCode`]); the inner crates' errors are mapped onto it variant by variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Stable snake_case code, for example `workspace_in_use`, `empty`, `not_found`, `internal`.
    pub code: ErrorCode,
    /// One clear sentence for the editor.
    pub message: String,
}

impl ApiError {
    /// Builds an error from a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// An unexpected failure. The detail goes to the log, the editor gets a plain sentence.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(detail = %detail, "internal error");
        Self::new(
            ErrorCode::Internal,
            format!("Something went wrong inside Claimdesk; nothing was changed. Detail: {detail}"),
        )
    }

    /// A bad argument from the caller (UI or CLI).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

/// The code of a store error. The store says `in_use`; across IPC the code names what is in use, since the UI
/// shows it beside other resources (files, sources) that can be busy too.
fn store_code(e: &StoreError) -> ErrorCode {
    match e {
        StoreError::InUse { .. } => ErrorCode::WorkspaceInUse,
        StoreError::NotFound { .. } => ErrorCode::NotFound,
        StoreError::VerifiedNeedsSupport { .. } => ErrorCode::VerifiedNeedsSupport,
        StoreError::DisputedNeedsReason { .. } => ErrorCode::DisputedNeedsReason,
        StoreError::InvalidInput { .. } => ErrorCode::InvalidInput,
        StoreError::WorkspaceNotEmpty => ErrorCode::WorkspaceNotEmpty,
        StoreError::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
        StoreError::BadExportFile { .. } => ErrorCode::BadExportFile,
        StoreError::Corrupt { .. } => ErrorCode::Corrupt,
        StoreError::NotConnected => ErrorCode::NotConnected,
        StoreError::DiskFull => ErrorCode::DiskFull,
        StoreError::Io(_) => ErrorCode::Io,
        StoreError::Storage { .. } => ErrorCode::Storage,
    }
}

fn import_code(e: &ImportError) -> ErrorCode {
    match e {
        ImportError::Empty => ErrorCode::Empty,
        ImportError::Binary => ErrorCode::Binary,
        ImportError::Unsupported { .. } => ErrorCode::UnsupportedFormat,
        ImportError::TooLarge { .. } => ErrorCode::TooLarge,
        ImportError::InvalidUtf8 { .. } => ErrorCode::InvalidUtf8,
        ImportError::NotAZip => ErrorCode::NotAZip,
        ImportError::NotADocx => ErrorCode::NotADocx,
        ImportError::ZipBomb => ErrorCode::ZipBomb,
        ImportError::Malformed(_) => ErrorCode::Malformed,
    }
}

fn fetch_code(e: &sources::FetchError) -> ErrorCode {
    use sources::FetchError as F;
    match e {
        F::UnsupportedScheme { .. } => ErrorCode::UnsupportedScheme,
        F::InvalidUrl { .. } => ErrorCode::InvalidUrl,
        F::Timeout { .. } => ErrorCode::Timeout,
        F::TooManyRedirects { .. } => ErrorCode::TooManyRedirects,
        F::BadRedirect { .. } => ErrorCode::BadRedirect,
        F::BodyTooLarge { .. } => ErrorCode::BodyTooLarge,
        F::DecompressionBomb { .. } => ErrorCode::DecompressionBomb,
        F::Decoding { .. } => ErrorCode::Decoding,
        F::Connect { .. } => ErrorCode::Connect,
        F::Reset { .. } => ErrorCode::Reset,
        F::Http { .. } => ErrorCode::Http,
        F::PrivateAddress { .. } => ErrorCode::PrivateAddress,
        F::Cancelled => ErrorCode::Cancelled,
        F::Config { .. } => ErrorCode::Config,
        F::Other { .. } => ErrorCode::Other,
    }
}

fn report_code(e: &rpt::ReportError) -> ErrorCode {
    use rpt::ReportError as R;
    match e {
        R::UnknownFormat(_) => ErrorCode::UnknownFormat,
        R::InvalidInput(_) => ErrorCode::InvalidInput,
        R::MissingReviewUrl => ErrorCode::MissingReviewUrl,
        R::Json(_) => ErrorCode::Json,
        R::Io(_) => ErrorCode::Io,
        R::Zip(_) => ErrorCode::BundleZip,
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        Self::new(store_code(&e), e.to_string())
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        Self::new(import_code(&e), e.to_string())
    }
}

impl From<sources::FetchError> for ApiError {
    fn from(e: sources::FetchError) -> Self {
        Self::new(fetch_code(&e), e.to_string())
    }
}

impl From<rpt::ReportError> for ApiError {
    fn from(e: rpt::ReportError) -> Self {
        Self::new(report_code(&e), e.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_as_its_wire_name() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str(), "{c:?}");
            assert!(seen.insert(c.as_str()), "{c:?} listed twice");
            let back: ErrorCode = serde_json::from_value(c.as_str().into()).unwrap();
            assert_eq!(back, c);
        }
    }

    #[test]
    fn the_json_shape_is_unchanged() {
        let e = ApiError::new(ErrorCode::WorkspaceInUse, "busy");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "workspace_in_use", "message": "busy"})
        );
    }

    /// The codes are the inner crates' `code()` strings, as before the set was closed (except the store's `in_use`,
    /// which has always been `workspace_in_use` across IPC).
    #[test]
    fn inner_errors_keep_their_codes() {
        let store = [
            StoreError::NotFound {
                entity: "claim",
                id: 1,
            },
            StoreError::VerifiedNeedsSupport { claim: 1 },
            StoreError::DisputedNeedsReason { claim: 1 },
            StoreError::InvalidInput {
                message: "x".into(),
            },
            StoreError::WorkspaceNotEmpty,
            StoreError::SchemaTooNew {
                found: 9,
                supported: 3,
            },
            StoreError::BadExportFile {
                message: "x".into(),
            },
            StoreError::Corrupt {
                message: "x".into(),
            },
            StoreError::Io(std::io::Error::other("x")),
            StoreError::DiskFull,
            StoreError::Storage {
                message: "x".into(),
            },
        ];
        for e in store {
            let want = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), want);
        }
        let in_use = StoreError::InUse { path: "/w".into() };
        assert_eq!(ApiError::from(in_use).code, ErrorCode::WorkspaceInUse);

        let import = [
            ImportError::Empty,
            ImportError::Binary,
            ImportError::Unsupported { what: "PDF".into() },
            ImportError::TooLarge { size: 2, limit: 1 },
            ImportError::InvalidUtf8 { valid_up_to: 0 },
            ImportError::NotAZip,
            ImportError::NotADocx,
            ImportError::ZipBomb,
            ImportError::Malformed("x".into()),
        ];
        for e in import {
            let want = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), want);
        }

        use sources::FetchError as F;
        let fetch = [
            F::UnsupportedScheme {
                scheme: "file".into(),
            },
            F::InvalidUrl { reason: "x".into() },
            F::Timeout {
                after_ms: 1,
                attempts: 1,
            },
            F::TooManyRedirects {
                max: 1,
                last: "x".into(),
            },
            F::BadRedirect { status: 301 },
            F::BodyTooLarge { limit: 1 },
            F::DecompressionBomb { limit: 1 },
            F::Decoding {
                encoding: "br".into(),
                reason: "x".into(),
            },
            F::Connect { reason: "x".into() },
            F::Reset { reason: "x".into() },
            F::Http { status: 500 },
            F::PrivateAddress {
                host: "localhost".into(),
                address: "::1".into(),
            },
            F::Cancelled,
            F::Config { reason: "x".into() },
            F::Other { reason: "x".into() },
        ];
        for e in fetch {
            let want = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), want);
        }

        let json = serde_json::from_str::<u8>("x").unwrap_err();
        let report = [
            rpt::ReportError::UnknownFormat("pdf".into()),
            rpt::ReportError::InvalidInput("x".into()),
            rpt::ReportError::MissingReviewUrl,
            rpt::ReportError::Json(json),
            rpt::ReportError::Io(std::io::Error::other("x")),
        ];
        for e in report {
            let want = e.code();
            assert_eq!(ApiError::from(e).code.as_str(), want);
        }
    }
}
