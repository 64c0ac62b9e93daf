//! Scores `quantities::parse` on a list of money and percent expressions: precision
//! and recall on value + unit, overall and per family, then every miss.
//!
//! The list is a TSV file (default `eval/quantities/expressions.tsv` under the current
//! directory, or the first argument). Each line that is not blank and does not start
//! with `#` has three TAB-separated columns:
//!
//! 1. the sentence;
//! 2. the expected quantities, separated by ` | `, each `KIND UNIT VALUE` or
//!    `KIND UNIT LOW..HIGH` (KIND `money` or `percent`; money UNIT an ISO 4217 code;
//!    percent UNIT `%` or `pp`; VALUE a decimal or e-notation number); empty when
//!    nothing should be read;
//! 3. a family tag.
//!
//! A parsed quantity matches an expected one with the same kind and unit, a value
//! within a relative 1e-6 and the same high end (none, or both within 1e-6). Exit
//! status 0; 2 when the file cannot be read or a line is malformed.
//!
//! ```sh
//! cargo run --release --example eval_quantities -- eval/quantities/expressions.tsv
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use crosscheck::quantities::{parse, Quantity, QuantityKind};

/// One money or percent amount: kind ("money" / "percent"), unit, value, high end.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    kind: String,
    unit: String,
    value: f64,
    high: Option<f64>,
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.high {
            Some(h) => write!(f, "{} {} {}..{}", self.kind, self.unit, self.value, h),
            None => write!(f, "{} {} {}", self.kind, self.unit, self.value),
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-6 * a.abs().max(b.abs())
}

impl Item {
    fn matches(&self, o: &Item) -> bool {
        self.kind == o.kind
            && self.unit == o.unit
            && close(self.value, o.value)
            && match (self.high, o.high) {
                (None, None) => true,
                (Some(a), Some(b)) => close(a, b),
                _ => false,
            }
    }
}

struct Line {
    number: usize,
    sentence: String,
    expected: Vec<Item>,
    family: String,
}

fn parse_value(s: &str) -> Option<f64> {
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

fn parse_item(s: &str) -> Result<Item, String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [kind, unit, value] = parts.as_slice() else {
        return Err(format!("item {s:?} is not `KIND UNIT VALUE`"));
    };
    let kind = kind.to_lowercase();
    match kind.as_str() {
        "money" => {
            if !(unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase())) {
                return Err(format!(
                    "item {s:?}: money unit {unit:?} is not an ISO 4217 code"
                ));
            }
        }
        "percent" => {
            if !matches!(*unit, "%" | "pp") {
                return Err(format!(
                    "item {s:?}: percent unit {unit:?} is not `%` or `pp`"
                ));
            }
        }
        _ => {
            return Err(format!(
                "item {s:?}: kind {kind:?} is not `money` or `percent`"
            ))
        }
    }
    let (value, high) = match value.split_once("..") {
        Some((lo, hi)) => (parse_value(lo), Some(parse_value(hi))),
        None => (parse_value(value), None),
    };
    let Some(value) = value else {
        return Err(format!("item {s:?}: value is not a number"));
    };
    let high = match high {
        Some(Some(h)) => Some(h),
        Some(None) => return Err(format!("item {s:?}: high end is not a number")),
        None => None,
    };
    Ok(Item {
        kind,
        unit: unit.to_string(),
        value,
        high,
    })
}

fn read(path: &str) -> Result<Vec<Line>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [sentence, expected, family] = cols.as_slice() else {
            return Err(format!(
                "{path}:{number}: expected 3 TAB-separated columns, found {}",
                cols.len()
            ));
        };
        let expected = if expected.trim().is_empty() {
            Vec::new()
        } else {
            expected
                .split(" | ")
                .map(|s| parse_item(s.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{path}:{number}: {e}"))?
        };
        lines.push(Line {
            number,
            sentence: sentence.to_string(),
            expected,
            family: family.trim().to_string(),
        });
    }
    Ok(lines)
}

/// The money and percent quantities of `q` as items, each with its span's text.
fn items(q: &[Quantity]) -> Vec<(Item, String)> {
    q.iter()
        .filter_map(|q| {
            let (kind, unit) = match q.kind {
                QuantityKind::Money => ("money", q.unit.clone()),
                QuantityKind::Percent if q.unit == "percentage_point" => ("percent", "pp".into()),
                QuantityKind::Percent => ("percent", "%".into()),
                _ => return None,
            };
            Some((
                Item {
                    kind: kind.into(),
                    unit,
                    value: q.value,
                    high: q.high,
                },
                q.text.clone(),
            ))
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    fn line(&self, name: &str) -> String {
        let ratio = |n: usize, d: usize| {
            if d == 0 {
                "    -".to_string()
            } else {
                format!("{:.3}", n as f64 / d as f64)
            }
        };
        format!(
            "{name:<24} precision {} ({}/{})  recall {} ({}/{})",
            ratio(self.tp, self.tp + self.fp),
            self.tp,
            self.tp + self.fp,
            ratio(self.tp, self.tp + self.fn_),
            self.tp,
            self.tp + self.fn_,
        )
    }
}

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "eval/quantities/expressions.tsv".to_string());
    let lines = match read(&path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("eval_quantities: {e}");
            return ExitCode::from(2);
        }
    };
    let mut families: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for line in &lines {
        let mut got = items(&parse(&line.sentence));
        let mut t = Tally::default();
        for e in &line.expected {
            match got.iter().position(|(g, _)| g.matches(e)) {
                Some(i) => {
                    got.remove(i);
                    t.tp += 1;
                }
                None => {
                    t.fn_ += 1;
                    misses.push(format!(
                        "FN  [{}] line {}: expected {e}\n      {}",
                        line.family, line.number, line.sentence
                    ));
                }
            }
        }
        for (g, text) in &got {
            t.fp += 1;
            misses.push(format!(
                "FP  [{}] line {}: read {g} from {text:?}\n      {}",
                line.family, line.number, line.sentence
            ));
        }
        families.entry(line.family.clone()).or_default().add(&t);
    }
    let mut all = Tally::default();
    for t in families.values() {
        all.add(t);
    }
    println!("{path}: {} sentences", lines.len());
    println!("{}", all.line("overall"));
    for (name, t) in &families {
        println!("{}", t.line(name));
    }
    println!("\n{} misses", misses.len());
    for m in &misses {
        println!("{m}");
    }
    ExitCode::SUCCESS
}
