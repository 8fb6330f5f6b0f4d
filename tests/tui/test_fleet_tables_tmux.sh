#!/bin/sh
# test_fleet_tables_tmux.sh - a fleet of table files (two hosts' CSVs in
# their folders) browsed in the real loglab binary in tmux: the merged rows
# in time order with host and file columns, the status naming files and
# hosts, H (only the current row's host, again: all), ] (the next row of
# the host), and a label key writing the row's own file's journal on the
# file's own row number.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin fleet-tables
mkdir -p "$tmp/fleet/web1" "$tmp/fleet/web2"
# web1 at :00, :20, :40...; web2 at :10, :30...: the rows alternate
for h in 1 2; do
	{
		echo "time,cpu,label"
		i=0
		while [ $i -lt 20 ]; do
			s=$((i * 20 + (h - 1) * 10))
			lab=normal
			[ $i -eq 15 ] && lab=oom
			printf '2024-01-01 00:%02d:%02d,%d.5,%s\n' $((s / 60)) $((s % 60)) $((h * 100 + i)) $lab
			i=$((i + 1))
		done
	} >"$tmp/fleet/web$h/metrics.csv"
done

tmux_shell 120 20

keys "cd '$tmp' && '$LOGLAB' fleet" Enter
wait_for "line 1/40  2 files, 2 hosts" "status: rows, files and hosts of the fleet of tables"
wait_for "^label +time +cpu +label +host +file" "header: the columns, then host and file"
wait_for "^normal +2024-01-01 00:00:00 +100.5 +normal +web1 +web1/metrics.csv" "first row: web1's first"
wait_for "^normal +2024-01-01 00:00:10 +200.5 +normal +web2 +web2/metrics.csv" "second row: web2's first"

keys j H
wait_for "host web2: 20 lines " "H keeps web2's 20 rows"
keys H
wait_for "line 2/40  2 files" "H again shows every row"
keys ']'
wait_for "line 4/40 " "] goes to web2's next row"

# row 4 is web2's second row: its own journal records it as its row 2 (1-based)
keys 1
wait_for "labelled line 4 as oom, saved" "a label key on a fleet of tables (1: its first class after normal)"
checks=$((checks + 1))
grep -q "	2:[0-9a-f]*	normal	oom	key	" "$tmp/fleet/web2/metrics.csv.labels" 2>/dev/null ||
	fail "web2/metrics.csv.labels records its row 2: $(cat "$tmp/fleet/web2/metrics.csv.labels" 2>&1)"
checks=$((checks + 1))
[ ! -e "$tmp/fleet/web1/metrics.csv.labels" ] || fail "web1 got a journal"

keys q
wait_for '^ll-prompt\$' "q quits"
finish
