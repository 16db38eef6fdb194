//! Who is asking: the Bearer token of every request, checked against PostgreSQL, with failed attempts counted per
//! client address ([`crate::limits::AuthLimiter`]).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use claimdesk_sync::{Me, Role};

use crate::accounts::{hash_token, parse_role};
use crate::app::AppState;
use crate::error::ApiError;

/// The authenticated member behind a request. Handlers take it as an argument, so no handler runs without it.
#[derive(Debug, Clone)]
pub struct Caller {
    /// members.id
    pub member_id: i64,
    /// The member's name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// teams.id: every query a handler makes is scoped to it.
    pub team_id: i64,
    /// The team's name.
    pub team: String,
}

impl Caller {
    /// The wire form.
    pub fn me(&self) -> Me {
        Me {
            name: self.name.clone(),
            role: self.role,
            team: self.team.clone(),
        }
    }

    /// 403 unless the role may change the team's workspaces.
    pub fn require_write(&self, action: &str) -> Result<(), ApiError> {
        if self.role.can_write() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "a {} may not {action}",
                self.role.as_str()
            )))
        }
    }

    /// 403 unless an admin.
    pub fn require_admin(&self, action: &str) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("only an admin may {action}")))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip())
            .ok_or_else(|| ApiError::Internal("no peer address on the request".into()))?;
        if state.limiter.is_blocked(ip) {
            return Err(ApiError::RateLimited);
        }
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            state.limiter.record_failure(ip);
            return Err(ApiError::Unauthorized);
        };
        let client = state.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT m.id, m.name, m.role, t.id, t.name,
                        (m.revoked OR k.revoked_at IS NOT NULL OR k.expires_at <= now())
                 FROM tokens k JOIN members m ON m.id = k.member_id JOIN teams t ON t.id = m.team_id
                 WHERE k.hash = $1",
            )
            .await?;
        let row = client.query_opt(&stmt, &[&hash_token(token)]).await?;
        match row {
            Some(r) if !r.get::<_, bool>(5) => Ok(Caller {
                member_id: r.get(0),
                name: r.get(1),
                role: parse_role(r.get(2))?,
                team_id: r.get(3),
                team: r.get(4),
            }),
            _ => {
                state.limiter.record_failure(ip);
                Err(ApiError::Unauthorized)
            }
        }
    }
}
