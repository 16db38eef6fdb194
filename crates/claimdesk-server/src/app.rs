//! The router and its shared state.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use claimdesk_sync::MAX_BODY_BYTES;

use crate::db::Pool;
use crate::error::ApiError;
use crate::limits::AuthLimiter;
use crate::{blobs, routes};

/// What every handler can reach: the pool and the failed-token counters. Nothing else lives outside PostgreSQL.
#[derive(Clone, Debug)]
pub struct AppState {
    /// PostgreSQL.
    pub pool: Pool,
    /// Failed token attempts per address.
    pub limiter: Arc<AuthLimiter>,
}

impl AppState {
    /// State over `pool` with fresh counters.
    pub fn new(pool: Pool) -> AppState {
        AppState {
            pool,
            limiter: Arc::new(AuthLimiter::default()),
        }
    }
}

/// The `/v1/` API of claimdesk-sync's endpoint table. Serve it with `into_make_service_with_connect_info::<SocketAddr>`:
/// the rate limit needs the peer address.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/me", get(routes::members::me))
        .route(
            "/v1/members",
            get(routes::members::list).post(routes::members::add),
        )
        .route("/v1/members/{name}/revoke", post(routes::members::revoke))
        .route("/v1/workspaces/{ws}/join", post(routes::join::join))
        .route("/v1/workspaces/{ws}/push", post(routes::push::push))
        .route("/v1/workspaces/{ws}/pull", get(routes::pull::pull))
        .route("/v1/blobs/{sha256}", get(blobs::get).put(blobs::put))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint (this server speaks /v1/)".into())
}
