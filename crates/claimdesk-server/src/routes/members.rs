//! `GET /v1/me`, `GET /v1/members`, `POST /v1/members` and `POST /v1/members/{name}/revoke`.

use axum::extract::State;
use axum::Json;
use claimdesk_sync::{IssuedToken, Me, Member, NewMember};

use crate::accounts;
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::{WireJson, WirePath};

/// The account behind the token.
pub async fn me(caller: Caller) -> Json<Me> {
    Json(caller.me())
}

/// The caller's team's members (any role: the desk shows who holds what).
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Member>>, ApiError> {
    let client = state.pool.get().await?;
    Ok(Json(
        accounts::list_members(&**client, caller.team_id).await?,
    ))
}

/// Adds a member to the caller's team, or issues a new token to an existing one (admin only).
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    WireJson(new): WireJson<NewMember>,
) -> Result<Json<IssuedToken>, ApiError> {
    caller.require_admin("add members")?;
    crate::validate::name("member", &new.name)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let issued = accounts::add_member(
        &*tx,
        caller.team_id,
        &new.name,
        new.role,
        accounts::DEFAULT_EXPIRY_DAYS,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(issued))
}

/// Revokes a member of the caller's team and all their tokens (admin only).
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(name): WirePath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require_admin("revoke members")?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    if !accounts::revoke_member(&*tx, caller.team_id, &name).await? {
        return Err(ApiError::NotFound(format!(
            "no member {name:?} in this team"
        )));
    }
    tx.commit().await?;
    Ok(Json(serde_json::json!({})))
}
