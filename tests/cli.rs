//! The binary as users and CI run it: exit codes (0 ok, 1 contradictions, 2 error),
//! messages that name the file, reports written even when articles are bad.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{self, *};

fn crosscheck(corpus: &Path, out: &Path) -> Command {
    let mut cmd = common::crosscheck_bin().unwrap();
    cmd.current_dir(root())
        .args(["run", "--quiet", "--device", "cpu", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out);
    cmd
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn read_report(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn seed_corpus_exits_0_and_writes_both_reports() {
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(&root().join("corpus"), out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let contra = md.find("## Contradictions").unwrap();
    let sup = md.find("## Superseded reports").unwrap();
    let corro = md.find("## Corroborated facts").unwrap();
    let spec = md.find("## Speculation").unwrap();
    assert!(contra < sup && sup < corro && corro < spec, "section order");
    assert!(md.contains("$13 billion"));
    assert!(
        md.contains("`003_deb2854ad579132a:"),
        "quotes carry article:line"
    );
    assert_eq!(read_report(out.path())["schema"], "crosscheck.report/v2");
    // Degraded engines are announced on stderr even with --quiet.
    // The manifest names hub models that are not in the cache here.
    assert!(
        stderr_of(&o).contains("warning: ner: NER model hub dslim/bert-base-NER@d1a3e8f13f8c3566299d95fcfc9a8d2382a9affc not present"),
        "{}",
        stderr_of(&o)
    );
    assert!(
        stderr_of(&o).contains("warning: nli: NLI model hub"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_contradiction_exits_1() {
    let corpus = corpus_of(&[
        "corpus/003_deb2854ad579132a.txt",
        "tests/fixtures/planted/share.txt",
    ]);
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(corpus.path(), out.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(
        read_report(out.path())["summary"]["contradicted"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // The Markdown leads with it, quoting both sides with article:line.
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    let section =
        &md[md.find("## Contradictions").unwrap()..md.find("## Superseded reports").unwrap()];
    assert!(section.contains("guaranteed 15 percent cut"), "{section}");
    assert!(section.contains("guaranteed 20 percent cut"), "{section}");
    assert!(section.contains("`share:2`"), "{section}");
    assert!(section.contains("different share"), "{section}");
}

#[test]
fn bad_articles_are_recorded_and_the_batch_goes_on() {
    let corpus = corpus_of(&["corpus/004_96e4727762a4dd49.txt"]);
    let d = corpus.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("binary.txt"), [0x7fu8, b'E', b'L', b'F', 0, 0, 1]).unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 prices rose 20 percent.").unwrap();
    let short = d.join("short.txt");
    std::fs::write(&short, "Microsoft invested $13 billion.").unwrap();
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(d, out.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    for (name, msg) in [
        ("empty.txt", "empty article"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not valid UTF-8"),
        ("dangling.txt", "cannot read"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(msg)),
            "{name}: {err}"
        );
    }
    let r = read_report(out.path());
    let errors: Vec<(&str, &str)> = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["error"].is_null())
        .map(|a| (a["id"].as_str().unwrap(), a["error"].as_str().unwrap()))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(r["summary"]["articles"], 2);
}

#[test]
fn missing_or_empty_corpus_exits_2_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(Path::new("/nonexistent/corpus"), out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("/nonexistent/corpus: does not exist"),
        "{}",
        stderr_of(&o)
    );

    let empty = tempfile::tempdir().unwrap();
    let o = crosscheck(empty.path(), out.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("no articles found"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_corpus_with_nothing_usable_exits_2_but_still_reports_why() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "   \n\n").unwrap();
    std::fs::write(corpus.path().join("b.md"), b"\xff\xfe\x00").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(corpus.path(), out.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("no article could be processed"));
    let r = read_report(out.path());
    assert_eq!(r["articles"].as_array().unwrap().len(), 2);
}

#[test]
fn cuda_without_a_gpu_is_a_clear_error() {
    if tch::Cuda::is_available() {
        return; // On a GPU machine this is the happy path, covered by the seed test.
    }
    let out = tempfile::tempdir().unwrap();
    let mut cmd = common::crosscheck_bin().unwrap();
    let o = cmd
        .current_dir(root())
        .args(["run", "--device", "cuda", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("no CUDA device"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn an_absent_default_embedding_model_degrades_loudly_an_asked_for_one_is_an_error() {
    // The default directory (models/all-MiniLM-L6-v2 in crosscheck's home, here an
    // empty one) absent: hashed vectors, said on stderr and in the report.
    let home = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(&root().join("corpus"), out.path())
        .env("CROSSCHECK_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("models/all-MiniLM-L6-v2 not found"),
        "{}",
        stderr_of(&o)
    );
    let r = read_report(out.path());
    assert_eq!(r["engines"]["embed"]["kind"], "deterministic");
    assert!(r["engines"]["embed"]["note"]
        .as_str()
        .unwrap()
        .contains("not found"));

    // Asked for by flag: it loads or the run stops, naming it; no report is written.
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(&root().join("corpus"), out.path())
        .args(["--embed-model", "/nonexistent/model"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("/nonexistent/model") && err.contains("it was asked for"),
        "{err}"
    );
    assert!(!out.path().join("report.json").exists());
}

#[test]
fn corrupt_model_weights_exit_2() {
    let model = tempfile::tempdir().unwrap();
    let src = root().join("models/all-MiniLM-L6-v2");
    for f in ["config.json", "tokenizer.json"] {
        std::fs::copy(src.join(f), model.path().join(f)).unwrap();
    }
    std::fs::write(
        model.path().join("model.safetensors"),
        b"not a safetensors file",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck(&root().join("corpus"), out.path())
        .arg("--embed-model")
        .arg(model.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("model.safetensors"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn the_model_thread_count_comes_from_the_flag_or_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("crosscheck.toml");
    std::fs::write(&cfg, "[models]\nthreads = 3\n").unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Microsoft has invested $13 billion in OpenAI, Reuters reported on Tuesday.\n",
    )
    .unwrap();
    for (flags, expected) in [
        (&["--model-threads", "1"][..], "1 model thread;"),
        (&[][..], "3 model threads;"),
        (&["--model-threads", "2"][..], "2 model threads;"),
    ] {
        let o = common::crosscheck_bin()
            .unwrap()
            .current_dir(root())
            .arg("--config")
            .arg(&cfg)
            .args(["check", "--device", "cpu", "--no-index", "--corpus"])
            .arg(&corpus)
            .arg(corpus.join("a.txt"))
            .args(flags)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        assert!(
            stderr_of(&o).contains(&format!("device cpu, {expected}")),
            "{flags:?}: {}",
            stderr_of(&o)
        );
    }
    let o = common::crosscheck_bin()
        .unwrap()
        .args(["run", "--model-threads", "0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("--model-threads"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_one_article_corpus_reads_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, out) = (dir.path().join("corpus"), dir.path().join("out"));
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Microsoft has invested $13 billion in OpenAI, Reuters reported on Tuesday.\n",
    )
    .unwrap();
    let o = crosscheck(&corpus, &out)
        .arg("--no-index")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.starts_with("1 article (0 rejected, 1 independent source), 1 claim, 1 fact: 0 contradicted, 0 superseded, 0 corroborated, 0 speculative, 1 single-source\n"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains(
            ": 1 article, 1 sentence, 1 check-worthy claim (0 hedged), 1 independent source."
        ),
        "{md}"
    );
    assert!(
        md.contains("1 fact is stated by one source only. It is listed"),
        "{md}"
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<title>crosscheck report: 1 article, 0 contradicted</title>"));
    assert!(
        html.contains("· 1 sentence · 1 claim (0 speculative) · 1 independent source · 1 fact ·")
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = common::crosscheck_bin()
        .unwrap()
        .args(["run", "--device", "tpu"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = common::crosscheck_bin()
        .unwrap()
        .args(["--config", "/nonexistent.toml", "run"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("/nonexistent.toml"));
}

/// crosscheck finds its own files from any working directory (beside the binary here,
/// `CROSSCHECK_HOME` when set), and a configuration file's relative paths are the
/// file's, not the working directory's.
#[test]
fn check_from_an_unrelated_directory_finds_the_default_models() {
    let cwd = tempfile::tempdir().unwrap();
    let article = root().join("tests/fixtures/verdicts/loose/north.txt");
    let check = |extra: &[&str], env: Option<&Path>| {
        let mut c = common::crosscheck_bin().unwrap();
        c.current_dir(cwd.path())
            .args(CHECK_JSON)
            .arg("--corpus")
            .arg(root().join("corpus"))
            .arg(&article)
            .args(extra);
        if let Some(h) = env {
            c.env("CROSSCHECK_HOME", h);
        } else {
            c.env_remove("CROSSCHECK_HOME");
        }
        let o = c.output().unwrap();
        let r = stdout_json(&o);
        (r, stderr_of(&o))
    };
    let (r, err) = check(&[], None);
    assert_eq!(r["engines"]["embed"]["kind"], "transformer", "{err}");
    assert!(!err.contains("hashed"), "{err}");

    // CROSSCHECK_HOME overrides: an empty one has no model, and says so.
    let empty = tempfile::tempdir().unwrap();
    let (r, err) = check(&[], Some(empty.path()));
    assert_eq!(r["engines"]["embed"]["kind"], "deterministic");
    assert!(
        err.contains(
            &empty
                .path()
                .join("models/all-MiniLM-L6-v2")
                .display()
                .to_string()
        ),
        "{err}"
    );

    // A relative path in a configuration file is the file's.
    let conf = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        root().join("models/all-MiniLM-L6-v2"),
        conf.path().join("mini"),
    )
    .unwrap();
    std::fs::create_dir(conf.path().join("etc")).unwrap();
    let file = conf.path().join("etc/crosscheck.toml");
    std::fs::write(&file, "[models]\nembed = \"../mini\"\n").unwrap();
    let (r, err) = check(&["--config", file.to_str().unwrap()], Some(empty.path()));
    assert_eq!(r["engines"]["embed"]["kind"], "transformer", "{err}");
}

/// `make install PREFIX=...` puts the binary where it finds its files from any
/// directory: the installed binary, run elsewhere, embeds with the installed MiniLM.
#[test]
fn make_install_puts_a_binary_that_finds_its_files() {
    let prefix = tempfile::tempdir().unwrap();
    // `-o build`: the release build is the one these tests run (cargo built it).
    let o = std::process::Command::new("make")
        .current_dir(root())
        .args(["-s", "-o", "build", "install"])
        .arg(format!("PREFIX={}", prefix.path().display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr_of(&o));
    let share = prefix.path().join("share/crosscheck/models");
    assert!(share.join("models.toml").is_file());
    assert!(share.join("all-MiniLM-L6-v2/config.json").is_file());
    assert!(
        !share.join("all-MiniLM-L6-v2").is_symlink(),
        "the model files are copied"
    );

    let cwd = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(prefix.path().join("bin/crosscheck"))
        .current_dir(cwd.path())
        .env_remove("CROSSCHECK_HOME")
        .env("HF_HOME", root().join("target/test-hf-home"))
        .args(CHECK_JSON)
        .arg("--corpus")
        .arg(root().join("corpus"))
        .arg(root().join("tests/fixtures/verdicts/loose/north.txt"))
        .output()
        .unwrap();
    let r = stdout_json(&o);
    assert_eq!(
        r["engines"]["embed"]["kind"],
        "transformer",
        "{}",
        stderr_of(&o)
    );
    let source = r["engines"]["embed"]["source"].as_str().unwrap();
    assert!(
        Path::new(source).starts_with(std::fs::canonicalize(prefix.path()).unwrap()),
        "{source}"
    );
}
