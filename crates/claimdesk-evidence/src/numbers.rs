//! Numeric facts: counts, percentages, money, years, dates and vague quantities.
//!
//! A hand-written scanner over the word tokens, not a regex: it has to look at neighbouring words
//! ("3.5 *million*", "*more than* 40", "*tens of* thousands", "12 *March* 2020"), which is clearer as
//! code, and it keeps the crate free of a regex engine's compile time.
//!
//! Every fact carries an interval `[low, high]` of the values it is compatible with. Comparison is
//! interval overlap, so "3.5 million" agrees with "3,512,000", "more than 40" agrees with "47", and
//! "tens of thousands" agrees with "25,000" but not with "2,500".

use crate::text::{tokenize, Token};
use serde::{Deserialize, Serialize};

/// What a number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// A plain quantity, possibly with a unit ("40 people", "12 km").
    Count,
    /// A percentage ("12%", "12 per cent").
    Percent,
    /// An amount of money ("$3.5 million", "20 euros").
    Money,
    /// A calendar year ("2019", "the 1990s").
    Year,
    /// A calendar date with at least a month ("12 March 2020", "March 2020").
    Date,
    /// A vague quantity ("tens of thousands", "dozens").
    Vague,
}

/// One numeric fact found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberFact {
    /// The words as written, e.g. "more than $3.5 million".
    pub text: String,
    /// The central value: the number itself; a date is `yyyymmdd` with `00` for missing parts.
    pub value: f64,
    /// Lowest value compatible with the wording.
    pub low: f64,
    /// Highest value compatible with the wording; `None` when open-ended ("more than 40").
    pub high: Option<f64>,
    /// What the number measures.
    pub kind: NumberKind,
    /// Unit or counted noun when present: "%", "usd", "eur", or the stem of the next noun ("peopl").
    pub unit: Option<String>,
    /// Byte offset of the fact in the text.
    pub start: usize,
    /// Byte offset just past the fact.
    pub end: usize,
}

use claimdesk_core::text::numbers::{multiplier, small_number_word, MONTHS};

fn month_of(tok: &Token) -> Option<u32> {
    let w = tok.lower.as_str();
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        // "may" is usually the verb; accept it only capitalised.
        if w == "may" && !tok.capitalized {
            return None;
        }
        return Some(i as u32 + 1);
    }
    // Three-letter abbreviations only when capitalised ("Jan", "Sept"), to avoid "mar", "dec" as words.
    if tok.capitalized && (w.len() == 3 || w == "sept") {
        let idx = MONTHS.iter().position(|m| m.starts_with(w) && w != "may")?;
        return Some(idx as u32 + 1);
    }
    None
}

/// Vague quantity words and the interval each one means.
fn vague(w: &str) -> Option<(f64, f64)> {
    match w {
        "dozens" => Some((24.0, 144.0)),
        "scores" => Some((40.0, 200.0)),
        "hundreds" => Some((200.0, 999.0)),
        "thousands" => Some((2e3, 9_999.0)),
        "millions" => Some((2e6, 999_999_999.0)),
        "billions" => Some((2e9, 999_999_999_999.0)),
        _ => None,
    }
}

fn parse_digits(w: &str) -> Option<(f64, f64)> {
    // Returns the value and half of its last digit's place (its rounding precision).
    if !w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if !w
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let cleaned: String = w.chars().filter(|&c| c != ',').collect();
    let value: f64 = cleaned.parse().ok()?;
    let decimals = cleaned.split_once('.').map_or(0, |(_, d)| d.len());
    Some((value, 0.5 * 10f64.powi(-(decimals as i32))))
}

/// Extracts numeric facts from `text`, in text order, with byte offsets.
pub fn extract_numbers(text: &str) -> Vec<NumberFact> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((fact, next)) = scan_at(text, &toks, i) {
            out.push(fact);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// Tries to read one fact starting at token `i`; returns it with the index of the next unread token.
fn scan_at(text: &str, toks: &[Token], i: usize) -> Option<(NumberFact, usize)> {
    let tok = toks.get(i)?;
    let w = tok.lower.as_str();

    // "tens of thousands", "hundreds of thousands", "dozens of", "thousands of".
    if w == "tens" || w == "hundreds" || vague(w).is_some() {
        let of = toks.get(i + 1).filter(|t| t.lower == "of");
        let scale = toks.get(i + 2).and_then(|t| vague(&t.lower));
        let (low, high, last) = match (w, of, scale) {
            ("tens", Some(_), Some((lo, hi))) => (lo * 5.0, hi * 10.0, i + 2),
            ("hundreds", Some(_), Some((lo, hi))) => (lo * 50.0, hi * 100.0, i + 2),
            _ => {
                let (lo, hi) = vague(w)?;
                (lo, hi, i)
            }
        };
        let end = toks.get(last)?.end;
        let (mod_start, low, high) = qualifier(toks, i, low, Some(high));
        return Some((
            fact(
                text,
                mod_start,
                end,
                (low + high.unwrap_or(low)) / 2.0,
                low,
                high,
                NumberKind::Vague,
                None,
            ),
            last + 1,
        ));
    }

    // Dates that start with a month: "March 12, 2020", "March 2020".
    if let Some(month) = month_of(tok) {
        let day = toks
            .get(i + 1)
            .and_then(|t| {
                t.lower
                    .trim_end_matches(|c: char| c.is_alphabetic())
                    .parse::<u32>()
                    .ok()
            })
            .filter(|d| (1..=31).contains(d));
        let year_idx = if day.is_some() { i + 2 } else { i + 1 };
        let year = toks
            .get(year_idx)
            .and_then(|t| t.lower.parse::<u32>().ok())
            .filter(|y| (1000..=2100).contains(y));
        if day.is_none() && year.is_none() {
            return None;
        }
        let last = if year.is_some() { year_idx } else { i + 1 };
        let value = f64::from(year.unwrap_or(0) * 10_000 + month * 100 + day.unwrap_or(0));
        let end = toks.get(last)?.end;
        return Some((
            fact(
                text,
                tok.start,
                end,
                value,
                value,
                Some(value),
                NumberKind::Date,
                None,
            ),
            last + 1,
        ));
    }

    // Digits or number words.
    let (mut value, mut precision, mut last) = if let Some((v, p)) = parse_digits(w) {
        (v, p, i)
    } else if let Some(v) = small_number_word(w) {
        // "one" alone is mostly a pronoun ("one of the"); only count it with a multiplier after it.
        let mut v = v;
        let mut last = i;
        if v >= 20.0 {
            if let Some(u) = toks
                .get(i + 1)
                .and_then(|t| small_number_word(&t.lower))
                .filter(|u| *u < 10.0)
            {
                v += u;
                last = i + 1;
            }
        }
        let has_mult = toks
            .get(last + 1)
            .is_some_and(|t| multiplier(&t.lower).is_some());
        if (w == "one" || w == "zero") && !has_mult {
            return None;
        }
        (v, 0.5, last)
    } else if w == "dozen" && toks.get(i.wrapping_sub(1)).is_some_and(|t| t.lower == "a") {
        (12.0, 0.5, i)
    } else {
        // "1990s": a decade.
        let decade = w
            .strip_suffix('s')
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|y| (1000..=2100).contains(y) && y % 10 == 0)?;
        let v = f64::from(decade);
        return Some((
            fact(
                text,
                tok.start,
                tok.end,
                v,
                v,
                Some(v + 9.0),
                NumberKind::Year,
                None,
            ),
            i + 1,
        ));
    };
    let raw_word = w;

    // A day followed by a month: "12 March 2020".
    if parse_digits(raw_word).is_some() && !raw_word.contains(['.', ',']) {
        if let Some(month) = toks.get(i + 1).and_then(month_of) {
            let day = value as u32;
            if (1..=31).contains(&day) {
                let year = toks
                    .get(i + 2)
                    .and_then(|t| t.lower.parse::<u32>().ok())
                    .filter(|y| (1000..=2100).contains(y));
                let last = if year.is_some() { i + 2 } else { i + 1 };
                let v = f64::from(year.unwrap_or(0) * 10_000 + month * 100 + day);
                let end = toks.get(last)?.end;
                return Some((
                    fact(text, tok.start, end, v, v, Some(v), NumberKind::Date, None),
                    last + 1,
                ));
            }
        }
    }

    // Multiplier words: "3.5 million", "two hundred thousand".
    let mut has_multiplier = false;
    while let Some(m) = toks.get(last + 1).and_then(|t| multiplier(&t.lower)) {
        // Single-letter multipliers ("m", "k") only when glued to the number ("$5m").
        let t = &toks[last + 1];
        if t.lower.len() <= 2 && t.start != toks[last].end && t.lower != "bn" && t.lower != "mn" {
            break;
        }
        value *= m;
        precision *= m;
        last += 1;
        has_multiplier = true;
    }

    let before = text.get(..tok.start).unwrap_or("");
    let after_tok = &toks[last];
    let after = text.get(after_tok.end..).unwrap_or("");
    let currency_before = before
        .trim_end()
        .chars()
        .last()
        .and_then(currency_of_symbol);
    let mut kind = NumberKind::Count;
    let mut unit: Option<String> = None;
    let mut end = after_tok.end;
    let mut start = tok.start;
    if let Some(cur) = currency_before {
        kind = NumberKind::Money;
        unit = Some(cur.to_string());
        start = before
            .trim_end()
            .char_indices()
            .last()
            .map_or(start, |(p, _)| p);
        // "US$".
        if before.trim_end().ends_with("US$") {
            start = start.saturating_sub(2);
        }
    } else if after.starts_with('%') || after.trim_start().starts_with('%') {
        kind = NumberKind::Percent;
        unit = Some("%".into());
        end = after_tok.end + after.find('%').unwrap_or(0) + 1;
    } else if let Some(next) = toks.get(last + 1) {
        let nw = next.lower.as_str();
        if nw == "percent" || nw == "pct" {
            kind = NumberKind::Percent;
            unit = Some("%".into());
            end = next.end;
            last += 1;
        } else if nw == "per" && toks.get(last + 2).is_some_and(|t| t.lower == "cent") {
            kind = NumberKind::Percent;
            unit = Some("%".into());
            end = toks[last + 2].end;
            last += 2;
        } else if let Some(cur) = currency_of_word(nw) {
            kind = NumberKind::Money;
            unit = Some(cur.into());
            end = next.end;
            last += 1;
        } else if next.lower.chars().all(char::is_alphabetic)
            && !next.stop
            && month_of(next).is_none()
        {
            unit = Some(next.stem.clone());
        }
    }
    // Four bare digits are a year when they look like one: always in 1800..=2100, otherwise only
    // without a counted noun after them ("1500 soldiers" is a count).
    let four_digits =
        !has_multiplier && raw_word.len() == 4 && raw_word.bytes().all(|b| b.is_ascii_digit());
    if kind == NumberKind::Count
        && four_digits
        && ((1800.0..=2100.0).contains(&value) || (unit.is_none() && value >= 1000.0))
    {
        unit = None;
        kind = NumberKind::Year;
    }
    if kind == NumberKind::Year {
        return Some((
            fact(text, start, end, value, value, Some(value), kind, None),
            last + 1,
        ));
    }
    // Relative tolerance of 0.5% on top of the written precision: sources round differently.
    let tol = precision.max(value.abs() * 0.005);
    let (q_start, low, high) = qualifier(toks, i, value - tol, Some(value + tol));
    let start = start.min(q_start);
    Some((
        fact(text, start, end, value, low, high, kind, unit),
        last + 1,
    ))
}

/// Widens an interval for a qualifier before the number ("more than", "nearly", "about").
fn qualifier(toks: &[Token], i: usize, low: f64, high: Option<f64>) -> (usize, f64, Option<f64>) {
    let start = toks.get(i).map_or(0, |t| t.start);
    let w1 = i.checked_sub(1).and_then(|j| toks.get(j));
    let w2 = i.checked_sub(2).and_then(|j| toks.get(j));
    let pair = match (w2, w1) {
        (Some(a), Some(b)) => format!("{} {}", a.lower, b.lower),
        _ => String::new(),
    };
    let hi = high.unwrap_or(low);
    let two = |s: &str| (w2.map_or(start, |t| t.start), s.to_string());
    let (qs, q) = match pair.as_str() {
        "more than" | "greater than" | "at least" | "upwards of" => two("more"),
        "less than" | "fewer than" | "at most" | "up to" => two("less"),
        _ => match w1.map(|t| t.lower.as_str()) {
            Some("over" | "above" | "exceeding") => (w1.map_or(start, |t| t.start), "more".into()),
            Some("under" | "below") => (w1.map_or(start, |t| t.start), "less".into()),
            Some("nearly" | "almost") => (w1.map_or(start, |t| t.start), "nearly".into()),
            Some(
                "about" | "around" | "approximately" | "roughly" | "some" | "circa" | "estimated",
            ) => (w1.map_or(start, |t| t.start), "about".into()),
            _ => (start, String::new()),
        },
    };
    match q.as_str() {
        "more" => (qs, low, None),
        "less" => (qs, 0.0, Some(hi)),
        "nearly" => (qs, low * 0.9, Some(hi)),
        "about" => (qs, low * 0.9, Some(hi * 1.1)),
        _ => (start, low, high),
    }
}

fn currency_of_symbol(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("usd"),
        '€' => Some("eur"),
        '£' => Some("gbp"),
        '¥' => Some("jpy"),
        '₹' => Some("inr"),
        _ => None,
    }
}

fn currency_of_word(w: &str) -> Option<&'static str> {
    match w {
        "dollar" | "dollars" | "usd" => Some("usd"),
        "euro" | "euros" | "eur" => Some("eur"),
        "pound" | "pounds" | "gbp" => Some("gbp"),
        "yen" | "jpy" => Some("jpy"),
        "rupees" | "rupee" | "inr" => Some("inr"),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn fact(
    text: &str,
    start: usize,
    end: usize,
    value: f64,
    low: f64,
    high: Option<f64>,
    kind: NumberKind,
    unit: Option<String>,
) -> NumberFact {
    NumberFact {
        text: text.get(start..end).unwrap_or("").to_string(),
        value,
        low,
        high,
        kind,
        unit,
        start,
        end,
    }
}

/// A claim fact paired with a source fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberPair {
    /// The fact as the claim states it.
    pub claim: NumberFact,
    /// The fact in the source (offsets into the source text).
    pub source: NumberFact,
}

/// How the claim's numbers relate to the source's.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NumberComparison {
    /// Claim facts with a compatible source fact.
    pub matched: Vec<NumberPair>,
    /// Claim facts that the source states differently (same kind and unit, incompatible value).
    pub conflicting: Vec<NumberPair>,
    /// Claim facts about which the source says nothing of the same kind.
    pub claim_only: Vec<NumberFact>,
}

fn kinds_comparable(a: NumberKind, b: NumberKind) -> bool {
    use NumberKind::*;
    matches!(
        (a, b),
        (Count, Count)
            | (Count, Vague)
            | (Vague, Count)
            | (Vague, Vague)
            | (Percent, Percent)
            | (Money, Money)
            | (Year, Year)
            | (Date, Date)
            | (Year, Date)
            | (Date, Year)
    )
}

fn units_comparable(a: &NumberFact, b: &NumberFact) -> bool {
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Projects a date or year onto comparable intervals: a date compared with a year compares years.
fn interval(f: &NumberFact, other: NumberKind) -> (f64, f64) {
    let hi = f.high.unwrap_or(f64::INFINITY);
    match (f.kind, other) {
        (NumberKind::Date, NumberKind::Year) => {
            let y = (f.value / 10_000.0).floor();
            (y, y)
        }
        (NumberKind::Date, NumberKind::Date) => (f.value, hi),
        _ => (f.low, hi),
    }
}

fn agree(c: &NumberFact, s: &NumberFact) -> bool {
    if !kinds_comparable(c.kind, s.kind) || !units_comparable(c, s) {
        return false;
    }
    if c.kind == NumberKind::Date && s.kind == NumberKind::Date {
        return dates_agree(c.value, s.value);
    }
    let (cl, ch) = interval(c, s.kind);
    let (sl, sh) = interval(s, c.kind);
    cl <= sh && sl <= ch
}

/// Dates agree when every part both state is equal (a missing year or day is `0`).
fn dates_agree(a: f64, b: f64) -> bool {
    let parts = |v: f64| {
        let v = v as u64;
        (v / 10_000, (v / 100) % 100, v % 100)
    };
    let (ya, ma, da) = parts(a);
    let (yb, mb, db) = parts(b);
    let eq = |x: u64, y: u64| x == 0 || y == 0 || x == y;
    eq(ya, yb) && ma == mb && eq(da, db)
}

/// A source fact that would contradict `c` if it differs: same kind, and for counts the same stated unit.
fn contradicts(c: &NumberFact, s: &NumberFact) -> bool {
    if !kinds_comparable(c.kind, s.kind) {
        return false;
    }
    match c.kind {
        NumberKind::Count | NumberKind::Vague => c.unit.is_some() && c.unit == s.unit,
        _ => units_comparable(c, s),
    }
}

/// Compares the claim's facts with the facts of the source passages.
pub fn compare_numbers(claim: &[NumberFact], source: &[NumberFact]) -> NumberComparison {
    let mut cmp = NumberComparison::default();
    for c in claim {
        if let Some(s) = source.iter().find(|s| agree(c, s)) {
            cmp.matched.push(NumberPair {
                claim: c.clone(),
                source: s.clone(),
            });
        } else if let Some(s) = source.iter().find(|s| contradicts(c, s)) {
            cmp.conflicting.push(NumberPair {
                claim: c.clone(),
                source: s.clone(),
            });
        } else {
            cmp.claim_only.push(c.clone());
        }
    }
    cmp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(NumberKind, String)> {
        extract_numbers(text)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    #[test]
    fn extracts_each_kind_with_its_words() {
        use NumberKind::*;
        let got = kinds(
            "In 2019, more than $3.5 million went to 40 schools, up 12% since 12 March 2018; \
             tens of thousands marched in the 1990s and on January 5, 2020.",
        );
        assert_eq!(
            got,
            vec![
                (Year, "2019".into()),
                (Money, "more than $3.5 million".into()),
                (Count, "40".into()),
                (Percent, "12%".into()),
                (Date, "12 March 2018".into()),
                (Vague, "tens of thousands".into()),
                (Year, "1990s".into()),
                (Date, "January 5, 2020".into()),
            ]
        );
    }

    #[test]
    fn comparison_uses_intervals_units_and_kinds() {
        let claim = extract_numbers(
            "About 3.5 million people, 12 per cent, in 2015, tens of thousands of jobs",
        );
        let source = extract_numbers("3,512,000 people; 14% ; 40,000 jobs; since 2016");
        let cmp = compare_numbers(&claim, &source);
        let matched: Vec<&str> = cmp.matched.iter().map(|p| p.claim.text.as_str()).collect();
        let conflicting: Vec<&str> = cmp
            .conflicting
            .iter()
            .map(|p| p.claim.text.as_str())
            .collect();
        assert_eq!(matched, ["About 3.5 million", "tens of thousands"]);
        assert_eq!(conflicting, ["12 per cent", "2015"]);
        assert!(cmp.claim_only.is_empty());
    }
}
