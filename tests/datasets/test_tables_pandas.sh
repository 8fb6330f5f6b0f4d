#!/bin/sh
# tests/datasets/test_tables_pandas.sh - tables pandas and numpy write,
# read back cell by cell (tables_pandas.py, table_dump): to_csv in its
# variants, to_json in each orient loglab reads, to_excel (.xlsx, .ods),
# numpy.savetxt and numpy.save, each compared with what was written.
# Skipped (77) without a python3 that has pandas, openpyxl and odfpy.
# LL_TABLES_SEEDS="COUNT FIRST" runs another set.
. "$LL_SRCDIR/tests/lib.sh"

# the modules found, not imported (an import took ~1 s of CPU, and the
# files pandas writes may come from LL_REFCACHE)
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import importlib.util as u, sys
sys.exit(not all(u.find_spec(m) for m in ("numpy", "pandas", "openpyxl", "odf")))' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "SKIP: no python3 with pandas, openpyxl and odfpy" >&2; exit 77; }
dump=$LL_BUILDDIR/tests/datasets/table_dump
[ -x "$dump" ] || dump=./tests/datasets/table_dump
scratch tables-pandas

set -- ${LL_TABLES_SEEDS:-40 0}
out=$(timeout 600 "$py" "$LL_SRCDIR/tests/datasets/tables_pandas.py" "$dump" "$tmp" "$1" "$2" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -20
expect_eq "$rc" 0 "every cell read as pandas and numpy wrote it"
expect_match "$out" "^$(($1 * 5)) files, 0 differ\$" "the summary"
finish
