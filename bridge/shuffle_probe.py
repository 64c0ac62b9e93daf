#!/usr/bin/env python3
"""A probe for the stage that is not distributed yet (docs/SCALING.md): the blocking
keys of an index's records as (key, claim) rows through a Ray Data shuffle, grouped
by key, timed, with the rows' bytes and the block sizes it finds. It measures Ray's
shuffle on crosscheck's real keys; it does not build candidate pairs.

    RAY_ADDRESS=HOST:PORT python bridge/shuffle_probe.py INDEX_DIR

The local cluster of `make run-ray` serves: bridge/local_cluster.py -- python
bridge/shuffle_probe.py INDEX_DIR.
"""

import glob
import json
import os
import sys
import time


def main():
    if len(sys.argv) != 2 or not os.environ.get("RAY_ADDRESS"):
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(sys.argv[1], "v*", "*.json")))
    keys, claims = [], []
    for f in files:
        with open(f, "rb") as fh:
            record = json.load(fh)
        for c in record["claims"]:
            n = len(claims)
            claims.append(c["claim"]["id"])
            keys.extend((k, n) for k in c["keys"])
    if not keys:
        print(f"shuffle_probe: no claims under {sys.argv[1]}", file=sys.stderr)
        return 2

    import pyarrow as pa
    import ray
    import ray.data

    ray.init(address=os.environ["RAY_ADDRESS"])
    table = pa.table({"key": [k for k, _ in keys], "claim": [c for _, c in keys]})
    ds = ray.data.from_arrow(table).repartition(8)
    t0 = time.monotonic()
    blocks = ds.groupby("key").count().materialize()
    t = time.monotonic() - t0
    sizes = sorted(r["count()"] for r in blocks.iter_rows())
    print(f"records {len(files)}, claims {len(claims)}, (key, claim) rows {len(keys)}")
    print(f"rows as Arrow: {table.nbytes} bytes, {table.nbytes / len(claims):.0f} per claim")
    print(f"groupby(key).count(): {t:.2f} s, {len(sizes)} keys")
    print(
        "claims per key: median {}, 99th percentile {}, largest {}".format(
            sizes[len(sizes) // 2], sizes[int(len(sizes) * 0.99)], sizes[-1]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
