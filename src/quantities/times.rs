//! Times of day ("5 p.m.", "10:30 a.m. ET", "17:00 GMT", "1430 GMT", "noon") in
//! minutes after midnight, and days of the week ("on Wednesday", "Thursday's
//! announcement"), 1 (Monday) to 7 (Sunday). The time zone stays in the span; the
//! value is the clock time as written.

use std::sync::LazyLock;

use regex::Regex;

use super::{push, Quantity, QuantityKind};

const ZONES: &str = "GMT|UTC|BST|CET|CEST|EET|EEST|WET|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|JST|KST|HKT|SGT|IST|AEST|AEDT|AWST|NZST|NZDT|MSK|GST|SAST|WIB";

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?P<h>\d{{1,2}})(?:[:.](?P<m>[0-5]\d))?\s?(?P<ap>(?i:a\.m\.|p\.m\.|(?:a\.m|p\.m|am|pm)(?-u:\b)))|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?::[0-5]\d)?(?-u:\b)|(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s+(?P<zz>GMT|UTC)(?-u:\b)|(?P<noon>(?:12\s+)?(?i:noon|midday)|(?i:midnight))(?-u:\b))(?:\s+(?P<tz>{ZONES})(?-u:\b))?"
    ))
    .expect("time regex")
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<d>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)")
        .expect("weekday regex")
});

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The name of weekday `v` (1 Monday .. 7 Sunday); "" when out of range.
pub(super) fn weekday_name(v: f64) -> &'static str {
    let i = v as usize;
    if (1..=7).contains(&i) {
        DAYS[i - 1]
    } else {
        ""
    }
}

pub(super) fn times(text: &str, out: &mut Vec<Quantity>) {
    for c in TIME.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let get = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let minutes = if let Some(h) = get("h") {
            let m = get("m").unwrap_or(0);
            let pm = c
                .name("ap")
                .is_some_and(|a| a.as_str().to_lowercase().starts_with('p'));
            if !(1..=12).contains(&h) {
                continue;
            }
            (h % 12 + if pm { 12 } else { 0 }) * 60 + m
        } else if let (Some(h), Some(m)) = (get("h24"), get("m24")) {
            // "3:1" is a ratio (two-digit minutes are required); "10:30" a time.
            h * 60 + m
        } else if let (Some(h), Some(m)) = (get("hh"), get("mm")) {
            h * 60 + m
        } else if let Some(n) = c.name("noon") {
            if n.as_str().to_lowercase().contains("midnight") {
                0
            } else {
                720
            }
        } else {
            continue;
        };
        // Not part of a longer number or identifier ("1.5:30", "x10:30").
        let before = text[..all.start()].chars().next_back();
        if before.is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '.' | ':' | ',' | '/')) {
            continue;
        }
        let mut after = text[all.end()..].chars();
        if c.name("h24").is_some()
            && after.next().is_some_and(|ch| matches!(ch, ':' | '.'))
            && after.next().is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        push(
            out,
            text,
            QuantityKind::Time,
            f64::from(minutes),
            "time",
            (false, None),
            all.start(),
            all.end(),
        );
    }
}

/// Holidays and the like named after a weekday: not the weekday of an event.
const NAMED_DAYS: &[&str] = &[
    "Black", "Cyber", "Good", "Super", "Easter", "Ash", "Palm", "Holy", "Maundy", "Giving",
    "Bloody", "Man", "Girl",
];

pub(super) fn weekdays(text: &str, out: &mut Vec<Quantity>) {
    for c in WEEKDAY.captures_iter(text) {
        let Some(d) = c.name("d") else { continue };
        let prev: String = text[..d.start()]
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if NAMED_DAYS.contains(&prev.as_str()) {
            continue;
        }
        let Some(i) = DAYS.iter().position(|n| *n == d.as_str()) else {
            continue;
        };
        push(
            out,
            text,
            QuantityKind::Weekday,
            (i + 1) as f64,
            "weekday",
            (false, None),
            d.start(),
            d.end(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::parse;
    use crate::quantities::tests::only;

    #[test]
    fn times_of_day() {
        for (t, v, span) in [
            ("by 5 p.m. on Friday", 1020.0, "5 p.m."),
            ("at 10:30 a.m. ET", 630.0, "10:30 a.m. ET"),
            ("at 17:00 GMT", 1020.0, "17:00 GMT"),
            ("at 1430 GMT", 870.0, "1430 GMT"),
            ("by noon", 720.0, "noon"),
            ("at midnight", 0.0, "midnight"),
            ("at 12 a.m.", 0.0, "12 a.m."),
            ("at 12:15 p.m.", 735.0, "12:15 p.m."),
            ("at 9pm", 1260.0, "9pm"),
            ("at 5.30pm", 1050.0, "5.30pm"),
        ] {
            let q = parse(t);
            let q = q
                .iter()
                .find(|q| q.kind == QuantityKind::Time)
                .unwrap_or_else(|| panic!("{t}: {q:?}"));
            assert_eq!((q.value, q.text.as_str()), (v, span), "{t}");
            assert!(
                parse(t).iter().all(|q| q.kind != QuantityKind::Count),
                "{t}"
            );
        }
        assert_eq!(only("at 17:00 GMT").canonical(), "17:00");
        assert!(parse("a ratio of 3:1")
            .iter()
            .all(|q| q.kind != QuantityKind::Time));
    }

    #[test]
    fn weekdays_capitalized_only() {
        for (t, v) in [
            ("It was announced on Wednesday.", 3.0),
            ("Thursday's announcement", 4.0),
            ("late Tuesday", 2.0),
            ("on Sunday", 7.0),
        ] {
            let q = only(t);
            assert_eq!(
                (q.kind, q.value, q.unit.as_str()),
                (QuantityKind::Weekday, v, "weekday")
            );
        }
        assert_eq!(only("on Wednesday").canonical(), "Wednesday");
        assert_eq!(only("Thursday's announcement").text, "Thursday");
        for t in [
            "on wednesday",
            "Black Friday sales",
            "on Mondays",
            "Cyber Monday",
        ] {
            assert!(parse(t).is_empty(), "{t}: {:?}", parse(t));
        }
    }
}
