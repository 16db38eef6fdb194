//! Guards against a committed weight file that no longer matches the feature extractor (features changed without
//! re-running `examples/train.rs`): the built-in model must still separate its own training data well. This is a
//! consistency check on train.json, not an evaluation; the test-split numbers are in docs/EVALUATION.md.

use claimdesk_text::detect;

#[derive(serde::Deserialize)]
struct Row {
    label: u8,
    text: String,
}

#[test]
fn builtin_model_fits_its_training_split() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/checkworthiness/claimbuster/train.json"
    );
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let rows: Vec<Row> = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}"));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for r in &rows {
        match (detect(&r.text).is_claim, r.label == 1) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            _ => {}
        }
    }
    let f1 = 2.0 * tp / (2.0 * tp + fp + fn_);
    // A stale file scores near chance (F1 about 0.4 at 25% prevalence); the matching model fits train far better.
    assert!(f1 > 0.75, "F1 on train.json is {f1:.3}: retrain with `cargo run --release -p claimdesk-text --example train`");
}
