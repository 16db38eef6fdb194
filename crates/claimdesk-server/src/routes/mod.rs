//! The handlers of the sync endpoints, one module per responsibility.

pub mod join;
pub mod members;
pub mod pull;
pub mod push;
pub mod workspace;
