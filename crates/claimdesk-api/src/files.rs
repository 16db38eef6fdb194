//! Writing exports chosen in the UI's export dialog to the path the editor picked.

use std::path::Path;

use crate::reports::ReportFormat;
use crate::{ApiError, ApiResult, Claimdesk, ErrorCode};

impl Claimdesk {
    /// Renders a report and writes it to `path`, through a temporary file renamed into place so that a failed
    /// write never leaves half a report where the editor expects a whole one.
    pub fn save_report(
        &self,
        doc: u64,
        format: ReportFormat,
        review_url: Option<String>,
        path: &Path,
    ) -> ApiResult<()> {
        let text = self.report(doc, format, review_url)?;
        write_atomically(path, text.as_bytes())
    }
}

/// Writes `bytes` to `path` via a sibling temporary file and a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    if path.as_os_str().is_empty() {
        return Err(ApiError::invalid("Choose a file to write the report to."));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(ApiError::new(
            ErrorCode::FileNotFound,
            format!("The folder {} does not exist.", dir.display()),
        ));
    }
    let tmp = dir.join(format!(
        ".{}.claimdesk-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into())
    ));
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Io,
            format!("Could not write {}: {e}.", path.display()),
        )
    };
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}
