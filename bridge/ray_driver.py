#!/usr/bin/env python3
"""crosscheck's batch run on a Ray cluster (docs/SCALING.md).

    RAY_ADDRESS=HOST:PORT python bridge/ray_driver.py --corpus DIR --out DIR \
        [--index DIR] [--bin PATH] [--model-threads N] [--actors N] [--batch-size N] \
        [--num-gpus G] [crosscheck flags: --config, --device, --embed-model, \
        --ner-model, --nli-model, --follow-links]

It connects to the cluster at RAY_ADDRESS and starts none (`make run-ray` starts a
local one: bridge/local_cluster.py). The binary, the corpus and the index must be at
the same paths on every node (one machine, or a shared volume).

1. The corpus is listed by the binary (`crosscheck worker list`), so the walk's rules
   (extensions, hidden entries, links) are the ones `crosscheck run` applies.
2. Per-article analysis (ingest, segmentation, NER, claims, embeddings, blocking
   keys) runs as Ray Data `map_batches` over a pool of actors. Each actor owns one
   long-lived `crosscheck worker analyze` process, which loads the engines once and
   answers one JSON line per batch, writing each article's record into the
   content-addressed index (atomic writes: a retried batch rewrites the same bytes).
   When that process dies (killed, crashed), the actor ends its own process, so Ray
   restarts the actor and retries the batch.
3. Pairs, verdicts and the four reports are computed on the driver's machine by
   `crosscheck run` over the same corpus and index, which must reuse every record:
   a record it had to compute is an error (exit 2).

Exit status: `crosscheck run`'s (0 no contradiction, 1 contradictions, 2 error), or 2
when the cluster or a worker fails.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import warnings

# How many times Ray restarts an actor and retries its batch after a system failure
# (the worker process died); Ray Data's default is forever.
MAX_RETRIES = 4
# Environment variables passed on to the workers (by prefix).
FORWARDED_ENV = ("CROSSCHECK_", "HF_")


def log(msg):
    print(f"ray_driver: {msg}", file=sys.stderr, flush=True)


class Analyzer:
    """A Ray Data actor: one `crosscheck worker analyze` process for its lifetime."""

    def __init__(self, command):
        import subprocess as sp

        self.proc = sp.Popen(
            command, stdin=sp.PIPE, stdout=sp.PIPE, text=True, encoding="utf-8"
        )
        ready = self._reply()
        if not ready.get("ready"):
            raise RuntimeError(f"crosscheck worker did not start: {ready}")
        self.pid = ready["pid"]

    def _gone(self):
        """The worker process is gone: end this actor's process, a system failure
        that Ray answers by restarting the actor and retrying its batch (an
        exception would be the batch's own error, and not retried)."""
        import os as _os
        import sys as _sys

        code = self.proc.wait()
        print(
            f"ray_driver: crosscheck worker {self.proc.pid} ended (status {code}); "
            "ending its actor so that Ray retries the batch",
            file=_sys.stderr,
            flush=True,
        )
        _os._exit(1)

    def _reply(self):
        import json as _json

        line = self.proc.stdout.readline()
        if not line:
            self._gone()
        return _json.loads(line)

    def __call__(self, batch):
        import json as _json

        paths = [str(p) for p in batch["path"]]
        try:
            self.proc.stdin.write(_json.dumps({"paths": paths}) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self._gone()
        reply = self._reply()
        if "error" in reply:
            raise RuntimeError(f"crosscheck worker: {reply['error']}")
        results = reply["results"]
        if [r["path"] for r in results] != paths:
            raise RuntimeError("crosscheck worker answered for other paths")
        return {
            "path": paths,
            "id": [r["id"] for r in results],
            "status": [r["status"] for r in results],
            "hash": [r.get("hash", "") for r in results],
            "error": [r.get("error", "") for r in results],
            "warnings": [
                "\n".join(reply["warnings"]) if i == 0 else ""
                for i in range(len(results))
            ],
            "worker": [self.pid] * len(results),
        }


def crosscheck_flags(a):
    """The flags that choose models and settings, passed to every crosscheck call."""
    flags = []
    for name in ("config", "device", "embed_model", "ner_model", "nli_model"):
        value = getattr(a, name)
        if value is not None:
            flag = "--" + name.replace("_", "-")
            if name in ("config", "embed_model") or os.path.exists(value):
                value = os.path.abspath(value)
            flags += [flag, value]
    if a.follow_links:
        flags.append("--follow-links")
    return flags


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bin", default=os.path.join(here, "..", "target/release/crosscheck"))
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--index", help="index directory [default: <corpus>/.crosscheck]")
    ap.add_argument("--out", default="reports-ray")
    ap.add_argument(
        "--model-threads",
        type=int,
        default=1,
        help="libtorch threads per worker, and CPUs each actor asks Ray for; keep it "
        "the same as the single-machine run's for byte-identical reports",
    )
    ap.add_argument("--actors", type=int, help="[default: cluster CPUs / model threads]")
    ap.add_argument("--batch-size", type=int, default=8, help="articles per request")
    ap.add_argument("--num-gpus", type=float, default=0, help="GPUs per actor")
    ap.add_argument("--config")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--embed-model")
    ap.add_argument("--ner-model")
    ap.add_argument("--nli-model")
    ap.add_argument("--follow-links", action="store_true")
    a = ap.parse_args()

    address = os.environ.get("RAY_ADDRESS")
    if not address:
        log("RAY_ADDRESS is not set: point it at a cluster, or use `make run-ray`")
        return 2
    binary = os.path.abspath(a.bin)
    corpus = os.path.abspath(a.corpus)
    index = os.path.abspath(a.index or os.path.join(a.corpus, ".crosscheck"))
    flags = crosscheck_flags(a)
    t0 = time.monotonic()

    listed = subprocess.run(
        [binary, "worker", "list", "--corpus", corpus] + flags_for_list(a),
        stdout=subprocess.PIPE,
        text=True,
    )
    if listed.returncode != 0:
        return 2
    paths = [json.loads(line)["path"] for line in listed.stdout.splitlines()]
    t_list = time.monotonic() - t0
    log(f"{len(paths)} article files in {corpus} (listed in {t_list:.1f} s)")

    import ray
    import ray.data

    # The workers see the driver's settings of crosscheck and the Hugging Face cache.
    env_vars = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_ENV)}
    try:
        ray.init(address=address, runtime_env={"env_vars": env_vars} if env_vars else None)
    except Exception as e:
        log(f"error: cannot connect to the Ray cluster at {address}: {e}")
        return 2
    cpus = ray.cluster_resources().get("CPU", 1)
    actors = a.actors or max(1, int(cpus // a.model_threads))
    device = [] if "--device" in flags else (["--device", "cuda"] if a.num_gpus else [])
    command = (
        [binary, "worker", "analyze"]
        + flags
        + device
        + [
            "--quiet",
            "--corpus",
            corpus,
            "--index",
            index,
            "--model-threads",
            str(a.model_threads),
        ]
    )
    t1 = time.monotonic()
    # A block a batch: Ray Data hands out, retries and reports whole blocks. No more
    # actors than blocks.
    blocks = max(1, -(-len(paths) // a.batch_size))
    actors = min(actors, blocks)
    log(
        f"analyze: {actors} actors x {a.model_threads} model threads "
        f"on {len(ray.nodes())} nodes ({cpus:g} CPUs), batches of {a.batch_size}"
    )
    ds = ray.data.from_items([{"path": p} for p in paths], override_num_blocks=blocks)
    with warnings.catch_warnings():
        # Retries are bounded through the actors' remote arguments, the one way Ray
        # 2.60 offers (deprecated for 2.64, when Ray Data's default, forever, applies).
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
        analyzed = ds.map_batches(
            Analyzer,
            fn_constructor_kwargs={"command": command},
            batch_size=a.batch_size,
            # One batch at a time per actor: its worker answers one request at a time.
            compute=ray.data.ActorPoolStrategy(
                size=actors, max_tasks_in_flight_per_actor=1
            ),
            num_cpus=a.model_threads,
            num_gpus=a.num_gpus,
            max_restarts=MAX_RETRIES,
            max_task_retries=MAX_RETRIES,
        )
    counts = {"reused": 0, "computed": 0, "rejected": 0, "failed": 0}
    workers = set()
    last = time.monotonic()
    done = 0
    try:
        for row in analyzed.iter_rows():
            done += 1
            counts[row["status"]] = counts.get(row["status"], 0) + 1
            workers.add(row["worker"])
            for w in filter(None, row["warnings"].split("\n")):
                log(f"warning: {w}")
            if time.monotonic() - last > 5:
                last = time.monotonic()
                log(f"analyze: {done}/{len(paths)} articles")
    except Exception as e:  # a worker's error, or the cluster's: exit 2, not 1
        log(f"error: the analysis failed: {e}")
        return 2
    t_analyze = time.monotonic() - t1
    if done != len(paths):
        log(f"error: {done} results for {len(paths)} articles")
        return 2
    log(
        f"analyze: {counts['computed']} computed, {counts['reused']} reused, "
        f"{counts['rejected']} rejected, {counts['failed']} failed, by "
        f"{len(workers)} worker processes in {t_analyze:.1f} s"
    )
    ray.shutdown()

    # Stages 4-5 (pairs, verdicts, reports) on this machine, over the records.
    t2 = time.monotonic()
    run = subprocess.run(
        [binary, "run"]
        + flags
        + [
            "--corpus",
            a.corpus,
            "--index",
            index,
            "--out",
            a.out,
            "--model-threads",
            str(a.model_threads),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    sys.stderr.write(run.stderr)
    t_run = time.monotonic() - t2
    m = re.search(r"index: (\d+) articles? reused, (\d+) computed", run.stderr)
    if run.returncode not in (0, 1):
        return run.returncode
    if m is None:
        log("error: `crosscheck run` did not say how many records it reused")
        return 2
    if int(m.group(2)) != 0:
        log(
            f"error: `crosscheck run` computed {m.group(2)} records that the workers "
            "should have written (a binary, setting or index that differs between them?)"
        )
        return 2
    log(
        f"done in {time.monotonic() - t0:.1f} s: list {t_list:.1f} s, "
        f"analyze {t_analyze:.1f} s, run over the records {t_run:.1f} s"
    )
    return run.returncode


def flags_for_list(a):
    """`worker list` takes the configuration and --follow-links, no model flags."""
    flags = ["--config", os.path.abspath(a.config)] if a.config else []
    return flags + (["--follow-links"] if a.follow_links else [])


if __name__ == "__main__":
    sys.exit(main())
