//! Claim extraction (rule-based entities, quantities, cues, attribution, slots,
//! frames) over the sentences of an arbitrary text article. Invariants: every span a
//! claim reports lies inside the file on character boundaries.
#![no_main]

use std::path::PathBuf;

use crosscheck::claims::ClaimsConfig;
use crosscheck::entities::RuleRecognizer;
use crosscheck::ingest::{article_from_bytes, ArticleMeta};
use crosscheck::{pipeline, segment};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(a) = article_from_bytes(
        "fuzz".into(),
        PathBuf::from("fuzz.txt"),
        data,
        ArticleMeta::default(),
    ) else {
        return;
    };
    let ner = RuleRecognizer::new();
    let sentences = segment::sentences(0, &a.raw, &a.norm, &a.lines);
    let cfg = ClaimsConfig { min_words: 3 };
    let claims = pipeline::extract_claims(&a, &sentences, &ner, &cfg).expect("rule NER cannot fail");
    let ok = |s: usize, e: usize| s <= e && e <= a.raw.len() && a.raw.is_char_boundary(s) && a.raw.is_char_boundary(e);
    for c in &claims {
        assert!(ok(c.start, c.end), "claim span");
        for q in &c.quantities {
            assert!(ok(q.file_start, q.file_end), "quantity span");
        }
        for e in &c.entities {
            assert!(ok(e.start, e.end), "entity span");
        }
        for cue in &c.cues {
            assert!(ok(cue.start, cue.end), "cue span");
        }
    }
});
