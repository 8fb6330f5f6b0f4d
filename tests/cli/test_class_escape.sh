#!/bin/sh
# test_class_escape.sh - class names holding a tab, a newline or a
# backslash (quoted CSV labels "a<TAB>b", "line<LF>next") round-trip
# through a run's predictions.tsv: the writer escapes them as the label
# journal does (\t \n \r \\, core/ll_tsvesc.h) in true, predicted and the
# p_CLASS header, so every line keeps the header's fields, and review,
# eval and runs read the run. On main the names were written raw: the
# header split in two lines and review said "not the header of a run's
# predictions"; eval printed the raw tab and newline in its confusion
# matrix.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch class_escape
L() { timeout 60 "$LOGLAB" "$@"; }
# fields FILE: the distinct tab-field counts of FILE's lines, and its line count
fields() { awk -F'\t' '{ print NF }' "$1" | sort -u | tr '\n' ' '; wc -l <"$1"; }

W=$tmp/w
mkdir "$W"
# four classes by x0; two rows in twenty of class 1 labelled normal, so
# review has normal lines that score high
escaped_classes_ws "$W"
run L train lr --workspace "$W" --id-file "$tmp/id"
expect_eq "$rc" 0 "train on class names with a tab and a newline"
id=$(cat "$tmp/id")
P=$W/runs/$id/predictions.tsv
# 4 classes: 6 fixed fields, 4 probabilities, review, template; 160 samples
expect_eq "$(fields "$P")" "12 161" "predictions.tsv: every line has the header's 12 fields"
head=$(head -n 1 "$P")
expect_match "$head" '	p_a\\tb	' "predictions.tsv: p_NAME header of a<TAB>b escaped"
expect_match "$head" '	p_line\\nnext	' "predictions.tsv: p_NAME header of line<LF>next escaped"
expect_match "$head" '	p_back\\\\slash	' "predictions.tsv: p_NAME header of back\\slash escaped"
expect_match "$(cut -f 4 "$P")" '^a\\tb$' "predictions.tsv: true escaped"
expect_match "$(cut -f 4 "$P")" '^line\\nnext$' "predictions.tsv: a newline in true escaped"

run L review "$id" --workspace "$W"
expect_eq "$rc" 0 "review reads the run's predictions"
expect_no_match "$err" "not the header" "review: predictions.tsv's header is read"
expect_match "$out" "review queue of $id: [0-9]+ lines" "review prints its queue"

run L eval "$id" "$W/t.csv" --workspace "$W"
expect_eq "$rc" 0 "eval of the run"
expect_match "$out" '^    a\\tb  ' "eval: the confusion matrix names a<TAB>b escaped, on one line"
expect_match "$out" '^    line\\nnext  ' "eval: the confusion matrix names line<LF>next escaped, on one line"
expect_match "$out" '^    back\\slash  ' "eval: the confusion matrix names back\\slash"
expect_eq "$(fields "$W/runs/$id/eval-t.csv/predictions.tsv")" "12 161" "eval's predictions.tsv: every line has 12 fields"

run L runs --workspace "$W"
expect_eq "$rc" 0 "runs"
expect_match "$out" "$id .* done " "runs lists the run as done"

finish
