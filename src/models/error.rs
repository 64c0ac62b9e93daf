//! Errors of the libtorch backend: finding a checkpoint, reading its tokenizer and
//! weights files, building its forward pass, batching its inputs.
//!
//! Messages name what is wrong but not the checkpoint: callers put them into
//! [`crate::Error::model`], which adds the model's name, and most prefix the directory
//! or weights file the problem is in.

use std::path::PathBuf;

/// An error of the libtorch backend ([`crate::models`], [`crate::embed`]).
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    // --- Finding the checkpoint (manifest::Spec::resolve, manifest::plan).
    /// A model directory that does not exist.
    #[error("directory {} not found", dir.display())]
    DirNotFound {
        /// The directory as named by a flag, crosscheck.toml or the manifest.
        dir: PathBuf,
    },
    /// A hub model that has not been downloaded.
    #[error("not in the Hugging Face cache; run `crosscheck models fetch`")]
    NotInHubCache {
        /// The hub id, `org/name`.
        id: String,
        /// The branch, tag or commit asked for ("main" unless one was named).
        revision: String,
    },
    /// A cache entry whose path has no parent directory.
    #[error("cache entry has no directory")]
    CacheEntryWithoutDir {
        /// The cached config.json the hub cache pointed to.
        path: PathBuf,
    },
    /// A checkpoint directory that lacks a file a run reads.
    #[error("{} {missing}", dir.display())]
    Incomplete {
        /// The checkpoint directory (a local one or a hub cache snapshot).
        dir: PathBuf,
        /// The first thing it lacks: config.json, a tokenizer or a weights file.
        missing: Missing,
    },
    /// A hub repository whose file list lacks a file a run reads.
    #[error(transparent)]
    RepoIncomplete(#[from] RepoMissing),

    // --- The manifest's sha256 lock (models::lock).
    /// A file the lock names is not in the checkpoint directory.
    #[error("{file} is in the lock but not in the model's files")]
    LockedFileMissing {
        /// The file's name within the checkpoint directory.
        file: String,
    },
    /// A file whose sha256 is not the one the lock records.
    #[error("{file} has sha256 {actual}, but the lock records {locked}")]
    LockMismatch {
        /// The file's name within the checkpoint directory.
        file: String,
        /// The sha256 the manifest's lock records.
        locked: String,
        /// The sha256 of the file as it is.
        actual: String,
    },
    /// A file that could not be read to hash it.
    #[error("reading {} to hash it: {source}", path.display())]
    LockRead {
        /// The file.
        path: PathBuf,
        /// What the read reported.
        #[source]
        source: std::io::Error,
    },

    // --- Tokenizer files (models::tokenizer, arch::tokenizer).
    /// No tokenizer files crosscheck can use.
    #[error(transparent)]
    NoTokenizer(#[from] MissingTokenizer),
    /// tokenizer.json, vocab.txt or vocab.json/merges.txt could not be loaded, or a
    /// SentencePiece vocabulary not made into a model.
    #[error("{file}: {source}")]
    TokenizerFile {
        /// The file's name within the checkpoint directory.
        file: String,
        /// What `tokenizers` reported.
        #[source]
        source: tokenizers::Error,
    },
    /// tokenizer_config.json, special_tokens_map.json or added_tokens.json could not be read.
    #[error("{file}: {source}")]
    TokenizerSettingsIo {
        /// The settings file's name within the checkpoint directory.
        file: String,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// tokenizer_config.json, special_tokens_map.json or added_tokens.json is not JSON.
    #[error("{file}: {source}")]
    TokenizerSettingsJson {
        /// The settings file's name within the checkpoint directory.
        file: String,
        /// The JSON parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// tokenizer_config.json, special_tokens_map.json or added_tokens.json is JSON but
    /// not an object.
    #[error("{file}: not a JSON object")]
    TokenizerSettingsNotObject {
        /// The settings file's name within the checkpoint directory.
        file: String,
    },
    /// A special token (`[SEP]`, `<s>`...) the vocabulary `file` does not have.
    #[error("{file}: special token {token:?} is not in the vocabulary")]
    SpecialTokenNotInVocab {
        /// The vocabulary file's name: vocab.txt, vocab.json or the SentencePiece model.
        file: String,
        /// The token's text, from the tokenizer settings or the architecture's default.
        token: String,
    },
    /// A SentencePiece model file that could not be read.
    #[error("{file}: {source}")]
    SentencePieceIo {
        /// The model's file name within the checkpoint directory, e.g. `spm.model`.
        file: String,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// A SentencePiece model file that is not a serialized `ModelProto`.
    #[error("{file}: not a SentencePiece model ({source})")]
    SentencePieceProto {
        /// The model's file name within the checkpoint directory.
        file: String,
        /// What the protobuf decoder reported.
        #[source]
        source: prost::DecodeError,
    },
    /// A SentencePiece model of a type other than Unigram.
    #[error(
        "{file}: a SentencePiece {model_type} model; crosscheck converts Unigram models only \
         (DeBERTa-v2/v3's spm.model, XLM-RoBERTa's sentencepiece.bpe.model)"
    )]
    SentencePieceModelType {
        /// The model's file name within the checkpoint directory.
        file: String,
        /// The proto's `trainer_spec.model_type`: BPE, word, character or a number.
        model_type: String,
    },
    /// A SentencePiece model of a tokenizer crosscheck does not convert.
    #[error(
        "{file}: tokenizer {tokenizer} is not one crosscheck builds from a SentencePiece model \
         (DebertaV2Tokenizer from spm.model, XLMRobertaTokenizer from sentencepiece.bpe.model); \
         write a tokenizer.json with transformers: \
         AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR)"
    )]
    SentencePieceTokenizer {
        /// The model's file name within the checkpoint directory.
        file: String,
        /// The tokenizer as the checkpoint names it (`tokenizer_class`, or config.json's
        /// model type).
        tokenizer: String,
    },
    /// A SentencePiece model file other than the one the checkpoint's tokenizer reads.
    #[error("{file}: the checkpoint's tokenizer is {tokenizer}, which reads {reads}")]
    SentencePieceFileMismatch {
        /// The model file the checkpoint has.
        file: String,
        /// The tokenizer class the checkpoint names (or its config.json's model type implies).
        tokenizer: String,
        /// The model file that tokenizer reads.
        reads: String,
    },
    /// A SentencePiece model whose unknown-piece id is not one of its pieces.
    #[error("{file}: unknown-piece id {unk_id} is not among its {pieces} pieces")]
    SentencePieceUnknownId {
        /// The model's file name within the checkpoint directory.
        file: String,
        /// The unknown piece's id (`trainer_spec.unk_id`).
        unk_id: i64,
        /// How many pieces the vocabulary has.
        pieces: usize,
    },
    /// A SentencePiece model whose normalization rules do not load.
    #[error("{file}: precompiled_charsmap: {message}")]
    SentencePieceCharsmap {
        /// The model's file name within the checkpoint directory.
        file: String,
        /// Why `tokenizers` refused the compiled rules.
        message: String,
    },
    /// An entry of `added_tokens.json` or of tokenizer_config.json's
    /// `added_tokens_decoder` that is not a token with an id.
    #[error("{file}: added token {entry} is not a token content with an id")]
    AddedTokensMalformed {
        /// The file that lists the added tokens.
        file: String,
        /// The entry as the file has it.
        entry: String,
    },
    /// An added token whose listed id is not the one the vocabulary gives it.
    #[error(
        "{file}: added token {token:?} has id {listed} there but {} in the tokenizer built from the vocabulary",
        assigned.map_or("none".to_string(), |a| a.to_string())
    )]
    AddedTokenId {
        /// The file that lists the added tokens.
        file: String,
        /// The token's text.
        token: String,
        /// Its id in `file`.
        listed: u32,
        /// The id the built tokenizer gives it.
        assigned: Option<u32>,
    },
    /// The post-processing template could not be built.
    #[error("tokenizer template: {0}")]
    TokenizerTemplate(String),
    /// The tokenizer refused the truncation settings.
    #[error("tokenizer truncation: {0}")]
    TokenizerTruncation(#[source] tokenizers::Error),

    // --- Weights files (arch::weights, models::weights).
    /// A checkpoint directory without a weights file.
    #[error("no model.safetensors, rust_model.ot or pytorch_model.bin")]
    NoWeights {
        /// The checkpoint directory that was searched.
        dir: PathBuf,
    },
    /// The weights file could not be opened or read.
    #[error("{source}")]
    WeightsIo {
        /// The weights file.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// A file too short to hold the 8-byte length of a safetensors header.
    #[error("not a safetensors file (shorter than its header)")]
    HeaderTruncated {
        /// The weights file.
        path: PathBuf,
    },
    /// A safetensors header length larger than the format's limit or the file.
    #[error("not a safetensors file (header of {header_len} bytes in a file of {size})")]
    HeaderTooLarge {
        /// The header length in bytes, as the file's first 8 bytes state it.
        header_len: u64,
        /// The file's size in bytes.
        size: u64,
    },
    /// A safetensors header that is not the JSON object the format says.
    #[error("safetensors header: {0}")]
    HeaderJson(#[source] serde_json::Error),
    /// A safetensors header entry that is not `{dtype, shape, data_offsets}`.
    #[error("safetensors header, tensor {name}: {source}")]
    HeaderEntry {
        /// The tensor's name, the entry's key in the header.
        name: String,
        /// Why the entry does not deserialize.
        #[source]
        source: serde_json::Error,
    },
    /// A tensor stored with an element type crosscheck does not read.
    #[error("tensor {name}: dtype {dtype} is not supported")]
    UnsupportedDtype {
        /// The tensor's name.
        name: String,
        /// The dtype as the header spells it; F32, F16, BF16, F64, I64 and I32 are read.
        dtype: String,
    },
    /// A tensor whose data offsets disagree with its shape or lie past the file's end.
    #[error("tensor {name}: data offsets {start}..{end} do not fit the file")]
    BadOffsets {
        /// The tensor's name.
        name: String,
        /// Where its data starts, in bytes from the end of the header.
        start: u64,
        /// Where its data ends (exclusive), in bytes from the end of the header.
        end: u64,
    },
    /// A tensor's bytes could not be read.
    #[error("tensor {name}: {source}")]
    TensorIo {
        /// The tensor's name.
        name: String,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// libtorch refused to move, convert or copy a tensor.
    #[error("tensor {name}: {source}")]
    TensorTorch {
        /// The tensor's name.
        name: String,
        /// libtorch's error.
        #[source]
        source: tch::TchError,
    },
    /// libtorch refused to make a tensor of a file's bytes.
    #[error("{0}")]
    Torch(#[source] tch::TchError),
    /// libtorch could not load rust_model.ot (the first line of its message: libtorch
    /// appends a C++ backtrace).
    #[error("{}", first_line(source))]
    OtLoad {
        /// libtorch's error, backtrace included.
        #[source]
        source: tch::TchError,
    },

    // --- pytorch_model.bin (models::torch_bin, models::pickle).
    /// A pytorch_model.bin in torch's legacy serialization (before torch 1.6).
    #[error(
        "in PyTorch's legacy format (torch < 1.6), which crosscheck does not read; convert \
         it to model.safetensors with transformers: the model class's \
         from_pretrained(DIR).save_pretrained(DIR)"
    )]
    TorchLegacyFormat {
        /// The weights file.
        path: PathBuf,
    },
    /// A file that is not a readable zip archive (cut short, corrupt, or no checkpoint).
    #[error("not a readable zip archive as torch.save writes (cut short or corrupt?): {source}")]
    TorchZip {
        /// The weights file.
        path: PathBuf,
        /// What the zip reader reported.
        #[source]
        source: zip::result::ZipError,
    },
    /// A zip archive without exactly one `<name>/data.pkl`.
    #[error(
        "a zip archive with {found} <name>/data.pkl entries, not one: not a PyTorch checkpoint"
    )]
    TorchNoPickle {
        /// The weights file.
        path: PathBuf,
        /// How many `<name>/data.pkl` entries the archive has.
        found: usize,
    },
    /// A data.pkl larger than any state dict's.
    #[error("{entry} is {size} bytes, more than the {limit} accepted")]
    TorchPickleTooLarge {
        /// The archive entry, `<name>/data.pkl`.
        entry: String,
        /// Its size as the archive states it.
        size: u64,
        /// The most accepted.
        limit: u64,
    },
    /// A checkpoint written on a big-endian machine.
    #[error("{entry} says {order:?}; only little-endian checkpoints are read")]
    TorchByteOrder {
        /// The archive entry, `<name>/byteorder`.
        entry: String,
        /// What it holds.
        order: String,
    },
    /// A data.pkl the restricted unpickler refuses (see [`PickleProblem`]).
    #[error("{entry}, {source}")]
    TorchPickle {
        /// The weights file.
        path: PathBuf,
        /// The archive entry, `<name>/data.pkl`.
        entry: String,
        /// Where and why unpickling stopped.
        #[source]
        source: PickleError,
    },
    /// A data.pkl that holds something other than a dict.
    #[error("data.pkl holds a {found}, not a state dict")]
    NotStateDict {
        /// The Python type it holds.
        found: &'static str,
    },
    /// A state dict entry that is not a tensor (or whose key is not a string).
    #[error("state dict entry {name} is a {found}, not a tensor")]
    NotATensor {
        /// The entry's key (its Python type when it is not a string).
        name: String,
        /// The Python type of its value.
        found: &'static str,
    },
    /// A tensor whose storage is not in the archive.
    #[error("tensor {name}: its storage {entry} is not in the archive")]
    MissingStorage {
        /// The tensor's name.
        name: String,
        /// The archive entry data.pkl names, `<name>/data/<key>`.
        entry: String,
    },
    /// A storage entry whose size is not the one data.pkl gives it.
    #[error("tensor {name}: storage {entry} holds {bytes} bytes, not {numel} elements of {width}")]
    StorageSize {
        /// The tensor's name.
        name: String,
        /// The archive entry, `<name>/data/<key>`.
        entry: String,
        /// Its size in the archive.
        bytes: u64,
        /// Its length in elements according to data.pkl.
        numel: i64,
        /// The size of one element in bytes.
        width: u64,
    },
    /// A storage entry whose bytes run past the end of the file.
    #[error("storage {entry} runs past the end of the file (cut short?)")]
    StorageTruncated {
        /// The archive entry, `<name>/data/<key>`.
        entry: String,
    },

    // --- Building the forward pass (models::encoder, models::weights).
    /// A tensor the model needs that the weights file lacks.
    #[error("the file has no tensor {name}")]
    MissingTensor {
        /// The tensor's full name, e.g. `bert.embeddings.word_embeddings.weight`.
        name: String,
    },
    /// A tensor whose shape in the file is not the model's.
    #[error("tensor {name} has shape {file:?} in the file but {model:?} in the model")]
    ShapeMismatch {
        /// The tensor's full name.
        name: String,
        /// Its shape in the weights file.
        file: Vec<i64>,
        /// The shape the model built from config.json expects.
        model: Vec<i64>,
    },
    /// Why the fused forward does not cover a model (rust-bert's then runs it).
    #[error("position embeddings {0}")]
    UnsupportedPositionEmbeddings(String),
    /// A `hidden_act` other than gelu, gelu_new, gelu_pytorch_tanh or relu.
    #[error("activation {0}")]
    UnsupportedActivation(String),
    /// A `model_type` other than bert, roberta or xlm-roberta.
    #[error("model type {0}")]
    UnsupportedModelType(String),
    /// A `num_attention_heads` that does not split `hidden_size` into equal heads.
    #[error("{heads} heads do not divide hidden size {hidden}")]
    HeadsDoNotDivide {
        /// config.json's `num_attention_heads`.
        heads: i64,
        /// config.json's `hidden_size`.
        hidden: i64,
    },
    /// A sequence classifier whose labels are not NLI's.
    #[error(
        "config.json: id2label {labels:?} has no entailment and contradiction labels; not an NLI checkpoint"
    )]
    NotNli {
        /// The checkpoint's labels in class order, from config.json's `id2label`.
        labels: Vec<String>,
    },

    // --- Running (arch::Inputs::batch).
    /// A token id past the model's embedding table.
    #[error(
        "token id {id} is outside the model's vocabulary of {vocab}: the tokenizer does not belong to these weights"
    )]
    TokenOutsideVocabulary {
        /// The token id the tokenizer produced.
        id: u32,
        /// The model's vocabulary size (config.json's `vocab_size`).
        vocab: i64,
    },
}

fn first_line(e: &tch::TchError) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// Why the restricted unpickler ([`crate::models::pickle`]) stopped, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("byte {offset}: {problem}")]
pub struct PickleError {
    /// The offset of the opcode it stopped at, in bytes from the pickle's start.
    pub offset: usize,
    /// What is wrong there.
    pub problem: PickleProblem,
}

/// What the restricted unpickler refuses or cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PickleProblem {
    /// A global other than those a state dict of weights needs.
    #[error(
        "global {global} is refused: unpickling it could run code, and a state dict of \
         weights needs only collections.OrderedDict and torch's tensor rebuild functions \
         and storage types"
    )]
    Global {
        /// `module.name`, as the pickle spells it.
        global: String,
    },
    /// An opcode torch's state-dict pickles do not use.
    #[error("opcode 0x{0:02x} is not one a state dict's pickle uses")]
    Opcode(u8),
    /// A protocol number past Python's highest.
    #[error("pickle protocol {0} is unknown")]
    Protocol(u8),
    /// The pickle ends before its STOP opcode, or a length runs past its end.
    #[error("cut short (a length or opcode runs past the end)")]
    Truncated,
    /// An opcode that pops a value off an empty stack.
    #[error("pops an empty stack")]
    StackUnderflow,
    /// An opcode that pops to a MARK when there is none.
    #[error("no MARK to pop to")]
    NoMark,
    /// A memo get of an id never put.
    #[error("memo entry {0} was never set")]
    MemoMissing(u32),
    /// An opcode or call given a value of the wrong type.
    #[error("{what} wants a {expected}, not a {found}")]
    Type {
        /// The opcode or argument.
        what: &'static str,
        /// The Python type it wants.
        expected: &'static str,
        /// The Python type it got.
        found: &'static str,
    },
    /// An allowed global called with arguments it does not take.
    #[error("{callable}: {why}")]
    BadCall {
        /// The global called.
        callable: &'static str,
        /// What is wrong with the call.
        why: &'static str,
    },
    /// STACK_GLOBAL without two strings.
    #[error("STACK_GLOBAL without a module and a name")]
    BadGlobalName,
    /// A persistent id other than torch's storage ids.
    #[error("a persistent id that is not ('storage', storage type, key, location, numel)")]
    BadPersistentId,
    /// A tensor whose elements lie (partly) outside its storage.
    #[error(
        "a tensor of size {size:?} and stride {stride:?} at offset {offset} does not fit \
         its storage of {numel} elements"
    )]
    TensorOutsideStorage {
        /// Its shape.
        size: Vec<i64>,
        /// Its strides.
        stride: Vec<i64>,
        /// Its storage offset.
        offset: i64,
        /// Its storage's length in elements.
        numel: i64,
    },
    /// An integer wider than 64 bits.
    #[error("an integer wider than 64 bits")]
    IntTooLarge,
    /// A string that is not UTF-8.
    #[error("a string that is not UTF-8")]
    NotUtf8,
    /// SETITEMS with an odd number of items.
    #[error("SETITEMS with a key and no value")]
    OddSetItems,
    /// Tuples, lists, dicts or MARKs nested too deep.
    #[error("nested too deep")]
    TooDeep,
    /// More copying through the memo than a pickle of its size needs.
    #[error("copies more through its memo than a pickle of its size needs")]
    TooComplex,
}

/// Why a checkpoint directory has no tokenizer crosscheck can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissingTokenizer {
    /// Only a SentencePiece model crosscheck does not convert (`spiece.model`, T5's,
    /// ALBERT's and XLNet's, whose converters differ).
    #[error(
        "has a SentencePiece tokenizer ({file}) crosscheck does not convert (it converts \
         spm.model and sentencepiece.bpe.model) and no tokenizer.json; write one with \
         transformers: AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR) \
         (needs the sentencepiece package)"
    )]
    SentencePiece {
        /// The SentencePiece model's file name, e.g. `spiece.model`.
        file: String,
    },
    /// None of the tokenizer files at all.
    #[error(
        "has no tokenizer.json, vocab.txt, vocab.json with merges.txt, spm.model or \
         sentencepiece.bpe.model"
    )]
    NoFiles,
}

/// What a checkpoint directory lacks (after its path in [`ModelError::Incomplete`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    /// No config.json.
    #[error("lacks config.json")]
    Config,
    /// No tokenizer crosscheck can use.
    #[error(transparent)]
    Tokenizer(#[from] MissingTokenizer),
    /// Neither model.safetensors, rust_model.ot nor pytorch_model.bin.
    #[error("has no model.safetensors, rust_model.ot or pytorch_model.bin")]
    Weights,
}

/// What a hub repository's file list lacks for a run (`crosscheck models fetch`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoMissing {
    /// No config.json.
    #[error("has no config.json")]
    Config,
    /// Only a SentencePiece model crosscheck does not convert (`file`).
    #[error(
        "has a SentencePiece tokenizer ({file}) crosscheck does not convert (it converts \
         spm.model and sentencepiece.bpe.model) and no tokenizer.json"
    )]
    SentencePieceOnly {
        /// The first `.model` file the repository lists.
        file: String,
    },
    /// None of the tokenizer files crosscheck reads.
    #[error(
        "has no tokenizer.json, vocab.txt, vocab.json with merges.txt, spm.model or \
         sentencepiece.bpe.model"
    )]
    Tokenizer,
    /// Neither model.safetensors, rust_model.ot nor pytorch_model.bin.
    #[error("has no model.safetensors, rust_model.ot or pytorch_model.bin")]
    Weights,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages are the ones the backend's String errors had, byte for byte.
    #[test]
    fn messages_are_unchanged() {
        let cases: Vec<(ModelError, &str)> = vec![
            (
                ModelError::ShapeMismatch {
                    name: "classifier.weight".into(),
                    file: vec![9, 32],
                    model: vec![2, 32],
                },
                "tensor classifier.weight has shape [9, 32] in the file but [2, 32] in the model",
            ),
            (
                ModelError::Incomplete {
                    dir: "/m/x".into(),
                    missing: MissingTokenizer::SentencePiece {
                        file: "spiece.model".into(),
                    }
                    .into(),
                },
                "/m/x has a SentencePiece tokenizer (spiece.model) crosscheck does not convert \
                 (it converts spm.model and sentencepiece.bpe.model) and no tokenizer.json; \
                 write one with transformers: \
                 AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR) \
                 (needs the sentencepiece package)",
            ),
            (
                ModelError::Incomplete {
                    dir: "/m/x".into(),
                    missing: Missing::Weights,
                },
                "/m/x has no model.safetensors, rust_model.ot or pytorch_model.bin",
            ),
            (
                ModelError::SpecialTokenNotInVocab {
                    file: "vocab.txt".into(),
                    token: "[SEP]".into(),
                },
                "vocab.txt: special token \"[SEP]\" is not in the vocabulary",
            ),
            (
                ModelError::TokenOutsideVocabulary { id: 7, vocab: 5 },
                "token id 7 is outside the model's vocabulary of 5: the tokenizer does not \
                 belong to these weights",
            ),
            (
                ModelError::OtLoad {
                    source: tch::TchError::Torch("bad file\nframe #0: c10::Error".into()),
                },
                "Internal torch error: bad file",
            ),
        ];
        for (e, want) in cases {
            assert_eq!(e.to_string(), want);
        }
    }
}
