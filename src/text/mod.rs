//! Text as read from disk vs text as matched on.
//!
//! [`NormalizedText`] folds typographic variants (curly quotes, dashes, exotic spaces),
//! drops invisible characters and citation debris (`citeturn1view0`), and for HTML
//! strips markup, keeping for every byte of the result the byte of the original file it
//! came from. Stages work on the normalized text; reports map spans back, so every
//! finding quotes and locates the original exactly.
//!
//! The words that stages share (stopwords, stemming, month and day names) are in
//! [`lexicon`].

use std::sync::LazyLock;

use regex::Regex;

pub mod lexicon;

/// An article's text as the stages match on it, with a map from each of its bytes back
/// to the original file.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    /// The text with typography folded, invisible characters, citation debris and
    /// markup dropped.
    pub text: String,
    /// `map[i]` is the original byte offset of normalized byte `i`; one extra entry
    /// (the original length) closes the last char.
    map: Vec<usize>,
    /// Original offset just past the original char each normalized byte came from.
    ends: Vec<usize>,
}

/// Citation markers left by chat tools, with the space before them.
static CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s?\bcite(?:turn\d+[a-z]+\d+)+\b").expect("citation regex"));

struct Builder {
    text: String,
    map: Vec<usize>,
    ends: Vec<usize>,
}

impl Builder {
    fn with_capacity(n: usize) -> Self {
        Builder {
            text: String::with_capacity(n),
            map: Vec::with_capacity(n + 1),
            ends: Vec::with_capacity(n + 1),
        }
    }

    /// Appends `s`, every byte of it attributed to original span `from..to`.
    fn push_str(&mut self, s: &str, from: usize, to: usize) {
        self.text.push_str(s);
        for _ in 0..s.len() {
            self.map.push(from);
            self.ends.push(to);
        }
    }

    fn push(&mut self, c: char, from: usize, to: usize) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf), from, to);
    }

    fn finish(mut self, original_len: usize) -> NormalizedText {
        self.map.push(original_len);
        self.ends.push(original_len);
        NormalizedText {
            text: self.text,
            map: self.map,
            ends: self.ends,
        }
    }
}

/// The normalized form of one char, or `None` to drop it.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t' => " ",
        // Unicode's own line and paragraph separators (word processors, CMS exports)
        // and NEL (C1 newline) break lines and paragraphs as '\n' and a blank line do.
        '\u{2028}' | '\u{0085}' => "\n",
        '\u{2029}' => "\n\n",
        '\u{2026}' => "...",
        '\r' => "\n",
        _ => return None,
    })
}

fn dropped(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{E000}'..='\u{F8FF}')
}

impl NormalizedText {
    /// Plain text (.txt, .md).
    pub fn from_plain(original: &str) -> Self {
        let pieces = original
            .char_indices()
            .map(|(i, c)| (i, c, i + c.len_utf8()));
        Self::normalize(pieces, original.len())
    }

    /// HTML: tags, comments, scripts and styles dropped; block tags become line breaks;
    /// list items get a "- " marker; character references decoded.
    pub fn from_html(original: &str) -> Self {
        let mut pieces: Vec<(usize, char, usize)> = Vec::with_capacity(original.len());
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < original.len() {
            let rest = &original[i..];
            if rest.starts_with("<!--") {
                i += rest.find("-->").map_or(rest.len(), |e| e + 3);
                continue;
            }
            if bytes[i] == b'<' {
                let Some(close) = rest.find('>') else {
                    // A lone '<' is text.
                    pieces.push((i, '<', i + 1));
                    i += 1;
                    continue;
                };
                let tag = rest[1..close].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let mut end = i + close + 1;
                if (name == "script" || name == "style") && !rest[1..].starts_with('/') {
                    let closing = format!("</{name}");
                    end = original[end..]
                        .to_ascii_lowercase()
                        .find(&closing)
                        .map(|p| {
                            let after = end + p;
                            original[after..]
                                .find('>')
                                .map_or(original.len(), |q| after + q + 1)
                        })
                        .unwrap_or(original.len());
                }
                const BLOCK: &[&str] = &[
                    "p",
                    "div",
                    "br",
                    "li",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "tr",
                    "section",
                    "article",
                    "header",
                    "footer",
                    "blockquote",
                    "ul",
                    "ol",
                    "title",
                ];
                if BLOCK.contains(&name.as_str()) {
                    pieces.push((i, '\n', end));
                    if name == "li" && !rest[1..].starts_with('/') {
                        pieces.push((i, '-', end));
                        pieces.push((i, ' ', end));
                    }
                }
                i = end;
                continue;
            }
            if bytes[i] == b'&' {
                if let Some((c, len)) = decode_entity(rest) {
                    pieces.push((i, c, i + len));
                    i += len;
                    continue;
                }
            }
            let c = rest.chars().next().unwrap_or('\u{FFFD}');
            pieces.push((i, c, i + c.len_utf8()));
            i += c.len_utf8();
        }
        Self::normalize(pieces.into_iter(), original.len())
    }

    fn normalize(pieces: impl Iterator<Item = (usize, char, usize)>, original_len: usize) -> Self {
        let mut b = Builder::with_capacity(original_len);
        let mut pieces = pieces.peekable();
        while let Some((from, c, to)) = pieces.next() {
            if c == '\r' && pieces.peek().is_some_and(|(_, n, _)| *n == '\n') {
                continue; // "\r\n" -> "\n": the '\n' that follows is kept.
            }
            if dropped(c) {
                continue;
            }
            // An em dash sets off a clause: " - " keeps that boundary visible after
            // folding (a bare '-' would read as a word hyphen, as in "GPT-5").
            if matches!(c, '\u{2014}' | '\u{2015}') {
                if !b.text.ends_with(char::is_whitespace) && !b.text.is_empty() {
                    b.push(' ', from, to);
                }
                b.push('-', from, to);
                if pieces.peek().is_some_and(|(_, n, _)| !n.is_whitespace()) {
                    b.push(' ', from, to);
                }
                continue;
            }
            match fold(c) {
                Some(s) => b.push_str(s, from, to),
                None => b.push(c, from, to),
            }
        }
        let folded = b.finish(original_len);
        folded.without_citations()
    }

    /// Removes citation debris, keeping the map consistent.
    fn without_citations(self) -> Self {
        if !CITATION.is_match(&self.text) {
            return self;
        }
        let mut b = Builder::with_capacity(self.text.len());
        let mut at = 0;
        for m in CITATION.find_iter(&self.text) {
            for (i, c) in self.text[at..m.start()].char_indices() {
                let k = at + i;
                b.push(c, self.map[k], self.ends[k]);
            }
            at = m.end();
        }
        for (i, c) in self.text[at..].char_indices() {
            let k = at + i;
            b.push(c, self.map[k], self.ends[k]);
        }
        let original_len = self.map.last().copied().unwrap_or(0);
        b.finish(original_len)
    }

    /// Original byte offset for a normalized byte offset (clamped to the end).
    pub fn to_original(&self, norm: usize) -> usize {
        self.map.get(norm).or(self.map.last()).copied().unwrap_or(0)
    }

    /// Original span covering normalized `start..end`: from the first original char to
    /// the end of the last one, so `original[s..e]` is exactly the source text.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let end = end.min(self.text.len());
        let start = start.min(end);
        let s = self.to_original(start);
        let e = if end == start {
            s
        } else {
            self.ends.get(end - 1).copied().unwrap_or(s)
        };
        (s, e.max(s))
    }
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    // Within the first 12 chars; char-indexed so a multi-byte char is never split.
    let semi = s.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{00A0}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "hellip" => '\u{2026}',
            "euro" => '€',
            "pound" => '£',
            "yen" => '¥',
            "copy" => '©',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// 1-based line and column of byte offsets in the original text. Columns count chars
/// (Unicode scalar values), as editors and SARIF viewers expect.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `original`.
    pub fn new(original: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(original.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Line and column of `byte` in `original` (the text this index was built from);
    /// offsets past the end clamp to the end.
    pub fn line_col(&self, original: &str, byte: usize) -> (usize, usize) {
        let byte = byte.min(original.len());
        let line = self.starts.partition_point(|&s| s <= byte).max(1);
        let start = self.starts[line - 1];
        let col = original
            .get(start..byte)
            .map_or(byte - start, |s| s.chars().count());
        (line, col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_typography_and_maps_back() {
        let o = "Microsoft\u{2019}s \u{201C}deal\u{201D}\u{00A0}\u{2014} done\u{2026}";
        let n = NormalizedText::from_plain(o);
        assert_eq!(n.text, "Microsoft's \"deal\" - done...");
        let at = n.text.find("deal").unwrap();
        let (s, e) = n.original_span(at - 1, at + 5);
        assert_eq!(&o[s..e], "\u{201C}deal\u{201D}");
        let (s, e) = n.original_span(n.text.len() - 3, n.text.len());
        assert_eq!(&o[s..e], "\u{2026}");
    }

    #[test]
    fn em_dash_sets_off_a_clause() {
        let o =
            "models\u{2014}such as 'Strawberry'\u{2014}requires; a \u{2014} b; 2020\u{2013}2030";
        let n = NormalizedText::from_plain(o);
        assert_eq!(
            n.text,
            "models - such as 'Strawberry' - requires; a - b; 2020-2030"
        );
        let at = n.text.find("requires").unwrap();
        let (s, e) = n.original_span(at - 3, at + 8);
        assert_eq!(&o[s..e], "\u{2014}requires");
    }

    #[test]
    fn drops_citation_debris_with_its_space() {
        let o = "subject to a total cap. citeturn1view0\nNext line citeturn1view1turn2search3 here. We cite the report.";
        let n = NormalizedText::from_plain(o);
        assert_eq!(
            n.text,
            "subject to a total cap.\nNext line here. We cite the report."
        );
        let at = n.text.find("here").unwrap();
        let (s, e) = n.original_span(at, at + 4);
        assert_eq!(&o[s..e], "here");
    }

    #[test]
    fn strips_html_keeping_offsets() {
        let o = "<html><head><style>p{x:1}</style><script>var a='<p>';</script></head><body><h1>Title</h1><p>AT&amp;T paid &#36;5 &ndash; said&nbsp;Bob.</p><ul><li>One</li></ul><!-- c --></body>";
        let n = NormalizedText::from_html(o);
        let t: Vec<&str> = n
            .text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(t, vec!["Title", "AT&T paid $5 - said Bob.", "- One"]);
        let at = n.text.find("AT&T").unwrap();
        let (s, e) = n.original_span(at, at + 4);
        assert_eq!(&o[s..e], "AT&amp;T");
    }

    #[test]
    fn crlf_bom_and_invisible_chars() {
        let o = "\u{FEFF}a\r\nb\u{200B}c\rd";
        let n = NormalizedText::from_plain(o);
        assert_eq!(n.text, "a\nbc\nd");
    }

    #[test]
    fn unicode_line_and_paragraph_separators_break_lines() {
        let o = "One.\u{2029}Two\u{2028}three\u{85}four\u{1680}five.";
        let n = NormalizedText::from_plain(o);
        assert_eq!(n.text, "One.\n\nTwo\nthree\nfour five.");
        let at = n.text.find("Two").unwrap();
        let (s, e) = n.original_span(at, at + 3);
        assert_eq!(&o[s..e], "Two");
        // Both newlines of the paragraph break map back to the one separator.
        let (s, e) = n.original_span(4, 6);
        assert_eq!(&o[s..e], "\u{2029}");
    }

    #[test]
    fn line_index() {
        let o = "a\nbc\n\u{e9}x";
        let l = LineIndex::new(o);
        assert_eq!(l.line_col(o, 0), (1, 1));
        assert_eq!(l.line_col(o, 3), (2, 2));
        assert_eq!(l.line_col(o, 5), (3, 1));
        assert_eq!(l.line_col(o, 7), (3, 2));
        assert_eq!(l.line_col(o, 999), (3, 3));
    }

    proptest! {
        #[test]
        fn spans_round_trip_on_any_text(s in "(\\PC|[\u{2019}\u{201C}\u{2014}\u{00A0}\u{2026}\u{FEFF}\u{2028}\u{2029}\u{85}\r\n]|citeturn1view0| ){0,60}", a in 0usize..200, b in 0usize..200) {
            let n = NormalizedText::from_plain(&s);
            let (lo, hi) = (a.min(b).min(n.text.len()), a.max(b).min(n.text.len()));
            let (os, oe) = n.original_span(lo, hi);
            prop_assert!(os <= oe && oe <= s.len());
            prop_assert!(s.is_char_boundary(os) && s.is_char_boundary(oe));
            let mut last = 0;
            for i in 0..=n.text.len() {
                let o = n.to_original(i);
                prop_assert!(o >= last);
                last = o;
            }
        }

        #[test]
        fn html_never_panics(s in "(<[a-z/!-]{0,8}>?|&[#a-z0-9]{0,6};?|\\PC){0,40}") {
            let n = NormalizedText::from_html(&s);
            let (os, oe) = n.original_span(0, n.text.len());
            prop_assert!(os <= oe && oe <= s.len());
        }
    }
}
