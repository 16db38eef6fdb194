//! Every fault from the issue, fetched concurrently from a loopback fixture server: each gets its own error code
//! and the good fetches finish regardless.

mod support;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use claimdesk_sources::{
    CancellationToken, ContentKind, FetchConfig, FetchError, FetchOutcome, Fetcher, Progress,
    Validators,
};

fn test_config() -> FetchConfig {
    FetchConfig {
        global_concurrency: 32,
        per_host: 32,
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_millis(1500),
        max_body: 20 * 1024 * 1024,
        max_decompressed: 50 * 1024 * 1024,
        retries: 2,
        backoff: Duration::from_millis(20),
        // The test servers are on loopback: the explicit opt-in of the private-address policy.
        allow_private: true,
        ..FetchConfig::default()
    }
}

async fn fetch(f: &Fetcher, url: String) -> Result<FetchOutcome, FetchError> {
    f.fetch(&url, None, &|_| {}, &CancellationToken::new())
        .await
}

fn fetched(r: &Result<FetchOutcome, FetchError>) -> &claimdesk_sources::Fetched {
    match r {
        Ok(FetchOutcome::Fetched(f)) => f,
        other => panic!("expected a fetched page, got {other:?}"),
    }
}

fn code(r: &Result<FetchOutcome, FetchError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_fails_alone_and_the_rest_finish() {
    let server = support::start().await;
    let f = Fetcher::new(test_config()).expect("fetcher");
    let cases: Vec<(&str, &str)> = vec![
        ("/page/aclu", "ok"),
        ("/never", "timeout"),
        ("/trickle", "timeout"),
        ("/loop/a", "too_many_redirects"),
        ("/huge", "body_too_large"),
        ("/huge-unannounced", "body_too_large"),
        ("/bomb", "decompression_bomb"),
        ("/404", "http"),
        ("/410", "http"),
        ("/500", "http"),
        ("/wrong-charset", "ok"),
        ("/doc.pdf", "ok"),
        ("/image.png", "ok"),
        ("/reset", "reset"),
        ("/redirect", "ok"),
        ("/redirect-file", "unsupported_scheme"),
        ("/page/wapo-2", "ok"),
        ("/text", "ok"),
        ("/json", "ok"),
    ];
    let started = Instant::now();
    let futures = cases
        .iter()
        .map(|(path, _)| fetch(&f, format!("{}{path}", server.base)));
    let results = futures_util::future::join_all(futures).await;
    let elapsed = started.elapsed();
    for ((path, want), got) in cases.iter().zip(&results) {
        assert_eq!(code(got), *want, "{path}: {got:?}");
    }
    let by_path = |p: &str| &results[cases.iter().position(|(c, _)| *c == p).expect("case")];

    // The real page: text, metadata, digest.
    let aclu = fetched(by_path("/page/aclu"));
    assert_eq!(aclu.extracted.kind, ContentKind::Html);
    assert!(aclu
        .extracted
        .text
        .as_deref()
        .unwrap_or_default()
        .contains("Facebook"));
    assert_eq!(aclu.sha256, claimdesk_sources::sha256_hex(&aclu.body));
    assert_eq!(
        aclu.extracted.metadata.site_name.as_deref(),
        Some("American Civil Liberties Union")
    );
    // The redirect keeps its chain.
    let redirected = fetched(by_path("/redirect"));
    assert_eq!(redirected.redirect_chain.len(), 1);
    assert_eq!(redirected.redirect_chain[0].status, 301);
    assert!(redirected.final_url.ends_with("/page/aclu"));
    // Statuses survive in the error.
    assert_eq!(
        by_path("/404").as_ref().err(),
        Some(&FetchError::Http { status: 404 })
    );
    assert_eq!(
        by_path("/410").as_ref().err(),
        Some(&FetchError::Http { status: 410 })
    );
    // 5xx is retried twice, 4xx never.
    assert_eq!(server.counters.hits_500.load(Ordering::SeqCst), 3);
    // The mislabelled page reads as UTF-8.
    let wrong = fetched(by_path("/wrong-charset"));
    assert!(wrong
        .extracted
        .text
        .as_deref()
        .unwrap_or_default()
        .contains("Straßenbahn fährt über die Brücke"));
    assert_eq!(
        wrong.extracted.metadata.title.as_deref(),
        Some("Überraschung in Köln")
    );
    // The PDF has text and metadata; the image has bytes but no text.
    let pdf = fetched(by_path("/doc.pdf"));
    assert_eq!(pdf.extracted.kind, ContentKind::Pdf);
    assert!(
        pdf.extracted
            .text
            .as_deref()
            .unwrap_or_default()
            .contains("Claimdesk archives cited sources"),
        "{:?}",
        pdf.extracted.text
    );
    assert_eq!(
        pdf.extracted.metadata.title.as_deref(),
        Some("A tiny test PDF")
    );
    assert_eq!(
        pdf.extracted.metadata.authors,
        vec!["Test Author".to_string()]
    );
    let png = fetched(by_path("/image.png"));
    assert_eq!(
        (
            png.extracted.kind,
            png.extracted.text.is_none(),
            png.body.is_empty()
        ),
        (ContentKind::Other, true, false)
    );
    assert_eq!(fetched(by_path("/json")).extracted.kind, ContentKind::Json);
    assert_eq!(
        fetched(by_path("/text")).extracted.text.as_deref(),
        Some("Plain words, kept as they are.\n")
    );
    // The slowest faults (never-answering, trickle: 3 attempts of 1.5 s) bound the whole run; nothing waited
    // for anything else in sequence.
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

#[tokio::test]
async fn refused_schemes_never_touch_the_network() {
    let f = Fetcher::new(test_config()).expect("fetcher");
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>x</p>",
        "ftp://example.org/",
    ] {
        let r = f.fetch(url, None, &|_| {}, &CancellationToken::new()).await;
        assert_eq!(code(&r), "unsupported_scheme", "{url}");
    }
}

#[tokio::test]
async fn connection_refused_is_connect_error() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        l.local_addr().expect("addr").port()
    };
    let f = Fetcher::new(FetchConfig {
        retries: 0,
        ..test_config()
    })
    .expect("fetcher");
    let r = fetch(&f, format!("http://127.0.0.1:{port}/")).await;
    assert_eq!(code(&r), "connect");
}

#[tokio::test]
async fn cancel_stops_a_hanging_fetch_promptly() {
    let server = support::start().await;
    let f = Fetcher::new(FetchConfig {
        total_timeout: Duration::from_secs(60),
        ..test_config()
    })
    .expect("fetcher");
    let cancel = CancellationToken::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        c2.cancel();
    });
    let started = Instant::now();
    let r = f
        .fetch(&format!("{}/never", server.base), None, &|_| {}, &cancel)
        .await;
    assert_eq!(code(&r), "cancelled");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn progress_events_arrive_in_order() {
    let server = support::start().await;
    let f = Fetcher::new(test_config()).expect("fetcher");
    let events: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = events.clone();
    let progress = move |p: Progress| sink.lock().expect("lock").push(p);
    let r = f
        .fetch(
            &format!("{}/page/wapo-2", server.base),
            None,
            &progress,
            &CancellationToken::new(),
        )
        .await;
    assert_eq!(code(&r), "ok");
    let events = events.lock().expect("lock").clone();
    assert_eq!(events.first(), Some(&Progress::Queued));
    assert_eq!(events.get(1), Some(&Progress::Connecting));
    assert!(events
        .iter()
        .any(|e| matches!(e, Progress::Bytes { received, .. } if *received > 0)));
    let n = events.len();
    assert_eq!(&events[n - 2..], &[Progress::Extracting, Progress::Done]);

    let failed: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = failed.clone();
    let progress = move |p: Progress| sink.lock().expect("lock").push(p);
    let _ = f
        .fetch(
            &format!("{}/404", server.base),
            None,
            &progress,
            &CancellationToken::new(),
        )
        .await;
    let last = failed.lock().expect("lock").last().cloned();
    assert!(
        matches!(last, Some(Progress::Failed { ref code, .. }) if code == "http"),
        "{last:?}"
    );
}

#[tokio::test]
async fn conditional_recheck_gets_not_modified() {
    let server = support::start().await;
    let f = Fetcher::new(test_config()).expect("fetcher");
    let url = format!("{}/etag", server.base);
    let first = fetch(&f, url.clone()).await;
    let validators = fetched(&first).validators();
    assert_eq!(
        validators,
        Validators {
            etag: Some("\"v1\"".into()),
            last_modified: None
        }
    );
    let again = f
        .fetch(&url, Some(&validators), &|_| {}, &CancellationToken::new())
        .await;
    assert!(
        matches!(again, Ok(FetchOutcome::NotModified { .. })),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_host_limit_is_respected() {
    let server = support::start().await;
    let f = Fetcher::new(FetchConfig {
        per_host: 3,
        global_concurrency: 16,
        ..test_config()
    })
    .expect("fetcher");
    let futures = (0..12).map(|_| fetch(&f, format!("{}/slow", server.base)));
    let results = futures_util::future::join_all(futures).await;
    assert!(results.iter().all(|r| code(r) == "ok"));
    let max = server.counters.max_active_slow.load(Ordering::SeqCst);
    assert!((1..=3).contains(&max), "max concurrent per host was {max}");
}

#[tokio::test]
async fn a_timeout_reports_the_whole_wait_and_the_attempts() {
    let server = support::start().await;
    let f = Fetcher::new(FetchConfig {
        total_timeout: Duration::from_millis(300),
        retries: 2,
        backoff: Duration::from_millis(50),
        ..test_config()
    })
    .expect("fetcher");
    let err = fetch(&f, format!("{}/never", server.base))
        .await
        .expect_err("never answers");
    let FetchError::Timeout { after_ms, attempts } = err else {
        panic!("expected a timeout, got {err}");
    };
    assert_eq!(attempts, 3, "the first attempt and two retries");
    // Three budgets of 300 ms and backoffs of 50 + 100 ms: the message must not claim one budget's 0.3 s.
    assert!(after_ms >= 1000, "{after_ms} ms");
    let message = FetchError::Timeout { after_ms, attempts }.to_string();
    assert!(message.contains("(3 attempts)"), "{message}");
}
