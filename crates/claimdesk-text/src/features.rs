//! Feature extraction shared by training (`examples/train.rs`) and inference ([`crate::detect`]).
//!
//! A sentence becomes a set of hashed binary features: lower-cased word unigrams and bigrams (numbers folded into
//! a few shapes such as `#num`, `#year`), a length bucket, and the rule signals of [`crate::Kind`] detection. The
//! hashing trick keeps the weight file a fixed, small size and needs no vocabulary file.

/// log2 of the number of hashed feature buckets (2^16 i16 weights: a 128 KiB weight file; word trigrams and 2^17 buckets were tried and lost 0.02 CV F1).
pub const DIM_BITS: u32 = 16;
/// Number of hashed feature buckets (the length of the weight vector).
pub const DIM: usize = 1 << DIM_BITS;

/// FNV-1a of one string (stable across Rust releases, so the committed model's buckets stay put): every token is
/// hashed once, in [`tokenize`], then combined into unigram and bigram features.
const fn fnv(s: &str) -> u64 {
    claimdesk_core::fnv1a(s.as_bytes(), claimdesk_core::hash::FNV_OFFSET)
}

/// Finalising mix (from MurmurHash3) so that combined hashes spread over all buckets.
const fn bucket(mut h: u64) -> u32 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (h as u32) & (DIM as u32 - 1)
}

/// Feature of a named (non-token) signal such as a rule or a length bucket.
const fn named(kind: &str, name: &str) -> u32 {
    bucket(fnv(kind).rotate_left(29) ^ fnv(name))
}

/// The hashes of one token: of the whole token, and of its crude stem (the first five characters) when it is
/// longer than that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TokenHash {
    word: u64,
    stem: Option<u64>,
}

impl TokenHash {
    fn of(t: &str) -> TokenHash {
        let cut = if t.is_ascii() {
            (t.len() > 5).then_some(5)
        } else {
            t.char_indices().nth(5).map(|(cut, _)| cut)
        };
        // FNV-1a runs byte by byte, so the stem's hash is the state after its last byte.
        let (head, tail) = t.split_at(cut.unwrap_or(t.len()));
        let stem = claimdesk_core::fnv1a(head.as_bytes(), claimdesk_core::hash::FNV_OFFSET);
        TokenHash {
            word: claimdesk_core::fnv1a(tail.as_bytes(), stem),
            stem: cut.map(|_| stem),
        }
    }
}

/// Normalised tokens of a sentence stored in one buffer (no allocation per token): lower-case words, numbers as
/// `#num`/`#year`/`#dec`/`#numword`, and the symbols `$ % € £` on their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    buf: String,
    toks: Vec<Token>,
    /// A capitalised word other than the first one: a hint of a named person, place or organisation.
    pub proper_noun: bool,
}

/// One token: where it ends in `Tokens::buf` (it starts where the one before ends) and its hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    end: u32,
    hash: TokenHash,
}

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The `i`-th token, or "" past the end.
    pub fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.toks.get(p).map_or(0, |t| t.end as usize),
            None => 0,
        };
        let end = self.toks.get(i).map_or(start, |t| t.end as usize);
        self.buf.get(start..end).unwrap_or("")
    }

    /// All tokens in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The FNV-1a hash of the `i`-th token (`None` past the end): the lexicon's key and the model's unigram.
    pub fn hash(&self, i: usize) -> Option<u64> {
        self.toks.get(i).map(|t| t.hash.word)
    }

    fn close(&mut self, start: usize, has_digit: bool) {
        if self.buf.len() == start {
            return;
        }
        if has_digit {
            let shape = number_shape(self.buf.get(start..).unwrap_or(""));
            self.buf.truncate(start);
            self.buf.push_str(shape);
        }
        let hash = TokenHash::of(self.buf.get(start..).unwrap_or(""));
        self.toks.push(Token {
            end: self.buf.len() as u32,
            hash,
        });
    }
}

/// Tokenises a sentence (see [`Tokens`]) over the one tokenizer's word spans ([`claimdesk_core::text::words`]).
pub fn tokenize(text: &str) -> Tokens {
    let mut t = Tokens {
        buf: String::with_capacity(text.len()),
        toks: Vec::with_capacity(text.len() / 5 + 1),
        proper_noun: false,
    };
    tokenize_into(text, &mut t);
    t
}

/// [`tokenize`] into `t`, re-using its buffers (a draft's sentences are tokenised one after another).
pub(crate) fn tokenize_into(text: &str, t: &mut Tokens) {
    t.buf.clear();
    t.toks.clear();
    t.proper_noun = false;
    if text.is_ascii() {
        tokenize_ascii(text, t);
    } else {
        tokenize_words(text, t);
    }
}

/// [`tokenize_into`] over the one tokenizer's words, for any text.
fn tokenize_words(text: &str, t: &mut Tokens) {
    for (i, w) in claimdesk_core::text::word_iter(text).enumerate() {
        let word = w.text(text);
        if i > 0 && !w.symbol {
            let mut chars = word.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            t.proper_noun |= first_upper && chars.next().is_some_and(char::is_lowercase);
        }
        let start = t.buf.len();
        claimdesk_core::text::tokens::fold_into(word, &mut t.buf);
        let has_digit = !w.symbol && word.bytes().any(|b| b.is_ascii_digit());
        t.close(start, has_digit);
    }
}

/// [`tokenize_into`] for an ASCII sentence (most of them): the same words as [`claimdesk_core::text::words`] and
/// the same folding, in one pass over the bytes that lower-cases each word as it is found.
fn tokenize_ascii(text: &str, t: &mut Tokens) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut index = 0;
    while let Some(&c) = b.get(i) {
        if c == b'$' || c == b'%' {
            let start = t.buf.len();
            t.buf.push(char::from(c));
            t.close(start, false);
            index += 1;
            i += 1;
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // A word: letters and digits, with an apostrophe between letters or a '.' or ',' between digits inside.
        // One pass over its bytes lower-cases them into the buffer and takes the hashes of `TokenHash::of` (an
        // ASCII stem is five bytes).
        if index > 0 && c.is_ascii_uppercase() && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
            t.proper_noun = true;
        }
        let start = t.buf.len();
        let mut h = claimdesk_core::hash::FNV_OFFSET;
        let mut stem = None;
        let mut digit = false;
        let mut j = i;
        loop {
            while let Some(&byte) = b.get(j).filter(|b| b.is_ascii_alphanumeric()) {
                digit |= byte.is_ascii_digit();
                push_word_byte(
                    &mut t.buf,
                    byte.to_ascii_lowercase(),
                    j - i,
                    &mut h,
                    &mut stem,
                );
                j += 1;
            }
            let inner = match (b.get(j), b.get(j + 1)) {
                (Some(b'\''), Some(n)) => b[j - 1].is_ascii_alphabetic() && n.is_ascii_alphabetic(),
                (Some(b'.' | b','), Some(n)) => b[j - 1].is_ascii_digit() && n.is_ascii_digit(),
                _ => false,
            };
            let Some(&mark) = b.get(j).filter(|_| inner) else {
                break;
            };
            push_word_byte(&mut t.buf, mark, j - i, &mut h, &mut stem);
            j += 1;
        }
        if digit {
            t.close(start, true);
        } else {
            t.toks.push(Token {
                end: t.buf.len() as u32,
                hash: TokenHash { word: h, stem },
            });
        }
        index += 1;
        i = j;
    }
}

/// The byte at offset `at` of an ASCII word (already lower-cased): appended to the buffer and folded into the
/// word's FNV-1a hash; the hash before the sixth byte is the five-byte stem's, as [`TokenHash::of`] takes it.
fn push_word_byte(buf: &mut String, byte: u8, at: usize, h: &mut u64, stem: &mut Option<u64>) {
    buf.push(char::from(byte));
    if at == 5 {
        *stem = Some(*h);
    }
    *h = claimdesk_core::hash::fnv1a_step(*h, byte);
}

/// [`tokenize`] as owned strings (convenient for tests and tools).
pub fn tokens(text: &str) -> Vec<String> {
    tokenize(text).iter().map(String::from).collect()
}

fn number_shape(tok: &str) -> &'static str {
    let digits_only = tok.bytes().all(|b| b.is_ascii_digit());
    if digits_only && tok.len() == 4 && (tok.starts_with("19") || tok.starts_with("20")) {
        return "#year";
    }
    if tok.contains('.') {
        return "#dec";
    }
    if tok.bytes().any(|b| b.is_ascii_alphabetic()) {
        // "1990s", "5th"-like mixed tokens.
        return "#numword";
    }
    "#num"
}

/// Hashed feature indices of one sentence, deduplicated and sorted (the model treats them as binary).
pub fn extract(text: &str) -> Vec<u32> {
    let toks = tokenize(text);
    let spans = claimdesk_core::text::quotes::quote_spans(text);
    let signals = crate::detect::signals_from_tokens(text, &toks, &spans);
    extract_from(&toks, &signals)
}

/// [`extract`] over tokens and rule signals that the caller already computed.
pub(crate) fn extract_from(toks: &Tokens, signals: &crate::detect::RuleSignals) -> Vec<u32> {
    let mut out = Vec::new();
    extract_into(toks, signals, &mut out);
    out
}

/// [`extract_from`] into `out` (cleared first), re-using its allocation.
pub(crate) fn extract_into(
    toks: &Tokens,
    signals: &crate::detect::RuleSignals,
    out: &mut Vec<u32>,
) {
    // The fixed features and the sentence boundaries hash at compile time.
    const BIAS: u32 = named("bias", "");
    const START: u64 = fnv("<s>");
    const END: u64 = fnv("</s>");
    const LEN: [u32; 6] = [
        named("len", "len0"),
        named("len", "len1"),
        named("len", "len2"),
        named("len", "len3"),
        named("len", "len4"),
        named("len", "len5"),
    ];
    // Unigram and bigram features are kept apart by different salts; duplicates are kept (a word used twice
    // counts twice), which saves a sort per sentence and is what the model was trained with.
    const UNI: u64 = 0x9e37_79b9_7f4a_7c15;
    const BI: u64 = 0x2545_f491_4f6c_dd1d;
    const PRE: u64 = 0x6a09_e667_f3bc_c909;
    out.clear();
    out.reserve(toks.len() * 3 + 24);
    out.push(BIAS);
    let mut prev = START;
    for t in toks.toks.iter().map(|t| t.hash) {
        let h = t.word;
        out.push(bucket(h ^ UNI));
        out.push(bucket(prev.rotate_left(21) ^ h ^ BI));
        // A crude stem (the first five characters) lets "taxes"/"taxed"/"taxation" share evidence.
        if let Some(stem) = t.stem {
            out.push(bucket(stem ^ PRE));
        }
        prev = h;
    }
    if !toks.is_empty() {
        out.push(bucket(prev.rotate_left(21) ^ END ^ BI));
    }
    let len_bucket = match toks.len() {
        0..=3 => 0,
        4..=6 => 1,
        7..=10 => 2,
        11..=15 => 3,
        16..=25 => 4,
        _ => 5,
    };
    out.push(LEN[len_bucket]);
    for name in signals.names() {
        out.push(named("r", name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fold_numbers_and_keep_contractions() {
        assert_eq!(
            tokens("We don't spend $1,000.50 on 45% in 2019!"),
            vec!["we", "don't", "spend", "$", "#dec", "on", "#num", "%", "in", "#year"]
        );
    }

    #[test]
    fn the_ascii_pass_tokenizes_like_the_general_one() {
        for text in [
            "We don't spend $1,000.50 on 45% in 2019!",
            "It's the students' union and the '90s band, O'Brien's 3.5.",
            "1.,2 a,b 1,2,3. 4.5% $$ %% x'y' 'quoted' end'",
            "The U.S. GDP grew 2.3 percent in Q1, says Mr. Smith-Jones (D-NY).",
            "",
            "  trailing digits 42",
        ] {
            let mut general = Tokens::default();
            tokenize_words(text, &mut general);
            assert_eq!(tokenize(text), general, "{text}");
        }
    }

    #[test]
    fn features_are_in_range_and_stable() {
        let a = extract("Unemployment fell to 4.1% last year.");
        assert!(a.iter().all(|&f| (f as usize) < DIM));
        assert_eq!(a, extract("Unemployment fell to 4.1% last year."));
    }
}
