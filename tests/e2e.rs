//! End-to-end tests through the real Claimdesk window: the built app, driven by WebKitWebDriver under Xvfb.
//!
//! Run with `make e2e` (which is `xvfb-run -a cargo test --features custom-protocol --test e2e -- --ignored`).
//! They are `#[ignore]`d in the plain test run because they need a display and the `WebKitWebDriver` binary.
//! Screenshots go to `$CARGO_TARGET_DIR/e2e/` (default `target/e2e/`). After the window opens, the tests only press
//! keys (WebDriver key actions into whatever the app focused); scripts only read the page.

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;
use support::{drop_file_on_app, App, Session};

const DRAFT: &str =
    "The city spent $4.2 million on road repairs in 2023, up from $3.1 million a year earlier. \
Unemployment in the county fell to 3.9 percent in March, according to the state labor department. \
The council voted 7-2 on Tuesday to close the Elm Street bridge for six months of repairs.";

const REASON: &str = "State data show 4.3 percent for March";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn paste_dispute_and_reopen() {
    let app = App::new("paste_dispute_and_reopen");
    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        // First run: paste a three-sentence draft, dispute the second claim with a reason.
        {
            let s = Session::start(&app).await;
            // Keyboard only: n opens the dialog with the text field focused; Shift+Tab reaches the title; Enter
            // there submits.
            s.keys("n").await;
            s.wait_for("#paste-dialog[open]").await;
            assert_eq!(s.focused().await, "paste-text");
            s.keys(DRAFT).await;
            s.chord(Key::Shift, Key::Tab).await;
            assert_eq!(s.focused().await, "paste-title");
            s.keys("Council budget story\n").await;
            s.wait_until_count(".claim-row", 3).await;

            let rows = s
                .client
                .find_all(Locator::Css(".claim-row"))
                .await
                .expect("rows");
            assert_eq!(rows.len(), 3, "three sentences, three claim rows");
            let second_id = rows[1]
                .attr("data-claim-id")
                .await
                .expect("attr")
                .expect("claim id");
            // j selects the second claim; d with no reason yet focuses the reason field, Enter applies it.
            s.keys("j").await;
            s.wait_js("the second claim selected", &format!("document.querySelector('.claim-row.selected')?.dataset.claimId === '{second_id}'")).await;
            s.keys("d").await;
            assert_eq!(s.focused().await, "reason");
            s.keys(REASON).await;
            s.key(Key::Enter).await;
            let sel = format!(".claim-row[data-claim-id='{second_id}'][data-status=disputed]");
            s.wait_for(&sel).await;
            let reason = s.text(&format!("{sel} .claim-reason")).await;
            assert_eq!(reason, REASON);
            s.screenshot("disputed.png").await;
            s.quit().await;
        }
        // Second run on the same workspace: the status and the reason are still there.
        {
            let s = Session::start(&app).await;
            s.wait_until_count(".claim-row", 3).await;
            // Read every row's status in one script: the list may render again while it is read element by
            // element (a stale element then, not a wrong status).
            s.wait_for(".claim-row[data-status=disputed]").await;
            let statuses = s
                .client
                .execute(
                    "return [...document.querySelectorAll('.claim-row')].map(r => r.dataset.status || '')",
                    vec![],
                )
                .await
                .expect("statuses");
            assert_eq!(
                statuses,
                serde_json::json!(["unsourced", "disputed", "unsourced"])
            );
            let reason = s
                .text(".claim-row[data-status=disputed] .claim-reason")
                .await;
            assert_eq!(reason, REASON);
            s.screenshot("reopened.png").await;
            s.quit().await;
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the end-to-end flow did not finish within 240 s; see {}",
        app.log_dir().display()
    );
}

/// Bad input gets a clear error in the window and loses nothing; a real file imports by path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn bad_input_shows_clear_errors_and_files_import() {
    let app = App::new("bad_input");
    let files = tempfile::tempdir().expect("temp dir");
    let binary = files.path().join("photo.txt");
    std::fs::write(
        &binary,
        [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 255, 0, 7].repeat(64),
    )
    .expect("binary");
    let draft = files.path().join("story.md");
    std::fs::write(
        &draft,
        "# Budget\n\nThe city spent $4.2 million on road repairs in 2023, the controller said.\n",
    )
    .expect("draft");
    let missing = files.path().join("no-such-draft.docx");

    let outcome = tokio::time::timeout(Duration::from_secs(180), async {
        let s = Session::start(&app).await;
        let banner_code = "document.querySelector('#error-banner:not([hidden])')?.dataset.code";
        // Keyboard only. An empty paste (n, spaces, Ctrl+Enter).
        s.keys("n").await;
        s.wait_for("#paste-dialog[open]").await;
        s.keys("   \n  ").await;
        s.chord(Key::Control, Key::Enter).await;
        s.wait_js("the empty-draft error", &format!("({banner_code}) === 'empty'")).await;
        // A path that does not exist, then a binary file: Tab to the path field, type, Enter.
        s.key(Key::Tab).await;
        assert_eq!(s.focused().await, "import-path");
        s.keys(missing.to_str().expect("path")).await;
        s.key(Key::Enter).await;
        s.wait_js("the missing-file error", &format!("({banner_code}) === 'file_not_found'")).await;
        s.chord(Key::Control, 'a').await;
        s.keys(binary.to_str().expect("path")).await;
        s.key(Key::Enter).await;
        s.wait_js("the binary-file error", &format!("({banner_code}) === 'binary'")).await;
        let banner = s.text("#error-banner").await;
        assert!(banner.contains("not a text draft"), "an editor-readable message: {banner}");
        s.screenshot("bad-input.png").await;
        // Nothing was created, and a real file imports.
        assert_eq!(s.eval("return document.querySelectorAll('.doc-item').length;").await, 0);
        s.chord(Key::Control, 'a').await;
        s.keys(draft.to_str().expect("path")).await;
        s.key(Key::Enter).await;
        s.wait_js("the imported file", "document.querySelectorAll('.doc-item').length === 1 && document.querySelector('.claim-row')").await;
        let title = s.text(".doc-item .doc-title").await;
        assert_eq!(title, "story.md");
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the bad-input flow did not finish; logs in {}",
        app.log_dir().display()
    );
}

/// A draft dropped on the window from a file manager (a GTK drag source, real XDND) is imported and opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn a_dropped_file_is_imported() {
    let app = App::new("drop_file");
    let files = tempfile::tempdir().expect("temp dir");
    let draft = files.path().join("dropped-story.md");
    std::fs::write(
        &draft,
        "# Budget\n\nThe city spent $4.2 million on road repairs in 2023, the controller said.\n",
    )
    .expect("draft");
    let outcome = tokio::time::timeout(Duration::from_secs(120), async {
        let s = Session::start(&app).await;
        let path = draft.clone();
        tokio::task::spawn_blocking(move || drop_file_on_app(&path))
            .await
            .expect("drag and drop");
        s.wait_js("the dropped draft", "document.querySelectorAll('.doc-item').length === 1 && document.querySelector('.claim-row')").await;
        assert_eq!(s.text(".doc-item .doc-title").await, "dropped-story.md");
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the drop flow did not finish; logs in {}",
        app.log_dir().display()
    );
}
