#!/bin/sh
# tests/cli/test_audit_tables.sh - tables and time series in shapes real
# tools write that an audit found misread, each a few rows written here:
# what `loglab info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-audit-tables-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# a database's text export (mysql -B, SELECT ... INTO OUTFILE, COPY TO)
# writes NULL as \N: missing, not text that turns the column to text
{
	printf 'id\tcreated_at\tduration_ms\tstatus\n'
	i=0
	while [ $i -lt 20 ]; do
		d=$((i * 37 % 900 + 1))
		[ $((i % 6)) -eq 0 ] && d='\N'
		printf '%d\t2024-03-14 10:00:%02d\t%s\tok\n' $i $i "$d"
		i=$((i + 1))
	done
} >"$tmp/nulls.tsv"
info "$tmp/nulls.tsv"
expect_eq "$rc" 0 "nulls: info"
expect_match "$out" '^rows: +20$' "nulls: rows"
col_is duration_ms number nulls
col_is created_at time nulls
expect_match "$out" "4 cells such as '.N' \(first: line 2\) in column 'duration_ms' read as missing" "nulls: noted"

finish
