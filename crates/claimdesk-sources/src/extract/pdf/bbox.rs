//! Parsing `pdftotext -bbox-layout` output: pages, poppler's lines and their words with boxes.
//!
//! The output is XHTML of a fixed shape (`<page width height>` / `<flow>` / `<block>` / `<line>` /
//! `<word xMin yMin xMax yMax>text</word>`), so a small scanner reads it; anything unexpected is skipped rather
//! than trusted.

/// A word with its box (PDF points, origin top left, y growing downwards).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// One page: its size and poppler's lines, in poppler's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PageWords {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Vec<Word>>,
}

/// Reads every page of the document.
pub(crate) fn parse(xhtml: &str) -> Vec<PageWords> {
    let mut pages = Vec::new();
    let mut page: Option<PageWords> = None;
    let mut line: Vec<Word> = Vec::new();
    let mut rest = xhtml;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        let after = &rest[gt + 1..];
        if let Some(attrs) = tag.strip_prefix("page ") {
            if let Some(p) = page.take() {
                pages.push(p);
            }
            page = Some(PageWords {
                width: attr(attrs, "width").unwrap_or(612.0),
                height: attr(attrs, "height").unwrap_or(792.0),
                lines: Vec::new(),
            });
        } else if tag == "/page" {
            if let Some(mut p) = page.take() {
                if !line.is_empty() {
                    p.lines.push(std::mem::take(&mut line));
                }
                pages.push(p);
            }
        } else if tag.starts_with("line") {
            line.clear();
        } else if tag == "/line" {
            if let Some(p) = page.as_mut() {
                if !line.is_empty() {
                    p.lines.push(std::mem::take(&mut line));
                }
            }
        } else if let Some(attrs) = tag.strip_prefix("word ") {
            let end = after.find("</word>").unwrap_or(after.len());
            let text = unescape(&after[..end]);
            if let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
                attr(attrs, "xMin"),
                attr(attrs, "yMin"),
                attr(attrs, "xMax"),
                attr(attrs, "yMax"),
            ) {
                if !text.trim().is_empty() {
                    line.push(Word {
                        x0,
                        y0,
                        x1,
                        y1,
                        text,
                    });
                }
            }
            rest = &after[end..];
            continue;
        }
        rest = after;
    }
    if let Some(p) = page.take() {
        pages.push(p);
    }
    pages
}

fn attr(attrs: &str, name: &str) -> Option<f32> {
    let key = format!("{name}=\"");
    let start = attrs.find(&key)? + key.len();
    let end = attrs[start..].find('"')? + start;
    attrs[start..end]
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_lines_and_words_with_entities() {
        let x = r#"<doc><page width="600.0" height="800.0"><flow><block xMin="1"><line xMin="1">
<word xMin="10.0" yMin="20.0" xMax="30.0" yMax="30.0">A&amp;B</word>
<word xMin="35.0" yMin="20.0" xMax="50.0" yMax="30.0">&#233;t&#xE9;</word>
</line></block></flow></page><page width="600.0" height="800.0"></page></doc>"#;
        let pages = parse(x);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].width, 600.0);
        let words: Vec<&str> = pages[0].lines[0].iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["A&B", "été"]);
        assert_eq!(pages[0].lines[0][1].x0, 35.0);
        assert!(pages[1].lines.is_empty());
    }
}
