//! `POST /v1/workspaces/{ws}/push`: one transaction per push; acknowledged only after COMMIT.
//!
//! A push locks only the records it changes (`FOR UPDATE OF r`, before reading them), so pushes to different records
//! of one workspace run side by side. Its writes are numbered last: one statement takes the workspace row, raises the
//! workspace's `head` by the number of writes and gives them the positions below it, and COMMIT follows. The row lock
//! is held only for that statement and the commit, so positions follow commit order and a desk that pulled up to N
//! never misses a write numbered below N that committed later.
//!
//! Without the workspace lock around everything, two pushes can race: both create the same record (the second fails
//! on the unique version of `writes`), both send the same change id (the second fails on `changes`' key), or lock two
//! records in opposite orders (PostgreSQL aborts one as a deadlock). Each of these rolls back the losing push whole,
//! and it is simply tried again ([`ATTEMPTS`]); the retry sees the winner's write and merges, or answers Duplicate.

use axum::extract::State;
use axum::Json;
use claimdesk_core::now_millis;
use claimdesk_core::Millis;
use claimdesk_sync::{
    merge, Change, ChangeResult, FieldConflict, Outcome, PushRequest, PushResponse, RecordKind,
    MAX_BATCH,
};
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;
use tokio_postgres::types::ToSql;

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::{WireJson, WirePath};
use crate::routes::workspace;
use crate::validate;

/// How many times a push that lost a race ([`ApiError::Busy`]) is run in all before the desk is told to retry.
const ATTEMPTS: u32 = 5;

/// Applies a batch of changes in order.
pub async fn push(
    State(state): State<AppState>,
    caller: Caller,
    WirePath(ws): WirePath<String>,
    WireJson(req): WireJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    caller.require_write("push changes")?;
    if req.changes.len() > MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "a push carries at most {MAX_BATCH} changes, this one {}",
            req.changes.len()
        )));
    }
    for c in &req.changes {
        validate::key("change id", &c.change)?;
        validate::key("record key", &c.key)?;
    }
    validate::name("workspace", &ws)?;
    let desk = i32::try_from(req.desk)
        .map_err(|_| ApiError::BadRequest(format!("desk {} is out of range", req.desk)))?;
    let mut attempt = 1;
    loop {
        match push_once(&state, &caller, &ws, &req, desk).await {
            Err(ApiError::Busy(detail)) if attempt < ATTEMPTS => {
                tracing::debug!("push to {ws:?} lost a race (attempt {attempt}): {detail}");
                // A short, growing pause lets the winner commit; the loser then sees its write.
                tokio::time::sleep(Duration::from_millis(2 << attempt)).await;
                attempt += 1;
            }
            other => return other.map(Json),
        }
    }
}

/// One try at the whole push, in one transaction.
async fn push_once(
    state: &AppState,
    caller: &Caller,
    ws: &str,
    req: &PushRequest,
    desk: i32,
) -> Result<PushResponse, ApiError> {
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // The workspace and the desk check in one round trip, without a lock: workspaces and desks are never removed.
    let find = tx
        .prepare_cached(
            "SELECT w.id, EXISTS (SELECT 1 FROM desks d WHERE d.workspace_id = w.id AND d.desk = $3)
             FROM workspaces w WHERE w.team_id = $1 AND w.name = $2",
        )
        .await?;
    let row = tx
        .query_opt(&find, &[&caller.team_id, &ws, &desk])
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no team workspace {ws:?}")))?;
    let workspace_id: i64 = row.get(0);
    if !row.get::<_, bool>(1) {
        return Err(ApiError::BadRequest(format!(
            "desk {} has not joined team workspace {ws:?}: join first",
            req.desk
        )));
    }
    let ctx = Ctx {
        tx: &tx,
        workspace_id,
        caller,
        desk,
        now: now_millis(),
        written: Mutex::new(Vec::new()),
    };
    let mut results = Vec::with_capacity(req.changes.len());
    for change in &req.changes {
        results.push(ctx.apply(change).await?);
    }
    let head = ctx.number().await?;
    // Dropping the transaction on any error above rolls the whole push back; only a committed push is answered.
    tx.commit().await?;
    Ok(PushResponse { results, head })
}

/// The record as the server has it now.
struct Current {
    version: i64,
    data: Value,
    by: String,
    at: Millis,
}

struct Ctx<'a, 't> {
    tx: &'a deadpool_postgres::Transaction<'t>,
    workspace_id: i64,
    caller: &'a Caller,
    desk: i32,
    now: Millis,
    /// The `seq` of each of this push's writes, in the order written (a Mutex only so that `&Ctx` is Send across
    /// awaits; it is never held across one).
    written: Mutex<Vec<i64>>,
}

impl Ctx<'_, '_> {
    /// Numbers this push's writes in the workspace's commit order and returns the new head (or the head as it is,
    /// for a push that wrote nothing). This takes the workspace row lock, held to COMMIT: call it last.
    async fn number(&self) -> Result<u64, ApiError> {
        let seqs = std::mem::take(&mut *self.written.lock().map_err(|_| poisoned())?);
        if seqs.is_empty() {
            return workspace::head(&**self.tx, self.workspace_id).await;
        }
        let stmt = self
            .tx
            .prepare_cached(
                "WITH h AS (
                     UPDATE workspaces SET head = head + cardinality($2::bigint[]) WHERE id = $1 RETURNING head
                 ), numbered AS (
                     UPDATE writes w SET pos = h.head - cardinality($2::bigint[]) + s.ord
                     FROM h, unnest($2::bigint[]) WITH ORDINALITY AS s(seq, ord)
                     WHERE w.seq = s.seq
                     RETURNING w.pos
                 )
                 SELECT h.head, (SELECT count(*) FROM numbered) FROM h",
            )
            .await?;
        let row = self
            .tx
            .query_one(&stmt, &[&self.workspace_id, &seqs])
            .await?;
        let numbered: i64 = row.get(1);
        if usize::try_from(numbered).ok() != Some(seqs.len()) {
            return Err(ApiError::Internal(format!(
                "numbered {numbered} of this push's {} writes",
                seqs.len()
            )));
        }
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }

    async fn apply(&self, change: &Change) -> Result<ChangeResult, ApiError> {
        let tx = self.tx;
        let seen = tx
            .prepare_cached("SELECT result FROM changes WHERE workspace_id = $1 AND change_id = $2")
            .await?;
        // The two reads go out together: tokio-postgres pipelines concurrent statements on one connection, and
        // every round trip saved is time the workspace lock is not held.
        let (seen_row, current) = tokio::try_join!(
            async {
                tx.query_opt(&seen, &[&self.workspace_id, &change.change])
                    .await
                    .map_err(ApiError::from)
            },
            self.current(change)
        )?;
        if let Some(row) = seen_row {
            let mut first: ChangeResult = serde_json::from_value(row.get(0))?;
            first.outcome = Outcome::Duplicate;
            return Ok(first);
        }
        if change.kind == RecordKind::Snapshot && !change.data.is_null() {
            self.check_blob(change).await?;
        }
        let result = if change.kind == RecordKind::Event {
            if current.is_some() {
                return Err(ApiError::Conflict(format!(
                    "event {:?} is already on the server under another change id: events are append-only",
                    change.key
                )));
            }
            self.write(change, 1, &change.data).await?;
            self.result(change, Outcome::Applied, 1, change.data.clone(), Vec::new())
        } else {
            self.apply_record(change, current).await?
        };
        let stored = serde_json::to_value(&result)?;
        let remember = tx
            .prepare_cached(
                "INSERT INTO changes (workspace_id, change_id, result, by_member, at_ms)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .await?;
        tx.execute(
            &remember,
            &[
                &self.workspace_id,
                &change.change,
                &stored,
                &self.caller.member_id,
                &self.now,
            ],
        )
        .await?;
        Ok(result)
    }

    /// A document, version, claim, citation or snapshot: applied on the current version, merged on an older one.
    async fn apply_record(
        &self,
        change: &Change,
        current: Option<Current>,
    ) -> Result<ChangeResult, ApiError> {
        let base = i64::try_from(change.base)
            .map_err(|_| ApiError::BadRequest(format!("base {} is out of range", change.base)))?;
        let Some(cur) = current else {
            if base != 0 {
                return Err(ApiError::BadRequest(format!(
                    "{} {:?} is not on the server, yet the change's base is version {base}",
                    change.kind.as_str(),
                    change.key
                )));
            }
            self.write(change, 1, &change.data).await?;
            return Ok(self.result(change, Outcome::Applied, 1, change.data.clone(), Vec::new()));
        };
        if base > cur.version {
            return Err(ApiError::BadRequest(format!(
                "{} {:?} is at version {} on the server, yet the change's base is version {base}",
                change.kind.as_str(),
                change.key,
                cur.version
            )));
        }
        // No shortcut for a desk's own earlier write: after a lost answer the desk's record lacks what the server
        // merged into that write, so it is merged like anyone's (at worst a conflict with itself, never a loss).
        if base == cur.version {
            let v = cur.version + 1;
            self.write(change, v, &change.data).await?;
            return Ok(self.result(change, Outcome::Applied, v, change.data.clone(), Vec::new()));
        }
        let base_data = self.data_at(change, base).await?;
        let out = merge(change.kind, &base_data, &cur.data, &change.data);
        // A merge that keeps the current record as it is (mine changed nothing new, or only conflicting fields)
        // writes nothing: the history has no empty versions.
        let (version, data) = if out.merged != cur.data {
            let v = cur.version + 1;
            self.write(change, v, &out.merged).await?;
            (v, out.merged)
        } else {
            (cur.version, cur.data.clone())
        };
        if out.conflicts.is_empty() {
            return Ok(self.result(change, Outcome::Merged, version, data, Vec::new()));
        }
        let conflicts = out
            .conflicts
            .iter()
            .map(|field| {
                let (theirs, mine) = if field == "*" {
                    (cur.data.clone(), change.data.clone())
                } else {
                    (field_of(&cur.data, field), field_of(&change.data, field))
                };
                FieldConflict {
                    field: field.clone(),
                    theirs,
                    mine,
                    by: cur.by.clone(),
                    at: cur.at,
                }
            })
            .collect();
        Ok(self.result(change, Outcome::Conflict, version, data, conflicts))
    }

    fn result(
        &self,
        change: &Change,
        outcome: Outcome,
        version: i64,
        data: Value,
        conflicts: Vec<FieldConflict>,
    ) -> ChangeResult {
        ChangeResult {
            change: change.change.clone(),
            outcome,
            version: u64::try_from(version).unwrap_or(0),
            data,
            conflicts,
        }
    }

    /// The record's current state, locked for this transaction.
    async fn current(&self, change: &Change) -> Result<Option<Current>, ApiError> {
        let stmt = self
            .tx
            .prepare_cached(
                // The member's name in a subquery, not a join: a row lock that waited for another push's update
                // re-reads the row's new version, and with the join that re-read found no row (tests/concurrency.rs).
                "SELECT r.version, r.data, (SELECT m.name FROM members m WHERE m.id = r.by_member), r.at_ms
                 FROM records r
                 WHERE r.workspace_id = $1 AND r.kind = $2 AND r.key = $3
                 FOR UPDATE",
            )
            .await?;
        let row = self
            .tx
            .query_opt(
                &stmt,
                &[&self.workspace_id, &change.kind.as_str(), &change.key],
            )
            .await?;
        Ok(row.map(|r| Current {
            version: r.get(0),
            data: r.get(1),
            by: r.get(2),
            at: r.get(3),
        }))
    }

    /// The record's data at `version` (0: not yet created, `null`), from the history.
    async fn data_at(&self, change: &Change, version: i64) -> Result<Value, ApiError> {
        if version == 0 {
            return Ok(Value::Null);
        }
        let stmt = self
            .tx
            .prepare_cached(
                "SELECT data FROM writes
                 WHERE workspace_id = $1 AND kind = $2 AND key = $3 AND version = $4",
            )
            .await?;
        let row = self
            .tx
            .query_opt(
                &stmt,
                &[
                    &self.workspace_id,
                    &change.kind.as_str(),
                    &change.key,
                    &version,
                ],
            )
            .await?;
        row.map(|r| r.get(0)).ok_or_else(|| {
            ApiError::Internal(format!(
                "version {version} of {} {:?} is missing from writes",
                change.kind.as_str(),
                change.key
            ))
        })
    }

    /// Records version `version` of the record as current and appends it to the history.
    async fn write(&self, change: &Change, version: i64, data: &Value) -> Result<(), ApiError> {
        let tx = self.tx;
        let kind = change.kind.as_str();
        let upsert = tx
            .prepare_cached(
                "INSERT INTO records (workspace_id, kind, key, version, data, by_member, desk, at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (workspace_id, kind, key) DO UPDATE SET
                     version = EXCLUDED.version, data = EXCLUDED.data, by_member = EXCLUDED.by_member,
                     desk = EXCLUDED.desk, at_ms = EXCLUDED.at_ms",
            )
            .await?;
        let append = tx
            .prepare_cached(
                "INSERT INTO writes
                     (workspace_id, kind, key, version, data, by_member, desk, at_ms, desk_at_ms, change_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 RETURNING seq",
            )
            .await?;
        let record: [&(dyn ToSql + Sync); 8] = [
            &self.workspace_id,
            &kind,
            &change.key,
            &version,
            data,
            &self.caller.member_id,
            &self.desk,
            &self.now,
        ];
        let history: [&(dyn ToSql + Sync); 10] = [
            &self.workspace_id,
            &kind,
            &change.key,
            &version,
            data,
            &self.caller.member_id,
            &self.desk,
            &self.now,
            &change.at,
            &change.change,
        ];
        // Both statements in one round trip (pipelined); either failing fails the push.
        let (_, row) = tokio::try_join!(
            tx.execute(&upsert, &record),
            tx.query_one(&append, &history)
        )?;
        self.written
            .lock()
            .map_err(|_| poisoned())?
            .push(row.get(0));
        Ok(())
    }

    /// A snapshot record may only name a body the team has uploaded.
    async fn check_blob(&self, change: &Change) -> Result<(), ApiError> {
        let sha = change
            .data
            .get("sha256")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "snapshot {:?} has no sha256 naming its body",
                    change.key
                ))
            })?;
        validate::sha256(sha)?;
        let stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM blobs WHERE team_id = $1 AND sha256 = $2")
            .await?;
        if self
            .tx
            .query_opt(&stmt, &[&self.caller.team_id, &sha])
            .await?
            .is_none()
        {
            return Err(ApiError::BadRequest(format!(
                "snapshot {:?} names body {sha}, which has not been uploaded: PUT /v1/blobs/{sha} first",
                change.key
            )));
        }
        Ok(())
    }
}

fn poisoned() -> ApiError {
    ApiError::Internal("a push's list of writes was poisoned by a panic".into())
}

fn field_of(v: &Value, field: &str) -> Value {
    v.get(field).cloned().unwrap_or(Value::Null)
}
