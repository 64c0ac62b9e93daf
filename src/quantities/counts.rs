//! Counts: a number and the noun it counts ("1,000 articles", "2 million users",
//! "three companies", "a dozen analysts", "a workforce of 12,000"). Not a day of a
//! month ("Nov. 3"), a time ("5 p.m."), nor a length of time ("90 days": a
//! duration).

use std::sync::LazyLock;

use regex::Regex;

use super::amounts::DIGITS;
use super::dates::month;
use super::durations::time_unit;
use super::money::ISO;
use super::percent::SMALL_NUMBER;
use super::words::{words_value, WORDS};
use super::{modifier_of, number, push, scale, window_before, Quantity, QuantityKind, PRE};

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<num>{DIGITS})(?:\s?(?P<scale>thousand|million|billion|trillion)(?-u:\b))?(?:\s+(?P<unit>[a-z][a-z-]*))?"
    ))
    .expect("count regex")
});
static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<n>{words})(?:\s+(?P<unit>[a-z]+s)(?-u:\b))?",
        words = *WORDS
    ))
    .expect("spelled regex")
});
/// "one in five adults", "9 out of 10 analysts": a share (percent reads it), not a
/// count of adults.
static SHARE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{SMALL_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?$"
    ))
    .expect("share before regex")
});
/// "US$ 1,250,000", "Rs 12,34,567", "USD 5": a number after a currency is money's.
static AFTER_CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:[$€£¥₹₩₽₺₦₱₪฿]|(?-u:\b)(?:Rs\.?|{}))\s?$",
        ISO.join("|")
    ))
    .expect("after currency regex")
});
/// "a workforce of 12,000": the noun a bare count measures, before it.
static NOUN_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:a|an|the|its|their|his|her)\s+(?P<noun>[a-z]+)\s+of\s+$")
        .expect("noun of regex")
});

pub(super) fn counts(text: &str, out: &mut Vec<Quantity>) {
    for c in COUNT.captures_iter(text) {
        let (Some(all), Some(num)) = (c.get(0), c.name("num")) else {
            continue;
        };
        let window = window_before(text, num.start());
        if SHARE_BEFORE.is_match(window) || AFTER_CURRENCY.is_match(window) {
            continue;
        }
        let before = text[..num.start()].chars().next_back();
        let after = text[num.end()..].chars().next();
        // Name parts: "GPT-5", "1view0", "$MSFT", "COVID-19"; ordinals "1st".
        if before.is_some_and(|ch| {
            ch.is_alphanumeric() || matches!(ch, '-' | '$' | '€' | '£' | '¥' | '.' | '/' | '#')
        }) || after.is_some_and(|ch| {
            ch.is_alphabetic() && c.name("scale").is_none()
                || ch == '-'
                    && text[num.end()..]
                        .chars()
                        .nth(1)
                        .is_some_and(char::is_alphanumeric)
        }) {
            continue;
        }
        // "Microsoft 365", "Windows 11": a number right after a capitalized word that
        // does not start the sentence is part of a name.
        let prev_word: String = text[..num.start()]
            .trim_end()
            .trim_end_matches('.')
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let prev_start = text[..num.start()]
            .trim_end()
            .trim_end_matches('.')
            .len()
            .saturating_sub(prev_word.len());
        const OPENERS: &[&str] = &[
            "The", "In", "By", "Since", "Only", "Some", "About", "Nearly", "Over", "Around",
            "Almost", "Roughly", "Just", "All", "Of", "At", "On", "For", "And", "But",
        ];
        // "Nov. 3", "March 3": a day of a month (dates reads it), not a count.
        if month(&prev_word).is_some() && prev_word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if prev_word.chars().next().is_some_and(char::is_uppercase)
            && !(prev_start == 0 && OPENERS.contains(&prev_word.as_str()))
            && c.name("mod").is_none()
        {
            continue;
        }
        let Some(mut v) = number(num.as_str()) else {
            continue;
        };
        // "The 2025 decision", "the DPC's 2023 children's data decision": a year
        // used as a modifier (years reads it), not 2,025 decisions. A count of that
        // size is written with a separator or names a plural ("2030 employees").
        let year_like =
            num.as_str().len() == 4 && (1900.0..2100.0).contains(&v) && c.name("scale").is_none();
        let determined = matches!(
            prev_word.to_lowercase().as_str(),
            "the" | "its" | "their" | "his" | "her" | "our" | "a" | "an" | "this" | "that" | "s"
        ) || text[..num.start()].trim_end().ends_with("'s");
        let plural = c.name("unit").is_some_and(|u| {
            let w = u.as_str().to_lowercase();
            (super::is_count_noun(&w) || matches!(w.as_str(), "staff" | "people" | "personnel"))
                && !text[u.end()..].starts_with('\'')
        });
        if year_like && (determined || !plural) {
            continue;
        }
        if let Some(s) = c.name("scale") {
            v *= scale(s.as_str()).unwrap_or(1.0);
        }
        let unit = c.name("unit").map(|u| u.as_str().to_lowercase());
        // "90 days", "two years ago": lengths of time, durations reads them.
        if unit.as_deref().and_then(time_unit).is_some() {
            continue;
        }
        // "5 p.m.": a time.
        if unit.as_deref().is_some_and(|u| matches!(u, "a" | "p"))
            && text[c.name("unit").map_or(0, |u| u.end())..].starts_with('.')
        {
            continue;
        }
        // Keep the unit only when it is a plausible counted noun, a whole word
        // ("15 bilhões" is not 15 "bilh").
        let (unit, end) = match (&unit, c.name("unit")) {
            (Some(u), Some(m))
                if !is_function_word(u)
                    && m.as_str().starts_with(|c: char| c.is_lowercase())
                    && !text[m.end()..].starts_with(char::is_alphabetic) =>
            {
                (singular(u), m.end())
            }
            _ => (
                NOUN_OF
                    .captures(window_before(text, all.start()))
                    .and_then(|n| n.name("noun"))
                    .map(|n| n.as_str().to_lowercase())
                    .filter(|n| !is_function_word(n))
                    .unwrap_or_default(),
                c.name("scale").map_or(num.end(), |s| s.end()),
            ),
        };
        push(
            out,
            text,
            QuantityKind::Count,
            v,
            &unit,
            modifier_of(&c),
            all.start(),
            end,
        );
    }
    for c in SPELLED.captures_iter(text) {
        let (Some(all), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        let Some(v) = words_value(n.as_str()) else {
            continue;
        };
        if SHARE_BEFORE.is_match(window_before(text, n.start())) {
            continue;
        }
        let words = n.as_str().to_lowercase();
        let scaled = [
            "hundred", "thousand", "million", "billion", "trillion", "dozen",
        ]
        .iter()
        .any(|w| words.contains(w));
        let unit = c
            .name("unit")
            .map(|u| u.as_str().to_lowercase())
            .filter(|u| !is_function_word(u) && time_unit(u).is_none());
        // A bare small number word ("one", "two") is rarely a count; a scaled one
        // ("a dozen", "two million") is.
        let (unit, end) = match (unit, c.name("unit")) {
            (Some(u), Some(m)) => (singular(&u), m.end()),
            _ if scaled => (String::new(), n.end()),
            _ => continue,
        };
        // "one" alone counts nothing ("one analyst said"): from two up.
        if v < 2.0 {
            continue;
        }
        push(
            out,
            text,
            QuantityKind::Count,
            v,
            &unit,
            modifier_of(&c),
            all.start(),
            end,
        );
    }
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "the"
            | "a"
            | "an"
            | "for"
            | "by"
            | "with"
            | "from"
            | "is"
            | "was"
            | "are"
            | "were"
            | "as"
            | "that"
            | "this"
            | "it"
            | "its"
            | "per"
            | "than"
            | "into"
            | "since"
            | "after"
            | "before"
            | "over"
            | "under"
            | "percent"
            | "against"
            | "each"
            | "apiece"
    )
}

fn singular(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ies") {
        format!("{s}y")
    } else if w.ends_with("ss") {
        w.to_string()
    } else {
        w.strip_suffix('s').unwrap_or(w).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::tests::only;
    use crate::quantities::{parse, Modifier};

    #[test]
    fn counts() {
        let q = only("over 1,000 articles");
        assert_eq!(
            (q.kind, q.value, q.unit.as_str(), q.modifier),
            (
                QuantityKind::Count,
                1000.0,
                "article",
                Some(Modifier::AtLeast)
            )
        );
        let q = only("It has 2 million users");
        assert_eq!((q.value, q.unit.as_str()), (2e6, "user"));
        let q = only("three companies signed");
        assert_eq!((q.value, q.unit.as_str()), (3.0, "company"));
    }

    #[test]
    fn written_counts_and_what_is_not_a_count() {
        for (t, v, unit) in [
            ("2,000 jobs", 2000.0, "job"),
            ("12,000 employees", 12000.0, "employee"),
            ("twenty-five companies", 25.0, "company"),
            ("a dozen analysts", 12.0, "analyst"),
            ("one hundred and twenty stores", 120.0, "store"),
            ("a workforce of 12,000", 12000.0, "workforce"),
        ] {
            let q = only(t);
            assert_eq!(
                (q.kind, q.value, q.unit.as_str()),
                (QuantityKind::Count, v, unit),
                "{t}"
            );
        }
        for t in [
            "one analyst said",
            "on Nov. 3",
            "by 5 p.m.",
            "for 90 days",
            "two years ago",
        ] {
            assert!(
                parse(t).iter().all(|q| q.kind != QuantityKind::Count),
                "{t}: {:?}",
                parse(t)
            );
        }
    }
}
