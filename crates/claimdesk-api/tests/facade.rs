//! Facade operations on a real workspace in a temp dir.

use claimdesk_api::{Claimdesk, ErrorCode};

const DRAFT: &str =
    "Unemployment in the city fell to 3.9% in October, according to the state labor department. \
The transit authority carried 48 million passengers in 2025.";
const REVISED: &str =
    "Unemployment in the city fell to 4.1% in November, according to the state labor department. \
The transit authority carried 48 million passengers in 2025.";

#[test]
fn clear_stale_returns_the_claim_and_records_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let mut cd = Claimdesk::open(dir.path()).unwrap();
    cd.set_editor("ada").unwrap();
    let doc = cd.paste_draft(Some("Jobs".into()), DRAFT).unwrap();
    let jobs = doc
        .claims
        .iter()
        .find(|c| c.text.contains("Unemployment"))
        .unwrap()
        .id;
    let transit = doc
        .claims
        .iter()
        .find(|c| c.text.contains("transit"))
        .unwrap()
        .id;
    let r = cd.revise_text(doc.document.id, REVISED).unwrap();
    assert_eq!(r.stale, vec![jobs], "{r:?}");
    assert!(cd.claim(jobs).unwrap().stale);

    let change = cd.clear_stale(jobs).unwrap();
    // The change answers with the claim, its document's counts and the history that records it.
    assert_eq!(change.history, cd.history(jobs).unwrap());
    assert_eq!(change.document.id, doc.document.id);
    let c = change.claim;
    assert_eq!(c.id, jobs);
    assert!(!c.stale);
    assert!(c.text.contains("4.1%"));
    assert_eq!(cd.claim(jobs).unwrap(), c);
    let h = cd.history(jobs).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.action, "stale_cleared");
    assert_eq!(last.editor, "ada");
    assert!(
        last.old.as_deref().is_some_and(|t| t.contains("3.9%")),
        "{last:?}"
    );

    // Not stale: unchanged, nothing recorded.
    let before = cd.history(transit).unwrap();
    let t = cd.clear_stale(transit).unwrap().claim;
    assert_eq!(t, cd.claim(transit).unwrap());
    assert_eq!(cd.history(transit).unwrap(), before);

    let e = cd.clear_stale(999_999).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(
        serde_json::to_value(&e).unwrap()["code"],
        serde_json::json!("not_found")
    );
}
