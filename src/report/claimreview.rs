//! claimreview.jsonld: a schema.org `ClaimReview` per cluster, for fact-check
//! aggregators and search engines.
//!
//! - `claimReviewed`: the claim as the first member states it, shortened at a word
//!   boundary to under 75 characters ("…" marks a cut).
//! - `reviewRating`: the verdict on a 1 to 5 scale with `alternateName` in words:
//!   contradicted 1, speculative 2, single-source 3, corroborated 5.
//! - `itemReviewed`: a `Claim` whose `appearance` lists each member's article
//!   (`headline`, `url`, `datePublished`, `publisher` where its metadata states them)
//!   and whose `datePublished` is the earliest of those dates.
//! - `author`: `[report] organization` (and `organization_url`) of crosscheck.toml;
//!   `url`: `[report] published_at` + "#cluster-..." when set.
//!
//! No timestamp of the run is written: the same corpus gives the same file.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::ReportConfig;
use super::{anchor, ArticleEntry, Report};
use crate::verify::{Fact, Verdict};

/// `claimReviewed` stays under this many characters.
pub const MAX_CLAIM_CHARS: usize = 75;

/// (ratingValue, alternateName) of a verdict on the 1 (worst) to 5 (best) scale.
pub fn rating(v: Verdict) -> (u8, &'static str) {
    match v {
        Verdict::Contradicted => (1, "Contradicted by another source"),
        Verdict::Superseded => (2, "Superseded: a later report states otherwise"),
        Verdict::Speculative => (2, "Unverified: speculation"),
        Verdict::SingleSource => (3, "Unverified: single source"),
        Verdict::Corroborated => (5, "Corroborated by independent sources"),
    }
}

/// `text` shortened at a word boundary to fewer than [`MAX_CLAIM_CHARS`] characters.
pub fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() < MAX_CLAIM_CHARS {
        return text.to_string();
    }
    // Room for the ellipsis.
    let limit = MAX_CLAIM_CHARS - 2;
    let cut = text
        .char_indices()
        .nth(limit)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > cut / 2 => &head[..i],
        _ => head,
    };
    format!(
        "{}…",
        head.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

fn appearance(a: &ArticleEntry) -> Value {
    let mut m = Map::new();
    m.insert("@type".into(), json!("CreativeWork"));
    if let Some(t) = &a.title {
        m.insert("headline".into(), json!(t));
    } else {
        m.insert("name".into(), json!(a.path));
    }
    if let Some(u) = &a.url {
        m.insert("url".into(), json!(u));
    }
    if let Some(d) = &a.date {
        m.insert("datePublished".into(), json!(d));
    }
    if let Some(p) = &a.publisher {
        m.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": p}),
        );
    }
    Value::Object(m)
}

fn review(
    report: &Report,
    c: &Fact,
    articles: &HashMap<&str, &ArticleEntry>,
    cfg: &ReportConfig,
) -> Value {
    let first = report.members(c).next();
    let (value, name) = rating(c.verdict);
    let members: Vec<&ArticleEntry> = c
        .articles
        .iter()
        .filter_map(|a| articles.get(a.as_str()).copied())
        .collect();
    let mut item = Map::new();
    item.insert("@type".into(), json!("Claim"));
    item.insert(
        "appearance".into(),
        Value::Array(members.iter().map(|a| appearance(a)).collect()),
    );
    if let Some(d) = members.iter().filter_map(|a| a.date.as_deref()).min() {
        item.insert("datePublished".into(), json!(d));
    }
    let mut author = Map::new();
    author.insert("@type".into(), json!("Organization"));
    author.insert("name".into(), json!(cfg.organization));
    if let Some(u) = &cfg.organization_url {
        author.insert("url".into(), json!(u));
    }
    let reasons: Vec<&str> = c.pairs.iter().map(|p| p.reason.as_str()).collect();
    let mut r = Map::new();
    r.insert("@type".into(), json!("ClaimReview"));
    r.insert("identifier".into(), json!(c.id));
    if let Some(base) = &cfg.published_at {
        r.insert(
            "url".into(),
            json!(format!("{base}#{}", anchor("cluster", &c.id))),
        );
    }
    r.insert(
        "claimReviewed".into(),
        json!(first.map(|c| shorten(&c.text)).unwrap_or_default()),
    );
    r.insert(
        "reviewRating".into(),
        json!({
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": name,
        }),
    );
    r.insert("itemReviewed".into(), Value::Object(item));
    r.insert("author".into(), Value::Object(author));
    if !reasons.is_empty() {
        r.insert("reviewBody".into(), json!(reasons.join("; ")));
    }
    Value::Object(r)
}

/// The JSON-LD document: `@context` schema.org and a `@graph` of reviews,
/// contradictions first (the clusters' order in the report).
pub fn claim_reviews(report: &Report, cfg: &ReportConfig) -> Value {
    let articles: HashMap<&str, &ArticleEntry> =
        report.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut clusters: Vec<&Fact> = report.facts.iter().collect();
    clusters.sort_by_key(|c| c.verdict);
    json!({
        "@context": "https://schema.org",
        "@graph": clusters
            .iter()
            .map(|c| review(report, c, &articles, cfg))
            .collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_shortened_at_a_word_under_75_characters() {
        assert_eq!(
            shorten("Microsoft invested $13 billion."),
            "Microsoft invested $13 billion."
        );
        let long = "Microsoft has invested a total of $13 billion in OpenAI since 2019, \
                    according to people familiar with the matter.";
        let s = shorten(long);
        assert!(s.chars().count() < MAX_CLAIM_CHARS, "{s}");
        assert!(
            s.ends_with('…') && s.starts_with("Microsoft has invested"),
            "{s}"
        );
        assert!(!s.contains("matte"), "cut at a word: {s}");
        // Multi-byte text is cut on a character boundary.
        let s = shorten(&"é".repeat(200));
        assert_eq!(s.chars().count(), MAX_CLAIM_CHARS - 1);
    }

    #[test]
    fn ratings_order_verdicts_from_worst_to_best() {
        let values: Vec<u8> = [
            Verdict::Contradicted,
            Verdict::Speculative,
            Verdict::SingleSource,
            Verdict::Corroborated,
        ]
        .map(|v| rating(v).0)
        .to_vec();
        assert!(values.windows(2).all(|w| w[0] < w[1]), "{values:?}");
        assert!(values.iter().all(|v| (1..=5).contains(v)));
    }
}
