//! Document metadata from `pdfinfo`: the Info dictionary (`pdfinfo -isodates`) and the XMP packet
//! (`pdfinfo -meta`), merged with Info first and XMP filling what Info lacks.

use super::Metadata;

/// What `pdfinfo` says about a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Info {
    pub metadata: Metadata,
    pub producer: Option<String>,
    pub pages: Option<u32>,
    /// `Some(restrictions)` when the file is encrypted (and opened, so without a user password).
    pub encrypted: Option<String>,
    pub has_xmp: bool,
}

/// Parses `pdfinfo -isodates` output.
pub(crate) fn parse_info(out: &str) -> Info {
    let mut info = Info::default();
    for line in out.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        let val = || (!v.is_empty()).then(|| v.to_string());
        match k.trim() {
            "Title" => info.metadata.title = val(),
            "Author" => info.metadata.authors = val().into_iter().collect(),
            "Subject" => info.metadata.description = val(),
            "Producer" => info.producer = val(),
            "CreationDate" => info.metadata.published = val(),
            "ModDate" => info.metadata.modified = val(),
            "Pages" => info.pages = v.parse().ok(),
            "Encrypted" => {
                info.encrypted = v
                    .strip_prefix("yes")
                    .map(|r| r.trim().trim_matches(|c| c == '(' || c == ')').to_string())
            }
            "Metadata Stream" => info.has_xmp = v == "yes",
            _ => {}
        }
    }
    info
}

/// Fills the fields Info left empty from an XMP packet.
pub(crate) fn merge_xmp(info: &mut Info, xmp: &str) {
    let m = &mut info.metadata;
    if m.title.is_none() {
        m.title = first_li(xmp, "dc:title").or_else(|| element(xmp, "dc:title"));
    }
    if m.authors.is_empty() {
        m.authors = all_li(xmp, "dc:creator");
    }
    if m.description.is_none() {
        m.description = first_li(xmp, "dc:description");
    }
    if m.published.is_none() {
        m.published = element(xmp, "xmp:CreateDate").or_else(|| attribute(xmp, "xmp:CreateDate"));
    }
    if m.modified.is_none() {
        m.modified = element(xmp, "xmp:ModifyDate").or_else(|| attribute(xmp, "xmp:ModifyDate"));
    }
    if info.producer.is_none() {
        info.producer = element(xmp, "pdf:Producer").or_else(|| attribute(xmp, "pdf:Producer"));
    }
}

/// The text of `<name>...</name>` when it holds no markup.
fn element(xmp: &str, name: &str) -> Option<String> {
    let inner = inner(xmp, name)?;
    (!inner.contains('<'))
        .then(|| unescape(inner))
        .filter(|s| !s.is_empty())
}

fn inner<'a>(xmp: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let start = xmp.find(&open)?;
    let after = &xmp[start + open.len()..];
    if !after.starts_with(['>', ' ', '\n', '\r', '\t']) {
        return None;
    }
    let gt = after.find('>')?;
    if after[..gt].ends_with('/') {
        return None;
    }
    let body = &after[gt + 1..];
    let end = body.find(&format!("</{name}>"))?;
    Some(body[..end].trim())
}

fn attribute(xmp: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = xmp.find(&key)? + key.len();
    let end = xmp[start..].find('"')? + start;
    Some(unescape(&xmp[start..end])).filter(|s| !s.is_empty())
}

fn all_li(xmp: &str, name: &str) -> Vec<String> {
    let Some(mut rest) = inner(xmp, name) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Some(i) = rest.find("<rdf:li") {
        let after = &rest[i..];
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let Some(end) = body.find("</rdf:li>") else {
            break;
        };
        let v = unescape(body[..end].trim());
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
        rest = &body[end..];
    }
    out
}

fn first_li(xmp: &str, name: &str) -> Option<String> {
    all_li(xmp, name).into_iter().next()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_then_xmp() {
        let mut info = parse_info(
            "Title:           Data Brief 457\nAuthor:          \nProducer:        Acrobat\n\
             CreationDate:    2022-12-01T10:00:00-05\nPages:           8\n\
             Encrypted:       yes (print:yes copy:no change:no addNotes:no algorithm:AES-256)\n\
             Metadata Stream: yes\n",
        );
        assert_eq!(info.pages, Some(8));
        assert_eq!(
            info.encrypted.as_deref(),
            Some("print:yes copy:no change:no addNotes:no algorithm:AES-256")
        );
        merge_xmp(
            &mut info,
            r#"<x:xmpmeta><rdf:RDF><rdf:Description xmp:ModifyDate="2022-12-02T00:00:00Z">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Ignored: Info has a title</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>Merianne R. Spencer</rdf:li><rdf:li>Arialdi M. Mini&amp;o</rdf:li></rdf:Seq></dc:creator>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#,
        );
        assert_eq!(info.metadata.title.as_deref(), Some("Data Brief 457"));
        assert_eq!(
            info.metadata.authors,
            ["Merianne R. Spencer", "Arialdi M. Mini&o"]
        );
        assert_eq!(
            info.metadata.modified.as_deref(),
            Some("2022-12-02T00:00:00Z")
        );
        assert_eq!(
            info.metadata.published.as_deref(),
            Some("2022-12-01T10:00:00-05")
        );
        assert_eq!(info.producer.as_deref(), Some("Acrobat"));
    }
}
