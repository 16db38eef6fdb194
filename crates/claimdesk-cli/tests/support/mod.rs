//! Running the built `claimdesk` binary against a workspace, and the inputs the CLI test files build, shared by
//! them (each test file uses part of it).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The binary with a fixed editor name and no workspace from the environment. The tests' sources are served on
/// loopback, so the private-address opt-in is on (a test of the refusal removes it).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env("CLAIMDESK_EDITOR", "tester")
        .env("CLAIMDESK_ALLOW_PRIVATE", "1")
        .env_remove("CLAIMDESK_WORKSPACE");
    c
}

/// Runs `claimdesk --workspace ws args...`.
pub fn run(ws: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    c.arg("--workspace").arg(ws).args(args);
    c.output().expect("run claimdesk")
}

/// Runs `claimdesk --workspace ws args...`, which must succeed; returns its standard output.
pub fn ok(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "claimdesk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// The standard output of a run that must have succeeded.
pub fn succeeded(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The JSON a run that must have succeeded printed.
pub fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_str(&succeeded(o)).expect("JSON output")
}

/// A minimal .docx whose body is one paragraph per entry.
pub fn docx<S: AsRef<str>>(paragraphs: &[S]) -> Vec<u8> {
    use std::io::{Cursor, Write};
    let body: String = paragraphs
        .iter()
        .map(|p| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                p.as_ref()
            )
        })
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("[Content_Types].xml", &b"<Types/>"[..]),
        ("word/document.xml", document.as_bytes()),
    ] {
        w.start_file(name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}
