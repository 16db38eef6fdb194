//! Checks on the names and keys a request carries, before any of them reaches PostgreSQL.
//!
//! PostgreSQL's `text` cannot hold U+0000, so a NUL in a name or key is refused here with 400 (a clear error, no
//! row written) instead of failing inside a transaction. Record data may hold NUL: it is stored as `json`, which
//! keeps the `\u0000` escape (see migrations/0001_init.sql).

use crate::error::ApiError;

/// The longest workspace or member name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest record key or change id, in bytes.
pub const MAX_KEY_BYTES: usize = 512;

/// A workspace, member or team name: 1 to 100 characters, no control characters.
pub fn name(what: &str, s: &str) -> Result<(), ApiError> {
    let n = s.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return Err(ApiError::BadRequest(format!(
            "a {what} name has 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    if s.chars().any(char::is_control) {
        return Err(ApiError::BadRequest(format!(
            "a {what} name may not contain control characters"
        )));
    }
    Ok(())
}

/// A record key or change id: 1 to 512 bytes, no NUL.
pub fn key(what: &str, s: &str) -> Result<(), ApiError> {
    if s.is_empty() || s.len() > MAX_KEY_BYTES {
        return Err(ApiError::BadRequest(format!(
            "a {what} has 1 to {MAX_KEY_BYTES} bytes"
        )));
    }
    if s.contains('\0') {
        return Err(ApiError::BadRequest(format!(
            "a {what} may not contain NUL"
        )));
    }
    Ok(())
}

/// A blob address: 64 lower-case hex digits.
pub fn sha256(s: &str) -> Result<(), ApiError> {
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(ApiError::BadRequest(
            "a blob address is the 64 lower-case hex digits of its SHA-256".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(name("workspace", "Budget 2027 — desk").is_ok());
        assert!(name("workspace", "'; DROP TABLE records; --").is_ok());
        assert!(name("workspace", "").is_err());
        assert!(name("workspace", &"x".repeat(101)).is_err());
        assert!(name("workspace", &"é".repeat(100)).is_ok());
        assert!(name("workspace", "a\nb").is_err());
        assert!(name("workspace", "a\0b").is_err());
        assert!(key("key", "a\0b").is_err());
        assert!(sha256(&"a".repeat(64)).is_ok());
        assert!(sha256(&"A".repeat(64)).is_err());
    }
}
