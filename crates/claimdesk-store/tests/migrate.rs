//! Opening workspaces written in older layouts, and refusing newer ones.

mod support;

use claimdesk_store::*;

/// Writes a workspace in schema layout 1 (the first commit's layout: per-document index values empty) with raw
/// sled, exactly as that version of the store wrote it.
fn write_v1_workspace(dir: &std::path::Path) -> (Id, Vec<Id>) {
    let db = sled::open(dir).unwrap();
    let meta = db.open_tree("meta").unwrap();
    meta.insert("schema_version", &1u32.to_be_bytes()).unwrap();
    let new = support::doc("jobs", support::JOBS);
    let documents = db.open_tree("documents").unwrap();
    let doc = serde_json::json!({"id": 1, "title": "jobs", "versions": [{"number": 1, "sha256": "00", "bytes": 1,
        "file_name": null, "imported_at": 0, "editor": "ada"}], "created_at": 0, "updated_at": 0});
    documents
        .insert(1u64.to_be_bytes(), serde_json::to_vec(&doc).unwrap())
        .unwrap();
    let claims = db.open_tree("claims").unwrap();
    let doc_claims = db.open_tree("doc_claims").unwrap();
    let mut ids = Vec::new();
    for (i, nc) in new.claims.iter().enumerate() {
        let id = i as u64 + 1;
        // The second claim was disputed under layout 1.
        let (status, reason) = if i == 1 {
            ("disputed", Some("permits say otherwise"))
        } else {
            ("unsourced", None)
        };
        let claim = serde_json::json!({"id": id, "document": 1, "text": nc.text,
            "anchor": {"version": 1, "exact": nc.text, "prefix": "", "suffix": "", "start": nc.start, "end": nc.end},
            "detection": {"score": 0.5, "kinds": [], "quotes": [], "unnamed_source": false, "opinion": false,
                          "checkworthy": true},
            "checkworthy": true, "status": status, "status_reason": reason, "stale": false, "previous_text": null,
            "orphan": false, "notes": "", "citations": [], "created_at": 0, "updated_at": 0});
        claims
            .insert(id.to_be_bytes(), serde_json::to_vec(&claim).unwrap())
            .unwrap();
        let mut key = 1u64.to_be_bytes().to_vec();
        key.extend_from_slice(&id.to_be_bytes());
        doc_claims.insert(key, Vec::<u8>::new()).unwrap();
        ids.push(id);
    }
    meta.insert("seq/document", &1u64.to_be_bytes()).unwrap();
    meta.insert("seq/claim", &(ids.len() as u64).to_be_bytes())
        .unwrap();
    db.flush().unwrap();
    (1, ids)
}

#[test]
fn opening_a_layout_1_workspace_migrates_the_status_index() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, ids) = write_v1_workspace(dir.path());
    let store = support::reopen(dir.path());
    let disputed = store.claims_with_status(doc, Status::Disputed).unwrap();
    assert_eq!(
        disputed.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    assert_eq!(
        store
            .claims_with_status(doc, Status::Unsourced)
            .unwrap()
            .len(),
        ids.len() - 1
    );
    assert_eq!(store.claims(doc).unwrap().len(), ids.len());
    // Layout 4's index also says which claims are check-worthy: the counts read only the index.
    let n = ids.len() as u32;
    assert_eq!(
        store.claim_counts(doc).unwrap(),
        ClaimCounts {
            checkworthy: n,
            unsourced: n - 1,
            verified: 0,
            disputed: 1
        }
    );
    // New ids continue after the old ones.
    let d2 = store
        .create_document(support::doc("more", "One more sentence."), "ada")
        .unwrap();
    assert_eq!(d2.id, 2);
    assert_eq!(store.claims(d2.id).unwrap()[0].id, ids.len() as u64 + 1);
    drop(store);
    let db = support::raw(dir.path());
    let v = db
        .open_tree("meta")
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    assert_eq!(v.as_ref(), SCHEMA_VERSION.to_be_bytes());
}

#[test]
fn a_newer_schema_is_refused_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = sled::open(dir.path()).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    // Wait out the raw database's lock (see `support::reopen`), then expect the refusal.
    let e = (0..100)
        .map(|_| Store::open(dir.path()).unwrap_err())
        .find(|e| {
            let busy = e.code() == "in_use";
            if busy {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            !busy
        })
        .expect("the workspace stayed locked");
    assert_eq!(e.code(), "schema_too_new");
}
