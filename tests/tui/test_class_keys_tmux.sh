#!/bin/sh
# test_class_keys_tmux.sh - two loglab sessions label the same file (a team
# relabelling one log at once, in two tmux sessions here): a class key bound
# in each is saved beside the journal without dropping the other's, and a
# note written into the keys file by hand stays. The second session started
# before the first bound its key, so it never knew of it.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin classkeys
log=$tmp/app.log
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "Dec  6 10:%02d:%02d web01 app[42]: request %d served in %d ms\n", i / 60, i % 60, i, 10 + i % 37 }' >"$log"
n=300

tmux_shell 140 30
second_session 140 30
for s in t u; do
	on_session $s
	wait_for '^ll-prompt\$' "session $s: shell prompt"
	keys "'$LOGLAB' '$log'" Enter
	wait_for "app\.log  line 1/$n " "session $s: the browser"
done

on_session t
keys : 'class disk d' Enter
wait_for "create class 'disk'" "t: :class disk d asks"
keys y
wait_for "d labels as disk" "t: d bound"
expect_match "$(cat "$log.classes")" "^d	disk\$" "t's key saved"
printf '# a note by hand: x is for network trouble\n' >>"$log.classes"

on_session u
keys : 'class net x' Enter
wait_for "create class 'net'" "u: :class net x asks"
keys y
wait_for "x labels as net" "u: x bound"
expect_match "$(cat "$log.classes")" "^d	disk\$" "t's key kept when u saved its own"
expect_match "$(cat "$log.classes")" "^x	net\$" "u's key saved"
expect_match "$(cat "$log.classes")" "^# a note by hand" "the note by hand kept"
expect_eq "$(grep -c '^# loglab class keys' "$log.classes")" 1 "one header"

# u binds d itself: in u's session d is its own, and the file follows
keys : 'class cpu d' Enter
wait_for "create class 'cpu'" "u: :class cpu d asks"
keys y
wait_for "d labels as cpu" "u: d bound to cpu"
expect_eq "$(grep -c '^d	' "$log.classes")" 1 "d bound once in the file"
expect_match "$(cat "$log.classes")" "^d	cpu\$" "u's binding of d saved"
expect_match "$(cat "$log.classes")" "^x	net\$" "x kept"

# a session opened now has every key of the file
keys Q
on_session t
keys Q
wait_for '^ll-prompt\$ *$' "t quits"
keys "'$LOGLAB' '$log'" Enter
wait_for "app\.log  line 1/$n " "t: the browser again"
keys : 3 Enter x
# no line has the class yet: a class lives in the labels, the key in the file
wait_for "create class 'net'" "x asks to create its class"
keys y
wait_for "labelled line 3 as net, saved" "x labels as net in a new session"
keys Q
finish
