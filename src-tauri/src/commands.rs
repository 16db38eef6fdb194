//! The IPC commands. Each is one call on the facade, run off the main thread by [`blocking`], which also turns a
//! panic into an `internal` error.

use claimdesk_api::changes::{CitationChange, ClaimChange, ClaimDetail};
use claimdesk_api::{
    ApiError, ApiResult, ClaimStatus, ClaimView, Claimdesk, DocumentSummary, DocumentView,
    HistoryEntry, WorkspaceInfo,
};
use std::sync::Arc;

use claimdesk_api::claims::{ClaimMark, ClaimPage, ClaimQuery};
use claimdesk_api::memory::FactCheckImportView;
use claimdesk_api::reports::{ReportFormat, ReportPreview};
use claimdesk_api::sources::{
    CitationStance, CitationView, DiffLineView, EvidenceView, JobProgress, LinkReport,
    SimilarClaim, SnapshotView, SourceHit,
};
use claimdesk_api::team::{ConflictView, MemberView, SyncReport, TeamStatus};
use claimdesk_api::workspace::RevisionSummary;
use tauri::{Emitter, State};

/// Runs a facade call on Tauri's blocking pool: store calls flush to disk and must not stall the event loop.
async fn blocking<T: Send + 'static>(
    desk: &State<'_, Claimdesk>,
    f: impl FnOnce(&Claimdesk) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let desk = Claimdesk::clone(desk);
    tauri::async_runtime::spawn_blocking(move || claimdesk_api::catch_panics(|| f(&desk)))
        .await
        .map_err(ApiError::internal)?
}

/// The drafts named on the app's command line, handed to the window once (see [`workspace_info`]).
pub struct OpenFiles(pub std::sync::Mutex<Vec<String>>);

#[tauri::command]
pub async fn workspace_info(
    desk: State<'_, Claimdesk>,
    open: State<'_, OpenFiles>,
) -> ApiResult<WorkspaceInfo> {
    let files = open
        .0
        .lock()
        .map(|mut f| std::mem::take(&mut *f))
        .unwrap_or_default();
    blocking(&desk, move |d| {
        let mut info = d.info();
        info.open_files = files;
        Ok(info)
    })
    .await
}

#[tauri::command]
pub async fn list_documents(desk: State<'_, Claimdesk>) -> ApiResult<Vec<DocumentSummary>> {
    blocking(&desk, |d| d.documents()).await
}

#[tauri::command]
pub async fn open_document(desk: State<'_, Claimdesk>, id: u64) -> ApiResult<DocumentView> {
    blocking(&desk, move |d| d.open_document(id)).await
}

#[tauri::command]
pub async fn paste_draft(
    desk: State<'_, Claimdesk>,
    title: Option<String>,
    text: String,
) -> ApiResult<DocumentView> {
    blocking(&desk, move |d| d.paste_draft(title, &text)).await
}

#[tauri::command]
pub async fn import_file(
    desk: State<'_, Claimdesk>,
    path: String,
    title: Option<String>,
) -> ApiResult<DocumentView> {
    blocking(&desk, move |d| {
        d.import_file(std::path::Path::new(&path), title)
            .and_then(|id| d.open_document(id))
    })
    .await
}

#[tauri::command]
pub async fn claims_page(
    desk: State<'_, Claimdesk>,
    doc: u64,
    query: ClaimQuery,
    offset: u32,
    limit: u32,
) -> ApiResult<ClaimPage> {
    blocking(&desk, move |d| d.claims_page(doc, &query, offset, limit)).await
}

#[tauri::command]
pub async fn claims_by_id(
    desk: State<'_, Claimdesk>,
    doc: u64,
    ids: Vec<u64>,
) -> ApiResult<Vec<ClaimView>> {
    blocking(&desk, move |d| d.claims_by_id(doc, &ids)).await
}

#[tauri::command]
pub async fn claim_marks(desk: State<'_, Claimdesk>, doc: u64) -> ApiResult<Vec<ClaimMark>> {
    blocking(&desk, move |d| d.claim_marks(doc)).await
}

#[tauri::command]
pub async fn mark_claim(
    desk: State<'_, Claimdesk>,
    claim: u64,
    status: ClaimStatus,
    reason: Option<String>,
) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.mark(claim, status, reason)).await
}

#[tauri::command]
pub async fn claim_detail(desk: State<'_, Claimdesk>, claim: u64) -> ApiResult<ClaimDetail> {
    blocking(&desk, move |d| d.claim_detail(claim)).await
}

#[tauri::command]
pub async fn claim_history(desk: State<'_, Claimdesk>, claim: u64) -> ApiResult<Vec<HistoryEntry>> {
    blocking(&desk, move |d| d.history(claim)).await
}

/// Runs an async facade call as its own task, so that a panic inside it becomes an `internal` error instead of an
/// invoke that never answers.
async fn spawned<T: Send + 'static>(
    fut: impl std::future::Future<Output = ApiResult<T>> + Send + 'static,
) -> ApiResult<T> {
    tauri::async_runtime::spawn(fut)
        .await
        .map_err(|e| ApiError::internal(format!("task failed: {e}")))?
}

/// The event the UI listens to for source-fetch progress.
pub const PROGRESS_EVENT: &str = "source-progress";

fn progress_sink<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
) -> Arc<dyn Fn(JobProgress) + Send + Sync> {
    Arc::new(move |p| {
        if let Err(e) = app.emit(PROGRESS_EVENT, p) {
            tracing::warn!("progress event not delivered: {e}");
        }
    })
}

#[tauri::command]
pub async fn cite_source<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Claimdesk>,
    claim: u64,
    url: String,
    stance: CitationStance,
    note: Option<String>,
) -> ApiResult<CitationChange> {
    let desk = Claimdesk::clone(&desk);
    let job = desk.start_job(progress_sink(app));
    spawned(async move { desk.cite(claim, &url, stance, note, &job).await }).await
}

#[tauri::command]
pub async fn set_allow_private_sources(
    desk: State<'_, Claimdesk>,
    allow: bool,
) -> ApiResult<WorkspaceInfo> {
    blocking(&desk, move |d| d.set_allow_private_sources(allow)).await
}

#[tauri::command]
pub async fn cite_file(
    desk: State<'_, Claimdesk>,
    claim: u64,
    url: String,
    path: String,
    stance: CitationStance,
    note: Option<String>,
) -> ApiResult<CitationChange> {
    blocking(&desk, move |d| {
        d.cite_file(claim, &url, std::path::Path::new(&path), stance, note)
    })
    .await
}

#[tauri::command]
pub async fn recheck_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    desk: State<'_, Claimdesk>,
    doc: u64,
) -> ApiResult<Vec<LinkReport>> {
    let desk = Claimdesk::clone(&desk);
    let job = desk.start_job(progress_sink(app));
    spawned(async move { desk.recheck(doc, &job).await }).await
}

#[tauri::command]
pub async fn cancel_job(desk: State<'_, Claimdesk>, job: u64) -> ApiResult<bool> {
    blocking(&desk, move |d| Ok(d.cancel_job(job))).await
}

#[tauri::command]
pub async fn list_citations(
    desk: State<'_, Claimdesk>,
    claim: u64,
) -> ApiResult<Vec<CitationView>> {
    blocking(&desk, move |d| d.citations(claim)).await
}

#[tauri::command]
pub async fn claim_evidence(
    desk: State<'_, Claimdesk>,
    claim: u64,
    snapshot: u64,
) -> ApiResult<EvidenceView> {
    blocking(&desk, move |d| d.evidence(claim, snapshot)).await
}

#[tauri::command]
pub async fn get_snapshot(desk: State<'_, Claimdesk>, id: u64) -> ApiResult<SnapshotView> {
    blocking(&desk, move |d| d.snapshot(id)).await
}

#[tauri::command]
pub async fn diff_snapshots(
    desk: State<'_, Claimdesk>,
    old: u64,
    new: u64,
) -> ApiResult<Vec<DiffLineView>> {
    blocking(&desk, move |d| d.diff_snapshots(old, new)).await
}

#[tauri::command]
pub async fn set_citation_passage(
    desk: State<'_, Claimdesk>,
    citation: u64,
    start: u32,
    end: u32,
) -> ApiResult<CitationChange> {
    blocking(&desk, move |d| d.set_citation_passage(citation, start, end)).await
}

#[tauri::command]
pub async fn set_citation_stance(
    desk: State<'_, Claimdesk>,
    citation: u64,
    stance: CitationStance,
) -> ApiResult<CitationChange> {
    blocking(&desk, move |d| d.set_citation_stance(citation, stance)).await
}

#[tauri::command]
pub async fn remove_citation(
    desk: State<'_, Claimdesk>,
    citation: u64,
    reason: Option<String>,
) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.remove_citation(citation, reason)).await
}

#[tauri::command]
pub async fn similar_claims(
    desk: State<'_, Claimdesk>,
    claim: u64,
) -> ApiResult<Vec<SimilarClaim>> {
    blocking(&desk, move |d| d.similar_claims(claim)).await
}

#[tauri::command]
pub async fn import_factchecks(
    desk: State<'_, Claimdesk>,
    path: String,
) -> ApiResult<FactCheckImportView> {
    blocking(&desk, move |d| {
        d.import_factchecks(std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn reuse_citations(
    desk: State<'_, Claimdesk>,
    from: u64,
    to: u64,
) -> ApiResult<CitationChange> {
    blocking(&desk, move |d| d.reuse_citations(from, to)).await
}

#[tauri::command]
pub async fn search_sources(
    desk: State<'_, Claimdesk>,
    query: String,
) -> ApiResult<Vec<SourceHit>> {
    blocking(&desk, move |d| d.search_sources(&query, 20)).await
}

#[tauri::command]
pub async fn get_claim(desk: State<'_, Claimdesk>, claim: u64) -> ApiResult<ClaimView> {
    blocking(&desk, move |d| d.claim(claim)).await
}

#[tauri::command]
pub async fn report_preview(
    desk: State<'_, Claimdesk>,
    doc: u64,
    format: ReportFormat,
    review_url: Option<String>,
) -> ApiResult<ReportPreview> {
    blocking(&desk, move |d| d.report_preview(doc, format, review_url)).await
}

#[tauri::command]
pub async fn save_report(
    desk: State<'_, Claimdesk>,
    doc: u64,
    format: ReportFormat,
    review_url: Option<String>,
    path: String,
) -> ApiResult<()> {
    blocking(&desk, move |d| {
        d.save_report(doc, format, review_url, std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn save_bundle(desk: State<'_, Claimdesk>, doc: u64, path: String) -> ApiResult<()> {
    blocking(&desk, move |d| {
        d.write_bundle(doc, std::path::Path::new(&path))
    })
    .await
}

#[tauri::command]
pub async fn revise_draft(
    desk: State<'_, Claimdesk>,
    doc: u64,
    text: String,
) -> ApiResult<RevisionSummary> {
    blocking(&desk, move |d| d.revise_text(doc, &text)).await
}

#[tauri::command]
pub async fn set_checkworthy(
    desk: State<'_, Claimdesk>,
    claim: u64,
    checkworthy: bool,
) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.set_checkworthy(claim, checkworthy)).await
}

/// When the shell's `main` started: the origin of the startup figure.
pub struct Launched(pub std::time::Instant);

#[tauri::command]
pub fn ui_ready(launched: State<'_, Launched>, since_navigation_ms: f64) -> ApiResult<()> {
    claimdesk_api::startup::ui_ready(launched.0.elapsed(), since_navigation_ms).map(|_| ())
}

#[tauri::command]
pub async fn set_notes(
    desk: State<'_, Claimdesk>,
    claim: u64,
    notes: String,
) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.set_notes(claim, &notes)).await
}

/// Marks a stale claim reviewed: clears its stale flag (recorded in the history).
#[tauri::command]
pub async fn clear_stale(desk: State<'_, Claimdesk>, claim: u64) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.clear_stale(claim)).await
}

#[tauri::command]
pub async fn team_status(desk: State<'_, Claimdesk>) -> ApiResult<TeamStatus> {
    blocking(&desk, |d| d.team_status()).await
}

#[tauri::command]
pub async fn connect_team(
    desk: State<'_, Claimdesk>,
    url: String,
    token: String,
    team_workspace: String,
    allow_insecure: bool,
) -> ApiResult<SyncReport> {
    let desk = Claimdesk::clone(&desk);
    spawned(async move {
        desk.connect_team(&url, &token, &team_workspace, allow_insecure)
            .await
    })
    .await
}

#[tauri::command]
pub async fn sync_team(desk: State<'_, Claimdesk>) -> ApiResult<SyncReport> {
    let desk = Claimdesk::clone(&desk);
    spawned(async move { desk.sync_team().await }).await
}

#[tauri::command]
pub async fn sync_conflicts(desk: State<'_, Claimdesk>) -> ApiResult<Vec<ConflictView>> {
    blocking(&desk, |d| d.sync_conflicts()).await
}

#[tauri::command]
pub async fn resolve_conflict(
    desk: State<'_, Claimdesk>,
    kind: String,
    key: String,
    field: String,
    keep: String,
) -> ApiResult<TeamStatus> {
    blocking(&desk, move |d| {
        d.resolve_conflict(&kind, &key, &field, &keep)
    })
    .await
}

#[tauri::command]
pub async fn assign_claim(
    desk: State<'_, Claimdesk>,
    claim: u64,
    assignee: Option<String>,
) -> ApiResult<ClaimChange> {
    blocking(&desk, move |d| d.assign_claim(claim, assignee.as_deref())).await
}

#[tauri::command]
pub async fn team_members(desk: State<'_, Claimdesk>) -> ApiResult<Vec<MemberView>> {
    let desk = Claimdesk::clone(&desk);
    spawned(async move { desk.team_members().await }).await
}
