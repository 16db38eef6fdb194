//! Prints the full output of [`analyze`] — every sentence with its score (and the score's bits), kinds, quotes,
//! speakers, sources and flags — as one JSON line per sentence, over the ClaimBuster corpus of the bench (all
//! 8,678 sentences, 6 per paragraph, as one text), each ClaimBuster sentence on its own, and every article body
//! of the extraction benchmark (news copy: quotes, speakers, pronouns across sentences).
//!
//! Used to check that a speed change changes no result: dump before and after, then `cmp` the two files.
//!
//! `cargo run --release -p claimdesk-text --example dump_analyze > /tmp/after.jsonl`

use std::io::Write;
use std::path::{Path, PathBuf};

use claimdesk_text::analyze;

#[derive(serde::Deserialize)]
struct Row {
    text: String,
}

fn data() -> PathBuf {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
}

fn dump(out: &mut impl Write, label: &str, text: &str) {
    for (i, a) in analyze(text).iter().enumerate() {
        let line = serde_json::to_string(a).unwrap_or_else(|e| panic!("{e}"));
        writeln!(
            out,
            "{label}\t{i}\t{:08x}\t{line}",
            a.detection.score.to_bits()
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
}

fn main() {
    let dir = data().join("checkworthiness/claimbuster");
    let mut sentences: Vec<String> = Vec::new();
    for f in ["train.json", "test.json"] {
        let raw = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let rows: Vec<Row> = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{f}: {e}"));
        sentences.extend(rows.into_iter().map(|r| r.text.trim().to_string()));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let paragraphs: Vec<String> = sentences.chunks(6).map(|c| c.join(" ")).collect();
    dump(&mut out, "claimbuster", &paragraphs.join("\n\n"));
    for (i, s) in sentences.iter().enumerate() {
        dump(&mut out, &format!("sentence-{i}"), s);
    }
    let path = data().join("extraction/article-extraction-benchmark/ground-truth.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    for (id, article) in v.as_object().into_iter().flatten() {
        if let Some(body) = article["articleBody"].as_str() {
            dump(&mut out, id, body);
        }
    }
}
