//! Running the built `claimdesk` binary against a workspace, shared by the CLI test files.

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
