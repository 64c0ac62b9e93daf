//! The deterministic entity recognizer.
//!
//! 1. A gazetteer of well-known organizations, people, places and products, matched
//!    longest-first ("Microsoft 365 Copilot" before "Microsoft").
//! 2. Runs of capitalized tokens (joined by "of", "and", "&", "for", "de"), minus
//!    sentence-initial function words, months and generic acronyms ("AI", "CEO");
//!    their kind comes from cues: corporate suffixes, honorifics, known first names.
//! 3. Quoted code names after "project"/"codenamed" ("project 'Strawberry'").
//!
//! Keys are lowercase with possessives folded, so "Microsoft's" and "Microsoft" align;
//! "Microsoft-OpenAI" yields both names. Aliases declared as "Long Name (ABBR)" are
//! collected per text and resolved corpus-wide by [`AliasTable`].

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{
    CONNECTORS, FIRST_NAMES, GAZETTEER, HONORIFICS, NON_ENTITY_ACRONYMS, NOT_NAMES, ORG_SUFFIXES,
};
use super::{Alias, AliasTable, Entity, EntityKind};
use crate::text::lexicon::MONTHS_DAYS;

use EntityKind::{Organization as Org, Other, Person, Product};

/// Token: a word with offsets. Words keep internal ' . - & so "U.S.", "AT&T", "GPT-5" stay whole.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\p{L}\p{N}$](?:[\p{L}\p{N}]|[.'&-][\p{L}\p{N}])*\.?").expect("word regex")
    });
    WORD.find_iter(text)
        .map(|m| {
            let mut end = m.end();
            // A trailing period belongs to the word only for dotted acronyms ("U.S.").
            if m.as_str().ends_with('.') && !m.as_str()[..m.as_str().len() - 1].contains('.') {
                end -= 1;
            }
            Token {
                start: m.start(),
                end,
            }
        })
        .collect()
}

/// Lowercase key: possessive folded, whitespace collapsed, leading "the " dropped.
pub fn key_of(surface: &str) -> String {
    let s = surface.trim();
    let s = s
        .strip_suffix("'s")
        .or_else(|| s.strip_suffix("s'"))
        .unwrap_or(s);
    let lower = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    lower
        .strip_prefix("the ")
        .map(str::to_string)
        .unwrap_or(lower)
}

/// The deterministic entity recognizer: a gazetteer, runs of capitalized words and
/// quoted code names, with the built-in aliases.
#[derive(Debug)]
pub struct RuleRecognizer {
    /// Lowercase gazetteer phrase -> (kind, number of tokens).
    gazetteer: HashMap<String, EntityKind>,
    max_len: usize,
    builtins: AliasTable,
    /// Why the rules stand in for a transformer, when a model was named but is absent.
    note: Option<String>,
}

impl Default for RuleRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleRecognizer {
    /// The rules, standing in for a named transformer model that is absent.
    pub fn with_note(note: String) -> Self {
        RuleRecognizer {
            note: Some(note),
            ..Self::new()
        }
    }

    /// Why the rules stand in for a transformer, if one was named.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The rules with the built-in gazetteer and aliases, and no note.
    pub fn new() -> Self {
        let gazetteer: HashMap<String, EntityKind> = GAZETTEER
            .iter()
            .map(|(n, k)| (n.to_lowercase(), *k))
            .collect();
        let max_len = GAZETTEER
            .iter()
            .map(|(n, _)| tokens(n).len())
            .max()
            .unwrap_or(1);
        RuleRecognizer {
            gazetteer,
            max_len,
            builtins: AliasTable::with_builtins(),
            note: None,
        }
    }

    /// Entities in one sentence.
    pub fn recognize(&self, text: &str) -> Vec<Entity> {
        let toks = tokens(text);
        let word = |t: &Token| &text[t.start..t.end];
        let bare = |t: &Token| {
            let w = word(t);
            w.strip_suffix("'s").unwrap_or(w)
        };
        let mut out: Vec<Entity> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // 1. Gazetteer, longest first; phrases may not run through a possessive.
            let mut matched = None;
            for n in (1..=self.max_len.min(toks.len() - i)).rev() {
                let span = &toks[i..i + n];
                if span[..n - 1].iter().any(|t| word(t).ends_with("'s")) {
                    continue;
                }
                let phrase = span
                    .iter()
                    .map(bare)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if let Some(&kind) = self.gazetteer.get(&phrase) {
                    matched = Some((n, kind));
                    break;
                }
            }
            if let Some((n, kind)) = matched {
                let (s, e) = (
                    toks[i].start,
                    toks[i + n - 1].start + bare(&toks[i + n - 1]).len(),
                );
                self.push(&mut out, text, s, e, kind);
                i += n;
                continue;
            }
            // Hyphen compounds of known names: "Microsoft-OpenAI".
            let w = bare(&toks[i]);
            if w.contains('-') {
                let mut off = toks[i].start;
                let parts: Vec<&str> = w.split('-').collect();
                let known: Vec<Option<EntityKind>> = parts
                    .iter()
                    .map(|p| self.gazetteer.get(&p.to_lowercase()).copied())
                    .collect();
                if parts.len() > 1 && known.iter().filter(|k| k.is_some()).count() >= 2 {
                    for (p, k) in parts.iter().zip(known) {
                        if let Some(kind) = k {
                            self.push(&mut out, text, off, off + p.len(), kind);
                        }
                        off += p.len() + 1;
                    }
                    i += 1;
                    continue;
                }
            }
            // 2. Capitalized runs.
            let at_start = i == 0 || sentence_start(text, toks[i].start);
            let next_is_name = toks.get(i + 1).is_some_and(|t| {
                text[toks[i].end..t.start].chars().all(|c| c == ' ') && is_name_word(bare(t), false)
            });
            let starts_run = is_name_word(w, at_start)
                || at_start && is_name_word(w, false) && (next_is_name || FIRST_NAMES.contains(&w));
            if starts_run {
                let mut j = i + 1;
                let mut last = i;
                while j < toks.len() {
                    let wj = bare(&toks[j]);
                    let gap = &text[toks[j - 1].end..toks[j].start];
                    let initial = word(&toks[j - 1]).chars().count() == 1 && gap == ". ";
                    if !(gap.chars().all(|c| c == ' ') || initial)
                        || word(&toks[j - 1]).ends_with("'s")
                    {
                        break;
                    }
                    if is_name_word(wj, false)
                        && self
                            .gazetteer
                            .get(&wj.to_lowercase())
                            .is_none_or(|_| last == j - 1)
                    {
                        last = j;
                        j += 1;
                    } else if CONNECTORS.contains(&wj)
                        && j + 1 < toks.len()
                        && is_name_word(bare(&toks[j + 1]), false)
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let (s, e) = (toks[i].start, toks[last].start + bare(&toks[last]).len());
                let surface = &text[s..e];
                let kind = self.kind_of(text, s, surface);
                self.push(&mut out, text, s, e, kind);
                i = last + 1;
                continue;
            }
            i += 1;
        }
        // 3. Quoted code names.
        static CODENAME: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r#"(?i)\b(?:project|codenamed|code-named|dubbed)\s+['"]([A-Z][\w -]{1,30}?)['"]"#,
            )
            .expect("codename regex")
        });
        for c in CODENAME.captures_iter(text) {
            if let Some(m) = c.get(1) {
                if !out.iter().any(|e| e.start < m.end() && m.start() < e.end) {
                    self.push(&mut out, text, m.start(), m.end(), Product);
                }
            }
        }
        out.sort_by_key(|e| e.start);
        out
    }

    fn push(&self, out: &mut Vec<Entity>, text: &str, start: usize, end: usize, kind: EntityKind) {
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return;
        }
        let surface = &text[start..end];
        out.push(Entity {
            text: surface.to_string(),
            key: self.builtins.resolve(&key_of(surface)),
            kind,
            start,
            end,
        });
    }

    fn kind_of(&self, text: &str, start: usize, surface: &str) -> EntityKind {
        let words: Vec<&str> = surface.split_whitespace().collect();
        if words.last().is_some_and(|w| ORG_SUFFIXES.contains(w)) {
            return Org;
        }
        let before = text[..start].trim_end();
        if HONORIFICS.iter().any(|h| before.ends_with(h)) && words.len() <= 3 {
            return Person;
        }
        if words.len() >= 2
            && words.len() <= 4
            && words.first().is_some_and(|w| FIRST_NAMES.contains(w))
        {
            return Person;
        }
        if words.len() >= 2
            && words.len() <= 3
            && words
                .iter()
                .skip(1)
                .any(|w| w.len() == 2 && w.ends_with('.'))
        {
            return Person; // "Christopher J. Mitchell"
        }
        Other
    }

    /// Aliases declared in a text: "Long Name (ABBR)" and "ABBR (Long Name)".
    pub fn aliases(&self, text: &str) -> Vec<Alias> {
        static LONG_ABBR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"((?:[A-Z][\w&'.-]*\s+(?:(?:of|and|the|for|&)\s+)?){1,6}[A-Z][\w&'.-]*)\s+\(([A-Z][A-Za-z.&]{1,9})\)").expect("alias regex")
        });
        static ABBR_LONG: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"\b([A-Z][A-Z.&]{1,9})\s+\(((?:[A-Za-z][\w&'-]*\s+){1,6}[A-Za-z][\w&'-]*)\)",
            )
            .expect("alias regex")
        });
        let mut out = Vec::new();
        for c in LONG_ABBR.captures_iter(text) {
            if let (Some(long), Some(abbr)) = (c.get(1), c.get(2)) {
                if let Some(long) = matching_tail(long.as_str(), abbr.as_str()) {
                    out.push(Alias {
                        alias: key_of(abbr.as_str()),
                        canonical: key_of(&long),
                    });
                }
            }
        }
        for c in ABBR_LONG.captures_iter(text) {
            if let (Some(abbr), Some(long)) = (c.get(1), c.get(2)) {
                if let Some(long) = matching_tail(long.as_str(), abbr.as_str()) {
                    out.push(Alias {
                        alias: key_of(abbr.as_str()),
                        canonical: key_of(&long),
                    });
                }
            }
        }
        out
    }
}

/// The shortest tail of `long` whose significant words' initials spell `abbr`.
fn matching_tail(long: &str, abbr: &str) -> Option<String> {
    let letters: String = abbr
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_uppercase();
    let words: Vec<&str> = long.split_whitespace().collect();
    for start in (0..words.len()).rev() {
        let tail = &words[start..];
        let initials: String = tail
            .iter()
            .filter(|w| {
                !matches!(
                    w.to_lowercase().as_str(),
                    "of" | "and" | "the" | "for" | "&"
                )
            })
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase();
        if initials == letters {
            return Some(tail.join(" "));
        }
        if initials.len() > letters.len() {
            break;
        }
    }
    None
}

fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '"', '\'', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n', '-'])
}

fn is_name_word(w: &str, at_start: bool) -> bool {
    let Some(first) = w.chars().next() else {
        return false;
    };
    if !first.is_uppercase() || NON_ENTITY_ACRONYMS.contains(&w) || MONTHS_DAYS.contains(&w) {
        return false;
    }
    if NOT_NAMES.contains(&w) {
        return false;
    }
    // A sentence-initial capital is only a name when it does not look like a plain word
    // (an all-caps acronym, a CamelCase brand, or a gazetteer hit handled earlier).
    if at_start {
        let rest_has_upper = w.chars().skip(1).any(char::is_uppercase);
        return rest_has_upper;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, EntityKind)> {
        let r = RuleRecognizer::default();
        let es = r.recognize(text);
        for e in &es {
            assert_eq!(&text[e.start..e.end], e.text);
        }
        es.into_iter().map(|e| (e.key, e.kind)).collect()
    }

    fn has(ks: &[(String, EntityKind)], key: &str, kind: EntityKind) -> bool {
        ks.iter().any(|(k, kd)| k == key && *kd == kind)
    }

    #[test]
    fn seed_sentences() {
        let ks = keys("Under the revised agreement, OpenAI can now distribute its products across competing cloud infrastructure providers, including Google and Amazon Web Services (AWS), while Microsoft retains its position");
        for k in ["openai", "google", "amazon web services", "microsoft"] {
            assert!(ks.iter().any(|(x, _)| x == k), "{k}: {ks:?}");
        }
        assert!(!ks.iter().any(|(x, _)| x == "under"));

        let r = RuleRecognizer::default();
        let t = "whether Microsoft's $13 billion investment constitutes a de facto merger";
        let es = r.recognize(t);
        assert_eq!(es.len(), 1, "{es:?}");
        assert_eq!(
            (es[0].text.as_str(), es[0].key.as_str(), es[0].kind),
            ("Microsoft", "microsoft", Org)
        );

        let ks = keys("Amazon CEO Andy Jassy said OpenAI's models would become available directly to customers on Bedrock");
        assert!(
            has(&ks, "amazon", Org)
                && has(&ks, "andy jassy", Person)
                && has(&ks, "openai", Org)
                && has(&ks, "bedrock", Product),
            "{ks:?}"
        );

        let ks = keys("The Federal Trade Commission (FTC) and the European Commission have been closely examining");
        assert!(
            has(&ks, "federal trade commission", Org) && has(&ks, "european commission", Org),
            "{ks:?}"
        );
        assert!(!ks.iter().any(|(k, _)| k == "the"));

        let ks = keys("Training next-generation models-such as the rumored GPT-5 or the internal project 'Strawberry'-requires hundreds of billions of dollars");
        assert!(
            has(&ks, "gpt-5", Product) && has(&ks, "strawberry", Product),
            "{ks:?}"
        );
        assert!(!ks.iter().any(|(k, _)| k == "training"));

        let ks = keys("The Microsoft-OpenAI partnership is not over.");
        assert_eq!(
            ks.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            vec!["microsoft", "openai"]
        );

        let ks = keys("Christopher J. Mitchell");
        assert_eq!(ks, vec![("christopher j. mitchell".to_string(), Person)]);

        let ks = keys("Breaking the Golden Cage");
        assert!(!ks.iter().any(|(k, _)| k.contains("breaking")), "{ks:?}");

        let ks = keys("Wedbush analyst Dan Ives said the new agreement puts OpenAI on a stronger path toward an IPO.");
        assert!(
            has(&ks, "dan ives", Person) && has(&ks, "wedbush", Org),
            "{ks:?}"
        );
        assert!(!ks.iter().any(|(k, _)| k == "ipo"));
    }

    #[test]
    fn aliases_and_table() {
        let r = RuleRecognizer::default();
        let a = r.aliases("including Google and Amazon Web Services (AWS), while");
        assert_eq!(
            a,
            vec![Alias {
                alias: "aws".into(),
                canonical: "amazon web services".into()
            }]
        );
        let a = r.aliases("The Federal Trade Commission (FTC) and");
        assert_eq!(a[0].canonical, "federal trade commission");
        let a = r.aliases("Sam Altman's vision of AGI (Artificial General Intelligence).");
        assert_eq!(
            a,
            vec![Alias {
                alias: "agi".into(),
                canonical: "artificial general intelligence".into()
            }]
        );
        assert!(r.aliases("on AWS (Amazon's cloud) today").is_empty());

        let mut t = AliasTable::with_builtins();
        assert_eq!(t.resolve("ftc"), "federal trade commission");
        assert_eq!(t.resolve("microsoft"), "microsoft");
        t.add(&Alias {
            alias: "msr".into(),
            canonical: "microsoft research".into(),
        });
        assert_eq!(t.resolve("msr"), "microsoft research");
        // A loop cannot hang resolution.
        t.add(&Alias {
            alias: "x".into(),
            canonical: "y".into(),
        });
        t.add(&Alias {
            alias: "y".into(),
            canonical: "x".into(),
        });
        let _ = t.resolve("x");
    }

    #[test]
    fn odd_input_is_safe_and_linear() {
        let r = RuleRecognizer::default();
        for t in [
            "",
            "'",
            "\"\"",
            "🚀 Microsoft 🚀",
            "(((",
            "A. B. C. D.",
            "'s",
            "-",
            "U.S.-China",
        ] {
            for e in r.recognize(t) {
                assert_eq!(&t[e.start..e.end], e.text);
            }
            let _ = r.aliases(t);
        }
        let caps = "Alpha ".repeat(10_000);
        let start = std::time::Instant::now();
        let es = r.recognize(&caps);
        assert!(!es.is_empty());
        assert!(
            start.elapsed().as_secs() < 5,
            "capitalized runs must stay linear"
        );
    }
}
