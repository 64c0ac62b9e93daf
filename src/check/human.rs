//! `--format human`: compiler-style diagnostics of a [`CheckReport`].

use std::fmt::Write;

use super::{finding_counts, severity, CheckReport, CheckedArticle, Finding, FindingKind};
use crate::report::plural;

/// Characters of context kept either side of a highlight on a long line.
const CONTEXT_CHARS: usize = 60;

/// Compiler-style diagnostics: `file:line:col`, the line, a caret under the span and
/// the corpus evidence below; then a summary.
pub fn human(report: &CheckReport) -> String {
    let mut out = String::new();
    for article in &report.articles {
        if let Some(e) = &article.error {
            let _ = writeln!(out, "error: {}: {e}\n", article.path);
            continue;
        }
        for f in &article.findings {
            diagnostic(&mut out, report, article, f);
        }
        let count = |k: FindingKind| article.findings.iter().filter(|f| f.kind == k).count();
        let _ = writeln!(
            out,
            "{}: {} claim{}: {} contradicted, {} corroborated, {} speculative, {} unverified\n",
            article.path,
            article.findings.len(),
            plural(article.findings.len()),
            count(FindingKind::Contradiction),
            count(FindingKind::Corroboration),
            count(FindingKind::Speculation),
            count(FindingKind::Unverified),
        );
    }
    let s = &report.summary;
    let _ = write!(
        out,
        "checked {} file{} against {} corpus articles: {}",
        report.articles.len(),
        plural(report.articles.len()),
        report.corpus_articles,
        finding_counts(s),
    );
    if s.errors > 0 {
        let _ = write!(out, ", {} unreadable file{}", s.errors, plural(s.errors));
    }
    out.push('\n');
    out
}

fn diagnostic(out: &mut String, report: &CheckReport, article: &CheckedArticle, f: &Finding) {
    let h = &f.highlight;
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        severity(report, f.kind),
        f.kind.as_str(),
        f.message
    );
    let gutter = h.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {}:{}:{}", article.path, h.line, h.column);
    let _ = writeln!(out, "{pad} |");
    let line = article
        .source
        .split('\n')
        .nth(h.line.saturating_sub(1))
        .unwrap_or_default()
        .trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    let from = h.column.saturating_sub(1).min(chars.len());
    let to = if h.end_line == h.line {
        h.end_column.saturating_sub(1)
    } else {
        chars.len()
    }
    .clamp(from, chars.len());
    // Long lines (a paragraph on one line) are cut around the highlight.
    let lo = from.saturating_sub(CONTEXT_CHARS);
    let hi = (to + CONTEXT_CHARS).min(chars.len());
    let shown: String = chars[lo..hi].iter().collect();
    let lead = if lo > 0 { "..." } else { "" };
    let tail = if hi < chars.len() { "..." } else { "" };
    let _ = writeln!(out, "{} | {lead}{shown}{tail}", h.line);
    let under: String = chars[lo..from]
        .iter()
        .map(|&c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(
        out,
        "{pad} | {}{under}{}",
        " ".repeat(lead.len()),
        "^".repeat((to - from).max(1))
    );
    for e in &f.evidence {
        let _ = writeln!(
            out,
            "{pad} = {}: {}:{}: \"{}\"",
            match (e.relation, e.speculative) {
                (crate::verify::Relation::Contradiction, false) => "contradicted by",
                (crate::verify::Relation::Entailment, false) => "supported by",
                (_, true) => "speculated in",
                _ => "related",
            },
            e.path,
            e.line,
            e.sentence
        );
        // Most reasons already end in the score (a clause similarity); print it
        // only when the reason does not carry it.
        let score = format!("{:.2}", e.score);
        if e.reason.contains(&score) {
            let _ = writeln!(out, "{pad}   {}", e.reason);
        } else {
            let _ = writeln!(out, "{pad}   {} (score {score})", e.reason);
        }
    }
    out.push('\n');
}
