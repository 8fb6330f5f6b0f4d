#!/bin/sh
# test_train_failed.sh - one rule for a training that does not succeed, the
# same for every model (logreg, mlp, lstm, k-means, detector):
# - settings or data refused before any work (k above the rows, an LSTM on
#   flat samples, a detector window longer than the series) leave no run
#   folder, exit 2;
# - a failure once the run began (a value the solver cannot use, training
#   that diverges, an injected fault) leaves its folder, status failed, the
#   error in run.json, listed failed by `loglab runs`;
# - a cancel (SIGTERM, as the TUI's c sends) leaves it cancelled.
# Before, a detector's failures (its divergence included) left no folder
# while logreg and k-means left a failed one.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
# field FILE KEY: a top-level string of a JSON file (python3 is among the
# test packages, jq is not)
field() {
	python3 -c 'import json, sys
try:
    print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))
except (OSError, ValueError):
    pass' "$1" "$2" 2>/dev/null
}
scratch trainfailed

W=$tmp/ws
mkdir "$W"
cd "$W" || exit 99
# values a float holds but no solver can square or sum (+-3.3e38), and a
# plain series (labelled, for the classifiers) and a long one to cancel
awk 'BEGIN { srand(3); print "x0,x1"
	for (t = 0; t < 300; t++)
		printf "%.6e,%.6e\n", (t % 2 ? 3.3e38 : -3.3e38) * rand(), (t % 3 ? 3.3e38 : -3.3e38) }' >big.csv
awk 'BEGIN { print "x0,x1,label"; for (t = 0; t < 300; t++) printf "%.4f,%.4f,%s\n", sin(t * 0.1), cos(t * 0.1), t % 7 ? "normal" : "bad" }' >ok.csv
awk 'BEGIN { for (t = 0; t < 20000; t++) printf "%.4f,%.4f\n", sin(t * 0.1), cos(t * 0.1) }' >long.csv
cat >loglab.json <<'JSON'
{ "version": 1,
  "datasets": {"big": {"path": "big.csv"}, "ok": {"path": "ok.csv"}, "long": {"path": "long.csv"}},
  "featuresets": {"big": {"dataset": "big"}, "ok": {"dataset": "ok"}, "long": {"dataset": "long"},
                  "okwin": {"dataset": "ok", "window": {"kind": "rows", "size": 5, "stride": 1, "label": "last"}}},
  "experiments": {
    "km_k": {"featureset": "ok", "model": "kmeans", "k": 1000},
    "lstm_flat": {"featureset": "ok", "model": "lstm", "epochs": 1},
    "det_win": {"featureset": "ok", "model": "detector", "window": 1000},
    "km_big": {"featureset": "big", "model": "kmeans", "k": 2},
    "ae_big": {"featureset": "big", "model": "detector", "epochs": 3},
    "lstmdet_big": {"featureset": "big", "model": "detector", "detector": "lstm", "epochs": 2},
    "kmdet_big": {"featureset": "big", "model": "detector", "detector": "kmeans"},
    "mlp": {"featureset": "ok", "model": "mlp", "epochs": 5},
    "lstm": {"featureset": "okwin", "model": "lstm", "hidden": 4, "epochs": 5},
    "slow": {"featureset": "long", "model": "detector", "detector": "lstm", "epochs": 10000}
  } }
JSON
nruns() { ls runs 2>/dev/null | grep -c -- "-$1\$"; }

# refused before any work: no folder, exit 2
for e in km_k lstm_flat det_win; do
	expect_exit 2 "$e refused" -- "$LOGLAB" train "$e" --quiet
	expect_eq "$(nruns "$e")" 0 "$e: a refused setting leaves no run folder"
done

# failed once begun: the folder stays, failed, with its error
failed() { # EXPERIMENT WHAT [ENV=VALUE]
	e=$1
	out=$(env ${3:+"$3"} "$LOGLAB" train "$e" --quiet 2>&1)
	expect_eq "$?" "$2" "$e: train's exit"
	expect_eq "$(nruns "$e")" 1 "$e: the failed run's folder stays ($out)"
	r=$(ls -d runs/*-"$e" 2>/dev/null | head -n 1)
	expect_eq "$(field "$r/run.json" status)" failed "$e: run.json says failed"
	err=$(field "$r/run.json" error)
	expect_match "$err" '.' "$e: run.json holds the error"
	expect_match "$out" "$(printf '%s' "$err" | sed 's/[][\\.*^$()+?{}|]/./g')" "$e: the error printed is run.json's"
	expect_match "$("$LOGLAB" runs 2>&1)" "^${r#runs/} +$e +[a-z]+ .* failed " "$e: loglab runs lists it failed"
}
failed km_big 2
failed ae_big 2
failed lstmdet_big 2
failed kmdet_big 2
failed mlp 3 LOGLAB_FAULT=0:2
failed lstm 3 LOGLAB_FAULT=0:2

# cancelled while it trains (SIGTERM, what the TUI's cancel sends): the run
# stays, cancelled
"$LOGLAB" train slow --quiet >"$tmp/slow.out" 2>&1 &
pid=$!
i=0
while [ "$(field runs/*-slow/run.json status)" != running ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
expect_eq "$?" 3 "slow: a cancelled detector exits 3, as train's cancel"
expect_eq "$(field runs/*-slow/run.json status)" cancelled "slow: run.json says cancelled"
expect_match "$("$LOGLAB" runs 2>&1)" ' slow .* cancelled ' "slow: loglab runs lists it cancelled"
finish
