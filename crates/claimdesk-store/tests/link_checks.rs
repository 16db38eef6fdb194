//! Link checks indexed by URL in their own tree: written with their history event, read by prefix scan, kept across
//! reopen, backfilled from the event log when an older workspace is opened, and rebuilt by a workspace import.

mod support;

use claimdesk_store::*;
use serde_json::json;
use support::{raw, reopen};

const A: &str = "https://example.org/a";
const B: &str = "https://example.org/b";

fn checks(store: &Store, url: &str) -> Vec<serde_json::Value> {
    store
        .link_checks(url)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// Three checks of A and two of B, interleaved, the way recheck records them.
fn record_some(store: &Store) {
    for (i, url) in [A, B, A, B, A].iter().enumerate() {
        store
            .record_link_check(url, None, json!({"n": i, "url": url}), "ada")
            .unwrap();
    }
}

fn want_a() -> Vec<serde_json::Value> {
    vec![
        json!({"n": 0, "url": A}),
        json!({"n": 2, "url": A}),
        json!({"n": 4, "url": A}),
    ]
}

fn want_b() -> Vec<serde_json::Value> {
    vec![json!({"n": 1, "url": B}), json!({"n": 3, "url": B})]
}

#[test]
fn each_url_gets_its_own_checks_in_order_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        record_some(&store);
        assert_eq!(checks(&store, A), want_a());
        assert_eq!(checks(&store, B), want_b());
    }
    let store = support::reopen(dir.path());
    assert_eq!(checks(&store, A), want_a());
    assert_eq!(checks(&store, B), want_b());
    assert!(
        checks(&store, "https://example.org/").is_empty(),
        "a prefix of a URL is not the URL"
    );
    assert!(checks(&store, "https://example.org/c").is_empty());
    // The history keeps every check as an event too.
    let events = store.events().unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == EventKind::LinkChecked)
            .count(),
        5
    );
    // Times are the events' times.
    let times: Vec<Millis> = store
        .link_checks(A)
        .unwrap()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let event_times: Vec<Millis> = events
        .iter()
        .filter(|e| e.new.as_ref().is_some_and(|n| n["url"] == A))
        .map(|e| e.at)
        .collect();
    assert_eq!(times, event_times);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn a_url_with_a_nul_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let e = store
        .record_link_check("https://example.org/\0x", None, json!({}), "ada")
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert!(store.events().unwrap().is_empty());
}

/// A schema-2 workspace had the checks only in the event log. Simulated with raw sled: the index tree emptied and the
/// schema version set back to 2, which is exactly what the previous build left on disk.
#[test]
fn opening_a_workspace_without_the_index_backfills_it_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        record_some(&store);
    }
    {
        let db = raw(dir.path());
        db.open_tree("link_checks").unwrap().clear().unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &2u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    {
        let store = reopen(dir.path());
        assert_eq!(checks(&store, A), want_a());
        assert_eq!(checks(&store, B), want_b());
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        // New checks go on after the backfilled ones.
        store
            .record_link_check(A, None, json!({"n": 5}), "ada")
            .unwrap();
        assert_eq!(checks(&store, A).len(), 4);
    }
    let db = raw(dir.path());
    let v = db
        .open_tree("meta")
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    assert_eq!(v.as_ref(), SCHEMA_VERSION.to_be_bytes());
    assert_eq!(db.open_tree("link_checks").unwrap().len(), 6);
}

#[test]
fn the_check_reports_a_missing_index_entry() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        record_some(&store);
    }
    {
        let db = raw(dir.path());
        db.open_tree("link_checks").unwrap().clear().unwrap();
        db.flush().unwrap();
    }
    let store = reopen(dir.path());
    let problems = store.check().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("missing from the URL index")),
        "{problems:?}"
    );
}

#[test]
fn importing_a_workspace_file_rebuilds_the_index() {
    let from = tempfile::tempdir().unwrap();
    let file = from.path().join("ws.jsonl");
    {
        let store = Store::open(&from.path().join("ws")).unwrap();
        record_some(&store);
        store.export_to(&file).unwrap();
    }
    let to = tempfile::tempdir().unwrap();
    let store = Store::open(to.path()).unwrap();
    store.import_from(&file).unwrap();
    assert_eq!(checks(&store, A), want_a());
    assert_eq!(checks(&store, B), want_b());
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}
