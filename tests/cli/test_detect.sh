#!/bin/sh
# test_detect.sh - series detectors end to end with the real CLI, on a
# generated server-metrics series in the original SMD layout
# (ServerMachineDataset/{train,test,test_label,interpretation_label}/
# machine-9-9.txt): `train` of a "detector" experiment (ae, kmeans and
# lstm) needs no labels, holds out the end of the training series for the
# error scale and threshold, and leaves a run; `eval` on the labelled test series
# keeps its labels and reports every series figure in --json and
# metrics.json, ranks the faulty metric first for the labelled segment and
# writes scores.tsv; without interpretation labels the note names the paths
# tried, and a dataset's "interpretation" key finds them anywhere; bad keys
# are refused naming them.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is needed to read JSON" >&2; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ll_detect.XXXXXX")
trap 'rm -rf "$T"' EXIT
S=$T/data/ServerMachineDataset
mkdir -p "$S/train" "$S/test" "$S/test_label" "$S/interpretation_label" "$T/ws"
# four metrics driven by two waves; in the test series metric 3 jumps over
# rows 400..429 (SMD counts the end row as normal again: 400-430)
gen() { awk -v n="$1" -v fault="$2" -v seed="$3" 'BEGIN { srand(seed)
	for (t = 0; t < n; t++) { a = sin(t * 0.05); b = cos(t * 0.013)
		v[1] = a; v[2] = b; v[3] = 0.5 * a + 0.5 * b; v[4] = a - b
		if (fault && t >= 400 && t < 430) v[3] += 2
		printf "%.4f,%.4f,%.4f,%.4f\n", v[1] + (rand() - .5) / 10, v[2] + (rand() - .5) / 10,
			v[3] + (rand() - .5) / 10, v[4] + (rand() - .5) / 10 } }'; }
gen 3000 0 1 >"$S/train/machine-9-9.txt"
gen 1000 1 2 >"$S/test/machine-9-9.txt"
awk 'BEGIN { for (t = 0; t < 1000; t++) print (t >= 400 && t < 430) }' >"$S/test_label/machine-9-9.txt"
echo "400-430:3" >"$S/interpretation_label/machine-9-9.txt"
cat >"$T/ws/loglab.json" <<JSON
{ "version": 1,
  "datasets": {"train": {"path": "$S/train/machine-9-9.txt"}, "test": {"path": "$S/test/machine-9-9.txt"},
               "moved": {"path": "$T/moved/test/machine-9-9.txt", "interpretation": "$T/elsewhere.txt"}},
  "featuresets": {"series": {"dataset": "train"}},
  "experiments": {
    "ae": {"featureset": "series", "model": "detector", "epochs": 30, "lr": 0.003},
    "km": {"featureset": "series", "model": "detector", "detector": "kmeans", "threshold": "percentile",
           "percentile": 99.5},
    "fc": {"featureset": "series", "model": "detector", "detector": "lstm", "window": 3, "hidden": 8}
  }
}
JSON
cd "$T/ws"

out=$("$LOGLAB" train ae --json --quiet)
expect_eq $? 0 "train ae"
AE=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.kind "runs/$AE/run.json")" ae "run.json says the detector"
expect_eq "$(jq -r .status "runs/$AE/run.json")" done "the run is done"
expect_eq "$(jq -r '.train_s > 0' "runs/$AE/run.json")" true "run.json has the training time"
expect_eq "$(jq -r .train.steps "runs/$AE/metrics.json")" 3000 "trained on every step"
expect_eq "$(jq -r .detector.fitted_steps "runs/$AE/run.json")" 2400 "the model fits 80%, 20% held out"
expect_eq "$(jq -r .detector.holdout "runs/$AE/run.json")" 0.2 "run.json has the holdout"
expect_eq "$(jq -r .detector.floor_cap "runs/$AE/run.json")" 100 "run.json has the bound on floored metrics"
expect_eq "$(jq -r .detector.floored_metrics "runs/$AE/run.json")" 0 "no metric is constant in training"
expect_eq "$(jq -r .train.held_out_steps "runs/$AE/metrics.json")" 600 "metrics.json: the held-out steps"
expect_eq "$(jq -r '.train.held_out_alarms <= 6' "runs/$AE/metrics.json")" true "few held-out alarms at risk 1e-3"
[ -s "runs/$AE/model.llm" ] && ok || fail "model.llm written"

out=$("$LOGLAB" eval "$AE" test --json)
expect_eq $? 0 "eval ae"
for k in pointwise_f1 point_adjusted_f1 best_f1 best_point_adjusted_f1 auroc aupr hitrate_100 hitrate_150; do
	expect_eq "$(printf '%s' "$out" | jq -r ".$k | type")" number "eval --json has $k"
done
expect_eq "$(printf '%s' "$out" | jq -r .anomalous_steps)" 30 "the test labels are kept"
expect_eq "$(printf '%s' "$out" | jq -r '.auroc > 0.95')" true "the fault scores above normal steps"
expect_eq "$(printf '%s' "$out" | jq -r .best_point_adjusted_f1)" 1 "the segment is found"
expect_eq "$(printf '%s' "$out" | jq -r '.segment_dims[0].labelled_dims[0]')" 3 "the labelled dimension"
expect_eq "$(printf '%s' "$out" | jq -r '[.segment_dims[0].ranked_dims[0:2][].dim] | index(3) != null')" true \
	"the faulty metric ranks among the first two"
M=runs/$AE/eval-test
expect_eq "$(jq -r .hitrate_150 "$M/metrics.json")" "$(printf '%s' "$out" | jq -r .hitrate_150)" "metrics.json as --json"
expect_eq "$(wc -l <"$M/scores.tsv" | tr -d ' ')" 1001 "scores.tsv: a row per step"
text=$("$LOGLAB" eval "$AE" test)
expect_match "$text" "best_point_adjusted_f1 +1\.0000" "eval prints the figures"
expect_match "$text" "optimistic" "best figures are marked optimistic"

out=$("$LOGLAB" train km --json --quiet)
KM=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.kind "runs/$KM/run.json")" kmeans "k-means detector"
expect_eq "$(jq -r .detector.threshold_method "runs/$KM/run.json")" percentile "percentile threshold"
out=$("$LOGLAB" eval "$KM" test --json)
expect_eq "$(printf '%s' "$out" | jq -r '.auroc > 0.95')" true "k-means distance scores the fault"

out=$("$LOGLAB" train fc --json --quiet)
FC=$(printf '%s' "$out" | jq -r .id)
expect_eq "$(jq -r .detector.kind "runs/$FC/run.json")" lstm "LSTM forecaster detector"
expect_eq "$(jq -r .detector.hidden "runs/$FC/run.json")" 8 "its cell units"
out=$("$LOGLAB" eval "$FC" test --json)
expect_eq "$(printf '%s' "$out" | jq -r '.auroc > 0.95')" true "the forecast error scores the fault"

# without interpretation labels: a note naming the paths tried
mkdir -p "$T/moved/test" "$T/moved/test_label"
cp "$S/test/machine-9-9.txt" "$T/moved/test/"
cp "$S/test_label/machine-9-9.txt" "$T/moved/test_label/"
out=$("$LOGLAB" eval "$AE" "$T/moved/test/machine-9-9.txt" --json)
expect_eq "$(printf '%s' "$out" | jq -r .hitrate_100)" null "no HitRate without interpretation labels"
expect_match "$(printf '%s' "$out" | jq -r '.notes[]')" "tried .*moved/test/interpretation_label/machine-9-9.txt, .*moved/test/../interpretation_label/machine-9-9.txt" \
	"the note names the paths tried"
expect_eq "$(printf '%s' "$out" | jq -r .point_adjusted_f1 | grep -c null)" 0 "labels still kept"
# ... and the dataset key finds them elsewhere
cp "$S/interpretation_label/machine-9-9.txt" "$T/elsewhere.txt"
out=$("$LOGLAB" eval "$AE" moved --json)
expect_eq "$(printf '%s' "$out" | jq -r '.hitrate_100 | type')" number "interpretation key: HitRate"
# an unlabelled series: scores, no figures
out=$("$LOGLAB" eval "$AE" "$S/train/machine-9-9.txt" --json)
expect_eq "$(printf '%s' "$out" | jq -r .best_f1)" null "an unlabelled series has no figures"

# a detector has no classes: predict and review say so (exit 1)
expect_exit 1 "predict on a detector's run" -- "$LOGLAB" predict "$AE" "$S/test/machine-9-9.txt"
expect_match "$("$LOGLAB" review "$AE" 2>&1)" "is a series detector" "review on a detector's run says why"

# refusals name the key
cp loglab.json good.json
sed 's/"epochs": 30/"window": 0/' good.json >loglab.json
expect_match "$("$LOGLAB" train ae 2>&1)" "experiments.ae.window" "a bad window is named"
expect_exit 2 "bad window is a data error of loglab.json (docs/workspace.md)" -- "$LOGLAB" train ae
sed 's/"detector": "kmeans"/"detector": "gru"/' good.json >loglab.json
expect_match "$("$LOGLAB" train km 2>&1)" "experiments.km.detector: unknown detector" "a bad kind is named"
sed 's/"epochs": 30/"holdout": 0.9/' good.json >loglab.json
expect_match "$("$LOGLAB" train ae 2>&1)" "experiments.ae.holdout" "a bad holdout is named"
sed 's/"interpretation": "[^"]*"/"interpretation": "x", "format": "csv"/' good.json >loglab.json
expect_match "$("$LOGLAB" runs 2>&1)" "interpretation" "interpretation needs the smd format"
cp good.json loglab.json
finish
