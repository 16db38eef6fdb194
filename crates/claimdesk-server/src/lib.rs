//! `claimdesk-server`: the team server behind the [`claimdesk_sync`] protocol, with PostgreSQL as the system of
//! record.
//!
//! A request is authenticated ([`auth::Caller`], a Bearer token checked against its SHA-256 in `tokens`), checked
//! against the member's role and always scoped to their team, then served by one handler of [`routes`] or [`blobs`]
//! inside one PostgreSQL transaction. The server holds no state of its own outside PostgreSQL except the counters of
//! failed token attempts ([`limits::AuthLimiter`]), so several processes can serve one database.
#![deny(missing_docs)]

pub mod accounts;
pub mod app;
pub mod auth;
pub mod blobs;
pub mod cli;
pub mod db;
pub mod error;
pub mod limits;
pub mod migrate;
pub mod routes;
pub mod serve;
pub mod tls;
pub mod validate;

pub use app::{router, AppState};
pub use error::ApiError;
