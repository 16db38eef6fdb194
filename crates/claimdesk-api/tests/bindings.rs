//! The TypeScript bindings in `ui/src/api/bindings.ts` are generated from the Rust DTOs. This test regenerates them
//! in memory and fails when the committed file differs, so the UI can never compile against stale types.
//! Run `UPDATE_BINDINGS=1 cargo test -p claimdesk-api --test bindings` (or `make bindings`) to rewrite the file.

use claimdesk_api::*;
use ts_rs::TS;

fn generated() -> String {
    let decls = [
        ApiError::decl(),
        ClaimStatus::decl(),
        StatusCounts::decl(),
        DocumentSummary::decl(),
        QuoteView::decl(),
        ClaimView::decl(),
        DocumentView::decl(),
        HistoryEntry::decl(),
        ExtractedSentence::decl(),
        ExtractedClaim::decl(),
        ProposedLink::decl(),
        ExtractOutput::decl(),
        ClaimsOutput::decl(),
        WorkspaceInfo::decl(),
    ];
    let mut out = String::from(
        "// Generated from crates/claimdesk-api/src/dto.rs by `make bindings`. Do not edit by hand:\n\
         // `cargo test -p claimdesk-api --test bindings` fails when this file drifts from the Rust types.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_match_committed_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/api/bindings.ts");
    let want = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &want).expect("write bindings");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/api/bindings.ts is out of date with the Rust DTOs; run `make bindings` and commit the result"
    );
}
