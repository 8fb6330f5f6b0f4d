#!/bin/sh
# test_hits_resampled_tmux.sh - the hits view of a run trained on
# down-sampled rows (1 s -> 1 min) shows each sample's label as the run
# computed it (a minute holding 10 s of "oom" is oom by the recipe's "any"
# rule) and the minute it spans, not the label of the minute's first row
# (normal here, as every incident starts at second 30); nor does the review
# queue take those minutes for ordinary ones scored root cause, in the TUI
# or from `loglab review RUN`.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin hitsrs
ws=$tmp/ws
mkdir -p "$ws"
oom_minutes_ws "$ws"
(cd "$ws" && "$LOGLAB" train lr --quiet >"$tmp/train.out" 2>&1) || fail "train lr: $(cat "$tmp/train.out")"
RUN=$(cd "$ws/runs" && ls -d *-lr)
# `loglab review RUN` queues what the TUI's review view queues below:
# none of the oom minutes (one rule, ds_pred_label_suspect)
q=$(cd "$ws" && "$LOGLAB" review "$RUN" --json --top 0 2>&1)
checks=$((checks + 1))
printf '%s\n' "$q" | grep -Eq '"queued":[[:space:]]*0,' || fail "loglab review $RUN: not the TUI's empty queue: $(printf '%s' "$q" | head -c 300)"

tmux_shell 100 20
keys "cd '$ws' && '$LOGLAB' m.csv" Enter
wait_for "m\.csv  line 1/7200 " "the browser"
keys : "confusion $RUN" Enter
wait_for "true normal, predicted normal" "the confusion view"
keys Down Right
wait_for "true oom, predicted oom: 6 " "the oom cell"
keys Enter
wait_for "run label +span +text of the first line of the 6 samples of true oom" "the hits view says what a line stands for"
wait_for "^ +[0-9]+ +[01]\.[0-9]+ oom +11:[0-5]3-11:[0-5]4 +2026-12-06 11:[0-5]3:00 .* normal *$" "a minute of oom, whose first row is normal"
not_on_screen "^ *[0-9][0-9]*  *[01]\.[0-9]*  *normal " "no oom sample shown as normal"
# the review queue (ordinary lines scored root cause) has none of them:
# the run trained on those minutes as oom
keys q
keys : "review $RUN" Enter
wait_for "review $RUN: 0 ordinary lines scored root cause" "the oom minutes are no suspects"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits"
finish
