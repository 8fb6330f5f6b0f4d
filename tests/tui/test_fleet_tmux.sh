#!/bin/sh
# test_fleet_tmux.sh - a fleet (bench/gen_fleet: 3 hosts, each kern.log,
# kern.log.1 and kern.log.2.gz, over new year, skewed clocks) browsed in
# the real loglab binary in tmux: the header and the host and file columns,
# H and F (only the current line's host or file, again: all), :host and
# :file by name, ] and [ (next and previous line of the same host), and
# tail mode (a line appended to a file shows up at the end, and labelling it
# writes that file's own journal; the cursor on the last row follows the end). Expected rows
# come from the generator's own expected merge order (FILE<TAB>LINE per
# row), never from loglab.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
GEN=$(cd "${LL_BUILDDIR:-.}" && pwd)/bench/gen_fleet
[ -x "$GEN" ] || { echo "SKIP: $GEN not built" >&2; exit 77; }

tmux_begin fleet

F=$tmp/fleet
"$GEN" -s 5 -n 3 -r 2 -l 40 -e "$tmp/expected" "$F" >/dev/null || { fail "gen_fleet failed"; finish; }
n=$(awk 'END { print NR }' "$tmp/expected")
# host of expected row i: the file's folder (the generator writes the same
# name in the syslog header)
awk -F'\t' '{ split($1, p, "/"); print p[1] }' "$tmp/expected" >"$tmp/hosts"
first_file=$(awk -F'\t' 'NR == 1 { print $1 }' "$tmp/expected")
first_host=$(head -n 1 "$tmp/hosts")
n_first_host=$(grep -c "^$first_host\$" "$tmp/hosts")
n_first_file=$(awk -F'\t' -v f="$first_file" '$1 == f' "$tmp/expected" | wc -l | tr -d ' ')
# the second row of the first host, and the first row of node03
next_same=$(awk -v h="$first_host" '$0 == h { k++; if (k == 2) { print NR; exit } }' "$tmp/hosts")
n_node03=$(grep -c '^node03$' "$tmp/hosts")
n_node02_1=$(awk -F'\t' '$1 == "node02/kern.log.1"' "$tmp/expected" | wc -l | tr -d ' ')

tmux_shell 140 20

keys "cd '$tmp' && '$LOGLAB' 'fleet/node0*/kern.log*'" Enter
wait_for "line 1/$n  9 files, 3 hosts" "status: rows, files and hosts of the fleet"
wait_for '^host +file +line' "header with host and file columns"
wait_for "^$first_host +$first_file +[A-Z][a-z][a-z] [ 0-9][0-9] ..:..:.. $first_host " \
	"first row: its host and file, then the line"
screen >"$tmp/first_screen"

# --- H: only the current line's host; again: all -----------------------------
keys H
wait_for "host $first_host: $n_first_host lines " "H keeps the host's $n_first_host lines"
checks=$((checks + 1))
screen | sed -n '2,18p' | grep -v "^$first_host " | grep -q . &&
	{ fail "H: a line of another host on screen"; screen >&2; }
keys H
wait_for "line 1/$n  9 files" "H again shows every line"

# --- F: only the current line's file ----------------------------------------
keys F
wait_for "file $first_file: $n_first_file lines " "F keeps the file's $n_first_file lines"
keys F
wait_for "line 1/$n  9 files" "F again shows every line"

# --- :host and :file by name ------------------------------------------------
keys ":host node03" Enter
wait_for "host node03: $n_node03 lines " ":host node03"
keys ":host" Enter
wait_for "filter cleared" ":host alone clears the filter"
keys ":file node02/kern.log.1" Enter
wait_for "file node02/kern.log.1: $n_node02_1 lines " ":file names a file as the column shows it"
keys ":file" Enter
keys ":host nosuch" Enter
wait_for "no host 'nosuch' in this fleet \\(3 hosts\\)" "an unknown host is named"

# --- ] and [ -----------------------------------------------------------------
keys g
wait_for "line 1/$n " "g"
keys ']'
wait_for "line $next_same/$n " "] goes to row $next_same, the next of host $first_host"
keys '['
wait_for "line 1/$n " "[ goes back to row 1"
keys '['
wait_for "no earlier line of host $first_host" "[ on the first line says so"

# --- tail mode: a line appended to a file while open --------------------------
printf 'Dec 31 23:59:59 node02 kernel: appended-while-open\n' >>"$F/node02/kern.log"
wait_for "/$((n + 1))  9 files" "the appended line is counted"
keys G
wait_for "^node02 +node02/kern.log +Dec 31 23:59:59 node02 kernel: appended-while-open" \
	"the appended line ends the timeline, with its host and file"

# labelling the appended line: the labels are read again with it, and the
# label goes to node02/kern.log's own journal, on its own line number
nl=$(wc -l <"$F/node02/kern.log" | tr -d ' ')
keys 1
wait_for "labelled line $((n + 1)) as 1, saved" "the appended line can be labelled"
checks=$((checks + 1))
grep -q "	$nl:[0-9a-f]*		1	key	" "$F/node02/kern.log.labels" 2>/dev/null ||
	fail "node02/kern.log.labels records line $nl: $(cat "$F/node02/kern.log.labels" 2>&1)"

# --- tail mode: the cursor on the last row follows the end; moved up, stays --
wait_for "line $((n + 1))/$((n + 1)) " "the cursor is on the last row"
printf 'Dec 31 23:59:59 node03 kernel: second-append\n' >>"$F/node03/kern.log"
wait_for "line $((n + 2))/$((n + 2)) " "the cursor on the last row follows the appended line"
wait_for "^ +node03 +node03/kern.log +Dec 31 23:59:59 node03 kernel: second-append" "the new last row is on screen"
keys k
wait_for "line $((n + 1))/$((n + 2)) " "k leaves the end"
printf 'Dec 31 23:59:59 node01 kernel: third-append\n' >>"$F/node01/kern.log"
wait_for "line $((n + 1))/$((n + 3)) " "a cursor not on the last row stays where it is"

keys q
wait_for '^ll-prompt\$' "q quits"
finish
