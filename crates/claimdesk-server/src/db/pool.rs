//! The connection pool (deadpool-postgres over tokio-postgres, no TLS to the database).
//!
//! Every wait is bounded so a request never hangs when PostgreSQL is gone: connecting gives up after
//! [`CONNECT_TIMEOUT`], waiting for a free connection after [`WAIT_TIMEOUT`], and a statement after
//! [`STATEMENT_TIMEOUT`]. A connection whose socket closed (PostgreSQL restarted) is dropped when it comes back to
//! the pool and a new one is made on the next request, so the server recovers by itself.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

/// The pool type the routes use.
pub type Pool = deadpool_postgres::Pool;

/// How long one connection attempt may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a request waits for a pooled connection.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest statement (`statement_timeout`); also bounds lock waits.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections per server process. A push waiting for its workspace's lock holds a connection while idle, so the
/// pool is larger than the cores: pulls must not queue behind blocked pushes. PostgreSQL's default max is 100.
pub const MAX_CONNECTIONS: usize = 32;

/// Why the pool could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PoolSetupError {
    /// The URL does not parse.
    #[error("invalid --database-url: {0}")]
    Url(#[from] tokio_postgres::Error),
    /// deadpool refused the settings.
    #[error("connection pool: {0}")]
    Build(#[from] deadpool_postgres::BuildError),
}

/// A pool for `url` (`postgres://user@host:port/db` or a key=value string). Connects lazily.
pub fn connect(url: &str) -> Result<Pool, PoolSetupError> {
    let mut cfg = tokio_postgres::Config::from_str(url)?;
    cfg.connect_timeout(CONNECT_TIMEOUT);
    cfg.application_name("claimdesk-server");
    cfg.options(format!(
        "-c statement_timeout={} -c lock_timeout={}",
        STATEMENT_TIMEOUT.as_millis(),
        STATEMENT_TIMEOUT.as_millis()
    ));
    let mgr = Manager::from_config(
        cfg,
        NoTls,
        ManagerConfig {
            // Fast: a connection is checked only for a closed socket, not with a query per checkout.
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let pool = Pool::builder(mgr)
        .max_size(MAX_CONNECTIONS)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT_TIMEOUT))
        .create_timeout(Some(CONNECT_TIMEOUT + Duration::from_secs(1)))
        .recycle_timeout(Some(Duration::from_secs(2)))
        .build()?;
    Ok(pool)
}
