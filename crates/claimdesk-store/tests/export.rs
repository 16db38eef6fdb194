//! Whole-workspace export and import: a property-based round trip over random workspaces, and refusals.

mod support;

use claimdesk_store::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Action {
    Create(String, Vec<String>),
    Status(usize, Status, Option<String>),
    Cite(usize, Stance, bool),
    Uncite(usize),
    Snapshot(String, Vec<u8>),
    Revise(usize, usize, String),
    Notes(usize, String),
    Checkworthy(usize, bool),
    Editor(String),
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z0-9é]{1,8}", 1..6).prop_map(|w| format!("{}.", w.join(" ")))
}

fn action() -> impl Strategy<Value = Action> {
    let status = prop_oneof![
        Just(Status::Unsourced),
        Just(Status::Verified),
        Just(Status::Disputed)
    ];
    let stance = prop_oneof![
        Just(Stance::Supports),
        Just(Stance::Contradicts),
        Just(Stance::Context)
    ];
    prop_oneof![
        ("[a-z ]{1,12}", prop::collection::vec(sentence(), 1..6))
            .prop_map(|(t, s)| Action::Create(t, s)),
        (any::<usize>(), status, prop::option::of("[a-z ]{0,10}"))
            .prop_map(|(c, s, r)| Action::Status(c, s, r)),
        (any::<usize>(), stance, any::<bool>()).prop_map(|(c, s, snap)| Action::Cite(c, s, snap)),
        any::<usize>().prop_map(Action::Uncite),
        ("[a-z]{1,6}", prop::collection::vec(any::<u8>(), 0..300))
            .prop_map(|(u, b)| Action::Snapshot(u, b)),
        (any::<usize>(), any::<usize>(), sentence()).prop_map(|(d, k, s)| Action::Revise(d, k, s)),
        (any::<usize>(), "\\PC{0,20}").prop_map(|(c, n)| Action::Notes(c, n)),
        (any::<usize>(), any::<bool>()).prop_map(|(c, b)| Action::Checkworthy(c, b)),
        "[A-Za-z]{1,8}".prop_map(Action::Editor),
    ]
}

fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
    (!v.is_empty()).then(|| v[i % v.len()])
}

/// Applies actions; rule refusals are part of the data (they must leave no trace).
fn apply(store: &Store, actions: &[Action]) {
    for a in actions {
        let docs: Vec<Id> = store.documents().unwrap().iter().map(|d| d.id).collect();
        let claims: Vec<Id> = docs
            .iter()
            .flat_map(|&d| store.claims(d).unwrap())
            .map(|c| c.id)
            .collect();
        let cits: Vec<Id> = claims
            .iter()
            .flat_map(|&c| store.claim(c).unwrap().citations)
            .collect();
        let snaps: Vec<Id> = store
            .events()
            .unwrap()
            .iter()
            .filter_map(|e| match e.entity {
                Entity::Snapshot(s) => Some(s),
                _ => None,
            })
            .collect();
        match a {
            Action::Create(t, s) => {
                let text = s.join(" ");
                let _ = store.create_document(support::doc(t, &text), "prop");
            }
            Action::Status(c, s, r) => {
                if let Some(c) = pick(&claims, *c) {
                    let _ = store.set_status(c, *s, r.clone(), "prop");
                }
            }
            Action::Cite(c, stance, with_snap) => {
                if let Some(c) = pick(&claims, *c) {
                    let snapshot = if *with_snap {
                        pick(&snaps, c as usize)
                    } else {
                        None
                    };
                    let passage = snapshot.map(|_| Passage {
                        text: "x".into(),
                        start: 0,
                        end: 1,
                    });
                    let new = NewCitation {
                        url: format!("https://s.test/{c}"),
                        stance: *stance,
                        snapshot,
                        passage,
                        note: "n".into(),
                    };
                    store.add_citation(c, new, "prop").unwrap();
                }
            }
            Action::Uncite(i) => {
                if let Some(c) = pick(&cits, *i) {
                    store.remove_citation(c, None, "prop").unwrap();
                }
            }
            Action::Snapshot(u, raw) => {
                let new = NewSnapshot {
                    url: format!("http://127.0.0.1/{u}"),
                    final_url: format!("http://127.0.0.1/{u}"),
                    redirect_chain: vec![],
                    fetched_at: 1,
                    status: 200,
                    headers: vec![("x".into(), "y".into())],
                    content_type: None,
                    raw: raw.clone(),
                    text: String::from_utf8_lossy(raw).into_owned(),
                    metadata: SourceMetadata {
                        title: Some(u.clone()),
                        ..Default::default()
                    },
                    link_health: FetchStatus::Ok,
                    page_starts: Vec::new(),
                    read_problem: None,
                    origin: claimdesk_store::SnapshotOrigin::Fetched,
                };
                store.put_snapshot(new, "prop").unwrap();
            }
            Action::Revise(d, k, s) => {
                if let Some(d) = pick(&docs, *d) {
                    let doc = store.document(d).unwrap();
                    let old = store
                        .document_version(d, doc.current_version())
                        .unwrap()
                        .text;
                    let mut sents: Vec<String> = support::sentences(&old)
                        .into_iter()
                        .map(|c| c.text)
                        .collect();
                    if !sents.is_empty() {
                        let k = k % sents.len();
                        sents.remove(k);
                    }
                    sents.push(s.clone());
                    let text = sents.join(" ");
                    let claims = support::sentences(&text);
                    store
                        .revise_document(
                            d,
                            Revision {
                                file_name: None,
                                text,
                                claims,
                            },
                            "prop",
                        )
                        .unwrap();
                }
            }
            Action::Notes(c, n) => {
                if let Some(c) = pick(&claims, *c) {
                    store.set_notes(c, n, "prop").unwrap();
                }
            }
            Action::Checkworthy(c, b) => {
                if let Some(c) = pick(&claims, *c) {
                    store.set_checkworthy(c, *b, "prop").unwrap();
                }
            }
            Action::Editor(e) => store.set_editor(e).unwrap(),
        }
    }
}

/// Everything a user can see in a workspace.
fn picture(store: &Store) -> String {
    let mut out = Vec::new();
    out.push(format!("editor {}", store.editor().unwrap()));
    for d in store.documents().unwrap() {
        out.push(format!("{d:?}"));
        for v in 1..=d.current_version() {
            out.push(format!("{:?}", store.document_version(d.id, v).unwrap()));
        }
        for st in Status::ALL {
            out.push(format!(
                "{st}: {:?}",
                store
                    .claims_with_status(d.id, st)
                    .unwrap()
                    .iter()
                    .map(|c| c.id)
                    .collect::<Vec<_>>()
            ));
        }
        for c in store.claims(d.id).unwrap() {
            out.push(format!("{c:?}"));
            out.push(format!("{:?}", store.citations(c.id).unwrap()));
            out.push(format!("{:?}", store.history(c.id).unwrap()));
        }
    }
    for e in store.events().unwrap() {
        if let Entity::Snapshot(s) = e.entity {
            let snap = store.snapshot(s).unwrap();
            out.push(format!("{snap:?} {:?}", store.snapshot_raw(s).unwrap()));
            out.push(format!(
                "{:?}",
                store
                    .snapshots_for_url(&snap.url)
                    .unwrap()
                    .iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
            ));
        }
    }
    out.push(format!("{:?}", store.events().unwrap()));
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_reproduces_the_workspace(actions in prop::collection::vec(action(), 1..25)) {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let file = a.path().join("backup.claimdesk");
        let original = Store::open(&a.path().join("ws")).unwrap();
        apply(&original, &actions);
        original.export_to(&file).unwrap();
        let copy = Store::open(&b.path().join("ws")).unwrap();
        let summary = copy.import_from(&file).unwrap();
        prop_assert_eq!(summary.documents, original.documents().unwrap().len());
        prop_assert_eq!(picture(&original), picture(&copy));
        // New ids in the copy continue after the imported ones, as they would have in the original.
        let d1 = original.create_document(support::doc("next", "One more."), "prop").unwrap();
        let d2 = copy.create_document(support::doc("next", "One more."), "prop").unwrap();
        prop_assert_eq!(d1.id, d2.id);
        prop_assert_eq!(original.claims(d1.id).unwrap()[0].id, copy.claims(d2.id).unwrap()[0].id);
    }
}

#[test]
fn import_refuses_non_empty_workspaces_and_damaged_files() {
    let a = tempfile::tempdir().unwrap();
    let store = Store::open(&a.path().join("ws")).unwrap();
    store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let mut buf = Vec::new();
    store.export(&mut buf).unwrap();
    assert_eq!(
        store.import(&buf[..]).unwrap_err().code(),
        "workspace_not_empty"
    );

    let text = String::from_utf8(buf).unwrap();
    let fresh = || {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(d.path()).unwrap();
        (d, s)
    };
    // Truncated: the last line (the end record) is missing.
    let truncated: String = text
        .lines()
        .take(text.lines().count() - 1)
        .map(|l| format!("{l}\n"))
        .collect();
    let (_d, s) = fresh();
    assert_eq!(
        s.import(truncated.as_bytes()).unwrap_err().code(),
        "bad_export_file"
    );
    assert!(
        s.documents().unwrap().is_empty(),
        "a refused import writes nothing"
    );
    // A claim whose document is missing.
    let orphaned: String = text
        .lines()
        .filter(|l| !l.contains("\"record\":\"document\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_d, s) = fresh();
    assert_eq!(
        s.import(orphaned.as_bytes()).unwrap_err().code(),
        "bad_export_file"
    );
    let (_d, s) = fresh();
    assert_eq!(
        s.import(&b"{\"hello\":1}\n"[..]).unwrap_err().code(),
        "bad_export_file"
    );
    // And the untouched file imports.
    let (_d, s) = fresh();
    let sum = s.import(text.as_bytes()).unwrap();
    assert_eq!((sum.documents, sum.claims), (1, 4));
}

/// Sets the `document` counter line of an export to `last`.
fn with_document_counter(text: &str, last: u64) -> String {
    let mut found = false;
    let out: String = text
        .lines()
        .map(|l| {
            if l.contains("\"record\":\"counter\"") && l.contains("\"kind\":\"document\"") {
                found = true;
                format!("{{\"record\":\"counter\",\"kind\":\"document\",\"last\":{last}}}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert!(found, "the export has a document counter line");
    out
}

#[test]
fn id_counters_refuse_to_wrap_instead_of_overwriting_records() {
    let a = tempfile::tempdir().unwrap();
    let store = Store::open(&a.path().join("ws")).unwrap();
    let first = store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let file = a.path().join("ws.jsonl");
    store.export_to(&file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();

    // A counter at u64::MAX leaves no id to hand out: the file is refused, nothing is written.
    let at_max = a.path().join("max.jsonl");
    std::fs::write(&at_max, with_document_counter(&text, u64::MAX)).unwrap();
    let d = tempfile::tempdir().unwrap();
    let s = Store::open(d.path()).unwrap();
    let err = s.import_from(&at_max).unwrap_err();
    assert_eq!(err.code(), "bad_export_file", "{err}");
    assert!(err.to_string().contains("maximum"), "{err}");
    assert!(
        s.documents().unwrap().is_empty(),
        "a refused import writes nothing"
    );
    drop(s);

    // One id left: it is handed out, then the counter refuses with a clear error instead of wrapping to 0.
    let near_max = a.path().join("near.jsonl");
    std::fs::write(&near_max, with_document_counter(&text, u64::MAX - 1)).unwrap();
    let d = tempfile::tempdir().unwrap();
    let s = Store::open(d.path()).unwrap();
    s.import_from(&near_max).unwrap();
    let last = s
        .create_document(support::doc("last", "The last one. It fits."), "ada")
        .unwrap();
    assert_eq!(last.id, u64::MAX);
    let err = s
        .create_document(
            support::doc("wraps", "This one would wrap. It must not."),
            "ada",
        )
        .unwrap_err();
    assert_eq!(err.code(), "corrupt", "{err}");
    assert!(
        err.to_string()
            .contains("document id counter is at its maximum"),
        "{err}"
    );
    drop(s);
    let s = Store::open(d.path()).unwrap();
    let docs = s.documents().unwrap();
    assert_eq!(docs.len(), 2, "the refused document wrote nothing");
    let kept = docs.iter().find(|x| x.id == first.id).unwrap();
    assert_eq!(
        kept.title, first.title,
        "the first document is not overwritten"
    );
    assert!(docs.iter().all(|x| x.id != 0));
}
