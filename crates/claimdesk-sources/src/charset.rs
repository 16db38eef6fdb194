//! Character-set detection: BOM, then the HTTP header, then `<meta>`, then sniffing, with a guard against
//! labels that are plainly wrong.

use encoding_rs::Encoding;

/// Decodes `body` to text. `header_charset` is the `charset=` parameter of Content-Type; `html` enables the
/// `<meta charset>` prescan. Returns the text and the name of the encoding used.
///
/// WHY the extra check: servers often label UTF-8 pages as ISO-8859-1/windows-1252 (a server default), which
/// browsers render as mojibake. If the label is a single-byte legacy encoding but the bytes are valid UTF-8 with
/// non-ASCII sequences, the bytes win: text in a legacy single-byte encoding is practically never valid UTF-8 by
/// accident. Conversely a UTF-8 label on bytes that are not UTF-8 falls through to `<meta>` or sniffing.
pub fn decode_text(
    body: &[u8],
    header_charset: Option<&str>,
    html: bool,
) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(body) {
        let rest = body.get(bom_len..).unwrap_or_default();
        let (text, _) = enc.decode_without_bom_handling(rest);
        return (text.into_owned(), enc.name());
    }
    let is_utf8 = std::str::from_utf8(body).is_ok();
    let has_non_ascii = !body.is_ascii();
    let candidates = [
        header_charset.and_then(|c| Encoding::for_label(c.trim().trim_matches('"').as_bytes())),
        if html { meta_charset(body) } else { None },
    ];
    for enc in candidates.into_iter().flatten() {
        // A page that says UTF-16 in an ASCII-compatible <meta> is really UTF-8 (HTML standard).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        };
        if enc == encoding_rs::UTF_8 && !is_utf8 {
            continue;
        }
        if enc != encoding_rs::UTF_8 && is_single_byte(enc) && is_utf8 && has_non_ascii {
            break;
        }
        let (text, _, _) = enc.decode(body);
        return (text.into_owned(), enc.name());
    }
    if is_utf8 {
        let (text, _, _) = encoding_rs::UTF_8.decode(body);
        return (text.into_owned(), encoding_rs::UTF_8.name());
    }
    // Not UTF-8 and no usable label: windows-1252 is what browsers fall back to for Western pages and it never
    // fails to decode.
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
    (text.into_owned(), encoding_rs::WINDOWS_1252.name())
}

fn is_single_byte(enc: &'static Encoding) -> bool {
    !matches!(
        enc.name(),
        "UTF-8"
            | "UTF-16LE"
            | "UTF-16BE"
            | "Shift_JIS"
            | "EUC-JP"
            | "ISO-2022-JP"
            | "EUC-KR"
            | "gb18030"
            | "GBK"
            | "Big5"
    )
}

/// The charset of a `<meta charset=...>` or `<meta http-equiv=Content-Type content="...; charset=...">` in the
/// first 4 KiB, found by a byte scan (the HTML standard's prescan reads 1 KiB; real pages put it later).
fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = body.get(..body.len().min(4096)).unwrap_or(body);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(lower.get(from..)?, b"<meta") {
        let start = from + pos;
        let end = lower
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'>'))
            .map_or(lower.len(), |e| start + e);
        let tag = lower.get(start..end)?;
        if let Some(cpos) = find(tag, b"charset") {
            let after = tag.get(cpos + 7..)?;
            let after: Vec<u8> = after
                .iter()
                .copied()
                .skip_while(|b| b.is_ascii_whitespace() || *b == b'=')
                .skip_while(|b| *b == b'"' || *b == b'\'')
                .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .collect();
            if let Some(enc) = Encoding::for_label(&after) {
                return Some(enc);
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_labelled_latin1_is_read_as_utf8() {
        let body = "<p>Café – naïve “quotes”</p>".as_bytes();
        let (text, enc) = decode_text(body, Some("iso-8859-1"), true);
        assert_eq!(enc, "UTF-8");
        assert!(text.contains("Café – naïve “quotes”"));
    }

    #[test]
    fn real_latin1_follows_meta_and_header() {
        let (body, _, _) =
            encoding_rs::WINDOWS_1252.encode("<meta charset=\"windows-1252\"><p>Café</p>");
        let (text, enc) = decode_text(&body, None, true);
        assert_eq!(enc, "windows-1252");
        assert!(text.contains("Café"));
        // A wrong UTF-8 header on Latin-1 bytes falls through to the meta tag.
        let (text, _) = decode_text(&body, Some("utf-8"), true);
        assert!(text.contains("Café"));
    }

    #[test]
    fn shift_jis_meta_is_honoured() {
        let (body, _, _) = encoding_rs::SHIFT_JIS.encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>日本語</p>");
        let (text, enc) = decode_text(&body, None, true);
        assert_eq!(enc, "Shift_JIS");
        assert!(text.contains("日本語"));
    }

    #[test]
    fn bom_wins() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("é".as_bytes());
        assert_eq!(decode_text(&body, Some("windows-1252"), false).0, "é");
    }
}
