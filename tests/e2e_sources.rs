//! Sources beyond web pages in the real window: a PDF served on loopback is cited and its passage shows its page;
//! a page the fetcher cannot read (here: a paywall that answers 402) is cited through the editor's own saved copy,
//! chosen in the OS open dialog, and the citation says it came from the editor's file, not from a fetch.
//!
//! Run with `make e2e`. Screenshots go to `$CARGO_TARGET_DIR/e2e/`.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use fantoccini::key::Key;
use support::server::FixtureServer;
use support::{answer_file_dialog, goto_claim, leave_field, open_draft, App, Session};

/// A public record from the committed PDF excerpts (Wisconsin child-welfare summary, pdfplumber's test set, MIT):
/// two pages, the cited sentence on both (a summary page and the detail page).
fn pdf() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/claimdesk-sources/tests/data/pdf/150109DSP-Milw-505-90D.pdf"),
    )
    .expect("the committed PDF excerpt")
}

const DRAFT: &str = "# Agency review\n\n\
The agency collaborated with law enforcement and medical personnel to complete the assessment, the 2015 report said.\n\n\
The county spent 3.1 million dollars on the new shelter in 2024, the Ledger reported.\n";

const SAVED_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>County shelter opens after years of delay</title><meta name="author" content="Ledger staff"></head>
<body><article><h1>County shelter opens after years of delay</h1>
<p>The county spent $3.1 million on the new shelter in 2024, according to budget records reviewed by the Ledger.</p>
<p>Officials said the shelter will house 120 people.</p></article></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn a_pdf_and_a_saved_copy_are_cited_with_pages_and_origin() {
    let app = App::new("sources");
    let mut routes = HashMap::new();
    routes.insert(
        "/review.pdf".to_string(),
        ("application/pdf".to_string(), pdf()),
    );
    let server = FixtureServer::start(routes).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let draft_path = dir.path().join("agency-review.md");
    std::fs::write(&draft_path, DRAFT).expect("draft");
    let saved = dir.path().join("County shelter opens - The Ledger.html");
    std::fs::write(&saved, SAVED_PAGE).expect("saved page");

    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        let s = Session::start(&app).await;
        open_draft(&s, &draft_path).await;
        s.wait_js("claims", "document.querySelectorAll('.claim-row').length >= 2").await;

        // A PDF on loopback: archived with its pages; the cited passage and the evidence say which page.
        goto_claim(&s, "collaborated with law enforcement", 20).await;
        s.keys("c").await;
        assert_eq!(s.focused().await, "cite-url");
        s.keys(&server.url("/review.pdf")).await;
        s.key(Key::Enter).await;
        s.wait_js("the PDF citation", "document.querySelector('#citations .citation[data-citation-id] .cited-passage')").await;
        let meta = s.text("#citations .citation").await;
        assert!(meta.contains("2 pages"), "the citation shows the page count: {meta}");
        let passage = s.text("#citations .citation .cited-passage").await;
        assert!(
            passage.starts_with("p. 1:") || passage.starts_with("p. 2:"),
            "the cited passage says its page: {passage}"
        );
        assert!(passage.contains("collaborated with law enforcement"), "{passage}");
        s.wait_js("the evidence", "document.querySelectorAll('.passage').length > 0").await;
        let passages = s.text("#evidence .passages").await;
        assert!(passages.contains(" p. 1") || passages.contains(" p. 2"), "evidence passages carry their page: {passages}");
        s.screenshot("pdf-citation.png").await;

        // A paywalled page: the link is typed, the editor's saved copy is chosen in the OS dialog.
        leave_field(&s).await;
        goto_claim(&s, "3.1 million dollars on the new shelter", 20).await;
        s.keys("c").await;
        assert_eq!(s.focused().await, "cite-url");
        let paywalled = server.url("/paywalled/county-shelter");
        s.keys(&paywalled).await;
        s.click("#cite-saved-copy").await;
        let path = saved.clone();
        tokio::task::spawn_blocking(move || answer_file_dialog("Choose the saved copy of the page", &path, false))
            .await
            .expect("answer the open dialog");
        s.wait_js(
            "the saved-copy citation",
            "document.querySelector('#citations .citation[data-citation-id]')?.textContent.includes('saved file')",
        )
        .await;
        let citation = s.text("#citations .citation").await;
        assert!(citation.contains("County shelter opens after years of delay"), "title from the saved file: {citation}");
        assert!(
            citation.contains("from the editor's saved file County shelter opens - The Ledger.html (not fetched)"),
            "{citation}"
        );
        s.screenshot("saved-copy-citation.png").await;
        // The saved copy stands for the URL: the paywalled page itself was never requested.
        let requested = server.requested();
        assert_eq!(requested, vec!["/review.pdf".to_string()], "only the PDF was fetched: {requested:?}");
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the sources flow did not finish within 240 s; see {}",
        app.log_dir().display()
    );
}

const SPANISH_PAGE: &str = r#"<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>La presidenta rechaza la oferta de Estados Unidos</title></head>
<body><article><h1>La presidenta rechaza la oferta de Estados Unidos</h1>
<p>La presidenta respondió el martes a la oferta del gobierno de Estados Unidos.</p>
<p>«No necesitamos tropas extranjeras en nuestro país», afirmó la mandataria ante la prensa.</p>
<p>El gobierno anunció además un nuevo plan de infraestructura para el próximo año.</p></article></body></html>"#;

const ENGLISH_DRAFT: &str = "# Troops\n\n\
The president rejected the American offer: \"we do not need foreign troops in our country\".\n";

/// Meaning-aware evidence in the window: an English quote cited to a Spanish page is matched as a translation (with
/// its similarity and the source's own wording), never as an exact match. Needs the sentence encoder, which
/// `make e2e` installs (`scripts/install-deps` → `scripts/install-model`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run `make e2e`"]
async fn an_english_quote_cited_to_a_spanish_page_shows_a_translated_match() {
    let app = App::new("translated");
    let mut routes = HashMap::new();
    routes.insert(
        "/es/presidenta.html".to_string(),
        (
            "text/html; charset=utf-8".to_string(),
            SPANISH_PAGE.as_bytes().to_vec(),
        ),
    );
    let server = FixtureServer::start(routes).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let draft_path = dir.path().join("troops.md");
    std::fs::write(&draft_path, ENGLISH_DRAFT).expect("draft");

    let outcome = tokio::time::timeout(Duration::from_secs(240), async {
        let s = Session::start(&app).await;
        open_draft(&s, &draft_path).await;
        goto_claim(&s, "foreign troops", 10).await;
        s.keys("c").await;
        assert_eq!(s.focused().await, "cite-url");
        s.keys(&server.url("/es/presidenta.html")).await;
        s.key(Key::Enter).await;
        s.wait_js(
            "the translated quote",
            "document.querySelector('#evidence .quote-translated')",
        )
        .await;
        let quote = s.text("#evidence .quote-translated").await;
        assert!(
            quote.contains("translated, not verbatim (similarity"),
            "{quote}"
        );
        assert!(
            quote.contains("No necesitamos tropas extranjeras"),
            "the source's own wording: {quote}"
        );
        assert!(
            s.eval("return !document.querySelector('#evidence .quote-exact');")
                .await
                == serde_json::Value::Bool(true),
            "a translation is never shown as an exact match"
        );
        s.screenshot("translated-quote.png").await;
        s.quit().await;
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the translated-quote flow did not finish within 240 s; see {}",
        app.log_dir().display()
    );
}
