//! Prints the analysis of a draft file as JSON (the same data `claimdesk extract FILE --json` shows).
//!
//! `cargo run --release -p claimdesk-text --example extract -- FILE`

use claimdesk_text::{analyze, import::import_bytes};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match import_bytes(Some(&path), &bytes) {
        Ok(draft) => {
            let sentences = analyze(&draft.text);
            let out = serde_json::json!({ "draft": draft, "sentences": sentences });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Err(e) => {
            eprintln!("{}: {e}", e.code());
            std::process::exit(1);
        }
    }
}
