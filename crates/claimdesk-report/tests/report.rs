//! Integration tests: every format over the hand-written sample, hostile input and real claims: the WiCE excerpt
//! and benchmark articles committed in this repository (`crates/claimdesk-evidence/tests/data/wice`,
//! `crates/claimdesk-store/tests/data/article-extraction-benchmark`), and, in the `*_shared_data` tests that
//! `make eval` runs, 500 AVeriTeC claims and all 181 benchmark articles from `$CLAIMDESK_DATA`.

#[path = "../examples/common/averitec.rs"]
mod averitec;
#[path = "../examples/common/sample.rs"]
mod sample;

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::process::Command;

use claimdesk_report::*;

const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</blockquote></article><iframe src=\"https://evil.example\"></iframe>",
    "a | b | c\n# heading\n- [x](javascript:alert(1)) **bold** `code` &amp; ![i](https://evil.example/p.png)",
    "=HYPERLINK(\"https://evil.example\",\"click\"), \"quoted\"\r\nnext line",
];

/// The sample with every free-text field replaced by hostile strings.
fn hostile_input() -> ReportInput {
    let mut input = sample::sample_input();
    input.document.title = HOSTILE[0].into();
    input.document.file_name = HOSTILE[1].into();
    input.generator = HOSTILE[2].into();
    for (i, c) in input.claims.iter_mut().enumerate() {
        c.text = HOSTILE[i % HOSTILE.len()].into();
        c.id = format!("{}{i}", HOSTILE[(i + 1) % HOSTILE.len()]);
        c.status_reason = Some(HOSTILE[(i + 2) % HOSTILE.len()].into());
        c.kinds = vec![HOSTILE[(i + 3) % HOSTILE.len()].into()];
        for cit in &mut c.citations {
            cit.url = "javascript:alert(document.cookie)".into();
            cit.note = HOSTILE[(i + 4) % HOSTILE.len()].into();
            cit.added_by = HOSTILE[1].into();
            for q in &mut cit.quote_checks {
                q.quote = HOSTILE[0].into();
            }
        }
        for h in &mut c.history {
            h.reason = Some(HOSTILE[4].into());
            h.old = Some(HOSTILE[1].into());
        }
    }
    for (i, s) in input.sources.iter_mut().enumerate() {
        s.title = Some(HOSTILE[i % HOSTILE.len()].into());
        s.publisher = Some(HOSTILE[(i + 1) % HOSTILE.len()].into());
        s.url = format!("https://ok.example/{}", HOSTILE[1]);
    }
    input
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

/// Checks what a browser would build from the HTML: no active content, no remote loads, every link http(s).
fn assert_inert_html(html: &str) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").expect("selector");
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(
            ![
                "script", "img", "iframe", "object", "embed", "link", "base", "form", "input",
                "image"
            ]
            .contains(&name),
            "active or loading element <{name}> in the report"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.starts_with("on"),
                "event handler attribute {attr} on <{name}>"
            );
            if attr == "href" {
                assert!(
                    value.starts_with('#')
                        || value.starts_with("https://")
                        || value.starts_with("http://"),
                    "link to {value:?}"
                );
            }
            assert!(attr != "src", "<{name}> loads {value:?}");
        }
    }
    // The CSP forbids scripts and every remote load, as a second line of defence.
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn html_renders_hostile_text_inert_and_keeps_it_readable() {
    let input = hostile_input();
    let html = render(&input, Format::Html).expect("render");
    assert_inert_html(&html);
    let doc = scraper::Html::parse_document(&html);
    // Every claim's text comes back verbatim as text, inside its own anchored section.
    for c in &input.claims {
        let sel = scraper::Selector::parse(&format!(
            "article#{} blockquote.claim-text",
            claim_anchor(&c.id)
        ))
        .expect("selector");
        let got: Vec<String> = doc.select(&sel).map(|e| e.text().collect()).collect();
        // HTML parsing turns CRLF into LF, as every browser does.
        assert_eq!(got, vec![c.text.replace("\r\n", "\n")], "claim {:?}", c.id);
    }
    let title = scraper::Selector::parse("head > title").expect("selector");
    let t: String = doc.select(&title).flat_map(|e| e.text()).collect();
    assert!(t.ends_with(HOSTILE[0]), "{t}");
}

#[test]
fn html_has_chart_anchors_print_css_and_no_external_requests() {
    let input = sample::sample_input();
    let html = render(&input, Format::Html).expect("render");
    assert_inert_html(&html);
    let doc = scraper::Html::parse_document(&html);
    // One anchor per claim, and the summary links resolve to them.
    let ids: HashSet<String> = doc
        .select(&scraper::Selector::parse("article.claim").expect("selector"))
        .filter_map(|e| e.value().id().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), input.claims.len());
    for a in doc.select(&scraper::Selector::parse("a[href^='#claim-']").expect("selector")) {
        let target = a
            .value()
            .attr("href")
            .unwrap_or_default()
            .trim_start_matches('#');
        assert!(ids.contains(target), "dangling link to {target}");
    }
    // The chart is inline SVG with one bar per status, and its title states the counts.
    let rects = doc
        .select(&scraper::Selector::parse("svg.chart rect").expect("selector"))
        .count();
    assert_eq!(rects, 3);
    let title: String = doc
        .select(&scraper::Selector::parse("svg.chart title").expect("selector"))
        .flat_map(|e| e.text())
        .collect();
    assert_eq!(
        title,
        "Claims by status: 3 unsourced, 1 disputed, 3 verified"
    );
    // Print CSS breaks pages between claims.
    assert!(html.contains("@media print"));
    assert!(html.contains(".claim{break-before:page;page-break-before:always"));
    // No URL outside links and text: nothing in CSS or attributes refers to another resource.
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
}

#[test]
fn html_summary_lists_unsourced_first_and_every_required_section() {
    let html = render(&sample::sample_input(), Format::Html).expect("render");
    let order = [
        "Unsourced claims (3)",
        "Disputed claims (1)",
        "Stale claims (1)",
        "Orphaned claims (1)",
        "Claims resting on unnamed sources (1)",
        "Opinion sentences left unchecked (1)",
        "Sources gone or changed since cited (2)",
        "Source independence",
        "Claims</h2>",
    ];
    let mut at = 0;
    for heading in order {
        let pos = html[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += pos;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

#[test]
fn markdown_keeps_hostile_text_as_text_and_tables_intact() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let input = hostile_input();
    let md = render(&input, Format::Markdown).expect("render");
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut text = String::new();
    let mut in_quote = false;
    let mut quotes = Vec::new();
    let mut row_cells: Vec<usize> = Vec::new();
    let mut table_cols: Vec<usize> = Vec::new();
    for ev in Parser::new_ext(&md, opts) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                // The only HTML we write: claim anchors and line breaks between sources in a table cell.
                assert!(
                    h.starts_with("<a id=\"claim-") || ["</a>", "<br>"].contains(&h.as_ref()),
                    "raw HTML {h:?}"
                );
            }
            Event::Start(Tag::Image { .. }) => panic!("an image made it into the Markdown"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(
                    dest_url.starts_with('#') || dest_url.starts_with("https://"),
                    "link to {dest_url}"
                );
            }
            Event::Start(Tag::Heading { level, .. }) => {
                assert!(
                    level != pulldown_cmark::HeadingLevel::H1 || text.is_empty(),
                    "a second H1 appeared"
                );
            }
            Event::Start(Tag::BlockQuote(_)) => {
                in_quote = true;
                text.clear();
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                in_quote = false;
                quotes.push(std::mem::take(&mut text));
            }
            Event::Start(Tag::Table(aligns)) => table_cols.push(aligns.len()),
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => row_cells.push(0),
            Event::Start(Tag::TableCell) => {
                if let Some(n) = row_cells.last_mut() {
                    *n += 1;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_quote {
                    text.push_str(&t);
                } else if text.is_empty() {
                    text.push(' ');
                }
            }
            Event::SoftBreak if in_quote => text.push(' '),
            _ => {}
        }
    }
    // Claim texts come back verbatim (whitespace runs collapsed), one block quote per claim.
    let expected: Vec<String> = input
        .claims
        .iter()
        .map(|c| c.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(quotes, expected);
    // pulldown-cmark pads short rows, so check the source: every table row has as many unescaped pipes as the header.
    assert!(!table_cols.is_empty());
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let pipes = line
            .match_indices('|')
            .filter(|(i, _)| *i == 0 || line.as_bytes()[i - 1] != b'\\')
            .count();
        assert!(
            pipes == 3 || pipes == 4 || pipes == 6,
            "row with {pipes} pipes: {line}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON and its schema

fn schema_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/report-schema.json").to_string()
}

/// Validates JSON documents against docs/report-schema.json with Python's `jsonschema` (PyPI package
/// `jsonschema`), the reference implementation of JSON Schema 2020-12.
fn validate_with_python(docs: &[String]) {
    let dir = std::env::temp_dir().join(format!("claimdesk-report-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut paths = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let p = dir.join(format!("report-{i}.json"));
        std::fs::write(&p, d).expect("write");
        paths.push(p.to_string_lossy().into_owned());
    }
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  jsonschema.Draft202012Validator.check_schema(schema)\n\
                  v = jsonschema.Draft202012Validator(schema)\n\
                  bad = 0\n\
                  for p in sys.argv[2:]:\n\
                  \x20   for e in v.iter_errors(json.load(open(p))):\n\
                  \x20       bad += 1; print(p, list(e.absolute_path), e.message[:300])\n\
                  print('validated', len(sys.argv) - 2, 'documents,', bad, 'errors')\n\
                  sys.exit(1 if bad else 0)\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(schema_path())
        .args(&paths)
        .output()
        .expect("python3 must be installed, with the PyPI package `jsonschema`");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "schema validation failed (is `pip install jsonschema` done?):\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("validated {} documents, 0 errors", docs.len())),
        "{stdout}"
    );
}

#[test]
fn json_validates_against_the_committed_schema() {
    let docs = vec![
        render(&sample::sample_input(), Format::Json).expect("sample"),
        render(&hostile_input(), Format::Json).expect("hostile"),
        render(&ReportInput::default(), Format::Json).expect("empty"),
        render(&wice_input(), Format::Json).expect("wice"),
    ];
    validate_with_python(&docs);
}

#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn json_of_500_averitec_claims_validates_against_the_committed_schema_shared_data() {
    validate_with_python(&[render(&averitec::averitec_input(1), Format::Json).expect("averitec")]);
}

#[test]
fn schema_rejects_a_report_that_breaks_it() {
    // The validation above means something only if the schema can fail: drop a required field and add a stray one.
    let json = render(&sample::sample_input(), Format::Json).expect("render");
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let obj = v.as_object_mut().expect("object");
    obj.remove("summary");
    obj.insert("surprise".into(), serde_json::json!(1));
    let broken = serde_json::to_string(&v).expect("json");
    let script = "import json,sys,jsonschema\n\
                  v=jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))\n\
                  print(len(list(v.iter_errors(json.loads(sys.argv[2])))))";
    let out = Command::new("python3")
        .args(["-c", script, &schema_path(), &broken])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
}

#[test]
fn json_carries_the_summary_and_groups() {
    let json = render(&sample::sample_input(), Format::Json).expect("render");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["schema_version"], SCHEMA_VERSION);
    assert_eq!(v["summary"]["counts"]["total"], 7);
    assert_eq!(
        v["summary"]["unsourced"],
        serde_json::json!(["c-0004", "c-0005", "c-0006"])
    );
    assert_eq!(
        v["summary"]["sources_gone_or_changed"],
        serde_json::json!([2, 3])
    );
    // The wire story and the regional paper's copy of it count once.
    assert_eq!(
        v["independence"]["groups"],
        serde_json::json!([[0, 1], [2], [3]])
    );
    assert_eq!(v["claims"][0]["independent_support"], 2);
    assert!(
        v["sources"][0].get("text").is_none(),
        "source text must not be exported"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_round_trips_tricky_fields_through_an_rfc4180_parser() {
    let mut input = hostile_input();
    input.claims[1].text =
        "He said \"no, never\", then left,\nslamming the door\r\n\"twice\"".into();
    input.claims[2].text = "-5% is the figure".into();
    let csv_text = render(&input, Format::Csv).expect("render");
    assert!(csv_text.starts_with('\u{feff}'));
    assert!(csv_text.ends_with("\r\n"));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv_text.as_bytes());
    let headers = rdr.headers().expect("headers").clone();
    let header_names: Vec<&str> = headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}'))
        .collect();
    assert_eq!(header_names, CSV_COLUMNS.to_vec());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("record")).collect();
    let expected_rows: usize = input.claims.iter().map(|c| c.citations.len().max(1)).sum();
    assert_eq!(rows.len(), expected_rows);
    let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).expect("column");
    let mut r = 0;
    for c in &input.claims {
        for k in 0..c.citations.len().max(1) {
            let row = &rows[r];
            assert_eq!(row.len(), CSV_COLUMNS.len());
            assert_eq!(&row[col("claim_id")], c.id);
            // Formula-looking text gets an apostrophe; everything else is byte-for-byte.
            let text = &row[col("claim_text")];
            if c.text.starts_with(['=', '+', '-', '@']) {
                assert_eq!(text, format!("'{}", c.text));
            } else {
                assert_eq!(text, c.text);
            }
            match c.citations.get(k) {
                Some(cit) => {
                    assert_eq!(&row[col("citation_id")], cit.id);
                    assert_eq!(&row[col("url")], cit.url);
                }
                None => assert_eq!(&row[col("citation_id")], ""),
            }
            r += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// ClaimReview

#[test]
fn claimreview_has_googles_fields_and_one_id_per_claim() {
    let input = sample::sample_input();
    let out = render(&input, Format::ClaimReview).expect("render");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let reviews = v.as_array().expect("array");
    let exported: Vec<&ClaimEntry> = input.claims.iter().filter(|c| !c.orphan).collect();
    assert_eq!(reviews.len(), exported.len());
    let mut ids = HashSet::new();
    for (r, c) in reviews.iter().zip(exported) {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        let id = r["@id"].as_str().expect("@id");
        assert!(ids.insert(id.to_string()), "duplicate @id {id}");
        assert_eq!(r["url"], r["@id"]);
        assert!(id.starts_with("https://riverton-ledger.example/factcheck/riverton-budget#claim-"));
        let short = r["claimReviewed"].as_str().expect("claimReviewed");
        assert!(!short.is_empty() && short.chars().count() <= CLAIM_REVIEWED_MAX_CHARS);
        let (label, value) = rating_for(c.status);
        assert_eq!(r["reviewRating"]["alternateName"], label);
        assert_eq!(
            r["reviewRating"]
                .get("ratingValue")
                .and_then(|x| x.as_u64()),
            value.map(u64::from)
        );
        assert_eq!(r["author"]["@type"], "Organization");
        assert_eq!(r["datePublished"], "2026-11-25");
        assert_eq!(r["itemReviewed"]["@type"], "Claim");
        assert_eq!(r["itemReviewed"]["author"]["name"], "Mara Keller");
        assert_eq!(
            r["itemReviewed"]["appearance"]["url"],
            "https://riverton-ledger.example/news/riverton-budget"
        );
    }
    // Unsourced is exported as "Unverified" without a rating value.
    assert!(reviews
        .iter()
        .any(|r| r["reviewRating"]["alternateName"] == "Unverified"
            && r["reviewRating"].get("ratingValue").is_none()));
}

#[test]
fn claimreview_without_a_review_url_is_a_coded_error() {
    let mut input = sample::sample_input();
    input.publication = None;
    input.document.url = None;
    let err = render(&input, Format::ClaimReview).expect_err("needs a URL");
    assert_eq!(err.code(), "missing_review_url");
}

// ---------------------------------------------------------------------------------------------------------------
// Bundle

fn bundle() -> (Vec<u8>, String, String, Vec<u8>) {
    let input = sample::sample_input();
    let html = render(&input, Format::Html).expect("html");
    let json = render(&input, Format::Json).expect("json");
    // A real gzip member, as a WARC would be; its content does not matter to the bundle.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
        .expect("gz");
    let warc = gz.finish().expect("gz");
    let zip = write_bundle(Cursor::new(Vec::new()), &html, &json, &warc)
        .expect("bundle")
        .into_inner();
    (zip, html, json, warc)
}

#[test]
fn bundle_verifies_and_holds_the_reports_and_a_sha256sum_manifest() {
    let (zip, html, json, warc) = bundle();
    let check = verify_bundle_bytes(&zip).expect("verify");
    assert!(check.ok, "{check:?}");
    assert_eq!(
        check
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        vec![REPORT_HTML, REPORT_JSON, SOURCES_WARC]
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(&zip)).expect("zip");
    let mut manifest = String::new();
    archive
        .by_name(MANIFEST)
        .expect("manifest")
        .read_to_string(&mut manifest)
        .expect("read");
    let expected = format!(
        "{}  {REPORT_HTML}\n{}  {REPORT_JSON}\n{}  {SOURCES_WARC}\n",
        sha256_hex(html.as_bytes()),
        sha256_hex(json.as_bytes()),
        sha256_hex(&warc)
    );
    assert_eq!(manifest, expected);
    // Deterministic: the same inputs give the same bytes.
    assert_eq!(bundle().0, zip);
}

#[test]
fn bundle_with_one_tampered_byte_fails_verification() {
    let (zip, ..) = bundle();
    let mut archive = zip::ZipArchive::new(Cursor::new(&zip)).expect("zip");
    let mut targets = Vec::new();
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        let start = f.data_start().expect("data start") as usize;
        let len = f.compressed_size() as usize;
        // The first, middle and last byte of every entry's data, the manifest included.
        targets.extend([
            (f.name().expect("name").to_string(), start),
            (String::new(), start + len / 2),
            (String::new(), start + len - 1),
        ]);
    }
    assert_eq!(targets.len(), 12);
    for (name, offset) in targets {
        let mut bad = zip.clone();
        bad[offset] ^= 0x01;
        match verify_bundle_bytes(&bad) {
            Ok(check) => assert!(
                !check.ok,
                "flipping byte {offset} ({name}) went unnoticed: {check:?}"
            ),
            Err(e) => assert_eq!(e.code(), "bundle_zip"),
        }
    }
}

/// Rewrites a bundle with one entry replaced (and the zip's own CRCs recomputed), as a forger would.
fn rezip(zip: &[u8], replace: &str, with: Option<&[u8]>, add: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).expect("zip");
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        let data = if name == replace {
            match with {
                Some(d) => d.to_vec(),
                None => continue,
            }
        } else {
            data
        };
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&data).expect("write");
    }
    if let Some((name, data)) = add {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn bundle_check_names_altered_missing_and_unlisted_files() {
    let (zip, _, json, _) = bundle();
    let altered = json.replacen("\"disputed\"", "\"verified\"", 1);
    let check = verify_bundle_bytes(&rezip(&zip, REPORT_JSON, Some(altered.as_bytes()), None))
        .expect("verify");
    assert!(!check.ok);
    let f = check
        .files
        .iter()
        .find(|f| f.name == REPORT_JSON)
        .expect("listed");
    assert_eq!(f.state, FileState::Mismatch);
    assert_eq!(f.state.code(), "hash_mismatch");

    let check = verify_bundle_bytes(&rezip(&zip, SOURCES_WARC, None, None)).expect("verify");
    assert!(!check.ok);
    assert_eq!(
        check
            .files
            .iter()
            .find(|f| f.name == SOURCES_WARC)
            .map(|f| f.state),
        Some(FileState::Missing)
    );

    let check = verify_bundle_bytes(&rezip(&zip, "", None, Some(("notes.txt", b"added later"))))
        .expect("verify");
    assert!(!check.ok);
    assert_eq!(
        check
            .files
            .iter()
            .find(|f| f.name == "notes.txt")
            .map(|f| f.state),
        Some(FileState::Unlisted)
    );

    let check = verify_bundle_bytes(&rezip(&zip, MANIFEST, None, None)).expect("verify");
    assert!(!check.ok);
    assert!(check
        .manifest_problems
        .iter()
        .any(|p| p.contains("missing")));

    let err = verify_bundle_bytes(b"not a zip at all").expect_err("not a zip");
    assert_eq!(err.code(), "bundle_zip");
}

// ---------------------------------------------------------------------------------------------------------------
// Real data

fn repo_file(rel: &str) -> String {
    let path = format!("{}/../../{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The 26 benchmark articles committed with the store's tests.
fn committed_article_bodies() -> Vec<(String, String)> {
    let gt = repo_file(
        "crates/claimdesk-store/tests/data/article-extraction-benchmark/ground-truth-excerpt.json",
    );
    averitec::bodies_of(&serde_json::from_str(&gt).expect("ground truth JSON"))
}

/// The 26 committed articles; a wire copy of every long one (there are too few articles for every fifth).
#[test]
fn independence_groups_real_articles_apart_and_their_wire_copies_together() {
    let bodies = committed_article_bodies();
    assert_eq!(bodies.len(), 26);
    independence_on(&bodies, 1, 20);
}

/// All 181 benchmark articles; a wire copy of every fifth long one.
#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn independence_groups_real_articles_apart_and_their_wire_copies_together_shared_data() {
    let bodies = averitec::article_bodies();
    assert_eq!(bodies.len(), 181);
    independence_on(&bodies, 5, 20);
}

fn independence_on(bodies: &[(String, String)], every: usize, min_copies: usize) {
    let mut sources: Vec<SourceInfo> = bodies
        .iter()
        .map(|(url, body)| SourceInfo {
            url: url.clone(),
            text: Some(body.clone()),
            ..Default::default()
        })
        .collect();
    // Real articles, each its own story: none may be grouped with another.
    let groups = independence_groups(&sources);
    let multi: Vec<Vec<String>> = groups
        .iter()
        .filter(|g| g.len() > 1)
        .map(|g| g.iter().map(|&i| sources[i].url.clone()).collect())
        .collect();
    assert!(
        multi.is_empty(),
        "distinct real articles grouped: {multi:?}"
    );

    // Syndicated copies of every `every`-th long article, the way regional sites run wire copy: a dateline in
    // front, curly quotes straightened, the last third cut, one paragraph dropped.
    let originals: Vec<usize> = (0..sources.len())
        .step_by(every)
        .filter(|&i| sources[i].text.as_ref().map_or(0, |t| t.len()) > 1500)
        .collect();
    let mut expected_pairs = Vec::new();
    for &i in &originals {
        let body = sources[i].text.clone().unwrap_or_default();
        let paras: Vec<&str> = body.split("\n\n").collect();
        let keep = (paras.len() * 2 / 3).max(1);
        let mut kept: Vec<&str> = paras.into_iter().take(keep).collect();
        if kept.len() > 3 {
            kept.remove(1);
        }
        let copy = format!(
            "NEW YORK (Wire) — {}",
            kept.join("\n\n").replace(['\u{2019}', '\u{2018}'], "'")
        );
        expected_pairs.push((i, sources.len()));
        sources.push(SourceInfo {
            url: format!("https://regional.example/copy-{i}"),
            text: Some(copy),
            ..Default::default()
        });
    }
    assert!(
        expected_pairs.len() >= min_copies,
        "{} copies",
        expected_pairs.len()
    );
    let groups = independence_groups(&sources);
    for (orig, copy) in &expected_pairs {
        let g = groups
            .iter()
            .find(|g| g.contains(orig))
            .expect("every source is in a group");
        assert!(
            g.contains(copy),
            "copy of {} not grouped with it",
            sources[*orig].url
        );
        assert_eq!(
            g.len(),
            2,
            "group of {} has strangers: {g:?}",
            sources[*orig].url
        );
    }
    assert_eq!(groups.len(), bodies.len());
}

/// Report input from the committed WiCE excerpt (25 real Wikipedia claims, each with the sentences of the web page
/// it cites): supported claims are verified, unsupported ones disputed, partially supported ones left unsourced.
/// Each claim cites its own page, its first gold evidence sentence as the passage; every seventh claim also cites a
/// syndicated copy of its page, so that independence grouping has work to do.
fn wice_input() -> ReportInput {
    let text = repo_file("crates/claimdesk-evidence/tests/data/wice/dev-excerpt.jsonl");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let healths = [
        LinkHealth::Ok,
        LinkHealth::Changed,
        LinkHealth::Unchecked,
        LinkHealth::Gone,
        LinkHealth::Failing,
        LinkHealth::RedirectedElsewhere,
    ];
    let mut sources: Vec<SourceInfo> = Vec::new();
    let mut claims = Vec::new();
    let mut offset = 0;
    for (i, row) in rows.iter().enumerate() {
        let claim = row["claim"].as_str().expect("claim").to_string();
        let evidence: Vec<&str> = row["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        let (status, stance) = match row["label"].as_str() {
            Some("supported") => (Status::Verified, Stance::Supports),
            Some("not_supported") => (Status::Disputed, Stance::Contradicts),
            _ => (Status::Unsourced, Stance::Supports),
        };
        let page = evidence.join("\n");
        let url = format!(
            "https://wice.example/{}",
            row["meta"]["id"].as_str().unwrap_or("page")
        );
        // The first gold evidence sentence, located in the page.
        let gold = row["supporting_sentences"]
            .get(0)
            .and_then(|g| g.get(0))
            .and_then(|n| n.as_u64())
            .and_then(|n| evidence.get(n as usize).copied());
        let passage_in = |text: &str| {
            gold.and_then(|g| {
                text.find(g).map(|start| PassageInfo {
                    start,
                    end: start + g.len(),
                    text: g.to_string(),
                    page: None,
                })
            })
        };
        let mut pages = vec![(url.clone(), page.clone())];
        if i % 7 == 6 {
            // A syndicated copy of the same page, cited too: independence grouping must put the two together.
            pages.push((
                format!("https://regional.example/copy-{i}"),
                format!("WASHINGTON (AP) — {page}"),
            ));
        }
        let mut citations = Vec::new();
        for (k, (url, text)) in pages.into_iter().enumerate() {
            citations.push(CitationEntry {
                id: format!("cit-{i}-{k}"),
                url: url.clone(),
                stance,
                note: row["meta"]["claim_context"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                added_by: "annotator".into(),
                added_at: "2026-11-20T10:00:00Z".into(),
                source: Some(sources.len()),
                passage: passage_in(&text),
                quote_checks: vec![],
            });
            sources.push(SourceInfo {
                url,
                title: row["meta"]["claim_title"].as_str().map(str::to_string),
                archived_at: Some("2026-11-20T10:00:00Z".into()),
                sha256: Some(sha256_hex(text.as_bytes())),
                link_health: healths[sources.len() % healths.len()],
                text: Some(text),
                ..Default::default()
            });
        }
        let start = offset;
        offset += claim.len() + 1;
        claims.push(ClaimEntry {
            id: format!("wice-{i}"),
            line: u32::try_from(i + 1).expect("line"),
            start,
            end: start + claim.len(),
            status,
            status_set_by: (status != Status::Unsourced).then(|| "annotator".to_string()),
            status_set_at: (status != Status::Unsourced)
                .then(|| "2026-11-21T08:00:00Z".to_string()),
            status_reason: row["label"].as_str().map(str::to_string),
            stale: i % 11 == 0,
            orphan: i % 13 == 12,
            checkworthy: true,
            score: 0.5,
            citations,
            text: claim,
            ..Default::default()
        });
    }
    ReportInput {
        document: DocInfo {
            id: "doc-wice".into(),
            title: "WiCE dev excerpt".into(),
            file_name: "dev-excerpt.jsonl".into(),
            version: 1,
            text_sha256: sha256_hex(text.as_bytes()),
            imported_at: "2026-11-20T09:00:00Z".into(),
            author: None,
            url: Some("https://desk.example.org/reviews/wice".into()),
        },
        generated_at: "2026-11-25T09:00:00Z".into(),
        generator: "claimdesk-report tests".into(),
        publication: None,
        claims,
        sources,
    }
}

#[test]
fn every_format_renders_the_real_wice_claims() {
    let input = wice_input();
    let data = repo_file("crates/claimdesk-evidence/tests/data/wice/dev-excerpt.jsonl");
    let label_count = |l: &str| data.matches(&format!("{{\"label\": \"{l}\"")).count();
    let with_gold = data
        .lines()
        .filter(|l| !l.contains("\"supporting_sentences\": [[]"))
        .count();
    assert_eq!(input.claims.len(), 25);
    // Every claim with a gold evidence set gets its first gold sentence, found in the page, as the passage.
    let passages = input
        .claims
        .iter()
        .filter(|c| c.citations[0].passage.is_some())
        .count();
    assert_eq!(passages, with_gold);
    let summary = every_format_renders(&input);
    assert_eq!(summary.counts.verified, label_count("supported"));
    assert_eq!(summary.counts.disputed, label_count("not_supported"));
}

#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn every_format_renders_500_real_claims_shared_data() {
    let input = averitec::averitec_input(1);
    assert_eq!(input.claims.len(), 500);
    let summary = every_format_renders(&input);
    assert_eq!(summary.counts.verified, 122);
    assert_eq!(summary.counts.disputed, 305);
}

/// Renders `input` in every format and checks each against the input; returns the summary.
fn every_format_renders(input: &ReportInput) -> Summary {
    let n = input.claims.len();
    let html = render(input, Format::Html).expect("html");
    assert_inert_html(&html);
    let doc = scraper::Html::parse_document(&html);
    let articles = doc
        .select(&scraper::Selector::parse("article.claim").expect("selector"))
        .count();
    assert_eq!(articles, n);

    let csv_text = render(input, Format::Csv).expect("csv");
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|r| r.expect("row"))
        .collect();
    assert!(records.iter().all(|r| r.len() == CSV_COLUMNS.len()));
    assert_eq!(
        records.len(),
        input
            .claims
            .iter()
            .map(|c| c.citations.len().max(1))
            .sum::<usize>()
    );

    let md = render(input, Format::Markdown).expect("md");
    for c in &input.claims {
        assert!(md.contains(&format!("<a id=\"{}\"></a>", claim_anchor(&c.id))));
    }
    let cr: serde_json::Value =
        serde_json::from_str(&render(input, Format::ClaimReview).expect("cr")).expect("json");
    let exported = input.claims.iter().filter(|c| !c.orphan).count();
    assert_eq!(cr.as_array().map(Vec::len), Some(exported));

    let summary = summarize(input).expect("summary");
    assert_eq!(summary.counts.total, n);
    assert!(
        summary.independent_sources < summary.sources,
        "the seeded wire copies must be grouped"
    );
    summary
}

#[test]
fn formats_parse_from_cli_names_and_bad_input_is_a_coded_error() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().expect("parse"), f);
    }
    assert_eq!(
        "PDF".parse::<Format>().expect_err("unknown").code(),
        "unknown_format"
    );
    let mut input = sample::sample_input();
    input.claims[0].citations[0].source = Some(99);
    for f in Format::ALL {
        assert_eq!(
            render(&input, f).expect_err("bad index").code(),
            "invalid_input"
        );
    }
}

#[test]
fn claimreview_cannot_break_out_of_its_script_tag() {
    let mut input = sample::sample_input();
    let hostile = "Taxes rose 4%</script><script>alert(1)</script><!-- & \u{2028}\u{2029} -->";
    for c in &mut input.claims {
        c.text = hostile.into();
        c.status_reason = Some(hostile.into());
    }
    input.document.title = hostile.into();
    let out = render(&input, Format::ClaimReview).expect("render");
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!out.contains(bad), "{bad:?} is escaped in the JSON-LD");
    }
    assert!(out.contains("\\u003c/script\\u003e"));
    // Still the same JSON: the escapes decode back to the claim's text.
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let first = &v.as_array().expect("array")[0];
    assert_eq!(first["claimReviewed"], short_claim(hostile));
    assert_eq!(first["reviewBody"], hostile);
    assert_eq!(first["itemReviewed"]["appearance"]["headline"], hostile);
}

#[test]
fn claimreview_accepts_only_http_review_urls() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)//https://x.example",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/review",
        "https://",
    ] {
        let mut input = sample::sample_input();
        input.publication.as_mut().expect("publication").review_url = url.into();
        let err = render(&input, Format::ClaimReview).expect_err(url);
        assert_eq!(err.code(), "invalid_input", "{url}");
        assert!(err.to_string().contains("http"), "{err}");
    }
    let mut input = sample::sample_input();
    input.publication.as_mut().expect("publication").review_url =
        "HTTPS://riverton-ledger.example/factcheck".into();
    render(&input, Format::ClaimReview).expect("https is accepted in any case");
}

/// A bundle of `entries` in this order with a `SHA256SUMS` listing `listed` (name, bytes), as a forger would write
/// it; a `rename` (from, to) of equal length is then patched into the archive's headers, so that entries can carry
/// names a zip writer refuses (a duplicate).
fn forge(
    entries: &[(&str, &[u8])],
    listed: &[(&str, &[u8])],
    rename: Option<(&str, &str)>,
) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let manifest: String = listed
        .iter()
        .map(|(n, d)| format!("{}  {n}\n", sha256_hex(d)))
        .collect();
    for (name, data) in entries
        .iter()
        .copied()
        .chain([(MANIFEST, manifest.as_bytes())])
    {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(data).expect("write");
    }
    let mut zip = w.finish().expect("finish").into_inner();
    if let Some((from, to)) = rename {
        assert_eq!(from.len(), to.len());
        let mut i = 0;
        let mut patched = 0;
        while i + from.len() <= zip.len() {
            if &zip[i..i + from.len()] == from.as_bytes() {
                zip[i..i + from.len()].copy_from_slice(to.as_bytes());
                patched += 1;
            }
            i += 1;
        }
        assert_eq!(patched, 2, "the local header and the central directory");
    }
    zip
}

/// Every problem the check reports, whichever list it is in.
fn problems(check: &BundleCheck) -> String {
    format!("{check:?}")
}

#[test]
fn bundle_with_unsafe_entry_names_does_not_verify() {
    let (_, html, json, warc) = bundle();
    let genuine = [
        (REPORT_HTML, html.as_bytes()),
        (REPORT_JSON, json.as_bytes()),
        (SOURCES_WARC, &warc[..]),
    ];
    // The forger's control: the same files, written the same way, verify.
    let check = verify_bundle_bytes(&forge(&genuine, &genuine, None)).expect("verify");
    assert!(check.ok, "{check:?}");
    for evil in [
        "../evil.sh",
        "reports/../../evil.sh",
        "/etc/cron.d/evil",
        "C:/Windows/evil.bat",
        "..\\evil.bat",
    ] {
        let mut entries = genuine.to_vec();
        entries.push((evil, b"#!/bin/sh\necho owned\n"));
        let check = verify_bundle_bytes(&forge(&entries, &entries, None)).expect("verify");
        assert!(!check.ok, "{evil}: {check:?}");
        assert!(problems(&check).contains("entry"), "{evil}: {check:?}");
        let f = check
            .files
            .iter()
            .find(|f| f.name == evil)
            .expect("reported");
        assert_ne!(f.state, FileState::Ok);
    }
}

#[test]
fn bundle_with_a_duplicate_entry_name_does_not_verify() {
    let (_, html, json, warc) = bundle();
    let forged = html.replacen("Riverton", "Rivertown", 1);
    assert_ne!(forged, html);
    // A forged report.html first, the genuine one (listed in SHA256SUMS) after it under the same name.
    let entries = [
        (REPORT_HTML, forged.as_bytes()),
        ("report.htmX", html.as_bytes()),
        (REPORT_JSON, json.as_bytes()),
        (SOURCES_WARC, &warc[..]),
    ];
    let listed = [
        (REPORT_HTML, html.as_bytes()),
        (REPORT_JSON, json.as_bytes()),
        (SOURCES_WARC, &warc[..]),
    ];
    let zip = forge(&entries, &listed, Some(("report.htmX", REPORT_HTML)));
    let check = verify_bundle_bytes(&zip).expect("verify");
    assert!(!check.ok, "{check:?}");
    assert!(problems(&check).contains("more than once"), "{check:?}");
}
