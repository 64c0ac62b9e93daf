//! Our MiniLM path (HF tokenizer.json, length-sorted padded batches, masked mean
//! pooling) must give the same vectors as rust-bert's own SentenceEmbeddingsModel on
//! the same weights, which in turn matches sentence-transformers (cosine >= 0.9999999
//! on 500 sentences, see the project notes). Batching must not change a vector.

use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{
    SentenceEmbeddingsConfig, SentenceEmbeddingsModel,
};
use rust_bert::resources::LocalResource;

use crosscheck::embed::{cosine, Embedder, TransformerEmbedder};

use crate::common::root;

const SENTENCES: &[&str] = &[
    "Microsoft's early investment in OpenAI totaled $13 billion since 2019.",
    "The company has invested approximately $13 billion into OpenAI across multiple funding rounds.",
    "Microsoft will receive a guaranteed 20 percent cut of OpenAI's revenue until 2030.",
    "Short one.",
    "OpenAI can now serve all of its products to customers across any cloud provider, a major shift from the tighter cloud and licensing structure that defined the relationship in previous years.",
    "The Springfield city council approved a $13 billion transit budget.",
];

fn reference() -> Vec<Vec<f32>> {
    let dir = root().join("models/all-MiniLM-L6-v2");
    let r = |f: &str| Box::new(LocalResource::from(dir.join(f)));
    let config = SentenceEmbeddingsConfig {
        modules_config_resource: r("modules.json"),
        transformer_type: ModelType::Bert,
        transformer_config_resource: r("config.json"),
        transformer_weights_resource: r("model.safetensors"),
        pooling_config_resource: r("1_Pooling/config.json"),
        dense_config_resource: None,
        dense_weights_resource: None,
        sentence_bert_config_resource: r("sentence_bert_config.json"),
        tokenizer_config_resource: r("tokenizer_config.json"),
        tokenizer_vocab_resource: r("vocab.txt"),
        tokenizer_merges_resource: None,
        device: tch::Device::Cpu,
        kind: None,
    };
    let model = SentenceEmbeddingsModel::new(config).unwrap();
    // One sentence at a time: rust-bert's batches are what we are checking against.
    SENTENCES
        .iter()
        .map(|s| model.encode(&[*s]).unwrap().remove(0))
        .collect()
}

#[test]
fn matches_rust_bert_sentence_embeddings_in_any_batch_size() {
    let reference = reference();
    let dir = root().join("models/all-MiniLM-L6-v2");
    for batch in [1, 3, 64] {
        let ours = TransformerEmbedder::load(&dir, tch::Device::Cpu, batch, 256).unwrap();
        // crosscheck's fused forward (models::encoder), checked here against rust-bert's.
        assert_eq!(ours.forward_kind(), "fused");
        let got = ours.embed(SENTENCES).unwrap();
        assert_eq!(got.len(), SENTENCES.len());
        for (i, (g, r)) in got.iter().zip(&reference).enumerate() {
            assert_eq!(g.len(), 384);
            let norm_r: f32 = r.iter().map(|x| x * x).sum::<f32>().sqrt();
            let r: Vec<f32> = r.iter().map(|x| x / norm_r).collect();
            let cos = cosine(g, &r);
            assert!(cos > 0.99999, "batch {batch}, sentence {i}: cosine {cos}");
            let max_diff = g
                .iter()
                .zip(&r)
                .map(|(a, b)| (a - b).abs())
                .fold(0f32, f32::max);
            assert!(
                max_diff < 1e-4,
                "batch {batch}, sentence {i}: max |diff| {max_diff}"
            );
        }
    }
}

#[test]
fn paraphrases_score_above_unrelated_sentences() {
    let dir = root().join("models/all-MiniLM-L6-v2");
    let e = TransformerEmbedder::load(&dir, tch::Device::Cpu, 8, 256).unwrap();
    let v = e.embed(SENTENCES).unwrap();
    assert!(cosine(&v[0], &v[1]) > 0.6, "{}", cosine(&v[0], &v[1]));
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[5]) + 0.2);
}
