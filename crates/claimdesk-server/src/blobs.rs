//! `PUT /v1/blobs/{sha256}` and `GET /v1/blobs/{sha256}`: snapshot bodies, per team, content-addressed.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::{WireBytes, WirePath};
use crate::validate;

/// Stores a body under its SHA-256, which the server recomputes: a body that does not match its address is refused.
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(sha): WirePath<String>,
    WireBytes(body): WireBytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require_write("upload snapshot bodies")?;
    validate::sha256(&sha)?;
    let actual = claimdesk_core::sha256_hex(&body);
    if actual != sha {
        return Err(ApiError::BadRequest(format!(
            "the body's SHA-256 is {actual}, not {sha}"
        )));
    }
    let client = state.pool.get().await?;
    let stmt = client
        .prepare_cached(
            "INSERT INTO blobs (team_id, sha256, body, by_member) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team_id, sha256) DO NOTHING",
        )
        .await?;
    client
        .execute(
            &stmt,
            &[&caller.team_id, &sha, &body.as_ref(), &caller.member_id],
        )
        .await?;
    Ok(Json(serde_json::json!({})))
}

/// A body of the caller's team; another team's is not found.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(sha): WirePath<String>,
) -> Result<Response, ApiError> {
    validate::sha256(&sha)?;
    let client = state.pool.get().await?;
    let stmt = client
        .prepare_cached("SELECT body FROM blobs WHERE team_id = $1 AND sha256 = $2")
        .await?;
    let row = client
        .query_opt(&stmt, &[&caller.team_id, &sha])
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no blob {sha}")))?;
    let body: Vec<u8> = row.get(0);
    Ok(([(CONTENT_TYPE, "application/octet-stream")], body).into_response())
}
