//! The startup figure. The window reports once it has painted its first screen (the documents list, and the first
//! draft opened); this module logs how long that took and, when `$CLAIMDESK_READY_FILE` names a file, writes the
//! figures there as JSON so that a benchmark can time a launch without WebDriver in the loop (docs/BENCHMARKS.md).

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::error::{ApiError, ApiResult};

/// What the app knows about its own start when the first screen is up.
#[derive(Debug, Clone, Serialize)]
pub struct ReadyReport {
    /// From the shell's `main` to the UI's report, in milliseconds.
    pub since_main_ms: f64,
    /// From the webview's navigation start to the first painted frame after the start-up work, in milliseconds.
    pub since_navigation_ms: f64,
    /// Resident memory of the app process at that moment (KiB), from `/proc/self/status`; `None` off Linux.
    pub rss_kib: Option<u64>,
    /// Peak resident memory of the app process so far (KiB).
    pub peak_rss_kib: Option<u64>,
}

/// Records that the window is ready: logs the figures and writes them to `$CLAIMDESK_READY_FILE` when it is set.
pub fn ui_ready(since_main: Duration, since_navigation_ms: f64) -> ApiResult<ReadyReport> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let report = ReadyReport {
        since_main_ms: since_main.as_secs_f64() * 1000.0,
        since_navigation_ms,
        rss_kib: status_kib(&status, "VmRSS:"),
        peak_rss_kib: status_kib(&status, "VmHWM:"),
    };
    tracing::info!(
        since_main_ms = report.since_main_ms,
        since_navigation_ms,
        rss_kib = report.rss_kib,
        "window ready"
    );
    if let Some(path) = std::env::var_os("CLAIMDESK_READY_FILE").map(PathBuf::from) {
        let json = serde_json::to_vec(&report).map_err(ApiError::internal)?;
        std::fs::write(&path, json).map_err(|e| {
            ApiError::new(
                crate::ErrorCode::Io,
                format!("could not write the ready file {}: {e}", path.display()),
            )
        })?;
    }
    Ok(report)
}

/// One `kB` field of a `/proc/<pid>/status` text; `None` when it is missing (not Linux).
fn status_kib(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_its_own_memory_on_linux() {
        let r = ui_ready(Duration::from_millis(250), 120.0).expect("report");
        assert_eq!(r.since_main_ms, 250.0);
        if cfg!(target_os = "linux") {
            let rss = r.rss_kib.expect("VmRSS on Linux");
            assert!(rss > 0 && r.peak_rss_kib.expect("VmHWM") >= rss);
        }
    }
}
