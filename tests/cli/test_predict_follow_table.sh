#!/bin/sh
# predict --follow on a growing table: JSON Lines records are scored by
# their text column as they come (test_predict_text.sh); a CSV is not
# followed line by line (its rows are not its lines: a header above them,
# its text a cell the header names), and a run of a table's numeric
# columns (samples of rows resampled and windowed together) is not either:
# both end at once with a usage error that says why and what to use (they
# used to score whole CSV lines, header included, as text).
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch predict-follow-table
L() { timeout 60 "$LOGLAB" "$@"; }
kern_labelled "$tmp/kern_labelled.tsv"
# the labelled lines as a CSV of a label and a quoted message
awk -F'\t' 'BEGIN { print "label,msg" } { gsub(/"/, "\"\"", $2); printf "%s,\"%s\"\n", $1, $2 }' \
	"$tmp/kern_labelled.tsv" >"$tmp/kern.csv"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/kern.csv" 512
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err"; expect_eq $? 0 "train on the CSV: $(cat "$tmp/err")"
R=$(ls "$W/runs")
L predict "$R" "$tmp/kern.csv" -w "$W" >"$tmp/all" 2>"$tmp/err"
expect_eq $? 0 "predict FILE scores the CSV: $(cat "$tmp/err")"

head -50 "$tmp/kern.csv" >"$tmp/grow.csv"
L predict "$R" --follow "$tmp/grow.csv" -w "$W" >"$tmp/out" 2>"$tmp/err"
expect_eq $? 1 "--follow on a CSV is a usage error, at once"
expect_match "$(cat "$tmp/err")" "grow\.csv: --follow scores log lines and JSON Lines records; a csv table's rows are not its lines .*score it with predict without --follow" \
	"--follow on a CSV says why and what to use"
expect_eq "$(wc -c <"$tmp/out" | tr -d ' ')" 0 "no whole CSV line is scored"

# a run of numeric columns
awk 'BEGIN { print "time,cpu,label"; for (i = 0; i < 200; i++)
	printf "2026-03-02T00:%02d:%02d,%d,%d\n", int(i / 60), i % 60, (i * 37) % 100, (i % 17) == 0 }' >"$tmp/m.csv"
W2=$tmp/ws2
mkdir "$W2"
printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"m\": {\"path\": \"$tmp/m.csv\"}}," \
	'  "featuresets": {"n": {"dataset": "m", "target": "binary", "columns": "^cpu$",' \
	'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"lr": {"featureset": "n", "model": "logreg"}} }' >"$W2/loglab.json"
L train lr -w "$W2" --quiet >/dev/null 2>"$tmp/err"; expect_eq $? 0 "train on numbers: $(cat "$tmp/err")"
R2=$(ls "$W2/runs")
L predict "$R2" --follow "$tmp/m.csv" -w "$W2" >"$tmp/out" 2>"$tmp/err"
expect_eq $? 1 "--follow with a run of numeric columns is a usage error"
expect_match "$(cat "$tmp/err")" "a run of a table's columns scores samples of rows resampled, windowed and scaled together" \
	"--follow with a numeric run says why"
finish
