#!/bin/sh
# test_results_golden.sh - golden screens of the results views on runs made
# by the real CLI (loglab train) from a COPY of loghub2 BGL_2k.log in a
# temporary workspace: the runs table, the confusion matrix and a cell's
# lines, ROC/PR with the threshold cursor moved (braille and ASCII), the
# comparison of two runs, k-means clusters, training curves, and the review
# queue before and after a confirm and a dismiss. The views are opened from
# the browser with :runs, :confusion RUN, ... (the workspace is found from
# the current folder). Run ids and creation times are replaced by
# YYYYMMDD-HHMMSS / YYYY-MM-DDTHH:MM and durations by D.Ds / D.D before comparing.
# Goldens are tests/tui/golden/res_*.txt (LL_GOLDEN_UPDATE=1 rewrites them).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
need_data

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
golden_setup

ws=$tmp/ws
mkdir -p "$ws"
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$ws/bgl.log"
# Binary target on TF-IDF of the lines (chronological split, a dev part for
# the curves); k-means on mean word vectors, k from 2 to 5.
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"bgl": {"path": "bgl.log"}},
	"featuresets": {
		"bgltext": {"dataset": "bgl", "target": "binary", "text": {"kind": "tfidf", "features": 1024},
			"split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3}, "seed": 1},
		"bglw2v": {"dataset": "bgl", "target": "binary", "text": {"kind": "w2v", "dim": 8, "epochs": 2},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "seed": 1}
	},
	"experiments": {
		"lr": {"featureset": "bgltext", "model": "logreg", "C": 1000, "seed": 1},
		"mlp": {"featureset": "bgltext", "model": "mlp", "hidden": [16], "lr": 0.01, "epochs": 4, "batch": 64,
			"seed": 2},
		"km": {"featureset": "bglw2v", "model": "kmeans", "k": [2, 5], "seed": 1}
	}
}
JSON
for e in lr mlp km; do
	if ! (cd "$ws" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1); then
		fail "loglab train $e: $(cat "$tmp/train.out")"
		finish
	fi
	# Ids sort by time: one second apart keeps the runs table's order fixed.
	sleep 1
done
LR=$(cd "$ws/runs" && ls -d *-lr)
MLP=$(cd "$ws/runs" && ls -d *-mlp)
KM=$(cd "$ws/runs" && ls -d *-km)
labels0=$tmp/labels0
[ -f "$ws/bgl.log.labels" ] && cp "$ws/bgl.log.labels" "$labels0"

# golden NAME ROWSxCOLS KEYS
golden() {
	name=$1 size=$2 keys=$3
	out="$tmp/$name.txt"
	if ! (cd "$ws" && "$DRIVER" "$size" "$keys" bgl.log) >"$out.raw" 2>"$tmp/err"; then
		fail "$name: driver failed: $(cat "$tmp/err")"
		return
	fi
	sed -e 's/[0-9]\{8\}-[0-9]\{6\}/YYYYMMDD-HHMMSS/g' \
		-e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]/YYYY-MM-DDTHH:MM/g' \
		-e 's/ [0-9]*\.[0-9]s  / D.Ds  /g' -e '/^duration (s)/s/[0-9][0-9]*\.[0-9]/D.D/g' "$out.raw" >"$out"
	golden_compare "$name" "$out"
}

golden res_runs 12x150 ':runs<Enter>'
# Space on two runs, c: metrics side by side and the recipe diff.
golden res_compare 40x130 ':runs<Enter>j<Space><Space>c'
# Enter on a classifier: its confusion matrix; the cursor starts on the
# largest error cell (true root cause, predicted ordinary).
golden res_confusion 18x120 ":confusion $LR<Enter>"
# Enter drills into that cell: its lines, highest score first.
golden res_hits 12x140 ":confusion $LR<Enter><Enter>"
# The threshold cursor three scores lower than 0.5, two runs overlaid.
golden res_roc 32x140 ":roc $LR $MLP<Enter><Right><Right><Right>"
LOGLAB_ASCII=1 golden res_roc_ascii 32x100 ":roc $LR<Enter><PgDn>"
# 80 columns: the report beside the matrix lost its f1-score and support
# (no key scrolls there); the matrix on one line, the report below it
golden res_roc_80 24x80 ":roc $LR<Enter><Right>"
golden res_clusters 40x130 ":clusters $KM<Enter>"
# 80 columns hold 3 of the 4 clusters: the status said "clusters 0-3 of 4";
# l shows 1-3, and l again stays there
golden res_clusters_80 24x80 ":clusters $KM<Enter>"
golden res_clusters_80_right 24x80 ":clusters $KM<Enter>ll"
golden res_curves 24x120 ":curves $MLP $LR<Enter>"
golden res_no_run 6x100 ':roc nosuchrun<Enter>'

# The review queue: three alert lines of the test part relabelled ordinary
# after training come back first (the model still scores them root cause).
(cd "$ws" && "$LOGLAB" label bgl.log --rows 1401-1402 --set normal >/dev/null &&
	"$LOGLAB" label bgl.log --rows 1520-1520 --set normal >/dev/null) || fail "loglab label"
golden res_review 18x140 ":review $LR<Enter>"
# y confirms the first (1520, the highest score): a binary target over BGL's
# alert tags, so y asks which tag, and 7 (KERNTERM, the line's own) answers;
# n dismisses the next (1401): 1402 is left.
golden res_review_decided 18x140 ":review $LR<Enter>y7n"
# Reopened: the dismissed line is not asked again.
golden res_review_reopened 10x140 ":review $LR<Enter>"

finish
