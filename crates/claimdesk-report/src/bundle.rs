//! The evidence bundle: a zip with the HTML and JSON reports, the sources' WARC, and a `SHA256SUMS` manifest.
//!
//! The manifest uses the `sha256sum` format (`<hex>  <name>`, sorted by name), so a recipient without Claimdesk
//! can unzip the bundle and run `sha256sum -c SHA256SUMS`. [`verify_bundle`] does the same check and more: every
//! listed file must be present with the listed hash, nothing unlisted may be there, and the three payload files
//! must all be listed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::anchor::hex;
use crate::error::ReportError;

/// The manifest's name inside the bundle.
pub const MANIFEST: &str = "SHA256SUMS";
/// The HTML report's name inside the bundle.
pub const REPORT_HTML: &str = "report.html";
/// The JSON report's name inside the bundle.
pub const REPORT_JSON: &str = "report.json";
/// The WARC's name inside the bundle.
pub const SOURCES_WARC: &str = "sources.warc.gz";

/// Upper bound on the manifest's size when verifying.
const MANIFEST_MAX_BYTES: u64 = 1 << 20;

/// Files a complete bundle must list.
const REQUIRED: [&str; 3] = [REPORT_HTML, REPORT_JSON, SOURCES_WARC];

/// SHA-256 of bytes, lowercase hex (the manifest's digests).
pub use claimdesk_core::sha256_hex;

/// Writes a bundle and returns the writer. Entries carry a fixed timestamp (1980-01-01, the zip epoch) so the
/// same reports and WARC always give byte-identical bundles.
pub fn write_bundle<W: Write + Seek>(
    out: W,
    report_html: &str,
    report_json: &str,
    warc_gz: &[u8],
) -> Result<W, ReportError> {
    let files: [(&str, &[u8]); 3] = [
        (REPORT_HTML, report_html.as_bytes()),
        (REPORT_JSON, report_json.as_bytes()),
        (SOURCES_WARC, warc_gz),
    ];
    let mut manifest = String::new();
    let mut sorted: Vec<&(&str, &[u8])> = files.iter().collect();
    sorted.sort_by_key(|(name, _)| *name);
    for (name, bytes) in sorted {
        manifest.push_str(&sha256_hex(bytes));
        manifest.push_str("  ");
        manifest.push_str(name);
        manifest.push('\n');
    }

    // The archive is built in memory and written out in one piece: a write error on `out` (a full disk) then
    // cannot happen inside the zip writer, whose drop would try to finish the archive again and print
    // "ZipWriter::drop: failed to finalize archive" on stderr.
    let mut out = out;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files
        .iter()
        .chain(std::iter::once(&(MANIFEST, manifest.as_bytes())))
    {
        // The WARC is gzip already; deflating it again costs time for nothing.
        let method = if name.ends_with(".gz") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(*name, base.compression_method(method))?;
        zip.write_all(bytes)?;
    }
    let bytes = zip.finish()?.into_inner();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(out)
}

/// What is wrong (or right) with one file of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Present, listed, and the hash matches.
    Ok,
    /// Present and listed, but the hash differs: the file was altered.
    #[serde(rename = "hash_mismatch")]
    Mismatch,
    /// Listed (or required) but not in the archive.
    Missing,
    /// In the archive but not listed in the manifest.
    Unlisted,
    /// Could not be read back (the zip's own CRC or compression check failed): the archive was altered.
    Corrupt,
}

impl FileState {
    /// A stable machine-readable code for the UI.
    pub fn code(self) -> &'static str {
        match self {
            FileState::Ok => "ok",
            FileState::Mismatch => "hash_mismatch",
            FileState::Missing => "missing",
            FileState::Unlisted => "unlisted",
            FileState::Corrupt => "corrupt",
        }
    }
}

impl std::fmt::Display for FileState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The check of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    /// The file's name in the archive.
    pub name: String,
    /// The hash the manifest lists, if listed.
    pub expected: Option<String>,
    /// The hash of the bytes in the archive, if they could be read.
    pub actual: Option<String>,
    /// The verdict.
    pub state: FileState,
}

/// The result of [`verify_bundle`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleCheck {
    /// True only when every file is `Ok` and the manifest is present and well-formed.
    pub ok: bool,
    /// One entry per file named by the archive or the manifest (the manifest itself excluded), sorted by name.
    pub files: Vec<FileCheck>,
    /// Problems with the manifest itself (absent, unreadable, malformed lines, duplicate names).
    pub manifest_problems: Vec<String>,
    /// Problems with the archive that hashes cannot catch: unsafe entry names (`../`, absolute paths; those
    /// entries are reported `Corrupt`), a name that appears more than once, local headers that disagree with the
    /// directory.
    pub archive_problems: Vec<String>,
}

/// Parses `sha256sum` output. Returns the entries and the problems found.
fn parse_manifest(text: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // "<64 hex><space><space or *><name>"; the '*' marks binary mode in GNU coreutils.
        let parsed = line
            .get(..64)
            .zip(line.get(64..66))
            .zip(line.get(66..))
            .filter(|((h, sep), name)| {
                h.bytes().all(|b| b.is_ascii_hexdigit())
                    && (*sep == "  " || *sep == " *")
                    && !name.is_empty()
            });
        match parsed {
            Some(((h, _), name)) => {
                if entries
                    .insert(name.to_string(), h.to_ascii_lowercase())
                    .is_some()
                {
                    problems.push(format!("manifest line {}: {name:?} is listed twice", n + 1));
                }
            }
            None => problems.push(format!("manifest line {} is not `<sha256>  <name>`", n + 1)),
        }
    }
    (entries, problems)
}

/// Checks a bundle: every file's SHA-256 against `SHA256SUMS`, that every listed file exists, that nothing
/// unlisted is there, and that the report and WARC are listed. Tampering is reported in the result (`ok` false);
/// an error means the input is not a readable zip archive at all.
pub fn verify_bundle<R: Read + Seek>(reader: R) -> Result<BundleCheck, ReportError> {
    let mut zip = ZipArchive::new(reader)?;
    let mut actual: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut manifest_text: Option<Result<String, String>> = None;
    let mut archive_problems = Vec::new();
    if zip.has_duplicate_names() {
        // Two entries with one name: extractors disagree on which copy wins (a forged copy can sit in front of the
        // genuine one), and the reader keeps only one of them, so what was hashed may not be what is extracted.
        archive_problems.push(
            "a file name appears more than once in the archive; an extractor may use a copy that was not checked"
                .to_string(),
        );
    } else if let Err(e) = zip.validate_header_consistency() {
        // The local headers (what a streaming extractor reads) name or hide other files than the directory.
        archive_problems.push(format!(
            "the archive's local headers disagree with its directory: {e}"
        ));
    }
    for i in 0..zip.len() {
        let mut file = match zip.by_index(i) {
            Ok(f) => f,
            Err(_) => {
                // A damaged local header: we cannot even name the entry, so report it by position.
                actual.insert(format!("<entry {i}>"), None);
                continue;
            }
        };
        let name = file
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("<entry {i}>"));
        if let Some(why) = unsafe_entry_name(&name) {
            // An extractor would write this entry outside the folder it unpacks into (or refuse it): such an
            // archive never verifies, whatever its hashes say.
            archive_problems.push(format!("entry {name:?} {why}"));
            actual.insert(name, None);
            continue;
        }
        if file.is_dir() {
            actual.insert(name, None);
            continue;
        }
        if name == MANIFEST {
            // A real manifest is a few hundred bytes; the cap keeps a hostile one from exhausting memory.
            let mut text = String::new();
            let read = (&mut file)
                .take(MANIFEST_MAX_BYTES + 1)
                .read_to_string(&mut text);
            manifest_text = Some(match read {
                Ok(n) if n as u64 > MANIFEST_MAX_BYTES => {
                    Err(format!("larger than {MANIFEST_MAX_BYTES} bytes"))
                }
                Ok(_) => Ok(text),
                Err(e) => Err(e.to_string()),
            });
            continue;
        }
        // Hash while streaming, so a large WARC is never held in memory. The zip reader checks the entry's CRC
        // at the end and returns an error when it does not match.
        let mut hasher = Sha256::new();
        let mut buf = [0u8; 64 * 1024];
        let digest = loop {
            match file.read(&mut buf) {
                Ok(0) => break Some(hex(&hasher.finalize())),
                Ok(n) => hasher.update(buf.get(..n).unwrap_or(&[])),
                Err(_) => break None,
            }
        };
        actual.insert(name, digest);
    }

    let mut manifest_problems = Vec::new();
    let listed = match manifest_text {
        Some(Ok(text)) => {
            let (entries, problems) = parse_manifest(&text);
            manifest_problems.extend(problems);
            entries
        }
        Some(Err(e)) => {
            manifest_problems.push(format!("{MANIFEST} could not be read: {e}"));
            BTreeMap::new()
        }
        None => {
            manifest_problems.push(format!("{MANIFEST} is missing"));
            BTreeMap::new()
        }
    };
    for req in REQUIRED {
        if !listed.contains_key(req) && !manifest_problems.iter().any(|p| p.ends_with("is missing"))
        {
            manifest_problems.push(format!("{req} is not listed in {MANIFEST}"));
        }
    }

    let names: BTreeSet<&String> = actual.keys().chain(listed.keys()).collect();
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let expected = listed.get(name).cloned();
        let present = actual.get(name);
        let got = present.cloned().flatten();
        let state = match (&expected, present) {
            (Some(_), None) => FileState::Missing,
            (None, Some(_)) => FileState::Unlisted,
            (_, Some(None)) => FileState::Corrupt,
            (Some(e), Some(Some(a))) if e == a => FileState::Ok,
            (Some(_), Some(Some(_))) => FileState::Mismatch,
            (None, None) => continue,
        };
        files.push(FileCheck {
            name: name.clone(),
            expected,
            actual: got,
            state,
        });
    }
    // A required file that neither the archive nor the manifest names still makes the bundle incomplete.
    for req in REQUIRED {
        if !files.iter().any(|f| f.name == req) {
            files.push(FileCheck {
                name: req.to_string(),
                expected: None,
                actual: None,
                state: FileState::Missing,
            });
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let ok = manifest_problems.is_empty()
        && archive_problems.is_empty()
        && files.iter().all(|f| f.state == FileState::Ok);
    Ok(BundleCheck {
        ok,
        files,
        manifest_problems,
        archive_problems,
    })
}

/// Why an entry name is unsafe to extract, if it is: a `..` component, an absolute path (`/x`, `\\x`, `C:x`), a
/// backslash (a separator on Windows) or a NUL byte. Bundles Claimdesk writes hold only plain file names.
fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("has an empty name");
    }
    if name.contains('\0') {
        return Some("has a NUL byte in its name");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("has an absolute path");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Some("has an absolute path (a drive letter)");
    }
    if name.contains('\\') {
        return Some("has a backslash in its name");
    }
    if name.split('/').any(|c| c == "..") {
        return Some("has a `..` component that points outside the bundle");
    }
    None
}

/// Verifies a bundle held in memory.
pub fn verify_bundle_bytes(bytes: &[u8]) -> Result<BundleCheck, ReportError> {
    verify_bundle(std::io::Cursor::new(bytes))
}

/// Verifies a bundle file.
pub fn verify_bundle_file(path: &std::path::Path) -> Result<BundleCheck, ReportError> {
    verify_bundle(std::io::BufReader::new(std::fs::File::open(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_parsing_accepts_sha256sum_output_and_flags_junk() {
        let h = "a".repeat(64);
        let (e, p) = parse_manifest(&format!(
            "{h}  report.html\n{h} *report.json\n\nnot a line\n{h}  report.html\n"
        ));
        assert_eq!(e.len(), 2);
        assert_eq!(e.get("report.json").map(String::as_str), Some(h.as_str()));
        assert_eq!(p.len(), 2, "{p:?}");
    }
}
