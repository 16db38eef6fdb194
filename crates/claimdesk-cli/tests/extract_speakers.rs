//! `claimdesk extract --json` on a news draft: every quote carries its speaker and the sentence the speaker was
//! resolved from (issue #17), over the committed real news excerpt and the issue's own sentences.

mod support;

use support::{bin, json_of};

fn extract(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, text).expect("write draft");
    json_of(
        &bin()
            .arg("extract")
            .arg(&path)
            .arg("--json")
            .output()
            .expect("run claimdesk"),
    )
}

fn quotes(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .flat_map(|s| s["quotes"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn every_quote_of_real_news_has_speaker_fields() {
    let excerpt: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../claimdesk-text/tests/data/news-drafts/excerpt.json"),
        )
        .expect("excerpt"),
    )
    .expect("excerpt JSON");
    let mut seen = 0;
    for a in excerpt["articles"].as_array().expect("articles") {
        let v = extract(a["opening"].as_str().expect("opening"));
        let sentences: Vec<&str> = v["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .filter_map(|s| s["text"].as_str())
            .collect();
        for q in quotes(&v) {
            seen += 1;
            let obj = q.as_object().expect("quote object");
            assert!(
                obj.contains_key("speaker") && obj.contains_key("speaker_resolved_from"),
                "{q}"
            );
            // A speaker always says where it came from, and that is one of the draft's sentences.
            match (q["speaker"].as_str(), q["speaker_resolved_from"].as_str()) {
                (Some(_), Some(from)) => assert!(sentences.contains(&from), "{from}"),
                (None, None) => {}
                other => panic!("speaker without origin or origin without speaker: {other:?}"),
            }
        }
    }
    assert!(seen >= 10, "the excerpt has quotations: {seen}");
}

#[test]
fn the_issue_sentences_name_their_speakers() {
    let v = extract("The mayor rejected the plan, declaring that the budget is “not negotiable”.");
    assert_eq!(quotes(&v)[0]["speaker"], "The mayor");
    let v = extract(
        "Maria Lopez opened the clinic in May. “It serves 4,000 patients a year,” she stressed.",
    );
    let q = quotes(&v);
    assert_eq!(q[0]["speaker"], "Maria Lopez");
    assert_eq!(q[0]["speaker_mention"], "she");
    assert_eq!(
        q[0]["speaker_resolved_from"],
        "Maria Lopez opened the clinic in May."
    );
    // With the mayor in view too, "she" is not safe: unresolved, with the likeliest candidate named.
    let v = extract(
        "The mayor rejected the plan, declaring that the budget is “not negotiable”. Maria Lopez opened the \
         clinic in May. “It serves 4,000 patients a year,” she stressed.",
    );
    let q = quotes(&v);
    assert_eq!(q[1]["speaker"], serde_json::Value::Null);
    assert_eq!(q[1]["speaker_candidate"], "Maria Lopez");
}
