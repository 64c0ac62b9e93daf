//! `crosscheck check` as a newsroom's CI runs it: findings per claim against the seed
//! corpus, every output format, exit codes, and bad input that must not cost the index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{self, *};

/// One index of the seed corpus for all tests here (built once, by `crosscheck index`).
fn seed_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = common::crosscheck_bin()
            .unwrap()
            .current_dir(root())
            .args([
                "index", "--quiet", "--device", "cpu", "--corpus", "corpus", "--index",
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        dir
    })
    .path()
}

fn check(files: &[&str], extra: &[&str]) -> std::process::Output {
    common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args([
            "check", "--quiet", "--device", "cpu", "--corpus", "corpus", "--index",
        ])
        .arg(seed_index())
        .args(files)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn check_json(file: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let o = check(&[file], &args);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout_of(&o), stderr_of(&o)));
    (o.status.code(), v)
}

fn findings(v: &Value) -> &Vec<Value> {
    v["articles"][0]["findings"].as_array().unwrap()
}

/// The finding whose sentence contains `needle`.
fn finding<'a>(v: &'a Value, needle: &str) -> &'a Value {
    let found: Vec<&Value> = findings(v)
        .iter()
        .filter(|f| f["sentence"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "findings containing {needle:?}: {found:#?}");
    found[0]
}

const CONTRADICTS: &str = "tests/fixtures/check/contradicts.md";
const AGREES: &str = "tests/fixtures/check/agrees.md";
const TWINS: &str = "tests/fixtures/check/twins.md";
const SPECULATION: &str = "tests/fixtures/check/speculation.md";

#[test]
fn planted_disagreements_are_contradictions_with_corpus_evidence() {
    let (code, v) = check_json(CONTRADICTS, &[]);
    assert_eq!(code, Some(1), "a contradiction fails the check");
    assert_eq!(v["schema"], "crosscheck.check/v1");
    assert_eq!(v["summary"]["contradictions"], 5, "{:#}", v["summary"]);
    // (sentence, highlighted text, corpus article, words the reason must name)
    let cases = [
        (
            "totaled $10 billion",
            "$10 billion",
            "003_",
            &["$10 billion", "$13 billion"][..],
        ),
        (
            "15 percent cut",
            "15 percent",
            "003_",
            &["15 percent", "20 percent"],
        ),
        ("through 2028", "through 2028", "003_", &["2028", "2030"]),
        (
            "Microsoft will pay a revenue share",
            "",
            "003_",
            &["polarity", "pay"],
        ),
        (
            "exclusive license",
            "",
            "003_",
            &["exclusive", "non-exclusive"],
        ),
    ];
    for (needle, highlight, article, words) in cases {
        let f = finding(&v, needle);
        assert_eq!(f["kind"], "contradiction", "{f:#}");
        if !highlight.is_empty() {
            assert_eq!(f["highlight"]["text"], highlight, "{f:#}");
        }
        let e = &f["evidence"][0];
        assert_eq!(e["relation"], "contradiction", "{f:#}");
        assert!(e["article"].as_str().unwrap().starts_with(article), "{e:#}");
        assert!(e["path"].as_str().unwrap().starts_with("corpus/"), "{e:#}");
        assert!(e["line"].as_u64().unwrap() > 0);
        let reason = e["reason"].as_str().unwrap();
        for w in words {
            assert!(reason.contains(w), "{reason:?} should name {w:?}");
        }
    }
    // Spans point into the checked file.
    let f = finding(&v, "totaled $10 billion");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (
            f["highlight"]["line"].as_u64(),
            f["highlight"]["column"].as_u64()
        ),
        (Some(3), Some(48))
    );
    let text = std::fs::read_to_string(root().join(CONTRADICTS)).unwrap();
    let (s, e) = (
        f["highlight"]["start"].as_u64().unwrap() as usize,
        f["highlight"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "$10 billion");
}

#[test]
fn an_article_that_agrees_exits_0_with_corroborations() {
    let (code, v) = check_json(AGREES, &[]);
    assert_eq!(code, Some(0), "{:#}", v["summary"]);
    assert_eq!(v["summary"]["contradictions"], 0);
    // Other wording, same fact: "$13bn" for "$13 billion", "a fifth" for "20 percent".
    for (needle, quantity) in [
        ("$13bn", "$13bn"),
        ("a fifth", "a fifth"),
        ("payments to Microsoft", "through 2030"),
        ("through 2032", "through 2032"),
    ] {
        let f = finding(&v, needle);
        assert_eq!(f["kind"], "corroboration", "{f:#}");
        assert!(
            f["highlight"]["text"].as_str().unwrap().contains(quantity),
            "{f:#}"
        );
        assert!(f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["relation"] == "entailment"));
    }
    let investment = finding(&v, "$13bn");
    let sources: std::collections::BTreeSet<&str> = investment["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["article"].as_str().unwrap()[..3])
        .collect();
    assert_eq!(sources, ["000", "003", "004"].into(), "{investment:#}");
}

#[test]
fn same_numbers_about_another_subject_match_nothing() {
    let (code, v) = check_json(TWINS, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(findings(&v).len(), 4, "{v:#}");
    for f in findings(&v) {
        // "$13 million" budget, "20 percent" parking revenue, "through 2030" paving
        // contract, "through 2032" fare surcharge; "May 2026" is a month, not a hedge.
        assert_eq!(f["kind"], "unverified", "{f:#}");
        assert!(f["evidence"].as_array().unwrap().is_empty(), "{f:#}");
    }
}

#[test]
fn speculation_carries_its_cue_and_fails_only_when_asked() {
    let (code, v) = check_json(SPECULATION, &[]);
    assert_eq!(code, Some(0), "speculation does not fail by default");
    let rumor = finding(&v, "rumored");
    assert_eq!(rumor["kind"], "speculation");
    // The epistemic passive whole, not just its participle.
    assert_eq!(rumor["cue"], "is rumored to");
    assert_eq!(rumor["highlight"]["text"], "is rumored to");
    let oracle = finding(&v, "Oracle");
    assert_eq!(oracle["kind"], "speculation");
    let plain = finding(&v, "Tokyo");
    assert_eq!(plain["kind"], "unverified");

    let (code, v) = check_json(SPECULATION, &["--fail-on", "speculation"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["summary"]["failing"], 2);
    let (code, _) = check_json(CONTRADICTS, &["--fail-on", "never"]);
    assert_eq!(code, Some(0));
}

#[test]
fn human_output_reads_like_a_compiler_diagnostic() {
    let o = check(&[CONTRADICTS], &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout_of(&o);
    let at = out
        .find("--> tests/fixtures/check/contradicts.md:3:48")
        .unwrap_or_else(|| panic!("{out}"));
    let block: Vec<&str> = out[at..].lines().take(6).collect();
    assert!(
        block[2].starts_with("3 | Microsoft's early investment"),
        "{block:#?}"
    );
    // The caret line marks exactly "$10 billion" under the quoted line.
    let quoted = block[2].split_once(" | ").unwrap().1;
    let carets = block[3].split_once(" | ").unwrap().1;
    let (from, to) = (carets.find('^').unwrap(), carets.rfind('^').unwrap() + 1);
    assert_eq!(&quoted[from..to], "$10 billion", "{block:#?}");
    assert!(
        block[4].contains("contradicted by: corpus/003_"),
        "{block:#?}"
    );
    assert!(out.contains("error[contradiction]"));
    assert!(out.contains("checked 1 file against 5 corpus articles: 5 contradictions"));
}

#[test]
fn counts_of_one_read_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    std::fs::write(
        &one,
        "Microsoft has invested $10 billion in OpenAI, a company spokesperson said on Monday.\n",
    )
    .unwrap();
    let path = one.to_str().unwrap();
    let out = stdout_of(&check(&[path], &[]));
    assert!(
        out.contains(": 1 claim: 1 contradicted, 0 corroborated"),
        "{out}"
    );
    assert!(
        out.contains("checked 1 file against 5 corpus articles: 1 contradiction, 0 corroborations"),
        "{out}"
    );
    let out = stdout_of(&check(&[path], &["--format", "github"]));
    assert!(
        out.ends_with(
            "crosscheck: 1 contradiction, 0 corroborations, 0 speculations, 0 unverified\n"
        ),
        "{out}"
    );
}

#[test]
fn github_annotations_name_file_line_and_column() {
    let o = check(&[CONTRADICTS, SPECULATION], &["--format", "github"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout_of(&o);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 5, "{out}");
    assert!(
        out.contains("::error file=tests/fixtures/check/contradicts.md,line=3,col=48,"),
        "{out}"
    );
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!(warnings, 2, "speculation is a warning: {out}");
    // One line per annotation: newlines in messages are escaped.
    assert!(errors.iter().all(|l| l.contains("%0Acorpus/")), "{out}");
}

#[test]
fn junit_has_a_case_per_claim_and_failures_for_contradictions() {
    let o = check(&[CONTRADICTS, AGREES], &["--format", "junit"]);
    assert_eq!(o.status.code(), Some(1));
    let report = quick_junit::Report::deserialize_from_str(&stdout_of(&o)).unwrap();
    assert_eq!(report.test_suites.len(), 2);
    let failures = |i: usize| report.test_suites[i].failures;
    assert_eq!(report.test_suites[0].test_cases.len(), 5);
    assert_eq!(failures(0), 5);
    assert_eq!(report.test_suites[1].test_cases.len(), 4);
    assert_eq!(failures(1), 0);
}

fn sarif_schema_errors(instance: &Value) -> Vec<String> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap();
    // The published 2.1.0 schema carries a typo in `run.language`'s pattern
    // (a stray `]`, fixed in the OASIS errata as `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`).
    // A strict validator refuses to compile it, so swap in the errata's
    // pattern; nothing we emit sets `language`, so no check is weakened.
    let typo = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(typo),
        "vendored schema changed; revisit this patch"
    );
    let text = text.replace(typo, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema_and_is_stable() {
    let run = || {
        let o = check(&[CONTRADICTS, SPECULATION, TWINS], &["--format", "sarif"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    let sarif = run();
    let errors = sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not vacuous: a log with a 0 line number is rejected.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_schema_errors(&broken).is_empty());

    let run0 = &sarif["runs"][0];
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "crosscheck/contradiction",
            "crosscheck/speculation",
            "crosscheck/corroboration",
            "crosscheck/unverified"
        ]
    );
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 5 + 3 + 4);
    let first = &results[0];
    assert_eq!(first["ruleId"], "crosscheck/contradiction");
    assert_eq!(first["level"], "error");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(48))
    );
    assert_eq!(
        first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/check/contradicts.md"
    );
    assert!(!first["relatedLocations"].as_array().unwrap().is_empty());
    // Fingerprints: present, distinct per finding, identical on a re-run.
    let prints = |s: &Value| -> Vec<String> {
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["crosscheckFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let a = prints(&sarif);
    let distinct: std::collections::BTreeSet<_> = a.iter().collect();
    assert_eq!(distinct.len(), a.len());
    assert_eq!(a, prints(&run()));
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("findings.json");
    let o = check(
        &[AGREES],
        &["--format", "json", "--output", path.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(o.stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["summary"]["contradictions"], 0);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn bad_input_exits_2_with_the_file_named_and_the_index_intact() {
    let before = snapshot(seed_index());
    assert_eq!(before.len(), 5, "one record per corpus article");
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, b"PK\x03\x04\x00\x00binary").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Microsoft invested \xa313 billion in OpenAI.").unwrap();
    let missing = dir.path().join("missing.md");
    let cases: [(&Path, &str); 4] = [
        (&missing, "missing.md: no such file"),
        (dir.path(), "is a directory"),
        (&binary, "binary.md: binary file"),
        (&latin1, "latin1.txt: not valid UTF-8"),
    ];
    for (path, message) in cases {
        let o = check(&[path.to_str().unwrap()], &[]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}: {}",
            path.display(),
            stderr_of(&o)
        );
        assert!(stderr_of(&o).contains(message), "{}", stderr_of(&o));
    }
    // A bad file among good ones: the good one is still checked, the run exits 2.
    let o = check(
        &[missing.to_str().unwrap(), CONTRADICTS],
        &["--format", "json"],
    );
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["articles"][0]["error"]
        .as_str()
        .unwrap()
        .contains("no such file"));
    assert_eq!(v["articles"][1]["findings"].as_array().unwrap().len(), 5);
    assert_eq!(snapshot(seed_index()), before, "the index is untouched");
}

#[test]
fn an_empty_or_missing_corpus_exits_2() {
    let empty = tempfile::tempdir().unwrap();
    for corpus in [empty.path().to_path_buf(), empty.path().join("nope")] {
        let o = common::crosscheck_bin()
            .unwrap()
            .current_dir(root())
            .args([
                "check",
                "--quiet",
                "--device",
                "cpu",
                "--no-index",
                "--corpus",
            ])
            .arg(&corpus)
            .arg(AGREES)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = stderr_of(&o);
        assert!(err.contains(&corpus.display().to_string()), "{err}");
        assert!(
            err.contains("no articles found") || err.contains("does not exist"),
            "{err}"
        );
    }
}

#[test]
fn a_checked_file_inside_the_corpus_does_not_corroborate_itself() {
    let corpus = corpus_of(&["corpus/003_deb2854ad579132a.txt", AGREES]);
    let o = common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args([
            "check", "--quiet", "--device", "cpu", "--format", "json", "--corpus",
        ])
        .arg(corpus.path())
        .arg(corpus.path().join("agrees.md"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("same content as a checked file"));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["corpus_articles"], 1);
    for f in findings(&v) {
        for e in f["evidence"].as_array().unwrap() {
            assert!(e["article"].as_str().unwrap().starts_with("003_"), "{e:#}");
        }
    }
    // The corpus index was written beside the corpus, and holds the corpus articles.
    let records = std::fs::read_dir(
        corpus
            .path()
            .join(format!(".crosscheck/v{}", crosscheck::index::FORMAT)),
    )
    .unwrap()
    .count();
    assert_eq!(records, 2);
}

/// The pre-commit hook (`.pre-commit-hooks.yaml`) as pre-commit runs it: its entry
/// command with the staged files that match its `files` pattern appended, from the
/// repository root. A contradicting article fails the commit (exit 1), an agreeing
/// one passes, and a file the pattern does not match is not passed at all.
#[test]
fn the_pre_commit_hook_fails_a_commit_on_a_contradiction() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("no {key} in the hook"))
            .trim()
            .to_string()
    };
    assert!(text.lines().any(|l| l == "- id: crosscheck"), "{text}");
    assert_eq!(field("language"), "system");
    assert_eq!(field("pass_filenames"), "true");
    let files = regex::Regex::new(&field("files")).unwrap();
    let staged = [CONTRADICTS, AGREES, "Cargo.toml", "src/main.rs"];
    let passed: Vec<&str> = staged
        .iter()
        .copied()
        .filter(|f| files.is_match(f))
        .collect();
    assert_eq!(passed, [CONTRADICTS, AGREES]);

    let entry = field("entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("crosscheck"));
    let args: Vec<&str> = words.collect();
    let run = |files: &[&str]| {
        common::crosscheck_bin()
            .unwrap()
            .current_dir(root())
            .args(&args)
            .args(["--index"])
            .arg(seed_index())
            .args(files)
            .output()
            .unwrap()
    };
    let o = run(&passed);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(
        stdout_of(&o).contains("error[contradiction]"),
        "{}",
        stdout_of(&o)
    );
    let o = run(&[AGREES]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&o),
        stderr_of(&o)
    );
}
