//! Two desks on one team server: the real `claimdesk` CLI on two sled workspaces, the real `claimdesk-server` on a
//! throwaway PostgreSQL that this test starts (initdb in a temp dir, a free port, as an unprivileged user when run
//! as root), real HTTP over loopback. Marks, notes, a citation with its archived source, a revised draft and a
//! conflict flow both ways; a desk that was offline catches up; a desk killed mid-sync completes on the next sync
//! with no duplicate; a viewer's desk reads and cannot write.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimdesk_pgtest::{add_member, PgCluster, ServerProcess};
use support::{json_of, ok, run};

const DRAFT: &str = "The city spent $4.2 million on road repairs in 2023, the controller said.\n\n\
The council voted 7-2 on Tuesday to close the Elm Street bridge.\n\n\
Unemployment in the county fell to 3.5% in May, according to the state labour office.\n";

const REVISED: &str =
    "The city spent $4.6 million on road repairs in 2023, the controller said.\n\n\
The council voted 7-2 on Tuesday to close the Elm Street bridge.\n\n\
Unemployment in the county fell to 3.5% in May, according to the state labour office.\n";

const PAGE: &str = "<html><head><title>Controller's report</title></head><body><article><p>The city spent \
$4.2 million on road repairs in 2023, according to the controller's annual report, published in March.</p>\
</article></body></html>";

/// The server binary, built beside this crate's binary (`cargo test --workspace` builds it; a lone
/// `cargo test -p claimdesk-cli` builds it here first).
fn server_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_claimdesk")).with_file_name("claimdesk-server");
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let st = Command::new(cargo)
            .args([
                "build",
                "-p",
                "claimdesk-server",
                "--bin",
                "claimdesk-server",
            ])
            .status()
            .expect("run cargo build -p claimdesk-server");
        assert!(st.success(), "cargo build -p claimdesk-server failed");
    }
    assert!(bin.exists(), "{} is missing", bin.display());
    bin
}

/// Serves PAGE at any path on loopback.
fn source_server() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", l.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
        }
    });
    base
}

/// One number from PostgreSQL, through psql (the test reads the server's tables, never writes them).
fn sql(url: &str, query: &str) -> u64 {
    let out = Command::new("psql")
        .args([url, "-tAc", query])
        .output()
        .expect("run psql");
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a number")
}

fn claims(ws: &Path, doc: &str) -> Vec<serde_json::Value> {
    let v = json_of(&run(ws, &["claims", doc, "--json"]));
    v["claims"].as_array().expect("claims").clone()
}

fn claim<'a>(list: &'a [serde_json::Value], needle: &str) -> &'a serde_json::Value {
    list.iter()
        .find(|c| c["text"].as_str().is_some_and(|t| t.contains(needle)))
        .unwrap_or_else(|| panic!("no claim with {needle:?} in {list:?}"))
}

fn id_of(c: &serde_json::Value) -> String {
    c["id"].as_u64().expect("id").to_string()
}

fn team(ws: &Path) -> serde_json::Value {
    json_of(&run(ws, &["team", "--json"]))
}

fn sync(ws: &Path) -> serde_json::Value {
    json_of(&run(ws, &["sync", "--json"]))
}

#[test]
fn two_desks_share_one_team_workspace() {
    let pg = PgCluster::new().expect("start PostgreSQL");
    let server_bin = server_bin();
    let mut server = ServerProcess::start(&server_bin, &pg.url()).expect("start claimdesk-server");
    let token = |name: &str, role: &str| {
        add_member(&server_bin, &pg.url(), name, role, "newsroom").expect("add member")
    };
    let (ana, ben, vic) = (
        token("ana", "editor"),
        token("ben", "editor"),
        token("vic", "viewer"),
    );
    let url = server.base_url();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b, v) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("v"),
    );
    let draft = tmp.path().join("draft.txt");
    std::fs::write(&draft, DRAFT).expect("write draft");

    // Desk A has a draft already and seeds the team workspace with it; desk B joins empty and receives it.
    let doc = ok(&a, &["import", draft.to_str().expect("path")])
        .trim()
        .to_string();
    let r = json_of(&run(
        &a,
        &[
            "connect",
            &url,
            "--token",
            &ana,
            "--team-workspace",
            "city-desk",
            "--json",
        ],
    ));
    assert_eq!(r["status"]["state"], "synced", "{r}");
    assert_eq!(r["status"]["member"], "ana");
    assert!(r["pushed"].as_u64().expect("pushed") >= 5, "{r}");
    let r = json_of(&run(
        &b,
        &[
            "connect",
            &url,
            "--token",
            &ben,
            "--team-workspace",
            "city-desk",
            "--json",
        ],
    ));
    assert!(r["pulled"].as_u64().expect("pulled") >= 5, "{r}");
    let (ca, cb) = (claims(&a, &doc), claims(&b, &doc));
    assert_eq!(ca.len(), 3);
    assert_eq!(
        ca.iter()
            .map(|c| (&c["id"], &c["text"]))
            .collect::<Vec<_>>(),
        cb.iter()
            .map(|c| (&c["id"], &c["text"]))
            .collect::<Vec<_>>()
    );
    let spent = id_of(claim(&ca, "4.2 million"));
    let bridge = id_of(claim(&ca, "Elm Street"));
    let jobs = id_of(claim(&ca, "Unemployment"));

    // A → B: a status with its reason, notes, an assignment.
    ok(
        &a,
        &[
            "mark",
            &bridge,
            "disputed",
            "--reason",
            "The vote was 6-3 per the minutes",
        ],
    );
    ok(&a, &["note", &bridge, "Ask the clerk for the roll call"]);
    ok(&a, &["assign", &jobs, "ben"]);
    assert_eq!(team(&a)["state"], "waiting");
    sync(&a);
    assert_eq!(team(&a)["state"], "synced");
    sync(&b);
    let cb = claims(&b, &doc);
    assert_eq!(claim(&cb, "Elm Street")["status"], "disputed");
    assert_eq!(
        claim(&cb, "Elm Street")["notes"],
        "Ask the clerk for the roll call"
    );
    assert_eq!(claim(&cb, "Unemployment")["assignee"], "ben");
    let hist = json_of(&run(&b, &["history", &bridge, "--json"]));
    let editors: Vec<&str> = hist["events"]
        .as_array()
        .expect("history list")
        .iter()
        .filter_map(|e| e["editor"].as_str())
        .collect();
    assert!(
        editors.contains(&"ana"),
        "the history names the editor of each change: {hist}"
    );

    // B → A: a citation with its archived source (the snapshot body travels as a checked blob).
    let src = format!("{}/report.html", source_server());
    ok(&b, &["cite", &spent, &src, "--stance", "supports"]);
    ok(&b, &["mark", &spent, "verified"]);
    sync(&b);
    sync(&a);
    let report = ok(&a, &["report", &doc, "--format", "json"]);
    assert!(
        report.contains("/report.html"),
        "A's report cites B's source"
    );
    assert_eq!(
        claim(&claims(&a, &doc), "4.2 million")["status"],
        "verified"
    );
    let evidence = ok(
        &a,
        &[
            "evidence",
            "--claim",
            "The city spent $4.2 million on road repairs in 2023",
            "--source",
            &src,
            "--json",
        ],
    );
    assert!(evidence.contains("annual report"), "{evidence}");

    // A conflict: both desks change the same field from the same version; the first push wins, the second desk
    // gets the conflict and resolves it; the history keeps both.
    ok(
        &a,
        &[
            "mark",
            &jobs,
            "disputed",
            "--reason",
            "Ana: the office says 3.6%",
        ],
    );
    ok(
        &b,
        &[
            "mark",
            &jobs,
            "disputed",
            "--reason",
            "Ben: the office says 3.4%",
        ],
    );
    sync(&a);
    let r = sync(&b);
    assert_eq!(r["conflicts"], 1, "{r}");
    let conflicts = json_of(&run(&b, &["conflicts", "--json"]));
    let c = &conflicts.as_array().expect("list")[0];
    assert_eq!(c["field"], "status_reason");
    assert_eq!(c["theirs"], "Ana: the office says 3.6%");
    assert_eq!(c["mine"], "Ben: the office says 3.4%");
    assert_eq!(c["by"], "ana");
    assert_eq!(
        claim(&claims(&b, &doc), "Unemployment")["status_reason"],
        "Ana: the office says 3.6%"
    );
    ok(
        &b,
        &["resolve", "claim", &jobs, "status_reason", "--keep", "mine"],
    );
    assert_eq!(
        json_of(&run(&b, &["conflicts", "--json"])),
        serde_json::json!([])
    );
    sync(&b);
    sync(&a);
    assert_eq!(
        claim(&claims(&a, &doc), "Unemployment")["status_reason"],
        "Ben: the office says 3.4%"
    );
    let hist = ok(&a, &["history", &jobs, "--json"]);
    assert!(
        hist.contains("Ana: the office says 3.6%") && hist.contains("Ben: the office says 3.4%"),
        "{hist}"
    );

    // A revised draft imported on A re-anchors the claims for B too.
    let revised = tmp.path().join("revised.txt");
    std::fs::write(&revised, REVISED).expect("write revised");
    ok(
        &a,
        &["import", revised.to_str().expect("path"), "--into", &doc],
    );
    sync(&a);
    sync(&b);
    let cb = claims(&b, &doc);
    let changed = claim(&cb, "4.6 million");
    assert_eq!(
        changed["id"].as_u64().expect("id").to_string(),
        spent,
        "the same claim, re-anchored"
    );
    assert_eq!(changed["stale"], true);

    // Offline: the server goes away; A keeps working, sync says offline and loses nothing; back, B catches up.
    server.kill();
    ok(
        &a,
        &["note", &spent, "Controller's office confirmed by phone"],
    );
    let out = run(&a, &["sync"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error[offline]"),
        "{out:?}"
    );
    let t = team(&a);
    assert_eq!(t["state"], "offline");
    assert!(t["waiting"].as_u64().expect("waiting") >= 1);
    server.restart().expect("restart the server");
    sync(&a);
    assert_eq!(team(&a)["state"], "synced");
    sync(&b);
    assert_eq!(
        claim(&claims(&b, &doc), "4.6 million")["notes"],
        "Controller's office confirmed by phone"
    );

    // A viewer's desk reads the team workspace and cannot change it.
    json_of(&run(
        &v,
        &[
            "connect",
            &server.base_url(),
            "--token",
            &vic,
            "--team-workspace",
            "city-desk",
            "--json",
        ],
    ));
    assert_eq!(claims(&v, &doc).len(), 3);
    assert_eq!(team(&v)["role"], "viewer");

    // A foreign token and a revoked one are refused with their codes.
    let out = run(
        &tmp.path().join("x"),
        &[
            "connect",
            &server.base_url(),
            "--token",
            "not-a-token",
            "--team-workspace",
            "city-desk",
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error[unauthorized]"),
        "{out:?}"
    );
    // Plain HTTP to another machine is refused before anything is sent.
    let out = run(
        &tmp.path().join("y"),
        &[
            "connect",
            "http://192.0.2.1:8787",
            "--token",
            &ana,
            "--team-workspace",
            "x",
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error[insecure_server]"),
        "{out:?}"
    );
}

#[test]
fn a_desk_killed_mid_sync_completes_on_the_next_sync_with_no_duplicate() {
    let pg = PgCluster::new().expect("start PostgreSQL");
    let server_bin = server_bin();
    let server = ServerProcess::start(&server_bin, &pg.url()).expect("start claimdesk-server");
    let ana = add_member(&server_bin, &pg.url(), "ana", "editor", "newsroom").expect("member");
    let ben = add_member(&server_bin, &pg.url(), "ben", "editor", "newsroom").expect("member");
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // A draft of 400 sentences: about 1,200 records to push in three batches.
    let text: String = (1..=400)
        .map(|i| format!("The agency counted {i} new cases in district {i} last week.\n\n"))
        .collect();
    let draft = tmp.path().join("big.txt");
    std::fs::write(&draft, text).expect("write");
    let doc = ok(&a, &["import", draft.to_str().expect("path")])
        .trim()
        .to_string();
    // Connect, and kill the desk once the server has committed part of its first push.
    let mut child = support::bin()
        .arg("--workspace")
        .arg(&a)
        .args([
            "connect",
            &server.base_url(),
            "--token",
            &ana,
            "--team-workspace",
            "big",
        ])
        .spawn()
        .expect("spawn connect");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let at_kill = loop {
        let n = sql(&pg.url(), "SELECT count(*) FROM writes");
        if n > 0 {
            let _ = child.kill();
            break n;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the first push never reached the server"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let _ = child.wait();
    let after_kill = sql(&pg.url(), "SELECT count(*) FROM writes");
    assert!(
        at_kill > 0 && after_kill < 800,
        "killed mid-sync: {after_kill} of 803 records on the server"
    );
    // Whatever the kill interrupted, the next sync pushes the rest, and nothing is there twice.
    let mut state = serde_json::Value::Null;
    for _ in 0..5 {
        let out = run(&a, &["sync", "--json"]);
        if out.status.success() {
            state = json_of(&out)["status"].clone();
            break;
        }
        // The kill may have landed before `connect` recorded the connection: then connect again.
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(err.contains("not_connected"), "{err}");
        ok(
            &a,
            &[
                "connect",
                &server.base_url(),
                "--token",
                &ana,
                "--team-workspace",
                "big",
            ],
        );
    }
    assert_eq!(state["state"], "synced", "{state}");
    assert_eq!(state["waiting"], 0);
    ok(
        &b,
        &[
            "connect",
            &server.base_url(),
            "--token",
            &ben,
            "--team-workspace",
            "big",
        ],
    );
    let cb = claims(&b, &doc);
    assert_eq!(cb.len(), 400);
    let mut ids: Vec<u64> = cb.iter().filter_map(|c| c["id"].as_u64()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 400, "no claim twice");
    // On the server every record was written once (version 1), whatever was pushed twice.
    let writes = sql(&pg.url(), "SELECT count(*) FROM writes");
    let records = sql(&pg.url(), "SELECT count(DISTINCT (kind, key)) FROM writes");
    assert_eq!(writes, records, "a record written twice");
    assert!(writes >= 803, "{writes}");
    // The events came once each, too: a claim's history has exactly its creation.
    let h = json_of(&run(&b, &["history", &cb[0]["id"].to_string(), "--json"]));
    let n = h["events"].as_array().map_or(0, Vec::len);
    assert_eq!(n, 1, "{h}");
}

/// A token that starts with '-' (tokens issued before the `cdt_` prefix could) is taken as the token, not as an
/// option: the connect gets as far as the network, where nothing listens, and says so.
#[test]
fn a_token_starting_with_a_hyphen_is_a_value() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let out = run(
        &tmp.path().join("w"),
        &[
            "connect",
            &url,
            "--token",
            "-bOldStyleTokenText",
            "--team-workspace",
            "city-desk",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert!(
        stderr.contains("offline") || stderr.contains("reach"),
        "{stderr}"
    );
}
