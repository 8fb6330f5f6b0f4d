#!/bin/sh
# tests/cli/test_journey14.sh - a new user's untuned walk (issue 14) on
# generated data of the shapes public sets have (a CI build log with a
# label file beside it, as labri-progress/cidiff's breakages; a table of
# sensor rows with an anomaly column, as SKAB's):
#  - `build --preview` of a log's feature set that sets no "text" (TF-IDF
#    of its messages, the default the data decides) names the message
#    column; it printed the number statistics' header over no row, since
#    it looked at the recipe given (text "none");
#  - `review` of a table's run (rows, no templates) lists its rows without
#    a "template -1: N lines (no template)" header and without the hint of
#    --template ID, which has no ID to take;
#  - `eval` of a file without labels says there is nothing to measure and
#    where the scores are (it printed "labelled samples 0" alone);
#  - a detector (trained without labels) on a series whose training steps
#    are labelled root cause in part warns that it learns them as normal;
#    on a normal start (chronological split) it says nothing.
. "$LL_SRCDIR/tests/lib.sh"

scratch journey14

W=$tmp/ws
mkdir "$W"
ci_build_log "$W"
# 600 sensor rows: an anomaly where v > 60 from row 40 on, every 5th of
# them labelled 0
awk 'BEGIN { print "datetime;v;w;anomaly"; for (i = 0; i < 600; i++) { v = 40 + (i * 37) % 41; a = v > 60 ? 1 : 0
	if (i < 40) { v = 40 + (i * 37) % 21; a = 0 }
	if (a && i % 5 == 0) a = 0
	printf "2020-03-09 %02d:%02d:%02d;%d;%d;%d\n", 10 + int(i / 3600), int(i / 60) % 60, i % 60, v, (i * 13) % 7, a } }' >"$W/s.csv"
cat >"$W/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"b": {"path": "b.log", "labels": "b.classes"}, "s": {"path": "s.csv"}},
	"featuresets": {"log": {"dataset": "b"}, "tab": {"dataset": "s"},
		"start": {"dataset": "s", "split": {"kind": "chronological", "train": 0.05, "test": 0.95}}},
	"experiments": {"tab": {"featureset": "tab", "model": "logreg", "seed": 1},
		"det": {"featureset": "tab", "model": "detector"}, "det0": {"featureset": "start", "model": "detector"}}
}
JSON
out=$(cd "$W" && "$LOGLAB" build log --preview 2>/dev/null)
expect_match "$out" 'columns matched: 1' "log preview: one column"
expect_match "$(printf '%s\n' "$out" | sed -n '2p')" '^  message$' "log preview: the column is the messages' ($out)"
expect_no_match "$out" 'count +missing +mean' "log preview: no number statistics of a text column"
out=$(cd "$W" && "$LOGLAB" build tab --preview 2>/dev/null)
expect_match "$out" '^  v +600 +0 ' "table preview: number statistics as before"

out=$(cd "$W" && "$LOGLAB" train tab --quiet 2>&1) || fail "train tab: $out"
R=$(cd "$W/runs" && ls -d *-tab)
out=$(cd "$W" && "$LOGLAB" review "$R" --top 3 2>&1)
expect_match "$out" "review queue of $R: [0-9]+ lines labelled ordinary" "table review: a queue ($out)"
expect_match "$out" '  > +[0-9]+  [01]\.[0-9]{4}  (train|test) ' "table review: its rows"
expect_no_match "$out" 'template' "table review: no template header, no --template hint"
expect_match "$out" 'confirm: loglab review' "table review: how to confirm"

cut -d';' -f1-3 "$W/s.csv" >"$W/new.csv"
out=$(cd "$W" && "$LOGLAB" eval "$R" new.csv 2>&1)
expect_match "$out" 'labelled samples 0' "eval unlabelled: no labelled sample ($out)"
expect_match "$out" 'no row has a label: nothing to measure' "eval unlabelled: says so"
expect_match "$out" "results in .*eval-new" "eval unlabelled: where the scores are"
out=$(cd "$W" && "$LOGLAB" eval "$R" s.csv 2>&1)
expect_no_match "$out" 'no row has a label' "eval labelled: no such line"

n1=$(awk -F';' 'NR > 1 && $4 == 1' "$W/s.csv" | wc -l)
out=$(cd "$W" && "$LOGLAB" train det --quiet 2>&1) || fail "train det: $out"
expect_match "$out" "warning: $n1 of the 600 training steps \([0-9.]+%\) are labelled root cause: the detector trains without labels and learns them as normal" \
	"detector on a labelled series: warned ($out)"
out=$(cd "$W" && "$LOGLAB" train det0 --quiet 2>&1) || fail "train det0: $out"
expect_no_match "$out" 'labelled root cause' "detector on the normal start: no warning ($out)"
finish
