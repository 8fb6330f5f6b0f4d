#!/bin/sh
# test_tail_table_tmux.sh - a table open in the real loglab binary follows
# its file as it grows (tail mode for tables), driven in tmux: a CSV time
# series as a sampler writes it (rows appended; a row in two writes; a
# row whose number is a word: missing, said once; a filter, a search and
# :TIME taking new rows in; a burst of 100000 rows; binary junk, then rows
# again; copytruncate), and JSON Lines (new records, a key the table has
# no column for, said once; rotation). Text logs: test_tail_tmux.sh.
# Nothing here is timed: every check polls the screen until it shows what
# is expected (tmux_lib.sh's bounded wait), the file having been changed
# before.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
tmux_begin tailtable

# CSV rows FROM..TO of a sampler, one a second
rows() {
	awk -v a="$1" -v b="$2" 'BEGIN { for (i = a; i <= b; i++)
		printf "2026-03-%02dT%02d:%02d:%02d,%d.5,%d,node%d\n", 2 + int(i / 86400), int(i / 3600) % 24, int(i / 60) % 60,
			i % 60, i % 100, i * 10, i % 4 }'
}
{ echo "time,cpu,mem,host"; rows 1 20; } >"$tmp/m.csv"

tmux_shell 130 20
keys "cd '$tmp' && '$LOGLAB' m.csv; echo \"exit=\$?\"" Enter
wait_for "m\.csv  line 1/20 " "the table is browsed"

# --- appended rows: the cursor on the last row follows them ------------------------
keys G
wait_for "m\.csv  line 20/20 " "G goes to the last row"
rows 21 22 >>"$tmp/m.csv"
wait_for "m\.csv  line 22/22 \+2 rows" "two appended rows join, the cursor follows, +2 rows said"
wait_for "^2026-03-02 00:00:22  22\.5  220  node2" "the last row on screen, typed as the columns"

# --- a row written in two parts is one row -----------------------------------------
printf '2026-03-02T00:00:23,23' >>"$tmp/m.csv"
printf '.5,230,node3\n' >>"$tmp/m.csv"
wait_for "m\.csv  line 23/23 " "the row joins once whole"
wait_for "^2026-03-02 00:00:23  23\.5  230  node3" "its cells whole"

# --- a cell of the wrong type: missing, said once -----------------------------------
echo "2026-03-02T00:00:24,busy,240,node0" >>"$tmp/m.csv"
wait_for "m\.csv  line 24/24 " "the row of a word where a number goes joins"
wait_for "1 cell of rows appended since it was opened did not read as their column's type \(first: line 25, column 'cpu'" "the message line says the cell did not fit"
wait_for "^2026-03-02 00:00:24 +240  node0" "the cell is missing, the others read"

# --- a filter and :TIME take new rows in ---------------------------------------------
keys '&' node3 Enter
wait_for "filtered: 6 of 24" "the filter holds the rows of node3"
rows 25 31 >>"$tmp/m.csv"
wait_for "filtered: 8 of 31" "new rows of node3 join the filter"
keys '&' Enter
keys : 00:00:30 Enter
wait_for "m\.csv  line 30/31 " ":TIME finds a row that came later"
keys g / 'node3$' Enter n n n n n n n
wait_for "m\.csv  line 31/31 " "a search's hits take in the rows that came later"

# --- a burst of 100000 rows joins over a few refreshes, followed ---------------------
keys G
wait_for "m\.csv  line 31/31 " "G goes to the last row"
rows 32 100031 >>"$tmp/m.csv"
wait_for "m\.csv  line 100031/100031 " "every row of the burst joins, the cursor on the last"
wait_for "^2026-03-03 03:47:11  31\.5  1000310  node3" "the last row on screen"

# --- binary junk appended, then rows again: no crash, the rows join ---------------------
printf '\177ELF\002\001\001\000\000,\000\377,\376,\001,\n\000\000\000\000\n' >>"$tmp/m.csv"
rows 100032 100032 >>"$tmp/m.csv"
wait_for "m\.csv  line 100033/100033 " "the rows after the junk join (a junk line of more fields than the table is skipped, one of fewer is a row of what fits)"
wait_for "^2026-03-03 03:47:12  32\.5  1000320  node0" "the row after the junk reads"

# --- copytruncate: the rows read stay -------------------------------------------------
: >"$tmp/m.csv"
wait_for "m\.csv  line 100033/100033 TRUNCATED: rows read kept, :open it again" "the status says the table was truncated"
wait_for "m\.csv was truncated in place .*its 100033 rows read so far stay" "the message says so"
keys q
wait_for "^exit=0" "q quits normally"

# --- JSON Lines: new records, a new key, rotation ---------------------------------------
printf '{"ts":"2026-03-02T06:00:01Z","level":"info","ms":12}\n{"ts":"2026-03-02T06:00:02Z","level":"warn","ms":30}\n' >"$tmp/e.jsonl"
keys "clear; '$LOGLAB' e.jsonl; echo \"exit=\$?\"" Enter
wait_for "e\.jsonl  line 1/2 " "the records are browsed"
keys G
printf '{"ts":"2026-03-02T06:00:03Z","level":"error","ms":7,"trace":"ab12"}\n' >>"$tmp/e.jsonl"
wait_for "e\.jsonl  line 3/3 \+1 row" "the record joins, the cursor follows"
wait_for "have 1 key the table has no column for \(trace; first: line 3\)" "the new key is said once"
wait_for "2026-03-02 06:00:03 +error +7" "the record's known keys read"
mv "$tmp/e.jsonl" "$tmp/e.jsonl.1"
printf '{"ts":"2026-03-02T07:00:00Z","level":"info","ms":1}\n' >"$tmp/e.jsonl"
wait_for "e\.jsonl  line 3/3 ROTATED: rows read kept" "the status says it was rotated"
wait_for "e\.jsonl was rotated \(now e\.jsonl\.1; .*its 3 rows read so far stay" "the message says so"
keys q
wait_for "^exit=0" "q quits normally"
finish
