//! Citation metadata from HTML head and markup.
//!
//! Order of trust, highest first, applied per field (the first source that has a value wins):
//! 1. JSON-LD (`<script type="application/ld+json">`) objects of an article type (`NewsArticle`, `Article`,
//!    `BlogPosting`, `ReportageNewsArticle`, `ScholarlyArticle`, ...), including inside `@graph`; other
//!    `WebPage`-like objects only for fields the article lacks. Publishers write it for search engines, so it
//!    is usually the most careful.
//! 2. Highwire Press `citation_*` tags (scholarly publishers; made for citation managers).
//! 3. OpenGraph `og:*` and `article:*` properties (made for link previews; titles are often shortened).
//! 4. Dublin Core `DC.*` / `dcterms.*`.
//! 5. Plain HTML: `<meta name=author>`, `<meta name=description>`, `<time datetime>` / `<time pubdate>`,
//!    `<link rel=canonical>`, `<title>`, `<html lang>`, `<meta name=application-name>` for the site name.
//!
//! Dates are kept as the page writes them (ISO 8601 in nearly all cases), trimmed.

use std::collections::HashMap;

use scraper::{Html, Node};

use serde_json::Value;

/// Citation metadata of a source: the one [`claimdesk_core::SourceMetadata`] the store keeps and reports print.
pub use claimdesk_core::SourceMetadata as Metadata;

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "liveblogposting",
    "medicalwebpage",
    "posting",
];
const PAGE_TYPES: &[&str] = &["webpage", "itempage", "medicalwebpage", "collectionpage"];

/// Fields found in one source, before merging by trust.
#[derive(Default)]
struct Found {
    title: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    site_name: Option<String>,
    canonical: Option<String>,
    language: Option<String>,
    description: Option<String>,
}

/// Extracts metadata from a parsed page. `url` resolves relative canonical links.
pub fn extract_metadata(doc: &Html, url: &str) -> Metadata {
    let mut metas: HashMap<String, Vec<String>> = HashMap::new();
    let mut ld_blocks: Vec<String> = Vec::new();
    let mut canonical: Option<String> = None;
    let mut html_lang: Option<String> = None;
    let mut title_tag: Option<String> = None;
    let mut times: Vec<String> = Vec::new();
    let mut rel_authors: Vec<String> = Vec::new();
    let mut dom_byline: Option<String> = None;

    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .map(|k| k.trim().to_ascii_lowercase());
                if let (Some(key), Some(content)) = (key, el.attr("content")) {
                    let content = clean(content);
                    if !content.is_empty() {
                        metas.entry(key).or_default().push(content);
                    }
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| match c.value() {
                        Node::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                ld_blocks.push(text);
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = el.attr("href").map(str::to_string);
                }
            }
            "html" => html_lang = el.attr("lang").or_else(|| el.attr("xml:lang")).map(clean),
            "title" if title_tag.is_none() => {
                let t: String = node
                    .children()
                    .filter_map(|c| match c.value() {
                        Node::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                title_tag = Some(clean(&t)).filter(|t| !t.is_empty());
            }
            "time" => {
                if let Some(dt) = el.attr("datetime") {
                    if el.attr("pubdate").is_some() {
                        times.insert(0, clean(dt));
                    } else {
                        times.push(clean(dt));
                    }
                }
            }
            "a" if el.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            }) =>
            {
                let t: String = node
                    .descendants()
                    .filter_map(|d| match d.value() {
                        Node::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                let t = clean(&t);
                if !t.is_empty() && t.len() < 80 {
                    rel_authors.push(t);
                }
            }
            _ => {}
        }
        if dom_byline.is_none() {
            dom_byline = byline_of(&node, el);
        }
    }
    let first = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.get(*k).and_then(|v| v.first().cloned()))
    };
    let all = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .flat_map(|k| metas.get(*k).cloned().unwrap_or_default())
            .collect()
    };

    let (ld_article, ld_page) = json_ld(&ld_blocks);
    let highwire = Found {
        title: first(&["citation_title"]),
        authors: all(&["citation_author"]),
        published: first(&[
            "citation_publication_date",
            "citation_date",
            "citation_online_date",
        ]),
        site_name: first(&[
            "citation_journal_title",
            "citation_publisher",
            "citation_conference_title",
        ]),
        language: first(&["citation_language"]),
        ..Found::default()
    };
    let og = Found {
        title: first(&["og:title", "twitter:title"]),
        authors: all(&["article:author"])
            .into_iter()
            .filter(|a| !a.starts_with("http"))
            .collect(),
        published: first(&["article:published_time", "og:article:published_time"]),
        modified: first(&[
            "article:modified_time",
            "og:updated_time",
            "og:article:modified_time",
        ]),
        site_name: first(&["og:site_name"]),
        canonical: first(&["og:url"]),
        language: first(&["og:locale"]).map(|l| l.replace('_', "-")),
        description: first(&["og:description", "twitter:description"]),
    };
    let dc = Found {
        title: first(&["dc.title", "dcterms.title"]),
        authors: all(&["dc.creator", "dcterms.creator", "dc.creator.author"]),
        published: first(&[
            "dc.date",
            "dcterms.date",
            "dc.date.issued",
            "dcterms.issued",
            "dcterms.created",
        ]),
        modified: first(&["dcterms.modified", "dc.date.modified"]),
        site_name: first(&["dc.publisher", "dcterms.publisher"]),
        language: first(&["dc.language", "dcterms.language"]),
        description: first(&["dc.description", "dcterms.description", "dcterms.abstract"]),
        ..Found::default()
    };
    let plain = Found {
        title: title_tag,
        authors: {
            let mut a = all(&[
                "author",
                "byl",
                "parsely-author",
                "sailthru.author",
                "article:author_name",
                "og:article:author",
                "author_name",
            ]);
            a.extend(rel_authors);
            if a.is_empty() {
                a.extend(dom_byline);
            }
            a
        },
        published: first(&[
            "datepublished",
            "date",
            "pubdate",
            "publishdate",
            "parsely-pub-date",
            "sailthru.date",
            "publish-date",
            "article.published",
        ])
        .or_else(|| times.first().cloned()),
        modified: first(&["datemodified", "last-modified", "lastmod"]),
        site_name: first(&["application-name", "publisher"]),
        canonical,
        language: html_lang.or_else(|| first(&["language", "content-language"])),
        description: first(&["description"]),
    };
    let sources = [ld_article, highwire, og, dc, ld_page, plain];
    let pick =
        |f: &dyn Fn(&Found) -> Option<String>| sources.iter().find_map(f).filter(|s| !s.is_empty());
    let mut authors: Vec<String> = Vec::new();
    if let Some(src) = sources
        .iter()
        .find(|s| s.authors.iter().any(|a| !a.is_empty()))
    {
        for a in &src.authors {
            for name in split_authors(a) {
                if !authors.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                    authors.push(name);
                }
            }
        }
    }
    let canonical_url = pick(&|s| s.canonical.clone()).and_then(|c| {
        url::Url::parse(url)
            .ok()
            .and_then(|base| base.join(&c).ok())
            .map(|u| u.to_string())
            .or(Some(c))
    });
    Metadata {
        title: pick(&|s| s.title.clone()),
        authors,
        published: pick(&|s| s.published.clone()),
        modified: pick(&|s| s.modified.clone()),
        site_name: pick(&|s| s.site_name.clone()),
        canonical_url,
        language: pick(&|s| s.language.clone()),
        description: pick(&|s| s.description.clone()),
    }
}

/// A visible byline: an element marked `itemprop=author` or with a class or id containing `byline`/`author`
/// whose text is short. Its `itemprop=name` child, if any, is preferred; trailing dates are cut by
/// [`split_authors`] only partly, which is why this is the least trusted author source.
fn byline_of(node: &ego_tree::NodeRef<'_, Node>, el: &scraper::node::Element) -> Option<String> {
    let itemprop_author = el
        .attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|p| p == "author"));
    let ci = format!(
        "{} {}",
        el.attr("class").unwrap_or_default(),
        el.attr("id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let classy = (ci.contains("byline")
        || ci
            .split_whitespace()
            .any(|c| c == "author" || c.ends_with("-author") || c.ends_with("__author")))
        && !ci.contains("avatar")
        && !ci.contains("bio")
        && !ci.contains("icon");
    if !itemprop_author && !classy {
        return None;
    }
    let text_of = |n: &ego_tree::NodeRef<'_, Node>| -> String {
        let t: String = n
            .descendants()
            .filter_map(|d| match d.value() {
                Node::Text(t) => Some(format!("{} ", &**t)),
                _ => None,
            })
            .collect();
        clean(&t)
    };
    let named = node.descendants().find(|d| match d.value() {
        Node::Element(e) => e
            .attr("itemprop")
            .is_some_and(|p| p.split_whitespace().any(|p| p == "name")),
        _ => false,
    });
    let text = match named {
        Some(n) => text_of(&n),
        None => text_of(node),
    };
    (!text.is_empty() && text.chars().count() <= 100).then_some(text)
}

/// Splits "A, B and C" style author strings and drops a leading "By".
fn split_authors(raw: &str) -> Vec<String> {
    let s = clean(raw);
    let s = s
        .strip_prefix("By ")
        .or_else(|| s.strip_prefix("by "))
        .or_else(|| s.strip_prefix("BY "))
        .unwrap_or(&s)
        .to_string();
    s.split([',', ';', '|'])
        .flat_map(|p| p.split(" and "))
        .map(clean)
        .filter(|p| !p.is_empty() && p.chars().any(char::is_alphabetic) && p.len() < 100)
        .collect()
}

/// Collapses whitespace and decodes the few entities that survive in attributes of sloppy pages.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses JSON-LD blocks into (article-typed fields, page-typed fields).
fn json_ld(blocks: &[String]) -> (Found, Found) {
    let mut objects: Vec<Value> = Vec::new();
    for b in blocks {
        // Pages wrap JSON-LD in HTML comments or (X)HTML CDATA sections, sometimes behind `//`.
        let trimmed = b
            .trim()
            .trim_start_matches("//")
            .trim_start()
            .trim_start_matches("<!--")
            .trim_start()
            .trim_start_matches("<![CDATA[")
            .trim_end()
            .trim_end_matches("-->")
            .trim_end()
            .trim_end_matches("]]>")
            .trim_end()
            .trim_end_matches("//")
            .trim();
        // Some sites put raw newlines and tabs inside strings, which strict JSON forbids.
        let parsed = serde_json::from_str::<Value>(trimmed).or_else(|_| {
            let fixed: String = trimmed
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            serde_json::from_str::<Value>(&fixed)
        });
        if let Ok(v) = parsed {
            flatten(v, &mut objects, 0);
        }
    }
    let mut article = Found::default();
    let mut page = Found::default();
    for obj in &objects {
        let types = types_of(obj);
        let target = if types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())) {
            &mut article
        } else if types.iter().any(|t| PAGE_TYPES.contains(&t.as_str())) {
            &mut page
        } else {
            continue;
        };
        fill_from_ld(target, obj);
    }
    (article, page)
}

fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

fn types_of(obj: &Value) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name")).or_else(|| str_of(o.get("@id"))),
        _ => None,
    }
}

fn names_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![clean(s)],
        Some(Value::Array(a)) => a.iter().flat_map(|x| names_of(Some(x))).collect(),
        Some(Value::Object(o)) => str_of(o.get("name")).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn fill_from_ld(f: &mut Found, obj: &Value) {
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if slot.is_none() {
            *slot = v;
        }
    };
    set(
        &mut f.title,
        str_of(obj.get("headline")).or_else(|| str_of(obj.get("name"))),
    );
    if f.authors.is_empty() {
        f.authors = names_of(obj.get("author"))
            .into_iter()
            .filter(|a| !a.starts_with("http"))
            .collect();
    }
    set(
        &mut f.published,
        str_of(obj.get("datePublished")).or_else(|| str_of(obj.get("dateCreated"))),
    );
    set(&mut f.modified, str_of(obj.get("dateModified")));
    set(
        &mut f.site_name,
        obj.get("publisher")
            .and_then(|p| str_of(Some(p)))
            .filter(|p| !p.starts_with("http")),
    );
    set(
        &mut f.canonical,
        str_of(obj.get("url"))
            .filter(|u| u.starts_with("http"))
            .or_else(|| match obj.get("mainEntityOfPage") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(o)) => str_of(o.get("@id")).or_else(|| str_of(o.get("url"))),
                _ => None,
            }),
    );
    set(&mut f.language, str_of(obj.get("inLanguage")));
    set(&mut f.description, str_of(obj.get("description")));
}
