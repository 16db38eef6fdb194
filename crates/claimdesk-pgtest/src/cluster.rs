//! initdb, start, stop and removal of one throwaway cluster.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// Why a cluster could not be set up or driven.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// No `initdb`/`pg_ctl`/`postgres` was found.
    #[error(
        "PostgreSQL server binaries not found (looked at `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH): \
         install Debian's `postgresql` package (scripts/install-deps does)"
    )]
    NotInstalled,
    /// Running as root but there is no `postgres` user to run the cluster as.
    #[error("running as root and no `postgres` user exists to run PostgreSQL as (Debian's postgresql package creates it)")]
    NoPostgresUser,
    /// A file operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A PostgreSQL command exited with an error.
    #[error("{command} failed: {output}")]
    Command {
        /// The command.
        command: String,
        /// Its stderr and stdout (and the server log, for a start).
        output: String,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> PgError {
    let what = what.into();
    move |source| PgError::Io { what, source }
}

/// One running (or stopped) throwaway PostgreSQL cluster. See the crate documentation.
#[derive(Debug)]
pub struct PgCluster {
    dir: TempDir,
    bindir: PathBuf,
    port: u16,
    /// Some((uid, gid)) of `postgres` when the commands must run as that user.
    run_as: Option<(u32, u32)>,
    running: bool,
}

/// The database the cluster creates.
const DB: &str = "claimdesk";

impl PgCluster {
    /// Creates, starts and opens a new cluster with the database `claimdesk`.
    pub fn new() -> Result<PgCluster, PgError> {
        let bindir = find_bindir().ok_or(PgError::NotInstalled)?;
        let run_as = if is_root() {
            Some(postgres_ids().ok_or(PgError::NoPostgresUser)?)
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            .prefix("claimdesk-pg-")
            .tempdir()
            .map_err(io("create the cluster's temporary directory"))?;
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .map_err(io("chown the cluster directory to postgres"))?;
        }
        let mut cluster = PgCluster {
            dir,
            bindir,
            port: 0,
            run_as,
            running: false,
        };
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            [
                OsStr::new("-D"),
                data.as_os_str(),
                OsStr::new("-U"),
                OsStr::new("postgres"),
                OsStr::new("--auth=trust"),
                OsStr::new("--encoding=UTF8"),
                OsStr::new("--locale=C"),
                // A throwaway cluster needs no fsync at initdb (the server runs with fsync off too, see start).
                OsStr::new("--no-sync"),
            ],
        )?;
        // A free port can be taken by someone else between our probe and postgres binding it: try a few.
        let mut last = None;
        for _ in 0..3 {
            cluster.port = free_port()?;
            match cluster.start() {
                Ok(()) => {
                    last = None;
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        if let Some(e) = last {
            return Err(e);
        }
        let port = cluster.port.to_string();
        cluster.run(
            "createdb",
            ["-h", "127.0.0.1", "-p", port.as_str(), "-U", "postgres", DB],
        )?;
        Ok(cluster)
    }

    /// The connection URL of the database `claimdesk` (user `postgres`, trust authentication, loopback).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{DB}", self.port)
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the cluster is running.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Starts the (stopped) cluster again on the same port and waits until it accepts connections.
    pub fn start(&mut self) -> Result<(), PgError> {
        if self.running {
            return Ok(());
        }
        let data = self.data_dir();
        let log = self.dir.path().join("postgres.log");
        // TCP on loopback only; the unix socket in our own directory, never /var/run/postgresql; no fsync (a test
        // cluster need not survive a power cut, only the process kills of `stop`, which fsync does not matter for).
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let result = self.run(
            "pg_ctl",
            [
                OsStr::new("-D"),
                data.as_os_str(),
                OsStr::new("-l"),
                log.as_os_str(),
                OsStr::new("-w"),
                OsStr::new("-t"),
                OsStr::new("60"),
                OsStr::new("-o"),
                OsStr::new(&opts),
                OsStr::new("start"),
            ],
        );
        if let Err(PgError::Command { command, output }) = result {
            let log_text = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(PgError::Command {
                command,
                output: format!("{output}\nserver log:\n{log_text}"),
            });
        }
        result?;
        self.running = true;
        Ok(())
    }

    /// Stops the cluster at once (`pg_ctl stop -m immediate`: connections are cut, as when PostgreSQL dies).
    pub fn stop(&mut self) -> Result<(), PgError> {
        if !self.running {
            return Ok(());
        }
        let data = self.data_dir();
        self.run(
            "pg_ctl",
            [
                OsStr::new("-D"),
                data.as_os_str(),
                OsStr::new("-w"),
                OsStr::new("-m"),
                OsStr::new("immediate"),
                OsStr::new("stop"),
            ],
        )?;
        self.running = false;
        Ok(())
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs one PostgreSQL binary, as `postgres` when we are root.
    fn run<I, S>(&self, program: &str, args: I) -> Result<Output, PgError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let exe = self.bindir.join(program);
        let mut cmd = if self.run_as.is_some() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args).current_dir(self.dir.path());
        let out = cmd.output().map_err(io(format!("run {}", exe.display())))?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(PgError::Command {
                command: program.to_string(),
                output: format!(
                    "{}\n{}",
                    String::from_utf8_lossy(&out.stderr),
                    String::from_utf8_lossy(&out.stdout)
                ),
            })
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        // Nothing to report from a drop; the TempDir removes the files after this.
        let _ = self.stop();
    }
}

/// The directory holding initdb, pg_ctl and postgres.
fn find_bindir() -> Option<PathBuf> {
    let has_all = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| d.join(b).is_file())
    };
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        if out.status.success() {
            let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if has_all(&d) {
                return Some(d);
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|d| has_all(d))
            .collect();
        // The newest major version first.
        dirs.sort_by_key(|d| {
            std::cmp::Reverse(
                d.parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0),
            )
        });
        if let Some(d) = dirs.into_iter().next() {
            return Some(d);
        }
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| has_all(d))
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// The uid and gid of the `postgres` user, from /etc/passwd.
fn postgres_ids() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() > 3 && f[0] == "postgres" {
            Some((f[2].parse().ok()?, f[3].parse().ok()?))
        } else {
            None
        }
    })
}

fn free_port() -> Result<u16, PgError> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(io("find a free port"))?;
    let port = l.local_addr().map_err(io("find a free port"))?.port();
    Ok(port)
}
