//! Metadata extraction checked against the `expected-metadata.json` of Mozilla Readability's test pages: the six
//! committed in `tests/data/readability-pages` (`cargo test`) and all 25 in `$CLAIMDESK_DATA` (`make eval`).
//! Readability's own expectations are what its heuristics produce (e.g. a byline of "by Lucas Nolan22 Dec
//! 2016651"), so fields are compared leniently: normalised equality or containment for titles and site names,
//! a shared author name for bylines, the same calendar day for dates, the same primary language subtag.

mod support;

use claimdesk_sources::extract_html;

fn norm(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a == b || a.contains(&b) || b.contains(&a))
}

#[derive(Default)]
struct Tally {
    hit: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, site: &str, ok: bool, detail: String) {
        self.total += 1;
        if ok {
            self.hit += 1;
        } else {
            self.misses.push(format!("{site}: {detail}"));
        }
    }
    fn rate(&self) -> f64 {
        self.hit as f64 / self.total.max(1) as f64
    }
}

/// The six committed pages. Measured: title 6/6, site name 5/5, published 1/1, lang 4/4, byline 4/5 (the miss is
/// Herald Sun's author chosen from JSON-LD, one of the three known misses of the 25). Every field must hit on every
/// page that has it, except at most one byline.
#[test]
fn metadata_matches_readability_expectations() {
    let t = tally(&support::readability_dir(), 6);
    assert_eq!(t.title.hit, t.title.total, "title");
    assert_eq!(t.site_name.hit, t.site_name.total, "site name");
    assert_eq!(t.published.hit, t.published.total, "published");
    assert_eq!(t.lang.hit, t.lang.total, "lang");
    assert!(
        t.byline.total >= 4 && t.byline.hit + 1 >= t.byline.total,
        "byline"
    );
}

/// All 25 pages; the figures of docs/EVALUATION.md.
#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn metadata_matches_readability_expectations_shared_data() {
    let Tallies {
        title,
        byline,
        site_name,
        published,
        lang,
    } = tally(&support::shared_readability_dir(), 25);
    // Floors a little under the measured rates (see docs/EVALUATION.md), to catch regressions.
    assert!(title.rate() >= 0.95, "title {}", title.rate());
    assert!(byline.rate() >= 0.8, "byline {}", byline.rate());
    assert!(site_name.rate() >= 0.85, "site name {}", site_name.rate());
    assert!(published.rate() >= 0.85, "published {}", published.rate());
    assert!(lang.rate() >= 0.95, "lang {}", lang.rate());
}

struct Tallies {
    title: Tally,
    byline: Tally,
    site_name: Tally,
    published: Tally,
    lang: Tally,
}

fn tally(dir: &std::path::Path, pages: usize) -> Tallies {
    let mut sites: Vec<_> = std::fs::read_dir(dir)
        .expect("readability pages")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("expected-metadata.json").exists())
        .collect();
    sites.sort();
    assert_eq!(sites.len(), pages, "pages in {}", dir.display());
    let (mut title, mut byline, mut site_name, mut published, mut lang) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    for site in &sites {
        let name = site
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let html = String::from_utf8(support::read_source(site).expect("source")).expect("UTF-8");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(site.join("expected-metadata.json")).expect("meta"),
        )
        .expect("json");
        let (_, m) = extract_html(&html, "http://fakehost/test/page.html");
        if let Some(t) = expected["title"].as_str() {
            let ok = m.title.as_deref().is_some_and(|got| similar(got, t));
            title.add(&name, ok, format!("{:?} vs {t:?}", m.title));
        }
        if let Some(b) = expected["byline"].as_str() {
            let nb = norm(b);
            let ok = m.authors.iter().any(|a| {
                let na = norm(a);
                !na.is_empty() && (nb.contains(&na) || na.contains(&nb))
            });
            byline.add(&name, ok, format!("{:?} vs {b:?}", m.authors));
        }
        if let Some(s) = expected["siteName"].as_str() {
            let ok = m.site_name.as_deref().is_some_and(|got| similar(got, s));
            site_name.add(&name, ok, format!("{:?} vs {s:?}", m.site_name));
        }
        if let Some(p) = expected["publishedTime"].as_str() {
            let day = p.get(..10).unwrap_or(p);
            let ok = m
                .published
                .as_deref()
                .is_some_and(|got| got.starts_with(day));
            published.add(&name, ok, format!("{:?} vs {p:?}", m.published));
        }
        if let Some(l) = expected["lang"].as_str() {
            let primary = |s: &str| {
                s.split(['-', '_'])
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            };
            let ok = m
                .language
                .as_deref()
                .is_some_and(|got| primary(got) == primary(l));
            lang.add(&name, ok, format!("{:?} vs {l:?}", m.language));
        }
    }
    for (field, t) in [
        ("title", &title),
        ("byline", &byline),
        ("siteName", &site_name),
        ("publishedTime", &published),
        ("lang", &lang),
    ] {
        println!("{field:<14} {}/{} = {:.2}", t.hit, t.total, t.rate());
        for m in &t.misses {
            println!("    miss {m}");
        }
    }
    Tallies {
        title,
        byline,
        site_name,
        published,
        lang,
    }
}
