#!/bin/sh
# bench_index.sh - line index speed and memory against `wc -l` and lnav.
#
# usage: bench/bench_index.sh [BUILDDIR]     (BUILDDIR holds bench/bench_index
#        and bench/gen_syslog; default: the current directory)
#
# Generates a 1 GiB syslog-style file in ${TMPDIR:-/tmp} (kept between runs
# while its size is right), warms the page cache, and prints one table:
# loglab's foreground index build vs `wc -l` on the whole file (best of
# REPS runs, default 5; wall and CPU seconds of each process from wait4),
# and lnav once on the same 1 GiB file and on the whole lines of its first
# 100 MiB (lnav needs about 30 s for the GiB here; LNAV_FULL=0 skips that
# run), with lines/s for every tool so the rows compare. Peak memory is the maximum resident set from
# /usr/bin/time -v. Not part of `make check`.
set -eu

BUILDDIR=${1:-.}
GEN=$BUILDDIR/bench/gen_syslog
IDX=$BUILDDIR/bench/bench_index
REPS=${REPS:-5}
TMP=${TMPDIR:-/tmp}
FILE=$TMP/loglab-bench-1g.log
PREFIX=$TMP/loglab-bench-100m.log
SIZE=1073741824
PSIZE=104857600

for p in "$GEN" "$IDX"; do
	if [ ! -x "$p" ]; then
		echo "bench_index.sh: $p not built (make bench/gen_syslog bench/bench_index)" >&2
		exit 1
	fi
done
if [ ! -x /usr/bin/time ]; then
	echo "bench_index.sh: /usr/bin/time missing (apt-get install time)" >&2
	exit 1
fi
HAVE_LNAV=0
command -v lnav >/dev/null 2>&1 && HAVE_LNAV=1

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

if [ "$(size_of "$FILE")" != "$SIZE" ]; then
	echo "generating $FILE (1 GiB, seed 42)..." >&2
	"$GEN" -s 42 "$SIZE" "$FILE"
fi
# The prefix ends at the last whole line within 100 MiB, so every tool
# counts the same lines.
if [ ! -s "$PREFIX" ] || [ "$FILE" -nt "$PREFIX" ]; then
	head -c "$PSIZE" "$FILE" | sed '$d' >"$PREFIX"
fi
# Warm the page cache so every tool reads from memory.
cat "$FILE" >/dev/null
cat "$FILE" >/dev/null

OUT=$(mktemp "$TMP/bench_index.XXXXXX")
TV=$(mktemp "$TMP/bench_index_time.XXXXXX")
trap 'rm -f "$OUT" "$TV"' EXIT

# run CMD...: runs CMD REPS times through `bench_index -x` (wall and CPU
# seconds from wait4) and /usr/bin/time -v (peak RSS); sets BEST and CPU
# (the fastest run's wall and CPU seconds) and RSS (KiB, max over runs),
# and leaves the last run's output of CMD in $OUT.
run() {
	BEST=
	CPU=
	RSS=0
	n=0
	while [ "$n" -lt "$REPS" ]; do
		"$IDX" -x /usr/bin/time -v -o "$TV" "$@" >"$OUT"
		s=$(awk '$1 == "wall_seconds" { print $2 }' "$OUT")
		c=$(awk '$1 == "cpu_seconds" { print $2 }' "$OUT")
		r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TV")
		if [ -z "$BEST" ] || awk -v a="$s" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then
			BEST=$s
			CPU=$c
		fi
		[ "$r" -gt "$RSS" ] && RSS=$r
		n=$((n + 1))
	done
}

row() {  # tool file lines wall cpu rss ratio
	awk -v t="$1" -v f="$2" -v l="$3" -v s="$4" -v c="$5" -v r="$6" -v q="$7" 'BEGIN {
		printf "| %-14s | %-7s | %9d | %7.3f | %7.3f | %6.2f M | %8s | %8.1f MB |\n",
			t, f, l, s, c, l / s / 1e6, q, r / 1024 }'
}

echo "machine: $(uname -m), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  file: $FILE ($SIZE bytes), best of $REPS runs, page cache warm"
echo

run wc -l "$FILE"
WC_LINES=$(awk 'NR == 1 { print $1 }' "$OUT")
WC_S=$BEST WC_C=$CPU WC_R=$RSS
run "$IDX" "$FILE"
IX_LINES=$(awk '$1 == "lines" { print $2 }' "$OUT")
IX_INNER=$(awk '$1 == "seconds" { print $2 }' "$OUT")
IX_BPL=$(awk '$1 == "index_bytes_per_line" { print $2 }' "$OUT")
IX_S=$BEST IX_C=$CPU IX_R=$RSS
RATIO=$(awk -v a="$IX_S" -v b="$WC_S" 'BEGIN { printf "%.2fx", a / b }')
run "$IDX" -b "$FILE"
BG_FIRST=$(awk '$1 == "first_50_lines_ms" { print $2 }' "$OUT")

run wc -l "$PREFIX"
PWC_LINES=$(awk 'NR == 1 { print $1 }' "$OUT")
PWC_S=$BEST PWC_C=$CPU PWC_R=$RSS
run "$IDX" "$PREFIX"
PIX_LINES=$(awk '$1 == "lines" { print $2 }' "$OUT")
PIX_S=$BEST PIX_C=$CPU PIX_R=$RSS
PRATIO=$(awk -v a="$PIX_S" -v b="$PWC_S" 'BEGIN { printf "%.2fx", a / b }')

echo "| tool           | file    |     lines |  wall s |   CPU s |  lines/s | vs wc -l |    peak RSS |"
echo "|----------------|---------|----------:|--------:|--------:|---------:|---------:|------------:|"
row "wc -l" "1 GiB" "$WC_LINES" "$WC_S" "$WC_C" "$WC_R" "1.00x"
row "loglab index" "1 GiB" "$IX_LINES" "$IX_S" "$IX_C" "$IX_R" "$RATIO"
row "wc -l" "100 MiB" "$PWC_LINES" "$PWC_S" "$PWC_C" "$PWC_R" "1.00x"
row "loglab index" "100 MiB" "$PIX_LINES" "$PIX_S" "$PIX_C" "$PIX_R" "$PRATIO"
if [ "$HAVE_LNAV" = 1 ]; then
	# lnav headless: -n (no curses), load the file, count its messages.
	LNAV_V=$(lnav -V | awk '{ print $2 }')
	REPS_SAVE=$REPS
	REPS=${LNAV_REPS:-1}
	run lnav -n -c ';SELECT count(*) FROM all_logs' "$PREFIX"
	LN_LINES=$(awk 'NR == 2 { print $1 }' "$OUT")
	LN_PS=$BEST
	row "lnav $LNAV_V" "100 MiB" "$LN_LINES" "$BEST" "$CPU" "$RSS" \
		"$(awk -v a="$BEST" -v b="$PWC_S" 'BEGIN { printf "%.1fx", a / b }')"
	if [ "${LNAV_FULL:-1}" = 1 ]; then
		run lnav -n -c ';SELECT count(*) FROM all_logs' "$FILE"
		LN_LINES=$(awk 'NR == 2 { print $1 }' "$OUT")
		row "lnav $LNAV_V" "1 GiB" "$LN_LINES" "$BEST" "$CPU" "$RSS" \
			"$(awk -v a="$BEST" -v b="$WC_S" 'BEGIN { printf "%.1fx", a / b }')"
	fi
	REPS=$REPS_SAVE
else
	echo "| lnav           | (not installed: apt-get install lnav)"
fi
echo
echo "loglab index: $IX_BPL bytes of index per line ($(awk -v b="$IX_BPL" -v l="$IX_LINES" 'BEGIN { printf "%.1f", b * l / 1048576 }') MB for 1 GiB);"
echo "  open + scan inside the process ${IX_INNER} s; background mode shows the first 50 lines after ${BG_FIRST} ms."
echo "  Its peak RSS is the index plus the mapped pages in flight: pages behind the scan are dropped"
echo "  from the mapping (they stay in the page cache)."
if [ "$HAVE_LNAV" = 1 ]; then
	awk -v a="$LN_PS" -v b="$PIX_S" 'BEGIN { printf "lnav vs loglab index on 100 MiB: %.0fx the time\n", a / b }'
fi
awk -v a="$IX_S" -v b="$WC_S" 'BEGIN { r = a / b; printf "target index <= 1.5x wc -l: %s (%.2fx)\n", r <= 1.5 ? "met" : "NOT met", r }'
