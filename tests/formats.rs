//! Articles in HTML and Markdown go through the same stages; spans still quote the
//! original file (tags and entities included).

use crate::common::*;

#[test]
fn html_article_is_read_located_and_aligned() {
    let dir = corpus_of(&[
        "corpus/003_deb2854ad579132a.txt",
        "tests/fixtures/formats/wire.html",
        "tests/fixtures/twins/agree.md",
    ]);
    let r = run_report(dir.path());
    let c = claim(&r, "wire", "totaled $13 billion since 2019");
    assert!(has_quantity(c, "money", 13e9, "USD"), "{c}");
    assert!(
        !c["text"].as_str().unwrap().contains("not text"),
        "script content leaked"
    );
    let raw = std::fs::read_to_string(dir.path().join("wire.html")).unwrap();
    let (s, e) = (
        c["start"].as_u64().unwrap() as usize,
        c["end"].as_u64().unwrap() as usize,
    );
    assert!(
        raw[s..e].starts_with("Microsoft&rsquo;s early investment"),
        "{:?}",
        &raw[s..e]
    );
    assert!(raw[s..e].contains("<b>$13&nbsp;billion</b>"));
    assert_eq!(c["line"], 5);
    let q = &c["quantities"][0];
    let (qs, qe) = (
        q["file_start"].as_u64().unwrap() as usize,
        q["file_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&raw[qs..qe], "$13&nbsp;billion");
    let cl = fact_of(&r, c["id"].as_str().unwrap());
    assert_eq!(cl["verdict"], "corroborated", "{cl:#}");
    assert!(article_prefixes(cl).contains(&"003".to_string()));
    // The Markdown article's heading is not a claim; its wrapped paragraph is one.
    let md = claim(&r, "agree", "$13bn");
    assert!(
        md["text"].as_str().unwrap().contains("rewritten the terms"),
        "wrapped lines join: {md}"
    );
}
