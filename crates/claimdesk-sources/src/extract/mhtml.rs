//! MHTML ("Web page, single file" as Chrome and Edge save it): a MIME `multipart/related` message whose first
//! `text/html` part is the page. Only that part is read (images and styles are not needed for the text).

/// The HTML of an MHTML archive and its charset, or `None` when the bytes are not one.
pub(crate) fn html_part(body: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let text = String::from_utf8_lossy(body);
    let (head, _) = split_head(&text)?;
    let boundary = param(&header(head, "content-type")?, "boundary")?;
    let delim = format!("--{boundary}");
    for part in text.split(delim.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches(['\r', '\n']);
        let Some((phead, pbody)) = split_head(part) else {
            continue;
        };
        let ct = header(phead, "content-type").unwrap_or_default();
        if !ct.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let charset = param(&ct, "charset");
        let enc = header(phead, "content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match enc.trim() {
            "quoted-printable" => quoted_printable(pbody),
            "base64" => base64(pbody)?,
            _ => pbody.as_bytes().to_vec(),
        };
        return Some((bytes, charset));
    }
    None
}

/// True when the bytes start like a MIME message of a saved page.
pub(crate) fn looks_like_mhtml(head: &str) -> bool {
    let l = head.to_ascii_lowercase();
    (l.starts_with("from:")
        || l.starts_with("mime-version:")
        || l.starts_with("snapshot-content-location:"))
        && l.contains("multipart/related")
}

fn split_head(s: &str) -> Option<(&str, &str)> {
    if let Some(i) = s.find("\r\n\r\n") {
        return Some((&s[..i], &s[i + 4..]));
    }
    s.find("\n\n").map(|i| (&s[..i], &s[i + 2..]))
}

/// A header's value, with folded continuation lines unfolded.
fn header(head: &str, name: &str) -> Option<String> {
    let mut lines = head.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        if k.trim().eq_ignore_ascii_case(name) {
            let mut v = v.trim().to_string();
            while let Some(next) = lines.peek() {
                if next.starts_with([' ', '\t']) {
                    v.push(' ');
                    v.push_str(next.trim());
                    lines.next();
                } else {
                    break;
                }
            }
            return Some(v);
        }
    }
    None
}

fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            // Soft line break.
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        if c == b'=' {
            break;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_of_a_saved_page() {
        let m = "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/a\r\n\
                 MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\
                 \tboundary=\"----MultipartBoundary--abc\"\r\n\r\n------MultipartBoundary--abc\r\n\
                 Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
                 <html><body><p class=3D\"x\">Caf=C3=A9 prices rose 4=\r\n%.</p></body></html>\r\n\
                 ------MultipartBoundary--abc\r\nContent-Type: image/png\r\n\
                 Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--abc--\r\n";
        assert!(looks_like_mhtml(m));
        let (html, _) = html_part(m.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(html).unwrap().trim(),
            "<html><body><p class=\"x\">Café prices rose 4%.</p></body></html>"
        );
        assert_eq!(base64("aGVsbG8=").unwrap(), b"hello");
    }
}
