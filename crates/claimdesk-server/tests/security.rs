//! One test per security rule of issue 15, each against its own PostgreSQL and server: the documented error, and
//! nothing changed in the database.

mod support;

use std::path::Path;
use std::process::Command;

use claimdesk_sync::{Outcome, RecordKind, MAX_BODY_BYTES};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{assert_wire, change, enc, Desk, Team, BIN};

/// Row counts of every table the API writes.
async fn counts(team: &Team) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "teams",
        "members",
        "tokens",
        "workspaces",
        "desks",
        "records",
        "writes",
        "changes",
        "blobs",
    ] {
        out.push(team.count(t).await);
    }
    out
}

/// A viewer reads but never writes: push, blob upload and member management are 403, creating a workspace by joining
/// it is 404, and none changes a row; an
/// editor may not manage members either.
#[tokio::test]
async fn viewer_writes_are_forbidden_and_change_nothing() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let vic = team.desk("vic", "viewer", "newsroom");
    let j = ana.join("ws").await;
    ana.push(
        "ws",
        j.desk,
        vec![change(
            "1:1",
            RecordKind::Claim,
            "7",
            0,
            json!({"status": "unsourced"}),
        )],
    )
    .await;
    // A viewer's desk may join a workspace that exists (to pull: one desk row), but cannot create one.
    let (status, body) = vic.post("/v1/workspaces/ws/join", &Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let before = counts(&team).await;
    let (status, body) = vic.post("/v1/workspaces/not-yet/join", &Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wire(&body, "not_found");

    let (status, body) = vic
        .push_raw(
            "ws",
            j.desk,
            vec![change(
                "v:1",
                RecordKind::Claim,
                "7",
                1,
                json!({"status": "verified"}),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_wire(&body, "forbidden");
    let blob = b"body".to_vec();
    let (status, body) = vic.put_blob(&claimdesk_core::sha256_hex(&blob), blob).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_wire(&body, "forbidden");
    let (status, body) = vic
        .post("/v1/members", &json!({"name": "eve", "role": "admin"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_wire(&body, "forbidden");
    let (status, _) = vic.post("/v1/members/ana/revoke", &Value::Null).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // An editor may not manage members.
    let (status, body) = ana
        .post("/v1/members", &json!({"name": "eve", "role": "admin"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_wire(&body, "forbidden");
    assert_eq!(counts(&team).await, before);

    // What a viewer may do: read.
    let pulled = vic.pull_all("ws", 0).await;
    assert_eq!(pulled.len(), 1);
    assert_eq!(pulled[0].data["status"], json!("unsourced"));
}

/// A token of team B cannot reach team A's workspace, blobs or members: the answers are the same 404 as for names
/// that exist nowhere (no id, no hint), and B's own workspace of the same name is a different one.
#[tokio::test]
async fn foreign_team_sees_404_not_the_other_teams_data() {
    let team = Team::start();
    let ana = team.desk("ana", "admin", "herald");
    let bob = team.desk("bob", "admin", "gazette");
    let j = ana.join("budget").await;
    let body = b"herald's archived page".to_vec();
    let sha = claimdesk_core::sha256_hex(&body);
    ana.put_blob(&sha, body).await;
    ana.push(
        "budget",
        j.desk,
        vec![change(
            "1:1",
            RecordKind::Claim,
            "7",
            0,
            json!({"notes": "secret"}),
        )],
    )
    .await;
    let before = counts(&team).await;

    let (status, theirs) = bob.pull_page("budget", 0).await;
    let (_, nowhere) = bob.pull_page("budgex", 0).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wire(&theirs, "not_found");
    assert_eq!(
        theirs["message"]
            .as_str()
            .map(|m| m.replace("budget", "budgex")),
        nowhere["message"].as_str().map(String::from)
    );
    let (status, body) = bob
        .push_raw(
            "budget",
            j.desk,
            vec![change(
                "2:1",
                RecordKind::Claim,
                "7",
                1,
                json!({"notes": "mine"}),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wire(&body, "not_found");
    let (status, _) = bob.get_blob(&sha).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = bob.post("/v1/members/ana/revoke", &Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_wire(&body, "not_found");
    let (_, members) = bob.get("/v1/members").await;
    assert_eq!(
        members,
        json!([{"name": "bob", "role": "admin", "revoked": false}])
    );
    assert_eq!(counts(&team).await, before);

    // Bob's own "budget" is his team's, empty, and does not touch the herald's.
    let mine = bob.join("budget").await;
    assert_eq!((mine.desk, mine.head), (1, 0));
    assert!(bob.pull_all("budget", 0).await.is_empty());
    let (status, me) = ana.get("/v1/me").await;
    assert_eq!(
        (status, me["team"].clone()),
        (StatusCode::OK, json!("herald"))
    );
    assert_eq!(ana.pull_all("budget", 0).await.len(), 1);
}

/// Missing, unknown, revoked (through the API and the CLI) and expired tokens are all 401; re-adding a member issues
/// a new token while the revoked one stays dead.
#[tokio::test]
async fn revoked_and_expired_tokens_are_unauthorized() {
    let team = Team::start();
    let boss = team.desk("boss", "admin", "newsroom");
    let ana = team.desk("ana", "editor", "newsroom");
    let (status, _) = ana.get("/v1/me").await;
    assert_eq!(status, StatusCode::OK);

    let (status, body) = ana.with_token("").get("/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_wire(&body, "unauthorized");
    let (status, _) = ana.with_token("not-a-token").get("/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Revoked by an admin through the API.
    let (status, body) = boss.post("/v1/members/ana/revoke", &Value::Null).await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let (status, body) = ana.get("/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_wire(&body, "unauthorized");
    let (_, members) = boss.get("/v1/members").await;
    assert_eq!(
        members[0],
        json!({"name": "ana", "role": "editor", "revoked": true})
    );

    // Re-added: a new token works, the old one does not.
    let (status, issued) = boss
        .post("/v1/members", &json!({"name": "ana", "role": "viewer"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let fresh = ana.with_token(issued["token"].as_str().unwrap_or_default());
    let (status, me) = fresh.get("/v1/me").await;
    assert_eq!(
        (status, me["role"].clone()),
        (StatusCode::OK, json!("viewer"))
    );
    let (status, _) = ana.get("/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Tokens are stored hashed: the token text is nowhere in the database.
    let db = team.db().await;
    let hit = db
        .query_one(
            "SELECT count(*) FROM tokens WHERE encode(hash, 'escape') LIKE '%' || $1 || '%'",
            &[&fresh.token],
        )
        .await
        .map(|r| r.get::<_, i64>(0));
    assert_eq!(hit.ok(), Some(0));

    // Revoked with the CLI.
    let out = Command::new(BIN)
        .args([
            "--database-url",
            &team.pg.url(),
            "user",
            "revoke",
            "ana",
            "--team",
            "newsroom",
        ])
        .output()
        .unwrap_or_else(|e| panic!("user revoke: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, _) = fresh.get("/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let out = Command::new(BIN)
        .args(["--database-url", &team.pg.url(), "user", "list"])
        .output()
        .unwrap_or_else(|e| panic!("user list: {e}"));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("newsroom\tana\tviewer\trevoked\n"),
        "{listed}"
    );
    assert!(listed.contains("newsroom\tboss\tadmin\n"), "{listed}");

    // Expired: the boss's token, moved into the past.
    db.execute("UPDATE tokens SET expires_at = now() - interval '1 second' FROM members m WHERE m.id = tokens.member_id AND m.name = 'boss'", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, body) = boss.get("/v1/members").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_wire(&body, "unauthorized");
}

/// A body over MAX_BODY_BYTES is refused with 413 too_large, for a push and for a blob, and nothing is stored.
#[tokio::test]
async fn oversized_bodies_are_413() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("ws").await;
    let before = counts(&team).await;
    let big = "x".repeat(MAX_BODY_BYTES);
    let (status, body) = ana
        .push_raw(
            "ws",
            j.desk,
            vec![change(
                "1:1",
                RecordKind::Version,
                "3/1",
                0,
                json!({"text": big}),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_wire(&body, "too_large");
    let blob = vec![7u8; MAX_BODY_BYTES + 1];
    let (status, body) = ana.put_blob(&claimdesk_core::sha256_hex(&blob), blob).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_wire(&body, "too_large");
    assert_eq!(counts(&team).await, before);
    // Just under the limit is fine.
    let blob = vec![7u8; MAX_BODY_BYTES - 1024];
    let (status, _) = ana.put_blob(&claimdesk_core::sha256_hex(&blob), blob).await;
    assert_eq!(status, StatusCode::OK);
}

const NASTY: &[&str] = &[
    "'; DROP TABLE records; --",
    "\"quoted\" and 'single' and `back`",
    "back\\slash \\' \\\" \\\\",
    "100% of _all_ $1 $$ ;",
    "Robert'); DELETE FROM writes WHERE ('1'='1",
];

/// SQL metacharacters in every text field (team, member, workspace, record key, change id, record data) are stored
/// and returned unchanged, and every table is still there; a NUL, which PostgreSQL text cannot hold, is refused with
/// 400 in names, keys and ids and kept unchanged inside record data.
#[tokio::test]
async fn sql_metacharacters_round_trip_unchanged() {
    let team = Team::start();
    for (i, &nasty) in NASTY.iter().enumerate() {
        let team_name = format!("{nasty} team");
        let member = format!("{nasty} member");
        let desk = team.desk(&member, "admin", &team_name);
        let (status, me) = desk.get("/v1/me").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            me,
            json!({"name": member, "role": "admin", "team": team_name})
        );

        let ws = format!("{nasty} ws");
        let j = desk.join(&ws).await;
        assert_eq!(j.workspace, ws);
        let key = format!("{nasty} key");
        let id = format!("{nasty} change");
        let data =
            json!({"sentence": nasty, "notes": format!("{nasty}\u{0}after NUL"), nasty: [nasty]});
        let r = desk
            .push(
                &ws,
                j.desk,
                vec![change(&id, RecordKind::Claim, &key, 0, data.clone())],
            )
            .await;
        assert_eq!(
            (
                r.results[0].outcome,
                &r.results[0].change,
                &r.results[0].data
            ),
            (Outcome::Applied, &id, &data)
        );
        let pulled = desk.pull_all(&ws, 0).await;
        assert_eq!(pulled.len(), 1);
        assert_eq!(
            (&pulled[0].key, &pulled[0].data, &pulled[0].by),
            (&key, &data, &member)
        );
        // The same change id again: found, so answered as a duplicate.
        let again = desk
            .push(
                &ws,
                j.desk,
                vec![change(&id, RecordKind::Claim, &key, 0, data.clone())],
            )
            .await;
        assert_eq!(again.results[0].outcome, Outcome::Duplicate);

        // A member added through the API with such a name.
        let added = format!("{nasty} {i}");
        let (status, issued) = desk
            .post("/v1/members", &json!({"name": added, "role": "editor"}))
            .await;
        assert_eq!(
            (status, issued["name"].clone()),
            (StatusCode::OK, json!(added))
        );
        let (status, _) = desk
            .post(&format!("/v1/members/{}/revoke", enc(&added)), &Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(
        team.count("records").await,
        i64::try_from(NASTY.len()).unwrap_or(0)
    );
    assert_eq!(
        team.count("writes").await,
        i64::try_from(NASTY.len()).unwrap_or(0)
    );

    // NUL in names, keys and change ids: 400 bad_request, nothing written.
    let desk = team.desk("plain", "admin", "plain");
    let j = desk.join("plain").await;
    let before = counts(&team).await;
    for (id, key) in [("a\u{0}b", "k"), ("ok", "k\u{0}")] {
        let (status, body) = desk
            .push_raw(
                "plain",
                j.desk,
                vec![change(id, RecordKind::Claim, key, 0, json!({}))],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_wire(&body, "bad_request");
    }
    let (status, body) = desk
        .post(
            "/v1/members",
            &json!({"name": "nul\u{0}name", "role": "editor"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_wire(&body, "bad_request");
    let (status, _) = desk
        .post(
            &format!("/v1/workspaces/{}/join", enc("nul\u{0}ws")),
            &Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = desk
        .post(
            &format!("/v1/workspaces/{}/join", enc(&"x".repeat(101))),
            &Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(counts(&team).await, before);
}

/// 20 failed token attempts from one address within a minute, then 429 rate_limited for that address, even with a
/// valid token, until the window passes.
#[tokio::test]
async fn failed_token_attempts_are_rate_limited() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let bad = ana.with_token("guessed-token");
    for i in 0..claimdesk_server::limits::MAX_AUTH_FAILURES {
        let (status, _) = bad.get("/v1/me").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let (status, body) = bad.get("/v1/me").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_wire(&body, "rate_limited");
    let (status, _) = ana.get("/v1/me").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// With --tls-cert/--tls-key the server speaks HTTPS (rustls) with that certificate, and plain HTTP gets nothing.
#[tokio::test]
async fn tls_serves_https_with_the_given_certificate() {
    let pg = claimdesk_pgtest::PgCluster::new().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
        ])
        .args([
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        // A server certificate, not a CA: webpki refuses a CA certificate as the end entity.
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl (to make a test certificate) is needed: {e}"));
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (cert_s, key_s) = (cert.display().to_string(), key.display().to_string());
    let server = claimdesk_pgtest::ServerProcess::start_with(
        Path::new(BIN),
        &pg.url(),
        &["--tls-cert", &cert_s, "--tls-key", &key_s],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let token =
        claimdesk_pgtest::add_member(Path::new(BIN), &pg.url(), "ana", "editor", "newsroom")
            .unwrap_or_else(|e| panic!("{e}"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let pem = std::fs::read(&cert).unwrap_or_else(|e| panic!("{e}"));
    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"))])
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let resp = http
        .get(format!("https://{}/v1/me", server.addr()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("https request: {e:?}"));
    assert_eq!(resp.status(), StatusCode::OK);
    let me: Value = resp.json().await.unwrap_or_default();
    assert_eq!(me["name"], json!("ana"));
    let plain = Desk::new(&server.base_url(), &token)
        .http
        .get(format!("{}/v1/me", server.base_url()))
        .send()
        .await;
    assert!(plain.map(|r| r.status() != StatusCode::OK).unwrap_or(true));
}
