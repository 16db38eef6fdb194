//! `Store::cite`: the snapshot, the link check and the citation of one "cite a URL" action in one transaction.

mod support;

use claimdesk_store::*;
use serde_json::json;
use support::{doc, JOBS};

const URL: &str = "http://127.0.0.1/report";

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn snapshot() -> NewSnapshot {
    NewSnapshot {
        url: URL.into(),
        final_url: URL.into(),
        redirect_chain: vec![URL.into()],
        fetched_at: 1_700_000_000_000,
        status: 200,
        headers: vec![("content-type".into(), "text/html".into())],
        content_type: Some("text/html".into()),
        raw: b"<p>Unemployment was 3.5% in May.</p>".to_vec(),
        text: "Unemployment was 3.5% in May.".into(),
        metadata: SourceMetadata::default(),
        link_health: FetchStatus::Ok,
        page_starts: Vec::new(),
        read_problem: None,
        origin: claimdesk_store::SnapshotOrigin::Fetched,
    }
}

fn citation(passage: Option<Passage>) -> NewCitation {
    NewCitation {
        url: format!("  {URL} "),
        stance: Stance::Supports,
        snapshot: None,
        passage,
        note: "BLS table".into(),
    }
}

fn passage() -> Option<Passage> {
    Some(Passage {
        start: 0,
        end: 12,
        text: "Unemployment".into(),
    })
}

#[test]
fn a_cite_stores_snapshot_check_and_citation_together() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let claim = store.claims(d.id).unwrap()[0].id;
    let before = store.events().unwrap().len();
    let cited = store
        .cite(
            claim,
            NewCite {
                snapshot: Some(snapshot()),
                check: Some(json!({"status": 200})),
                citation: citation(passage()),
            },
            "ada",
        )
        .unwrap();
    let snap = cited.snapshot.expect("a snapshot was stored");
    assert_eq!(cited.citation.snapshot, Some(snap.id));
    assert_eq!(
        cited.citation.url, URL,
        "the URL is trimmed as add_citation does"
    );
    assert_eq!(
        store.citations(claim).unwrap(),
        vec![cited.citation.clone()]
    );
    assert_eq!(store.snapshots_for_url(URL).unwrap(), vec![snap.clone()]);
    assert_eq!(store.snapshot_raw(snap.id).unwrap(), snapshot().raw);
    let checks = store.link_checks(URL).unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].1, json!({"status": 200}));
    // The same three events as three separate calls wrote, in the same order, from one transaction (one time).
    let events = store.events().unwrap();
    let new: Vec<&Event> = events[before..].iter().collect();
    assert_eq!(
        new.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            EventKind::SnapshotStored,
            EventKind::LinkChecked,
            EventKind::CitationAdded
        ]
    );
    assert!(new.iter().all(|e| e.at == new[0].at && e.editor == "ada"));
    assert_eq!(new[1].entity, Entity::Snapshot(snap.id));
    assert_eq!(new[2].claim, Some(claim));
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_dead_link_is_still_attached_with_its_check() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let claim = store.claims(d.id).unwrap()[0].id;
    let cited = store
        .cite(
            claim,
            NewCite {
                snapshot: None,
                check: Some(json!({"network_error": "connect"})),
                citation: citation(None),
            },
            "ada",
        )
        .unwrap();
    assert_eq!(cited.snapshot, None);
    assert_eq!(cited.citation.snapshot, None);
    assert_eq!(
        store.claim(claim).unwrap().citations,
        vec![cited.citation.id]
    );
    assert_eq!(store.link_checks(URL).unwrap().len(), 1);
    let checked = store
        .events()
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EventKind::LinkChecked)
        .unwrap();
    assert_eq!(checked.entity, Entity::Workspace);
}

/// The claim is looked up after the snapshot and the check were written inside the transaction: its absence aborts
/// the whole action, so no snapshot, check, event or id is left behind.
#[test]
fn a_refusal_in_the_middle_writes_nothing() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let before = store.events().unwrap();
    let e = store
        .cite(
            999,
            NewCite {
                snapshot: Some(snapshot()),
                check: Some(json!({"status": 200})),
                citation: citation(passage()),
            },
            "ada",
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert_eq!(store.events().unwrap(), before);
    assert!(store.snapshots_for_url(URL).unwrap().is_empty());
    assert!(store.link_checks(URL).unwrap().is_empty());
    // No snapshot id was consumed either.
    assert_eq!(store.put_snapshot(snapshot(), "ada").unwrap().id, 1);
    let claim = store.claims(d.id).unwrap()[0].id;
    assert!(store.citations(claim).unwrap().is_empty());
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let claim = store.claims(d.id).unwrap()[0].id;
    let before = store.events().unwrap();
    let reversed = Some(Passage {
        start: 9,
        end: 2,
        text: String::new(),
    });
    let mut both = citation(None);
    both.snapshot = Some(1);
    let mut nul = snapshot();
    nul.url = "http://127.0.0.1/\0".into();
    for new in [
        NewCite {
            snapshot: Some(snapshot()),
            check: Some(json!({})),
            citation: citation(reversed),
        },
        NewCite {
            snapshot: Some(snapshot()),
            check: None,
            citation: both,
        },
        NewCite {
            snapshot: Some(nul),
            check: Some(json!({})),
            citation: citation(None),
        },
    ] {
        let e = store.cite(claim, new, "ada").unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{e}");
    }
    assert_eq!(store.events().unwrap(), before);
    assert!(store.snapshots_for_url(URL).unwrap().is_empty());
}

#[test]
fn a_recheck_fetch_stores_its_snapshot_and_check_together() {
    let (_d, store) = open();
    let first = store.put_snapshot(snapshot(), "ada").unwrap();
    // Unchanged: only the check, about the snapshot it was compared with.
    let none = store
        .record_fetch(URL, None, Some(first.id), json!({"n": 1}), "ada")
        .unwrap();
    assert_eq!(none, None);
    // Changed: the new snapshot and the check about it.
    let s = store
        .record_fetch(
            URL,
            Some(snapshot()),
            Some(first.id),
            json!({"n": 2}),
            "ada",
        )
        .unwrap()
        .unwrap();
    let events = store.events().unwrap();
    let n = events.len();
    assert_eq!(events[n - 3].entity, Entity::Snapshot(first.id));
    assert_eq!(events[n - 2].kind, EventKind::SnapshotStored);
    assert_eq!(events[n - 1].entity, Entity::Snapshot(s.id));
    assert_eq!(events[n - 2].at, events[n - 1].at);
    assert_eq!(store.link_checks(URL).unwrap().len(), 2);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn page_starts_read_problem_and_origin_are_kept_and_old_records_read_unchanged() {
    let (dir, store) = open();
    let mut new = snapshot();
    new.page_starts = vec![0, 12];
    new.read_problem = Some("no text layer".into());
    new.origin = SnapshotOrigin::EditorFile {
        file_name: "saved page.html".into(),
    };
    let stored = store.put_snapshot(new, "ada").unwrap();
    let fetched = store.put_snapshot(snapshot(), "ada").unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let back = store.snapshot(stored.id).unwrap();
    assert_eq!(back.page_starts, [0, 12]);
    assert_eq!(back.read_problem.as_deref(), Some("no text layer"));
    assert_eq!(
        back.origin,
        SnapshotOrigin::EditorFile {
            file_name: "saved page.html".into()
        }
    );
    // A fetched snapshot is written exactly as before these fields existed, and such a record reads with the
    // defaults.
    let json = serde_json::to_value(store.snapshot(fetched.id).unwrap()).unwrap();
    for k in ["page_starts", "read_problem", "origin"] {
        assert!(json.get(k).is_none(), "{k} written for a fetched snapshot");
    }
    let old: Snapshot = serde_json::from_value(json).unwrap();
    assert_eq!(old.origin, SnapshotOrigin::Fetched);
    assert!(old.page_starts.is_empty() && old.read_problem.is_none());
}
