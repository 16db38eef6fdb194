//! The annotated news-draft set (docs/news-drafts.md): loading, alignment with the segmenter, and the three
//! figures (claim recall, opinions flagged as claims, quotes with the right speaker). Shared by the
//! `eval_news` example (full set over `$CLAIMDESK_DATA`), the committed-excerpt test and its `_shared_data` twin.
#![allow(dead_code)] // each includer uses a part

use claimdesk_text::{analyze, AnalyzedSentence};

/// How many sentences of each article's body are annotated (its opening: headline-less news copy).
pub const SENTENCES_PER_ARTICLE: usize = 14;

/// One annotated sentence.
#[derive(Debug, Clone)]
pub struct Gold {
    pub article: String,
    pub split: String,
    pub index: usize,
    pub hash: String,
    pub label: String,
    /// (first words of the quote, speaker) for each quotation the annotator marked.
    pub quotes: Vec<(String, String)>,
}

/// FNV-1a of a sentence's text, to check that the annotation still lines up with the segmenter's sentence.
pub fn sentence_hash(text: &str) -> String {
    format!(
        "{:016x}",
        claimdesk_core::fnv1a(text.as_bytes(), claimdesk_core::hash::FNV_OFFSET)
    )
}

/// The annotated opening of an article body: its first [`SENTENCES_PER_ARTICLE`] analysed sentences.
pub fn opening(body: &str) -> Vec<AnalyzedSentence> {
    let mut a = analyze(body);
    a.truncate(SENTENCES_PER_ARTICLE);
    a
}

/// Parses the annotation TSV: `article split index hash label quotes`, quotes as `first words=>speaker` joined
/// by ` | ` (`-` for none). Lines starting with `#` are comments.
pub fn parse_annotations(tsv: &str) -> Vec<Gold> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let quotes = match c.get(5).copied().unwrap_or("-") {
                "-" | "" => Vec::new(),
                q => q
                    .split(" | ")
                    .filter_map(|p| p.split_once("=>"))
                    .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                    .collect(),
            };
            Some(Gold {
                article: c.first()?.to_string(),
                split: c.get(1)?.to_string(),
                index: c.get(2)?.parse().ok()?,
                hash: c.get(3)?.to_string(),
                label: c.get(4)?.to_string(),
                quotes,
            })
        })
        .collect()
}

/// The figures of one split.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub sentences: usize,
    pub misaligned: usize,
    pub claims: usize,
    pub claims_found: usize,
    pub opinions: usize,
    pub opinions_flagged_as_claims: usize,
    pub opinions_marked_opinion: usize,
    pub quotes: usize,
    pub quotes_right_speaker: usize,
    pub quotes_found: usize,
    /// Failures, for the notes: (kind, sentence, detail).
    pub misses: Vec<(String, String, String)>,
}

impl Figures {
    pub fn claim_recall(&self) -> f64 {
        self.claims_found as f64 / self.claims.max(1) as f64
    }
    pub fn opinion_fp_rate(&self) -> f64 {
        self.opinions_flagged_as_claims as f64 / self.opinions.max(1) as f64
    }
    pub fn speaker_accuracy(&self) -> f64 {
        self.quotes_right_speaker as f64 / self.quotes.max(1) as f64
    }
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .trim_start_matches("the ")
        .replace(['.', ',', '’', '\''], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a predicted speaker is the annotated one: equal after folding case, a leading "the" and punctuation.
pub fn same_speaker(predicted: Option<&str>, gold: &str) -> bool {
    match predicted {
        Some(p) => {
            let (p, g) = (norm(p), norm(gold));
            p == g || p.ends_with(&format!(" {g}"))
        }
        None => gold == "?",
    }
}

/// Scores the annotated sentences of one article against the detector.
pub fn score_article(sentences: &[AnalyzedSentence], gold: &[&Gold], f: &mut Figures) {
    for g in gold {
        f.sentences += 1;
        let Some(a) = sentences
            .get(g.index)
            .filter(|a| sentence_hash(&a.sentence.text) == g.hash)
        else {
            f.misaligned += 1;
            continue;
        };
        let d = &a.detection;
        let text = &a.sentence.text;
        match g.label.as_str() {
            "claim" => {
                f.claims += 1;
                if d.is_claim {
                    f.claims_found += 1;
                } else {
                    f.misses.push((
                        "claim missed".into(),
                        text.clone(),
                        format!("score {:.2}", d.score),
                    ));
                }
            }
            "opinion" => {
                f.opinions += 1;
                if d.is_claim {
                    f.opinions_flagged_as_claims += 1;
                    f.misses.push((
                        "opinion flagged".into(),
                        text.clone(),
                        format!("score {:.2}", d.score),
                    ));
                }
                if d.opinion {
                    f.opinions_marked_opinion += 1;
                }
            }
            _ => {}
        }
        for (prefix, speaker) in &g.quotes {
            f.quotes += 1;
            let want = norm(prefix);
            let found = d.quotes.iter().find(|q| norm(&q.text).starts_with(&want));
            if found.is_some() {
                f.quotes_found += 1;
            }
            let predicted = found.and_then(|q| q.speaker.as_deref());
            if found.is_some() && same_speaker(predicted, speaker) {
                f.quotes_right_speaker += 1;
            } else {
                f.misses.push((
                    "wrong speaker".into(),
                    text.clone(),
                    format!(
                        "“{prefix}…”: want {speaker}, got {}",
                        if found.is_none() {
                            "no such quote".to_string()
                        } else {
                            predicted.unwrap_or("none").to_string()
                        }
                    ),
                ));
            }
        }
    }
}
