//! The private-address policy and credentials in URLs, against a real HTTP server on loopback: by default nothing
//! on loopback is fetched, however the address is spelt or whatever name resolves to it; with the explicit opt-in
//! the fixture is reachable, credentials the editor wrote are sent but never stored, and credentials a redirect
//! brings are never sent.

mod support;

use claimdesk_sources::{CancellationToken, FetchConfig, FetchOutcome, Fetcher};

async fn fetch(f: &Fetcher, url: &str) -> Result<FetchOutcome, claimdesk_sources::FetchError> {
    f.fetch(url, None, &|_| {}, &CancellationToken::new()).await
}

fn port(base: &str) -> u16 {
    base.rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .expect("port in base URL")
}

#[tokio::test]
async fn loopback_in_every_spelling_is_refused_by_default() {
    let server = support::start().await;
    let p = port(&server.base);
    let f = Fetcher::new(FetchConfig::default()).expect("fetcher");
    assert!(!f.allows_private());
    // The machine's own name resolves to a loopback address through the system resolver (/etc/hosts): that is
    // the check after DNS resolution, not on the URL's text.
    let own_name = std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let mut urls = vec![
        format!("http://127.0.0.1:{p}/page/aclu"),
        format!("http://localhost:{p}/page/aclu"),
        format!("http://2130706433:{p}/page/aclu"),
        format!("http://0x7f.0.0.1:{p}/page/aclu"),
        format!("http://0.0.0.0:{p}/page/aclu"),
        format!("http://[::1]:{p}/page/aclu"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.0.0.1/".to_string(),
    ];
    let resolves_to_loopback = std::net::ToSocketAddrs::to_socket_addrs(&(own_name.as_str(), p))
        .map(|mut a| a.all(|a| a.ip().is_loopback()))
        .unwrap_or(false);
    if resolves_to_loopback && !own_name.is_empty() {
        urls.push(format!("http://{own_name}:{p}/page/aclu"));
    }
    for url in &urls {
        let err = fetch(&f, url).await.expect_err(url);
        assert_eq!(err.code(), "private_address", "{url}: {err}");
        assert!(err.to_string().contains("CLAIMDESK_ALLOW_PRIVATE"), "{err}");
    }
    // The opt-in, switched on a running fetcher, lets the same fixture through.
    f.set_allow_private(true);
    let ok = fetch(&f, &format!("http://127.0.0.1:{p}/page/aclu")).await;
    assert!(matches!(ok, Ok(FetchOutcome::Fetched(_))), "{ok:?}");
    f.set_allow_private(false);
    let again = fetch(&f, &format!("http://localhost:{p}/page/aclu")).await;
    assert_eq!(again.expect_err("off again").code(), "private_address");
}

#[tokio::test]
async fn credentials_are_used_once_never_stored_and_never_taken_from_a_redirect() {
    let server = support::start().await;
    let p = port(&server.base);
    let f = Fetcher::new(FetchConfig {
        allow_private: true,
        ..FetchConfig::default()
    })
    .expect("fetcher");

    // The editor's own credentials are sent (Basic auth) but no URL that leaves the fetcher carries them.
    let own = format!("http://ada:hunter2@127.0.0.1:{p}/echo-auth");
    let Ok(FetchOutcome::Fetched(got)) = fetch(&f, &own).await else {
        panic!("fetch with credentials failed");
    };
    assert!(
        String::from_utf8_lossy(&got.body).contains("Basic "),
        "{:?}",
        String::from_utf8_lossy(&got.body)
    );
    for url in [&got.request_url, &got.final_url] {
        assert!(!url.contains("hunter2") && !url.contains("ada@"), "{url}");
    }

    // A redirect whose Location carries credentials: they are not sent, and not recorded anywhere.
    let Ok(FetchOutcome::Fetched(red)) =
        fetch(&f, &format!("http://127.0.0.1:{p}/redirect-credentials")).await
    else {
        panic!("redirect fetch failed");
    };
    assert!(
        String::from_utf8_lossy(&red.body).contains("<p>none</p>"),
        "{:?}",
        String::from_utf8_lossy(&red.body)
    );
    assert!(!red.final_url.contains("secret"), "{}", red.final_url);
    assert!(red.redirect_chain.iter().all(|r| !r.url.contains("secret")));
}
