#!/usr/bin/env bash
# crosscheck on a machine that another process keeps busy (docs/LIMITS.md; make
# bench-busy). A batch: 1,000 one-line articles, `crosscheck run --no-index`, default
# engines, each condition RUNS times (default 2). A small check: the contradicts.md
# fixture against the seed corpus, `crosscheck check --format json --quiet`, 5 times.
# Prints one line per run or condition: seconds, and whether crosscheck restarted
# itself with OMP_WAIT_POLICY=PASSIVE.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/crosscheck}
RUNS=${RUNS:-2}
work=$(mktemp -d)
trap 'kill $hog 2>/dev/null || true; rm -rf "$work"' EXIT
hog=
months=(January February March April May June July August September October November December)
mkdir "$work/corpus"
for i in $(seq 0 999); do
  printf 'Company%d raised $%d million in %s, the filing showed.\n' \
    $((i % 7)) $(( (i * 37) % 500 + 1 )) "${months[$((i % 12))]}" > "$work/corpus/t$(printf %05d "$i").txt"
done

one() { # label, then env assignments and flags
  local label=$1; shift
  local envs=() flags=()
  for a in "$@"; do if [[ $a == *=* ]]; then envs+=("$a"); else flags+=("$a"); fi; done
  local start end restarted
  start=$(date +%s.%N)
  env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "${envs[@]}" "$BIN" run --no-index \
    --corpus "$work/corpus" --out "$work/out" "${flags[@]}" >/dev/null 2>"$work/err" || [ $? = 1 ]
  end=$(date +%s.%N)
  restarted=no; grep -q "restarted with OMP_WAIT_POLICY=PASSIVE" "$work/err" && restarted=yes
  printf '%-46s %7.2f s  restarted: %s\n' "$label" "$(echo "$end - $start" | bc)" "$restarted"
}

checks() { # label, then env assignments: 5 small checks, their wall times
  local label=$1; shift
  local times=() start end
  for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$@" "$BIN" check --corpus corpus --quiet \
      --format json tests/fixtures/check/contradicts.md >/dev/null 2>&1 || [ $? = 1 ]
    end=$(date +%s.%N)
    times+=("$(printf %.2f "$(echo "$end - $start" | bc)")")
  done
  printf '%-46s %s s\n' "check: $label" "${times[*]}"
}

echo "crosscheck $("$BIN" --version | cut -d' ' -f2), $(nproc) cores, $RUNS runs each"
"$BIN" index --quiet --corpus corpus >/dev/null 2>&1
for _ in $(seq "$RUNS"); do
  one "alone, as shipped"
  one "alone, OMP_WAIT_POLICY=PASSIVE" OMP_WAIT_POLICY=PASSIVE
done
checks "alone, as shipped"
checks "alone, OMP_WAIT_POLICY=ACTIVE (no probe)" OMP_WAIT_POLICY=ACTIVE
yes > /dev/null & hog=$!
sleep 2
for _ in $(seq "$RUNS"); do
  one "beside yes, as shipped"
  one "beside yes, spinning (GOMP_SPINCOUNT=300000)" GOMP_SPINCOUNT=300000
  one "beside yes, --model-threads 1 (spinning)" GOMP_SPINCOUNT=300000 --model-threads 1
done
checks "beside yes, as shipped"
checks "beside yes, spinning (GOMP_SPINCOUNT=300000)" GOMP_SPINCOUNT=300000
