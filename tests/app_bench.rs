//! A benchmark of the real app, not a test: it prints figures and asserts nothing about speed. `make bench-app`
//! runs it under Xvfb and writes `target/e2e/app-bench.json`; docs/BENCHMARKS.md quotes the results.
//!
//! Measures, on a workspace holding one 5,000-claim draft built from real ClaimBuster sentences:
//! - cold start: process start to the first paint of the window (and to the toolbar being in the DOM);
//! - opening the 5,000-claim draft: click to the claim rows on screen;
//! - marking one claim: click to the row updated;
//! - resident memory of the app process and of its WebKit helper processes.

mod support;

use std::time::{Duration, Instant};

use support::{App, Session};

fn claimbuster_draft(n: usize) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/checkworthiness/claimbuster/train.json"
    );
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(path).expect("ClaimBuster train.json"))
            .expect("JSON");
    // Real check-worthy sentences, cycled until there are `n` (the train split has about 4,000), each closed with
    // a full stop so that the segmenter sees n sentences, five to a paragraph.
    let positives: Vec<&str> = rows
        .iter()
        .filter(|r| r["label"] == 1)
        .filter_map(|r| r["text"].as_str())
        .map(str::trim)
        .filter(|t| t.len() > 20)
        .collect();
    let mut out = String::new();
    for i in 0..n {
        let t = positives[i % positives.len()];
        out.push_str(t);
        if !t.ends_with(['.', '?', '!', '"']) {
            out.push('.');
        }
        out.push_str(if i % 5 == 4 { "\n\n" } else { " " });
    }
    out
}

/// RSS in KiB of a process, from /proc.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Every process whose command name starts with one of `names`, as (pid, name).
fn processes(names: &[&str]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let comm = comm.trim().to_string();
        if names.iter().any(|n| comm.starts_with(n)) {
            out.push((pid, comm));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run `make bench-app`"]
async fn app_bench() {
    let app = App::new("app_bench");
    let draft = claimbuster_draft(5000);
    let prep = Instant::now();
    let desk = claimdesk_api::Claimdesk::open(app.workspace.path()).expect("workspace");
    let view = desk
        .paste_draft(Some("ClaimBuster 5,000".into()), &draft)
        .expect("import");
    let claims = view.claims.iter().filter(|c| c.checkworthy).count();
    let sentences = view.claims.len();
    let import_ms = prep.elapsed().as_secs_f64() * 1000.0;
    drop(view);
    drop(desk);
    // An empty second document opens first, so that opening the big one is measured as a click.
    let desk = claimdesk_api::Claimdesk::open(app.workspace.path()).expect("workspace");
    desk.paste_draft(
        Some("Small".into()),
        "The bridge opened in 1958. It cost $2 million.",
    )
    .expect("small");
    drop(desk);

    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        let started = Instant::now();
        let s = Session::start(&app).await;
        let to_toolbar_ms = started.elapsed().as_secs_f64() * 1000.0;
        let fcp = s
            .eval(
                "const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint'); \
                 return p ? p.startTime : null;",
            )
            .await;
        s.wait_js("two documents", "document.querySelectorAll('.doc-item').length === 2").await;
        let open_ms = s
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const item = [...document.querySelectorAll('.doc-item')].find(e => e.textContent.includes('5,000')); \
                 const t0 = performance.now(); item.click(); \
                 const poll = () => { const c = document.querySelector('.counts')?.textContent || ''; \
                   if (c.includes('ClaimBuster') && document.querySelectorAll('.claim-row').length > 0) \
                     requestAnimationFrame(() => done(performance.now() - t0)); else setTimeout(poll, 5); }; poll();",
                vec![],
            )
            .await
            .expect("open timing");
        let rows_in_dom = s.eval("return document.querySelectorAll('.claim-row').length;").await;
        let mark_ms = s
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 document.querySelector('#reason').value = 'bench'; \
                 const t0 = performance.now(); \
                 document.querySelector('#detail button[data-status=disputed]').click(); \
                 const poll = () => { if (document.querySelector('.claim-row.selected[data-status=disputed]')) \
                   requestAnimationFrame(() => done(performance.now() - t0)); else setTimeout(poll, 2); }; poll();",
                vec![],
            )
            .await
            .expect("mark timing");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let procs = processes(&["claimdesk-app", "WebKitWebProces", "WebKitNetworkPr"]);
        let mut rss = serde_json::Map::new();
        let mut total = 0;
        for (pid, name) in &procs {
            let kib = rss_kib(*pid);
            total += kib;
            rss.insert(format!("{name}({pid})"), serde_json::json!(kib / 1024));
        }
        let result = serde_json::json!({
            "sentences": sentences,
            "claims": claims,
            "import_via_facade_ms": import_ms,
            "start_to_toolbar_ms_incl_webdriver": to_toolbar_ms,
            "first_contentful_paint_ms_after_navigation": fcp,
            "open_5000_claim_draft_ms": open_ms,
            "claim_rows_in_dom": rows_in_dom,
            "mark_one_claim_ms": mark_ms,
            "rss_mib": rss,
            "rss_total_mib": total / 1024,
        });
        let out = support::artifact_dir().join("app-bench.json");
        std::fs::write(&out, serde_json::to_string_pretty(&result).expect("json")).expect("write bench");
        println!("{}", serde_json::to_string_pretty(&result).expect("json"));
        s.quit().await;
    })
    .await;
    assert!(outcome.is_ok(), "the benchmark did not finish");
}
