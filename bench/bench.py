#!/usr/bin/env python3
"""crosscheck against its Python peer, side by side on one machine (`make bench`).

    bench/bench.py [--repeat 3] [--quick] [--only forward,stages,e2e,scaling]

1. Models: all-MiniLM-L6-v2 (real weights) for embeddings; NER and NLI checkpoints
   of real sizes with random weights (bench/make_bench_models.py: bert-base shaped
   token classifier, roberta-base shaped MNLI cross-encoder).
2. Inputs: crosscheck runs once over a corpus with CROSSCHECK_RECORD_INPUTS set; what
   it sent to each model (sentences, claim texts, premise/hypothesis pairs) is what
   both sides then process. Two input sets: the seed corpus (real articles, no
   repeated text) and 50 generated articles (examples/gen_corpus.rs, seed 7: the
   same deals in varied wording, so texts and pairs repeat; 10 for end to end).
3. Forward: crosscheck with rust-bert's forward pass (CROSSCHECK_FORWARD=rust-bert)
   and with its own fused one, against the peer, on inputs without repeats: where the
   gap the peer had on embeddings came from.
4. Stages: for embed, ner and nli, `bench_stage` (crosscheck's engines) and
   `peer.py` (sentence-transformers encode, transformers token-classification
   pipeline, sentence-transformers CrossEncoder) on the same inputs, same model, same
   batch size, same thread count, alternating, REPEAT times each; one process per
   run, so peak RSS is the stage's own.
5. End to end: `crosscheck run` with the three transformer engines against
   `peer.py replay` (a Python process doing the same model work: the recorded
   inputs, its own imports and model loading included, nothing else).
6. Scaling: `crosscheck run` with the default engines (`make run`'s) over generated
   corpora of 5, 50, 500 and 1,000 articles (1x, 10x, 100x, 200x the seed corpus's
   article count): wall time, peak RSS, claims, candidate and NLI pairs.

Prints markdown tables (min / median / max over repeats). Nothing here is a test.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/crosscheck"
STAGE = ROOT / "target/release/examples/bench_stage"
GEN = ROOT / "target/release/examples/gen_corpus"
PY = ROOT / ".venv/bin/python"
WORK = ROOT / "target/bench"
MINILM = ROOT / "models/all-MiniLM-L6-v2"
BATCH = 32


def run_timed(cmd, env=None):
    """Runs cmd; returns (exit code, wall s, its peak RSS in MB, stdout, stderr)."""
    start = time.perf_counter()
    p = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return code, wall, usage.ru_maxrss / 1024, out.decode(), err.decode()


def stats(xs, fmt="{:.2f}"):
    return " / ".join(fmt.format(x) for x in (min(xs), statistics.median(xs), max(xs)))


def generated(n):
    out = WORK / f"corpus-gen-{n}"
    if not out.is_dir():
        tmp = WORK / f"corpus-gen-{n}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run([GEN, "--articles", str(n), "--seed", "7", "--out", tmp],
                       check=True, stdout=subprocess.DEVNULL)
        tmp.rename(out)
    return out


def record(corpus, name, models):
    """Records the model inputs of one crosscheck run over corpus (not timed). The NLI
    pairs depend on the NER model (entities shape claims and alignment), not on the NLI
    engine, so this run leaves NLI to the lexical engine to save time."""
    rec = WORK / "inputs" / name
    shutil.rmtree(rec, ignore_errors=True)
    env = dict(os.environ, CROSSCHECK_RECORD_INPUTS=str(rec))
    code, _, _, _, err = run_timed([BIN, "run", "--corpus", corpus, "--out", rec / "reports",
                                    "--no-index", "--quiet", "--ner-model", models / "ner-bert-base"],
                                   env)
    if code not in (0, 1):
        sys.exit(f"recording run over {corpus} failed ({code}):\n{err}")
    return rec


def items(path, limit=None):
    xs = []
    for line in path.read_text().splitlines():
        d = json.loads(line)
        xs += [json.dumps(x) for x in d.get("texts", d.get("pairs", []))]
    xs = xs[:limit]
    return len(xs), len(set(xs))


def stage_table(models, inputs, repeat):
    print("\n## Stages: the same inputs, model, batch size and threads\n")
    print("| stage | model | inputs | items (distinct) | crosscheck items/s | peer items/s "
          "| ratio (min / median / max) | peak RSS MB crosscheck / peer |")
    print("|---|---|---|---|---|---|---|---|")
    model_of = {"embed": MINILM, "ner": models / "ner-bert-base", "nli": models / "nli-roberta-base"}
    limits = {"embed": None, "ner": 600, "nli": 400}
    for name, rec in inputs:
        for stage in ["embed", "ner", "nli"]:
            path = rec / f"{stage}.jsonl"
            n, distinct = items(path, limits[stage])
            if n == 0:
                continue
            args = [stage, model_of[stage], path, "--batch", BATCH, "--threads", os.cpu_count()]
            if limits[stage]:
                args += ["--limit", limits[stage]]
            ours, peer, ratios, rss_o, rss_p = [], [], [], [], []
            for _ in range(repeat):
                row = {}
                for impl, cmd in [("crosscheck", [STAGE] + args), ("peer", [PY, ROOT / "bench/peer.py"] + args)]:
                    code, _, rss, out, err = run_timed(cmd)
                    if code != 0:
                        sys.exit(f"{impl} {stage} failed ({code}):\n{err[-3000:]}")
                    r = json.loads(out.strip().splitlines()[-1])
                    if r["items"] != n:
                        sys.exit(f"{impl} {stage}: {r['items']} outputs for {n} inputs")
                    row[impl] = (n / r["seconds"], rss)
                ours.append(row["crosscheck"][0]); rss_o.append(row["crosscheck"][1])
                peer.append(row["peer"][0]); rss_p.append(row["peer"][1])
                ratios.append(row["crosscheck"][0] / row["peer"][0])
            print(f"| {stage} | {Path(model_of[stage]).name} | {name} | {n} ({distinct}) "
                  f"| {stats(ours, '{:.1f}')} | {stats(peer, '{:.1f}')} | {stats(ratios)} "
                  f"| {statistics.median(rss_o):.0f} / {statistics.median(rss_p):.0f} |", flush=True)


def forward_table(models, inputs, repeat):
    """The cause of the gap the issue reported: rust-bert's forward against crosscheck's
    fused one (CROSSCHECK_FORWARD=rust-bert), both against the peer, on inputs without
    repeats (so deduplication plays no part)."""
    print("\n## Forward pass: rust-bert's against crosscheck's, inputs without repeats\n")
    print("| stage | inputs | items | peer items/s | crosscheck, rust-bert forward | crosscheck, fused forward "
          "| ratio to peer, rust-bert / fused (medians) | peak RSS MB rust-bert / fused / peer |")
    print("|---|---|---|---|---|---|---|---|")
    model_of = {"embed": MINILM, "ner": models / "ner-bert-base"}
    for name, rec, stage, limit in inputs:
        path = rec / f"{stage}.jsonl"
        n, distinct = items(path, limit)
        if n != distinct:
            sys.exit(f"{path}: {n - distinct} repeated inputs; this table needs none")
        args = [stage, model_of[stage], path, "--batch", BATCH, "--threads", os.cpu_count()]
        if limit:
            args += ["--limit", limit]
        rates = {"peer": [], "rust-bert": [], "fused": []}
        rss = {"peer": [], "rust-bert": [], "fused": []}
        for _ in range(repeat):
            for impl in ["rust-bert", "fused", "peer"]:
                cmd = [PY, ROOT / "bench/peer.py"] + args if impl == "peer" else [STAGE] + args
                env = dict(os.environ, CROSSCHECK_FORWARD=impl)
                code, _, peak, out, err = run_timed(cmd, env)
                if code != 0:
                    sys.exit(f"{impl} {stage} failed ({code}):\n{err[-3000:]}")
                r_json = json.loads(out.strip().splitlines()[-1])
                if impl != "peer" and r_json["forward"] != impl:
                    sys.exit(f"bench_stage ran the {r_json['forward']} forward, not {impl}")
                rates[impl].append(n / r_json["seconds"])
                rss[impl].append(peak)
        med = {k: statistics.median(v) for k, v in rates.items()}
        print(f"| {stage} | {name} | {n} | {stats(rates['peer'], '{:.1f}')} "
              f"| {stats(rates['rust-bert'], '{:.1f}')} | {stats(rates['fused'], '{:.1f}')} "
              f"| {med['rust-bert'] / med['peer']:.2f} / {med['fused'] / med['peer']:.2f} "
              f"| {statistics.median(rss['rust-bert']):.0f} / {statistics.median(rss['fused']):.0f} / "
              f"{statistics.median(rss['peer']):.0f} |", flush=True)


def end_to_end(models, corpora, repeat):
    print("\n## End to end: `crosscheck run` (three transformer engines) vs the peer doing "
          "the same model work\n")
    print("| corpus | articles | NER sentences | embedded texts | NLI inputs | crosscheck wall s "
          "| peer wall s | ratio peer/crosscheck (min / median / max) | peak RSS MB crosscheck / peer |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, corpus, rec in corpora:
        counts = [items(rec / f"{s}.jsonl")[0] for s in ["ner", "embed", "nli"]]
        ours, peer, ratios, rss_o, rss_p = [], [], [], [], []
        out = WORK / "e2e-out"
        for _ in range(repeat):
            code, wall_o, rss, _, err = run_timed(
                [BIN, "run", "--corpus", corpus, "--out", out, "--no-index", "--quiet",
                 "--ner-model", models / "ner-bert-base", "--nli-model", models / "nli-roberta-base"])
            if code not in (0, 1):
                sys.exit(f"crosscheck run failed ({code}):\n{err}")
            code, wall_p, rss2, _, err = run_timed(
                [PY, ROOT / "bench/peer.py", "replay", rec, "--embed-model", MINILM,
                 "--ner-model", models / "ner-bert-base", "--nli-model", models / "nli-roberta-base",
                 "--batch", BATCH, "--threads", os.cpu_count()])
            if code != 0:
                sys.exit(f"peer replay failed ({code}):\n{err[-3000:]}")
            ours.append(wall_o); peer.append(wall_p); ratios.append(wall_p / wall_o)
            rss_o.append(rss); rss_p.append(rss2)
        n_articles = json.loads((out / "report.json").read_text())["summary"]["articles"]
        print(f"| {name} | {n_articles} | {counts[0]} | {counts[1]} | {counts[2]} | {stats(ours)} "
              f"| {stats(peer)} | {stats(ratios)} | {statistics.median(rss_o):.0f} / "
              f"{statistics.median(rss_p):.0f} |", flush=True)


def scaling(sizes, repeat):
    print("\n## Scaling: `crosscheck run` with the default engines (MiniLM embeddings, rule NER, "
          "lexical NLI), no index\n")
    print("| articles | x seed count | claims | candidate pairs | aligned pairs | NLI inputs "
          "(pairs x 2) | pairs over the NLI cap "
          "| wall s (min / median / max) | s per article | time vs 5 articles | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    base = None
    for n in sizes:
        corpus = generated(n)
        rec = WORK / "scaling" / str(n)
        walls, rsss = [], []
        reps = repeat if n <= 50 else 1
        for r in range(reps):
            shutil.rmtree(rec, ignore_errors=True)
            env = dict(os.environ)
            if r == 0:
                env["CROSSCHECK_RECORD_INPUTS"] = str(rec / "inputs")
            code, wall, rss, _, err = run_timed(
                [BIN, "run", "--corpus", corpus, "--out", rec / "reports", "--no-index", "--quiet"], env)
            if code not in (0, 1):
                sys.exit(f"run over {corpus} failed ({code}):\n{err}")
            if r == 0:
                report = json.loads((rec / "reports/report.json").read_text())
                nli_pairs = items(rec / "inputs/nli.jsonl")[0]
            walls.append(wall); rsss.append(rss)
        med = statistics.median(walls)
        base = base or med
        a = report["alignment"]
        print(f"| {n} | {n // 5}x | {a['claims']} | {a['candidate_pairs']} | {a['aligned_pairs']} "
              f"| {nli_pairs} | {a.get('nli_skipped_pairs', 0)} | {stats(walls)} | {med / n:.3f} | {med / base:.1f}x | {max(rsss):.0f} |",
              flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one repeat, no 500/1,000-article runs")
    ap.add_argument("--only", default="forward,stages,e2e,scaling",
                    help="comma-separated sections to run (forward, stages, e2e, scaling)")
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    WORK.mkdir(parents=True, exist_ok=True)

    models = WORK / "models"
    subprocess.run([PY, ROOT / "bench/make_bench_models.py", models, MINILM, ROOT / "corpus"],
                   check=True)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    gpu = subprocess.run([PY, "-c", "import torch; print(torch.cuda.get_device_name(0) "
                          "if torch.cuda.is_available() else '')"],
                         capture_output=True, text=True).stdout.strip()
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    print(f"machine: {os.cpu_count()} cpus ({cpu}), {int(mem) // 1048576} GiB; "
          f"date {time.strftime('%Y-%m-%d %H:%M')}; commit {rev}; batch {BATCH}; "
          f"threads {os.cpu_count()} on both sides; libtorch 2.4.0 (torch 2.4.0 wheel) on both sides; "
          f"device {gpu or 'cpu (no GPU seen by torch)'}")

    seed_rec = record(ROOT / "corpus", "seed", models)
    gen10 = generated(10)
    gen50 = generated(50)
    gen50_rec = record(gen50, "gen50", models)
    gen10_rec = record(gen10, "gen10", models)
    only = set(args.only.split(","))
    if "forward" in only:
        distinct = WORK / "inputs" / "gen50-distinct"
        distinct.mkdir(parents=True, exist_ok=True)
        seen, lines = set(), []
        for line in (gen50_rec / "embed.jsonl").read_text().splitlines():
            for t in json.loads(line)["texts"]:
                if t not in seen:
                    seen.add(t)
                    lines.append(json.dumps({"texts": [t]}))
        (distinct / "embed.jsonl").write_text("\n".join(lines) + "\n")
        forward_table(models, [("seed", seed_rec, "embed", None),
                               ("gen50, each text once", distinct, "embed", None),
                               ("seed", seed_rec, "ner", None)], repeat)
    if "stages" in only:
        stage_table(models, [("seed", seed_rec), ("gen50", gen50_rec)], repeat)
    if "e2e" in only:
        end_to_end(models, [("seed", ROOT / "corpus", seed_rec), ("gen10", gen10, gen10_rec)],
                   repeat)
    if "scaling" in only:
        scaling([5, 50] if args.quick else [5, 50, 500, 1000], repeat)


if __name__ == "__main__":
    main()
