//! The protocol: every mutation answers with what it changed, the claim detail is one call, and the caches behind
//! them (evidence per claim and snapshot, the claim-memory index) never serve a stale answer. A real workspace in a
//! temp dir; the cited page comes from a loopback server in the test.

use std::io::{Read, Write};
use std::net::TcpListener;

use claimdesk_api::sources::CitationStance;
use claimdesk_api::{ClaimStatus, Claimdesk};

const PAGE: &str = "<html><head><title>Road report</title></head><body><article>\
<p>The city spent $4.2 million on road repairs in 2025, the public works department said.</p>\
<p>Crews resurfaced 31 miles of streets.</p></article></body></html>";

/// Serves `PAGE` to every connection, on a free loopback port.
fn serve() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                PAGE.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(PAGE.as_bytes());
        }
    });
    format!("http://{addr}/roads")
}

fn claim_with(cd: &Claimdesk, doc: u64, needle: &str) -> u64 {
    cd.open_document(doc)
        .unwrap()
        .claims
        .iter()
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no claim with {needle:?}"))
        .id
}

#[test]
fn mutations_answer_with_what_they_changed_and_the_detail_is_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut cd = Claimdesk::open(dir.path()).unwrap();
    cd.set_editor("ada").unwrap();
    // The cited page is served on loopback: the workspace's private-address opt-in.
    let info = cd.set_allow_private_sources(true).unwrap();
    assert!(info.allow_private_sources);
    let a = cd
        .paste_draft(
            Some("Roads".into()),
            "The city spent $4.2 million on road repairs in 2025. Crews resurfaced 31 miles of streets.",
        )
        .unwrap()
        .document
        .id;
    let b = cd
        .paste_draft(
            Some("Budget".into()),
            "The city spent $4.2 million on road repairs in 2025, officials said. \
             The school board hired 120 new teachers in August. \
             Property taxes rose by 3% for the second year in a row. \
             The library extended its opening hours to 9 p.m. on weekdays.",
        )
        .unwrap()
        .document
        .id;
    let roads = claim_with(&cd, a, "road repairs");
    let earlier = claim_with(&cd, b, "road repairs");

    // Mark: the claim, the document's counts after the change, and the history that records it.
    let ch = cd
        .mark(
            roads,
            ClaimStatus::Disputed,
            Some("The audit says 3.9".into()),
        )
        .unwrap();
    assert_eq!(ch.claim.status, ClaimStatus::Disputed);
    assert_eq!(ch.claim, cd.claim(roads).unwrap());
    assert_eq!(ch.document.id, a);
    assert_eq!(ch.document.counts.disputed, 1);
    assert_eq!(
        ch.document,
        cd.documents()
            .unwrap()
            .into_iter()
            .find(|d| d.id == a)
            .unwrap()
    );
    assert_eq!(ch.history, cd.history(roads).unwrap());
    assert_eq!(
        ch.history.last().map(|h| h.action.as_str()),
        Some("status_changed")
    );

    // Cite: the citation, the claim (its count), and the evidence the detail shows next.
    let url = serve();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let job = cd.start_job(std::sync::Arc::new(|_| {}));
    let cc = rt
        .block_on(cd.cite(roads, &url, CitationStance::Supports, None, &job))
        .unwrap();
    assert_eq!(cc.citations.len(), 1);
    let cit = &cc.citations[0];
    let snap = cit.source.as_ref().expect("archived").snapshot;
    assert_eq!(cc.claim.claim.citations, 1);
    assert_eq!(cc.claim.history, cd.history(roads).unwrap());
    let ev = cc.evidence.as_ref().expect("evidence");
    assert_eq!(ev.citation, cit.id);
    assert_eq!(ev.view, cd.evidence(roads, snap).unwrap());
    assert!(!ev.view.numbers.matched.is_empty(), "{:?}", ev.view.numbers);

    // The detail in one call equals the separate reads, and claim memory finds the other draft's claim.
    let d = cd.claim_detail(roads).unwrap();
    assert_eq!(d.claim, cd.claim(roads).unwrap());
    assert_eq!(d.history, cd.history(roads).unwrap());
    assert_eq!(d.citations, cd.citations(roads).unwrap());
    assert_eq!(d.evidence.as_ref().map(|e| e.citation), Some(cit.id));
    assert_eq!(d.similar, cd.similar_claims(roads).unwrap());
    assert!(
        d.similar.iter().any(|s| s.claim == earlier),
        "{:?}",
        d.similar
    );
    // A status change elsewhere shows at once: the cached index holds texts, not statuses.
    cd.mark(earlier, ClaimStatus::Disputed, Some("wrong year".into()))
        .unwrap();
    let again = cd.claim_detail(roads).unwrap();
    let shown = again.similar.iter().find(|s| s.claim == earlier).unwrap();
    assert_eq!(shown.status, ClaimStatus::Disputed);

    // A new draft with the same claim is found next time: importing invalidates the memory index.
    let c = cd
        .paste_draft(
            Some("Follow-up".into()),
            "The city spent $4.2 million on road repairs in 2025, records show.",
        )
        .unwrap()
        .document
        .id;
    let newer = claim_with(&cd, c, "road repairs");
    let d = cd.claim_detail(roads).unwrap();
    assert!(
        d.similar.iter().any(|s| s.claim == newer),
        "{:?}",
        d.similar
    );

    // The evidence cache is keyed by the claim's text: a revised draft that changes the number is judged anew.
    cd.revise_text(
        a,
        "The city spent $9.7 million on road repairs in 2025. Crews resurfaced 31 miles of streets.",
    )
    .unwrap();
    let revised = cd.evidence(roads, snap).unwrap();
    assert_ne!(revised, ev.view);
    assert!(
        revised.numbers.claim_only.iter().any(|n| n.contains("9.7"))
            || revised
                .numbers
                .conflicting
                .iter()
                .any(|p| p.claim.contains("9.7")),
        "{:?}",
        revised.numbers
    );

    // Removing the citation answers with the claim back at its count.
    let rm = cd.remove_citation(cit.id, None).unwrap();
    assert_eq!(rm.claim.citations, 0);
    assert_eq!(rm.history, cd.history(roads).unwrap());
    assert!(cd.claim_detail(roads).unwrap().evidence.is_none());
}
