//! Developer aid: for each annotated fact of a dev-set event, how crosscheck sees every
//! pair of its sentences from different articles: whether the claims align, and for
//! each pair of quantities with agreeing values, whether they are one slot and if not
//! why ([`crosscheck::align::Apart`]). Ends with a count of the reasons.
//!
//! cargo run --release --example explain_facts -- eval/events/EVENT

use std::collections::BTreeMap;

use crosscheck::align::{self, ClaimRef, ClaimSet};
use crosscheck::config::Config;
use crosscheck::embed::cosine;
use crosscheck::pipeline::{analyze, Engines};

#[derive(serde::Deserialize)]
struct Truth {
    sentence: Vec<Sentence>,
    #[serde(default)]
    fact: Vec<Fact>,
}

#[derive(serde::Deserialize)]
struct Sentence {
    id: String,
    article: String,
    quote: String,
}

#[derive(serde::Deserialize)]
struct Fact {
    id: String,
    sentences: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, event] = args.as_slice() else {
        anyhow::bail!("usage: explain_facts EVENT_DIR");
    };
    let event = std::path::Path::new(event);
    let truth: Truth = toml::from_str(&std::fs::read_to_string(event.join("truth.toml"))?)?;
    let cfg = Config::load(None)?;
    let device = cfg.device.resolve()?;
    let engines = Engines::load(&cfg, device, &mut |_| {})?;
    let corpus = crosscheck::ingest::load_corpus(&event.join("corpus"), &cfg.ingest)?;
    let analysis = analyze(&corpus.articles, &cfg, &engines, None, false)?;
    let set: &ClaimSet = &analysis.claims;
    let norm = |s: &str| {
        s.replace(['\u{2019}', '\u{2018}'], "'")
            .replace(['\u{201c}', '\u{201d}'], "\"")
    };
    let claims_of = |s: &Sentence| -> Vec<ClaimRef> {
        let head: String = norm(&s.quote).chars().take(30).collect();
        set.iter()
            .filter(|(_, c)| c.article.as_str() == s.article && norm(&c.text).contains(&head))
            .map(|(r, _)| r)
            .collect()
    };
    let by_id: BTreeMap<&str, &Sentence> =
        truth.sentence.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for f in &truth.fact {
        println!("== {}", f.id);
        for (i, x) in f.sentences.iter().enumerate() {
            for y in &f.sentences[i + 1..] {
                let (Some(sx), Some(sy)) = (by_id.get(x.as_str()), by_id.get(y.as_str())) else {
                    continue;
                };
                if sx.article == sy.article {
                    continue;
                }
                for a in claims_of(sx) {
                    for b in claims_of(sy) {
                        let (ca, cb) = (set.claim(a), set.claim(b));
                        let cos = cosine(&set.vectors(a).sentence, &set.vectors(b).sentence);
                        let aligned = align::score(set, a, b, &cfg.align).is_some();
                        println!(
                            "  {x}~{y} {} cos {cos:.2}",
                            if aligned { "aligned" } else { "NOT aligned" }
                        );
                        let mut any = false;
                        for (qa, p) in ca.quantities.iter().enumerate() {
                            for (qb, q) in cb.quantities.iter().enumerate() {
                                if p.quantity.kind != q.quantity.kind
                                    || !crosscheck::verify::agree(ca, qa, cb, qb, &cfg.verify)
                                {
                                    continue;
                                }
                                any = true;
                                let (u, v) = (&ca.slots[qa], &cb.slots[qb]);
                                let r = align::slot_test(set, (a, qa), (b, qb), &cfg.align);
                                let why = match &r {
                                    Ok(m) => format!("slot {:.2}", m.similarity),
                                    Err(e) => format!("{e:?}"),
                                };
                                let key = match r {
                                    Ok(_) => "slot".to_string(),
                                    Err(align::Apart::Dissimilar(..)) => "Dissimilar".to_string(),
                                    Err(e) => format!("{e:?}"),
                                };
                                *reasons.entry(key).or_default() += 1;
                                println!(
                                    "    {:?} ~ {:?}: {why}\n      {:?}/{:?}/{:?}/{:?}/{:?} ~ {:?}/{:?}/{:?}/{:?}/{:?}",
                                    p.quantity.text, q.quantity.text,
                                    u.measure, u.role, u.holder, u.qualifiers, u.days,
                                    v.measure, v.role, v.holder, v.qualifiers, v.days,
                                );
                            }
                        }
                        if !any {
                            *reasons.entry("no agreeing figures".into()).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    println!("\nreasons: {reasons:?}");
    Ok(())
}
