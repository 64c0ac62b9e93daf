//! Percent: "20%", "20 percent", "2 percentage points", and shares said as
//! fractions ("a fifth of", "two-thirds of").

use std::sync::LazyLock;

use regex::Regex;

use super::{modifier_of, number, push, Modifier, Quantity, QuantityKind, PRE};

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|percent(?:age\s+points?)?|per\s+cent|pct|percentage\s+points?)"
    ))
    .expect("percent regex")
});

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?-u:\b)(?P<frac>a\s+fifth|one\s+fifth|one-fifth|a\s+quarter|one\s+quarter|one-quarter|a\s+third|one\s+third|one-third|two\s+thirds|two-thirds|three\s+quarters|three-quarters|half)\s+of(?-u:\b)"
    ))
    .expect("fraction regex")
});

pub(super) fn percents(text: &str, out: &mut Vec<Quantity>) {
    for c in PERCENT.captures_iter(text) {
        let (Some(all), Some(num), Some(unit)) = (c.get(0), c.name("num"), c.name("unit")) else {
            continue;
        };
        if text[..num.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '.')
        {
            continue;
        }
        let Some(v) = number(num.as_str()) else {
            continue;
        };
        let unit = if unit.as_str().to_lowercase().contains("point") {
            "percentage_point"
        } else {
            "percent"
        };
        push(
            out,
            text,
            QuantityKind::Percent,
            v,
            unit,
            modifier_of(&c),
            all.start(),
            all.end(),
        );
    }
    for c in FRACTION.captures_iter(text) {
        let (Some(all), Some(frac)) = (c.get(0), c.name("frac")) else {
            continue;
        };
        // "the second half of 2026", "first quarter of": periods, not shares.
        let before = text[..frac.start()].trim_end().to_lowercase();
        if ["first", "second", "third", "fourth", "last", "the"]
            .iter()
            .any(|w| before.ends_with(w))
        {
            continue;
        }
        let f = frac.as_str().to_lowercase().replace('-', " ");
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        let (v, inexact) = match f.as_str() {
            "a fifth" | "one fifth" => (20.0, false),
            "a quarter" | "one quarter" => (25.0, false),
            "a third" | "one third" => (100.0 / 3.0, true),
            "two thirds" => (200.0 / 3.0, true),
            "three quarters" => (75.0, false),
            "half" => (50.0, false),
            _ => continue,
        };
        let (approx, modifier) = modifier_of(&c);
        let end = frac.end();
        push(
            out,
            text,
            QuantityKind::Percent,
            v,
            "percent",
            (
                approx || inexact,
                if inexact && modifier.is_none() {
                    Some(Modifier::Approximately)
                } else {
                    modifier
                },
            ),
            all.start(),
            end,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::parse;
    use crate::quantities::tests::{canonical_of, only};

    #[test]
    fn percents_and_fractions() {
        let q = only("Microsoft will receive a guaranteed 20 percent cut");
        assert_eq!(
            (q.kind, q.value, q.unit.as_str()),
            (QuantityKind::Percent, 20.0, "percent")
        );
        for t in ["20%", "20 per cent", "20 pct", "a fifth of", "one fifth of"] {
            let q = only(&format!("It takes {t} the revenue."));
            assert_eq!((q.kind, q.value), (QuantityKind::Percent, 20.0), "{t}");
        }
        assert_eq!(only("a quarter of sales").value, 25.0);
        assert!(only("a third of sales").approx);
        assert_eq!(only("rose 2 percentage points").unit, "percentage_point");
        assert!(parse("in the second half of the decade").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn percents_normalize_the_same_through_formatting_variants(
            whole in 0u32..100,
            tenths in proptest::option::of(1u32..10),
            form in 0usize..4,
        ) {
            let n = match tenths {
                Some(t) => format!("{whole}.{t}"),
                None => whole.to_string(),
            };
            let variants = [format!("{n}%"), format!("{n} percent"), format!("{n} per cent"), format!("{n} pct")];
            let reference = canonical_of(&format!("Revenue fell {} last year.", variants[0]));
            proptest::prop_assert_eq!(reference.len(), 1);
            let text = format!("Revenue fell {} last year.", variants[form]);
            proptest::prop_assert_eq!(canonical_of(&text), reference, "{}", text);
        }
    }
}
