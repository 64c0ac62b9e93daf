//! The per-article index: reused when unchanged, recomputed when an article changes,
//! rebuilt with a warning when a record is corrupt, and invisible in the results.

use std::path::Path;

use crate::common::{self, *};

fn index(corpus: &Path) -> (i32, String, String) {
    let o = common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args(["index", "--quiet", "--device", "cpu", "--corpus"])
        .arg(corpus)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn run(corpus: &Path, out: &Path, extra: &[&str]) -> Vec<u8> {
    let o = common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args(["run", "--quiet", "--device", "cpu", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(out.join("report.json")).unwrap()
}

#[test]
fn unchanged_articles_are_reused_and_changed_ones_recomputed() {
    let corpus = corpus_of(&[
        "corpus/003_deb2854ad579132a.txt",
        "corpus/004_96e4727762a4dd49.txt",
    ]);
    let (code, out, err) = index(corpus.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 reused, 2 computed"), "{out}");
    let (_, out, _) = index(corpus.path());
    assert!(out.contains("2 reused, 0 computed"), "{out}");

    let p = corpus.path().join("004_96e4727762a4dd49.txt");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\nMicrosoft has invested $13 billion in OpenAI since 2019.\n");
    std::fs::write(&p, text).unwrap();
    let (_, out, _) = index(corpus.path());
    assert!(out.contains("1 reused, 1 computed"), "{out}");
}

#[test]
fn a_corrupt_record_is_rebuilt_with_a_warning() {
    let corpus = corpus_of(&["corpus/001_b3d74d91788b720c.txt"]);
    index(corpus.path());
    let dir = corpus
        .path()
        .join(format!(".crosscheck/v{}", crosscheck::index::FORMAT));
    let record = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let good = std::fs::read(&record).unwrap();
    std::fs::write(&record, &good[..good.len() / 3]).unwrap();
    let (code, out, err) = index(corpus.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("corrupt") && err.contains("rebuilt"), "{err}");
    assert!(out.contains("0 reused, 1 computed"), "{out}");
    assert_eq!(
        std::fs::read(&record).unwrap(),
        good,
        "record rewritten whole"
    );
    let (_, out, _) = index(corpus.path());
    assert!(out.contains("1 reused, 0 computed"), "{out}");
}

#[test]
fn results_are_the_same_with_and_without_the_index() {
    let corpus = corpus_of(&[
        "corpus/000_39cb297bfe057471.txt",
        "corpus/003_deb2854ad579132a.txt",
        "corpus/004_96e4727762a4dd49.txt",
    ]);
    let out = tempfile::tempdir().unwrap();
    let fresh = run(corpus.path(), &out.path().join("a"), &["--no-index"]);
    let first = run(corpus.path(), &out.path().join("b"), &[]);
    let reused = run(corpus.path(), &out.path().join("c"), &[]);
    assert_eq!(fresh, first);
    assert_eq!(first, reused);
    assert!(
        corpus
            .path()
            .join(format!(".crosscheck/v{}", crosscheck::index::FORMAT))
            .read_dir()
            .unwrap()
            .count()
            == 3
    );
}

#[test]
fn files_with_the_same_bytes_keep_their_own_ids_when_their_record_is_reused() {
    // One record serves both (it is keyed by content); a warm run must still give each
    // article its own claims, as the fresh run does.
    let corpus = corpus_of(&["corpus/003_deb2854ad579132a.txt"]);
    std::fs::copy(
        root().join("corpus/000_39cb297bfe057471.txt"),
        corpus.path().join("a.txt"),
    )
    .unwrap();
    std::fs::copy(
        root().join("corpus/000_39cb297bfe057471.txt"),
        corpus.path().join("b.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let fresh = run(corpus.path(), &out.path().join("fresh"), &[]);
    let warm = run(corpus.path(), &out.path().join("warm"), &[]);
    let report: serde_json::Value = serde_json::from_slice(&warm).unwrap();
    let of = |id: &str| {
        report["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                c["article"] == id && c["id"].as_str().unwrap().starts_with(&format!("{id}#"))
            })
            .count()
    };
    assert!(
        of("a") > 0 && of("a") == of("b"),
        "a {} b {}",
        of("a"),
        of("b")
    );
    assert!(
        fresh == warm,
        "the warm run's report.json differs from the fresh run's"
    );
}
