//! Links stay inside: the corpus walk skips a symbolic link whose target lies outside
//! the corpus (a file or a directory), with a warning naming it, and reports a loop
//! instead of walking it; `check` refuses a checked file that links out of its
//! repository (exit 2); `--follow-links` opts in. The file a link points at must not
//! reach any report.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::*;

const SECRET: &str = "zq-secret-7d41";

/// A corpus with two articles, a link inside it, a link to a file outside, a link to a
/// directory outside and a loop; `outside` holds an article-looking secret.
fn linked_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, outside) = (dir.path().join("corpus"), dir.path().join("outside"));
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    for (from, to) in [
        ("tests/fixtures/verdicts/loose/north.txt", "north.txt"),
        ("tests/fixtures/verdicts/loose/south.txt", "sub/south.txt"),
    ] {
        std::fs::copy(root().join(from), corpus.join(to)).unwrap();
    }
    std::fs::write(
        outside.join("creds.txt"),
        format!("Harlow Mills paid {SECRET} a $48 fee on Monday, the runner said.\n"),
    )
    .unwrap();
    symlink(outside.join("creds.txt"), corpus.join("notes.txt")).unwrap();
    symlink(&outside, corpus.join("elsewhere")).unwrap();
    symlink(Path::new(".."), corpus.join("sub/loop")).unwrap();
    symlink(Path::new("sub/south.txt"), corpus.join("inside.txt")).unwrap();
    dir
}

fn run_in(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let o = crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args([
            "run",
            "--quiet",
            "--no-index",
            "--device",
            "cpu",
            "--corpus",
        ])
        .arg(dir.join("corpus"))
        .arg("--out")
        .arg(dir.join("out"))
        .args(extra)
        .output()
        .unwrap();
    let report = std::fs::read_to_string(dir.join("out/report.json")).unwrap_or_default()
        + &std::fs::read_to_string(dir.join("out/index.html")).unwrap_or_default();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        report,
    )
}

#[test]
fn the_corpus_walk_keeps_links_inside_the_corpus() {
    let dir = linked_corpus();
    let (code, stderr, report) = run_in(dir.path(), &[]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(
        !report.contains(SECRET),
        "a file outside the corpus was reported"
    );
    for (link, target) in [("notes.txt", "creds.txt"), ("elsewhere", "outside")] {
        assert!(
            stderr.lines().any(|l| l.contains(link)
                && l.contains(target)
                && l.contains("outside the corpus; skipped")),
            "no warning for {link}: {stderr}"
        );
    }
    assert!(stderr.contains("symlink loop"), "{stderr}");
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    let ids: Vec<&str> = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    // The link inside the corpus is read; the report says what was skipped.
    assert_eq!(ids, ["inside", "north", "sub/south"], "{ids:?}");
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("notes.txt")),
        "{:#}",
        r["warnings"]
    );

    // Asked for, links are followed (the loop is still not walked).
    let (code, stderr, report) = run_in(dir.path(), &["--follow-links"]);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert!(
        report.contains(SECRET),
        "--follow-links did not read the link"
    );
    assert!(stderr.contains("symlink loop"), "{stderr}");
}

#[test]
fn check_refuses_a_file_that_links_out_of_its_repository() {
    let dir = linked_corpus();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    symlink(dir.path().join("outside/creds.txt"), repo.join("new.txt")).unwrap();
    let check = |extra: &[&str]| {
        crosscheck_bin()
            .unwrap()
            .current_dir(&repo)
            .args(CHECK_JSON)
            .arg("--corpus")
            .arg(dir.path().join("corpus"))
            .arg("new.txt")
            .args(extra)
            .output()
            .unwrap()
    };
    let o = check(&[]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("new.txt: is a link to") && stderr.contains("--follow-links"),
        "{stderr}"
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    let o = check(&["--follow-links"]);
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(SECRET));
}
