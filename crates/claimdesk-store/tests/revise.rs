//! Revised drafts: unit behaviour on a small text, and re-anchoring quality on real article edit sequences.

mod support;

use claimdesk_store::*;
use support::edits::{articles, run_sequence, Rng, Tally, Truth};
use support::{doc, sentences};

#[test]
fn moved_text_keeps_verdicts_changed_text_goes_stale_lost_text_is_orphaned() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let v1 = "Alpha rose 5% in May. Beta fell sharply last week. Gamma stayed flat all year. Delta doubled in size.";
    let d = store.create_document(doc("alpha", v1), "ada").unwrap();
    let c = store.claims(d.id).unwrap();
    store
        .set_status(c[1].id, Status::Disputed, Some("beta rose".into()), "ada")
        .unwrap();
    store
        .add_citation(
            c[0].id,
            NewCitation {
                url: "https://x.test/a".into(),
                stance: Stance::Supports,
                snapshot: None,
                passage: None,
                note: String::new(),
            },
            "ada",
        )
        .unwrap();
    store
        .set_status(c[0].id, Status::Verified, None, "ada")
        .unwrap();

    let v2 = "A brand new opening line here. Alpha rose 6% in May. Delta doubled in size. Beta fell sharply last week.";
    let r = store
        .revise_document(
            d.id,
            Revision {
                file_name: Some("v2.txt".into()),
                text: v2.into(),
                claims: sentences(v2),
            },
            "ada",
        )
        .unwrap();
    assert_eq!(r.version, 2);
    assert_eq!(r.stale, vec![c[0].id]);
    // Beta and Delta swapped places: the diff keeps one of them (the longer match) in place, fuzzy finds the other.
    let mut unchanged = [r.kept.clone(), r.moved.clone()].concat();
    unchanged.sort();
    assert_eq!(unchanged, vec![c[1].id, c[3].id]);
    assert_eq!((r.kept.len(), r.moved.len()), (1, 1));
    assert_eq!(r.orphaned, vec![c[2].id]);
    assert_eq!(r.created.len(), 1);

    let alpha = store.claim(c[0].id).unwrap();
    assert!(alpha.stale && !alpha.orphan);
    assert_eq!(
        alpha.status,
        Status::Verified,
        "a stale claim keeps its verdict and citations"
    );
    assert_eq!(alpha.citations.len(), 1);
    assert_eq!(alpha.text, "Alpha rose 6% in May.");
    assert_eq!(
        alpha.previous_text.as_deref(),
        Some("Alpha rose 5% in May.")
    );
    let beta = store.claim(c[1].id).unwrap();
    assert_eq!((beta.status, beta.stale), (Status::Disputed, false));
    assert_eq!(&v2[beta.anchor.start..beta.anchor.end], beta.text);
    let gamma = store.claim(c[2].id).unwrap();
    assert!(gamma.orphan);
    assert_eq!(
        gamma.anchor.version, 1,
        "an orphan stays anchored to the last version that had it"
    );

    // Text order: new sentence, alpha, delta, beta, then the orphan.
    let order: Vec<Id> = store.claims(d.id).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(
        order,
        vec![r.created[0], c[0].id, c[3].id, c[1].id, c[2].id]
    );
    assert_eq!(store.document(d.id).unwrap().versions.len(), 2);
    assert_eq!(
        store.document_version(d.id, 1).unwrap().text,
        v1,
        "old versions stay available"
    );

    // The orphan comes back when the sentence does; the stale flag is cleared by the editor.
    let v3 = format!("{v2} Gamma stayed flat all year.");
    let r = store
        .revise_document(
            d.id,
            Revision {
                file_name: None,
                text: v3.clone(),
                claims: sentences(&v3),
            },
            "ada",
        )
        .unwrap();
    assert!(r.moved.contains(&c[2].id));
    assert!(r.orphaned.is_empty() && r.created.is_empty());
    assert!(!store.claim(c[2].id).unwrap().orphan);
    let cleared = store.clear_stale(c[0].id, "ada").unwrap();
    assert!(!cleared.stale && cleared.previous_text.is_none());
    let kinds: Vec<EventKind> = store
        .history(c[2].id)
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            EventKind::ClaimCreated,
            EventKind::ClaimOrphaned,
            EventKind::ClaimMoved
        ]
    );
}

/// Re-anchoring on real articles: 25 articles x 3 revisions with ~10% rewordings, 5% deletions, 5% moves and 5%
/// insertions each, over the committed excerpt of the extraction benchmark (its first 25 articles; the 26th, the
/// benchmark's last, gives the inserted sentences). The full 181-article run is `make eval`
/// (`cargo run --release -p claimdesk-store --example eval_reanchor`).
#[test]
fn real_article_edit_sequences_are_tracked() {
    let texts = articles();
    assert_eq!(texts.len(), 26);
    let donor: Vec<String> = sentences(&texts[25]).into_iter().map(|c| c.text).collect();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut tally = Tally::default();
    let mut rng = Rng::new(7);
    for text in texts.iter().take(25) {
        run_sequence(&store, text, &donor, 3, &mut rng, &mut tally);
    }
    assert_eq!(tally.claims_lost, 0, "claims are never dropped");
    assert!(tally.revisions >= 60, "{tally:?}");
    let accuracy = tally.correct() as f64 / tally.total() as f64;
    assert!(accuracy > 0.95, "accuracy {accuracy:.3}: {tally:?}");
    for truth in [Truth::Moved, Truth::Reworded, Truth::Deleted] {
        assert!(
            tally.cells.keys().any(|(t, _)| *t == truth),
            "the edits include {truth:?}"
        );
    }
    assert!(
        tally.created_right as f64 >= 0.9 * tally.new_sentences as f64,
        "{tally:?}"
    );
}
