//! Planted disagreements come out contradicted; the same numbers about an unrelated
//! subject do not align; an article that agrees corroborates.

use std::sync::OnceLock;

use serde_json::Value;

use crate::common::*;

/// Two seed articles plus our fixtures.
fn planted() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let dir = corpus_of(&[
            "corpus/003_deb2854ad579132a.txt",
            "corpus/004_96e4727762a4dd49.txt",
            "tests/fixtures/planted/amount.txt",
            "tests/fixtures/planted/share.txt",
            "tests/fixtures/planted/end_year.txt",
            "tests/fixtures/twins/city.txt",
            "tests/fixtures/twins/agree.md",
        ]);
        run_report(dir.path())
    })
}

fn contradicted_with_seed(r: &Value, article: &str, needle: &str, seed_needle: &str) {
    let c = claim(r, article, needle);
    let seed = claim(r, "003", seed_needle);
    // The fact, of those the claim is in, where it meets the seed's figure.
    let (cl, pair) = facts(r)
        .iter()
        .find_map(|f| {
            let p = f["pairs"].as_array().unwrap().iter().find(|p| {
                p["relation"] == "contradiction"
                    && [&p["a"], &p["b"]].contains(&&c["id"])
                    && [&p["a"], &p["b"]].contains(&&seed["id"])
            })?;
            Some((f, p))
        })
        .unwrap_or_else(|| {
            panic!(
                "no contradiction between {} and {}: {:#}",
                c["id"],
                seed["id"],
                fact_of(r, c["id"].as_str().unwrap())
            )
        });
    assert_eq!(cl["verdict"], "contradicted", "{cl:#}");
    assert!(
        pair["reason"].as_str().unwrap().starts_with("different"),
        "{pair}"
    );
}

#[test]
fn another_amount_for_the_same_investment_contradicts() {
    contradicted_with_seed(planted(), "amount", "$10 billion", "totaled $13 billion");
}

#[test]
fn another_share_contradicts() {
    contradicted_with_seed(planted(), "share", "15 percent cut", "20 percent cut");
}

#[test]
fn another_end_year_contradicts() {
    contradicted_with_seed(
        planted(),
        "end_year",
        "through 2028",
        "will no longer pay a revenue share",
    );
}

#[test]
fn same_numbers_about_another_subject_do_not_align() {
    let r = planted();
    for needle in [
        "$13 billion transit budget",
        "rose 20 percent",
        "through 2032",
    ] {
        let c = claim(r, "city", needle);
        let cl = fact_of(r, c["id"].as_str().unwrap());
        assert_eq!(
            cl["claims"].as_array().unwrap().len(),
            1,
            "{needle}: {cl:#}"
        );
        assert_eq!(cl["verdict"], "single-source");
    }
}

#[test]
fn differently_worded_agreement_corroborates() {
    let r = planted();
    // "$13bn" for "$13 billion", "a fifth" for "20 percent".
    let c = claim(r, "agree", "$13bn");
    assert!(has_quantity(c, "money", 13e9, "USD"), "{c}");
    let cl = fact_of(r, c["id"].as_str().unwrap());
    assert!(
        article_prefixes(cl)
            .iter()
            .any(|a| a == "003" || a == "004"),
        "{cl:#}"
    );
    let c = claim(r, "agree", "a fifth of");
    assert!(has_quantity(c, "percent", 20.0, "percent"), "{c}");
    let cl = fact_of(r, c["id"].as_str().unwrap());
    assert!(article_prefixes(cl).contains(&"003".to_string()), "{cl:#}");
}
