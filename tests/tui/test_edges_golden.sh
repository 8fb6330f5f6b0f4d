#!/bin/sh
# test_edges_golden.sh - golden screens of inputs nobody tuned the browser
# on, at 80x24 and 40x12: a line of 200 KB ('$' must reach its end, in the
# browser and in the fields view), tabs, control bytes, invalid UTF-8, wide
# characters, combining marks and emoji side by side; a CSV of 300 columns
# (the header marks hidden columns, the status bar says which show), a
# text cell longer than its column (marked too); notes
# longer than the message line (cut with a mark, whole in :notes); field
# names longer than the fields view's column (start and end kept); keys
# that act on a line when none is shown (an empty file, a filter of no
# match) say why they do nothing; a question wider than the screen keeps
# its start and its answers; the labels and templates views fit their
# columns to a 40-column screen; the help wraps its lines there. All
# inputs are generated here.
# Goldens are tests/tui/golden/edge_*.txt (LL_GOLDEN_UPDATE=1 rewrites them).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
golden_setup

# A log of awkward lines; line 2 is 200 KB and ends in "END".
{
	printf '2026-12-06T01:00:00Z INFO svc: start\n'
	printf '2026-12-06T01:00:01Z WARN svc: long '
	awk 'BEGIN { for (i = 0; i < 2000; i++) printf "%0100d", i }'
	printf ' END\n'
	printf '2026-12-06T01:00:02Z INFO svc:\tcol1\tcol2\t\tcol4\n'
	printf '2026-12-06T01:00:03Z ERROR svc: bell\007 cr\r esc\033[31mred del\177 end\n'
	printf '2026-12-06T01:00:04Z INFO svc: bad \377\376 \300\200 \355\240\200 half\342\202 end\n'
	printf '2026-12-06T01:00:05Z INFO svc: \346\227\245\346\234\254\350\252\236 \355\225\234\352\265\255\354\226\264 end\n'
	printf '2026-12-06T01:00:06Z INFO svc: e\314\201 a\314\210\314\201 n\314\203 end\n'
	printf '2026-12-06T01:00:07Z INFO svc: emoji \360\237\230\200 \360\237\232\200 end\n'
	printf '2026-12-06T01:00:08Z INFO svc: %s\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236 end\n' \
		"$(printf '%043d' 0)"
} >"$tmp/edge.log"
awk 'BEGIN { for (c = 0; c < 300; c++) printf "%scol_%d", (c ? "," : ""), c; print ""
	for (r = 0; r < 20; r++) { for (c = 0; c < 300; c++) printf "%s%d", (c ? "," : ""), r * c; print "" } }' \
	>"$tmp/wide.csv"
# units in the header and in every cell: the reader leaves two long notes
printf 'ts, util [%%], mem [MiB], power [W]\n2026/12/06 03:00:00.1, 40 %%, 100 MiB, 70.5 W\n2026/12/06 03:00:05.1, 90 %%, 900 MiB, 240.0 W\n' \
	>"$tmp/units.csv"
: >"$tmp/empty.log"
# a text cell longer than a column may be (40)
printf 'id,msg,n\n1,%s END,5\n2,short,6\n' "$(awk 'BEGIN { for (i = 0; i < 30; i++) printf "word%d ", i }')" \
	>"$tmp/longcell.csv"
# records nested 16 deep: field names (key paths) longer than the fields
# view's name column; and a CSV whose column name is wide characters
awk 'BEGIN { for (r = 0; r < 3; r++) { s = "{\"ts\":\"2026-12-06T01:00:0" r "Z\",\"d\":"; e = ""
	for (d = 0; d < 16; d++) { s = s "{\"k" d "\":" d ",\"n\":"; e = e "}" } print s "\"leaf\"" e "}" } }' \
	>"$tmp/nested.jsonl"
printf 'a,\351\235\236\345\270\270\343\201\253\351\225\267\343\201\204\345\210\227\345\220\215\343\201\247\343\201\231\343\202\210\343\201\255\343\201\210\343\201\243\343\201\246,b\n1,2,3\n' \
	>"$tmp/widename.csv"

# golden NAME ROWSxCOLS KEYS FILE
golden() {
	out="$tmp/$1.txt"
	if ! (cd "$tmp" && "$DRIVER" "$2" "$3" "$4") >"$out" 2>"$tmp/err"; then
		fail "$1: driver failed: $(cat "$tmp/err")"
		return
	fi
	golden_compare "$1" "$out"
}

golden edge_log_80 24x80 '' edge.log
golden edge_log_40 12x40 'jjj' edge.log
golden edge_log_scrolled 24x80 'll' edge.log
golden edge_long_end 8x80 'j$' edge.log
golden edge_fields_end 8x80 'j<Enter>$' edge.log
golden edge_wide_csv 8x80 '' wide.csv
golden edge_wide_csv_end 8x80 '$' wide.csv
golden edge_long_cell 6x80 '' longcell.csv
golden edge_notes_cut 8x40 '' units.csv
golden edge_notes_view 14x40 ':notes<Enter>' units.csv
golden edge_empty_enter 6x60 '<Enter>' empty.log
golden edge_no_match 6x60 '&no such text<Enter>1' edge.log
golden edge_no_match_goto 6x60 '&no such text<Enter>:3<Enter>' edge.log
# a line number past what 64 bits hold is named as typed
golden edge_goto_huge 6x60 ':99999999999999999999999<Enter>' edge.log
golden edge_nested_fields 24x80 '<Enter>' nested.jsonl
golden edge_wide_name_fields 6x80 '<Enter>' widename.csv
# a question wider than the screen keeps its start and its answers
golden edge_question_40 6x40 ':train<Enter>' edge.log
# the labels and templates views at 40 columns: the class and mix
# columns as wide as their texts, so the counts and templates show
cp "$tmp/edge.log" "$tmp/lab.log"
golden edge_labels_40 12x40 '1jj0s' lab.log
golden edge_templates_40 12x40 't' lab.log
# the help at 40 columns: its lines wrap at words, continued rows indented
# (under the keys' column when that leaves half the width, else by two)
golden edge_help_40 12x40 '?' lab.log
golden edge_help_40_end 12x40 '?G' lab.log
finish
