//! PDF reading: real documents (committed excerpts of `../shared/data/pdf`, see `tests/data/pdf/README.md`) with
//! their gold snippets on their page and the hard cases' outcomes; generated documents for what the excerpts do
//! not have (hundreds of pages across the reader's chunks, an image-only page, a PDF bomb); and a bounded
//! deterministic fuzz loop over mutated PDFs. The full sets run in the `#[ignore]`d `pdf_reads_shared_data`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use claimdesk_sources::{extract, extract_pdf, Extracted, PdfLimits, ProblemKind};
use serde_json::Value;

fn read(path: &Path) -> Extracted {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    extract(Some("application/pdf"), &path.to_string_lossy(), &bytes)
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shingles(t: &str) -> HashMap<Vec<String>, usize> {
    let w: Vec<String> = t
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut m = HashMap::new();
    for s in w.windows(4) {
        *m.entry(s.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Word-4-gram precision and recall (the metric of `../shared/data/pdf/peers.py`).
fn precision_recall(pred: &str, gold: &str) -> (f64, f64) {
    let (p, g) = (shingles(pred), shingles(gold));
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(*g.get(k).unwrap_or(&0)))
        .sum();
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    (tp as f64 / np.max(1) as f64, tp as f64 / ng.max(1) as f64)
}

/// Pages are in order, inside the text, and numbered from 1.
fn check_pages(e: &Extracted) {
    let len = e.text.as_deref().map_or(0, str::len);
    let mut at = 0;
    for (i, p) in e.pages.iter().enumerate() {
        assert_eq!(p.number as usize, i + 1);
        assert!(
            p.start >= at && p.start <= p.end && p.end <= len,
            "{p:?} in {len}"
        );
        at = p.end;
    }
}

/// Checks every file of a `gold.json` (snippets on their page, expected outcomes, page counts) and answers the
/// snippets found, the snippets asked for, and the misses.
fn check_gold(dir: &Path) -> (usize, usize, Vec<String>) {
    let gold: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap()).unwrap();
    let (mut hit, mut total, mut missed) = (0, 0, Vec::new());
    for (file, rec) in &gold {
        let got = read(&dir.join(file));
        check_pages(&got);
        match rec["expect"].as_str() {
            Some("error") => {
                let p = got
                    .problem
                    .as_ref()
                    .unwrap_or_else(|| panic!("{file}: no problem recorded"));
                let want = if file.starts_with("password") {
                    ProblemKind::PasswordRequired
                } else {
                    ProblemKind::Empty
                };
                assert_eq!(p.kind, want, "{file}: {}", p.message);
                assert!(got.text.is_none(), "{file}");
            }
            Some("text") => {
                assert!(got.problem.is_none(), "{file}: {:?}", got.problem);
                assert_eq!(
                    got.pages.len() as u64,
                    rec["pages"].as_u64().unwrap(),
                    "{file}"
                );
            }
            // no_crash: an answer at all (pdftotext recovers a few words; so do we, through it).
            _ => assert!(got.text.is_some() || got.problem.is_some(), "{file}"),
        }
        let texts = got.page_texts();
        for s in rec["snippets"].as_array().into_iter().flatten() {
            let page = s["page"].as_u64().unwrap() as u32;
            let want = fold(s["text"].as_str().unwrap());
            total += 1;
            if texts
                .iter()
                .any(|(n, t)| *n == page && fold(t).contains(&want))
            {
                hit += 1;
            } else {
                missed.push(format!("{file} p.{page}: {want}"));
            }
        }
    }
    (hit, total, missed)
}

/// F1 per layout of a `truth.json`.
fn layout_f1(dir: &Path) -> Vec<(String, f64)> {
    let truth: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let mut by: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    for (file, rec) in &truth {
        let got = read(&dir.join(file));
        check_pages(&got);
        by.entry(rec["layout"].as_str().unwrap().to_string())
            .or_default()
            .push(precision_recall(
                got.text.as_deref().unwrap_or(""),
                rec["text"].as_str().unwrap(),
            ));
    }
    by.into_iter()
        .map(|(l, v)| {
            let p = v.iter().map(|x| x.0).sum::<f64>() / v.len() as f64;
            let r = v.iter().map(|x| x.1).sum::<f64>() / v.len() as f64;
            (l, 2.0 * p * r / (p + r).max(1e-9))
        })
        .collect()
}

fn excerpts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf")
}

#[test]
fn real_pdfs_give_their_gold_snippets_on_their_page_and_hard_cases_their_outcome() {
    let (hit, total, missed) = check_gold(&excerpts());
    assert!(total >= 15, "{total}");
    assert_eq!(hit, total, "missed: {missed:#?}");
}

#[test]
fn layouts_read_in_order_without_furniture() {
    let f1 = layout_f1(&excerpts());
    assert_eq!(f1.len(), 4);
    for (layout, f) in &f1 {
        assert!(*f >= 0.97, "{layout}: F1 {f:.3}");
    }
    // The hyphenated two-column excerpt: the running header and page numbers are gone, hyphens joined, and the
    // footnote ends page 1.
    let got = read(&excerpts().join("35_two_columns_hyphenated.pdf"));
    let text = got.text.unwrap_or_default();
    assert!(!text.contains("Fixture Review"), "running header kept");
    assert!(
        !text.lines().any(|l| l.trim().starts_with("Page ")),
        "page number kept"
    );
    let p1_end = got.pages[0].end;
    let note = text.find("Figures as published").expect("footnote kept");
    assert!(
        note < p1_end && text[note..p1_end].len() < 80,
        "footnote not at the end of page 1"
    );
    assert!(!text.contains("-\n"), "a line-end hyphen left");
    assert_eq!(
        got.metadata.title.as_deref().map(|t| t.starts_with("http")),
        Some(true)
    );
    assert_eq!(
        got.pdf.as_ref().and_then(|p| p.producer.as_deref()),
        Some("ReportLab PDF Library - (opensource)")
    );
}

/// A PDF of the given page content streams (uncompressed), with a Helvetica font and correct xref offsets.
fn pdf(pages: &[String], extra: &[String]) -> Vec<u8> {
    let n = pages.len();
    // 1 catalog, 2 pages, 3 font, then per page: page object and its content; then `extra` objects.
    let mut objs: Vec<String> = Vec::new();
    objs.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objs.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    objs.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    let xobjects: String = (0..extra.len())
        .map(|i| format!("/X{i} {} 0 R ", 4 + 2 * n + i))
        .collect();
    for (i, content) in pages.iter().enumerate() {
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> \
             /XObject << {xobjects}>> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objs.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    objs.extend(extra.iter().cloned());
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
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn text_at(x: u32, y: u32, size: u32, s: &str) -> String {
    format!("BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n")
}

#[test]
fn an_owner_password_only_pdf_is_read_and_says_so_and_a_user_password_one_is_refused() {
    // owner-only.pdf: written by make_owner_only.py beside it (RC4, empty user password, copying not permitted).
    let got = read(&excerpts().join("owner-only.pdf"));
    assert!(got.problem.is_none(), "{:?}", got.problem);
    assert_eq!(
        got.text.as_deref(),
        Some("Owner locked text: 42 percent of permits were approved.")
    );
    let restrictions = got
        .pdf
        .and_then(|p| p.owner_password_only)
        .expect("owner-only noted");
    assert!(restrictions.contains("copy:no"), "{restrictions}");
    let locked = read(&excerpts().join("password-example.pdf"));
    assert_eq!(
        locked.problem.map(|p| p.kind),
        Some(ProblemKind::PasswordRequired)
    );
}

#[test]
fn a_long_document_keeps_every_page_across_reader_chunks() {
    let pages: Vec<String> = (1..=230)
        .map(|n| {
            text_at(72, 750, 8, "Quarterly Statistics Bulletin")
                + &text_at(
                    72,
                    600,
                    11,
                    &format!("Deaths in county {n} rose by {} percent.", n % 17),
                )
                + &text_at(300, 40, 9, &format!("{n}"))
        })
        .collect();
    let started = Instant::now();
    let got = extract(None, "file:///long.pdf", &pdf(&pages, &[]));
    let secs = started.elapsed().as_secs_f64();
    assert!(got.problem.is_none(), "{:?}", got.problem);
    assert_eq!(got.pages.len(), 230);
    check_pages(&got);
    let texts = got.page_texts();
    assert_eq!(texts[0].1, "Deaths in county 1 rose by 1 percent.");
    assert_eq!(texts[149].1, "Deaths in county 150 rose by 14 percent.");
    let text = got.text.as_deref().unwrap_or("");
    let at = text.find("county 201 ").unwrap();
    assert_eq!(got.page_at(at), Some(201));
    assert_eq!(got.pdf.as_ref().map(|p| p.page_count), Some(230));
    eprintln!(
        "230 generated pages in {secs:.2} s ({:.0} pages/s)",
        230.0 / secs
    );
}

#[test]
fn page_limit_reads_the_first_pages_and_says_so() {
    let pages: Vec<String> = (1..=12)
        .map(|n| text_at(72, 600, 11, &format!("Page body {n}.")))
        .collect();
    let got = extract_pdf(
        &pdf(&pages, &[]),
        PdfLimits {
            max_pages: 5,
            ..PdfLimits::default()
        },
    );
    assert_eq!(got.pages.len(), 5);
    let facts = got.pdf.unwrap();
    assert_eq!((facts.page_count, facts.pages_read), (12, Some(5)));
}

#[test]
fn an_image_only_pdf_says_it_has_no_text_layer() {
    // A page that only paints (a scan is an image; a filled rectangle has no text either).
    let got = extract(
        None,
        "file:///scan.pdf",
        &pdf(&["0.5 g 72 72 468 648 re f".into()], &[]),
    );
    let p = got.problem.expect("a problem");
    assert_eq!(p.kind, ProblemKind::NoTextLayer);
    assert!(p.message.contains("no text layer"), "{}", p.message);
    assert!(got.text.is_none());
    assert_eq!(got.pages.len(), 1);
}

#[test]
fn not_a_pdf_and_truncated_pdfs_give_clear_problems() {
    let got = extract(Some("application/pdf"), "http://x/", b"<html>login</html>");
    assert_eq!(got.problem.map(|p| p.kind), Some(ProblemKind::Malformed));
    let got = extract(Some("application/pdf"), "http://x/", b"");
    assert_eq!(got.problem.map(|p| p.kind), Some(ProblemKind::Empty));
    let whole = pdf(&[text_at(72, 600, 11, "Hello")], &[]);
    let got = extract(None, "http://x/", &whole[..40]);
    assert!(got.problem.is_some(), "{:?}", got.text);
}

#[test]
fn a_pdf_bomb_is_stopped_by_its_limits() {
    // Nested forms, each drawing the next ten times: 10^8 glyphs from a file of a few kilobytes.
    let levels = 8;
    let extra: Vec<String> = (0..levels)
        .map(|i| {
            let body = if i + 1 < levels {
                (0..10)
                    .map(|_| format!("/X{} Do ", i + 1))
                    .collect::<String>()
            } else {
                "BT /F1 2 Tf 10 10 Td (bomb) Tj ET".into()
            };
            format!(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> \
                 /XObject << /X{} {} 0 R >> >> /Length {} >>\nstream\n{body}\nendstream",
                i + 1,
                4 + 2 + i + 1,
                body.len() + 1
            )
        })
        .collect();
    let bomb = pdf(&["/X0 Do".into()], &extra);
    assert!(bomb.len() < 10_000);
    let started = Instant::now();
    let got = extract_pdf(
        &bomb,
        PdfLimits {
            time: Duration::from_secs(4),
            memory_bytes: 512 * 1024 * 1024,
            ..PdfLimits::default()
        },
    );
    let took = started.elapsed();
    let kind = got.problem.as_ref().map(|p| p.kind);
    assert!(
        matches!(kind, Some(ProblemKind::TimedOut | ProblemKind::TooLarge)),
        "{:?}",
        got.problem
    );
    assert!(took < Duration::from_secs(15), "{took:?}");
}

/// xorshift64*: a fixed, dependency-free sequence, so the fuzz run is the same every time.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = b.len().max(1);
        match rng.below(6) {
            0 => {
                // Flip bytes.
                for _ in 0..=rng.below(16) {
                    let i = rng.below(len);
                    if let Some(x) = b.get_mut(i) {
                        *x ^= 1 << rng.below(8);
                    }
                }
            }
            1 => b.truncate(rng.below(len)),
            2 => {
                // Overwrite a run with a PDF token.
                let toks: [&[u8]; 8] = [
                    b"obj",
                    b"endstream",
                    b"/Length 999999999",
                    b"<<",
                    b">>",
                    b"R",
                    b"xref",
                    b"-1",
                ];
                let t = toks[rng.below(toks.len())];
                let i = rng.below(len);
                for (k, &c) in t.iter().enumerate() {
                    if let Some(x) = b.get_mut(i + k) {
                        *x = c;
                    }
                }
            }
            3 => {
                // Duplicate a chunk.
                let i = rng.below(len);
                let j = (i + rng.below(4096)).min(b.len());
                let chunk = b[i.min(b.len())..j].to_vec();
                let at = rng.below(len).min(b.len());
                b.splice(at..at, chunk);
            }
            4 => {
                // Delete a chunk.
                let i = rng.below(len).min(b.len());
                let j = (i + rng.below(2048)).min(b.len());
                b.drain(i..j);
            }
            _ => {
                // Random bytes.
                let i = rng.below(len).min(b.len());
                let junk: Vec<u8> = (0..rng.below(256)).map(|_| rng.next() as u8).collect();
                b.splice(i..i, junk);
            }
        }
    }
    b
}

#[test]
fn mutated_pdfs_never_panic_or_hang() {
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(excerpts())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| std::fs::read(p).unwrap())
        .filter(|b| !b.is_empty())
        .collect();
    let mut rng = Rng(0x5eed_c1a1_d35c);
    let runs: usize = std::env::var("CLAIMDESK_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let limits = PdfLimits {
        time: Duration::from_secs(5),
        memory_bytes: 512 * 1024 * 1024,
        ..PdfLimits::default()
    };
    let (mut texts, mut problems) = (0, HashMap::<String, usize>::new());
    for i in 0..runs {
        let seed = &seeds[i % seeds.len()];
        let m = mutate(&mut rng, seed);
        let started = Instant::now();
        let got = std::panic::catch_unwind(|| extract_pdf(&m, limits))
            .unwrap_or_else(|_| panic!("mutant {i} panicked"));
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "mutant {i} hung"
        );
        check_pages(&got);
        match &got.problem {
            Some(p) => *problems.entry(format!("{:?}", p.kind)).or_default() += 1,
            None => texts += 1,
        }
    }
    eprintln!("{runs} mutants: {texts} read, problems {problems:?}, no panic");
    assert_eq!(texts + problems.values().sum::<usize>(), runs);
}

#[test]
#[ignore = "full data: run by make eval (needs ../shared/data)"]
fn pdf_reads_shared_data() {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../../../shared/data".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(data).join("pdf");
    let (hit, total, missed) = check_gold(&root.join("realworld"));
    eprintln!("realworld: {hit}/{total} snippets on their page; missed {missed:#?}");
    // The one snippet left out is the Federal Register's running header on page 2, which the layout pass drops
    // as a running header by design (it repeats on all 15 pages).
    assert!(hit + 1 >= total, "{missed:#?}");
    assert!(
        missed
            .iter()
            .all(|m| m.contains("Federal Register / Vol. 85")),
        "{missed:#?}"
    );
    for (layout, f) in layout_f1(&root.join("layouts")) {
        eprintln!("layouts: {layout} F1 {f:.3}");
        // 01_two_columns.pdf has no text for any reader (its Hangul is drawn in a font without those glyphs),
        // which caps two_columns at 14/15.
        let floor = if layout == "two_columns" { 0.93 } else { 0.97 };
        assert!(f >= floor, "{layout}: {f:.3}");
    }
}
