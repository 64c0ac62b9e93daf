//! Shared helpers for pipeline tests: run the real pipeline (real MiniLM embeddings)
//! on a corpus directory and query the report as JSON, the way a consumer would.
#![allow(dead_code)]

pub mod syndicated;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crosscheck::config::Config;
use crosscheck::pipeline::{self, Engines, RunOptions};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn config() -> Config {
    let mut cfg = Config::default();
    cfg.models.embed = Some(root().join("models/all-MiniLM-L6-v2"));
    // No manifest: the in-process pipeline tests are about the deterministic NER/NLI
    // engines, whatever models this machine has cached.
    cfg.models.manifest = Some(root().join("tests/fixtures/no-such-manifest.toml"));
    cfg.device = crosscheck::models::DeviceChoice::Cpu;
    cfg
}

/// Runs the pipeline and returns report.json as a JSON value. Panics when the
/// embedding model is missing: these tests are about the real path.
pub fn run_report(corpus: &Path) -> Value {
    run_report_with(corpus, config())
}

/// [`run_report`] under `cfg`.
pub fn run_report_with(corpus: &Path, cfg: Config) -> Value {
    assert!(
        cfg.models.embed_dir().is_dir(),
        "{} missing: run `make setup`",
        cfg.models.embed_dir().display()
    );
    let device = cfg.device.resolve().unwrap();
    let engines = Engines::load(&cfg, device, &mut |_| {}).unwrap();
    let report = pipeline::run(
        &cfg,
        &engines,
        &RunOptions {
            corpus: corpus.to_path_buf(),
            progress: false,
            index: None,
        },
    )
    .unwrap();
    serde_json::from_str(&crosscheck::report::render_json(&report).unwrap()).unwrap()
}

/// A temporary corpus holding copies of the given files (paths relative to the repo).
pub fn corpus_of(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let src = root().join(f);
        let name = src.file_name().unwrap();
        std::fs::copy(&src, dir.path().join(name)).unwrap();
    }
    dir
}

pub fn claims(report: &Value) -> &Vec<Value> {
    report["claims"].as_array().unwrap()
}

/// The report's facts (report.json v2): a claim with several figures is in several.
pub fn facts(report: &Value) -> &Vec<Value> {
    report["facts"].as_array().unwrap()
}

/// The one claim of `article` (id prefix) whose text contains `needle`.
pub fn claim<'a>(report: &'a Value, article: &str, needle: &str) -> &'a Value {
    let found: Vec<&Value> = claims(report)
        .iter()
        .filter(|c| c["article"].as_str().unwrap().starts_with(article))
        .filter(|c| c["text"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "claims of {article} containing {needle:?}: {found:#?}"
    );
    found[0]
}

pub fn fact_of<'a>(report: &'a Value, claim_id: &str) -> &'a Value {
    // The largest fact that holds the claim: the one its sentence shares with others.
    facts(report)
        .iter()
        .filter(|c| {
            c["claims"]
                .as_array()
                .unwrap()
                .iter()
                .any(|id| id == claim_id)
        })
        .max_by_key(|c| c["claims"].as_array().unwrap().len())
        .unwrap_or_else(|| panic!("no fact holds {claim_id}"))
}

/// The fact that holds quantity `text` of claim `claim_id`.
pub fn fact_with<'a>(report: &'a Value, claim_id: &str, text: &str) -> &'a Value {
    facts(report)
        .iter()
        .find(|f| {
            f["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["claim"] == claim_id && m["text"] == text)
        })
        .unwrap_or_else(|| panic!("no fact holds {text:?} of {claim_id}"))
}

pub fn has_quantity(claim: &Value, kind: &str, value: f64, unit: &str) -> bool {
    claim["quantities"].as_array().unwrap().iter().any(|q| {
        q["kind"] == kind
            && (q["value"].as_f64().unwrap() - value).abs() < 1e-6
            && q["unit"] == unit
    })
}

/// Article ids (prefix before '_') of a cluster.
pub fn article_prefixes(cluster: &Value) -> Vec<String> {
    cluster["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().split('_').next().unwrap().to_string())
        .collect()
}

/// The crosscheck binary, isolated from this machine's Hugging Face cache: the hub
/// models the manifest names are absent for every test, whatever was downloaded here.
pub fn crosscheck_bin() -> Result<assert_cmd::Command, assert_cmd::cargo::CargoError> {
    let mut c = assert_cmd::Command::cargo_bin("crosscheck")?;
    c.env("HF_HOME", root().join("target/test-hf-home"));
    c.env_remove("HF_ENDPOINT");
    Ok(c)
}

/// Tiny generated checkpoints and Python's reference outputs (tests/py/make_models.py,
/// run in the project venv): (directory, reference.json). Generated once under
/// target/tiny-models/<hash of the script>, so every test and every later run shares
/// one generation; a changed script generates afresh.
pub fn tiny_models() -> &'static (PathBuf, Value) {
    static MODELS: std::sync::OnceLock<(PathBuf, Value)> = std::sync::OnceLock::new();
    MODELS.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let script = root().join("tests/py/make_models.py");
        let minilm = root().join("models/all-MiniLM-L6-v2");
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::fs::read(&script).unwrap().hash(&mut h);
        let dir = root().join(format!("target/tiny-models/{:016x}", h.finish()));
        if !dir.join("reference.json").is_file() {
            let python = root().join(".venv/bin/python");
            assert!(
                python.is_file(),
                "{} missing: run `make setup`",
                python.display()
            );
            std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
            let tmp = tempfile::tempdir_in(dir.parent().unwrap()).unwrap();
            let out = std::process::Command::new(python)
                .arg(&script)
                .arg(tmp.path())
                .arg(&minilm)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "make_models.py failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            // Another process (a concurrent `cargo test`) may have won the race: its copy
            // is as good.
            let staged = tmp.keep();
            if std::fs::rename(&staged, &dir).is_err() {
                std::fs::remove_dir_all(&staged).unwrap();
            }
        }
        let reference =
            serde_json::from_str(&std::fs::read_to_string(dir.join("reference.json")).unwrap())
                .unwrap();
        (dir, reference)
    })
}

/// `crosscheck check` without the index, on the CPU, with JSON output (then
/// `--corpus DIR` and the files).
pub const CHECK_JSON: &[&str] = &[
    "check",
    "--quiet",
    "--no-index",
    "--device",
    "cpu",
    "--format",
    "json",
];

/// A command's stdout as JSON; a panic shows its stderr when it is not.
pub fn stdout_json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)))
}
