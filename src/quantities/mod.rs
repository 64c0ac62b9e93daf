//! Stage: quantities, normalized.
//!
//! One pass per kind, each a linear-time regex over the sentence, then overlaps are
//! resolved by preferring the longest match (so "28/04/2026" is a date, not a year,
//! and "$13 billion" is money, not a count). Every match keeps its modifier words
//! ("approximately", "more than", "through") inside its span, so the quoted text says
//! exactly what the article said. Numbers may be written in words ("two billion
//! dollars", "fifteen percent"), with a sign ("-3%", "minus 2 percent") or as a range
//! ("$5-7 million": one quantity, `value` the low end and `high` the high end).
//! Text that holds digits but no quantity (URLs, "%20" escapes, code, versions,
//! phone numbers) is found first and nothing inside it is a quantity.

use regex::Captures;
use serde::{Deserialize, Serialize};

mod amounts;
mod counts;
mod dates;
mod durations;
mod money;
mod noise;
mod percent;
#[cfg(test)]
mod proptests;
mod times;
mod words;

use counts::counts;
use dates::{dates, years};
use durations::durations;
use money::money;
use percent::percents;
use times::{times, weekdays};

/// What sort of number a quantity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    /// An amount of money ("$13 billion").
    Money,
    /// A percentage or percentage points ("20 percent", "3 percentage points").
    Percent,
    /// A calendar year ("2030").
    Year,
    /// A calendar date, a month of a year, or a day of a month whose year is not
    /// said ("28/04/2026", "May 2026", "Nov. 3").
    Date,
    /// A number of things ("1,000 articles", "three companies").
    Count,
    /// A time of day ("5 p.m.", "10:30 a.m. ET", "17:00 GMT", "noon").
    Time,
    /// A day of the week ("on Wednesday", "Thursday's announcement").
    Weekday,
    /// A length of time ("six weeks", "90 days", "18-month", "48 hours").
    Duration,
}

/// How the number is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    /// Hedged: "approximately", "about", "around", "roughly", "nearly" and the like.
    Approximately,
    /// A lower bound: "more than", "over", "at least", "upwards of".
    AtLeast,
    /// An upper bound: "up to", "less than", "under", "no more than".
    AtMost,
    /// A year the claim runs until: "through 2030", "until 2030", "by 2030".
    Through,
    /// A year the claim runs from: "since 2019", "from 2019".
    Since,
}

/// A number found in a text, normalized to a value and unit, with its exact span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// What sort of number it is.
    pub kind: QuantityKind,
    /// Money: whole currency units (13e9, negative when a sign is written);
    /// Percent: 20.0 (basis points as percentage points: 50 bps is 0.5); Year:
    /// 2030.0; Date: yyyymmdd (day 00 for month precision, yyyy 0000 when the year
    /// is not said); Count: the number; Time: minutes after midnight; Weekday: 1
    /// (Monday) to 7 (Sunday); Duration: days. For a range, its low end.
    pub value: f64,
    /// The high end of a range ("$5-7 million": 7e6); `None` for a single value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// Money: ISO 4217 code; Percent: "percent" or "percentage_point"; Year:
    /// "year"; Date: "date"; Count: the counted noun ("" when none); Time: "time";
    /// Weekday: "weekday"; Duration: "day".
    pub unit: String,
    /// Hedged: approximately, about, around, roughly, nearly, almost, some, an estimated, ~.
    pub approx: bool,
    /// How the text bounds or hedges the number; `None` when it states it plainly.
    pub modifier: Option<Modifier>,
    /// The input slice, modifier words included.
    pub text: String,
    /// Byte offsets into the input.
    pub start: usize,
    /// Byte offset just past the match in the input.
    pub end: usize,
}

impl Quantity {
    /// Short canonical rendering: "USD 13000000000", "USD -1200000000",
    /// "USD 5000000..7000000", "20%", "0.5 pp", "2030", "2026-04-28", "--11-03",
    /// "17:00", "Wednesday", "42 days".
    pub fn canonical(&self) -> String {
        let approx = if self.approx { "~" } else { "" };
        // The value, or "low..high" for a range.
        let n = match self.high {
            Some(h) => format!("{}..{}", fmt_number(self.value), fmt_number(h)),
            None => fmt_number(self.value),
        };
        let body = match self.kind {
            QuantityKind::Money => format!("{} {n}", self.unit),
            QuantityKind::Percent if self.unit == "percentage_point" => format!("{n} pp"),
            QuantityKind::Percent => format!("{n}%"),
            QuantityKind::Year => n,
            QuantityKind::Date => {
                let v = self.value as u64;
                let (y, m, d) = (v / 10000, v / 100 % 100, v % 100);
                match (y, d) {
                    (0, _) => format!("--{m:02}-{d:02}"),
                    (_, 0) => format!("{y:04}-{m:02}"),
                    _ => format!("{y:04}-{m:02}-{d:02}"),
                }
            }
            QuantityKind::Count if self.unit.is_empty() => n,
            QuantityKind::Count => format!("{n} {}", self.unit),
            QuantityKind::Time => {
                let v = self.value as u64;
                format!("{:02}:{:02}", v / 60 % 24, v % 60)
            }
            QuantityKind::Weekday => times::weekday_name(self.value).to_string(),
            QuantityKind::Duration if self.high.is_none() && self.value == 1.0 => {
                format!("{n} day")
            }
            QuantityKind::Duration => format!("{n} days"),
        };
        let bound = match self.modifier {
            Some(Modifier::AtLeast) => ">=",
            Some(Modifier::AtMost) => "<=",
            Some(Modifier::Through) => "until ",
            Some(Modifier::Since) => "since ",
            _ => "",
        };
        format!("{bound}{approx}{body}")
    }
}

fn fmt_number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// All quantities in `text`, sorted by start, non-overlapping (longest match wins).
pub fn parse(text: &str) -> Vec<Quantity> {
    let mut found = Vec::new();
    // Ties in length go to the pass that runs first: money before a count of
    // "cents", a duration before a count of "days".
    money(text, &mut found);
    percents(text, &mut found);
    dates(text, &mut found);
    times(text, &mut found);
    weekdays(text, &mut found);
    years(text, &mut found);
    durations(text, &mut found);
    counts(text, &mut found);
    if !found.is_empty() {
        let noise = noise::noise(text);
        found.retain(|q| !noise::in_noise(&noise, q));
    }
    // Longest first, then earliest; keep what does not overlap a kept match.
    found.sort_by(|a: &Quantity, b: &Quantity| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans by start: they never overlap, so only the last one starting before
    // `q.end` can overlap `q` (a scan of every kept span was quadratic in the number
    // of numbers; found by the `quantities` fuzz target).
    let mut kept: std::collections::BTreeMap<usize, Quantity> = std::collections::BTreeMap::new();
    for q in found {
        let overlaps = kept
            .range(..q.end)
            .next_back()
            .is_some_and(|(_, k)| k.end > q.start);
        if !overlaps {
            kept.insert(q.start, q);
        }
    }
    kept.into_values().collect()
}

/// Modifier words that may precede a quantity (captured as `mod`), in any case
/// ("About 40 per cent").
const PRE: &str = r"(?:(?P<mod>~|(?-u:\b)(?i:approximately|about|around|roughly|nearly|almost|some|an\s+estimated|estimated|more\s+than|over|at\s+least|upwards\s+of|up\s+to|less\s+than|under|fewer\s+than|no\s+more\s+than))\s*)?";

fn modifier_of(c: &Captures<'_>) -> (bool, Option<Modifier>) {
    let Some(m) = c.name("mod") else {
        return (false, None);
    };
    let w = m.as_str().to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    match w.as_str() {
        "more than" | "over" | "at least" | "upwards of" => (false, Some(Modifier::AtLeast)),
        "up to" | "less than" | "under" | "fewer than" | "no more than" => {
            (false, Some(Modifier::AtMost))
        }
        _ => (true, Some(Modifier::Approximately)),
    }
}

fn scale(word: &str) -> Option<f64> {
    let w = word.to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match w.as_str() {
        "thousand" | "k" => 1e3,
        "million" | "mn" | "mln" | "mm" | "m" | "millions" => 1e6,
        "billion" | "bn" | "bln" | "b" | "billions" => 1e9,
        "trillion" | "tn" | "trn" | "t" => 1e12,
        "crore" | "crores" | "cr" => 1e7,
        "lakh" | "lakhs" => 1e5,
        "lakh crore" | "lakh crores" => 1e12,
        _ => return None,
    })
}

fn number(s: &str) -> Option<f64> {
    let v: f64 = s.replace(',', "").parse().ok()?;
    v.is_finite().then_some(v)
}

// One argument per field of the quantity: a struct here would only rename them.
#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Quantity>,
    text: &str,
    kind: QuantityKind,
    value: f64,
    unit: &str,
    mods: (bool, Option<Modifier>),
    start: usize,
    end: usize,
) {
    push_range(out, text, kind, (value, None), unit, mods, start, end);
}

/// [`push`] for a value that may be a range: `(low, high)`.
#[allow(clippy::too_many_arguments)]
fn push_range(
    out: &mut Vec<Quantity>,
    text: &str,
    kind: QuantityKind,
    (value, high): (f64, Option<f64>),
    unit: &str,
    (approx, modifier): (bool, Option<Modifier>),
    start: usize,
    end: usize,
) {
    if !value.is_finite() || !high.is_none_or(f64::is_finite) || start >= end {
        return;
    }
    out.push(Quantity {
        kind,
        value,
        high,
        unit: unit.to_string(),
        approx,
        modifier,
        text: text[start..end].to_string(),
        start,
        end,
    });
}

/// The few dozen bytes before `end`, where look-backs ("a workforce of", "the
/// second half of") search: the whole prefix would make them quadratic in the
/// number of numbers.
fn window_before(text: &str, end: usize) -> &str {
    let mut start = end.saturating_sub(48);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// Whether `w` reads as a plural noun a number counts ("articles", "users"), not a
/// short function word that happens to end in s ("this", "was").
pub(super) fn is_count_noun(w: &str) -> bool {
    let w = w.to_lowercase();
    w.ends_with('s')
        && w.len() > 3
        && !matches!(
            w.as_str(),
            "this" | "was" | "has" | "is" | "as" | "its" | "plus" | "versus"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn only(text: &str) -> Quantity {
        let q = parse(text);
        assert_eq!(q.len(), 1, "{text}: {q:#?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn spans_are_exact_and_nothing_panics() {
        let odd = [
            "",
            "$",
            "%",
            "1e999999",
            "99999999999999999999999 billion dollars",
            "🚀 $5bn 🚀",
            "approximately",
            "through",
            "May",
            "$1,",
            "1/1/",
            "€",
            "a fifth",
            "twelve",
        ];
        let long_digits = "9".repeat(10_000);
        for t in odd.iter().copied().chain([long_digits.as_str()]) {
            for q in parse(t) {
                assert_eq!(&t[q.start..q.end], q.text);
                assert!(q.value.is_finite());
            }
        }
        let t = "Microsoft invested approximately $13 billion in 2019 and 20% more on 28/04/2026 through 2030.";
        let qs = parse(t);
        for w in qs.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for q in &qs {
            assert_eq!(&t[q.start..q.end], q.text);
        }
        assert_eq!(qs.len(), 5, "{qs:#?}");
    }

    /// The canonical form of the one money/percent quantity in `text`.
    pub(super) fn canonical_of(text: &str) -> Vec<String> {
        parse(text).iter().map(Quantity::canonical).collect()
    }

    /// Regression (fuzz target `quantities`): overlap resolution scanned every kept
    /// span for each candidate, quadratic in the number of numbers ("1," repeated
    /// 10,000 times: 36 ms; the fuzzer's inputs ran at 28 per second). The
    /// resolution now looks only at the neighbouring kept span; what it keeps is
    /// unchanged: sorted, disjoint, one quantity per "1,".
    /// Word boundaries are ASCII (`(?-u:\b)`): with Unicode `\b` the regex crate cannot
    /// use its DFA on text holding any non-ASCII character and parsing such text was
    /// 25x slower (the `quantities` fuzz target's low rate; docs/FUZZING.md). Quantities
    /// beside non-ASCII text parse as before.
    #[test]
    fn quantities_beside_non_ascii_text_parse() {
        let got: Vec<String> = parse(
            "Zürich: “€13 billion” — about 20 percent, through 2030; a fifth of Ørsted's 2,000 jobs.",
        )
        .iter()
        .map(|q| q.text.clone())
        .collect();
        assert_eq!(
            got,
            [
                "€13 billion",
                "about 20 percent",
                "through 2030",
                "a fifth",
                "2,000 jobs"
            ]
        );
    }

    #[test]
    fn many_numbers_resolve_to_disjoint_sorted_quantities() {
        assert_eq!(parse(&"1,".repeat(10_000)).len(), 10_000);
        let s = "$1,5 billion and 20% of 2030 through 2031, 1,000 people ".repeat(50);
        let fast = parse(&s);
        for (i, a) in fast.iter().enumerate() {
            for b in &fast[i + 1..] {
                assert!(a.end <= b.start, "sorted and disjoint");
            }
        }
    }

    #[test]
    fn urls_code_versions_and_phones_are_never_quantities() {
        for t in [
            "See https://example.com/2024/05/report-5-percent?id=100%25 for more.",
            "Visit www.example.org/news/2025/10 today.",
            "Details at reuters.com/markets/us/fed-cuts-rates-50-bps-2024-09-18/ later.",
            "Write to jane.doe2024@example.com for a copy.",
            "The file my%20report%202024.pdf was shared.",
            "Encoded as a%2Fb%3D100 in the link.",
            "Use printf(\"%d%%\", 50) to print it.",
            "Set width: 100%; in the stylesheet.",
            "The value `x = 100%` is code.",
            "Colour #FF0000 and flag 0x1F.",
            "Open /var/log/2024/05/app.log now.",
            "It shipped in v2.3.1 and version 4.1.",
            "Apple released iOS 17.2 and Windows 11.",
            "Call +44 20 7946 0958 or (212) 555-0100 or 212-555-0100.",
            "Shares of $MSFT rose.",
            "OpenAI's GPT-5 launched.",
            "Server 192.168.1.20 failed.",
            "EUR/USD 1.08 and USD/JPY 150.2 at the close.",
        ] {
            let q = parse(t);
            assert!(q.is_empty(), "{t}: {q:#?}");
        }
        // Beside such text, quantities still parse.
        let q = parse("Revenue rose 5% (see https://example.com/x?q=5%20off).");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "5%");
    }

    /// A long run-on text of every kind of number (the `many_numbers...` test's
    /// worry: no pass may be quadratic in the number of numbers).
    #[test]
    fn long_run_on_text_of_mixed_numbers_resolves() {
        let unit = "On Nov. 3 at 5 p.m. ET, about $5-7 million (−3%, 50 bps, two billion \
            dollars, 12 cents a share, €3.4bn, USD 5 million, 5 € ) and between 10 and 12 \
            percent of 2,000 jobs over six weeks on Wednesday; see www.x.com/a%20b, v2.3.1, \
            a third of 1,00,000, twenty-five companies, 1 in 5, 1, 2, 3-4, 2019-2020 ";
        let s = unit.repeat(200);
        let q = parse(&s);
        assert!(q.len() >= 200 * 15, "{}", q.len());
        for w in q.windows(2) {
            assert!(w[0].end <= w[1].start, "sorted and disjoint");
        }
        for x in &q {
            assert_eq!(&s[x.start..x.end], x.text);
        }
        // Runs of one kind of token.
        for s in [
            "a ".repeat(20_000),
            "one ".repeat(20_000),
            "5-".repeat(20_000),
            "$5 to ".repeat(10_000),
            "x".repeat(100_000),
            // Quadratic once: the "%20"-token pattern beside "%%" in one regex.
            "%".repeat(50_000),
            "1.2.3-".repeat(10_000),
            "a third of ".repeat(10_000),
            "1.".repeat(50_000),
        ] {
            for x in parse(&s) {
                assert_eq!(&s[x.start..x.end], x.text);
            }
        }
    }
}
