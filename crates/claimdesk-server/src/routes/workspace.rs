//! Finding a team workspace by name, always within the caller's team.

use tokio_postgres::GenericClient;

use crate::auth::Caller;
use crate::error::ApiError;

/// The id of the caller's team's workspace `name`, locked `FOR UPDATE` when `lock` (a join holds the lock to its
/// commit, so its desk number and the head it answers are taken while no push is numbering its writes).
///
/// Another team's workspace of that name is simply not found: the answer is the same 404 as for no workspace at all.
pub async fn find<C: GenericClient>(
    c: &C,
    caller: &Caller,
    name: &str,
    lock: bool,
) -> Result<i64, ApiError> {
    crate::validate::name("workspace", name)?;
    let sql = if lock {
        "SELECT id FROM workspaces WHERE team_id = $1 AND name = $2 FOR UPDATE"
    } else {
        "SELECT id FROM workspaces WHERE team_id = $1 AND name = $2"
    };
    let row = c.query_opt(sql, &[&caller.team_id, &name]).await?;
    row.map(|r| r.get(0))
        .ok_or_else(|| ApiError::NotFound(format!("no team workspace {name:?}")))
}

/// The workspace's head: the position of its latest committed write (0 when none).
pub async fn head<C: GenericClient>(c: &C, workspace_id: i64) -> Result<u64, ApiError> {
    let row = c
        .query_one(
            "SELECT head FROM workspaces WHERE id = $1",
            &[&workspace_id],
        )
        .await?;
    Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
}
