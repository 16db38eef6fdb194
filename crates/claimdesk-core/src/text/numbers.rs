//! Number and date words: what the detector reads as a date or a quantity cue and what the evidence step turns into
//! values, kept once so both read "March" and "twenty" the same way.

/// English month names, lower-case, January first (index + 1 is the month number).
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, lower-case, Monday first.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month number (1 to 12) of a lower-case month name.
pub fn month_number(lower: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The value of a lower-case number word from "zero" to "nineteen", or a ten from "twenty" to "ninety".
pub fn small_number_word(lower: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == lower) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|t| *t == lower)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

/// The factor of a lower-case scale word or abbreviation ("million", "bn", "k").
pub fn multiplier(lower: &str) -> Option<f64> {
    match lower {
        "hundred" => Some(1e2),
        "thousand" | "k" => Some(1e3),
        "million" | "millions" | "mn" | "m" => Some(1e6),
        "billion" | "billions" | "bn" | "b" => Some(1e9),
        "trillion" | "trillions" | "tn" => Some(1e12),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_months_and_number_words() {
        assert_eq!(month_number("march"), Some(3));
        assert_eq!(month_number("marc"), None);
        assert_eq!(small_number_word("nineteen"), Some(19.0));
        assert_eq!(small_number_word("forty"), Some(40.0));
        assert_eq!(multiplier("bn"), Some(1e9));
        assert_eq!(WEEKDAYS.len(), 7);
    }
}
