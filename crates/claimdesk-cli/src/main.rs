//! `claimdesk`: the command-line shell over the same facade as the desktop app.
//!
//! Exit codes: 0 success, 1 error (one clear line on stderr), 2 usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use claimdesk_api::{ApiError, ApiResult, ClaimStatus, Claimdesk};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "claimdesk",
    version,
    about = "Claim verification workbench (command line)"
)]
struct Cli {
    /// Workspace directory (default: $CLAIMDESK_WORKSPACE, else the user data directory).
    #[arg(long, global = true, value_name = "DIR")]
    workspace: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import a draft (text, Markdown, HTML, .docx) and print the new document id.
    Import {
        /// The draft file.
        file: PathBuf,
        /// Document title (default: the file name).
        #[arg(long)]
        title: Option<String>,
    },
    /// List a document's claims with ids and statuses.
    Claims {
        /// Document id.
        doc: u64,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Set a claim's status.
    Mark {
        /// Claim id.
        claim: u64,
        /// New status.
        status: StatusArg,
        /// Why (required for `disputed` without a contradicting citation).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Print a claim's history.
    History {
        /// Claim id.
        claim: u64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Stateless: print the sentences and claims of a file.
    Extract {
        /// The draft file.
        file: PathBuf,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Verified,
    Disputed,
    Unsourced,
}

impl From<StatusArg> for ClaimStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Verified => ClaimStatus::Verified,
            StatusArg::Disputed => ClaimStatus::Disputed,
            StatusArg::Unsourced => ClaimStatus::Unsourced,
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CLAIMDESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match claimdesk_api::catch_panics(|| run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error[{}]: {}", e.code, e.message);
            ExitCode::from(1)
        }
    }
}

fn open(ws: Option<PathBuf>) -> ApiResult<Claimdesk> {
    let dir = ws.unwrap_or_else(claimdesk_api::default_workspace_dir);
    Claimdesk::open(&dir)
}

fn print_json<T: serde::Serialize>(v: &T) -> ApiResult<()> {
    let s = serde_json::to_string_pretty(v).map_err(ApiError::internal)?;
    println!("{s}");
    Ok(())
}

fn status_name(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Unsourced => "unsourced",
        ClaimStatus::Verified => "verified",
        ClaimStatus::Disputed => "disputed",
    }
}

fn run(cli: Cli) -> ApiResult<()> {
    match cli.command {
        Command::Import { file, title } => {
            let cd = open(cli.workspace)?;
            println!("{}", cd.import_file(&file, title)?);
        }
        Command::Claims { doc, json } => {
            let out = open(cli.workspace)?.claims(doc)?;
            if json {
                print_json(&out)?;
            } else {
                for c in &out.claims {
                    let mut flags = String::new();
                    if c.stale {
                        flags.push_str(" [stale]");
                    }
                    if c.orphan {
                        flags.push_str(" [orphan]");
                    }
                    println!("{}\t{}{}\t{}", c.id, status_name(c.status), flags, c.text);
                }
            }
        }
        Command::Mark {
            claim,
            status,
            reason,
        } => {
            let c = open(cli.workspace)?.mark(claim, status.into(), reason)?;
            println!("{}\t{}", c.id, status_name(c.status));
        }
        Command::History { claim, json } => {
            let h = open(cli.workspace)?.history(claim)?;
            if json {
                print_json(&serde_json::json!({
                    "schema_version": claimdesk_api::SCHEMA_VERSION,
                    "claim": claim,
                    "events": h,
                }))?;
            } else {
                for e in h {
                    println!(
                        "{}\t{}\t{}\t{} -> {}{}",
                        e.at,
                        e.editor,
                        e.action,
                        e.old.as_deref().unwrap_or("-"),
                        e.new.as_deref().unwrap_or("-"),
                        e.reason.map(|r| format!("\t({r})")).unwrap_or_default()
                    );
                }
            }
        }
        Command::Extract { file, json } => {
            let out = Claimdesk::extract_file(&file)?;
            if json {
                print_json(&out)?;
            } else {
                println!("# format: {}, encoding: {}", out.format, out.encoding);
                for s in &out.sentences {
                    let mut tags = s.kinds.join(",");
                    if s.unnamed_source {
                        tags.push_str(" unnamed-source");
                    }
                    if s.opinion {
                        tags.push_str(" opinion");
                    }
                    let quotes: Vec<String> = s
                        .quotes
                        .iter()
                        .map(|q| {
                            format!(
                                "“{}” — {}",
                                q.text,
                                q.speaker.as_deref().unwrap_or("(no speaker)")
                            )
                        })
                        .collect();
                    println!(
                        "{}\t{:.2}\t{}\t{}{}",
                        if s.is_claim { "CLAIM" } else { "-" },
                        s.score,
                        tags.trim(),
                        s.text,
                        if quotes.is_empty() {
                            String::new()
                        } else {
                            format!("\t{}", quotes.join("; "))
                        }
                    );
                }
            }
        }
    }
    Ok(())
}
