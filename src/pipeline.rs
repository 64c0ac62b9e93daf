//! The batch pipeline, stage by stage:
//! ingest -> segment -> entities & quantities -> claims -> align -> verify -> report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::align::{self, Blocker, ClaimVectors};
use crate::claims::{self, Claim, SentenceInput};
use crate::config::Config;
use crate::embed::{Embedder, HashingEmbedder, TransformerEmbedder};
use crate::engine::device_name;
use crate::entities::{AliasTable, Entity, EntityRecognizer, RuleRecognizer};
use crate::error::{Error, Result};
use crate::index::{ArticleRecord, ClaimRecord, Index, Lookup};
use crate::ingest::{self, Article};
use crate::models::manifest::{self, Manifest};
use crate::models::{TransformerNer, TransformerNli};
use crate::record::{self, Recorded, Recorder};
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
        let _t = crate::timing::stage("engines.load");
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
        let manifest = Manifest::load(&cfg.models.manifest)?;
        let (batch, max_len) = (cfg.models.batch_size, cfg.models.max_tokens);
        let ner: Box<dyn EntityRecognizer> =
            match manifest::named(cfg.models.ner.as_deref(), &manifest, "ner") {
                None => Box::new(RuleRecognizer::default()),
                Some(s) => match s.resolve() {
                    Ok(dir) => {
                        let mut m = TransformerNer::load(&dir, &s.name(), device, batch, max_len)?;
                        m.aggregation = cfg.models.ner_aggregation;
                        Box::new(m)
                    }
                    Err(why) => Box::new(RuleRecognizer::with_note(format!(
                        "NER model {} not present ({why}); rule-based recognizer in use",
                        s.describe()
                    ))),
                },
            };
        let nli: Box<dyn NliEngine> = match manifest::named(cfg.models.nli.as_deref(), &manifest, "nli") {
            None => Box::new(LexicalNli::default()),
            Some(s) => match s.resolve() {
                Ok(dir) => Box::new(TransformerNli::load(&dir, &s.name(), device, batch, max_len)?),
                Err(why) => Box::new(LexicalNli::with_note(format!(
                    "NLI model {} not present ({why}); contradictions come only from quantity and polarity checks",
                    s.describe()
                ))),
            },
        };
        for (role, info) in [("ner", ner.info()), ("nli", nli.info())] {
            if let Some(note) = info.note {
                warn(format!("{role}: {note}"));
            }
        }
        let (ner, nli, embed) = match std::env::var_os(record::ENV) {
            None => (ner, nli, embed),
            Some(dir) => {
                let dir = PathBuf::from(dir);
                warn(format!("recording model inputs to {}", dir.display()));
                let ner: Box<dyn EntityRecognizer> = Box::new(Recorded {
                    inner: ner,
                    recorder: Recorder::open(&dir, "ner")?,
                });
                let nli: Box<dyn NliEngine> = Box::new(Recorded {
                    inner: nli,
                    recorder: Recorder::open(&dir, "nli")?,
                });
                let embed: Box<dyn Embedder> = Box::new(Recorded {
                    inner: embed,
                    recorder: Recorder::open(&dir, "embed")?,
                });
                (ner, nli, embed)
            }
        };
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
    /// Per-article index to reuse and update; `None` computes everything afresh.
    pub index: Option<PathBuf>,
}

/// Revision of the analysis an index record holds (normalization, segmentation, claim
/// extraction). Bump it with any change that gives the same article, settings and
/// models a different record: the crate version alone does not move between releases,
/// and records made by the older code would be reused.
///
/// 2: U+2028, U+2029 and NEL break lines; a slot window after wide whitespace.
/// 3: an attributed source without the day, month or preposition opening its sentence.
pub const ANALYSIS_REVISION: u32 = 3;

/// Settings that change what an article's record holds: a record made under another
/// fingerprint is stale.
pub fn fingerprint(cfg: &Config, engines: &Engines) -> String {
    let basis = serde_json::json!({
        "tool": env!("CARGO_PKG_VERSION"),
        "analysis": ANALYSIS_REVISION,
        "format": crate::index::FORMAT,
        "ner": engines.ner.info().model,
        "embed": engines.embed.info().model,
        "claims": cfg.claims,
        "max_tokens": cfg.models.max_tokens,
        "lsh": [cfg.align.lsh_bands, cfg.align.lsh_bits],
    });
    crate::index::content_hash(basis.to_string().as_bytes())
}

/// Claims of a set of articles, ready for alignment: entity keys resolved through the
/// aliases all of them declare.
#[derive(Debug, Default)]
pub struct Analysis {
    pub claims: Vec<Claim>,
    pub vectors: Vec<ClaimVectors>,
    pub keys: Vec<Vec<String>>,
    /// Sentences per article, in article order.
    pub sentences: Vec<usize>,
    /// Index problems worth a warning (corrupt records rebuilt).
    pub warnings: Vec<String>,
    /// Articles whose analysis panicked (a bug in crosscheck), by index into the
    /// articles, with the error the report gives them (the panic message in
    /// [`failure_message`]). They have no sentences or claims here, are
    /// not stored in the index, and the caller records them as failed: one article
    /// must not end a batch.
    pub failed: Vec<(usize, String)>,
    /// Records reused from the index / computed now.
    pub reused: usize,
    pub computed: usize,
}

/// Articles analysed together: their CPU stages run in parallel, then one embedding
/// pass (length-sorted batches across all of them). Interleaving rayon work with
/// libtorch's OpenMP work per article made both pools spin against each other on two
/// cores (embedding 4x slower); a chunk also bounds memory for large corpora.
const CHUNK_ARTICLES: usize = 64;

/// Analyses articles: from the index where an up-to-date record exists, else through
/// segmentation, entities, claims and embeddings (then stored).
pub fn analyze(
    articles: &[Article],
    cfg: &Config,
    engines: &Engines,
    index: Option<&Index>,
    show: bool,
) -> Result<Analysis> {
    analyze_partly_indexed(articles, articles.len(), cfg, engines, index, show)
}

/// As [`analyze`], but only `articles[..indexed]` are looked up in and stored to the
/// index; the rest (articles being checked against the corpus) are computed and kept
/// out of it.
pub fn analyze_partly_indexed(
    articles: &[Article],
    indexed: usize,
    cfg: &Config,
    engines: &Engines,
    index: Option<&Index>,
    show: bool,
) -> Result<Analysis> {
    let fp = fingerprint(cfg, engines);
    let bar = progress(show, articles.len(), "articles");
    let t = crate::timing::stage("analyze.index-lookup");
    let mut out = Analysis::default();
    // Reading and decoding records is most of a warm run's work: done in parallel.
    let looked_up: Vec<(String, Lookup)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let hash = crate::index::content_hash(a.raw.as_bytes());
            let found = match index.filter(|_| i < indexed) {
                Some(ix) => ix.lookup(&hash, &fp),
                None => Lookup::Miss,
            };
            (hash, found)
        })
        .collect();
    let mut records: Vec<Option<ArticleRecord>> = Vec::with_capacity(articles.len());
    let mut hashes = Vec::with_capacity(articles.len());
    for (a, (hash, found)) in articles.iter().zip(looked_up) {
        let cached = match found {
            Lookup::Hit(r) => Some(*r),
            Lookup::Corrupt(why) => {
                out.warnings.push(format!(
                    "index record for {} is corrupt ({why}); rebuilt",
                    a.path.display()
                ));
                None
            }
            _ => None,
        };
        if cached.is_some() {
            out.reused += 1;
            bar.inc(1);
        }
        records.push(cached);
        hashes.push(hash);
    }

    drop(t);
    let t = crate::timing::stage("analyze.compute");
    let missing: Vec<usize> = (0..articles.len())
        .filter(|&i| records[i].is_none())
        .collect();
    let mut blocker: Option<Blocker> = None;
    for chunk in missing.chunks(CHUNK_ARTICLES) {
        let (fresh, failed) =
            analyze_chunk(articles, chunk, &hashes, &fp, cfg, engines, &mut blocker)?;
        for (i, r) in fresh {
            if let Some(ix) = index.filter(|_| i < indexed) {
                ix.store(&r)?;
            }
            records[i] = Some(r);
            out.computed += 1;
            bar.inc(1);
        }
        bar.inc(failed.len() as u64);
        out.failed.extend(failed);
    }
    bar.finish_and_clear();
    drop(t);
    let _t = crate::timing::stage("analyze.assemble");

    let mut aliases = AliasTable::with_builtins();
    for (i, record) in records.into_iter().enumerate() {
        let Some(record) = record else {
            // Failed (in `out.failed`): no sentences, no claims.
            out.sentences.push(0);
            continue;
        };
        if record.cut_sentences > 0 {
            out.warnings.push(format!(
                "{}: text ran past {max} bytes without a sentence end; cut into {} sentences of at most {max} bytes (at spaces where it has any), each checked alone",
                articles[i].path.display(),
                record.cut_sentences,
                max = crate::segment::MAX_SENTENCE_BYTES,
            ));
        }
        for alias in &record.aliases {
            aliases.add(alias);
        }
        out.sentences.push(record.sentences);
        for c in record.claims {
            let mut claim = c.claim;
            claim.article_idx = i;
            claim.sentence = c.sentence;
            claim.slots = c.slots;
            claim.frames = c.frames;
            out.claims.push(claim);
            out.vectors.push(c.vectors);
            out.keys.push(c.keys);
        }
    }
    // Aliases are corpus-wide: "AWS" in one article is "Amazon Web Services" declared
    // in another.
    for c in &mut out.claims {
        for e in &mut c.entities {
            e.key = aliases.resolve(&e.key);
        }
        for f in &mut c.frames {
            f.subject = aliases.resolve(&f.subject);
            f.object = f.object.as_deref().map(|o| aliases.resolve(o));
        }
    }
    Ok(out)
}

/// The check-worthy claims of article `a` (number `i` in the corpus) from its
/// sentences, with entities from `ner`.
pub fn extract_claims(
    a: &Article,
    i: usize,
    sentences: &[Sentence],
    ner: &dyn EntityRecognizer,
    min_words: usize,
) -> Result<Vec<Claim>> {
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let mut entities: Vec<Vec<Entity>> = Vec::with_capacity(texts.len());
    for batch in texts.chunks(256) {
        entities.extend(ner.recognize_batch(batch)?);
    }
    Ok(sentences
        .par_iter()
        .zip(entities.par_iter())
        .filter_map(|(s, ents)| {
            let to_file = |start: usize, end: usize| {
                a.norm
                    .original_span(s.norm_start + start, s.norm_start + end)
            };
            claims::extract(
                &SentenceInput {
                    article_id: &a.id,
                    article_idx: i,
                    sentence: s,
                    entities: ents,
                    to_file: &to_file,
                },
                min_words,
            )
        })
        .collect())
}

/// Runs `f`, turning a panic into its message. A panic is a bug in crosscheck, but
/// it is one article's: the batch records that article as failed and goes on. The
/// panic hook has already printed the message and location on stderr.
fn contain<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".to_string())
    })
}

/// Records for the articles `chunk` (indices into `articles`), with the articles
/// whose segmentation or claim extraction panicked (see [`Analysis::failed`]).
#[allow(clippy::type_complexity)]
fn analyze_chunk(
    articles: &[Article],
    chunk: &[usize],
    hashes: &[String],
    fingerprint: &str,
    cfg: &Config,
    engines: &Engines,
    blocker: &mut Option<Blocker>,
) -> Result<(Vec<(usize, ArticleRecord)>, Vec<(usize, String)>)> {
    let segmented: Vec<_> = chunk
        .par_iter()
        .map(|&i| {
            let a = &articles[i];
            contain(|| segment::sentences(i, &a.raw, &a.norm, &a.lines))
        })
        .collect();
    let mut per_article = Vec::with_capacity(chunk.len());
    let mut failed = Vec::new();
    for (&i, sentences) in chunk.iter().zip(segmented) {
        let a = &articles[i];
        let analysed = sentences.and_then(|sentences| {
            contain(|| -> Result<_> {
                let claims =
                    extract_claims(a, i, &sentences, engines.ner.as_ref(), cfg.claims.min_words)?;
                Ok((
                    (sentences.len(), sentences.iter().filter(|s| s.cut).count()),
                    engines.ner.aliases(&a.norm.text),
                    claims,
                ))
            })
        });
        match analysed {
            // A model error (not a panic) is the whole run's, as before.
            Ok(result) => {
                let (counts, aliases, claims) = result?;
                per_article.push((i, counts, aliases, claims));
            }
            Err(panic) => failed.push((i, failure_message(&panic))),
        }
    }

    // Embedded article by article: a batch's padding and shape change the last bits
    // of a vector, so an article's vectors (and the index record made of them) must
    // not depend on which other articles share its batches. Then a resumed or
    // incremental run gives the same report as a fresh one, byte for byte.
    let mut all_vectors = Vec::new();
    for (_, _, _, claims) in &per_article {
        let refs: Vec<&Claim> = claims.iter().collect();
        all_vectors.extend(embed_claims(&refs, engines.embed.as_ref(), false)?);
    }
    let mut vectors = all_vectors.into_iter();
    let dim = vectors.as_slice().first().map_or(0, |v| v.sentence.len());
    let blocker = blocker.get_or_insert_with(|| Blocker::new(&cfg.align, dim));
    let records = per_article
        .into_iter()
        .map(|(i, (sentences, cut_sentences), aliases, claims)| {
            let record = ArticleRecord {
                format: crate::index::FORMAT,
                fingerprint: fingerprint.to_string(),
                content_hash: hashes[i].clone(),
                sentences,
                cut_sentences,
                aliases,
                claims: claims
                    .into_iter()
                    .zip(vectors.by_ref())
                    .map(|(claim, vectors)| ClaimRecord {
                        keys: blocker.keys(&claim, &vectors),
                        sentence: claim.sentence,
                        slots: claim.slots.clone(),
                        frames: claim.frames.clone(),
                        claim,
                        vectors,
                    })
                    .collect(),
            };
            (i, record)
        })
        .collect();
    Ok((records, failed))
}

/// Runs every stage over the corpus and returns the report (not yet written).
/// Fails only when the corpus cannot be read at all; bad articles are recorded.
pub fn run(cfg: &Config, engines: &Engines, opts: &RunOptions) -> Result<Report> {
    let corpus = ingest::load_corpus(&opts.corpus)?;
    let articles = &corpus.articles;
    let index = opts.index.as_deref().map(Index::open).transpose()?;
    let Analysis {
        claims,
        vectors,
        keys,
        sentences,
        warnings,
        reused,
        computed,
        failed,
    } = analyze(articles, cfg, engines, index.as_ref(), opts.progress)?;
    let failed: std::collections::HashMap<usize, String> = failed.into_iter().collect();

    // Align and verify.
    let (aligned, mut stats) = align::align(&claims, &vectors, &keys, &cfg.align);
    let (decisions, nli) =
        verify::decide_pairs(&claims, &aligned, engines.nli.as_ref(), &cfg.verify)?;
    stats.nli_pairs = nli.pairs;
    stats.nli_skipped_pairs = nli.skipped;
    let source_of = |i: usize| {
        let a = &articles[i];
        a.meta.publisher.clone().unwrap_or_else(|| a.id.clone())
    };
    let clusters = verify::cluster(&claims, decisions, &source_of);

    // Report.
    let mut entries: Vec<ArticleEntry> = articles
        .iter()
        .zip(&sentences)
        .enumerate()
        .map(|(i, (a, &s))| ArticleEntry {
            id: a.id.clone(),
            path: display_path(&a.path),
            title: a.meta.title.clone(),
            publisher: a.meta.publisher.clone(),
            date: a.meta.date.clone(),
            url: a.meta.url.clone(),
            sentences: s,
            claims: claims.iter().filter(|c| c.article == a.id).count(),
            error: failed.get(&i).cloned(),
        })
        .collect();
    entries.extend(corpus.rejected.iter().map(|r| ArticleEntry {
        id: r.id.clone(),
        path: display_path(&r.path),
        title: None,
        publisher: None,
        date: None,
        url: None,
        sentences: 0,
        claims: 0,
        error: Some(r.error.clone()),
    }));
    entries.sort_by(|x, y| x.id.cmp(&y.id));
    let summary = Summary::count(&entries, &claims, &clusters);
    let mut all_warnings = corpus.warnings;
    all_warnings.extend(warnings);
    if stats.nli_skipped_pairs > 0 {
        all_warnings.push(format!(
            "{} of {} aligned pairs needing NLI were over verify.max_nli_pairs_per_claim ({}) and stay undecided",
            stats.nli_skipped_pairs,
            stats.nli_pairs + stats.nli_skipped_pairs,
            cfg.verify.max_nli_pairs_per_claim
        ));
    }
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
        warnings: all_warnings,
        reused,
        computed,
        texts: articles
            .iter()
            .map(|a| (a.id.clone(), a.raw.clone()))
            .collect(),
    })
}

/// What a report says of an article whose analysis panicked ([`Analysis::failed`]).
fn failure_message(panic: &str) -> String {
    format!(
        "analysis failed (internal error: {panic}); article skipped. This is a bug in crosscheck: please report it with this file"
    )
}

fn embed_claims(
    claims: &[&Claim],
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
    if let Ok(style) = ProgressStyle::with_template(
        "{prefix:>12} [{bar:30}] {pos}/{len} elapsed {elapsed} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(stage);
    bar
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_panic_is_contained_with_its_message() {
        assert_eq!(contain(|| 7), Ok(7));
        assert_eq!(contain(|| -> u8 { panic!("static") }), Err("static".into()));
        let n = 3;
        assert_eq!(
            contain(|| -> u8 { panic!("formatted {n}") }),
            Err("formatted 3".into())
        );
        // A panic inside rayon's workers reaches the caller as one panic.
        let r = contain(|| {
            (0..64)
                .into_par_iter()
                .map(|i| if i == 40 { panic!("worker {i}") } else { i })
                .sum::<i32>()
        });
        assert_eq!(r, Err("worker 40".into()));
    }

    proptest! {
        /// Every span a claim reports (sentence, quantities, entities, cues) lies in
        /// its file on character boundaries, whatever the text around it.
        #[test]
        fn claim_spans_lie_on_char_boundaries_in_the_file(
            s in "([A-Z][a-z]+ |\\$1[0-9]\\.?[0-9]? (billion|bn|million) |[0-9]{1,2} ?(%|percent) |through 20[0-9]{2} |rumored |could potentially |Reuters reported |\\. |\n\n|[\u{2019}\u{201C}\u{201D}\u{2014}\u{00A0}\u{00E9}\u{4E2D}] |\\PC){0,60}"
        ) {
            let Ok(a) = ingest::article_from_bytes("p".into(), "p.txt".into(), s.as_bytes(), Default::default()) else {
                return Ok(());
            };
            let sentences = segment::sentences(0, &a.raw, &a.norm, &a.lines);
            let claims = extract_claims(&a, 0, &sentences, &RuleRecognizer::new(), 3).unwrap();
            let ok = |x: usize, y: usize| x <= y && y <= s.len() && s.is_char_boundary(x) && s.is_char_boundary(y);
            for c in &claims {
                prop_assert!(ok(c.start, c.end), "claim {:?}", c.text);
                for q in &c.quantities {
                    prop_assert!(ok(q.file_start, q.file_end), "quantity {:?}", q.quantity.text);
                }
                for e in &c.entities {
                    prop_assert!(ok(e.start, e.end), "entity {:?}", e.text);
                }
                for cue in &c.cues {
                    prop_assert!(ok(cue.start, cue.end), "cue {:?}", cue.cue);
                }
            }
        }
    }
}
