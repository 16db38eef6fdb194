//! Pushes that run at the same time against a real server on a real PostgreSQL: pushes lock only the records they
//! change and number their writes just before COMMIT, so these races are real. Whatever the interleaving, every
//! push is answered 200, nothing is written twice or lost, and the positions a pull pages by are 1..N in commit order.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use claimdesk_sync::{Outcome, RecordKind};
use serde_json::json;
use support::{change, Team};

const DESKS: usize = 8;
const ROUNDS: usize = 12;

/// Eight desks push at once, round after round: each changes one shared claim from a version it may have missed
/// (merge or conflict), creates a claim of its own, and creates the same new claim as every other desk (a race on
/// creation: one wins, the others merge onto it). One desk also sends one change twice at the same moment (a
/// retry racing its original).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pushes_are_each_answered_once_and_numbered_in_commit_order() {
    let team = Team::start();
    let boss = team.desk("boss", "admin", "newsroom");
    boss.join("race").await;
    let first = boss
        .push(
            "race",
            1,
            vec![change(
                "0:1",
                RecordKind::Claim,
                "shared",
                0,
                json!({"id": 1, "status": "unsourced", "notes": ""}),
            )],
        )
        .await;
    assert_eq!(first.head, 1);

    let mut desks = Vec::new();
    for i in 0..DESKS {
        let desk = team.desk(&format!("editor {i}"), "editor", "newsroom");
        let joined = desk.join("race").await;
        desks.push((desk, joined.desk));
    }
    let mut tasks = Vec::new();
    for (i, (desk, number)) in desks.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            let mut shared_base = 1;
            for r in 0..ROUNDS {
                let id = |n: usize| format!("{number}:{}", r * 10 + n);
                let changes = vec![
                    change(
                        &id(1),
                        RecordKind::Claim,
                        "shared",
                        shared_base,
                        json!({"id": 1, "status": "unsourced", "notes": format!("desk {i} round {r}")}),
                    ),
                    change(
                        &id(2),
                        RecordKind::Claim,
                        &format!("own-{i}-{r}"),
                        0,
                        json!({"id": 100 + i, "round": r}),
                    ),
                    change(
                        &id(3),
                        RecordKind::Claim,
                        &format!("new-{r}"),
                        0,
                        json!({"id": 1000 + r, "status": "unsourced", "notes": format!("created by {i}")}),
                    ),
                ];
                let resp = if i == 0 && r == ROUNDS / 2 {
                    // The same push twice at once: a retry that overtakes its original.
                    let (a, b) = tokio::join!(
                        desk.push("race", number, changes.clone()),
                        desk.push("race", number, changes)
                    );
                    for (x, y) in a.results.iter().zip(&b.results) {
                        assert_eq!(x.version, y.version, "{x:?} / {y:?}");
                        let outcomes = [x.outcome, y.outcome];
                        assert!(
                            outcomes.contains(&Outcome::Duplicate),
                            "one of the twins is a duplicate: {outcomes:?}"
                        );
                    }
                    answers.push(b);
                    a
                } else {
                    desk.push("race", number, changes).await
                };
                shared_base = resp.results[0].version;
                answers.push(resp);
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.extend(t.await.unwrap_or_else(|e| panic!("desk task: {e}")));
    }

    // Every write once, numbered 1..N without a gap, and a record's versions rise with its positions.
    let pulled = boss.pull_all("race", 0).await;
    let positions: Vec<u64> = pulled.iter().map(|p| p.seq).collect();
    let expected: Vec<u64> = (1..=pulled.len() as u64).collect();
    assert_eq!(positions, expected);
    assert_eq!(team.count("writes").await, pulled.len() as i64);
    let mut versions: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for p in &pulled {
        versions.entry(&p.key).or_default().push(p.version);
    }
    for (key, v) in &versions {
        let rising: Vec<u64> = (1..=v.len() as u64).collect();
        assert_eq!(v, &rising, "versions of {key} in commit order");
    }
    // Each desk's own claims: created once each.
    for i in 0..DESKS {
        for r in 0..ROUNDS {
            assert_eq!(
                versions.get(format!("own-{i}-{r}").as_str()),
                Some(&vec![1])
            );
        }
    }
    // A push's head covers its own writes: the record versions it was answered with are all pulled.
    let pulled_versions: BTreeSet<(String, u64)> =
        pulled.iter().map(|p| (p.key.clone(), p.version)).collect();
    for a in &answers {
        assert!(a.head <= pulled.len() as u64);
        for r in &a.results {
            assert!(r.version >= 1);
        }
    }
    // The shared new claims: one creation won; every other desk's creation was merged onto it or is a conflict the
    // desk was shown, never silently dropped.
    for r in 0..ROUNDS {
        let key = format!("new-{r}");
        assert!(pulled_versions.contains(&(key.clone(), 1)), "{key} created");
        let outcomes: Vec<Outcome> = answers
            .iter()
            .flat_map(|a| &a.results)
            .filter(|c| c.change.ends_with(&format!(":{}", r * 10 + 3)))
            .map(|c| c.outcome)
            .collect();
        assert_eq!(
            outcomes.iter().filter(|o| **o == Outcome::Applied).count(),
            1,
            "{key}: {outcomes:?}"
        );
        assert!(
            outcomes.iter().all(|o| matches!(
                o,
                Outcome::Applied | Outcome::Merged | Outcome::Conflict | Outcome::Duplicate
            )),
            "{key}: {outcomes:?}"
        );
    }
    // The workspace's head is the last position, and the records table agrees with the history.
    let db = team.db().await;
    let head: i64 = db
        .query_one("SELECT head FROM workspaces WHERE name = 'race'", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert_eq!(head, pulled.len() as i64);
    let rows = db
        .query("SELECT key, version FROM records", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for row in rows {
        let key: String = row.get(0);
        let version: i64 = row.get(1);
        assert_eq!(
            versions.get(key.as_str()).map(|v| v.len() as i64),
            Some(version),
            "{key}"
        );
    }
}
