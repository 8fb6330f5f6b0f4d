#!/bin/sh
# test_journeys_golden.sh - golden screens of issue 15's fixes, each on a
# small (24x80) and a large (50x200) terminal (loglab --keys ... --dump-screen):
#
#   jy_exps      runs and experiments tables on 80 columns keep the run id /
#   jy_runs      name, the status (stale) and the metrics in view; l shows
#   jy_runs_l    the next columns, the first one stays (item 3)
#   jy_inspect   Enter on an experiment without a run says so, never trains;
#   jy_retrain   t on an experiment whose last run is current asks (item 7)
#   jy_help_exp  help of the experiments and training views: only keys that
#   jy_help_tr   do something there, with what they do there (item 8)
#   jy_cm        the confusion report's class rows on their matrix rows, a
#                class absent from the test part as dashes (item 9)
#   jy_cm_pgdn   PgDn scrolls to the averages on a short screen
#   jy_hits_open Enter on a cell's line opens the run's data file in the
#                browser on that line, from a workspace (item 4)
#   jy_open      :open FILE LINE from the experiments view (item 4)
#   jy_features  the features view with no column regex: every number
#                column, as the build uses (item 5)
#   jy_missing   a dataset whose file is missing is named when the
#                workspace opens (item 10)
#   jy_compare   compare prints sample counts as whole numbers (item 12)
#   jy_params    dropout in the parameters column (item 12)
#   jy_search    the browser's search shows hit i/N (item 12)
# and, checked on the screen rather than compared (its scores follow the
# model's settings): y in the review queue of the sample's kern (classes
# 0/1, a binary target) confirms as 1, journalled as 1 (item 1).
#
# The workspace "sep" has points in well separated clouds (class g only in
# the first 70%), so every model classifies them alike: the screens do not
# change with model settings. Run ids, times and the temporary folder are
# normalised before comparing. Goldens: tests/tui/golden/jy_*.txt
# (LL_GOLDEN_UPDATE=1 rewrites them).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"

[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
SAMPLE="${LL_BUILDDIR:-.}/sample"
[ -f "$SAMPLE/loglab.json" ] || { echo "SKIP: the sample workspace is not built" >&2; exit 77; }
golden_setup

ws=$tmp/sep
mkdir -p "$ws"
# 700 rows: classes a to f everywhere, g only before row 490; clouds 10 apart.
# The noise is the awk's own Park-Miller generator (exact in doubles): rand()
# differs between mawk and gawk, and the screens below hold its numbers.
awk 'function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
BEGIN {
	seed = 11; print "time,x1,x2,x3,label"
	split("a b c d e f g", cls, " ")
	split("0 10 0 10 20 0 20", X, " "); split("0 0 10 10 0 20 20", Y, " ")
	for (i = 0; i < 700; i++) {
		k = i < 490 ? 1 + i % 7 : 1 + i % 6
		printf "2026-03-02T%02d:%02d:00,%.3f,%.3f,%.3f,%s\n", int(i / 60), i % 60, X[k] + rnd() - 0.5, Y[k] + rnd() - 0.5, rnd(), cls[k]
	}
}' >"$ws/points.csv"
cat >"$ws/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"points": {"path": "points.csv"}, "lost": {"path": "gone/points.csv"}},
	"featuresets": {
		"xy": {"dataset": "points", "target": {"kind": "classes", "ordinary": ["a"]},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}, "scale": "zscore", "seed": 1},
		"lost_xy": {"dataset": "lost"}
	},
	"experiments": {
		"mlp": {"featureset": "xy", "model": "mlp", "hidden": [16], "lr": 0.05, "epochs": 30, "batch": 32,
			"dropout": 0.1, "seed": 3},
		"lr": {"featureset": "xy", "model": "logreg", "C": 10, "seed": 1},
		"km": {"featureset": "xy", "model": "kmeans", "k": [2, 8], "seed": 1},
		"fresh": {"featureset": "xy", "model": "logreg", "seed": 2},
		"orphan": {"featureset": "lost_xy", "model": "logreg"}
	}
}
JSON
for e in mlp lr km; do
	if ! (cd "$ws" && "$LOGLAB" train "$e" --quiet >"$tmp/train.out" 2>&1); then
		fail "loglab train $e: $(cat "$tmp/train.out")"
		finish
	fi
	sleep 1 # ids sort by time: one second apart keeps the tables' order fixed
done
MLP=$(cd "$ws/runs" && ls -d *-mlp)

# The days the runs were made (their ids start with them): their times are
# normalised, the data's own dates are not; so is a duration the screen's
# edge cuts (the runs table's time column at 80 columns).
days=$(ls "$ws/runs" | cut -c1-8 | sort -u | sed 's/\(....\)\(..\)\(..\)/\1-\2-\3/' | tr '\n' ' ')
normalise() {
	# Ids and times, also when a narrow column cuts them.
	when=""
	for d in $days; do
		when="$when -e s/$d[T[:blank:]][0-9][0-9]:[0-9][0-9][-+:0-9]*/WHEN/g"
	done
	sed -e "s|$tmp|TMP|g" -e 's/20[0-9]\{6\}-[0-9]\{1,6\}/YYYYMMDD-HHMMSS/g' $when \
		-e 's/\([ (]\)[0-9][0-9]*\.[0-9]s\( \|$\)/\1D.Ds\2/g' -e '/^duration (s)/s/[0-9][0-9]*\.[0-9]/D.D/g' \
		-e '/^[ !*][ !] *YYYYMMDD-HHMMSS-/s/  [0-9][0-9]*\.[0-9]\{0,1\}$/  D.D/'
}

# shot NAME KEYS DIR: the screen at 24x80 (NAME_80) and 50x200 (NAME_200);
# $PRE, when set, is run before each.
shot() {
	for size in 24x80 50x200; do
		[ -n "${PRE:-}" ] && eval "$PRE"
		out="$tmp/$1_${size#*x}.txt"
		if ! (cd "$3" && "$LOGLAB" --keys "$2" --dump-screen "$size" .) >"$out.raw" 2>"$tmp/err"; then
			fail "$1 $size: loglab failed: $(cat "$tmp/err")"
			continue
		fi
		normalise <"$out.raw" >"$out"
		golden_compare "$1_${size#*x}" "$out"
	done
}

# item 3: the tables on 80 columns, and h/l
shot jy_exps '' "$ws"
shot jy_runs 'r' "$ws"
shot jy_runs_l 'rll' "$ws"
# item 7: Enter inspects; t asks before repeating a current run (n: not trained)
shot jy_inspect 'jjj<Enter>' "$ws"
shot jy_retrain 'jtn' "$ws"
# item 8: help per view (the experiments' own keys half a page down)
shot jy_help_exp '?<C-d>' "$ws"
PRE='rm -rf "$ws/runs/"*-fresh' shot jy_help_tr 'jjjt?' "$ws"
rm -rf "$ws/runs/"*-fresh
# item 9: report rows beside their matrix rows; class g absent from the test part
shot jy_cm ":confusion $MLP<Enter>" "$ws"
shot jy_cm_pgdn ":confusion $MLP<Enter><PgDn>" "$ws"
# item 4: a cell's line in the browser, on the run's file, from the
# workspace (no file was opened); :open from any view
shot jy_hits_open ":confusion $MLP<Enter><Enter>j<Enter>" "$ws"
shot jy_open ':open points.csv 500<Enter>' "$ws"
# item 5: no column regex: every number column
shot jy_features 'f' "$ws"
# item 10: the missing dataset, named at open and on its experiment
shot jy_missing 'G' "$ws"
# item 12: counts as whole numbers in compare; dropout among the
# parameters; the search's hit count
shot jy_compare 'r<Space><Space>c' "$ws"
shot jy_params 'llll' "$ws"
shot jy_search ':open points.csv<Enter>/20\.4<Enter>nn' "$ws"

# item 1: the sample's kern (classes 0 and 1, a binary target): y gives 1.
sw=$tmp/sample
mkdir -p "$sw"
cp "$SAMPLE"/loglab.json "$SAMPLE"/*.csv "$SAMPLE"/*.tsv "$SAMPLE"/*.log "$sw"/
(cd "$sw" && "$LOGLAB" train logreg --quiet >"$tmp/train.out" 2>&1) || fail "sample logreg: $(cat "$tmp/train.out")"
SLR=$(cd "$sw/runs" && ls -d *-logreg)
# Each size confirms the first suspect left.
for size in 24x80 50x200; do
	(cd "$sw" && "$LOGLAB" --keys ":review $SLR<Enter>y" --dump-screen "$size" .) >"$tmp/review.txt" 2>&1 ||
		fail "review $size: $(cat "$tmp/review.txt")"
	expect_match "$(tail -1 "$tmp/review.txt")" '^line [0-9]+ confirmed as 1 \(journal' "review $size: y confirms as class 1"
done
checks=$((checks + 1))
[ "$(grep -c '	0	1	review	' "$sw/kern_labelled.tsv.labels")" = 2 ] ||
	fail "the review journalled no two 0 -> 1: $(cat "$sw/kern_labelled.tsv.labels")"
checks=$((checks + 1))
grep -q "root cause" "$sw/kern_labelled.tsv.labels" && fail "the review journalled the class 'root cause'"
# loglab label counts two classes, 0 and 1, no third.
expect_match "$(cd "$sw" && "$LOGLAB" label kern_labelled.tsv 2>&1)" '^  1 +[0-9]+' "loglab label lists class 1"
checks=$((checks + 1))
(cd "$sw" && "$LOGLAB" label kern_labelled.tsv 2>&1) | grep -q "root cause" && fail "loglab label lists a class root cause"

finish
