//! `crosscheck models fetch` against a local stand-in for the Hugging Face hub, and a
//! run that finds the fetched models where `make run` looks for them.
//!
//! The stand-in listens on 127.0.0.1 only and serves the tiny generated checkpoints
//! (tests/py/make_models.py) in the hub's URL layout: `/api/models/{id}/revision/{rev}`
//! lists a repository's files, `/{id}/resolve/{rev}/{file}` serves one with the
//! headers hf-hub reads (ETag, X-Repo-Commit, Content-Range for byte ranges). A
//! revision that is a commit resolves to itself, any other to [`COMMIT`].
//! HF_ENDPOINT points the binary at it and HF_HOME at a temporary cache.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::common::{self, root};

/// What a branch such as "main" resolves to on the stand-in.
const COMMIT: &str = "0123456789abcdef0123456789abcdef01234567";

/// The commit `revision` names on the stand-in.
fn commit_of(revision: &str) -> &str {
    if crosscheck::models::lock::is_commit(revision) {
        revision
    } else {
        COMMIT
    }
}

/// A hub serving `repos` (id -> directory) until the test process ends.
struct Hub {
    endpoint: String,
    /// Every request line received ("GET /path").
    requests: Arc<Mutex<Vec<String>>>,
}

impl Hub {
    fn serve(repos: BTreeMap<String, PathBuf>) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let repos = Arc::new(repos);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (repos, log) = (repos.clone(), log.clone());
                std::thread::spawn(move || answer(stream, &repos, &log));
            }
        });
        Hub { endpoint, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn answer(mut stream: TcpStream, repos: &BTreeMap<String, PathBuf>, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut range = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("range") {
                range = v.trim().strip_prefix("bytes=").map(str::to_string);
            }
        }
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    log.lock().unwrap().push(format!("{method} {path}"));

    let not_found = |s: &mut TcpStream| {
        let _ = s.write_all(
            b"HTTP/1.1 404 Not Found\r\nX-Error-Code: EntryNotFound\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    };
    // /api/models/{org}/{name}/revision/{rev}
    if let Some(rest) = path.strip_prefix("/api/models/") {
        let (id, rev) = rest.split_once("/revision/").unwrap_or((rest, "main"));
        let Some(dir) = repos.get(id) else {
            return not_found(&mut stream);
        };
        // Every file, subdirectories' too ("onnx/model.onnx"), as the hub lists them.
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                rel.to_string_lossy().into_owned()
            })
            .collect();
        files.sort();
        let body = json!({
            "id": id,
            "sha": commit_of(rev),
            "siblings": files.iter().map(|f| json!({"rfilename": f})).collect::<Vec<_>>(),
        })
        .to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body.as_bytes());
        return;
    }
    // /{org}/{name}/resolve/{rev}/{file}
    let Some((id, rev, file)) = path
        .trim_start_matches('/')
        .split_once("/resolve/")
        .and_then(|(id, rest)| rest.split_once('/').map(|(r, f)| (id, r, f)))
    else {
        return not_found(&mut stream);
    };
    let Some(bytes) = repos.get(id).and_then(|d| std::fs::read(d.join(file)).ok()) else {
        return not_found(&mut stream);
    };
    let total = bytes.len();
    let (start, end) = match range.as_deref().and_then(|r| r.split_once('-')) {
        Some((a, b)) => (
            a.parse().unwrap_or(0),
            b.parse::<usize>()
                .map(|e| e.min(total - 1))
                .unwrap_or(total - 1),
        ),
        None => (0, total - 1),
    };
    let body = &bytes[start..=end];
    // A content hash as the ETag: hf-hub names the cached blob after it.
    let etag = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    });
    let head = format!(
        "HTTP/1.1 206 Partial Content\r\nETag: \"{etag:016x}{total:08x}\"\r\nX-Repo-Commit: {}\r\n\
         Content-Range: bytes {start}-{end}/{total}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        commit_of(rev),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// A repository directory: `from`'s files plus files a run must not download.
fn repo_dir(parent: &Path, name: &str, from: &Path) -> PathBuf {
    let d = parent.join(name);
    std::fs::create_dir_all(&d).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.join(e.file_name())).unwrap();
    }
    std::fs::write(d.join("pytorch_model.bin"), b"not needed").unwrap();
    std::fs::write(d.join("README.md"), b"# a tiny test model\n").unwrap();
    d
}

/// The binary run from the repository root, as `make run` runs it, with its own
/// Hugging Face cache and the hub at `endpoint`.
fn crosscheck(hf_home: &Path, endpoint: &str) -> assert_cmd::Command {
    let mut c = common::crosscheck_bin().unwrap();
    c.current_dir(root())
        .env("HF_HOME", hf_home)
        .env("HF_ENDPOINT", endpoint)
        .env_remove("HF_HUB_OFFLINE");
    c
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// `crosscheck run` offline (HF_HUB_OFFLINE) over one seed article with `args` added,
/// as `make run` runs it: its stderr and report.json. The run must succeed (0 or 1).
fn offline_run(hf_home: &Path, endpoint: &str, args: &[&str]) -> (String, Value) {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/003_deb2854ad579132a.txt"),
        corpus.path().join("003.txt"),
    )
    .unwrap();
    let reports = tempfile::tempdir().unwrap();
    let o = crosscheck(hf_home, endpoint)
        .env("HF_HUB_OFFLINE", "1")
        .args(["run", "--quiet", "--no-index"])
        .args(args)
        .arg("--corpus")
        .arg(corpus.path())
        .arg("--out")
        .arg(reports.path())
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {stderr}");
    let report =
        serde_json::from_str(&std::fs::read_to_string(reports.path().join("report.json")).unwrap())
            .unwrap();
    (stderr, report)
}

/// The manifest's own hub ids (models/models.toml), served as the tiny models: after
/// `models fetch`, the command `make run` runs finds them in the cache and reports
/// transformer engines, without touching the network again.
#[test]
fn fetched_models_serve_the_run_that_make_run_starts() {
    let (models, _) = common::tiny_models();
    let served = tempfile::tempdir().unwrap();
    let manifest =
        crosscheck::models::manifest::Manifest::load(&root().join("models/models.toml")).unwrap();
    let hub_id = |role: &str| manifest.roles[role].hub.clone().unwrap();
    let (ner_id, nli_id) = (hub_id("ner"), hub_id("nli"));
    // The manifest pins commits, not branches.
    let rev = |role: &str| manifest.roles[role].revision.clone().unwrap();
    let (ner_rev, nli_rev) = (rev("ner"), rev("nli"));
    for r in [&ner_rev, &nli_rev] {
        assert!(crosscheck::models::lock::is_commit(r), "{r}");
    }
    // dslim/bert-base-NER ships vocab.txt, not tokenizer.json: so does ner-bert-vocab.
    // cross-encoder/nli-deberta-v3-base ships spm.model and added_tokens.json, not
    // tokenizer.json: so does nli-deberta-spm.
    let repos = BTreeMap::from([
        (
            ner_id.clone(),
            repo_dir(served.path(), "ner", &models.join("ner-bert-vocab")),
        ),
        (
            nli_id.clone(),
            repo_dir(served.path(), "nli", &models.join("nli-deberta-spm")),
        ),
    ]);
    let hub = Hub::serve(repos);
    let cache = tempfile::tempdir().unwrap();

    let o = crosscheck(cache.path(), &hub.endpoint)
        .args(["models", "list"])
        .output()
        .unwrap();
    assert!(
        text(&o.stdout).contains("not in the Hugging Face cache"),
        "{}",
        text(&o.stdout)
    );

    let o = crosscheck(cache.path(), &hub.endpoint)
        .args(["models", "fetch"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(&format!("ner: fetched {ner_id}@{ner_rev}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("nli: fetched {nli_id}@{nli_rev}")),
        "{out}"
    );
    // This repository's manifest has no lock for the real commits (docs/MODELS.md).
    assert!(
        text(&o.stderr).contains(&format!("has no sha256 lock for {ner_id}@{ner_rev}")),
        "{}",
        text(&o.stderr)
    );

    let requests = hub.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.ends_with(&format!("/resolve/{ner_rev}/vocab.txt"))),
        "{requests:#?}"
    );
    for unwanted in ["pytorch_model.bin", "README.md"] {
        assert!(
            !requests.iter().any(|r| r.contains(unwanted)),
            "{unwanted} downloaded: {requests:#?}"
        );
    }
    // The snapshot of `id` at `rev`, holding `files`.
    let snapshot = |id: &str, rev: &str, files: &[&str]| {
        let dir = cache.path().join(format!(
            "hub/models--{}/snapshots/{rev}",
            id.replace('/', "--")
        ));
        for f in files {
            assert!(dir.join(f).is_file(), "{f} not in {}", dir.display());
        }
        dir
    };
    let ner_snapshot = snapshot(
        &ner_id,
        &ner_rev,
        &[
            "config.json",
            "vocab.txt",
            "tokenizer_config.json",
            "model.safetensors",
        ],
    );
    assert_eq!(
        std::fs::read(ner_snapshot.join("model.safetensors")).unwrap(),
        std::fs::read(models.join("ner-bert-vocab/model.safetensors")).unwrap()
    );
    snapshot(
        &nli_id,
        &nli_rev,
        &[
            "spm.model",
            "added_tokens.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
        ],
    );

    // Offline from here on: list, verify and the run read the cache only.
    let before = hub.requests().len();
    let offline = |args: &[&str]| {
        crosscheck(cache.path(), &hub.endpoint)
            .env("HF_HUB_OFFLINE", "1")
            .args(args)
            .output()
            .unwrap()
    };
    let o = offline(&["models", "list"]);
    let out = text(&o.stdout);
    assert!(
        out.contains("present") && !out.contains("not in the"),
        "{out}"
    );
    let o = offline(&["models", "verify"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );

    let (stderr, report) = offline_run(cache.path(), &hub.endpoint, &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let engines = &report["engines"];
    assert_eq!(engines["ner"]["kind"], "transformer", "{engines}");
    assert_eq!(engines["ner"]["model"], ner_id.as_str());
    assert_eq!(engines["ner"]["revision"], ner_rev.as_str());
    assert_eq!(engines["nli"]["revision"], nli_rev.as_str());
    assert_eq!(engines["nli"]["kind"], "transformer");
    assert_eq!(engines["nli"]["model"], nli_id.as_str());
    assert_eq!(engines["device"], "cpu");
    assert_eq!(
        hub.requests().len(),
        before,
        "offline commands made requests"
    );
}

#[test]
fn fetch_refuses_offline_and_names_what_a_repository_lacks() {
    let (models, _) = common::tiny_models();
    let served = tempfile::tempdir().unwrap();
    // No weights file crosscheck reads (TensorFlow's only).
    let no_weights = repo_dir(served.path(), "no-weights", &models.join("ner-bert"));
    std::fs::remove_file(no_weights.join("model.safetensors")).unwrap();
    std::fs::remove_file(no_weights.join("pytorch_model.bin")).unwrap();
    std::fs::write(no_weights.join("tf_model.h5"), b"not read").unwrap();
    let hub = Hub::serve(BTreeMap::from([(
        "tests/no-weights".to_string(),
        no_weights,
    )]));
    let cache = tempfile::tempdir().unwrap();

    let o = crosscheck(cache.path(), &hub.endpoint)
        .args(["models", "--ner-model", "tests/no-weights", "fetch", "ner"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("has no model.safetensors, rust_model.ot or pytorch_model.bin"),
        "{err}"
    );
    assert!(!hub.requests().iter().any(|r| r.contains("/resolve/")));

    let o = crosscheck(cache.path(), &hub.endpoint)
        .args([
            "models",
            "--ner-model",
            "tests/no-such-model",
            "fetch",
            "ner",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("tests/no-such-model"),
        "{}",
        text(&o.stderr)
    );

    let before = hub.requests().len();
    let o = crosscheck(cache.path(), &hub.endpoint)
        .env("HF_HUB_OFFLINE", "1")
        .args(["models", "--ner-model", "tests/no-weights", "fetch", "ner"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("HF_HUB_OFFLINE"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(hub.requests().len(), before);
    // Nothing was cached by the failed fetches.
    assert!(!cache
        .path()
        .join("hub/models--tests--no-weights/snapshots")
        .exists());
}

/// A manifest of its own (through crosscheck.toml) naming the tiny models by branch:
/// `models fetch --update` pins the commit and locks every file a run reads; a plain
/// fetch and `verify` check them; a changed file in the cache, or on the hub, is an
/// error naming it, and the changed file does not stay where a run would read it.
#[test]
fn the_lock_records_checks_and_refuses_changed_files() {
    let (models, _) = common::tiny_models();
    let served = tempfile::tempdir().unwrap();
    let ner_dir = repo_dir(served.path(), "ner", &models.join("ner-bert-vocab"));
    let nli_dir = repo_dir(served.path(), "nli", &models.join("nli-deberta-v2"));
    let hub = Hub::serve(BTreeMap::from([
        ("tests/ner".to_string(), ner_dir.clone()),
        ("tests/nli".to_string(), nli_dir),
    ]));
    let project = tempfile::tempdir().unwrap();
    let manifest = project.path().join("models.toml");
    std::fs::write(
        &manifest,
        "# our models\n[ner]\nhub = \"tests/ner\"\nrevision = \"main\" # moves\n\n\
         [nli]\nhub = \"tests/nli\"\nrevision = \"main\"\n",
    )
    .unwrap();
    let config = project.path().join("crosscheck.toml");
    std::fs::write(&config, "[models]\nmanifest = \"models.toml\"\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let models_cmd = |cache: &Path, args: &[&str]| {
        crosscheck(cache, &hub.endpoint)
            .arg("--config")
            .arg(&config)
            .arg("models")
            .args(args)
            .output()
            .unwrap()
    };

    let o = models_cmd(cache.path(), &["fetch", "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(&format!("ner: fetched tests/ner@{COMMIT}"))
            && out.contains(&format!("[ner] revision main -> {COMMIT}")),
        "{out}"
    );
    let written = std::fs::read_to_string(&manifest).unwrap();
    assert!(written.starts_with("# our models\n"), "{written}");
    let m = crosscheck::models::manifest::Manifest::load(&manifest).unwrap();
    assert_eq!(m.roles["ner"].revision.as_deref(), Some(COMMIT));
    let locked = m.locked("tests/ner", COMMIT).expect("ner locked");
    let files: Vec<&str> = locked.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "config.json",
            "model.safetensors",
            "special_tokens_map.json",
            "tokenizer_config.json",
            "vocab.txt"
        ]
    );
    for (f, hash) in locked {
        let served = std::fs::read(ner_dir.join(f)).unwrap();
        assert_eq!(*hash, crosscheck::fsio::content_hash(&served), "{f}");
    }

    // Fetched again at the pinned commit, and verified offline: the files match.
    let o = models_cmd(cache.path(), &["fetch"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout)
            .contains("ner: fetched tests/ner@0123456789abcdef0123456789abcdef01234567 into")
            && text(&o.stdout).contains("5 files match the lock"),
        "{}",
        text(&o.stdout)
    );
    let snapshot = cache
        .path()
        .join(format!("hub/models--tests--ner/snapshots/{COMMIT}"));
    let offline = |args: &[&str]| {
        crosscheck(cache.path(), &hub.endpoint)
            .env("HF_HUB_OFFLINE", "1")
            .arg("--config")
            .arg(&config)
            .arg("models")
            .args(args)
            .output()
            .unwrap()
    };
    let o = offline(&["verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains(&format!("ner: tests/ner@{COMMIT}: 5 files match the lock")),
        "{}",
        text(&o.stdout)
    );
    let o = offline(&["list"]);
    assert!(
        text(&o.stdout).contains(&format!("present (commit {COMMIT}, locked)")),
        "{}",
        text(&o.stdout)
    );

    // A file changed in the cache: verify fails and names it.
    let vocab = snapshot.join("vocab.txt");
    let mut bytes = std::fs::read(&vocab).unwrap();
    bytes.extend_from_slice(b"extra\n");
    std::fs::write(&vocab, &bytes).unwrap();
    let o = offline(&["verify"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains("vocab.txt has sha256") && err.contains("but the lock records"),
        "{err}"
    );

    // The hub now serves other weights at the same commit: a fresh fetch refuses them
    // and leaves them out of the snapshot, so no run reads them.
    let weights = ner_dir.join("model.safetensors");
    let mut bytes = std::fs::read(&weights).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&weights, &bytes).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let o = models_cmd(fresh.path(), &["fetch", "ner"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(
        err.contains("model.safetensors has sha256")
            && err.contains("removed model.safetensors from the cache"),
        "{err}"
    );
    let fresh_snapshot = fresh
        .path()
        .join(format!("hub/models--tests--ner/snapshots/{COMMIT}"));
    assert!(fresh_snapshot.join("config.json").is_file());
    assert!(!fresh_snapshot.join("model.safetensors").exists());
    let o = crosscheck(fresh.path(), &hub.endpoint)
        .env("HF_HUB_OFFLINE", "1")
        .arg("--config")
        .arg(&config)
        .args(["models", "list"])
        .output()
        .unwrap();
    assert!(
        text(&o.stdout)
            .contains("ner    hub tests/ner@0123456789abcdef0123456789abcdef01234567  absent"),
        "{}",
        text(&o.stdout)
    );
}

/// A repository that ships its weights only as pytorch_model.bin, as most older hub
/// models do: fetched (that file, no other weights) and loaded.
#[test]
fn a_repository_with_only_pytorch_model_bin_is_fetched_and_loads() {
    let (models, _) = common::tiny_models();
    let served = tempfile::tempdir().unwrap();
    let repo = served.path().join("bin-only");
    std::fs::create_dir_all(&repo).unwrap();
    for e in std::fs::read_dir(models.join("ner-bert-bin")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), repo.join(e.file_name())).unwrap();
    }
    std::fs::write(repo.join("tf_model.h5"), b"not needed").unwrap();
    assert!(!repo.join("model.safetensors").exists());
    let hub = Hub::serve(BTreeMap::from([("tests/bin-only".to_string(), repo)]));
    let cache = tempfile::tempdir().unwrap();

    let o = crosscheck(cache.path(), &hub.endpoint)
        .args(["models", "--ner-model", "tests/bin-only", "fetch", "ner"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let requests = hub.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.ends_with("/resolve/main/pytorch_model.bin")),
        "{requests:#?}"
    );
    assert!(
        !requests.iter().any(|r| r.contains("tf_model.h5")),
        "{requests:#?}"
    );

    let o = crosscheck(cache.path(), &hub.endpoint)
        .env("HF_HUB_OFFLINE", "1")
        .args(["models", "--ner-model", "tests/bin-only", "--nli-model"])
        .arg(models.join("nli-deberta-v2-bin"))
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}

/// The files of four real hub repositories at the commits the README lists, each name
/// as the repository has it: what crosscheck reads is a tiny generated model of the
/// same architecture and tokenizer kind, every other file a placeholder that must not
/// be downloaded. Each is fetched at its commit, then a run offline names transformer
/// engines with those commits.
#[test]
fn real_repository_file_sets_fetch_at_their_commits_and_run_offline() {
    let (models, _) = common::tiny_models();
    let served = tempfile::tempdir().unwrap();
    // A repository directory: `files` (paths as the hub lists them), taken from `from`
    // when it has them, else placeholders.
    let repo = |name: &str, files: &[&str], from: &str| -> PathBuf {
        let d = served.path().join(name);
        for f in files {
            let path = d.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let src = models.join(from).join(f);
            if src.is_file() {
                std::fs::copy(&src, &path).unwrap();
            } else {
                std::fs::write(&path, b"placeholder: not read by crosscheck").unwrap();
            }
        }
        d
    };
    const NER: (&str, &str) = (
        "dslim/bert-base-NER",
        "d1a3e8f13f8c3566299d95fcfc9a8d2382a9affc",
    );
    let ner_files = [
        ".gitattributes",
        "README.md",
        "added_tokens.json",
        "config.json",
        "flax_model.msgpack",
        "model.safetensors",
        "onnx/added_tokens.json",
        "onnx/config.json",
        "onnx/model.onnx",
        "onnx/special_tokens_map.json",
        "onnx/tokenizer.json",
        "onnx/tokenizer_config.json",
        "onnx/vocab.txt",
        "pytorch_model.bin",
        "special_tokens_map.json",
        "tf_model.h5",
        "tokenizer_config.json",
        "vocab.txt",
    ];
    // (id, commit, files, the tiny model, the files a run reads)
    type Repo<'a> = (&'a str, &'a str, &'a [&'a str], &'a str, &'a [&'a str]);
    let nli: [Repo; 3] = [
        (
            "cross-encoder/nli-deberta-v3-base",
            "6c749ce3425cd33b46d187e45b92bbf96ee12ec7",
            &[
                ".gitattributes",
                "README.md",
                "added_tokens.json",
                "config.json",
                "model.safetensors",
                "pytorch_model.bin",
                "special_tokens_map.json",
                "spm.model",
                "tokenizer_config.json",
            ],
            "nli-deberta-spm",
            &[
                "config.json",
                "spm.model",
                "added_tokens.json",
                "tokenizer_config.json",
                "special_tokens_map.json",
                "model.safetensors",
            ],
        ),
        (
            "FacebookAI/roberta-large-mnli",
            "2a8f12d27941090092df78e4ba6f0928eb5eac98",
            &[
                ".gitattributes",
                "README.md",
                "config.json",
                "flax_model.msgpack",
                "merges.txt",
                "model.safetensors",
                "pytorch_model.bin",
                "tf_model.h5",
                "tokenizer.json",
                "vocab.json",
            ],
            "nli-roberta",
            &["config.json", "tokenizer.json", "model.safetensors"],
        ),
        (
            "MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli",
            "eb8b17b1983bca679126ea69b12b5d28c5fe9b9a",
            &[
                ".gitattributes",
                "README.md",
                "added_tokens.json",
                "config.json",
                "model.safetensors",
                "pytorch_model.bin",
                "special_tokens_map.json",
                "spm.model",
                "tokenizer.json",
                "tokenizer_config.json",
            ],
            "nli-deberta-v2",
            &[
                "config.json",
                "tokenizer.json",
                "tokenizer_config.json",
                "special_tokens_map.json",
                "model.safetensors",
            ],
        ),
    ];
    let mut repos =
        BTreeMap::from([(NER.0.to_string(), repo("ner", &ner_files, "ner-bert-vocab"))]);
    for (id, _, files, from, _) in &nli {
        repos.insert(id.to_string(), repo(id, files, from));
    }
    let hub = Hub::serve(repos);
    let cache = tempfile::tempdir().unwrap();
    let ner_spec = format!("{}@{}", NER.0, NER.1);
    for (id, commit, files, _, reads) in &nli {
        let nli_spec = format!("{id}@{commit}");
        let before = hub.requests().len();
        let o = crosscheck(cache.path(), &hub.endpoint)
            .args([
                "models",
                "--ner-model",
                &ner_spec,
                "--nli-model",
                &nli_spec,
                "fetch",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{id}: {}", text(&o.stderr));
        assert!(
            text(&o.stdout).contains(&format!("nli: fetched {nli_spec} into")),
            "{}",
            text(&o.stdout)
        );
        // Only what a run reads, at the commit.
        let downloaded: Vec<String> = hub.requests()[before..]
            .iter()
            .filter_map(|r| r.split_once(&format!("/{id}/resolve/{commit}/")))
            .map(|(_, f)| f.to_string())
            .collect();
        let mut want: Vec<String> = reads.iter().map(|f| f.to_string()).collect();
        let mut got = downloaded.clone();
        got.sort();
        got.dedup();
        want.sort();
        assert_eq!(got, want, "{id}");
        for f in files.iter().filter(|f| !reads.contains(f)) {
            assert!(!downloaded.iter().any(|d| d == f), "{id}: {f} downloaded");
        }
        assert!(!hub
            .requests()
            .iter()
            .any(|r| r.contains("onnx/") || r.contains("tf_model.h5")));

        let before = hub.requests().len();
        let (_, report) = offline_run(
            cache.path(),
            &hub.endpoint,
            &["--ner-model", &ner_spec, "--nli-model", &nli_spec],
        );
        assert_eq!(
            hub.requests().len(),
            before,
            "{id}: the offline run made requests"
        );
        let engines = &report["engines"];
        assert_eq!(engines["ner"]["kind"], "transformer", "{engines}");
        assert_eq!(engines["ner"]["revision"], NER.1, "{engines}");
        assert_eq!(engines["nli"]["kind"], "transformer", "{engines}");
        assert_eq!(engines["nli"]["model"], *id, "{engines}");
        assert_eq!(engines["nli"]["revision"], *commit, "{engines}");
    }
}
