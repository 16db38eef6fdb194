//! The source commands end to end through the real binary, against a fixture HTTP server on 127.0.0.1 started in
//! the test: cite (fetch, archive, passage), evidence, export-warc (checked by warcio; required where `CI` is set), recheck with
//! link health going from ok to failing to gone, a dead link kept as a citation, refused schemes, and a bundle whose
//! report carries the real citation.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use support::{json_of, succeeded};

mod support;

const PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Riverside budget report 2023</title><meta property="og:site_name" content="City of Riverside">
<meta name="author" content="Office of the City Controller"></head><body><nav>Home News</nav><article>
<h1>Riverside budget report 2023</h1>
<p>The city's capital spending rose again last year as deferred maintenance came due.</p>
<p>The city spent $4.2 million on road repairs in 2023, up from $3.1 million in 2022, the controller's office said.</p>
<p>The Elm Street bridge, built in 1958, needs a full deck replacement, engineers told the council.</p>
</article></body></html>"#;

const DRAFT: &str = "The city spent $4.2 million on road repairs in 2023, the controller said.\n\n\
The council voted 7-2 on Tuesday to close the Elm Street bridge.\n";

/// Serves PAGE at /report.html while `alive` is true, 404 afterwards.
fn serve(alive: Arc<AtomicBool>) -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", l.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            if path == "/slow.html" {
                // A slow source: the page comes after 3 s (each connection on its own thread).
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_secs(3));
                    let _ = write!(
                        s,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                        PAGE.len()
                    );
                });
                continue;
            }
            let (status, body) = if path == "/report.html" && alive.load(Ordering::SeqCst) {
                ("200 OK", PAGE.to_string())
            } else {
                ("404 Not Found", "gone".to_string())
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn run(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env("CLAIMDESK_EDITOR", "tester")
        .env("CLAIMDESK_GONE_AFTER_HOURS", "0")
        // The fixture server is on loopback: the explicit private-address opt-in.
        .env("CLAIMDESK_ALLOW_PRIVATE", "1")
        .output()
        .expect("run claimdesk")
}

/// `run` without the opt-in: the default an editor gets.
fn run_default(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env("CLAIMDESK_EDITOR", "tester")
        .env_remove("CLAIMDESK_ALLOW_PRIVATE")
        .output()
        .expect("run claimdesk")
}

/// Imports `DRAFT` into a new workspace under `dir`; returns the workspace, the document id and its first claim's id.
fn import_draft(dir: &Path) -> (std::path::PathBuf, String, String) {
    let ws = dir.join("ws");
    let draft = dir.join("draft.txt");
    std::fs::write(&draft, DRAFT).expect("draft");
    let doc = succeeded(&run(&ws, &["import", draft.to_str().expect("path")]))
        .trim()
        .to_string();
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    let claim = claims["claims"][0]["id"]
        .as_u64()
        .expect("claim id")
        .to_string();
    (ws, doc, claim)
}

#[test]
fn cite_evidence_warc_recheck_and_bundle() {
    let alive = Arc::new(AtomicBool::new(true));
    let base = serve(alive.clone());
    let url = format!("{base}/report.html");
    let tmp = tempfile::tempdir().expect("tmp");
    let (ws, doc, claim) = import_draft(tmp.path());

    // Cite: fetched, archived, titled; the claim can now be verified.
    let out = succeeded(&run(&ws, &["cite", &claim, &url, "--stance", "supports"]));
    assert!(
        out.contains("Riverside budget report 2023"),
        "cite output: {out}"
    );
    assert!(out.contains("\tok\t"), "fresh citation is healthy: {out}");
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(claims["claims"][0]["citations"], 1);
    succeeded(&run(
        &ws,
        &["mark", &claim, "verified", "--reason", "controller report"],
    ));

    // Stateless evidence and fetch against the same server.
    let ev = json_of(&run(
        &ws,
        &[
            "evidence",
            "--claim",
            "The city spent $4.2 million on road repairs in 2023.",
            "--source",
            &url,
            "--json",
        ],
    ));
    assert!(ev["passages"][0]["text"]
        .as_str()
        .expect("passage")
        .contains("$4.2 million"));
    assert_eq!(ev["suggestion"]["stance"], "supports");
    let f = json_of(&run(&ws, &["fetch", &url, "--json"]));
    assert_eq!(f["title"], "Riverside budget report 2023");
    assert_eq!(f["site_name"], "City of Riverside");
    assert_eq!(f["sha256"].as_str().map(str::len), Some(64));

    // WARC export, checked by the independent warcio tool when it is installed (CI installs it).
    let warc = tmp.path().join("sources.warc.gz");
    succeeded(&run(
        &ws,
        &["export-warc", &doc, "-o", warc.to_str().expect("path")],
    ));
    assert!(std::fs::metadata(&warc).expect("warc written").len() > 100);
    let py = std::env::var("WARCIO_PYTHON").unwrap_or_else(|_| "python3".into());
    if Command::new(&py)
        .args(["-c", "import warcio"])
        .status()
        .is_ok_and(|s| s.success())
    {
        let check = Command::new(&py)
            .args(["-m", "warcio.cli", "check", "-v"])
            .arg(&warc)
            .output()
            .expect("warcio");
        assert!(
            check.status.success(),
            "warcio check: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    } else {
        let why = format!(
            "`{py} -c 'import warcio'` failed; run `scripts/install-deps --test` (or `pip install warcio`)"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "warcio is required in CI: {why}"
        );
        eprintln!("SKIPPED warcio check (outside CI only): {why}");
    }

    // Bundle with the real citation: verifies, and its report names the source.
    let bundle = tmp.path().join("bundle.zip");
    succeeded(&run(
        &ws,
        &["bundle", &doc, "-o", bundle.to_str().expect("path")],
    ));
    succeeded(&run(
        &ws,
        &["verify-bundle", bundle.to_str().expect("path")],
    ));
    let report = json_of(&run(&ws, &["report", &doc, "--format", "json"]));
    let text = report.to_string();
    assert!(text.contains("Riverside budget report 2023") && text.contains("controller report"));

    // Link health: ok while served; one 404 is "failing", a second (spacing set to 0 h) is "gone".
    let r = json_of(&run(&ws, &["recheck", &doc, "--json"]));
    assert_eq!(r["links"][0]["health"], "ok", "{r}");
    alive.store(false, Ordering::SeqCst);
    let r = json_of(&run(&ws, &["recheck", &doc, "--json"]));
    assert_eq!(
        r["links"][0]["health"], "failing",
        "one 404 is never gone: {r}"
    );
    let r = json_of(&run(&ws, &["recheck", &doc, "--json"]));
    assert_eq!(r["links"][0]["health"], "gone", "{r}");
}

#[test]
fn dead_links_are_kept_and_bad_schemes_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (ws, doc, claim) = import_draft(tmp.path());

    // Nothing listens on this port: the citation is kept, the failure reported.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}/gone", closed.local_addr().expect("addr"));
    drop(closed);
    let o = run(&ws, &["cite", &claim, &dead]);
    let out = succeeded(&o);
    assert!(out.contains("failing"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("could not be archived"));
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(
        claims["claims"][0]["citations"], 1,
        "the dead link is still a citation"
    );

    for bad in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/x",
    ] {
        let o = run(&ws, &["cite", &claim, bad]);
        assert_eq!(o.status.code(), Some(1), "{bad} must be refused");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("error["),
            "one clear error line for {bad}: {err}"
        );
    }
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(
        claims["claims"][0]["citations"], 1,
        "refused links add nothing"
    );
}

#[test]
fn private_addresses_are_refused_by_default_and_credentials_never_stored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = serve(Arc::new(AtomicBool::new(true)));
    let (ws, doc, claim) = import_draft(tmp.path());
    let port = base.rsplit(':').next().expect("port");
    for url in [
        format!("{base}/report.html"),
        format!("http://localhost:{port}/report.html"),
        format!("http://2130706433:{port}/report.html"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
    ] {
        let o = run_default(&ws, &["cite", &claim, &url]);
        assert_eq!(o.status.code(), Some(1), "{url} must be refused");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let err = stderr.lines().last().unwrap_or_default();
        assert!(err.starts_with("error[private_address]"), "{url}: {stderr}");
        assert!(
            err.contains("CLAIMDESK_ALLOW_PRIVATE=1"),
            "says how to opt in: {err}"
        );
        let o = run_default(&ws, &["fetch", &url, "--json"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("error[private_address]"),
            "fetch {url}: {stderr}"
        );
    }
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(claims["claims"][0]["citations"], 0, "nothing was attached");

    // With the opt-in, a URL with credentials is fetched, but neither the citation, the snapshot nor the WARC
    // keeps the credentials.
    let with_credentials = base.replacen("http://", "http://ada:hunter2@", 1) + "/report.html";
    succeeded(&run(&ws, &["cite", &claim, &with_credentials]));
    let report = succeeded(&run(&ws, &["report", &doc, "--format", "json"]));
    assert!(report.contains("/report.html"), "{report}");
    assert!(
        !report.contains("hunter2") && !report.contains("ada@"),
        "{report}"
    );
    let warc = tmp.path().join("out.warc.gz");
    succeeded(&run(
        &ws,
        &["export-warc", &doc, "-o", warc.to_str().expect("path")],
    ));
    let gunzip = Command::new("python3")
        .args([
            "-c",
            "import gzip,sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())",
        ])
        .arg(&warc)
        .output()
        .expect("python3 gzip");
    let raw = String::from_utf8_lossy(&gunzip.stdout);
    assert!(
        raw.contains("/report.html") && !raw.contains("hunter2"),
        "WARC keeps no credentials"
    );
}

#[test]
fn cite_does_not_hold_the_workspace_through_the_fetch() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = serve(Arc::new(AtomicBool::new(true)));
    let (ws, doc, claim) = import_draft(tmp.path());
    let mut cite = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .arg("--workspace")
        .arg(&ws)
        .args(["cite", &claim, &format!("{base}/slow.html")])
        .env("CLAIMDESK_EDITOR", "tester")
        .env("CLAIMDESK_ALLOW_PRIVATE", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start cite");
    // While the source is being fetched, other commands use the workspace, a write included.
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let listed = succeeded(&run(&ws, &["claims", &doc]));
    assert!(listed.contains("road repairs"), "{listed}");
    succeeded(&run(&ws, &["note", &claim, "checked with the controller"]));
    assert!(
        cite.try_wait().expect("cite status").is_none(),
        "the other commands ran while cite was still fetching"
    );
    let out = cite.wait_with_output().expect("cite");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(
        claims["claims"][0]["citations"], 1,
        "the slow source was attached"
    );
    let history = succeeded(&run(&ws, &["history", &claim]));
    assert!(
        history.contains("checked with the controller"),
        "the note made meanwhile is kept: {history}"
    );
}

#[test]
fn links_in_a_draft_become_proposed_citations() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let draft = tmp.path().join("draft.md");
    std::fs::write(
        &draft,
        "# Budget\n\nThe city spent $4.2 million on road repairs in 2023, according to the \
         [controller's report](https://example.org/report). The council voted 7-2 on Tuesday.\n",
    )
    .expect("draft");
    let doc = succeeded(&run(&ws, &["import", draft.to_str().expect("path")]))
        .trim()
        .to_string();
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    let list = claims["claims"].as_array().expect("claims");
    let with_link = list
        .iter()
        .find(|c| {
            c["text"]
                .as_str()
                .is_some_and(|t| t.contains("$4.2 million"))
        })
        .expect("the linked sentence");
    assert_eq!(
        with_link["proposed_citations"][0]["url"],
        "https://example.org/report"
    );
    assert_eq!(
        with_link["proposed_citations"][0]["text"],
        "controller's report"
    );
    let other = list
        .iter()
        .find(|c| c["text"].as_str().is_some_and(|t| t.contains("voted")))
        .expect("the other sentence");
    assert_eq!(
        other["proposed_citations"].as_array().map(Vec::len),
        Some(0)
    );
}
