//! `claimdesk evidence --json` with meaning-aware matching: the new fields beside the old ones, a Spanish page
//! cited for an English quote (translated, never exact), and the lexical path when the model is missing or
//! corrupt.
//!
//! The translated-quote test needs the model (`scripts/install-model`): where `CI` is set it fails without it,
//! elsewhere it says so and returns.

use serde_json::Value;

/// The binary with a fixed editor name and no workspace from the environment (as `support::bin`, whose other
/// helpers these tests do not need).
fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env("CLAIMDESK_EDITOR", "tester")
        .env_remove("CLAIMDESK_WORKSPACE");
    c
}

const SPANISH_PAGE: &str =
    "La presidenta respondió el martes a la oferta del gobierno de Estados Unidos.\n\n\
    «No necesitamos tropas extranjeras en nuestro país», afirmó la mandataria ante la prensa.\n\n\
    El gobierno anunció además un nuevo plan de infraestructura para el próximo año.\n";

const CLAIM: &str =
    "The president rejected the American offer: \"we do not need foreign troops in our country\".";

fn evidence(source: &std::path::Path, model_dir: Option<&std::path::Path>) -> Value {
    let mut c = bin();
    c.args(["evidence", "--claim", CLAIM, "--source"])
        .arg(source)
        .arg("--json");
    if let Some(d) = model_dir {
        c.env("CLAIMDESK_MODEL_DIR", d);
    }
    let out = c.output().expect("run claimdesk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn a_corrupt_model_leaves_the_lexical_path_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("page.txt");
    std::fs::write(&page, SPANISH_PAGE).expect("write");
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("mkdir");
    std::fs::write(
        models.join("e5-small-q4.bin"),
        b"E5S1\x01\0\0\0 not really a model",
    )
    .expect("write");
    let v = evidence(&page, Some(&models));
    assert_eq!(v["semantic"]["on"], false);
    let reason = v["semantic"]["reason"].as_str().expect("reason");
    assert!(reason.contains("corrupt"), "{reason}");
    // Every field the lexical JSON had is still there; the new ones are present too.
    for key in [
        "schema_version",
        "snapshot",
        "quotes",
        "numbers",
        "passages",
        "suggestion",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let q = &v["quotes"][0];
    assert_eq!(q["match"], "not_found");
    assert!(q.get("distance").is_some() && q.get("similarity").is_some());
    for p in v["passages"].as_array().expect("passages") {
        for key in ["text", "start", "end", "score", "lang", "similarity"] {
            assert!(p.get(key).is_some(), "passage without {key}: {p}");
        }
        assert!(p["similarity"].is_null());
    }
    let text = v.to_string();
    assert!(!text.contains("-0%"), "{text}");
}

#[test]
fn an_english_quote_cited_to_a_spanish_page_is_a_translated_match() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("page.txt");
    std::fs::write(&page, SPANISH_PAGE).expect("write");
    if let Err(e) = claimdesk_embed::locate::find_model() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the model is required in CI: {e}"
        );
        println!("SKIPPED (outside CI only): {e}");
        return;
    }
    let v = evidence(&page, None);
    assert_eq!(v["semantic"]["on"], true, "{v}");
    let q = &v["quotes"][0];
    assert_eq!(q["match"], "translated", "{q}");
    assert!(q["similarity"].as_f64().is_some_and(|s| s >= 0.83), "{q}");
    assert!(
        q["source_text"]
            .as_str()
            .is_some_and(|t| t.contains("No necesitamos tropas")),
        "{q}"
    );
    let top = &v["passages"][0];
    assert_eq!(top["lang"], "es");
    assert!(
        top["similarity"].as_f64().is_some_and(|s| s > 0.75),
        "{top}"
    );
    let reasons: Vec<&str> = v["suggestion"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(reasons.contains(&"quote_translated"), "{reasons:?}");
    assert!(
        !reasons.contains(&"quote_found"),
        "a translation is never an exact match: {reasons:?}"
    );
}
