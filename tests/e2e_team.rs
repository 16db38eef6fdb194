//! The app as the second desk of a team workspace, in the real window: a throwaway PostgreSQL and `claimdesk-server`
//! started by the test, the first desk played by the `claimdesk` CLI on its own workspace. The app connects through
//! the Team dialog by keyboard, receives the first desk's draft and verdict, gets a conflict when both desks changed
//! the same reason, resolves it in the dialog ("Apply mine"), assigns a claim to its editor, and the first desk sees
//! both after its next sync.
//!
//! Run with `make e2e` (it builds the CLI and the server beside the app). Screenshots go to `$CARGO_TARGET_DIR/e2e/`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use claimdesk_pgtest::{add_member, PgCluster, ServerProcess};
use fantoccini::key::Key;
use support::{goto_claim, leave_field, App, Session};

const DRAFT: &str = "The council voted 7-2 on Tuesday to close the Elm Street bridge.\n\n\
Unemployment in the county fell to 3.5% in May, according to the state labour office.\n";

/// A binary of this workspace built beside the app (`make e2e` builds them; a lone run builds what is missing).
fn sibling(name: &str, package: &str) -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_claimdesk-app")).with_file_name(name);
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let st = Command::new(cargo)
            .args(["build", "-p", package, "--bin", name])
            .status()
            .expect("run cargo build");
        assert!(st.success(), "cargo build -p {package} failed");
    }
    bin
}

/// Runs the CLI on desk A's workspace; it must succeed.
fn desk_a(ws: &Path, args: &[&str]) -> String {
    let out = Command::new(sibling("claimdesk", "claimdesk-cli"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env("CLAIMDESK_ALLOW_PRIVATE", "1")
        .output()
        .expect("run claimdesk");
    assert!(
        out.status.success(),
        "claimdesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn claim_json(ws: &Path, doc: &str, needle: &str) -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(&desk_a(ws, &["claims", doc, "--json"])).expect("claims JSON");
    v["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["text"].as_str().is_some_and(|t| t.contains(needle)))
        .cloned()
        .unwrap_or_else(|| panic!("no claim with {needle}"))
}

/// Closes the open dialog with Esc (a first Esc may only leave a text field).
async fn close_dialog(s: &Session) {
    for _ in 0..3 {
        if s.eval("return !document.querySelector('dialog[open]');")
            .await
            == serde_json::Value::Bool(true)
        {
            return;
        }
        s.key(Key::Escape).await;
    }
    panic!("the dialog did not close");
}

/// Presses Tab until the focused element matches `css` (at most `max` presses).
async fn tab_to(s: &Session, css: &str, max: usize) {
    let check = format!(
        "return document.activeElement?.matches({}) ?? false;",
        serde_json::to_string(css).expect("json")
    );
    for _ in 0..max {
        if s.eval(&check).await == serde_json::Value::Bool(true) {
            return;
        }
        s.key(Key::Tab).await;
    }
    panic!("Tab never reached {css}; focused: {}", s.focused().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn the_app_is_the_second_desk_of_a_team_workspace() {
    let pg = PgCluster::new().expect("start PostgreSQL");
    let server_bin = sibling("claimdesk-server", "claimdesk-server");
    // Two stateless server processes on one PostgreSQL, as a newsroom would run them behind a balancer: the app talks
    // to the first, desk A to the second, so the app can be cut off while desk A still reaches the team.
    let mut server = ServerProcess::start(&server_bin, &pg.url()).expect("start claimdesk-server");
    let server_a =
        ServerProcess::start(&server_bin, &pg.url()).expect("start a second claimdesk-server");
    let ana = add_member(&server_bin, &pg.url(), "ana", "editor", "newsroom").expect("member");
    let ben = add_member(&server_bin, &pg.url(), "ben", "editor", "newsroom").expect("member");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("desk-a");
    let draft = dir.path().join("bridge.txt");
    std::fs::write(&draft, DRAFT).expect("draft");
    let doc = desk_a(&a, &["import", draft.to_str().expect("path")])
        .trim()
        .to_string();
    desk_a(
        &a,
        &[
            "connect",
            &server_a.base_url(),
            "--token",
            &ana,
            "--team-workspace",
            "city-desk",
        ],
    );
    let bridge = claim_json(&a, &doc, "Elm Street")["id"].to_string();
    let jobs = claim_json(&a, &doc, "Unemployment")["id"].to_string();
    desk_a(
        &a,
        &[
            "mark",
            &bridge,
            "disputed",
            "--reason",
            "The minutes say 6-3",
        ],
    );
    desk_a(&a, &["sync"]);

    let app = App::new("team");
    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        let s = Session::start(&app).await;
        // Connect by keyboard: T, then the server, the token and the team workspace, Enter.
        s.keys("T").await;
        s.wait_for("#team-dialog[open]").await;
        tab_to(&s, "#team-url", 6).await;
        s.keys(&server.base_url()).await;
        s.key(Key::Tab).await;
        s.keys(&ben).await;
        s.key(Key::Tab).await;
        s.keys("city-desk").await;
        s.key(Key::Enter).await;
        s.wait_js("connected", "document.querySelector('#sync-status')?.textContent.includes('synced')").await;
        let status = s.text("#sync-status").await;
        assert!(status.contains("city-desk as ben"), "{status}");
        close_dialog(&s).await;
        // Desk A's draft and verdict arrived.
        goto_claim(&s, "Elm Street", 10).await;
        s.wait_js("A's verdict", "document.querySelector('#detail .detail-status')?.textContent.includes('The minutes say 6-3')").await;

        // Both desks change the same reason while the app's server is away: A's change reaches the team first.
        server.kill();
        desk_a(&a, &["mark", &jobs, "disputed", "--reason", "Ana: the office says 3.6%"]);
        desk_a(&a, &["sync"]);
        leave_field(&s).await;
        goto_claim(&s, "Unemployment", 10).await;
        s.keys("D").await;
        assert_eq!(s.focused().await, "reason");
        s.keys("Ben: the office says 3.4%").await;
        s.key(Key::Enter).await;
        s.wait_js("marked", "document.querySelector('#detail .detail-status')?.textContent.includes('Ben: the office says 3.4%')").await;
        server.restart().expect("restart the app's server");
        leave_field(&s).await;
        s.keys("y").await;
        s.wait_js("the conflict", "document.querySelector('#claim-conflicts')?.textContent.includes('ana set status_reason')").await;
        // Both values are named, with the editor who was first.
        s.wait_js(
            "both values",
            "(t => t.includes('Ana: the office says 3.6%') && t.includes('Ben: the office says 3.4%'))(document.querySelector('#claim-conflicts')?.textContent ?? '')",
        )
        .await;
        // The server kept ana's reason; the app shows it until the editor chooses.
        s.wait_js("theirs shown", "document.querySelector('#detail .detail-status')?.textContent.includes('Ana: the office says 3.6%')").await;
        s.screenshot("team-conflict.png").await;

        // Resolve in the Team dialog by keyboard: Apply mine.
        s.keys("T").await;
        s.wait_for("#team-dialog[open] #team-conflicts .apply-mine").await;
        tab_to(&s, "#team-conflicts .apply-mine", 12).await;
        s.key(Key::Enter).await;
        s.wait_js("resolved", "document.querySelector('#team-conflicts')?.textContent.includes('None.')").await;
        close_dialog(&s).await;
        leave_field(&s).await;
        // And assign the claim to me (ben), then sync.
        s.keys("A").await;
        s.wait_js("assigned", "document.querySelector('#claim-assignee')?.textContent === 'ben'").await;
        s.keys("y").await;
        s.wait_js("pushed", "document.querySelector('#sync-status')?.textContent.endsWith('synced')").await;
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the team flow did not finish within 240 s; see {}",
        app.log_dir().display()
    );

    // Desk A sees the app's reason and assignment after its next sync; the history names both editors.
    desk_a(&a, &["sync"]);
    let c = claim_json(&a, &doc, "Unemployment");
    assert_eq!(c["status_reason"], "Ben: the office says 3.4%");
    assert_eq!(c["assignee"], "ben");
    let hist = desk_a(&a, &["history", &jobs, "--json"]);
    assert!(
        hist.contains("\"ben\"") && hist.contains("\"ana\""),
        "{hist}"
    );
}
