//! Faults: the server killed with SIGKILL during a push, and PostgreSQL stopped under a running server.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use claimdesk_sync::{Change, Outcome, PushResponse, RecordKind, MAX_BATCH};
use reqwest::StatusCode;
use serde_json::json;
use support::{assert_wire, change, Team};

fn thousand() -> Vec<Change> {
    (0..1000)
        .map(|i| {
            change(
                &format!("1:{i}"),
                RecordKind::Claim,
                &i.to_string(),
                0,
                json!({"n": i, "status": "unsourced"}),
            )
        })
        .collect()
}

/// kill -9 the server while it applies a push of 1,000 changes (batches of MAX_BATCH), restart it: every change the
/// server acknowledged is stored exactly once, and pushing all 1,000 again answers the stored ones as Duplicate and
/// leaves exactly one write per change.
#[tokio::test]
async fn kill_9_during_a_push_loses_and_duplicates_nothing() {
    let mut team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("ws").await;
    let all = thousand();
    let batches: Vec<Vec<Change>> = all.chunks(MAX_BATCH).map(<[Change]>::to_vec).collect();
    assert!(batches.len() >= 2);

    // The first batch is acknowledged; the server is killed while the second is in flight.
    let first = ana.push("ws", j.desk, batches[0].clone()).await;
    let acked: Vec<String> = first.results.iter().map(|r| r.change.clone()).collect();
    let desk = ana.clone();
    let second = batches[1].clone();
    let in_flight = tokio::spawn(async move {
        let req = claimdesk_sync::PushRequest {
            desk: j.desk,
            changes: second,
        };
        desk.http
            .post(format!("{}/v1/workspaces/ws/push", desk.base))
            .bearer_auth(&desk.token)
            .json(&req)
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    team.server.kill();
    let second_answer = in_flight.await.ok().and_then(Result::ok);
    let mut acked_second = false;
    if let Some(resp) = second_answer {
        // Answered before the kill landed: then it was committed and counts as acknowledged.
        if resp.status() == StatusCode::OK {
            acked_second = true;
        }
    }

    team.server
        .restart()
        .unwrap_or_else(|e| panic!("restart: {e}"));
    let db = team.db().await;
    let per_change = |rows: Vec<tokio_postgres::Row>| -> HashMap<String, i64> {
        rows.iter().map(|r| (r.get(0), r.get(1))).collect()
    };
    let stored = per_change(
        db.query(
            "SELECT change_id, count(*) FROM writes GROUP BY change_id",
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}")),
    );
    for id in &acked {
        assert_eq!(
            stored.get(id),
            Some(&1),
            "acknowledged change {id} must be stored once"
        );
    }
    if acked_second {
        assert_eq!(stored.len(), 1000);
    }
    // The second batch is all or nothing: one transaction.
    assert!(
        stored.len() == 500 || stored.len() == 1000,
        "{} writes: a batch was half applied",
        stored.len()
    );
    eprintln!(
        "writes after the kill: {} (second batch {})",
        stored.len(),
        if stored.len() == 1000 {
            "committed"
        } else {
            "rolled back"
        }
    );

    // The desk retries everything.
    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    for batch in &batches {
        let r: PushResponse = ana.push("ws", j.desk, batch.clone()).await;
        for res in r.results {
            outcomes.insert(res.change, res.outcome);
        }
    }
    for id in &acked {
        assert_eq!(outcomes.get(id), Some(&Outcome::Duplicate), "{id}");
    }
    for (id, n) in &stored {
        assert_eq!(*n, 1);
        assert_eq!(
            outcomes.get(id),
            Some(&Outcome::Duplicate),
            "{id} was stored before the retry"
        );
    }
    let after = per_change(
        db.query(
            "SELECT change_id, count(*) FROM writes GROUP BY change_id",
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(after.len(), 1000);
    assert!(after.values().all(|n| *n == 1));
    assert_eq!(ana.pull_all("ws", 0).await.len(), 1000);
}

/// PostgreSQL stopped under a running server: requests are answered quickly with 503 unavailable (no hang, no
/// crash), and once PostgreSQL is back the server serves again with nothing lost.
#[tokio::test]
async fn postgres_stopped_mid_session_answers_503_and_recovers() {
    let mut team = Team::start();
    let ana = team.desk("ana", "editor", "newsroom");
    let j = ana.join("ws").await;
    ana.push(
        "ws",
        j.desk,
        vec![change("1:1", RecordKind::Claim, "1", 0, json!({"n": 1}))],
    )
    .await;

    team.pg
        .stop()
        .unwrap_or_else(|e| panic!("stop PostgreSQL: {e}"));
    for _ in 0..3 {
        let started = Instant::now();
        let (status, body) = ana
            .push_raw(
                "ws",
                j.desk,
                vec![change("1:2", RecordKind::Claim, "2", 0, json!({"n": 2}))],
            )
            .await;
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "answered after {:?}",
            started.elapsed()
        );
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_wire(&body, "unavailable");
        let (status, body) = ana.pull_page("ws", 0).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_wire(&body, "unavailable");
    }
    assert!(
        team.server.is_alive(),
        "the server crashed without its database"
    );

    team.pg
        .start()
        .unwrap_or_else(|e| panic!("start PostgreSQL: {e}"));
    // The pool drops the dead connections and makes new ones: the first request after the restart may still meet
    // one, so the desk retries with a short backoff, as the real desk does.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut backoff = Duration::from_millis(100);
    let resp = loop {
        let (status, body) = ana
            .push_raw(
                "ws",
                j.desk,
                vec![change("1:2", RecordKind::Claim, "2", 0, json!({"n": 2}))],
            )
            .await;
        if status == StatusCode::OK {
            break body;
        }
        assert!(status.is_server_error(), "{status} {body}");
        assert!(Instant::now() < deadline, "no recovery: {status} {body}");
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
    };
    assert_eq!(resp["results"][0]["outcome"], json!("applied"));
    let pulled = ana.pull_all("ws", 0).await;
    assert_eq!(
        pulled.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
        vec!["1", "2"]
    );
}
