#!/bin/sh
# test_break14.sh - degenerate and hostile data through build, train and
# eval (break14). The promise: a clear error naming the key, column or class
# (exit 2), or a sane result with a warning; never a hang, a quadratic
# allocation, or NaN metrics written silently.
# - A series detector whose window is longer than its training series is
#   refused naming the window (on main an LSTM window of 1000 over 14 steps
#   trained for minutes on step 0 repeated; an autoencoder's trained too).
# - A target of thousands of classes is refused before training when the
#   run's probabilities (samples x classes) and confusion matrices (classes
#   x classes a part, JSON in metrics.json) pass LOGLAB_MEMORY_MAX, naming
#   the classes (on main 3000 classes of two samples took 1.9 GB and wrote
#   a metrics.json of 55 MB and a predictions.tsv of 214 MB; 10,000 asked
#   for ~23 GB after minutes of training).
# - A feature cell that is infinite ("inf", "-Infinity") or past a float's
#   range (1e308) is refused at build, eval and predict naming the column,
#   the row and the value (on main build wrote it as inf, each model refused
#   it at training as "row 3 column 2" of its part, and eval printed metrics
#   with AUROC and log-loss silently null, predict a score of -nan).
# - review of a run of 60 classes lists its queue (on main the reader of
#   predictions.tsv cut lines at 64 fields, before the template column of a
#   run of 57 classes or more: "not the header of a run's predictions").
# - k-means with k above the training rows' distinct points (repeated
#   rows) warns that clusters are empty, on screen and in metrics.json (on
#   main: 7 of 8 clusters empty without a word).
# - SMOTE with rebalance.k above a class's other training samples warns
#   that it took fewer neighbours (on main the k was cut without a word;
#   imbalanced-learn refuses it).
# - eval of a detector on a series whose every step is labelled anomalous
#   says why AUROC is null (on main it was null without a note).
# - review of a run on a CSV of 90,000 columns prints its queue; on main
#   opening the table to follow it compared every column's name with every
#   other's (columns^2: 46 s of CPU at 90,000 columns, past this test's 30 s
#   watchdog).
# Every command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch break14
L() { timeout 60 "$LOGLAB" "$@"; }

# --- a detector's window longer than its training series ---
W=$tmp/det
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 20; i++) printf "%d,%d,%d\n", (i * 7) % 11, (i * 5) % 13, (i > 16) }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"c": {"dataset": "t", "split": {"kind": "chronological", "train": 14}}},
 "experiments": {
  "lstm": {"featureset": "c", "model": "detector", "detector": "lstm", "window": 1000, "epochs": 1},
  "ae": {"featureset": "c", "model": "detector", "detector": "ae", "window": 15, "epochs": 1},
  "fits": {"featureset": "c", "model": "detector", "detector": "ae", "window": 14, "epochs": 1}}}
JSON
for x in lstm ae; do
	run L train "$x" --workspace "$W"
	expect_eq "$rc" 2 "detector $x: a window longer than the series: exit 2"
	expect_match "$err" "experiments\.$x: window: [0-9]+ steps is longer than the training series \(14 steps\); give a window of at most 14" \
		"detector $x: the window is named with the series' length"
done
[ -z "$(ls -A "$W/runs" 2>/dev/null)" ] || fail "detector: a refused window left a run folder: $(ls "$W/runs")"
run L train fits --workspace "$W"
expect_eq "$rc" 0 "detector ae: a window of the series' length trains"

# --- thousands of classes ---
W=$tmp/many
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 2000; i++) printf "%d,%d,c%d\n", (i * 7) % 11, (i * 5) % 13, i % 1000 }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"f": {"dataset": "t"}},
 "experiments": {"lr": {"featureset": "f", "max_iter": 1, "review_folds": 0},
  "mlp": {"featureset": "f", "model": "mlp", "epochs": 1, "hidden": [2]}}}
JSON
for x in lr mlp; do
	LOGLAB_MEMORY_MAX=64M run L train "$x" --workspace "$W"
	expect_eq "$rc" 2 "1000 classes, LOGLAB_MEMORY_MAX=64M: $x exit 2"
	expect_match "$err" "experiments\.$x\.featureset: 1000 classes over 2000 samples \(a probability per sample and class, a confusion matrix of classes x classes per part\) needs [0-9.]+ MiB, more than the memory limit of 64 MiB \(LOGLAB_MEMORY_MAX\)" \
		"1000 classes: $x names the classes and the limit"
done
[ -z "$(ls -A "$W/runs" 2>/dev/null)" ] || fail "1000 classes: a refused training left a run folder: $(ls "$W/runs")"

# --- infinite and too large cells ---
W=$tmp/inf
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 40; i++) printf "%d,%d,%s\n", (i * 7) % 11, (i * 5) % 13, (i % 3 ? "ok" : "bad") }' >"$W/t.csv"
for v in inf -Infinity 1e308; do
	awk -v v="$v" -F, 'NR == 5 { $2 = v } { print }' OFS=, "$W/t.csv" >"$W/$v.csv"
done
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}, "inf": {"path": "inf.csv"}, "big": {"path": "1e308.csv"}},
 "featuresets": {"f": {"dataset": "t"}, "inf": {"dataset": "inf"}, "big": {"dataset": "big"}},
 "experiments": {"lr": {"featureset": "f"}, "inf": {"featureset": "inf", "model": "kmeans", "k": 2}}}
JSON
run L build inf --workspace "$W"
expect_eq "$rc" 2 "an inf cell: build exit 2"
expect_match "$err" "featuresets\.inf\.columns: 'x1' is inf on row 4: not a finite number" "an inf cell: build names the column, row and value"
run L build big --workspace "$W"
expect_eq "$rc" 2 "a cell of 1e308: build exit 2"
expect_match "$err" "featuresets\.big\.columns: 'x1' is 1e\+308 on row 4: beyond the range of a feature \(a 32-bit float" \
	"a cell of 1e308: build names the column, row and value"
run L train inf --workspace "$W"
expect_eq "$rc" 2 "an inf cell: train exit 2"
expect_match "$err" "columns: 'x1' is inf on row 4" "an inf cell: train names the column"
[ -z "$(ls -A "$W/runs" 2>/dev/null)" ] || fail "an inf cell: a refused training left a run folder: $(ls "$W/runs")"
run L train lr --workspace "$W" --id-file "$tmp/id"
expect_eq "$rc" 0 "clean data trains"
id=$(cat "$tmp/id")
run L eval "$id" "$W/-Infinity.csv" --workspace "$W"
expect_eq "$rc" 2 "eval of a file with -inf: exit 2"
expect_match "$err" "columns: 'x1' is -inf on row 4" "eval of a file with -inf names the column"
run L predict "$id" "$W/1e308.csv" --workspace "$W"
expect_eq "$rc" 2 "predict of a file with 1e308: exit 2"
expect_no_match "$out" "nan" "predict of a file with 1e308 writes no NaN score"

# --- review of a run of many classes ---
W=$tmp/sixty
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 600; i++) printf "%d,%d,%s\n", i % 60, (i * 7) % 13, (i % 60 ? "c" (i % 60) : "normal") }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"f": {"dataset": "t"}},
 "experiments": {"lr": {"featureset": "f", "max_iter": 5, "review_folds": 0}}}
JSON
run L train lr --workspace "$W" --id-file "$tmp/id60"
expect_eq "$rc" 0 "60 classes: train"
run L review "$(cat "$tmp/id60")" --workspace "$W"
expect_eq "$rc" 0 "60 classes: review reads the run's predictions"
expect_no_match "$err" "not the header" "60 classes: predictions.tsv's header is read"
expect_match "$out" "review queue of " "60 classes: review prints its queue"

# --- k-means over repeated rows ---
W=$tmp/dups
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 60; i++) printf "%d,%d,%s\n", i % 3, i % 3, (i % 2 ? "ok" : "bad") }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"f": {"dataset": "t"}},
 "experiments": {"km": {"featureset": "f", "model": "kmeans"}, "km3": {"featureset": "f", "model": "kmeans", "k": 3}}}
JSON
run L train km --workspace "$W" --id-file "$tmp/idkm"
expect_eq "$rc" 0 "k-means over 3 distinct points, k = 8: trains"
warn="kmeans: k = 8 clusters, but the training rows hold only 3 distinct points \(repeated rows\): 5 clusters are empty; give a smaller k"
expect_match "$err" "warning: $warn" "k-means over 3 distinct points: the empty clusters are said"
expect_match "$(cat "$W/runs/$(cat "$tmp/idkm")/metrics.json")" "$warn" "k-means over 3 distinct points: metrics.json says so"
run L train km3 --workspace "$W"
expect_no_match "$err" "distinct points" "k-means, k = 3 over 3 distinct points: no warning"

# --- SMOTE's k above a class's samples ---
W=$tmp/smote
mkdir "$W"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 60; i++) printf "%d,%d,ok\n", i % 7, i % 5
	for (i = 0; i < 5; i++) printf "%d,%d,rare\n", 20 + i, 30 - i }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"k50": {"dataset": "t", "rebalance": {"method": "smote", "k": 50}},
  "k2": {"dataset": "t", "rebalance": {"method": "smote", "k": 2}}},
 "experiments": {}}
JSON
run L build k50 --workspace "$W"
expect_eq "$rc" 0 "SMOTE k 50 over 3 training samples of a class: builds"
expect_match "$err" "warning: rebalance\.k: 50 neighbours, but class 'rare' has 3 training samples: SMOTE interpolated between each and its 2 others" \
	"SMOTE k 50: the k taken is said"
expect_match "$(cat "$W/features/k50/manifest.json")" "rebalance\.k: 50 neighbours" "SMOTE k 50: the manifest says so"
run L build k2 --workspace "$W"
expect_no_match "$err" "rebalance\.k" "SMOTE k 2 over 3 training samples: no warning"

# --- a detector evaluated on a series of anomalous steps only ---
W=$tmp/allanom
mkdir "$W"
awk 'BEGIN { print "x0,x1"; for (i = 0; i < 200; i++) printf "%d,%d\n", i % 7, i % 5 }' >"$W/train.csv"
awk 'BEGIN { print "x0,x1,label"; for (i = 0; i < 40; i++) printf "%d,%d,1\n", i % 3, i % 2 }' >"$W/test.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"tr": {"path": "train.csv"}, "te": {"path": "test.csv"}},
 "featuresets": {"f": {"dataset": "tr"}},
 "experiments": {"km": {"featureset": "f", "model": "detector", "detector": "kmeans"}}}
JSON
run L train km --workspace "$W" --id-file "$tmp/iddet"
expect_eq "$rc" 0 "detector on a normal series: trains"
run L eval "$(cat "$tmp/iddet")" te --workspace "$W"
expect_eq "$rc" 0 "detector on anomalous steps only: eval exit 0"
expect_match "$out" "auroc +-" "detector on anomalous steps only: no AUROC"
expect_match "$out" "note: every scored step is labelled anomalous: no AUROC \(it needs normal steps too\)" \
	"detector on anomalous steps only: the missing AUROC is explained"

# --- review of a run on a very wide table ---
# 90,000 columns (the CSV reader's sample holds that header; 100,000 "cN"
# names are read as lines). The review runs under a watchdog of 30 s: it
# takes about 1 s (5 s under ASan); main's columns^2 comparisons took 46 s
# of CPU here.
W=$tmp/wide
mkdir "$W"
awk 'BEGIN { n = 90000; for (j = 0; j < n; j++) printf "c%d,", j; print "label"
	for (i = 0; i < 8; i++) { for (j = 0; j < n; j++) printf "%d,", (i * j) % 7; print (i % 2 ? "normal" : "bad") } }' >"$W/t.csv"
cat >"$W/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"f": {"dataset": "t", "split": {"train": 0.5}}},
 "experiments": {"lr": {"featureset": "f", "review_folds": 0}}}
JSON
run L train lr --workspace "$W" --id-file "$tmp/idw"
expect_eq "$rc" 0 "90,000 columns: train"
run timeout 30 "$LOGLAB" review "$(cat "$tmp/idw")" --workspace "$W"
expect_eq "$rc" 0 "90,000 columns: review exits 0 within the watchdog"
expect_match "$out" "review queue of " "90,000 columns: review prints its queue"

finish
