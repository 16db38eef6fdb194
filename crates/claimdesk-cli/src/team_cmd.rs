//! The team-workspace commands: `connect`, `sync`, `team` (status), `conflicts`, `resolve`, `assign`, `members`.
//! Each is one facade call; the network ones run on a small tokio runtime.

use std::path::PathBuf;

use claimdesk_api::team::{SyncReport, TeamStatus};
use claimdesk_api::ApiResult;
use clap::{Subcommand, ValueEnum};

use crate::{open, print_json, sources_cmd::runtime};

/// Team-workspace subcommands (flattened into the top level).
#[derive(Subcommand)]
pub enum TeamCommand {
    /// Connect this workspace to a team workspace on a claimdesk-server, then sync once. A workspace with work in it
    /// can seed an empty team workspace; to join one that has work, use a new, empty workspace.
    Connect {
        /// The server, e.g. https://claims.example.org (plain http only to this machine, unless
        /// --allow-insecure-http).
        url: String,
        /// Your token (from `claimdesk-server user add`, or an admin).
        // A token issued before the `cdt_` prefix may start with '-': it is still a value, not an option.
        #[arg(long, allow_hyphen_values = true)]
        token: String,
        /// The team workspace's name (created on the server when new).
        #[arg(long, value_name = "NAME")]
        team_workspace: String,
        /// Allow plain HTTP to another machine (the token crosses the network unencrypted).
        #[arg(long)]
        allow_insecure_http: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Push this desk's changes to the team workspace and pull the others'.
    Sync {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Where this desk stands with its team workspace: synced, waiting (n changes) or offline.
    Team {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the sync conflicts waiting for you.
    Conflicts {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Resolve a sync conflict: keep the other editor's value, or apply yours (pushed at the next sync).
    Resolve {
        /// The record's kind (`claim`, `citation`, ...; see `conflicts`).
        kind: String,
        /// The record's key (a claim id for a claim).
        key: String,
        /// The field in conflict (`status`, `notes`, ...).
        field: String,
        /// Which value to keep.
        #[arg(long)]
        keep: KeepArg,
    },
    /// Assign a claim to a team member (`--clear` takes it back).
    Assign {
        /// Claim id.
        claim: u64,
        /// The member's name.
        #[arg(required_unless_present = "clear")]
        editor: Option<String>,
        /// Unassign.
        #[arg(long, conflicts_with = "editor")]
        clear: bool,
    },
    /// List the team's members and their roles (from the server).
    Members {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Which side of a conflict to keep.
#[derive(Clone, Copy, ValueEnum)]
pub enum KeepArg {
    /// The value the server kept.
    Theirs,
    /// This desk's value.
    Mine,
}

fn print_status(s: &TeamStatus) {
    if !s.connected {
        println!("not connected");
        return;
    }
    let what = match s.state.as_str() {
        "waiting" => format!("{} changes waiting", s.waiting),
        "offline" => format!(
            "offline ({} changes waiting): {}",
            s.waiting,
            s.last_error.as_deref().unwrap_or("")
        ),
        other => other.to_string(),
    };
    println!(
        "{}\t{} as {} ({})\t{}",
        s.url.as_deref().unwrap_or(""),
        s.team_workspace.as_deref().unwrap_or(""),
        s.member.as_deref().unwrap_or(""),
        s.role.as_deref().unwrap_or(""),
        what
    );
    if s.conflicts > 0 {
        println!("{} conflicts: run `claimdesk conflicts`", s.conflicts);
    }
}

fn print_report(r: &SyncReport, json: bool) -> ApiResult<()> {
    if json {
        return print_json(r);
    }
    println!(
        "pushed {}, merged {}, conflicts {}, pulled {}",
        r.pushed, r.merged, r.conflicts, r.pulled
    );
    print_status(&r.status);
    Ok(())
}

/// Runs one team command.
pub fn run(workspace: Option<PathBuf>, cmd: TeamCommand) -> ApiResult<()> {
    match cmd {
        TeamCommand::Connect {
            url,
            token,
            team_workspace,
            allow_insecure_http,
            json,
        } => {
            let cd = open(workspace)?;
            let r = runtime()?.block_on(cd.connect_team(
                &url,
                &token,
                &team_workspace,
                allow_insecure_http,
            ))?;
            print_report(&r, json)?;
        }
        TeamCommand::Sync { json } => {
            let cd = open(workspace)?;
            let r = runtime()?.block_on(cd.sync_team())?;
            print_report(&r, json)?;
        }
        TeamCommand::Team { json } => {
            let s = open(workspace)?.team_status()?;
            if json {
                print_json(&s)?;
            } else {
                print_status(&s);
            }
        }
        TeamCommand::Conflicts { json } => {
            let list = open(workspace)?.sync_conflicts()?;
            if json {
                print_json(&list)?;
            } else {
                for c in &list {
                    println!(
                        "{}\t{}\t{}\ttheirs={} (by {})\tmine={}",
                        c.kind, c.key, c.field, c.theirs, c.by, c.mine
                    );
                }
            }
        }
        TeamCommand::Resolve {
            kind,
            key,
            field,
            keep,
        } => {
            let keep = match keep {
                KeepArg::Theirs => "theirs",
                KeepArg::Mine => "mine",
            };
            let s = open(workspace)?.resolve_conflict(&kind, &key, &field, keep)?;
            print_status(&s);
        }
        TeamCommand::Assign {
            claim,
            editor,
            clear,
        } => {
            let who = if clear { None } else { editor.as_deref() };
            let c = open(workspace)?.assign_claim(claim, who)?.claim;
            println!(
                "{}\t{}",
                c.id,
                c.assignee.as_deref().unwrap_or("(unassigned)")
            );
        }
        TeamCommand::Members { json } => {
            let cd = open(workspace)?;
            let list = runtime()?.block_on(cd.team_members())?;
            if json {
                print_json(&list)?;
            } else {
                for m in &list {
                    println!(
                        "{}\t{}{}",
                        m.name,
                        m.role,
                        if m.revoked { "\t(revoked)" } else { "" }
                    );
                }
            }
        }
    }
    Ok(())
}
