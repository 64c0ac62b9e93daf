//! The `claims` fuzz target's work, without the fuzzer: every file of a directory
//! through ingest, segmentation, rule-based entities and claim extraction, timed.
//! Prints files/s and the slowest files; `--dump FILE` writes each claim's slots,
//! frames and cues, to compare the output of two builds (docs/FUZZING.md).
//!
//! ```sh
//! RAYON_NUM_THREADS=1 cargo run --release --example claims_timing -- fuzz/corpus/claims --repeat 3
//! ```

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use crosscheck::claims::ClaimsConfig;
use crosscheck::entities::RuleRecognizer;
use crosscheck::ingest::{article_from_bytes, ArticleMeta};
use crosscheck::{pipeline, segment};

fn main() -> Result<()> {
    let mut dir = None;
    let mut repeat = 1usize;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().context("--repeat N")?.parse()?,
            "--dump" => dump = Some(PathBuf::from(args.next().context("--dump FILE")?)),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => bail!("usage: claims_timing DIR [--repeat N] [--dump FILE]"),
        }
    }
    let dir = dir.context("usage: claims_timing DIR [--repeat N] [--dump FILE]")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| dir.display().to_string())?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|p| p.is_file());
    files.sort();
    let data: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).with_context(|| p.display().to_string()))
        .collect::<Result<_>>()?;
    let mut out = match &dump {
        Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let ner = RuleRecognizer::new();
    let (mut claims, mut times) = (0usize, Vec::new());
    let start = Instant::now();
    for round in 0..repeat {
        for (path, bytes) in files.iter().zip(&data) {
            let t = Instant::now();
            let meta = ArticleMeta::default();
            let Ok(a) = article_from_bytes("a".into(), PathBuf::from("a.txt"), bytes, meta) else {
                continue;
            };
            let sentences = segment::sentences(0, &a.raw, &a.norm, &a.lines);
            let found =
                pipeline::extract_claims(&a, &sentences, &ner, &ClaimsConfig { min_words: 3 })?;
            times.push((t.elapsed().as_secs_f64(), path, bytes.len()));
            claims += found.len();
            if let (Some(out), 0) = (out.as_mut(), round) {
                for c in &found {
                    writeln!(
                        out,
                        "{} {:?} {:?} {:?}",
                        path.display(),
                        c.slots,
                        c.frames,
                        c.cues
                    )?;
                }
            }
        }
    }
    let total = start.elapsed().as_secs_f64();
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{} files x {repeat}: {claims} claims in {total:.3} s, {:.0} files/s",
        files.len(),
        (files.len() * repeat) as f64 / total
    )?;
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (t, path, len) in times.iter().take(5) {
        writeln!(stdout, "{t:.4} s  {len:>8} B  {}", path.display())?;
    }
    Ok(())
}
