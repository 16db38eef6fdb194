//! The command line: run the server, or manage members (`user add|revoke|list`).

use std::path::PathBuf;

use claimdesk_sync::Role;
use clap::{Parser, Subcommand};

use crate::accounts;
use crate::error::ApiError;
use crate::serve::{self, ServeError, ServeOptions};

/// `claimdesk-server`: the Claimdesk team server (PostgreSQL behind the sync protocol).
#[derive(Debug, Parser)]
#[command(name = "claimdesk-server", version, about)]
pub struct Cli {
    /// PostgreSQL connection URL, e.g. postgres://claimdesk@127.0.0.1:5432/claimdesk
    #[arg(long, value_name = "URL")]
    pub database_url: String,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: String,
    /// PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Without a command, run the server.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A management command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage team members.
    User {
        /// What to do.
        #[command(subcommand)]
        action: UserAction,
    },
}

/// `user …`
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a member (creating the team if missing) or issue a new token to one; prints the token once.
    Add {
        /// The member's name (1–100 characters): the editor name their desk shows.
        name: String,
        /// admin, editor or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The team.
        #[arg(long, default_value = "newsroom")]
        team: String,
        /// Days until the token expires.
        #[arg(long, default_value_t = accounts::DEFAULT_EXPIRY_DAYS,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(accounts::MAX_EXPIRY_DAYS)))]
        expires_days: u32,
    },
    /// Revoke a member and all their tokens.
    Revoke {
        /// The member's name.
        name: String,
        /// The team.
        #[arg(long, default_value = "newsroom")]
        team: String,
    },
    /// List the members of every team.
    List,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not a role: admin, editor or viewer"))
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Starting or serving.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// A database step.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// A pool error outside a request.
    #[error("PostgreSQL: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// A statement outside a request.
    #[error("PostgreSQL: {0}")]
    Pg(#[from] tokio_postgres::Error),
    /// Revoking someone who is not there.
    #[error("no member {name:?} in team {team:?}")]
    NoSuchMember {
        /// The name.
        name: String,
        /// The team.
        team: String,
    },
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let Some(Command::User { action }) = cli.command else {
        let tls = cli.tls_cert.zip(cli.tls_key);
        serve::run(ServeOptions {
            database_url: cli.database_url,
            listen: cli.listen,
            tls,
        })
        .await?;
        return Ok(());
    };
    let pool = serve::open(&cli.database_url).await?;
    let mut client = pool.get().await?;
    match action {
        UserAction::Add {
            name,
            role,
            team,
            expires_days,
        } => {
            crate::validate::name("team", &team)?;
            let tx = client.transaction().await?;
            let team_id = accounts::ensure_team(&*tx, &team).await?;
            let issued = accounts::add_member(&*tx, team_id, &name, role, expires_days).await?;
            tx.commit().await?;
            println!(
                "{} {name:?} of team {team:?}: this token is shown once and expires in {expires_days} days",
                role.as_str()
            );
            println!("token: {}", issued.token);
        }
        UserAction::Revoke { name, team } => {
            let tx = client.transaction().await?;
            let revoked = match accounts::find_team(&*tx, &team).await? {
                Some(team_id) => accounts::revoke_member(&*tx, team_id, &name).await?,
                None => false,
            };
            if !revoked {
                return Err(CliError::NoSuchMember { name, team });
            }
            tx.commit().await?;
            println!("revoked {name:?} of team {team:?} and all their tokens");
        }
        UserAction::List => {
            for (team, m) in accounts::list_all(&**client).await? {
                println!(
                    "{team}\t{}\t{}{}",
                    m.name,
                    m.role.as_str(),
                    if m.revoked { "\trevoked" } else { "" }
                );
            }
        }
    }
    Ok(())
}
