//! `POST /v1/workspaces/{ws}/push`: one transaction per push; acknowledged only after COMMIT.
//!
//! The workspace row is locked `FOR UPDATE` for the whole transaction, so the pushes of one workspace are applied
//! one after another and their writes' sequence numbers follow commit order: a desk that pulled up to N never misses
//! a write numbered below N that committed later. Each record is locked too (`FOR UPDATE OF r`) before it is read.

use axum::extract::State;
use axum::Json;
use claimdesk_core::now_millis;
use claimdesk_core::Millis;
use claimdesk_sync::{
    merge, Change, ChangeResult, FieldConflict, Outcome, PushRequest, PushResponse, RecordKind,
    MAX_BATCH,
};
use serde_json::Value;
use std::sync::atomic::{AtomicI64, Ordering};
use tokio_postgres::types::ToSql;

use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::{WireJson, WirePath};
use crate::routes::workspace;
use crate::validate;

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
    let desk = i32::try_from(req.desk)
        .map_err(|_| ApiError::BadRequest(format!("desk {} is out of range", req.desk)))?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // One round trip for the lock and the desk check: the lock is held to COMMIT, so every statement under it
    // delays the next push to this workspace.
    validate::name("workspace", &ws)?;
    let lock = tx
        .prepare_cached(
            "SELECT w.id, EXISTS (SELECT 1 FROM desks d WHERE d.workspace_id = w.id AND d.desk = $3)
             FROM workspaces w WHERE w.team_id = $1 AND w.name = $2
             FOR UPDATE OF w",
        )
        .await?;
    let row = tx
        .query_opt(&lock, &[&caller.team_id, &ws, &desk])
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
        caller: &caller,
        desk,
        now: now_millis(),
        last_seq: AtomicI64::new(0),
    };
    let mut results = Vec::with_capacity(req.changes.len());
    for change in &req.changes {
        results.push(ctx.apply(change).await?);
    }
    // The workspace is locked, so this push's last write is the head; only a push that wrote nothing asks.
    let head = match ctx.last_seq.load(Ordering::Relaxed) {
        0 => workspace::head(&*tx, workspace_id).await?,
        seq => u64::try_from(seq).unwrap_or(0),
    };
    // Dropping the transaction on any error above rolls the whole push back; only a committed push is answered.
    tx.commit().await?;
    Ok(Json(PushResponse { results, head }))
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
    /// The seq of this push's latest write (0: none yet). Atomic only so that `&Ctx` is Send across awaits.
    last_seq: AtomicI64,
}

impl Ctx<'_, '_> {
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
                "SELECT r.version, r.data, m.name, r.at_ms
                 FROM records r JOIN members m ON m.id = r.by_member
                 WHERE r.workspace_id = $1 AND r.kind = $2 AND r.key = $3
                 FOR UPDATE OF r",
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
        self.last_seq.store(row.get(0), Ordering::Relaxed);
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

fn field_of(v: &Value, field: &str) -> Value {
    v.get(field).cloned().unwrap_or(Value::Null)
}
