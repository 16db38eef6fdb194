//! Ids and time: the units every crate stores and compares.
//!
//! Times are unix milliseconds (UTC) in an `i64`: cheap to compare and sort, and the UI formats them locally.

use std::time::{SystemTime, UNIX_EPOCH};

/// An entity id. Ids are small positive integers, counted per entity kind, and never reused.
pub type Id = u64;

/// Unix time in milliseconds, UTC.
pub type Millis = i64;

/// The current time in unix milliseconds (0 if the clock is before 1970, which only a broken clock is).
pub fn now_millis() -> Millis {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX)
    })
}

/// Unix milliseconds as RFC 3339 UTC, e.g. `2026-11-25T10:40:00.123Z` (the epoch for a time out of range).
pub fn rfc3339(ms: Millis) -> String {
    let t = ::time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(::time::OffsetDateTime::UNIX_EPOCH);
    t.format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_millis_as_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_764_067_200_123), "2025-11-25T10:40:00.123Z");
        assert!(now_millis() > 1_700_000_000_000);
    }
}
