//! Percent: "20%", "20 percent", "fifteen per cent", "-3%", "5-7%", percentage
//! points kept apart ("2 percentage points", "50 basis points" is 0.5 of them), and
//! shares said as fractions ("a fifth of", "two-thirds of", "one in five").

use std::sync::LazyLock;

use regex::Regex;

use super::amounts::{
    european, glued_after, glued_before, number_end, number_of, push_readings, sign_of, Atom,
    NUMBER_EU, SIGN,
};
use super::words::words_value;
use super::{modifier_of, push, window_before, Modifier, Quantity, QuantityKind, PRE};

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{PRE}{SIGN}(?:(?P<one>(?i:(?-u:\b)(?:an?|one)(?:\s+full)?\s+percentage[\s-]+point)(?-u:\b))|(?P<frac>(?i:(?-u:\b)(?:half\s+an?|an?\s+half|half|an?\s+quarter\s+of\s+an?|an?\s+quarter|quarter|three[\s-]quarters\s+of\s+an?|three[\s-]quarter)))|{number})(?:\s?(?P<pct>%)|[\s-]?(?P<unit>(?i:percentage[\s-]+points?|percent|per[\s-]?cent|pct|basis[\s-]+points?|points?)|pc|ppts?|pp|bps|bp)(?-u:\b))?",
        number = *NUMBER_EU,
    ))
    .expect("percent regex")
});

/// What every percent unit holds: a text without any skips the per-number pass.
static PERCENT_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:%|per[\s-]?cent|pct|point|pc|pp|bp)").expect("percent hint regex")
});

const DENOMINATORS: &str = "halves|half|thirds|third|quarters|quarter|fourths|fourth|fifths|fifth|sixths|sixth|sevenths|seventh|eighths|eighth|ninths|ninth|tenths|tenth";
pub(super) const SMALL_NUMBER: &str =
    "an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|\\d{1,3}";

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?-u:\b)(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+(?P<d>{DENOMINATORS})\s+of|(?P<half>half)\s+of|(?P<x>{SMALL_NUMBER})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<y>a\s+hundred|one\s+hundred|hundred|{SMALL_NUMBER}))(?-u:\b)"
    ))
    .expect("fraction regex")
});

fn atom(text: &str, c: &regex::Captures<'_>) -> Option<Atom> {
    if let Some(one) = c.name("one") {
        // "a full percentage point", "one percentage point".
        return Some(Atom {
            start: c.name("mod").map_or(one.start(), |m| m.start()),
            lead: one.start(),
            end: one.end(),
            raw: 1.0,
            scale: None,
            neg: false,
            dash: false,
            unit: Some("percentage_point"),
            factor: 1.0,
            unit_before: false,
            subunit: false,
            name_part: false,
            year_like: false,
            mods: modifier_of(c),
        });
    }
    let (raw, num_start, year_like, num_end) = if let Some(f) = c.name("frac") {
        let w = f.as_str().to_lowercase();
        let v = if w.contains("three") {
            0.75
        } else if w.contains("quarter") {
            0.25
        } else {
            0.5
        };
        (v, f.start(), false, f.end())
    } else {
        let (raw, start, year_like) = number_of(c)?;
        let end = number_end(c)?;
        (raw, start, year_like, end)
    };
    let (neg, dash, sign_start) = sign_of(c);
    let lead = sign_start.unwrap_or(num_start);
    let mut end = num_end;
    let mut unit = None;
    let mut factor = 1.0;
    if let Some(p) = c.name("pct") {
        unit = Some("percent");
        end = p.end();
    } else if let Some(u) = c.name("unit") {
        let w = u.as_str().to_lowercase();
        let (name, f) = if w.starts_with("basis") || w.starts_with("bp") {
            ("percentage_point", 0.01)
        } else if w.contains("point") || w.starts_with("pp") {
            ("percentage_point", 1.0)
        } else {
            ("percent", 1.0)
        };
        // "points" alone only after "half", "quarter" ("a quarter-point cut"); a
        // hyphen only before a word unit ("a 2-percentage-point rise").
        let bare_points = w.starts_with("point");
        if !(bare_points && c.name("frac").is_none()) {
            unit = Some(name);
            factor = f;
            end = u.end();
        }
    }
    // A fraction needs its unit ("half a percentage point"), and so do European
    // digits ("2,5 %").
    if (c.name("frac").is_some() || european(c)) && unit.is_none() {
        return None;
    }
    Some(Atom {
        start: c.name("mod").map_or(lead, |m| m.start()),
        lead,
        end,
        raw,
        scale: None,
        neg,
        dash,
        unit,
        factor,
        unit_before: false,
        subunit: false,
        name_part: glued_before(text, lead) || (unit.is_none() && glued_after(text, end)),
        year_like,
        mods: modifier_of(c),
    })
}

pub(super) fn percents(text: &str, out: &mut Vec<Quantity>) {
    fractions(text, out);
    if !PERCENT_HINT.is_match(text) {
        return;
    }
    let atoms: Vec<Atom> = PERCENT
        .captures_iter(text)
        .filter_map(|c| atom(text, &c))
        .collect();
    push_readings(out, text, QuantityKind::Percent, &atoms, false);
}

fn small(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "a" | "an" => Some(1.0),
        "hundred" | "a hundred" | "one hundred" => Some(100.0),
        _ => super::number(&s).or_else(|| words_value(&s)),
    }
}

fn denominator(d: &str) -> Option<f64> {
    let d = d.to_lowercase();
    let stem = d.strip_suffix('s').unwrap_or(&d);
    Some(match stem {
        "half" | "halve" => 2.0,
        "third" => 3.0,
        "quarter" | "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        _ => return None,
    })
}

fn fractions(text: &str, out: &mut Vec<Quantity>) {
    for c in FRACTION.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let first = c
            .name("n")
            .or_else(|| c.name("half"))
            .or_else(|| c.name("x"));
        let Some(first) = first else { continue };
        // "the second half of 2026", "first quarter of": periods, not shares.
        let before = window_before(text, first.start()).trim_end().to_lowercase();
        if [
            "first", "second", "third", "fourth", "last", "the", "next", "past",
        ]
        .iter()
        .any(|w| before.ends_with(w))
        {
            continue;
        }
        let (v, end) = if let (Some(n), Some(d)) = (c.name("n"), c.name("d")) {
            let (Some(nv), Some(dv)) = (small(n.as_str()), denominator(d.as_str())) else {
                continue;
            };
            (100.0 * nv / dv, d.end())
        } else if let Some(h) = c.name("half") {
            (50.0, h.end())
        } else if let (Some(x), Some(y)) = (c.name("x"), c.name("y")) {
            let (Some(xv), Some(yv)) = (small(x.as_str()), small(y.as_str())) else {
                continue;
            };
            // "2 in 3 months" is not a share.
            let next: String = text[y.end()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if !(xv >= 1.0 && yv > xv && yv <= 1000.0)
                || glued_before(text, x.start())
                || super::durations::time_unit(&next).is_some()
            {
                continue;
            }
            (100.0 * xv / yv, y.end())
        } else {
            continue;
        };
        if !(0.0..=100.0).contains(&v) {
            continue;
        }
        let inexact = (v * 1000.0).fract().abs() > 1e-9;
        let (approx, modifier) = modifier_of(&c);
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

    fn pct(text: &str) -> (f64, Option<f64>, String) {
        let q = only(text);
        assert_eq!(q.kind, QuantityKind::Percent, "{text}: {q:?}");
        (q.value, q.high, q.unit)
    }

    #[test]
    fn percent_forms_signs_and_words() {
        for (t, v) in [
            ("fifteen percent", 15.0),
            ("twenty-five per cent", 25.0),
            ("Fifteen percent of staff", 15.0),
            ("a 5pc rise", 5.0),
            ("a 5-percent raise", 5.0),
            ("fell 1,000%", 1000.0),
            ("-3%", -3.0),
            ("growth of −3%", -3.0),
            ("minus 2 percent", -2.0),
            ("negative 0.1%", -0.1),
            ("(-0.5%)", -0.5),
        ] {
            assert_eq!(pct(t), (v, None, "percent".into()), "{t}");
        }
        assert_eq!(canonical_of("-3%"), ["-3%"]);
        let q = only("About 40 per cent to 50 per cent of staff.");
        assert_eq!(
            (q.text.as_str(), q.approx),
            ("About 40 per cent to 50 per cent", true)
        );
        assert_eq!(only("Profit: 5%; revenue fell.").value, 5.0);
        // A hyphen glued to a word is no sign.
        assert!(parse("COVID-19%").is_empty());
    }

    #[test]
    fn percentage_points_and_basis_points_stay_apart() {
        for (t, v) in [
            ("rose 2 percentage points", 2.0),
            ("a 2-percentage-point rise", 2.0),
            ("up 1.5pp", 1.5),
            ("up 1.5 ppts", 1.5),
            ("cut by 50 basis points", 0.5),
            ("a 25 bps cut", 0.25),
            ("a 25bp cut", 0.25),
            ("a 50-basis-point cut", 0.5),
            ("half a percentage point", 0.5),
            ("a quarter of a percentage point", 0.25),
            ("a quarter-point cut", 0.25),
            ("three-quarters of a percentage point", 0.75),
        ] {
            let (got, _, unit) = pct(t);
            assert!(
                (got - v).abs() < 1e-12 && unit == "percentage_point",
                "{t}: {got} {unit}"
            );
        }
        assert_eq!(canonical_of("cut by 50 basis points"), ["0.5 pp"]);
        for t in [
            "rates rose a full percentage point",
            "one percentage point higher",
        ] {
            assert_eq!(pct(t), (1.0, None, "percentage_point".into()), "{t}");
        }
        assert_eq!(pct("inflation of 2,5 %").0, 2.5);
        // Index points and BP (the company) are not percentage points.
        assert!(parse("the index fell 50 points")
            .iter()
            .all(|q| q.kind != QuantityKind::Percent));
        assert!(parse("sold 5 BP shares")
            .iter()
            .all(|q| q.kind != QuantityKind::Percent));
    }

    #[test]
    fn percent_ranges() {
        for (t, lo, hi) in [
            ("5-7%", 5.0, 7.0),
            ("5–7%", 5.0, 7.0),
            ("5% to 7%", 5.0, 7.0),
            ("5%-7%", 5.0, 7.0),
            ("5 to 7 percent", 5.0, 7.0),
            ("between 10 and 12 percent", 10.0, 12.0),
            ("between 10% and 12%", 10.0, 12.0),
            ("three to five percent", 3.0, 5.0),
            ("-3% to -1%", -3.0, -1.0),
        ] {
            assert_eq!(pct(t), (lo, Some(hi), "percent".into()), "{t}");
        }
        assert_eq!(canonical_of("between 10 and 12 percent"), ["10..12%"]);
        assert_eq!(
            only("between 10 and 12 percent").text,
            "between 10 and 12 percent"
        );
        assert_eq!(parse("rose from 5% to 7%").len(), 2);
        assert_eq!(parse("5% and 7%").len(), 2);
        assert_eq!(parse("Inflation rose 0.3% to 3.2%.").len(), 2);
        assert_eq!(only("Sales are expected to grow 5% to 7%.").high, Some(7.0));
    }

    #[test]
    fn fractions_are_shares() {
        for (t, v) in [
            ("two-fifths of staff", 40.0),
            ("one in five adults", 20.0),
            ("nine out of 10 analysts", 90.0),
            ("1 in 4 homes", 25.0),
            ("half of the board", 50.0),
            ("a tenth of revenue", 10.0),
            ("three quarters of staff", 75.0),
        ] {
            assert_eq!(pct(t).0, v, "{t}");
        }
        assert!(only("one in three voters").approx);
        assert!(parse("2 in 3 months")
            .iter()
            .all(|q| q.kind != QuantityKind::Percent));
        assert!(parse("the first half of 2026")
            .iter()
            .all(|q| q.kind != QuantityKind::Percent));
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
