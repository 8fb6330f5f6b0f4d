#!/bin/sh
# tests/datasets/test_xls_corpus.sh - the .xls and .xlsb readers over the
# test files of tafia/calamine (a Rust reader of spreadsheets), when a git
# copy of that repository is at $CALAMINE_REPO (default: beside the
# project, ../.mirror/tafia+calamine/repo); skipped (77) without one.
# Every file reads as a table or is refused with a message that names it
# (exit 2), never a crash; the values calamine's tests/test.rs states are
# checked; and, when python3 has xlrd (1.2 reads .xls), every cell of every
# sheet of every .xls is compared with xlrd's (xls_compare.py).
. "$LL_SRCDIR/tests/lib.sh"

repo=${CALAMINE_REPO:-$LL_SRCDIR/../.mirror/tafia+calamine/repo}
if ! git --git-dir="$repo" rev-parse --verify -q HEAD:tests >/dev/null 2>&1; then
	echo "SKIP: no calamine repository at $repo" >&2
	exit 77
fi
dump=$(dirname "$LOGLAB")/tests/datasets/xls_dump
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-xls-corpus-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

for f in $(git --git-dir="$repo" ls-tree -r --name-only HEAD tests | grep -E '\.xlsb?$'); do
	git --git-dir="$repo" show "HEAD:$f" >"$tmp/$(basename "$f")" 2>/dev/null || rm -f "$tmp/$(basename "$f")"
done
read_ok=0
refused=0
for f in $(cd "$tmp" && ls); do
	[ -s "$tmp/$f" ] || continue # a file the copy holds only as a pointer
	out=$("$LOGLAB" info "$tmp/$f" 2>&1)
	rc=$?
	checks=$((checks + 1))
	case "$rc:$out" in
	"0:"*"format:   xls"*) read_ok=$((read_ok + 1)) ;;
	"2:loglab: $tmp/$f: "*) refused=$((refused + 1)) ;;
	"0:"*"format:   lines"*) [ "$f" = too_small.xls ] || fail "$f: read as lines" ;; # a 68-byte text file
	*) fail "$f: exit $rc: $(printf '%s' "$out" | tail -3)" ;;
	esac
done
echo "calamine: $read_ok read, $refused refused" >&2
expect_eq "$([ "$read_ok" -ge 30 ] && echo many)" many "most files read"

# calamine's statements (tests/test.rs), as the CSV export shows them
sheet() { "$dump" "$tmp/$1" ${2:+"$2"} 2>/dev/null; }
expect_eq "$(sheet date.xls)" "$(printf '2021-01-01,15\n2021-01-02,16\n255:10:10,17')" "date.xls"
expect_eq "$(sheet date_1904.xls)" "$(sheet date.xls)" "date_1904.xls: the same days in the 1904 calendar"
expect_eq "$(sheet date.xlsb)" "$(sheet date.xls)" "date.xlsb"
expect_eq "$(sheet date_1904.xlsb)" "$(sheet date.xls)" "date_1904.xlsb"
expect_eq "$(sheet issues.xls issue2)" "$(printf '1,a\n2,b\n3,c')" "issues.xls issue2"
expect_eq "$(sheet issues.xlsb issue2)" "$(printf '1,a\n2,b\n3,c')" "issues.xlsb issue2"
expect_eq "$(sheet issues.xlsb spc_chrs | tail -4)" "$(printf '""""\n☺\n֍\nàâéêèçöïî«»')" "issues.xlsb spc_chrs"
expect_eq "$(sheet issue_182.xlsb)" "$(printf '3\nAb\nfalse')" "issue_182.xlsb formula values"
expect_eq "$(sheet issue_186.xlsb | tr '\n' ' ')" "1.23 12.34 123.45 1234.56 12345.67 " "issue_186.xlsb floats"
expect_eq "$(sheet issue_419.xlsb)" "Hello" "issue_419.xlsb: xl/SharedStrings.bin"
expect_eq "$(sheet xls_wrong_decimals.xls)" "0.525625" "xls_wrong_decimals.xls"
expect_eq "$(sheet issue_271.xls | head -1 | cut -d, -f3)" "yyy_name" "issue_271.xls"
expect_eq "$(sheet xls_formula.xls | tr '\n' ' ')" "10 20 110 65 " "xls_formula.xls cached values"
expect_eq "$(sheet xls_ref_String.xls | tr '\n' ' ')" "aa bb aa bb " "xls_ref_String.xls string formulas"
expect_eq "$(sheet biff5_write.xls | sed -n 2p | cut -d, -f4)" "sheetjs" "biff5_write.xls"
expect_eq "$(sheet sst_continue.xls | sed -n 136p)" "New CONTINUE block" "sst_continue.xls"
expect_eq "$(sheet formula-date-format.xls | tr '\n' ' ')" "2017-02-27 2017-02-28 " "formula-date-format.xls (1904)"
expect_eq "$(sheet xls_cross_sheet_chart.xls Report | head -1)" "HEADER TEXT A1,," "a chart's cells stay its own"
expect_match "$(sheet biff5-rich-text-string.xls | head -1)" "FIELD-CÓRNËTCY No. 5, ZWAGERSHÓÊN" "BIFF5 RSTRING"
expect_match "$(sheet gh548_incorrect_sst_unique_count.xls 'System Level Data')" ",Revised:,11th May 2023," \
	"an SST whose unique count is wrong"
expect_match "$("$LOGLAB" info "$tmp/OOM_alloc3.xls" 2>&1)" "OOM_alloc3.xls: damaged compound file" "OOM_alloc3.xls refused"
expect_match "$("$LOGLAB" info "$tmp/issue_385.xls" 2>&1)" "encrypted \(password-protected\)" "issue_385.xls"
expect_match "$("$LOGLAB" info -f xls:sheet=visible "$tmp/any_sheets.xls" 2>&1)" "rows: +3" "a sheet by name"
expect_match "$("$LOGLAB" info -f xls:sheet=Hidden "$tmp/any_sheets.xls" 2>&1)" "sheet 'Hidden' holds no cells" \
	"a hidden sheet by name"

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import xlrd' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -n "$py" ]; then
	report=$(cd "$tmp" && "$py" "$LL_SRCDIR/tests/datasets/xls_compare.py" "$dump" $(ls *.xls) 2>/dev/null)
	echo "$report" | tail -1 >&2
	expect_match "$(echo "$report" | tail -1)" "cells compared, 0 differ" "every cell as xlrd reads it"
	expect_match "$(echo "$report" | tail -1)" " 0 refused by xlrd only|1 refused by xlrd only" "xlrd reads what loglab reads"
else
	echo "xlrd missing: the cell-by-cell comparison is skipped" >&2
fi
finish
