//! The load benchmark of docs/BENCHMARKS.md ("Team server"), not a test: `make bench-server` runs it in release
//! mode. Everything runs on loopback against one server and one throwaway PostgreSQL; every loop is bounded.

mod support;

use std::time::{Duration, Instant};

use claimdesk_sync::{PullResponse, RecordKind, MAX_BATCH};
use reqwest::StatusCode;
use serde_json::json;
use support::{change, Desk, Team};

const EDITORS: usize = 50;
const ACTIONS: usize = 200;
const CLAIMS: usize = 5_000;
const SNAPSHOTS: usize = 500;
const SNAPSHOT_BYTES: usize = 24 * 1024;
const BLOB_FETCHES_IN_PARALLEL: usize = 4;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// 50 editors × 200 actions (a push of one change, then a pull of what is new, alternately) on one workspace.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: make bench-server"]
async fn bench_50_editors_and_a_first_sync() {
    let team = Team::start();
    let boss = team.desk("boss", "admin", "newsroom");
    let mut editors = Vec::new();
    for i in 0..EDITORS {
        let (status, issued) = boss
            .post(
                "/v1/members",
                &json!({"name": format!("editor {i}"), "role": "editor"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        editors.push(boss.with_token(issued["token"].as_str().unwrap_or_default()));
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, desk) in editors.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move { editor(i, desk).await }));
    }
    let mut latencies = Vec::new();
    let (mut push_lat, mut pull_lat) = (Vec::new(), Vec::new());
    for t in tasks {
        let (pushes, pulls) = t.await.unwrap_or_else(|e| panic!("editor task: {e}"));
        latencies.extend(&pushes);
        latencies.extend(&pulls);
        push_lat.extend(pushes);
        pull_lat.extend(pulls);
    }
    let wall = started.elapsed();
    latencies.sort();
    push_lat.sort();
    pull_lat.sort();
    println!(
        "BENCH load: {EDITORS} editors x {ACTIONS} actions = {} requests in {:.2} s: {:.0} req/s",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "BENCH load: all p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(percentile(&latencies, 1.0))
    );
    println!(
        "BENCH load: push p50 {:.1} ms, p99 {:.1} ms; pull p50 {:.1} ms, p99 {:.1} ms",
        ms(percentile(&push_lat, 0.5)),
        ms(percentile(&push_lat, 0.99)),
        ms(percentile(&pull_lat, 0.5)),
        ms(percentile(&pull_lat, 0.99))
    );

    first_sync(team, &boss).await;
}

/// One editor's session: returns the push and the pull latencies.
async fn editor(i: usize, desk: Desk) -> (Vec<Duration>, Vec<Duration>) {
    let j = desk.join("load").await;
    let (mut pushes, mut pulls) = (Vec::new(), Vec::new());
    let mut since = j.head;
    let mut versions = [0u64; 10];
    for n in 0..ACTIONS {
        let t = Instant::now();
        if n % 2 == 0 {
            // Each editor works on ten claims of their own, so every push applies (the server still merges
            // nothing but takes the workspace lock for each).
            let slot = (n / 2) % versions.len();
            let key = format!("{i}-{slot}");
            let data = json!({"sentence": format!("claim {key}"), "status": "unsourced", "notes": format!("edit {n}"), "updated_at": n});
            let r = desk
                .push(
                    "load",
                    j.desk,
                    vec![change(
                        &format!("{}:{n}", j.desk),
                        RecordKind::Claim,
                        &key,
                        versions[slot],
                        data,
                    )],
                )
                .await;
            versions[slot] = r.results[0].version;
            pushes.push(t.elapsed());
        } else {
            let (status, body) = desk.pull_page("load", since).await;
            assert_eq!(status, StatusCode::OK);
            let page: PullResponse = serde_json::from_value(body).unwrap_or_else(|e| panic!("{e}"));
            since = page.next;
            pulls.push(t.elapsed());
        }
    }
    (pushes, pulls)
}

/// A new member's first sync of a 5,000-claim workspace with 500 snapshots: every pull page, then every blob.
async fn first_sync(team: Team, boss: &Desk) {
    let j = boss.join("big").await;
    let text: String = (0..CLAIMS)
        .map(|i| format!("Sentence number {i} says that the figure rose by {i} per cent. "))
        .collect();
    let mut changes = vec![
        change(
            "s:doc",
            RecordKind::Document,
            "1",
            0,
            json!({"id": 1, "title": "The big draft", "versions": [1]}),
        ),
        change(
            "s:ver",
            RecordKind::Version,
            "1/1",
            0,
            json!({"doc": 1, "version": 1, "text": text}),
        ),
    ];
    for i in 0..CLAIMS {
        changes.push(change(&format!("s:c{i}"), RecordKind::Claim, &i.to_string(), 0, json!({
            "id": i, "doc": 1, "sentence": format!("Sentence number {i} says that the figure rose by {i} per cent."),
            "status": if i % 3 == 0 { "verified" } else { "unsourced" }, "notes": "", "citations": [], "updated_at": 1
        })));
    }
    for i in 0..SNAPSHOTS {
        let body: Vec<u8> = format!("<html><body>archived page {i} ")
            .bytes()
            .chain((0..SNAPSHOT_BYTES).map(|b| b"abcdefghij "[(b * 7 + i) % 11]))
            .collect();
        let sha = claimdesk_core::sha256_hex(&body);
        let (status, _) = boss.put_blob(&sha, body).await;
        assert_eq!(status, StatusCode::OK);
        changes.push(change(
            &format!("s:s{i}"),
            RecordKind::Snapshot,
            &i.to_string(),
            0,
            json!({
                "id": i, "url": format!("https://example.org/{i}"), "sha256": sha, "fetched_at": 1
            }),
        ));
    }
    let total = changes.len();
    for batch in changes.chunks(MAX_BATCH) {
        boss.push("big", j.desk, batch.to_vec()).await;
    }

    let (status, issued) = boss
        .post(
            "/v1/members",
            &json!({"name": "newcomer", "role": "viewer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let newcomer = boss.with_token(issued["token"].as_str().unwrap_or_default());
    let started = Instant::now();
    let mut bytes = 0usize;
    let mut since = 0;
    let mut records = Vec::new();
    loop {
        let resp = newcomer
            .http
            .get(format!(
                "{}/v1/workspaces/big/pull?since={since}",
                newcomer.base
            ))
            .bearer_auth(&newcomer.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resp.status(), StatusCode::OK);
        let body = resp.bytes().await.unwrap_or_else(|e| panic!("{e}"));
        bytes += body.len();
        let page: PullResponse = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{e}"));
        since = page.next;
        records.extend(page.changes);
        if !page.more {
            break;
        }
    }
    let records_time = started.elapsed();
    let shas: Vec<String> = records
        .iter()
        .filter(|p| p.kind == RecordKind::Snapshot)
        .filter_map(|p| p.data["sha256"].as_str().map(String::from))
        .collect();
    let mut blob_bytes = 0usize;
    let mut tasks = Vec::new();
    for part in shas.chunks(shas.len().div_ceil(BLOB_FETCHES_IN_PARALLEL)) {
        let desk = newcomer.clone();
        let part = part.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            for sha in part {
                let (status, body) = desk.get_blob(&sha).await;
                assert_eq!(status, StatusCode::OK);
                assert_eq!(claimdesk_core::sha256_hex(&body), sha);
                n += body.len();
            }
            n
        }));
    }
    for t in tasks {
        blob_bytes += t.await.unwrap_or_else(|e| panic!("{e}"));
    }
    let wall = started.elapsed();
    assert_eq!(records.len(), total);
    assert_eq!(shas.len(), SNAPSHOTS);
    println!(
        "BENCH first sync: {} records ({CLAIMS} claims, {SNAPSHOTS} snapshots, 1 document + version) in {:.2} s ({:.2} MB), then {SNAPSHOTS} blobs ({:.2} MB, {BLOB_FETCHES_IN_PARALLEL} at a time): {:.2} s and {:.2} MB in all",
        records.len(),
        records_time.as_secs_f64(),
        bytes as f64 / 1e6,
        blob_bytes as f64 / 1e6,
        wall.as_secs_f64(),
        (bytes + blob_bytes) as f64 / 1e6
    );
    // The team (database and server) lives until here.
    drop(team);
}
