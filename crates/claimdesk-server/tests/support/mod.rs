//! Shared by the server's integration tests: a throwaway PostgreSQL and server per test, and a small HTTP desk.
#![allow(dead_code)] // each test binary uses a different part

use std::path::Path;

use claimdesk_pgtest::{add_member, PgCluster, ServerProcess};
use claimdesk_sync::{Change, Joined, PullResponse, Pulled, PushRequest, PushResponse, RecordKind};
use reqwest::StatusCode;
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_claimdesk-server");

/// One PostgreSQL and one server, both stopped on drop.
pub struct Team {
    // Field order: the server goes before its database.
    pub server: ServerProcess,
    pub pg: PgCluster,
}

impl Team {
    pub fn start() -> Team {
        let pg = PgCluster::new().unwrap_or_else(|e| panic!("test PostgreSQL: {e}"));
        let server = ServerProcess::start(Path::new(BIN), &pg.url())
            .unwrap_or_else(|e| panic!("claimdesk-server: {e}"));
        Team { server, pg }
    }

    /// A token for a new member.
    pub fn member(&self, name: &str, role: &str, team: &str) -> String {
        add_member(Path::new(BIN), &self.pg.url(), name, role, team)
            .unwrap_or_else(|e| panic!("user add {name}: {e}"))
    }

    /// A desk for a new member.
    pub fn desk(&self, name: &str, role: &str, team: &str) -> Desk {
        Desk::new(&self.server.base_url(), &self.member(name, role, team))
    }

    /// A direct connection to the database, to check what the server stored.
    pub async fn db(&self) -> tokio_postgres::Client {
        let (client, conn) = tokio_postgres::connect(&self.pg.url(), tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("connect to test PostgreSQL: {e}"));
        tokio::spawn(conn);
        client
    }

    /// `SELECT count(*) FROM table` (the table names are ours, never input).
    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db()
            .await
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await
            .unwrap_or_else(|e| panic!("count {table}: {e}"));
        row.get(0)
    }
}

/// An HTTP client with one member's token.
#[derive(Clone)]
pub struct Desk {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Desk {
    pub fn new(base: &str, token: &str) -> Desk {
        // reqwest is built without a default provider (as in claimdesk-sources); a second install is a no-op error.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Desk {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap_or_else(|e| panic!("reqwest client: {e}")),
            base: base.to_string(),
            token: token.to_string(),
        }
    }

    pub fn with_token(&self, token: &str) -> Desk {
        Desk {
            token: token.to_string(),
            ..self.clone()
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let resp = req
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("request: {e}"));
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap_or_default();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    pub async fn join(&self, ws: &str) -> Joined {
        let (status, body) = self
            .post(&format!("/v1/workspaces/{}/join", enc(ws)), &Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK, "join {ws}: {body}");
        serde_json::from_value(body).unwrap_or_else(|e| panic!("Joined: {e}"))
    }

    pub async fn push_raw(&self, ws: &str, desk: u32, changes: Vec<Change>) -> (StatusCode, Value) {
        let req = PushRequest { desk, changes };
        let body = serde_json::to_value(&req).unwrap_or_else(|e| panic!("{e}"));
        self.post(&format!("/v1/workspaces/{}/push", enc(ws)), &body)
            .await
    }

    pub async fn push(&self, ws: &str, desk: u32, changes: Vec<Change>) -> PushResponse {
        let (status, body) = self.push_raw(ws, desk, changes).await;
        assert_eq!(status, StatusCode::OK, "push: {body}");
        serde_json::from_value(body).unwrap_or_else(|e| panic!("PushResponse: {e}"))
    }

    pub async fn pull_page(&self, ws: &str, since: u64) -> (StatusCode, Value) {
        self.get(&format!("/v1/workspaces/{}/pull?since={since}", enc(ws)))
            .await
    }

    /// Every write after `since`, page by page.
    pub async fn pull_all(&self, ws: &str, mut since: u64) -> Vec<Pulled> {
        let mut all = Vec::new();
        loop {
            let (status, body) = self.pull_page(ws, since).await;
            assert_eq!(status, StatusCode::OK, "pull: {body}");
            let page: PullResponse = serde_json::from_value(body).unwrap_or_else(|e| panic!("{e}"));
            all.extend(page.changes);
            since = page.next;
            if !page.more {
                return all;
            }
        }
    }

    pub async fn put_blob(&self, sha: &str, body: Vec<u8>) -> (StatusCode, Value) {
        self.send(
            self.http
                .put(format!("{}/v1/blobs/{sha}", self.base))
                .body(body),
        )
        .await
    }

    pub async fn get_blob(&self, sha: &str) -> (StatusCode, Vec<u8>) {
        let resp = self
            .http
            .get(format!("{}/v1/blobs/{sha}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("request: {e}"));
        let status = resp.status();
        (
            status,
            resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        )
    }
}

/// A path segment, percent-encoded.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn change(id: &str, kind: RecordKind, key: &str, base: u64, data: Value) -> Change {
    Change {
        change: id.to_string(),
        kind,
        key: key.to_string(),
        base,
        data,
        at: 1_700_000_000_000,
    }
}

/// Asserts a WireError with `code`.
pub fn assert_wire(body: &Value, code: &str) {
    assert_eq!(
        body["code"],
        Value::String(code.into()),
        "expected WireError {code}, got {body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}
