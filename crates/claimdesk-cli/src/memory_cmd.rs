//! The claim-memory subcommands: import published fact-checks, list what is similar to a claim. One facade call
//! each.

use std::path::PathBuf;

use claimdesk_api::memory::SimilarAnswer;
use claimdesk_api::ApiResult;
use clap::Subcommand;

/// Subcommands about claim memory (flattened into the main command list).
#[derive(Subcommand)]
pub enum MemoryCommand {
    /// Import published fact-checks: a ClaimReview JSON-LD file or feed (one ClaimReview, an array, an @graph or a
    /// DataFeed). A refused file imports nothing.
    ImportFactchecks {
        /// The JSON-LD file.
        file: PathBuf,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Earlier claims of the workspace and prior fact-checks that say what CLAIM says (by meaning when the model
    /// is installed, by words otherwise).
    Similar {
        /// A claim id, or a claim's text.
        claim: String,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
}

/// Runs one memory subcommand.
pub fn run(workspace: Option<PathBuf>, cmd: MemoryCommand) -> ApiResult<()> {
    let cd = crate::open(workspace)?;
    match cmd {
        MemoryCommand::ImportFactchecks { file, json } => {
            let r = cd.import_factchecks(&file)?;
            if json {
                crate::print_json(&serde_json::json!({
                    "schema_version": claimdesk_api::SCHEMA_VERSION,
                    "import": r,
                }))?;
            } else {
                println!(
                    "{}: {} read, {} added, {} already present, {} fact-checks in the workspace",
                    r.file, r.read, r.added, r.already_present, r.total
                );
            }
        }
        MemoryCommand::Similar { claim, json } => {
            let a = cd.similar(&claim)?;
            if json {
                #[derive(serde::Serialize)]
                struct Out<'a> {
                    schema_version: u32,
                    #[serde(flatten)]
                    answer: &'a SimilarAnswer,
                }
                crate::print_json(&Out {
                    schema_version: claimdesk_api::SCHEMA_VERSION,
                    answer: &a,
                })?;
            } else {
                print_similar(&a);
            }
        }
    }
    Ok(())
}

fn print_similar(a: &SimilarAnswer) {
    if let Some(reason) = &a.semantic.reason {
        println!("meaning-aware matching is off: {reason}");
    }
    println!("similar claims: {}", a.claims.len());
    for c in &a.claims {
        println!(
            "  [{:.2}{}] claim {} ({}, {}): {}",
            c.score,
            if c.by_meaning { " meaning" } else { " words" },
            c.claim,
            c.document_title,
            c.status,
            c.text
        );
    }
    println!("prior fact-checks: {}", a.factchecks.len());
    for f in &a.factchecks {
        println!(
            "  [{:.2}{}] {} — {} ({}, {}) {}",
            f.score,
            if f.by_meaning { " meaning" } else { " words" },
            f.claim_reviewed,
            f.rating.as_deref().unwrap_or("no rating"),
            f.publisher
                .as_deref()
                .or(f.author.as_deref())
                .unwrap_or("unknown publisher"),
            f.date_published.as_deref().unwrap_or("undated"),
            f.url.as_deref().unwrap_or("")
        );
    }
}
