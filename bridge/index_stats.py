#!/usr/bin/env python3
"""What an index holds per article and per claim, the inputs of docs/SCALING.md's
shuffle estimate: records, claims, blocking keys per claim and their bytes, and the
bytes of a record (claim, vectors, keys).

    python bridge/index_stats.py INDEX_DIR [REPORT_JSON]

INDEX_DIR is an index directory (`--index`, or <corpus>/.crosscheck). With the
report.json of a run over the same corpus, it adds candidate and aligned pairs per
claim from the report's `alignment` counts.
"""

import glob
import json
import os
import sys


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    files = sorted(glob.glob(os.path.join(sys.argv[1], "v*", "*.json")))
    if not files:
        print(f"index_stats: no records under {sys.argv[1]}", file=sys.stderr)
        return 2
    claims = keys = key_bytes = record_bytes = 0
    parts = {"claim": 0, "vectors": 0, "keys": 0}
    for f in files:
        record_bytes += os.path.getsize(f)
        with open(f, "rb") as fh:
            record = json.load(fh)
        for c in record["claims"]:
            claims += 1
            keys += len(c["keys"])
            key_bytes += sum(len(k.encode()) for k in c["keys"])
            for part in parts:
                parts[part] += len(json.dumps(c[part], separators=(",", ":")))
    per = max(claims, 1)
    print(f"records: {len(files)}, {record_bytes / len(files):.0f} bytes each on average")
    print(f"claims: {claims}, {claims / len(files):.1f} per article")
    print(f"blocking keys per claim: {keys / per:.2f}, {key_bytes / per:.0f} bytes of key text")
    print(
        "JSON bytes per claim: "
        + ", ".join(f"{k} {v / per:.0f}" for k, v in parts.items())
    )
    if len(sys.argv) == 3:
        with open(sys.argv[2], "rb") as fh:
            a = json.load(fh)["alignment"]
        n = max(a["claims"], 1)
        print(
            f"pairs per claim: {a['candidate_pairs'] / n:.1f} candidate, "
            f"{a['aligned_pairs'] / n:.1f} aligned, {a['nli_pairs'] / n:.2f} sent to NLI "
            f"({a['capped_claims']} of {a['claims']} claims at the per-claim cap)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
