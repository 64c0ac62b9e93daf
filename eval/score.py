#!/usr/bin/env python3
"""Scores crosscheck's reports against the dev set's hand annotation (eval/FORMAT.md).

    python3 eval/score.py --check              validate every truth.toml
    python3 eval/score.py --bin target/release/crosscheck [--out DIR] [EVENT...]
"""
import argparse
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent
EVENTS = ROOT / "events"
SOURCING = {"official", "media", "named", "anonymous", "none"}
CONFLICT_KINDS = {"number", "date", "weekday", "direction", "share", "duration",
                  "headcount", "negation", "entity"}


class Truth:
    """One event's annotation, validated, with each sentence located in its file."""

    def __init__(self, event_dir):
        self.dir = event_dir
        self.name = event_dir.name
        self.errors = []
        path = event_dir / "truth.toml"
        try:
            self.data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            self.errors.append(f"{path}: {e}")
            self.data = {}
        self.texts = {}
        for f in sorted((event_dir / "corpus").glob("*.txt")):
            self.texts[f.stem] = f.read_text(encoding="utf-8")
        self.sentences = {}
        for s in self.data.get("sentence", []):
            self._sentence(s)
        for kind in ("fact", "conflict", "distractor"):
            for i, e in enumerate(self.data.get(kind, [])):
                refs = e.get("sentences", []) if kind == "fact" else [e.get("a"), e.get("b")]
                for r in refs:
                    if r not in self.sentences:
                        self.errors.append(f"{self.name}: {kind} #{i + 1}: unknown sentence id {r!r}")
                arts = {self.sentences[r]["article"] for r in refs if r in self.sentences}
                if len(arts) < 2:
                    self.errors.append(f"{self.name}: {kind} #{i + 1}: needs sentences from two articles")
                if kind == "fact" and len(refs) < 2:
                    self.errors.append(f"{self.name}: fact #{i + 1}: fewer than two sentences")
                if kind == "conflict" and e.get("kind") not in CONFLICT_KINDS:
                    self.errors.append(f"{self.name}: conflict #{i + 1}: kind {e.get('kind')!r}")

    def _sentence(self, s):
        sid = s.get("id")
        where = f"{self.name}: sentence {sid!r}"
        if not sid or sid in self.sentences:
            self.errors.append(f"{where}: missing or duplicate id")
            return
        art, quote = s.get("article"), s.get("quote", "")
        text = self.texts.get(art)
        if text is None:
            self.errors.append(f"{where}: no article {art!r} in corpus/")
            return
        n = text.count(quote)
        if not quote or n != 1:
            self.errors.append(f"{where}: quote found {n} times in {art}: {quote[:60]!r}")
            return
        start = text.index(quote)
        if not isinstance(s.get("speculative"), bool):
            self.errors.append(f"{where}: speculative must be true or false")
        cues = s.get("cues", [])
        if s.get("speculative") and not cues:
            self.errors.append(f"{where}: speculative without cues")
        for c in cues:
            if c not in quote:
                self.errors.append(f"{where}: cue {c!r} not in the quote")
        if s.get("sourcing") not in SOURCING:
            self.errors.append(f"{where}: sourcing {s.get('sourcing')!r}")
        qs = []
        for q in s.get("quantities", []):
            t = q.get("text", "")
            if not t or t not in quote or not isinstance(q.get("hedged"), bool):
                self.errors.append(f"{where}: quantity {q!r} not in the quote or no hedged flag")
                continue
            # The n-th occurrence when the same text appears twice in a sentence.
            nth = sum(1 for p in qs if p["text"] == t)
            off = -1
            for _ in range(nth + 1):
                off = quote.find(t, off + 1)
            if off < 0:
                self.errors.append(f"{where}: quantity {t!r} listed more often than it occurs")
                continue
            qs.append({"text": t, "hedged": q["hedged"], "start": start + off,
                       "end": start + off + len(t)})
        self.sentences[sid] = {**s, "start": start, "end": start + len(quote), "quantities": qs}


def load_events(names):
    dirs = [EVENTS / n for n in names] if names else sorted(
        p for p in EVENTS.iterdir() if (p / "truth.toml").exists())
    return [Truth(d) for d in dirs]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only validate the annotation")
    ap.add_argument("--bin", default="target/release/crosscheck")
    ap.add_argument("--out", default="target/eval")
    ap.add_argument("events", nargs="*")
    args = ap.parse_args()
    events = load_events(args.events)
    errors = [e for t in events for e in t.errors]
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(2)
    if args.check:
        for t in events:
            d = t.data
            print(f"{t.name}: {len(t.texts)} articles, {len(t.sentences)} sentences, "
                  f"{sum(1 for s in t.sentences.values() if s['speculative'])} speculative, "
                  f"{len(d.get('fact', []))} facts, {len(d.get('conflict', []))} conflicts, "
                  f"{len(d.get('distractor', []))} distractors")
        return
    sys.exit(score(events, args))


if __name__ == "__main__":
    main()
