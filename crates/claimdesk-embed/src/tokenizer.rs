//! The XLM-RoBERTa SentencePiece unigram tokenizer, from the vocabulary inside the model file.
//!
//! The steps are those of the model's own tokenizer: each code point goes through the normalisation map (NFKC
//! folds and control characters removed, precomputed per code point in the file), runs of spaces collapse to one,
//! a leading space is added and every space becomes the metaspace `▁`; then the segmentation into pieces that
//! maximises the summed piece scores (Viterbi), a character no piece covers being `<unk>`.

use crate::format::Vocab;

const META: char = '\u{2581}';

impl Vocab {
    fn normalised(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::with_capacity(text.len() + 1);
        for ch in text.chars() {
            let cp = ch as u32;
            match self.norm.binary_search_by_key(&cp, |&(c, _, _)| c) {
                Ok(i) => {
                    let (_, a, b) = self.norm[i];
                    out.extend_from_slice(&self.norm_out[a as usize..b as usize]);
                }
                Err(_) => out.push(ch),
            }
        }
        out.dedup_by(|b, a| *a == ' ' && *b == ' ');
        out
    }

    /// The content piece ids of `text` (no `<s>`/`</s>`), in order.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let chars = self.normalised(text);
        // The metaspace form as UTF-8 bytes, with the byte offset where each character starts.
        let mut buf = String::with_capacity(chars.len() * 3 + 3);
        let mut starts = Vec::with_capacity(chars.len() + 2);
        if chars.first() != Some(&' ') {
            starts.push(0);
            buf.push(META);
        }
        for &ch in &chars {
            starts.push(buf.len());
            buf.push(if ch == ' ' { META } else { ch });
        }
        starts.push(buf.len());
        let bytes = buf.as_bytes();
        let n = starts.len() - 1;

        let unk_score = self.scores.iter().copied().fold(f32::INFINITY, f32::min) - 10.0;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut piece = vec![u32::MAX; n + 1];
        let mut from = vec![0usize; n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            let b0 = starts[i];
            for e in i + 1..=n {
                let len = starts[e] - b0;
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.pieces.get(&bytes[b0..starts[e]]) {
                    if id == self.unk {
                        continue;
                    }
                    let s = best[i] + self.scores[id as usize];
                    if s > best[e] {
                        best[e] = s;
                        piece[e] = id;
                        from[e] = i;
                    }
                }
            }
            let s = best[i] + unk_score;
            if s > best[i + 1] {
                best[i + 1] = s;
                piece[i + 1] = self.unk;
                from[i + 1] = i;
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            ids.push(piece[i]);
            i = from[i];
        }
        ids.reverse();
        ids
    }
}
