//! Running a PDF reader as a separate process with a time limit, a memory limit and an output cap, so that a
//! hostile PDF (a decompression bomb, a parser loop, a crash in the reader) costs one killed child process and an
//! error, never the app.
//!
//! The limits are set by `sh`'s `ulimit` before it `exec`s the reader (the workspace forbids `unsafe`, so
//! `pre_exec`/`setrlimit` are not available here); the wall-clock limit is enforced by this process, which kills
//! the child when it passes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Limits for one reader process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Wall-clock time before the child is killed.
    pub time: Duration,
    /// Address-space limit of the child (`ulimit -v`), bytes.
    pub memory_bytes: u64,
    /// Standard output kept at most; more kills the child.
    pub output_bytes: usize,
}

/// Why a guarded run gave no usable output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunError {
    /// The program is not installed.
    Missing,
    /// It ran past its time limit and was killed.
    TimedOut,
    /// It wrote more than the output cap and was killed.
    OutputTooLarge,
    /// It could not be started or its input not written.
    Io(String),
}

/// What a finished child left.
pub(crate) struct Finished {
    /// Exit code (`None` when killed by a signal, e.g. for passing its memory limit).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// A PDF written to a private temporary file for the reader (poppler needs a seekable file), removed on drop.
pub(crate) struct TempPdf(PathBuf);

impl TempPdf {
    pub(crate) fn new(body: &[u8]) -> Result<Self, RunError> {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!(
            "claimdesk-pdf-{}-{}-{nanos}.pdf",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        // Only this user may read the copy of a source the editor is citing.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts
            .open(&path)
            .map_err(|e| RunError::Io(format!("temporary file: {e}")))?;
        let tmp = TempPdf(path);
        f.write_all(body)
            .map_err(|e| RunError::Io(format!("temporary file: {e}")))?;
        Ok(tmp)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs `program args...` under the limits and collects its output.
pub(crate) fn run_guarded(
    program: &str,
    args: &[&std::ffi::OsStr],
    limits: Limits,
) -> Result<Finished, RunError> {
    // `sh -c SCRIPT argv0 MEM_KIB CPU_S PROGRAM ARGS...`: set the limits, then become the reader.
    let script = r#"ulimit -v "$1" && ulimit -t "$2" && shift 2 && command -v "$1" >/dev/null 2>&1 || exit 127; exec "$@""#;
    let cpu = limits.time.as_secs().max(1) + 1;
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(script)
        .arg("claimdesk-pdf-reader")
        .arg((limits.memory_bytes / 1024).max(1).to_string())
        .arg(cpu.to_string())
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C.UTF-8");
    let mut child = cmd
        .spawn()
        .map_err(|e| RunError::Io(format!("cannot start /bin/sh: {e}")))?;
    let (Some(mut out), Some(mut err)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Io("no pipes to the reader".into()));
    };
    let cap = limits.output_bytes;
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match out.read(&mut chunk) {
                Ok(0) | Err(_) => return (buf, false),
                Ok(n) => {
                    if buf.len() + n > cap {
                        return (buf, true);
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
            }
        }
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut err).take(64 * 1024).read_to_end(&mut buf);
        // Drain the rest so the child never blocks on a full stderr pipe.
        let _ = std::io::copy(&mut err, &mut std::io::sink());
        String::from_utf8_lossy(&buf).into_owned()
    });
    let deadline = Instant::now() + limits.time;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Io(format!("waiting for the reader: {e}")));
            }
        }
    };
    // A capped reader stopped reading and dropped the pipe, so the child died of SIGPIPE (or was killed above).
    let (stdout, capped) = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if timed_out {
        return Err(RunError::TimedOut);
    }
    if capped {
        return Err(RunError::OutputTooLarge);
    }
    let code = status.and_then(|s| s.code());
    if code == Some(127) {
        return Err(RunError::Missing);
    }
    Ok(Finished {
        code,
        stdout,
        stderr,
    })
}
