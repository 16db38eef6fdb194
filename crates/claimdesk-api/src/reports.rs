//! Verification reports and evidence bundles: the facade fills a [`claimdesk_report::ReportInput`] from the store
//! and hands it to the report crate, which knows nothing of the store.

use std::collections::HashMap;
use std::path::Path;

use claimdesk_report as rpt;

/// What is wrong (or right) with one file of a bundle: the report crate's vocabulary, exported to TypeScript.
pub use claimdesk_report::FileState;
use claimdesk_sources::warc::{write_warc_gz, WarcSnapshot};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{enum_name, rfc3339, store, ApiError, ApiResult, Claimdesk, ErrorCode};

/// A report format, as the CLI's `--format` and the UI's export dialog name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// One self-contained, printable HTML file (no scripts, no external requests).
    Html,
    /// GitHub-flavoured Markdown.
    #[serde(rename = "md")]
    Markdown,
    /// Versioned JSON described by `docs/report-schema.json`.
    Json,
    /// RFC 4180 CSV, one row per claim × citation.
    Csv,
    /// schema.org ClaimReview JSON-LD (needs a review URL).
    Claimreview,
}

impl ReportFormat {
    /// Every format, in the order the export dialog lists them.
    pub const ALL: [ReportFormat; 5] = [
        ReportFormat::Html,
        ReportFormat::Markdown,
        ReportFormat::Json,
        ReportFormat::Csv,
        ReportFormat::Claimreview,
    ];

    fn inner(self) -> rpt::Format {
        match self {
            ReportFormat::Html => rpt::Format::Html,
            ReportFormat::Markdown => rpt::Format::Markdown,
            ReportFormat::Json => rpt::Format::Json,
            ReportFormat::Csv => rpt::Format::Csv,
            ReportFormat::Claimreview => rpt::Format::ClaimReview,
        }
    }

    /// The name used on the command line (`html`, `md`, `json`, `csv`, `claimreview`).
    pub fn as_str(self) -> &'static str {
        self.inner().as_str()
    }
}

impl std::str::FromStr for ReportFormat {
    type Err = ApiError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let f: rpt::Format = s.parse()?;
        Ok(match f {
            rpt::Format::Html => ReportFormat::Html,
            rpt::Format::Markdown => ReportFormat::Markdown,
            rpt::Format::Json => ReportFormat::Json,
            rpt::Format::Csv => ReportFormat::Csv,
            rpt::Format::ClaimReview => ReportFormat::Claimreview,
        })
    }
}

/// A rendered report for the export dialog's preview and save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReportPreview {
    /// The format rendered.
    pub format: ReportFormat,
    /// Its MIME type, for the save dialog.
    pub mime_type: String,
    /// The usual file extension, without the dot.
    pub extension: String,
    /// The report itself. HTML is shown in a sandboxed frame or as text, never inserted into the app's DOM.
    pub text: String,
}

/// The check of one file in an evidence bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleFileCheck {
    /// The file's name in the archive.
    pub name: String,
    /// `ok`, `hash_mismatch`, `missing`, `unlisted` or `corrupt`.
    pub state: FileState,
    /// The SHA-256 the manifest lists, if listed.
    pub expected: Option<String>,
    /// The SHA-256 of the bytes in the archive, if they could be read.
    pub actual: Option<String>,
}

/// The result of verifying an evidence bundle (`claimdesk verify-bundle`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleCheck {
    /// True only when every file matches the manifest and the manifest is complete and well-formed.
    pub ok: bool,
    /// One entry per file named by the archive or the manifest, sorted by name.
    pub files: Vec<BundleFileCheck>,
    /// Problems with the `SHA256SUMS` manifest itself.
    pub manifest_problems: Vec<String>,
}

/// Environment variable naming the reviewing organisation in ClaimReview exports (`author`).
pub const ORGANIZATION_ENV: &str = "CLAIMDESK_ORGANIZATION";

/// Byte offset -> 1-based line number, by binary search over the line starts of one text.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines(starts)
    }

    fn line_of(&self, byte: usize) -> u32 {
        let n = match self.0.binary_search(&byte) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        u32::try_from(n.max(1)).unwrap_or(u32::MAX)
    }
}

impl Claimdesk {
    /// Gathers everything a report on document `doc` shows. Claims are the check-worthy sentences plus any other
    /// sentence the editor already worked on (a status or a citation), in draft order.
    pub fn report_input(
        &self,
        doc: u64,
        review_url: Option<String>,
    ) -> ApiResult<rpt::ReportInput> {
        let d = self.store.document(doc)?;
        let current = self.store.document_version(doc, d.current_version())?;
        let mut lines: HashMap<u32, Lines> = HashMap::new();
        lines.insert(current.info.number, Lines::new(&current.text));

        let mut claims = self.store.claims(doc)?;
        claims.retain(|c| {
            c.checkworthy || c.status != store::Status::Unsourced || !c.citations.is_empty()
        });
        // Orphans keep the anchor of the version they were last seen in; order them after the live claims.
        claims.sort_by_key(|c| (c.orphan, c.anchor.start, c.id));

        let mut sources: Vec<rpt::SourceInfo> = Vec::new();
        let mut source_of: HashMap<u64, usize> = HashMap::new();
        let mut snapshot_texts: Vec<String> = Vec::new();
        let mut snapshot_pages: Vec<Vec<usize>> = Vec::new();
        let mut entries = Vec::with_capacity(claims.len());
        for c in &claims {
            let version = c.anchor.version;
            if let std::collections::hash_map::Entry::Vacant(slot) = lines.entry(version) {
                // An orphan's anchor points into an older version; its line is counted there.
                let text = self
                    .store
                    .document_version(doc, version)
                    .map(|v| v.text)
                    .unwrap_or_default();
                slot.insert(Lines::new(&text));
            }
            let line = lines.get(&version).map_or(1, |l| l.line_of(c.anchor.start));

            let history = self.store.history(c.id)?;
            let last_status = history
                .iter()
                .rev()
                .find(|e| e.kind == store::EventKind::StatusChanged);
            let mut citations = Vec::new();
            for cit in self.store.citations(c.id)? {
                let source = match cit.snapshot {
                    Some(sid) => Some(match source_of.get(&sid) {
                        Some(&i) => i,
                        None => {
                            let snap = self.store.snapshot(sid)?;
                            // The same health the workbench shows: from the recorded link checks.
                            let (health, _) = self.health_of(&snap.url, Some(&snap))?;
                            let i = sources.len();
                            sources.push(source_info(&snap, health));
                            snapshot_pages.push(snap.page_starts.clone());
                            snapshot_texts.push(snap.text);
                            source_of.insert(sid, i);
                            i
                        }
                    }),
                    None => None,
                };
                let quote_checks = match source.and_then(|i| snapshot_texts.get(i)) {
                    Some(src_text) => c
                        .detection
                        .quotes
                        .iter()
                        .map(|q| quote_check(&q.text, src_text))
                        .collect(),
                    None => Vec::new(),
                };
                citations.push(rpt::CitationEntry {
                    id: cit.id.to_string(),
                    url: cit.url,
                    stance: cit.stance,
                    note: cit.note,
                    added_by: cit.added_by,
                    added_at: rfc3339(cit.added_at),
                    source,
                    passage: cit.passage.map(|p| rpt::PassageInfo {
                        page: source
                            .and_then(|i| snapshot_pages.get(i))
                            .and_then(|starts| crate::sources::page_of(starts, p.start)),
                        text: p.text,
                        start: p.start,
                        end: p.end,
                    }),
                    quote_checks,
                });
            }
            entries.push(rpt::ClaimEntry {
                id: c.id.to_string(),
                text: c.text.clone(),
                start: c.anchor.start,
                end: c.anchor.end,
                line,
                status: c.status,
                status_set_by: last_status.map(|e| e.editor.clone()),
                status_set_at: last_status.map(|e| rfc3339(e.at)),
                status_reason: c.status_reason.clone(),
                stale: c.stale,
                orphan: c.orphan,
                checkworthy: c.checkworthy,
                score: c.detection.score,
                kinds: c.detection.kinds.clone(),
                unnamed_source: c.detection.unnamed_source,
                opinion: c.detection.opinion,
                quotes: c
                    .detection
                    .quotes
                    .iter()
                    .map(|q| rpt::QuoteInfo {
                        text: q.text.clone(),
                        speaker: q.speaker.clone(),
                    })
                    .collect(),
                citations,
                history: history
                    .into_iter()
                    .map(|e| rpt::HistoryItem {
                        at: rfc3339(e.at),
                        editor: e.editor,
                        action: enum_name(&e.kind),
                        old: e.old.and_then(crate::value_text),
                        new: e.new.and_then(crate::value_text),
                        reason: e.reason,
                    })
                    .collect(),
            });
        }

        let review_url = review_url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let publication = review_url.map(|review_url| rpt::Publication {
            review_url,
            organization: std::env::var(ORGANIZATION_ENV)
                .map(|o| o.trim().to_string())
                .unwrap_or_default(),
            organization_url: None,
        });
        Ok(rpt::ReportInput {
            document: rpt::DocInfo {
                id: d.id.to_string(),
                title: d.title.clone(),
                file_name: d.file_name().unwrap_or_default().to_string(),
                version: current.info.number,
                text_sha256: current.info.sha256.clone(),
                imported_at: rfc3339(current.info.imported_at),
                author: None,
                url: None,
            },
            generated_at: rfc3339(claimdesk_core::now_millis()),
            generator: format!("claimdesk {}", env!("CARGO_PKG_VERSION")),
            publication,
            claims: entries,
            sources,
        })
    }

    /// Renders a report on document `doc`. ClaimReview needs `review_url`, the page that will host the review.
    pub fn report(
        &self,
        doc: u64,
        format: ReportFormat,
        review_url: Option<String>,
    ) -> ApiResult<String> {
        let input = self.report_input(doc, review_url)?;
        rpt::render(&input, format.inner()).map_err(|e| match e {
            rpt::ReportError::MissingReviewUrl => ApiError::new(
                ErrorCode::MissingReviewUrl,
                "A ClaimReview export needs the URL of the page that will host the review (--review-url URL on \
                 the command line).",
            ),
            other => other.into(),
        })
    }

    /// A report with its MIME type and extension, for the export dialog's preview.
    pub fn report_preview(
        &self,
        doc: u64,
        format: ReportFormat,
        review_url: Option<String>,
    ) -> ApiResult<ReportPreview> {
        let text = self.report(doc, format, review_url)?;
        let f = format.inner();
        Ok(ReportPreview {
            format,
            mime_type: f.mime_type().to_string(),
            extension: f.extension().to_string(),
            text,
        })
    }

    /// The WARC/1.1 archive (gzip per record) of every snapshot cited in document `doc`, with raw bodies.
    pub fn document_warc(&self, doc: u64) -> ApiResult<Vec<u8>> {
        let mut ids: Vec<u64> = Vec::new();
        for c in self.store.claims(doc)? {
            for cit in self.store.citations(c.id)? {
                if let Some(s) = cit.snapshot {
                    if !ids.contains(&s) {
                        ids.push(s);
                    }
                }
            }
        }
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            let snap = self.store.snapshot(id)?;
            let body = self.store.snapshot_raw(id)?;
            records.push(warc_record(&snap, body));
        }
        let mut warc = Vec::new();
        write_warc_gz(
            &records,
            &format!("claimdesk {}", env!("CARGO_PKG_VERSION")),
            &mut warc,
        )
        .map_err(ApiError::internal)?;
        Ok(warc)
    }

    /// Writes the cited sources of document `doc` as a `.warc.gz` file (`claimdesk export-warc`).
    pub fn export_warc(&self, doc: u64, path: &Path) -> ApiResult<()> {
        self.document(doc)?;
        let warc = self.document_warc(doc)?;
        crate::files::write_atomically(path, &warc)
    }

    /// Writes the evidence bundle of document `doc` to `path`: `report.html`, `report.json`, `sources.warc.gz`
    /// (every cited snapshot with its raw body) and a `SHA256SUMS` manifest. The file appears when complete.
    pub fn write_bundle(&self, doc: u64, path: &Path) -> ApiResult<()> {
        let input = self.report_input(doc, None)?;
        let report = rpt::Report::new(&input)?;
        let html = report.render(rpt::Format::Html)?;
        let json = report.render(rpt::Format::Json)?;

        let warc = self.document_warc(doc)?;

        let tmp = path.with_extension("partial");
        let write = || -> std::io::Result<()> {
            let f = std::fs::File::create(&tmp)?;
            let f = rpt::write_bundle(std::io::BufWriter::new(f), &html, &json, &warc)
                .map_err(std::io::Error::other)?;
            f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            crate::write_error("the bundle", path, &e)
        })
    }

    /// Checks an evidence bundle against its manifest. Tampering is reported in the result (`ok` false); an error
    /// means the file is missing or not a zip archive at all.
    pub fn verify_bundle(path: &Path) -> ApiResult<BundleCheck> {
        crate::files::check_regular_file(path, "bundle file")?;
        let check = rpt::verify_bundle_file(path).map_err(|e| match e {
            rpt::ReportError::Zip(z) => ApiError::new(
                ErrorCode::BundleZip,
                format!("{} is not a readable zip archive: {z}.", path.display()),
            ),
            other => other.into(),
        })?;
        Ok(BundleCheck {
            ok: check.ok,
            files: check
                .files
                .into_iter()
                .map(|f| BundleFileCheck {
                    name: f.name,
                    state: f.state,
                    expected: f.expected,
                    actual: f.actual,
                })
                .collect(),
            // The wire has one list of problems; archive problems (unsafe or duplicate entry names) join it so
            // the UI and the CLI show them without a change to the transport types.
            manifest_problems: check
                .manifest_problems
                .into_iter()
                .chain(check.archive_problems)
                .collect(),
        })
    }
}

fn source_info(snap: &store::Snapshot, link_health: rpt::LinkHealth) -> rpt::SourceInfo {
    let m = &snap.metadata;
    rpt::SourceInfo {
        url: snap.url.clone(),
        final_url: Some(snap.final_url.clone()).filter(|u| !u.is_empty() && *u != snap.url),
        title: m.title.clone(),
        publisher: m.site_name.clone(),
        authors: m.authors.clone(),
        published: m.published.clone(),
        archived_at: Some(rfc3339(snap.fetched_at)),
        sha256: Some(snap.sha256.clone()),
        link_health,
        text: Some(snap.text.clone()),
        editor_file: match &snap.origin {
            store::SnapshotOrigin::EditorFile { file_name } => Some(file_name.clone()),
            store::SnapshotOrigin::Fetched => None,
        },
    }
}

fn quote_check(quote: &str, source: &str) -> rpt::QuoteCheck {
    let q = claimdesk_evidence::check_quote(quote, source);
    rpt::QuoteCheck {
        quote: quote.to_string(),
        matched: match q.r#match {
            claimdesk_evidence::MatchKind::Exact => rpt::QuoteMatch::Exact,
            claimdesk_evidence::MatchKind::Fuzzy => rpt::QuoteMatch::Fuzzy,
            // The lexical check (no embeddings) never answers `translated`; were it to, it is not found verbatim.
            claimdesk_evidence::MatchKind::NotFound | claimdesk_evidence::MatchKind::Translated => {
                rpt::QuoteMatch::NotFound
            }
        },
        distance: q.distance.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
        source_text: q.source_text,
    }
}

/// A stored snapshot as a WARC response/request pair. The store keeps the redirect chain as URLs only, so each hop
/// before the final URL is recorded with status 0 (unknown); the WARC writer only names the first requested URL.
fn warc_record(snap: &store::Snapshot, body: Vec<u8>) -> WarcSnapshot {
    let redirect_chain = snap
        .redirect_chain
        .iter()
        .filter(|u| **u != snap.final_url)
        .map(|u| claimdesk_sources::Redirect {
            url: u.clone(),
            status: 0,
        })
        .collect();
    WarcSnapshot {
        target_uri: if snap.final_url.is_empty() {
            snap.url.clone()
        } else {
            snap.final_url.clone()
        },
        fetched_at: rfc3339(snap.fetched_at),
        status: snap.status,
        headers: snap.headers.clone(),
        body,
        user_agent: claimdesk_sources::default_user_agent(),
        redirect_chain,
        editor_file: match &snap.origin {
            store::SnapshotOrigin::EditorFile { file_name } => {
                Some(claimdesk_sources::warc::EditorFile {
                    name: file_name.clone(),
                    content_type: snap.content_type.clone(),
                })
            }
            store::SnapshotOrigin::Fetched => None,
        },
    }
}
