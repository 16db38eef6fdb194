//! Writes docs/report-sample.html (and, with an argument, the other formats next to it) from the hand-written
//! sample input. Run: `cargo run -p claimdesk-report --example sample`.

#[path = "common/sample.rs"]
mod sample;

use claimdesk_report::{render, Format};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = sample::sample_input();
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs");
    let html = render(&input, Format::Html)?;
    let path = format!("{docs}/report-sample.html");
    std::fs::write(&path, html)?;
    println!("wrote {path}");
    // Any argument is a directory to write every format into, for inspection.
    if let Some(dir) = std::env::args().nth(1) {
        std::fs::create_dir_all(&dir)?;
        for f in Format::ALL {
            let p = format!("{dir}/report.{}", f.extension());
            std::fs::write(&p, render(&input, f)?)?;
            println!("wrote {p}");
        }
    }
    Ok(())
}
