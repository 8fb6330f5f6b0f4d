#!/bin/sh
# test_messages_tmux.sh - :messages, in the real loglab driven in tmux. The
# message line is one row: on 80 columns a label refused for an unwritable
# journal ended "cannot open the label journal for writing: No such fi>",
# its cause and remedy cut, and the next key cleared it for good. Now
# :messages (from any view) lists the messages shown so far, newest
# first, each whole (wrapped), and / searches them; a message repeated at
# once is kept once.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin messages
mkdir -p "$tmp/ro"
awk 'BEGIN { for (i = 1; i <= 50; i++) printf "Mar  2 06:%02d:%02d node07 kernel: [%6d.000000] message %d of the day\n", (i / 60) % 60, i % 60, i, i }' >"$tmp/ro/k.log"
# a journal that cannot be opened, even by root: a link into a missing folder
ln -s "$tmp/ro/missing/dir/k.log.labels" "$tmp/ro/k.log.labels"

tmux_shell 80 24
keys "cd '$tmp/ro' && '$LOGLAB' k.log; echo \"exit=\$?\"" Enter
wait_for "k\.log  line 1/50 " "the browser"
keys 1
wait_for "^label not applied: .*>$" "the refusal, cut on the message line"
not_on_screen "picks another" "the remedy is past the edge"
keys 1
wait_for "^label not applied: " "refused again"
keys : messages Enter
wait_for "messages, newest first  lines 1-" ":messages opens the list"
wait_for "^label not applied: " "the newest first"
wait_for "^  .*(:journal PATH picks another$|file\))" "the message whole, wrapped"
checks=$((checks + 1))
n=$(screen | grep -c "^label not applied: ")
[ "$n" = 1 ] || fail "the same message twice in a row is listed $n times"
keys / 'journal for writing' Enter
wait_for "  /journal for writing " "/ searches the messages"
keys q
wait_for "k\.log  line 1/50 " "q: back to the browser"
keys q
wait_for "^exit=0" "q quits"
finish
