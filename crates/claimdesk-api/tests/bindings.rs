//! The TypeScript bindings in `ui/src/api/bindings.ts` are generated from the Rust DTOs. This test regenerates them
//! in memory and fails when the committed file differs, so the UI can never compile against stale types.
//! Run `UPDATE_BINDINGS=1 cargo test -p claimdesk-api --test bindings` (or `make bindings`) to rewrite the file.

use claimdesk_api::*;
use ts_rs::TS;

fn generated() -> String {
    let decls = [
        ErrorCode::decl(),
        ApiError::decl(),
        ClaimStatus::decl(),
        StatusCounts::decl(),
        DocumentSummary::decl(),
        QuoteView::decl(),
        ClaimView::decl(),
        ProposedCitationView::decl(),
        DocumentView::decl(),
        HistoryEntry::decl(),
        ExtractedSentence::decl(),
        ExtractedClaim::decl(),
        ProposedLink::decl(),
        ExtractOutput::decl(),
        ClaimsOutput::decl(),
        claimdesk_api::about::About::decl(),
        WorkspaceInfo::decl(),
        claimdesk_api::team::TeamStatus::decl(),
        claimdesk_api::team::SyncReport::decl(),
        claimdesk_api::team::ConflictView::decl(),
        claimdesk_api::team::MemberView::decl(),
        claimdesk_api::changes::ClaimChange::decl(),
        claimdesk_api::changes::ClaimEvidence::decl(),
        claimdesk_api::changes::CitationChange::decl(),
        claimdesk_api::changes::ClaimDetail::decl(),
        claimdesk_api::claims::ClaimQuery::decl(),
        claimdesk_api::claims::ClaimPage::decl(),
        claimdesk_api::claims::ClaimMark::decl(),
        claimdesk_api::sources::CitationStance::decl(),
        claimdesk_api::sources::LinkHealth::decl(),
        claimdesk_api::sources::PassageView::decl(),
        claimdesk_api::sources::SourceSummary::decl(),
        claimdesk_api::sources::CitationView::decl(),
        claimdesk_evidence::MatchKind::decl(),
        claimdesk_evidence::semantic::Lang::decl(),
        claimdesk_evidence::NumberKind::decl(),
        claimdesk_evidence::ReasonKind::decl(),
        claimdesk_evidence::SuggestedStance::decl(),
        claimdesk_api::sources::QuoteCheckView::decl(),
        claimdesk_api::sources::NumberPairView::decl(),
        claimdesk_api::sources::NumbersView::decl(),
        claimdesk_api::sources::ReasonView::decl(),
        claimdesk_api::sources::SuggestionView::decl(),
        claimdesk_api::semantic::SemanticStatus::decl(),
        claimdesk_api::sources::EvidenceView::decl(),
        claimdesk_api::sources::SnapshotView::decl(),
        claimdesk_api::sources::DiffOp::decl(),
        claimdesk_api::sources::DiffLineView::decl(),
        claimdesk_api::sources::JobStage::decl(),
        claimdesk_api::sources::JobProgress::decl(),
        claimdesk_api::sources::LinkReport::decl(),
        claimdesk_api::sources::SimilarClaim::decl(),
        claimdesk_api::memory::PriorFactCheck::decl(),
        claimdesk_api::memory::FactCheckImportView::decl(),
        claimdesk_api::memory::SimilarAnswer::decl(),
        claimdesk_api::sources::SourceHit::decl(),
        claimdesk_core::SourceMetadata::decl(),
        claimdesk_api::sources::FetchView::decl(),
        claimdesk_api::sources::PageView::decl(),
        claimdesk_api::sources::ReadProblemView::decl(),
        claimdesk_api::sources::ReadProblemKind::decl(),
        claimdesk_api::reports::ReportFormat::decl(),
        claimdesk_api::reports::ReportPreview::decl(),
        claimdesk_api::reports::FileState::decl(),
        claimdesk_api::reports::BundleFileCheck::decl(),
        claimdesk_api::reports::BundleCheck::decl(),
        claimdesk_api::workspace::WorkspaceImportSummary::decl(),
        claimdesk_api::workspace::RevisionSummary::decl(),
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
