#!/bin/sh
# test_help_search_tmux.sh - / n N in the line views (help, fields, notes,
# run comparison), in the real loglab driven in tmux. The help of the
# browser is 145 rows on 80 columns: / there said "search: not available
# in the help view", and finding a key meant paging by eye. Now / finds a
# regex (smart case) and brings its line to the top, its matches
# highlighted; n and N go on, wrapping around the ends with a message; a
# pattern found nowhere is said; the status names the search; at 40x12 the
# wrapped help still finds it. The record view searches its fields too.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin helpsearch
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.000000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/k.log"

tmux_shell 80 24
keys "cd '$tmp' && '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "k\.log  line 1/300 " "the browser"
keys '?'
wait_for "help: browser  lines 1-" "the help"
# the first line that says "undo" comes to the top, its word highlighted
keys / undo Enter
wait_for "help: browser  lines [0-9]+-[0-9]+/[0-9]+  /undo " "the status names the search"
checks=$((checks + 1))
screen | head -n 1 | grep -q "^  u  *Undo the last labelling action" || fail "/undo: the undo key is not at the top: $(screen | head -n 1)"
checks=$((checks + 1))
$T capture-pane -p -e -t t | head -n 1 | grep -q "$(printf '\033')\[[0-9;]*m\(Undo\|undo\)" ||
	fail "/undo: the match is not highlighted"
# n: the next line holding it (the redo key's own line says "undone")
keys n
wait_for "^  <C-r>  *Redo the last undone labelling action" "n goes to the next match"
# N goes back
keys N
wait_for "^  u  *Undo the last labelling action" "N goes back to the previous match"
# a capital makes it case-sensitive: one line holds "Undo the last", and n
# past it wraps around to it again, with a message
keys / 'Undo the last' Enter
wait_for "help: browser  lines [0-9]+-[0-9]+/[0-9]+  /Undo the last " "a case-sensitive search"
keys n
wait_for "search hit BOTTOM, continuing at TOP" "n wraps around at the end"
wait_for "^  u  *Undo the last labelling action" "to the one line that matches"
keys / zzqqx Enter
wait_for "pattern not found: zzqqx" "a pattern found nowhere is said"
# wrapped at 40x12: the line found still comes to the top
$T resize-window -t t -x 40 -y 12
keys / 'Redo the last' Enter
wait_for "^  <C-r>  *Redo the last" "/ at 40x12 brings the line up"
$T resize-window -t t -x 80 -y 24
keys q
wait_for "k\.log  line 1/300 " "back to the browser"
# the record view: its fields searched
keys Enter
wait_for "\[fields\]" "the record's fields"
keys / '^program' Enter
wait_for "record 1  lines [0-9-]+/[0-9]+  /\^program" "/ in the fields view"
checks=$((checks + 1))
$T capture-pane -p -e -t t | grep "kernel" | grep -q "$(printf '\033')\[[0-9;]*mprogram" ||
	fail "the field name matched is not highlighted"
keys q q
wait_for "^exit=0" "q quits"
finish
