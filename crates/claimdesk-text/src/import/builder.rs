//! Accumulates imported plain text together with link and note ranges.

use super::{DraftLink, DraftNote, Format, ImportedDraft, NoteKind};

/// Builds the plain text of a draft. In `collapse` mode (HTML) whitespace runs become one space, as a browser
/// renders them; otherwise text is kept as given.
pub(crate) struct TextBuilder {
    text: String,
    links: Vec<DraftLink>,
    notes: Vec<DraftNote>,
    open_links: Vec<(String, usize)>,
    open_note: Option<(NoteKind, Option<String>, usize)>,
    collapse: bool,
    pending_space: bool,
}

impl TextBuilder {
    pub(crate) fn new(collapse: bool) -> Self {
        TextBuilder {
            text: String::new(),
            links: Vec::new(),
            notes: Vec::new(),
            open_links: Vec::new(),
            open_note: None,
            collapse,
            pending_space: false,
        }
    }

    /// Appends text; in collapse mode, folds whitespace runs into single spaces.
    pub(crate) fn push_text(&mut self, s: &str) {
        if !self.collapse {
            self.push_raw(s);
            return;
        }
        for c in s.chars() {
            // HTML collapses only ASCII whitespace; a no-break space stays.
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                self.pending_space = true;
                continue;
            }
            if self.pending_space
                && !self.text.is_empty()
                && !self.text.ends_with(char::is_whitespace)
            {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(c);
        }
    }

    /// Appends text exactly as given.
    pub(crate) fn push_raw(&mut self, s: &str) {
        if self.pending_space && !self.text.is_empty() && !self.text.ends_with(char::is_whitespace)
        {
            self.text.push(' ');
        }
        self.pending_space = false;
        self.text.push_str(s);
    }

    /// A space between words that must not be lost (a soft line break in Markdown).
    pub(crate) fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    fn trim_trailing_spaces(&mut self) {
        while self.text.ends_with([' ', '\t']) {
            self.text.pop();
        }
        self.pending_space = false;
    }

    /// Ends the current line (a list item, a `<br>`).
    pub(crate) fn line_break(&mut self) {
        self.trim_trailing_spaces();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Ends the current paragraph: the text then ends with a blank line.
    pub(crate) fn paragraph_break(&mut self) {
        self.trim_trailing_spaces();
        if self.text.is_empty() {
            return;
        }
        while !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    pub(crate) fn start_link(&mut self, url: &str) {
        self.open_links
            .push((url.trim().to_string(), self.text.len()));
    }

    pub(crate) fn end_link(&mut self) {
        if let Some((url, start)) = self.open_links.pop() {
            if !url.is_empty() {
                self.links.push(DraftLink {
                    url,
                    text: String::new(),
                    start,
                    end: self.text.len(),
                });
            }
        }
    }

    pub(crate) fn start_note(&mut self, kind: NoteKind, author: Option<String>) {
        self.paragraph_break();
        self.open_note = Some((kind, author, self.text.len()));
    }

    pub(crate) fn end_note(&mut self) {
        if let Some((kind, author, start)) = self.open_note.take() {
            self.notes.push(DraftNote {
                kind,
                author,
                start,
                end: self.text.len(),
            });
        }
        self.paragraph_break();
    }

    /// Turns bare `http://` / `https://` URLs into links whose anchor text is the URL.
    pub(crate) fn link_bare_urls(&mut self) {
        let text = &self.text;
        let mut from = 0;
        while let Some(rel) = text.get(from..).and_then(|t| t.find("http")) {
            let start = from + rel;
            from = start + 4;
            let rest = text.get(start..).unwrap_or("");
            if !(rest.starts_with("http://") || rest.starts_with("https://")) {
                continue;
            }
            if text
                .get(..start)
                .and_then(|t| t.chars().next_back())
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
                .unwrap_or(rest.len());
            let mut url = &rest[..len];
            // Sentence punctuation after a URL is not part of it; a ')' is, only if the URL opened one.
            loop {
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’']);
                let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
                    &trimmed[..trimmed.len() - 1]
                } else {
                    trimmed
                };
                if trimmed.len() == url.len() {
                    break;
                }
                url = trimmed;
            }
            if url.len() <= "https://".len() {
                continue;
            }
            self.links.push(DraftLink {
                url: url.to_string(),
                text: url.to_string(),
                start,
                end: start + url.len(),
            });
            from = start + url.len();
        }
    }

    /// Finishes the draft: trims trailing whitespace and fixes every link range to its anchor text.
    pub(crate) fn finish(mut self, format: Format, encoding: &str) -> ImportedDraft {
        while let Some((_, _)) = self.open_links.last() {
            self.end_link();
        }
        if self.open_note.is_some() {
            self.end_note();
        }
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        let text = self.text;
        let mut links: Vec<DraftLink> = self
            .links
            .into_iter()
            .filter_map(|mut l| {
                let (start, end) = trim_range(&text, l.start, l.end)?;
                l.start = start;
                l.end = end;
                l.text = text
                    .get(start..end)?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(l)
            })
            .collect();
        links.sort_by_key(|l| (l.start, l.end));
        let notes = self
            .notes
            .into_iter()
            .filter_map(|mut n| {
                let (start, end) = trim_range(&text, n.start, n.end)?;
                n.start = start;
                n.end = end;
                Some(n)
            })
            .collect();
        ImportedDraft {
            text,
            format,
            encoding: encoding.to_string(),
            links,
            notes,
        }
    }
}

/// Shrinks `start..end` (clamped to the text) to its non-whitespace part; `None` when nothing is left.
fn trim_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(text.len());
    let slice = text.get(start..end)?;
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some((start + lead, start + lead + trimmed.len()))
}
