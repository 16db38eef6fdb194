//! A fixture HTTP/1.1 server on 127.0.0.1 serving real pages (the Readability test pages committed in
//! `tests/data/readability-pages`, Apache-2.0) and a set of faults.
//! One request per connection (`Connection: close`), which keeps the server small and every fault isolated.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The committed excerpt of Mozilla Readability's test pages (see its README): six pages, `source.html.gz`.
pub fn readability_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/readability-pages")
}

/// All 25 pages in the full data set, `$CLAIMDESK_DATA/extraction/readability-pages` (a relative path is taken
/// from the repository root; default `../shared/data`). Only `make eval` reads it.
pub fn shared_readability_dir() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("extraction/readability-pages")
}

/// A page's `source.html` bytes, from `source.html` or its gzipped copy `source.html.gz`. A missing page is an
/// error (the caller fails), never a skip.
pub fn read_source(site_dir: &Path) -> std::io::Result<Vec<u8>> {
    let plain = site_dir.join("source.html");
    if plain.exists() {
        return std::fs::read(plain);
    }
    let gz = std::fs::File::open(site_dir.join("source.html.gz"))?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut out)?;
    Ok(out)
}

/// Counters the tests inspect.
#[derive(Default)]
pub struct Counters {
    pub hits_500: AtomicUsize,
    pub active_slow: AtomicUsize,
    pub max_active_slow: AtomicUsize,
}

pub struct Server {
    pub base: String,
    pub counters: Arc<Counters>,
}

pub async fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let counters = Arc::new(Counters::default());
    let c = counters.clone();
    let bomb = Arc::new(gzip_bomb());
    let pdf = Arc::new(tiny_pdf());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                break;
            };
            let (c, bomb, pdf) = (c.clone(), bomb.clone(), pdf.clone());
            tokio::spawn(async move {
                let _ = handle(stream, c, bomb, pdf).await;
            });
        }
    });
    Server { base, counters }
}

async fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

async fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

/// A request header's value (names compared case-insensitively).
fn header_value(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

async fn handle(
    mut stream: TcpStream,
    c: Arc<Counters>,
    bomb: Arc<Vec<u8>>,
    pdf: Arc<Vec<u8>>,
) -> std::io::Result<()> {
    let head = read_head(&mut stream).await?;
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let if_none_match = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("if-none-match: ")
                .or_else(|| l.strip_prefix("If-None-Match: "))
        })
        .map(str::trim)
        .map(str::to_string);
    let html = ("Content-Type", "text/html; charset=utf-8".to_string());
    match path.as_str() {
        p if p.starts_with("/page/") => {
            let site = p.trim_start_matches("/page/");
            let body = read_source(&readability_dir().join(site))?;
            respond(&mut stream, "200 OK", &[html], &body).await
        }
        "/never" => {
            // Accept, read the request, never answer.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Ok(())
        }
        "/trickle" => {
            stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n",
                )
                .await?;
            for _ in 0..100_000 {
                stream.write_all(b"x").await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Ok(())
        }
        p if p.starts_with("/loop/") => {
            let next = if p == "/loop/a" { "/loop/b" } else { "/loop/a" };
            respond(
                &mut stream,
                "302 Found",
                &[("Location", next.to_string())],
                b"",
            )
            .await
        }
        "/redirect" => {
            respond(
                &mut stream,
                "301 Moved Permanently",
                &[("Location", "/page/aclu".to_string())],
                b"",
            )
            .await
        }
        "/redirect-credentials" => {
            // A redirect that carries credentials of its own: the fetcher must never send them.
            let host = header_value(&head, "host").unwrap_or_default();
            respond(
                &mut stream,
                "302 Found",
                &[("Location", format!("http://eve:secret@{host}/echo-auth"))],
                b"",
            )
            .await
        }
        "/echo-auth" => {
            // Answers with the Authorization header the request carried, so a test sees what was sent.
            let auth = header_value(&head, "authorization").unwrap_or_else(|| "none".into());
            let body =
                format!("<html><head><title>auth</title></head><body><p>{auth}</p></body></html>");
            respond(&mut stream, "200 OK", &[html], body.as_bytes()).await
        }
        "/redirect-file" => {
            respond(
                &mut stream,
                "302 Found",
                &[("Location", "file:///etc/passwd".to_string())],
                b"",
            )
            .await
        }
        "/huge" | "/huge-unannounced" => {
            // 10 GB, generated on the fly; announced by Content-Length or not.
            let head = if path == "/huge" {
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10737418240\r\n\r\n"
            } else {
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
            };
            stream.write_all(head.as_bytes()).await?;
            let block = vec![b'a'; 64 * 1024];
            let mut sent: u64 = 0;
            while sent < 10 * 1024 * 1024 * 1024 {
                stream.write_all(&block).await?;
                sent += block.len() as u64;
            }
            Ok(())
        }
        "/bomb" => {
            respond(
                &mut stream,
                "200 OK",
                &[html, ("Content-Encoding", "gzip".to_string())],
                &bomb,
            )
            .await
        }
        "/404" => respond(&mut stream, "404 Not Found", &[html], b"<h1>Not found</h1>").await,
        "/410" => respond(&mut stream, "410 Gone", &[html], b"<h1>Gone</h1>").await,
        "/500" => {
            c.hits_500.fetch_add(1, Ordering::SeqCst);
            respond(&mut stream, "500 Internal Server Error", &[html], b"oops").await
        }
        "/wrong-charset" => {
            let body = "<html><head><title>Überraschung in Köln</title></head><body><article><p>Die Straßenbahn fährt über die Brücke, und niemand weiß, warum sie plötzlich hält. Café-Besucher schauen zu.</p></article></body></html>";
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=iso-8859-1".to_string())],
                body.as_bytes(),
            )
            .await
        }
        "/doc.pdf" => {
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "application/pdf".to_string())],
                &pdf,
            )
            .await
        }
        "/image.png" => {
            let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82";
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "image/png".to_string())],
                png,
            )
            .await
        }
        "/reset" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>partial").await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
            // SO_LINGER 0 makes close() send RST instead of FIN: a real connection reset mid-body.
            stream.set_zero_linger()?;
            drop(stream);
            Ok(())
        }
        "/etag" => {
            if if_none_match.as_deref() == Some("\"v1\"") {
                stream
                    .write_all(
                        b"HTTP/1.1 304 Not Modified\r\nConnection: close\r\nETag: \"v1\"\r\n\r\n",
                    )
                    .await?;
                stream.shutdown().await
            } else {
                let body = read_source(&readability_dir().join("ars-1"))?;
                respond(
                    &mut stream,
                    "200 OK",
                    &[html, ("ETag", "\"v1\"".to_string())],
                    &body,
                )
                .await
            }
        }
        "/text" => {
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain".to_string())],
                b"Plain words, kept as they are.\n",
            )
            .await
        }
        "/json" => {
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "application/json".to_string())],
                br#"{"claim": "x", "n": 1}"#,
            )
            .await
        }
        "/slow" => {
            let now = c.active_slow.fetch_add(1, Ordering::SeqCst) + 1;
            c.max_active_slow.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(150)).await;
            c.active_slow.fetch_sub(1, Ordering::SeqCst);
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain".to_string())],
                b"slow",
            )
            .await
        }
        _ => respond(&mut stream, "404 Not Found", &[], b"").await,
    }
}

/// 200 gzip members of 1 MiB of zeros each: ~200 KB on the wire, 200 MiB decompressed.
fn gzip_bomb() -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1024 * 1024]).expect("compress");
    let member = enc.finish().expect("finish");
    member.repeat(200)
}

/// A one-page PDF with real text, built with lopdf.
pub fn tiny_pdf() -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 24.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new(
                "Tj",
                vec![Object::string_literal("Claimdesk archives cited sources")],
            ),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        content.encode().expect("encode"),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal("A tiny test PDF"),
        "Author" => Object::string_literal("Test Author"),
        "CreationDate" => Object::string_literal("D:20261125100000Z"),
    });
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}
