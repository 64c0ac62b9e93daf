#!/usr/bin/env python3
"""Benchmark for `crosscheck check`: one new article against an indexed corpus.

Generates a deterministic corpus (examples/gen_corpus.rs), indexes it once with
`crosscheck index` (timed, the cold cost), then runs `crosscheck check` on new
articles REPEAT times each and prints wall time and peak RSS (min/median/max).
Nothing here is part of the test suite.

    bench/check_bench.py [--articles 1000] [--repeat 5]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target/release/crosscheck"
GEN = ROOT / "target/release/examples/gen_corpus"


def timed(cmd, env=None):
    """Runs cmd; returns (exit code, wall seconds, peak RSS in MB, stderr)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, usage.ru_maxrss / 1024, err


def stats(xs):
    return f"{min(xs):.2f} / {statistics.median(xs):.2f} / {max(xs):.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    work = ROOT / "target/bench" / f"check-{args.articles}-seed{args.seed}"
    corpus = work / "corpus"
    new = work / "new"
    if not corpus.is_dir():
        # One more article than the corpus holds: the last is the "new" article.
        tmp = work / "gen"
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run([GEN, "--articles", str(args.articles + 1), "--seed",
                        str(args.seed), "--out", tmp], check=True, stdout=subprocess.DEVNULL)
        new.mkdir(parents=True, exist_ok=True)
        last = tmp / f"{args.articles:05}.md"
        last.rename(new / "generated.md")
        tmp.rename(corpus)
    shutil.copy(ROOT / "tests/fixtures/check/contradicts.md", new / "contradicts.md")

    env = dict(os.environ, CROSSCHECK_TIMINGS="1")
    code, wall, rss, err = timed([BIN, "index", "--corpus", corpus, "--quiet"], env)
    if code != 0:
        sys.exit(f"index failed ({code}):\n{err}")
    print(f"machine: {os.cpu_count()} cpus; corpus: {args.articles} generated articles "
          f"(seed {args.seed}), {sum(1 for _ in corpus.glob('*.md'))} files")
    print(f"index (cold or warm as found): {wall:.2f} s, peak RSS {rss:.0f} MB")
    print()
    print("| checked article | exit | wall s (min / median / max) | peak RSS MB (min / median / max) | stage times, median run |")
    print("|---|---|---|---|---|")
    for article in sorted(new.glob("*.md")):
        runs = []
        for _ in range(args.repeat):
            runs.append(timed([BIN, "check", article, "--corpus", corpus,
                               "--format", "json", "--quiet"], env))
        codes = {r[0] for r in runs}
        if codes - {0, 1}:
            sys.exit(f"check {article} failed: {runs[0][3]}")
        walls = [r[1] for r in runs]
        median_run = sorted(runs, key=lambda r: r[1])[len(runs) // 2]
        stages = [l.split()[2:] for l in median_run[3].splitlines() if " time " in l]
        stage_text = ", ".join(f"{n} {float(s):.2f}" for n, s in stages
                               if n in ("engines.load", "check.ingest", "analyze.index-lookup",
                                        "analyze.compute", "check.align+verify"))
        print(f"| {article.name} | {'/'.join(map(str, sorted(codes)))} | {stats(walls)} "
              f"| {stats([r[2] for r in runs])} | {stage_text} |")


if __name__ == "__main__":
    main()
