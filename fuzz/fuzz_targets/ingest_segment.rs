//! Ingest (decode, normalize, line index) and segmentation of arbitrary bytes.
//! The first byte picks the format (text, Markdown, HTML). Invariants: every
//! sentence's file span lies inside the file, on character boundaries, in order.
#![no_main]

use std::path::PathBuf;

use crosscheck::ingest::{article_from_bytes, ArticleMeta};
use crosscheck::segment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "md", "html"][usize::from(kind % 3)];
    let Ok(a) = article_from_bytes(
        "fuzz".into(),
        PathBuf::from(format!("fuzz.{ext}")),
        bytes,
        ArticleMeta::default(),
    ) else {
        return;
    };
    let sentences = segment::sentences(0, &a.raw, &a.norm, &a.lines);
    let mut last = 0;
    for s in &sentences {
        assert!(s.start <= s.end && s.end <= a.raw.len(), "span out of the file");
        assert!(a.raw.is_char_boundary(s.start) && a.raw.is_char_boundary(s.end));
        assert!(s.start >= last, "sentences out of order");
        last = s.start;
    }
});
