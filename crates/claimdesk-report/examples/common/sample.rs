//! A realistic, hand-written report input: a local-news draft with claims in every state the report describes.
//! Used for docs/report-sample.html (examples/sample.rs) and by the tests. Names, places and sites are invented.

use claimdesk_report::{
    CitationEntry, ClaimEntry, DocInfo, HistoryItem, LinkHealth, PassageInfo, Publication,
    QuoteCheck, QuoteInfo, QuoteMatch, ReportInput, SourceInfo, Stance, Status,
};

const WIRE: &str = "The Riverton city council on Tuesday approved a 412 million dollar budget for next year, \
the largest in the city's history, after a four-hour meeting in which residents packed the chamber to argue \
over library hours and road repairs. The budget passed by a vote of seven to two. Council member Ana Ortiz, who \
voted against it, said the plan leaned too heavily on a one-time transfer from the reserve fund. Mayor Daniel \
Price said the spending plan keeps property tax rates flat for a third straight year while adding 38 police \
officers and restoring Sunday hours at four branch libraries. The city's finance director told the council the \
reserve transfer of 9 million dollars would leave the fund at about 11 percent of operating spending, above the \
10 percent floor set by city policy. Road repairs receive 27 million dollars, up from 19 million this year.";

fn src(
    url: &str,
    title: &str,
    publisher: &str,
    authors: &[&str],
    health: LinkHealth,
    text: Option<String>,
) -> SourceInfo {
    SourceInfo {
        url: url.into(),
        final_url: None,
        title: Some(title.into()),
        publisher: Some(publisher.into()),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        published: Some("2026-11-18".into()),
        archived_at: Some("2026-11-24T15:02:11Z".into()),
        sha256: text
            .as_deref()
            .map(|t| claimdesk_report::sha256_hex(t.as_bytes())),
        link_health: health,
        text,
        editor_file: None,
    }
}

fn cite(
    id: &str,
    url: &str,
    stance: Stance,
    source: Option<usize>,
    passage: Option<&str>,
    note: &str,
) -> CitationEntry {
    CitationEntry {
        id: id.into(),
        url: url.into(),
        stance,
        note: note.into(),
        added_by: "m.keller".into(),
        added_at: "2026-11-24T15:10:00Z".into(),
        source,
        passage: passage.map(|p| PassageInfo {
            text: p.into(),
            start: 0,
            end: p.len(),
            page: None,
        }),
        quote_checks: vec![],
    }
}

fn status_history(to: Status, reason: &str) -> Vec<HistoryItem> {
    vec![
        HistoryItem {
            at: "2026-11-24T14:55:03Z".into(),
            editor: "claimdesk".into(),
            action: "claim_created".into(),
            old: None,
            new: Some("unsourced".into()),
            reason: Some("detected as check-worthy".into()),
        },
        HistoryItem {
            at: "2026-11-24T15:12:40Z".into(),
            editor: "m.keller".into(),
            action: "status_changed".into(),
            old: Some("unsourced".into()),
            new: Some(to.as_str().into()),
            reason: Some(reason.into()),
        },
    ]
}

/// The sample input.
pub fn sample_input() -> ReportInput {
    let regional =
        format!("RIVERTON (Metro Wire) — {WIRE} The vote came after two public hearings.");
    let sources = vec![
        src(
            "https://metrowire.example/news/riverton-budget-412m",
            "Riverton council approves record $412M budget",
            "Metro Wire",
            &["Jordan Wells"],
            LinkHealth::Ok,
            Some(WIRE.to_string()),
        ),
        src(
            "https://valleyherald.example/2026/11/18/riverton-budget",
            "Riverton passes record budget",
            "Valley Herald",
            &["Metro Wire"],
            LinkHealth::Ok,
            Some(regional),
        ),
        src(
            "https://riverton.example.gov/finance/fy2027-adopted-budget",
            "FY2027 Adopted Budget — Summary of Changes",
            "City of Riverton, Finance Department",
            &[],
            LinkHealth::Changed,
            Some(
                "The adopted budget totals 412.3 million dollars. Public safety adds 38 sworn officer positions. \
                 Libraries: Sunday service restored at Eastside, Northgate, Millbrook and Harbor branches. Capital: \
                 street resurfacing program 27.0 million dollars. General fund reserve after transfer: 11.2 percent \
                 of operating expenditures; policy minimum 10 percent. The property tax rate remains 0.612 per 100 \
                 dollars of assessed value."
                    .into(),
            ),
        ),
        src(
            "https://riverton-ledger.example/opinion/police-hiring-numbers",
            "Where the 38 new officers really come from",
            "Riverton Ledger",
            &["Priya Nand"],
            LinkHealth::Gone,
            Some(
                "Of the 38 police positions in the new budget, 22 were already funded last year and left vacant; \
                 only 16 are new positions. The department has struggled to fill vacancies since 2024, and the chief \
                 told a community meeting in October that recruiting classes were running at half capacity."
                    .into(),
            ),
        ),
    ];
    let claims = vec![
        ClaimEntry {
            id: "c-0001".into(),
            text: "The council approved a $412 million budget on Tuesday, the largest in the city's history.".into(),
            start: 120,
            end: 209,
            line: 3,
            status: Status::Verified,
            status_set_by: Some("m.keller".into()),
            status_set_at: Some("2026-11-24T15:12:40Z".into()),
            status_reason: Some("Figure and date match the wire story and the city's adopted budget.".into()),
            checkworthy: true,
            score: 0.93,
            kinds: vec!["numeric".into(), "temporal".into()],
            citations: vec![
                cite("k-01", "https://metrowire.example/news/riverton-budget-412m", Stance::Supports, Some(0),
                     Some("approved a 412 million dollar budget for next year, the largest in the city's history"), ""),
                cite("k-02", "https://valleyherald.example/2026/11/18/riverton-budget", Stance::Supports, Some(1),
                     None, "Herald ran the Metro Wire copy."),
                cite("k-03", "https://riverton.example.gov/finance/fy2027-adopted-budget", Stance::Supports, Some(2),
                     Some("The adopted budget totals 412.3 million dollars."), "Primary document."),
            ],
            history: status_history(Status::Verified, "Figure and date match the wire story and the adopted budget."),
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0002".into(),
            text: "The plan adds 38 new police officers.".into(),
            start: 410,
            end: 447,
            line: 7,
            status: Status::Disputed,
            status_set_by: Some("m.keller".into()),
            status_set_at: Some("2026-11-24T15:30:02Z".into()),
            status_reason: Some("Only 16 of the 38 positions are new; 22 were funded and vacant.".into()),
            checkworthy: true,
            score: 0.88,
            kinds: vec!["numeric".into()],
            citations: vec![
                cite("k-04", "https://riverton-ledger.example/opinion/police-hiring-numbers", Stance::Contradicts,
                     Some(3), Some("only 16 are new positions"), "Ledger analysis of the position list."),
                cite("k-05", "https://riverton.example.gov/finance/fy2027-adopted-budget", Stance::Context, Some(2),
                     Some("Public safety adds 38 sworn officer positions."), "Budget counts positions, not hires."),
            ],
            history: status_history(Status::Disputed, "Only 16 of the 38 positions are new."),
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0003".into(),
            text: "\"This budget is built on sand,\" said council member Ana Ortiz, who voted against it.".into(),
            start: 520,
            end: 604,
            line: 9,
            status: Status::Verified,
            status_set_by: Some("m.keller".into()),
            status_set_at: Some("2026-11-24T15:41:10Z".into()),
            status_reason: Some("Vote confirmed; wording of the quote could not be matched.".into()),
            stale: true,
            checkworthy: true,
            score: 0.71,
            kinds: vec!["quote".into()],
            quotes: vec![QuoteInfo { text: "This budget is built on sand".into(), speaker: Some("Ana Ortiz".into()) }],
            citations: vec![CitationEntry {
                quote_checks: vec![QuoteCheck {
                    quote: "This budget is built on sand".into(),
                    matched: QuoteMatch::NotFound,
                    distance: None,
                    source_text: None,
                }],
                ..cite("k-06", "https://metrowire.example/news/riverton-budget-412m", Stance::Supports, Some(0),
                       Some("Council member Ana Ortiz, who voted against it, said the plan leaned too heavily on a one-time transfer"),
                       "Vote matches; the quoted words are not in the wire copy.")
            }],
            history: {
                let mut h = status_history(Status::Verified, "Vote confirmed.");
                h.push(HistoryItem {
                    at: "2026-11-25T08:02:17Z".into(),
                    editor: "claimdesk".into(),
                    action: "claim_stale".into(),
                    old: Some("\"This budget is a house built on sand,\" said ...".into()),
                    new: Some("\"This budget is built on sand,\" said ...".into()),
                    reason: Some("draft version 2 changed the sentence".into()),
                });
                h
            },
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0004".into(),
            text: "City officials privately concede the reserve fund will fall below its legal minimum by 2028.".into(),
            start: 700,
            end: 792,
            line: 12,
            status: Status::Unsourced,
            checkworthy: true,
            score: 0.84,
            kinds: vec!["prediction".into()],
            unnamed_source: true,
            history: status_history(Status::Unsourced, "awaiting a named source").into_iter().take(1).collect(),
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0005".into(),
            text: "Road repairs get $27 million, up from $19 million this year.".into(),
            start: 800,
            end: 860,
            line: 14,
            status: Status::Unsourced,
            checkworthy: true,
            score: 0.9,
            kinds: vec!["numeric".into(), "comparison".into()],
            citations: vec![cite("k-07", "https://riverton.example.gov/finance/fy2027-adopted-budget",
                                 Stance::Supports, Some(2),
                                 Some("street resurfacing program 27.0 million dollars"),
                                 "Need last year's figure before marking verified.")],
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0006".into(),
            text: "Restoring Sunday library hours is the most welcome decision this council has made in years.".into(),
            start: 900,
            end: 991,
            line: 16,
            status: Status::Unsourced,
            checkworthy: false,
            score: 0.22,
            kinds: vec![],
            opinion: true,
            ..Default::default()
        },
        ClaimEntry {
            id: "c-0007".into(),
            text: "Property tax rates stay flat for a third straight year.".into(),
            start: 0,
            end: 0,
            line: 18,
            status: Status::Verified,
            status_set_by: Some("m.keller".into()),
            status_set_at: Some("2026-11-24T15:50:00Z".into()),
            status_reason: Some("Rate unchanged at 0.612 per $100.".into()),
            orphan: true,
            checkworthy: true,
            score: 0.8,
            kinds: vec!["numeric".into(), "temporal".into()],
            citations: vec![cite("k-08", "https://riverton.example.gov/finance/fy2027-adopted-budget",
                                 Stance::Supports, Some(2), Some("The property tax rate remains 0.612 per 100 dollars"),
                                 "")],
            history: {
                let mut h = status_history(Status::Verified, "Rate unchanged.");
                h.push(HistoryItem {
                    at: "2026-11-25T08:02:17Z".into(),
                    editor: "claimdesk".into(),
                    action: "claim_orphaned".into(),
                    old: None,
                    new: None,
                    reason: Some("draft version 2 no longer contains the sentence".into()),
                });
                h
            },
            ..Default::default()
        },
    ];
    ReportInput {
        document: DocInfo {
            id: "d-riverton-budget".into(),
            title: "Riverton passes record budget amid fight over reserves".into(),
            file_name: "riverton-budget-v2.docx".into(),
            version: 2,
            text_sha256: "5f1c0e5d3a7e4b0f2b9c7d1e8a6f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3".into(),
            imported_at: "2026-11-25T08:02:17Z".into(),
            author: Some("Mara Keller".into()),
            url: Some("https://riverton-ledger.example/news/riverton-budget".into()),
        },
        generated_at: "2026-11-25T09:30:00Z".into(),
        generator: format!("claimdesk-report {}", env!("CARGO_PKG_VERSION")),
        publication: Some(Publication {
            review_url: "https://riverton-ledger.example/factcheck/riverton-budget".into(),
            organization: "Riverton Ledger Fact Desk".into(),
            organization_url: Some("https://riverton-ledger.example/factcheck".into()),
        }),
        claims,
        sources,
    }
}
