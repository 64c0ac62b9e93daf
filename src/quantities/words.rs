//! Numbers written out in words: "two", "twenty-five", "one hundred and twenty",
//! "a billion", "half a billion", "one and a half million", "a dozen".
//!
//! [`WORDS`] is a regex fragment (no capture groups) the other passes put where a
//! number may stand; [`words_value`] reads what it matched. "a" / "an" count as one
//! only before a scale word ("a billion", "a hundred"): the fragment never matches a
//! bare "a", "half" or "and", and it never joins two numbers with "and" ("between
//! three and four", "between one million and two million" are two numbers), so
//! ranges stay readable; "and" is read only inside hundreds ("one hundred and
//! twenty") and in "and a half".

use std::sync::LazyLock;

const ONES: &str = "one|two|three|four|five|six|seven|eight|nine";
const TEENS: &str =
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
const SCALES: &str = "thousand|million|billion|trillion|dozen";

/// The regex fragment for a written-out number, case-insensitive, ASCII word
/// boundaries on both sides.
pub(super) static WORDS: LazyLock<String> = LazyLock::new(|| {
    // Between two words of one number: spaces or a hyphen ("twenty-five").
    let s = r"(?:\s+|-)";
    let small =
        format!(r"(?:(?:{TENS})(?:{s}(?:{ONES})(?-u:\b))?|(?:{TEENS})|(?:{ONES})|zero)(?-u:\b)");
    let hundreds = format!(r"(?:(?:{small}|an?){s}hundred(?:(?:\s+and)?{s}{small})?)");
    let group = format!(r"(?:{hundreds}|{small})");
    let scale = format!(r"(?:{SCALES})(?-u:\b)");
    let tail = format!(r"(?:{s}{group}{s}{scale})*(?:{s}{group})?");
    format!(
        r"(?i:(?-u:\b)(?:(?:an?{s}quarter|one{s}quarter|three{s}quarters|half){s}of{s}an?{s}{scale}|half{s}an?{s}{scale}|an?{s}{scale}{tail}|{group}(?:{s}and{s}a{s}half)?(?:{s}{scale}{tail})?)(?-u:\b))"
    )
});

fn small_value(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// What a scale word multiplies: what came before it, or one when nothing did.
fn or_one(v: f64) -> f64 {
    if v == 0.0 {
        1.0
    } else {
        v
    }
}

/// The value of a written-out number ("one hundred and twenty" -> 120, "half a
/// billion" -> 5e8, "two and a half million" -> 2.5e6); `None` when `s` is not one.
pub(super) fn words_value(s: &str) -> Option<f64> {
    let lower = s.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|t| !t.is_empty())
        .collect();
    // "a quarter of a million", "three quarters of a billion", "half of a million".
    if let Some(of) = tokens.iter().position(|t| *t == "of") {
        let part = match &tokens[..of] {
            ["a" | "an" | "one", "quarter"] => 0.25,
            ["three", "quarters"] => 0.75,
            ["half"] => 0.5,
            _ => return None,
        };
        return Some(part * words_value(&tokens[of + 1..].join(" "))?);
    }
    let (mut total, mut current, mut any) = (0.0f64, 0.0f64, false);
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            // "and a half": one half more of what comes before.
            "and" if tokens.get(i + 1) == Some(&"a") && tokens.get(i + 2) == Some(&"half") => {
                current += 0.5;
                i += 3;
                continue;
            }
            "and" => {}
            // "half a billion": half of the scale that follows.
            "half" if matches!(tokens.get(i + 1), Some(&"a") | Some(&"an")) => {
                current += 0.5;
                any = true;
                i += 2;
                continue;
            }
            "a" | "an" => {
                current += 1.0;
                any = true;
            }
            "hundred" => current = or_one(current) * 100.0,
            "dozen" => current = or_one(current) * 12.0,
            "thousand" | "million" | "billion" | "trillion" => {
                let scale = match tokens[i] {
                    "thousand" => 1e3,
                    "million" => 1e6,
                    "billion" => 1e9,
                    _ => 1e12,
                };
                total += or_one(current) * scale;
                current = 0.0;
                any = true;
            }
            w => {
                current += small_value(w)?;
                any = true;
            }
        }
        i += 1;
    }
    any.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn whole(s: &str) -> bool {
        let re = Regex::new(&format!("^{}$", *WORDS)).expect("words test regex");
        re.is_match(s)
    }

    #[test]
    fn written_numbers_read_back() {
        for (s, v) in [
            ("two", 2.0),
            ("Fifteen", 15.0),
            ("twenty-five", 25.0),
            ("twenty five", 25.0),
            ("a hundred", 100.0),
            ("one hundred and twenty", 120.0),
            ("two hundred thirty-four", 234.0),
            ("a billion", 1e9),
            ("half a billion", 5e8),
            ("one and a half million", 1.5e6),
            ("two-and-a-half billion", 2.5e9),
            ("a dozen", 12.0),
            ("two dozen", 24.0),
            ("half a dozen", 6.0),
            ("one million two hundred thousand", 1.2e6),
            ("three thousand five hundred", 3500.0),
            ("a hundred thousand", 1e5),
            ("two thousand twenty-four", 2024.0),
            ("a quarter of a million", 250_000.0),
            ("three quarters of a billion", 7.5e8),
            ("half of a million", 5e5),
        ] {
            assert!(whole(s), "{s} should match whole");
            assert_eq!(words_value(s), Some(v), "{s}");
        }
        for s in [
            "a",
            "an",
            "half",
            "and",
            "three and four",
            "hundreds",
            "tens",
        ] {
            assert!(!whole(s), "{s} should not match whole");
        }
    }
}
