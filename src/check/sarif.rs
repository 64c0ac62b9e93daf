//! SARIF 2.1.0 output (serde-sarif), shaped for GitHub code scanning: one rule per
//! finding kind with a stable `ruleId`, regions with 1-based line and column (columns
//! in Unicode code points, declared in `columnKind`), the corpus evidence as related
//! locations, and `partialFingerprints` from the finding's kind and sentence so that a
//! re-run, or the same sentence moved to another line, does not open a new alert.

use std::collections::BTreeMap;

use serde_sarif::sarif;

use super::{severity, CheckReport, Finding, FindingKind};
use crate::error::Result;

/// The key under which findings carry their fingerprint.
pub const FINGERPRINT_KEY: &str = "crosscheckFinding/v1";

fn rule_id(kind: FindingKind) -> String {
    format!("crosscheck/{}", kind.as_str())
}

fn rule(kind: FindingKind, report: &CheckReport) -> sarif::ReportingDescriptor {
    let (short, full) = match kind {
        FindingKind::Contradiction => (
            "The corpus states this fact otherwise",
            "A claim of the checked article states a fact that a corpus claim states otherwise, both as fact (unhedged, or with the differing figure outside their hedges): another value for the same quantity slot (amount, share, year, date, count, weekday, time, duration, or a headcount against a share of a stated total), the opposite polarity, or the opposite direction (who pays whom).",
        ),
        FindingKind::Speculation => (
            "The claim is hedged or a rumor",
            "The claim carries a speculation cue (rumored, potentially, could, may, reportedly, people familiar with the matter, is said to, ...) that scopes over what it states.",
        ),
        FindingKind::Corroboration => (
            "The corpus states the same fact",
            "A corpus claim states the same fact as fact (unhedged, or with the agreeing figure outside its hedges), possibly in other words ($13bn for $13 billion, a fifth for 20 percent).",
        ),
        FindingKind::Unverified => (
            "Nothing in the corpus speaks to the claim",
            "No corpus claim aligns with this claim: it is new to the corpus.",
        ),
    };
    sarif::ReportingDescriptor::builder()
        .id(rule_id(kind))
        .name(kind.as_str())
        .short_description(
            sarif::MultiformatMessageString::builder()
                .text(short)
                .build(),
        )
        .full_description(
            sarif::MultiformatMessageString::builder()
                .text(full)
                .build(),
        )
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::json!(severity(report, kind)))
                .build(),
        )
        .build()
}

fn result_level(report: &CheckReport, kind: FindingKind) -> sarif::ResultLevel {
    match severity(report, kind) {
        "error" => sarif::ResultLevel::Error,
        "warning" => sarif::ResultLevel::Warning,
        _ => sarif::ResultLevel::Note,
    }
}

/// What a URI path may not carry as is (RFC 3986 `pchar` and '/'): controls,
/// space, the delimiters `"#%<>?[\]^`{|}` (and every non-ASCII byte, which
/// percent-encoding always escapes).
const NOT_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A path as a SARIF URI reference (RFC 3986): '/'-separated, relative paths kept
/// relative (code scanning resolves them against the repository root), every byte a
/// path may not carry percent-encoded (a newline in a file name is `%0A`).
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let out = percent_encoding::utf8_percent_encode(p, NOT_PATH).to_string();
    if out.starts_with('/') {
        format!("file://{out}")
    } else if out
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        // "a:b.md" would read as a scheme.
        format!("./{out}")
    } else {
        out
    }
}

fn location(path: &str, region: sarif::Region, message: Option<String>) -> sarif::Location {
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(sarif::ArtifactLocation::builder().uri(uri(path)).build())
        .region(region)
        .build();
    match message {
        Some(m) => sarif::Location::builder()
            .physical_location(physical)
            .message(sarif::Message::builder().text(m).build())
            .build(),
        None => sarif::Location::builder()
            .physical_location(physical)
            .build(),
    }
}

fn result(report: &CheckReport, path: &str, f: &Finding) -> sarif::Result {
    let h = &f.highlight;
    let region = sarif::Region::builder()
        .start_line(h.line as i64)
        .start_column(h.column as i64)
        .end_line(h.end_line as i64)
        .end_column(h.end_column as i64)
        .snippet(
            sarif::ArtifactContent::builder()
                .text(h.text.clone())
                .build(),
        )
        .build();
    let related: Vec<sarif::Location> = f
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut loc = location(
                &e.path,
                sarif::Region::builder()
                    .start_line(e.line as i64)
                    .start_column(e.column as i64)
                    .build(),
                Some(format!(
                    "{}: \"{}\" ({})",
                    serde_json::to_value(e.relation)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    e.sentence,
                    e.reason
                )),
            );
            loc.id = Some(i as i64);
            loc
        })
        .collect();
    let mut text = f.message.clone();
    for (i, e) in f.evidence.iter().enumerate() {
        text.push_str(&format!(" [{}:{}]({i})", e.path, e.line));
    }
    let rule_index = FindingKind::ALL
        .iter()
        .position(|k| *k == f.kind)
        .unwrap_or_default() as i64;
    let fingerprints = BTreeMap::from([(FINGERPRINT_KEY.to_string(), f.fingerprint.clone())]);
    let base = sarif::Result::builder()
        .rule_id(rule_id(f.kind))
        .rule_index(rule_index)
        .level(result_level(report, f.kind))
        .message(sarif::Message::builder().text(text).build())
        .locations(vec![location(path, region, None)])
        .partial_fingerprints(fingerprints);
    if related.is_empty() {
        base.build()
    } else {
        base.related_locations(related).build()
    }
}

/// The report as a SARIF log (pretty JSON). Unreadable files become tool execution
/// notifications, so that code scanning shows the run as incomplete.
pub fn to_sarif(report: &CheckReport) -> Result<String> {
    let rules: Vec<_> = FindingKind::ALL.iter().map(|&k| rule(k, report)).collect();
    let driver = sarif::ToolComponent::builder()
        .name(report.tool.name)
        .version(report.tool.version)
        .semantic_version(report.tool.version)
        .rules(rules)
        .build();
    let results: Vec<sarif::Result> = report
        .articles
        .iter()
        .flat_map(|a| a.findings.iter().map(|f| result(report, &a.path, f)))
        .collect();
    let notifications: Vec<sarif::Notification> = report
        .articles
        .iter()
        .filter_map(|a| {
            let e = a.error.as_ref()?;
            Some(
                sarif::Notification::builder()
                    .level(serde_json::json!("error"))
                    .message(
                        sarif::Message::builder()
                            .text(format!("{}: {e}", a.path))
                            .build(),
                    )
                    .locations(vec![location(
                        &a.path,
                        sarif::Region::builder().start_line(1).build(),
                        None,
                    )])
                    .build(),
            )
        })
        .collect();
    let invocation = sarif::Invocation::builder()
        .execution_successful(report.summary.errors == 0)
        .tool_execution_notifications(notifications)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./corpus/a b.md"), "corpus/a%20b.md");
        assert_eq!(uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(uri("50%.md"), "50%25.md");
        assert_eq!(uri("corpus/new\nline.md"), "corpus/new%0Aline.md");
        assert_eq!(uri("caf\u{e9} #1?.md"), "caf%C3%A9%20%231%3F.md");
        assert_eq!(uri("a:b.md"), "./a:b.md");
        assert_eq!(uri("dir\\x[1].md"), "dir/x%5B1%5D.md");
    }
}
