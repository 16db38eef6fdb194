//! PDF sources and the editor's saved copy through the real binary: `fetch URL|FILE --json` with `pages[]`, a
//! PDF served on 127.0.0.1, `evidence --source` giving each passage its page, a hard PDF's clear outcome, and
//! `cite CLAIM URL --file` archiving a saved page (HTML and MHTML) whose report says it came from the editor's file.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use support::{docx, json_of, run, succeeded};

mod support;

/// A PDF with one Helvetica text line per entry of each page, and correct xref offsets.
fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::new();
        for (k, l) in lines.iter().enumerate() {
            content += &format!("BT /F1 11 Tf 72 {} Td ({l}) Tj ET\n", 700 - 14 * k);
        }
        content += &format!("BT /F1 9 Tf 300 40 Td ({}) Tj ET\n", i + 1);
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> \
             /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objs.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info << /Title (Road repairs 2023) /Author (City Controller) \
             /CreationDate (D:20240115093000Z) >> >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn report_pdf() -> Vec<u8> {
    pdf(&[
        &[
            "Riverside capital spending review.",
            "The controller reviewed every capital account of the city.",
        ],
        &[
            "The city spent $4.2 million on road repairs in 2023,",
            "up from $3.1 million in 2022, the controller said.",
        ],
    ])
}

/// Serves one body with a content type at /doc on 127.0.0.1.
fn serve(body: Vec<u8>, content_type: &'static str) -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", l.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let _ = s.read(&mut buf);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
    format!("{base}/doc")
}

#[test]
fn fetch_gives_pages_for_a_pdf_file_and_url_and_evidence_gives_the_page() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let file = tmp.path().join("report.pdf");
    std::fs::write(&file, report_pdf()).expect("pdf");

    let f = json_of(&run(&ws, &["fetch", file.to_str().unwrap(), "--json"]));
    assert_eq!(f["title"], "Road repairs 2023");
    assert_eq!(f["authors"][0], "City Controller");
    assert_eq!(f["published"], "2024-01-15T09:30:00Z");
    assert_eq!(f["status"], 0);
    let pages = f["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1]["number"], 2);
    let p2 = pages[1]["text"].as_str().unwrap();
    assert!(p2.starts_with("The city spent $4.2 million"), "{p2}");
    // The page numbers drawn at the foot of each page are not text.
    assert!(!p2.trim_end().ends_with('2'), "{p2}");
    assert!(f["text"].as_str().unwrap().contains(p2));

    let url = serve(report_pdf(), "application/pdf");
    let f = json_of(&run(&ws, &["fetch", &url, "--json"]));
    assert_eq!(f["pages"].as_array().map(Vec::len), Some(2));
    assert_eq!(f["content_type"], "application/pdf");
    assert_eq!(f["final_url"], url);

    for source in [file.to_str().unwrap(), url.as_str()] {
        let ev = json_of(&run(
            &ws,
            &[
                "evidence",
                "--claim",
                "The city spent $4.2 million on road repairs in 2023.",
                "--source",
                source,
                "--json",
            ],
        ));
        let top = &ev["passages"][0];
        assert!(
            top["text"].as_str().unwrap().contains("$4.2 million"),
            "{ev}"
        );
        assert_eq!(top["page"], 2, "{ev}");
        assert_eq!(ev["suggestion"]["stance"], "supports");
    }

    // Cited in a workspace: the PDF is archived with its pages, and the report cites the passage's page.
    let draft = tmp.path().join("d.txt");
    std::fs::write(
        &draft,
        "The city spent $4.2 million on road repairs in 2023.\n",
    )
    .unwrap();
    let doc = succeeded(&run(&ws, &["import", draft.to_str().unwrap()]))
        .trim()
        .to_string();
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    let claim = claims["claims"][0]["id"].as_u64().unwrap().to_string();
    let out = succeeded(&run(&ws, &["cite", &claim, &url]));
    assert!(out.contains("Road repairs 2023"), "{out}");
    let md = succeeded(&run(&ws, &["report", &doc, "--format", "md"]));
    assert!(md.contains("Cited passage (p. 2, bytes"), "{md}");
}

#[test]
fn a_password_pdf_is_refused_with_the_reason_and_its_citation_kept() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../claimdesk-sources/tests/data/pdf");
    let locked = data.join("password-example.pdf");
    let f = json_of(&run(&ws, &["fetch", locked.to_str().unwrap(), "--json"]));
    assert_eq!(f["text"], serde_json::Value::Null);
    assert_eq!(f["read_problem"]["kind"], "password_required");
    let o = run(
        &ws,
        &[
            "evidence",
            "--claim",
            "Anything.",
            "--source",
            locked.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("user password"));

    // Cited by URL, the locked PDF is archived (bytes kept), the citation attached, the failure recorded.
    let draft = tmp.path().join("d.txt");
    std::fs::write(
        &draft,
        "The form says 12 percent of the budget went to parks.\n",
    )
    .unwrap();
    let doc = succeeded(&run(&ws, &["import", draft.to_str().unwrap()]))
        .trim()
        .to_string();
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    let claim = claims["claims"][0]["id"].as_u64().unwrap().to_string();
    let url = serve(std::fs::read(&locked).unwrap(), "application/pdf");
    let o = run(&ws, &["cite", &claim, &url]);
    succeeded(&o);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("could not be read: The PDF is encrypted with a user password"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    assert_eq!(claims["claims"][0]["citations"], 1);
}

#[test]
fn cite_with_the_editors_saved_file_archives_it_as_the_copy_of_the_url() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let draft = tmp.path().join("d.txt");
    std::fs::write(
        &draft,
        "The Pentagon offered 3,000 troops to the mission, the Journal reported.\n\n\
         The city spent $4.2 million on road repairs in 2023.\n",
    )
    .unwrap();
    let doc = succeeded(&run(&ws, &["import", draft.to_str().unwrap()]))
        .trim()
        .to_string();
    let claims = json_of(&run(&ws, &["claims", &doc, "--json"]));
    let claim = claims["claims"][0]["id"].as_u64().unwrap().to_string();
    let claim2 = claims["claims"][1]["id"].as_u64().unwrap().to_string();

    // A "Web page, complete" HTML file saved behind a paywall: nothing is fetched (the URL is not served).
    let saved = tmp.path().join("Pentagon offers troops - WSJ.html");
    std::fs::write(
        &saved,
        "<!doctype html><html><head><title>Pentagon Offers Troops</title>\
         <meta property=\"og:site_name\" content=\"The Wall Street Journal\"></head><body><article>\
         <h1>Pentagon Offers Troops</h1><p>The Pentagon offered 3,000 troops to the mission, officials \
         said on Monday, in a plan the allies had asked for.</p><p>Second paragraph of the story.</p>\
         </article></body></html>",
    )
    .unwrap();
    let url = "https://www.wsj.example/articles/pentagon-offers-troops";
    let o = run(
        &ws,
        &["cite", &claim, url, "--file", saved.to_str().unwrap()],
    );
    let out = succeeded(&o);
    assert!(out.contains("Pentagon Offers Troops"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("from the editor's file"));

    // An MHTML ("single file") save of a page, for the second claim.
    let mhtml = tmp.path().join("roads.mhtml");
    std::fs::write(
        &mhtml,
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://city.example/roads\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\n\
         Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><head><title>Road =\r\n\
         repairs</title></head><body><article><p>The city spent $4.2 million on road repairs in 2023, up =\r\n\
         from $3.1 million.</p></article></body></html>\r\n------B--\r\n",
    )
    .unwrap();
    succeeded(&run(
        &ws,
        &[
            "cite",
            &claim2,
            "https://city.example/roads",
            "--file",
            mhtml.to_str().unwrap(),
        ],
    ));

    let md = succeeded(&run(&ws, &["report", &doc, "--format", "md"]));
    assert!(
        md.contains("from the editor's saved file Pentagon offers troops - WSJ.html (not fetched)"),
        "{md}"
    );
    assert!(
        md.contains("from the editor's saved file roads.mhtml (not fetched)"),
        "{md}"
    );
    assert!(md.contains("Road repairs"), "{md}");

    // The WARC holds the editor's files as `resource` records of their URLs (nothing was fetched, so no HTTP
    // exchange is made up), read back by the independent warcio (scripts/install-deps --test installs it).
    let warc = tmp.path().join("sources.warc.gz");
    succeeded(&run(
        &ws,
        &["export-warc", &doc, "-o", warc.to_str().unwrap()],
    ));
    let py = std::env::var("WARCIO_PYTHON").unwrap_or_else(|_| "python3".into());
    let listing = Command::new(&py)
        .args([
            "-c",
            "import sys\nfrom warcio.archiveiterator import ArchiveIterator\n\
             for r in ArchiveIterator(open(sys.argv[1], 'rb')):\n\
             \tb = r.content_stream().read()\n\
             \tprint(r.rec_type, r.rec_headers.get_header('WARC-Target-URI'), \
             r.rec_headers.get_header('WARC-Claimdesk-Editor-File'), b'3,000 troops' in b)",
        ])
        .arg(&warc)
        .output()
        .expect("python3 with warcio (scripts/install-deps --test)");
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing.contains(&format!(
            "resource {url} Pentagon offers troops - WSJ.html True"
        )),
        "{listing}"
    );
    assert!(
        listing.contains("resource https://city.example/roads roads.mhtml False"),
        "{listing}"
    );
    assert!(!listing.contains("response"), "{listing}");

    // A citation URL must still be http(s), and a missing file is a clear error.
    let o = run(
        &ws,
        &[
            "cite",
            &claim,
            "ftp://x.example/a",
            "--file",
            saved.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        &ws,
        &["cite", &claim, url, "--file", "/nonexistent/file.html"],
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn text_and_docx_source_files_are_read_like_drafts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let ws = tmp.path().join("ws");
    let memo = tmp.path().join("memo.docx");
    std::fs::write(
        &memo,
        docx(&[
            "Budget memo",
            "The city spent $4.2 million on road repairs in 2023, the memo says.",
        ]),
    )
    .unwrap();
    let f = json_of(&run(&ws, &["fetch", memo.to_str().unwrap(), "--json"]));
    assert_eq!(
        f["text"],
        "Budget memo\n\nThe city spent $4.2 million on road repairs in 2023, the memo says."
    );
    assert_eq!(f["pages"].as_array().map(Vec::len), Some(0));
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "Caf\u{e9} owners said rents rose 12% in 2024.\n").unwrap();
    let f = json_of(&run(&ws, &["fetch", notes.to_str().unwrap(), "--json"]));
    assert_eq!(f["text"], "Café owners said rents rose 12% in 2024.");
    let ev = json_of(&run(
        &ws,
        &[
            "evidence",
            "--claim",
            "The city spent $4.2 million on road repairs in 2023.",
            "--source",
            memo.to_str().unwrap(),
            "--json",
        ],
    ));
    assert!(
        ev["passages"][0]["text"]
            .as_str()
            .unwrap()
            .contains("$4.2 million"),
        "{ev}"
    );
    assert_eq!(ev["passages"][0]["page"], serde_json::Value::Null);
}
