//! Evaluates check-worthiness on the **test** splits (never used for training or tuning):
//! ClaimBuster `test.json` (F1 of class 1) and CLEF-2019 task 1 `test_annotated` (MAP over documents), each next
//! to the baseline "every sentence with a number or a quote". Also reports the 100 sentences of
//! ClaimBuster `2020_debate.tsv`.
//!
//! `cargo run --release -p claimdesk-text --example eval`

use std::path::{Path, PathBuf};

use claimdesk_text::{detect, Detection, Kind};

/// `$CLAIMDESK_DATA` (a relative path is taken from the repository root), default `../shared/data`.
fn claimdesk_data() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
}

fn data_dir() -> PathBuf {
    claimdesk_data().join("checkworthiness")
}

#[derive(serde::Deserialize)]
struct CbRow {
    label: u8,
    text: String,
}

fn baseline(d: &Detection) -> bool {
    d.kinds.contains(&Kind::Statistic) || d.kinds.contains(&Kind::Quotation)
}

fn prf(pred: &[(bool, bool)]) -> (f64, f64, f64) {
    let tp = pred.iter().filter(|&&(p, y)| p && y).count() as f64;
    let fp = pred.iter().filter(|&&(p, y)| p && !y).count() as f64;
    let fn_ = pred.iter().filter(|&&(p, y)| !p && y).count() as f64;
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Average precision of one ranked document (ties keep document order, as a stable sort does).
fn average_precision(scored: &[(f32, bool)]) -> Option<f64> {
    let mut order: Vec<&(f32, bool)> = scored.iter().collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = scored.iter().filter(|s| s.1).count();
    if positives == 0 {
        return None;
    }
    let mut hits = 0.0;
    let mut sum = 0.0;
    for (rank, s) in order.iter().enumerate() {
        if s.1 {
            hits += 1.0;
            sum += hits / (rank as f64 + 1.0);
        }
    }
    Some(sum / positives as f64)
}

fn claimbuster(label: &str, rows: &[(String, bool)]) {
    let dets: Vec<(Detection, bool)> = rows.iter().map(|(t, y)| (detect(t), *y)).collect();
    let ours: Vec<(bool, bool)> = dets.iter().map(|(d, y)| (d.is_claim, *y)).collect();
    let base: Vec<(bool, bool)> = dets.iter().map(|(d, y)| (baseline(d), *y)).collect();
    let (p, r, f) = prf(&ours);
    let (bp, br, bf) = prf(&base);
    println!(
        "{label} ({} sentences, {} positive)",
        rows.len(),
        rows.iter().filter(|r| r.1).count()
    );
    println!("  claimdesk model      P {p:.3}  R {r:.3}  F1 {f:.3}");
    println!("  baseline number|quote P {bp:.3}  R {br:.3}  F1 {bf:.3}");
}

fn main() {
    let path = data_dir().join("claimbuster/test.json");
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<CbRow> = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<(String, bool)> = rows.into_iter().map(|r| (r.text, r.label == 1)).collect();
    claimbuster("ClaimBuster test.json", &rows);

    let path = data_dir().join("claimbuster/2020_debate.tsv");
    if let Ok(raw) = std::fs::read_to_string(&path) {
        let rows: Vec<(String, bool)> = raw
            .lines()
            .skip(1)
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                // Columns: the text and a 0/1 label; find them by shape, the file has no fixed order we rely on.
                let label = cols.iter().rev().find(|c| matches!(c.trim(), "0" | "1"))?;
                let text = cols.iter().max_by_key(|c| c.len())?;
                Some((text.to_string(), label.trim() == "1"))
            })
            .collect();
        claimbuster("ClaimBuster 2020_debate.tsv", &rows);
    }

    let dir = data_dir().join("clef2019_task1/data/test_annotated");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for f in &files {
        let raw = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mut o = Vec::new();
        let mut b = Vec::new();
        for line in raw.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(text), Some(label)) = (cols.get(2), cols.get(3)) else {
                continue;
            };
            let y = label.trim() == "1";
            let d = detect(text);
            o.push((d.score, y));
            b.push((if baseline(&d) { 1.0 } else { 0.0 }, y));
        }
        let (ao, ab) = (average_precision(&o), average_precision(&b));
        println!(
            "  {:<28} lines {:>5}  AP model {:.4}  baseline {:.4}",
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            o.len(),
            ao.unwrap_or(0.0),
            ab.unwrap_or(0.0)
        );
        ours.extend(ao);
        base.extend(ab);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!("CLEF-2019 task 1 test_annotated ({} documents)", ours.len());
    println!("  claimdesk model       MAP {:.4}", mean(&ours));
    println!("  baseline number|quote MAP {:.4}", mean(&base));
}
