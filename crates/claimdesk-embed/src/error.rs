//! The encoder's one error type.

use std::path::PathBuf;

/// Why the encoder could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// No model file in any of the places Claimdesk looks (see [`crate::locate`]).
    #[error("no sentence-encoder model found (looked in {}); run scripts/install-model", list(.searched))]
    NotFound {
        /// Every path that was tried, in order.
        searched: Vec<PathBuf>,
    },
    /// The model file exists but could not be read.
    #[error("cannot read the sentence-encoder model {}: {source}", .path.display())]
    Io {
        /// The model file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The model file is not a well-formed e5 4-bit model (wrong magic, truncated, inconsistent sizes).
    #[error("the sentence-encoder model {} is corrupt: {reason}", .path.display())]
    Corrupt {
        /// The model file (empty for an in-memory image).
        path: PathBuf,
        /// What was wrong, first problem found.
        reason: String,
    },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, EmbedError>;
