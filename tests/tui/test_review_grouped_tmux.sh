#!/bin/sh
# test_review_grouped_tmux.sh - confirming a suspect of a run trained on
# down-sampled rows (1 s -> 1 min) in the review view relabels the line
# shown, the minute's first row, and the message says that the other rows
# of the minute keep their labels (as `loglab review --confirm` says); u
# undoes it. The one suspect: minute 95, loaded like an incident for 10 s
# but labelled normal.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin revgrp
ws=$tmp/ws
mkdir -p "$ws"
oom_minutes_ws "$ws" hidden
(cd "$ws" && "$LOGLAB" train lr --quiet >"$tmp/train.out" 2>&1) || fail "train lr: $(cat "$tmp/train.out")"
RUN=$(cd "$ws/runs" && ls -d *-lr)

tmux_shell 120 20
keys "cd '$ws' && '$LOGLAB' m.csv" Enter
wait_for "m\.csv  line 1/7200 " "the browser"
keys : "review $RUN" Enter
wait_for "review $RUN: 1 ordinary line scored root cause" "the hidden minute is the one suspect"
keys y
wait_for "confirmed as oom .*u undoes); the other rows of its sample keep their labels" \
	"the confirm says what it relabelled"
keys u
wait_for "undone: 1 line restored" "u undoes the confirm"
keys Q
wait_for '^ll-prompt\$ *$' "loglab quits"
finish
