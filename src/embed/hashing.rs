//! The deterministic embedder that stands in when the transformer model is absent.

use super::Embedder;
use crate::engine::{EngineInfo, EngineKind};
use crate::error::Result;

/// Deterministic stand-in: feature hashing of lowercase word unigrams and bigrams.
/// Good enough to rank near-duplicate sentences; weak on paraphrase. Used only when
/// the transformer model is absent, and reported as such.
pub struct HashingEmbedder {
    dim: usize,
    note: Option<String>,
}

impl HashingEmbedder {
    /// A hashing embedder of `dim` dimensions (at least 8); `note` says why it stands in
    /// for the transformer.
    pub fn new(dim: usize, note: Option<String>) -> Self {
        HashingEmbedder {
            dim: dim.max(8),
            note,
        }
    }

    fn bucket(&self, token: &str) -> (usize, f32) {
        // FNV-1a: stable across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in token.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
        ((h % self.dim as u64) as usize, sign)
    }
}

impl Embedder for HashingEmbedder {
    fn info(&self) -> EngineInfo {
        EngineInfo {
            kind: EngineKind::Deterministic,
            model: format!("hashing-{}", self.dim),
            source: None,
            revision: None,
            note: self.note.clone(),
        }
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let words: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let mut v = vec![0f32; self.dim];
                for w in &words {
                    let (i, s) = self.bucket(w);
                    v[i] += s;
                }
                for pair in words.windows(2) {
                    let (i, s) = self.bucket(&format!("{} {}", pair[0], pair[1]));
                    v[i] += 0.5 * s;
                }
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::cosine;

    #[test]
    fn hashing_embedder_is_unit_length_and_ranks_overlap() {
        let e = HashingEmbedder::new(256, None);
        let v = e
            .embed(&[
                "Microsoft invested $13 billion in OpenAI",
                "Microsoft invested $13 billion in OpenAI since 2019",
                "The city budget for roads grew",
            ])
            .unwrap();
        let n: f32 = v[0].iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5);
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]));
    }

    #[test]
    fn hashing_embedder_handles_empty_text() {
        let e = HashingEmbedder::new(64, None);
        let v = e.embed(&["", "!!!"]).unwrap();
        assert!(v[0].iter().all(|x| *x == 0.0));
        assert_eq!(v[1].len(), 64);
    }
}
