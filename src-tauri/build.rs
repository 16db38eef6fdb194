//! Tauri's build step. App commands are listed here so that Tauri generates an `allow-<command>` permission for
//! each; `capabilities/main.json` grants exactly these to the main window and nothing else.

/// Every command the UI may call. Keep in sync with `src-tauri/src/commands.rs` (the capability test fails when a
/// command is registered but not granted).
const COMMANDS: &[&str] = &[
    "workspace_info",
    "list_documents",
    "open_document",
    "paste_draft",
    "import_file",
    "claims_page",
    "claims_by_id",
    "claim_marks",
    "mark_claim",
    "claim_detail",
    "claim_history",
    "cite_source",
    "cite_file",
    "set_allow_private_sources",
    "team_status",
    "connect_team",
    "sync_team",
    "sync_conflicts",
    "resolve_conflict",
    "assign_claim",
    "team_members",
    "recheck_document",
    "cancel_job",
    "list_citations",
    "claim_evidence",
    "get_snapshot",
    "diff_snapshots",
    "set_citation_passage",
    "set_citation_stance",
    "remove_citation",
    "similar_claims",
    "reuse_citations",
    "import_factchecks",
    "search_sources",
    "get_claim",
    "report_preview",
    "save_report",
    "save_bundle",
    "revise_draft",
    "set_checkworthy",
    "set_notes",
    "clear_stale",
    "ui_ready",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e:#}"));
}
