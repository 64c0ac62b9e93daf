//! `--format github`: workflow commands that become annotations on a pull request.

use std::fmt::Write;

use super::{finding_counts, severity, CheckReport, FindingKind};

/// GitHub Actions workflow commands: `::error file=...,line=...::message` for failing
/// findings, `::warning` for other contradictions and speculation, `::notice` for
/// corroborations. Unverified claims are counted in the closing summary line only (one
/// annotation per plain claim would bury the ones that matter).
pub fn github(report: &CheckReport) -> String {
    let mut out = String::new();
    for article in &report.articles {
        if let Some(e) = &article.error {
            let _ = writeln!(
                out,
                "::error file={},title={}::{}",
                property(&article.path),
                property("crosscheck: unreadable file"),
                data(e)
            );
            continue;
        }
        for f in &article.findings {
            let level = match severity(report, f.kind) {
                "error" => "error",
                "warning" => "warning",
                _ if f.kind == FindingKind::Corroboration => "notice",
                _ => continue,
            };
            let h = &f.highlight;
            let mut message = f.message.clone();
            for e in &f.evidence {
                let _ = write!(message, "\n{}:{}: \"{}\"", e.path, e.line, e.sentence);
            }
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&article.path),
                h.line,
                h.column,
                h.end_line,
                h.end_column,
                property(&format!("crosscheck {}", f.kind.as_str())),
                data(&message)
            );
        }
    }
    let s = &report.summary;
    let _ = writeln!(out, "crosscheck: {}", finding_counts(s));
    out
}

/// Escaping for the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(data("50% of\nx"), "50%25 of%0Ax");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
