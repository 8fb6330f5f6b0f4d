#!/bin/sh
# test_unlabelled_tmux.sh - the browser's "every unlabelled line" bulk label
# (L u CLASS) in the real loglab binary, driven in tmux on a COPY of
# loghub2's Linux_2k.log (no labels of its own): after one line is labelled
# by hand, L u 0 gives every other line the class of key 0 in one undoable
# action, and `loglab label --json` shows the counts on disk.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data

tmux_begin unlabelled
linux_copy
tmux_shell 150 24
keys "'$LOGLAB' '$COPY'" Enter
wait_for "linux\.log  line 1/$n " "browser on the copy"

keys : 3 Enter 1
wait_for "labelled line 3 as 1" "1 labels line 3"
keys L
wait_for "\[u\]nlabelled \($((n - 1))\)" "L offers the unlabelled lines with their count"
keys u 0
wait_for "every unlabelled line: $((n - 1)) lines, $((n - 1)) changed to" "L u 0 labels every unlabelled line"
keys u
wait_for "undone: $((n - 1)) lines restored" "u undoes it as one action"
keys C-r
wait_for "redone: $((n - 1)) lines relabelled" "Ctrl-r redoes it"
keys L u 0
wait_for "no unlabelled line: nothing labelled" "nothing left unlabelled"
keys q
wait_for '^ll-prompt\$ *$' "q quits"

json=$("$LOGLAB" label --json "$COPY")
got1=$(printf '%s\n' "$json" | awk '$1 == "\"1\":" { gsub(/,/, "", $2); print $2 }')
expect_eq "$got1" 1 "one line of class 1 on disk"
total=$(printf '%s\n' "$json" | awk -F: '/"unlabelled"/ { gsub(/[ \t,]/, "", $2); print $2 }')
expect_eq "${total:-0}" 0 "no unlabelled line on disk"
finish
