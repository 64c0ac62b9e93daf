#!/usr/bin/env python3
"""Scores crosscheck's reports against the dev set's hand annotation (eval/FORMAT.md).

    python3 eval/score.py --check              validate every truth.toml
    python3 eval/score.py --bin target/release/crosscheck [--out DIR] [EVENT...]
"""
import argparse
import json
import pathlib
import subprocess
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


SEEN_STDERR = set()


def run_crosscheck(truth, args):
    out = pathlib.Path(args.out) / truth.name
    cmd = [args.bin, "run", "--quiet", "--no-index", "--corpus", str(truth.dir / "corpus"), "--out", str(out)]
    # From the project root, where crosscheck finds models/ (it resolves model paths
    # against the working directory).
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT.parent)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr}")
    for line in p.stderr.splitlines():
        if line not in SEEN_STDERR:
            SEEN_STDERR.add(line)
            print(line, file=sys.stderr)
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


class Counts:
    """True/false positives and negatives of one label, with what was missed."""

    def __init__(self, name):
        self.name, self.tp, self.fp, self.fn, self.misses = name, 0, 0, 0, []

    def add(self, truth, pred, what):
        if truth and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
            self.misses.append(f"false positive: {what}")
        elif truth:
            self.fn += 1
            self.misses.append(f"missed: {what}")

    def p(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")

    def r(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")


def byte_span(text, start, end):
    return len(text[:start].encode()), len(text[:end].encode())


def score(events, args):
    labels = {}

    def lab(name):
        return labels.setdefault(name, Counts(name))

    rates = {}

    def rate(name, ok, what):
        n = rates.setdefault(name, [0, 0, []])
        n[1] += 1
        if ok:
            n[0] += 1
        else:
            n[2].append(what)

    for t in events:
        report = run_crosscheck(t, args)
        claims = {c["id"]: c for c in report["claims"]}
        by_article = {}
        for c in report["claims"]:
            by_article.setdefault(c["article"], []).append(c)
        # A claim with several figures is in several facts (report.json v2); v1
        # reports (clusters, a claim in one) score the same way, for comparisons.
        report.setdefault("facts", report.get("clusters", []))
        facts_with = {}
        for fa in report["facts"]:
            for m in fa["claims"]:
                facts_with.setdefault(m, []).append(fa)
        pairs = {}
        for fa in report["facts"]:
            for pr in fa["pairs"]:
                pairs.setdefault(frozenset((pr["a"], pr["b"])), set()).add(pr["relation"])
        # Each annotated sentence's claims: those overlapping at least half of it.
        sent_claims = {}
        for sid, s in t.sentences.items():
            text = t.texts[s["article"]]
            bs, be = byte_span(text, s["start"], s["end"])
            got = [c for c in by_article.get(s["article"], [])
                   if min(be, c["end"]) - max(bs, c["start"]) >= (be - bs) / 2]
            sent_claims[sid] = got
            show = f"[{t.name}/{sid}] {s['quote']}"
            rate("sentences extracted as claims", bool(got), show)
            pred_spec = any(c["speculative"] for c in got)
            found_cues = [cu["cue"] for c in got for cu in c["cues"]]
            lab("speculative").add(s["speculative"], pred_spec,
                    f"{show}\n      expected cues {s.get('cues', [])}, found {found_cues}")
            pred_src = {c.get("sourcing") or "none" for c in got} or {"none"}
            pred_src = sorted(pred_src - {"none"}) or ["none"]
            for cls in ("official", "media", "named", "anonymous"):
                lab(f"sourcing: {cls}").add(s["sourcing"] == cls, cls in pred_src,
                                            f"{show}\n      expected {s['sourcing']}, found {pred_src}")
            for q in s["quantities"]:
                qs, qe = byte_span(text, q["start"], q["end"])
                read = [pq for c in got for pq in c["quantities"]
                        if pq["file_start"] < qe and qs < pq["file_end"]]
                rate("annotated quantities read", bool(read), f"{show}\n      {q['text']!r}")
                if read:
                    lab("hedged quantity").add(q["hedged"], any(pq.get("hedged") for pq in read),
                                               f"{show}\n      {q['text']!r} read as {[pq['canonical'] for pq in read]}")

        def linked(a, b, relation=None):
            """Whether any claim of sentence a and any of b share a fact (or a pair)."""
            for ca in sent_claims[a]:
                for cb in sent_claims[b]:
                    if ca["id"] == cb["id"]:
                        continue
                    rel = pairs.get(frozenset((ca["id"], cb["id"])), set())
                    ids = {id(fa) for fa in facts_with.get(cb["id"], [])}
                    shared = [fa["verdict"] for fa in facts_with.get(ca["id"], []) if id(fa) in ids]
                    if relation is None and (rel or any(v != "single-source" for v in shared)):
                        return True
                    if relation == "contradiction" and ("contradiction" in rel or "contradicted" in shared):
                        return True
                    if relation == "corroborated" and "corroborated" in shared:
                        return True
            return False

        facts_of = {}
        for f in t.data.get("fact", []):
            for sid in f["sentences"]:
                facts_of.setdefault(sid, set()).add(f["id"])
        for f in t.data.get("fact", []):
            ss = f["sentences"]
            # A fact stated as fact by two articles must be corroborated; one that all
            # but one article hedge is found when its statements share a cluster
            # (agreeing speculation is not corroboration).
            firm = [x for x in ss if not t.sentences[x]["speculative"]]
            need = "corroborated" if len({t.sentences[x]["article"] for x in firm}) >= 2 else None
            ok = any(linked(a, b, need) for i, a in enumerate(ss) for b in ss[i + 1:]
                     if t.sentences[a]["article"] != t.sentences[b]["article"])
            rate("facts found agreeing (corroborated when stated as fact)", ok, f"[{t.name}/{f['id']}] {f.get('note', '')}: {ss}")
            # One predicted fact holds a claim of every sentence that states it.
            with_claims = [sid for sid in ss if sent_claims[sid]]
            held = [{id(fa) for c in sent_claims[sid] for fa in facts_with.get(c["id"], [])} for sid in with_claims]
            one = bool(held) and bool(set.intersection(*held))
            rate("facts given one cluster", one, f"[{t.name}/{f['id']}] no one fact holds all of {with_claims}")
        conflict_pairs = set()
        for c in t.data.get("conflict", []):
            conflict_pairs.add(frozenset((c["a"], c["b"])))
        # A conflict holds against every sentence that states the same fact as its
        # other side: when b states annotated fact F and a does not, a conflicts with
        # each of F's sentences in another article ("sales crept up 1%" against every
        # outlet that says revenue dipped 1%). Used only to judge predicted
        # contradictions, not as conflicts to find.
        implied = set(conflict_pairs)
        for c in t.data.get("conflict", []):
            for x, y in ((c["a"], c["b"]), (c["b"], c["a"])):
                for f in t.data.get("fact", []):
                    ss = f["sentences"]
                    if y in ss and x not in ss:
                        implied.update(frozenset((x, z)) for z in ss
                                       if t.sentences[z]["article"] != t.sentences[x]["article"])
            rate("conflicts flagged", linked(c["a"], c["b"], "contradiction"),
                 f"[{t.name}/{c['a']}~{c['b']}] {c['kind']}: {c.get('note', '')}")
        for d in t.data.get("distractor", []):
            rate("distractors kept apart", not linked(d["a"], d["b"]),
                 f"[{t.name}/{d['a']}~{d['b']}] {d.get('note', '')}")
        # Precision of the verdicts: each contradiction pair between annotated
        # sentences is an annotated conflict; each corroborated pair shares a fact.
        sid_of = {c["id"]: sid for sid, cs in sent_claims.items() for c in cs}
        worst = 0
        annotated = {f["id"]: set(f["sentences"]) for f in t.data.get("fact", [])}
        for cl in report["facts"]:
            # How many annotated facts it takes to explain the fact's sentences (greedy
            # set cover over the sentences that state an annotated fact): 1 when it
            # is one annotated fact, more when it chains several.
            left = {sid_of.get(m) for m in cl["claims"]} & set(facts_of)
            need = 0
            while len(left) > 1:
                best = max(annotated.values(), key=lambda ss: len(ss & left))
                if len(best & left) < 1:
                    break
                left -= best
                need += 1
            need += len(left)
            if need:
                quotes = sorted({t.sentences[sid_of[m]]["quote"][:70] for m in cl["claims"] if m in sid_of})
                rate("predicted facts holding at most one annotated fact", need <= 1,
                     f"[{t.name}/{cl['id']}] {cl.get('about', '')}: {need} facts\n      " + "\n      ".join(quotes[:8]))
            if need > worst:
                worst = need
            for pr in cl["pairs"]:
                a, b = sid_of.get(pr["a"]), sid_of.get(pr["b"])
                if not a or not b or a == b:
                    continue
                what = f"[{t.name}/{a}~{b}] {pr['reason']}\n      {t.sentences[a]['quote']}\n      {t.sentences[b]['quote']}"
                if pr["relation"] != "neutral":
                    # The bound: false contradictions as a share of decided pairs.
                    rate("decided pairs not falsely contradicting",
                         pr["relation"] != "contradiction" or frozenset((a, b)) in implied, what)
                if pr["relation"] == "contradiction":
                    rate("contradictions that are annotated conflicts", frozenset((a, b)) in implied, what)
                elif pr["relation"] == "entailment":
                    rate("entailments that share an annotated fact", bool(facts_of.get(a, set()) & facts_of.get(b, set())), what)
        rates.setdefault("most facts merged in one cluster", [0, 0, []])
        rates["most facts merged in one cluster"][0] = max(rates["most facts merged in one cluster"][0], worst)

    print(f"\ncrosscheck on eval/{args.set}: {len(events)} events, "
          f"{sum(len(t.texts) for t in events)} articles, {sum(len(t.sentences) for t in events)} annotated sentences\n")
    print(f"{'label':<34} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for c in labels.values():
        print(f"{c.name:<34} {c.p():>9.3f} {c.r():>7.3f} {c.tp:>4} {c.fp:>4} {c.fn:>4}")
    print()
    for name, (ok, n, _) in rates.items():
        if name == "most facts merged in one cluster":
            print(f"{name:<50} {ok}")
        else:
            print(f"{name:<50} {ok:>4} of {n:<4} ({ok / n if n else float('nan'):.1%})")
    if not args.quiet_misses:
        for c in labels.values():
            if c.misses:
                print(f"\n## {c.name}: {len(c.misses)} misses")
                for m in c.misses:
                    print(f"  - {m}")
        for name, (_, _, misses) in rates.items():
            if misses:
                print(f"\n## {name}: {len(misses)} misses")
                for m in misses:
                    print(f"  - {m}")
    summary = {c.name: {"precision": c.p(), "recall": c.r(), "tp": c.tp, "fp": c.fp, "fn": c.fn} for c in labels.values()}
    summary.update({k: {"ok": v[0], "of": v[1]} for k, v in rates.items()})
    pathlib.Path(args.out).mkdir(parents=True, exist_ok=True)
    (pathlib.Path(args.out) / "summary.json").write_text(json.dumps(summary, indent=1))
    return 0


def load_events(names, root=EVENTS):
    dirs = [root / n for n in names] if names else sorted(
        p for p in root.iterdir() if (p / "truth.toml").exists())
    return [Truth(d) for d in dirs]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only validate the annotation")
    ap.add_argument("--bin", default="target/release/crosscheck")
    ap.add_argument("--out", default="target/eval")
    ap.add_argument("--quiet-misses", action="store_true", help="print the figures only")
    ap.add_argument("--set", default="events", help="folder under eval/ holding the events (events, heldout)")
    ap.add_argument("events", nargs="*")
    args = ap.parse_args()
    # Paths as the caller meant them: crosscheck runs from the project root.
    args.out = str(pathlib.Path(args.out).resolve())
    if '/' in args.bin:
        args.bin = str(pathlib.Path(args.bin).resolve())
    events = load_events(args.events, ROOT / args.set)
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
