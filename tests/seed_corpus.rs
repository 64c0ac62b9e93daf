//! What must hold on the seed corpus (corpus/), through the real pipeline.

use std::sync::OnceLock;

use serde_json::Value;

use crate::common::*;

fn seed() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| run_report(&root().join("corpus")))
}

#[test]
fn report_has_the_documented_shape() {
    let r = seed();
    assert_eq!(r["schema"], "crosscheck.report/v2");
    for role in ["ner", "nli", "embed"] {
        assert!(
            r["engines"][role]["kind"].is_string(),
            "engines.{role}.kind"
        );
        assert!(
            r["engines"][role]["model"].is_string(),
            "engines.{role}.model"
        );
    }
    assert_eq!(r["engines"]["embed"]["kind"], "transformer");
    assert_eq!(r["engines"]["device"], "cpu");
    // Deterministic stand-ins say so.
    assert_eq!(r["engines"]["ner"]["kind"], "deterministic");
    assert!(r["engines"]["ner"]["note"].is_string());
    let articles = r["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    assert!(articles.iter().all(|a| a["error"].is_null()));
    assert_eq!(
        articles[4]["title"],
        "OpenAI Breaks Free: Microsoft Loosens AI Grip as Partnership Gets Overhaul"
    );
    assert!(articles[0]["title"].is_null(), "000 states no title");
    for c in claims(r) {
        for key in [
            "id",
            "article",
            "text",
            "start",
            "end",
            "line",
            "quantities",
            "entities",
            "speculative",
            "cues",
            "attribution",
        ] {
            assert!(c.get(key).is_some(), "claim lacks {key}: {c}");
        }
    }
    for c in facts(r) {
        for key in ["id", "claims", "articles", "verdict", "pairs"] {
            assert!(c.get(key).is_some(), "cluster lacks {key}");
        }
    }
}

#[test]
fn claim_spans_quote_the_original_file() {
    let r = seed();
    let dir = root().join("corpus");
    for c in claims(r) {
        let article = c["article"].as_str().unwrap();
        let raw = std::fs::read_to_string(dir.join(format!("{article}.txt"))).unwrap();
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        // The span quotes the original; normalizing it gives the claim text back.
        let quoted = crosscheck::text::NormalizedText::from_plain(&raw[s..e]).text;
        assert_eq!(
            quoted,
            c["text"].as_str().unwrap(),
            "{article}: span {s}..{e}"
        );
        let line = c["line"].as_u64().unwrap() as usize;
        assert_eq!(
            raw[..s].matches('\n').count() + 1,
            line,
            "line of {}",
            c["id"]
        );
        for q in c["quantities"].as_array().unwrap() {
            let (qs, qe) = (
                q["file_start"].as_u64().unwrap() as usize,
                q["file_end"].as_u64().unwrap() as usize,
            );
            assert!(s <= qs && qe <= e, "quantity outside its sentence");
            assert_eq!(
                &raw[qs..qe].replace('\u{a0}', " "),
                q["text"].as_str().unwrap()
            );
        }
        assert!(
            !c["text"].as_str().unwrap().contains("citeturn"),
            "citation debris in {}",
            c["id"]
        );
    }
}

#[test]
fn thirteen_billion_investment_is_corroborated_by_000_003_004() {
    let r = seed();
    let c000 = claim(r, "000", "$13 billion investment");
    assert!(has_quantity(c000, "money", 13e9, "USD"), "{c000}");
    let cluster = fact_of(r, c000["id"].as_str().unwrap());
    let articles = article_prefixes(cluster);
    for a in ["000", "003", "004"] {
        assert!(
            articles.contains(&a.to_string()),
            "{a} missing from {cluster:#}"
        );
    }
    assert_eq!(cluster["verdict"], "corroborated", "{cluster:#}");
    // 004 hedges the amount ("approximately") and that is kept.
    let c004 = claim(r, "004", "approximately $13 billion");
    assert!(c004["quantities"][0]["approx"].as_bool().unwrap());
}

#[test]
fn twenty_percent_cut_is_found_as_a_percent() {
    let r = seed();
    let c = claim(r, "003", "20 percent cut");
    assert!(has_quantity(c, "percent", 20.0, "percent"), "{c}");
}

#[test]
fn revenue_share_through_2030_is_corroborated_by_003_and_004() {
    let r = seed();
    let c = claim(
        r,
        "004",
        "Revenue-sharing arrangements remain in place through 2030",
    );
    assert!(has_quantity(c, "year", 2030.0, "year"), "{c}");
    let cluster = fact_of(r, c["id"].as_str().unwrap());
    let articles = article_prefixes(cluster);
    assert!(
        articles.contains(&"003".into()) && articles.contains(&"004".into()),
        "{cluster:#}"
    );
    assert_eq!(cluster["verdict"], "corroborated");
}

#[test]
fn license_through_2032_is_found() {
    let r = seed();
    let c = claim(r, "003", "license to OpenAI intellectual property");
    assert!(has_quantity(c, "year", 2032.0, "year"), "{c}");
    let q = c["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["value"] == 2032.0)
        .unwrap();
    assert_eq!(q["modifier"], "through");
}

#[test]
fn rumors_and_hedges_are_speculative_and_facts_are_not() {
    let r = seed();
    let strawberry = claim(r, "000", "Strawberry");
    assert_eq!(strawberry["speculative"], true);
    assert!(strawberry["cues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["cue"] == "rumored"));
    let oracle = claim(r, "000", "potentially Oracle");
    assert_eq!(oracle["speculative"], true);
    assert!(oracle["cues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["scope"] == "potentially Oracle"));
    for (a, fact) in [
        ("003", "totaled $13 billion since 2019"),
        (
            "004",
            "Revenue-sharing arrangements remain in place through 2030",
        ),
        ("003", "license to OpenAI intellectual property"),
        ("003", "20 percent cut"),
    ] {
        let c = claim(r, a, fact);
        assert_eq!(c["speculative"], false, "{a}: {fact}: {:?}", c["cues"]);
    }
}

#[test]
fn attribution_is_recorded() {
    let r = seed();
    let c = claim(r, "003", "totaled $13 billion since 2019");
    assert_eq!(c["attribution"]["source"], "The report", "{c}");
    let c = claim(r, "003", "20 percent cut");
    assert_eq!(c["attribution"]["source"], "The same report");
}

#[test]
fn the_seed_articles_do_not_contradict_each_other() {
    let r = seed();
    let contradicted: Vec<&Value> = facts(r)
        .iter()
        .filter(|c| c["verdict"] == "contradicted")
        .collect();
    assert!(contradicted.is_empty(), "{contradicted:#?}");
    assert_eq!(r["summary"]["contradicted"], 0);
    // "Microsoft will no longer pay a revenue share to OpenAI" and "Microsoft retains
    // a revenue-sharing arrangement" are about who pays whom: not a contradiction.
    let pays = claim(r, "003", "will no longer pay a revenue share");
    let cl = fact_of(r, pays["id"].as_str().unwrap());
    assert_ne!(cl["verdict"], "contradicted");
}

#[test]
fn every_pair_decision_has_a_reason_and_blocking_is_not_all_pairs() {
    let r = seed();
    for c in facts(r) {
        for p in c["pairs"].as_array().unwrap() {
            assert!(!p["reason"].as_str().unwrap().is_empty());
            assert!(["entailment", "contradiction", "neutral"]
                .contains(&p["relation"].as_str().unwrap()));
        }
    }
    let n = claims(r).len() as u64;
    let candidates = r["alignment"]["candidate_pairs"].as_u64().unwrap();
    assert!(candidates > 0);
    assert!(
        candidates < n * (n - 1) / 2 / 4,
        "{candidates} candidates for {n} claims"
    );
}

/// NLI work per claim is capped; pairs over the cap stay undecided and the report says
/// how many, in `alignment` and as a warning (degrading is allowed, hiding it is not).
#[test]
fn pairs_over_the_nli_cap_are_counted_and_reported() {
    let a = &seed()["alignment"];
    let sent = a["nli_pairs"].as_u64().unwrap();
    assert!(sent > 0, "the seed corpus sends pairs to NLI: {a}");
    assert_eq!(
        a["nli_skipped_pairs"], 0,
        "the default cap does not bind here"
    );
    assert!(seed()["warnings"].as_array().unwrap().is_empty());

    let mut cfg = config();
    cfg.verify.max_nli_pairs_per_claim = 0;
    let capped = run_report_with(&root().join("corpus"), cfg);
    assert_eq!(capped["alignment"]["nli_pairs"], 0);
    assert_eq!(
        capped["alignment"]["nli_skipped_pairs"].as_u64(),
        Some(sent)
    );
    let warnings = capped["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w.as_str().unwrap().starts_with(&format!(
            "{sent} of {sent} aligned pairs needing NLI were over verify.max_nli_pairs_per_claim (0)"
        ))),
        "{warnings:?}"
    );
}
