#!/bin/sh
# test_roc_classes_tmux.sh - the ROC/PR view of a run whose classes are none
# of target.ordinary's names (a table labelled steady / cpu / io; ok, as
# monitoring exports write it, is a default ordinary name since 7 Dec 2026). The run's root-cause figures (metrics.json's
# root_cause, predictions.tsv's score) then take the engine's rule:
# ll_exp_rc_truth. The view used to count every labelled sample a root
# cause: no ROC ("no data"), an AP of 1.0000 beside the 0.8 of `loglab
# runs`, and tn 0 at every threshold. Checked on generated data (awk):
#  - at 0.5 the cursor's tp+fn and fp+tn are metrics.json's positives and
#    negatives, and the legends hold metrics.json's AUROC and AP;
#  - a warning at training names the class the root-cause figures take;
#  - a run whose test part holds ordinary rows only says why it has no ROC
#    whole, over lines (it was cut at 44 columns without a mark: "all 300
#    rows are ne").
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed" >&2; exit 77; }

tmux_begin rocc

ws=$tmp/ws
mkdir -p "$ws"
# 3000 rows a second apart: two noisy metrics, classes by where they lie
# (a linear rule, then a tenth of the labels flipped, so no model is perfect).
awk 'BEGIN {
	srand(7); print "time,cpu,io,label"
	for (i = 0; i < 3000; i++) {
		c = 40 + 20 * rand(); o = 30 + 20 * rand(); l = "steady"
		if (i % 10 == 3) { c += 25; l = "cpu" }
		if (i % 17 == 5) { o += 30; l = "io" }
		if (rand() < 0.1) l = (l == "steady" ? "cpu" : "steady")
		printf "2024-03-01T%02d:%02d:%02dZ,%.2f,%.2f,%s\n", int(i / 3600), int(i / 60) % 60, i % 60, c, o, l
	}
}' >"$ws/m.csv"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"m": {"path": "m.csv"}},
	"featuresets": {
		"f": {"dataset": "m", "columns": "cpu|io", "scale": "zscore",
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}}
	},
	"experiments": {"lr": {"featureset": "f", "model": "logreg", "seed": 1}}
}
JSON
(cd "$ws" && "$LOGLAB" train lr >"$tmp/train.out" 2>&1) || { fail "train lr: $(cat "$tmp/train.out")"; finish; }
expect_match "$(cat "$tmp/train.out")" 'none of the data.s classes \("steady", "([a-z]+)", "[a-z]+"\) is an ordinary one.*take class "\1" against' \
	"training warns which class the root-cause figures take"
LR=$(cd "$ws/runs" && ls -d *-lr)
M=$ws/runs/$LR/metrics.json
rc() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['parts'][m['curves_part']]['root_cause'][sys.argv[2]])" "$M" "$1"; }
pos=$(rc positives)
neg=$(rc negatives)
auc=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('%.4f' % m['parts'][m['curves_part']]['root_cause']['auroc'])" "$M")
ap=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('%.4f' % m['parts'][m['curves_part']]['root_cause']['average_precision'])" "$M")
checks=$((checks + 1))
[ "$neg" -gt 0 ] && [ "$pos" -gt 0 ] || fail "metrics.json has positives and negatives: $pos / $neg"

tmux_shell 160 40 -u LOGLAB_ASCII
keys "cd '$ws' && '$LOGLAB' m.csv" Enter
wait_for "m\.csv +line 1/3000 " "browser"
keys : "roc $LR" Enter
wait_for "roc  threshold [0-9.]+ " "roc view"
line=$(screen | grep -E "roc  threshold [0-9.]+ " | head -n 1)
tp=$(printf '%s\n' "$line" | sed -n 's/.* tp \([0-9]*\) fp \([0-9]*\) fn \([0-9]*\) tn \([0-9]*\).*/\1/p')
fp=$(printf '%s\n' "$line" | sed -n 's/.* tp \([0-9]*\) fp \([0-9]*\) fn \([0-9]*\) tn \([0-9]*\).*/\2/p')
fn=$(printf '%s\n' "$line" | sed -n 's/.* tp \([0-9]*\) fp \([0-9]*\) fn \([0-9]*\) tn \([0-9]*\).*/\3/p')
tn=$(printf '%s\n' "$line" | sed -n 's/.* tp \([0-9]*\) fp \([0-9]*\) fn \([0-9]*\) tn \([0-9]*\).*/\4/p')
expect_eq "$((tp + fn)) $((fp + tn))" "$pos $neg" "the cursor's positives and negatives are metrics.json's"
not_on_screen "no data" "the ROC of a run with root-cause positives and negatives is drawn"
wait_for "AUROC $auc" "the ROC legend holds metrics.json's AUROC $auc"
wait_for "AP $ap" "the PR legend holds metrics.json's AP $ap"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quit"

# --- a test part of one class: why there is no ROC, whole ----------------------
awk 'BEGIN {
	srand(3); print "time,cpu,label"
	for (i = 0; i < 1000; i++) {
		c = 50 + 10 * rand(); l = "ok"
		if (i < 600 && i % 9 == 0) { c += 20; l = "bad" }
		printf "2024-03-01T00:%02d:%02dZ,%.2f,%s\n", int(i / 60) % 60, i % 60, c, l
	}
}' >"$ws/one.csv"
python3 - "$ws/loglab.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
w["datasets"]["one"] = {"path": "one.csv"}
w["featuresets"]["g"] = {"dataset": "one", "columns": "cpu", "target": {"kind": "binary", "ordinary": ["ok"]},
	"split": {"kind": "chronological", "train": 0.7, "test": 0.3}}
w["experiments"]["one"] = {"featureset": "g", "model": "logreg"}
json.dump(w, open(sys.argv[1], "w"))
PY
(cd "$ws" && "$LOGLAB" train one --quiet >"$tmp/train.out" 2>&1) || { fail "train one: $(cat "$tmp/train.out")"; finish; }
ONE=$(cd "$ws/runs" && ls -d *-one)
keys "'$LOGLAB' one.csv" Enter
wait_for "one\.csv +line 1/1000 " "browser on one.csv"
keys : "roc $ONE" Enter
wait_for "roc  threshold " "roc view of the one-class test part"
# the left column (the report starts at column 47), its lines joined
left=$(screen | cut -c1-45 | tr '\n' ' ' | tr -s ' ')
expect_match "$left" "$ONE: ROC: all 300 rows are negative; the curve needs both classes" \
	"why there is no ROC is on screen whole"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quit"
finish
