//! The detector's figures on the tuning splits, for choosing the rules on top of the model without touching the
//! test splits: ClaimBuster `train.json` F1 (in-sample for the model, so it only shows what a rule changes) and
//! CLEF-2019 `training` MAP (2% of the training weight, nearly out-of-sample).
//!
//! `cargo run --release -p claimdesk-text --example eval_dev`

use std::path::{Path, PathBuf};

use claimdesk_text::{analyze, detect};

fn data_dir() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("checkworthiness")
}

#[derive(serde::Deserialize)]
struct CbRow {
    label: u8,
    text: String,
}

fn average_precision(scored: &[(f32, bool)]) -> Option<f64> {
    let mut order: Vec<&(f32, bool)> = scored.iter().collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = scored.iter().filter(|s| s.1).count();
    if positives == 0 {
        return None;
    }
    let (mut hits, mut sum) = (0.0, 0.0);
    for (rank, s) in order.iter().enumerate() {
        if s.1 {
            hits += 1.0;
            sum += hits / (rank as f64 + 1.0);
        }
    }
    Some(sum / positives as f64)
}

fn main() {
    let path = data_dir().join("claimbuster/train.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<CbRow> = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    let (mut tp, mut fp, mut fn_) = (0.0f64, 0.0f64, 0.0f64);
    // Re-weighted to 50% prevalence, the make-up of test.json and of the threshold's calibration.
    let pos = rows.iter().filter(|r| r.label == 1).count() as f64;
    let w = (rows.len() as f64 - pos) / pos.max(1.0);
    for r in &rows {
        match (detect(&r.text).is_claim, r.label == 1) {
            (true, true) => tp += w,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += w,
            _ => {}
        }
    }
    println!(
        "ClaimBuster train.json (in-sample), balanced F1 {:.4}",
        2.0 * tp / (2.0 * tp + fp + fn_)
    );
    let dir = data_dir().join("clef2019_task1/data/training");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let (mut alone, mut in_context) = (Vec::new(), Vec::new());
    for f in &files {
        let raw = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let lines: Vec<(String, bool)> = raw
            .lines()
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                Some((c.get(2)?.to_string(), c.get(3)?.trim() == "1"))
            })
            .collect();
        let a: Vec<(f32, bool)> = lines.iter().map(|(t, y)| (detect(t).score, *y)).collect();
        // The debate as one text, line by line (speaker context carried over), for the context rules.
        let joined: String = lines.iter().map(|(t, _)| format!("{t}\n\n")).collect();
        let analyzed = analyze(&joined);
        let c: Vec<(f32, bool)> = if analyzed.len() == lines.len() {
            analyzed
                .iter()
                .zip(&lines)
                .map(|(a, (_, y))| (a.detection.score, *y))
                .collect()
        } else {
            a.clone()
        };
        alone.extend(average_precision(&a));
        in_context.extend(average_precision(&c));
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "CLEF-2019 training ({} debates) MAP, lines alone {:.4}, as one text {:.4}",
        alone.len(),
        mean(&alone),
        mean(&in_context)
    );
}
