//! The batch run on a Ray cluster (bridge/, docs/SCALING.md): reports byte-identical
//! to `crosscheck run`'s, a worker killed with SIGKILL mid-run retried, bad articles
//! recorded as a single-machine run records them, a restarted driver reusing the
//! records already written.
//!
//! Each test starts its own local cluster (bridge/local_cluster.py: a head and one
//! worker node, in a network namespace with loopback only, free ports) for one
//! command and stops it, everything it started included; the tests take turns (two
//! clusters at once would only slow each other down on a small machine). Every wait is
//! bounded: past [`LIMIT`] the launcher is stopped and the test fails with its output.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::common::{self, root};

/// The longest one cluster command may take (cluster start, driver, stop).
const LIMIT: Duration = Duration::from_secs(420);

/// One cluster at a time.
static CLUSTER: Mutex<()> = Mutex::new(());

/// The four reports, compared byte for byte.
const REPORTS: [&str; 4] = [
    "report.json",
    "report.md",
    "index.html",
    "claimreview.jsonld",
];

fn python() -> PathBuf {
    let p = root().join(".venv/bin/python");
    assert!(p.is_file(), "{} missing: run `make setup`", p.display());
    p
}

/// The driver's command line over `corpus`, into `index` and `out`.
fn driver(corpus: &Path, index: &Path, out: &Path) -> Vec<OsString> {
    let mut v: Vec<OsString> = vec![
        python().into(),
        root().join("bridge/ray_driver.py").into(),
        "--bin".into(),
        env!("CARGO_BIN_EXE_crosscheck").into(),
        "--corpus".into(),
        corpus.into(),
        "--index".into(),
        index.into(),
        "--out".into(),
        out.into(),
    ];
    // One article a batch, so that both actors get work; one model thread, as the
    // reference run has.
    for a in [
        "--batch-size",
        "1",
        "--model-threads",
        "1",
        "--device",
        "cpu",
    ] {
        v.push(a.into());
    }
    v
}

/// What a cluster command printed, and how it ended.
struct Ran {
    code: Option<i32>,
    output: String,
}

/// Runs `command` on a fresh local cluster, calling `watch` about every 100 ms while
/// it runs (a fault test's hook); bounded by [`LIMIT`].
fn on_cluster(command: &[OsString], work: &Path, mut watch: impl FnMut()) -> Ran {
    let _turn = CLUSTER.lock().unwrap_or_else(|e| e.into_inner());
    let log = work.join("cluster.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut child = Command::new(python())
        .arg(root().join("bridge/local_cluster.py"))
        .arg("--isolate-network=require")
        .arg("--")
        .args(command)
        .current_dir(root())
        // As common::crosscheck_bin: the hub models are absent for every test.
        .env("HF_HOME", root().join("target/test-hf-home"))
        .env_remove("HF_ENDPOINT")
        .env_remove("RAY_ADDRESS")
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > LIMIT {
            break None;
        }
        watch();
        std::thread::sleep(Duration::from_millis(100));
    };
    let status = status.or_else(|| {
        // Too long: SIGTERM makes the launcher stop its cluster; then SIGKILL.
        signal(child.id(), libc::SIGTERM);
        let end = Instant::now() + Duration::from_secs(60);
        while Instant::now() < end {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    });
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.is_some(),
        "the cluster command ran past {LIMIT:?}:\n{output}"
    );
    assert!(
        output.contains("local_cluster: cluster stopped"),
        "the cluster did not stop:\n{output}"
    );
    assert_no_process_left(work);
    Ran {
        code: status.and_then(|s| s.code()),
        output,
    }
}

fn signal(pid: u32, sig: libc::c_int) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill(2) with a pid this test read and a valid signal number.
    unsafe { libc::kill(pid, sig) == 0 }
}

/// No process naming the test's directory (a driver, a crosscheck worker) is left
/// once the launcher is done (zombies aside).
fn assert_no_process_left(work: &Path) {
    let needle = work.as_os_str().as_encoded_bytes().to_vec();
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let left: Vec<String> = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            })
            .filter(|e| {
                let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
                let state = stat.rsplit(')').next().unwrap_or("").trim_start();
                !state.starts_with('Z')
            })
            .filter_map(|e| {
                let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
                cmd.windows(needle.len())
                    .any(|w| w == needle.as_slice())
                    .then(|| String::from_utf8_lossy(&cmd).replace('\0', " "))
            })
            .collect();
        if left.is_empty() {
            return;
        }
        assert!(Instant::now() < end, "processes left running: {left:#?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `crosscheck run` on one machine, no index: the reports to match.
fn reference(corpus: &Path, out: &Path) {
    let o = common::crosscheck_bin()
        .unwrap()
        .current_dir(root())
        .args(["run", "--quiet", "--device", "cpu", "--model-threads", "1"])
        .args(["--no-index", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn assert_same_reports(expected: &Path, got: &Path, output: &str) {
    for name in REPORTS {
        let a = std::fs::read(expected.join(name)).unwrap();
        let b = std::fs::read(got.join(name))
            .unwrap_or_else(|e| panic!("{name} through Ray: {e}\n{output}"));
        assert!(a == b, "{name} differs from `crosscheck run`'s\n{output}");
    }
}

/// The seed corpus, copied (index.toml too) into `dir`.
fn seed_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("corpus")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
        }
    }
    corpus
}

/// Records in the index (finished ones: temp files are hidden).
fn records(index: &Path) -> usize {
    std::fs::read_dir(index.join(format!("v{}", crosscheck::index::FORMAT)))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0)
}

/// The counts of the driver's last `analyze:` summary line: computed, reused,
/// rejected, failed.
fn analyzed(output: &str) -> [usize; 4] {
    let line = output
        .lines()
        .rev()
        .find(|l| l.starts_with("ray_driver: analyze:") && l.contains(" computed, "))
        .unwrap_or_else(|| panic!("no analyze summary:\n{output}"));
    let n = |word: &str| -> usize {
        let before = line.split(&format!(" {word}")).next().unwrap_or("");
        before
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| panic!("no {word} count in {line:?}"))
    };
    [n("computed"), n("reused"), n("rejected"), n("failed")]
}

/// The index and output directories of a Ray run in `work`, and the reports
/// `crosscheck run` writes for `corpus` (the reference), in that order.
fn referenced(corpus: &Path, work: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let expected = work.join("expected");
    reference(corpus, &expected);
    (work.join("index"), work.join("out"), expected)
}

/// The pid a stalled worker wrote into the stall file, once it has.
fn stalled_pid(file: &Path) -> Option<u32> {
    std::fs::read_to_string(file).ok()?.trim().parse().ok()
}

#[test]
fn seed_corpus_reports_through_ray_are_byte_identical_to_run() {
    let work = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(work.path());
    let (index, out, expected) = referenced(&corpus, work.path());
    let ran = on_cluster(&driver(&corpus, &index, &out), work.path(), || {});
    assert_eq!(ran.code, Some(0), "{}", ran.output);
    assert!(
        ran.output.contains("on 2 nodes"),
        "not a two-node cluster:\n{}",
        ran.output
    );
    assert_eq!(analyzed(&ran.output), [5, 0, 0, 0], "{}", ran.output);
    assert_same_reports(&expected, &out, &ran.output);
}

#[test]
fn a_worker_killed_mid_run_is_retried_and_bad_articles_are_recorded_as_by_run() {
    let work = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(work.path());
    // Bad articles, recorded in report.json with their error, not analysed.
    std::fs::write(corpus.join("bad-utf8.txt"), b"Revenue rose \xc3\x28 12%.\n").unwrap();
    std::fs::write(corpus.join("empty.md"), b"  \n\n").unwrap();
    let (index, out, expected) = referenced(&corpus, work.path());
    let stall = work.path().join("stall");
    let mut command: Vec<OsString> = vec!["env".into()];
    let mut hook = OsString::from(format!("{}=", "CROSSCHECK_WORKER_STALL"));
    hook.push(&stall);
    command.push(hook);
    command.extend(driver(&corpus, &index, &out));
    let mut killed = None;
    let ran = on_cluster(&command, work.path(), || {
        if killed.is_none() {
            if let Some(pid) = stalled_pid(&stall) {
                assert!(signal(pid, libc::SIGKILL), "kill -9 {pid} failed");
                killed = Some(pid);
            }
        }
    });
    let pid = killed.unwrap_or_else(|| panic!("no worker stalled:\n{}", ran.output));
    assert_eq!(ran.code, Some(0), "{}", ran.output);
    assert!(
        ran.output
            .contains(&format!("crosscheck worker {pid} ended")),
        "the killed worker's actor did not report it:\n{}",
        ran.output
    );
    // Every article is accounted for once, the killed request's included.
    let [computed, reused, rejected, failed] = analyzed(&ran.output);
    assert_eq!(
        (computed + reused, rejected, failed),
        (5, 2, 0),
        "{}",
        ran.output
    );
    assert_eq!(records(&index), 5);
    assert_same_reports(&expected, &out, &ran.output);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let error = |id: &str| {
        report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .and_then(|a| a["error"].as_str())
            .map(str::to_string)
    };
    assert_eq!(
        error("bad-utf8").as_deref(),
        Some("not valid UTF-8 (invalid byte at offset 13)")
    );
    assert_eq!(error("empty").as_deref(), Some("empty article (no text)"));
}

#[test]
fn a_driver_restarted_after_a_crash_reuses_the_records_written() {
    let work = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(work.path());
    let (index, out, expected) = referenced(&corpus, work.path());
    let stall = work.path().join("stall");
    let pidfile = work.path().join("driver.pid");
    // The first driver runs with a worker that stalls, is killed (SIGKILL) once some
    // records are written, and the second, the same command, runs to the end.
    let script = r#"env CROSSCHECK_WORKER_STALL="$STALL" "$@" & echo $! > "$PIDFILE"; wait $!; echo "driver 1 ended: $?"; echo "== restart =="; exec "$@""#;
    let mut command: Vec<OsString> = vec![
        "env".into(),
        format!("STALL={}", stall.display()).into(),
        format!("PIDFILE={}", pidfile.display()).into(),
        "sh".into(),
        "-c".into(),
        script.into(),
        "sh".into(),
    ];
    command.extend(driver(&corpus, &index, &out));
    let mut crashed_with = None;
    let ran = on_cluster(&command, work.path(), || {
        if crashed_with.is_some() {
            return;
        }
        let (Some(worker), Ok(driver)) = (
            stalled_pid(&stall),
            std::fs::read_to_string(&pidfile).map(|s| s.trim().parse::<u32>()),
        ) else {
            return;
        };
        if records(&index) == 0 {
            return;
        }
        let driver = driver.expect("driver pid");
        assert!(signal(driver, libc::SIGKILL), "kill -9 driver {driver}");
        // The stalled worker would wait out its stall: it goes too.
        signal(worker, libc::SIGKILL);
        crashed_with = Some(records(&index));
    });
    let written = crashed_with.unwrap_or_else(|| panic!("never crashed:\n{}", ran.output));
    assert_eq!(ran.code, Some(0), "{}", ran.output);
    assert!(ran.output.contains("driver 1 ended: 137"), "{}", ran.output);
    let after = ran.output.split("== restart ==").nth(1).unwrap_or("");
    let [computed, reused, rejected, failed] = analyzed(after);
    assert!(
        (1..=4).contains(&written) && reused >= written,
        "{written} records written before the crash, {reused} reused after:\n{}",
        ran.output
    );
    assert_eq!(
        (computed + reused, rejected, failed),
        (5, 0, 0),
        "{}",
        ran.output
    );
    assert_same_reports(&expected, &out, &ran.output);
}
