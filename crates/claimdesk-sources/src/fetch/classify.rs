//! Classifying transport errors: a reqwest error becomes a [`FetchError`] (timeout, connect failure, broken
//! connection or other), read from the error itself and its source chain. The variant decides whether the fetch
//! is retried, so the rules are kept together here.

use std::time::Duration;

use super::millis;
use crate::error::FetchError;

/// Walks an error's source chain looking for an I/O error kind.
fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = err.source();
    }
    None
}

fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(err) = cur {
        parts.push(err.to_string());
        cur = err.source();
    }
    parts.join(": ")
}

/// Finds the address policy's refusal in an error's source chain (the resolver's error travels inside hyper's).
fn refused(e: &(dyn std::error::Error + 'static)) -> Option<FetchError> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<super::address::Refused>() {
            return Some(r.into());
        }
        cur = err.source();
    }
    None
}

pub(super) fn classify(e: &reqwest::Error, connect_timeout: Duration) -> FetchError {
    if let Some(refusal) = refused(e) {
        return refusal;
    }
    let reason = chain_text(e);
    if e.is_timeout() {
        return FetchError::Timeout {
            after_ms: millis(connect_timeout),
            attempts: 1,
        };
    }
    if e.is_connect() {
        return FetchError::Connect { reason };
    }
    classify_broken(e, reason)
}

pub(super) fn classify_body(e: &reqwest::Error) -> FetchError {
    let reason = chain_text(e);
    if e.is_timeout() {
        return FetchError::Timeout {
            after_ms: 0,
            attempts: 1,
        };
    }
    classify_broken(e, reason)
}

/// A connection that was accepted but broke (reset, closed early, truncated) is `Reset`; anything else `Other`.
fn classify_broken(e: &reqwest::Error, reason: String) -> FetchError {
    use std::io::ErrorKind::*;
    let broken_io = matches!(
        io_kind(e),
        Some(ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof)
    );
    let lower = reason.to_ascii_lowercase();
    if broken_io
        || e.is_body()
        || lower.contains("connection closed")
        || lower.contains("incomplete")
        || lower.contains("reset")
    {
        FetchError::Reset { reason }
    } else {
        FetchError::Other { reason }
    }
}
