//! End-to-end tests through the real Claimdesk window: the built app, driven by WebKitWebDriver under Xvfb.
//!
//! Run with `make e2e` (which is `xvfb-run -a cargo test --features custom-protocol --test e2e -- --ignored`).
//! They are `#[ignore]`d in the plain test run because they need a display and the `WebKitWebDriver` binary.
//! Screenshots go to `$CARGO_TARGET_DIR/e2e/` (default `target/e2e/`).

mod support;

use std::time::Duration;

use fantoccini::Locator;
use support::{App, Session};

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
            s.click("#new-draft").await;
            s.wait_for("#paste-text").await;
            s.type_into("#paste-text", DRAFT).await;
            s.type_into("#paste-title", "Council budget story").await;
            s.click("#paste-submit").await;
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
            rows[1].click().await.expect("select second row");

            s.type_into("#reason", REASON).await;
            s.click("#detail button[data-status=disputed]").await;
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
            let rows = s
                .client
                .find_all(Locator::Css(".claim-row"))
                .await
                .expect("rows");
            let statuses = futures_statuses(&rows).await;
            assert_eq!(statuses, vec!["unsourced", "disputed", "unsourced"]);
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

async fn futures_statuses(rows: &[fantoccini::elements::Element]) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows {
        out.push(
            r.attr("data-status")
                .await
                .expect("attr")
                .unwrap_or_default(),
        );
    }
    out
}
