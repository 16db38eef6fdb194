//! WARC/1.1 export (ISO 28500:2017): one `warcinfo` record, then a `response` and a `request` record per
//! fetched snapshot, or one `resource` record for a copy the editor saved (nothing was fetched, so there is no
//! HTTP exchange to record), each record compressed as its own gzip member (the `.warc.gz` convention that lets
//! readers seek to any record).

use std::io::{self, Write};

use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::fetch::{Fetched, Redirect};

/// One archived fetch, as the WARC writer needs it. Build it from a [`Fetched`] or from a stored snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarcSnapshot {
    /// The URL that answered (the final URL after redirects): the record's `WARC-Target-URI`.
    pub target_uri: String,
    /// When it was fetched, RFC 3339.
    pub fetched_at: String,
    /// HTTP status code.
    pub status: u16,
    /// Stored response headers.
    pub headers: Vec<(String, String)>,
    /// The body as stored (content codings removed).
    pub body: Vec<u8>,
    /// The User-Agent the request was sent with.
    pub user_agent: String,
    /// Redirects that led here; written as a `WARC-Redirect-Chain` note in the warcinfo-free metadata field.
    pub redirect_chain: Vec<Redirect>,
    /// Set when the body is a file the editor saved as the copy of the URL: written as a `resource` record.
    #[serde(default)]
    pub editor_file: Option<EditorFile>,
}

/// A file the editor saved, archived as the copy of a URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EditorFile {
    /// The file's name.
    pub name: String,
    /// Its content type (from its extension), if known.
    pub content_type: Option<String>,
}

impl WarcSnapshot {
    /// A snapshot from a fresh fetch.
    pub fn from_fetched(f: &Fetched, user_agent: &str) -> Self {
        WarcSnapshot {
            target_uri: f.final_url.clone(),
            fetched_at: f.fetched_at.clone(),
            status: f.status,
            headers: f.headers.clone(),
            body: f.body.clone(),
            user_agent: user_agent.to_string(),
            redirect_chain: f.redirect_chain.clone(),
            editor_file: None,
        }
    }
}

/// Writes `records` as a gzipped WARC/1.1 file to `out`. `software` names the producer in the warcinfo record.
pub fn write_warc_gz(
    records: &[WarcSnapshot],
    software: &str,
    mut out: impl Write,
) -> io::Result<()> {
    let now = crate::fetch::now_rfc3339();
    let info_body = format!(
        "software: {software}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
    );
    let info_id = record_id(&[b"warcinfo", now.as_bytes(), info_body.as_bytes()]);
    write_record(
        &mut out,
        &[
            ("WARC-Type", "warcinfo".to_string()),
            ("WARC-Record-ID", info_id.clone()),
            ("WARC-Date", warc_date(&now)),
            ("WARC-Filename", "claimdesk-export.warc.gz".to_string()),
            ("Content-Type", "application/warc-fields".to_string()),
        ],
        info_body.as_bytes(),
    )?;
    for (i, snap) in records.iter().enumerate() {
        let date = warc_date(&snap.fetched_at);
        if let Some(file) = &snap.editor_file {
            let index = i.to_string();
            let id = record_id(&[
                b"resource",
                index.as_bytes(),
                snap.target_uri.as_bytes(),
                snap.fetched_at.as_bytes(),
                &snap.body,
            ]);
            write_record(
                &mut out,
                &[
                    ("WARC-Type", "resource".to_string()),
                    ("WARC-Record-ID", id),
                    ("WARC-Warcinfo-ID", info_id.clone()),
                    ("WARC-Date", date),
                    ("WARC-Target-URI", snap.target_uri.clone()),
                    ("WARC-Block-Digest", digest(&snap.body)),
                    ("WARC-Claimdesk-Editor-File", file.name.clone()),
                    (
                        "Content-Type",
                        file.content_type
                            .clone()
                            .unwrap_or_else(|| "application/octet-stream".into()),
                    ),
                ],
                &snap.body,
            )?;
            continue;
        }
        let http_response = http_response_block(snap);
        let payload_digest = digest(&snap.body);
        let block_digest = digest(&http_response);
        let index = i.to_string();
        let response_id = record_id(&[
            b"response",
            index.as_bytes(),
            snap.target_uri.as_bytes(),
            snap.fetched_at.as_bytes(),
            &snap.body,
        ]);
        let mut fields = vec![
            ("WARC-Type", "response".to_string()),
            ("WARC-Record-ID", response_id.clone()),
            ("WARC-Warcinfo-ID", info_id.clone()),
            ("WARC-Date", date.clone()),
            ("WARC-Target-URI", snap.target_uri.clone()),
            ("WARC-Payload-Digest", payload_digest),
            ("WARC-Block-Digest", block_digest),
            (
                "Content-Type",
                "application/http;msgtype=response".to_string(),
            ),
        ];
        if let Some(first) = snap.redirect_chain.first() {
            // Not a standard field for the chain; WARC allows extension fields, and replay tools ignore it.
            fields.push(("WARC-Claimdesk-Request-URI", first.url.clone()));
        }
        write_record(&mut out, &fields, &http_response)?;

        let http_request = http_request_block(snap);
        let request_id = record_id(&[
            b"request",
            index.as_bytes(),
            snap.target_uri.as_bytes(),
            snap.fetched_at.as_bytes(),
        ]);
        write_record(
            &mut out,
            &[
                ("WARC-Type", "request".to_string()),
                ("WARC-Record-ID", request_id),
                ("WARC-Warcinfo-ID", info_id.clone()),
                ("WARC-Date", date),
                ("WARC-Target-URI", snap.target_uri.clone()),
                ("WARC-Concurrent-To", response_id),
                ("WARC-Block-Digest", digest(&http_request)),
                (
                    "Content-Type",
                    "application/http;msgtype=request".to_string(),
                ),
            ],
            &http_request,
        )?;
    }
    out.flush()
}

fn write_record(out: &mut impl Write, fields: &[(&str, String)], block: &[u8]) -> io::Result<()> {
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"WARC/1.1\r\n")?;
    for (k, v) in fields {
        // Header values must be single-line; a CR or LF in a URL would corrupt the record.
        let v: String = v.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        gz.write_all(format!("{k}: {v}\r\n").as_bytes())?;
    }
    gz.write_all(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes())?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    out.write_all(&gz.finish()?)
}

/// The HTTP response as stored: status line, stored headers minus the ones that no longer describe the stored
/// body (content/transfer coding, length), a correct Content-Length, then the body.
fn http_response_block(s: &WarcSnapshot) -> Vec<u8> {
    let mut b = format!("HTTP/1.1 {} {}\r\n", s.status, reason(s.status)).into_bytes();
    for (k, v) in &s.headers {
        let lk = k.to_ascii_lowercase();
        if matches!(
            lk.as_str(),
            "content-encoding" | "transfer-encoding" | "content-length"
        ) {
            continue;
        }
        b.extend_from_slice(format!("{k}: {}\r\n", v.replace(['\r', '\n'], " ")).as_bytes());
    }
    b.extend_from_slice(format!("Content-Length: {}\r\n\r\n", s.body.len()).as_bytes());
    b.extend_from_slice(&s.body);
    b
}

fn http_request_block(s: &WarcSnapshot) -> Vec<u8> {
    let (host, path) = match url::Url::parse(&s.target_uri) {
        Ok(u) => {
            let host = match u.port() {
                Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            };
            let mut path = u.path().to_string();
            if let Some(q) = u.query() {
                path.push('?');
                path.push_str(q);
            }
            (host, path)
        }
        Err(_) => (String::new(), "/".to_string()),
    };
    format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {}\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n",
        s.user_agent.replace(['\r', '\n'], " ")
    )
    .into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        206 => "Partial Content",
        _ => "",
    }
}

/// `sha256:` + RFC 4648 base32 of the SHA-256, the digest form warcio and other WARC tools understand.
fn digest(data: &[u8]) -> String {
    format!("sha256:{}", base32(&Sha256::digest(data)))
}

fn base32(data: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                let idx = ((bits >> (35 - i * 5)) & 31) as usize;
                out.push(char::from(ALPHABET[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A deterministic `urn:uuid:` from the record's content (UUID version 8 layout), so the same export is
/// byte-identical apart from the warcinfo date, and no random-number dependency is needed.
fn record_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// WARC-Date is `YYYY-MM-DDThh:mm:ssZ` (UTC); converts any RFC 3339 offset to UTC.
fn warc_date(rfc3339: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(rfc3339, &Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(time::UtcOffset::UTC);
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        }
        Err(_) => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc4648_vectors() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY======");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI======");
    }

    #[test]
    fn dates_become_utc_seconds() {
        assert_eq!(
            warc_date("2026-11-25T10:00:00+01:00"),
            "2026-11-25T09:00:00Z"
        );
    }
}
