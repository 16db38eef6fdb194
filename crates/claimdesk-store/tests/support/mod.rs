//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

pub mod edits;

use claimdesk_store::{Detection, NewClaim, NewDocument, Store};

/// Splits text into sentences at `.`, `!` or `?` followed by whitespace. The app uses claimdesk-text's segmenter;
/// the store only needs some real segmentation with exact byte offsets.
pub fn sentences(text: &str) -> Vec<NewClaim> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        if start.is_none() && !ch.is_whitespace() {
            start = Some(i);
        }
        let end_here = matches!(ch, '.' | '!' | '?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        let end_para = ch == '\n';
        if let Some(s) = start {
            if end_here || end_para {
                let e = if end_para { i } else { i + 1 };
                let t = text[s..e].trim_end();
                if !t.is_empty() {
                    out.push(claim(text, s, s + t.len()));
                }
                start = None;
            }
        }
    }
    if let Some(s) = start {
        let t = text[s..].trim_end();
        if !t.is_empty() {
            out.push(claim(text, s, s + t.len()));
        }
    }
    out
}

fn claim(text: &str, start: usize, end: usize) -> NewClaim {
    let t = &text[start..end];
    NewClaim {
        text: t.to_string(),
        start,
        end,
        detection: Detection {
            checkworthy: t.chars().any(|c| c.is_ascii_digit()),
            score: 0.5,
            ..Detection::default()
        },
    }
}

/// A document whose claims are the sentences of `text`.
pub fn doc(title: &str, text: &str) -> NewDocument {
    NewDocument {
        title: title.to_string(),
        file_name: Some(format!("{title}.txt")),
        text: text.to_string(),
        claims: sentences(text),
    }
}

pub const JOBS: &str =
    "Unemployment fell to 3.5% in May. The mayor said \"we built 10,000 homes\" last year.\n\
Critics disagree. Officials said the budget doubled since 2019.";

/// Opens the workspace, waiting out the moment after a raw `sled::Db` is dropped during which sled's background
/// flusher may still hold the directory lock.
pub fn reopen(dir: &std::path::Path) -> Store {
    for _ in 0..100 {
        match Store::open(dir) {
            Err(e) if e.code() == "in_use" => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            r => return r.unwrap(),
        }
    }
    panic!("the workspace stayed locked");
}

/// Opens the raw sled database, with the same wait for a just-dropped `Store`.
pub fn raw(dir: &std::path::Path) -> sled::Db {
    for _ in 0..100 {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    panic!("the workspace stayed locked");
}
