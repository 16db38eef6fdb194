//! The IPC commands. Each is one call on the facade, run off the main thread by [`blocking`], which also turns a
//! panic into an `internal` error.

use claimdesk_api::{
    ApiError, ApiResult, ClaimStatus, ClaimView, Claimdesk, DocumentSummary, DocumentView,
    HistoryEntry, WorkspaceInfo,
};
use tauri::State;

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

#[tauri::command]
pub async fn workspace_info(desk: State<'_, Claimdesk>) -> ApiResult<WorkspaceInfo> {
    blocking(&desk, |d| Ok(d.info())).await
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
pub async fn mark_claim(
    desk: State<'_, Claimdesk>,
    claim: u64,
    status: ClaimStatus,
    reason: Option<String>,
) -> ApiResult<ClaimView> {
    blocking(&desk, move |d| d.mark(claim, status, reason)).await
}

#[tauri::command]
pub async fn claim_history(desk: State<'_, Claimdesk>, claim: u64) -> ApiResult<Vec<HistoryEntry>> {
    blocking(&desk, move |d| d.history(claim)).await
}
