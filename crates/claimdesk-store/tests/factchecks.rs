//! Imported fact-checks and stored vectors on a real sled workspace in a temp dir: an import is all or nothing and
//! idempotent, survives reopening, and vectors come back only for the text they were computed from.

use claimdesk_store::{NewFactCheck, Store, VectorOf};

fn fc(claim: &str, url: &str) -> NewFactCheck {
    NewFactCheck {
        claim_reviewed: claim.to_string(),
        rating: Some("False".into()),
        url: Some(url.to_string()),
        ..NewFactCheck::default()
    }
}

#[test]
fn an_import_is_all_or_nothing_idempotent_and_durable() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let r = store
            .import_factchecks(&[
                fc("The moon is cheese", "https://e.org/1"),
                fc("Mars is wet", "https://e.org/2"),
            ])
            .unwrap();
        assert_eq!((r.added, r.already_present, r.total), (2, 0, 2));
        // One new record, one already there.
        let r = store
            .import_factchecks(&[
                fc("The moon is cheese", "https://e.org/1"),
                fc("Venus is hot", "https://e.org/3"),
            ])
            .unwrap();
        assert_eq!((r.added, r.already_present, r.total), (1, 1, 3));
        // A batch with one bad record writes none of it.
        let err = store
            .import_factchecks(&[
                fc("Pluto is a planet", "https://e.org/4"),
                fc("  ", "https://e.org/5"),
            ])
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert_eq!(store.factcheck_count().unwrap(), 3);
    }
    let store = Store::open(dir.path()).unwrap();
    let all = store.factchecks().unwrap();
    let claims: Vec<&str> = all
        .iter()
        .map(|f| f.fields.claim_reviewed.as_str())
        .collect();
    assert_eq!(
        claims,
        ["The moon is cheese", "Mars is wet", "Venus is hot"]
    );
    assert_eq!(store.factcheck(all[1].id).unwrap(), all[1]);
}

#[test]
fn vectors_come_back_for_their_text_only_and_snapshot_vectors_by_span() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let v = vec![0.5f32, -0.25, 1.0];
    store
        .put_text_vectors(&[
            (VectorOf::Claim(7), "old wording", &v),
            (VectorOf::FactCheck(7), "x", &[1.0]),
        ])
        .unwrap();
    assert_eq!(
        store
            .text_vector(VectorOf::Claim(7), "old wording")
            .unwrap(),
        Some(v.clone())
    );
    // Re-worded: the stored vector is not for this text. Same id, other kind: its own vector.
    assert_eq!(
        store
            .text_vector(VectorOf::Claim(7), "new wording")
            .unwrap(),
        None
    );
    assert_eq!(
        store.text_vector(VectorOf::FactCheck(7), "x").unwrap(),
        Some(vec![1.0])
    );

    store
        .put_snapshot_vectors(3, &[((0, 10), v.clone()), ((11, 20), vec![2.0])])
        .unwrap();
    store
        .put_snapshot_vectors(4, &[((0, 5), vec![9.0])])
        .unwrap();
    assert!(!store.snapshot_vectors_done(3).unwrap());
    assert_eq!(
        store.snapshot_vectors(3).unwrap(),
        vec![((0, 10), v), ((11, 20), vec![2.0])]
    );
    store.finish_snapshot_vectors(3, 2).unwrap();
    assert!(store.snapshot_vectors_done(3).unwrap());
    assert!(!store.snapshot_vectors_done(4).unwrap());
}
