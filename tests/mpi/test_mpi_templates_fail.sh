#!/bin/sh
# tests/mpi/test_mpi_templates_fail.sh - `build --templates` over a fleet
# whose glob holds a truncated .gz in the middle: the rank that mines it
# ends the whole job at once (MPI_Abort) with its message naming the file
# and the data error's exit code (2), rather than agreeing on the error
# once every other rank has mined the rest of its share (for a big fleet on
# few ranks, minutes). Alone the same file is the same error, said plainly.
. "${LL_SRCDIR:-.}/tests/lib.sh"
MPI_TIMEOUT=120
. "${LL_SRCDIR:-.}/tests/mpi/mpi_lib.sh"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
S="$LL_BUILDDIR/sample"
for n in 1 2 3 4 5 6; do
	mkdir -p "$tmp/fleet/node$n"
	cp "$S/kern.log" "$tmp/fleet/node$n/kern.log"
	head -2000 "$S/kern.log" | gzip >"$tmp/fleet/node$n/kern.log.1.gz"
done
# node3's rotation cut in half, as a copy interrupted mid-file leaves it
gz=$tmp/fleet/node3/kern.log.1.gz
head -c $(($(wc -c <"$gz") / 2)) "$gz" >"$tmp/half" && mv "$tmp/half" "$gz"
cd "$tmp" || exit 99

"$LOGLAB" build --templates 'fleet/*/kern.log*' --out one >/dev/null 2>"$tmp/e1"
expect_eq "$?" 2 "alone: a data error"
expect_match "$(cat "$tmp/e1")" "^loglab: fleet/node3/kern.log.1.gz: truncated gzip" "alone: the file named"
for np in $(mpi_ranks); do
	mpi_run "$np" "$LOGLAB" build --templates 'fleet/*/kern.log*' --out "many$np" >/dev/null 2>"$tmp/e"
	rc=$?
	expect_eq "$rc" 2 "$np ranks: the data error's exit code"
	expect_match "$(cat "$tmp/e")" "loglab: rank [0-9]+ of $np \\(host [^)]+\\): fleet/node3/kern.log.1.gz: truncated gzip" \
		"$np ranks: the mining rank's message names the file"
	expect_eq "$(grep -c '^loglab:' "$tmp/e")" 1 "$np ranks: said once"
	expect_eq "$(ls "many$np" 2>/dev/null | grep -c templates.tsv)" 0 "$np ranks: no templates written"
done
finish
