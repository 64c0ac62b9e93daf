//! Writes a deterministic synthetic corpus of news articles for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --articles 1000 --out target/bench/corpus-1000
//! ```
//!
//! Articles are built from a fixed set of "deals" between companies, each with its
//! own true facts (an investment amount, a revenue share, an end year, a license
//! year). Every article covers one to three deals in varied wording, so the same
//! facts recur across many articles and alignment has real work; about one statement
//! in twenty misstates a number (a planted contradiction), some are hedged rumors,
//! and unrelated numbers about other subjects (city budgets, sales growth) are mixed
//! in as false-positive bait. The same `--seed` and `--articles` give the same bytes.

use std::fmt::Write as _;
use std::path::PathBuf;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const COMPANIES: &[&str] = &[
    "Microsoft",
    "OpenAI",
    "Google",
    "Amazon",
    "Nvidia",
    "Oracle",
    "Meta",
    "Anthropic",
    "Apple",
    "IBM",
    "Salesforce",
    "Intel",
    "AMD",
    "Samsung",
    "Mistral",
    "Cohere",
    "SoftBank",
    "Databricks",
    "Snowflake",
    "Adobe",
];

const OUTLETS: &[&str] = &[
    "Reuters",
    "Bloomberg",
    "The Information",
    "the Financial Times",
    "CNBC",
    "The Verge",
    "the Wall Street Journal",
];

const CITIES: &[&str] = &[
    "Seattle", "Austin", "Denver", "Boston", "Portland", "Atlanta", "Chicago", "Phoenix",
];

struct Deal {
    investor: &'static str,
    target: &'static str,
    /// Billions of dollars.
    amount: u32,
    share: u32,
    share_until: u32,
    license_until: u32,
    product: String,
}

fn deals(rng: &mut ChaCha8Rng) -> Vec<Deal> {
    let mut out = Vec::new();
    for (i, &investor) in COMPANIES.iter().enumerate() {
        for k in 1..=2 {
            let target = COMPANIES[(i + 3 * k + 1) % COMPANIES.len()];
            out.push(Deal {
                investor,
                target,
                amount: rng.gen_range(1..=40),
                share: *[5, 8, 10, 12, 15, 20, 25, 30].choose(rng).unwrap_or(&10),
                share_until: rng.gen_range(2027..=2035),
                license_until: rng.gen_range(2028..=2036),
                product: format!(
                    "{}-{}",
                    ["Atlas", "Nova", "Orion", "Helix", "Vega"][k % 5],
                    i
                ),
            });
        }
    }
    out
}

/// A number as an article might state it, sometimes wrong.
fn misstate(rng: &mut ChaCha8Rng, v: u32, step: u32) -> u32 {
    if rng.gen_bool(0.05) {
        v + step * rng.gen_range(1..=3)
    } else {
        v
    }
}

fn money(rng: &mut ChaCha8Rng, billions: u32) -> String {
    match rng.gen_range(0..4) {
        0 => format!("${billions} billion"),
        1 => format!("${billions}bn"),
        2 => format!("{billions} billion dollars"),
        _ => format!("approximately ${billions} billion"),
    }
}

fn percent(rng: &mut ChaCha8Rng, p: u32) -> String {
    match (rng.gen_range(0..3), p) {
        (0, 20) => "a fifth".to_string(),
        (0, 25) => "a quarter".to_string(),
        (1, _) => format!("{p}%"),
        _ => format!("{p} percent"),
    }
}

fn deal_sentences(rng: &mut ChaCha8Rng, d: &Deal, out: &mut Vec<String>) {
    let outlet = OUTLETS.choose(rng).copied().unwrap_or("Reuters");
    let amount = misstate(rng, d.amount, 2);
    let amount = money(rng, amount);
    let share = misstate(rng, d.share, 5);
    let share = percent(rng, share);
    let until = misstate(rng, d.share_until, 1);
    let license = misstate(rng, d.license_until, 1);
    let (inv, tgt) = (d.investor, d.target);
    let mut pool = vec![
        format!("{inv} has invested {amount} in {tgt} since 2019, according to {outlet}."),
        format!("{inv}'s total investment in {tgt} stands at {amount}, {outlet} reported."),
        format!("{tgt} will pay {inv} a {share} share of its revenue through {until}, the companies said."),
        format!("Under the agreement, {inv} will receive {share} of {tgt}'s revenue until {until}."),
        format!("{inv} keeps a license to {tgt}'s models and products through {license}."),
        format!("The license held by {inv} runs through {license}, and it is now non-exclusive."),
        format!("{inv} remains the primary cloud partner of {tgt} for training workloads."),
        format!("Executives at {inv} described the partnership with {tgt} as a long-term commitment."),
    ];
    if rng.gen_bool(0.3) {
        pool.push(format!(
            "{tgt} is rumored to be preparing {} for a launch next year, people familiar with the matter said.",
            d.product
        ));
    }
    if rng.gen_bool(0.2) {
        let other = COMPANIES.choose(rng).copied().unwrap_or("Oracle");
        pool.push(format!(
            "{tgt} could potentially add {other} as a second cloud provider, analysts speculate."
        ));
    }
    pool.shuffle(rng);
    let n = rng.gen_range(3..=pool.len());
    out.extend(pool.into_iter().take(n));
}

fn bait(rng: &mut ChaCha8Rng, out: &mut Vec<String>) {
    let city = CITIES.choose(rng).copied().unwrap_or("Seattle");
    let company = COMPANIES.choose(rng).copied().unwrap_or("Intel");
    let pool = [
        format!(
            "The city of {city} approved a ${} million budget for road repairs in {}.",
            rng.gen_range(5..=40),
            rng.gen_range(2024..=2030)
        ),
        format!(
            "Smartphone sales at {company} rose {} percent in the third quarter.",
            rng.gen_range(2..=30)
        ),
        format!(
            "{company} said it employs more than {} people in {city}.",
            rng.gen_range(1..=20) * 500
        ),
        "Analysts expect the market for AI accelerators to keep growing for several years.".into(),
        "Regulators in Europe and the United States continue to examine large AI partnerships."
            .into(),
        format!("{company} shares closed slightly higher on Tuesday after the announcement."),
    ];
    let k = rng.gen_range(2..=5);
    out.extend(pool.choose_multiple(rng, k).cloned());
}

fn article(rng: &mut ChaCha8Rng, deals: &[Deal]) -> String {
    let n = rng.gen_range(2..=4);
    let picked: Vec<&Deal> = deals.choose_multiple(rng, n).collect();
    let mut sentences = Vec::new();
    for d in &picked {
        deal_sentences(rng, d, &mut sentences);
    }
    bait(rng, &mut sentences);
    let lead = picked
        .first()
        .map_or(("Microsoft", "OpenAI"), |d| (d.investor, d.target));
    let mut text = format!("# {} and {} revise their partnership\n\n", lead.0, lead.1);
    // Paragraphs of two to four sentences.
    let mut rest = sentences.as_slice();
    while !rest.is_empty() {
        let n = rng.gen_range(2..=4).min(rest.len());
        let _ = writeln!(text, "{}\n", rest[..n].join(" "));
        rest = &rest[n..];
    }
    text
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut articles = 1000usize;
    let mut seed = 7u64;
    let mut out = PathBuf::from("target/bench/corpus");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--articles" => articles = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--out" => out = PathBuf::from(value()?),
            _ => {
                return Err(
                    format!("unknown argument {a}; use --articles N --seed S --out DIR").into(),
                )
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let deals = deals(&mut rng);
    std::fs::create_dir_all(&out)?;
    let mut bytes = 0usize;
    for i in 0..articles {
        let text = article(&mut rng, &deals);
        bytes += text.len();
        std::fs::write(out.join(format!("{i:05}.md")), text)?;
    }
    println!(
        "wrote {articles} articles ({:.1} MB) to {} (seed {seed})",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
