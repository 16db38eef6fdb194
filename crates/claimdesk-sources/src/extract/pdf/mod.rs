//! PDF text with pages, and PDF metadata.
//!
//! The reader is Poppler (`pdftotext -bbox-layout` for word boxes, `pdfinfo` for the Info dictionary, XMP,
//! page count and encryption), run as separate processes under [`run::Limits`]: a hostile PDF costs a killed
//! child and a recorded [`ReadProblem`], never the app. Our own layout pass ([`layout`]) turns the word boxes
//! into each page's text in reading order (columns, running headers and page numbers dropped, hyphens joined,
//! footnotes last). Why Poppler and not a pure-Rust reader: docs/EVALUATION.md ("PDF text: which library").
//!
//! When Poppler is not installed, lopdf's per-page text is the fallback (in-process, panics caught; no layout
//! pass: lopdf gives no positions), so a machine without poppler-utils still reads simple PDFs.

mod bbox;
mod info;
mod layout;
mod lopdf_text;
mod run;

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::metadata::Metadata;
use run::{Limits, RunError};

/// A page of a paged source (PDF): its 1-based number and its span in the extracted text (UTF-8 byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number, as a reader counts pages.
    pub number: u32,
    /// Where the page's text starts in [`super::Extracted::text`].
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
}

/// Why a source's text could not be read (the bytes are still archived and the citation kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Encrypted with a user password: it cannot be opened without it.
    PasswordRequired,
    /// Not a readable PDF (broken structure, not a PDF at all).
    Malformed,
    /// An empty file or a document without pages.
    Empty,
    /// Pages without a text layer (a scan): the text would need OCR.
    NoTextLayer,
    /// More than the reader's memory, output or page limits allow.
    TooLarge,
    /// The reader ran past its time limit.
    TimedOut,
}

/// A reading failure, with a message for the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadProblem {
    /// What went wrong.
    pub kind: ProblemKind,
    /// The failure in words.
    pub message: String,
}

/// Facts about a PDF beyond the citation metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PdfFacts {
    /// Pages in the document.
    pub page_count: u32,
    /// The software that wrote the file (Info `Producer` or XMP `pdf:Producer`).
    pub producer: Option<String>,
    /// Set when the file is encrypted but opened without a password (an owner password only): its
    /// restrictions as the file states them, e.g. `print:yes copy:no ...`.
    pub owner_password_only: Option<String>,
    /// Set when only the first pages were read (the page limit): how many.
    pub pages_read: Option<u32>,
}

/// What reading a PDF gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PdfRead {
    pub text: Option<String>,
    pub pages: Vec<Page>,
    pub metadata: Metadata,
    pub facts: Option<PdfFacts>,
    pub problem: Option<ReadProblem>,
}

/// Pages read at most from one document by default; later pages are left out (and said so in
/// [`PdfFacts::pages_read`]).
pub const MAX_PAGES: u32 = 3000;
/// Pages per `pdftotext` run: bounds the output held at once.
const CHUNK_PAGES: u32 = 100;

/// The limits one PDF is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfLimits {
    /// Wall-clock budget for all of the document's reader runs.
    pub time: Duration,
    /// Address-space limit of each reader process, bytes.
    pub memory_bytes: u64,
    /// Pages read at most.
    pub max_pages: u32,
}

impl Default for PdfLimits {
    fn default() -> Self {
        PdfLimits {
            time: Duration::from_secs(90),
            memory_bytes: 1536 * 1024 * 1024,
            max_pages: MAX_PAGES,
        }
    }
}
/// Output kept from one run (a chunk of pages' word boxes is a few MiB).
const READER_OUTPUT: usize = 128 * 1024 * 1024;

fn problem(kind: ProblemKind, message: impl Into<String>) -> PdfRead {
    PdfRead {
        problem: Some(ReadProblem {
            kind,
            message: message.into(),
        }),
        ..PdfRead::default()
    }
}

/// Reads a PDF: each page's text in reading order, the metadata, and a problem when it cannot be read.
pub(crate) fn extract_pdf(body: &[u8], lim: PdfLimits) -> PdfRead {
    if body.iter().all(u8::is_ascii_whitespace) {
        return problem(ProblemKind::Empty, "The file is empty.");
    }
    let head = body.get(..body.len().min(1024)).unwrap_or(body);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return problem(
            ProblemKind::Malformed,
            "The file is not a PDF (no %PDF- header).",
        );
    }
    let tmp = match run::TempPdf::new(body) {
        Ok(t) => t,
        Err(e) => return problem(ProblemKind::Malformed, run_message(&e)),
    };
    let started = Instant::now();
    let limits = |started: Instant| Limits {
        time: lim
            .time
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(200)),
        memory_bytes: lim.memory_bytes,
        output_bytes: READER_OUTPUT,
    };
    let path = tmp.path().as_os_str();
    // pdfinfo (metadata, page count, encryption) and the first chunk of pages run side by side.
    let first_to = CHUNK_PAGES.min(lim.max_pages.max(1));
    let (info_run, first_chunk) = std::thread::scope(|s| {
        let chunk = s.spawn(|| pdftotext(path, 1, first_to, limits(started)));
        let info = run::run_guarded(
            "pdfinfo",
            &[
                OsStr::new("-isodates"),
                OsStr::new("-enc"),
                OsStr::new("UTF-8"),
                path,
            ],
            limits(started),
        );
        (
            info,
            chunk
                .join()
                .unwrap_or(Err(RunError::Io("reader thread".into()))),
        )
    });
    let info = match info_run {
        Err(RunError::Missing) => return lopdf_text::extract(body),
        Err(e) => return failed_run(&e),
        Ok(f) if f.code == Some(0) => info::parse_info(&String::from_utf8_lossy(&f.stdout)),
        Ok(f) => return refused(&f),
    };
    let mut info = info;
    if info.has_xmp {
        if let Ok(f) = run::run_guarded("pdfinfo", &[OsStr::new("-meta"), path], limits(started)) {
            if f.code == Some(0) {
                info::merge_xmp(&mut info, &String::from_utf8_lossy(&f.stdout));
            }
        }
    }
    let page_count = info.pages.unwrap_or(0);
    let base = PdfRead {
        metadata: info.metadata.clone(),
        facts: Some(PdfFacts {
            page_count,
            producer: info.producer.clone(),
            owner_password_only: info.encrypted.clone(),
            pages_read: (page_count > lim.max_pages).then_some(lim.max_pages),
        }),
        ..PdfRead::default()
    };
    if page_count == 0 {
        return PdfRead {
            problem: problem(ProblemKind::Empty, "The PDF has no pages.").problem,
            ..base
        };
    }
    let last = page_count.min(lim.max_pages.max(1));
    let mut frags = Vec::with_capacity(last as usize);
    let mut chunk = Some(first_chunk);
    let mut first = 1;
    while first <= last {
        let to = (first + CHUNK_PAGES - 1).min(last);
        let run = match chunk.take() {
            Some(done) => done,
            None => pdftotext(path, first, to, limits(started)),
        };
        match run {
            Ok(out) if out.code == Some(0) => {
                let pages = bbox::parse(&String::from_utf8_lossy(&out.stdout));
                frags.extend(
                    pages
                        .iter()
                        .take((to + 1 - first) as usize)
                        .map(layout::page_fragments),
                );
            }
            Ok(out) => {
                return PdfRead {
                    problem: refused(&out).problem,
                    ..base
                }
            }
            Err(e) => {
                return PdfRead {
                    problem: failed_run(&e).problem,
                    ..base
                }
            }
        }
        first = to + 1;
    }
    let texts = layout::page_texts(frags);
    let (text, pages) = join_pages(&texts);
    if text.trim().is_empty() {
        return PdfRead {
            pages,
            problem: problem(
                ProblemKind::NoTextLayer,
                "The PDF has no text layer (scanned pages?): its text would need OCR.",
            )
            .problem,
            ..base
        };
    }
    PdfRead {
        text: Some(text),
        pages,
        ..base
    }
}

/// Word boxes of pages `first..=last`.
fn pdftotext(
    path: &OsStr,
    first: u32,
    last: u32,
    limits: Limits,
) -> Result<run::Finished, RunError> {
    let (f, l) = (first.to_string(), last.to_string());
    let args = [
        OsStr::new("-bbox-layout"),
        OsStr::new("-enc"),
        OsStr::new("UTF-8"),
        OsStr::new("-f"),
        OsStr::new(&f),
        OsStr::new("-l"),
        OsStr::new(&l),
        path,
        OsStr::new("-"),
    ];
    run::run_guarded("pdftotext", &args, limits)
}

/// The pages' texts as one text (pages apart by a blank line) with each page's span.
pub(crate) fn join_pages(texts: &[String]) -> (String, Vec<Page>) {
    let mut text = String::new();
    let mut pages = Vec::with_capacity(texts.len());
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(t.trim());
        pages.push(Page {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            start,
            end: text.len(),
        });
    }
    (text, pages)
}

/// A reader that exited with an error: a user password, or a file it cannot read.
fn refused(f: &run::Finished) -> PdfRead {
    if f.stderr.contains("Incorrect password") {
        return problem(
            ProblemKind::PasswordRequired,
            "The PDF is encrypted with a user password: it cannot be opened without the password.",
        );
    }
    if f.code.is_none() {
        return problem(
            ProblemKind::TooLarge,
            "Reading the PDF passed the reader's memory limit, so it was stopped.",
        );
    }
    let why = f
        .stderr
        .lines()
        .map(|l| l.trim_start_matches("Syntax Error:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or("the reader could not open it");
    if why.contains("stream is empty") {
        return problem(ProblemKind::Empty, "The file is empty.");
    }
    problem(
        ProblemKind::Malformed,
        format!("The PDF is damaged or not a PDF: {why}."),
    )
}

fn failed_run(e: &RunError) -> PdfRead {
    let kind = match e {
        RunError::TimedOut => ProblemKind::TimedOut,
        RunError::OutputTooLarge => ProblemKind::TooLarge,
        RunError::Missing | RunError::Io(_) => ProblemKind::Malformed,
    };
    problem(kind, run_message(e))
}

fn run_message(e: &RunError) -> String {
    match e {
        RunError::Missing => "No PDF reader is installed (poppler-utils).".into(),
        RunError::TimedOut => {
            "Reading the PDF took longer than its time limit, so it was stopped.".into()
        }
        RunError::OutputTooLarge => {
            "The PDF's text is larger than the reader's output limit.".into()
        }
        RunError::Io(m) => format!("The PDF reader could not run: {m}."),
    }
}
