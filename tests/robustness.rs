//! What a CI job relies on: bad input never panics and is reported with the file
//! and the problem (a batch records a bad article and goes on; a run-level error
//! exits 2 and leaves earlier reports alone), the same input gives byte-identical
//! reports, a killed run resumes from the index, memory stays bounded.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{self, root};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_crosscheck"))
}

/// The binary as `make run` runs it, isolated from this machine's model cache.
fn crosscheck() -> Command {
    let mut c = Command::new(bin());
    c.current_dir(root())
        .env("HF_HOME", root().join("target/test-hf-home"))
        .env_remove("HF_ENDPOINT")
        .env_remove("CROSSCHECK_TIMINGS");
    c
}

fn run_args(c: &mut Command, corpus: &Path, out: &Path) {
    c.args(["run", "--quiet", "--device", "cpu", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out);
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn report(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap()
}

const GOOD: &str = "Microsoft has invested $13 billion in OpenAI, Reuters reported on Tuesday.\n\n\
    OpenAI will share 20 percent of its revenue with Microsoft through 2030, the companies said.\n";

/// An article that is bad in one way, and what the report must say about it.
struct Row {
    name: &'static str,
    file: &'static str,
    make: fn(&Path),
    /// Substring of the article's `error` in report.json (and of stderr).
    message: &'static str,
}

fn write(p: &Path, bytes: &[u8]) {
    std::fs::write(p, bytes).unwrap();
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "empty file",
            file: "empty.txt",
            make: |p| write(p, b""),
            message: "empty article (no text)",
        },
        Row {
            name: "only whitespace",
            file: "blank.txt",
            make: |p| write(p, b" \n\t\r\n  \n"),
            message: "empty article (no text)",
        },
        Row {
            name: "only markup",
            file: "markup.html",
            make: |p| write(p, b"<html><body><div> </div></body></html>"),
            message: "empty article (no text)",
        },
        Row {
            name: "binary",
            file: "binary.txt",
            make: |p| write(p, &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]),
            message: "binary file (NUL byte at offset 4)",
        },
        Row {
            name: "invalid UTF-8 in the middle",
            file: "latin1.txt",
            make: |p| write(p, b"Microsoft said caf\xe9 revenue rose 20 percent."),
            message: "not valid UTF-8 (invalid byte at offset 18)",
        },
        Row {
            name: "UTF-16 with BOM",
            file: "utf16.txt",
            make: |p| {
                let mut b = vec![0xFF, 0xFE];
                b.extend(
                    "Microsoft invested $13 billion."
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes),
                );
                write(p, &b)
            },
            message: "UTF-16 text (byte-order mark); convert it to UTF-8",
        },
        Row {
            name: "50 MB article",
            file: "huge.txt",
            make: |p| {
                let line =
                    "Microsoft invested 13 billion dollars in OpenAI, Reuters said. ".repeat(16);
                let mut f = std::io::BufWriter::new(std::fs::File::create(p).unwrap());
                use std::io::Write;
                while f.get_ref().metadata().unwrap().len() < 50 * 1024 * 1024 {
                    writeln!(f, "{line}").unwrap();
                    f.flush().unwrap();
                }
            },
            message: "larger than the 16 MiB limit",
        },
        Row {
            name: "dangling symlink",
            file: "gone.txt",
            make: |p| std::os::unix::fs::symlink("/nonexistent/article.txt", p).unwrap(),
            message: "cannot read: No such file or directory",
        },
        Row {
            name: "a directory named like an article",
            file: "folder.md",
            make: |p| {
                std::fs::create_dir(p).unwrap();
                write(&p.join("inner.txt"), GOOD.as_bytes());
            },
            message: "",
        },
    ]
}

#[test]
fn bad_articles_are_recorded_and_the_batch_goes_on() {
    let corpus = tempfile::tempdir().unwrap();
    write(&corpus.path().join("good.txt"), GOOD.as_bytes());
    let mut rows = rows();
    // Permissions do not stop root; elsewhere an unreadable file is one more row.
    if unsafe { libc::geteuid() } != 0 {
        rows.push(Row {
            name: "unreadable file",
            file: "locked.txt",
            make: |p| {
                use std::os::unix::fs::PermissionsExt;
                write(p, GOOD.as_bytes());
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).unwrap();
            },
            message: "cannot read: Permission denied",
        });
    }
    for r in &rows {
        (r.make)(&corpus.path().join(r.file));
    }
    // Not bad: words and paragraphs parted by U+2029, U+2028 and NEL, which
    // crashed claim extraction once.
    write(
        &corpus.path().join("separators.txt"),
        "Deal news\u{2029}Reuters reported that Microsoft\u{2028}said on Tuesday it has \
         invested $13 billion in OpenAI.\u{85}OpenAI will share 20 percent of its revenue with \
         Microsoft through 2030, the companies said."
            .as_bytes(),
    );
    // A symlink loop: reported as a warning, walked once.
    std::fs::create_dir(corpus.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(corpus.path(), corpus.path().join("sub/loop")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), out.path());
    let o = c.output().unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = report(out.path());
    let articles = report["articles"].as_array().unwrap();
    let entry = |id: &str| {
        articles
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} not in the report: {articles:#?}"))
    };
    for r in &rows {
        if r.message.is_empty() {
            continue;
        }
        let id = r.file.rsplit_once('.').unwrap().0;
        let e = entry(id);
        let error = e["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no error recorded", r.name));
        assert!(error.contains(r.message), "{}: {error:?}", r.name);
        // Named with its path on stderr, too.
        assert!(
            stderr.contains(&format!(
                "{}: {}",
                corpus.path().join(r.file).display(),
                error
            )),
            "{}: {stderr}",
            r.name
        );
    }
    // The good articles (one at the top, one inside the directory named folder.md)
    // were processed.
    assert!(entry("good")["error"].is_null());
    // Regression (fuzz crash, docs/FUZZING.md): Unicode separators between words.
    let separators = entry("separators");
    assert!(separators["error"].is_null(), "{separators:#}");
    assert_eq!(separators["claims"], 2, "{separators:#}");
    assert!(entry("folder.md/inner")["error"].is_null());
    assert!(report["summary"]["claims"].as_u64().unwrap() >= 2);
    assert_eq!(
        report["summary"]["rejected"].as_u64().unwrap() as usize,
        rows.len() - 1
    );
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("symlink loop")),
        "{:#?}",
        report["warnings"]
    );
}

/// Reports already in the output directory are left as they were by a failing run.
fn assert_run_fails_keeping_reports(mut c: Command, out: &Path, message: &str) {
    let o = c.output().unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(message), "expected {message:?} in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("report.json")).unwrap(),
        "{\"earlier\": true}\n"
    );
}

#[test]
fn run_level_errors_exit_2_and_lose_nothing() {
    let out = tempfile::tempdir().unwrap();
    write(&out.path().join("report.json"), b"{\"earlier\": true}\n");
    let corpus = tempfile::tempdir().unwrap();
    write(&corpus.path().join("good.txt"), GOOD.as_bytes());

    // Missing corpus.
    let mut c = crosscheck();
    run_args(&mut c, Path::new("/nonexistent/corpus"), out.path());
    assert_run_fails_keeping_reports(c, out.path(), "corpus /nonexistent/corpus: does not exist");

    // Corrupt model weights.
    let model = tempfile::tempdir().unwrap();
    for f in ["config.json", "tokenizer.json"] {
        std::fs::copy(
            root().join("models/all-MiniLM-L6-v2").join(f),
            model.path().join(f),
        )
        .unwrap();
    }
    write(
        &model.path().join("model.safetensors"),
        b"\x08\x00\x00\x00\x00\x00\x00\x00{\"a\":1}",
    );
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), out.path());
    c.arg("--embed-model").arg(model.path());
    assert_run_fails_keeping_reports(c, out.path(), "model.safetensors");

    // A config.json whose id2label does not match the weights.
    let (models, _) = common::tiny_models();
    let bad = tempfile::tempdir().unwrap();
    for f in ["tokenizer.json", "model.safetensors"] {
        std::fs::copy(models.join("ner-bert").join(f), bad.path().join(f)).unwrap();
    }
    let mut config: Value = serde_json::from_str(
        &std::fs::read_to_string(models.join("ner-bert/config.json")).unwrap(),
    )
    .unwrap();
    config["id2label"] = serde_json::json!({"0": "O", "1": "B-PER"});
    config["label2id"] = serde_json::json!({"O": 0, "B-PER": 1});
    write(
        &bad.path().join("config.json"),
        config.to_string().as_bytes(),
    );
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), out.path());
    c.arg("--ner-model").arg(bad.path());
    assert_run_fails_keeping_reports(
        c,
        out.path(),
        "tensor classifier.weight has shape [9, 32] in the file but [2, 32] in the model",
    );

    // An unreadable configuration file.
    let cfg = corpus.path().join("crosscheck.toml");
    write(&cfg, b"[align]\nmin_text_similarity = \"high\"\n");
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), out.path());
    c.arg("--config").arg(&cfg);
    assert_run_fails_keeping_reports(c, out.path(), "crosscheck.toml");
}

/// `n` varied articles that reuse entities and numbers, so alignment has work.
fn generated_corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let orgs = [
        "Microsoft",
        "OpenAI",
        "Google",
        "Amazon",
        "Oracle",
        "Nvidia",
        "Meta",
    ];
    let outlets = ["Reuters", "Bloomberg", "The Verge", "CNBC"];
    for i in 0..n {
        let (a, b) = (orgs[i % orgs.len()], orgs[(i / 3 + 1) % orgs.len()]);
        let amount = [10, 13, 13, 2, 4][i % 5];
        let pct = [20, 20, 15, 8][i % 4];
        let year = [2030, 2030, 2032][i % 3];
        let body = format!(
            "{a} has invested ${amount} billion in {b}, {outlet} reported.\n\n\
             {b} will share {pct} percent of its revenue with {a} through {year}, people familiar with the matter said.\n\n\
             The rumored deal could potentially include Oracle cloud capacity in {city} for article {i}.\n",
            outlet = outlets[i % outlets.len()],
            city = ["Texas", "Ohio", "Oregon"][i % 3],
        );
        write(&dir.path().join(format!("a{i:04}.txt")), body.as_bytes());
    }
    dir
}

#[test]
fn the_same_corpus_gives_byte_identical_reports() {
    let corpus = generated_corpus(40);
    let outs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let index = tempfile::tempdir().unwrap();
    for (k, out) in outs.iter().enumerate() {
        let mut c = crosscheck();
        run_args(&mut c, corpus.path(), out.path());
        match k {
            // Afresh on one pipeline thread, then with the index cold and warm on
            // two; the cold run's model threads sleep while they wait (what a run
            // restarted on a busy machine does), the others spin.
            0 => {
                c.arg("--no-index")
                    .env("RAYON_NUM_THREADS", "1")
                    .env("OMP_WAIT_POLICY", "ACTIVE");
            }
            1 => {
                c.arg("--index")
                    .arg(index.path())
                    .env("RAYON_NUM_THREADS", "2")
                    .env("OMP_WAIT_POLICY", "PASSIVE");
            }
            _ => {
                c.arg("--index")
                    .arg(index.path())
                    .env("RAYON_NUM_THREADS", "2")
                    .env("OMP_WAIT_POLICY", "ACTIVE");
            }
        }
        let o = c.output().unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            text(&o.stderr)
        );
    }
    for f in [
        "report.json",
        "report.md",
        "index.html",
        "claimreview.jsonld",
    ] {
        let first = std::fs::read(outs[0].path().join(f)).unwrap();
        for out in &outs[1..] {
            assert!(
                first == std::fs::read(out.path().join(f)).unwrap(),
                "{f} differs between runs"
            );
        }
    }
    let r = report(outs[0].path());
    assert!(
        r["alignment"]["aligned_pairs"].as_u64().unwrap() > 100,
        "a corpus with work to do: {}",
        r["alignment"]
    );
}

/// A process that keeps one core busy until dropped.
struct BusyLoop(std::process::Child);

impl BusyLoop {
    fn start() -> BusyLoop {
        let child = Command::new("sh")
            .args(["-c", "while :; do :; done"])
            .spawn()
            .unwrap();
        // Let it be running, not just started, when crosscheck looks.
        std::thread::sleep(std::time::Duration::from_millis(200));
        BusyLoop(child)
    }
}

impl Drop for BusyLoop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn beside_a_busy_process_the_models_wait_passively_with_the_same_results() {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return; // one core: libtorch runs one thread, nothing spins
    }
    let corpus = generated_corpus(12);
    let (passive, active) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let busy = BusyLoop::start();
    let mut c = crosscheck();
    c.args(["run", "--device", "cpu", "--no-index", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(passive.path())
        .env_remove("OMP_WAIT_POLICY")
        .env_remove("GOMP_SPINCOUNT");
    let o = c.output().unwrap();
    // 1: the generated articles contradict each other ($10bn against $13bn).
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("cores busy: restarted with OMP_WAIT_POLICY=PASSIVE"),
        "{stderr}"
    );
    // A policy the user set is kept: no restart, and the same bytes.
    let mut c = crosscheck();
    c.args(["run", "--device", "cpu", "--no-index", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(active.path())
        .env("OMP_WAIT_POLICY", "ACTIVE");
    let o = c.output().unwrap();
    drop(busy);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("restarted"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        std::fs::read(passive.path().join("report.json")).unwrap()
            == std::fs::read(active.path().join("report.json")).unwrap(),
        "report.json differs between the passive restart and a spinning run"
    );
}

fn records(index: &Path) -> usize {
    walk(index)
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .count()
}

#[test]
fn a_killed_run_resumes_from_the_index_and_reports_the_same() {
    let n = 256;
    let corpus = generated_corpus(n);
    // The uninterrupted run.
    let whole = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), whole.path());
    c.arg("--no-index");
    assert!(matches!(c.status().unwrap().code(), Some(0 | 1)));

    // The same run, killed (SIGKILL) once the index holds part of the corpus.
    let index = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), out.path());
    c.arg("--index")
        .arg(index.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = c.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while records(index.path()) == 0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = records(index.path());
    assert!(
        done > 0 && done < n,
        "{done} of {n} articles indexed when killed"
    );
    assert!(
        !out.path().join("report.json").exists(),
        "no report from the killed run"
    );
    // No temp file is taken for a record.
    let leftovers: Vec<_> = walk(index.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tmp"))
        .collect();
    assert!(leftovers.len() <= 1, "{leftovers:?}");

    // Run again: only the rest is computed; the report equals the uninterrupted one.
    let mut c = crosscheck();
    c.args(["run", "--device", "cpu", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path())
        .arg("--index")
        .arg(index.path());
    let o = c.output().unwrap();
    let stderr = text(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "index: {done} articles reused, {} computed",
            n - done
        )),
        "{stderr}"
    );
    for f in ["report.json", "index.html", "claimreview.jsonld"] {
        assert!(
            std::fs::read(whole.path().join(f)).unwrap()
                == std::fs::read(out.path().join(f)).unwrap(),
            "{f}: resumed run differs from the uninterrupted one"
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_truncated_index_record_is_recomputed_with_a_warning() {
    let corpus = generated_corpus(12);
    let index = tempfile::tempdir().unwrap();
    let first = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), first.path());
    c.arg("--index").arg(index.path());
    assert!(matches!(c.status().unwrap().code(), Some(0 | 1)));
    let record = walk(index.path())
        .into_iter()
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let bytes = std::fs::read(&record).unwrap();
    write(&record, &bytes[..bytes.len() / 2]);

    let second = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus.path(), second.path());
    c.arg("--index").arg(index.path());
    let o = c.output().unwrap();
    let stderr = text(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{stderr}");
    let name = record.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        stderr.contains(&name),
        "the damaged record is named: {stderr}"
    );
    assert_eq!(
        report(first.path())["facts"],
        report(second.path())["facts"]
    );
    // Rewritten whole.
    assert!(crosscheck::index::decode_record(&std::fs::read(&record).unwrap()).is_ok());
}

/// Runs `c` to completion and returns (exit code, peak RSS in MiB) of that process.
///
/// Measured through tests/py/peak_rss.py, which starts `c` and reports its `wait4`
/// figures: Linux carries the high-water mark of the process that spawns a child over
/// the child's `execve` into the child's `ru_maxrss`, and this process is the one test
/// binary, holding what its other tests loaded (libtorch, models), so a child of it
/// would measure at least as large as this process. Started from the script, it
/// carries over the interpreter's few MiB only.
fn peak_rss(c: Command) -> (Option<i32>, f64) {
    let python = root().join(".venv/bin/python");
    assert!(
        python.is_file(),
        "{} missing: run `make setup`",
        python.display()
    );
    let mut shim = Command::new(python);
    shim.args(["-I", "-S"])
        .arg(root().join("tests/py/peak_rss.py"))
        .arg(c.get_program())
        .args(c.get_args());
    if let Some(dir) = c.get_current_dir() {
        shim.current_dir(dir);
    }
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => shim.env(k, v),
            None => shim.env_remove(k),
        };
    }
    let o = shim.output().unwrap();
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "peak_rss.py: {stderr}");
    let fields: Vec<&str> = stdout.split_whitespace().collect();
    let [how, n, kib] = fields[..] else {
        panic!("peak_rss.py printed {stdout:?}: {stderr}");
    };
    let code = (how == "exit").then(|| n.parse().unwrap());
    (code, kib.parse::<f64>().unwrap() / 1024.0)
}

/// `crosscheck run --no-index` on `corpus`: its output directory, exit code and peak
/// RSS in MiB.
fn run_measured(corpus: &Path) -> (tempfile::TempDir, Option<i32>, f64) {
    let out = tempfile::tempdir().unwrap();
    let mut c = crosscheck();
    run_args(&mut c, corpus, out.path());
    c.arg("--no-index");
    let (code, rss) = peak_rss(c);
    (out, code, rss)
}

/// The documented bounds (docs/LIMITS.md): 10,000 tiny articles within 1.5 GiB, a
/// 50 MB article refused before it is read whole.
#[test]
fn memory_stays_bounded_on_many_articles_and_a_huge_one() {
    let corpus = tempfile::tempdir().unwrap();
    let verbs = [
        "raised", "lost", "spent", "borrowed", "paid", "earned", "invested", "returned",
    ];
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    for i in 0..10_000 {
        write(
            &corpus.path().join(format!("t{i:05}.txt")),
            format!(
                "Company{} {} ${} million in {}, the filing showed.\n",
                i % 997,
                verbs[i % 8],
                (i * 7) % 500 + 1,
                months[i % 12]
            )
            .as_bytes(),
        );
    }
    let (out, code, rss) = run_measured(corpus.path());
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}");
    let r = report(out.path());
    assert_eq!(r["summary"]["articles"], 10_000);
    eprintln!("10,000 tiny articles: peak RSS {rss:.0} MiB");
    assert!(rss < 1536.0, "peak RSS {rss:.0} MiB");
    // Alike claims do not make candidate pairs quadratic: each claim takes part in
    // at most max_candidates_per_claim (100) of them.
    let pairs = r["alignment"]["candidate_pairs"].as_u64().unwrap();
    assert!(pairs <= 10_000 * 100 / 2, "{pairs} candidate pairs");

    let huge = tempfile::tempdir().unwrap();
    write(&huge.path().join("ok.txt"), GOOD.as_bytes());
    let f = std::fs::File::create(huge.path().join("huge.txt")).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap(); // sparse: 50 MB of NULs on disk
    drop(f);
    let (out, code, rss) = run_measured(huge.path());
    assert_eq!(code, Some(0));
    eprintln!("a 50 MB article beside a small one: peak RSS {rss:.0} MiB");
    assert!(rss < 1024.0, "peak RSS {rss:.0} MiB");
    let r = report(out.path());
    let e = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "huge")
        .unwrap();
    assert!(e["error"].as_str().unwrap().contains("16 MiB limit"), "{e}");
}

/// A 5 MB article on one line without a sentence end (docs/LIMITS.md): cut into
/// sentences of at most 4,096 bytes at spaces, checked, and reported with a warning,
/// in bounded memory. Before the cut, the cues of such a line each searched the rest
/// of it for the end of their scope: the run did not finish.
#[test]
fn a_five_megabyte_line_is_cut_into_bounded_sentences() {
    let corpus = tempfile::tempdir().unwrap();
    write(&corpus.path().join("good.txt"), GOOD.as_bytes());
    let block = format!(
        "{}Microsoft may buy it and ",
        "the board may review the plan and ".repeat(1200)
    );
    let mut line = block.repeat(5 * 1024 * 1024 / block.len() + 1);
    line.truncate(5 * 1024 * 1024);
    line.push('\n');
    write(&corpus.path().join("line.txt"), line.as_bytes());
    let (out, code, rss) = run_measured(corpus.path());
    assert_eq!(code, Some(0));
    eprintln!("a 5 MB line: peak RSS {rss:.0} MiB");
    assert!(rss < 1536.0, "peak RSS {rss:.0} MiB");

    let r = report(out.path());
    let max = crosscheck::segment::MAX_SENTENCE_BYTES;
    let warning = format!("line.txt: text ran past {max} bytes without a sentence end");
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(&warning)),
        "{:#?}",
        r["warnings"]
    );
    let articles = r["articles"].as_array().unwrap();
    let entry = |id: &str| articles.iter().find(|a| a["id"] == id).unwrap();
    assert!(entry("line")["error"].is_null());
    let sentences = entry("line")["sentences"].as_u64().unwrap() as usize;
    assert!(sentences >= line.len() / max, "{sentences} sentences");
    let claims = r["claims"].as_array().unwrap();
    let of_line: Vec<&Value> = claims.iter().filter(|c| c["article"] == "line").collect();
    // Every piece is a statement and so a claim (none is furniture), each hedged by
    // the "may"s in it.
    assert_eq!(of_line.len(), sentences);
    for c in &of_line {
        assert!(c["text"].as_str().unwrap().len() <= max);
        assert_eq!(c["speculative"], true);
        for cue in c["cues"].as_array().unwrap() {
            let scope = cue["scope"].as_str().unwrap();
            assert!(
                scope.len() <= crosscheck::claims::MAX_SCOPE_BYTES + 3,
                "{scope}"
            );
        }
    }
    assert!(claims.iter().any(|c| c["article"] == "good"));
}

/// A recognizer with a planted bug: it panics on any sentence naming "Tripwire", as
/// a real bug would on some rare text. Its info is the wrapped engine's, so records
/// it makes are the same records the real engine makes.
struct Tripwire(Box<dyn crosscheck::entities::EntityRecognizer>);

impl crosscheck::entities::EntityRecognizer for Tripwire {
    fn info(&self) -> crosscheck::engine::EngineInfo {
        self.0.info()
    }
    fn recognize_batch(
        &self,
        texts: &[&str],
    ) -> crosscheck::error::Result<Vec<Vec<crosscheck::entities::Entity>>> {
        if let Some(t) = texts.iter().find(|t| t.contains("Tripwire")) {
            panic!("planted bug on {t:?}");
        }
        self.0.recognize_batch(texts)
    }
}

#[test]
fn a_panic_in_one_article_is_recorded_and_the_batch_goes_on() {
    use crosscheck::pipeline::{self, Engines, RunOptions};
    let corpus = tempfile::tempdir().unwrap();
    write(&corpus.path().join("a-good.txt"), GOOD.as_bytes());
    write(
        &corpus.path().join("b-buggy.txt"),
        b"Tripwire Labs raised $40 million from investors in 2024, Reuters reported.\n",
    );
    write(
        &corpus.path().join("c-good.txt"),
        b"Microsoft has invested $10 billion in OpenAI, Bloomberg reported on Monday.\n",
    );
    let index = tempfile::tempdir().unwrap();
    let cfg = common::config();
    let engines = |planted: bool| {
        let mut e = Engines::load(&cfg, tch::Device::Cpu, &mut |_| {}).unwrap();
        if planted {
            e.ner = Box::new(Tripwire(e.ner));
        }
        e
    };
    let opts = RunOptions {
        corpus: corpus.path().to_path_buf(),
        progress: false,
        index: Some(index.path().to_path_buf()),
    };

    let report = pipeline::run(&cfg, &engines(true), &opts).expect("the batch goes on");
    let errors: Vec<(&str, &str)> = report
        .articles
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.error.as_deref()?)))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "b-buggy");
    assert!(
        errors[0].1.contains("planted bug on") && errors[0].1.contains("bug in crosscheck"),
        "{}",
        errors[0].1
    );
    assert_eq!((report.summary.articles, report.summary.rejected), (2, 1));
    let articles_with_claims: Vec<&str> =
        report.claims.iter().map(|c| c.article.as_str()).collect();
    assert!(articles_with_claims.contains(&"a-good") && articles_with_claims.contains(&"c-good"));
    assert!(!articles_with_claims.contains(&"b-buggy"));
    // The good articles' contradiction ($13bn vs $10bn) is still found.
    assert_eq!(report.summary.contradicted, 1, "{:?}", report.summary);
    // The failed article is not stored: the index holds the two good ones, and a run
    // with the bug fixed computes only the third.
    assert_eq!(records(index.path()), 2);
    let fixed = pipeline::run(&cfg, &engines(false), &opts).unwrap();
    assert_eq!((fixed.reused, fixed.computed), (2, 1));
    assert!(fixed.articles.iter().all(|a| a.error.is_none()));
    assert!(fixed.claims.iter().any(|c| c.article.as_str() == "b-buggy"));

    // `check` of the buggy file and a good one: an error for the buggy file (exit 2
    // in the binary), and the good one is still checked against the corpus.
    let good_corpus = tempfile::tempdir().unwrap();
    write(&good_corpus.path().join("a-good.txt"), GOOD.as_bytes());
    let checked = crosscheck::pipeline::check(
        &cfg,
        &engines(true),
        &[
            corpus.path().join("b-buggy.txt"),
            corpus.path().join("c-good.txt"),
        ],
        &crosscheck::pipeline::CheckOptions {
            corpus: good_corpus.path().to_path_buf(),
            index: None,
            fail_on: Default::default(),
            progress: false,
        },
    )
    .expect("check goes on past the buggy file");
    assert_eq!(checked.summary.errors, 1);
    assert!(checked.articles[0]
        .error
        .as_deref()
        .is_some_and(|e| e.contains("planted bug on")));
    assert!(checked.articles[1].error.is_none());
    assert_eq!(checked.summary.contradictions, 1, "{:?}", checked.summary);
}
