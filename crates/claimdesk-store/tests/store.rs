//! Integration tests of the store on a real sled database in a temp dir.

mod support;

use claimdesk_store::*;
use support::{doc, JOBS};

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn support_citation(stance: Stance) -> NewCitation {
    NewCitation {
        url: "https://example.org/report".into(),
        stance,
        snapshot: None,
        passage: None,
        note: String::new(),
    }
}

#[test]
fn every_sentence_is_a_claim_in_text_order_and_starts_unsourced() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let claims = store.claims(d.id).unwrap();
    let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Unemployment fell to 3.5% in May.",
            "The mayor said \"we built 10,000 homes\" last year.",
            "Critics disagree.",
            "Officials said the budget doubled since 2019."
        ]
    );
    for c in &claims {
        assert_eq!(c.status, Status::Unsourced);
        assert_eq!(&JOBS[c.anchor.start..c.anchor.end], c.text);
        assert_eq!(c.anchor.exact, c.text);
        assert_eq!(c.anchor.version, 1);
    }
    // Prefix and suffix reach the neighbouring sentences.
    assert_eq!(
        claims[1].anchor.prefix,
        "Unemployment fell to 3.5% in May. "
    );
    assert_eq!(claims[1].anchor.suffix, "\nCritics disagree.");
    assert!(claims[0].checkworthy && !claims[2].checkworthy);
    assert_eq!(d.versions.len(), 1);
    assert_eq!(d.versions[0].sha256.len(), 64);
    assert_eq!(store.document_version(d.id, 1).unwrap().text, JOBS);
    assert_eq!(store.documents().unwrap(), vec![d.clone()]);
    let h = store.history(claims[0].id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, EventKind::ClaimCreated);
    assert_eq!(h[0].editor, "ada");
}

#[test]
fn rules_refuse_without_writing_anything() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let c = store.claims(d.id).unwrap()[0].clone();
    let events_before = store.events().unwrap().len();

    let e = store
        .set_status(c.id, Status::Verified, Some("trust me".into()), "ada")
        .unwrap_err();
    assert_eq!(e.code(), "verified_needs_support");
    let e = store
        .set_status(c.id, Status::Disputed, Some("   ".into()), "ada")
        .unwrap_err();
    assert_eq!(e.code(), "disputed_needs_reason");
    // A context citation is not enough for either.
    store
        .add_citation(c.id, support_citation(Stance::Context), "ada")
        .unwrap();
    assert_eq!(
        store
            .set_status(c.id, Status::Verified, None, "ada")
            .unwrap_err()
            .code(),
        "verified_needs_support"
    );
    assert_eq!(
        store
            .set_status(c.id, Status::Disputed, None, "ada")
            .unwrap_err()
            .code(),
        "disputed_needs_reason"
    );

    let after = store.claim(c.id).unwrap();
    assert_eq!(after.status, Status::Unsourced);
    assert_eq!(
        store.events().unwrap().len(),
        events_before + 1,
        "only the citation was recorded"
    );
}

#[test]
fn disputed_with_reason_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (doc_id, claim_id) = {
        let store = Store::open(dir.path()).unwrap();
        let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
        let c = store.claims(d.id).unwrap()[1].clone();
        let c = store
            .set_status(
                c.id,
                Status::Disputed,
                Some("permits show 4,200 homes".into()),
                "ada",
            )
            .unwrap();
        assert_eq!(c.status, Status::Disputed);
        (d.id, c.id)
    };
    let store = support::reopen(dir.path());
    let c = store.claim(claim_id).unwrap();
    assert_eq!(c.status, Status::Disputed);
    assert_eq!(c.status_reason.as_deref(), Some("permits show 4,200 homes"));
    assert_eq!(
        store.claims_with_status(doc_id, Status::Disputed).unwrap(),
        vec![c]
    );
    let h = store.history(claim_id).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.kind, EventKind::StatusChanged);
    assert_eq!(last.reason.as_deref(), Some("permits show 4,200 homes"));
    assert_eq!(last.old.as_ref().unwrap()["status"], "unsourced");
    assert_eq!(last.new.as_ref().unwrap()["status"], "disputed");
}

#[test]
fn second_open_of_a_workspace_is_in_use() {
    let (dir, _store) = open();
    let e = Store::open(dir.path()).unwrap_err();
    assert_eq!(e.code(), "in_use");
    assert!(e.to_string().contains("in use"), "{e}");
}

#[test]
fn removing_the_last_citation_returns_the_claim_to_unsourced_and_says_why() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let c = store.claims(d.id).unwrap()[0].clone();
    let a = store
        .add_citation(c.id, support_citation(Stance::Supports), "ada")
        .unwrap();
    let b = store
        .add_citation(c.id, support_citation(Stance::Supports), "bob")
        .unwrap();
    store
        .set_status(c.id, Status::Verified, None, "ada")
        .unwrap();
    // One supporting citation left: still verified.
    let after = store.remove_citation(a.id, None, "ada").unwrap();
    assert_eq!(after.status, Status::Verified);
    assert_eq!(after.citations, vec![b.id]);
    let after = store
        .remove_citation(b.id, Some("dead link".into()), "ada")
        .unwrap();
    assert_eq!(after.status, Status::Unsourced);
    assert!(after.citations.is_empty());
    let h = store.history(c.id).unwrap();
    let kinds: Vec<EventKind> = h.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::ClaimCreated,
            EventKind::CitationAdded,
            EventKind::CitationAdded,
            EventKind::StatusChanged,
            EventKind::CitationRemoved,
            EventKind::CitationRemoved,
            EventKind::StatusChanged
        ]
    );
    let why = h.last().unwrap().reason.as_deref().unwrap();
    assert!(why.contains("last citation"), "{why}");
    assert_eq!(h[5].reason.as_deref(), Some("dead link"));
    assert_eq!(store.citation(b.id).unwrap_err().code(), "not_found");
}

#[test]
fn a_stance_change_that_breaks_the_rule_returns_the_claim_to_unsourced() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let c = store.claims(d.id).unwrap()[0].clone();
    let a = store
        .add_citation(c.id, support_citation(Stance::Contradicts), "ada")
        .unwrap();
    store
        .set_status(c.id, Status::Disputed, None, "ada")
        .unwrap();
    let upd = store
        .update_citation(
            a.id,
            CitationPatch {
                stance: Some(Stance::Context),
                ..Default::default()
            },
            "ada",
        )
        .unwrap();
    assert_eq!(upd.stance, Stance::Context);
    let c = store.claim(c.id).unwrap();
    assert_eq!(c.status, Status::Unsourced);
    assert_eq!(c.citations, vec![a.id], "the citation itself stays");
}

#[test]
fn checkworthy_notes_and_editor_setting() {
    let (_d, store) = open();
    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let c = store.claims(d.id).unwrap()[2].clone();
    assert!(!c.checkworthy);
    assert!(
        store
            .set_checkworthy(c.id, true, "ada")
            .unwrap()
            .checkworthy
    );
    assert_eq!(
        store.set_notes(c.id, "ask the desk", "ada").unwrap().notes,
        "ask the desk"
    );
    assert!(
        !store.editor().unwrap().is_empty(),
        "defaults to the OS user"
    );
    store.set_editor("Grace").unwrap();
    assert_eq!(store.editor().unwrap(), "Grace");
    assert_eq!(store.set_editor("  ").unwrap_err().code(), "invalid_input");
}

#[test]
fn snapshots_keep_raw_bytes_compressed_and_are_found_by_url() {
    let (_d, store) = open();
    let raw = "<html><body>".to_string()
        + &"<p>Unemployment was 3.6% in May.</p>".repeat(200)
        + "</body></html>";
    let new = NewSnapshot {
        url: "http://127.0.0.1/a".into(),
        final_url: "http://127.0.0.1/b".into(),
        redirect_chain: vec!["http://127.0.0.1/a".into(), "http://127.0.0.1/b".into()],
        fetched_at: 1_700_000_000_000,
        status: 200,
        headers: vec![("content-type".into(), "text/html".into())],
        content_type: Some("text/html".into()),
        raw: raw.clone().into_bytes(),
        text: "Unemployment was 3.6% in May.".into(),
        metadata: SourceMetadata {
            title: Some("Jobs".into()),
            authors: vec!["BLS".into()],
            ..Default::default()
        },
        link_health: FetchStatus::Redirected,
        page_starts: Vec::new(),
        read_problem: None,
        origin: claimdesk_store::SnapshotOrigin::Fetched,
    };
    let s = store.put_snapshot(new.clone(), "ada").unwrap();
    assert!(
        s.compressed_len < s.raw_len / 5,
        "{} vs {}",
        s.compressed_len,
        s.raw_len
    );
    assert_eq!(store.snapshot_raw(s.id).unwrap(), raw.as_bytes());
    let s2 = store.put_snapshot(new, "ada").unwrap();
    assert_eq!(
        store.snapshots_for_url("http://127.0.0.1/a").unwrap(),
        vec![s.clone(), s2]
    );
    assert!(
        store
            .snapshots_for_url("http://127.0.0.1/")
            .unwrap()
            .is_empty(),
        "prefix of a URL is not the URL"
    );

    let d = store.create_document(doc("jobs", JOBS), "ada").unwrap();
    let c = store.claims(d.id).unwrap()[0].clone();
    let cit = store
        .add_citation(c.id, support_citation(Stance::Contradicts), "ada")
        .unwrap();
    let p = Passage {
        text: "3.6%".into(),
        start: 17,
        end: 21,
    };
    let cit = store
        .update_citation_passage(cit.id, Some(s.id), Some(p.clone()), "ada")
        .unwrap();
    assert_eq!(cit.passage, Some(p));
    assert_eq!(cit.snapshot, Some(s.id));
    let e = store
        .update_citation_passage(cit.id, Some(999), None, "ada")
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn bad_input_and_missing_ids_have_codes() {
    let (_d, store) = open();
    let mut bad = doc("jobs", JOBS);
    bad.claims[0].end += 1;
    assert_eq!(
        store.create_document(bad, "ada").unwrap_err().code(),
        "invalid_input"
    );
    let mut bad = doc("jobs", "Café.");
    bad.claims[0].end = 4; // inside the two-byte 'é'
    assert_eq!(
        store.create_document(bad, "ada").unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        store
            .create_document(doc(" ", JOBS), "ada")
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    assert!(
        store.documents().unwrap().is_empty(),
        "refused imports leave nothing behind"
    );
    assert_eq!(store.claim(7).unwrap_err().code(), "not_found");
    assert_eq!(store.claims(7).unwrap_err().code(), "not_found");
    assert_eq!(store.history(7).unwrap_err().code(), "not_found");
    assert_eq!("Disputed".parse::<Status>().unwrap(), Status::Disputed);
    assert!("maybe"
        .parse::<Status>()
        .unwrap_err()
        .to_string()
        .contains("expected unsourced, verified or disputed"));
}

#[test]
fn counts_from_the_index_follow_every_status_and_promotion() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let doc = store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let claims = store.claims(doc.id).unwrap();
    let decoded = |store: &Store| {
        let mut c = ClaimCounts::default();
        for x in store
            .claims(doc.id)
            .unwrap()
            .iter()
            .filter(|x| x.checkworthy)
        {
            c.checkworthy += 1;
            match x.status {
                Status::Unsourced => c.unsourced += 1,
                Status::Verified => c.verified += 1,
                Status::Disputed => c.disputed += 1,
            }
        }
        c
    };
    assert_eq!(store.claim_counts(doc.id).unwrap(), decoded(&store));
    store
        .set_status(claims[0].id, Status::Disputed, Some("no".into()), "ada")
        .unwrap();
    store
        .set_checkworthy(claims[1].id, !claims[1].checkworthy, "ada")
        .unwrap();
    assert_eq!(store.claim_counts(doc.id).unwrap(), decoded(&store));
    assert_eq!(store.claim_counts(doc.id).unwrap().disputed, 1);
    assert_eq!(store.claim_counts(99).unwrap_err().code(), "not_found");
}
