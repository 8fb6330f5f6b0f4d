#!/bin/sh
# tests/datasets/test_tables_python.sh - tables Python's csv and json
# modules write, read back cell by cell (tables_python.py, table_dump):
# random CSV files of every delimiter and quoting mode and random JSON
# Lines records, each compared with what was written. Skipped (77)
# without python3. LL_TABLES_SEEDS="NCSV NJSON FIRST" runs another set.
. "$LL_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }
dump=$LL_BUILDDIR/tests/datasets/table_dump
[ -x "$dump" ] || dump=./tests/datasets/table_dump
scratch tables-python

set -- ${LL_TABLES_SEEDS:-150 100 0}
out=$(timeout 600 python3 "$LL_SRCDIR/tests/datasets/tables_python.py" "$dump" "$tmp" "$1" "$2" "$3" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -20
expect_eq "$rc" 0 "every cell read as Python wrote it"
expect_match "$out" "^$1 CSV and $2 JSON Lines files, 0 differ\$" "the summary"
finish
