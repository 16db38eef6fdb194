//! `GET /v1/workspaces/{ws}/pull?since=N`: the accepted writes after position N, in commit order, a page at a time.
//!
//! The wire calls a write's position `seq`; it is the `pos` a push gives its writes just before COMMIT (see
//! `push.rs`), so a write not yet committed has none and is never skipped by a cursor that passed it.

use axum::extract::State;
use axum::Json;
use claimdesk_sync::{PullResponse, Pulled, RecordKind, MAX_BATCH};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::{WirePath, WireQuery};
use crate::routes::workspace;

/// The query string.
#[derive(Debug, Deserialize)]
pub struct PullQuery {
    /// The last position the desk has (0 for everything).
    #[serde(default)]
    pub since: u64,
}

/// One page of writes; any role may pull.
pub async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(ws): WirePath<String>,
    WireQuery(q): WireQuery<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    let since =
        i64::try_from(q.since).map_err(|_| ApiError::BadRequest("since is out of range".into()))?;
    let client = state.pool.get().await?;
    let workspace_id = workspace::find(&**client, &caller, &ws, false).await?;
    let stmt = client
        .prepare_cached(
            "SELECT w.pos, w.kind, w.key, w.version, w.data, m.name, w.desk, w.at_ms
             FROM writes w JOIN members m ON m.id = w.by_member
             WHERE w.workspace_id = $1 AND w.pos > $2
             ORDER BY w.pos LIMIT $3",
        )
        .await?;
    // One more than a page tells whether more follow.
    let limit = i64::try_from(MAX_BATCH + 1).unwrap_or(i64::MAX);
    let rows = client
        .query(&stmt, &[&workspace_id, &since, &limit])
        .await?;
    let more = rows.len() > MAX_BATCH;
    let mut changes = Vec::with_capacity(rows.len().min(MAX_BATCH));
    for r in rows.iter().take(MAX_BATCH) {
        let kind: &str = r.get(1);
        changes.push(Pulled {
            seq: to_u64(r.get(0))?,
            kind: RecordKind::parse(kind)
                .ok_or_else(|| ApiError::Internal(format!("unknown kind {kind:?} in writes")))?,
            key: r.get(2),
            version: to_u64(r.get(3))?,
            data: r.get(4),
            by: r.get(5),
            desk: u32::try_from(r.get::<_, i32>(6))
                .map_err(|_| ApiError::Internal("negative desk in writes".into()))?,
            at: r.get(7),
        });
    }
    let next = changes.last().map(|c| c.seq).unwrap_or(q.since);
    Ok(Json(PullResponse {
        changes,
        next,
        more,
    }))
}

fn to_u64(v: i64) -> Result<u64, ApiError> {
    u64::try_from(v).map_err(|_| ApiError::Internal(format!("negative number {v} in writes")))
}
