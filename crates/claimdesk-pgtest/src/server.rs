//! Running the `claimdesk-server` binary in tests.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::PgError;

/// How long a server may take to migrate and print "listening on".
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A `claimdesk-server` child process on a loopback port; killed (SIGKILL) on drop.
#[derive(Debug)]
pub struct ServerProcess {
    bin: PathBuf,
    database_url: String,
    port: u16,
    extra: Vec<String>,
    child: Option<Child>,
}

impl ServerProcess {
    /// Starts `bin --database-url URL --listen 127.0.0.1:PORT` on a free port and waits for "listening on".
    pub fn start(bin: &Path, database_url: &str) -> Result<ServerProcess, PgError> {
        Self::start_with(bin, database_url, &[])
    }

    /// As [`ServerProcess::start`], with extra arguments (`--tls-cert`, ...).
    pub fn start_with(
        bin: &Path,
        database_url: &str,
        extra: &[&str],
    ) -> Result<ServerProcess, PgError> {
        let l = TcpListener::bind("127.0.0.1:0").map_err(|source| PgError::Io {
            what: "find a free port".into(),
            source,
        })?;
        let port = l
            .local_addr()
            .map_err(|source| PgError::Io {
                what: "find a free port".into(),
                source,
            })?
            .port();
        drop(l);
        let mut s = ServerProcess {
            bin: bin.to_path_buf(),
            database_url: database_url.to_string(),
            port,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        s.restart()?;
        Ok(s)
    }

    /// The address, `127.0.0.1:PORT`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// Kills the server with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            // Already dead is fine: we only want it gone.
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Whether the process is still alive (it did not crash).
    pub fn is_alive(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Starts the server again on the same port (after [`ServerProcess::kill`]).
    pub fn restart(&mut self) -> Result<(), PgError> {
        self.kill();
        let mut child = Command::new(&self.bin)
            .arg("--database-url")
            .arg(&self.database_url)
            .arg("--listen")
            .arg(self.addr())
            .args(&self.extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|source| PgError::Io {
                what: format!("start {}", self.bin.display()),
                source,
            })?;
        let stdout = child.stdout.take();
        let (tx, rx) = mpsc::channel();
        // A thread reads stdout so a server that never prints cannot hang the test past START_TIMEOUT; it keeps
        // draining afterwards so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let Some(out) = stdout else { return };
            let mut sent = false;
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if !sent && line.starts_with("listening on ") {
                    let _ = tx.send(());
                    sent = true;
                }
            }
        });
        self.child = Some(child);
        match rx.recv_timeout(START_TIMEOUT) {
            Ok(()) => Ok(()),
            Err(_) => {
                self.kill();
                Err(PgError::Command {
                    command: "claimdesk-server".into(),
                    output: format!(
                        "did not print \"listening on\" within {}s (its stderr is above)",
                        START_TIMEOUT.as_secs()
                    ),
                })
            }
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The `claimdesk-server` binary for tests outside its own package (where `CARGO_BIN_EXE_claimdesk-server` is not
/// set): `$CLAIMDESK_SERVER_BIN`, else `claimdesk-server` in the target directory of the running test executable
/// (`target/debug/deps/x` → `target/debug/claimdesk-server`), which `cargo build -p claimdesk-server` puts there.
pub fn server_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CLAIMDESK_SERVER_BIN") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    let candidate = deps.parent()?.join("claimdesk-server");
    candidate.is_file().then_some(candidate)
}

/// Runs `bin --database-url URL user add NAME --role ROLE --team TEAM` and returns the printed token.
pub fn add_member(
    bin: &Path,
    database_url: &str,
    name: &str,
    role: &str,
    team: &str,
) -> Result<String, PgError> {
    let out = Command::new(bin)
        .args(["--database-url", database_url, "user", "add", name])
        .args(["--role", role, "--team", team])
        .output()
        .map_err(|source| PgError::Io {
            what: format!("run {}", bin.display()),
            source,
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(PgError::Command {
            command: "claimdesk-server user add".into(),
            output: format!("{}\n{stdout}", String::from_utf8_lossy(&out.stderr)),
        });
    }
    // The token is printed alone on the line after "token: ".
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("token: "))
        .map(|t| t.trim().to_string())
        .ok_or_else(|| PgError::Command {
            command: "claimdesk-server user add".into(),
            output: format!("no `token: ` line in its output:\n{stdout}"),
        })
}
