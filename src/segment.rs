//! Stage: sentence segmentation of normalized text.
//!
//! Two passes. Blocks first: blank lines always separate blocks; list items ("- ",
//! "* ", "• ", "1. ") and Markdown headings ("# ") always start one. A document is in
//! *per-line* layout when most of its text sits on long lines (news dumps: one
//! paragraph per line, so every newline ends a block and a short line without final
//! punctuation is a heading), else in *wrapped* layout (Markdown wrapped at ~80
//! columns: a single newline is a space). Then sentences inside blocks: a break after
//! `.`, `!` or `?` (plus closing quotes/brackets) followed by space and an uppercase
//! letter, digit or opening quote, except after abbreviations ("U.S.", "Inc.", "Dr."),
//! initials ("J.") and inside numbers ("$1.5") or domains ("www.westlaw.com").

use serde::{Deserialize, Serialize};

/// What sort of block a segment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// A heading: a Markdown "# " line, or a short line without final punctuation in
    /// per-line layout; never a claim.
    Heading,
    /// An item of a list ("- ", "* ", "• ", "1. ").
    ListItem,
}

/// One sentence (or heading or list item) as a byte span into the segmented text,
/// trimmed of surrounding whitespace and of its list or heading marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset of the segment's start in the segmented text.
    pub start: usize,
    /// Byte offset just past the segment's end in the segmented text.
    pub end: usize,
    /// The block it comes from.
    pub kind: BlockKind,
    /// A piece of a longer run of text without sentence punctuation, cut at
    /// [`MAX_SENTENCE_BYTES`].
    pub cut: bool,
}

/// The longest sentence, in bytes, that later stages see whole. Text that runs on
/// longer without a sentence end (a scrape that lost its full stops, a table flattened
/// into one line) is cut at the last whitespace before the limit, or at a character
/// boundary where there is none: claim extraction, and the cue scopes and slots it
/// quotes, stay bounded per sentence (a 5 MB line without punctuation had taken
/// minutes and would have quoted the whole line once per cue). No text is lost; the
/// report warns about the cut (`pipeline::analyze`).
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Lines at least this long count as "long" for layout detection.
const LONG_LINE: usize = 160;
/// A heading has at most this many words.
const MAX_HEADING_WORDS: usize = 14;

/// Abbreviations after which a period does not end a sentence (lowercase, no period).
const ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st",
    "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "no", "approx", "est", "fig", "gov", "sen", "rep", "gen", "col", "lt",
    "u.s", "u.k", "e.u", "u.n", "a.m", "p.m", "mt", "ft", "dept", "univ", "assn", "bros",
];

/// After an ambiguous abbreviation like "U.S.", these words do start a new sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "But",
    "And",
    "However",
    "In",
    "For",
    "A",
    "An",
    "Its",
    "Their",
    "Meanwhile",
    "Still",
    "Yet",
];

/// Splits normalized text into sentences, headings and list items, in text order, none
/// longer than [`MAX_SENTENCE_BYTES`].
pub fn segment(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for block in blocks(text) {
        if block.kind == BlockKind::Heading {
            out.push(block);
            continue;
        }
        split_sentences(text, block, &mut out);
    }
    if out.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES) {
        return out;
    }
    let mut bounded = Vec::with_capacity(out.len());
    for seg in out {
        cut_long(text, seg, &mut bounded);
    }
    bounded
}

/// Pushes `seg`, cut into pieces of at most [`MAX_SENTENCE_BYTES`] when longer: each
/// piece ends at the last whitespace before the limit (or at a character boundary
/// when a piece has none) and the whitespace between pieces belongs to neither.
fn cut_long(text: &str, seg: Segment, out: &mut Vec<Segment>) {
    if seg.end - seg.start <= MAX_SENTENCE_BYTES {
        out.push(seg);
        return;
    }
    let mut start = seg.start;
    while start < seg.end {
        let mut end = seg.end;
        let mut next = seg.end;
        if seg.end - start > MAX_SENTENCE_BYTES {
            let mut limit = start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let piece = &text[start..limit];
            // The end of the last word followed by whitespace within the limit.
            let word_end = piece
                .char_indices()
                .rev()
                .find(|&(i, c)| c.is_whitespace() && !piece[..i].trim_end().is_empty())
                .map(|(i, _)| piece[..i].trim_end().len());
            (end, next) = match word_end {
                Some(w) => (start + w, start + w),
                None => (limit, limit),
            };
            // Past the whitespace between this piece and the next.
            let rest = &text[next..seg.end];
            next += rest.len() - rest.trim_start().len();
        }
        if end > start {
            out.push(Segment {
                start,
                end,
                kind: seg.kind,
                cut: true,
            });
        }
        start = next;
    }
}

/// (start, end) of each line without its '\n'.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        out.push((start, i));
        start = i + 1;
    }
    out.push((start, text.len()));
    out
}

/// Byte length of a list marker at the start of `line` (after indentation), if any.
fn list_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    for m in [
        "- ",
        "* ",
        "+ ",
        "\u{2022} ",
        "\u{2023} ",
        "\u{25E6} ",
        "\u{2043} ",
    ] {
        if let Some(tail) = rest.strip_prefix(m) {
            let after = tail.len() - tail.trim_start().len();
            return Some(indent + m.len() + after);
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let r = &rest[digits..];
        if r.starts_with(". ") || r.starts_with(") ") {
            let after = r[2..].len() - r[2..].trim_start().len();
            return Some(indent + digits + 2 + after);
        }
    }
    None
}

fn heading_marker(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (hashes > 0 && hashes <= 6 && t[hashes..].starts_with(' '))
        .then(|| line.len() - t.len() + hashes + 1)
}

fn ends_with_terminal(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '\'', ')', ']'])
        .ends_with(['.', '!', '?', ':', ';'])
}

fn looks_like_heading(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && !ends_with_terminal(t)
        && t.split_whitespace().count() <= MAX_HEADING_WORDS
        && !t.ends_with(',')
}

fn blocks(text: &str) -> Vec<Segment> {
    let lines = lines(text);
    let non_empty: Vec<&(usize, usize)> = lines
        .iter()
        .filter(|(s, e)| !text[*s..*e].trim().is_empty())
        .collect();
    let total: usize = non_empty.iter().map(|(s, e)| e - s).sum();
    let long: usize = non_empty
        .iter()
        .filter(|(s, e)| e - s >= LONG_LINE)
        .map(|(s, e)| e - s)
        .sum();
    // Per-line layout when long lines carry most of the text, or when no line is
    // long enough to be a wrapped paragraph's width but lines end in punctuation.
    let per_line = total > 0 && (long * 2 >= total || non_empty.len() <= 2);

    let mut out = Vec::new();
    let mut cur: Option<(usize, usize, BlockKind)> = None;
    let flush = |cur: &mut Option<(usize, usize, BlockKind)>, out: &mut Vec<Segment>| {
        if let Some((s, e, kind)) = cur.take() {
            let (s, e) = trim(text, s, e);
            if s < e {
                // A heading: in per-line layout any such line; in wrapped text a
                // block of one line (a wrapped paragraph's last line is part of
                // its block).
                let kind = if kind == BlockKind::Paragraph
                    && (per_line || !text[s..e].contains('\n'))
                    && looks_like_heading(&text[s..e])
                {
                    BlockKind::Heading
                } else {
                    kind
                };
                out.push(Segment {
                    start: s,
                    end: e,
                    kind,
                    cut: false,
                });
            }
        }
    };
    for &(ls, le) in &lines {
        let line = &text[ls..le];
        if line.trim().is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        if let Some(m) = heading_marker(line) {
            flush(&mut cur, &mut out);
            cur = Some((ls + m, le, BlockKind::Heading));
            flush(&mut cur, &mut out);
            continue;
        }
        if let Some(m) = list_marker(line) {
            flush(&mut cur, &mut out);
            cur = Some((ls + m, le, BlockKind::ListItem));
            if per_line {
                flush(&mut cur, &mut out);
            }
            continue;
        }
        match &mut cur {
            Some((_, e, _)) if !per_line => *e = le,
            _ => {
                flush(&mut cur, &mut out);
                cur = Some((ls, le, BlockKind::Paragraph));
            }
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn trim(text: &str, s: usize, e: usize) -> (usize, usize) {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return (s, s);
    }
    (s + lead, e - trail)
}

fn split_sentences(text: &str, block: Segment, out: &mut Vec<Segment>) {
    let b = &text[block.start..block.end];
    let bytes = b.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'.' | b'!' | b'?') {
            // Extend over repeated terminators and closing quotes/brackets.
            let mut end = i + 1;
            while end < bytes.len()
                && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']')
            {
                end += 1;
            }
            let gap = b[end..].len() - b[end..].trim_start().len();
            let next = end + gap;
            if gap > 0 && next < bytes.len() && is_boundary(b, start, i, end, next) {
                push(out, &block, start, end);
                start = next;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(out, &block, start, bytes.len());
}

fn push(out: &mut Vec<Segment>, block: &Segment, s: usize, e: usize) {
    let (s, e) = trim_rel(block, s, e);
    if s < e {
        out.push(Segment {
            start: s,
            end: e,
            kind: block.kind,
            cut: false,
        });
    }
}

fn trim_rel(block: &Segment, s: usize, e: usize) -> (usize, usize) {
    (block.start + s, block.start + e)
}

/// Whether a terminator at `dot` (run ending at `end`) followed by whitespace and the
/// char at `next` ends a sentence.
fn is_boundary(b: &str, start: usize, dot: usize, end: usize, next: usize) -> bool {
    let next_char = b[next..].chars().next().unwrap_or(' ');
    if !(next_char.is_uppercase()
        || next_char.is_ascii_digit()
        || matches!(next_char, '"' | '\'' | '(' | '['))
    {
        return false;
    }
    if b.as_bytes()[dot] != b'.' || end - dot > 1 && b[dot..end].starts_with("...") {
        return true;
    }
    // The word before the period.
    let before = &b[start..dot];
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        // Past the separator, whatever its width (U+2000 is three bytes).
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    // Single initial ("J.").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    let lower = word.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ABBREVIATIONS.contains(&lower) {
        // "U.S." / "Inc." at a real sentence end: split only before a common opener.
        let next_word: String = b[next..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let dotted_acronym = lower.contains('.');
        return dotted_acronym && SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(t: &str) -> Vec<(&str, BlockKind)> {
        segment(t)
            .iter()
            .map(|s| (&t[s.start..s.end], s.kind))
            .collect()
    }

    #[test]
    fn a_wide_space_before_an_abbreviation_is_not_split_inside() {
        // U+2000 (EN QUAD) is whitespace three bytes wide; the word after it used to be
        // sliced one byte in, panicking (found by never_loses_or_duplicates_text).
        let t = "U.S. \u{2000}U.S. Aa \n.\n.";
        let joined: String = texts(t).into_iter().map(|x| x.0).collect();
        assert_eq!(
            joined.replace(char::is_whitespace, ""),
            t.replace(char::is_whitespace, "")
        );
    }

    #[test]
    fn abbreviations_decimals_and_quotes() {
        let t = "The U.S. and the EU are watching. Microsoft Corp. said on Monday it paid $1.5 billion. Prices rose 3.5%.";
        let s: Vec<&str> = texts(t).into_iter().map(|x| x.0).collect();
        assert_eq!(
            s,
            vec![
                "The U.S. and the EU are watching.",
                "Microsoft Corp. said on Monday it paid $1.5 billion.",
                "Prices rose 3.5%."
            ]
        );
        let t = "He said \"this is final.\" Then he left.";
        let s: Vec<&str> = texts(t).into_iter().map(|x| x.0).collect();
        assert_eq!(s, vec!["He said \"this is final.\"", "Then he left."]);
    }

    #[test]
    fn initials_and_domains_do_not_split() {
        let t =
            "Written by Christopher J. Mitchell for the desk. (Source:www.westlaw.com) was cited.";
        let s: Vec<&str> = texts(t).into_iter().map(|x| x.0).collect();
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].contains("J. Mitchell"));
    }

    #[test]
    fn list_items_and_headings() {
        let t = "Key changes include:\n- OpenAI can now distribute its models\n- Microsoft maintains its role";
        assert_eq!(
            texts(t),
            vec![
                ("Key changes include:", BlockKind::Paragraph),
                ("OpenAI can now distribute its models", BlockKind::ListItem),
                ("Microsoft maintains its role", BlockKind::ListItem),
            ]
        );
        let long = "Microsoft and OpenAI have rewritten one of the most important business arrangements in the artificial intelligence industry, ending key parts of the exclusivity that once made Microsoft central.";
        let t = format!("{long}\nBreaking the Golden Cage\n{long}\n  \u{2022} Infrastructure Diversification: OpenAI aims for a multi-cloud strategy to ensure maximum uptime.");
        let got = texts(&t);
        assert_eq!(got[1], ("Breaking the Golden Cage", BlockKind::Heading));
        assert_eq!(got[3].1, BlockKind::ListItem);
        assert!(got[3].0.starts_with("Infrastructure Diversification"));
    }

    #[test]
    fn wrapped_markdown_paragraph_is_one_sentence() {
        let t = "# Title here\n\nMicrosoft has invested approximately $13bn in OpenAI since 2019, and the\ncompanies have now rewritten the terms of that partnership with\nnew clauses.\n";
        let got = texts(t);
        assert_eq!(got[0], ("Title here", BlockKind::Heading));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].0.ends_with("new clauses."));
    }

    #[test]
    fn seed_corpus_invariants() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "txt") {
                let raw = std::fs::read_to_string(&p).unwrap();
                check_invariants(&crate::text::NormalizedText::from_plain(&raw).text);
            }
        }
    }

    fn check_invariants(t: &str) {
        let segs = segment(t);
        let mut last = 0;
        let mut covered = vec![false; t.len()];
        for s in &segs {
            assert!(
                s.start >= last && s.start < s.end && s.end <= t.len(),
                "{s:?}"
            );
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
            last = s.end;
        }
        // Every non-space byte outside segments is a list or heading marker.
        for (i, c) in t.char_indices() {
            if !covered[i] && !c.is_whitespace() {
                assert!(
                    matches!(c, '-' | '*' | '+' | '#' | '\u{2022}' | '.' | ')')
                        || c.is_ascii_digit(),
                    "lost {c:?} at {i} in {t:?}"
                );
            }
        }
    }

    /// Regression (docs/FUZZING.md): a run of text without a sentence end is cut into
    /// pieces of at most MAX_SENTENCE_BYTES at spaces, losing nothing; text without
    /// spaces is cut at character boundaries.
    #[test]
    fn run_on_text_is_cut_at_spaces_into_bounded_pieces() {
        let t = "Microsoft may invest 13 billion dollars in OpenAI and ".repeat(400);
        let segs = segment(&t);
        assert!(segs.len() > 5, "{} pieces", segs.len());
        for s in &segs {
            assert!(s.cut && s.end - s.start <= MAX_SENTENCE_BYTES, "{s:?}");
            // Whole words: a space (or the text's edge) on either side.
            assert!(
                t[..s.start].is_empty() || t[..s.start].ends_with(' '),
                "{s:?}"
            );
            assert!(
                t[s.end..].is_empty() || t[s.end..].starts_with(' '),
                "{s:?}"
            );
            assert!(s.end - s.start > MAX_SENTENCE_BYTES - 20 || s.end == t.trim_end().len());
        }
        check_invariants(&t);
        let joined: Vec<&str> = segs.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(joined.join(" "), t.trim_end());

        // No spaces at all, three-byte characters: cut on character boundaries.
        let t = "\u{4e2d}".repeat(5000);
        let segs = segment(&t);
        assert_eq!(segs.len(), 4);
        assert!(segs.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
        check_invariants(&t);

        // Sentences within the limit are left alone.
        let t = "Microsoft invested $13 billion. OpenAI agreed.";
        assert!(segment(t).iter().all(|s| !s.cut));
    }

    proptest! {
        #[test]
        fn never_loses_or_duplicates_text(s in "(\\PC|\n| |\\.|U\\.S\\. |Inc\\. |\"|- |# |1\\. |\\$1\\.5 |[A-Z][a-z]+ ){0,80}") {
            check_invariants(&s);
        }
    }
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
    /// The block it comes from (a heading is never a claim).
    pub kind: BlockKind,
    /// Normalized text of the sentence (what claims are matched on).
    pub text: String,
    /// Span in the normalized text.
    pub norm_start: usize,
    /// Byte offset just past the sentence in the normalized text.
    pub norm_end: usize,
    /// Byte span in the original file; 1-based line and column of its start.
    pub start: usize,
    /// Byte offset just past the sentence in the original file.
    pub end: usize,
    /// 1-based line of the sentence's start.
    pub line: usize,
    /// 1-based column of the sentence's start, in Unicode code points.
    pub column: usize,
    /// A piece of a longer run of text without a sentence end ([`Segment::cut`]).
    pub cut: bool,
}

/// Segments an article's normalized text and locates every sentence in the original.
pub fn sentences(
    article: usize,
    original: &str,
    norm: &crate::text::NormalizedText,
    lines: &crate::text::LineIndex,
) -> Vec<Sentence> {
    segment(&norm.text)
        .into_iter()
        .enumerate()
        .map(|(index, seg)| {
            let (start, end) = norm.original_span(seg.start, seg.end);
            let (line, column) = lines.line_col(original, start);
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
                cut: seg.cut,
            }
        })
        .collect()
}
