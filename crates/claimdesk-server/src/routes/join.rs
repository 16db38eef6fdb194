//! `POST /v1/workspaces/{ws}/join`: creates the team workspace when missing and gives the desk a number.

use axum::extract::State;
use axum::Json;
use claimdesk_sync::{Joined, MAX_DESK};

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::WirePath;
use crate::routes::workspace;

/// Joins a workspace, creating it when an editor or admin joins first. A viewer may join one that exists (their
/// desk pulls and never pushes) but not create one.
pub async fn join(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(ws): WirePath<String>,
) -> Result<Json<Joined>, ApiError> {
    crate::validate::name("workspace", &ws)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    if caller.role.can_write() {
        tx.execute(
            "INSERT INTO workspaces (team_id, name) VALUES ($1, $2) ON CONFLICT (team_id, name) DO NOTHING",
            &[&caller.team_id, &ws],
        )
        .await?;
    }
    let workspace_id = workspace::find(&*tx, &caller, &ws, true).await?;
    let row = tx
        .query_one(
            "SELECT next_desk FROM workspaces WHERE id = $1",
            &[&workspace_id],
        )
        .await?;
    let desk: i32 = row.get(0);
    let desk_u32 = u32::try_from(desk).unwrap_or(u32::MAX);
    if desk_u32 > MAX_DESK {
        return Err(ApiError::Conflict(format!(
            "team workspace {ws:?} has handed out all {MAX_DESK} desk numbers"
        )));
    }
    tx.execute(
        "UPDATE workspaces SET next_desk = next_desk + 1 WHERE id = $1",
        &[&workspace_id],
    )
    .await?;
    tx.execute(
        "INSERT INTO desks (workspace_id, desk, member_id) VALUES ($1, $2, $3)",
        &[&workspace_id, &desk, &caller.member_id],
    )
    .await?;
    let head = workspace::head(&*tx, workspace_id).await?;
    tx.commit().await?;
    Ok(Json(Joined {
        workspace: ws,
        desk: desk_u32,
        me: caller.me(),
        head,
    }))
}
