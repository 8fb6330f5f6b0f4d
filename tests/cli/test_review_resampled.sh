#!/bin/sh
# test_review_resampled.sh - `loglab review RUN` of a run whose samples
# group rows (1 s rows down-sampled to 1 min) queues the samples the TUI's
# review view queues (one rule, ds_pred_label_suspect): not the minutes the
# run itself labelled oom (the recipe's "any" rule) though each is traced
# to its first row, second 0, labelled normal; only the minute that looks
# like an incident and is labelled normal throughout. The text, --json and
# --confirm say that a line stands for its sample and that a confirm
# relabels that row only.
. "${LL_SRCDIR:-.}/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read JSON" >&2; exit 77; }
scratch revrs
L() { timeout 120 "$LOGLAB" "$@"; }

# 2 h of seconds; an oom incident at seconds 30-39 of minutes 3, 13, ...;
# minute 95 (11:35) as loaded as an incident for its first 10 s, labelled normal
W=$tmp/ws
mkdir -p "$W"
oom_minutes_ws "$W" hidden
out=$(L train lr -w "$W" --quiet 2>&1); expect_eq $? 0 "train lr: $out"
RUN=$(ls "$W/runs" | grep -- '-lr$')
# the run labelled 12 minutes oom, each traced to a row labelled normal
noom=$(awk -F'\t' 'NR > 1 && $4 == "oom" { n++; if ((($2 - 1) % 60) != 0) bad++ } END { print n + 0, bad + 0 }' "$W/runs/$RUN/predictions.tsv")
expect_eq "$noom" "12 0" "12 oom minutes, each from its minute's first row"

out=$(L review "$RUN" -w "$W" --json --top 0 2>&1)
expect_eq $? 0 "review --json"
q=$(printf '%s\n' "$out" | python3 -c "
import json, sys
j = json.load(sys.stdin)
print(j['queued'], ' '.join(str(i['row']) for i in j['items']), j.get('samples_group_rows'))")
# the one suspect: minute 95's first row, 95 * 60 + 1 (the file's line 5702)
expect_eq "$q" "1 5701 True" "the queue is minute 11:35 alone, and says its samples group rows"

out=$(L review "$RUN" -w "$W" 2>&1)
expect_eq $? 0 "review"
expect_match "$out" "^review queue of $RUN: 1 lines labelled ordinary" "the text counts 1 line"
expect_match "$out" "> +5701 .*2026-12-06 11:35:00" "the line of minute 11:35"
expect_no_match "$out" "> +[0-9]+ .*2026-12-06 1[01]:[0-5]3:00" "no oom minute"
expect_match "$out" "samples group rows.*first row" "the text says a line stands for its sample"
expect_match "$out" "relabels that row only" "and what a confirm labels"

# a confirm relabels the row given (the sample's first), and says so
out=$(L review "$RUN" -w "$W" --confirm 5701 --class oom 2>&1)
expect_eq $? 0 "confirm 5701: $out"
expect_match "$out" "^confirmed: 1 row as class oom" "confirm"
expect_match "$out" "only the rows given.*the other rows of their samples keep their labels" "confirm says what it labelled"
q=$(L review "$RUN" -w "$W" --json --top 0 2>&1 | python3 -c "import json, sys; print(json.load(sys.stdin)['queued'])")
expect_eq "$q" 0 "decided: the queue is empty"
out=$(L review "$RUN" -w "$W" --confirm 5701 --json 2>&1)
expect_match "$out" '"samples_group_rows": true' "confirm --json says the samples group rows"
finish
