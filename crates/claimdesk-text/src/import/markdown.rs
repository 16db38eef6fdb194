//! Markdown import with pulldown-cmark: block structure becomes blank lines and newlines, links become
//! proposed citations.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{NoteKind, TextBuilder};

pub(crate) fn import(source: &str) -> TextBuilder {
    let mut b = TextBuilder::new(false);
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Image alt text is not prose of the draft; count nesting so that it is skipped.
    let mut in_image = 0usize;
    for event in Parser::new_ext(source, opts) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::Link { dest_url, .. }) => b.start_link(&dest_url),
            Event::End(TagEnd::Link) => b.end_link(),
            Event::Start(Tag::FootnoteDefinition(_)) => b.start_note(NoteKind::Footnote, None),
            Event::End(TagEnd::FootnoteDefinition) => b.end_note(),
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) => b.line_break(),
            Event::Start(Tag::TableRow | Tag::TableHead)
            | Event::End(TagEnd::TableRow | TagEnd::TableHead) => b.line_break(),
            Event::End(TagEnd::TableCell) => b.push_raw(" "),
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::List(_)
                | Tag::Table(_),
            ) => b.paragraph_break(),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Table,
            ) => b.paragraph_break(),
            Event::Text(t) | Event::Code(t) => b.push_raw(&t),
            Event::SoftBreak => b.space(),
            Event::HardBreak => b.line_break(),
            Event::Rule => b.paragraph_break(),
            Event::FootnoteReference(label) => b.push_raw(&format!("[{label}]")),
            _ => {}
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;

    #[test]
    fn links_lists_and_headings() {
        let md = "# Jobs report\n\nUnemployment fell to **4.1%**, according to\nthe [BLS](https://bls.gov/x \"t\").\n\n- one item\n- two [items](http://a.example)\n\n![a chart](c.png)\n";
        let d = import(md).finish(Format::Markdown, "UTF-8");
        assert_eq!(
            d.text,
            "Jobs report\n\nUnemployment fell to 4.1%, according to the BLS.\n\none item\ntwo items"
        );
        assert_eq!(d.links.len(), 2);
        assert_eq!(
            (d.links[0].url.as_str(), d.links[0].text.as_str()),
            ("https://bls.gov/x", "BLS")
        );
        assert_eq!(&d.text[d.links[1].start..d.links[1].end], "items");
    }
}
