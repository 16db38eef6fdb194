//! Running the server: connect, migrate, listen, serve (plain HTTP or rustls).

use std::net::SocketAddr;
use std::path::PathBuf;

use tokio::net::TcpListener;

use crate::app::{router, AppState};
use crate::{db, migrate, tls};

/// How to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// PostgreSQL URL.
    pub database_url: String,
    /// `host:port` to listen on.
    pub listen: String,
    /// PEM certificate chain and private key, for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Bad database URL or pool settings.
    #[error(transparent)]
    Pool(#[from] db::pool::PoolSetupError),
    /// PostgreSQL could not be reached at start.
    #[error("cannot reach PostgreSQL: {0}")]
    Connect(#[from] deadpool_postgres::PoolError),
    /// A migration failed.
    #[error("schema migration failed: {0}")]
    Migrate(#[from] tokio_postgres::Error),
    /// The certificate or key.
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Connects to PostgreSQL and migrates the schema; the pool for the routes or the `user` commands.
pub async fn open(database_url: &str) -> Result<db::Pool, ServeError> {
    let pool = db::connect(database_url)?;
    let mut client = pool.get().await?;
    let applied = migrate::migrate(&mut client).await?;
    if !applied.is_empty() {
        tracing::info!("applied schema migrations {applied:?}");
    }
    Ok(pool)
}

/// Runs until killed. Prints `listening on ADDR` to stdout once the schema is migrated and the socket is bound.
pub async fn run(opts: ServeOptions) -> Result<(), ServeError> {
    let tls_config = match &opts.tls {
        Some((cert, key)) => Some(tls::load(cert, key)?),
        None => None,
    };
    let pool = open(&opts.database_url).await?;
    let listener = TcpListener::bind(&opts.listen)
        .await
        .map_err(|source| ServeError::Listen {
            addr: opts.listen.clone(),
            source,
        })?;
    let addr = listener.local_addr()?;
    let app = router(AppState::new(pool));
    println!(
        "listening on {addr}{}",
        if tls_config.is_some() { " (https)" } else { "" }
    );
    match tls_config {
        Some(config) => tls::serve(listener, config, app).await,
        None => {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await?
        }
    }
    Ok(())
}
