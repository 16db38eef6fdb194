//! `claimdesk import-factchecks` and `claimdesk similar --json`: every ClaimReview container shape, hostile and
//! malformed files refused without losing what was imported, the lexical fallback reported in the JSON, and (with
//! the model) an earlier claim in Spanish and a prior fact-check in other words found by meaning.
//!
//! The by-meaning test needs the model (`scripts/install-model`): where `CI` is set it fails without it, elsewhere
//! it says so and returns.

mod support;

use std::path::Path;

use support::{json_of, run};

const FEED: &str = r#"{"@context":"https://schema.org","@type":"DataFeed","dataFeedElement":[
 {"@type":"DataFeedItem","item":[{"@type":"ClaimReview",
   "claimReviewed":"The president refused the offer of American troops.",
   "reviewRating":{"@type":"Rating","alternateName":"True","ratingValue":5},
   "author":{"@type":"Organization","name":"Verificado"},"datePublished":"2025-03-01",
   "url":"https://example.org/fc/troops"}]},
 {"@type":"ClaimReview","claimReviewed":"<script>alert(1)</script> Unemployment fell to 3.5% in May.",
   "reviewRating":{"alternateName":"False"},"publisher":{"name":"FactDesk"},"url":"javascript:alert(1)"}
]}"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().into_owned()
}

fn lexical(ws: &Path, args: &[&str]) -> std::process::Output {
    let mut c = support::bin();
    c.env("CLAIMDESK_SEMANTIC", "off")
        .arg("--workspace")
        .arg(ws)
        .args(args);
    c.output().expect("run claimdesk")
}

fn error_code(o: &std::process::Output) -> String {
    assert!(!o.status.success(), "should have failed");
    let err = String::from_utf8_lossy(&o.stderr);
    err.split_once("error[")
        .and_then(|(_, r)| r.split_once(']'))
        .map(|(c, _)| c.to_string())
        .unwrap_or_else(|| panic!("no error code in {err}"))
}

#[test]
fn a_feed_is_imported_once_and_bad_files_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    let feed = write(dir.path(), "feed.json", FEED);
    let v = json_of(&run(&ws, &["import-factchecks", &feed, "--json"]));
    assert_eq!(v["import"]["read"], 2);
    assert_eq!(v["import"]["added"], 2);
    // The same feed again adds nothing.
    let v = json_of(&run(&ws, &["import-factchecks", &feed, "--json"]));
    assert_eq!(v["import"]["added"], 0);
    assert_eq!(v["import"]["already_present"], 2);

    // Malformed, not ClaimReview, nested past the parser's limit, huge, a folder: refused, nothing lost.
    let deep = "[".repeat(5_000) + &"]".repeat(5_000);
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(65 * 1024 * 1024))
        .expect("sparse file");
    for (file, code) in [
        (
            write(dir.path(), "bad.json", "{\"@type\": \"ClaimReview\", "),
            "bad_factcheck_file",
        ),
        (
            write(
                dir.path(),
                "article.json",
                r#"{"@type":"Article","headline":"x"}"#,
            ),
            "bad_factcheck_file",
        ),
        (write(dir.path(), "deep.json", &deep), "bad_factcheck_file"),
        (huge.to_string_lossy().into_owned(), "bad_factcheck_file"),
        (dir.path().to_string_lossy().into_owned(), "not_a_file"),
        (
            dir.path()
                .join("missing.json")
                .to_string_lossy()
                .into_owned(),
            "file_not_found",
        ),
    ] {
        assert_eq!(
            error_code(&run(&ws, &["import-factchecks", &file])),
            code,
            "{file}"
        );
    }
    let v = json_of(&lexical(
        &ws,
        &["similar", "Unemployment fell to 3.5% in May", "--json"],
    ));
    let facts = v["factchecks"].as_array().expect("factchecks");
    assert_eq!(facts.len(), 1, "{v}");
    // The script is kept as the text it is, and the javascript: link is dropped.
    assert_eq!(
        facts[0]["claim_reviewed"],
        "<script>alert(1)</script> Unemployment fell to 3.5% in May."
    );
    assert!(facts[0]["url"].is_null());
    assert_eq!(facts[0]["rating"], "False");
    assert_eq!(facts[0]["publisher"], "FactDesk");
}

#[test]
fn without_the_model_similar_is_lexical_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    let earlier = write(dir.path(), "earlier.txt", "The ministry published its figures on Friday. In May, unemployment fell to 3.5%. The mayor opened a school.\n");
    let now = write(dir.path(), "now.txt", "Unemployment fell to 3.5% in May.\n");
    support::succeeded(&run(&ws, &["import", &earlier]));
    support::succeeded(&run(&ws, &["import", &now]));
    let claims = json_of(&run(&ws, &["claims", "2", "--json"]));
    let id = claims["claims"][0]["id"]
        .as_u64()
        .expect("claim id")
        .to_string();
    let v = json_of(&lexical(&ws, &["similar", &id, "--json"]));
    assert_eq!(v["semantic"]["on"], false);
    assert!(v["semantic"]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("CLAIMDESK_SEMANTIC")));
    assert_eq!(v["claim"].as_u64().map(|c| c.to_string()), Some(id));
    let similar = v["claims"].as_array().expect("claims");
    assert_eq!(similar.len(), 1, "{v}");
    assert_eq!(similar[0]["document"], 1);
    assert_eq!(similar[0]["by_meaning"], false);
    assert!(similar[0]["score"].as_f64().is_some_and(|s| s >= 0.5));
    assert_eq!(v["factchecks"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        error_code(&lexical(&ws, &["similar", "  "])),
        "invalid_input"
    );
}

#[test]
fn by_meaning_an_earlier_spanish_claim_and_a_reworded_fact_check_are_found() {
    if let Err(e) = claimdesk_embed::locate::find_model() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the model is required in CI: {e}"
        );
        println!("SKIPPED (outside CI only): {e}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    let spanish = write(
        dir.path(),
        "es.txt",
        "La presidenta rechazó la oferta de tropas estadounidenses, informó el gobierno.\n",
    );
    let other = write(
        dir.path(),
        "other.txt",
        "The city council approved a new budget for public schools.\n",
    );
    let english = write(
        dir.path(),
        "en.txt",
        "The head of state turned down the US offer of troops.\n",
    );
    for f in [&spanish, &other, &english] {
        support::succeeded(&run(&ws, &["import", f]));
    }
    support::succeeded(&run(
        &ws,
        &["import-factchecks", &write(dir.path(), "feed.json", FEED)],
    ));
    let claims = json_of(&run(&ws, &["claims", "3", "--json"]));
    let id = claims["claims"][0]["id"]
        .as_u64()
        .expect("claim id")
        .to_string();
    let v = json_of(&run(&ws, &["similar", &id, "--json"]));
    assert_eq!(v["semantic"]["on"], true, "{v}");
    let similar = v["claims"].as_array().expect("claims");
    // The Spanish claim shares no word with the English one: only its meaning finds it; the budget claim is not shown.
    assert_eq!(similar.len(), 1, "{v}");
    assert_eq!(similar[0]["document"], 1);
    assert_eq!(similar[0]["by_meaning"], true);
    let facts = v["factchecks"].as_array().expect("factchecks");
    assert_eq!(facts.len(), 1, "{v}");
    assert_eq!(
        facts[0]["claim_reviewed"],
        "The president refused the offer of American troops."
    );
    assert_eq!(facts[0]["rating"], "True");
    assert_eq!(facts[0]["rating_value"], "5");
    assert_eq!(facts[0]["publisher"], "Verificado");
    assert_eq!(facts[0]["date_published"], "2025-03-01");
    assert_eq!(facts[0]["url"], "https://example.org/fc/troops");
    assert!(facts[0]["score"].as_f64().is_some_and(|s| s >= 0.88), "{v}");
}
