//! What money, percent and duration share: a number written in digits or words, an
//! optional written sign and scale, and the reading of a run of such numbers into
//! ranges ("$5-7 million", "5% to 7%", "between 10 and 12 percent", "two to three
//! years") and compounds ("3 dollars 50 cents").
//!
//! Each pass's regex matches every number as an [`Atom`], with or without a unit, in
//! one linear scan; [`read`] then walks the atoms once, left to right, joining a
//! number to the next when the text between them is a range's "-", "–", "to" (or
//! "and" after "between"). A number with no unit of its own is kept only when it
//! joins one that has ("5" in "5-7%").

use std::sync::LazyLock;

use regex::Captures;

use super::words::{words_value, WORDS};
use super::{Modifier, Quantity, QuantityKind};

/// Digits: Indian grouping ("1,00,000"), Western grouping ("1,000,000"), plain.
pub(super) const DIGITS: &str =
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

/// European digits: a decimal comma ("2,40"), groups of three split by dots or
/// spaces ("1.299,99", "3 500"). Read only when a currency or percent unit follows
/// ("2,40 €", "3 500 zł", "2,5 %"); a dotted number alone ("1.250") is a decimal.
pub(super) const EU_DIGITS: &str =
    r"\d{1,3}(?:[.\x{a0}\x{202f}\x{2009} ]\d{3})+(?:,\d{1,2})?(?-u:\b)|\d+,\d{1,2}(?-u:\b)";

/// A written sign: "-", "−" (U+2212), "minus", "negative".
pub(super) const SIGN: &str = r"(?P<sign>[-−]\s?|(?i:(?-u:\b)(?:minus|negative)\s+))?";

/// A number in digits (`num`) or words (`words`).
pub(super) static NUMBER: LazyLock<String> =
    LazyLock::new(|| format!(r"(?:(?P<num>{DIGITS})|(?P<words>{}))", *WORDS));

/// [`NUMBER`], or European digits (`eu`) where the grouped Western forms do not
/// read: "1,000" is a thousand, "2,40" two and forty hundredths.
pub(super) static NUMBER_EU: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:(?P<num>\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?:\.\d+)?|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?)|(?P<eu>{EU_DIGITS})|(?P<plain>\d+(?:\.\d+)?)|(?P<words>{}))",
        *WORDS
    )
});

/// One number of a pass, with what the pass read around it.
#[derive(Debug, Clone)]
pub(super) struct Atom {
    /// Span start, modifier words included.
    pub start: usize,
    /// Where the sign, currency or number begins (after the modifier words).
    pub lead: usize,
    /// Span end.
    pub end: usize,
    /// The number as written, unsigned, unscaled.
    pub raw: f64,
    /// "million", "bn", ... when written.
    pub scale: Option<f64>,
    /// A sign is written.
    pub neg: bool,
    /// The sign is a dash, which may be a range's ("5-7%").
    pub dash: bool,
    /// The unit (ISO code, "percent", "day"...), when the text names one.
    pub unit: Option<&'static str>,
    /// Whole units per written unit: 0.01 for cents and basis points, 7 for weeks.
    pub factor: f64,
    /// The unit is written before the number ("$5", "USD 5").
    pub unit_before: bool,
    /// The unit is a subunit ("cents", "pence").
    pub subunit: bool,
    /// Glued to a word before it ("GPT-5", "A5"): only a range's second number.
    pub name_part: bool,
    /// A four-digit number that reads as a year ("2023"), with no scale.
    pub year_like: bool,
    /// Modifier words before it.
    pub mods: (bool, Option<Modifier>),
}

impl Atom {
    fn value(&self, scale: Option<f64>, factor: f64, neg: bool) -> f64 {
        let v = self.raw * scale.unwrap_or(1.0) * factor;
        if neg {
            -v
        } else {
            v
        }
    }
}

/// A quantity read from one atom or a joined pair of them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Reading {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub high: Option<f64>,
    pub unit: &'static str,
    pub mods: (bool, Option<Modifier>),
}

/// The number a capture holds (`num` or `words`), unsigned and unscaled, with
/// where it starts and whether it reads as a year.
pub(super) fn number_of(c: &Captures<'_>) -> Option<(f64, usize, bool)> {
    if let Some(m) = c.name("eu") {
        let t = m.as_str();
        // "1.250" alone is a decimal; with a comma or spaces, European.
        let v = if t.contains([',', ' ', '\u{a0}', '\u{202f}', '\u{2009}']) {
            let t: String = t
                .chars()
                .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            super::number(&t)?
        } else {
            super::number(t)?
        };
        return Some((v, m.start(), false));
    }
    if let Some(m) = c.name("num").or_else(|| c.name("plain")) {
        let s = m.as_str();
        let v = super::number(s)?;
        let year_like = s.len() == 4 && (1900.0..2100.0).contains(&v) && !s.contains('.');
        return Some((v, m.start(), year_like));
    }
    let m = c.name("words")?;
    Some((words_value(m.as_str())?, m.start(), false))
}

/// Where the number of a capture ends (`num`, `eu`, `plain` or `words`).
pub(super) fn number_end(c: &Captures<'_>) -> Option<usize> {
    ["num", "eu", "plain", "words"]
        .iter()
        .find_map(|g| c.name(g))
        .map(|m| m.end())
}

/// Whether the capture's number reads only in European style ("2,40", "3 500"),
/// which needs a unit after it.
pub(super) fn european(c: &Captures<'_>) -> bool {
    c.name("eu").is_some_and(|m| {
        m.as_str()
            .contains([',', ' ', '\u{a0}', '\u{202f}', '\u{2009}'])
    })
}

/// The sign a capture holds (group `sign`): (negative, is a dash, where it starts).
pub(super) fn sign_of(c: &Captures<'_>) -> (bool, bool, Option<usize>) {
    match c.name("sign") {
        Some(s) => {
            let dash = s.as_str().starts_with(['-', '−']);
            (true, dash, Some(s.start()))
        }
        None => (false, false, None),
    }
}

/// Whether what starts at `lead` is glued to a word before it: a letter, digit, "."
/// or "," right before, or a hyphen right after a letter ("GPT-5", "COVID-19").
pub(super) fn glued_before(text: &str, lead: usize) -> bool {
    let mut before = text[..lead].chars().rev();
    match before.next() {
        Some(ch) if ch.is_alphanumeric() || matches!(ch, '_' | '.' | ',' | '/' | '#' | '@') => true,
        Some('-') => before.next().is_some_and(|ch| ch.is_alphabetic()),
        _ => false,
    }
}

/// Whether a letter or digit follows `end` at once ("$5bnx", "5G").
pub(super) fn glued_after(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
}

/// The word right before `pos` (lowercase) and where it starts.
fn word_before(text: &str, pos: usize) -> (String, usize) {
    let head = text[..pos].trim_end();
    let word_len: usize = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let start = head.len() - word_len;
    (head[start..].to_lowercase(), start)
}

/// Verbs and adverbs of change: "rose 2p to 650p" is a change and a level.
const CHANGE: &str = concat!(
    "rose rise rises rising risen fell fall falls falling fallen climbed climb ",
    "climbs jumped jump jumps gained gain gains dropped drop drops declined decline ",
    "declines increased increase increases decreased decrease slid slipped surged ",
    "soared tumbled plunged plummeted added adding lost lose loses up down grew grow ",
    "grows shrank rallied sank dipped edged eased advanced retreated rebounded ",
    "widened narrowed higher lower cut raised lifted hiked trimmed boosted",
);

/// [`read`]s the atoms and pushes each reading as a quantity of `kind`: the end of
/// the money, percent and duration passes alike.
pub(super) fn push_readings(
    out: &mut Vec<Quantity>,
    text: &str,
    kind: QuantityKind,
    atoms: &[Atom],
    compound: bool,
) {
    for r in read(text, atoms, compound) {
        super::push_range(
            out,
            text,
            kind,
            (r.value, r.high),
            r.unit,
            r.mods,
            r.start,
            r.end,
        );
    }
}

/// Reads atoms (sorted, disjoint) into quantities: ranges and, where `compound`,
/// "3 dollars 50 cents"; atoms without a unit that join nothing are dropped.
fn read(text: &str, atoms: &[Atom], compound: bool) -> Vec<Reading> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        let a = &atoms[i];
        if let Some(b) = atoms.get(i + 1) {
            if let Some(r) = range(text, a, b).or_else(|| {
                if compound {
                    compound_of(text, a, b)
                } else {
                    None
                }
            }) {
                out.push(r);
                i += 2;
                continue;
            }
        }
        if let (Some(unit), false) = (a.unit, a.name_part) {
            out.push(Reading {
                start: a.start,
                end: a.end,
                value: a.value(a.scale, a.factor, a.neg),
                high: None,
                unit,
                mods: a.mods,
            });
        }
        i += 1;
    }
    out
}

fn range(text: &str, a: &Atom, b: &Atom) -> Option<Reading> {
    if a.name_part || b.start < b.lead || b.lead < a.end || (a.year_like && b.year_like) {
        return None;
    }
    let gap = &text[a.end..b.lead];
    let (between, between_start) = word_before(text, a.start);
    let between = between == "between";
    let sep = gap.trim();
    // "5-7%": b's sign is the range's dash.
    let dash_joined = b.dash && sep.is_empty();
    let spaced = gap.starts_with(char::is_whitespace) && gap.ends_with(char::is_whitespace);
    let joined = dash_joined
        || matches!(sep, "-" | "–")
        || (spaced && sep.eq_ignore_ascii_case("to"))
        || (spaced && between && sep.eq_ignore_ascii_case("and"));
    if !joined || (b.name_part && !(dash_joined || matches!(sep, "-" | "–"))) {
        return None;
    }
    // "rose from $5 million to $7 million", "rose by £2,000 to £285,000": a change
    // and where it led, not a range.
    let (before_a, _) = word_before(text, a.start);
    let is_to = sep.eq_ignore_ascii_case("to");
    if !between && (before_a == "from" || (is_to && before_a == "by")) {
        return None;
    }
    // "$5 to 7 million people": the second number counts something else.
    if b.unit.is_none() {
        let next: String = text[b.end..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if super::is_count_noun(&next) {
            return None;
        }
    }
    let b_neg = b.neg && !dash_joined;
    let (unit, a_factor, b_factor) = match (a.unit, b.unit) {
        (Some(x), Some(y)) if x == y => (x, a.factor, b.factor),
        // "5 to 7 million dollars", "5-7%": the unit is written once, after.
        (None, Some(y)) if !a.year_like => (y, b.factor, b.factor),
        // "$5-7 million", "$5 to 7 billion": once, before.
        (Some(x), None)
            if a.unit_before
                && !b.year_like
                && (b.scale.is_some() || (sep != "to" && a.scale.is_none())) =>
        {
            (x, a.factor, a.factor)
        }
        _ => return None,
    };
    // "$5-7 million": the scale is written once, after; "$500,000 to $1 million"
    // keeps its own.
    let a_scale = match (a.scale, b.scale) {
        (None, Some(s)) if a.raw <= b.raw => Some(s),
        (None, Some(_)) if a.unit.is_none() => return None,
        (s, _) => s,
    };
    let low = a.value(a_scale, a_factor, a.neg);
    let high = b.value(b.scale, b_factor, b_neg);
    if high.partial_cmp(&low) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    // "Shares rose 2p to 650p": after a verb of change, "X to Y" far apart is the
    // change and the level it reached; "is expected to grow 5% to 7%" is a range.
    if is_to && CHANGE.split(' ').any(|w| w == before_a) && low > 0.0 && high > 3.0 * low {
        return None;
    }
    Some(Reading {
        start: if between { between_start } else { a.start },
        end: b.end,
        value: low,
        high: Some(high),
        unit,
        mods: a.mods,
    })
}

/// "3 dollars 50 cents", "3 dollars and 50 cents": a whole amount and its subunits.
fn compound_of(text: &str, a: &Atom, b: &Atom) -> Option<Reading> {
    let gap = &text[a.end..b.start];
    let sep = gap.trim();
    // Plain "cents" are the cents of the whole before them ("3 euros 50 cents").
    let plain_cents = b.subunit && b.unit == Some("USD");
    if a.unit.is_none()
        || (a.unit != b.unit && !plain_cents)
        || a.subunit
        || !b.subunit
        || a.scale.is_some()
        || b.scale.is_some()
        || a.name_part
        || b.neg
        || b.start != b.lead
        || b.raw >= 100.0
        || gap.is_empty()
        || !(sep.is_empty() || sep.eq_ignore_ascii_case("and"))
    {
        return None;
    }
    let whole = a.value(None, a.factor, false) + b.value(None, b.factor, false);
    Some(Reading {
        start: a.start,
        end: b.end,
        value: if a.neg { -whole } else { whole },
        high: None,
        unit: a.unit?,
        mods: a.mods,
    })
}
