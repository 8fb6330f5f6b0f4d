#!/bin/sh
# test_anomaly_tmux.sh - the anomaly view in the real loglab binary, driven
# in tmux: a detector trained (CLI) on a generated metrics series in the
# original SMD layout and evaluated on its labelled test series; in the TUI
# the runs view (r) opens the detector's run with Enter on the anomaly
# view: the score chart with its threshold and the labelled segment, and
# for the selected segment the metrics ranked by contribution, the
# labelled one marked; j/k move between the two segments; a run without
# evaluation says how to make one; t in the experiments view trains a
# detector (through `loglab train`, as a launched training).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq not installed" >&2; exit 77; }

tmux_begin anomaly
S=$tmp/data/ServerMachineDataset
mkdir -p "$S/train" "$S/test" "$S/test_label" "$S/interpretation_label" "$tmp/ws"
# metric 3 jumps over rows 400..429, metric 1 over rows 700..719
gen() { awk -v n="$1" -v fault="$2" -v seed="$3" 'BEGIN { srand(seed)
	for (t = 0; t < n; t++) { a = sin(t * 0.05); b = cos(t * 0.013)
		v[1] = a; v[2] = b; v[3] = 0.5 * a + 0.5 * b; v[4] = a - b
		if (fault && t >= 400 && t < 430) v[3] += 2
		if (fault && t >= 700 && t < 720) v[1] -= 2
		printf "%.4f,%.4f,%.4f,%.4f\n", v[1] + (rand() - .5) / 10, v[2] + (rand() - .5) / 10,
			v[3] + (rand() - .5) / 10, v[4] + (rand() - .5) / 10 } }'; }
gen 3000 0 1 >"$S/train/machine-9-9.txt"
gen 1000 1 2 >"$S/test/machine-9-9.txt"
awk 'BEGIN { for (t = 0; t < 1000; t++) print (t >= 400 && t < 430) || (t >= 700 && t < 720) }' \
	>"$S/test_label/machine-9-9.txt"
printf '400-430:3\n700-720:1\n' >"$S/interpretation_label/machine-9-9.txt"
cat >"$tmp/ws/loglab.json" <<JSON
{ "version": 1,
  "datasets": {"train": {"path": "$S/train/machine-9-9.txt"}, "test": {"path": "$S/test/machine-9-9.txt"}},
  "featuresets": {"series": {"dataset": "train"}},
  "experiments": {"km": {"featureset": "series", "model": "detector", "detector": "kmeans"}}
}
JSON
cd "$tmp/ws"
NOEVAL=$("$LOGLAB" train km --json --quiet | jq -r .id)
sleep 1 # run ids are by the second
ID=$("$LOGLAB" train km --json --quiet | jq -r .id)
"$LOGLAB" eval "$ID" test >/dev/null || fail "eval"

tmux_shell 120 40
keys "cd '$tmp/ws' && '$LOGLAB' ." Enter
wait_for "km" "experiments view"
keys r
wait_for "$ID" "runs view lists the run"
# newest first: the evaluated run is on top
keys Enter
wait_for "anomaly score by step" "Enter opens the anomaly view"
wait_for "^ run $ID \\(kmeans\\)  [0-9]+ steps" "the status line names the run and its model"
wait_for "threshold" "the threshold is drawn"
wait_for "labelled" "the labelled segments are drawn"
wait_for "segment 1/2: steps 400-429 \(30\)  labelled dims: 3" "the first segment and its labelled dimension"
wait_for " 1\. dim 3 .*<- labelled root cause" "the faulty metric ranks first, marked labelled"
wait_for "top 1 by contribution: 1 of the 1 labelled" "the hit is counted"
# braille cells are U+2800..U+28FF: bytes E2 A0..A3 in UTF-8
screen | LC_ALL=C grep -q "$(printf '\342[\240-\243]')" && ok || fail "the chart is braille"
keys j
wait_for "segment 2/2: steps 700-719 \(20\)  labelled dims: 1" "j selects the next segment"
keys k
wait_for "segment 1/2" "k goes back"
keys q
wait_for "$NOEVAL" "q returns to the runs view"
keys j Enter
wait_for "has no evaluation yet: loglab eval $NOEVAL TEST_DATASET" "a run without evaluation says how to make one"
keys q
wait_for "kmeans k 16 pot" "the experiments view shows the detector's parameters"
keys t
wait_for "train again anyway\? \(y/n\)" "t asks first when the last run is current"
keys y
wait_for "done: [0-9-]*-km: detector kmeans, threshold" "t trains a detector from the TUI"
keys q q
wait_for '^ll-prompt\$ *$' "q quits"
finish
