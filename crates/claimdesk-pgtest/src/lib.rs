//! A throwaway PostgreSQL for tests, and a way to run `claimdesk-server` against it.
//!
//! [`PgCluster::new`] finds the PostgreSQL binaries (`pg_config --bindir`, else `/usr/lib/postgresql/*/bin`, else
//! `PATH`), runs `initdb` into a temporary directory, starts `postgres` on a free loopback port (TCP on 127.0.0.1
//! only, its unix socket inside the temporary directory) and creates the database `claimdesk`. Dropping it stops the
//! cluster (`pg_ctl stop -m immediate`) and removes the directory. When the test runs as root (CI does) the cluster
//! runs as the unprivileged `postgres` user, because PostgreSQL refuses to run as root.
//!
//! [`ServerProcess`] starts the server binary (tests pass `env!("CARGO_BIN_EXE_claimdesk-server")`), waits for its
//! "listening on ADDR" line, and kills it on drop; [`add_member`] runs its `user add` command and returns the token;
//! [`server_binary`] finds the binary for tests of other packages.
#![deny(missing_docs)]

mod cluster;
mod server;

pub use cluster::{PgCluster, PgError};
pub use server::{add_member, server_binary, ServerProcess};
