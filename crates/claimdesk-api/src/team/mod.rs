//! Team workspaces, the desk side: connecting this workspace to a team workspace on a `claimdesk-server`, syncing
//! (push what changed here, then pull what others changed), the conflicts the editor resolves, assignment and the
//! team's members. The local sled workspace stays the working copy: every other action works offline, and a sync
//! that cannot reach the server says `offline` and loses nothing (the changes stay marked in the store).

mod client;

use std::collections::HashMap;

use claimdesk_core::{Id, Millis, RecordKind};
use claimdesk_store as store;
use claimdesk_sync as wire;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::changes::ClaimChange;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::Claimdesk;
use client::{check_server_url, TeamClient};

/// Where this desk stands with its team workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TeamStatus {
    /// Whether the workspace is connected to a team workspace.
    pub connected: bool,
    /// `not_connected`, `synced` (nothing waiting), `waiting` (local changes not pushed yet) or `offline` (the last
    /// sync could not reach the server).
    pub state: String,
    /// The server.
    pub url: Option<String>,
    /// The team workspace's name.
    pub team_workspace: Option<String>,
    /// The member this desk works as (its editor name).
    pub member: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Changed records waiting for the next push.
    pub waiting: u32,
    /// Conflicts the editor has not resolved.
    pub conflicts: u32,
    /// When the last sync completed.
    #[ts(type = "number | null")]
    pub last_sync: Option<Millis>,
    /// Why the last sync failed.
    pub last_error: Option<String>,
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// Records pushed and accepted as sent.
    pub pushed: u32,
    /// Records pushed and merged with others' changes to other fields.
    pub merged: u32,
    /// New conflicts.
    pub conflicts: u32,
    /// Records pulled from others.
    pub pulled: u32,
    /// The state after the sync.
    pub status: TeamStatus,
}

/// A field two editors changed differently, for the conflict dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    /// `claim`, `citation`, ...
    pub kind: String,
    /// The record's key.
    pub key: String,
    /// The claim it concerns.
    #[ts(type = "number | null")]
    pub claim: Option<Id>,
    /// The field.
    pub field: String,
    /// The value kept (theirs), as JSON.
    #[ts(type = "unknown")]
    pub theirs: serde_json::Value,
    /// This desk's value, as JSON.
    #[ts(type = "unknown")]
    pub mine: serde_json::Value,
    /// Who made the kept change.
    pub by: String,
    /// When.
    #[ts(type = "number")]
    pub at: Millis,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberView {
    /// The name.
    pub name: String,
    /// `admin`, `editor` or `viewer`.
    pub role: String,
    /// Whether their tokens were revoked.
    pub revoked: bool,
}

fn conflict_view(c: store::SyncConflict) -> ConflictView {
    ConflictView {
        kind: c.kind.as_str().to_string(),
        key: c.key,
        claim: c.claim,
        field: c.field,
        theirs: c.theirs,
        mine: c.mine,
        by: c.by,
        at: c.at,
    }
}

/// The claim a record concerns, for a conflict on it.
fn claim_of(kind: RecordKind, key: &str, data: &serde_json::Value) -> Option<Id> {
    match kind {
        RecordKind::Claim => key.parse().ok(),
        RecordKind::Citation => data.get("claim").and_then(|c| c.as_u64()),
        _ => None,
    }
}

impl Claimdesk {
    /// This desk's team status (no network).
    pub fn team_status(&self) -> ApiResult<TeamStatus> {
        let conn = self.store.sync_connection()?;
        let waiting = self.store.sync_waiting()? as u32;
        let conflicts = self.store.sync_conflicts()?.len() as u32;
        Ok(match conn {
            None => TeamStatus {
                connected: false,
                state: "not_connected".into(),
                url: None,
                team_workspace: None,
                member: None,
                role: None,
                waiting: 0,
                conflicts: 0,
                last_sync: None,
                last_error: None,
            },
            Some(c) => TeamStatus {
                connected: true,
                state: if c.last_error.is_some() {
                    "offline"
                } else if waiting > 0 {
                    "waiting"
                } else {
                    "synced"
                }
                .into(),
                url: Some(c.url),
                team_workspace: Some(c.team_workspace),
                member: Some(c.member),
                role: Some(c.role),
                waiting,
                conflicts,
                last_sync: c.last_sync,
                last_error: c.last_error,
            },
        })
    }

    /// Connects this workspace to the team workspace `team_workspace` on the server at `url`, as the member whose
    /// token this is, then syncs once. Plain HTTP is refused except to loopback unless `allow_insecure`.
    pub async fn connect_team(
        &self,
        url: &str,
        token: &str,
        team_workspace: &str,
        allow_insecure: bool,
    ) -> ApiResult<SyncReport> {
        let base = check_server_url(url, allow_insecure)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "the token is empty"));
        }
        let client = TeamClient::new(&base, token)?;
        let joined = client.join(team_workspace.trim()).await?;
        self.store.connect_team(
            store::SyncConnection {
                url: base,
                team_workspace: joined.workspace.clone(),
                token: token.to_string(),
                desk: joined.desk,
                member: joined.me.name.clone(),
                role: joined.me.role.as_str().to_string(),
                pulled: 0,
                last_sync: None,
                last_error: None,
            },
            joined.head,
        )?;
        self.set_editor_name(&joined.me.name);
        self.sync_team().await
    }

    /// Pushes every local change, then pulls every change of the others. A failure to reach the server is
    /// recorded (the status says `offline`) and returned as `offline`; nothing is lost.
    pub async fn sync_team(&self) -> ApiResult<SyncReport> {
        let conn = self.store.require_connection()?;
        let client = TeamClient::new(&conn.url, &conn.token)?;
        match self.sync_with(&client, &conn).await {
            Ok(mut report) => {
                self.store.set_sync_outcome(None, None)?;
                report.status = self.team_status()?;
                Ok(report)
            }
            Err(e) => {
                if matches!(e.code, ErrorCode::Offline | ErrorCode::Unauthorized) {
                    self.store.set_sync_outcome(None, Some(e.message.clone()))?;
                }
                Err(e)
            }
        }
    }

    async fn sync_with(
        &self,
        client: &TeamClient,
        conn: &store::SyncConnection,
    ) -> ApiResult<SyncReport> {
        let mut report = SyncReport {
            pushed: 0,
            merged: 0,
            conflicts: 0,
            pulled: 0,
            status: self.team_status()?,
        };
        let can_write = wire::Role::parse(&conn.role).is_some_and(wire::Role::can_write);
        // Push, in batches, until nothing waits (a batch that comes back unchanged means the records changed again
        // during the push; the next sync takes them).
        for _ in 0..10_000 {
            if !can_write {
                break;
            }
            let out = self.store.sync_outgoing(wire::MAX_BATCH)?;
            if out.is_empty() {
                break;
            }
            let mut changes = Vec::with_capacity(out.len());
            let mut bytes = 0usize;
            let mut taken = Vec::new();
            for o in out {
                let size = o.data.to_string().len() + 256;
                if !changes.is_empty() && bytes + size > wire::MAX_BODY_BYTES / 2 {
                    break;
                }
                bytes += size;
                if let Some((sha, body)) = &o.blob {
                    client.put_blob(sha, body.clone()).await?;
                }
                changes.push(wire::Change {
                    change: format!("{}:{}", conn.desk, o.counter),
                    kind: o.kind,
                    key: o.key.clone(),
                    base: o.base,
                    data: o.data.clone(),
                    at: claimdesk_core::now_millis(),
                });
                taken.push(o);
            }
            let resp = client
                .push(
                    &conn.team_workspace,
                    &wire::PushRequest {
                        desk: conn.desk,
                        changes,
                    },
                )
                .await?;
            if resp.results.len() != taken.len() {
                return Err(ApiError::new(
                    ErrorCode::TeamServer,
                    "the team server answered a push with the wrong number of results",
                ));
            }
            let mut acks = Vec::with_capacity(taken.len());
            for (o, r) in taken.iter().zip(resp.results) {
                match r.outcome {
                    wire::Outcome::Applied | wire::Outcome::Duplicate => report.pushed += 1,
                    wire::Outcome::Merged => report.merged += 1,
                    wire::Outcome::Conflict => report.conflicts += r.conflicts.len() as u32,
                }
                let claim = claim_of(o.kind, &o.key, &r.data);
                acks.push(store::Acknowledged {
                    kind: o.kind,
                    key: o.key.clone(),
                    counter: o.counter,
                    version: r.version,
                    conflicts: r
                        .conflicts
                        .into_iter()
                        .map(|c| store::SyncConflict {
                            kind: o.kind,
                            key: o.key.clone(),
                            claim,
                            field: c.field,
                            theirs: c.theirs,
                            mine: c.mine,
                            by: c.by,
                            at: c.at,
                        })
                        .collect(),
                    data: r.data,
                });
            }
            self.store.sync_acknowledge(&acks)?;
        }
        // Pull.
        let mut since = self
            .store
            .sync_connection()?
            .map_or(conn.pulled, |c| c.pulled);
        loop {
            let page = client.pull(&conn.team_workspace, since).await?;
            let mut bodies: HashMap<String, Vec<u8>> = HashMap::new();
            let mut incoming = Vec::with_capacity(page.changes.len());
            for p in page.changes {
                let mut body = None;
                if p.kind == RecordKind::Snapshot && !p.data.is_null() {
                    let sha = p.data.get("sha256").and_then(|s| s.as_str()).unwrap_or("");
                    let id: Id = p.key.parse().unwrap_or(0);
                    if self.store.has_snapshot_with_sha(id, sha)? {
                        body = Some(self.store.snapshot_raw(id)?);
                    } else if let Some(b) = bodies.get(sha) {
                        body = Some(b.clone());
                    } else {
                        let b = client.get_blob(sha).await?;
                        bodies.insert(sha.to_string(), b.clone());
                        body = Some(b);
                    }
                }
                incoming.push(store::Incoming {
                    kind: p.kind,
                    key: p.key,
                    version: p.version,
                    data: p.data,
                    body,
                });
            }
            report.pulled += self.store.sync_apply(&incoming, page.next)? as u32;
            if !page.more || page.next <= since {
                break;
            }
            since = page.next;
        }
        self.memory_changed();
        Ok(report)
    }

    /// The conflicts waiting for the editor.
    pub fn sync_conflicts(&self) -> ApiResult<Vec<ConflictView>> {
        Ok(self
            .store
            .sync_conflicts()?
            .into_iter()
            .map(conflict_view)
            .collect())
    }

    /// Resolves one conflict: `keep` is `theirs` or `mine`. Keeping mine is a new change, pushed at the next sync.
    pub fn resolve_conflict(
        &self,
        kind: &str,
        key: &str,
        field: &str,
        keep: &str,
    ) -> ApiResult<TeamStatus> {
        let kind = RecordKind::parse(kind).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("unknown record kind {kind:?}"),
            )
        })?;
        let keep = match keep {
            "theirs" => store::sync::Keep::Theirs,
            "mine" => store::sync::Keep::Mine,
            other => {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("keep is `theirs` or `mine`, not {other:?}"),
                ))
            }
        };
        self.store
            .resolve_conflict(kind, key, field, keep, &self.editor())?;
        self.memory_changed();
        self.team_status()
    }

    /// Assigns a claim to a team member (`None` takes it back).
    pub fn assign_claim(&self, claim: Id, assignee: Option<&str>) -> ApiResult<ClaimChange> {
        let c = self.store.assign(claim, assignee, &self.editor())?;
        self.claim_change(&c)
    }

    /// The team's members, from the server.
    pub async fn team_members(&self) -> ApiResult<Vec<MemberView>> {
        let conn = self.store.require_connection()?;
        let client = TeamClient::new(&conn.url, &conn.token)?;
        Ok(client
            .members()
            .await?
            .into_iter()
            .map(|m| MemberView {
                name: m.name,
                role: m.role.as_str().to_string(),
                revoked: m.revoked,
            })
            .collect())
    }
}
