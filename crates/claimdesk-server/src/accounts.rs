//! Teams, members and tokens in PostgreSQL: shared by the admin routes and the `user` commands.
//!
//! A token is `cdt_` and 32 random bytes in base64url, shown once; the server keeps only the SHA-256 of the token
//! text, so a copy of the database gives no working token. The prefix makes a leaked token recognisable (secret
//! scanners match on such prefixes) and keeps it from starting with `-`, which a command line would take for an
//! option (`claimdesk connect URL --token -b…`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use claimdesk_sync::{IssuedToken, Member, Role};
use sha2::{Digest, Sha256};
use tokio_postgres::GenericClient;

use crate::error::ApiError;

/// How long a token issued through `POST /v1/members` lasts.
pub const DEFAULT_EXPIRY_DAYS: u32 = 90;
/// The longest expiry `user add --expires-days` accepts (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3650;

/// What every token issued since this prefix was introduced starts with (older tokens, without it, stay valid).
pub const TOKEN_PREFIX: &str = "cdt_";

/// A new random token and the hash to store.
pub fn new_token() -> Result<(String, Vec<u8>), ApiError> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| ApiError::Internal(format!("random bytes: {e}")))?;
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(raw));
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The id of team `name`, created when missing.
pub async fn ensure_team<C: GenericClient>(c: &C, name: &str) -> Result<i64, ApiError> {
    // DO UPDATE (a no-op) rather than DO NOTHING so RETURNING gives the id of an existing team too.
    let row = c
        .query_one(
            "INSERT INTO teams (name) VALUES ($1)
             ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
            &[&name],
        )
        .await?;
    Ok(row.get(0))
}

/// The id of team `name`, if it exists.
pub async fn find_team<C: GenericClient>(c: &C, name: &str) -> Result<Option<i64>, ApiError> {
    let row = c
        .query_opt("SELECT id FROM teams WHERE name = $1", &[&name])
        .await?;
    Ok(row.map(|r| r.get(0)))
}

/// Adds member `name` to the team (or, when they exist, sets their role and lifts a revocation) and issues a new
/// token valid for `days`. Tokens revoked before stay revoked.
pub async fn add_member<C: GenericClient>(
    c: &C,
    team_id: i64,
    name: &str,
    role: Role,
    days: u32,
) -> Result<IssuedToken, ApiError> {
    crate::validate::name("member", name)?;
    let days = i32::try_from(days.min(MAX_EXPIRY_DAYS)).unwrap_or(90);
    let member = c
        .query_one(
            "INSERT INTO members (team_id, name, role) VALUES ($1, $2, $3)
             ON CONFLICT (team_id, name) DO UPDATE SET role = EXCLUDED.role, revoked = false
             RETURNING id",
            &[&team_id, &name, &role.as_str()],
        )
        .await?;
    let member_id: i64 = member.get(0);
    let (token, hash) = new_token()?;
    let row = c
        .query_one(
            "INSERT INTO tokens (hash, member_id, expires_at)
             VALUES ($1, $2, now() + make_interval(days => $3))
             RETURNING (extract(epoch FROM expires_at) * 1000)::bigint",
            &[&hash, &member_id, &days],
        )
        .await?;
    Ok(IssuedToken {
        name: name.to_string(),
        token,
        expires_at: row.get(0),
    })
}

/// Revokes member `name` and every token of theirs; false when there is no such member in the team.
pub async fn revoke_member<C: GenericClient>(
    c: &C,
    team_id: i64,
    name: &str,
) -> Result<bool, ApiError> {
    let row = c
        .query_opt(
            "UPDATE members SET revoked = true WHERE team_id = $1 AND name = $2 RETURNING id",
            &[&team_id, &name],
        )
        .await?;
    let Some(row) = row else { return Ok(false) };
    let member_id: i64 = row.get(0);
    c.execute(
        "UPDATE tokens SET revoked_at = now() WHERE member_id = $1 AND revoked_at IS NULL",
        &[&member_id],
    )
    .await?;
    Ok(true)
}

/// The team's members, by name.
pub async fn list_members<C: GenericClient>(c: &C, team_id: i64) -> Result<Vec<Member>, ApiError> {
    let rows = c
        .query(
            "SELECT name, role, revoked FROM members WHERE team_id = $1 ORDER BY name",
            &[&team_id],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                name: r.get(0),
                role: parse_role(r.get(1))?,
                revoked: r.get(2),
            })
        })
        .collect()
}

/// Every team with its members, for `user list`.
pub async fn list_all<C: GenericClient>(c: &C) -> Result<Vec<(String, Member)>, ApiError> {
    let rows = c
        .query(
            "SELECT t.name, m.name, m.role, m.revoked FROM members m JOIN teams t ON t.id = m.team_id
             ORDER BY t.name, m.name",
            &[],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.get(0),
                Member {
                    name: r.get(1),
                    role: parse_role(r.get(2))?,
                    revoked: r.get(3),
                },
            ))
        })
        .collect()
}

/// A role as stored (the table's CHECK keeps it to the three names).
pub fn parse_role(s: &str) -> Result<Role, ApiError> {
    Role::parse(s).ok_or_else(|| ApiError::Internal(format!("unknown role {s:?} in members")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token carries the prefix (so none starts with '-'), is unique, and is stored only as its hash.
    #[test]
    fn tokens_are_prefixed_random_and_stored_hashed() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let (token, hash) = new_token().unwrap_or_else(|e| panic!("{e}"));
            assert!(token.starts_with(TOKEN_PREFIX), "{token}");
            assert_eq!(token.len(), TOKEN_PREFIX.len() + 43);
            assert_eq!(hash, hash_token(&token));
            assert!(seen.insert(token));
        }
    }
}
