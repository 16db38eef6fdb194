//! Hostile page structure: 100,000 nested `<div>`s used to take 30 s to parse (quadratic in depth, outside the
//! fetch timeout). The nesting cap makes the parse see at most 512 levels, and the article text still comes out.

use claimdesk_sources::extract_html;

fn depth_of(html: &str) -> usize {
    let doc = scraper::Html::parse_document(html);
    doc.tree
        .root()
        .descendants()
        .map(|n| n.ancestors().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn deeply_nested_pages_are_parsed_within_the_cap_and_keep_their_text() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<section class=\"x\">", "</section>"),
    ] {
        let n = 100_000;
        let page = format!(
            "<html><head><title>Deep page</title></head><body>{}<p>The city spent $4.2 million on road \
             repairs in 2023, the controller's office said in its annual report to the council.</p>{}</body></html>",
            open.repeat(n),
            close.repeat(n)
        );
        let (text, meta) = extract_html(&page, "https://example.org/deep");
        let text = text.expect("the text is found");
        assert!(text.contains("$4.2 million on road repairs"), "{text}");
        assert_eq!(meta.title.as_deref(), Some("Deep page"));
        // What the parser is given is at most the cap deep (plus the document node and the text node).
        let capped_depth = depth_of(&claimdesk_sources::cap_nesting(&page));
        assert!(capped_depth <= 512 + 2, "{open}: depth {capped_depth}");
    }
}
