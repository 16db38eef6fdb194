//! The encoder against the installed model: parity with the reference engine, cross-language similarity, long
//! texts, cancel, and corrupt files.
//!
//! These tests need `e5-small-q4.bin` (`scripts/install-model`, or `CLAIMDESK_MODEL_DIR`). Without it they fail
//! where `CI` is set (CI installs it) and print why and return elsewhere.

use claimdesk_embed::{cosine, EmbedError, Encoder, Role};
use serde::Deserialize;
use std::sync::OnceLock;

fn model() -> Option<&'static Encoder> {
    static ENC: OnceLock<Option<Encoder>> = OnceLock::new();
    ENC.get_or_init(|| match Encoder::locate_and_load() {
        Ok(e) => Some(e),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the model is required in CI: {e}"
            );
            println!("SKIPPED (outside CI only): {e}");
            None
        }
    })
    .as_ref()
}

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
}
#[derive(Deserialize)]
struct Case {
    role: String,
    text: String,
    embedding: Vec<f32>,
}

fn reference() -> Reference {
    serde_json::from_str(include_str!("data/reference.json")).expect("reference.json parses")
}

#[test]
fn embeddings_match_the_reference_engine() {
    let Some(enc) = model() else { return };
    let reference = reference();
    assert!(reference.cases.len() >= 8);
    for case in &reference.cases {
        let role = if case.role == "query" {
            Role::Query
        } else {
            Role::Passage
        };
        let got = enc.embed_one(&case.text, role);
        assert_eq!(got.len(), 384);
        let c = cosine(&got, &case.embedding);
        println!("{c:.5}  {}", case.text);
        assert!(
            c >= 0.99,
            "cosine {c} with the reference for {:?}",
            case.text
        );
        let norm: f32 = got.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4);
    }
}

#[test]
fn batches_give_the_same_vectors_as_single_texts() {
    let Some(enc) = model() else { return };
    let reference = reference();
    let texts: Vec<&str> = reference.cases.iter().map(|c| c.text.as_str()).collect();
    let batch = enc.embed(&texts, Role::Passage);
    let single = Encoder::locate_and_load().expect("reload").with_threads(1);
    for (t, b) in texts.iter().zip(&batch) {
        let s = single.embed_one(t, Role::Passage);
        assert!(cosine(&s, b) > 0.99999, "{t}");
    }
}

#[test]
fn a_translation_is_closer_than_an_unrelated_sentence() {
    let Some(enc) = model() else { return };
    let claim = enc.embed_one(
        "The president refused the offer of American troops.",
        Role::Query,
    );
    let p = enc.embed(
        &[
            "La presidenta rechazó la oferta de tropas estadounidenses.",
            "O ministro anunciou um aumento de 4% nos salários em 2024.",
            "The weather in Lisbon was sunny all week.",
        ],
        Role::Passage,
    );
    let sims: Vec<f32> = p.iter().map(|v| cosine(&claim, v)).collect();
    println!("{sims:?}");
    assert!(sims[0] > sims[1] + 0.05 && sims[0] > sims[2] + 0.05);
}

#[test]
fn long_texts_are_windowed_and_empty_text_is_embedded() {
    let Some(enc) = model() else { return };
    let sentence = "The council approved the new budget for the harbour after a long debate. ";
    let long = sentence.repeat(90);
    assert!(enc.token_count(&long, Role::Passage) > 1000);
    let v = enc.embed_one(&long, Role::Passage);
    let short = enc.embed_one(sentence, Role::Passage);
    assert!(cosine(&v, &short) > 0.8, "{}", cosine(&v, &short));
    let empty = enc.embed_one("", Role::Passage);
    assert_eq!(empty.len(), 384);
    assert!(empty.iter().all(|x| x.is_finite()));
}

#[test]
fn embedding_stops_when_the_sink_says_so() {
    let Some(enc) = model() else { return };
    let texts: Vec<String> = (0..200)
        .map(|i| format!("Sentence number {i} about the harbour."))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut seen = Vec::new();
    let done = enc.embed_each(&refs, Role::Passage, |i, _| {
        seen.push(i);
        i < 3
    });
    assert!(!done);
    assert_eq!(seen, [0, 1, 2, 3]);
}

#[test]
fn a_truncated_or_damaged_model_file_gives_one_clear_error() {
    let Some(enc) = model() else { return };
    let bytes = std::fs::read(enc.path()).expect("read model");
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, data) in [
        ("truncated.bin", bytes[..bytes.len() / 2].to_vec()),
        ("header-only.bin", bytes[..100].to_vec()),
        (
            "bad-magic.bin",
            [b"XXXX".as_slice(), &bytes[4..4096]].concat(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &data).expect("write");
        match Encoder::load(&path) {
            Err(EmbedError::Corrupt { reason, .. }) => println!("{name}: {reason}"),
            other => panic!("{name}: expected Corrupt, got {other:?}"),
        }
    }
    // Damage inside the tensor directory: every byte of a few directory entries flipped.
    let mut damaged = bytes.clone();
    for b in &mut damaged[4_638_000..4_638_240] {
        *b = !*b;
    }
    let path = dir.path().join("damaged.bin");
    std::fs::write(&path, &damaged).expect("write");
    let err = Encoder::load(&path).expect_err("damaged directory refused");
    assert!(err.to_string().contains("corrupt"), "{err}");
}

#[test]
fn a_missing_file_and_garbage_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("e5-small-q4.bin");
    assert!(matches!(
        Encoder::load(&missing),
        Err(EmbedError::Io { .. })
    ));
    for garbage in [
        &b""[..],
        b"E5S1",
        b"E5S1\x01\0\0\0\xff\xff\xff\xff",
        &[0xAB; 10_000],
    ] {
        let err = Encoder::from_bytes(garbage).expect_err("garbage refused");
        assert!(matches!(err, EmbedError::Corrupt { .. }), "{err}");
    }
}
