//! Developer aid: how crosscheck sees two sentences of a corpus. Prints each claim's
//! quantities with their slots (frame words, masked clause), every slot cosine
//! between the two claims, their entities, and what alignment makes of the pair.
//!
//! cargo run --release --example explain_pair -- CORPUS "words of one sentence" "words of another"

use crosscheck::align::{self, ClaimSet};
use crosscheck::config::Config;
use crosscheck::embed::cosine;
use crosscheck::pipeline::{analyze, Engines};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, corpus, x, y] = args.as_slice() else {
        anyhow::bail!("usage: explain_pair CORPUS QUOTE QUOTE");
    };
    let cfg = Config::load(None)?;
    let device = cfg.device.resolve()?;
    let engines = Engines::load(&cfg, device, &mut |_| {})?;
    let corpus = crosscheck::ingest::load_corpus(std::path::Path::new(corpus), &cfg.ingest)?;
    let analysis = analyze(&corpus.articles, &cfg, &engines, None, false)?;
    let set: &ClaimSet = &analysis.claims;
    let find = |q: &str| {
        set.iter()
            .find(|(_, c)| c.text.contains(q))
            .map(|(r, _)| r)
            .ok_or_else(|| anyhow::anyhow!("no claim contains {q:?}"))
    };
    let (a, b) = (find(x)?, find(y)?);
    for r in [a, b] {
        let c = set.claim(r);
        println!(
            "{} [{}] speculative={} {}",
            c.id, c.article, c.speculative, c.text
        );
        println!(
            "  entities: {:?}; article topics: {:?}",
            c.entities.iter().map(|e| &e.key).collect::<Vec<_>>(),
            set.topics(set.article(r))
        );
        for (i, (q, s)) in c.quantities.iter().zip(&c.slots).enumerate() {
            println!(
                "  q{i} {:?} {:?} = {} hedged={} frame={:?}\n     clause: {}\n     measure={:?} role={:?} holder={:?} years={:?} days={:?} periods={:?} qualifiers={:?}",
                q.quantity.kind, q.quantity.text, q.canonical, q.hedged, s.frame, s.clause,
                s.measure, s.role, s.holder, s.years, s.days, s.periods, s.qualifiers
            );
        }
        for f in &c.frames {
            println!("  frame: {f:?}");
        }
    }
    let (va, vb) = (set.vectors(a), set.vectors(b));
    println!("sentence cosine {:.3}", cosine(&va.sentence, &vb.sentence));
    for (i, u) in va.slots.iter().enumerate() {
        for (j, v) in vb.slots.iter().enumerate() {
            let test = match align::slot_test(set, (a, i), (b, j), &cfg.align) {
                Ok(m) => format!("one slot{}", if m.loose { " (loose)" } else { "" }),
                Err(e) => format!("{e:?}"),
            };
            println!("  slot q{i} ~ q{j}: {:.3} {test}", cosine(u, v));
        }
    }
    match align::score(set, a, b, &cfg.align) {
        Some(p) => println!(
            "aligned: shared entities {:?}, slots {:?}",
            p.shared_entities,
            p.slots
                .iter()
                .map(|m| (m.qa, m.qb, m.similarity, &m.shared_frame))
                .collect::<Vec<_>>()
        ),
        None => println!("not aligned"),
    }
    Ok(())
}
