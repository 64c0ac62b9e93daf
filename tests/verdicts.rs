//! Judging: facts, not chains. A sentence with several figures takes part in several
//! facts, each with its own verdict; the same number for another measure stays apart;
//! different verbs and rounding corroborate; a reversed direction contradicts; an
//! earlier hedged report against a later confirmed figure is superseded.

use serde_json::Value;

use crate::common::*;

fn mentions(f: &Value) -> Vec<(String, String)> {
    f["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["claim"].as_str().unwrap().to_string(),
                m["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_sentence_with_two_figures_takes_part_in_two_facts() {
    let dir = corpus_of(&[
        "tests/fixtures/verdicts/facts/alpha.txt",
        "tests/fixtures/verdicts/facts/beta.txt",
        "tests/fixtures/verdicts/facts/gamma.txt",
        "tests/fixtures/verdicts/facts/index.toml",
    ]);
    let r = run_report(dir.path());
    let both = claim(&r, "alpha", "30% stake");
    let id = both["id"].as_str().unwrap();

    // "$4 billion" invested and "sank $4bn into": one fact, corroborated by two sources.
    let money = fact_with(&r, id, "$4 billion");
    assert_eq!(money["verdict"], "corroborated", "{money:#}");
    assert_eq!(money["support"], 2, "{money:#}");
    let sank = claim(&r, "beta", "sank");
    assert!(
        mentions(money)
            .iter()
            .any(|(c, _)| c == sank["id"].as_str().unwrap()),
        "{money:#}"
    );
    // The same number as a valuation is another fact.
    let valued = claim(&r, "gamma", "valued at");
    assert!(
        !mentions(money)
            .iter()
            .any(|(c, _)| c == valued["id"].as_str().unwrap()),
        "a valuation joined an investment: {money:#}"
    );

    // The stake: 30% against 45%, its own fact, contradicted; the money fact is not.
    let stake = fact_with(&r, id, "30%");
    assert_eq!(stake["verdict"], "contradicted", "{stake:#}");
    assert_ne!(stake["id"], money["id"]);
    assert_eq!(mentions(stake).len(), 2, "{stake:#}");

    // "$1.6 billion" is "$1.61 billion" rounded.
    let loss = claim(&r, "alpha", "net loss");
    let lf = fact_with(&r, loss["id"].as_str().unwrap(), "$1.6 billion");
    assert_eq!(lf["verdict"], "corroborated", "{lf:#}");

    // No fact chains several annotated things: each holds one kind of figure.
    for f in facts(&r) {
        let kinds: std::collections::BTreeSet<&str> = f["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| {
                let c = claims(&r).iter().find(|c| c["id"] == m["claim"])?;
                let q = m["quantity"].as_u64()? as usize;
                c["quantities"][q]["kind"].as_str()
            })
            .collect();
        assert!(kinds.len() <= 1, "{f:#}");
    }
    let md = std::fs::read_to_string(dir.path().join("report.md"));
    assert!(md.is_err(), "run_report writes no files");
}

#[test]
fn an_earlier_hedged_figure_against_a_later_confirmed_one_is_superseded() {
    let dir = corpus_of(&[
        "tests/fixtures/verdicts/superseded/early.txt",
        "tests/fixtures/verdicts/superseded/late.txt",
        "tests/fixtures/verdicts/superseded/index.toml",
    ]);
    let r = run_report(dir.path());
    let late = claim(&r, "late", "raised 1.7 billion euros");
    let f = fact_with(&r, late["id"].as_str().unwrap(), "1.7 billion euros");
    assert_eq!(f["verdict"], "superseded", "{f:#}");
    assert_eq!(r["summary"]["superseded"], 1);
    assert_eq!(r["summary"]["contradicted"], 0, "{:#}", r["summary"]);
}

#[test]
fn a_reversed_direction_of_payment_contradicts_and_corroborates_nothing() {
    let dir = corpus_of(&[
        "tests/fixtures/verdicts/direction/one.txt",
        "tests/fixtures/verdicts/direction/two.txt",
    ]);
    let r = run_report(dir.path());
    let one = claim(&r, "one", "will pay");
    let f = fact_of(&r, one["id"].as_str().unwrap());
    assert_eq!(f["verdict"], "contradicted", "{f:#}");
    assert!(
        f["pairs"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("opposite direction"),
        "{f:#}"
    );
    assert!(
        facts(&r).iter().all(|f| f["verdict"] != "corroborated"),
        "the shared $565 million must not corroborate a reversed payment"
    );
}

/// What one side leaves out (a qualifier, a year) makes two figures one fact only when
/// their values are the same: "an all-cash bid of $48.00" and "$48 a share in cash"
/// corroborate; "2,000 jobs in 2019" and "3,500 jobs" are two rounds, not a conflict.
/// A share move is of its day: a jump "back in March" is not Monday's. Two figures
/// orders of magnitude apart are two figures.
#[test]
fn what_one_side_leaves_out_joins_equal_figures_only() {
    let dir = corpus_of(&[
        "tests/fixtures/verdicts/loose/north.txt",
        "tests/fixtures/verdicts/loose/south.txt",
        "tests/fixtures/verdicts/loose/west.txt",
    ]);
    let r = run_report(dir.path());
    let bid = claim(&r, "north", "$48 a share");
    let price = fact_with(&r, bid["id"].as_str().unwrap(), "$48");
    assert_eq!(price["verdict"], "corroborated", "{price:#}");
    let cash = claim(&r, "south", "all-cash bid");
    assert!(
        mentions(price)
            .iter()
            .any(|(c, _)| c == cash["id"].as_str().unwrap()),
        "{price:#}"
    );

    // Monday's move: 31% against 40%, contradicted; March's 31% jump is not in it.
    let monday = claim(&r, "north", "closed about 31% higher");
    let moved = fact_with(&r, monday["id"].as_str().unwrap(), "about 31%");
    assert_eq!(moved["verdict"], "contradicted", "{moved:#}");
    let march = claim(&r, "west", "back in March");
    assert!(
        !mentions(moved)
            .iter()
            .any(|(c, _)| c == march["id"].as_str().unwrap()),
        "March's jump joined Monday's: {moved:#}"
    );

    // Nothing else is contradicted: not the 2019 round against the coming one, not a
    // share price against a market value.
    let facts = r["facts"].as_array().unwrap();
    let contradicted: Vec<&Value> = facts
        .iter()
        .filter(|f| f["verdict"] == "contradicted")
        .collect();
    assert_eq!(contradicted.len(), 1, "{contradicted:#?}");
}

#[test]
fn the_one_outage_lasts_one_length_whichever_article_gives_its_year() {
    let dir = corpus_of(&[
        "tests/fixtures/verdicts/lengths/harbor.txt",
        "tests/fixtures/verdicts/lengths/tribune.txt",
        "tests/fixtures/verdicts/lengths/ledger.txt",
    ]);
    let r = run_report(dir.path());
    // "lasted roughly 14 hours" (in a sentence dated 2025) against "for 10 hours":
    // each article's only length of the outage, so one fact, contradicted.
    let lasted = claim(&r, "harbor", "lasted roughly 14 hours");
    let length = fact_with(&r, lasted["id"].as_str().unwrap(), "roughly 14 hours");
    assert_eq!(length["verdict"], "contradicted", "{length:#}");
    let ten = claim(&r, "tribune", "for 10 hours");
    assert!(
        mentions(length)
            .iter()
            .any(|(c, _)| c == ten["id"].as_str().unwrap()),
        "{length:#}"
    );
    // The 2019 outage's six hours is another outage: in no contradicted fact.
    let facts = r["facts"].as_array().unwrap();
    for f in facts.iter().filter(|f| f["verdict"] == "contradicted") {
        assert!(
            !mentions(f).iter().any(|(_, t)| t.contains("six-hour")),
            "the 2019 outage joined this one: {f:#}"
        );
    }
}
