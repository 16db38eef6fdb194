//! Trains the check-worthiness model and writes `model/checkworthy.bin`.
//!
//! `cargo run --release -p claimdesk-text --example train`
//!
//! Data (tuning splits only): ClaimBuster `train.json` and the CLEF-2019 task 1 `training` folder from
//! `../shared/data/checkworthiness`. The test splits are never read here. Training is deterministic: a fixed seed
//! drives the shuffles, and the folds are assigned by index.

use std::path::{Path, PathBuf};

use claimdesk_text::features::extract;
use claimdesk_text::model::{train, LinearModel, Sample, TrainConfig};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/checkworthiness")
}

#[derive(serde::Deserialize)]
struct CbRow {
    label: u8,
    text: String,
}

fn load_claimbuster(file: &str) -> Vec<(String, bool)> {
    let path = data_dir().join("claimbuster").join(file);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<CbRow> =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rows.into_iter().map(|r| (r.text, r.label == 1)).collect()
}

/// (document name, lines as (text, label)) for every TSV in a CLEF folder.
fn load_clef(folder: &str) -> Vec<(String, Vec<(String, bool)>)> {
    let dir = data_dir().join("clef2019_task1/data").join(folder);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let raw =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let lines = raw
                .lines()
                .filter_map(|l| {
                    let cols: Vec<&str> = l.split('\t').collect();
                    let (text, label) = (cols.get(2)?, cols.get(3)?);
                    Some((text.to_string(), label.trim() == "1"))
                })
                .collect();
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                lines,
            )
        })
        .collect()
}

fn f1_at(scored: &[(f32, bool)], t: f32) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for &(s, y) in scored {
        match (s >= t, y) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => {}
        }
    }
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

fn main() {
    let config = TrainConfig::default();
    let cb = load_claimbuster("train.json");
    let clef = load_clef("training");
    let clef_lines: Vec<(String, bool)> =
        clef.iter().flat_map(|(_, l)| l.iter().cloned()).collect();
    let clef_pos = clef_lines.iter().filter(|(_, y)| *y).count().max(1);
    // CLEF has ~3% positives; weight them so the two classes carry equal mass in that corpus, then scale the
    // whole corpus to a fraction of ClaimBuster's weight (CLEF_SHARE) so its label noise does not dominate.
    let clef_share: f32 = std::env::var("CLEF_SHARE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.5);
    let clef_neg = clef_lines.len() - clef_pos;
    let total_clef = clef_lines.len() as f32;
    let pos_w = clef_share * cb.len() as f32 / (2.0 * clef_pos as f32);
    let neg_w = clef_share * cb.len() as f32 / (2.0 * clef_neg.max(1) as f32);
    eprintln!(
        "ClaimBuster train: {} sentences; CLEF training: {} lines in {} documents ({} positive); clef share {clef_share}",
        cb.len(),
        total_clef,
        clef.len(),
        clef_pos
    );
    let cb_samples: Vec<Sample> = cb
        .iter()
        .map(|(t, y)| Sample {
            features: extract(t),
            label: *y,
            weight: 1.0,
        })
        .collect();
    let clef_samples: Vec<Sample> = clef_lines
        .iter()
        .map(|(t, y)| Sample {
            features: extract(t),
            label: *y,
            weight: if *y { pos_w } else { neg_w },
        })
        .collect();

    // 5-fold cross-validation on ClaimBuster train picks the decision threshold (folds by index: deterministic).
    let folds = 5;
    let mut oof: Vec<(f32, bool)> = Vec::with_capacity(cb_samples.len());
    for k in 0..folds {
        let mut train_set: Vec<Sample> = cb_samples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .map(|(_, s)| s.clone())
            .collect();
        train_set.extend(clef_samples.iter().cloned());
        let m = train(&train_set, config);
        for (i, s) in cb_samples.iter().enumerate() {
            if i % folds == k {
                oof.push((m.probability(&s.features), s.label));
            }
        }
    }
    let (mut best_t, mut best_f1) = (0.5f32, 0.0f64);
    for step in 5..=95 {
        let t = step as f32 / 100.0;
        let f1 = f1_at(&oof, t);
        if f1 > best_f1 {
            best_f1 = f1;
            best_t = t;
        }
    }
    eprintln!("5-fold CV on ClaimBuster train: best F1 {best_f1:.4} at raw threshold {best_t:.2} (F1 at 0.5: {:.4})", f1_at(&oof, 0.5));

    let mut all = cb_samples;
    all.extend(clef_samples);
    let mut model: LinearModel = train(&all, config);
    // Shift the logit so that the calibrated 0.5 equals the cross-validated best threshold.
    model.shift = -(best_t / (1.0 - best_t)).ln();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("model/checkworthy.bin");
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let nonzero = model.weights.iter().filter(|w| **w != 0.0).count();
    eprintln!(
        "wrote {} ({} bytes, {} non-zero weights, shift {:.4})",
        out.display(),
        bytes.len(),
        nonzero,
        model.shift
    );
}
