//! The editor's main flow through the real window (issue: the workbench), against sources served by a local fixture
//! server: import a sample draft, see the claims, cite a source, see the evidence, mark the claim verified with a
//! reason, export a report and find the verdict in it. Then the hostile-page test and the revised-draft flow.
//!
//! Keyboard only: after the window opens the test never clicks. It presses the app's shortcuts and types into
//! whatever the app focused, through WebDriver's key actions; the OS open and save dialogs (GTK windows outside the
//! webview) are answered with X11 key presses (`xdotool`). Scripts only *read* the page to check what it shows (and
//! scroll the evidence into view for its screenshot).
//!
//! Run with `make e2e`. Screenshots go to `$CARGO_TARGET_DIR/e2e/`.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use fantoccini::key::Key;
use support::server::{fixture, FixtureServer};
use support::{answer_file_dialog, goto_claim, leave_field, open_draft, App, Session};

const REASON: &str = "Controller's 2023 report confirms both figures";

fn routes() -> HashMap<String, (String, Vec<u8>)> {
    let mut r = HashMap::new();
    r.insert(
        "/budget-report.html".to_string(),
        (
            "text/html; charset=utf-8".to_string(),
            fixture("budget-report.html"),
        ),
    );
    r.insert(
        "/hostile.html".to_string(),
        (
            "text/html; charset=utf-8".to_string(),
            fixture("hostile.html"),
        ),
    );
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn cite_verify_export_hostile_and_revise() {
    let app = App::new("main_flow");
    let server = FixtureServer::start(routes()).await;
    let out_dir = tempfile::tempdir().expect("temp dir for the export");
    let report_path = out_dir.path().join("report.json");
    let draft = String::from_utf8(fixture("sample-draft.md"))
        .expect("utf-8 draft")
        .replace("SOURCE_URL", &server.url("/budget-report.html"));

    let draft_path = out_dir.path().join("riverside-bridge.md");
    std::fs::write(&draft_path, &draft).expect("write the sample draft");

    let outcome = tokio::time::timeout(Duration::from_secs(300), async {
        let s = Session::start(&app).await;
        // 1-2. Import the sample draft through the OS open dialog (o); the claims appear.
        open_draft(&s, &draft_path).await;
        s.wait_js("claims", "document.querySelectorAll('.claim-row').length >= 4").await;
        assert_eq!(s.text(".doc-item[aria-selected=true] .doc-title").await, "riverside-bridge.md");

        // 3. Cite the budget report for the spending claim: the draft's own link is proposed, `a` accepts it.
        goto_claim(&s, "$4.2 million", 40).await;
        let proposed = s.text(".proposed-citation").await;
        assert!(proposed.contains(&server.url("/budget-report.html")), "proposed: {proposed}");
        s.keys("a").await;
        s.wait_js("the citation", "document.querySelector('#citations .citation[data-citation-id]')").await;
        let title = s.text("#citations .citation .citation-title").await;
        assert_eq!(title, "Riverside budget report 2023");
        let meta = s.text("#citations .citation .citation-meta").await;
        assert!(meta.contains("City of Riverside"), "publisher shown: {meta}");

        // 4. The evidence appears: a suggestion with reasons and ranked passages.
        s.wait_js("the evidence", "document.querySelector('#suggestion') && document.querySelectorAll('.passage').length > 0").await;
        let passages = s.text("#evidence .passages").await;
        assert!(passages.contains("$4.2 million on road repairs in 2023"), "top passages: {passages}");
        let suggestion = s.text("#suggestion").await;
        assert!(suggestion.contains("supports"), "suggestion: {suggestion}");
        s.eval("document.querySelector('#evidence').scrollIntoView({block: 'start'}); return true;")
            .await;
        s.screenshot("evidence.png").await;

        // 5. Mark it verified with a reason: V focuses the reason, Enter applies it.
        leave_field(&s).await;
        s.keys("V").await;
        assert_eq!(s.focused().await, "reason");
        s.keys(REASON).await;
        s.key(Key::Enter).await;
        s.wait_js("the verified row", "document.querySelector('.claim-row.selected[data-status=verified]')").await;
        assert_eq!(s.text(".claim-row.selected .claim-reason").await, REASON);
        // A working note (N, type, Ctrl+Enter) is saved and shows in the claim's history.
        leave_field(&s).await;
        s.keys("N").await;
        assert_eq!(s.focused().await, "notes");
        s.keys("Ask the controller for the 2022 line items").await;
        s.chord(Key::Control, Key::Enter).await;
        s.wait_js("the note saved", "document.querySelector('#notes-status')?.textContent === 'Notes saved'").await;
        s.wait_js("the note in the history", "document.querySelector('.history')?.textContent.includes('notes changed')").await;

        // 6-7. Export a JSON report, choosing the file in the OS save dialog, and find the verdict in it.
        leave_field(&s).await;
        s.keys("e").await;
        s.wait_for("#export-dialog[open]").await;
        assert_eq!(s.focused().await, "export-format");
        // Type-ahead in the focused format list picks JSON.
        s.keys("j").await;
        s.wait_js("JSON chosen", "document.querySelector('#export-format').value === 'json'").await;
        s.wait_js("the preview", "document.querySelector('#export-preview').textContent.includes('schema_version')").await;
        // Tab past the review URL and the path field to "Choose…", which opens the save dialog.
        s.key(Key::Tab).await;
        s.key(Key::Tab).await;
        s.key(Key::Tab).await;
        assert_eq!(s.focused().await, "export-choose");
        s.key(Key::Enter).await;
        let path = report_path.clone();
        tokio::task::spawn_blocking(move || answer_file_dialog("Save the report", &path, true))
            .await
            .expect("answer the save dialog");
        s.wait_js("the chosen path", &format!(
            "document.querySelector('#export-path').value === {}",
            serde_json::to_string(report_path.to_str().expect("utf-8 path")).expect("json")
        )).await;
        assert_eq!(s.focused().await, "export-path");
        s.screenshot("export.png").await;
        s.key(Key::Enter).await;
        s.wait_js("the save", "document.querySelector('#export-status').textContent.startsWith('Saved')").await;
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report_path).expect("report written")).expect("report is JSON");
        let claims = report["claims"].as_array().expect("claims array");
        let verified = claims
            .iter()
            .find(|c| c["text"].as_str().is_some_and(|t| t.contains("$4.2 million")))
            .expect("the cited claim is in the report");
        assert_eq!(verified["status"], "verified");
        assert_eq!(verified["status_reason"], REASON);
        // Escape leaves the field, a second Escape closes the dialog.
        s.key(Key::Escape).await;
        s.key(Key::Escape).await;
        s.wait_js("the export dialog closed", "!document.querySelector('#export-dialog').open").await;

        // Hostile page: cite it (c, paste the link, Enter), read it (s); nothing from it runs or is fetched.
        goto_claim(&s, "built in 1958", 40).await;
        s.keys("c").await;
        assert_eq!(s.focused().await, "cite-url");
        s.keys(&server.url("/hostile.html")).await;
        s.key(Key::Enter).await;
        s.wait_js("the hostile citation", "document.querySelector('#citations .citation .open-reader')").await;
        leave_field(&s).await;
        s.keys("s").await;
        s.wait_for("#reader-dialog[open] #reader-text").await;
        let text = s.text("#reader-text").await;
        assert!(text.contains("built in 1958"), "reader shows the text: {text}");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pwned = s.eval("return typeof window.__claimdesk_pwned;").await;
        assert_eq!(pwned, "undefined", "a script from the hostile page ran in the webview");
        let dangerous = s.eval("return document.querySelectorAll('#reader-dialog script, #reader-dialog iframe, #reader-dialog img, #reader-dialog svg').length;").await;
        assert_eq!(dangerous, 0, "the hostile page's markup reached the DOM");
        s.screenshot("hostile-reader.png").await;
        s.key(Key::Escape).await;
        s.wait_js("the reader closed", "!document.querySelector('#reader-dialog').open").await;
        let requested = server.requested();
        assert!(
            requested.iter().all(|p| p == "/budget-report.html" || p == "/hostile.html"),
            "only the cited pages were fetched, never their scripts or images: {requested:?}"
        );

        // Re-import a revised draft (r, type it, Ctrl+Enter): the changed claim is marked stale, the verified one
        // keeps its status.
        let revised = draft.replace("voted 7-2 on Tuesday", "voted 6-3 on Tuesday");
        leave_field(&s).await;
        s.keys("r").await;
        s.wait_for("#revise-dialog[open]").await;
        assert_eq!(s.focused().await, "revise-text");
        s.keys(&revised).await;
        s.chord(Key::Control, Key::Enter).await;
        s.wait_js("a stale claim", "document.querySelector('.claim-row .flag-stale')").await;
        let stale = s.text(".claim-row .flag-stale").await;
        assert_eq!(stale, "stale");
        s.wait_js("the verified claim kept", "document.querySelector('.claim-row[data-status=verified]')").await;
        s.screenshot("revised.png").await;

        // The draft view (t): the text with claims marked inline by status, the stale one flagged.
        leave_field(&s).await;
        s.keys("t").await;
        s.wait_js("the draft view", "!document.querySelector('#draft-view').hidden").await;
        s.wait_js("inline claims", "document.querySelector('#draft-view .draft-claim.status-verified') && document.querySelector('#draft-view .draft-stale')").await;
        s.wait_js(
            "the opinion sentence left plain",
            "[...document.querySelectorAll('#draft-view .draft-sentence')].some(e => e.textContent.includes('Many residents think'))",
        )
        .await;
        s.screenshot("draft-view.png").await;
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the main flow did not finish within 300 s; logs in {}",
        app.log_dir().display()
    );
}
