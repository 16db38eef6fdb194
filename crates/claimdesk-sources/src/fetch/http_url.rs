//! The URL gate: only absolute http(s) URLs are fetched. Checked before any I/O and again on every redirect hop,
//! so neither a user nor a server can steer the fetcher to `file:`, `javascript:` or other schemes.

use crate::error::FetchError;

/// The longest URL accepted, in bytes.
pub const MAX_URL_LEN: usize = 8 * 1024;

/// Checks that `input` is an absolute http(s) URL; every other scheme is refused before any I/O.
pub fn parse_http_url(input: &str) -> Result<url::Url, FetchError> {
    let trimmed = input.trim();
    // Servers and the HTTP client refuse far shorter request lines anyway (the client with a bare "builder
    // error"); no real source's address comes near this.
    if trimmed.len() > MAX_URL_LEN {
        return Err(FetchError::InvalidUrl {
            reason: format!(
                "the URL is {} characters long; Claimdesk accepts URLs of up to {MAX_URL_LEN}",
                trimmed.len()
            ),
        });
    }
    // The scheme is checked on the raw text first so that `javascript:alert(1)` is reported as an unsupported
    // scheme rather than as whatever the URL parser makes of it.
    if let Some((scheme, _)) = trimmed.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        let looks_like_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if looks_like_scheme && scheme != "http" && scheme != "https" {
            return Err(FetchError::UnsupportedScheme { scheme });
        }
    }
    let url = url::Url::parse(trimmed).map_err(|e| FetchError::InvalidUrl {
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(FetchError::UnsupportedScheme {
                scheme: other.to_string(),
            })
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl {
            reason: "URL has no host".into(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_pass() {
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org/a",
            "FILE:///x",
        ] {
            assert_eq!(
                parse_http_url(bad).unwrap_err().code(),
                "unsupported_scheme",
                "{bad}"
            );
        }
        for bad in ["", "not a url", "http://"] {
            assert_eq!(
                parse_http_url(bad).unwrap_err().code(),
                "invalid_url",
                "{bad}"
            );
        }
        assert!(parse_http_url(" https://example.org/a?b#c ").is_ok());
        let long = format!("https://example.org/{}", "a".repeat(100 * 1024));
        let err = parse_http_url(&long).unwrap_err();
        assert_eq!(err.code(), "invalid_url");
        assert!(err.to_string().contains("up to 8192"), "{err}");
        assert!(parse_http_url("HTTP://example.org").is_ok());
    }
}
