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
    let io = |e: std::io::Error| crate::write_error("the file", path, &e);
    // On any failure (a full disk while writing, a refused rename) the temporary file goes too.
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
}

/// Checks that `path` is a regular file (symbolic links followed) before Claimdesk opens it: a folder, a device
/// (`/dev/zero` never ends), a FIFO (opening it blocks until something writes) or a socket is refused with
/// `not_a_file`. `what` names the file for the message ("draft file", "workspace file", ...).
pub(crate) fn check_regular_file(path: &Path, what: &str) -> ApiResult<std::fs::Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| crate::file_error(path, &e))?;
    if meta.is_dir() {
        return Err(ApiError::new(
            ErrorCode::NotAFile,
            format!("{} is a folder, not a {what}.", path.display()),
        ));
    }
    if !meta.is_file() {
        return Err(ApiError::new(
            ErrorCode::NotAFile,
            format!(
                "{} is not a regular file (a device, FIFO or socket); choose a {what}.",
                path.display()
            ),
        ));
    }
    Ok(meta)
}

/// Reads a regular file of at most `max` bytes. The length on disk is checked first, and the read itself stops
/// one byte past `max`, so a file whose length reads 0 but never ends (some files under `/proc` and `/sys`) cannot
/// grow memory without limit; a file larger than `max` is `too_large`.
pub(crate) fn read_regular_file(path: &Path, max: u64, what: &str) -> ApiResult<Vec<u8>> {
    use std::io::Read as _;
    let too_large = |len: u64| {
        ApiError::new(
            ErrorCode::TooLarge,
            format!(
                "{} is {} MB; Claimdesk reads a {what} of up to {} MB.",
                path.display(),
                len / (1024 * 1024),
                max / (1024 * 1024)
            ),
        )
    };
    let meta = check_regular_file(path, what)?;
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| crate::file_error(path, &e))?;
    // The path may have been replaced between the check and the open: check what was opened.
    let opened = file.metadata().map_err(|e| crate::file_error(path, &e))?;
    if !opened.is_file() {
        return Err(ApiError::new(
            ErrorCode::NotAFile,
            format!("{} is not a regular file; choose a {what}.", path.display()),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len().min(max)).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| crate::file_error(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}
