//! Money: an amount with a currency symbol or code before or after it ("$13bn",
//! "US$13 billion", "EUR3.4bn", "5 million USD", "5 €") or followed by a currency
//! word ("13 billion dollars", "two billion Hong Kong dollars", "12 cents"), in
//! whole units of an ISO 4217 code: subunits are scaled ("45p" is GBP 0.45), a
//! written sign makes it negative, and "$5-7 million" is one range.

use std::sync::LazyLock;

use regex::Regex;

use super::amounts::{
    european, glued_after, glued_before, number_end, number_of, push_readings, sign_of, Atom,
    NUMBER_EU, SIGN,
};
use super::{modifier_of, scale, Quantity, QuantityKind, PRE};

/// ISO 4217 codes read before or after a number ("USD 5 million", "5 million EUR").
/// Not "PHP" (the language's versions), nor codes that are English words.
pub(super) const ISO: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "CNH", "RMB", "INR", "CAD", "AUD", "HKD", "CHF", "KRW",
    "SGD", "BRL", "MXN", "ZAR", "SEK", "NOK", "DKK", "RUB", "TRY", "NZD", "PLN", "CZK", "HUF",
    "ILS", "SAR", "AED", "QAR", "KWD", "EGP", "NGN", "KES", "TWD", "THB", "IDR", "MYR", "VND",
    "PKR", "BDT", "ARS", "CLP", "COP", "PEN", "UAH", "RON", "BGN", "ISK", "LKR", "XOF",
];

/// Symbols and prefixed dollar signs before the number. Longer prefixes first.
const SYMBOL_BEFORE: &str = r"(?-u:\b)(?:US\s|U\.S\.\s?|CAN|CA|Can|C|AUD|AU|A|HK|NZ|SG|S|NT|R|MX|Mex|US)\$|(?-u:\b)(?:CN|JP)¥|\$|€|£|¥|₹|₩|₽|₺|₦|₱|₪|฿|(?-u:\b)(?:Rs\.?|RM|Rp|Dhs|Dh|KSh|Ksh|R)";

/// Symbols read after a number ("5 €", "100¥").
const SYMBOL_AFTER: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("zł", "PLN"),
    ("$", "USD"),
];

/// Adjectives of a currency word ("Hong Kong dollars", "Swiss francs").
const ADJ: &str = r"US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|Singapore(?:an)?|New\s+Zealand|New\s+Taiwan|Taiwan(?:ese)?|Swiss|Chinese|Japanese|Indian|Pakistani|Sri\s+Lankan|Mexican|Argentine|Argentinian|Chilean|Colombian|Philippine|South\s+African|Swedish|Norwegian|Danish|Icelandic|Czech|Turkish|Russian|Brazilian|South\s+Korean|Korean|British|Egyptian|Nigerian|Kenyan|Israeli|Polish|Hungarian|Thai|Malaysian|Indonesian|Saudi|Emirati|Qatari|Ukrainian|Jamaican|euro|CFA";

/// Currency words after the number, subunits included.
const NOUN: &str = r"dollars?|bucks|paise|sen|kopecks?|kopeks?|öre|euros?|pounds?\s+sterling|pounds?|sterling|quid|yen|yuan|renminbi|rupees?|rupiah|won|francs?|pesos?|rand|kronor|krona|kroner|krone|crowns?|reais|reals?|liras?|lire|roubles?|rubles?|zlotys?|ringgit|baht|dirhams?|riyals?|shekels?|naira|hryvnias?|forints?|koruna|dong|cents?|pence|pennies|penny";

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    let iso = ISO.join("|");
    Regex::new(&format!(
        r"{PRE}{SIGN}(?:(?P<pre>{SYMBOL_BEFORE}|(?-u:\b)(?:{iso}))\s?(?P<sign2>[-−])?)?{number}(?:\s?(?P<scale>(?i:lakh\s+crores?|crores?|lakhs?|cr|thousand|million|billion|trillion|bn|bln|mn|mln|mm|tn|trn|k|m|b|t))(?-u:\b)|-(?P<scalew>(?i:thousand|million|billion|trillion|crore|lakh))(?-u:\b))?(?:(?:\s+|(?P<hyphen>-))(?i:(?:(?P<adj>{ADJ})\s+)?(?P<noun>{NOUN}))(?-u:\b)|(?P<glued>p(?-u:\b)|¢))?",
        number = *NUMBER_EU,
    ))
    .expect("money regex")
});

/// Something every amount of money has (a symbol, code or currency word): a text
/// without any is skipped at the cost of one scan, not a capture per number.
static MONEY_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[$€£¥₹₩₽₺₦₱₪฿¢]|zł|\dp|(?-u:\b)(?:Rs|R\d|RM\d|Rp\d|Dhs?\d|K[Ss]h\d|{})|(?i:{NOUN})",
        ISO.join("|")
    ))
    .expect("money hint regex")
});

/// The code of a symbol or code written before the number.
fn code_before(pre: &str) -> Option<&'static str> {
    Some(match pre.trim_end_matches('.') {
        "$" | "US$" | "US $" | "U.S.$" | "U.S. $" => "USD",
        "C$" | "CA$" | "CAN$" | "Can$" => "CAD",
        "A$" | "AU$" | "AUD$" => "AUD",
        "HK$" => "HKD",
        "NZ$" => "NZD",
        "S$" | "SG$" => "SGD",
        "NT$" => "TWD",
        "R$" => "BRL",
        "MX$" | "Mex$" => "MXN",
        "CN¥" => "CNY",
        "JP¥" => "JPY",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "JPY",
        "₹" | "Rs" => "INR",
        "₩" => "KRW",
        "₽" => "RUB",
        "₺" => "TRY",
        "₦" => "NGN",
        "₱" => "PHP",
        "₪" => "ILS",
        "฿" => "THB",
        "R" => "ZAR",
        "RM" => "MYR",
        "Rp" => "IDR",
        "Dh" | "Dhs" => "AED",
        "KSh" | "Ksh" => "KES",
        "RMB" | "CNH" => "CNY",
        code => ISO.iter().find(|c| **c == code).copied()?,
    })
}

/// (ISO code, whole units per written unit, is a subunit) of a currency word.
fn code_of_word(adj: Option<&str>, noun: &str) -> Option<(&'static str, f64, bool)> {
    let adj = adj
        .map(|a| {
            a.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .unwrap_or_default();
    let noun = noun
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let whole = |c: &'static str| Some((c, 1.0, false));
    let noun = noun.as_str();
    match noun {
        "dollar" | "dollars" | "bucks" => whole(match adj.as_str() {
            "canadian" => "CAD",
            "australian" => "AUD",
            "hong kong" => "HKD",
            "singapore" | "singaporean" => "SGD",
            "new zealand" => "NZD",
            "new taiwan" | "taiwan" | "taiwanese" => "TWD",
            "jamaican" => "JMD",
            _ => "USD",
        }),
        "euro" | "euros" => whole("EUR"),
        "pound" | "pounds" | "pound sterling" | "pounds sterling" | "sterling" | "quid" => {
            whole(if adj == "egyptian" { "EGP" } else { "GBP" })
        }
        "yen" => whole("JPY"),
        "yuan" | "renminbi" => whole("CNY"),
        "rupee" | "rupees" => whole(match adj.as_str() {
            "pakistani" => "PKR",
            "sri lankan" => "LKR",
            _ => "INR",
        }),
        "rupiah" => whole("IDR"),
        "won" => whole("KRW"),
        "franc" | "francs" => whole(if adj == "cfa" { "XOF" } else { "CHF" }),
        "peso" | "pesos" => whole(match adj.as_str() {
            "argentine" | "argentinian" => "ARS",
            "chilean" => "CLP",
            "colombian" => "COP",
            "philippine" => "PHP",
            _ => "MXN",
        }),
        "rand" => whole("ZAR"),
        "kronor" | "krona" => whole(if adj == "icelandic" { "ISK" } else { "SEK" }),
        "kroner" | "krone" => whole(if adj == "danish" { "DKK" } else { "NOK" }),
        "crown" | "crowns" => whole(match adj.as_str() {
            "czech" => "CZK",
            "swedish" => "SEK",
            "norwegian" => "NOK",
            "danish" => "DKK",
            _ => return None,
        }),
        "reais" => whole("BRL"),
        "real" | "reals" if adj == "brazilian" => whole("BRL"),
        "lira" | "liras" | "lire" => whole("TRY"),
        "rouble" | "roubles" | "ruble" | "rubles" => whole("RUB"),
        "zloty" | "zlotys" => whole("PLN"),
        "ringgit" => whole("MYR"),
        "baht" => whole("THB"),
        "dirham" | "dirhams" => whole("AED"),
        "riyal" | "riyals" => whole(if adj == "qatari" { "QAR" } else { "SAR" }),
        "shekel" | "shekels" => whole("ILS"),
        "naira" => whole("NGN"),
        "hryvnia" | "hryvnias" => whole("UAH"),
        "forint" | "forints" => whole("HUF"),
        "koruna" => whole("CZK"),
        "dong" => whole("VND"),
        "cent" | "cents" => Some((
            match adj.as_str() {
                "euro" => "EUR",
                "canadian" => "CAD",
                "australian" => "AUD",
                "hong kong" => "HKD",
                "singapore" | "singaporean" => "SGD",
                "new zealand" => "NZD",
                _ => "USD",
            },
            0.01,
            true,
        )),
        "pence" | "penny" | "pennies" => Some(("GBP", 0.01, true)),
        "paise" => Some(("INR", 0.01, true)),
        "sen" => Some(("MYR", 0.01, true)),
        "kopeck" | "kopecks" | "kopek" | "kopeks" => Some(("RUB", 0.01, true)),
        "öre" => Some(("SEK", 0.01, true)),
        _ => None,
    }
}

/// A code or symbol written right after the number ("5 million USD", "5 €"), unless
/// a number follows it (then it is that number's: "in 2024 USD 5 million").
fn code_after(text: &str, end: usize) -> Option<(&'static str, usize)> {
    let rest = &text[end..];
    let skip = rest
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8);
    let rest = &rest[skip..];
    let (code, len) =
        if let Some((sym, code)) = SYMBOL_AFTER.iter().find(|(s, _)| rest.starts_with(s)) {
            (*code, sym.len())
        } else {
            let word = rest.get(..3)?;
            let code = ISO.iter().find(|c| **c == word)?;
            if glued_after(rest, 3) {
                return None;
            }
            (
                if matches!(*code, "RMB" | "CNH") {
                    "CNY"
                } else {
                    *code
                },
                3,
            )
        };
    let after = rest[len..].trim_start();
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((code, end + skip + len))
}

/// Video resolutions, not pence: "1080p".
const RESOLUTIONS: &[f64] = &[
    144.0, 240.0, 360.0, 480.0, 576.0, 720.0, 1080.0, 1440.0, 2160.0, 4320.0,
];

fn atom(text: &str, c: &regex::Captures<'_>) -> Option<Atom> {
    let (raw, num_start, year_like) = number_of(c)?;
    let num_end = number_end(c)?;
    let (mut neg, dash, sign_start) = sign_of(c);
    if c.name("sign2").is_some() {
        neg = !neg;
    }
    let pre = c.name("pre");
    let lead = sign_start.or(pre.map(|p| p.start())).unwrap_or(num_start);
    let scale_m = c.name("scale").or_else(|| c.name("scalew"));
    let mut end = scale_m.map_or(num_end, |s| s.end());
    let mut scale_v = scale_m.and_then(|s| scale(s.as_str()));
    let mut unit = None;
    let (mut factor, mut subunit, mut unit_before) = (1.0, false, false);
    if let Some(p) = pre {
        let p = p.as_str();
        // Letter prefixes only glued ("RM5bn", "Dh10m"); "R" (rand) also scaled:
        // "R2" is a name.
        let glued = num_start == c.name("pre")?.end();
        let letters = matches!(p, "R" | "RM" | "Rp" | "Dh" | "Dhs" | "KSh" | "Ksh");
        let digits = &text[num_start..num_end];
        let grouped_or_scaled = scale_v.is_some() || digits.contains([',', '.']);
        // "R5bn", "R7,500" (rand), but "R2" is a name; "EUR3.4bn", but "RON95" is
        // a fuel grade: a code glued to a bare integer is a name.
        let iso = p.len() == 3 && p.chars().all(|c| c.is_ascii_uppercase());
        if (letters && !glued)
            || (p == "R" && !grouped_or_scaled)
            || (iso && glued && !grouped_or_scaled)
        {
            return None;
        }
        unit = Some(code_before(p)?);
        unit_before = true;
    }
    // "a 5-cent fee", "a 10-dollar bill": a hyphen only after digits ("a
    // billion-dollar deal", "multibillion-dollar" are vague).
    let hyphen_ok = c.name("hyphen").is_none() || c.name("words").is_none();
    if let Some(noun) = c.name("noun").filter(|_| hyphen_ok) {
        let adj = c.name("adj").map(|a| a.as_str());
        // Subunits are lower case: "50 Cent" is a name.
        let capitalized = noun.as_str().chars().any(char::is_uppercase);
        // "won" after a small bare number is the verb ("the 12 won").
        let verb_won = noun.as_str().eq_ignore_ascii_case("won")
            && adj.is_none()
            && scale_v.is_none()
            && raw < 1000.0;
        let ok = code_of_word(adj, noun.as_str()).filter(|(code, _, sub)| {
            !(verb_won || (*sub && capitalized))
                && (unit.is_none() || unit == Some("USD") || unit == Some(*code))
        });
        if let Some((code, f, sub)) = ok {
            if !(sub && scale_v.is_some()) {
                unit = Some(code);
                factor = f;
                subunit = sub;
                end = noun.end();
            }
        }
    } else if let Some(g) = c.name("glued") {
        // "45p", "12¢": glued to the number, no scale.
        if scale_v.is_none() && unit.is_none() && g.start() == num_end {
            let is_pence = g.as_str() == "p";
            if !(is_pence && RESOLUTIONS.contains(&raw)) {
                unit = Some(if is_pence { "GBP" } else { "USD" });
                factor = 0.01;
                subunit = true;
                end = g.end();
            }
        }
    }
    if unit.is_none() {
        if let Some((code, e)) = code_after(text, end) {
            unit = Some(code);
            end = e;
        }
    }
    // A single-letter scale needs a currency: "5 m" alone is metres.
    if unit.is_none() && scale_m.is_some_and(|s| s.as_str().len() == 1) {
        scale_v = None;
        end = num_end;
    }
    if unit.is_some() && glued_after(text, end) {
        return None;
    }
    // "2,40 €", "3 500 zł": European digits need their unit after them.
    if european(c) && (unit.is_none() || unit_before) {
        return None;
    }
    Some(Atom {
        start: c.name("mod").map_or(lead, |m| m.start()),
        lead,
        end,
        raw,
        scale: scale_v,
        neg,
        dash,
        unit,
        factor,
        unit_before,
        subunit,
        name_part: glued_before(text, lead) || (unit.is_none() && glued_after(text, end)),
        year_like: year_like && scale_v.is_none(),
        mods: modifier_of(c),
    })
}

pub(super) fn money(text: &str, out: &mut Vec<Quantity>) {
    if !MONEY_HINT.is_match(text) {
        return;
    }
    let mut atoms: Vec<Atom> = Vec::new();
    for c in MONEY.captures_iter(text) {
        if let Some(a) = atom(text, &c) {
            // A code read after a number may reach past the next match's start.
            if atoms.last().is_some_and(|p| p.end > a.start) {
                continue;
            }
            atoms.push(a);
        }
    }
    push_readings(out, text, QuantityKind::Money, &atoms, true);
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
        let q = only("About $10 billion");
        assert_eq!((q.text.as_str(), q.approx), ("About $10 billion", true));
        assert!(only("~$10bn").approx);
        // A modifier is a whole word: "handsome" holds no "some".
        let q = only("a handsome $5 tip");
        assert_eq!((q.text.as_str(), q.approx), ("$5", false));
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

    /// (value, code, high) of the one money quantity in `text`.
    fn amount(text: &str) -> (f64, String, Option<f64>) {
        let q = only(text);
        assert_eq!(q.kind, QuantityKind::Money, "{text}: {q:?}");
        (q.value, q.unit, q.high)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn currencies_before_and_after_the_number() {
        for (t, v, code) in [
            ("a €10bn fund", 10e9, "EUR"),
            ("a £5 million fee", 5e6, "GBP"),
            ("¥500 billion", 500e9, "JPY"),
            ("₹500 crore", 5e9, "INR"),
            ("Rs 1.2 lakh crore", 1.2e12, "INR"),
            ("Rs. 20 lakh", 2e6, "INR"),
            ("₩1 trillion", 1e12, "KRW"),
            ("CHF 100 million", 1e8, "CHF"),
            ("USD 5 million", 5e6, "USD"),
            ("EUR3.4bn", 3.4e9, "EUR"),
            ("RMB 2 billion", 2e9, "CNY"),
            ("5 million USD", 5e6, "USD"),
            ("it costs 5 €", 5.0, "EUR"),
            ("it costs 5€ now", 5.0, "EUR"),
            ("100 CHF", 100.0, "CHF"),
            ("US$13 billion", 13e9, "USD"),
            ("C$2.5 billion", 2.5e9, "CAD"),
            ("CA$2.5 billion", 2.5e9, "CAD"),
            ("A$1 billion", 1e9, "AUD"),
            ("AU$1 billion", 1e9, "AUD"),
            ("HK$3.2 billion", 3.2e9, "HKD"),
            ("NZ$50 million", 5e7, "NZD"),
            ("S$400 million", 4e8, "SGD"),
            ("R$10 billion", 1e10, "BRL"),
            ("NT$1 trillion", 1e12, "TWD"),
            ("R5bn", 5e9, "ZAR"),
            ("$50K", 5e4, "USD"),
            ("a C$1.2-billion deal", 1.2e9, "CAD"),
            ("$5mm", 5e6, "USD"),
            ("US $5 million", 5e6, "USD"),
            ("RM5 billion", 5e9, "MYR"),
            ("Rp5 trillion", 5e12, "IDR"),
            ("Dh10 million", 1e7, "AED"),
            ("KSh2 billion", 2e9, "KES"),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == code, "{t}: {got} {unit}");
        }
    }

    #[test]
    fn currency_words_name_their_code() {
        for (t, v, code) in [
            ("13 billion dollars", 13e9, "USD"),
            ("5 million Canadian dollars", 5e6, "CAD"),
            ("5 million Australian dollars", 5e6, "AUD"),
            ("5 billion Hong Kong dollars", 5e9, "HKD"),
            ("5 million Singapore dollars", 5e6, "SGD"),
            ("20 million euros", 2e7, "EUR"),
            ("20 million euro", 2e7, "EUR"),
            ("3 million pounds", 3e6, "GBP"),
            ("3 million pounds sterling", 3e6, "GBP"),
            ("3bn sterling", 3e9, "GBP"),
            ("100 billion yen", 1e11, "JPY"),
            ("10 billion yuan", 1e10, "CNY"),
            ("10 billion renminbi", 1e10, "CNY"),
            ("500 crore rupees", 5e9, "INR"),
            ("1 trillion won", 1e12, "KRW"),
            ("2 million francs", 2e6, "CHF"),
            ("2 million Swiss francs", 2e6, "CHF"),
            ("40 million pesos", 4e7, "MXN"),
            ("300 million rand", 3e8, "ZAR"),
            ("2 billion kronor", 2e9, "SEK"),
            ("2 billion Swedish krona", 2e9, "SEK"),
            ("5 billion reais", 5e9, "BRL"),
            ("1 billion lira", 1e9, "TRY"),
            ("5 billion roubles", 5e9, "RUB"),
            ("5 billion rubles", 5e9, "RUB"),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == code, "{t}: {got} {unit}");
        }
        // "won" after a small bare number is the verb.
        assert!(parse("of the 12 won by Democrats")
            .iter()
            .all(|q| q.kind != QuantityKind::Money));
    }

    #[test]
    fn subunits_and_compounds_scale_to_whole_units() {
        for (t, v, code) in [
            ("earnings of 12 cents a share", 0.12, "USD"),
            ("a 45p rise", 0.45, "GBP"),
            ("45 pence a share", 0.45, "GBP"),
            ("50 euro cents", 0.5, "EUR"),
            ("a 99¢ app", 0.99, "USD"),
            ("3 dollars 50 cents", 3.5, "USD"),
            ("3 dollars and 50 cents", 3.5, "USD"),
            ("£1.50 a pint", 1.5, "GBP"),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == code, "{t}: {got} {unit}");
        }
        assert!(parse("streams in 1080p")
            .iter()
            .all(|q| q.kind != QuantityKind::Money));
    }

    #[test]
    fn written_out_amounts() {
        for (t, v, code) in [
            ("two billion dollars", 2e9, "USD"),
            ("a billion euros", 1e9, "EUR"),
            ("half a billion dollars", 5e8, "USD"),
            ("one and a half million pounds", 1.5e6, "GBP"),
            ("twenty-five dollars", 25.0, "USD"),
            ("a hundred dollars", 100.0, "USD"),
            ("one hundred and twenty dollars", 120.0, "USD"),
            ("Two billion US dollars", 2e9, "USD"),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == code, "{t}: {got} {unit}");
        }
    }

    #[test]
    fn negative_amounts_when_the_sign_is_written() {
        for (t, v) in [
            ("net income of −$1.2 billion", -1.2e9),
            ("a balance of -$5m", -5e6),
            ("minus $5 million", -5e6),
            ("negative $300,000", -3e5),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == "USD", "{t}: {got} {unit}");
        }
        assert_eq!(
            canonical_of("net income of −$1.2 billion"),
            ["USD -1200000000"]
        );
        // A hyphen glued to a word is no sign.
        assert!(parse("GPT-5 costs").is_empty());
    }

    #[test]
    fn ranges_are_one_quantity() {
        for (t, lo, hi, code) in [
            ("$5 million to $7 million", 5e6, 7e6, "USD"),
            ("$5-7 million", 5e6, 7e6, "USD"),
            ("$1.1bn-$1.3bn", 1.1e9, 1.3e9, "USD"),
            ("between $5 million and $7 million", 5e6, 7e6, "USD"),
            ("between $5 and $7 million", 5e6, 7e6, "USD"),
            ("5 to 7 million euros", 5e6, 7e6, "EUR"),
            ("€5m–€7m", 5e6, 7e6, "EUR"),
            ("$900 million to $1.2 billion", 9e8, 1.2e9, "USD"),
            ("$500,000 to $1 million", 5e5, 1e6, "USD"),
            ("5-7 cents", 0.05, 0.07, "USD"),
        ] {
            let (got, unit, high) = amount(t);
            assert!(
                close(got, lo) && high.is_some_and(|h| close(h, hi)) && unit == code,
                "{t}: {got} {high:?} {unit}"
            );
        }
        assert_eq!(
            canonical_of("$5 million to $7 million"),
            ["USD 5000000..7000000"]
        );
        let q = only("about $5-7 million");
        assert_eq!((q.text.as_str(), q.approx), ("about $5-7 million", true));
        let q = only("between $5 million and $7 million");
        assert_eq!(q.text, "between $5 million and $7 million");
        // A change is two amounts, not a range; "and" joins only after "between".
        assert_eq!(parse("rose from $5 million to $7 million").len(), 2);
        assert_eq!(parse("$5 million and $7 million").len(), 2);
        assert_eq!(parse("Shares rose 2p to 650p.").len(), 2);
        assert_eq!(parse("Prices rose by £2,000 to £285,000.").len(), 2);
        assert_eq!(parse("Spending will rise by €5bn–€7bn.").len(), 1);
        let q = parse("It paid $5 to 7 million people.");
        assert!(q.iter().all(|q| q.high.is_none()), "{q:?}");
        // A year before "to" is no low end.
        let q = parse("in 2023 to $7 million");
        assert!(q.iter().all(|q| q.high.is_none()), "{q:?}");
    }

    #[test]
    fn a_code_before_the_next_number_is_that_numbers() {
        let q = parse("in 2024 USD 5 million");
        let m: Vec<_> = q.iter().filter(|q| q.kind == QuantityKind::Money).collect();
        assert_eq!(m.len(), 1, "{q:?}");
        assert_eq!((m[0].value, m[0].text.as_str()), (5e6, "USD 5 million"));
    }

    #[test]
    fn european_digits_hyphenated_words_and_more_subunits() {
        for (t, v, code) in [
            ("a ticket costs 4,99 € now", 4.99, "EUR"),
            ("listed at 12.500,50 €", 12500.5, "EUR"),
            ("rent of 2 750 zł a month", 2750.0, "PLN"),
            ("a 10-cent coin", 0.10, "USD"),
            ("a 20-dollar bill", 20.0, "USD"),
            ("CN¥5 billion", 5e9, "CNY"),
            ("JP¥100 billion", 1e11, "JPY"),
            ("a bonus of R12,000", 12000.0, "ZAR"),
            ("it fell 40 paise", 0.4, "INR"),
            ("up 20 sen", 0.2, "MYR"),
            ("50 kopecks", 0.5, "RUB"),
            ("a quarter of a million euros", 250_000.0, "EUR"),
            ("it costs US$ 1,250,000 ex-works", 1.25e6, "USD"),
            ("from Rs 12,34,567 onwards", 1_234_567.0, "INR"),
        ] {
            let (got, unit, _) = amount(t);
            assert!(close(got, v) && unit == code, "{t}: {got} {unit}");
        }
        // A dotted number alone is a decimal, whatever follows.
        assert_eq!(amount("$1.250 a litre").0, 1.25);
        for t in [
            "a billion-dollar deal",
            "RON95 petrol",
            "the droid R2 said",
            "Rapper 50 Cent performed.",
            "The page https://x.example/?price>$5&off=10% loads.",
        ] {
            let q = parse(t);
            assert!(
                q.iter().all(|q| q.kind != QuantityKind::Money),
                "{t}: {q:?}"
            );
        }
    }

    #[test]
    fn vague_amounts_stay_vague() {
        for t in [
            "billions of dollars",
            "a multibillion-dollar deal",
            "hundreds of millions",
            "tens of billions of euros",
            "millions of pounds",
        ] {
            assert!(parse(t).is_empty(), "{t}: {:?}", parse(t));
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
