//! Rendering speed: a 1,000-claim report in every format (goal: under 200 ms each).
//!
//! Input: AVeriTeC dev (500 real claims, their evidence URLs and justifications) taken twice, with the
//! article-extraction benchmark's 181 real article bodies as source texts (plus seeded wire copies) so that the
//! independence grouping runs on real text. Run:
//! `cargo run --release -p claimdesk-report --example bench`

#[path = "common/averitec.rs"]
mod averitec;

use std::io::Cursor;
use std::time::{Duration, Instant};

use claimdesk_report::{
    independence_groups, render, verify_bundle_bytes, write_bundle, Format, Report,
};

const RUNS: usize = 15;

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    times.sort();
    let median = times[RUNS / 2];
    let min = times[0];
    (median, min, last.expect("RUNS > 0"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input = averitec::averitec_input(2);
    let citations: usize = input.claims.iter().map(|c| c.citations.len()).sum();
    let text_bytes: usize = input
        .sources
        .iter()
        .filter_map(|s| s.text.as_ref())
        .map(String::len)
        .sum();
    println!(
        "input: {} claims, {} citations, {} sources ({:.1} MB of source text), {RUNS} runs each",
        input.claims.len(),
        citations,
        input.sources.len(),
        text_bytes as f64 / 1e6
    );
    println!(
        "{:<22} {:>10} {:>10} {:>12}",
        "step", "median ms", "min ms", "output"
    );
    let (med, min, groups) = time(|| independence_groups(&input.sources));
    println!(
        "{:<22} {:>10.1} {:>10.1} {:>12}",
        "independence groups",
        med.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        format!("{} groups", groups.len())
    );
    let mut outputs = Vec::new();
    for f in Format::ALL {
        let (med, min, out) = time(|| render(&input, f));
        let out = out?;
        println!(
            "{:<22} {:>10.1} {:>10.1} {:>9.2} MB",
            format!("render {} (all)", f.as_str()),
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
            out.len() as f64 / 1e6
        );
        outputs.push((f, out));
    }
    // With the analysis (summary and groups) computed once, as the export dialog and the bundle do.
    let (med, min, report) = time(|| Report::new(&input));
    let report = report?;
    println!(
        "{:<22} {:>10.1} {:>10.1}",
        "Report::new (analysis)",
        med.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
    );
    for f in Format::ALL {
        let (med, min, out) = time(|| report.render(f));
        out?;
        println!(
            "{:<22} {:>10.1} {:>10.1}",
            format!("  then {}", f.as_str()),
            med.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3
        );
    }
    let html = outputs
        .iter()
        .find(|(f, _)| *f == Format::Html)
        .map(|(_, o)| o.clone())
        .unwrap_or_default();
    let json = outputs
        .iter()
        .find(|(f, _)| *f == Format::Json)
        .map(|(_, o)| o.clone())
        .unwrap_or_default();
    // A stand-in WARC of realistic size (5 MB of incompressible bytes); WARC writing itself is the sources crate's
    // job and excluded, the bundle only stores it.
    let mut warc = vec![0u8; 5_000_000];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for b in warc.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let (med, min, zip) =
        time(|| write_bundle(Cursor::new(Vec::new()), &html, &json, &warc).map(Cursor::into_inner));
    let zip = zip?;
    println!(
        "{:<22} {:>10.1} {:>10.1} {:>9.2} MB",
        "write bundle",
        med.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        zip.len() as f64 / 1e6
    );
    let (med, min, check) = time(|| verify_bundle_bytes(&zip));
    let check = check?;
    println!(
        "{:<22} {:>10.1} {:>10.1} {:>12}",
        "verify bundle",
        med.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        if check.ok { "ok" } else { "FAILED" }
    );
    Ok(())
}
