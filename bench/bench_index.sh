#!/bin/sh
# bench_index.sh - line index speed and memory against `wc -l` and lnav.
#
# usage: bench/bench_index.sh [BUILDDIR]     (BUILDDIR holds bench/bench_index
#        and bench/gen_syslog; default: $LL_BUILDDIR or the current directory)
#
# Generates a 1 GiB syslog-style file in ${TMPDIR:-/tmp} (kept between runs
# while its size is right) and its first 100 MiB of whole lines, warms the
# page cache, and prints one table. `wc -l` and loglab's foreground index
# build (all cores, and one part on one core) take turns REPS times (default
# 7) on each file, so a burst of load from other users hits them alike; each
# row is the run with the best wall time, with the CPU seconds of that run
# (wait4) and the peak RSS over all runs (/usr/bin/time -v). lnav runs once
# on the 100 MiB file (and on the GiB with LNAV_FULL=1: about 30 s).
# The last lines are one verdict per target of issue 18: index <= 1.2x
# `wc -l` on 1 GiB and on 100 MiB. Not part of `make check`.
set -eu

BUILDDIR=${1:-${LL_BUILDDIR:-.}}
GEN=$BUILDDIR/bench/gen_syslog
IDX=$BUILDDIR/bench/bench_index
REPS=${REPS:-7}
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
cat "$FILE" "$PREFIX" >/dev/null
cat "$FILE" "$PREFIX" >/dev/null

WORK=$(mktemp -d "$TMP/bench_index.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# once NAME CMD...: one run of CMD through `bench_index -x` (wall and CPU
# seconds from wait4) inside /usr/bin/time -v (peak RSS). Keeps in
# $WORK/NAME.best the output of the run with the lowest wall time so far
# and in $WORK/NAME.rss the highest peak RSS (KiB).
once() {
	name=$1
	shift
	"$IDX" -x /usr/bin/time -v -o "$WORK/tv" "$@" >"$WORK/out"
	s=$(awk '$1 == "wall_seconds" { print $2 }' "$WORK/out")
	r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/tv")
	if [ ! -f "$WORK/$name.best" ] ||
		awk -v a="$s" -v b="$(awk '$1 == "wall_seconds" { print $2 }' "$WORK/$name.best")" 'BEGIN { exit !(a < b) }'; then
		cp "$WORK/out" "$WORK/$name.best"
	fi
	old=$(cat "$WORK/$name.rss" 2>/dev/null || echo 0)
	[ "$r" -gt "$old" ] && echo "$r" >"$WORK/$name.rss"
	return 0
}
get() { awk -v k="$2" '$1 == k { print $2 }' "$WORK/$1.best"; }
lines_of() { awk 'NR == 1 && $1 ~ /^[0-9]+$/ { print $1; exit } $1 == "lines" { print $2; exit }' "$WORK/$1.best"; }

row() {  # tool file name ratio-to
	n=$3
	awk -v t="$1" -v f="$2" -v l="$(lines_of "$n")" -v s="$(get "$n" wall_seconds)" -v c="$(get "$n" cpu_seconds)" \
		-v r="$(cat "$WORK/$n.rss")" -v b="$(get "$4" wall_seconds)" -v bc="$(get "$4" cpu_seconds)" 'BEGIN {
		printf "| %-22s | %-7s | %9d | %7.3f | %7.3f | %7.2f M | %7.2fx | %7.2fx | %8.1f MB |\n",
			t, f, l, s, c, l / s / 1e6, s / b, c / bc, r / 1024 }'
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "machine: $(uname -m), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $LOAD0"
echo "files: $FILE ($SIZE bytes) and its first 100 MiB; page cache warm; best wall of $REPS interleaved runs"
echo

i=0
while [ "$i" -lt "$REPS" ]; do
	for f in g m; do
		[ $f = g ] && path=$FILE || path=$PREFIX
		once "wc_$f" wc -l "$path"
		once "ix_$f" "$IDX" "$path"
		once "ix1_$f" "$IDX" -p 1 "$path"
	done
	i=$((i + 1))
done
"$IDX" -b "$FILE" >"$WORK/bg"
BG_FIRST=$(awk '$1 == "first_50_lines_ms" { print $2 }' "$WORK/bg")

echo "| tool                   | file    |     lines |  wall s |   CPU s |  lines/s | wall vs wc | CPU vs wc | peak RSS |"
echo "|------------------------|---------|----------:|--------:|--------:|---------:|--------:|--------:|---------:|"
row "wc -l" "1 GiB" wc_g wc_g
row "loglab index" "1 GiB" ix_g wc_g
row "loglab index, 1 thread" "1 GiB" ix1_g wc_g
row "wc -l" "100 MiB" wc_m wc_m
row "loglab index" "100 MiB" ix_m wc_m
row "loglab index, 1 thread" "100 MiB" ix1_m wc_m
if [ "$HAVE_LNAV" = 1 ]; then
	# lnav headless: -n (no curses), load the file, count its messages.
	LNAV_V=$(lnav -V | awk '{ print $2 }')
	once lnav_m lnav -n -c ';SELECT count(*) FROM all_logs' "$PREFIX"
	sed -i '1d' "$WORK/lnav_m.best"  # lnav prints a header line, then the count
	row "lnav $LNAV_V" "100 MiB" lnav_m wc_m
	if [ "${LNAV_FULL:-0}" = 1 ]; then
		once lnav_g lnav -n -c ';SELECT count(*) FROM all_logs' "$FILE"
		sed -i '1d' "$WORK/lnav_g.best"
		row "lnav $LNAV_V" "1 GiB" lnav_g wc_g
	fi
else
	echo "| lnav                   | (not installed: apt-get install lnav)"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
IXB=$(awk '$1 == "index_bytes_per_line" { print $2 }' "$WORK/ix_g.best")
echo "loglab index: $IXB bytes of index per line on the GiB; peak RSS is the index, two 128 KiB read"
echo "  buffers and the program (the file is mapped but the scan reads it with pread); background"
echo "  mode shows the first 50 lines after $BG_FIRST ms."
for f in g m; do
	[ $f = g ] && label="1 GiB" || label="100 MiB"
	if [ "$(lines_of "ix_$f")" != "$(lines_of "wc_$f")" ]; then
		echo "target index <= 1.2x wc -l on $label: WRONG (loglab counted $(lines_of "ix_$f") lines, wc $(lines_of "wc_$f"))"
		continue
	fi
	awk -v a="$(get "ix_$f" wall_seconds)" -v b="$(get "wc_$f" wall_seconds)" -v l="$label" -v ld="$LOAD0" \
		'BEGIN { r = a / b; printf "target index <= 1.2x wc -l on %s: %s (%.2fx wall, load %s)\n", l, r <= 1.2 ? "met" : "NOT met", r, ld }'
done
