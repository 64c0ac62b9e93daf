//! Money: an amount with a currency symbol or code ("$13bn", "US$13 billion") or
//! followed by a currency word ("13 billion dollars"), in whole units of an ISO code.

use std::sync::LazyLock;

use regex::Regex;

use super::{isolated, modifier_of, number, push, scale, Quantity, QuantityKind, PRE};

static MONEY_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<cur>US\$|USD\s?|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|Rs\.?\s?|INR\s?)(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|trillion|crore|lakh|bn|bln|mn|mln|tn|trn|k|m|b|t)(?-u:\b))?"
    ))
    .expect("money regex")
});

static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){PRE}(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<scale>thousand|million|billion|trillion|bn|mn)?\s+(?P<cur>(?:US\s+|U\.S\.\s+)?dollars|euros?|pounds(?:\s+sterling)?|yen|rupees)(?-u:\b)"
    ))
    .expect("money words regex")
});

fn currency(c: &str) -> &'static str {
    let c = c.trim().trim_end_matches('.').to_uppercase();
    match c.as_str() {
        "€" | "EUR" | "EURO" | "EUROS" => "EUR",
        "£" | "GBP" | "POUNDS" | "POUNDS STERLING" => "GBP",
        "¥" | "JPY" | "YEN" => "JPY",
        "RS" | "INR" | "RUPEES" => "INR",
        _ => "USD",
    }
}

pub(super) fn money(text: &str, out: &mut Vec<Quantity>) {
    for c in MONEY_SYMBOL.captures_iter(text) {
        let (Some(all), Some(num), Some(cur)) = (c.get(0), c.name("num"), c.name("cur")) else {
            continue;
        };
        // "$MSFT" never matches (digits required); an amount glued to a following
        // word ("$5bnx") is not an amount.
        if text[all.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let Some(mut v) = number(num.as_str()) else {
            continue;
        };
        if let Some(s) = c.name("scale") {
            // A single-letter scale must be glued or followed by a non-letter ("$2.5m").
            v *= scale(s.as_str()).unwrap_or(1.0);
        }
        push(
            out,
            text,
            QuantityKind::Money,
            v,
            currency(cur.as_str()),
            modifier_of(&c),
            all.start(),
            all.end(),
        );
    }
    for c in MONEY_WORDS.captures_iter(text) {
        let (Some(all), Some(num), Some(cur)) = (c.get(0), c.name("num"), c.name("cur")) else {
            continue;
        };
        if !isolated(text, all.start(), all.end()) {
            continue;
        }
        let Some(mut v) = number(num.as_str()) else {
            continue;
        };
        if let Some(s) = c.name("scale") {
            v *= scale(s.as_str()).unwrap_or(1.0);
        }
        let cur = cur.as_str().to_lowercase();
        let code = if cur.contains("dollar") {
            "USD"
        } else {
            currency(&cur)
        };
        push(
            out,
            text,
            QuantityKind::Money,
            v,
            code,
            modifier_of(&c),
            all.start(),
            all.end(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::tests::{canonical_of, only};
    use crate::quantities::{parse, Modifier};

    fn money_value(text: &str) -> (f64, String, bool) {
        let q = only(text);
        assert_eq!(q.kind, QuantityKind::Money, "{text}");
        (q.value, q.unit, q.approx)
    }

    #[test]
    fn money_formats_normalize_alike() {
        for t in [
            "$13 billion",
            "$13bn",
            "$13B",
            "$13 bln",
            "13 billion dollars",
            "13 billion US dollars",
            "US$13 billion",
            "USD 13 billion",
        ] {
            assert_eq!(
                money_value(&format!("Microsoft invested {t} in OpenAI.")),
                (13e9, "USD".into(), false),
                "{t}"
            );
        }
        assert_eq!(money_value("a €10bn fund"), (10e9, "EUR".into(), false));
        assert_eq!(money_value("a £5 million fee"), (5e6, "GBP".into(), false));
        assert_eq!(
            money_value("paid $1.5 billion"),
            (1.5e9, "USD".into(), false)
        );
        assert_eq!(
            money_value("paid $500,000 in fees"),
            (5e5, "USD".into(), false)
        );
        assert_eq!(money_value("a $2.5m grant"), (2.5e6, "USD".into(), false));
    }

    #[test]
    fn money_hedges_and_bounds() {
        let q = only("The company has invested approximately $13 billion into OpenAI across multiple funding rounds");
        assert_eq!(
            (q.value, q.approx, q.modifier),
            (13e9, true, Some(Modifier::Approximately))
        );
        assert_eq!(q.text, "approximately $13 billion");
        let q = only("more than $10 billion");
        assert_eq!((q.approx, q.modifier), (false, Some(Modifier::AtLeast)));
        let q = only("up to $10 billion");
        assert_eq!(q.modifier, Some(Modifier::AtMost));
    }

    #[test]
    fn vague_money_and_tickers_are_not_quantities() {
        for t in [
            "This fundamentally changes the risk-reward profile for $MSFT investors.",
            "Microsoft's multibillion-dollar investment",
            "billions in funding",
            "Training next-generation models-such as the rumored GPT-5 or the internal project 'Strawberry'-requires hundreds of billions of dollars",
            "Microsoft 365 Copilot and Windows 11 ship with GPT-5 and COVID-19 data.",
        ] {
            assert!(parse(t).is_empty(), "{t}: {:#?}", parse(t));
        }
    }

    proptest::proptest! {
        /// "$13bn", "$13 billion", "13 billion dollars", ... are one amount.
        #[test]
        fn money_normalizes_the_same_through_formatting_variants(
            whole in 1u32..1000,
            tenths in proptest::option::of(1u32..10),
            billions in proptest::bool::ANY,
            form in 0usize..9,
        ) {
            let n = match tenths {
                Some(t) => format!("{whole}.{t}"),
                None => whole.to_string(),
            };
            let (word, short, letter) = if billions { ("billion", "bn", "B") } else { ("million", "m", "M") };
            let variants = [
                format!("${n} {word}"),
                format!("${n}{short}"),
                format!("${n} {short}"),
                format!("${n}{letter}"),
                format!("{n} {word} dollars"),
                format!("{n} {word} US dollars"),
                format!("US${n} {word}"),
                format!("USD {n} {word}"),
                format!("USD{n}{short}"),
            ];
            let reference = canonical_of(&format!("Microsoft invested {} in OpenAI.", variants[0]));
            proptest::prop_assert_eq!(reference.len(), 1);
            let text = format!("Microsoft invested {} in OpenAI.", variants[form]);
            proptest::prop_assert_eq!(canonical_of(&text), reference, "{}", text);
        }
    }
}
