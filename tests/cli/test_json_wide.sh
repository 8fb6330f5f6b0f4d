#!/bin/sh
# A JSON document of a table of names and rows (InfluxDB's chunked answer)
# with very many columns: its names list was checked pair by pair (the
# tree's and the tokens' readings alike), 100,000 names ran for minutes;
# now such a file ends under timeout with the key limit's message, and one
# of 5,000 columns reads as 5,000 columns.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch json-wide
# wide N FILE: two chunks of a series of N columns c0..c(N-1), one row each
wide() {
	awk -v n="$1" 'BEGIN {
		for (k = 0; k < 2; k++) {
			printf "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"cpu\",\"columns\":["
			for (i = 0; i < n; i++) printf "%s\"c%d\"", i ? "," : "", i
			printf "],\"values\":[["
			for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", i + k
			printf "]]}]}]}\n"
		}
	}' >"$2"
}
wide 100000 "$tmp/wide.jsonl"
timeout 60 "$LOGLAB" info "$tmp/wide.jsonl" >/dev/null 2>"$tmp/err"
expect_eq $? 2 "100,000 columns: exit 2, not a hang (124)"
expect_match "$(cat "$tmp/err")" "wide\.jsonl:1: more than [0-9]+ distinct keys" "100,000 columns: the limit, the file and line"
wide 5000 "$tmp/w5k.jsonl"
timeout 60 "$LOGLAB" info "$tmp/w5k.jsonl" >"$tmp/out" 2>"$tmp/err"
expect_eq $? 0 "5,000 columns: $(cat "$tmp/err")"
expect_match "$(cat "$tmp/out")" "^rows: +2$" "5,000 columns: 2 rows"
expect_match "$(cat "$tmp/out")" "^columns: +500[0-9]$" "5,000 columns: its columns"
finish
