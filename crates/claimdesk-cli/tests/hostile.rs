//! Regression tests from a hostile test of the CLI: the built `claimdesk` binary against temporary workspaces and
//! files made in the test (drafts with Unicode spaces, special files, broken pipes, files where folders belong).

mod support;

use std::path::Path;
use std::process::{Command, Output};
use support::{bin, docx, ok, run};

use serde_json::Value;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------------------------------
// Unicode spaces in drafts

/// The spaces and invisible characters a real draft carries: a no-break space between a number and its unit, thin
/// and narrow no-break spaces as thousands separators, a soft hyphen in a long word.
const NBSP: char = '\u{a0}';
const THIN: char = '\u{2009}';
const NNBSP: char = '\u{202f}';
const SHY: char = '\u{ad}';

/// The claims' texts of document `doc`.
fn claim_texts(ws: &Path, doc: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&ok(ws, &["claims", doc, "--json"])).expect("json");
    v["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn drafts_with_unicode_spaces_and_soft_hyphens_import_in_every_format() {
    let paragraphs = [
        format!("Unemployment in Riverside fell to 3.9{NBSP}percent in October, the state labor department said."),
        format!("The council approved a budget of 4{THIN}200{THIN}000 dollars for the Elm Street bridge on Tuesday."),
        format!("Officials said the stadium would cost 800{NNBSP}million dollars over ten years."),
        format!("The transit authority carried 48 million passengers in 2025, an extra{SHY}ordinary rise from 2024."),
    ];
    let plain = [
        "Unemployment in Riverside fell to 3.9 percent in October, the state labor department said.",
        "The council approved a budget of 4 200 000 dollars for the Elm Street bridge on Tuesday.",
        "Officials said the stadium would cost 800 million dollars over ten years.",
        "The transit authority carried 48 million passengers in 2025, an extraordinary rise from 2024.",
    ];
    let html_paragraphs = [
        "Unemployment in Riverside fell to 3.9&nbsp;percent in October, the state labor department said.",
        "The council approved a budget of 4&thinsp;200&#x2009;000 dollars for the Elm Street bridge on Tuesday.",
        "Officials said the stadium would cost 800&#8239;million dollars over ten years.",
        "The transit authority carried 48 million passengers in 2025, an extra&shy;ordinary rise from 2024.",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("draft.txt", paragraphs.join("\n\n").into_bytes()),
        (
            "draft.md",
            format!("# Riverside in numbers\n\n{}\n", paragraphs.join("\n\n")).into_bytes(),
        ),
        (
            "draft.html",
            format!(
                "<!doctype html><html><head><title>Riverside</title></head><body>{}</body></html>",
                html_paragraphs
                    .iter()
                    .map(|p| format!("<p>{p}</p>\n"))
                    .collect::<String>()
            )
            .into_bytes(),
        ),
        ("draft.docx", docx(&paragraphs)),
    ];
    for (name, bytes) in files {
        let ws = dir.path().join(format!("ws-{name}"));
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write draft");
        let out = run(&ws, &["import", path.to_str().expect("path")]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let doc = String::from_utf8(out.stdout).expect("utf-8");
        let texts = claim_texts(&ws, doc.trim());
        for want in plain {
            assert!(
                texts.iter().any(|t| t == want),
                "{name}: {want:?} is a claim with plain spaces, got {texts:#?}"
            );
        }
        for t in &texts {
            assert!(
                !t.contains([NBSP, THIN, NNBSP, SHY]),
                "{name}: claim text {t:?} is normalised"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Special files

/// Runs claimdesk with `args`, killing it (this child only) when it has not finished after 20 seconds.
fn run_bounded(args: &[&std::ffi::OsStr]) -> Output {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn claimdesk");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claimdesk {args:?} did not finish within 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn devices_and_fifos_are_refused_not_read_forever() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("draft.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let ws = dir.path().join("ws");
    let ws2 = dir.path().join("ws2");
    for special in [Path::new("/dev/zero"), fifo.as_path()] {
        let f = special.as_os_str();
        let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
            vec!["--workspace".as_ref(), ws.as_os_str(), "import".as_ref(), f],
            vec!["extract".as_ref(), f],
            vec![
                "--workspace".as_ref(),
                ws2.as_os_str(),
                "import-workspace".as_ref(),
                f,
            ],
            vec![
                "evidence".as_ref(),
                "--claim".as_ref(),
                "Unemployment fell to 3.9 percent.".as_ref(),
                "--source".as_ref(),
                f,
            ],
            vec!["verify-bundle".as_ref(), f],
        ];
        for args in cases {
            let out = run_bounded(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains("error[not_a_file]") && err.contains("not a regular file"),
                "{args:?}: {err}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Clear errors

/// A workspace with one document of 1500 claims (more than a pipe's buffer when listed); returns (dir, ws).
fn big_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let draft: String = (0..1500)
        .map(|i| {
            format!(
                "The city spent {i} million dollars on road number {i} in {}, officials said. ",
                2000 + i % 25
            )
        })
        .collect();
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, draft).expect("write");
    let ws = dir.path().join("ws");
    assert_eq!(
        ok(&ws, &["import", path.to_str().expect("path")]).trim(),
        "1"
    );
    (dir, ws)
}

#[test]
fn a_closed_stdout_pipe_ends_quietly_without_a_panic() {
    use std::io::BufRead;
    use std::process::Stdio;
    let (_dir, ws) = big_workspace();
    for args in [&["claims", "1"][..], &["history", "1"][..]] {
        let mut child = bin()
            .arg("--workspace")
            .arg(&ws)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // `| head -1`: read one line, then close the pipe.
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .expect("first line");
        assert!(!first.is_empty());
        let out = child.wait_with_output().expect("wait");
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("error["),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_workspace_path_that_is_a_file_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a workspace").expect("write");
    let out = run(&file, &["claims", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("is a file, not a workspace folder") && !err.contains("os error 17"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "not a workspace"
    );
}

#[test]
fn failed_exports_leave_no_partial_file_and_no_stray_zip_writer_line() {
    if !Path::new("/dev/full").exists() {
        return; // Needs Linux's always-full device to make a write fail.
    }
    let (dir, ws) = big_workspace();
    // The temporary file an export writes first is a link to a device that is always full: the write fails.
    for (args, out_name, partial) in [
        (vec!["export", "-o"], "ws.jsonl", "ws.partial"),
        (vec!["bundle", "1", "-o"], "b.zip", "b.partial"),
        (
            vec!["export-warc", "1", "-o"],
            "s.warc.gz",
            ".s.warc.gz.claimdesk-tmp",
        ),
    ] {
        let target = dir.path().join(out_name);
        let tmp = dir.path().join(partial);
        std::os::unix::fs::symlink("/dev/full", &tmp).expect("symlink");
        let mut a: Vec<&str> = args.clone();
        a.push(target.to_str().expect("path"));
        let out = run(&ws, &a);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        // /dev/full answers ENOSPC: a full disk, said as such.
        assert!(err.starts_with("error[disk_full]: "), "{args:?}: {err}");
        assert!(!err.contains("ZipWriter::drop"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one clear line: {err}");
        assert!(
            std::fs::symlink_metadata(&tmp).is_err(),
            "{args:?}: {partial} is removed after the failure"
        );
        assert!(!target.exists(), "{args:?}: nothing half-written in place");
    }
}

#[test]
fn claimreview_refuses_a_javascript_review_url_and_escapes_script_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("draft.txt");
    std::fs::write(
        &path,
        "Unemployment fell to 3.9 percent in October</script><script>alert(1)</script>, officials said.\n",
    )
    .expect("write");
    let ws = dir.path().join("ws");
    ok(&ws, &["import", path.to_str().expect("path")]);
    let out = run(
        &ws,
        &[
            "report",
            "1",
            "--format",
            "claimreview",
            "--review-url",
            "javascript:alert(1)",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error[invalid_input]: "),
        "{}",
        stderr(&out)
    );
    let json = ok(
        &ws,
        &[
            "report",
            "1",
            "--format",
            "claimreview",
            "--review-url",
            "https://news.example/check",
        ],
    );
    assert!(
        !json.contains('<') && json.contains("\\u003c/script\\u003e"),
        "{json}"
    );
}
