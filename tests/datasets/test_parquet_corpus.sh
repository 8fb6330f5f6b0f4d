#!/bin/sh
# tests/datasets/test_parquet_corpus.sh - the Parquet reader over Apache's
# parquet-testing files (data/, bad_data/, shredded_variant/), when a git
# copy of that repository is at $PARQUET_TESTING (default: beside the
# project, ../.mirror/apache+parquet-testing/repo); skipped (77) without
# one. Every file reads as a table or is refused with a message that names
# it (exit 2), never a crash; the files with an expected CSV give its rows
# and columns; the damaged files of bad_data/ are refused (one of them,
# dictionary indices of bit width 0, is readable and read).
. "$LL_SRCDIR/tests/lib.sh"

repo=${PARQUET_TESTING:-$LL_SRCDIR/../.mirror/apache+parquet-testing/repo}
if ! git -C "$repo" rev-parse --verify -q HEAD:data >/dev/null 2>&1; then
	echo "SKIP: no parquet-testing repository at $repo" >&2
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-parquet-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

git -C "$repo" archive HEAD data bad_data shredded_variant | tar -x -C "$tmp" || fail "git archive"
read_ok=0
refused=0
for f in $(cd "$tmp" && ls data/*.parquet data/*/*.parquet bad_data/*.parquet shredded_variant/*.parquet); do
	# shell patterns, not grep: 200 files, few processes each
	out=$("$LOGLAB" info "$tmp/$f" 2>&1)
	rc=$?
	checks=$((checks + 1))
	case "$rc:$out" in
	"0:"*"format:   parquet"*) read_ok=$((read_ok + 1)) ;;
	"2:loglab: $tmp/$f: "*Parquet*) refused=$((refused + 1)) ;;
	*) fail "$f: exit $rc: $(printf '%s' "$out" | tail -3)" ;;
	esac
done
echo "parquet-testing: $read_ok read, $refused refused" >&2
expect_eq "$([ "$read_ok" -ge 150 ] && echo many)" many "most files read"
# damaged files refused: a schema element of a corrupt type, a dictionary
# of -1 values, levels that end early, repetition levels that begin inside
# a row, a required column with nulls
for f in PARQUET-1481 ARROW-RS-GH-6229-DICTHEADER ARROW-GH-41321 ARROW-GH-45185 ARROW-RS-GH-6229-LEVELS ARROW-GH-47662; do
	info "$tmp/bad_data/$f.parquet"
	expect_eq "$rc" 2 "$f: refused"
done
expect_match "$out" "column 'flba_field', row group 1, page 1: 100 PLAIN values of 4 bytes in 364 bytes" \
	"the refusal names column, row group, page and problem"

# the files with an expected CSV: its rows and columns
for name in delta_binary_packed delta_byte_array delta_encoding_optional_column delta_encoding_required_column; do
	git -C "$repo" show "HEAD:data/${name}_expect.csv" >"$tmp/$name.csv"
	rows=$(($(wc -l <"$tmp/$name.csv") - 1))
	cols=$(head -1 "$tmp/$name.csv" | tr ',' '\n' | wc -l)
	info "$tmp/data/$name.parquet"
	expect_match "$out" "^rows: +$rows\$" "$name: $rows rows"
	expect_match "$out" "^columns: +$cols\$" "$name: $cols columns"
done
# lists are JSON arrays in text columns named by the list, lists of lists
# arrays of arrays
info "$tmp/data/list_columns.parquet"
expect_match "$out" '^  int64_list +text$' "a list column"
info "$tmp/data/old_list_structure.parquet"
expect_eq "$rc" 0 "a list of lists read"
expect_match "$out" '^  a +text$' "a list of lists named by its list"
# its BROTLI pages each expand 1.6 KiB to 1 GiB: refused as a bomb when the
# build reads BROTLI, by its codec otherwise
info "$tmp/data/large_string_map.brotli.parquet"
expect_eq "$rc" 2 "a map of 1 GiB BROTLI pages refused"
expect_match "$out" 'decompression bomb|BROTLI' "the refusal says why"
finish
