//! `claimdesk`: the command-line shell over the same facade as the desktop app.
//!
//! Exit codes: 0 success, 1 error (one clear line on stderr), 2 usage error (clap's own).
//!
//! When the reader of stdout goes away (`claimdesk claims 1 | head -1`), the rest of the output is dropped and the
//! command still finishes and exits 0: a closed pipe is the reader's choice, not an error, and never a panic.

/// `println!` for the whole CLI (it shadows std's, which panics when stdout is a closed pipe): see [`print_line`].
macro_rules! println {
    () => {
        $crate::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::print_line(format_args!($($arg)*))
    };
}

mod memory_cmd;
mod sources_cmd;
mod team_cmd;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use claimdesk_api::{ApiError, ApiResult, ClaimStatus, Claimdesk, ErrorCode};
use clap::{Parser, Subcommand, ValueEnum};

mod workspace_cmds;

#[derive(Parser)]
#[command(
    name = "claimdesk",
    version = claimdesk_api::about::VERSION,
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
    #[command(flatten)]
    Sources(sources_cmd::SourcesCommand),
    #[command(flatten)]
    Team(team_cmd::TeamCommand),
    #[command(flatten)]
    Memory(memory_cmd::MemoryCommand),
    /// Import a draft (text, Markdown, HTML, .docx) and print the new document id; with `--into DOC`, import a
    /// revised draft of DOC and print what happened to its claims.
    Import {
        /// The draft file.
        file: PathBuf,
        /// Document title (default: the file name).
        #[arg(long)]
        title: Option<String>,
        /// Import as the next version of this existing document (a revised draft).
        #[arg(long, value_name = "DOC")]
        into: Option<u64>,
        /// With --into: print the revision summary as JSON.
        #[arg(long, requires = "into")]
        json: bool,
    },
    /// Write the whole workspace to one file (backup, or moving to another machine).
    Export {
        /// The file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Read a workspace file into this workspace, which must be empty.
    ImportWorkspace {
        /// A file written by `claimdesk export`.
        file: PathBuf,
    },
    /// Promote a sentence to a check-worthy claim.
    Promote {
        /// Claim (sentence) id.
        claim: u64,
    },
    /// Demote a claim to a plain sentence (not check-worthy).
    Demote {
        /// Claim id.
        claim: u64,
    },
    /// Replace a claim's notes (an empty text clears them).
    Note {
        /// Claim id.
        claim: u64,
        /// The notes.
        text: String,
    },
    /// Write a verification report on a document.
    Report {
        /// Document id.
        doc: u64,
        /// Output format.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Write to this file instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// ClaimReview only: the page that will host the review (each claim gets `#claim-<id>`).
        #[arg(long, value_name = "URL")]
        review_url: Option<String>,
    },
    /// Write an evidence bundle (zip: HTML and JSON reports, sources WARC, SHA256SUMS).
    Bundle {
        /// Document id.
        doc: u64,
        /// The zip file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Check an evidence bundle against its SHA256SUMS manifest (exit 1 listing the problems if it fails).
    VerifyBundle {
        /// The bundle zip.
        file: PathBuf,
        /// Print the check as JSON (still exits 1 when the bundle does not verify).
        #[arg(long)]
        json: bool,
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
        /// Print the changed claim as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a stale claim reviewed: clear the stale flag a revised draft set when it changed the claim's wording.
    #[command(visible_alias = "clear-stale")]
    Reviewed {
        /// Claim id.
        claim: u64,
        /// Print the claim as JSON.
        #[arg(long)]
        json: bool,
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
enum FormatArg {
    Html,
    Md,
    Json,
    Csv,
    Claimreview,
}

impl From<FormatArg> for claimdesk_api::reports::ReportFormat {
    fn from(f: FormatArg) -> Self {
        use claimdesk_api::reports::ReportFormat as F;
        match f {
            FormatArg::Html => F::Html,
            FormatArg::Md => F::Markdown,
            FormatArg::Json => F::Json,
            FormatArg::Csv => F::Csv,
            FormatArg::Claimreview => F::Claimreview,
        }
    }
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

/// Set once a write to stdout failed with a broken pipe: later output is dropped.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first stdout write error that is not a broken pipe (a full disk behind `> file`), reported at exit.
static STDOUT_ERROR: Mutex<Option<String>> = Mutex::new(None);

/// Writes one line to stdout. A broken pipe makes this and every later line a no-op (the command carries on and
/// exits 0); any other write error is kept and reported as `error[io]` (exit 1) when the command ends.
pub(crate) fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        } else if let Ok(mut first) = STDOUT_ERROR.lock() {
            first.get_or_insert_with(|| e.to_string());
        }
    }
}

/// Parses the command line. `--version` prints the version, the build's commit and the data directory (known only at
/// run time, hence the long version set here); `-V` prints the version alone.
fn parse_args() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let long: &'static str = Box::leak(claimdesk_api::about::long_version().into_boxed_str());
    let matches = Cli::command().long_version(long).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CLAIMDESK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = parse_args();
    let result = claimdesk_api::catch_panics(|| run(cli)).and_then(|()| {
        match STDOUT_ERROR.lock().ok().and_then(|mut e| e.take()) {
            Some(e) => Err(ApiError::new(
                ErrorCode::Io,
                format!("Could not write the output: {e}."),
            )),
            None => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error[{}]: {}", e.code, e.message);
            ExitCode::from(1)
        }
    }
}

pub(crate) fn open(ws: Option<PathBuf>) -> ApiResult<Claimdesk> {
    let dir = ws.unwrap_or_else(claimdesk_api::default_workspace_dir);
    Claimdesk::open(&dir)
}

/// [`open`], waiting up to 10 s while another command holds the workspace: for the write after a fetch made
/// without the workspace, where giving up would throw the fetched source away.
pub(crate) fn open_waiting(ws: Option<PathBuf>) -> ApiResult<Claimdesk> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match open(ws.clone()) {
            Err(e)
                if e.code == ErrorCode::WorkspaceInUse && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> ApiResult<()> {
    use std::io::Write;
    let s = serde_json::to_string_pretty(v).map_err(ApiError::internal)?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`claimdesk ... --json | head`) is the reader's choice, not an error worth a panic.
    match writeln!(out, "{s}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(ApiError::new(
            ErrorCode::Io,
            format!("Could not write the output: {e}."),
        )),
        _ => Ok(()),
    }
}

/// `{schema_version, claim}`: one changed claim, the same object as an entry of `claims --json`. Serialised from the
/// struct (not through `serde_json::Value`, which would widen the f32 `score` and print it differently).
fn print_claim_json(c: &claimdesk_api::ClaimView) -> ApiResult<()> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        schema_version: u32,
        claim: &'a claimdesk_api::ClaimView,
    }
    print_json(&Out {
        schema_version: claimdesk_api::SCHEMA_VERSION,
        claim: c,
    })
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
        Command::Sources(c) => sources_cmd::run(cli.workspace, c)?,
        Command::Team(c) => team_cmd::run(cli.workspace, c)?,
        Command::Memory(c) => memory_cmd::run(cli.workspace, c)?,
        Command::Import {
            file,
            title,
            into,
            json,
        } => {
            let cd = open(cli.workspace)?;
            match into {
                Some(doc) => {
                    let r = cd.revise_file(doc, &file, title)?;
                    workspace_cmds::print_revision(&cd, &r, json)?;
                }
                None => println!("{}", cd.import_file(&file, title)?),
            }
        }
        Command::Export { output } => {
            open(cli.workspace)?.export_workspace(&output)?;
            println!("{}", output.display());
        }
        Command::ImportWorkspace { file } => {
            let s = open(cli.workspace)?.import_workspace(&file)?;
            println!(
                "imported {} documents, {} claims, {} citations, {} snapshots, {} events",
                s.documents, s.claims, s.citations, s.snapshots, s.events
            );
        }
        Command::Promote { claim } | Command::Demote { claim } => {
            let promote = matches!(cli.command, Command::Promote { .. });
            let c = open(cli.workspace)?.set_checkworthy(claim, promote)?.claim;
            println!(
                "{}\t{}\t{}",
                c.id,
                if c.checkworthy { "claim" } else { "sentence" },
                c.text
            );
        }
        Command::Note { claim, text } => {
            let c = open(cli.workspace)?.set_notes(claim, &text)?.claim;
            println!("{}\t{}", c.id, c.notes);
        }
        Command::Report {
            doc,
            format,
            output,
            review_url,
        } => {
            let cd = open(cli.workspace)?;
            workspace_cmds::report(&cd, doc, format.into(), output.as_deref(), review_url)?;
        }
        Command::Bundle { doc, output } => {
            open(cli.workspace)?.write_bundle(doc, &output)?;
            println!("{}", output.display());
        }
        Command::VerifyBundle { file, json } => {
            let check = Claimdesk::verify_bundle(&file)?;
            if json {
                print_json(&check)?;
                if !check.ok {
                    return Err(ApiError::new(
                        ErrorCode::BundleInvalid,
                        format!("{} does not verify.", file.display()),
                    ));
                }
            } else {
                workspace_cmds::print_bundle_check(&file, &check)?;
            }
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
            json,
        } => {
            let c = open(cli.workspace)?
                .mark(claim, status.into(), reason)?
                .claim;
            if json {
                print_claim_json(&c)?;
            } else {
                println!("{}\t{}", c.id, status_name(c.status));
            }
        }
        Command::Reviewed { claim, json } => {
            let c = open(cli.workspace)?.clear_stale(claim)?.claim;
            if json {
                print_claim_json(&c)?;
            } else {
                println!("{}\treviewed\t{}", c.id, c.text);
            }
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
                            let who = match (&q.speaker, &q.speaker_candidate, &q.speaker_mention) {
                                (Some(s), _, Some(m)) => format!("{s} (“{m}”)"),
                                (Some(s), _, None) => s.clone(),
                                (None, Some(c), m) => format!(
                                    "(unresolved “{}”: perhaps {c})",
                                    m.as_deref().unwrap_or("?")
                                ),
                                (None, None, _) => "(no speaker)".to_string(),
                            };
                            format!("“{}” — {who}", q.text)
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
