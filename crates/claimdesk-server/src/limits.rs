//! Request limits: failed token attempts per client address, and body extractors that answer an over-size or
//! malformed body with a [`claimdesk_sync::WireError`] instead of axum's plain-text rejections.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Failed token attempts allowed per address and window before the address is refused with 429.
pub const MAX_AUTH_FAILURES: u32 = 20;
/// The window the failures are counted in.
pub const AUTH_WINDOW: Duration = Duration::from_secs(60);
/// Past this many tracked addresses, expired windows are swept (bounds the memory an attacker can make us hold).
const SWEEP_AT: usize = 10_000;

/// Failed token attempts per client IP, in fixed one-minute windows. In memory, per process: the only state the
/// server keeps outside PostgreSQL (several servers behind a load balancer each count their own).
#[derive(Debug, Default)]
pub struct AuthLimiter {
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl AuthLimiter {
    /// Whether `ip` has used up its failures for the current window.
    pub fn is_blocked(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&ip) {
            Some((start, n)) => now.duration_since(*start) < AUTH_WINDOW && *n >= MAX_AUTH_FAILURES,
            None => false,
        }
    }

    /// Counts one failed attempt from `ip`.
    pub fn record_failure(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, (start, _)| now.duration_since(*start) < AUTH_WINDOW);
        }
        let entry = map.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= AUTH_WINDOW {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

/// A JSON body, at most [`claimdesk_sync::MAX_BODY_BYTES`] (the router's body limit), or a WireError.
#[derive(Debug)]
pub struct WireJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for WireJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let WireBytes(bytes) = WireBytes::from_request(req, state).await?;
        serde_json::from_slice(&bytes)
            .map(WireJson)
            .map_err(|e| ApiError::BadRequest(format!("the JSON body is not valid: {e}")))
    }
}

/// A raw body, at most [`claimdesk_sync::MAX_BODY_BYTES`], or a WireError (413 when over).
#[derive(Debug)]
pub struct WireBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for WireBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(WireBytes)
            .map_err(|r| {
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge
                } else {
                    ApiError::BadRequest(format!("the body could not be read: {}", r.body_text()))
                }
            })
    }
}

/// A path parameter, or a WireError.
#[derive(Debug)]
pub struct WirePath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for WirePath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| WirePath(t))
            .map_err(|r| ApiError::BadRequest(r.body_text()))
    }
}

/// A query string, or a WireError.
#[derive(Debug)]
pub struct WireQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for WireQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| WireQuery(t))
            .map_err(|r| ApiError::BadRequest(r.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures_only_for_that_address() {
        let l = AuthLimiter::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..MAX_AUTH_FAILURES - 1 {
            l.record_failure(a);
        }
        assert!(!l.is_blocked(a));
        l.record_failure(a);
        assert!(l.is_blocked(a));
        assert!(!l.is_blocked(b));
    }
}
