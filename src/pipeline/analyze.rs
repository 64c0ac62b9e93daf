//! Per-article analysis, the expensive part of a run: segmentation, entities,
//! claims, embeddings and blocking keys, reused from the index where an up-to-date
//! record exists and stored there otherwise. One article's failure is contained.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::Engines;
use crate::align::{Blocker, ClaimSet, KeyedClaim};
use crate::claims::{self, Claim, ClaimsConfig, SentenceInput};
use crate::config::Config;
use crate::embed::{ClaimVectors, Embedder};
use crate::entities::{AliasTable, Entity, EntityRecognizer};
use crate::error::{Error, Result};
use crate::fsio::content_hash;
use crate::index::{ArticleRecord, Index, Lookup};
use crate::ingest::Article;
use crate::segment::{self, Sentence};

/// Claims of a set of articles, ready for alignment: entity keys resolved through the
/// aliases all of them declare.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Every claim with its vectors and keys, in article order, entity keys resolved
    /// through the aliases the articles declare.
    pub claims: ClaimSet,
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
    /// Articles whose analysis was computed in this run rather than reused.
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
    let fp = super::fingerprint(cfg, engines);
    let bar = progress(show, articles.len(), "articles");
    let t = crate::timing::stage("analyze.index-lookup");
    let mut out = Analysis::default();
    // Reading and decoding records is most of a warm run's work: done in parallel.
    let looked_up: Vec<(String, Lookup)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let hash = content_hash(a.raw.as_bytes());
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
            Lookup::Hit(r) => Some(owned_by(*r, a)),
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
            out.claims.push(i, c);
        }
    }
    // Aliases are corpus-wide: "AWS" in one article is "Amazon Web Services" declared
    // in another.
    for c in out.claims.claims_mut() {
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

/// A reused record as article `a`'s. Records are keyed by content alone, so two
/// files with the same bytes share one, written with the ids of whichever was
/// analysed last; the claims' article and claim ids are the only parts that name it.
fn owned_by(mut record: ArticleRecord, a: &Article) -> ArticleRecord {
    for kc in &mut record.claims {
        if kc.claim.article != a.id {
            kc.claim.article = a.id.clone();
            kc.claim.id = claims::ClaimId::new(&a.id, kc.claim.sentence);
        }
    }
    record
}

/// The check-worthy claims of article `a` from its sentences, with entities from
/// `ner`.
pub fn extract_claims(
    a: &Article,
    sentences: &[Sentence],
    ner: &dyn EntityRecognizer,
    cfg: &ClaimsConfig,
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
                    sentence: s,
                    entities: ents,
                    to_file: &to_file,
                },
                cfg,
            )
        })
        .collect())
}

/// Runs `f`, turning a panic into its message. A panic is a bug in crosscheck, but
/// it is one article's: the batch records that article as failed and goes on. The
/// panic hook has already printed the message and location on stderr.
fn contain<T>(f: impl FnOnce() -> T) -> std::result::Result<T, Panic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        Panic(
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic without a message".to_string()),
        )
    })
}

/// A panic caught by [`contain`], with its message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
struct Panic(String);

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
                let claims = extract_claims(a, &sentences, engines.ner.as_ref(), &cfg.claims)?;
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
                    .map(|(claim, vectors)| KeyedClaim {
                        keys: blocker.keys(&claim, &vectors),
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

/// What a report says of an article whose analysis panicked ([`Analysis::failed`]).
fn failure_message(panic: &Panic) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::RuleRecognizer;
    use crate::ingest;
    use proptest::prelude::*;

    #[test]
    fn a_panic_is_contained_with_its_message() {
        assert_eq!(contain(|| 7), Ok(7));
        assert_eq!(
            contain(|| -> u8 { panic!("static") }),
            Err(Panic("static".into()))
        );
        let n = 3;
        assert_eq!(
            contain(|| -> u8 { panic!("formatted {n}") }),
            Err(Panic("formatted 3".into()))
        );
        // A panic inside rayon's workers reaches the caller as one panic.
        let r = contain(|| {
            (0..64)
                .into_par_iter()
                .map(|i| if i == 40 { panic!("worker {i}") } else { i })
                .sum::<i32>()
        });
        assert_eq!(r, Err(Panic("worker 40".into())));
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
            let claims = extract_claims(&a, &sentences, &RuleRecognizer::new(), &ClaimsConfig { min_words: 3 }).unwrap();
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
