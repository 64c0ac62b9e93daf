//! Dates ("28/04/2026", "April 28, 2026", "May 2026") and years, with the
//! bounds said of them ("through 2030", "since 2019").

use std::sync::LazyLock;

use regex::Regex;

use super::is_count_noun;
use super::{push, Modifier, Quantity, QuantityKind};

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const MONTH_RE: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

pub(super) fn month(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == s).map(|(_, m)| *m)
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})(?-u:\b)|(?-u:\b)(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})(?-u:\b)")
        .expect("date regex")
});
static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_RE})\s*,?\s+(?P<y1>(?:19|20)\d{{2}})|(?P<m2>{MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{{2}})|(?P<m3>{MONTH_RE})\s+(?P<y3>(?:19|20)\d{{2}})|(?P<m4>{MONTH_RE})\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m5>{MONTH_RE}))(?-u:\b)"
    ))
    .expect("month date regex")
});

fn valid(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return false,
    };
    d <= days
}

fn date_value(y: u32, m: u32, d: u32) -> f64 {
    f64::from(y * 10000 + m * 100 + d)
}

pub(super) fn dates(text: &str, out: &mut Vec<Quantity>) {
    for c in NUMERIC_DATE.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let get = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let ymd = if let (Some(y), Some(m), Some(d)) = (get("iy"), get("im"), get("id")) {
            Some((y, m, d))
        } else if let (Some(a), Some(b), Some(y)) = (get("a"), get("b"), get("y")) {
            // Day first unless that is impossible (then month first).
            if b <= 12 && a >= 1 {
                Some((y, b, a))
            } else if a <= 12 {
                Some((y, a, b))
            } else {
                None
            }
        } else {
            None
        };
        if let Some((y, m, d)) = ymd.filter(|&(y, m, d)| d >= 1 && valid(y, m, d)) {
            push(
                out,
                text,
                QuantityKind::Date,
                date_value(y, m, d),
                "date",
                (false, None),
                all.start(),
                all.end(),
            );
        }
    }
    for c in MONTH_DATE.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let get = |n: &str| c.name(n).map(|m| m.as_str());
        let parsed = if let (Some(d), Some(m), Some(y)) = (get("d1"), get("m1"), get("y1")) {
            Some((y, m, d))
        } else if let (Some(m), Some(d), Some(y)) = (get("m2"), get("d2"), get("y2")) {
            Some((y, m, d))
        } else if let (Some(m), Some(y)) = (get("m3"), get("y3")) {
            Some((y, m, "0"))
        } else if let (Some(m), Some(d)) = (get("m4"), get("d4")) {
            // AP style, the year unsaid: "Nov. 3", "Sept. 30", "March 3".
            Some(("0", m, d))
        } else if let (Some(d), Some(m)) = (get("d5"), get("m5")) {
            Some(("0", m, d))
        } else {
            None
        };
        let Some((y, m, d)) = parsed else { continue };
        let (Ok(y), Some(m), Ok(d)) = (y.parse::<u32>(), month(m), d.parse::<u32>()) else {
            continue;
        };
        // A day with no year: valid in some year (Feb. 29 in a leap one), and not
        // a day of a number ("May 5,000").
        let ok = if y == 0 {
            let mut after = text[all.end()..].chars();
            d >= 1
                && valid(2000, m, d)
                && !(after.next().is_some_and(|ch| matches!(ch, ',' | '.'))
                    && after.next().is_some_and(|ch| ch.is_ascii_digit()))
        } else {
            d == 0 || valid(y, m, d)
        };
        if ok {
            push(
                out,
                text,
                QuantityKind::Date,
                date_value(y, m, d),
                "date",
                (false, None),
                all.start(),
                all.end(),
            );
        }
    }
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)(?P<pre>through|thru|until|till|to|by|since|from)\s+)?(?-u:\b)(?P<y>(?:19|20)\d{2})(?-u:\b)",
    )
    .expect("year regex")
});

pub(super) fn years(text: &str, out: &mut Vec<Quantity>) {
    for c in YEAR.captures_iter(text) {
        let (Some(all), Some(y)) = (c.get(0), c.name("y")) else {
            continue;
        };
        // Not part of an identifier, a number with separators, or a count ("2030 employees").
        let before = text[..y.start()].chars().next_back();
        let after = text[y.end()..].chars().next();
        if before
            .is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '$' | ',' | '.' | '/'))
            || after.is_some_and(|ch| ch.is_alphanumeric() || ch == '%' || ch == '/')
            || text[y.end()..].starts_with(",0")
            || text[y.end()..].starts_with(".0")
        {
            continue;
        }
        let next_word: String = text[y.end()..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        // "2030 employees" counts employees; "through 2030 ensures", "the 2022 CHIPS
        // Act" and "its 2023 fines" are still years.
        let determined = text[..y.start()]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
            .next()
            .is_some_and(|w| {
                w.ends_with("'s")
                    || matches!(
                        w.to_lowercase().as_str(),
                        "the"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                            | "our"
                            | "a"
                            | "an"
                            | "this"
                            | "that"
                    )
            });
        if c.name("pre").is_none()
            && is_count_noun(&next_word)
            && !determined
            && next_word.starts_with(char::is_lowercase)
        {
            continue;
        }
        let modifier = c
            .name("pre")
            .map(|p| match p.as_str().to_lowercase().as_str() {
                "since" | "from" => Modifier::Since,
                _ => Modifier::Through,
            });
        let start = if modifier.is_some() {
            all.start()
        } else {
            y.start()
        };
        let Ok(v) = y.as_str().parse::<u32>() else {
            continue;
        };
        push(
            out,
            text,
            QuantityKind::Year,
            f64::from(v),
            "year",
            (false, modifier),
            start,
            y.end(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::parse;
    use crate::quantities::tests::only;

    #[test]
    fn years_with_bounds() {
        let q = parse("Microsoft will receive a guaranteed 20 percent cut of OpenAI's revenue until 2030, though the total is now subject to an undisclosed cap.");
        assert_eq!(q.len(), 2);
        assert_eq!(
            (q[1].kind, q[1].value, q[1].modifier),
            (QuantityKind::Year, 2030.0, Some(Modifier::Through))
        );
        assert_eq!(q[1].text, "until 2030");
        let q = only("Revenue-sharing arrangements remain in place through 2030");
        assert_eq!((q.value, q.modifier), (2030.0, Some(Modifier::Through)));
        let q = only("a revenue-sharing arrangement extending to 2030");
        assert_eq!(q.modifier, Some(Modifier::Through));
        let q = only(
            "hold a license to OpenAI intellectual property for models and products through 2032",
        );
        assert_eq!((q.value, q.text.as_str()), (2032.0, "through 2032"));
        let q = parse("Microsoft's early investment in OpenAI totaled $13 billion since 2019");
        assert_eq!(q.len(), 2);
        assert_eq!((q[1].value, q[1].modifier), (2019.0, Some(Modifier::Since)));
        let q = parse("GPT-2030 and A2030 and 2,030");
        assert!(q.iter().all(|q| q.kind != QuantityKind::Year), "{q:?}");
        let q = only("The continued revenue-sharing arrangement through 2030 ensures alignment");
        assert_eq!((q.kind, q.value), (QuantityKind::Year, 2030.0));
        let q = only("It hired 2030 employees");
        assert_eq!((q.kind, q.unit.as_str()), (QuantityKind::Count, "employee"));
        // A year as a modifier is a year, not a count of decisions or children.
        for text in [
            "The 2025 decision differs.",
            "It follows the DPC's 2023 children's data decision.",
            "It is backed by grants under the 2022 CHIPS and Science Act.",
        ] {
            let q = only(text);
            assert_eq!(q.kind, QuantityKind::Year, "{text}: {q:?}");
        }
    }

    #[test]
    fn dates() {
        let q = only("28/04/2026");
        assert_eq!((q.kind, q.value), (QuantityKind::Date, 20260428.0));
        assert_eq!(q.canonical(), "2026-04-28");
        assert_eq!(only("on 04/28/2026").value, 20260428.0);
        assert_eq!(only("on 2026-04-28").value, 20260428.0);
        assert_eq!(only("on April 28, 2026").value, 20260428.0);
        assert_eq!(only("on 28 April 2026").value, 20260428.0);
        assert_eq!(only("on Apr. 28, 2026").value, 20260428.0);
        assert_eq!(only("signed in May 2026").value, 20260500.0);
        assert_eq!(only("Nov. 3, 2025").value, 20251103.0);
        assert!(parse("32/13/2026")
            .iter()
            .all(|q| q.kind != QuantityKind::Date));
    }

    #[test]
    fn ap_dates_without_a_year() {
        for (t, v, canon) in [
            ("on Nov. 3", 1103.0, "--11-03"),
            ("by Sept. 30", 930.0, "--09-30"),
            ("on Jan 5", 105.0, "--01-05"),
            ("on March 3", 303.0, "--03-03"),
            ("on 3 March", 303.0, "--03-03"),
            ("on Feb. 29", 229.0, "--02-29"),
            ("the Dec. 1st deadline", 1201.0, "--12-01"),
        ] {
            let q = only(t);
            assert_eq!((q.kind, q.value), (QuantityKind::Date, v), "{t}");
            assert_eq!(q.canonical(), canon, "{t}");
        }
        // Never a count of 3.
        let q = parse("The vote on Nov. 3 drew 2,000 people.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(
            (q[0].kind, q[1].kind),
            (QuantityKind::Date, QuantityKind::Count)
        );
        assert!(parse("on Feb. 30")
            .iter()
            .all(|q| q.kind != QuantityKind::Date));
        assert!(parse("May 5,000 workers")
            .iter()
            .all(|q| q.kind != QuantityKind::Date));
    }
}
