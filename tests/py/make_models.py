#!/usr/bin/env python3
"""Generates tiny random transformer checkpoints and Python `transformers` reference
outputs for the Rust parity tests (tests/transformer_parity.rs).

    make_models.py OUT_DIR [MINILM_DIR]

For each architecture crosscheck supports (bert, roberta, distilbert, deberta-v2) it
writes, in Hugging Face layout (config.json with id2label, tokenizer.json,
model.safetensors):
  OUT_DIR/ner-<arch>/   a token-classification model with CoNLL BIO labels
  OUT_DIR/nli-<arch>/   a sequence-classification (MNLI-style) cross-encoder
With MINILM_DIR (all-MiniLM-L6-v2), also ner-minilm/ and nli-minilm/: the real
encoder weights under fresh classification heads, named as a fine-tuned hub
checkpoint names them.

Checkpoints without tokenizer.json, as many hub checkpoints are:
  OUT_DIR/ner-bert-vocab/   ner-bert's weights with a slow tokenizer (vocab.txt,
                            tokenizer_config.json): same entities expected
  OUT_DIR/tok-wordpiece/    vocab.txt (MiniLM's real uncased vocabulary, lower-cased)
  OUT_DIR/tok-bpe/          vocab.json + merges.txt (a byte-level BPE trained here)
  OUT_DIR/tok-spm-deberta/  spm.model (a Unigram SentencePiece model trained here) with
                            added_tokens.json etc. as DeBERTa-v3 checkpoints ship them
  OUT_DIR/tok-spm-deberta-punct-lower/  the same with split_by_punct, do_lower_case
  OUT_DIR/tok-spm-xlmr/     sentencepiece.bpe.model (Unigram too, as XLM-R's is)
  OUT_DIR/nli-deberta-spm/  a DeBERTa-v2 NLI model whose tokenizer is only spm.model
                            and its extras, as cross-encoder/nli-deberta-v3-base's is
with, in reference.json under "tokenizers", the ids `transformers`' slow tokenizer
gives, the offsets and added tokens of the fast tokenizer it converts from those
files (and its ids where they are known to differ from the slow one's).

Checkpoints with only pytorch_model.bin, and hostile or legacy ones that must be
refused: see pytorch_bin_checkpoints.

And OUT_DIR/reference.json with, per model, the logits/probabilities Python computes
for fixed inputs and the entities of the `token-classification` pipeline.

Weights are random (seeded): parity does not depend on what a model has learnt.
The label orders differ on purpose: one NLI model is (entailment, neutral,
contradiction), another (contradiction, neutral, entailment), as real MNLI
checkpoints differ.
"""

import json
import sys
from pathlib import Path

import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, decoders
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    BertTokenizer,
    RobertaTokenizer,
    AutoModelForTokenClassification,
    BertConfig,
    DebertaV2Config,
    DistilBertConfig,
    PreTrainedTokenizerFast,
    RobertaConfig,
    pipeline,
)

WORDS = """Microsoft OpenAI Google Amazon Oracle Reuters Satya Nadella Sam Altman Seattle
Redmond San Francisco Azure GPT-5 the a an of to in and for on with said has have will
is was invested investment billion million percent revenue share license through until
deal company companies cloud partner model models report reported according people
familiar matter rumored could potentially pay pays paid receive""".split()

NER_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
NLI_ORDERS = {
    "bert": ["entailment", "neutral", "contradiction"],
    "roberta": ["contradiction", "neutral", "entailment"],
    "distilbert": ["entailment", "neutral", "contradiction"],
    "deberta-v2": ["contradiction", "entailment", "neutral"],
}

NER_INPUTS = [
    "Microsoft has invested $13 billion in OpenAI, Reuters reported.",
    "Satya Nadella met Sam Altman in Redmond.",
    "Zürich-based analysts expect Azure revenue to grow by 20 percent through 2030.",
    "The rumored GPT-5 could potentially run on Oracle cloud infrastructure.",
    "OpenAI",
]
NLI_PAIRS = [
    ("Microsoft has invested $13 billion in OpenAI.", "Microsoft invested in OpenAI."),
    ("OpenAI will pay Microsoft a revenue share through 2030.",
     "Microsoft will pay OpenAI a revenue share."),
    ("The license runs through 2032 and is now non-exclusive.", "The license is exclusive."),
    ("Reuters reported the deal.", "A deal was reported by Reuters, according to people familiar with the matter."),
]


def tokenizer_for(arch):
    """A WordPiece tokenizer.json: whole words for WORDS, single characters and
    ##-pieces for everything else, so unknown words split into several sub-tokens."""
    if arch == "roberta":
        special = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
        cls, sep, pad, unk, mask = special[0], special[2], special[1], special[3], special[4]
    else:
        special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        pad, unk, cls, sep, mask = special
    chars = sorted(set("".join(WORDS)) | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$%.,'-üé€"))
    vocab = special + sorted(set(WORDS)) + chars + ["##" + c for c in chars]
    ids = {t: i for i, t in enumerate(dict.fromkeys(vocab))}
    tok = Tokenizer(models.WordPiece(ids, unk_token=unk, continuing_subword_prefix="##"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False, clean_text=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    if arch == "roberta":
        single, pair = f"{cls} $A {sep}", f"{cls} $A {sep} {sep} $B {sep}"
    else:
        single, pair = f"{cls} $A {sep}", f"{cls} $A {sep} $B:1 {sep}:1"
    tok.post_processor = processors.TemplateProcessing(
        single=single, pair=pair, special_tokens=[(cls, ids[cls]), (sep, ids[sep])])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token=unk, pad_token=pad,
                                   cls_token=cls, sep_token=sep, mask_token=mask)
    if arch != "bert":
        # Only BERT has segment embeddings that take token_type_ids.
        fast.model_input_names = ["input_ids", "attention_mask"]
    return fast, ids[pad], len(ids)


def config_for(arch, vocab, pad_id, labels):
    id2label = {i: l for i, l in enumerate(labels)}
    label2id = {l: i for i, l in enumerate(labels)}
    common = dict(vocab_size=vocab, id2label=id2label, label2id=label2id, pad_token_id=pad_id)
    if arch == "bert":
        return BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                          intermediate_size=64, max_position_embeddings=128,
                          initializer_range=0.3, **common)
    if arch == "roberta":
        return RobertaConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                             intermediate_size=64, max_position_embeddings=130,
                             type_vocab_size=1, bos_token_id=0, eos_token_id=2,
                             initializer_range=0.3, **common)
    if arch == "distilbert":
        return DistilBertConfig(dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                                max_position_embeddings=128, initializer_range=0.3, **common)
    if arch == "deberta-v2":
        # Shaped like DeBERTa-v3 (the MNLI cross-encoders users run): relative
        # attention with log buckets, shared attention keys, layer-normed rel embeddings.
        return DebertaV2Config(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                               intermediate_size=64, max_position_embeddings=128,
                               relative_attention=True, position_buckets=32,
                               max_relative_positions=-1, pos_att_type=["p2c", "c2p"],
                               norm_rel_ebd="layer_norm", share_att_key=True,
                               position_biased_input=False, type_vocab_size=0,
                               initializer_range=0.3, **common)
    raise ValueError(arch)


TOKENIZER_TEXTS = NER_INPUTS + [
    "Café Zürich's 20% cut, “through 2030” — per Reuters.",
    "北京 and 東京 offices opened\tin  2024",
    "  spaced   out  ",
    "$13bn vs. $13 billion (U.S.) [SEP] <s>",
]
TOKENIZER_PAIRS = [(a, b) for a, b in NLI_PAIRS] + [("Café au lait", "北京 2030")]


def encodings(slow, fast, texts=TOKENIZER_TEXTS, pairs=TOKENIZER_PAIRS, slow_differs=None):
    """Slow ids (the reference), fast offsets; both must agree on ids. Where the fast
    tokenizer transformers converts is known to differ from the slow one, the reason
    given as `slow_differs`, the fast ids are the reference and the slow ones are kept
    as "slow_ids" in the entries they differ in."""
    out = {"single": [], "pair": []}
    def entry(ids, enc, **fields):
        if enc["input_ids"] != ids:
            assert slow_differs, (fields, enc["input_ids"], ids)
            fields["slow_ids"] = ids
        fields["ids"] = enc["input_ids"]
        fields["offsets"] = [list(o) for o in enc["offset_mapping"]]
        return fields
    for text in texts:
        enc = fast(text, return_offsets_mapping=True)
        out["single"].append(entry(slow(text)["input_ids"], enc, text=text))
    for a, b in pairs:
        enc = fast(a, b, return_offsets_mapping=True, return_token_type_ids=True)
        out["pair"].append(entry(slow(a, b)["input_ids"], enc, a=a, b=b,
                                 type_ids=enc["token_type_ids"]))
    if slow_differs:
        out["slow_differs"] = slow_differs
    out["added_tokens"] = json.loads(fast.backend_tokenizer.to_str())["added_tokens"]
    return out


def vocab_file_checkpoints(out, bert_fast, minilm):
    """Checkpoints whose tokenizer is only vocabulary files (no tokenizer.json)."""
    reference = {}
    # ner-bert's weights with the same vocabulary as a slow BertTokenizer (cased).
    d = out / "ner-bert-vocab"
    d.mkdir(exist_ok=True)
    for f in ["config.json", "model.safetensors"]:
        (d / f).write_bytes((out / "ner-bert" / f).read_bytes())
    vocab = sorted(bert_fast.get_vocab().items(), key=lambda kv: kv[1])
    (d / "vocab.txt").write_text("".join(t + "\n" for t, _ in vocab))
    BertTokenizer(str(d / "vocab.txt"), do_lower_case=False).save_pretrained(d)
    assert not (d / "tokenizer.json").exists()
    for text in NER_INPUTS:
        assert BertTokenizer.from_pretrained(d)(text)["input_ids"] == bert_fast(text)["input_ids"]

    if minilm:
        # A real uncased WordPiece vocabulary; do_lower_case left to its default (true).
        d = out / "tok-wordpiece"
        d.mkdir(exist_ok=True)
        vocab = json.loads((Path(minilm) / "tokenizer.json").read_text())["model"]["vocab"]
        (d / "vocab.txt").write_text(
            "".join(t + "\n" for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])))
        slow = BertTokenizer(str(d / "vocab.txt"))
        slow.save_pretrained(d)
        (d / "tokenizer.json").unlink(missing_ok=True)
        fast = AutoTokenizer.from_pretrained(d, use_fast=True)
        assert fast.is_fast
        reference["tok-wordpiece"] = encodings(slow, fast)

    # A byte-level BPE trained on the inputs, saved as a slow RobertaTokenizer saves it.
    from tokenizers import ByteLevelBPETokenizer
    d = out / "tok-bpe"
    d.mkdir(exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator([" ".join(WORDS)] + NER_INPUTS * 3 + TOKENIZER_TEXTS, vocab_size=400,
                            min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe.save_model(str(d))
    slow = RobertaTokenizer(str(d / "vocab.json"), str(d / "merges.txt"))
    slow.save_pretrained(d)
    (d / "tokenizer.json").unlink(missing_ok=True)
    fast = AutoTokenizer.from_pretrained(d, use_fast=True)
    assert fast.is_fast
    reference["tok-bpe"] = encodings(slow, fast)
    return reference


# Text the SentencePiece models are trained on: news-like English with other scripts,
# accents, emoji, fullwidth forms, figures and long words mixed in.
SPM_CORPUS = [
    "Microsoft has invested $13 billion in OpenAI, Reuters reported on Tuesday.",
    "The company's cloud revenue grew 20% in 2023, and analysts expect 25% through 2030.",
    "Satya Nadella said the partnership would continue until at least 2032.",
    "Café owners in Zürich and São Paulo reported a 3.5% rise in prices.",
    "Die Übernahme kostete 4,2 Milliarden Euro, berichtete die Zeitung am Montag.",
    "北京和上海的办公室于2024年开业。東京の新しいオフィスは来月開設されます。",
    "서울 사무소는 내년에 문을 엽니다.",
    "The deal 🤝 was celebrated with 🎉 and 🚀 by employees in Seattle.",
    "Fullwidth digits like ２０２４ and letters like ＡＢＣ appear in Japanese filings.",
    "Internationalization and counterrevolutionary are unusually long words.",
    "Antidisestablishmentarianism rarely appears in financial news reports.",
    "Revenue reached $1,250,000 in Q3 (up from $980,000 a year earlier).",
    "“Quoted text”, ‘single quotes’ and «guillemets» are punctuation too!",
    "The license runs through 2032 and is now non-exclusive, according to people familiar with the matter.",
    "Amazon, Google and Oracle compete for the same enterprise customers.",
    "OpenAI will pay Microsoft a revenue share of roughly 20 percent.",
    "El acuerdo se firmó en Madrid el 5 de marzo de 2025.",
    "Le contrat a été signé à Paris après des négociations difficiles.",
    "Прибыль компании выросла на 15% в первом квартале.",
    "The rumored GPT-5 could potentially run on Azure infrastructure.",
    "Numbers: 1, 22, 333, 4444, 55555, 3.14159, 1/2, 10:30 and 7-9 [sic].",
    "Tabs\tseparate\tthese words;   runs   of spaces appear too.",
    "Reported: the shares fell 4.5% — their worst day since 2020.",
    "A spokesperson declined to comment on the $500 million settlement.",
]

# What the SentencePiece tokenizers are compared on, besides TOKENIZER_TEXTS.
SPM_TEXTS = TOKENIZER_TEXTS + [
    "Microsoft invested $13 billion; OpenAI's revenue share is 20% until 2030.",
    "The deal 🤝 closed 🎉 in ２０２４ for ＡＢＣ Corp.",
    "Counterrevolutionary internationalization of antidisestablishmentarianism",
    "line one\nline two\n\nline four",
    "tabs\tand\t\ttabs  and   spaces\t ",
    "MiXeD CaSe SATYA nadella Über ÜBER",
    "Prices rose (sharply!) by 3.5%, didn't they? Yes: [1], {2}, <3>...",
    "a [MASK] token, a [CLS] and [SEP] mid-text",
    "Die Übernahme kostete 4,2 Milliarden Euro.",
    "Прибыль выросла на 15%",
    "x",
    "",
    "\u00a0non-breaking\u2003em space\u200bzero width",
]
SPM_PAIRS = TOKENIZER_PAIRS + [
    ("Die Übernahme kostete 4,2 Milliarden Euro.", "Microsoft paid  $13bn\tin 2023!"),
    ("The deal 🤝 closed.", "No, it did not (yet)."),
]


def train_spm(**options):
    """A Unigram SentencePiece model trained on SPM_CORPUS, as the bytes of its .model file."""
    import io
    import sentencepiece as spm
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(SPM_CORPUS * 4), model_writer=buf, model_type="unigram",
        vocab_size=400, hard_vocab_limit=False, character_coverage=1.0, num_threads=1,
        minloglevel=2, **options)
    return buf.getvalue()


def sentencepiece_checkpoints(out):
    """Checkpoints whose tokenizer is only a SentencePiece model: DeBERTa-v2/v3's spm.model
    and XLM-RoBERTa's sentencepiece.bpe.model. Returns (tokenizer references, the NLI
    reference of nli-deberta-spm)."""
    from sentencepiece import sentencepiece_model_pb2
    from transformers import (DebertaV2Tokenizer, DebertaV2TokenizerFast, XLMRobertaTokenizer,
                              XLMRobertaTokenizerFast)
    reference = {}
    # DeBERTa-v3's spm.model: [PAD] [CLS] [SEP] [UNK] first, [MASK] added after the pieces.
    deberta = train_spm(pad_id=0, bos_id=1, eos_id=2, unk_id=3, pad_piece="[PAD]",
                        bos_piece="[CLS]", eos_piece="[SEP]", unk_piece="[UNK]")
    pieces = len(sentencepiece_model_pb2.ModelProto.FromString(deberta).pieces)

    # As the hub's DeBERTa-v3 checkpoints ship it: the older tokenizer_config.json,
    # special_tokens_map.json and added_tokens.json, written out here.
    d = out / "tok-spm-deberta"
    d.mkdir(exist_ok=True)
    (d / "spm.model").write_bytes(deberta)
    specials = {"bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]",
                "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                "mask_token": "[MASK]"}
    (d / "special_tokens_map.json").write_text(json.dumps(specials))
    (d / "tokenizer_config.json").write_text(json.dumps(
        {"do_lower_case": False, "vocab_type": "spm", "split_by_punct": False,
         "sp_model_kwargs": {}, "tokenizer_class": "DebertaV2Tokenizer", **specials}))
    (d / "added_tokens.json").write_text(json.dumps({"[MASK]": pieces}))
    # split_by_punct and do_lower_case, saved by this transformers (added_tokens_decoder).
    d2 = out / "tok-spm-deberta-punct-lower"
    d2.mkdir(exist_ok=True)
    (d2 / "spm.model").write_bytes(deberta)
    DebertaV2Tokenizer(str(d2 / "spm.model"), split_by_punct=True,
                       do_lower_case=True).save_pretrained(d2)
    # With split_by_punct the converted tokenizer keeps a "▁" token for the space
    # before a punctuation mark ("invested $13" → "▁invested ▁ ▁$ ..."), which the
    # slow one, encoding each split alone, strips: the fast ids are the reference.
    punct = "split_by_punct: a space before punctuation is a ▁ token in the fast tokenizer"
    for name, differs in [("tok-spm-deberta", None), ("tok-spm-deberta-punct-lower", punct)]:
        slow = DebertaV2Tokenizer.from_pretrained(out / name)
        assert slow.convert_tokens_to_ids("[MASK]") == pieces
        fast = DebertaV2TokenizerFast.from_pretrained(out / name)
        assert not (out / name / "tokenizer.json").exists()
        reference[name] = encodings(slow, fast, SPM_TEXTS, SPM_PAIRS, differs)

    # XLM-R's sentencepiece.bpe.model is a Unigram model too, with SentencePiece's
    # default <unk> <s> </s>; the tokenizer shifts it under fairseq's four specials.
    xlmr = train_spm()
    proto = sentencepiece_model_pb2.ModelProto.FromString(xlmr)
    assert [p.piece for p in proto.pieces[:3]] == ["<unk>", "<s>", "</s>"]
    d = out / "tok-spm-xlmr"
    d.mkdir(exist_ok=True)
    (d / "sentencepiece.bpe.model").write_bytes(xlmr)
    XLMRobertaTokenizer(str(d / "sentencepiece.bpe.model")).save_pretrained(d)
    slow = XLMRobertaTokenizer.from_pretrained(d)
    fast = XLMRobertaTokenizerFast.from_pretrained(d)
    assert not (d / "tokenizer.json").exists()
    reference["tok-spm-xlmr"] = encodings(
        slow, fast, SPM_TEXTS + ["a <mask> here", "<s>x</s> <pad><unk>"], SPM_PAIRS)

    # nli-deberta-v2's shape with a tokenizer of only spm.model, as
    # cross-encoder/nli-deberta-v3-base ships it; the embedding table is larger than
    # the tokenizer's vocabulary, as DeBERTa-v3's is (128100 rows for 128001 tokens).
    d = out / "nli-deberta-spm"
    d.mkdir(exist_ok=True)
    for f in ["spm.model", "tokenizer_config.json", "special_tokens_map.json",
              "added_tokens.json"]:
        (d / f).write_bytes((out / "tok-spm-deberta" / f).read_bytes())
    slow = DebertaV2Tokenizer.from_pretrained(d)
    labels = NLI_ORDERS["deberta-v2"]
    torch.manual_seed(2000)
    cfg = config_for("deberta-v2", len(slow) + 9, slow.pad_token_id, labels)
    model = AutoModelForSequenceClassification.from_config(cfg).eval()
    model.save_pretrained(d, safe_serialization=True)
    with torch.no_grad():
        enc = slow([p for p, _ in NLI_PAIRS], [h for _, h in NLI_PAIRS], padding=True,
                   return_tensors="pt")
        probs = model(**enc).logits.softmax(-1)
    assert not (d / "tokenizer.json").exists()
    nli = {"pairs": NLI_PAIRS,
           "probs": [{labels[i]: float(p[i]) for i in range(len(labels))} for p in probs]}
    return reference, nli


def pytorch_bin_checkpoints(out):
    """Checkpoints whose weights are only pytorch_model.bin (torch's zip + pickle format),
    as most older hub models ship, with what transformers computes from those files:
      ner-bert-bin/         ner-bert saved with safe_serialization=False
      nli-roberta-bin/      nli-roberta in float16 (the fused forward reads it as float32)
      nli-deberta-v2-bin/   nli-deberta-v2 (rust-bert's forward)
      nli-bert-views-bin/   nli-bert's weights as views of one shared storage (offsets), the
                            classifier a transposed (non-contiguous) view, in an OrderedDict
                            with _metadata (BUILD), as torch.save(model.state_dict()) writes
      evil-bin/             ner-bert-bin plus an entry whose unpickling runs
                            os.system('touch "$CROSSCHECK_PWNED"'): must be refused
      evil-eval.bin         a state dict whose first entry calls builtins.eval
      legacy-bin/           ner-bert's weights in torch's legacy (pre-1.6) format
    """
    import os
    import shutil
    import subprocess
    from collections import OrderedDict
    reference = {}

    def tokenizer_files(src, dst):
        for f in src.iterdir():
            if f.name.startswith(("tokenizer", "special_tokens", "vocab")):
                shutil.copy(f, dst / f.name)

    def outputs(name, d):
        kind = name.split("-")[0]
        cls = AutoModelForTokenClassification if kind == "ner" else AutoModelForSequenceClassification
        model = cls.from_pretrained(d, torch_dtype=torch.float32).eval()
        tok = AutoTokenizer.from_pretrained(d)
        with torch.no_grad():
            if kind == "ner":
                return {"inputs": NER_INPUTS, "logits": [
                    model(**tok(t, return_tensors="pt")).logits[0].tolist() for t in NER_INPUTS]}
            labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
            enc = tok([p for p, _ in NLI_PAIRS], [h for _, h in NLI_PAIRS], padding=True,
                      return_tensors="pt")
            probs = model(**enc).logits.softmax(-1)
            return {"pairs": NLI_PAIRS, "probs": [
                {labels[i]: float(p[i]) for i in range(len(labels))} for p in probs]}

    for name, src, dtype in [("ner-bert-bin", "ner-bert", torch.float32),
                             ("nli-roberta-bin", "nli-roberta", torch.float16),
                             ("nli-deberta-v2-bin", "nli-deberta-v2", torch.float32)]:
        d = out / name
        kind = name.split("-")[0]
        cls = AutoModelForTokenClassification if kind == "ner" else AutoModelForSequenceClassification
        model = cls.from_pretrained(out / src).to(dtype)
        model.save_pretrained(d, safe_serialization=False)
        tokenizer_files(out / src, d)
        assert (d / "pytorch_model.bin").is_file() and not (d / "model.safetensors").exists()
        reference[name] = outputs(name, d)

    # One storage behind every tensor; classifier.weight a transposed view into it.
    d = out / "nli-bert-views-bin"
    d.mkdir(exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(out / "nli-bert")
    sd = model.state_dict()
    flat = torch.cat([t.detach().reshape(-1).float() for t in sd.values()])
    views, offset = OrderedDict(), 0
    for k, t in sd.items():
        n = t.numel()
        if k == "classifier.weight":
            flat[offset:offset + n] = t.detach().t().reshape(-1)
            views[k] = flat[offset:offset + n].view(t.shape[1], t.shape[0]).t()
            assert not views[k].is_contiguous()
        else:
            views[k] = flat[offset:offset + n].view(t.shape)
        assert torch.equal(views[k], t.float())
        offset += n
    views._metadata = sd._metadata
    torch.save(views, d / "pytorch_model.bin")
    shutil.copy(out / "nli-bert" / "config.json", d / "config.json")
    tokenizer_files(out / "nli-bert", d)
    reference["nli-bert-views-bin"] = outputs("nli-bert-views", d)

    # A pickle that runs a shell command when unpickled by torch.load(weights_only=False).
    class Shell:
        def __init__(self, command):
            self.command = command

        def __reduce__(self):
            return (os.system, (self.command,))

    class Eval:
        def __reduce__(self):
            return (eval, ("__import__('os').system('touch \"$CROSSCHECK_PWNED\"')",))

    d = out / "evil-bin"
    d.mkdir(exist_ok=True)
    sd = torch.load(out / "ner-bert-bin" / "pytorch_model.bin", weights_only=True)
    sd["zz.payload"] = Shell('touch "$CROSSCHECK_PWNED"')
    torch.save(sd, d / "pytorch_model.bin")
    for f in (out / "ner-bert-bin").iterdir():
        if f.name != "pytorch_model.bin":
            shutil.copy(f, d / f.name)
    torch.save({"a": Eval(), "b": torch.zeros(2)}, out / "evil-eval.bin")
    # They are what they claim: an unrestricted unpickler runs the command.
    for path in [d / "pytorch_model.bin", out / "evil-eval.bin"]:
        marker = out / "pwned"
        subprocess.run([sys.executable, "-c", f"import torch; torch.load({str(path)!r}, weights_only=False)"],
                       env={**os.environ, "CROSSCHECK_PWNED": str(marker)}, check=True)
        assert marker.is_file(), path
        marker.unlink()

    d = out / "legacy-bin"
    d.mkdir(exist_ok=True)
    sd = torch.load(out / "ner-bert-bin" / "pytorch_model.bin", weights_only=True)
    torch.save(sd, d / "pytorch_model.bin", _use_new_zipfile_serialization=False)
    for f in (out / "ner-bert-bin").iterdir():
        if f.name != "pytorch_model.bin":
            shutil.copy(f, d / f.name)
    return reference


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    reference = {}
    for seed, arch in enumerate(["bert", "roberta", "distilbert", "deberta-v2"]):
        tok, pad_id, vocab = tokenizer_for(arch)
        for task in ["ner", "nli"]:
            torch.manual_seed(1000 + 10 * seed + (task == "nli"))
            labels = NER_LABELS if task == "ner" else NLI_ORDERS[arch]
            cfg = config_for(arch, vocab, pad_id, labels)
            cls = AutoModelForTokenClassification if task == "ner" else AutoModelForSequenceClassification
            model = cls.from_config(cfg).eval()
            d = out / f"{task}-{arch}"
            model.save_pretrained(d, safe_serialization=True)
            tok.save_pretrained(d)
            ref = {}
            with torch.no_grad():
                if task == "ner":
                    ref["logits"] = []
                    for text in NER_INPUTS:
                        enc = tok(text, return_tensors="pt")
                        ref["logits"].append(model(**enc).logits[0].tolist())
                    for strategy in ["first", "average"]:
                        ner = pipeline("token-classification", model=model, tokenizer=tok,
                                       aggregation_strategy=strategy, device="cpu")
                        ref[strategy] = [
                            [{"group": e["entity_group"], "start": e["start"], "end": e["end"],
                              "score": float(e["score"])} for e in ner(text)]
                            for text in NER_INPUTS]
                    ref["inputs"] = NER_INPUTS
                else:
                    enc = tok([p for p, _ in NLI_PAIRS], [h for _, h in NLI_PAIRS],
                              padding=True, return_tensors="pt")
                    probs = model(**enc).logits.softmax(-1)
                    ref["pairs"] = NLI_PAIRS
                    ref["probs"] = [{labels[i]: float(p[i]) for i in range(len(labels))}
                                    for p in probs]
            reference[f"{task}-{arch}"] = ref
    if len(sys.argv) > 2:
        # Real all-MiniLM-L6-v2 encoder weights under fresh classification heads, saved
        # the way a fine-tuned hub checkpoint is (bert.* plus classifier.*).
        minilm = Path(sys.argv[2])
        tok = PreTrainedTokenizerFast(tokenizer_file=str(minilm / "tokenizer.json"),
                                      unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                      sep_token="[SEP]", mask_token="[MASK]")
        for task, labels in [("ner", NER_LABELS), ("nli", NLI_ORDERS["bert"])]:
            torch.manual_seed(7)
            cls = AutoModelForTokenClassification if task == "ner" else AutoModelForSequenceClassification
            model = cls.from_pretrained(minilm, id2label=dict(enumerate(labels)),
                                        label2id={l: i for i, l in enumerate(labels)}).eval()
            d = out / f"{task}-minilm"
            model.save_pretrained(d, safe_serialization=True)
            tok.save_pretrained(d)
            with torch.no_grad():
                if task == "ner":
                    reference["ner-minilm"] = {"inputs": NER_INPUTS, "logits": [
                        model(**tok(t, return_tensors="pt")).logits[0].tolist() for t in NER_INPUTS]}
                else:
                    enc = tok([p for p, _ in NLI_PAIRS], [h for _, h in NLI_PAIRS],
                              padding=True, return_tensors="pt")
                    probs = model(**enc).logits.softmax(-1)
                    reference["nli-minilm"] = {"pairs": NLI_PAIRS, "probs": [
                        {labels[i]: float(p[i]) for i in range(len(labels))} for p in probs]}
    reference["tokenizers"] = vocab_file_checkpoints(out, tokenizer_for("bert")[0],
                                                     sys.argv[2] if len(sys.argv) > 2 else None)
    spm_tokenizers, reference["nli-deberta-spm"] = sentencepiece_checkpoints(out)
    reference["tokenizers"].update(spm_tokenizers)
    reference.update(pytorch_bin_checkpoints(out))
    (out / "reference.json").write_text(json.dumps(reference, indent=1))


if __name__ == "__main__":
    main()
