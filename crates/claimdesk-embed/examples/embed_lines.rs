//! Embeds lines of standard input (`q<TAB>text` for a query, `p<TAB>text` for a passage) and prints each
//! embedding as space-separated floats; with `--bench`, prints throughput and peak RSS instead.
//!
//! `cargo run --release -p claimdesk-embed --example embed_lines -- [--bench] < lines.tsv`

use claimdesk_embed::{Encoder, Role};
use std::io::BufRead;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bench = std::env::args().any(|a| a == "--bench");
    let t0 = Instant::now();
    let enc = Encoder::locate_and_load()?;
    let load = t0.elapsed();
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let (queries, passages): (Vec<&str>, Vec<&str>) = (
        lines.iter().filter_map(|l| l.strip_prefix("q\t")).collect(),
        lines.iter().filter_map(|l| l.strip_prefix("p\t")).collect(),
    );
    let t1 = Instant::now();
    let q = enc.embed(&queries, Role::Query);
    let p = enc.embed(&passages, Role::Passage);
    let took = t1.elapsed();
    if bench {
        let n = queries.len() + passages.len();
        let tokens: usize = queries
            .iter()
            .map(|t| enc.token_count(t, Role::Query))
            .sum::<usize>()
            + passages
                .iter()
                .map(|t| enc.token_count(t, Role::Passage))
                .sum::<usize>();
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM"))
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        println!(
            "load {:.2} s; {n} texts, {tokens} tokens in {:.2} s: {:.1} texts/s, {:.0} tokens/s; {rss}",
            load.as_secs_f64(),
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            tokens as f64 / took.as_secs_f64()
        );
        return Ok(());
    }
    let (mut qi, mut pi) = (q.iter(), p.iter());
    for l in &lines {
        let v = if l.starts_with("q\t") {
            qi.next()
        } else {
            pi.next()
        };
        if let Some(v) = v {
            println!(
                "{}",
                v.iter()
                    .map(|x| format!("{x:.6}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    Ok(())
}
