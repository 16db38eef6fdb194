//! Anchors and escaping shared by the HTML and Markdown renderers.

/// The fragment id of a claim's section. Claim ids come from the store but are treated as hostile: every byte
/// outside `[A-Za-z0-9-]` is written as `_xx` (hex), which keeps the id valid in HTML and URLs and keeps distinct
/// ids distinct (the escape character `_` is itself escaped).
pub fn claim_anchor(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 6);
    out.push_str("claim-");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(char::from(b));
        } else {
            out.push('_');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

const HEX: [u8; 16] = *b"0123456789abcdef";

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s
}

/// Whether a URL may become a link: only http and https. Anything else (`javascript:`, `data:`, relative paths
/// that would resolve against the report file) is shown as text.
pub(crate) fn is_web_url(url: &str) -> bool {
    let u = url.trim_start();
    let lower: String = u.chars().take(8).collect::<String>().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_control() || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(claim_anchor("c42"), "claim-c42");
        assert_eq!(claim_anchor("a b"), "claim-a_20b");
        assert_ne!(claim_anchor("a_20b"), claim_anchor("a b"));
        assert!(claim_anchor("\"><script>")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn only_http_urls_become_links() {
        assert!(is_web_url("https://example.org/a?b=c"));
        assert!(is_web_url("HTTP://EXAMPLE.ORG"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" data:text/html,<script>"));
        assert!(!is_web_url("https://example.org/a\nb"));
    }
}
