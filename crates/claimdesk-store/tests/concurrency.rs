//! Background work (fetching sources) and UI actions share one store. Concurrent writers on one claim must lose no
//! update and never break a rule.

mod support;

use std::sync::Arc;
use std::thread;

use claimdesk_store::*;

fn cite(stance: Stance, n: usize) -> NewCitation {
    NewCitation {
        url: format!("https://src.test/{n}"),
        stance,
        snapshot: None,
        passage: None,
        note: String::new(),
    }
}

#[test]
fn concurrent_writers_on_one_claim_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let d = store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let claim = store.claims(d.id).unwrap()[0].id;
    let threads = 4;
    let per_thread = 25;
    let barrier = Arc::new(std::sync::Barrier::new(threads + 1));
    let mut handles = Vec::new();
    for t in 0..threads {
        let store = store.clone();
        let barrier = barrier.clone();
        handles.push(thread::spawn(move || {
            barrier.wait();
            let mut mine = Vec::new();
            for i in 0..per_thread {
                // Each add is a read-modify-write of the claim's citation list.
                mine.push(
                    store
                        .add_citation(
                            claim,
                            cite(Stance::Context, t * 1000 + i),
                            &format!("fetcher{t}"),
                        )
                        .unwrap()
                        .id,
                );
                store
                    .set_notes(claim, &format!("note {t}/{i}"), "ui")
                    .unwrap();
            }
            mine
        }));
    }
    barrier.wait();
    let mut added: Vec<Id> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    added.sort();
    let c = store.claim(claim).unwrap();
    let mut listed = c.citations.clone();
    listed.sort();
    assert_eq!(
        listed, added,
        "every concurrently added citation is on the claim"
    );
    assert_eq!(added.len(), threads * per_thread);
    let h = store.history(claim).unwrap();
    assert_eq!(
        h.iter()
            .filter(|e| e.kind == EventKind::CitationAdded)
            .count(),
        threads * per_thread
    );
    // The last notes event is the notes the claim has.
    let last_notes = h
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::NotesChanged)
        .unwrap();
    assert_eq!(
        last_notes.new.as_ref().unwrap().as_str(),
        Some(c.notes.as_str())
    );
}

#[test]
fn verifying_while_citations_are_removed_never_breaks_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let d = store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let claim = store.claims(d.id).unwrap()[0].id;
    let verifier = {
        let store = store.clone();
        thread::spawn(move || {
            for i in 0..40 {
                store
                    .add_citation(claim, cite(Stance::Supports, i), "ui")
                    .unwrap();
                match store.set_status(claim, Status::Verified, None, "ui") {
                    Ok(_) => {}
                    // The remover may take the new citation first: then the rule refuses, as it must.
                    Err(e) if e.code() == "verified_needs_support" => {}
                    Err(e) => panic!("{e}"),
                }
            }
        })
    };
    let remover = {
        let store = store.clone();
        thread::spawn(move || {
            for _ in 0..200 {
                let c = store.claim(claim).unwrap();
                if let Some(&first) = c.citations.first() {
                    match store.remove_citation(first, None, "fetcher") {
                        // The claim as the removing transaction left it (only this thread removes, so its citations are still
                        // there): verified only with a supporting citation left.
                        Ok(after) => {
                            let stances: Vec<Stance> = after
                                .citations
                                .iter()
                                .map(|&id| store.citation(id).map(|c| c.stance))
                                .filter_map(Result::ok)
                                .collect();
                            assert!(
                                after.status != Status::Verified || !after.citations.is_empty(),
                                "{after:?} {stances:?}"
                            );
                        }
                        Err(e) if e.code() == "not_found" => {}
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        })
    };
    verifier.join().unwrap();
    remover.join().unwrap();
    let c = store.claim(claim).unwrap();
    let stances: Vec<Stance> = store
        .citations(claim)
        .unwrap()
        .iter()
        .map(|x| x.stance)
        .collect();
    assert!(
        c.status != Status::Verified || stances.contains(&Stance::Supports),
        "{c:?}"
    );
    // Replaying the history gives the final status: every status change was recorded.
    let h = store.history(claim).unwrap();
    let last_status = h
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::StatusChanged)
        .and_then(|e| e.new.as_ref())
        .map(|v| v["status"].as_str().unwrap().to_string());
    assert_eq!(
        last_status.as_deref().unwrap_or("unsourced"),
        c.status.as_str()
    );
}
