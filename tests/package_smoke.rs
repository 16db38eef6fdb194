//! The installed package's real window: the binary `make test-package` installed from the .deb (default
//! `/usr/bin/claimdesk-app`, else `$CLAIMDESK_APP_BIN`), started by WebKitWebDriver under Xvfb exactly as the e2e
//! tests start the debug build. Tauri honours `TAURI_WEBVIEW_AUTOMATION` in release builds too, so the shipped binary
//! itself is driven; nothing is rebuilt for the test.
//!
//! The app runs on its default workspace, in the user's data directory: `$XDG_DATA_HOME/claimdesk/workspace`, with
//! `XDG_DATA_HOME` set to `$CLAIMDESK_PKG_DATA_HOME` (a temporary folder when unset) and `CLAIMDESK_WORKSPACE`
//! emptied. `scripts/test-package` runs the first test on package N and the second after upgrading to N+1, on the
//! same data home; `$CLAIMDESK_EXPECT_VERSION` is the version the About section must show.
//!
//! After the window opens the tests only press keys, as the other real-window tests do.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::key::Key;
use support::{App, Session};

const DRAFT: &str = "# Council budget\n\n\
The city spent $4.2 million on road repairs in 2023, up from $3.1 million a year earlier. \
Unemployment in the county fell to 3.9 percent in March, according to the state labor department. \
The council voted 7-2 on Tuesday to close the Elm Street bridge for six months of repairs.\n";

const FILE_NAME: &str = "package-smoke.md";
const REASON: &str = "State data show 4.3 percent for March";

/// The installed app on the default workspace of the data home, and the data home (kept alive by the guard).
fn installed_app(name: &str) -> (App, PathBuf, Option<tempfile::TempDir>) {
    let (home, guard) = match std::env::var_os("CLAIMDESK_PKG_DATA_HOME") {
        Some(h) => (PathBuf::from(h), None),
        None => {
            let t = tempfile::tempdir().expect("data home");
            (t.path().to_path_buf(), Some(t))
        }
    };
    std::fs::create_dir_all(&home).expect("data home");
    let mut app = App::new(name);
    app.binary = std::env::var_os("CLAIMDESK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/claimdesk-app"));
    assert!(
        app.binary.is_file(),
        "no app at {} (install the package, or set CLAIMDESK_APP_BIN)",
        app.binary.display()
    );
    app.env = vec![
        ("XDG_DATA_HOME".into(), home.display().to_string()),
        ("CLAIMDESK_WORKSPACE".into(), String::new()),
    ];
    (app, home, guard)
}

/// The statuses of the claim rows on screen, in order.
async fn statuses(s: &Session) -> Vec<String> {
    let v = s
        .eval("return [...document.querySelectorAll('.claim-row')].map(r => r.dataset.status);")
        .await;
    serde_json::from_value(v).expect("statuses")
}

/// Opens the help (`?`), checks the About section against this build and the data home, and closes it.
async fn check_about(s: &Session, home: &std::path::Path) {
    s.keys("?").await;
    s.wait_for("#help-dialog[open]").await;
    let version = s.text("#about-version").await;
    if let Ok(expected) = std::env::var("CLAIMDESK_EXPECT_VERSION") {
        assert_eq!(version, expected, "the About section's version");
    }
    assert!(
        !version.is_empty() && version != "…",
        "a version: {version:?}"
    );
    let commit = s.text("#about-commit").await;
    assert!(!commit.is_empty(), "a commit in About");
    let data = home.join("claimdesk");
    assert_eq!(s.text("#about-data-dir").await, data.display().to_string());
    assert_eq!(
        s.text("#about-workspace").await,
        data.join("workspace").display().to_string()
    );
    s.key(Key::Escape).await;
    s.wait_js(
        "the help closed",
        "!document.querySelector('#help-dialog').open",
    )
    .await;
}

/// The smoke test of the installed window: open a draft as a file manager's "Open with" does (the path on the
/// command line), mark a claim, quit, start again: still marked, in the user's data directory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the installed package, a display and WebKitWebDriver: run `make test-package`"]
async fn installed_app_opens_a_file_marks_and_reopens() {
    let (mut app, home, _guard) = installed_app("package_smoke");
    let drafts = tempfile::tempdir().expect("drafts");
    let draft = drafts.path().join(FILE_NAME);
    std::fs::write(&draft, DRAFT).expect("draft");
    app.args = vec![draft.display().to_string()];
    let outcome = tokio::time::timeout(Duration::from_secs(180), async {
        {
            let s = Session::start(&app).await;
            // The file from the command line is imported and opened, without a key pressed.
            s.wait_js(
                "the draft from the command line, open",
                &format!(
                    "(document.querySelector('.counts')?.textContent || '').includes('{FILE_NAME}') && \
                     document.querySelectorAll('.claim-row').length === 3"
                ),
            )
            .await;
            let footer = s.text(".statusbar").await;
            let workspace = home.join("claimdesk/workspace");
            assert!(
                footer.contains(&workspace.display().to_string()),
                "the workspace in the user's data directory: {footer}"
            );
            check_about(&s, &home).await;
            // j selects the second claim; d focuses the reason; Enter applies it.
            s.keys("j").await;
            s.wait_js(
                "the second claim selected",
                "document.querySelectorAll('.claim-row')[1]?.classList.contains('selected')",
            )
            .await;
            s.keys("d").await;
            assert_eq!(s.focused().await, "reason");
            s.keys(REASON).await;
            s.key(Key::Enter).await;
            s.wait_js(
                "the second claim disputed",
                "document.querySelectorAll('.claim-row')[1]?.dataset.status === 'disputed'",
            )
            .await;
            s.screenshot("marked.png").await;
            s.quit().await;
        }
        // Started again with no file: the same workspace, the draft opens first (the newest), still marked.
        app.args.clear();
        {
            let s = Session::start(&app).await;
            s.wait_until_count(".claim-row", 3).await;
            assert_eq!(statuses(&s).await, ["unsourced", "disputed", "unsourced"]);
            let reason = s
                .text(".claim-row[data-status=disputed] .claim-reason")
                .await;
            assert_eq!(reason, REASON);
            let titles = s
                .eval("return [...document.querySelectorAll('.doc-item .doc-title')].map(e => e.textContent);")
                .await;
            let n = titles
                .as_array()
                .map(|t| t.iter().filter(|x| x.as_str() == Some(FILE_NAME)).count())
                .unwrap_or(0);
            assert_eq!(n, 1, "imported once, not again on restart: {titles}");
            s.screenshot("reopened.png").await;
            s.quit().await;
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the package smoke test did not finish within 180 s; see {}",
        app.log_dir().display()
    );
}

/// After the package was upgraded on the same data home: the window opens the workspace the first test made, with
/// the claim still disputed, and About names the new version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the upgraded package and the data home of the first test: run `make test-package`"]
async fn installed_app_after_upgrade_keeps_the_workspace() {
    let (app, home, _guard) = installed_app("package_upgrade");
    let outcome = tokio::time::timeout(Duration::from_secs(120), async {
        let s = Session::start(&app).await;
        s.wait_js(
            "the smoke test's draft, open",
            &format!(
                "(document.querySelector('.counts')?.textContent || '').includes('{FILE_NAME}') && \
                 document.querySelectorAll('.claim-row').length === 3"
            ),
        )
        .await;
        assert_eq!(statuses(&s).await, ["unsourced", "disputed", "unsourced"]);
        check_about(&s, &home).await;
        s.screenshot("after-upgrade.png").await;
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the after-upgrade check did not finish within 120 s; see {}",
        app.log_dir().display()
    );
}
