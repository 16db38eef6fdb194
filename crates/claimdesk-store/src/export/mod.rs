//! Whole-workspace export to one file and import back, for backups and for moving to another machine.
//!
//! The file is JSON Lines: a header line, then one record per line (settings, counters, documents, versions, claims,
//! citations, snapshots with their compressed bodies in base64, events), then a trailer with the record count so a
//! truncated file is refused. Indexes are not exported; import rebuilds them from the records.

mod validate;

use std::io::{BufRead, Write};
use std::path::Path;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::model::*;
use crate::store::*;

/// The `format` value in an export file's header.
pub const EXPORT_FORMAT: &str = "claimdesk-workspace";
/// The version of the export file layout.
pub const EXPORT_FORMAT_VERSION: u32 = 1;

/// The id counters: exported with a workspace, and moved to a desk's own range when it joins a team workspace.
pub(crate) const COUNTERS: [&str; 5] = ["document", "claim", "citation", "snapshot", "event"];

#[derive(Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum Line {
    Header {
        format: String,
        format_version: u32,
        schema_version: u32,
        exported_at: Millis,
    },
    Setting {
        key: String,
        value: String,
    },
    Counter {
        kind: String,
        last: Id,
    },
    Document(Document),
    Version(DocumentVersion),
    Claim(Claim),
    Citation(Citation),
    Snapshot {
        // Boxed: a snapshot record is several times the size of the other lines.
        snapshot: Box<Snapshot>,
        body_zstd_base64: String,
    },
    Event(Event),
    End {
        records: u64,
    },
}

/// What an import brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// Documents imported.
    pub documents: usize,
    /// Claims imported.
    pub claims: usize,
    /// Citations imported.
    pub citations: usize,
    /// Snapshots imported.
    pub snapshots: usize,
    /// History events imported.
    pub events: usize,
}

fn bad(message: impl Into<String>) -> StoreError {
    StoreError::BadExportFile {
        message: message.into(),
    }
}

impl Store {
    fn last_event_id(&self) -> Result<Option<Id>> {
        Ok(self
            .tree(EVENTS)?
            .last()?
            .and_then(|(k, _)| <[u8; 8]>::try_from(k.as_ref()).ok())
            .map(u64::from_be_bytes))
    }

    /// Writes the whole workspace to `out`.
    ///
    /// Every change appends an event, so an unchanged last event id before and after the scan proves the export is
    /// a consistent picture; if a background writer got in between, the export starts over (up to five times).
    pub fn export<W: Write>(&self, out: &mut W) -> Result<()> {
        for _ in 0..5 {
            let before = self.last_event_id()?;
            let lines = self.export_lines()?;
            if self.last_event_id()? == before {
                for l in &lines {
                    out.write_all(l)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
                return Ok(());
            }
        }
        Err(StoreError::Storage {
            message: "the workspace kept changing during export; try again".into(),
        })
    }

    /// Exports to a file, atomically: a temporary file next to it is renamed into place when complete.
    /// A failed export removes its temporary file, so nothing half-written is left next to `path`.
    pub fn export_to(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("partial");
        let write = || -> Result<()> {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            self.export(&mut f)?;
            f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)?;
            Ok(())
        };
        write().inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    fn export_lines(&self) -> Result<Vec<Vec<u8>>> {
        let mut lines = Vec::new();
        let push = |lines: &mut Vec<Vec<u8>>, l: &Line| -> Result<()> {
            lines.push(encode(l)?);
            Ok(())
        };
        push(
            &mut lines,
            &Line::Header {
                format: EXPORT_FORMAT.into(),
                format_version: EXPORT_FORMAT_VERSION,
                schema_version: SCHEMA_VERSION,
                exported_at: now_millis(),
            },
        )?;
        if let Some(e) = self.tree(META)?.get(b"editor")? {
            push(
                &mut lines,
                &Line::Setting {
                    key: "editor".into(),
                    value: String::from_utf8_lossy(&e).into_owned(),
                },
            )?;
        }
        for kind in COUNTERS {
            if let Some(b) = self.tree(META)?.get(format!("seq/{kind}"))? {
                let last = <[u8; 8]>::try_from(b.as_ref())
                    .map(u64::from_be_bytes)
                    .map_err(|_| StoreError::corrupt("bad counter"))?;
                push(
                    &mut lines,
                    &Line::Counter {
                        kind: kind.into(),
                        last,
                    },
                )?;
            }
        }
        for v in self.tree(DOCUMENTS)?.iter().values() {
            push(&mut lines, &Line::Document(decode(&v?)?))?;
        }
        for v in self.tree(VERSIONS)?.iter().values() {
            push(&mut lines, &Line::Version(decode(&v?)?))?;
        }
        for v in self.tree(CLAIMS)?.iter().values() {
            push(&mut lines, &Line::Claim(decode(&v?)?))?;
        }
        for v in self.tree(CITATIONS)?.iter().values() {
            push(&mut lines, &Line::Citation(decode(&v?)?))?;
        }
        let bodies = self.tree(SNAPSHOT_BODIES)?;
        for kv in self.tree(SNAPSHOTS)?.iter() {
            let (k, v) = kv?;
            let snapshot: Snapshot = decode(&v)?;
            let body = bodies.get(&k)?.ok_or_else(|| {
                StoreError::corrupt(format!("snapshot {} has no body", snapshot.id))
            })?;
            let body_zstd_base64 = base64::engine::general_purpose::STANDARD.encode(&body);
            push(
                &mut lines,
                &Line::Snapshot {
                    snapshot: Box::new(snapshot),
                    body_zstd_base64,
                },
            )?;
        }
        for v in self.tree(EVENTS)?.iter().values() {
            push(&mut lines, &Line::Event(decode(&v?)?))?;
        }
        let records = lines.len() as u64 - 1;
        push(&mut lines, &Line::End { records })?;
        Ok(lines)
    }

    /// Reads a workspace file into this workspace, which must be empty, in one transaction: a bad file imports
    /// nothing.
    pub fn import<R: BufRead>(&self, input: R) -> Result<ImportSummary> {
        for t in [DOCUMENTS, CLAIMS, SNAPSHOTS, EVENTS] {
            if !self.tree(t)?.is_empty() {
                return Err(StoreError::WorkspaceNotEmpty);
            }
        }
        let mut lines = Vec::new();
        let mut header = false;
        let mut end = None;
        for (n, line) in input.lines().enumerate() {
            let line = line.map_err(|e| match e.kind() {
                // A workspace file is UTF-8 JSON Lines; other bytes mean it is not one (or is damaged).
                std::io::ErrorKind::InvalidData => bad(format!("line {} is not UTF-8 text", n + 1)),
                _ => StoreError::from(e),
            })?;
            if line.trim().is_empty() {
                continue;
            }
            if end.is_some() {
                return Err(bad(format!("line {}: data after the end record", n + 1)));
            }
            let l: Line =
                serde_json::from_str(&line).map_err(|e| bad(format!("line {}: {e}", n + 1)))?;
            match l {
                Line::Header {
                    format,
                    format_version,
                    schema_version,
                    ..
                } => {
                    if header || n != 0 || format != EXPORT_FORMAT {
                        return Err(bad("the header is missing or repeated"));
                    }
                    if format_version > EXPORT_FORMAT_VERSION || schema_version > SCHEMA_VERSION {
                        return Err(StoreError::SchemaTooNew {
                            found: schema_version,
                            supported: SCHEMA_VERSION,
                        });
                    }
                    header = true;
                }
                Line::End { records } => end = Some(records),
                other if header => lines.push(other),
                _ => return Err(bad("the file does not start with a Claimdesk header")),
            }
        }
        match end {
            Some(r) if r == lines.len() as u64 => {}
            Some(r) => {
                return Err(bad(format!(
                    "the end record says {r} records, the file has {}",
                    lines.len()
                )))
            }
            None => return Err(bad("the file is truncated (no end record)")),
        }
        check_ids(&lines)?;
        let mut bodies = Vec::new();
        for l in &lines {
            if let Line::Snapshot {
                body_zstd_base64, ..
            } = l
            {
                bodies.push(
                    base64::engine::general_purpose::STANDARD
                        .decode(body_zstd_base64)
                        .map_err(|e| bad(format!("snapshot body: {e}")))?,
                );
            }
        }
        validate::validate(&lines, &bodies)?;
        let summary = self.act("import", |tx| {
            let mut s = ImportSummary::default();
            let mut body = bodies.iter();
            for l in &lines {
                match l {
                    Line::Setting { key, value } if key == "editor" => {
                        tx.put_raw(META, b"editor", value.as_bytes().to_vec())?
                    }
                    Line::Counter { kind, last } => tx.bump_id(kind, *last)?,
                    Line::Document(d) => {
                        tx.put(DOCUMENTS, &id_key(d.id), d)?;
                        tx.bump_id("document", d.id)?;
                        s.documents += 1;
                    }
                    Line::Version(v) => {
                        tx.put(VERSIONS, &version_key(v.document, v.info.number), v)?
                    }
                    Line::Claim(c) => {
                        tx.put_claim(c)?;
                        tx.bump_id("claim", c.id)?;
                        s.claims += 1;
                    }
                    Line::Citation(c) => {
                        tx.put(CITATIONS, &id_key(c.id), c)?;
                        tx.bump_id("citation", c.id)?;
                        s.citations += 1;
                    }
                    Line::Snapshot { snapshot, .. } => {
                        let Some(b) = body.next() else {
                            return abort(bad("snapshot body missing"));
                        };
                        tx.put_existing_snapshot(snapshot, b.clone())?;
                        tx.bump_id("snapshot", snapshot.id)?;
                        s.snapshots += 1;
                    }
                    Line::Event(e) => {
                        tx.put_existing_event(e)?;
                        tx.bump_id("event", e.id)?;
                        s.events += 1;
                    }
                    _ => {}
                }
            }
            Ok(s)
        })?;
        Ok(summary)
    }

    /// Imports a workspace file from disk.
    pub fn import_from(&self, path: &Path) -> Result<ImportSummary> {
        self.import(std::io::BufReader::new(std::fs::File::open(path)?))
    }
}

/// No counter and no id may be at `u64::MAX`: the next id of that kind could not be handed out (it would wrap to 0
/// and overwrite a record), so such a file is refused before anything is written.
fn check_ids(lines: &[Line]) -> Result<()> {
    for l in lines {
        let (kind, id) = match l {
            Line::Counter { kind, last } => (kind.as_str(), *last),
            Line::Document(d) => ("document", d.id),
            Line::Claim(c) => ("claim", c.id),
            Line::Citation(c) => ("citation", c.id),
            Line::Snapshot { snapshot, .. } => ("snapshot", snapshot.id),
            Line::Event(e) => ("event", e.id),
            _ => continue,
        };
        if id == Id::MAX {
            return Err(bad(format!(
                "the {kind} id {id} is at the id counter's maximum; no new {kind} could be added after importing it"
            )));
        }
    }
    Ok(())
}
