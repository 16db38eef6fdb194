//! HTML import with the html5ever tokenizer: visible text in document order, blocks as paragraphs, `<a href>` as
//! proposed citations. Script, style and other non-content elements are skipped.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::TextBuilder;

/// Elements whose content is never draft text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "title", "textarea", "select", "math",
];
/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "figcaption",
    "main",
    "aside",
    "nav",
    "form",
    "hr",
    "pre",
    "address",
    "details",
    "summary",
    "body",
];
/// Elements that end a line.
const LINE: &[&str] = &["li", "br", "tr", "dt", "dd", "caption"];

struct State {
    b: TextBuilder,
    skip: Vec<String>,
    pre: usize,
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if let Some(top) = st.skip.last() {
                    if tag.kind == TagKind::EndTag && top == name {
                        st.skip.pop();
                    } else if tag.kind == TagKind::StartTag
                        && SKIP.contains(&name)
                        && !tag.self_closing
                    {
                        st.skip.push(name.to_string());
                    }
                    return TokenSinkResult::Continue;
                }
                match tag.kind {
                    TagKind::StartTag => {
                        if SKIP.contains(&name) && !tag.self_closing {
                            st.skip.push(name.to_string());
                            // Switch the tokenizer to raw text so that `<script>` bodies are not read as markup.
                            return match name {
                                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                                "style" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                                _ => TokenSinkResult::Continue,
                            };
                        }
                        if BLOCK.contains(&name) {
                            st.b.paragraph_break();
                        } else if LINE.contains(&name) {
                            st.b.line_break();
                        } else if matches!(name, "td" | "th") {
                            st.b.push_text(" ");
                        }
                        if name == "pre" {
                            st.pre += 1;
                        }
                        if name == "a" {
                            let href = tag
                                .attrs
                                .iter()
                                .find(|a| &*a.name.local == "href")
                                .map(|a| a.value.to_string());
                            // An anchor without href still needs a matching end_link (its url is empty and dropped).
                            st.b.start_link(href.as_deref().unwrap_or(""));
                            if tag.self_closing {
                                st.b.end_link();
                            }
                        }
                    }
                    TagKind::EndTag => {
                        if BLOCK.contains(&name) {
                            st.b.paragraph_break();
                        } else if matches!(name, "li" | "tr" | "dt" | "dd" | "caption") {
                            st.b.line_break();
                        }
                        if name == "pre" {
                            st.pre = st.pre.saturating_sub(1);
                        }
                        if name == "a" {
                            st.b.end_link();
                        }
                    }
                }
            }
            Token::CharacterTokens(t) if st.skip.is_empty() => {
                if st.pre > 0 {
                    st.b.push_raw(&t);
                } else {
                    st.b.push_text(&t);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

pub(crate) fn import(source: &str) -> TextBuilder {
    let sink = Sink(RefCell::new(State {
        b: TextBuilder::new(true),
        skip: Vec::new(),
        pre: 0,
    }));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(source.into());
    // Our sink never returns `Script`, so one feed consumes everything.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.into_inner().b
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;

    #[test]
    fn visible_text_and_links() {
        let html = r#"<!doctype html><html><head><title>T</title><style>p{x:1}</style></head><body>
            <h1>Budget   news</h1><script>if (a<b) { document.write("<p>no</p>") }</script>
            <p>The deficit fell by <b>3&nbsp;%</b>, says <a href="https://cbo.gov/r">the CBO
            report</a>.</p><ul><li>One</li><li>Two</li></ul></body></html>"#;
        let d = import(html).finish(Format::Html, "UTF-8");
        assert_eq!(
            d.text,
            "Budget news\n\nThe deficit fell by 3\u{a0}%, says the CBO report.\n\nOne\nTwo"
        );
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].text, "the CBO report");
        assert_eq!(
            &d.text[d.links[0].start..d.links[0].end],
            "the CBO\nreport".replace('\n', " ")
        );
    }
}
