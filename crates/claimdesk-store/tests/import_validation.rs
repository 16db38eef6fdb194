//! `import-workspace` is all or nothing: a file whose records break a rule of the store is refused whole, before
//! anything is written. Each case forges one inconsistency into a real export (a verified claim with a supporting
//! citation and two archived snapshots) and checks that the import is refused with `bad_export_file`, says what is
//! wrong, and leaves the workspace empty; the unforged file imports.

mod support;

use base64::Engine as _;
use claimdesk_store::*;
use serde_json::Value;

fn snapshot(url: &str, raw: &str) -> NewSnapshot {
    NewSnapshot {
        url: url.into(),
        final_url: url.into(),
        redirect_chain: vec![url.into()],
        fetched_at: 1_700_000_000_000,
        status: 200,
        headers: vec![("content-type".into(), "text/html".into())],
        content_type: Some("text/html".into()),
        raw: raw.as_bytes().to_vec(),
        text: raw.into(),
        metadata: SourceMetadata::default(),
        link_health: FetchStatus::Ok,
        page_starts: Vec::new(),
        read_problem: None,
        origin: SnapshotOrigin::Fetched,
    }
}

/// The export of a workspace with one document, a verified claim cited to an archived page, and a second snapshot.
fn exported() -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let doc = store
        .create_document(support::doc("jobs", support::JOBS), "ada")
        .unwrap();
    let claim = store.claims(doc.id).unwrap()[0].id;
    let url = "https://example.org/jobs";
    store
        .cite(
            claim,
            NewCite {
                snapshot: Some(snapshot(
                    url,
                    "Unemployment fell to 3.5% in May, the bureau said.",
                )),
                check: Some(serde_json::json!({"status": 200})),
                citation: NewCitation {
                    url: url.into(),
                    stance: Stance::Supports,
                    snapshot: None,
                    passage: None,
                    note: String::new(),
                },
            },
            "ada",
        )
        .unwrap();
    store
        .put_snapshot(
            snapshot("https://example.org/other", "A different page entirely."),
            "ada",
        )
        .unwrap();
    store
        .set_status(claim, Status::Verified, None, "ada")
        .unwrap();
    let mut buf = Vec::new();
    store.export(&mut buf).unwrap();
    String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kind(v: &Value) -> &str {
    v["record"].as_str().unwrap_or_default()
}

/// Serialises records back into a file, with the end record's count made to match (so that only the forged
/// inconsistency, not a bad count, can be what refuses it).
fn file(records: &[Value]) -> String {
    let body: Vec<&Value> = records
        .iter()
        .filter(|r| kind(r) != "end" && kind(r) != "header")
        .collect();
    let mut out = String::new();
    for r in records.iter().filter(|r| kind(r) == "header") {
        out.push_str(&format!("{r}\n"));
    }
    for r in &body {
        out.push_str(&format!("{r}\n"));
    }
    out.push_str(&format!(
        "{}\n",
        serde_json::json!({"record": "end", "records": body.len()})
    ));
    out
}

fn refused(name: &str, records: &[Value], says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let err = store
        .import(file(records).as_bytes())
        .expect_err(&format!("{name}: a forged file must be refused"));
    assert_eq!(err.code(), "bad_export_file", "{name}: {err}");
    assert!(err.to_string().contains(says), "{name}: {err}");
    assert!(
        store.documents().unwrap().is_empty(),
        "{name}: nothing written"
    );
    assert!(
        store.events().unwrap().is_empty(),
        "{name}: nothing written"
    );
}

fn first_mut<'a>(records: &'a mut [Value], record: &str) -> &'a mut Value {
    records
        .iter_mut()
        .find(|r| kind(r) == record)
        .unwrap_or_else(|| panic!("the export has a {record} record"))
}

#[test]
fn inconsistent_workspace_files_are_refused_whole() {
    let good = exported();
    // The untouched file imports, and `file` reproduces it faithfully.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let sum = store.import(file(&good).as_bytes()).unwrap();
    assert_eq!(
        (sum.documents, sum.claims, sum.citations, sum.snapshots),
        (1, 4, 1, 2)
    );
    assert!(store.check().unwrap().is_empty());

    // A duplicate claim id (the tester's file reported 16 claims and kept 15).
    let mut dup = good.clone();
    let claim = first_mut(&mut dup, "claim").clone();
    dup.push(claim);
    refused("duplicate claim", &dup, "appears twice");

    // A verified claim whose only citation contradicts it.
    let mut contra = good.clone();
    first_mut(&mut contra, "citation")["stance"] = "contradicts".into();
    refused(
        "verified with a contradicting citation",
        &contra,
        "without what that status requires",
    );

    // A verified claim with no citation at all.
    let mut bare = good.clone();
    bare.retain(|r| kind(r) != "citation");
    for r in bare.iter_mut().filter(|r| kind(r) == "claim") {
        r["citations"] = serde_json::json!([]);
    }
    refused(
        "verified with no citation",
        &bare,
        "without what that status requires",
    );

    // A claim listing a citation that is not in the file.
    let mut dangling = good.clone();
    for r in dangling.iter_mut().filter(|r| kind(r) == "claim") {
        if r["citations"].as_array().is_some_and(|a| !a.is_empty()) {
            r["citations"] = serde_json::json!([999]);
        }
    }
    refused("dangling citation id", &dangling, "not in the file");

    // A document whose version text is missing.
    let mut no_version = good.clone();
    no_version.retain(|r| kind(r) != "version");
    refused("missing document version", &no_version, "no text for it");

    // A snapshot body that is not zstd at all.
    let mut corrupt = good.clone();
    first_mut(&mut corrupt, "snapshot")["body_zstd_base64"] =
        base64::engine::general_purpose::STANDARD
            .encode(b"not zstd data")
            .into();
    refused("corrupt body", &corrupt, "does not decompress");

    // Two snapshots with their bodies swapped: each decompresses, neither matches its SHA-256.
    let mut swapped = good.clone();
    let idx: Vec<usize> = swapped
        .iter()
        .enumerate()
        .filter(|(_, r)| kind(r) == "snapshot")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(idx.len(), 2);
    let a = swapped[idx[0]]["body_zstd_base64"].clone();
    let b = swapped[idx[1]]["body_zstd_base64"].clone();
    swapped[idx[0]]["body_zstd_base64"] = b;
    swapped[idx[1]]["body_zstd_base64"] = a;
    refused("swapped bodies", &swapped, "does not match its SHA-256");

    // A body that claims to be enormous: refused before anything is allocated for it.
    let mut huge = good.clone();
    first_mut(&mut huge, "snapshot")["snapshot"]["raw_len"] = (1u64 << 40).into();
    refused("huge raw_len", &huge, "more than");
}

#[test]
fn a_file_that_is_not_utf8_is_a_bad_export_file_not_an_io_error() {
    let good = file(&exported());
    let mut bytes = good.into_bytes();
    // Damage the second line with bytes that are not UTF-8.
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 5;
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let err = store.import(&bytes[..]).unwrap_err();
    assert_eq!(err.code(), "bad_export_file", "{err}");
    assert!(err.to_string().contains("line 2 is not UTF-8"), "{err}");
    assert!(store.documents().unwrap().is_empty());
}
