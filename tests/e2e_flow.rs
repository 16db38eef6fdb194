//! The editor's main flow through the real window (issue: the workbench), against sources served by a local fixture
//! server: import a sample draft, see the claims, cite a source, see the evidence, mark the claim verified with a
//! reason, export a report and find the verdict in it. Then the hostile-page test and the revised-draft flow.
//!
//! Run with `make e2e`. Screenshots go to `$CARGO_TARGET_DIR/e2e/`.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use support::server::{fixture, FixtureServer};
use support::{App, Session};

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

/// Clicks the claim row whose text contains `needle`.
async fn select_claim(s: &Session, needle: &str) {
    let script = format!(
        "const r = [...document.querySelectorAll('.claim-row')].find(e => e.textContent.includes({n})); \
         if (r) {{ r.click(); return true; }} return false;",
        n = serde_json::to_string(needle).expect("json")
    );
    s.wait_js(
        &format!("a row with {needle}"),
        &format!(
            "[...document.querySelectorAll('.claim-row')].some(e => e.textContent.includes({}))",
            serde_json::to_string(needle).expect("json")
        ),
    )
    .await;
    assert_eq!(s.eval(&script).await, serde_json::Value::Bool(true));
    s.wait_js(
        "the detail of the selected claim",
        &format!(
            "document.querySelector('#detail .detail-text')?.textContent.includes({})",
            serde_json::to_string(needle).expect("json")
        ),
    )
    .await;
}

async fn key(s: &Session, k: &str) {
    s.eval(&format!(
        "document.activeElement && document.activeElement.blur(); \
         document.dispatchEvent(new KeyboardEvent('keydown', {{key: {}, bubbles: true}})); return true;",
        serde_json::to_string(k).expect("json")
    ))
    .await;
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

    let outcome = tokio::time::timeout(Duration::from_secs(300), async {
        let s = Session::start(&app).await;
        // 1-2. Import the sample draft; the claims appear.
        key(&s, "n").await;
        s.paste_into("#paste-text", &draft).await;
        s.type_into("#paste-title", "Riverside bridge story").await;
        s.click("#paste-submit").await;
        s.wait_js("claims", "document.querySelectorAll('.claim-row').length >= 4").await;

        // 3. Cite the budget report for the spending claim.
        select_claim(&s, "$4.2 million").await;
        // The draft's own link is proposed as a citation; accepting it is one action.
        let proposed = s.text(".proposed-citation").await;
        assert!(proposed.contains(&server.url("/budget-report.html")), "proposed: {proposed}");
        s.click(".proposed-citation .accept-proposed").await;
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

        // 5. Mark it verified with a reason, from the keyboard.
        s.type_into("#reason", REASON).await;
        key(&s, "v").await;
        s.wait_js("the verified row", "document.querySelector('.claim-row.selected[data-status=verified]')").await;
        assert_eq!(s.text(".claim-row.selected .claim-reason").await, REASON);

        // 6-7. Export a JSON report and find the verdict in it.
        key(&s, "e").await;
        s.wait_for("#export-dialog[open]").await;
        s.eval("const f = document.querySelector('#export-format'); f.value = 'json'; \
                f.dispatchEvent(new Event('change')); return true;").await;
        s.type_into("#export-path", report_path.to_str().expect("utf-8 path")).await;
        s.wait_js("the preview", "document.querySelector('#export-preview').textContent.includes('schema_version')").await;
        s.screenshot("export.png").await;
        s.click("#export-save").await;
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
        s.eval("document.querySelector('#export-dialog').close(); return true;").await;

        // Hostile page: cite it, read it; nothing from it runs and nothing it links to is fetched.
        select_claim(&s, "built in 1958").await;
        key(&s, "c").await;
        s.type_into("#cite-url", &server.url("/hostile.html")).await;
        s.click("#cite-submit").await;
        s.wait_js("the hostile citation", "document.querySelector('#citations .citation .open-reader')").await;
        s.click("#citations .citation .open-reader").await;
        s.wait_for("#reader-dialog[open] #reader-text").await;
        let text = s.text("#reader-text").await;
        assert!(text.contains("built in 1958"), "reader shows the text: {text}");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let pwned = s.eval("return typeof window.__claimdesk_pwned;").await;
        assert_eq!(pwned, "undefined", "a script from the hostile page ran in the webview");
        let dangerous = s.eval("return document.querySelectorAll('#reader-dialog script, #reader-dialog iframe, #reader-dialog img, #reader-dialog svg').length;").await;
        assert_eq!(dangerous, 0, "the hostile page's markup reached the DOM");
        s.screenshot("hostile-reader.png").await;
        s.eval("document.querySelector('#reader-dialog').close(); return true;").await;
        let requested = server.requested();
        assert!(
            requested.iter().all(|p| p == "/budget-report.html" || p == "/hostile.html"),
            "only the cited pages were fetched, never their scripts or images: {requested:?}"
        );

        // Re-import a revised draft: the changed claim is marked stale, the verified one keeps its status.
        let revised = draft.replace("voted 7-2 on Tuesday", "voted 6-3 on Tuesday");
        key(&s, "r").await;
        s.wait_for("#revise-dialog[open]").await;
        s.paste_into("#revise-text", &revised).await;
        s.click("#revise-submit").await;
        s.wait_js("a stale claim", "document.querySelector('.claim-row .flag-stale')").await;
        let stale = s.text(".claim-row .flag-stale").await;
        assert_eq!(stale, "stale");
        s.wait_js("the verified claim kept", "document.querySelector('.claim-row[data-status=verified]')").await;
        s.screenshot("revised.png").await;

        // The draft view: the text with claims marked inline by status, the stale one flagged.
        key(&s, "t").await;
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
