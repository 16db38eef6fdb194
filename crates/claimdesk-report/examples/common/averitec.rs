//! Builds report input from real fact-checked claims: AVeriTeC dev (500 claims with their evidence URLs and the
//! annotators' justifications, `$CLAIMDESK_DATA/verification/averitec`) and, as source texts, the article bodies
//! of the article-extraction benchmark (181 real articles). Shared by the `*_shared_data` tests (`make eval`) and
//! the bench example; the data is read in place and never copied into the repository (AVeriTeC is CC BY-NC).

use claimdesk_report::{
    CitationEntry, ClaimEntry, DocInfo, HistoryItem, LinkHealth, PassageInfo, ReportInput,
    SourceInfo, Stance, Status,
};
use serde_json::Value;

/// Path of a file under `$CLAIMDESK_DATA` (a relative path is taken from the repository root; default
/// `../shared/data`).
pub fn shared(rel: &str) -> String {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join(data).join(rel).to_string_lossy().into_owned()
}

/// Reads a JSON file under `$CLAIMDESK_DATA`, with a clear message when the data is not there.
pub fn read_json(rel: &str) -> Value {
    let path = shared(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

/// Real web-page texts to stand in for archived sources: the 181 benchmark article bodies, then the 707 cited web
/// pages of WiCE (dev and test), each page's sentences joined by newlines.
pub fn page_texts() -> Vec<String> {
    let mut out: Vec<String> = article_bodies().into_iter().map(|(_, body)| body).collect();
    for split in ["dev", "test"] {
        let path = shared(&format!(
            "verification/wice/entailment_retrieval_claim_{split}.jsonl"
        ));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            let sentences: Vec<&str> = v
                .get("evidence")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            out.push(sentences.join("\n"));
        }
    }
    out
}

/// The 181 benchmark article bodies, sorted by their key so the order is stable.
pub fn article_bodies() -> Vec<(String, String)> {
    bodies_of(&read_json(
        "extraction/article-extraction-benchmark/ground-truth.json",
    ))
}

/// (url, body) of every article of a ground-truth file, sorted.
pub fn bodies_of(gt: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = gt
        .as_object()
        .map(|m| {
            m.values()
                .filter_map(|v| {
                    Some((
                        v.get("url")?.as_str()?.to_string(),
                        v.get("articleBody")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

/// `copies` passes over AVeriTeC dev (500 claims each). Claim i's k-th evidence URL becomes a citation; sources are
/// deduplicated by URL. Each source gets a different real page text ([`page_texts`]) until they run out (later
/// sources have no text, like sources that were never archived), and every seventh source is a syndicated copy of
/// the previous one, so that independence grouping has real work to do.
pub fn averitec_input(copies: usize) -> ReportInput {
    let data = read_json("verification/averitec/dev.json");
    let items = data.as_array().cloned().unwrap_or_default();
    let pages = page_texts();
    let healths = [
        LinkHealth::Ok,
        LinkHealth::Ok,
        LinkHealth::Ok,
        LinkHealth::Changed,
        LinkHealth::Unchecked,
        LinkHealth::Gone,
        LinkHealth::Failing,
        LinkHealth::RedirectedElsewhere,
    ];
    let mut sources: Vec<SourceInfo> = Vec::new();
    let mut by_url = std::collections::HashMap::new();
    let mut claims = Vec::new();
    let mut offset = 0usize;
    for pass in 0..copies {
        for (i, item) in items.iter().enumerate() {
            let text = s(item, "claim").unwrap_or_default();
            let status = match item.get("label").and_then(Value::as_str) {
                Some("Supported") => Status::Verified,
                Some("Refuted") => Status::Disputed,
                _ => Status::Unsourced,
            };
            let stance = if status == Status::Disputed {
                Stance::Contradicts
            } else {
                Stance::Supports
            };
            let mut citations = Vec::new();
            let answers = item
                .get("questions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|q| {
                    q.get("answers")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                });
            for (k, ans) in answers.enumerate() {
                let Some(url) = s(ans, "source_url").filter(|u| !u.is_empty()) else {
                    continue;
                };
                let n = sources.len();
                let src = *by_url.entry(url.clone()).or_insert_with(|| {
                    let text = if n % 7 == 6 {
                        // A syndicated copy of the previous source: dateline added, tail dropped.
                        sources
                            .last()
                            .and_then(|p: &SourceInfo| p.text.clone())
                            .map(|prev| {
                                let keep = prev.len() * 3 / 4;
                                let cut = prev
                                    .char_indices()
                                    .map(|(b, _)| b)
                                    .take_while(|b| *b <= keep)
                                    .last()
                                    .unwrap_or(0);
                                format!("WASHINGTON (AP) — {}", &prev[..cut])
                            })
                    } else {
                        pages.get(n - n / 7).cloned()
                    };
                    sources.push(SourceInfo {
                        url: url.clone(),
                        final_url: s(ans, "cached_source_url"),
                        title: Some(format!("Evidence page for question {}", k + 1)),
                        publisher: url.split('/').nth(2).map(str::to_string),
                        authors: vec![],
                        published: s(item, "claim_date"),
                        archived_at: Some("2026-11-20T10:00:00Z".into()),
                        sha256: text
                            .as_deref()
                            .map(|t| claimdesk_report::sha256_hex(t.as_bytes())),
                        link_health: healths[n % healths.len()],
                        text,
                        editor_file: None,
                    });
                    n
                });
                citations.push(CitationEntry {
                    id: format!("cit-{pass}-{i}-{k}"),
                    url,
                    stance,
                    note: s(ans, "answer").unwrap_or_default(),
                    added_by: "annotator".into(),
                    added_at: "2026-11-20T10:00:00Z".into(),
                    source: Some(src),
                    passage: s(ans, "answer").map(|t| PassageInfo {
                        start: 0,
                        end: t.len(),
                        text: t,
                        page: None,
                    }),
                    quote_checks: vec![],
                });
            }
            let start = offset;
            offset += text.len() + 1;
            claims.push(ClaimEntry {
                id: format!("claim-{pass}-{i}"),
                line: u32::try_from(claims.len() + 1).unwrap_or(u32::MAX),
                start,
                end: start + text.len(),
                status,
                status_set_by: (status != Status::Unsourced).then(|| "annotator".to_string()),
                status_set_at: (status != Status::Unsourced)
                    .then(|| "2026-11-21T08:00:00Z".to_string()),
                status_reason: s(item, "justification"),
                stale: i % 41 == 0,
                orphan: i % 97 == 0,
                checkworthy: true,
                score: 0.5 + (i % 50) as f32 / 100.0,
                kinds: item
                    .get("claim_types")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                unnamed_source: text.contains("reportedly") || text.contains("sources say"),
                opinion: false,
                quotes: vec![],
                citations,
                history: vec![HistoryItem {
                    at: "2026-11-21T08:00:00Z".into(),
                    editor: "annotator".into(),
                    action: "status_changed".into(),
                    old: Some("unsourced".into()),
                    new: Some(status.as_str().into()),
                    reason: s(item, "justification"),
                }],
                text,
            });
        }
    }
    ReportInput {
        document: DocInfo {
            id: "doc-averitec".into(),
            title: "AVeriTeC dev claims".into(),
            file_name: "averitec-dev.json".into(),
            version: 1,
            text_sha256: claimdesk_report::sha256_hex(b"averitec"),
            imported_at: "2026-11-20T09:00:00Z".into(),
            author: None,
            url: Some("https://desk.example.org/reviews/averitec".into()),
        },
        generated_at: "2026-11-25T09:00:00Z".into(),
        generator: "claimdesk-report tests".into(),
        publication: None,
        claims,
        sources,
    }
}
