//! Character-encoding detection and binary rejection for plain-text-like input.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use super::ImportError;

/// How much of the file is inspected for binary content.
const SNIFF_LEN: usize = 64 * 1024;

/// Rejects known binary formats and data that is not text: a NUL byte or more than 5% C0 control characters
/// in the first 64 KiB. UTF-16 legitimately contains NUL bytes, so it is exempt, with a BOM or recognised
/// without one ([`sniff_utf16`]).
pub(crate) fn reject_binary(bytes: &[u8]) -> Result<(), ImportError> {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            return Ok(());
        }
    }
    if sniff_utf16(bytes).is_some() {
        return Ok(());
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Unsupported { what: "PDF".into() });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Unsupported {
            what: "Word 97-2003 (.doc)".into(),
        });
    }
    const SIGNATURES: &[&[u8]] = &[
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"\x1F\x8B",
        b"\x7FELF",
        b"PK\x03\x04",
        b"MZ",
        b"BZh",
        b"\xFD7zXZ",
        b"RIFF",
        b"OggS",
        b"fLaC",
        b"ID3",
    ];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return Err(ImportError::Binary);
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return Err(ImportError::Binary);
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    if controls * 20 > head.len() {
        return Err(ImportError::Binary);
    }
    Ok(())
}

/// Decodes bytes to text. A BOM decides first; then valid UTF-8 is UTF-8; a file that is *mostly* UTF-8 but has
/// invalid sequences is refused as damaged ([`ImportError::InvalidUtf8`]); anything else is a legacy 8-bit
/// encoding guessed by chardetng (usually windows-1252).
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok((text.into_owned(), enc.name()));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), enc.name()));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), "UTF-8")),
        Err(e) => {
            let (multibyte, invalid) = utf8_census(bytes);
            if multibyte >= invalid {
                return Err(ImportError::InvalidUtf8 {
                    valid_up_to: e.valid_up_to(),
                });
            }
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, Utf8Detection::Deny);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), enc.name()))
}

/// Recognises UTF-16 written without a BOM (Windows tools do this): text in a Latin script has a NUL high byte
/// in nearly every code unit, so NULs sit at the odd offsets (little-endian) or the even ones (big-endian) and
/// almost never at the others. Only the first 64 KiB are looked at; the decoded sample must be text (no unpaired
/// surrogates, few control characters), so a binary file with a regular NUL pattern is not taken for text.
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let units = head.len() / 2;
    if units < 8 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let enc = if odd * 10 >= units * 7 && even * 50 <= units {
        encoding_rs::UTF_16LE
    } else if even * 10 >= units * 7 && odd * 50 <= units {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (sample, had_errors) = enc.decode_without_bom_handling(head);
    // A cut in the middle of a surrogate pair at the sample's end is not an error of the file.
    if had_errors && bytes.len() <= SNIFF_LEN {
        return None;
    }
    let chars = sample.chars().count().max(1);
    let controls = sample
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    (controls * 20 <= chars).then_some(enc)
}

/// Counts valid multi-byte UTF-8 characters and invalid sequences.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let mut rest = bytes;
    let (mut multibyte, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                return (multibyte, invalid);
            }
            Err(e) => {
                let valid = rest.get(..e.valid_up_to()).unwrap_or(&[]);
                multibyte += String::from_utf8_lossy(valid)
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .count();
                invalid += 1;
                let skip =
                    e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to()).max(1);
                rest = rest.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    return (multibyte, invalid);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_without_a_bom_is_text_not_binary() {
        let text = "The council approved 4.2 million dollars in 2025. Café owners objected.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(&le, "UTF-16LE"), (&be, "UTF-16BE")] {
            assert!(reject_binary(bytes).is_ok(), "{name} is not binary");
            let (t, enc) = decode(bytes).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!((t.as_str(), enc), (text, name));
        }
        // Real binary with NULs stays binary: a run of little-endian integers is mostly zero bytes on both sides.
        let ints: Vec<u8> = (0u32..4000).flat_map(u32::to_le_bytes).collect();
        assert!(matches!(reject_binary(&ints), Err(ImportError::Binary)));
        let mut zeros = vec![0u8; 4096];
        zeros[1] = 7;
        assert!(matches!(reject_binary(&zeros), Err(ImportError::Binary)));
    }

    #[test]
    fn detects_common_encodings() {
        let (t, enc) = decode("Café déjà vu.".as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.as_str(), enc), ("Café déjà vu.", "UTF-8"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Café".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert!(reject_binary(&utf16).is_ok());
        assert_eq!(
            decode(&utf16).map(|(t, e)| (t, e.to_string())),
            Ok(("Café".into(), "UTF-16LE".into()))
        );
        let latin =
            b"The caf\xE9 opened in 1998 and served cr\xE8me br\xFBl\xE9e to \x93everyone\x94.";
        let (t, enc) = decode(latin).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(enc, "windows-1252");
        assert!(t.contains("café") && t.contains("“everyone”"), "{t}");
    }

    #[test]
    fn damaged_utf8_is_refused() {
        let mut bytes = "Ministers said “growth” was 2% — déjà vu."
            .as_bytes()
            .to_vec();
        bytes.insert(10, 0xFF);
        assert_eq!(decode(&bytes).map_err(|e| e.code()), Err("invalid_utf8"));
    }
}
