//! The transformer NER and NLI engines against Python `transformers` on the same
//! checkpoints. tests/py/make_models.py (run in the project venv) generates small
//! random models of every supported architecture plus the real all-MiniLM-L6-v2
//! encoder under fresh heads, and what Python computes for fixed inputs: token
//! logits, the token-classification pipeline's entities (aggregation "first" and
//! "average"), NLI probabilities. Rust must match within 1e-4, spans exactly.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crosscheck::entities::TransformerNer;
use crosscheck::models::Aggregation;
use crosscheck::verify::nli::TransformerNli;
use crosscheck::verify::NliEngine;

use crate::common::{self, root};

const ARCHS: &[&str] = &["bert", "roberta", "distilbert", "deberta-v2"];

fn models() -> &'static (PathBuf, Value) {
    common::tiny_models()
}

fn ner(dir: &Path, name: &str) -> TransformerNer {
    TransformerNer::load(&dir.join(name), name, tch::Device::Cpu, 3, 128).unwrap()
}

fn nli(dir: &Path, name: &str) -> TransformerNli {
    TransformerNli::load(&dir.join(name), name, tch::Device::Cpu, 8, 128).unwrap()
}

/// The (premise, hypothesis) pairs of a reference entry.
fn pairs(reference: &'static Value) -> Vec<(&'static str, &'static str)> {
    reference["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
        .collect()
}

fn softmax(row: &[f64]) -> Vec<f64> {
    let max = row.iter().copied().fold(f64::MIN, f64::max);
    let exp: Vec<f64> = row.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = exp.iter().sum();
    exp.iter().map(|e| e / sum).collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Rust's token probabilities equal softmax(Python logits), token by token.
fn assert_token_parity(model: &TransformerNer, reference: &Value, what: &str) {
    let inputs = strings(&reference["inputs"]);
    let texts: Vec<&str> = inputs.iter().map(String::as_str).collect();
    // Batch size 3 over 5 texts of different lengths: padding is exercised.
    let out = model.token_probs(&texts).unwrap();
    for (i, (_, probs)) in out.iter().enumerate() {
        let logits = reference["logits"][i].as_array().unwrap();
        assert_eq!(probs.len(), logits.len(), "{what} input {i}: token count");
        for (t, (row, py)) in probs.iter().zip(logits).enumerate() {
            let py: Vec<f64> = py
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            for (a, b) in row.iter().zip(softmax(&py)) {
                assert!(
                    (f64::from(*a) - b).abs() < 1e-4,
                    "{what} input {i} token {t}: {a} vs {b}"
                );
            }
        }
    }
}

#[test]
fn ner_token_probabilities_match_transformers_for_every_architecture() {
    let (dir, reference) = models();
    for arch in ARCHS {
        let name = format!("ner-{arch}");
        assert_token_parity(&ner(dir, &name), &reference[&name], &name);
    }
}

#[test]
fn ner_entity_spans_equal_the_transformers_pipeline() {
    let (dir, reference) = models();
    let mut compared = 0;
    // ner-bert-vocab is ner-bert with only vocab.txt for a tokenizer (as
    // dslim/bert-base-NER ships): the same entities are expected of it.
    let cases = ARCHS
        .iter()
        .map(|a| (format!("ner-{a}"), format!("ner-{a}")))
        .chain([
            ("ner-bert-vocab".to_string(), "ner-bert".to_string()),
            ("ner-bert-bin".to_string(), "ner-bert".to_string()),
        ]);
    for (model_name, name) in cases {
        let mut model = ner(dir, &model_name);
        let inputs = strings(&reference[&name]["inputs"]);
        let texts: Vec<&str> = inputs.iter().map(String::as_str).collect();
        for (strategy, agg) in [
            ("first", Aggregation::First),
            ("average", Aggregation::Average),
        ] {
            model.aggregation = agg;
            let spans = model.spans(&texts).unwrap();
            for (i, (text, got)) in texts.iter().zip(&spans).enumerate() {
                let want = reference[&name][strategy][i].as_array().unwrap();
                // Python reports character offsets; ours are bytes into the text.
                let chars = |b: usize| text[..b].chars().count() as u64;
                let got: Vec<(String, u64, u64)> = got
                    .iter()
                    .map(|s| (s.group.clone(), chars(s.start), chars(s.end)))
                    .collect();
                let expected: Vec<(String, u64, u64)> = want
                    .iter()
                    .map(|e| {
                        (
                            e["group"].as_str().unwrap().to_string(),
                            e["start"].as_u64().unwrap(),
                            e["end"].as_u64().unwrap(),
                        )
                    })
                    .collect();
                assert_eq!(got, expected, "{model_name} {strategy} input {i}: {text}");
                for (s, e) in spans[i].iter().zip(want) {
                    let py = e["score"].as_f64().unwrap();
                    assert!(
                        (f64::from(s.score) - py).abs() < 1e-4,
                        "{name} {strategy}: score"
                    );
                }
                compared += expected.len();
            }
        }
    }
    assert!(compared > 60, "only {compared} entities compared");
}

/// Character offsets (Python's) of an encoding whose offsets are bytes into `texts[i]`
/// for the tokens of sequence `i`.
fn char_offsets(enc: &tokenizers::Encoding, texts: &[&str]) -> Vec<[u64; 2]> {
    enc.get_offsets()
        .iter()
        .zip(enc.get_sequence_ids())
        .map(|(&(s, e), seq)| {
            let text = texts[seq.unwrap_or(0)];
            let chars = |b: usize| text[..b].chars().count() as u64;
            [chars(s), chars(e)]
        })
        .collect()
}

#[test]
fn checkpoints_without_tokenizer_json_tokenize_as_transformers_does() {
    let (dir, reference) = models();
    // WordPiece (vocab.txt), byte-level BPE (vocab.json + merges.txt), and SentencePiece:
    // DeBERTa-v3's spm.model (plain, and with split_by_punct and do_lower_case) and
    // XLM-R's sentencepiece.bpe.model.
    let names = [
        "tok-wordpiece",
        "tok-bpe",
        "tok-spm-deberta",
        "tok-spm-deberta-punct-lower",
        "tok-spm-xlmr",
    ];
    for name in names {
        let d = dir.join(name);
        assert!(!d.join("tokenizer.json").exists());
        let t = crosscheck::models::tokenizer::load(&d).unwrap();
        let want = &reference["tokenizers"][name];
        let singles = want["single"].as_array().unwrap();
        for w in singles {
            let text = w["text"].as_str().unwrap();
            let enc = t.encode(text, true).unwrap();
            let ids: Vec<u32> = serde_json::from_value(w["ids"].clone()).unwrap();
            assert_eq!(enc.get_ids(), ids.as_slice(), "{name}: ids of {text:?}");
            // Python's offsets are in characters; ours in bytes.
            let py: Vec<[u64; 2]> = serde_json::from_value(w["offsets"].clone()).unwrap();
            assert_eq!(
                char_offsets(&enc, &[text]),
                py,
                "{name}: offsets of {text:?}"
            );
        }
        let pairs = want["pair"].as_array().unwrap();
        for w in pairs {
            let (a, b) = (w["a"].as_str().unwrap(), w["b"].as_str().unwrap());
            let enc = t.encode((a, b), true).unwrap();
            let ids: Vec<u32> = serde_json::from_value(w["ids"].clone()).unwrap();
            let types: Vec<u32> = serde_json::from_value(w["type_ids"].clone()).unwrap();
            assert_eq!(
                enc.get_ids(),
                ids.as_slice(),
                "{name}: ids of ({a:?}, {b:?})"
            );
            assert_eq!(enc.get_type_ids(), types.as_slice(), "{name}: type ids");
            let py: Vec<[u64; 2]> = serde_json::from_value(w["offsets"].clone()).unwrap();
            assert_eq!(
                char_offsets(&enc, &[a, b]),
                py,
                "{name}: offsets of ({a:?}, {b:?})"
            );
        }
        // The added tokens, with the flags that decide how they match, are the fast
        // tokenizer's. (tok-bpe's specials are `normalized` in Python and not here; with
        // no normalizer on that path the flag changes nothing they match.)
        let added = t.get_added_tokens_decoder();
        let py = want["added_tokens"].as_array().unwrap();
        assert_eq!(added.len(), py.len(), "{name}: added tokens {added:?}");
        for p in py {
            let id: u32 = serde_json::from_value(p["id"].clone()).unwrap();
            let got = serde_json::to_value(&added[&id]).unwrap();
            let flags: &[&str] = if name == "tok-bpe" {
                &["content", "single_word", "lstrip", "rstrip", "special"]
            } else {
                &[
                    "content",
                    "single_word",
                    "lstrip",
                    "rstrip",
                    "normalized",
                    "special",
                ]
            };
            for key in flags {
                assert_eq!(got[key], p[key], "{name}: added token {id} {key}");
            }
        }
        let n = if name.starts_with("tok-spm") { 20 } else { 9 };
        assert!(singles.len() >= n && pairs.len() >= 5, "{name}");
    }
    // Where transformers' converted tokenizer is known to differ from its slow one, the
    // reference is the converted one's (what AutoTokenizer gives): split_by_punct keeps
    // a ▁ token for the space before a punctuation mark.
    let punct = &reference["tokenizers"]["tok-spm-deberta-punct-lower"];
    assert!(punct["slow_differs"].is_string());
    for name in [
        "tok-wordpiece",
        "tok-bpe",
        "tok-spm-deberta",
        "tok-spm-xlmr",
    ] {
        let want = &reference["tokenizers"][name];
        assert!(want.get("slow_differs").is_none(), "{name}");
        for w in want["single"]
            .as_array()
            .unwrap()
            .iter()
            .chain(want["pair"].as_array().unwrap())
        {
            assert!(w.get("slow_ids").is_none(), "{name}: {w}");
        }
    }
}

/// Rust's NLI scores equal Python's probabilities, label by label.
fn assert_nli_parity(model: &TransformerNli, reference: &'static Value, name: &str) {
    let pairs = pairs(reference);
    let scores = model.predict(&pairs).unwrap();
    assert_eq!(scores.len(), pairs.len(), "{name}");
    for (i, s) in scores.iter().enumerate() {
        let want = &reference["probs"][i];
        for (label, got) in [
            ("entailment", s.entailment),
            ("neutral", s.neutral),
            ("contradiction", s.contradiction),
        ] {
            let py = want[label].as_f64().unwrap();
            assert!(
                (f64::from(got) - py).abs() < 1e-4,
                "{name} pair {i} {label}: {got} vs {py}"
            );
        }
    }
}

#[test]
fn nli_probabilities_follow_id2label_and_match_transformers() {
    let (dir, reference) = models();
    for arch in ARCHS.iter().copied().chain(["minilm"]) {
        let name = format!("nli-{arch}");
        assert_nli_parity(&nli(dir, &name), &reference[&name], &name);
    }
}

/// Checkpoints that ship only pytorch_model.bin (make_models.py's
/// pytorch_bin_checkpoints), read without running their pickle: what `transformers`
/// computes from the same files. nli-roberta-bin is float16; nli-bert-views-bin holds
/// every tensor as a view into one storage (offsets), its classifier transposed
/// (strides), in an OrderedDict with `_metadata`.
#[test]
fn pytorch_model_bin_checkpoints_match_transformers() {
    let (dir, reference) = models();
    let bin_only = |name: &str| {
        let d = dir.join(name);
        assert!(d.join("pytorch_model.bin").is_file(), "{name}");
        assert!(!d.join("model.safetensors").exists(), "{name}");
    };
    bin_only("ner-bert-bin");
    let model = ner(dir, "ner-bert-bin");
    assert_eq!(model.forward_kind(), "fused");
    assert_token_parity(&model, &reference["ner-bert-bin"], "ner-bert-bin");
    // The same weights as ner-bert's model.safetensors: the same logits.
    assert_token_parity(&model, &reference["ner-bert"], "ner-bert-bin as ner-bert");
    for (name, forward, original) in [
        ("nli-roberta-bin", "fused", None),
        ("nli-deberta-v2-bin", "rust-bert", Some("nli-deberta-v2")),
        ("nli-bert-views-bin", "fused", Some("nli-bert")),
    ] {
        bin_only(name);
        let model = nli(dir, name);
        assert_eq!(model.forward_kind(), forward, "{name}");
        assert_nli_parity(&model, &reference[name], name);
        if let Some(original) = original {
            assert_nli_parity(&model, &reference[original], name);
        }
    }
}

/// cross-encoder/nli-deberta-v3-base's tokenizer files: spm.model, added_tokens.json,
/// tokenizer_config.json, special_tokens_map.json and no tokenizer.json.
#[test]
fn an_nli_checkpoint_with_only_spm_model_matches_transformers() {
    let (dir, reference) = models();
    let d = dir.join("nli-deberta-spm");
    assert!(d.join("spm.model").is_file() && d.join("added_tokens.json").is_file());
    assert!(!d.join("tokenizer.json").exists());
    assert_nli_parity(
        &nli(dir, "nli-deberta-spm"),
        &reference["nli-deberta-spm"],
        "nli-deberta-spm",
    );
}

#[test]
fn an_nli_pair_scores_the_same_alone_and_in_a_padded_batch() {
    let (dir, reference) = models();
    for arch in ARCHS {
        let name = format!("nli-{arch}");
        let model = nli(dir, &name);
        let pairs = pairs(&reference[&name]);
        let batched = model.probabilities(&pairs).unwrap();
        for (i, pair) in pairs.iter().enumerate() {
            let alone = model.probabilities(std::slice::from_ref(pair)).unwrap();
            for (a, b) in alone[0].iter().zip(&batched[i]) {
                assert!(
                    (a - b).abs() < 1e-5,
                    "{name} pair {i}: alone {a} vs batched {b}"
                );
            }
        }
    }
}

#[test]
fn real_minilm_weights_load_under_fresh_heads() {
    let (dir, reference) = models();
    assert_token_parity(
        &ner(dir, "ner-minilm"),
        &reference["ner-minilm"],
        "ner-minilm",
    );
}

fn crosscheck() -> assert_cmd::Command {
    let mut c = common::crosscheck_bin().unwrap();
    c.current_dir(root());
    c
}

fn one_article_corpus() -> tempfile::TempDir {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/003_deb2854ad579132a.txt"),
        corpus.path().join("003.txt"),
    )
    .unwrap();
    corpus
}

#[test]
fn a_run_with_transformer_models_reports_them_as_engines() {
    let (dir, _) = models();
    let corpus = one_article_corpus();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck()
        .args([
            "run",
            "--quiet",
            "--no-index",
            "--device",
            "cpu",
            "--corpus",
        ])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path())
        .arg("--ner-model")
        .arg(dir.join("ner-bert"))
        .arg("--nli-model")
        .arg(dir.join("nli-deberta-v2"))
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("rule-based"), "{stderr}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    let engines = &report["engines"];
    assert_eq!(engines["ner"]["kind"], "transformer", "{engines}");
    assert_eq!(engines["ner"]["model"], "ner-bert");
    assert_eq!(engines["nli"]["kind"], "transformer");
    assert_eq!(engines["nli"]["model"], "nli-deberta-v2");
    assert_eq!(engines["device"], "cpu");
    assert!(engines["ner"].get("note").is_none());
}

#[test]
fn an_absent_asked_for_model_and_a_mismatched_one_are_refused() {
    let corpus = one_article_corpus();
    let out = tempfile::tempdir().unwrap();
    let o = crosscheck()
        .args([
            "run",
            "--quiet",
            "--no-index",
            "--ner-model",
            "/nonexistent/ner",
            "--corpus",
        ])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    // Asked for by flag: an error naming it (only the manifest's default degrades,
    // tests/cli.rs), and no report.
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("dir /nonexistent/ner: directory /nonexistent/ner not found")
            && stderr.contains("--ner-model"),
        "{stderr}"
    );
    assert!(!out.path().join("report.json").exists());

    // id2label with 3 labels over a classifier trained for 9: refused, naming the tensor.
    let (dir, _) = models();
    let bad = tempfile::tempdir().unwrap();
    for f in ["tokenizer.json", "model.safetensors"] {
        std::fs::copy(dir.join("ner-bert").join(f), bad.path().join(f)).unwrap();
    }
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ner-bert/config.json")).unwrap())
            .unwrap();
    config["id2label"] = serde_json::json!({"0": "O", "1": "B-PER", "2": "I-PER"});
    config["label2id"] = serde_json::json!({"O": 0, "B-PER": 1, "I-PER": 2});
    std::fs::write(bad.path().join("config.json"), config.to_string()).unwrap();
    let o = crosscheck()
        .args(["run", "--quiet", "--no-index", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path().join("bad"))
        .arg("--ner-model")
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("tensor classifier.weight has shape [9, 32] in the file but [3, 32]"),
        "{stderr}"
    );
    assert!(!stderr.contains("frame #"), "no C++ backtrace: {stderr}");
    assert!(!out.path().join("bad/report.json").exists());

    // An NLI checkpoint named as the NER model: refused, not run as NER.
    let o = crosscheck()
        .args(["run", "--quiet", "--no-index", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path().join("swapped"))
        .arg("--ner-model")
        .arg(dir.join("nli-bert"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("not a *ForTokenClassification model"),
        "{stderr}"
    );
}

/// BERT and RoBERTa checkpoints run the fused forward (crosscheck::models::encoder):
/// the parity tests above then check it against Python. DistilBERT and DeBERTa-v2
/// keep rust-bert's.
#[test]
fn bert_family_checkpoints_run_the_fused_forward() {
    let (dir, _) = models();
    for arch in ARCHS.iter().copied().chain(["minilm"]) {
        let want = match arch {
            "bert" | "roberta" | "minilm" => "fused",
            _ => "rust-bert",
        };
        let name = format!("nli-{arch}");
        assert_eq!(nli(dir, &name).forward_kind(), want, "{name}");
        let name = format!("ner-{arch}");
        assert_eq!(ner(dir, &name).forward_kind(), want, "{name}");
    }
}

/// A copy of `from` (a checkpoint directory) with `weights` as its pytorch_model.bin.
fn with_weights(from: &Path, weights: &Path) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.path().join(e.file_name())).unwrap();
    }
    std::fs::copy(weights, d.path().join("pytorch_model.bin")).unwrap();
    d
}

/// A pytorch_model.bin whose pickle runs a shell command under `torch.load`
/// (make_models.py checks that it does): refused, naming the global, and the command
/// never runs. It would create the file $CROSSCHECK_PWNED.
#[test]
fn a_pytorch_model_bin_whose_pickle_runs_code_is_refused_and_runs_nothing() {
    let (dir, _) = models();
    let corpus = one_article_corpus();
    let eval = with_weights(&dir.join("ner-bert-bin"), &dir.join("evil-eval.bin"));
    for (model, global) in [
        (dir.join("evil-bin"), "posix.system"),
        (eval.path().to_path_buf(), "__builtin__.eval"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let marker = out.path().join("pwned");
        let o = crosscheck()
            .env("CROSSCHECK_PWNED", &marker)
            .args([
                "run",
                "--quiet",
                "--no-index",
                "--device",
                "cpu",
                "--corpus",
            ])
            .arg(corpus.path())
            .arg("--out")
            .arg(out.path().join("reports"))
            .arg("--ner-model")
            .arg(&model)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        let weights = model.join("pytorch_model.bin");
        assert!(
            stderr.contains(&format!("{}: ", weights.display()))
                && stderr.contains(&format!("global {global} is refused")),
            "{stderr}"
        );
        assert!(!marker.exists(), "the pickle's command ran");
        assert!(!out.path().join("reports/report.json").exists());
    }
    // The library call says the same.
    let e = crosscheck::models::weights::read(&dir.join("evil-eval.bin"), tch::Device::Cpu)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("evil-eval/data.pkl, byte ") && e.contains("global __builtin__.eval"),
        "{e}"
    );
}

/// torch's legacy format and a file cut short: refused with what is wrong, not a
/// crash or a half-loaded model.
#[test]
fn legacy_and_damaged_pytorch_model_bins_are_refused_clearly() {
    let (dir, _) = models();
    let err = |d: &Path| match TransformerNer::load(d, "m", tch::Device::Cpu, 3, 128) {
        Ok(_) => panic!("{} loaded", d.display()),
        Err(e) => e.to_string(),
    };
    let e = err(&dir.join("legacy-bin"));
    assert!(
        e.contains("legacy-bin/pytorch_model.bin: in PyTorch's legacy format (torch < 1.6)")
            && e.contains("save_pretrained"),
        "{e}"
    );

    let good = std::fs::read(dir.join("ner-bert-bin/pytorch_model.bin")).unwrap();
    let cut = tempfile::tempdir().unwrap();
    std::fs::write(cut.path().join("cut.bin"), &good[..good.len() / 2]).unwrap();
    let d = with_weights(&dir.join("ner-bert-bin"), &cut.path().join("cut.bin"));
    let e = err(d.path());
    assert!(e.contains("not a readable zip archive"), "{e}");

    // A storage removed from the archive is named.
    let mut names = Vec::new();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(good.clone())).unwrap();
    for i in 0..z.len() {
        names.push(z.by_index(i).unwrap().name().to_string());
    }
    let dropped = "pytorch_model/data/3";
    assert!(names.iter().any(|n| n == dropped), "{names:?}");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for n in names.iter().filter(|n| *n != dropped) {
        w.raw_copy_file(z.by_name(n).unwrap()).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    std::fs::write(cut.path().join("missing.bin"), bytes).unwrap();
    let d = with_weights(&dir.join("ner-bert-bin"), &cut.path().join("missing.bin"));
    let e = err(d.path());
    assert!(
        e.contains(&format!("its storage {dropped} is not in the archive")),
        "{e}"
    );
}
