//! Claim recall and quote speakers on annotated real news copy (docs/news-drafts.md).
//!
//! `cargo test` runs over the committed excerpt (two annotated article openings); the `_shared_data` twin, run by
//! `make eval`, over all 16 articles in `$CLAIMDESK_DATA`. The floors sit just under the figures of
//! docs/EVALUATION.md, so a change that loses claims or speakers fails here.

mod support;

use std::path::{Path, PathBuf};

use support::news::{opening, parse_annotations, score_article, Figures, Gold};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn annotations() -> Vec<Gold> {
    let path = manifest().join("tests/data/news-drafts/annotations.tsv");
    parse_annotations(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn score(articles: &[(String, String)]) -> Figures {
    let gold = annotations();
    let mut f = Figures::default();
    for (id, body) in articles {
        let mine: Vec<&Gold> = gold.iter().filter(|g| g.article == *id).collect();
        assert_eq!(
            mine.len(),
            support::news::SENTENCES_PER_ARTICLE,
            "{id}: annotated sentences"
        );
        score_article(&opening(body), &mine, &mut f);
    }
    for (kind, text, detail) in &f.misses {
        eprintln!("[{kind}] {detail}: {text}");
    }
    f
}

#[test]
fn committed_news_excerpt_keeps_its_claims_and_speakers() {
    let path = manifest().join("tests/data/news-drafts/excerpt.json");
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("excerpt JSON");
    let articles: Vec<(String, String)> = v["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_string(),
                a["opening"].as_str().expect("opening").to_string(),
            )
        })
        .collect();
    let f = score(&articles);
    assert_eq!(
        f.misaligned, 0,
        "the segmenter no longer gives the annotated sentences"
    );
    assert_eq!(f.sentences, 28);
    assert!(
        f.claim_recall() >= 0.75,
        "claim recall {:.3}",
        f.claim_recall()
    );
    assert!(
        f.speaker_accuracy() >= 0.5,
        "speakers {:.3} ({}/{})",
        f.speaker_accuracy(),
        f.quotes_right_speaker,
        f.quotes
    );
}

fn claimdesk_data() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    manifest().join("../..").join(data)
}

#[test]
#[ignore = "needs $CLAIMDESK_DATA (make eval)"]
fn news_drafts_shared_data() {
    let path = claimdesk_data().join("extraction/article-extraction-benchmark/ground-truth.json");
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .expect("ground truth JSON");
    let mut ids: Vec<String> = annotations().into_iter().map(|g| g.article).collect();
    ids.dedup();
    let articles: Vec<(String, String)> = ids
        .iter()
        .map(|id| {
            let body = v
                .as_object()
                .into_iter()
                .flatten()
                .find(|(k, _)| k.starts_with(id.as_str()))
                .and_then(|(_, a)| a["articleBody"].as_str())
                .unwrap_or_else(|| panic!("no article {id}"));
            (id.clone(), body.to_string())
        })
        .collect();
    assert_eq!(articles.len(), 16);
    let f = score(&articles);
    println!(
        "news drafts, all 16: claim recall {:.3}, opinions flagged {:.3}, speakers {:.3}",
        f.claim_recall(),
        f.opinion_fp_rate(),
        f.speaker_accuracy()
    );
    assert_eq!(f.misaligned, 0);
    assert!(
        f.claim_recall() >= 0.75,
        "claim recall {:.3}",
        f.claim_recall()
    );
    assert!(
        f.speaker_accuracy() >= 0.55,
        "speakers {:.3}",
        f.speaker_accuracy()
    );
}
