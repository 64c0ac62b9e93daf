//! Durations: a number and a unit of time said as a length ("six weeks", "90 days",
//! "an 18-month delay", "six weeks' notice", "two to three years"), in days, and the
//! time elapsed since something ("a sale process opened four months ago": "four
//! months"). Not an age ("a 30-year-old", "30 years old"), a time before or after
//! another ("two years earlier"), a share ("three quarters of"), nor "one day" (an
//! idiom far more often than a length).

use std::sync::LazyLock;

use regex::Regex;

use super::amounts::{glued_after, glued_before, number_of, push_readings, Atom, NUMBER};
use super::{modifier_of, Quantity, QuantityKind, PRE};

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{PRE}{number}(?:(?:\s+|-)(?P<unit>(?i:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|quarters?|fortnights?))(?-u:\b))?",
        number = *NUMBER,
    ))
    .expect("duration regex")
});

/// What every unit of time holds: a text without any skips the per-number pass.
static DURATION_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:year|month|week|day|hour|minute|second|decade|quarter|fortnight)")
        .expect("duration hint regex")
});

/// Days in one unit of time ("week" -> 7), for a unit word singular or plural.
pub(super) fn time_unit(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    let w = w.strip_suffix('s').unwrap_or(&w);
    Some(match w {
        "second" => 1.0 / 86400.0,
        "minute" => 1.0 / 1440.0,
        "hour" => 1.0 / 24.0,
        "day" => 1.0,
        "week" => 7.0,
        "fortnight" => 14.0,
        "month" => 30.436875,
        "quarter" => 91.310625,
        "year" => 365.2425,
        "decade" => 3652.425,
        _ => return None,
    })
}

fn atom(text: &str, c: &regex::Captures<'_>) -> Option<Atom> {
    let (raw, lead, year_like) = number_of(c)?;
    let num = c.name("num").or_else(|| c.name("words"))?;
    let mut end = num.end();
    let mut unit = None;
    let mut factor = 1.0;
    if let Some(u) = c.name("unit") {
        let rest = text[u.end()..].trim_start().to_lowercase();
        let next_word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let w = u.as_str().to_lowercase();
        let hyphen_old = text[u.end()..].starts_with("-old");
        let one_day = w == "day" && num.as_str().eq_ignore_ascii_case("one");
        let share = w.starts_with("quarter") && next_word == "of";
        if !(hyphen_old
            || one_day
            || share
            || year_like
            || matches!(next_word.as_str(), "old" | "earlier" | "later"))
        {
            unit = Some("day");
            factor = time_unit(&w)?;
            end = u.end();
        }
    }
    // "over five years" spreads something over a period; it is no lower bound.
    let over = c
        .name("mod")
        .is_some_and(|m| m.as_str().eq_ignore_ascii_case("over"));
    Some(Atom {
        start: c.name("mod").filter(|_| !over).map_or(lead, |m| m.start()),
        lead,
        end,
        raw,
        scale: None,
        neg: false,
        dash: false,
        unit,
        factor,
        unit_before: false,
        subunit: false,
        name_part: glued_before(text, lead) || glued_after(text, end),
        year_like,
        mods: if over { (false, None) } else { modifier_of(c) },
    })
}

pub(super) fn durations(text: &str, out: &mut Vec<Quantity>) {
    if !DURATION_HINT.is_match(text) {
        return;
    }
    let atoms: Vec<Atom> = DURATION
        .captures_iter(text)
        .filter_map(|c| atom(text, &c))
        .collect();
    push_readings(out, text, QuantityKind::Duration, &atoms, false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::parse;
    use crate::quantities::tests::only;

    fn days(text: &str) -> (f64, Option<f64>, String) {
        let q = only(text);
        assert_eq!(q.kind, QuantityKind::Duration, "{text}: {q:?}");
        (q.value, q.high, q.text)
    }

    #[test]
    fn durations_in_days() {
        assert_eq!(days("It gave six weeks' notice.").0, 42.0);
        assert_eq!(days("It gave six weeks' notice.").2, "six weeks");
        assert_eq!(days("within two months").0, 2.0 * 30.436875);
        assert_eq!(days("a 90-day window").0, 90.0);
        assert_eq!(days("an 18-month delay").0, 18.0 * 30.436875);
        assert_eq!(days("for 48 hours").0, 2.0);
        assert_eq!(days("over three years").0, 3.0 * 365.2425);
        assert_eq!(days("6-8 weeks").1, Some(56.0));
        assert_eq!(days("two to three years").1, Some(3.0 * 365.2425));
        assert_eq!(
            only("more than three years").canonical(),
            ">=1095.7275 days"
        );
        // "over five years" is a period, not a bound.
        let q = parse("pledged C$2 billion over five years");
        assert_eq!((q[1].text.as_str(), q[1].modifier), ("five years", None));
        // The time elapsed: the length, without "ago".
        assert_eq!(only("opened four months ago").text, "four months");
        assert_eq!(days("opened four months ago").0, 4.0 * 30.436875);
        for t in [
            "a 30-year-old man",
            "he is 30 years old",
            "two years earlier",
            "three quarters of staff",
            "in 2030",
            "one day he will",
        ] {
            assert!(
                parse(t).iter().all(|q| q.kind != QuantityKind::Duration),
                "{t}: {:?}",
                parse(t)
            );
        }
    }
}
