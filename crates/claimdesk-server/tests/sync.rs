//! Push and pull against a real server on a real PostgreSQL: round trip, merge, conflict, idempotency, blobs.

mod support;

use claimdesk_sync::{Outcome, RecordKind, MAX_BATCH};
use reqwest::StatusCode;
use serde_json::json;
use support::{assert_wire, change, Team};

/// Two desks of one team: what one pushes, the other pulls, in order, with who and which desk; `me` and `members`
/// name the accounts; the second join gets the next desk number.
#[tokio::test]
async fn push_then_pull_round_trip() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let ben = team.desk("ben", "editor", "newsroom");
    let (status, me) = ana.get("/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        me,
        json!({"name": "ana", "role": "editor", "team": "newsroom"})
    );

    let a = ana.join("Budget 2027").await;
    let b = ben.join("Budget 2027").await;
    assert_eq!((a.desk, b.desk), (1, 2));
    assert_eq!(a.head, 0);
    assert_eq!(b.me.name, "ben");

    let claim = json!({"id": 7, "sentence": "Unemployment fell to 4.1%.", "status": "unsourced", "notes": ""});
    let resp = ana
        .push(
            "Budget 2027",
            a.desk,
            vec![
                change(
                    "1:1",
                    RecordKind::Document,
                    "3",
                    0,
                    json!({"id": 3, "title": "Budget"}),
                ),
                change("1:2", RecordKind::Claim, "7", 0, claim.clone()),
            ],
        )
        .await;
    assert_eq!(resp.results.len(), 2);
    assert!(resp
        .results
        .iter()
        .all(|r| r.outcome == Outcome::Applied && r.version == 1));
    assert_eq!(resp.results[1].data, claim);

    let pulled = ben.pull_all("Budget 2027", 0).await;
    assert_eq!(pulled.len(), 2);
    assert_eq!(pulled[0].kind, RecordKind::Document);
    assert_eq!(pulled[1].key, "7");
    assert_eq!(pulled[1].data, claim);
    assert_eq!(
        (pulled[1].by.as_str(), pulled[1].desk, pulled[1].version),
        ("ana", 1, 1)
    );
    assert!(pulled[0].seq < pulled[1].seq);
    assert_eq!(resp.head, pulled[1].seq);

    // Ben changes it on top of version 1; Ana pulls only what is new since her head.
    let marked = json!({"id": 7, "sentence": "Unemployment fell to 4.1%.", "status": "verified", "notes": ""});
    let r = ben
        .push(
            "Budget 2027",
            b.desk,
            vec![change("2:1", RecordKind::Claim, "7", 1, marked.clone())],
        )
        .await;
    assert_eq!(
        (r.results[0].outcome, r.results[0].version),
        (Outcome::Applied, 2)
    );
    let news = ana.pull_all("Budget 2027", resp.head).await;
    assert_eq!(news.len(), 1);
    assert_eq!(
        (news[0].by.as_str(), news[0].version, &news[0].data),
        ("ben", 2, &marked)
    );

    let (status, members) = ben.get("/v1/members").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        members,
        json!([
            {"name": "ana", "role": "editor", "revoked": false},
            {"name": "ben", "role": "editor", "revoked": false}
        ])
    );
    // The history keeps both versions with their authors.
    assert_eq!(team.count("writes").await, 3);
}

/// A pull pages by MAX_BATCH: `more` until the last page, `next` continues exactly where the page ended.
#[tokio::test]
async fn pull_pages_through_more_than_a_batch() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("big").await;
    let total = MAX_BATCH + 20;
    for chunk in (0..total).collect::<Vec<_>>().chunks(MAX_BATCH) {
        let changes = chunk
            .iter()
            .map(|i| {
                change(
                    &format!("1:{i}"),
                    RecordKind::Claim,
                    &i.to_string(),
                    0,
                    json!({"n": i}),
                )
            })
            .collect();
        ana.push("big", j.desk, changes).await;
    }
    let (_, first) = ana.pull_page("big", 0).await;
    assert_eq!(first["changes"].as_array().map(Vec::len), Some(MAX_BATCH));
    assert_eq!(first["more"], json!(true));
    let all = ana.pull_all("big", 0).await;
    assert_eq!(all.len(), total);
    let keys: Vec<String> = all.iter().map(|p| p.key.clone()).collect();
    let want: Vec<String> = (0..total).map(|i| i.to_string()).collect();
    assert_eq!(keys, want);
    let (_, last) = ana.pull_page("big", all[total - 1].seq).await;
    assert_eq!(
        last,
        json!({"changes": [], "next": all[total - 1].seq, "more": false})
    );
}

/// Two desks change a claim from the same version: different fields merge; the same field is a conflict that keeps
/// the first value and names who made it; citations (an id set) are a union; the history keeps every version.
#[tokio::test]
async fn merge_and_conflict_from_the_same_base() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let ben = team.desk("ben", "editor", "newsroom");
    let a = ana.join("ws").await;
    let b = ben.join("ws").await;
    let base = json!({"status": "unsourced", "notes": "", "citations": [1], "updated_at": 10});
    ana.push(
        "ws",
        a.desk,
        vec![change("a1", RecordKind::Claim, "7", 0, base)],
    )
    .await;

    // Ana marks it disputed (version 2).
    let hers = json!({"status": "disputed", "notes": "", "citations": [1, 4294967297u64], "updated_at": 20});
    let r = ana
        .push(
            "ws",
            a.desk,
            vec![change("a2", RecordKind::Claim, "7", 1, hers)],
        )
        .await;
    assert_eq!(r.results[0].version, 2);

    // Ben, still on version 1, adds a note and a citation: merged into version 3.
    let his = json!({"status": "unsourced", "notes": "call the ministry", "citations": [1, 8589934593u64], "updated_at": 30});
    let r = ben
        .push(
            "ws",
            b.desk,
            vec![change("b1", RecordKind::Claim, "7", 1, his)],
        )
        .await;
    let res = &r.results[0];
    assert_eq!(res.outcome, Outcome::Merged);
    assert_eq!(res.version, 3);
    assert_eq!(
        res.data,
        json!({"status": "disputed", "notes": "call the ministry", "citations": [1, 4294967297u64, 8589934593u64], "updated_at": 30})
    );

    // Ben, still on version 1, marks it verified: a conflict on status; hers is kept, by ana.
    let his2 = json!({"status": "verified", "notes": "", "citations": [1], "updated_at": 40});
    let r = ben
        .push(
            "ws",
            b.desk,
            vec![change("b2", RecordKind::Claim, "7", 1, his2)],
        )
        .await;
    let res = &r.results[0];
    assert_eq!(res.outcome, Outcome::Conflict);
    assert_eq!(res.conflicts.len(), 1);
    let c = &res.conflicts[0];
    assert_eq!(
        (c.field.as_str(), &c.theirs, &c.mine),
        ("status", &json!("disputed"), &json!("verified"))
    );
    // The kept version (3) was made by ben's merge, so he is who/when of the current value.
    assert_eq!(c.by, "ben");
    assert!(c.at > 0);
    assert_eq!(res.data["status"], json!("disputed"));
    // His updated_at is later, so the merge still writes version 4 (with her status).
    assert_eq!(res.version, 4);

    // "Apply yours": Ben pushes his value on the current version: applied.
    let mut resolved = res.data.clone();
    resolved["status"] = json!("verified");
    let r = ben
        .push(
            "ws",
            b.desk,
            vec![change(
                "b3",
                RecordKind::Claim,
                "7",
                res.version,
                resolved.clone(),
            )],
        )
        .await;
    assert_eq!(
        (r.results[0].outcome, &r.results[0].data),
        (Outcome::Applied, &resolved)
    );

    let history = ana.pull_all("ws", 0).await;
    let statuses: Vec<(String, String)> = history
        .iter()
        .map(|p| {
            (
                p.by.clone(),
                p.data["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("ana".to_string(), "unsourced".to_string()),
            ("ana".to_string(), "disputed".to_string()),
            ("ben".to_string(), "disputed".to_string()),
            ("ben".to_string(), "disputed".to_string()),
            ("ben".to_string(), "verified".to_string()),
        ]
    );
}

/// A change id is applied once: the same push again, or the id inside one batch twice, is answered with the first
/// answer marked Duplicate and writes nothing; an event key is append-only.
#[tokio::test]
async fn duplicate_change_ids_are_answered_not_applied() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("ws").await;
    let batch = vec![
        change(
            "1:1",
            RecordKind::Claim,
            "7",
            0,
            json!({"status": "unsourced"}),
        ),
        change(
            "1:2",
            RecordKind::Event,
            "100",
            0,
            json!({"kind": "marked", "claim": 7}),
        ),
    ];
    let first = ana.push("ws", j.desk, batch.clone()).await;
    let writes = team.count("writes").await;
    let again = ana.push("ws", j.desk, batch.clone()).await;
    assert_eq!(again.head, first.head);
    for (f, a) in first.results.iter().zip(&again.results) {
        assert_eq!(a.outcome, Outcome::Duplicate);
        assert_eq!(
            (&a.change, a.version, &a.data),
            (&f.change, f.version, &f.data)
        );
    }
    assert_eq!(team.count("writes").await, writes);

    // The same id twice in one batch.
    let twice = vec![
        change("1:3", RecordKind::Claim, "8", 0, json!({"status": "a"})),
        change("1:3", RecordKind::Claim, "8", 0, json!({"status": "b"})),
    ];
    let r = ana.push("ws", j.desk, twice).await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    assert_eq!(
        (r.results[1].outcome, &r.results[1].data),
        (Outcome::Duplicate, &json!({"status": "a"}))
    );

    // An event key pushed again under a new id: 409, and the whole push is rolled back.
    let before = team.count("writes").await;
    let (status, body) = ana
        .push_raw(
            "ws",
            j.desk,
            vec![
                change("1:4", RecordKind::Claim, "9", 0, json!({})),
                change("1:5", RecordKind::Event, "100", 0, json!({"kind": "other"})),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_wire(&body, "conflict");
    assert_eq!(team.count("writes").await, before);
    assert_eq!(team.count("changes").await, 3);
}

/// Blobs: the server checks the SHA-256 of every upload, serves the body back, and refuses a snapshot record whose
/// body has not been uploaded.
#[tokio::test]
async fn blob_upload_checks_the_hash() {
    let team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("ws").await;
    let body = b"<html>the archived page</html>".to_vec();
    let sha = claimdesk_core::sha256_hex(&body);

    // The body of another address: 400, nothing stored.
    let wrong = claimdesk_core::sha256_hex(b"something else");
    let (status, err) = ana.put_blob(&wrong, body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_wire(&err, "bad_request");
    let (status, err) = ana.put_blob("NOT-A-HASH", body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(team.count("blobs").await, 0);

    // A snapshot naming a body not yet uploaded: 400.
    let snap = json!({"id": 5, "url": "https://example.org/a", "sha256": sha});
    let (status, err) = ana
        .push_raw(
            "ws",
            j.desk,
            vec![change("1:1", RecordKind::Snapshot, "5", 0, snap.clone())],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_wire(&err, "bad_request");
    assert_eq!(team.count("records").await, 0);

    let (status, _) = ana.put_blob(&sha, body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    // Uploading it again is harmless.
    let (status, _) = ana.put_blob(&sha, body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let r = ana
        .push(
            "ws",
            j.desk,
            vec![change("1:1", RecordKind::Snapshot, "5", 0, snap)],
        )
        .await;
    assert_eq!(r.results[0].outcome, Outcome::Applied);
    let (status, got) = ana.get_blob(&sha).await;
    assert_eq!((status, got), (StatusCode::OK, body));
    let (status, _) = ana.get_blob(&wrong).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
