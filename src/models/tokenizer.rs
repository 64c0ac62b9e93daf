//! A checkpoint's tokenizer, from whichever files it ships.
//!
//! - `tokenizer.json` (any fast tokenizer): loaded as is.
//! - `vocab.txt` (BERT, DistilBERT, ELECTRA-style WordPiece checkpoints such as
//!   dslim/bert-base-NER): built the way `transformers`' `BertConverter` builds the
//!   fast tokenizer from the slow one: BERT normalizer (lower-casing and accent
//!   stripping from `tokenizer_config.json`'s `do_lower_case`/`strip_accents`,
//!   Chinese characters split), BERT pre-tokenizer, WordPiece with `##` pieces,
//!   `[CLS] A [SEP] B [SEP]` with segment ids 0/1.
//! - `vocab.json` + `merges.txt` (RoBERTa-style byte-level BPE, e.g.
//!   roberta-large-mnli): as `RobertaConverter` builds it: byte-level pre-tokenizer
//!   (`add_prefix_space` from the config, default false), BPE, `<s> A </s></s> B </s>`,
//!   offsets trimmed of the leading space.
//! - `spm.model` (DeBERTa-v2/v3, e.g. cross-encoder/nli-deberta-v3-base) or
//!   `sentencepiece.bpe.model` (XLM-RoBERTa), with `added_tokens.json`: as
//!   `DebertaV2Converter` / `XLMRobertaConverter` build it (see [`sentencepiece`]):
//!   Unigram over the model's pieces, its compiled normalizer, Metaspace words,
//!   `[CLS] A [SEP] B [SEP]` / `<s> A </s></s> B </s>`.
//!
//! Special tokens come from `tokenizer_config.json`, else `special_tokens_map.json`,
//! else the architecture's defaults. Other SentencePiece models (`spiece.model`: T5,
//! ALBERT, XLNet, whose conversions differ) are refused with how to write a
//! `tokenizer.json`. Parity with `transformers` on every path:
//! tests/transformer_parity.rs.

use std::path::Path;

use serde_json::Value;
use tokenizers::decoders::byte_level::ByteLevel as ByteLevelDecoder;
use tokenizers::decoders::wordpiece::WordPiece as WordPieceDecoder;
use tokenizers::models::bpe::BPE;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::processors::roberta::RobertaProcessing;
use tokenizers::{AddedToken, Tokenizer};

use crate::models::error::{MissingTokenizer, ModelError};

pub mod sentencepiece;

/// The tokenizer files a checkpoint may ship, in the order they are preferred; each
/// entry is a set that must be present together.
pub const SOURCES: &[&[&str]] = &[
    &["tokenizer.json"],
    &["vocab.txt"],
    &["vocab.json", "merges.txt"],
    &["spm.model"],
    &["sentencepiece.bpe.model"],
];

/// Files read alongside a vocabulary when present.
pub const EXTRAS: &[&str] = &["tokenizer_config.json", "special_tokens_map.json"];

/// Read alongside a SentencePiece model when present, after [`EXTRAS`].
pub const SENTENCEPIECE_EXTRAS: &[&str] = &["added_tokens.json"];

/// SentencePiece models crosscheck does not convert.
const UNCONVERTED: &[&str] = &["spiece.model"];

/// The optional files read with the tokenizer set `set` (one of [`SOURCES`]).
pub fn extras(set: &[&str]) -> Vec<&'static str> {
    let spm = set.iter().any(|f| sentencepiece::FILES.contains(f));
    EXTRAS
        .iter()
        .chain(if spm { SENTENCEPIECE_EXTRAS } else { &[] })
        .copied()
        .collect()
}

/// Which of [`SOURCES`] `dir` holds, if any.
pub fn source(dir: &Path) -> Option<&'static [&'static str]> {
    SOURCES
        .iter()
        .copied()
        .find(|set| set.iter().all(|f| dir.join(f).is_file()))
}

/// Why `dir` has no usable tokenizer (for `models list` and load errors).
pub fn missing(dir: &Path) -> MissingTokenizer {
    match UNCONVERTED.iter().find(|f| dir.join(f).is_file()) {
        Some(spm) => MissingTokenizer::SentencePiece {
            file: spm.to_string(),
        },
        None => MissingTokenizer::NoFiles,
    }
}

/// Loads or builds the tokenizer of the checkpoint in `dir`.
pub fn load(dir: &Path) -> Result<Tokenizer, ModelError> {
    match source(dir) {
        Some(["tokenizer.json"]) => {
            Tokenizer::from_file(dir.join("tokenizer.json")).map_err(file_error("tokenizer.json"))
        }
        Some(["vocab.txt"]) => wordpiece(dir),
        Some(["vocab.json", "merges.txt"]) => byte_level_bpe(dir),
        Some(["spm.model"]) => sentencepiece::load(dir, "spm.model"),
        Some(["sentencepiece.bpe.model"]) => sentencepiece::load(dir, "sentencepiece.bpe.model"),
        _ => Err(missing(dir).into()),
    }
}

/// A tokenizer file `file` that `tokenizers` could not load.
fn file_error(file: &str) -> impl FnOnce(tokenizers::Error) -> ModelError + '_ {
    move |source| ModelError::TokenizerFile {
        file: file.to_string(),
        source,
    }
}

/// `tokenizer_config.json` merged over `special_tokens_map.json` (either may be absent).
fn settings(dir: &Path) -> Result<serde_json::Map<String, Value>, ModelError> {
    let mut merged = serde_json::Map::new();
    for f in ["special_tokens_map.json", "tokenizer_config.json"] {
        let file = || f.to_string();
        let text = match std::fs::read_to_string(dir.join(f)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(ModelError::TokenizerSettingsIo {
                    file: file(),
                    source,
                })
            }
        };
        match serde_json::from_str::<Value>(&text).map_err(|source| {
            ModelError::TokenizerSettingsJson {
                file: file(),
                source,
            }
        })? {
            Value::Object(m) => merged.extend(m),
            _ => return Err(ModelError::TokenizerSettingsNotObject { file: file() }),
        }
    }
    Ok(merged)
}

/// A special token by role (`cls_token`, ...): a string or `{"content": ...}`.
fn special(settings: &serde_json::Map<String, Value>, key: &str, default: &str) -> String {
    match settings.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string(),
        _ => default.to_string(),
    }
}

fn flag(settings: &serde_json::Map<String, Value>, key: &str) -> Option<bool> {
    settings.get(key).and_then(Value::as_bool)
}

fn id_of(tokenizer: &Tokenizer, token: &str, file: &str) -> Result<u32, ModelError> {
    tokenizer
        .token_to_id(token)
        .ok_or_else(|| ModelError::SpecialTokenNotInVocab {
            file: file.to_string(),
            token: token.to_string(),
        })
}

/// Registers the special tokens so that they are never split or normalized.
fn add_specials(tokenizer: &mut Tokenizer, tokens: &[&String]) {
    let added: Vec<AddedToken> = tokens
        .iter()
        .map(|t| AddedToken::from(t.as_str(), true))
        .collect();
    tokenizer.add_special_tokens(&added);
}

fn wordpiece(dir: &Path) -> Result<Tokenizer, ModelError> {
    let s = settings(dir)?;
    let unk = special(&s, "unk_token", "[UNK]");
    let cls = special(&s, "cls_token", "[CLS]");
    let sep = special(&s, "sep_token", "[SEP]");
    let pad = special(&s, "pad_token", "[PAD]");
    let mask = special(&s, "mask_token", "[MASK]");
    let vocab = dir.join("vocab.txt");
    let model = WordPiece::from_file(&vocab.to_string_lossy())
        .unk_token(unk.clone())
        .continuing_subword_prefix("##".into())
        .max_input_chars_per_word(100)
        .build()
        .map_err(file_error("vocab.txt"))?;
    let mut tokenizer = Tokenizer::new(model);
    // BertTokenizer's defaults: do_lower_case true, strip_accents following it.
    let lowercase = flag(&s, "do_lower_case").unwrap_or(true);
    tokenizer
        .with_normalizer(Some(BertNormalizer::new(
            true,
            flag(&s, "tokenize_chinese_chars").unwrap_or(true),
            flag(&s, "strip_accents"),
            lowercase,
        )))
        .with_pre_tokenizer(Some(BertPreTokenizer))
        .with_decoder(Some(WordPieceDecoder::new("##".into(), true)));
    let processing = BertProcessing::new(
        (sep.clone(), id_of(&tokenizer, &sep, "vocab.txt")?),
        (cls.clone(), id_of(&tokenizer, &cls, "vocab.txt")?),
    );
    tokenizer.with_post_processor(Some(processing));
    id_of(&tokenizer, &unk, "vocab.txt")?;
    add_specials(&mut tokenizer, &[&pad, &unk, &cls, &sep, &mask]);
    Ok(tokenizer)
}

fn byte_level_bpe(dir: &Path) -> Result<Tokenizer, ModelError> {
    let s = settings(dir)?;
    let bos = special(&s, "cls_token", &special(&s, "bos_token", "<s>"));
    let eos = special(&s, "sep_token", &special(&s, "eos_token", "</s>"));
    let unk = special(&s, "unk_token", "<unk>");
    let pad = special(&s, "pad_token", "<pad>");
    let mask = special(&s, "mask_token", "<mask>");
    let add_prefix_space = flag(&s, "add_prefix_space").unwrap_or(false);
    let model = BPE::from_file(
        &dir.join("vocab.json").to_string_lossy(),
        &dir.join("merges.txt").to_string_lossy(),
    )
    .build()
    .map_err(file_error("vocab.json/merges.txt"))?;
    let mut tokenizer = Tokenizer::new(model);
    tokenizer
        .with_pre_tokenizer(Some(ByteLevel::new(add_prefix_space, true, true)))
        .with_decoder(Some(ByteLevelDecoder::default()));
    let processing = RobertaProcessing::new(
        (eos.clone(), id_of(&tokenizer, &eos, "vocab.json")?),
        (bos.clone(), id_of(&tokenizer, &bos, "vocab.json")?),
    )
    .trim_offsets(true)
    .add_prefix_space(add_prefix_space);
    tokenizer.with_post_processor(Some(processing));
    add_specials(&mut tokenizer, &[&bos, &pad, &eos, &unk]);
    // RobertaTokenizer's mask token takes the space before it ("a <mask>").
    tokenizer.add_special_tokens(&[AddedToken::from(mask, true).lstrip(true)]);
    Ok(tokenizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn a_vocab_txt_checkpoint_gets_bert_tokenization() {
        let d = tempfile::tempdir().unwrap();
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nmicrosoft\nopen\n##ai\n$\n13\nbillion\n";
        write(d.path(), "vocab.txt", vocab);
        // do_lower_case defaults to true, as in BertTokenizer.
        let t = load(d.path()).unwrap();
        let enc = t.encode("Microsoft OpenAI $13 billion zzz", true).unwrap();
        assert_eq!(
            enc.get_tokens(),
            &[
                "[CLS]",
                "microsoft",
                "open",
                "##ai",
                "$",
                "13",
                "billion",
                "[UNK]",
                "[SEP]"
            ]
        );
        assert_eq!(enc.get_offsets()[2], (10, 14), "offsets into the input");
        let pair = t.encode(("open", "microsoft"), true).unwrap();
        assert_eq!(pair.get_type_ids(), &[0, 0, 0, 1, 1]);

        write(
            d.path(),
            "tokenizer_config.json",
            r#"{"do_lower_case": false}"#,
        );
        let t = load(d.path()).unwrap();
        let enc = t.encode("Microsoft", true).unwrap();
        assert_eq!(enc.get_tokens(), &["[CLS]", "[UNK]", "[SEP]"]);
    }

    #[test]
    fn a_checkpoint_without_a_usable_tokenizer_says_what_to_do() {
        let d = tempfile::tempdir().unwrap();
        let e = load(d.path()).unwrap_err();
        assert!(
            matches!(e, ModelError::NoTokenizer(MissingTokenizer::NoFiles)),
            "{e:?}"
        );
        assert!(e.to_string().contains("no tokenizer.json"));
        write(d.path(), "spiece.model", "");
        let e = load(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("spiece.model") && e.contains("save_pretrained"),
            "{e}"
        );
        // A vocabulary without the special tokens the config names.
        write(d.path(), "vocab.txt", "[PAD]\n[UNK]\nword\n");
        let e = load(d.path()).unwrap_err().to_string();
        assert!(e.contains("\"[SEP]\" is not in the vocabulary"), "{e}");
    }
}
