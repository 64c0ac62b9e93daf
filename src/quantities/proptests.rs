//! Property tests, one per variant family of the forms the parser reads: each
//! generates values, writes them the way outlets do, and parses them back.

use proptest::prelude::*;

use super::money::ISO;
use super::{parse, Quantity, QuantityKind};

/// Sentences an expression is put in: mid-sentence, before a full stop, first.
const FRAMES: &[(&str, &str)] = &[
    ("The company said it would pay ", " to settle the case."),
    ("Analysts expect ", "."),
    ("", " was the figure reported on the day."),
    ("According to the filing (", "), the deal closed."),
];

fn framed(frame: usize, expr: &str) -> String {
    let (a, b) = FRAMES[frame % FRAMES.len()];
    format!("{a}{expr}{b}")
}

/// The one quantity of `kind` in `text`, if there is exactly one quantity.
fn one(text: &str, kind: QuantityKind) -> Result<Quantity, TestCaseError> {
    let q = parse(text);
    prop_assert_eq!(q.len(), 1, "{}: {:?}", text, q);
    let q = q
        .into_iter()
        .next()
        .ok_or_else(|| TestCaseError::fail("none"))?;
    prop_assert_eq!(q.kind, kind, "{}: {:?}", text, q);
    Ok(q)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-9)
}

/// "12,345,678".
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A decimal as outlets write it: whole part grouped or not, `cents` hundredths.
fn amount_text(whole: u64, cents: Option<u64>, group: bool) -> (String, f64) {
    let w = if group {
        grouped(whole)
    } else {
        whole.to_string()
    };
    match cents {
        Some(c) => (format!("{w}.{c:02}"), whole as f64 + c as f64 / 100.0),
        None => (w, whole as f64),
    }
}

const ONES: [&str; 20] = [
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
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// 1..=999 in words; `and`: "one hundred and twenty"; `hyphen`: "twenty-five".
fn chunk_words(n: u64, and: bool, hyphen: bool) -> String {
    let (h, r) = (n / 100, n % 100);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{} hundred", ONES[h as usize]));
        if r > 0 && and {
            parts.push("and".to_string());
        }
    }
    if r > 0 {
        if r < 20 {
            parts.push(ONES[r as usize].to_string());
        } else if r % 10 == 0 {
            parts.push(TENS[(r / 10) as usize].to_string());
        } else {
            let sep = if hyphen { "-" } else { " " };
            parts.push(format!(
                "{}{sep}{}",
                TENS[(r / 10) as usize],
                ONES[(r % 10) as usize]
            ));
        }
    }
    parts.join(" ")
}

/// `n` in words, as a reporter spells it out.
fn words(n: u64, and: bool, hyphen: bool) -> String {
    if n == 0 {
        return "zero".into();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, name) in [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1000, "thousand"),
    ] {
        if rest >= scale {
            parts.push(format!("{} {name}", chunk_words(rest / scale, and, hyphen)));
            rest %= scale;
        }
    }
    if rest > 0 {
        parts.push(chunk_words(rest, and, hyphen));
    }
    parts.join(" ")
}

const PREFIXED_DOLLARS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("US $", "USD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("HK$", "HKD"),
    ("NZ$", "NZD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("NT$", "TWD"),
    ("$", "USD"),
];
const SYMBOLS_BEFORE: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("Rs ", "INR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("CHF ", "CHF"),
    ("RM", "MYR"),
    ("Rp", "IDR"),
    ("Dh", "AED"),
];
const SYMBOLS_AFTER: &[(&str, &str)] = &[("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR")];
const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("m", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("bln", 1e9),
    ("b", 1e9),
    ("trillion", 1e12),
    ("tn", 1e12),
    ("crore", 1e7),
    ("lakh", 1e5),
];
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("bucks", "USD"),
    ("US dollars", "USD"),
    ("U.S. dollars", "USD"),
    ("Canadian dollars", "CAD"),
    ("Australian dollars", "AUD"),
    ("Hong Kong dollars", "HKD"),
    ("Singapore dollars", "SGD"),
    ("New Zealand dollars", "NZD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("pounds sterling", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("won", "KRW"),
    ("francs", "CHF"),
    ("Swiss francs", "CHF"),
    ("pesos", "MXN"),
    ("rand", "ZAR"),
    ("kronor", "SEK"),
    ("krona", "SEK"),
    ("reais", "BRL"),
    ("lira", "TRY"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
];
/// (written subunit, ISO code, glued to the number).
const SUBUNITS: &[(&str, &str, bool)] = &[
    ("cents", "USD", false),
    ("p", "GBP", true),
    ("pence", "GBP", false),
    ("euro cents", "EUR", false),
    ("¢", "USD", true),
];
const MONTHS: &[(&str, u32)] = &[
    ("January", 1),
    ("Jan.", 1),
    ("Jan", 1),
    ("February", 2),
    ("Feb.", 2),
    ("March", 3),
    ("April", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("Aug.", 8),
    ("September", 9),
    ("Sept.", 9),
    ("Sep.", 9),
    ("October", 10),
    ("Oct.", 10),
    ("November", 11),
    ("Nov.", 11),
    ("Nov", 11),
    ("December", 12),
    ("Dec.", 12),
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const TIME_UNITS: &[(&str, &str, f64)] = &[
    ("hour", "hours", 1.0 / 24.0),
    ("day", "days", 1.0),
    ("week", "weeks", 7.0),
    ("month", "months", 30.436875),
    ("quarter", "quarters", 91.310625),
    ("year", "years", 365.2425),
];

fn whole_and_cents() -> impl Strategy<Value = (u64, Option<u64>, bool)> {
    (
        1u64..1_000_000,
        proptest::option::of(0u64..100),
        any::<bool>(),
    )
}

proptest! {
    #[test]
    fn money_symbol_before_the_number(
        (whole, cents, group) in whole_and_cents(),
        sym in 0..SYMBOLS_BEFORE.len(),
        frame in 0..FRAMES.len(),
    ) {
        let (sym, code) = SYMBOLS_BEFORE[sym];
        let (n, v) = amount_text(whole, cents, group);
        let text = framed(frame, &format!("{sym}{n}"));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_symbol_after_the_number(
        (whole, cents, group) in whole_and_cents(),
        sym in 0..SYMBOLS_AFTER.len(),
        space in any::<bool>(),
        frame in 0..FRAMES.len(),
    ) {
        let (sym, code) = SYMBOLS_AFTER[sym];
        let (n, v) = amount_text(whole, cents, group);
        let text = framed(frame, &format!("{n}{}{sym}", if space { " " } else { "" }));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_iso_code_before_the_number(
        (whole, cents, _group) in whole_and_cents(),
        code in 0..ISO.len(),
        space in any::<bool>(),
        scale in proptest::option::of(0..SCALES.len()),
        frame in 0..FRAMES.len(),
    ) {
        let code = ISO[code];
        let (n, v) = amount_text(whole % 1000, cents, false);
        let (s, f) = scale.map_or(("", 1.0), |i| SCALES[i]);
        let text = framed(frame, &format!("{code}{}{n}{s}", if space { " " } else { "" }));
        let want = if matches!(code, "RMB" | "CNH") { "CNY" } else { code };
        // A code glued to a bare integer is a name ("RON95"), not money.
        if !space && scale.is_none() && cents.is_none() {
            prop_assert!(parse(&text).iter().all(|q| q.kind != QuantityKind::Money), "{}", text);
            return Ok(());
        }
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v * f) && q.unit == want, "{}: {:?}", text, q);
    }

    #[test]
    fn money_iso_code_after_the_number(
        (whole, cents, group) in whole_and_cents(),
        code in 0..ISO.len(),
        scale in proptest::option::of(prop_oneof![Just(("million", 1e6)), Just(("billion", 1e9)), Just(("bn", 1e9))]),
        frame in 0..FRAMES.len(),
    ) {
        let code = ISO[code];
        let (n, v) = amount_text(whole, cents, group);
        let (s, f) = scale.map_or((String::new(), 1.0), |(s, f)| (format!(" {s}"), f));
        let text = framed(frame, &format!("{n}{s} {code}"));
        let want = if matches!(code, "RMB" | "CNH") { "CNY" } else { code };
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v * f) && q.unit == want, "{}: {:?}", text, q);
    }

    #[test]
    fn money_code_prefixed_dollar_signs(
        (whole, cents, group) in whole_and_cents(),
        sym in 0..PREFIXED_DOLLARS.len(),
        scale in proptest::option::of(0..4usize),
        frame in 0..FRAMES.len(),
    ) {
        let (sym, code) = PREFIXED_DOLLARS[sym];
        let (n, v) = amount_text(whole, cents, group);
        let (s, f) = scale.map_or(("", 1.0), |i| [(" million", 1e6), ("bn", 1e9), (" billion", 1e9), ("m", 1e6)][i]);
        let text = framed(frame, &format!("{sym}{n}{s}"));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v * f) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_currency_words_after_the_number(
        (whole, cents, group) in whole_and_cents(),
        word in 0..CURRENCY_WORDS.len(),
        scale in prop_oneof![Just(("", 1.0)), Just((" million", 1e6)), Just((" billion", 1e9)), Just(("bn", 1e9)), Just((" trillion", 1e12))],
        frame in 0..FRAMES.len(),
    ) {
        let (word, code) = CURRENCY_WORDS[word];
        // "won" after a small bare number is the verb: give it a scale or a big number.
        let whole = if word == "won" && scale.1 == 1.0 { whole + 1000 } else { whole };
        let (n, v) = amount_text(whole, cents, group);
        let text = framed(frame, &format!("{n}{} {word}", scale.0));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v * scale.1) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_subunits_scale_to_whole_units(
        n in 1u64..100,
        unit in 0..SUBUNITS.len(),
        frame in 0..FRAMES.len(),
    ) {
        let (word, code, glued) = SUBUNITS[unit];
        let sep = if glued { "" } else { " " };
        let text = framed(frame, &format!("{n}{sep}{word} a share"));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, n as f64 / 100.0) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_compounds_of_units_and_subunits(
        whole in 1u64..10_000,
        cents in 1u64..100,
        and in any::<bool>(),
        pounds in any::<bool>(),
        frame in 0..FRAMES.len(),
    ) {
        let (major, minor, code) = if pounds { ("pounds", "pence", "GBP") } else { ("dollars", "cents", "USD") };
        let and = if and { " and" } else { "" };
        let text = framed(frame, &format!("{whole} {major}{and} {cents} {minor}"));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, whole as f64 + cents as f64 / 100.0) && q.unit == code, "{}: {:?}", text, q);
    }

    #[test]
    fn money_scales(
        (whole, cents, _g) in whole_and_cents(),
        scale in 0..SCALES.len(),
        spaced in any::<bool>(),
        sym in prop_oneof![Just(("$", "USD")), Just(("€", "EUR")), Just(("₹", "INR")), Just(("USD ", "USD"))],
        frame in 0..FRAMES.len(),
    ) {
        let (s, f) = SCALES[scale];
        let (n, v) = amount_text(whole % 1000, cents, false);
        let sep = if spaced { " " } else { "" };
        let text = framed(frame, &format!("{}{n}{sep}{s}", sym.0));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v * f) && q.unit == sym.1, "{}: {:?}", text, q);
    }

    #[test]
    fn written_out_numbers_read_back(
        n in 0u64..2_000_000_000,
        and in any::<bool>(),
        hyphen in any::<bool>(),
        kind in 0..3usize,
        frame in 0..FRAMES.len(),
    ) {
        let w = words(n, and, hyphen);
        prop_assert_eq!(super::words::words_value(&w), Some(n as f64), "{}", w);
        match kind {
            0 => {
                let text = framed(frame, &format!("{w} dollars"));
                let q = one(&text, QuantityKind::Money)?;
                prop_assert!(close(q.value, n as f64) && q.unit == "USD", "{}: {:?}", text, q);
            }
            1 => {
                let p = n % 101;
                let text = framed(frame, &format!("{} percent", words(p, and, hyphen)));
                let q = one(&text, QuantityKind::Percent)?;
                prop_assert!(close(q.value, p as f64), "{}: {:?}", text, q);
            }
            _ => {
                let c = n.max(2);
                let text = framed(frame, &format!("{} companies", words(c, and, hyphen)));
                let q = one(&text, QuantityKind::Count)?;
                prop_assert!(close(q.value, c as f64) && q.unit == "company", "{}: {:?}", text, q);
            }
        }
    }

    #[test]
    fn written_out_scaled_amounts(
        n in 1u64..100,
        half in any::<bool>(),
        scale in prop_oneof![Just(("million", 1e6)), Just(("billion", 1e9)), Just(("trillion", 1e12))],
        cur in prop_oneof![Just(("euros", "EUR")), Just(("dollars", "USD")), Just(("pounds", "GBP"))],
        frame in 0..FRAMES.len(),
    ) {
        let w = words(n, false, true);
        let (text, v) = if half {
            (format!("{w} and a half {} {}", scale.0, cur.0), (n as f64 + 0.5) * scale.1)
        } else {
            (format!("{w} {} {}", scale.0, cur.0), n as f64 * scale.1)
        };
        let text = framed(frame, &text);
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, v) && q.unit == cur.1, "{}: {:?}", text, q);
        let text = framed(frame, &format!("half a {} {}", scale.0, cur.0));
        let q = one(&text, QuantityKind::Money)?;
        prop_assert!(close(q.value, scale.1 / 2.0), "{}: {:?}", text, q);
    }

    #[test]
    fn negatives_when_the_sign_is_written(
        (whole, cents, group) in whole_and_cents(),
        sign in prop_oneof![Just("-"), Just("−"), Just("minus "), Just("negative ")],
        percent in any::<bool>(),
        frame in 0..FRAMES.len(),
    ) {
        let (n, v) = amount_text(whole, cents, group);
        if percent {
            let (n, v) = amount_text(whole % 100, cents, false);
            let text = framed(frame, &format!("{sign}{n}%"));
            let q = one(&text, QuantityKind::Percent)?;
            prop_assert!(close(q.value, -v), "{}: {:?}", text, q);
            prop_assert!(q.canonical().starts_with('-') || v == 0.0, "{}", q.canonical());
        } else {
            let text = framed(frame, &format!("{sign}${n} million"));
            let q = one(&text, QuantityKind::Money)?;
            prop_assert!(close(q.value, -v * 1e6) && q.unit == "USD", "{}: {:?}", text, q);
        }
    }

    #[test]
    fn ranges_are_one_quantity(
        lo in 1u64..500,
        step in 1u64..500,
        form in 0..11usize,
        frame in 0..FRAMES.len(),
    ) {
        let hi = lo + step;
        let (expr, kind, unit, l, h) = match form {
            0 => (format!("${lo}-{hi} million"), QuantityKind::Money, "USD", lo as f64 * 1e6, hi as f64 * 1e6),
            1 => (format!("${lo} million to ${hi} million"), QuantityKind::Money, "USD", lo as f64 * 1e6, hi as f64 * 1e6),
            2 => (format!("€{lo}m-€{hi}m"), QuantityKind::Money, "EUR", lo as f64 * 1e6, hi as f64 * 1e6),
            3 => (format!("between £{lo}bn and £{hi}bn"), QuantityKind::Money, "GBP", lo as f64 * 1e9, hi as f64 * 1e9),
            4 => (format!("{lo} to {hi} billion yen"), QuantityKind::Money, "JPY", lo as f64 * 1e9, hi as f64 * 1e9),
            5 => (format!("{lo}-{hi}%"), QuantityKind::Percent, "percent", lo as f64, hi as f64),
            6 => (format!("{lo}% to {hi}%"), QuantityKind::Percent, "percent", lo as f64, hi as f64),
            7 => (format!("between {lo} and {hi} percent"), QuantityKind::Percent, "percent", lo as f64, hi as f64),
            8 => (format!("{lo}–{hi} basis points"), QuantityKind::Percent, "percentage_point", lo as f64 / 100.0, hi as f64 / 100.0),
            9 => (format!("{lo}-{hi} weeks"), QuantityKind::Duration, "day", lo as f64 * 7.0, hi as f64 * 7.0),
            _ => (format!("USD {lo}-{hi} million"), QuantityKind::Money, "USD", lo as f64 * 1e6, hi as f64 * 1e6),
        };
        let text = framed(frame, &expr);
        let q = one(&text, kind)?;
        prop_assert!(
            close(q.value, l) && q.high.is_some_and(|x| close(x, h)) && q.unit == unit,
            "{}: {:?}", text, q
        );
        prop_assert!(q.canonical().contains(".."), "{}", q.canonical());
    }

    #[test]
    fn percent_forms(
        whole in 0u64..1000,
        tenths in proptest::option::of(0u64..10),
        form in 0..8usize,
        frame in 0..FRAMES.len(),
    ) {
        let (n, v) = match tenths {
            Some(t) => (format!("{whole}.{t}"), whole as f64 + t as f64 / 10.0),
            None => (whole.to_string(), whole as f64),
        };
        let expr = match form {
            0 => format!("{n}%"),
            1 => format!("{n} %"),
            2 => format!("{n} percent"),
            3 => format!("{n} per cent"),
            4 => format!("{n} pct"),
            5 => format!("{n}pc"),
            6 => format!("a {n}-percent rise"),
            _ => format!("{n} Percent"),
        };
        let text = framed(frame, &expr);
        let q = one(&text, QuantityKind::Percent)?;
        prop_assert!(close(q.value, v) && q.unit == "percent", "{}: {:?}", text, q);
    }

    #[test]
    fn percentage_points_and_basis_points(
        n in 1u64..500,
        form in 0..7usize,
        frame in 0..FRAMES.len(),
    ) {
        let (expr, v) = match form {
            0 => (format!("{n} percentage points"), n as f64),
            1 => (format!("{n}pp"), n as f64),
            2 => (format!("{n} ppts"), n as f64),
            3 => (format!("{n} basis points"), n as f64 / 100.0),
            4 => (format!("{n} bps"), n as f64 / 100.0),
            5 => (format!("{n}bp"), n as f64 / 100.0),
            _ => (format!("a {n}-basis-point cut"), n as f64 / 100.0),
        };
        let text = framed(frame, &expr);
        let q = one(&text, QuantityKind::Percent)?;
        prop_assert!(close(q.value, v) && q.unit == "percentage_point", "{}: {:?}", text, q);
        prop_assert!(q.canonical().ends_with(" pp"), "{}", q.canonical());
    }

    #[test]
    fn ap_dates_with_and_without_a_year(
        month in 0..MONTHS.len(),
        day in 1u32..29,
        year in proptest::option::of(1990u32..2040),
        day_first in any::<bool>(),
        ordinal in any::<bool>(),
    ) {
        let (name, m) = MONTHS[month];
        let d = if ordinal && !day_first {
            let suffix = match day { 1 | 21 => "st", 2 | 22 => "nd", 3 | 23 => "rd", _ => "th" };
            format!("{day}{suffix}")
        } else {
            day.to_string()
        };
        let expr = match (day_first, year) {
            (false, Some(y)) => format!("{name} {d}, {y}"),
            (false, None) => format!("{name} {d}"),
            (true, Some(y)) => format!("{d} {name} {y}"),
            (true, None) => format!("{d} {name}"),
        };
        let text = format!("The vote is on {expr} in the capital.");
        let q = one(&text, QuantityKind::Date)?;
        let y = year.unwrap_or(0);
        prop_assert_eq!(q.value, f64::from(y * 10000 + m * 100 + day), "{}", text);
        if year.is_none() {
            prop_assert_eq!(q.canonical(), format!("--{m:02}-{day:02}"));
        }
    }

    #[test]
    fn times_of_day_are_never_counts(
        h in 1u32..13,
        m in 0u32..60,
        pm in any::<bool>(),
        form in 0..6usize,
        zone in proptest::option::of(prop_oneof![Just("ET"), Just("GMT"), Just("EST"), Just("BST")]),
    ) {
        let ap = if pm { "p.m." } else { "a.m." };
        let (expr, minutes) = match form {
            0 => (format!("{h} {ap}"), (h % 12 + if pm { 12 } else { 0 }) * 60),
            1 => (format!("{h}:{m:02} {ap}"), (h % 12 + if pm { 12 } else { 0 }) * 60 + m),
            2 => (format!("{h}{}", if pm { "pm" } else { "am" }), (h % 12 + if pm { 12 } else { 0 }) * 60),
            3 => (format!("{h}:{m:02}{}", if pm { "PM" } else { "AM" }), (h % 12 + if pm { 12 } else { 0 }) * 60 + m),
            4 => {
                let h24 = (h + if pm { 11 } else { 0 }) % 24;
                (format!("{h24:02}:{m:02}"), h24 * 60 + m)
            }
            _ => {
                let h24 = (h + if pm { 11 } else { 0 }) % 24;
                (format!("{h24:02}{m:02} GMT"), h24 * 60 + m)
            }
        };
        let expr = match zone {
            Some(z) if form != 5 => format!("{expr} {z}"),
            _ => expr,
        };
        let text = format!("Trading resumes by {expr} on the day.");
        let q = one(&text, QuantityKind::Time)?;
        prop_assert_eq!(q.value, f64::from(minutes), "{}", text);
        prop_assert_eq!(q.canonical(), format!("{:02}:{:02}", minutes / 60, minutes % 60));
    }

    #[test]
    fn weekdays_as_news_writes_them(
        day in 0..7usize,
        form in 0..5usize,
    ) {
        let d = WEEKDAYS[day];
        let text = match form {
            0 => format!("The deal was announced on {d}."),
            1 => format!("{d}'s announcement surprised investors."),
            2 => format!("The talks broke down late {d}, people said."),
            3 => format!("Shares fell on {d} morning."),
            _ => format!("By {d} night the board had met."),
        };
        let q = one(&text, QuantityKind::Weekday)?;
        prop_assert_eq!(q.value, (day + 1) as f64);
        prop_assert_eq!(q.canonical(), d);
        prop_assert_eq!(q.text, d);
    }

    #[test]
    fn durations_in_days(
        n in 2u64..100,
        unit in 0..TIME_UNITS.len(),
        in_words in any::<bool>(),
        form in 0..4usize,
    ) {
        let (one_unit, units, days) = TIME_UNITS[unit];
        let num = if in_words { words(n, false, true) } else { n.to_string() };
        let text = match form {
            0 => format!("The review will take {num} {units}, officials said."),
            1 => format!("It agreed to a {num}-{one_unit} extension."),
            2 => format!("Staff were given {num} {units}' notice."),
            _ => format!("For {num} {units} the plant stood idle."),
        };
        let q = one(&text, QuantityKind::Duration)?;
        prop_assert!(close(q.value, n as f64 * days) && q.unit == "day", "{}: {:?}", text, q);
        prop_assert!(q.canonical().ends_with(" days") || q.canonical() == "1 day", "{}", q.canonical());
    }

    #[test]
    fn urls_and_escapes_never_parse(
        domain in "[a-z]{3,10}",
        tld in prop_oneof![Just("com"), Just("co.uk"), Just("org"), Just("net"), Just("de")],
        segments in proptest::collection::vec("[a-z0-9-]{1,12}", 0..4),
        year in 1990u32..2040,
        id in 0u32..100_000,
        pct in 0u32..100,
        form in 0..6usize,
    ) {
        let path = segments.join("/");
        let url = match form {
            0 => format!("https://www.{domain}.{tld}/{year}/{path}?id={id}&share={pct}%25"),
            1 => format!("http://{domain}.{tld}/{path}/{id}-{pct}-percent"),
            2 => format!("www.{domain}.{tld}/{year}/{id}"),
            3 => format!("{domain}{id}@{domain}.{tld}"),
            4 => format!("{domain}%20{id}%2F{pct}%20percent"),
            _ => format!("{domain}.{tld}/news/{year}/{id}/{pct}%"),
        };
        let text = format!("Read the full statement at {url} for details.");
        let q = parse(&text);
        prop_assert!(q.is_empty(), "{}: {:?}", text, q);
    }

    /// Any mix of the pieces the passes look for, glued or spaced: spans are exact
    /// slices on character boundaries, sorted and disjoint, values finite, ranges
    /// low below high.
    #[test]
    fn any_mix_of_pieces_parses_to_exact_disjoint_spans(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("$"), Just("US$"), Just("€"), Just("£"), Just("₹"), Just("−"), Just("-"),
                Just("–"), Just("%"), Just("%20"), Just("5"), Just("12"), Just("1,000"),
                Just("3.5"), Just("2024"), Just(" "), Just("\u{a0}"), Just("million"),
                Just("bn"), Just("m"), Just("p"), Just("¢"), Just("cents"), Just("dollars"),
                Just("USD"), Just("EUR"), Just("to"), Just("and"), Just("between"),
                Just("from"), Just("two"), Just("a"), Just("half"), Just("hundred"),
                Just("percent"), Just("bps"), Just("points"), Just("Nov."), Just("March"),
                Just("p.m."), Just(":30"), Just("GMT"), Just("Wednesday"), Just("weeks"),
                Just("-year"), Just("old"), Just("ago"), Just("of"), Just("in"), Just("about"),
                Just("http://"), Just("www."), Just(".com"), Just("/"), Just("@"), Just("("),
                Just(")"), Just(";"), Just("ü"), Just("🚀"), Just("GPT"), Just("v"),
                Just("."), Just(","), Just("'s"),
            ],
            0..40,
        ),
    ) {
        let text: String = pieces.concat();
        let q = parse(&text);
        for w in q.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "{}: {:?}", text, q);
        }
        for x in &q {
            prop_assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
            prop_assert_eq!(&text[x.start..x.end], x.text.as_str());
            prop_assert!(x.value.is_finite());
            if let Some(h) = x.high {
                prop_assert!(h.is_finite() && h > x.value, "{}: {:?}", text, x);
            }
            let _ = x.canonical();
        }
    }
}
