#!/bin/sh
# tests/mpi/test_mpi_fleet.sh - training on a fleet dataset (a folder of
# rotated, gzip'd logs of several hosts, merged on one timeline) on 2 and 3
# ranks gives the single process's metrics and predictions.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/mpi/mpi_lib.sh"
GEN=$(cd "${LL_BUILDDIR:-.}" && pwd)/bench/gen_fleet
[ -x "$GEN" ] || { echo "SKIP: bench/gen_fleet not built" >&2; exit 77; }

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
ws=$tmp/ws
mkdir -p "$ws"
"$GEN" -s 3 -n 3 -r 1 -l 400 "$ws/fleet" >/dev/null || { fail "gen_fleet"; finish; }
cat >"$ws/loglab.json" <<'JSON'
{"version": 1, "datasets": {"fl": {"path": "fleet"}},
 "featuresets": {"t": {"dataset": "fl", "target": "binary", "unlabelled": "0",
   "text": {"kind": "tfidf", "features": 256},
   "split": {"kind": "random", "train": 0.7, "test": 0.3}, "seed": 1}},
 "experiments": {"lr": {"featureset": "t", "model": "logreg", "seed": 1},
   "mlp": {"featureset": "t", "model": "mlp", "hidden": [16], "epochs": 5, "seed": 1}}}
JSON
# labels go to each file's own journal
out=$(cd "$ws" && "$LOGLAB" label fleet --match "Out of memory|I/O error" --set 1 --new-class 2>&1)
expect_match "$out" "changed to '1'" "the fleet labelled"
n_lab=$(ls "$ws"/fleet/*/*.labels 2>/dev/null | wc -l | tr -d ' ')
[ "$n_lab" -ge 2 ] || fail "labels in the files' own journals: $n_lab journals"

for e in lr mlp; do
	(cd "$ws" && "$LOGLAB" train "$e" -q --id-file "$tmp/id1") >"$tmp/o1" 2>&1 || { fail "train $e alone: $(tail -3 "$tmp/o1")"; continue; }
	one=$ws/runs/$(cat "$tmp/id1")
	for np in 2 3; do
		(cd "$ws" && mpi_run "$np" "$LOGLAB" train "$e" -q --id-file "$tmp/idn") >"$tmp/on" 2>&1 || { fail "train $e on $np ranks: $(tail -3 "$tmp/on")"; continue; }
		many=$ws/runs/$(cat "$tmp/idn")
		verdict=$(compare_runs "$one" "$many" 1e-5 1e-4)
		expect_match "$verdict" "^identical" "$e on a fleet, 1 process vs $np ranks: $verdict"
	done
done
finish
