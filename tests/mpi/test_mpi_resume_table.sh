#!/bin/sh
# tests/mpi/test_mpi_resume_table.sh - `train --resume` of a run whose
# recipe the data completed: a table of independent rows (no time column)
# takes nan "mean" by default, run.json records the recipe so resolved,
# and a resume rebuilds from that record. The resume used to be refused
# as "made from other data or labels" (the fingerprint of the resolved
# recipe is not the given one's), on MPI and alone. Each run fails in its
# second epoch (LOGLAB_FAULT, rank 0: its checkpoint of epoch 1 is
# written) and is resumed on another rank count, to the bytes of an
# uninterrupted single process.
. "${LL_SRCDIR:-.}/tests/lib.sh"
MPI_TIMEOUT=120
. "${LL_SRCDIR:-.}/tests/mpi/mpi_lib.sh"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
ws=$tmp/ws
mkdir "$ws"
# rows in no time order, two classes told by a and b, some cells missing
awk 'BEGIN { srand(7); print "a,b,c,d,label"
	for (i = 0; i < 3000; i++) { a = rand() * 4 - 2; b = rand() * 4 - 2; c = rand(); d = rand()
		printf "%.4f,%s,%.4f,%.4f,%s\n", a, (i % 97 == 5 ? "" : sprintf("%.4f", b)), c, d, (a + b > 0.3 ? "hot" : "cold") } }' \
	>"$ws/rows.csv"
cat >"$ws/loglab.json" <<'JSON'
{"version": 1, "datasets": {"rows": {"path": "rows.csv"}},
 "featuresets": {"f": {"dataset": "rows", "split": {"kind": "random", "train": 0.8, "test": 0.2},
   "scale": "zscore", "seed": 1}},
 "experiments": {"m": {"featureset": "f", "model": "mlp", "hidden": [16], "epochs": 4, "batch": 128, "seed": 1}}}
JSON
cd "$ws" || exit 99

"$LOGLAB" train m -q --id-file "$tmp/id1" >"$tmp/o" 2>&1 || { fail "train alone: $(tail -3 "$tmp/o")"; finish; }
one=runs/$(cat "$tmp/id1")
expect_match "$(cat "$one/run.json")" '"nan":[[:space:]]*"mean"' "the recorded recipe holds the nan the data decided"

# check WHAT RUN: the resumed RUN gives the uninterrupted run's bytes
check() {
	what=$1 run=$2
	if [ -f "$run/metrics.json" ]; then
		expect_match "$(compare_runs "$one" "$run")" "^identical" "$what: the result of an uninterrupted run"
		expect_eq "$(cmp -s "$one/predictions.tsv" "$run/predictions.tsv" && echo same)" same "$what: the same predictions"
	else
		fail "$what: no metrics.json"
	fi
}
# alone
LOGLAB_FAULT=0:2 "$LOGLAB" train m -q --id-file "$tmp/id2" >/dev/null 2>&1
expect_eq "$?" 3 "the injected failure alone"
run=runs/$(cat "$tmp/id2")
expect_eq "$([ -f "$run/checkpoint.llm" ] && echo yes)" yes "a checkpoint before the failure"
"$LOGLAB" train --resume "$(cat "$tmp/id2")" -q >"$tmp/r" 2>&1
expect_eq "$?" 0 "resume alone: $(tail -2 "$tmp/r")"
check "failed alone, resumed alone" "$run"
# on 2 ranks, resumed on 3
LOGLAB_FAULT=0:2 mpi_run 2 "$LOGLAB" train m -q --id-file "$tmp/id3" >/dev/null 2>&1
expect_eq "$?" 3 "the injected failure on 2 ranks"
run=runs/$(cat "$tmp/id3")
mpi_run 3 "$LOGLAB" train --resume "$(cat "$tmp/id3")" -q >"$tmp/r" 2>&1
expect_eq "$?" 0 "resume on 3 ranks: $(grep loglab: "$tmp/r" | head -2)"
check "failed on 2 ranks, resumed on 3" "$run"
finish
