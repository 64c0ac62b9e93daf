// PLACEHOLDER until the segmentation helper delivers.
use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}
pub fn segment(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '.' {
            if i > s {
                out.push(Segment {
                    start: s,
                    end: i + c.len_utf8(),
                    kind: BlockKind::Paragraph,
                });
            }
            s = i + 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Sentences of an article: segments mapped back to the original file.

/// One sentence of an article, located in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index of the article in the corpus.
    pub article: usize,
    /// Position of the sentence in the article (0-based); stable across runs.
    pub index: usize,
    pub kind: BlockKind,
    /// Normalized text of the sentence (what claims are matched on).
    pub text: String,
    /// Span in the normalized text.
    pub norm_start: usize,
    pub norm_end: usize,
    /// Byte span in the original file; 1-based line and column of its start.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

/// Segments an article's normalized text and locates every sentence in the original.
pub fn sentences(
    article: usize,
    norm: &crate::text::NormalizedText,
    lines: &crate::text::LineIndex,
) -> Vec<Sentence> {
    segment(&norm.text)
        .into_iter()
        .enumerate()
        .map(|(index, seg)| {
            let (start, end) = norm.original_span(seg.start, seg.end);
            let (line, column) = lines.line_col(start);
            Sentence {
                article,
                index,
                kind: seg.kind,
                text: norm.text[seg.start..seg.end].to_string(),
                norm_start: seg.start,
                norm_end: seg.end,
                start,
                end,
                line,
                column,
            }
        })
        .collect()
}
