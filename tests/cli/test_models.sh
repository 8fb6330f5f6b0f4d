#!/bin/sh
# test_models.sh - what an untuned user meets when training, end to end with
# the real CLI on a generated table of 150 rows (two features, classes by a
# threshold): split sizes round as sklearn's (train 0.7 alone = 105/45); a
# training part of one class is exit 2 naming the class, and "unlabelled"
# gives the other rows a class; a binary target none of whose ordinary names
# the data uses is refused with a warning naming both lists; a feature set
# naming nothing over a log gets TF-IDF of its lines, recorded, and k-means
# clusters them; a test part without one of the classes is
# a warning on screen and in metrics.json; an unconverged logistic
# regression is a warning and run.json's solver block says so; an MLP's
# run.json says how many epochs ran and why it stopped; a target of numbers
# with fractions (a price) is refused, and one of as many whole numbers as
# rows trains with its warnings said in a few lines, not one per class.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ll_models.XXXXXX")
trap 'rm -rf "$T"' EXIT
W=$T/ws
mkdir "$W"
# a grows with the row, b wobbles; label "high" when a + b > 100, else
# "low", so the first 70% hold both classes and a chronological test part of
# the last rows holds only "high". b comes first: a first column counting
# the rows is their names (ds_rownames.h), no default feature.
awk 'BEGIN { print "b,a,label"; for (i = 0; i < 150; i++) { x = i; y = (i * 37) % 23
	printf "%d,%d,%s\n", y, x, (x + y > 100 ? "high" : "low") } }' >"$W/t.csv"
# a labelled log (label<TAB>line): disk errors are root causes
awk 'BEGIN { for (i = 0; i < 60; i++) { if (i % 4 == 0) printf "1\tkernel: sd%d: I/O error, sector %d\n", i % 3, i * 8
	else printf "0\tsshd[%d]: Accepted publickey for user%d\n", 100 + i, i % 5 } }' >"$W/log.tsv"
# JSON Lines records of a structured logger, nested: the message is the
# longest text, the level and caller are words
awk 'BEGIN { for (i = 0; i < 80; i++) { f = i % 5 == 0
	printf "{\"level\": \"%s\", \"src\": {\"caller\": \"h%d.go\"}, \"msg\": \"%s %d\", \"label\": \"%s\"}\n",
		f ? "error" : "info", i % 4, f ? "failed to connect to database after retry" : "request served from cache in ms", i,
		f ? "fault" : "ok" } }' >"$W/app.jsonl"
# the same rows with only the "high" ones labelled
awk -F, 'NR == 1 { print; next } { print $1 "," $2 "," ($3 == "high" ? "high" : "") }' "$W/t.csv" >"$W/partial.csv"
cat >"$W/loglab.json" <<'JSON'
{ "version": 1,
  "datasets": {"t": {"path": "t.csv"}, "partial": {"path": "partial.csv"}, "log": {"path": "log.tsv"}, "app": {"path": "app.jsonl"}},
  "featuresets": {
    "chrono": {"dataset": "t", "split": {"kind": "chronological", "train": 0.7}, "scale": "zscore"},
    "only_high": {"dataset": "partial", "split": {"kind": "chronological", "train": 0.7}},
    "high_or_low": {"dataset": "partial", "unlabelled": "low", "split": {"kind": "chronological", "train": 0.7}},
    "binary_misnamed": {"dataset": "t", "target": {"kind": "binary", "ordinary": ["normal", "-"]}},
    "bare_log": {"dataset": "log"},
    "bare_app": {"dataset": "app", "target": {"kind": "binary", "ordinary": ["ok"]}}
  },
  "experiments": {
    "lr": {"featureset": "chrono", "model": "logreg"},
    "lr1": {"featureset": "chrono", "model": "logreg", "max_iter": 1},
    "mlp": {"featureset": "chrono", "model": "mlp", "seed": 3},
    "one": {"featureset": "only_high", "model": "logreg"},
    "two": {"featureset": "high_or_low", "model": "logreg"},
    "misnamed": {"featureset": "binary_misnamed", "model": "logreg"},
    "bare": {"featureset": "bare_log", "model": "logreg"},
    "bare_km": {"featureset": "bare_log", "model": "kmeans", "k": 2},
    "bare_det": {"featureset": "bare_log", "model": "detector"},
    "app": {"featureset": "bare_app", "model": "logreg"}
  }
}
JSON
# jq FILE EXPR: a Python expression over the JSON document d; a tuple prints space-separated
jq() {
	python3 -c "import json,sys
d = json.load(open(sys.argv[1])); v = eval(sys.argv[2])
print(' '.join(str(x) for x in v) if isinstance(v, tuple) else v)" "$@"
}
cd "$W" || exit 99

# --- split sizes, the missing-class warning, a converged solve ------------------
out=$("$LOGLAB" train lr 2>"$T/err")
expect_eq "$?" 0 "train lr"
run=$(ls -d runs/*-lr | head -n 1)
expect_eq "$(jq "$run/run.json" 'd["features"]["train"], d["features"]["test"]')" "105 45" \
	"chronological train 0.7 of 150 rows: 105/45 as sklearn's train_test_split"
expect_match "$(cat "$T/err")" 'warning: the test part has no samples of class "low" and predicts none: the macro averages leave it out' \
	"the warning on screen says how the averages treat the class"
expect_match "$(jq "$run/metrics.json" '" | ".join(d["warnings"])')" 'the test part has no samples of class "low"' \
	"the warning in metrics.json"
expect_eq "$(jq "$run/run.json" 'd["solver"]["converged"], d["solver"]["method"]')" "True lbfgs" "run.json: solver converged"

# --- an unconverged solve is a warning -------------------------------------------
"$LOGLAB" train lr1 >/dev/null 2>"$T/err"
expect_eq "$?" 0 "train lr1 (max_iter 1) still makes a run"
expect_match "$(cat "$T/err")" "warning: logreg: L-BFGS did not converge in 1 iterations" "unconverged warning on screen"
run=$(ls -d runs/*-lr1 | head -n 1)
expect_eq "$(jq "$run/run.json" 'd["solver"]["converged"], d["solver"]["iterations"]')" "False 1" "run.json: not converged"
expect_match "$(jq "$run/metrics.json" '" | ".join(d["warnings"])')" "did not converge" "unconverged warning in metrics.json"

# --- the MLP records its epochs and why it stopped ------------------------------
"$LOGLAB" train mlp >/dev/null 2>&1
expect_eq "$?" 0 "train mlp"
run=$(ls -d runs/*-mlp | head -n 1)
stop=$(jq "$run/run.json" 'd["stop_reason"]')
epochs=$(jq "$run/run.json" 'd["epochs_done"]')
expect_match "$stop" '^(converged|max_epochs)$' "run.json stop_reason"
checks=$((checks + 1))
[ "$epochs" -ge 11 ] && [ "$epochs" -le 200 ] || fail "epochs_done $epochs outside 11..200"
expect_eq "$(jq "$run/run.json" 'd["experiment_config"]["batch"], d["experiment_config"]["hidden"]')" "200 [100]" \
	"MLPClassifier's defaults"

# --- one class in training: exit 2 naming it; unlabelled gives a second ------------
"$LOGLAB" train one >"$T/out" 2>"$T/err"
expect_eq "$?" 2 "a training part of one class is a data error"
expect_match "$(cat "$T/err")" 'one class only, "high"' "the error names the class"
# the key is the experiment's choice of data, not the model's name
expect_match "$(cat "$T/err")" '^loglab: experiments\.one\.featureset: the training part has one class only' \
	"the error names the key that chose the data"
"$LOGLAB" train two >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "unlabelled: \"low\" gives the other rows a class"
run=$(ls -d runs/*-two | head -n 1)
expect_eq "$(jq "$run/run.json" 'sorted(d["classes"])')" "['high', 'low']" "the classes of the run"

# --- a binary target whose ordinary names the data never uses: the refusal
# comes with the warning that names both lists -----------------------------------
"$LOGLAB" train misnamed >"$T/out" 2>"$T/err"
expect_eq "$?" 2 "every row a root cause: one class"
expect_match "$(cat "$T/err")" 'warning: target: none of the data.s classes \("low", "high"\) is an ordinary one \(target.ordinary: "normal", "-"\)' \
	"the warning names the classes and the ordinary names"
expect_match "$(cat "$T/err")" 'experiments\.misnamed\.featureset: the training part has one class only, "root cause" \(105 samples\): no labelled row is of a class target.ordinary names' \
	"the refusal says why"

# --- a feature set that names nothing over a log: TF-IDF of its lines, noted,
# recorded in run.json, and applied again by eval --------------------------------
"$LOGLAB" train bare >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "a bare feature set over a log trains"
expect_match "$(cat "$T/err")" 'warning: text: not set: TF-IDF of the lines of column "message"' "the default is noted"
run=$(ls -d runs/*-bare | head -n 1)
expect_eq "$(jq "$run/run.json" 'd["recipe"]["text"]["kind"]')" "tfidf" "run.json records the recipe as built"
expect_match "$(cat "$T/out")" 'test  samples 18 +accuracy 1.0000' "disk errors told from logins"
"$LOGLAB" eval "$(basename "$run")" log.tsv >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "eval applies the recorded recipe"
expect_match "$(cat "$T/out")" 'labelled samples 60' "eval on the same lines"
expect_match "$(cat "$T/out")" 'f1_macro +1.0000' "eval's figures"
"$LOGLAB" runs >"$T/out" 2>&1
expect_no_match "$(grep -- "-bare" "$T/out")" "stale" "the run is not stale: the fingerprint is of loglab.json's recipe"
"$LOGLAB" train bare_det >"$T/out" 2>"$T/err"
expect_eq "$?" 2 "a detector on the default text features is refused"
expect_match "$(cat "$T/err")" 'count its templates per time window' "the refusal says what a log needs"
# records of a structured log: TF-IDF of "msg"; predict --follow reads the
# same field of each record as predict does (it hashed the whole JSON line)
"$LOGLAB" train app >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "a bare feature set over JSON Lines records trains"
expect_match "$(cat "$T/err")" 'TF-IDF of the lines of column "msg"' "the message column by the loggers' name"
run=$(basename "$(ls -d runs/*-app | head -n 1)")
"$LOGLAB" predict "$run" app.jsonl >"$T/p1" 2>&1
timeout -s TERM 3 "$LOGLAB" predict "$run" --follow app.jsonl --from-start >"$T/p2" 2>&1
tail -n +2 "$T/p1" >"$T/p1rows" # predict's header; --follow prints rows only
expect_eq "$(wc -l <"$T/p1rows")" 80 "predict scores every record"
checks=$((checks + 1))
cmp -s "$T/p1rows" "$T/p2" || fail "predict --follow differs from predict: $(diff "$T/p1rows" "$T/p2" | head -4)"
# k-means clusters the same TF-IDF lines (sparse rows, as sklearn's KMeans
# takes CSR): the disk errors and the logins fall apart
"$LOGLAB" train bare_km >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "k-means on text features"
expect_match "$(cat "$T/out")" 'chosen \(best silhouette\): k 2 inertia [0-9.e+]+ silhouette [0-9.]+ purity 1.0000 ARI 1.0000$' \
	"two clusters, the two kinds of line"
expect_match "$(cat "$T/out")" 'cluster [01]: 15 x kernel: <\*> I/O error, sector <\*>' "a cluster's commonest template"
expect_match "$(cat "$T/out")" 'cluster [01]: 45 x <\*> Accepted publickey for <\*>' "the other cluster's"
run=$(ls -d runs/*-bare_km | head -n 1)
"$LOGLAB" report "$(basename "$run")" -o "$T/r.html" >/dev/null 2>&1
expect_match "$(cat "$T/r.html")" '<td>15</td><td><code>kernel: &lt;\*&gt; I/O error, sector &lt;\*&gt;</code>' \
	"the report lists a cluster's templates"
"$LOGLAB" predict "$(basename "$run")" log.tsv >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "predict with the k-means run"
expect_eq "$(tail -n +2 "$T/out" | cut -f2 | sort -u | wc -l)" 2 "predict: two clusters"

# a target of numbers: with fractions (a price) it is refused, exit 2, as
# sklearn refuses a "continuous" target; whole numbers as many as the rows
# train, with a warning, and the classes a part lacks said in a line each kind
mkdir "$T/reg" && cd "$T/reg" || exit 99
awk 'BEGIN { print "a,b,price"; for (i = 0; i < 300; i++) printf "%d,%d,%.2f\n", i % 17, (i * 7) % 23, 100 + i * 1.37 }' >t.csv
awk -F, 'NR == 1 { print; next } { printf "%s,%s,%d\n", $1, $2, $3 }' t.csv >whole.csv
cat >loglab.json <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv", "label_column": "price"},
                            "w": {"path": "whole.csv", "label_column": "price"}},
 "featuresets": {"f": {"dataset": "t"}, "w": {"dataset": "w"}},
 "experiments": {"lr": {"featureset": "f", "model": "logreg"}, "mlp": {"featureset": "f", "model": "mlp"},
                 "wlr": {"featureset": "w", "model": "logreg"}}}
JSON
for e in lr mlp; do
	"$LOGLAB" train $e >"$T/out" 2>"$T/err"
	expect_eq "$?" 2 "$e on a price: refused"
	expect_match "$(cat "$T/err")" "experiments\.$e\.featureset: the target's 300 classes are numbers with fractions \(such as \"101.37\"\): a quantity to predict, not classes" \
		"$e: the price is named a quantity"
done
"$LOGLAB" train wlr >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "whole numbers as classes"
expect_match "$(cat "$T/err")" 'warning: the target has [0-9]+ classes among 300 labelled samples: most classes have a sample or two' \
	"many classes: a warning"
expect_match "$(cat "$T/err")" 'warning: the test part has no samples of [0-9]+ classes \("[0-9]+", "[0-9]+", "[0-9]+", \.\.\.\) and predicts none of them' \
	"the classes the test part lacks: one line"
nwarn=$(grep -c warning "$T/err")
checks=$((checks + 1))
[ "$nwarn" -le 8 ] || fail "a few warnings, not hundreds: $nwarn"
finish
