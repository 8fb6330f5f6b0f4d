#!/bin/sh
# tests/cli/test_sparse_records.sh - records of many kinds, as audit and
# security logs write them: each kind has keys of its own, so most columns
# are filled in few rows and the table keeps them sparse (ll_table.c).
# `loglab info` lists every column with its type, and the browser's fields
# view (Enter) of records early, in the middle and last shows each one's
# own values and nothing of the other kinds'.
. "$LL_SRCDIR/tests/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-sparse-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# record i: kind i*7 % 40, keys p<kind>_0..5, even ones numbers i*10+j,
# odd ones text; a third of the records have a response
awk 'BEGIN {
	for (i = 0; i < 4000; i++) {
		k = (i * 7) % 40
		printf "{\"time\":\"2024-05-01T%02d:%02d:%02dZ\",\"kind\":\"Op%d\",\"host\":\"h%d\",\"params\":{", i / 3600, i / 60 % 60, i % 60, k, i % 5
		for (j = 0; j < 6; j++)
			printf "%s\"p%d_%d\":%s", j ? "," : "", k, j, j % 2 ? "\"t" i "_" j "\"" : i * 10 + j
		printf "}%s}\n", i % 3 ? "" : ",\"response\":{\"status\":" 200 + i % 2 "}"
	}
}' >"$tmp/mixed.jsonl"

info "$tmp/mixed.jsonl"
expect_eq "$rc" 0 "info exit code"
expect_match "$out" '^rows: +4000$' "every record a row"
expect_match "$out" '^columns: +244$' "time, kind, host, 40 kinds x 6 keys, response.status"
col_is 'params\.p7_0' number "a kind's number key"
col_is 'params\.p7_1' text "a kind's text key"
col_is 'params\.p39_5' text "the last kind's last key"
col_is 'response\.status' number "a key of a third of the records"

# record 2 (kind 14), record 1999 (kind 33), record 3999 (kind 33): their own
# values first, then the count of empty fields and their names (the other
# kinds' keys)
fields() { # KEYS ROW KIND EMPTY
	screen=$("$LOGLAB" --keys "$1" --dump-screen 300x100 "$tmp/mixed.jsonl" 2>&1)
	expect_eq "$(printf '%s\n' "$screen" | grep -B1 'empty fields)$' | head -1)" "params.p${3}_5     t${2}_5" \
		"record $2: its values come first, its last key last"
	expect_match "$screen" "^\($4 empty fields\)\$" "record $2: the empty fields counted"
	expect_eq "$(printf '%s\n' "$screen" | sed -n '/empty fields)$/,$p' | grep -cE '^params\.p[0-9]+_[0-9]+$')" \
		$(($4 - ($4 == 235 ? 1 : 0))) "record $2: the other kinds' keys listed under the count"
	expect_match "$screen" "^kind +Op$3\$" "record $2: its kind"
	expect_match "$screen" "^params\.p${3}_0 +$(($2 * 10))\$" "record $2: its first key"
	expect_match "$screen" "^params\.p${3}_5 +t${2}_5\$" "record $2: its last key"
	other=$(printf '%s\n' "$screen" | grep -E '^params\.p[0-9]+_[0-9]+ +[^ ]' | grep -vcE "^params\.p${3}_")
	expect_eq "$other" 0 "record $2: no value under another kind's key"
}
fields 'jj<Enter>' 2 14 235
fields ':2000<Enter><Enter>' 1999 33 235
fields 'G<Enter>' 3999 33 234
finish
