//! Content-coding removal (gzip, deflate, br) with a hard cap on the decompressed size.
//!
//! WHY by hand: reqwest's automatic decompression has no output limit, so a 10 MB gzip bomb would expand to
//! gigabytes in memory. Here every decoder is read through a `Take` of `limit + 1` bytes; reading past the limit
//! means the body is refused.

use std::io::Read;

use crate::error::FetchError;

/// Removes the content codings listed in a `Content-Encoding` header value (applied in reverse order, as RFC 9110
/// says) and returns the decoded bytes, or an error when the result would exceed `limit` bytes.
pub fn decode_content(
    encoding_header: Option<&str>,
    body: Vec<u8>,
    limit: u64,
) -> Result<Vec<u8>, FetchError> {
    let Some(header) = encoding_header else {
        return Ok(body);
    };
    let codings: Vec<String> = header
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    let mut data = body;
    for coding in codings.iter().rev() {
        data = decode_one(coding, &data, limit)?;
    }
    Ok(data)
}

fn decode_one(coding: &str, data: &[u8], limit: u64) -> Result<Vec<u8>, FetchError> {
    let bad = |reason: String| FetchError::Decoding {
        encoding: coding.to_string(),
        reason,
    };
    let reader: Box<dyn Read + '_> = match coding {
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(data)),
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the zlib header's first byte
        // tells them apart (CM = 8 in the low nibble and a valid check), so we sniff rather than guess.
        "deflate" => {
            let zlib = match data {
                [cmf, flg, ..] => {
                    cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
                }
                _ => false,
            };
            if zlib {
                Box::new(flate2::read::ZlibDecoder::new(data))
            } else {
                Box::new(flate2::read::DeflateDecoder::new(data))
            }
        }
        "br" => Box::new(brotli_decompressor::Decompressor::new(data, 64 * 1024)),
        other => return Err(bad(format!("unsupported content coding `{other}`"))),
    };
    let mut out = Vec::new();
    let read = reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| bad(e.to_string()))?;
    if read as u64 > limit {
        return Err(FetchError::DecompressionBomb { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn gzip_round_trip_and_cap() {
        let page = b"<html><body><p>hello</p></body></html>".repeat(100);
        let packed = gzip(&page);
        assert_eq!(
            decode_content(Some("gzip"), packed.clone(), 1 << 20).unwrap(),
            page
        );
        let err = decode_content(Some("gzip"), packed, 100).unwrap_err();
        assert_eq!(err.code(), "decompression_bomb");
    }

    #[test]
    fn deflate_zlib_and_raw_both_decode() {
        let data = b"some text some text some text".to_vec();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&data).unwrap();
        let zlib = z.finish().unwrap();
        let mut r = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        r.write_all(&data).unwrap();
        let raw = r.finish().unwrap();
        assert_eq!(decode_content(Some("deflate"), zlib, 1000).unwrap(), data);
        assert_eq!(decode_content(Some("deflate"), raw, 1000).unwrap(), data);
    }

    #[test]
    fn unknown_coding_and_corrupt_data_are_decoding_errors() {
        assert_eq!(
            decode_content(Some("zstd"), vec![1, 2, 3], 10)
                .unwrap_err()
                .code(),
            "decoding"
        );
        assert_eq!(
            decode_content(Some("gzip"), b"not gzip".to_vec(), 10)
                .unwrap_err()
                .code(),
            "decoding"
        );
        assert_eq!(
            decode_content(Some("identity"), b"x".to_vec(), 10).unwrap(),
            b"x"
        );
    }
}
