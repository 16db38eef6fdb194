//! The source and evidence subcommands: fetch, cite, recheck, evidence. They need a tokio runtime, which lives
//! only as long as the command.

use std::path::PathBuf;
use std::sync::Arc;

use claimdesk_api::sources::{CitationStance, JobProgress, JobStage};
use claimdesk_api::{ApiError, ApiResult, Claimdesk};
use clap::{Subcommand, ValueEnum};

/// Subcommands about sources and evidence (flattened into the main command list).
#[derive(Subcommand)]
pub enum SourcesCommand {
    /// Stateless: fetch a URL (or read a local file), extract its text, pages and metadata, print its SHA-256.
    Fetch {
        /// The URL (http or https), or a file (PDF, HTML, MHTML, text, .docx).
        url: String,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Cite a URL for a claim: fetch and archive it, find the passage, attach the citation.
    Cite {
        /// Claim id.
        claim: u64,
        /// The source URL.
        url: String,
        /// How the source bears on the claim.
        #[arg(long, value_enum, default_value = "supports")]
        stance: StanceArg,
        /// A note for the citation.
        #[arg(long)]
        note: Option<String>,
        /// A file the editor saved from their browser (HTML, MHTML, PDF, text, .docx) to archive as the copy of
        /// URL instead of fetching it.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Re-check the link health of every source cited in a document.
    Recheck {
        /// Document id.
        doc: u64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the sources cited in a document as a WARC/1.1 file (gzip per record).
    ExportWarc {
        /// Document id.
        doc: u64,
        /// Output file (FILE.warc.gz).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Stateless: the evidence for a claim in a source file or URL.
    Evidence {
        /// The claim text.
        #[arg(long)]
        claim: String,
        /// A file (text, HTML, PDF) or an http(s) URL.
        #[arg(long)]
        source: String,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
}

/// `--stance` values.
#[derive(Clone, Copy, ValueEnum)]
pub enum StanceArg {
    /// The source supports the claim.
    Supports,
    /// The source contradicts the claim.
    Contradicts,
    /// Background only.
    Context,
}

impl From<StanceArg> for CitationStance {
    fn from(s: StanceArg) -> Self {
        match s {
            StanceArg::Supports => CitationStance::Supports,
            StanceArg::Contradicts => CitationStance::Contradicts,
            StanceArg::Context => CitationStance::Context,
        }
    }
}

pub(crate) fn runtime() -> ApiResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ApiError::internal)
}

/// Progress on stderr, one line per stage (bytes are not printed line by line).
fn stderr_progress() -> Arc<dyn Fn(JobProgress) + Send + Sync> {
    Arc::new(|p: JobProgress| {
        if p.stage != JobStage::Bytes {
            match &p.message {
                Some(m) => eprintln!("{}: {} ({m})", p.url, p.stage),
                None => eprintln!("{}: {}", p.url, p.stage),
            }
        }
    })
}

/// Runs one sources subcommand.
pub fn run(workspace: Option<PathBuf>, cmd: SourcesCommand) -> ApiResult<()> {
    let rt = runtime()?;
    match cmd {
        SourcesCommand::Fetch { url, json } => {
            // Anything with a scheme (`http:`, but also `file:` or `javascript:`, which the fetch refuses) is a
            // URL unless a file of that name exists; everything else is a file.
            let path = std::path::Path::new(&url);
            let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            });
            let f = if has_scheme && !path.exists() {
                rt.block_on(Claimdesk::fetch_url(&url))?
            } else {
                Claimdesk::fetch_file(path)?
            };
            if json {
                crate::print_json(&f)?;
            } else {
                println!("url:          {}", f.url);
                println!("final url:    {}", f.final_url);
                println!("status:       {}", f.status);
                println!("content type: {}", f.content_type.as_deref().unwrap_or("-"));
                println!("sha256:       {}", f.sha256);
                println!(
                    "title:        {}",
                    f.metadata.title.as_deref().unwrap_or("-")
                );
                println!("authors:      {}", f.metadata.authors.join(", "));
                println!(
                    "published:    {}",
                    f.metadata.published.as_deref().unwrap_or("-")
                );
                println!(
                    "site:         {}",
                    f.metadata.site_name.as_deref().unwrap_or("-")
                );
                if !f.pages.is_empty() {
                    println!("pages:        {}", f.pages.len());
                }
                if let Some(p) = &f.read_problem {
                    println!("problem:      {}", p.message);
                }
                println!();
                if f.pages.is_empty() {
                    println!("{}", f.text.as_deref().unwrap_or("(no readable text)"));
                } else {
                    for p in &f.pages {
                        println!("--- page {}\n{}", p.number, p.text);
                    }
                }
            }
        }
        SourcesCommand::Cite {
            claim,
            url,
            stance,
            note,
            file,
        } => {
            let change = match file {
                // A saved file is read from disk: no fetch, so the workspace is simply opened for the write.
                Some(path) => {
                    crate::open(workspace)?.cite_file(claim, &url, &path, stance.into(), note)?
                }
                None => {
                    // The workspace lock is held only to check the claim and for the write, never through the
                    // fetch, so other commands (and the app) can use the workspace meanwhile.
                    let allow_private = {
                        let desk = crate::open(workspace.clone())?;
                        desk.claim(claim)?;
                        desk.info().allow_private_sources
                    };
                    let job = claimdesk_api::sources::Job::detached(stderr_progress());
                    let fetched =
                        rt.block_on(Claimdesk::fetch_source(&url, allow_private, &job))?;
                    crate::open_waiting(workspace)?.attach_fetched(
                        claim,
                        fetched,
                        stance.into(),
                        note,
                    )?
                }
            };
            let Some(c) = change.citations.into_iter().next() else {
                return Err(ApiError::internal("cite answered without the citation"));
            };
            let title = c
                .source
                .as_ref()
                .and_then(|s| s.title.clone())
                .unwrap_or_else(|| "(no title)".into());
            println!("{}\t{}\t{}\t{}", c.id, c.health, title, c.url);
            if let Some(name) = c.source.as_ref().and_then(|s| s.editor_file.as_deref()) {
                eprintln!("archived from the editor's file {name} (not fetched)");
            }
            if let Some(p) = c.source.as_ref().and_then(|s| s.read_problem.as_deref()) {
                eprintln!("warning: the source was archived, but its text could not be read: {p}");
            }
            if let Some(e) = c.fetch_error {
                eprintln!(
                    "warning: the citation was attached, but the source could not be archived: {e}"
                );
            }
        }
        SourcesCommand::Recheck { doc, json } => {
            let desk = crate::open(workspace)?;
            let job = desk.start_job(stderr_progress());
            let reports = rt.block_on(desk.recheck(doc, &job))?;
            if json {
                crate::print_json(&serde_json::json!({
                    "schema_version": claimdesk_api::SCHEMA_VERSION,
                    "document": doc,
                    "links": reports,
                }))?;
            } else {
                for r in reports {
                    println!("{}\t{}\t{}", r.health, r.url, r.message);
                }
            }
        }
        SourcesCommand::ExportWarc { doc, output } => {
            crate::open(workspace)?.export_warc(doc, &output)?;
            println!("{}", output.display());
        }
        SourcesCommand::Evidence {
            claim,
            source,
            json,
        } => {
            let e = rt.block_on(Claimdesk::evidence_for_text(&claim, &source))?;
            if json {
                crate::print_json(&e)?;
            } else {
                println!(
                    "suggestion: {} ({:.0}%)",
                    e.suggestion.stance,
                    e.suggestion.confidence * 100.0
                );
                for r in &e.suggestion.reasons {
                    println!("  - {}", r.message);
                }
                for q in &e.quotes {
                    println!(
                        "quote “{}”: {}{}{}",
                        q.quote,
                        q.match_kind,
                        q.distance
                            .map(|d| format!(" (distance {d})"))
                            .unwrap_or_default(),
                        q.similarity
                            .map(|s| format!(" (similarity {s:.2})"))
                            .unwrap_or_default()
                    );
                }
                if let Some(reason) = &e.semantic.reason {
                    println!("meaning-aware matching is off: {reason}");
                }
                for p in &e.passages {
                    let lang = p.lang.map(|l| l.as_str()).unwrap_or("und");
                    match p.similarity {
                        Some(s) => {
                            println!("[{:.2}] ({lang}, similarity {s:.2}) {}", p.score, p.text)
                        }
                        None => println!("[{:.2}] ({lang}) {}", p.score, p.text),
                    }
                }
            }
        }
    }
    Ok(())
}
