//! Fetch latency benchmark: 500 URLs from loopback servers that answer each request after 200 ms.
//! Reports the total against the bound latency × ⌈URLs / concurrency⌉.
//!
//! ```text
//! cargo run --release -p claimdesk-sources --example bench_fetch -- [--urls 500] [--latency-ms 200]
//! ```
//! Two runs: (a) spread over 8 loopback addresses (127.0.0.1-8), so the global limit (16) binds;
//! (b) one host, so the per-host limit (4) binds. Only loopback addresses are used.

use std::time::{Duration, Instant};

use claimdesk_sources::{CancellationToken, FetchConfig, Fetcher};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PAGE: &str = "<html><head><title>Bench page</title></head><body><article><p>A short article paragraph, with a comma, that the extractor reads as text.</p></article></body></html>";

async fn serve(listener: TcpListener, latency: Duration) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            break;
        };
        tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            }
            tokio::time::sleep(latency).await;
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
            let _ = stream.write_all(resp.as_bytes()).await;
            let _ = stream.shutdown().await;
        });
    }
}

async fn run(fetcher: &Fetcher, urls: &[String]) -> (Duration, usize) {
    let started = Instant::now();
    let tasks: Vec<_> = urls
        .iter()
        .map(|u| {
            let f = fetcher.clone();
            let u = u.clone();
            tokio::spawn(async move {
                f.fetch(&u, None, &|_| {}, &CancellationToken::new())
                    .await
                    .is_ok()
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        if matches!(t.await, Ok(true)) {
            ok += 1;
        }
    }
    (started.elapsed(), ok)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let n = arg("--urls").unwrap_or(500) as usize;
    let latency = Duration::from_millis(arg("--latency-ms").unwrap_or(200));

    let mut bases = Vec::new();
    for i in 1..=8 {
        let listener = TcpListener::bind(format!("127.0.0.{i}:0")).await?;
        bases.push(format!("http://{}", listener.local_addr()?));
        tokio::spawn(serve(listener, latency));
    }
    let cfg = FetchConfig::default();
    let fetcher = Fetcher::new(cfg.clone())?;

    let spread: Vec<String> = (0..n)
        .map(|i| format!("{}/page/{i}", bases[i % bases.len()]))
        .collect();
    let (elapsed, ok) = run(&fetcher, &spread).await;
    let bound = latency.as_secs_f64() * (n as f64 / cfg.global_concurrency as f64).ceil();
    println!(
        "spread over 8 hosts: {ok}/{n} ok in {:.2} s; bound {:.2} s (latency × ⌈{n}/{}⌉); ratio {:.3}",
        elapsed.as_secs_f64(),
        bound,
        cfg.global_concurrency,
        elapsed.as_secs_f64() / bound
    );

    let one_host: Vec<String> = (0..n).map(|i| format!("{}/page/{i}", bases[0])).collect();
    let (elapsed, ok) = run(&fetcher, &one_host).await;
    let bound = latency.as_secs_f64() * (n as f64 / cfg.per_host as f64).ceil();
    println!(
        "one host:            {ok}/{n} ok in {:.2} s; bound {:.2} s (latency × ⌈{n}/{}⌉, per-host limit); ratio {:.3}",
        elapsed.as_secs_f64(),
        bound,
        cfg.per_host,
        elapsed.as_secs_f64() / bound
    );
    Ok(())
}
