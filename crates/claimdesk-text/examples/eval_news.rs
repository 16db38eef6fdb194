//! Evaluates claim detection and quote speakers on the annotated news-draft set (docs/news-drafts.md): 16 article
//! openings of `$CLAIMDESK_DATA/extraction/article-extraction-benchmark`, annotated sentence by sentence in
//! `tests/data/news-drafts/annotations.tsv`, split dev/test by article before any result was looked at.
//!
//! `cargo run --release -p claimdesk-text --example eval_news [-- dev|test|all] [--misses]`
//! `… --example eval_news -- --dump ID…` prints the sentences to annotate (index, hash, text), nothing else.

#[path = "../tests/support/news.rs"]
mod news;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn claimdesk_data() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
}

/// Article bodies by id prefix (the annotations use the first 8 hex digits of the benchmark's ids).
fn bodies() -> BTreeMap<String, String> {
    let path = claimdesk_data().join("extraction/article-extraction-benchmark/ground-truth.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    v.as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, a)| {
            Some((
                k.get(..8)?.to_string(),
                a["articleBody"].as_str()?.to_string(),
            ))
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bodies = bodies();
    if args.first().map(String::as_str) == Some("--dump") {
        for id in &args[1..] {
            let body = bodies.get(id).unwrap_or_else(|| panic!("no article {id}"));
            for (i, a) in news::opening(body).iter().enumerate() {
                println!(
                    "{id}\t{i}\t{}\t{}",
                    news::sentence_hash(&a.sentence.text),
                    a.sentence.text
                );
            }
        }
        return;
    }
    let split = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or("all", String::as_str);
    let show_misses = args.iter().any(|a| a == "--misses");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/news-drafts/annotations.tsv");
    let raw = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let gold = news::parse_annotations(&raw);
    let mut by_article: BTreeMap<&str, Vec<&news::Gold>> = BTreeMap::new();
    for g in gold.iter().filter(|g| split == "all" || g.split == split) {
        by_article.entry(&g.article).or_default().push(g);
    }
    let mut f = news::Figures::default();
    for (id, gold) in &by_article {
        let body = bodies.get(*id).unwrap_or_else(|| panic!("no article {id}"));
        news::score_article(&news::opening(body), gold, &mut f);
    }
    println!(
        "news drafts, split {split}: {} articles, {} sentences ({} misaligned)",
        by_article.len(),
        f.sentences,
        f.misaligned
    );
    println!(
        "  claim recall                {:.3} ({}/{})",
        f.claim_recall(),
        f.claims_found,
        f.claims
    );
    println!(
        "  opinions flagged as claims  {:.3} ({}/{}); marked opinion {}/{}",
        f.opinion_fp_rate(),
        f.opinions_flagged_as_claims,
        f.opinions,
        f.opinions_marked_opinion,
        f.opinions
    );
    println!(
        "  quotes with right speaker   {:.3} ({}/{}; {} found by the quote finder)",
        f.speaker_accuracy(),
        f.quotes_right_speaker,
        f.quotes,
        f.quotes_found
    );
    if show_misses {
        for (kind, text, detail) in &f.misses {
            println!("  [{kind}] {detail}\n      {text}");
        }
    }
}
