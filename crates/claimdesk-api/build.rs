//! Stamps the build's commit into the facade (`CLAIMDESK_BUILD_COMMIT`, read by `claimdesk_api::about`): the
//! `$CLAIMDESK_BUILD_COMMIT` given to the build if any (a source tarball has no `.git`), else
//! `git rev-parse --short=12 HEAD`, else `unknown`. A `+dirty` suffix says tracked files had uncommitted changes when
//! this script last ran, which is when HEAD moved or this crate's version changed: exact for a package built from a
//! clone, possibly stale in a developer's incremental build.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=CLAIMDESK_BUILD_COMMIT");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Rebuild when HEAD moves: HEAD itself (a checkout), the branch it points to (a commit), packed refs. Only files
    // that exist are watched: cargo reruns a build script on every build while a watched file is missing.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in &watched {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", name]) {
            let p = dir.join(p);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    let commit = std::env::var("CLAIMDESK_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            let head = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
            let dirty = git(dir, &["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            Some(if dirty { format!("{head}+dirty") } else { head })
        })
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=CLAIMDESK_BUILD_COMMIT={commit}");
}
