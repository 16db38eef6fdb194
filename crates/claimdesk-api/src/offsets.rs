//! Offset conversion at the boundary.
//!
//! The core crates count in UTF-8 bytes (what Rust slices use). JavaScript strings index in UTF-16 code units, so
//! every offset that leaves the facade (to the UI over IPC, and in the CLI's JSON, which shares the DTOs) is converted
//! exactly once, here. A caller in Python converts with `len(s[:i].encode('utf-16-le')) // 2`.

/// Converts UTF-8 byte offsets of one text into UTF-16 code-unit offsets. Build once per text, then look up many
/// offsets: the table costs one pass over the text.
pub struct Utf16Map {
    /// `(byte offset, utf16 offset)` at every char boundary where the two counts start to differ (non-ASCII chars);
    /// between entries the mapping is a fixed shift, so lookups binary-search a short table.
    points: Vec<(usize, usize)>,
}

impl Utf16Map {
    /// Scans `text` once.
    pub fn new(text: &str) -> Self {
        let mut points = vec![(0, 0)];
        let mut u16_pos = 0usize;
        for (b, ch) in text.char_indices() {
            let w8 = ch.len_utf8();
            let w16 = ch.len_utf16();
            u16_pos += w16;
            if w8 != w16 {
                points.push((b + w8, u16_pos));
            }
        }
        Self { points }
    }

    /// UTF-16 offset for a UTF-8 byte offset (which must lie on a char boundary; offsets inside a char round down).
    pub fn to_utf16(&self, byte: usize) -> usize {
        let i = match self.points.binary_search_by(|p| p.0.cmp(&byte)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (b, u) = self.points.get(i).copied().unwrap_or((0, 0));
        u + byte.saturating_sub(b)
    }
}

impl Utf16Map {
    /// The inverse: the UTF-8 byte offset for a UTF-16 offset coming back from the UI (a passage the editor chose).
    /// Offsets past the end clamp to `text_len`; an offset inside a multi-unit char maps to that char's end.
    pub fn to_utf8(&self, u16_offset: usize, text_len: usize) -> usize {
        let i = match self.points.binary_search_by(|p| p.1.cmp(&u16_offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (b, u) = self.points.get(i).copied().unwrap_or((0, 0));
        (b + u16_offset.saturating_sub(u)).min(text_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_count_on_mixed_text() {
        let text = "Ab “quoted” — 😀 café. Ünïcödé 12 % 🇺🇸 end";
        let map = Utf16Map::new(text);
        for (b, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            let naive = text[..b].encode_utf16().count();
            assert_eq!(map.to_utf16(b), naive, "at byte {b}");
            assert_eq!(map.to_utf8(naive, text.len()), b, "back from utf16 {naive}");
        }
    }
}
