//! Output of the workspace, revision, report and bundle commands. Each function makes one facade call and prints;
//! errors go back to `main`, which prints `error[<code>]: <message>` and exits 1.

use claimdesk_api::reports::FileState;
use std::io::Write;
use std::path::Path;

use claimdesk_api::reports::{BundleCheck, ReportFormat};
use claimdesk_api::workspace::RevisionSummary;
use claimdesk_api::{ApiError, ApiResult, Claimdesk, ErrorCode};

/// Writes `text` to `out` (atomically, via a temporary file renamed into place) or to stdout.
pub fn write_output(text: &str, out: Option<&Path>) -> ApiResult<()> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("partial");
            let write = || -> std::io::Result<()> {
                std::fs::write(&tmp, text)?;
                std::fs::rename(&tmp, path)
            };
            write().map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                ApiError::new(
                    ErrorCode::Io,
                    format!("Could not write {}: {e}.", path.display()),
                )
            })
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| {
                    if text.ends_with('\n') {
                        Ok(())
                    } else {
                        stdout.write_all(b"\n")
                    }
                })
                .and_then(|()| stdout.flush())
                .map_err(|e| {
                    ApiError::new(ErrorCode::Io, format!("Could not write the report: {e}."))
                })
        }
    }
}

fn ids(v: &[u64]) -> String {
    if v.is_empty() {
        return String::new();
    }
    let list: Vec<String> = v.iter().map(u64::to_string).collect();
    format!("\t{}", list.join(","))
}

/// Prints what a revised draft did: one line per outcome with the count and the claim ids.
pub fn print_revision(cd: &Claimdesk, r: &RevisionSummary, json: bool) -> ApiResult<()> {
    if json {
        let s = serde_json::to_string_pretty(&serde_json::json!({
            "schema_version": claimdesk_api::SCHEMA_VERSION,
            "revision": r,
        }))
        .map_err(ApiError::internal)?;
        println!("{s}");
        return Ok(());
    }
    println!("document {} version {}", r.document, r.version);
    for (label, v) in [
        ("kept", &r.kept),
        ("moved", &r.moved),
        ("stale", &r.stale),
        ("orphaned", &r.orphaned),
        ("created", &r.created),
    ] {
        println!("{label}\t{}{}", v.len(), ids(v));
    }
    // Stale and orphaned claims need the editor's eye: list their text under the counts.
    if !r.stale.is_empty() || !r.orphaned.is_empty() {
        // Page through the stale-or-orphaned sentences: opening the document sends only its first page.
        let query = claimdesk_api::claims::ClaimQuery {
            stale: true,
            all_sentences: true,
            ..Default::default()
        };
        let limit = claimdesk_api::claims::MAX_PAGE;
        let mut offset = 0;
        loop {
            let page = cd.claims_page(r.document, &query, offset, limit)?;
            for c in &page.claims {
                if r.stale.contains(&c.id) {
                    println!("  stale	{}	{}", c.id, c.text);
                } else if r.orphaned.contains(&c.id) {
                    println!("  orphan	{}	{}", c.id, c.text);
                }
            }
            offset += limit;
            if page.claims.is_empty() || offset >= page.total {
                break;
            }
        }
    }
    Ok(())
}

/// Renders a report to a file or stdout.
pub fn report(
    cd: &Claimdesk,
    doc: u64,
    format: ReportFormat,
    out: Option<&Path>,
    review_url: Option<String>,
) -> ApiResult<()> {
    let text = cd.report(doc, format, review_url)?;
    write_output(&text, out)
}

/// Prints a bundle check. Returns an error (exit 1) listing every problem when the bundle does not verify.
pub fn print_bundle_check(path: &Path, check: &BundleCheck) -> ApiResult<()> {
    for f in &check.files {
        println!("{}\t{}", f.state, f.name);
    }
    if check.ok {
        println!("ok\t{} verifies against its SHA256SUMS", path.display());
        return Ok(());
    }
    let mut problems: Vec<String> = check.manifest_problems.clone();
    for f in check.files.iter().filter(|f| f.state != FileState::Ok) {
        let what = match f.state {
            FileState::Mismatch => "was altered (its SHA-256 differs from SHA256SUMS)",
            FileState::Missing => "is missing",
            FileState::Unlisted => "is not listed in SHA256SUMS",
            FileState::Corrupt => {
                "cannot be read back or is not safe to extract (the archive is damaged or forged)"
            }
            FileState::Ok => continue,
        };
        problems.push(format!("{} {what}", f.name));
    }
    Err(ApiError::new(
        ErrorCode::BundleInvalid,
        format!(
            "{} does not verify: {}.",
            path.display(),
            problems.join("; ")
        ),
    ))
}
