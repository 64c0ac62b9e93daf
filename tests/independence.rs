//! Syndicated copy is one source: 30 outlets republishing one wire story and 5 that
//! wrote their own article on the event are 6 independent sources, not 35
//! (common::syndicated writes the corpus).

use std::path::Path;

use serde_json::Value;

use crosscheck::verify::independence::{similarity, IndependenceConfig, Sources};

use crate::common::syndicated::{self, COPIES, INDEPENDENT};
use crate::common::{self, root};

fn texts() -> (Vec<String>, Vec<String>) {
    let copies = (0..COPIES).map(syndicated::copy_text).collect();
    let own = (0..INDEPENDENT).map(syndicated::own_text).collect();
    (copies, own)
}

/// The default threshold unites every pair of copies directly (not only through other
/// copies) and stays far above what articles in their own words share; prints the
/// measured similarities (`--nocapture`).
#[test]
fn the_default_threshold_separates_copies_from_own_reporting() {
    let cfg = IndependenceConfig::default();
    let (copies, own) = texts();
    let mut copy_min = f64::INFINITY;
    for (i, a) in copies.iter().enumerate() {
        for b in &copies[i + 1..] {
            copy_min = copy_min.min(similarity(a, b, &cfg));
        }
    }
    let mut cross_max = 0f64;
    for a in copies.iter().chain(&own) {
        for b in &own {
            if !std::ptr::eq(a, b) {
                cross_max = cross_max.max(similarity(a, b, &cfg));
            }
        }
    }
    println!("copies: min pairwise Jaccard {copy_min:.3}; copy or own vs own: max {cross_max:.3}");
    assert!(copy_min >= cfg.min_similarity, "{copy_min}");
    assert!(cross_max * 10.0 <= cfg.min_similarity, "{cross_max}");

    let all: Vec<&str> = copies.iter().chain(&own).map(String::as_str).collect();
    let publishers: Vec<Option<&str>> = syndicated::OUTLETS
        .iter()
        .copied()
        .chain(syndicated::OWN_OUTLETS.iter().map(|o| o.0))
        .map(Some)
        .collect();
    let sources = Sources::detect(&all, &publishers, &cfg);
    assert_eq!(sources.count(), 6);
    assert_eq!(sources.syndicates().len(), 1);
    assert_eq!(
        sources.syndicates()[0].articles,
        (0..COPIES).collect::<Vec<_>>()
    );
    println!(
        "syndicate similarity {:.3}; {} candidate pairs of {}",
        sources.syndicates()[0].similarity,
        sources.candidate_pairs(),
        all.len() * (all.len() - 1) / 2
    );
}

fn run(corpus: &Path, out: &Path) -> Value {
    let o = common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args([
            "run",
            "--quiet",
            "--device",
            "cpu",
            "--no-index",
            "--corpus",
        ])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn thirty_copies_of_one_wire_story_are_one_source() {
    let corpus = tempfile::tempdir().unwrap();
    syndicated::write_syndicated_corpus(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let report = run(corpus.path(), out.path());

    let summary = &report["summary"];
    assert_eq!(summary["articles"], 35, "{summary:#}");
    assert_eq!(summary["independent_sources"], 6, "{summary:#}");

    let syndicates = report["syndicates"]
        .as_array()
        .unwrap_or_else(|| panic!("no syndicates array: {:#}", report["syndicates"]));
    assert_eq!(syndicates.len(), 1, "{syndicates:#?}");
    let articles = syndicates[0]["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 30, "{articles:?}");
    assert!(
        articles
            .iter()
            .all(|a| a.as_str().is_some_and(|id| id.starts_with("copy-"))),
        "{articles:?}"
    );

    assert_eq!(
        report["alignment"]["nli_skipped_pairs"], 0,
        "{:#}",
        report["alignment"]
    );

    let facts = report["facts"]
        .as_array()
        .unwrap_or_else(|| panic!("no facts array: {:#}", report["facts"]));
    let support = |f: &Value| f["support"].as_u64().unwrap_or(0);
    assert!(
        facts.iter().any(|f| f["verdict"] == "corroborated"
            && support(f) >= 2
            && f["supporting_articles"].as_u64().unwrap_or(0) > support(f)),
        "no corroborated fact counted copies as articles, not sources: {facts:#?}"
    );
    assert!(
        facts.iter().all(|f| support(f) <= 6),
        "a fact has more than 6 independent sources: {facts:#?}"
    );

    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("independent sources ("), "{md}");
}
