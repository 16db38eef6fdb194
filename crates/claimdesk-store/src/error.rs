//! The store's one error type. The UI switches on [`StoreError::code`], never on the message.

use std::path::PathBuf;

use crate::model::{Id, Status};

/// Everything that can go wrong in the store.
///
/// Rule refusals ([`StoreError::VerifiedNeedsSupport`], [`StoreError::DisputedNeedsReason`]) are raised before any
/// write: the transaction aborts and nothing is half-written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (or another `Store` in this process) holds the workspace lock.
    #[error("the workspace {path} is in use by another Claimdesk process; close it and try again")]
    InUse {
        /// The workspace directory.
        path: PathBuf,
    },
    /// No entity of this kind with this id.
    #[error("{entity} {id} does not exist")]
    NotFound {
        /// `document`, `claim`, `citation`, `snapshot` or `version`.
        entity: &'static str,
        /// The id that was asked for.
        id: Id,
    },
    /// A claim can only be marked verified when a citation supports it.
    #[error("claim {claim} cannot be verified: add a citation that supports it first")]
    VerifiedNeedsSupport {
        /// The claim.
        claim: Id,
    },
    /// A claim can only be marked disputed with a contradicting citation or a written reason.
    #[error(
        "claim {claim} cannot be disputed without a contradicting citation or a written reason"
    )]
    DisputedNeedsReason {
        /// The claim.
        claim: Id,
    },
    /// The caller passed something the store cannot accept (bad offsets, empty title, ...).
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What was wrong, for a human.
        message: String,
    },
    /// Importing a workspace file needs an empty workspace, so that ids cannot collide.
    #[error("the workspace is not empty; import a workspace file into a new, empty workspace")]
    WorkspaceNotEmpty,
    /// The workspace was written by a newer Claimdesk.
    #[error("the workspace has schema version {found}, this Claimdesk understands up to {supported}; update Claimdesk")]
    SchemaTooNew {
        /// The version found on disk.
        found: u32,
        /// The newest version this build can read.
        supported: u32,
    },
    /// A workspace export file could not be read.
    #[error("not a Claimdesk workspace file: {message}")]
    BadExportFile {
        /// What was wrong, for a human.
        message: String,
    },
    /// Stored data does not decode, or sled reports corruption.
    #[error("the workspace is damaged: {message}")]
    Corrupt {
        /// What was found, for a human and the log.
        message: String,
    },
    /// The workspace is not connected to a team workspace.
    #[error("this workspace is not connected to a team workspace; run `claimdesk connect URL --token T --team-workspace NAME` first")]
    NotConnected,
    /// The disk (of the workspace, or of a file being written) is full. Nothing of the failed action was written (sled writes an action's
    /// transaction whole or not at all); the workspace opens normally once space is freed.
    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,
    /// The file system refused (permissions, ...).
    #[error("file system error: {0}")]
    Io(std::io::Error),
    /// Any other storage-engine failure.
    #[error("storage error: {message}")]
    Storage {
        /// The engine's message.
        message: String,
    },
}

impl StoreError {
    /// A stable, machine-readable code for the UI and the CLI's `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::InUse { .. } => "in_use",
            StoreError::NotFound { .. } => "not_found",
            StoreError::VerifiedNeedsSupport { .. } => "verified_needs_support",
            StoreError::DisputedNeedsReason { .. } => "disputed_needs_reason",
            StoreError::InvalidInput { .. } => "invalid_input",
            StoreError::WorkspaceNotEmpty => "workspace_not_empty",
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::BadExportFile { .. } => "bad_export_file",
            StoreError::Corrupt { .. } => "corrupt",
            StoreError::NotConnected => "not_connected",
            StoreError::DiskFull => "disk_full",
            StoreError::Io(_) => "io",
            StoreError::Storage { .. } => "storage",
        }
    }

    /// The error a rule raises when `status` cannot be set on `claim`, if it is rule-bound.
    pub(crate) fn rule(claim: Id, status: Status) -> Option<StoreError> {
        match status {
            Status::Verified => Some(StoreError::VerifiedNeedsSupport { claim }),
            Status::Disputed => Some(StoreError::DisputedNeedsReason { claim }),
            Status::Unsourced => None,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> StoreError {
        StoreError::InvalidInput {
            message: message.into(),
        }
    }

    pub(crate) fn corrupt(message: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        if is_disk_full(&e) {
            StoreError::DiskFull
        } else {
            StoreError::Io(e)
        }
    }
}

/// Whether an I/O error is a full disk: ENOSPC, or EDQUOT (a full quota is a full disk to the editor), also when it
/// is wrapped in another error (a zip writer's, say) inside an `io::Error::other`.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    let direct = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) || matches!(e.raw_os_error(), Some(28) | Some(122))
    };
    if direct(e) {
        return true;
    }
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|r| r as _);
    while let Some(err) = cur {
        if err.downcast_ref::<std::io::Error>().is_some_and(direct) {
            return true;
        }
        cur = err.source();
    }
    false
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => io.into(),
            sled::Error::Corruption { at, .. } => StoreError::Corrupt {
                message: format!("sled corruption at {at:?}"),
            },
            other => StoreError::Storage {
                message: other.to_string(),
            },
        }
    }
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => e.into(),
        }
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
