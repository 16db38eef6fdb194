//! A benchmark of the real app, not a test: it prints figures and asserts nothing about speed. `make bench-app`
//! runs it under Xvfb and writes `target/e2e/app-bench.json`; docs/BENCHMARKS.md quotes the results.
//!
//! Measures, on a workspace holding one 5,000-claim draft built from real ClaimBuster sentences:
//! - cold start: process start to the first paint of the window (and to the toolbar being in the DOM);
//! - opening the 5,000-claim draft: click to the claim rows on screen;
//! - marking one claim: click to the row updated;
//! - resident memory of the app process and of its WebKit helper processes.
//!
//! `startup_bench` launches the app binary directly, without WebDriver, and times process start to the window's own
//! "ready" report (first screen painted, first draft open), on an empty workspace and on the 5,000-claim one.
//! `make bench-app` builds in release mode, as a shipped app would be. With `$CLAIMDESK_APP_BIN` set it measures that
//! binary instead of the one cargo built (`make bench-package`: the installed `/usr/bin/claimdesk-app`).
//!
//! `webkit_floor_bench` is the floor: the same launch and measures for a bare WebKitGTK window
//! (`support/webkit_floor.c`, compiled here with the system's cc), with the environment the app gives itself.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support::server::{fixture, FixtureServer};
use support::{App, Session};

/// Resets the UI's IPC counters (`ipcStats` in ui/src/api/index.ts) with byte measuring on, runs `action` (a
/// script), waits until `done` (a script expression) holds, and returns what crossed IPC: calls and bytes per
/// command and in all.
async fn ipc_of(s: &Session, action: &str, done: &str) -> serde_json::Value {
    s.eval(
        "const st = window.__claimdeskIpc; st.measureBytes = true; st.calls = 0; st.bytes = 0; \
         st.byCommand = {}; return null;",
    )
    .await;
    s.eval(&format!("{action}; return null;")).await;
    s.wait_js("the action's answer applied", done).await;
    // Calls the action starts after its first answer (none are expected) get a moment to show up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.eval(
        "const st = window.__claimdeskIpc; \
         return { calls: st.calls, bytes: st.bytes, by_command: st.byCommand };",
    )
    .await
}

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
    status_kib(pid, "VmRSS:")
}

/// One `kB` field of `/proc/<pid>/status` (VmRSS, RssAnon, RssFile…), 0 when missing.
fn status_kib(pid: u32, field: &str) -> u64 {
    proc_kib(pid, "status", field)
}

/// Proportional set size in KiB (shared pages divided among the processes that map them), from smaps_rollup: the
/// fair way to add up a multi-process app, since WebKitGTK's libraries are mapped in every one of its processes.
fn pss_kib(pid: u32) -> u64 {
    proc_kib(pid, "smaps_rollup", "Pss:")
}

/// The `kB` value on the line of `/proc/<pid>/<file>` that starts with `field`, 0 when missing.
fn proc_kib(pid: u32, file: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/{file}"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
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

/// The direct children of `pid` (and theirs), from /proc.
fn descendants(pid: u32) -> Vec<(u32, String)> {
    let mut all = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
            continue;
        };
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head.split_once('(').map(|x| x.1).unwrap_or("").to_string();
        let ppid: u32 = rest
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        all.push((p, ppid, comm));
    }
    let mut out = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for (p, ppid, comm) in &all {
            if *ppid == parent {
                out.push((*p, comm.clone()));
                frontier.push(*p);
            }
        }
    }
    out
}

/// Builds a workspace holding the 5,000-claim draft; returns (sentences, claims).
fn big_workspace(dir: &std::path::Path) -> (usize, usize) {
    let desk = claimdesk_api::Claimdesk::open(dir).expect("workspace");
    let view = desk
        .paste_draft(Some("ClaimBuster 5,000".into()), &claimbuster_draft(5000))
        .expect("import");
    // The view carries one page; the facade counts the rest (every sentence has a mark).
    let sentences = desk.claim_marks(view.document.id).expect("marks").len();
    (sentences, view.total as usize)
}

/// The app binary the start-up benchmark launches: `$CLAIMDESK_APP_BIN`, else the one cargo built with this test.
fn app_binary() -> std::path::PathBuf {
    std::env::var_os("CLAIMDESK_APP_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_claimdesk-app").into())
}

struct Launch {
    wall_ms: f64,
    since_main_ms: f64,
    since_navigation_ms: f64,
    app_rss_mib: f64,
    /// The app's private memory (heap, stacks): RSS less the mapped files (libraries) and shared memory.
    app_anon_mib: f64,
    /// The app's mapped files in RSS: WebKitGTK, GTK, the GL driver, our binary. Shared with other processes.
    app_file_mib: f64,
    webkit_rss_mib: f64,
    /// PSS of the app process alone (its shared libraries' pages divided among the processes mapping them).
    app_pss_mib: f64,
    /// PSS of the app and all its WebKit processes together: what the whole app costs the machine.
    total_pss_mib: f64,
}

/// Launches `program` with `envs`, waits for its ready file, measures, and stops it.
fn launch_once(
    program: &std::path::Path,
    envs: &[(&str, &std::ffi::OsStr)],
    ready: &std::path::Path,
    log: &std::path::Path,
) -> Launch {
    use std::os::unix::process::CommandExt;
    let _ = std::fs::remove_file(ready);
    let out = std::fs::File::create(log).expect("log");
    let err = out.try_clone().expect("log");
    let started = Instant::now();
    let mut child = std::process::Command::new(program)
        .envs(envs.iter().copied())
        .env("CLAIMDESK_READY_FILE", ready)
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .expect("start the app");
    let deadline = started + Duration::from_secs(60);
    let report: serde_json::Value = loop {
        if let Ok(bytes) = std::fs::read(ready) {
            if let Ok(v) = serde_json::from_slice(&bytes) {
                break v;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the app never reported ready; see {}",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Let the webview settle (idle timers, GC) before reading memory.
    std::thread::sleep(Duration::from_millis(700));
    let app_rss = rss_kib(child.id()) as f64 / 1024.0;
    let app_anon = status_kib(child.id(), "RssAnon:") as f64 / 1024.0;
    let app_file = status_kib(child.id(), "RssFile:") as f64 / 1024.0;
    let helpers: Vec<(u32, String)> = descendants(child.id())
        .into_iter()
        .filter(|(_, name)| name.starts_with("WebKit"))
        .collect();
    let webkit_rss: f64 = helpers
        .iter()
        .map(|(p, _)| rss_kib(*p) as f64 / 1024.0)
        .sum();
    let app_pss = pss_kib(child.id());
    let total_pss =
        (app_pss + helpers.iter().map(|(p, _)| pss_kib(*p)).sum::<u64>()) as f64 / 1024.0;
    if let Ok(raw) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(raw),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    let _ = child.wait();
    Launch {
        wall_ms,
        since_main_ms: report["since_main_ms"].as_f64().unwrap_or(f64::NAN),
        since_navigation_ms: report["since_navigation_ms"].as_f64().unwrap_or(f64::NAN),
        app_rss_mib: app_rss,
        app_anon_mib: app_anon,
        app_file_mib: app_file,
        app_pss_mib: app_pss as f64 / 1024.0,
        total_pss_mib: total_pss,
        webkit_rss_mib: webkit_rss,
    }
}

/// Launches `program` `runs` times and summarises the launches (medians; the first and the best wall time).
fn launches(
    program: &std::path::Path,
    envs: &[(&str, &std::ffi::OsStr)],
    runs: usize,
    name: &str,
    scratch: &std::path::Path,
) -> serde_json::Value {
    let launches: Vec<Launch> = (0..runs)
        .map(|i| {
            launch_once(
                program,
                envs,
                &scratch.join("ready.json"),
                &support::artifact_dir().join(format!("startup-{name}-{i}.log")),
            )
        })
        .collect();
    let first = &launches[0];
    let pick = |f: fn(&Launch) -> f64| median(launches.iter().map(f).collect());
    serde_json::json!({
        "first_launch_wall_ms": first.wall_ms,
        "median_wall_ms": pick(|l| l.wall_ms),
        "min_wall_ms": launches.iter().map(|l| l.wall_ms).fold(f64::INFINITY, f64::min),
        "median_since_main_ms": pick(|l| l.since_main_ms),
        "median_since_navigation_ms": pick(|l| l.since_navigation_ms),
        "median_app_rss_mib": pick(|l| l.app_rss_mib),
        "median_app_anon_mib": pick(|l| l.app_anon_mib),
        "median_app_file_mib": pick(|l| l.app_file_mib),
        "median_app_pss_mib": pick(|l| l.app_pss_mib),
        "median_webkit_rss_mib": pick(|l| l.webkit_rss_mib),
        "median_total_pss_mib": pick(|l| l.total_pss_mib),
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

#[test]
#[ignore = "a benchmark: run `make bench-app` (or `make bench-package`)"]
fn startup_bench() {
    let runs = 7;
    let empty = tempfile::tempdir().expect("empty workspace");
    let big = tempfile::tempdir().expect("big workspace");
    let (sentences, claims) = big_workspace(big.path());
    let scratch = tempfile::tempdir().expect("scratch");
    let binary = app_binary();
    let mut result = serde_json::Map::new();
    result.insert("binary".into(), serde_json::json!(binary));
    // The harness's own profile; the binary's is release when it is the installed package or `make bench-app`'s.
    result.insert(
        "profile".into(),
        serde_json::json!(if std::env::var_os("CLAIMDESK_APP_BIN").is_some() {
            "release (the given binary)"
        } else if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }),
    );
    result.insert("runs".into(), serde_json::json!(runs));
    for (name, ws) in [
        ("empty_workspace", empty.path()),
        ("draft_5000_claims", big.path()),
    ] {
        let envs = [("CLAIMDESK_WORKSPACE", ws.as_os_str())];
        result.insert(
            name.into(),
            launches(&binary, &envs, runs, name, scratch.path()),
        );
    }
    result.insert("sentences".into(), serde_json::json!(sentences));
    result.insert("claims".into(), serde_json::json!(claims));
    let json = serde_json::to_string_pretty(&result).expect("json");
    std::fs::write(support::artifact_dir().join("startup-bench.json"), &json).expect("write");
    println!("{json}");
}

/// The floor: a bare WebKitGTK window (support/webkit_floor.c) launched and measured as `startup_bench` launches the
/// app, with the app's own WebKit setting (accelerated compositing off, `prefer_plain_compositing`).
#[test]
#[ignore = "a benchmark: run `make bench-package`"]
fn webkit_floor_bench() {
    let runs = 7;
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/webkit_floor.c");
    let bin = support::artifact_dir().join("webkit-floor");
    let flags = std::process::Command::new("pkg-config")
        .args(["--cflags", "--libs", "webkit2gtk-4.1"])
        .output()
        .expect("pkg-config (apt install libwebkit2gtk-4.1-dev)");
    assert!(flags.status.success(), "pkg-config webkit2gtk-4.1");
    let flags = String::from_utf8(flags.stdout).expect("utf-8");
    let cc = std::process::Command::new("cc")
        .args(["-O2", src, "-o"])
        .arg(&bin)
        .args(flags.split_whitespace())
        .status()
        .expect("cc");
    assert!(cc.success(), "compile {src}");
    let scratch = tempfile::tempdir().expect("scratch");
    let envs = [("WEBKIT_DISABLE_COMPOSITING_MODE", std::ffi::OsStr::new("1"))];
    let floor = launches(&bin, &envs, runs, "webkit_floor", scratch.path());
    let json =
        serde_json::to_string_pretty(&serde_json::json!({ "runs": runs, "webkit_floor": floor }))
            .expect("json");
    std::fs::write(
        support::artifact_dir().join("webkit-floor-bench.json"),
        &json,
    )
    .expect("write");
    println!("{json}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run `make bench-app`"]
async fn app_bench() {
    let mut app = App::new("app_bench");
    app.binary = app_binary();
    let draft = claimbuster_draft(5000);
    let prep = Instant::now();
    let desk = claimdesk_api::Claimdesk::open(app.workspace.path()).expect("workspace");
    let view = desk
        .paste_draft(Some("ClaimBuster 5,000".into()), &draft)
        .expect("import");
    let claims = view.total as usize;
    let sentences = desk.claim_marks(view.document.id).expect("marks").len();
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
        // IPC per key press in the big draft: j (next claim), a mark (the disputed button, as `D` + Enter does),
        // and c (cite a link from the loopback fixture server).
        let ipc_open = ipc_of(
            &s,
            "[...document.querySelectorAll('.doc-item')].find(e => e.textContent.includes('Small')).click()",
            "(document.querySelector('.counts')?.textContent || '').includes('Small')",
        )
        .await;
        let ipc_open_big = ipc_of(
            &s,
            "[...document.querySelectorAll('.doc-item')].find(e => e.textContent.includes('5,000')).click()",
            "(document.querySelector('.counts')?.textContent || '').includes('ClaimBuster') && \
             document.querySelectorAll('.claim-row').length > 0",
        )
        .await;
        let ipc_j = ipc_of(
            &s,
            "window.__benchSel = document.querySelector('.claim-row.selected')?.dataset.claimId; \
             document.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }))",
            "document.querySelector('.claim-row.selected')?.dataset.claimId !== window.__benchSel && \
             document.querySelector('#detail .history') !== null",
        )
        .await;
        let ipc_mark = ipc_of(
            &s,
            "document.querySelector('#reason').value = 'bench'; \
             document.querySelector('#detail button[data-status=disputed]').click()",
            "document.querySelector('.claim-row.selected[data-status=disputed]') !== null",
        )
        .await;
        let mut routes = HashMap::new();
        routes.insert(
            "/budget-report.html".to_string(),
            ("text/html; charset=utf-8".to_string(), fixture("budget-report.html")),
        );
        let server = FixtureServer::start(routes).await;
        let ipc_cite = ipc_of(
            &s,
            &format!(
                "const u = document.querySelector('#cite-url'); u.value = {:?}; \
                 u.form.requestSubmit()",
                server.url("/budget-report.html")
            ),
            "document.querySelectorAll('#citations .citation').length > 0 && \
             document.querySelector('#suggestion') !== null",
        )
        .await;
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
            "ipc": {
                "open_small_draft": ipc_open,
                "open_5000_claim_draft": ipc_open_big,
                "j_next_claim": ipc_j,
                "mark_disputed": ipc_mark,
                "c_cite": ipc_cite,
            },
        });
        let out = support::artifact_dir().join("app-bench.json");
        std::fs::write(&out, serde_json::to_string_pretty(&result).expect("json")).expect("write bench");
        println!("{}", serde_json::to_string_pretty(&result).expect("json"));
        s.quit().await;
    })
    .await;
    assert!(outcome.is_ok(), "the benchmark did not finish");
}
