#!/usr/bin/env python3
"""Writes the benchmark's NER and NLI checkpoints: real sizes, random weights.

    make_bench_models.py OUT_DIR MINILM_DIR CORPUS_DIR

Real NER/NLI checkpoints cannot be downloaded here, and speed does not depend on
what the weights have learnt, so these have the shapes users run:
  OUT_DIR/ner-bert-base/     BertForTokenClassification shaped as bert-base-cased
                             NER (dslim/bert-base-NER): 12 layers, 768 hidden, 12 heads,
                             3072 intermediate, 9 CoNLL labels; the real WordPiece
                             vocabulary of all-MiniLM-L6-v2 (30,522 pieces, uncased).
  OUT_DIR/nli-roberta-base/  RobertaForSequenceClassification shaped as roberta-base
                             MNLI cross-encoders: 12 layers, 768 hidden, 50,265 vocab,
                             514 positions, layer_norm_eps 1e-5, 3 labels; a byte-level
                             BPE tokenizer trained here on CORPUS_DIR (8,000 pieces).
Both in Hugging Face layout (config.json, tokenizer.json, model.safetensors), loaded
by crosscheck and by `transformers` alike. Seeded: the same files every time.
"""

import shutil
import sys
from pathlib import Path

import torch
from tokenizers import ByteLevelBPETokenizer, processors
from transformers import (BertConfig, BertForTokenClassification, PreTrainedTokenizerFast,
                          RobertaConfig, RobertaForSequenceClassification)

NER_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
NLI_LABELS = ["contradiction", "neutral", "entailment"]


def labels(names):
    return dict(id2label=dict(enumerate(names)), label2id={n: i for i, n in enumerate(names)})


def ner(out, minilm):
    torch.manual_seed(1)
    cfg = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12,
                     num_attention_heads=12, intermediate_size=3072,
                     max_position_embeddings=512, **labels(NER_LABELS))
    cfg.architectures = ["BertForTokenClassification"]
    BertForTokenClassification(cfg).eval().save_pretrained(out, safe_serialization=True)
    for f in ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copy(Path(minilm) / f, out / f)


def nli(out, corpus):
    torch.manual_seed(2)
    texts = [p.read_text(errors="replace") for p in sorted(Path(corpus).rglob("*")) if p.is_file()]
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(texts, vocab_size=8000, min_frequency=1,
                            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    tok = bpe._tokenizer
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>",
                                   unk_token="<unk>", pad_token="<pad>", cls_token="<s>",
                                   sep_token="</s>", mask_token="<mask>")
    fast.model_input_names = ["input_ids", "attention_mask"]
    fast.save_pretrained(out)
    cfg = RobertaConfig(vocab_size=50265, hidden_size=768, num_hidden_layers=12,
                        num_attention_heads=12, intermediate_size=3072,
                        max_position_embeddings=514, type_vocab_size=1, layer_norm_eps=1e-5,
                        pad_token_id=1, bos_token_id=0, eos_token_id=2, **labels(NLI_LABELS))
    cfg.architectures = ["RobertaForSequenceClassification"]
    RobertaForSequenceClassification(cfg).eval().save_pretrained(out, safe_serialization=True)


def main():
    out, minilm, corpus = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    for name, make in [("ner-bert-base", lambda d: ner(d, minilm)),
                       ("nli-roberta-base", lambda d: nli(d, corpus))]:
        d = out / name
        if (d / "model.safetensors").is_file():
            continue
        tmp = out / (name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        make(tmp)
        tmp.rename(d)
        print(f"wrote {d}", file=sys.stderr)


if __name__ == "__main__":
    main()
