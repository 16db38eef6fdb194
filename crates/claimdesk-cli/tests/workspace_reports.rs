//! End-to-end tests of the workspace, revision, report and bundle commands: the built `claimdesk` binary run against
//! temporary workspaces, checked through its output, its exit codes and the files it writes.

mod support;

use std::path::{Path, PathBuf};
use support::{bin, ok, run};

use claimdesk_api::Claimdesk;
use serde_json::Value;

const DRAFT: &str = "\
# Riverside budget under strain

The city council approved a budget of 4.2 billion dollars on Tuesday, the largest in its history.

Mayor Jane Smith said \"we will rebuild the Elm Street bridge by 2027\" at a press conference on Wednesday. \
Unemployment in the city fell to 3.9% in October, according to the state labor department.

Officials said the new stadium would cost 800 million dollars over ten years. \
Critics called the plan reckless.

Property crime fell by 12 percent last year, police data show. \
The transit authority carried 48 million passengers in 2025, up from 41 million in 2024.
";

/// The revision: the crime sentence moves to the top unchanged, the unemployment figure is edited, the stadium
/// sentence is deleted, and a new sentence is added.
const REVISED: &str = "\
# Riverside budget under strain

Property crime fell by 12 percent last year, police data show.

The city council approved a budget of 4.2 billion dollars on Tuesday, the largest in its history.

Mayor Jane Smith said \"we will rebuild the Elm Street bridge by 2027\" at a press conference on Wednesday. \
Unemployment in the city fell to 4.1% in November, according to the state labor department.

Critics called the plan reckless. \
The transit authority carried 48 million passengers in 2025, up from 41 million in 2024.

The stadium vote is scheduled for March 3, the council clerk said.
";

fn json(ws: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(ws, args)).expect("valid JSON")
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    ws: PathBuf,
    doc: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let ws = root.join("ws");
    let draft = root.join("riverside.md");
    std::fs::write(&draft, DRAFT).expect("write draft");
    let doc = ok(&ws, &["import", draft.to_str().expect("path")])
        .trim()
        .to_string();
    Fixture {
        _dir: dir,
        root,
        ws,
        doc,
    }
}

/// Check-worthy claims: (id, text, status, stale, orphan).
fn claims(ws: &Path, doc: &str) -> Vec<(u64, String, String, bool, bool)> {
    let v = json(ws, &["claims", doc, "--json"]);
    assert_eq!(v["schema_version"], 1);
    v["claims"]
        .as_array()
        .expect("claims array")
        .iter()
        .map(|c| {
            (
                c["id"].as_u64().expect("id"),
                c["text"].as_str().expect("text").to_string(),
                c["status"].as_str().expect("status").to_string(),
                c["stale"].as_bool().expect("stale"),
                c["orphan"].as_bool().expect("orphan"),
            )
        })
        .collect()
}

fn claim_id(ws: &Path, doc: &str, needle: &str) -> u64 {
    claims(ws, doc)
        .into_iter()
        .find(|c| c.1.contains(needle))
        .unwrap_or_else(|| panic!("no claim containing {needle:?}"))
        .0
}

#[test]
fn export_and_import_workspace_round_trip_claims_statuses_and_history() {
    let f = fixture();
    let budget = claim_id(&f.ws, &f.doc, "4.2 billion");
    ok(
        &f.ws,
        &[
            "mark",
            &budget.to_string(),
            "disputed",
            "--reason",
            "Budget office says 4.1 billion",
        ],
    );
    let history = json(&f.ws, &["history", &budget.to_string(), "--json"]);
    let events = history["events"].as_array().expect("events");
    assert!(events.iter().any(|e| e["action"] == "status_changed"
        && e["reason"] == "Budget office says 4.1 billion"
        && e["editor"] == "tester"));

    let file = f.root.join("backup.claimdesk");
    ok(&f.ws, &["export", "-o", file.to_str().expect("path")]);
    assert!(file.is_file());

    let fresh = f.root.join("fresh");
    let summary = ok(&fresh, &["import-workspace", file.to_str().expect("path")]);
    assert!(summary.contains("1 documents"), "{summary}");
    assert_eq!(claims(&f.ws, &f.doc), claims(&fresh, &f.doc));
    assert_eq!(
        history,
        json(&fresh, &["history", &budget.to_string(), "--json"])
    );

    // A second import into the now non-empty workspace is refused and changes nothing.
    let again = run(&fresh, &["import-workspace", file.to_str().expect("path")]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("error[workspace_not_empty]"));
}

#[test]
fn revised_draft_keeps_moved_claims_marks_edited_stale_and_deleted_orphan() {
    let f = fixture();
    let crime = claim_id(&f.ws, &f.doc, "Property crime");
    let jobs = claim_id(&f.ws, &f.doc, "Unemployment");
    let stadium = claim_id(&f.ws, &f.doc, "stadium");
    for (id, reason) in [
        (crime, "Police annual report disagrees"),
        (jobs, "State data say 4.3%"),
        (stadium, "No budget line exists"),
    ] {
        ok(
            &f.ws,
            &["mark", &id.to_string(), "disputed", "--reason", reason],
        );
    }
    let revised = f.root.join("riverside-v2.md");
    std::fs::write(&revised, REVISED).expect("write revision");
    let out = json(
        &f.ws,
        &[
            "import",
            revised.to_str().expect("path"),
            "--into",
            &f.doc,
            "--json",
        ],
    );
    let r = &out["revision"];
    assert_eq!(r["version"], 2);
    let has = |key: &str, id: u64| {
        r[key]
            .as_array()
            .expect("id list")
            .iter()
            .any(|v| v.as_u64() == Some(id))
    };
    assert!(
        has("kept", crime) || has("moved", crime),
        "moved sentence kept: {r}"
    );
    assert!(has("stale", jobs), "edited sentence stale: {r}");
    assert!(has("orphaned", stadium), "deleted sentence orphaned: {r}");
    assert!(
        !r["created"].as_array().expect("created").is_empty(),
        "new sentence created: {r}"
    );

    let after = claims(&f.ws, &f.doc);
    let get = |id: u64| {
        after
            .iter()
            .find(|c| c.0 == id)
            .expect("claim still listed")
    };
    assert_eq!(
        (get(crime).2.as_str(), get(crime).3, get(crime).4),
        ("disputed", false, false)
    );
    assert_eq!((get(jobs).2.as_str(), get(jobs).3), ("disputed", true));
    assert!(get(jobs).1.contains("4.1%"));
    assert_eq!(
        (get(stadium).2.as_str(), get(stadium).4),
        ("disputed", true)
    );

    // The plain-text summary names the counts and lists the orphan.
    let v3 = f.root.join("riverside-v3.md");
    std::fs::write(&v3, REVISED.replace("March 3", "March 10")).expect("write v3");
    let text = ok(
        &f.ws,
        &["import", v3.to_str().expect("path"), "--into", &f.doc],
    );
    for label in ["kept\t", "moved\t", "stale\t", "orphaned\t", "created\t"] {
        assert!(text.contains(label), "{label:?} in {text}");
    }
    assert!(
        text.contains("orphan\t") && text.contains("stadium would cost"),
        "{text}"
    );
}

#[test]
fn reviewed_clears_the_stale_flag_and_the_history_says_who() {
    let f = fixture();
    let jobs = claim_id(&f.ws, &f.doc, "Unemployment");
    let marked = json(
        &f.ws,
        &[
            "mark",
            &jobs.to_string(),
            "disputed",
            "--reason",
            "State data say 4.3%",
            "--json",
        ],
    );
    assert_eq!(marked["schema_version"], 1);
    assert_eq!(marked["claim"]["id"], jobs);
    assert_eq!(marked["claim"]["status"], "disputed");
    let revised = f.root.join("riverside-v2.md");
    std::fs::write(&revised, REVISED).expect("write revision");
    ok(
        &f.ws,
        &["import", revised.to_str().expect("path"), "--into", &f.doc],
    );
    let stale = |ws: &Path| {
        claims(ws, &f.doc)
            .into_iter()
            .find(|c| c.0 == jobs)
            .expect("claim listed")
            .3
    };
    assert!(stale(&f.ws), "the edited sentence is stale");

    let out = json(&f.ws, &["reviewed", &jobs.to_string(), "--json"]);
    assert_eq!(out["schema_version"], 1);
    let c = &out["claim"];
    assert_eq!(c["id"], jobs);
    assert_eq!(c["stale"], false);
    assert_eq!(c["status"], "disputed", "reviewing keeps the status");
    assert!(c["text"].as_str().expect("text").contains("4.1%"), "{c}");
    // The same object as in `claims --json`.
    let listed = json(&f.ws, &["claims", &f.doc, "--json"]);
    let entry = listed["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|e| e["id"] == jobs)
        .cloned()
        .expect("listed");
    assert_eq!(&entry, c);
    assert!(!stale(&f.ws));

    let h = json(&f.ws, &["history", &jobs.to_string(), "--json"]);
    let cleared: Vec<&Value> = h["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["action"] == "stale_cleared")
        .collect();
    assert_eq!(cleared.len(), 1, "{h}");
    assert_eq!(cleared[0]["editor"], "tester");
    assert!(
        cleared[0]["old"]
            .as_str()
            .is_some_and(|t| t.contains("3.9%")),
        "the history keeps the wording that was reviewed away: {h}"
    );

    // The alias, on a claim that is no longer stale: a plain line, nothing new in the history.
    let again = ok(&f.ws, &["clear-stale", &jobs.to_string()]);
    assert!(again.starts_with(&format!("{jobs}\treviewed\t")), "{again}");
    let h2 = json(&f.ws, &["history", &jobs.to_string(), "--json"]);
    assert_eq!(h2["events"], h["events"]);

    let missing = run(&f.ws, &["reviewed", "999999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("error[not_found]"));
}

#[test]
fn promote_and_demote_change_what_counts_as_a_claim() {
    let f = fixture();
    let jobs = claim_id(&f.ws, &f.doc, "Unemployment");
    let out = ok(&f.ws, &["demote", &jobs.to_string()]);
    assert!(out.contains("sentence"), "{out}");
    assert!(claims(&f.ws, &f.doc).iter().all(|c| c.0 != jobs));
    ok(&f.ws, &["promote", &jobs.to_string()]);
    assert!(claims(&f.ws, &f.doc).iter().any(|c| c.0 == jobs));
    let h = json(&f.ws, &["history", &jobs.to_string(), "--json"]);
    let changes = h["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["action"] == "checkworthy_changed")
        .count();
    assert_eq!(changes, 2);
    let missing = run(&f.ws, &["promote", "999999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("error[not_found]"));
}

#[test]
fn notes_are_kept_listed_and_in_the_history() {
    let f = fixture();
    let jobs = claim_id(&f.ws, &f.doc, "Unemployment");
    let out = ok(
        &f.ws,
        &[
            "note",
            &jobs.to_string(),
            "Call the labor office about March",
        ],
    );
    assert_eq!(
        out.trim_end(),
        format!("{jobs}\tCall the labor office about March")
    );
    let listed = json(&f.ws, &["claims", &f.doc, "--json"]);
    let notes = listed["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["id"] == jobs)
        .map(|c| c["notes"].clone());
    assert_eq!(
        notes,
        Some(serde_json::json!("Call the labor office about March"))
    );
    ok(&f.ws, &["note", &jobs.to_string(), ""]);
    let h = json(&f.ws, &["history", &jobs.to_string(), "--json"]);
    let changes: Vec<_> = h["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["action"] == "notes_changed")
        .collect();
    assert_eq!(changes.len(), 2, "{h}");
    let missing = run(&f.ws, &["note", "999999", "x"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn reports_in_every_format() {
    let f = fixture();
    let budget = claim_id(&f.ws, &f.doc, "4.2 billion");
    ok(
        &f.ws,
        &[
            "mark",
            &budget.to_string(),
            "disputed",
            "--reason",
            "Budget office says 4.1 billion",
        ],
    );
    let n_claims = claims(&f.ws, &f.doc).len();

    // JSON: parse it and check its structure against what the workspace holds.
    let report: Value = serde_json::from_str(&ok(&f.ws, &["report", &f.doc, "--format", "json"]))
        .expect("report JSON");
    assert_eq!(report["schema_version"], claimdesk_report::SCHEMA_VERSION);
    let rclaims = report["claims"].as_array().expect("claims");
    assert_eq!(rclaims.len(), n_claims);
    let disputed = rclaims
        .iter()
        .find(|c| c["id"].as_str() == Some(budget.to_string().as_str()))
        .expect("disputed claim in report");
    assert_eq!(disputed["status"], "disputed");
    assert_eq!(disputed["status_set_by"], "tester");
    assert_eq!(disputed["line"], 3);

    // HTML to a file: self-contained, no scripts.
    let html_path = f.root.join("report.html");
    ok(
        &f.ws,
        &[
            "report",
            &f.doc,
            "--format",
            "html",
            "-o",
            html_path.to_str().expect("path"),
        ],
    );
    let html = std::fs::read_to_string(&html_path).expect("html written");
    assert!(html.contains("4.2 billion"));
    assert!(!html.to_ascii_lowercase().contains("<script"));

    let md = ok(&f.ws, &["report", &f.doc, "--format", "md"]);
    assert!(md.contains("Budget office says 4.1 billion"), "{md}");

    let csv = ok(&f.ws, &["report", &f.doc, "--format", "csv"]);
    // A BOM for spreadsheets, then quoted column names, then one row per claim (no citations yet).
    let header = csv
        .lines()
        .next()
        .expect("csv header")
        .trim_start_matches('\u{feff}');
    let names: Vec<String> = claimdesk_report::CSV_COLUMNS
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    assert_eq!(header, names.join(","));
    assert_eq!(csv.lines().count(), n_claims + 1);

    // ClaimReview needs the review page; without it the command fails with a code, with it one review per claim.
    let no_url = run(&f.ws, &["report", &f.doc, "--format", "claimreview"]);
    assert_eq!(no_url.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_url.stderr).contains("error[missing_review_url]"));
    let cr: Value = serde_json::from_str(&ok(
        &f.ws,
        &[
            "report",
            &f.doc,
            "--format",
            "claimreview",
            "--review-url",
            "https://desk.example/riverside",
        ],
    ))
    .expect("ClaimReview JSON");
    let reviews = cr.as_array().expect("array of reviews");
    assert_eq!(reviews.len(), n_claims);
    let review = reviews
        .iter()
        .find(|r| r["@id"] == format!("https://desk.example/riverside#claim-{budget}"))
        .expect("review of the disputed claim");
    assert_eq!(review["reviewRating"]["alternateName"], "Disputed");

    let bad = run(&f.ws, &["report", &f.doc, "--format", "pdf"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn bundle_verifies_and_a_flipped_byte_fails_verification() {
    let f = fixture();
    let zip = f.root.join("evidence.zip");
    ok(
        &f.ws,
        &["bundle", &f.doc, "-o", zip.to_str().expect("path")],
    );
    let out = bin()
        .args(["verify-bundle", zip.to_str().expect("path")])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    for name in ["report.html", "report.json", "sources.warc.gz"] {
        assert!(listing.contains(&format!("ok\t{name}")), "{listing}");
    }

    // Flip one byte inside the HTML report's stored data: the archive is still a zip, but no longer verifies.
    let mut bytes = std::fs::read(&zip).expect("read zip");
    let at = bytes.len() / 4;
    bytes[at] ^= 0x01;
    let tampered = f.root.join("tampered.zip");
    std::fs::write(&tampered, &bytes).expect("write tampered");
    let out = bin()
        .args(["verify-bundle", tampered.to_str().expect("path")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[bundle_"), "{err}");
    assert!(err.contains("tampered.zip"), "{err}");
}

#[test]
fn exit_codes_for_usage_missing_files_and_a_busy_workspace() {
    let f = fixture();
    // Usage error: clap exits 2.
    let usage = run(&f.ws, &["report", &f.doc]);
    assert_eq!(usage.status.code(), Some(2));
    let usage = bin().args(["export"]).output().expect("run");
    assert_eq!(usage.status.code(), Some(2));

    // Missing files exit 1 with the file_not_found code.
    let nowhere = f.root.join("nowhere.txt");
    for (ws, args) in [
        (
            f.ws.clone(),
            vec!["import", nowhere.to_str().expect("path"), "--into", &f.doc],
        ),
        (
            f.root.join("empty"),
            vec!["import-workspace", nowhere.to_str().expect("path")],
        ),
    ] {
        let out = run(&ws, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error[file_not_found]"), "{args:?}: {err}");
    }
    let out = bin()
        .args(["verify-bundle", nowhere.to_str().expect("path")])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[file_not_found]"));

    // A workspace held open (here by this test process) cannot be opened by a second process.
    let held = Claimdesk::open(&f.ws).expect("open workspace");
    let unused = f.root.join("unused.claimdesk");
    for args in [
        vec!["report", f.doc.as_str(), "--format", "json"],
        vec!["export", "-o", unused.to_str().expect("path")],
    ] {
        let out = run(&f.ws, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error[workspace_in_use]"),
            "{args:?}: {err}"
        );
    }
    drop(held);
    assert!(!ok(&f.ws, &["report", &f.doc, "--format", "md"]).is_empty());
}
