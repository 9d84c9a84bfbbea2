#!/usr/bin/env bash
# Does a change alter any finding? Runs two gouji binaries on every reference set (the bundled
# sample, the four Putuo sets, every tests/fixtures/external set, and a synthetic department) and
# compares their JSON reports byte for byte. Exit status 1 when any report differs.
#
#   scripts/compare-reports.sh OLD_BIN NEW_BIN [SYNTH_PROJECTS]
#
# e.g. keep a copy of the binary before the change:
#   cp target/release/gouji /tmp/gouji-before && <change> && cargo build --release
#   scripts/compare-reports.sh /tmp/gouji-before target/release/gouji
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OLD="$1" NEW="$2" PROJECTS="${3:-20000}"
SAMPLES="${GOUJI_SAMPLES:-$ROOT/../shared/samples}"
# In a worktree elsewhere the default does not exist: say so rather than skip those sets.
[ -d "$SAMPLES" ] || { echo "no samples at $SAMPLES: set GOUJI_SAMPLES" >&2; exit 2; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

SYNTH="${TMPDIR:-/tmp}/gouji-compare-synth-$PROJECTS"
[ -d "$SYNTH" ] || "$OLD" synth --out "$SYNTH" --projects "$PROJECTS" --codes 300 --units 40 \
  --indicators 3 --seed 1 >/dev/null

sets=("$ROOT/www/samples" "$SYNTH")
for d in "$SAMPLES"/putuo-2025-* "$SAMPLES"/changchun-shebao-2026 "$ROOT"/tests/fixtures/external/*/; do
  [ -d "$d" ] && sets+=("${d%/}")
done

differ=0
for d in "${sets[@]}"; do
  name="$(basename "$d")"
  "$OLD" check "$d" --format json > "$OUT/old-$name.json" || true
  "$NEW" check "$d" --format json > "$OUT/new-$name.json" || true
  if cmp -s "$OUT/old-$name.json" "$OUT/new-$name.json"; then
    echo "same     $name"
  else
    echo "DIFFERS  $name"
    diff <(head -c 200000 "$OUT/old-$name.json") <(head -c 200000 "$OUT/new-$name.json") | head -20 || true
    differ=1
  fi
done
exit "$differ"
