#!/usr/bin/env python3
"""The Python peer of crosscheck's model stages: what a Python script around
`sentence-transformers` and `transformers` does with the same models.

    peer.py embed|ner|nli MODEL_DIR INPUTS.jsonl [--batch 32] [--threads 2] [--repeat 1] [--limit N]
    peer.py replay RECORD_DIR --embed-model DIR --ner-model DIR --nli-model DIR [--batch 32] [--threads 2]

INPUTS.jsonl as bench_stage reads them (crosscheck's recorded model inputs, all lines
one list, the first N with --limit).
  embed: SentenceTransformer(MODEL_DIR).encode(texts, batch_size, normalize_embeddings=True)
  ner:   transformers pipeline("token-classification", aggregation_strategy="average")
  nli:   CrossEncoder(MODEL_DIR).predict(pairs, batch_size, apply_softmax=True)
The stage modes print one JSON line per repeat, as bench_stage does. `replay` runs
all three on RECORD_DIR/{ner,embed,nli}.jsonl, call by call as crosscheck made them:
the model work of one crosscheck run, for the end-to-end comparison (bench/bench.py
times the whole process, imports and model loading included).
"""

import argparse
import json
import time

import torch

# CUDA when torch sees a GPU, as crosscheck does by default.
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def read(path, limit=None):
    texts, pairs, calls = [], [], []
    with open(path) as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                calls.append(d)
                texts += d.get("texts", [])
                pairs += [tuple(p) for p in d.get("pairs", [])]
    return texts[:limit], pairs[:limit], calls


def loader(stage, model, batch):
    """Loads the model for `stage`; returns a function running it on a list of inputs."""
    if stage == "embed":
        from sentence_transformers import SentenceTransformer
        m = SentenceTransformer(model, device=DEVICE)
        m.max_seq_length = 256
        return lambda xs: m.encode(xs, batch_size=batch, normalize_embeddings=True,
                                   convert_to_numpy=True)
    if stage == "ner":
        from transformers import pipeline
        ner = pipeline("token-classification", model=model, device=DEVICE,
                       aggregation_strategy="average")
        return lambda xs: ner(xs, batch_size=batch)
    from sentence_transformers import CrossEncoder
    m = CrossEncoder(model, device=DEVICE, max_length=256)
    return lambda xs: m.predict(xs, batch_size=batch, apply_softmax=True,
                                show_progress_bar=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["embed", "ner", "nli", "replay"])
    ap.add_argument("model", help="model directory, or the record directory for replay")
    ap.add_argument("inputs", nargs="?")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--embed-model")
    ap.add_argument("--ner-model")
    ap.add_argument("--nli-model")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    if args.stage == "replay":
        # All three models loaded first and held, as crosscheck holds its engines for a
        # run; then the calls in the order crosscheck made them: NER, embeddings, NLI.
        models = {"ner": args.ner_model, "embed": args.embed_model, "nli": args.nli_model}
        start = time.perf_counter()
        runs = {stage: loader(stage, m, args.batch) for stage, m in models.items()}
        times = {"load": {"seconds": time.perf_counter() - start}}
        for stage in ["ner", "embed", "nli"]:
            start = time.perf_counter()
            run = runs[stage]
            _, _, calls = read(f"{args.model}/{stage}.jsonl")
            n = 0
            for call in calls:
                xs = call.get("texts") or [tuple(p) for p in call.get("pairs", [])]
                if xs:
                    n += len(run(xs))
            times[stage] = {"items": n, "seconds": time.perf_counter() - start}
        print(json.dumps({"impl": "python", "stage": "replay", "stages": times}))
        return

    texts, pairs, _ = read(args.inputs, args.limit)
    start = time.perf_counter()
    run = loader(args.stage, args.model, args.batch)
    load_s = time.perf_counter() - start
    xs = pairs if args.stage == "nli" else texts
    for r in range(args.repeat):
        start = time.perf_counter()
        items = len(run(xs))
        seconds = time.perf_counter() - start
        print(json.dumps({"impl": "python", "stage": args.stage, "repeat": r, "items": items,
                          "seconds": seconds, "load_s": load_s,
                          "threads": torch.get_num_threads(), "batch": args.batch,
                          "device": DEVICE}), flush=True)


if __name__ == "__main__":
    main()
