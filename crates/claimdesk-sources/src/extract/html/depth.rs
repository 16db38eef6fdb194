//! A nesting cap applied to a page's markup before it is parsed, so that parsing stays linear.
//!
//! html5ever's tree builder checks "is there a `<p>` in button scope" on every block start tag by walking the stack
//! of open elements, so a page of 100,000 nested `<div>`s took 30 s (quadratic: 12.5k nested, 0.9 s; 50k, 14 s),
//! outside the fetch's timeout. Browsers cap the depth for the same reason (Chromium's parser stops nesting at 512);
//! here start tags deeper than [`MAX_DEPTH`] are dropped with their end tags, the text inside is kept, and the
//! markup of every real page (a few dozen levels deep) passes through untouched, without a copy.
//!
//! The scanner is deliberately small: it knows comments, doctype/processing instructions, quoted attribute values,
//! void elements, self-closing tags and raw-text elements (`script`, `style`, ...), which is all it needs to count
//! depth. It never has to be exact: what it passes on is parsed by html5ever as before.

use std::borrow::Cow;

/// The deepest nesting kept, in open elements.
pub(crate) const MAX_DEPTH: usize = 512;

/// How far back an end tag looks for its start tag: enough for misnested real markup, and a bound that keeps the
/// scan linear whatever the page does.
const END_TAG_SEARCH: usize = 64;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen",
];

const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// `html` with every element deeper than [`MAX_DEPTH`] unwrapped (its tags removed, its content kept); borrowed
/// unchanged when nothing is that deep.
pub fn cap_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // (name, kept) of the open elements, innermost last.
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut out: Option<String> = None;
    // Bytes before `copied` are already in `out` (when it exists).
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
            continue;
        }
        let (is_end, name_at) = if rest.starts_with(b"</") {
            (true, start + 2)
        } else {
            (false, start + 1)
        };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            // Not a tag ("a < b", "<3"): text to the parser.
            i = start + 1;
            continue;
        }
        let end = tag_end(bytes, name_at + name_len);
        let name = &html[name_at..name_at + name_len];
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        let mut drop_tag = false;
        if is_end {
            let found = open
                .iter()
                .rev()
                .take(END_TAG_SEARCH)
                .position(|(n, _)| n.eq_ignore_ascii_case(name));
            if let Some(back) = found {
                let at = open.len() - 1 - back;
                drop_tag = !open[at].1;
                for (_, kept) in open.drain(at..) {
                    if kept {
                        kept_depth -= 1;
                    }
                }
            }
            i = end;
        } else {
            let lower = name.to_ascii_lowercase();
            let void = VOID.contains(&lower.as_str());
            if !void && !self_closing {
                let kept = kept_depth < MAX_DEPTH;
                if kept {
                    kept_depth += 1;
                }
                drop_tag = !kept;
                open.push((name, kept));
            }
            i = end;
            if RAW_TEXT.contains(&lower.as_str()) {
                // The element's content is text up to its end tag, whatever it looks like.
                let close = format!("</{lower}");
                i = find_ignore_case(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            }
        }
        if drop_tag {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            copied = end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// The index just past the `>` that ends a tag whose attributes start at `from`, skipping quoted values; the end
/// of the input when the tag is not closed.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return k + 1,
            None => {}
        }
    }
    bytes.len()
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| from + p)
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut k = from;
    while let Some(off) = memchr::memchr(*first, hay.get(k..)?) {
        let at = k + off;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        k = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_markup_passes_through_without_a_copy() {
        let page = r#"<!doctype html><html><head><title>a < b</title><script>if (a<b) { x = "<div>"; }</script>
            <style>p > a { color: red }</style></head><body><!-- <div><div> --><div class="x" data-a='>'>
            <p>One <br> two <img src="a.png"/> <a href="/x">three</a></p></div></body></html>"#;
        assert!(matches!(cap_nesting(page), Cow::Borrowed(_)));
    }

    #[test]
    fn elements_past_the_cap_are_unwrapped_and_their_text_kept() {
        let n = MAX_DEPTH + 300;
        let page = format!(
            "<html><body>{}<p>The text at the bottom.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let capped = cap_nesting(&page);
        // html and body count: the divs kept are the cap less those two.
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH - 2);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH - 2);
        // The paragraph is past the cap too: its tags go, its text stays.
        assert!(capped.contains(">The text at the bottom.<"));
    }
}
