//! JUnit XML (quick-junit): a test suite per checked file, a test case per claim, named
//! by line and sentence; failing findings (under `--fail-on`) are failures with the
//! evidence as their text, an unreadable file is an error case.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{CheckReport, Finding};
use crate::error::{Error, Result};

/// Longest sentence prefix used in a test case name.
const NAME_CHARS: usize = 100;

fn case_name(f: &Finding) -> String {
    let mut s: String = f.sentence.chars().take(NAME_CHARS).collect();
    if f.sentence.chars().count() > NAME_CHARS {
        s.push_str("...");
    }
    format!("line {}: {s}", f.line)
}

fn details(f: &Finding) -> String {
    let mut text = format!("{}\n{}", f.sentence, f.message);
    for e in &f.evidence {
        text.push_str(&format!(
            "\n{}:{}: \"{}\" ({})",
            e.path, e.line, e.sentence, e.reason
        ));
    }
    text
}

/// The JUnit XML text: a test suite per checked file, a test case per claim, a failure
/// per failing finding, an error case per unreadable file.
pub fn to_junit(report: &CheckReport) -> Result<String> {
    let mut out = Report::new("crosscheck");
    for a in &report.articles {
        let mut suite = TestSuite::new(a.path.clone());
        if let Some(e) = &a.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.clone()).set_type("unreadable article");
            let mut case = TestCase::new("read article", status);
            case.set_classname(a.path.clone());
            suite.add_test_case(case);
        }
        for f in &a.findings {
            let status = if report.fail_on.fails(f.kind) {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(f.message.clone())
                    .set_type(f.kind.as_str())
                    .set_description(details(f));
                s
            } else {
                TestCaseStatus::success()
            };
            let mut case = TestCase::new(case_name(f), status);
            case.set_classname(a.path.clone())
                .add_property(("kind", f.kind.as_str()));
            if !report.fail_on.fails(f.kind) {
                case.set_system_out(details(f));
            }
            suite.add_test_case(case);
        }
        out.add_test_suite(suite);
    }
    out.to_string()
        .map_err(|e| Error::Report(format!("JUnit XML: {e}")))
}
