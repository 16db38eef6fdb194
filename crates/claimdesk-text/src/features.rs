//! Feature extraction shared by training (`examples/train.rs`) and inference ([`crate::detect`]).
//!
//! A sentence becomes a set of hashed binary features: lower-cased word unigrams and bigrams (numbers folded into
//! a few shapes such as `#num`, `#year`), a length bucket, and the rule signals of [`crate::Kind`] detection. The
//! hashing trick keeps the weight file a fixed, small size and needs no vocabulary file.

/// log2 of the number of hashed feature buckets.
pub const DIM_BITS: u32 = 16;
/// Number of hashed feature buckets (the length of the weight vector).
pub const DIM: usize = 1 << DIM_BITS;

/// FNV-1a over the parts, so that ("w:", "tax") and ("w:t", "ax") hash differently only through content; the
/// prefixes keep unigram, bigram and rule features apart.
fn hash(parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // Fold the high bits in: FNV's low bits alone mix poorly for short keys.
    ((h ^ (h >> 32)) as u32) & (DIM as u32 - 1)
}

/// Splits a sentence into normalised tokens: lower-case words, numbers as `#num`/`#year`/`#dec`, and the
/// symbols `$ % € £` on their own.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut cur = String::new();
    let mut has_digit = false;
    let flush = |cur: &mut String, has_digit: &mut bool, out: &mut Vec<String>| {
        if cur.is_empty() {
            return;
        }
        let tok = if *has_digit {
            number_shape(cur)
        } else {
            cur.clone()
        };
        out.push(tok);
        cur.clear();
        *has_digit = false;
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(l);
            }
            has_digit |= c.is_ascii_digit();
            continue;
        }
        // Keep "1,000", "3.5" and "don't" together.
        let joins = matches!(c, ',' | '.' if has_digit && chars.peek().is_some_and(char::is_ascii_digit))
            || (matches!(c, '\'' | '’')
                && !cur.is_empty()
                && chars.peek().is_some_and(|n| n.is_alphabetic()));
        if joins {
            cur.push(if c == '’' { '\'' } else { c });
            continue;
        }
        flush(&mut cur, &mut has_digit, &mut out);
        if matches!(c, '$' | '%' | '€' | '£') {
            out.push(c.to_string());
        }
    }
    flush(&mut cur, &mut has_digit, &mut out);
    out
}

fn number_shape(tok: &str) -> String {
    let digits_only = tok.bytes().all(|b| b.is_ascii_digit());
    if digits_only && tok.len() == 4 && (tok.starts_with("19") || tok.starts_with("20")) {
        return "#year".into();
    }
    if tok.contains('.') {
        return "#dec".into();
    }
    if tok.bytes().any(|b| b.is_ascii_alphabetic()) {
        // "1990s", "5th", "9/11"-like mixed tokens.
        return "#numword".into();
    }
    "#num".into()
}

/// Hashed feature indices of one sentence, deduplicated and sorted (the model treats them as binary).
pub fn extract(text: &str) -> Vec<u32> {
    let toks = tokens(text);
    let signals = crate::detect::signals_from_tokens(text, &toks);
    extract_from(&toks, &signals)
}

/// [`extract`] over tokens and rule signals that the caller already computed.
pub(crate) fn extract_from(toks: &[String], signals: &crate::detect::RuleSignals) -> Vec<u32> {
    let mut out = Vec::with_capacity(toks.len() * 2 + 16);
    out.push(hash(&["bias"]));
    for (i, t) in toks.iter().enumerate() {
        out.push(hash(&["w", t]));
        let prev = if i == 0 { "<s>" } else { toks[i - 1].as_str() };
        out.push(hash(&["b", prev, t]));
    }
    if let Some(last) = toks.last() {
        out.push(hash(&["b", last, "</s>"]));
    }
    let len_bucket = match toks.len() {
        0..=3 => "len0",
        4..=6 => "len1",
        7..=10 => "len2",
        11..=15 => "len3",
        16..=25 => "len4",
        _ => "len5",
    };
    out.push(hash(&[len_bucket]));
    for name in signals.names() {
        out.push(hash(&["r", name]));
    }
    out.sort_unstable();
    out.dedup();
    out
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
    fn features_are_in_range_and_stable() {
        let a = extract("Unemployment fell to 4.1% last year.");
        assert!(a.iter().all(|&f| (f as usize) < DIM));
        assert_eq!(a, extract("Unemployment fell to 4.1% last year."));
    }
}
