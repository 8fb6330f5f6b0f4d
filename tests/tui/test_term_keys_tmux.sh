#!/bin/sh
# test_term_keys_tmux.sh - keys whose escape sequence $TERM's entry does not
# list, in the real loglab driven in tmux. With TERM=xterm-256color inside
# tmux (a common set-up), Home and End arrive as ESC [ 1 ~ and ESC [ 4 ~,
# which xterm's entry does not name: ncurses handed over ESC, '[', '1', '~'
# one by one, so Home labelled the line as class 1 (and said "~ is not
# bound"), End did not move. Now such a sequence is read whole: Home and
# End move, a report nobody binds (focus in) does nothing, and Esc alone,
# or Esc then '[' typed apart, are still those keys. The same under
# TERM=screen, whose entry lists them.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
need_data
tmux_begin termkeys
linux_copy
for term in xterm-256color screen; do
	rm -f "$COPY.labels"
	tmux_shell 80 24 TERM=$term
	keys "cd '$tmp' && '$LOGLAB' linux.log" Enter
	wait_for "linux\.log  line 1/$n " "$term: the browser"
	keys C-f
	wait_for "linux\.log  line 23/$n " "$term: a page down"
	keys Home
	wait_for "linux\.log  line 1/$n " "$term: Home goes to the first line"
	keys End
	wait_for "linux\.log  line $n/$n " "$term: End goes to the last line"
	# focus in (ESC [ I): no key, nothing typed
	keys -l "$(printf '\033[I')"
	keys k
	wait_for "linux\.log  line $((n - 1))/$n " "$term: a report is no key"
	not_on_screen "not bound" "$term: no byte of a sequence taken as a key"
	# Esc still cancels a prompt; Esc and '[' apart are two keys
	keys /
	wait_for "^/" "$term: the search prompt"
	keys Escape
	checks=$((checks + 1))
	tries=0
	while screen | grep -q '^/' && [ $tries -lt $((100 * ${LL_WAIT_SCALE:-1})) ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	screen | grep -q '^/' && fail "$term: Esc did not cancel the prompt"
	wait_for "linux\.log  line $((n - 1))/$n " "$term: on the same line"
	checks=$((checks + 1))
	[ -s "$COPY.labels" ] && grep -q "key" "$COPY.labels" && fail "$term: a key labelled a line: $(cat "$COPY.labels")"
	keys Q
	wait_for '^ll-prompt\$ *$' "$term: Q quits"
	tmux_restart
done
finish
