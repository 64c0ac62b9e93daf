//! Model inputs written down as they are sent, so a benchmark can replay exactly the
//! model work a run did in another implementation (bench/peer.py).
//!
//! Set `CROSSCHECK_RECORD_INPUTS=<dir>` and every call into the embedder, the entity
//! recognizer and the NLI engine appends one JSON line to `<dir>/embed.jsonl`,
//! `<dir>/ner.jsonl` or `<dir>/nli.jsonl`: `{"texts": [...]}` or `{"pairs": [[premise,
//! hypothesis], ...]}`. The engines' outputs are untouched.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::embed::Embedder;
use crate::engine::EngineInfo;
use crate::entities::{Alias, Entity, EntityRecognizer};
use crate::error::{Error, Result};
use crate::verify::{NliEngine, NliScores};

/// The environment variable naming the directory inputs are recorded to.
pub const ENV: &str = "CROSSCHECK_RECORD_INPUTS";

/// One JSON-lines file of recorded calls.
pub struct Recorder {
    path: PathBuf,
    out: Mutex<BufWriter<File>>,
}

impl Recorder {
    /// Appends to `dir/<stage>.jsonl`, creating `dir` when needed.
    pub fn open(dir: &Path, stage: &str) -> Result<Recorder> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(format!("{stage}.jsonl"));
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        Ok(Recorder {
            path,
            out: Mutex::new(BufWriter::new(file)),
        })
    }

    fn write(&self, line: serde_json::Value) -> Result<()> {
        let mut out = self
            .out
            .lock()
            .map_err(|_| Error::model("recorder", "a recording thread panicked"))?;
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .map_err(|e| Error::io(&self.path, e))
    }
}

/// An engine whose inputs are recorded before it runs.
pub struct Recorded<E: ?Sized> {
    pub inner: Box<E>,
    pub recorder: Recorder,
}

impl Embedder for Recorded<dyn Embedder> {
    fn info(&self) -> EngineInfo {
        self.inner.info()
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.recorder.write(serde_json::json!({ "texts": texts }))?;
        self.inner.embed(texts)
    }
}

impl EntityRecognizer for Recorded<dyn EntityRecognizer> {
    fn info(&self) -> EngineInfo {
        self.inner.info()
    }

    fn recognize_batch(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>> {
        self.recorder.write(serde_json::json!({ "texts": texts }))?;
        self.inner.recognize_batch(texts)
    }

    fn aliases(&self, text: &str) -> Vec<Alias> {
        self.inner.aliases(text)
    }
}

impl NliEngine for Recorded<dyn NliEngine> {
    fn info(&self) -> EngineInfo {
        self.inner.info()
    }

    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>> {
        self.recorder.write(serde_json::json!({ "pairs": pairs }))?;
        self.inner.predict(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::LexicalNli;

    #[test]
    fn records_each_call_as_one_line_and_passes_outputs_through() {
        let dir = tempfile::tempdir().unwrap();
        let nli = Recorded::<dyn NliEngine> {
            inner: Box::new(LexicalNli::default()),
            recorder: Recorder::open(dir.path(), "nli").unwrap(),
        };
        let plain = LexicalNli::default().predict(&[("a b", "a")]).unwrap();
        assert_eq!(nli.predict(&[("a b", "a")]).unwrap(), plain);
        nli.predict(&[("x", "y"), ("p", "q")]).unwrap();
        let text = std::fs::read_to_string(dir.path().join("nli.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[1]["pairs"],
            serde_json::json!([["x", "y"], ["p", "q"]])
        );
    }
}
