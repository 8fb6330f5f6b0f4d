#!/bin/sh
# test_workspace_tmux.sh - the workspace views on a temporary workspace of
# real data (SMD machine-1-6 test metrics with their labels, a real dstat
# file): golden screens of the experiments, training, features and help
# views (loglab --keys ... --dump-screen), hyper-parameter edits written to
# loglab.json (and a bad one refused, the file unchanged), then tmux runs of
# the real terminal: `loglab` with no argument in the workspace opens the
# experiments, a long training keeps the UI responsive, and c + y cancels it
# ("cancelled" on screen and in the run's run.json).
#
# Goldens: tests/tui/golden/ws_*.txt (LL_GOLDEN_UPDATE=1 rewrites them).
# Screens are normalised before comparing: the workspace folder becomes WS,
# the data folder DATA, run ids (they hold the time) RUNID, speeds and elapsed times N and T.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
need_data

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
	echo "SKIP: the C.UTF-8 locale is missing" >&2
	exit 77
fi

tmp=$(mktemp -d) || exit 99
tmux_setup ws
HOME=$tmp/home
mkdir -p "$HOME"
export HOME
unset XDG_CONFIG_HOME NO_COLOR LOGLAB_ASCII
LC_ALL=C.UTF-8
export LC_ALL

D=$(cd "$LL_DATA_DIR" && pwd -P)
WS=$tmp/ws
mkdir -p "$WS"
write_ws() {
	cat >"$WS/loglab.json" <<EOF
{
	"version": 1,
	"datasets": {
		"dstat": {"path": "$D/dstat/pkb_dstat-0.7.2-result.csv", "format": "dstat"},
		"smd": {"path": "$D/smd/csv/machine-1-6_test.csv"}
	},
	"featuresets": {
		"dstat_usr": {"dataset": "dstat", "columns": "usr|1m"},
		"smd_m": {"dataset": "smd", "columns": "^m([1-9]|1[0-9])\$",
			"split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3}, "scale": "zscore"}
	},
	"experiments": {
		"tiny": {"featureset": "smd_m", "model": "mlp", "hidden": [8], "optimizer": "adam", "lr": 0.01,
			"batch": 256, "epochs": 3, "seed": 1},
		"long": {"featureset": "smd_m", "model": "mlp", "hidden": [256, 256, 256], "optimizer": "adam",
			"lr": 0.001, "batch": 16, "epochs": 500, "seed": 1},
		"clusters": {"featureset": "dstat_usr", "model": "kmeans", "k": [2, 4], "seed": 1}
	}
}
EOF
	rm -rf "$WS/runs"
}

normalise() {
	sed -e "s|$WS|WS|g" -e "s|$D|DATA|g" -e 's/20[0-9]\{6\}-[0-9]\{1,6\}-\{0,1\}/RUNID-/g' -e 's/[0-9][0-9.e+]* samples\/s/N samples\/s/' \
		-e 's/elapsed [0-9:]*/elapsed T/'
}

# golden NAME ROWSxCOLS KEYS: a fresh workspace, loglab on its folder.
golden() {
	name=$1 size=$2 keys=$3
	write_ws
	if ! "$LOGLAB" --keys "$keys" --dump-screen "$size" "$WS" >"$tmp/$name.raw" 2>"$tmp/err"; then
		fail "$name: loglab failed: $(cat "$tmp/err")"
		return
	fi
	normalise <"$tmp/$name.raw" >"$tmp/$name.txt"
	golden_compare "$name" "$tmp/$name.txt"
}

# The experiments of the workspace, the first selected.
golden ws_experiments 24x132 ''
# Its keys (matched, not a golden: the help's length follows the request list).
write_ws
help=$("$LOGLAB" --keys '?' --dump-screen 40x100 "$WS" 2>&1)
for k in 't +Train.*\[train\]' 'e +Set.*\[edit\]' 'f +Edit.*\[features\]' 'r +The runs.*\[runs\]'; do
	expect_match "$help" "^  $k" "help lists $k"
done
# Training the tiny MLP to the end (3 epochs on 14,213 training rows).
golden ws_train 30x120 't'
expect_match "$(ls "$WS/runs")" '^[0-9]{8}-[0-9]{6}-tiny$' "the run folder of the TUI's training"
expect_match "$(cat "$WS"/runs/*/run.json)" '"status":[[:space:]]*"done"' "run.json says done"
for f in metrics.json model.llm predictions.tsv; do
	checks=$((checks + 1))
	[ -s "$WS"/runs/*/$f ] || fail "the run has no $f"
done
# The runs appear in the experiments view after training (q back from the training view).
golden ws_after_train 24x132 'tq'
# k-means has no epochs: its training screen says so and where its results are,
# instead of an empty loss chart.
write_ws
out=$("$LOGLAB" --keys 'jjt' --dump-screen 30x120 "$WS" 2>"$tmp/err") || fail "k-means training: $(cat "$tmp/err")"
expect_match "$out" 'done: [0-9-]*clusters: k [2-4]' "the TUI trains k-means to the end"
expect_match "$out" 'k-means fits every k of the range and keeps the best silhouette: no epochs to chart' \
	"the k-means training screen explains the missing chart"
expect_match "$out" 'Enter opens the clusters, the elbow and the silhouettes' "and says where its results are"
checks=$((checks + 1))
case $out in *"loss by epoch"*) fail "k-means's training screen still draws a loss chart" ;; esac
# The feature set of k-means on the real dstat file: 383 rows (awk below), 62 columns.
golden ws_features 40x120 'jjf'
rows=$(awk 'NR > 7' "$D/dstat/pkb_dstat-0.7.2-result.csv" | wc -l)
expect_match "$(normalise <"$tmp/ws_features.raw")" "on dstat: $rows rows x 62 columns" "features view header"
# The statistics of the matched columns, recomputed by awk: usr is field 2,
# 1m field 8 (mean and max; printf %.5g as the view prints them).
usr=$(awk -F, 'NR > 7 { s += $2; if ($2 > m) m = $2; n++ } END { printf "%.5g +%.5g", s / n, m }' \
	"$D/dstat/pkb_dstat-0.7.2-result.csv")
load=$(awk -F, 'NR > 7 { s += $8; if ($8 > m) m = $8; n++ } END { printf "%.5g +%.5g", s / n, m }' \
	"$D/dstat/pkb_dstat-0.7.2-result.csv")
expect_match "$(cat "$tmp/ws_features.raw")" "total cpu usage/usr +383 +0 +${usr%% *} .* ${usr##*+}\$" "usr stats"
expect_match "$(cat "$tmp/ws_features.raw")" "load avg/1m +383 +0 +${load%% *} .* ${load##*+}\$" "1m stats"
# Typing a regex that matches nothing: the build's error inline.
golden ws_features_nomatch 40x120 'jjf<Enter><C-u>zzz<Enter>'
# Down-sampling to 10 s: before/after preview.
golden ws_features_interval 40x120 'jjfj<Enter>10s<Enter>'
# ... each column under its name, on both sides (they were unnamed numbers,
# the first three alone, whatever fitted)
expect_match "$(cat "$tmp/ws_features_interval.raw")" '^ \.\.usage/usr load avg/1m +\.\.usage/usr load avg/1m *$' \
	"the down-sampling preview names its columns"
write_ws
"$LOGLAB" --keys 'jjf<Enter><C-u>usr|sys|idl|1m|5m<Enter>j<Enter>10s<Enter>' --dump-screen 40x80 "$WS" >"$tmp/many.txt" 2>&1
expect_match "$(cat "$tmp/many.txt")" '^before \(383 rows; 3 of 13 columns\) +after mean every 10s' \
	"a preview of more columns than fit says how many it shows"
expect_match "$(cat "$tmp/many.txt")" '^ \.\.usage/usr \.\.usage/sys \.\.usage/idl +\.\.usage/usr' "... and names them"

# e edits a hyper-parameter: saved to loglab.json; a bad value is refused
# with the loader's message and the file stays as it was.
write_ws
"$LOGLAB" --keys 'elr=0.5<Enter>' --dump-screen 24x132 "$WS" >"$tmp/edit.txt" 2>&1
expect_match "$(tail -1 "$tmp/edit.txt")" 'tiny: lr=0.5 saved' "edit message"
expect_match "$(tr -d ' \t\n' <"$WS/loglab.json")" '"tiny":\{[^}]*"lr":0\.5' "lr written to loglab.json"
expect_match "$(tr -d ' \t\n' <"$WS/loglab.json")" '"datasets":\{"dstat"' "key order kept"
cp "$WS/loglab.json" "$tmp/before.json"
"$LOGLAB" --keys 'elr=-1<Enter>' --dump-screen 24x132 "$WS" >"$tmp/bad.txt" 2>&1
expect_match "$(tail -1 "$tmp/bad.txt")" 'experiments\.tiny\.lr' "bad edit names the key path"
checks=$((checks + 1))
cmp -s "$WS/loglab.json" "$tmp/before.json" || fail "a refused edit changed loglab.json"
normalise <"$tmp/bad.txt" >"$tmp/ws_edit_bad.txt"
golden_compare ws_edit_bad "$tmp/ws_edit_bad.txt"

# ---- a real terminal ----
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux missing: the terminal part is skipped" >&2
	finish
fi
write_ws
$T new-session -d -s t -x 120 -y 30 "cd '$WS' && LC_ALL=C.UTF-8 HOME='$HOME' '$LOGLAB'"
checks=$((checks + 1))
poll_screen 'Experiments of' 10 || fail "loglab with no argument in a workspace does not open its experiments: $(screen)"
# The long experiment: training starts, the screen updates while it runs.
keys j t
checks=$((checks + 1))
poll_screen 'epoch [0-9]+/500' 20 || fail "no training progress: $(screen)"
# epoch and batch together: an epoch takes ~0.2 s here, and the report at
# each epoch's end shows its last batch, so the batch alone often repeats
first=$(screen | grep -Eo 'epoch [0-9]+/500 +batch [0-9]+/' | head -1)
sleep 1
second=$(screen | grep -Eo 'epoch [0-9]+/500 +batch [0-9]+/' | head -1)
checks=$((checks + 1))
[ -n "$first" ] && [ "$first" != "$second" ] || fail "the progress does not move ($first, $second)"
# q goes back while the training goes on; the experiments view shows it.
keys q
checks=$((checks + 1))
poll_screen 'long .*training [0-9]+/500' 10 || fail "the experiments view does not show the training: $(screen)"
# t on an experiment that is training shows its training again; c asks,
# y cancels it mid-epoch.
keys t
checks=$((checks + 1))
poll_screen 'Training long' 10 || fail "t did not show the running training: $(screen)"
keys c
checks=$((checks + 1))
poll_screen 'Cancel training long\? \(y/n\)' 5 || fail "no confirmation: $(screen)"
keys y
checks=$((checks + 1))
poll_screen 'cancelled' 20 || fail "no 'cancelled' on screen: $(screen)"
keys Q
i=0
while $T has-session -t t 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
checks=$((checks + 1))
$T has-session -t t 2>/dev/null && fail "loglab did not quit with a training running"
statuses=$(cat "$WS"/runs/*/run.json 2>/dev/null | tr -d ' \t\n' | grep -o '"status":"[a-z]*"' | sort | tr '\n' ' ')
expect_match "$statuses" '"status":"cancelled"' "the interrupted run is marked cancelled"
finish
