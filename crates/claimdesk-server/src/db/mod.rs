//! PostgreSQL access: the connection pool, and small helpers shared by the routes.

pub mod pool;

pub use pool::{connect, Pool};
