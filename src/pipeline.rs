//! The batch pipeline, stage by stage:
//! ingest -> segment -> entities & quantities -> claims -> align -> verify -> report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::align::{self, ClaimVectors};
use crate::claims::{self, Claim, SentenceInput};
use crate::config::Config;
use crate::embed::{Embedder, HashingEmbedder, TransformerEmbedder};
use crate::engine::device_name;
use crate::entities::{AliasTable, Entity, EntityRecognizer, RuleRecognizer};
use crate::error::{Error, Result};
use crate::ingest::{self, Article};
use crate::report::{ArticleEntry, Engines as EngineReport, Report, Summary, Tool};
use crate::segment::{self, Sentence};
use crate::verify::{self, LexicalNli, NliEngine};

/// The model-backed stages, chosen once per process.
pub struct Engines {
    pub ner: Box<dyn EntityRecognizer>,
    pub nli: Box<dyn NliEngine>,
    pub embed: Box<dyn Embedder>,
    pub device: tch::Device,
}

impl Engines {
    /// Loads the engines the configuration names. A model directory that is absent
    /// degrades to the deterministic engine with a warning; one that is present but
    /// fails to load is an error (corrupt weights must not pass silently).
    pub fn load(
        cfg: &Config,
        device: tch::Device,
        warn: &mut dyn FnMut(String),
    ) -> Result<Engines> {
        let dir = &cfg.models.embed;
        let embed: Box<dyn Embedder> = if dir.is_dir() {
            Box::new(TransformerEmbedder::load(
                dir,
                device,
                cfg.models.batch_size,
                cfg.models.max_tokens,
            )?)
        } else {
            let note = format!(
                "embedding model directory {} not found (run `make setup`); using hashed bag-of-words vectors",
                dir.display()
            );
            warn(format!("embed: {note}"));
            Box::new(HashingEmbedder::new(384, Some(note)))
        };
        let ner: Box<dyn EntityRecognizer> = Box::new(RuleRecognizer::default());
        let nli: Box<dyn NliEngine> = Box::new(LexicalNli);
        for (role, info) in [("ner", ner.info()), ("nli", nli.info())] {
            if let Some(note) = info.note {
                warn(format!("{role}: {note}"));
            }
        }
        Ok(Engines {
            ner,
            nli,
            embed,
            device,
        })
    }

    pub fn report(&self) -> EngineReport {
        EngineReport {
            ner: self.ner.info(),
            nli: self.nli.info(),
            embed: self.embed.info(),
            device: device_name(self.device),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub corpus: PathBuf,
    /// Show progress bars (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// Runs every stage over the corpus and returns the report (not yet written).
/// Fails only when the corpus cannot be read at all; bad articles are recorded.
pub fn run(cfg: &Config, engines: &Engines, opts: &RunOptions) -> Result<Report> {
    let corpus = ingest::load_corpus(&opts.corpus)?;
    let articles = &corpus.articles;

    // Segment.
    let sentences: Vec<Vec<Sentence>> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| segment::sentences(i, &a.raw, &a.norm, &a.lines))
        .collect();

    // Entities, batched for the engine; aliases gathered corpus-wide.
    let flat: Vec<&Sentence> = sentences.iter().flatten().collect();
    let bar = progress(opts.progress, flat.len(), "entities");
    let mut entities: Vec<Vec<Entity>> = Vec::with_capacity(flat.len());
    for chunk in flat.chunks(256) {
        let texts: Vec<&str> = chunk.iter().map(|s| s.text.as_str()).collect();
        entities.extend(engines.ner.recognize_batch(&texts)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let mut aliases = AliasTable::with_builtins();
    for a in articles {
        for alias in engines.ner.aliases(&a.norm.text) {
            aliases.add(&alias);
        }
    }
    for e in entities.iter_mut().flatten() {
        e.key = aliases.resolve(&e.key);
    }

    // Claims (quantities are parsed inside, per sentence).
    let min_words = cfg.claims.min_words;
    let claims: Vec<Claim> = flat
        .par_iter()
        .zip(entities.par_iter())
        .filter_map(|(s, ents)| {
            let a: &Article = &articles[s.article];
            let to_file = |start: usize, end: usize| {
                a.norm
                    .original_span(s.norm_start + start, s.norm_start + end)
            };
            claims::extract(
                &SentenceInput {
                    article_id: &a.id,
                    article_idx: s.article,
                    sentence: s,
                    entities: ents,
                    to_file: &to_file,
                },
                min_words,
            )
        })
        .collect();

    // Embeddings: each claim's sentence and each quantity's masked clause.
    let vectors = embed_claims(&claims, engines.embed.as_ref(), opts.progress)?;

    // Align and verify.
    let (aligned, stats) = align::align(&claims, &vectors, &cfg.align);
    let decisions = verify::decide_pairs(&claims, &aligned, engines.nli.as_ref(), &cfg.verify)?;
    let source_of = |i: usize| {
        let a = &articles[i];
        a.meta.publisher.clone().unwrap_or_else(|| a.id.clone())
    };
    let clusters = verify::cluster(&claims, decisions, &source_of);

    // Report.
    let mut entries: Vec<ArticleEntry> = articles
        .iter()
        .zip(&sentences)
        .map(|(a, s)| ArticleEntry {
            id: a.id.clone(),
            path: display_path(&a.path),
            title: a.meta.title.clone(),
            publisher: a.meta.publisher.clone(),
            date: a.meta.date.clone(),
            sentences: s.len(),
            claims: claims.iter().filter(|c| c.article == a.id).count(),
            error: None,
        })
        .collect();
    entries.extend(corpus.rejected.iter().map(|r| ArticleEntry {
        id: r.id.clone(),
        path: display_path(&r.path),
        title: None,
        publisher: None,
        date: None,
        sentences: 0,
        claims: 0,
        error: Some(r.error.clone()),
    }));
    entries.sort_by(|x, y| x.id.cmp(&y.id));
    let summary = Summary::count(&entries, &claims, &clusters);
    Ok(Report {
        schema: crate::report::SCHEMA,
        tool: Tool::current(),
        corpus: display_path(&opts.corpus),
        engines: engines.report(),
        summary,
        alignment: stats,
        articles: entries,
        claims,
        clusters,
        warnings: corpus.warnings,
    })
}

fn embed_claims(
    claims: &[Claim],
    embedder: &dyn Embedder,
    show: bool,
) -> Result<Vec<ClaimVectors>> {
    let mut texts: Vec<&str> = Vec::new();
    for c in claims {
        texts.push(&c.text);
        texts.extend(c.slots.iter().map(|s| s.clause.as_str()));
    }
    let bar = progress(show, texts.len(), "embeddings");
    let mut vecs = Vec::with_capacity(texts.len());
    // Chunks large enough for length-sorted batches, small enough for a moving bar.
    for chunk in texts.chunks(256) {
        vecs.extend(embedder.embed(chunk)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    if vecs.len() != texts.len() {
        return Err(Error::model(
            embedder.info().model,
            format!("returned {} vectors for {} texts", vecs.len(), texts.len()),
        ));
    }
    let mut it = vecs.into_iter();
    Ok(claims
        .iter()
        .map(|c| ClaimVectors {
            sentence: it.next().unwrap_or_default(),
            slots: it.by_ref().take(c.slots.len()).collect(),
        })
        .collect())
}

fn progress(show: bool, len: usize, stage: &'static str) -> ProgressBar {
    if !show || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} elapsed {elapsed} eta {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(stage);
    bar
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}
