//! Counts: a number and the noun it counts ("1,000 articles", "2 million users",
//! "three companies").

use std::sync::LazyLock;

use regex::Regex;

use super::dates::month;
use super::{modifier_of, number, push, scale, Quantity, QuantityKind, PRE};

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|trillion)(?-u:\b))?(?:\s+(?P<unit>[a-z][a-z-]*))?"
    ))
    .expect("count regex")
});
static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)\s+(?P<unit>[a-z]+s)(?-u:\b)")
        .expect("spelled regex")
});

pub(super) fn counts(text: &str, out: &mut Vec<Quantity>) {
    for c in COUNT.captures_iter(text) {
        let (Some(all), Some(num)) = (c.get(0), c.name("num")) else {
            continue;
        };
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
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let prev_start = text[..num.start()]
            .trim_end()
            .len()
            .saturating_sub(prev_word.len());
        const OPENERS: &[&str] = &[
            "The", "In", "By", "Since", "Only", "Some", "About", "Nearly", "Over", "Around",
            "Almost", "Roughly", "Just", "All", "Of", "At", "On", "For", "And", "But",
        ];
        if prev_word.chars().next().is_some_and(char::is_uppercase)
            && !(prev_start == 0 && OPENERS.contains(&prev_word.as_str()))
            && month(&prev_word).is_none()
            && c.name("mod").is_none()
        {
            continue;
        }
        let Some(mut v) = number(num.as_str()) else {
            continue;
        };
        if let Some(s) = c.name("scale") {
            v *= scale(s.as_str()).unwrap_or(1.0);
        }
        let unit = c.name("unit").map(|u| u.as_str().to_lowercase());
        // Keep the unit only when it is a plausible counted noun.
        let (unit, end) = match (&unit, c.name("unit")) {
            (Some(u), Some(m))
                if !is_function_word(u) && m.as_str().starts_with(|c: char| c.is_lowercase()) =>
            {
                (singular(u), m.end())
            }
            _ => (
                String::new(),
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
        let (Some(all), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("unit")) else {
            continue;
        };
        let v = match n.as_str().to_lowercase().as_str() {
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "dozen" => 12.0,
            _ => continue,
        };
        if is_function_word(&u.as_str().to_lowercase()) {
            continue;
        }
        push(
            out,
            text,
            QuantityKind::Count,
            v,
            &singular(&u.as_str().to_lowercase()),
            (false, None),
            all.start(),
            all.end(),
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
    use crate::quantities::Modifier;

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
}
