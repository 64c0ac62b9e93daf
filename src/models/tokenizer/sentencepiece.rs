//! A checkpoint that ships only a SentencePiece model: `spm.model` (DeBERTa-v2/v3,
//! `DebertaV2Tokenizer`) or `sentencepiece.bpe.model` (XLM-RoBERTa,
//! `XLMRobertaTokenizer`), converted into a `tokenizers` tokenizer as `transformers`
//! 4.49's `DebertaV2Converter` and `XLMRobertaConverter` build the fast tokenizer,
//! then given the added and special tokens its `PreTrainedTokenizerFast` adds.
//!
//! - Model: Unigram over the proto's pieces and scores (XLM-R: fairseq's `<s> <pad>
//!   </s> <unk>` first, the pieces after the proto's third shifted by one, `<mask>`
//!   last), unknown id from the proto (XLM-R: 3), no byte fallback (the converters do
//!   not port it: where the slow tokenizer falls back to byte pieces, the converted
//!   one and this one give the unknown piece). Only Unigram protos are converted
//!   (XLM-R's `.bpe.model` is one).
//! - Normalizer: DeBERTa: lower-casing (`do_lower_case`), strip, the proto's
//!   `precompiled_charsmap`, runs of spaces to one. XLM-R: the charsmap, right strip,
//!   runs of spaces to one `▁`.
//! - Pre-tokenizer: Metaspace `▁` prepended to every word; DeBERTa with
//!   `split_by_punct` isolates punctuation first (then, as in the converted tokenizer
//!   but not the slow `DebertaV2Tokenizer`, a space before a punctuation mark stays a
//!   `▁` token).
//! - Post-processor: `[CLS] A [SEP] B [SEP]` with type ids 0/1 (DeBERTa),
//!   `<s> A </s></s> B </s>` (XLM-R).
//! - Added tokens: the proto's control and user-defined pieces (the converted
//!   tokenizer, and so this one, drops the `▁` the slow one gives a space before a
//!   user-defined piece); then
//!   `tokenizer_config.json`'s `added_tokens_decoder`, else `added_tokens.json`; then
//!   the special tokens not yet added (DeBERTa's `[UNK]` matched on normalized text,
//!   XLM-R's `<mask>` taking the space before it).
//!
//! Which conversion applies: `tokenizer_config.json`'s `tokenizer_class`, else
//! config.json's `model_type`, else the file's name; another class (CamemBERT, mBART
//! and others ship a `sentencepiece.bpe.model` too) is refused, not guessed at.

use std::path::Path;

use serde_json::{Map, Value};
use tokenizers::models::unigram::Unigram;
use tokenizers::normalizers::replace::ReplacePattern;
use tokenizers::normalizers::{
    Lowercase, NormalizerWrapper, Precompiled, Replace, Sequence, Strip,
};
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::pre_tokenizers::punctuation::Punctuation;
use tokenizers::pre_tokenizers::sequence::Sequence as PreSequence;
use tokenizers::processors::template::TemplateProcessing;
use tokenizers::{AddedToken, SplitDelimiterBehavior, Tokenizer};

use super::{file_error, flag, settings};
use crate::models::error::ModelError;

/// The SentencePiece model files converted here, with the tokenizer each belongs to.
pub const FILES: &[&str] = &["spm.model", "sentencepiece.bpe.model"];

/// The word-boundary mark SentencePiece puts for a space.
const SPACE: char = '▁';

/// The fields of sentencepiece_model.proto's `ModelProto` the conversion reads.
#[derive(Clone, PartialEq, prost::Message)]
struct ModelProto {
    #[prost(message, repeated, tag = "1")]
    pieces: Vec<SentencePiece>,
    #[prost(message, optional, tag = "2")]
    trainer_spec: Option<TrainerSpec>,
    #[prost(message, optional, tag = "3")]
    normalizer_spec: Option<NormalizerSpec>,
}

/// `ModelProto.SentencePiece`: a piece, its score and its type.
#[derive(Clone, PartialEq, prost::Message)]
struct SentencePiece {
    #[prost(string, optional, tag = "1")]
    piece: Option<String>,
    #[prost(float, optional, tag = "2")]
    score: Option<f32>,
    /// NORMAL 1, UNKNOWN 2, CONTROL 3, USER_DEFINED 4, UNUSED 5, BYTE 6.
    #[prost(int32, optional, tag = "3", default = "1")]
    kind: Option<i32>,
}

/// `TrainerSpec`: the model type and the unknown piece's id.
#[derive(Clone, PartialEq, prost::Message)]
struct TrainerSpec {
    /// UNIGRAM 1, BPE 2, WORD 3, CHAR 4.
    #[prost(int32, optional, tag = "3", default = "1")]
    model_type: Option<i32>,
    #[prost(int32, optional, tag = "40", default = "0")]
    unk_id: Option<i32>,
}

/// `NormalizerSpec`: the compiled normalization rules.
#[derive(Clone, PartialEq, prost::Message)]
struct NormalizerSpec {
    #[prost(bytes = "vec", optional, tag = "2")]
    precompiled_charsmap: Option<Vec<u8>>,
}

/// The special tokens' roles, in `SPECIAL_TOKENS_ATTRIBUTES` order.
const ROLES: [&str; 7] = [
    "bos_token",
    "eos_token",
    "unk_token",
    "sep_token",
    "pad_token",
    "cls_token",
    "mask_token",
];

const CONTROL: i32 = 3;
const USER_DEFINED: i32 = 4;

/// The two conversions, as `transformers` names their slow tokenizers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    DebertaV2,
    XlmRoberta,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::DebertaV2 => "DebertaV2Tokenizer",
            Kind::XlmRoberta => "XLMRobertaTokenizer",
        }
    }

    fn file(self) -> &'static str {
        match self {
            Kind::DebertaV2 => "spm.model",
            Kind::XlmRoberta => "sentencepiece.bpe.model",
        }
    }

    /// The tokenizer's default special tokens, by [`ROLES`].
    fn defaults(self) -> [&'static str; 7] {
        match self {
            Kind::DebertaV2 => [
                "[CLS]", "[SEP]", "[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]",
            ],
            Kind::XlmRoberta => ["<s>", "</s>", "<unk>", "</s>", "<pad>", "<s>", "<mask>"],
        }
    }

    /// A special token given as a plain string, with the flags the tokenizer's
    /// `__init__` gives it.
    fn special_token(self, role: &str, content: &str) -> AddedToken {
        let token = AddedToken::from(content, true);
        match (self, role) {
            (Kind::DebertaV2, "unk_token") => token.normalized(true),
            (Kind::XlmRoberta, "mask_token") => token.lstrip(true),
            _ => token,
        }
    }
}

/// Builds the tokenizer of `dir`'s SentencePiece model `file` (one of [`FILES`]).
pub fn load(dir: &Path, file: &'static str) -> Result<Tokenizer, ModelError> {
    let s = settings(dir)?;
    let kind = kind(dir, file, &s)?;
    let bytes = std::fs::read(dir.join(file)).map_err(|source| ModelError::SentencePieceIo {
        file: file.to_string(),
        source,
    })?;
    let proto = <ModelProto as prost::Message>::decode(bytes.as_slice()).map_err(|source| {
        ModelError::SentencePieceProto {
            file: file.to_string(),
            source,
        }
    })?;
    let trainer = proto.trainer_spec.clone().unwrap_or_default();
    if trainer.model_type() != 1 {
        return Err(ModelError::SentencePieceModelType {
            file: file.to_string(),
            model_type: match trainer.model_type() {
                2 => "BPE".to_string(),
                3 => "word".to_string(),
                4 => "character".to_string(),
                n => format!("type {n}"),
            },
        });
    }
    let piece = |p: &SentencePiece| (p.piece().to_string(), f64::from(p.score()));
    let (vocab, unk_id): (Vec<(String, f64)>, i64) = match kind {
        Kind::DebertaV2 => (
            proto.pieces.iter().map(piece).collect(),
            i64::from(trainer.unk_id()),
        ),
        Kind::XlmRoberta => {
            let fairseq = ["<s>", "<pad>", "</s>", "<unk>"].map(|t| (t.to_string(), 0.0));
            let vocab = fairseq
                .into_iter()
                .chain(proto.pieces.iter().skip(3).map(piece))
                .chain([("<mask>".to_string(), 0.0)])
                .collect();
            (vocab, 3)
        }
    };
    let unk = usize::try_from(unk_id)
        .ok()
        .filter(|&u| u < vocab.len())
        .ok_or(ModelError::SentencePieceUnknownId {
            file: file.to_string(),
            unk_id,
            pieces: vocab.len(),
        })?;
    let model = Unigram::from(vocab, Some(unk), false).map_err(file_error(file))?;
    let mut tokenizer = Tokenizer::new(model);

    // The proto's control and user-defined pieces, in id order (SpmConverter).
    let pieces: Vec<AddedToken> = proto
        .pieces
        .iter()
        .filter(|p| matches!(p.kind(), CONTROL | USER_DEFINED))
        .map(|p| AddedToken::from(p.piece(), p.kind() == CONTROL).normalized(false))
        .collect();
    tokenizer.add_tokens(&pieces);

    let charsmap = proto
        .normalizer_spec
        .as_ref()
        .map(|n| n.precompiled_charsmap().to_vec())
        .unwrap_or_default();
    let precompiled = if charsmap.is_empty() {
        None
    } else {
        Some(
            Precompiled::from(&charsmap).map_err(|e| ModelError::SentencePieceCharsmap {
                file: file.to_string(),
                message: e.to_string(),
            })?,
        )
    };
    let spaces = |to: &str| {
        Replace::new(ReplacePattern::Regex(" {2,}".into()), to).map_err(file_error(file))
    };
    let metaspace = Metaspace::new(SPACE, PrependScheme::Always, true);
    let mut normalizers: Vec<NormalizerWrapper> = Vec::new();
    match kind {
        Kind::DebertaV2 => {
            if flag(&s, "do_lower_case").unwrap_or(false) {
                normalizers.push(Lowercase.into());
            }
            normalizers.push(Strip::new(true, true).into());
            normalizers.extend(precompiled.map(Into::into));
            normalizers.push(spaces(" ")?.into());
            let mut pre = Vec::new();
            if flag(&s, "split_by_punct").unwrap_or(false) {
                pre.push(Punctuation::new(SplitDelimiterBehavior::Isolated).into());
            }
            pre.push(metaspace.clone().into());
            tokenizer.with_pre_tokenizer(Some(PreSequence::new(pre)));
        }
        Kind::XlmRoberta => {
            normalizers.extend(precompiled.map(Into::into));
            normalizers.push(Strip::new(false, true).into());
            normalizers.push(spaces(&SPACE.to_string())?.into());
            tokenizer.with_pre_tokenizer(Some(metaspace.clone()));
        }
    }
    tokenizer
        .with_normalizer(Some(Sequence::new(normalizers)))
        .with_decoder(Some(metaspace));

    let (cls, sep, single, pair) = match kind {
        Kind::DebertaV2 => (
            "[CLS]",
            "[SEP]",
            "[CLS]:0 $A:0 [SEP]:0",
            "[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        ),
        Kind::XlmRoberta => ("<s>", "</s>", "<s> $A </s>", "<s> $A </s> </s> $B </s>"),
    };
    let special_id = |token: &str| {
        tokenizer
            .token_to_id(token)
            .ok_or_else(|| ModelError::SpecialTokenNotInVocab {
                file: file.to_string(),
                token: token.to_string(),
            })
    };
    let processing = TemplateProcessing::builder()
        .try_single(single)
        .and_then(|b| b.try_pair(pair))
        .map_err(ModelError::TokenizerTemplate)?
        .special_tokens(vec![(cls, special_id(cls)?), (sep, special_id(sep)?)])
        .build()
        .map_err(|e| ModelError::TokenizerTemplate(e.to_string()))?;
    tokenizer.with_post_processor(Some(processing));

    add_listed_and_special_tokens(&mut tokenizer, dir, kind, &s)?;
    Ok(tokenizer)
}

/// Which conversion `dir`'s `file` takes: the settings' `tokenizer_class`, else
/// config.json's `model_type` (a config.json that is absent or unreadable as JSON
/// names none), else the file's.
fn kind(dir: &Path, file: &'static str, s: &Map<String, Value>) -> Result<Kind, ModelError> {
    let refuse = |named: &str| ModelError::SentencePieceTokenizer {
        file: file.to_string(),
        tokenizer: named.to_string(),
    };
    let kind = if let Some(class) = s.get("tokenizer_class").and_then(Value::as_str) {
        let slow = class.strip_suffix("Fast").unwrap_or(class);
        match [Kind::DebertaV2, Kind::XlmRoberta]
            .into_iter()
            .find(|k| k.class() == slow)
        {
            Some(k) => k,
            None => return Err(refuse(class)),
        }
    } else {
        let model_type = std::fs::read_to_string(dir.join("config.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|c| {
                c.get("model_type")
                    .and_then(Value::as_str)
                    .map(String::from)
            });
        match model_type.as_deref() {
            Some("deberta-v2") => Kind::DebertaV2,
            Some("xlm-roberta") => Kind::XlmRoberta,
            Some(other) => return Err(refuse(&format!("model type {other}"))),
            None if file == Kind::DebertaV2.file() => Kind::DebertaV2,
            None => Kind::XlmRoberta,
        }
    };
    if kind.file() != file {
        return Err(ModelError::SentencePieceFileMismatch {
            file: file.to_string(),
            tokenizer: kind.class().to_string(),
            reads: kind.file().to_string(),
        });
    }
    Ok(kind)
}

/// A token of `added_tokens_decoder` or a special token given as an object: its
/// content and flags (`AddedToken(**entry)`).
fn token_object(o: &Map<String, Value>, special: bool) -> Option<AddedToken> {
    let content = o.get("content")?.as_str()?;
    let get = |k: &str| o.get(k).and_then(Value::as_bool);
    let special = get("special").unwrap_or(special);
    Some(
        AddedToken::from(content, special)
            .single_word(get("single_word").unwrap_or(false))
            .lstrip(get("lstrip").unwrap_or(false))
            .rstrip(get("rstrip").unwrap_or(false))
            .normalized(get("normalized").unwrap_or(!special)),
    )
}

/// Adds, as `PreTrainedTokenizerFast.__init__` does after the conversion, the tokens
/// `tokenizer_config.json`'s `added_tokens_decoder` (else `added_tokens.json`) lists, in
/// id order, then the special tokens not yet added. A listed token whose id is not the
/// one the tokenizer gives it is refused: the slow tokenizer would give it the listed id.
fn add_listed_and_special_tokens(
    tokenizer: &mut Tokenizer,
    dir: &Path,
    kind: Kind,
    s: &Map<String, Value>,
) -> Result<(), ModelError> {
    // The special tokens by role: the settings' (a string or an object), else the default.
    let specials: Vec<AddedToken> = ROLES
        .iter()
        .zip(kind.defaults())
        .map(|(&role, default)| match s.get(role) {
            Some(Value::Object(o)) => token_object(o, true)
                .unwrap_or_else(|| kind.special_token(role, default))
                .special(true),
            Some(Value::String(t)) => kind.special_token(role, t),
            _ => kind.special_token(role, default),
        })
        .collect();
    let is_special = |content: &str| specials.iter().any(|t| t.content == content);

    let (file, mut listed): (&str, Vec<(u32, AddedToken)>) = match s.get("added_tokens_decoder") {
        Some(Value::Object(decoder)) => {
            let mut listed = Vec::new();
            for (id, entry) in decoder {
                let token = entry
                    .as_object()
                    .and_then(|o| token_object(o, false))
                    .zip(id.parse::<u32>().ok())
                    .ok_or_else(|| ModelError::AddedTokensMalformed {
                        file: "tokenizer_config.json".into(),
                        entry: format!("{id}: {entry}"),
                    })?;
                listed.push((token.1, token.0));
            }
            ("tokenizer_config.json", listed)
        }
        _ => ("added_tokens.json", added_tokens_json(dir, s)?),
    };
    listed.sort_by_key(|(id, _)| *id);
    let present = tokenizer.get_added_tokens_decoder();
    let new: Vec<AddedToken> = listed
        .iter()
        .filter(|(_, t)| !present.values().any(|p| p == t))
        .map(|(_, t)| {
            let special = t.special || is_special(&t.content);
            t.clone().special(special)
        })
        .collect();
    let mut added: Vec<String> = present.values().map(|t| t.content.clone()).collect();
    added.extend(new.iter().map(|t| t.content.clone()));
    let mut rest: Vec<AddedToken> = Vec::new();
    for t in &specials {
        if !added.contains(&t.content) && !rest.iter().any(|r| r.content == t.content) {
            rest.push(t.clone());
        }
    }
    tokenizer.add_tokens(&new);
    tokenizer.add_tokens(&rest);
    for (id, token) in &listed {
        let got = tokenizer.token_to_id(&token.content);
        if got != Some(*id) {
            return Err(ModelError::AddedTokenId {
                file: file.to_string(),
                token: token.content.clone(),
                listed: *id,
                assigned: got,
            });
        }
    }
    Ok(())
}

/// added_tokens.json (`{"[MASK]": 128000}`) as `from_pretrained` reads it: a token is
/// special when the settings name it as a special token, and then not normalized.
fn added_tokens_json(
    dir: &Path,
    s: &Map<String, Value>,
) -> Result<Vec<(u32, AddedToken)>, ModelError> {
    const FILE: &str = "added_tokens.json";
    let text = match std::fs::read_to_string(dir.join(FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ModelError::TokenizerSettingsIo {
                file: FILE.into(),
                source,
            })
        }
    };
    let map = match serde_json::from_str::<Value>(&text).map_err(|source| {
        ModelError::TokenizerSettingsJson {
            file: FILE.into(),
            source,
        }
    })? {
        Value::Object(m) => m,
        _ => return Err(ModelError::TokenizerSettingsNotObject { file: FILE.into() }),
    };
    let named: Vec<&str> = ROLES
        .iter()
        .filter_map(|role| match s.get(*role) {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Object(o)) => o.get("content").and_then(Value::as_str),
            _ => None,
        })
        .collect();
    map.iter()
        .map(|(content, id)| {
            let id = id
                .as_u64()
                .and_then(|i| u32::try_from(i).ok())
                .ok_or_else(|| ModelError::AddedTokensMalformed {
                    file: FILE.into(),
                    entry: format!("{content:?}: {id}"),
                })?;
            let special = named.contains(&content.as_str());
            Ok((id, AddedToken::from(content.as_str(), special)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    fn piece(p: &str, kind: i32) -> SentencePiece {
        SentencePiece {
            piece: Some(p.into()),
            score: Some(-1.0),
            kind: Some(kind),
        }
    }

    fn write_model(dir: &Path, name: &str, model_type: i32, pieces: Vec<SentencePiece>) {
        let proto = ModelProto {
            pieces,
            trainer_spec: Some(TrainerSpec {
                model_type: Some(model_type),
                unk_id: Some(3),
            }),
            normalizer_spec: None,
        };
        std::fs::write(dir.join(name), proto.encode_to_vec()).unwrap();
    }

    fn deberta_pieces() -> Vec<SentencePiece> {
        let mut p = vec![
            piece("[PAD]", CONTROL),
            piece("[CLS]", CONTROL),
            piece("[SEP]", CONTROL),
            piece("[UNK]", 2),
            piece("<url>", USER_DEFINED),
        ];
        p.extend(["▁", "▁open", "ai", "a", "i", "o", "p", "e", "n"].map(|t| piece(t, 1)));
        p
    }

    #[test]
    fn a_unigram_spm_model_becomes_a_deberta_tokenizer() {
        let d = tempfile::tempdir().unwrap();
        write_model(d.path(), "spm.model", 1, deberta_pieces());
        std::fs::write(d.path().join("added_tokens.json"), r#"{"[MASK]": 14}"#).unwrap();
        let t = super::super::load(d.path()).unwrap();
        // Case kept; unknown characters are [UNK] (id 3, adjacent ones fused), shown
        // as their text; the space before the user-defined piece is stripped with it.
        let enc = t.encode(("OpenAI <url>", "open"), true).unwrap();
        assert_eq!(
            enc.get_tokens(),
            ["[CLS]", "▁", "O", "p", "e", "n", "AI", "<url>", "[SEP]", "▁open", "[SEP]"]
        );
        assert_eq!(enc.get_ids()[..3], [1, 5, 3]);
        assert_eq!(enc.get_ids()[6..9], [3, 4, 2]);
        assert_eq!(enc.get_type_ids(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
        assert_eq!(t.token_to_id("[MASK]"), Some(14));
        let added = t.get_added_tokens_decoder();
        assert!(
            !added[&4].normalized && !added[&4].special,
            "user-defined piece"
        );
        assert!(
            added[&3].normalized && added[&3].special,
            "[UNK] as DebertaV2Tokenizer has it"
        );

        std::fs::write(
            d.path().join("tokenizer_config.json"),
            r#"{"do_lower_case": true, "split_by_punct": true}"#,
        )
        .unwrap();
        let t = super::super::load(d.path()).unwrap();
        let enc = t.encode("OpenAI,ai", false).unwrap();
        assert_eq!(enc.get_tokens(), ["▁open", "ai", "▁", ",", "▁", "ai"]);
        assert_eq!(enc.get_ids()[3], 3, "an unknown comma");
    }

    #[test]
    fn unsupported_sentencepiece_models_are_refused_with_what_is_supported() {
        let d = tempfile::tempdir().unwrap();
        write_model(d.path(), "spm.model", 2, deberta_pieces());
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("spm.model") && e.contains("BPE") && e.contains("Unigram"),
            "{e}"
        );

        std::fs::write(d.path().join("spm.model"), b"\xff\xff\xff").unwrap();
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert!(e.starts_with("spm.model: not a SentencePiece model"), "{e}");

        let d = tempfile::tempdir().unwrap();
        write_model(d.path(), "sentencepiece.bpe.model", 1, deberta_pieces());
        std::fs::write(
            d.path().join("tokenizer_config.json"),
            r#"{"tokenizer_class": "CamembertTokenizer"}"#,
        )
        .unwrap();
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("CamembertTokenizer") && e.contains("XLMRobertaTokenizer"),
            "{e}"
        );
        std::fs::write(
            d.path().join("tokenizer_config.json"),
            r#"{"tokenizer_class": "DebertaV2TokenizerFast"}"#,
        )
        .unwrap();
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert_eq!(
            e,
            "sentencepiece.bpe.model: the checkpoint's tokenizer is DebertaV2Tokenizer, \
             which reads spm.model"
        );

        // Without tokenizer_class, config.json's model type decides.
        std::fs::remove_file(d.path().join("tokenizer_config.json")).unwrap();
        std::fs::write(
            d.path().join("config.json"),
            r#"{"model_type": "camembert"}"#,
        )
        .unwrap();
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert!(
            e.contains("tokenizer model type camembert is not one"),
            "{e}"
        );
        std::fs::write(
            d.path().join("config.json"),
            r#"{"model_type": "xlm-roberta"}"#,
        )
        .unwrap();
        let t = super::super::load(d.path()).unwrap();
        assert_eq!(t.token_to_id("<pad>"), Some(1), "fairseq's ids");

        // An added token the vocabulary already gives another id to.
        std::fs::write(d.path().join("added_tokens.json"), r#"{"[CLS]": 9}"#).unwrap();
        let e = super::super::load(d.path()).unwrap_err().to_string();
        assert!(e.contains("\"[CLS]\"") && e.contains("9"), "{e}");
    }
}
