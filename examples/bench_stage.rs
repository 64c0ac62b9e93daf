//! Times one model-backed stage on recorded inputs, for `make bench` (bench/bench.py),
//! which runs bench/peer.py on the same inputs with the same model, batch size and
//! thread count.
//!
//! ```sh
//! bench_stage embed|ner|nli MODEL_DIR INPUTS.jsonl [--batch 32] [--threads 2] [--repeat 1] [--limit N]
//! ```
//!
//! INPUTS.jsonl is what `CROSSCHECK_RECORD_INPUTS` writes: lines of `{"texts": [...]}`
//! (embed, ner) or `{"pairs": [[premise, hypothesis], ...]}` (nli), all lines taken as
//! one list, the first N items with `--limit`. Prints one JSON line per repeat: stage, items, seconds. Model loading is
//! timed apart (`load_s`); the first repeat is a full pass like the others.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use crosscheck::embed::{Embedder, TransformerEmbedder};
use crosscheck::entities::EntityRecognizer;
use crosscheck::entities::TransformerNer;
use crosscheck::verify::nli::TransformerNli;
use crosscheck::verify::NliEngine;

fn main() -> anyhow::Result<()> {
    crosscheck::models::device::tune_allocator();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut batch, mut threads, mut repeat, mut limit) = (32usize, 0i32, 1usize, usize::MAX);
    let mut pos = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> anyhow::Result<String> {
            it.next()
                .cloned()
                .with_context(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--batch" => batch = value("--batch")?.parse()?,
            "--threads" => threads = value("--threads")?.parse()?,
            "--repeat" => repeat = value("--repeat")?.parse()?,
            "--limit" => limit = value("--limit")?.parse()?,
            _ => pos.push(a.clone()),
        }
    }
    let [stage, model, inputs] = pos.as_slice() else {
        bail!("usage: bench_stage embed|ner|nli MODEL_DIR INPUTS.jsonl [--batch N] [--threads N] [--repeat N] [--limit N]");
    };
    if threads > 0 {
        tch::set_num_threads(threads);
    }
    let model = PathBuf::from(model);
    let text = std::fs::read_to_string(inputs).with_context(|| inputs.clone())?;
    let mut texts: Vec<String> = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).with_context(|| inputs.clone())?;
        if let Some(t) = v.get("texts") {
            texts.extend(serde_json::from_value::<Vec<String>>(t.clone())?);
        }
        if let Some(p) = v.get("pairs") {
            pairs.extend(serde_json::from_value::<Vec<(String, String)>>(p.clone())?);
        }
    }
    texts.truncate(limit);
    pairs.truncate(limit);
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let pair_refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();

    // CUDA when libtorch sees a GPU, as `crosscheck run` does by default.
    let device = tch::Device::cuda_if_available();
    let max_len = crosscheck::config::Config::default().models.max_tokens;
    let start = Instant::now();
    type Run<'a> = Box<dyn FnMut() -> anyhow::Result<usize> + 'a>;
    let (forward, mut run): (&str, Run) = match stage.as_str() {
        "embed" => {
            let m = TransformerEmbedder::load(&model, device, batch, max_len)?;
            (
                m.forward_kind(),
                Box::new(move || Ok(m.embed(&text_refs)?.len())),
            )
        }
        "ner" => {
            let m = TransformerNer::load(&model, "ner", device, batch, max_len)?;
            (
                m.forward_kind(),
                Box::new(move || Ok(m.recognize_batch(&text_refs)?.len())),
            )
        }
        "nli" => {
            let m = TransformerNli::load(&model, "nli", device, batch, max_len)?;
            (
                m.forward_kind(),
                Box::new(move || Ok(m.predict(&pair_refs)?.len())),
            )
        }
        other => bail!("unknown stage {other} (embed, ner, nli)"),
    };
    let load_s = start.elapsed().as_secs_f64();
    for r in 0..repeat {
        let start = Instant::now();
        let items = run()?;
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{}",
            serde_json::json!({"impl": "crosscheck", "stage": stage, "repeat": r, "items": items,
                               "seconds": seconds, "load_s": load_s, "forward": forward, "device": crosscheck::models::device::device_name(device), "threads": tch::get_num_threads(), "batch": batch})
        );
    }
    Ok(())
}
