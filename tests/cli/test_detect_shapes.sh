#!/bin/sh
# test_detect_shapes.sh - series detectors on labelled series in the shapes
# other benchmarks keep them in, read as a user gives them: a file of one
# number a line (no header) with its labels in a separate 0/1 file named by
# the dataset key "labels"; a ';' table whose labels are an "anomaly"
# column of 0.0/1.0 floats (taken as the labels, never a feature; "0.0" is
# the ordinary class). eval counts exactly the labelled steps as anomalous.
# A label file of the wrong length, or one given for a table with a label
# column of its own, is refused naming both. One labelled file with a
# normal start: a chronological split trains on its first part (here a
# count of steps, "train": 400), and eval of
# that file scores the steps after it (the run's own steps left out). A
# test series that leaves its training range on normal steps gets its
# false-alarm rate and a note naming the metric behind the alarms.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is needed to read JSON" >&2; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ll_detshape.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/ws"
# a wave; the test series jumps by 3 over steps 100..119
wave() { awk -v n="$1" -v fault="$2" 'BEGIN { srand(3)
	for (t = 0; t < n; t++) { v = sin(t * 0.1) + (rand() - .5) / 10
		if (fault && t >= 100 && t < 120) v += 3
		printf "   %.5e\n", v } }'; }
wave 400 0 >"$T/uni_train.txt"
wave 200 1 >"$T/uni_test.txt"
awk 'BEGIN { for (t = 0; t < 200; t++) print (t >= 100 && t < 120) }' >"$T/uni_labels.txt"
head -n 150 "$T/uni_labels.txt" >"$T/short_labels.txt"
# the same wave in two metrics, a ';' table with a float anomaly column
table() { awk -v n="$1" -v fault="$2" 'BEGIN { srand(5); print "a;b;anomaly"
	for (t = 0; t < n; t++) { a = sin(t * 0.1); b = cos(t * 0.1); f = fault && t >= 100 && t < 120
		if (f) b += 3
		printf "%.4f;%.4f;%.1f\n", a + (rand() - .5) / 10, b + (rand() - .5) / 10, f } }'; }
table 400 0 >"$T/tab_train.csv"
table 200 1 >"$T/tab_test.csv"
{ cat "$T/tab_train.csv"; tail -n +2 "$T/tab_test.csv"; } >"$T/tab_one.csv"
# metric a leaves its training range over the last 50 steps, labelled normal
awk -F';' 'NR > 151 { $1 += 5 } { print }' OFS=';' "$T/tab_test.csv" >"$T/tab_moved.csv"
cat >"$T/ws/loglab.json" <<JSON
{ "version": 1,
  "datasets": {"uni_train": {"path": "$T/uni_train.txt"},
               "uni_test": {"path": "$T/uni_test.txt", "labels": "$T/uni_labels.txt"},
               "uni_short": {"path": "$T/uni_test.txt", "labels": "$T/short_labels.txt"},
               "tab_train": {"path": "$T/tab_train.csv"}, "tab_test": {"path": "$T/tab_test.csv"},
               "tab_twice": {"path": "$T/tab_test.csv", "labels": "$T/uni_labels.txt"},
               "tab_one": {"path": "$T/tab_one.csv"}, "tab_moved": {"path": "$T/tab_moved.csv"}},
  "featuresets": {"uni": {"dataset": "uni_train"}, "tab": {"dataset": "tab_train"},
                  "one": {"dataset": "tab_one", "split": {"kind": "chronological", "train": 400}}},
  "experiments": {"uni": {"featureset": "uni", "model": "detector", "detector": "kmeans"},
                  "tab": {"featureset": "tab", "model": "detector", "detector": "kmeans"},
                  "one": {"featureset": "one", "model": "detector", "detector": "kmeans"}}
}
JSON
cd "$T/ws"

expect_match "$("$LOGLAB" info "$T/uni_train.txt")" "number" "one number a line is a number column"
out=$("$LOGLAB" train uni --json --quiet)
expect_eq $? 0 "train on a one-column series"
id=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.metrics "runs/$id/run.json")" 1 "one metric"
out=$("$LOGLAB" eval "$id" uni_test --json)
expect_eq $? 0 "eval with a label file"
expect_eq "$(printf '%s' "$out" | jq -r .anomalous_steps)" 20 "the label file's 20 anomalous steps"
expect_eq "$(printf '%s' "$out" | jq -r .segments)" 1 "one segment"
expect_eq "$(printf '%s' "$out" | jq -r '.auroc > 0.9')" true "the jump ranks first"
expect_eq "$(printf '%s' "$out" | jq -r '[.notes[] | select(test("paths tried"))] | length')" 0 \
	"no note points at paths a csv reader never tried"
msg=$("$LOGLAB" eval "$id" uni_short 2>&1)
expect_match "$msg" "200 rows.*150 labels" "a label file of the wrong length names both counts"
expect_exit 2 "a label file of the wrong length is a data error" -- "$LOGLAB" eval "$id" uni_short

out=$("$LOGLAB" train tab --json --quiet)
expect_eq $? 0 "train on a table with an anomaly column"
id=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.metrics "runs/$id/run.json")" 2 "the anomaly column is not a metric"
out=$("$LOGLAB" eval "$id" tab_test --json)
expect_eq "$(printf '%s' "$out" | jq -r .anomalous_steps)" 20 "0.0 is ordinary: 20 anomalous steps of 200"
expect_match "$("$LOGLAB" eval "$id" tab_twice 2>&1)" "anomaly.*label file" \
	"a label file beside a label column is refused naming both"
expect_exit 2 "a label file beside a label column is a data error" -- "$LOGLAB" eval "$id" tab_twice
evaluated=$(printf '%s' "$out" | jq -c '[.evaluated_from, .auroc]')
expect_eq "$(printf '%s' "$out" | jq -r '.false_alarm_rate < 0.05')" true "few false alarms on a series like its training one"
expect_eq "$(printf '%s' "$out" | jq -r '[.notes[] | select(test("led by"))] | length')" 0 "and no note about them"
out=$("$LOGLAB" eval "$id" tab_moved --json)
expect_eq "$(printf '%s' "$out" | jq -r '.false_alarm_rate > 0.2')" true "a series that moved away alarms on its normal steps"
expect_match "$(printf '%s' "$out" | jq -r '.notes[]')" "normal steps where the threshold was set for 0.1%.*led by a\)" \
	"a note says so and names the metric that leads the false alarms"

out=$("$LOGLAB" train one --json --quiet)
expect_eq $? 0 "train on the chronological split's first part (a count of steps)"
id=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.train_steps "runs/$id/run.json")" 400 "the first 400 of 600 steps"
out=$("$LOGLAB" eval "$id" tab_one --json)
expect_eq "$(printf '%s' "$out" | jq -r '[.steps, .evaluated_from, .anomalous_steps] | @tsv')" "$(printf '200\t400\t20')" \
	"eval of its own file scores the 200 steps after the training part"
expect_eq "$(printf '%s' "$out" | jq -c '[.evaluated_from, .auroc]')" "$(printf '%s' "$evaluated" | jq -c '.[0] = 400')" \
	"the same figures as a separate training and test file"
expect_match "$(printf '%s' "$out" | jq -r '.notes[]')" "first 400 steps" "a note says which steps were left out"
expect_eq "$("$LOGLAB" eval "$id" tab_test --json | jq -r '[.steps, .evaluated_from] | @tsv')" "$(printf '200\t0')" \
	"another series is scored whole"
mkdir "$T/ws2"
sed 's/"train": 400}/"train": 400.5}/' loglab.json >"$T/ws2/loglab.json"
expect_match "$(cd "$T/ws2" && "$LOGLAB" train one 2>&1)" "split.train.*whole number, got 400.5" \
	"a count of steps must be a whole number"
finish
