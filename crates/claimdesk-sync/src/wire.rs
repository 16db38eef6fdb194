//! The JSON bodies of the sync endpoints. Every path is under `/v1/`; every request carries
//! `Authorization: Bearer <token>`, and the token decides the team, so no path names a team.
//!
//! | method and path                         | body → answer                                  | role            |
//! |-----------------------------------------|------------------------------------------------|-----------------|
//! | `GET  /v1/me`                           | → [`Me`]                                       | any             |
//! | `GET  /v1/members`                      | → [`Vec<Member>`]                              | any             |
//! | `POST /v1/members`                      | [`NewMember`] → [`IssuedToken`]                | admin           |
//! | `POST /v1/members/{name}/revoke`        | → `{}`                                         | admin           |
//! | `POST /v1/workspaces/{ws}/join`         | → [`Joined`] (creates the workspace)           | editor, admin   |
//! | `POST /v1/workspaces/{ws}/push`         | [`PushRequest`] → [`PushResponse`]             | editor, admin   |
//! | `GET  /v1/workspaces/{ws}/pull?since=N` | → [`PullResponse`]                             | any             |
//! | `PUT  /v1/blobs/{sha256}`               | raw body → `{}`                                | editor, admin   |
//! | `GET  /v1/blobs/{sha256}`               | → raw body                                     | any             |
//!
//! Errors are [`WireError`] with an HTTP status: 400 `bad_request`, 401 `unauthorized` (missing, unknown, revoked
//! or expired token), 403 `forbidden` (the role may not), 404 `not_found` (also for another team's workspace:
//! its existence is not revealed), 409 `conflict`, 413 `too_large`, 429 `rate_limited`, 500 `internal`, 503
//! `unavailable` (the server's database cannot be reached: nothing was changed, retry later with backoff).
//!
//! A desk pulls with `since` = the last `seq` it has: the server numbers the writes of one workspace in commit order
//! (pushes to one workspace are serialised), so no write below a seen `seq` can appear later.

use claimdesk_core::Millis;
pub use claimdesk_core::RecordKind;
use serde::{Deserialize, Serialize};

/// What a team member may do. Admins manage members and edit; editors mark, cite, note and import; viewers read and
/// export reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Members, roles, and everything an editor does.
    Admin,
    /// Mark, cite, note, import.
    Editor,
    /// Read and export.
    Viewer,
}

impl Role {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// Whether this role may change a team workspace.
    pub fn can_write(self) -> bool {
        matches!(self, Role::Admin | Role::Editor)
    }
}

/// The account behind a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The member's name: the desk's editor name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their team.
    pub team: String,
}

/// A member of the team, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The name.
    pub name: String,
    /// The role.
    pub role: Role,
    /// Whether their tokens have been revoked.
    pub revoked: bool,
}

/// A member to add (admin only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    /// The name, unique in the team.
    pub name: String,
    /// The role.
    pub role: Role,
}

/// A token, shown once: the server keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    /// The member it belongs to.
    pub name: String,
    /// The bearer token.
    pub token: String,
    /// When it expires.
    pub expires_at: Millis,
}

/// The answer to joining a team workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    /// The team workspace's name.
    pub workspace: String,
    /// This desk's number: its new ids start at [`crate::desk_id_floor`] of it.
    pub desk: u32,
    /// The member who joined (the desk's editor name comes from here).
    pub me: Me,
    /// The workspace's latest sequence number: a new desk pulls up to it.
    pub head: u64,
}

/// One changed record, as a desk pushes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// An id the desk chose, unique for this change (`desk:counter`): the server answers a repeated id with its first
    /// answer instead of applying it again.
    pub change: String,
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's key.
    pub key: String,
    /// The server version of this record the desk last saw; 0 for a record new to the server.
    pub base: u64,
    /// The record's JSON after the desk's change; `null` when the desk removed it.
    pub data: serde_json::Value,
    /// When the desk made the change.
    pub at: Millis,
}

/// A push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The pushing desk's number (from [`Joined`]).
    pub desk: u32,
    /// At most [`crate::MAX_BATCH`] changes, applied in order.
    pub changes: Vec<Change>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied as sent.
    Applied,
    /// Someone changed other fields of the record since `base`; both changes are kept.
    Merged,
    /// Someone changed the same field since `base`: their value is kept and the conflict is reported.
    Conflict,
    /// The change id was seen before; this is the first answer again.
    Duplicate,
}

/// Two editors changed the same field of a record from the same version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// The field (`status`, `notes`, ...).
    pub field: String,
    /// The value the server kept (the first).
    pub theirs: serde_json::Value,
    /// The value this desk pushed.
    pub mine: serde_json::Value,
    /// Who made the kept change.
    pub by: String,
    /// When the kept change was accepted.
    pub at: Millis,
}

/// The answer for one change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeResult {
    /// The change id.
    pub change: String,
    /// What happened.
    pub outcome: Outcome,
    /// The record's server version now.
    pub version: u64,
    /// The record as the server now has it (what the desk stores); `null` when removed.
    pub data: serde_json::Value,
    /// The fields in conflict (only for [`Outcome::Conflict`]).
    pub conflicts: Vec<FieldConflict>,
}

/// The answer to a push, one result per change, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The results.
    pub results: Vec<ChangeResult>,
    /// The workspace's sequence number after the push.
    pub head: u64,
}

/// One accepted write, as a pull returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    /// The workspace sequence number of this write.
    pub seq: u64,
    /// The record's kind.
    pub kind: RecordKind,
    /// The record's key.
    pub key: String,
    /// The record's server version after this write.
    pub version: u64,
    /// The record after this write; `null` when removed.
    pub data: serde_json::Value,
    /// The member whose push made it.
    pub by: String,
    /// The desk that pushed it.
    pub desk: u32,
    /// When the server accepted it.
    pub at: Millis,
}

/// A page of a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Writes after `since`, oldest first, at most [`crate::MAX_BATCH`].
    pub changes: Vec<Pulled>,
    /// The `since` of the next page (the last `seq` returned, or `since` when empty).
    pub next: u64,
    /// Whether more writes follow.
    pub more: bool,
}

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    /// One of `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `too_large`, `rate_limited`,
    /// `internal`, `unavailable`.
    pub code: String,
    /// A sentence for the editor.
    pub message: String,
}
