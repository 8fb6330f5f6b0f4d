#!/bin/sh
# bench_fleet.sh - a fleet of rotated kernel logs opened by loglab and by
# lnav: time to the first screen, time to a complete count, peak memory.
#
# usage: bench/bench_fleet.sh [BUILDDIR]   (BUILDDIR holds loglab and
#        bench/gen_fleet; default: $LL_BUILDDIR or the current directory)
#
# The fleet is bench/gen_fleet's: HOSTS hosts (default 25) with kern.log,
# kern.log.1 and the gzip'd kern.log.2.gz and kern.log.3.gz, each file
# BYTES inflated bytes (default 10 MB): 100 files, 1 GB of lines, in
# ${TMPDIR:-/tmp}/loglab-bench-fleet (kept between runs while its
# parameters are the same). Both programs get the same glob of files.
#
#   first screen: the program starts in a private tmux server on a 120x30
#     pane; the time until the pane shows a syslog line (polled every 20 ms),
#     then 'q'. Peak RSS of that run from /usr/bin/time -v.
#   complete count: headless, every row counted: `loglab info GLOB` (rows:)
#     and `lnav -n -c ';SELECT count(*) FROM all_logs' FILES`; wall time and
#     peak RSS from /usr/bin/time -v.
#
# Runs each measurement once (REPS=N for more; the best wall time is kept
# with the largest peak RSS). Prints a Markdown table and the load average
# before and after, for bench/FLEET.md. Not part of `make check`.
set -eu

BUILDDIR=${1:-${LL_BUILDDIR:-.}}
LOGLAB=$BUILDDIR/loglab
GEN=$BUILDDIR/bench/gen_fleet
HOSTS=${HOSTS:-25}
BYTES=${BYTES:-10000000}
REPS=${REPS:-1}
TMP=${TMPDIR:-/tmp}
DIR=$TMP/loglab-bench-fleet

for p in "$LOGLAB" "$GEN"; do
	if [ ! -x "$p" ]; then
		echo "bench_fleet.sh: $p not built (make loglab bench/gen_fleet)" >&2
		exit 1
	fi
done
for p in /usr/bin/time tmux; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "bench_fleet.sh: $p missing (apt-get install time tmux)" >&2
		exit 1
	fi
done
HAVE_LNAV=0
command -v lnav >/dev/null 2>&1 && HAVE_LNAV=1
LOGLAB=$(cd "$(dirname "$LOGLAB")" && pwd)/loglab

params="hosts=$HOSTS bytes=$BYTES"
if [ ! -f "$DIR/.params" ] || [ "$(cat "$DIR/.params")" != "$params" ]; then
	rm -rf "$DIR"
	echo "generating $HOSTS hosts x 4 files x $BYTES bytes in $DIR ..." >&2
	"$GEN" -n "$HOSTS" -r 3 -b "$BYTES" "$DIR" >/dev/null
	echo "$params" >"$DIR/.params"
fi
GLOB="$DIR/*/kern.log*"
# shellcheck disable=SC2086 # the glob is meant to expand here, for lnav
set -- $GLOB
NFILES=$#
ONDISK=$(du -sm "$DIR" | cut -f1)
# warm the page cache alike for both
cat "$@" >/dev/null

OUT=$(mktemp -d "$TMP/bench-fleet.XXXXXX")
T="tmux -L loglab-bench-fleet-$$ -f /dev/null"
cleanup() {
	$T kill-server >/dev/null 2>&1 || true
	rm -rf "$OUT"
}
trap cleanup EXIT

now() { date +%s.%N; }
sub() { echo "$1 $2" | awk '{printf "%.2f", $1 - $2}'; }
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
wall_s() {
	awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s}' "$1"
}
best() { # best NEW OLD: the smaller number (OLD may be empty)
	if [ -z "$2" ]; then echo "$1"; else echo "$1 $2" | awk '{print ($1 < $2) ? $1 : $2}'; fi
}
most() {
	if [ -z "$2" ]; then echo "$1"; else echo "$1 $2" | awk '{print ($1 > $2) ? $1 : $2}'; fi
}

# first_screen NAME CMD...: seconds until a syslog line is on the pane;
# sets $fs and $fs_rss (MB)
first_screen() {
	name=$1
	shift
	$T kill-server >/dev/null 2>&1 || true
	rm -f "$OUT/$name.time"
	# the command line is built as one string for tmux's shell
	cmd="/usr/bin/time -v -o $OUT/$name.time"
	for a in "$@"; do cmd="$cmd '$a'"; done
	t0=$(now)
	$T new-session -d -s t -x 120 -y 30 "TERM=xterm-256color $cmd; sleep 600"
	while ! $T capture-pane -p -t t 2>/dev/null | grep -Eq '^.{0,4}[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] node'; do
		sleep 0.02
		if [ "$(sub "$(now)" "$t0" | cut -d. -f1)" -gt 900 ]; then
			echo "bench_fleet.sh: $name showed no line in 900 s" >&2
			break
		fi
	done
	fs=$(sub "$(now)" "$t0")
	$T capture-pane -p -t t >"$OUT/$name.screen"
	$T send-keys -t t q
	i=0
	while [ ! -s "$OUT/$name.time" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	fs_rss=$(rss_mb "$OUT/$name.time")
	$T kill-server >/dev/null 2>&1 || true
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
ll_fs='' ll_fsrss='' ll_cnt='' ll_cntrss='' ll_rows=''
ln_fs='' ln_fsrss='' ln_cnt='' ln_cntrss='' ln_rows=''
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	first_screen loglab "$LOGLAB" "$GLOB"
	ll_fs=$(best "$fs" "$ll_fs")
	ll_fsrss=$(most "$fs_rss" "$ll_fsrss")
	/usr/bin/time -v -o "$OUT/ll-count.time" "$LOGLAB" info "$GLOB" >"$OUT/ll-count.out"
	ll_rows=$(awk '/^rows:/ {print $2}' "$OUT/ll-count.out")
	ll_cnt=$(best "$(wall_s "$OUT/ll-count.time")" "$ll_cnt")
	ll_cntrss=$(most "$(rss_mb "$OUT/ll-count.time")" "$ll_cntrss")
	if [ $HAVE_LNAV = 1 ]; then
		first_screen lnav lnav "$@"
		ln_fs=$(best "$fs" "$ln_fs")
		ln_fsrss=$(most "$fs_rss" "$ln_fsrss")
		/usr/bin/time -v -o "$OUT/ln-count.time" lnav -n -c ';SELECT count(*) AS n FROM all_logs' "$@" \
			>"$OUT/ln-count.out" 2>&1
		ln_rows=$(grep -E '^ *[0-9]+ *$' "$OUT/ln-count.out" | tr -d ' ' | tail -n 1)
		ln_cnt=$(best "$(wall_s "$OUT/ln-count.time")" "$ln_cnt")
		ln_cntrss=$(most "$(rss_mb "$OUT/ln-count.time")" "$ln_cntrss")
	fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "fleet: $NFILES files ($HOSTS hosts x kern.log, .1, .2.gz, .3.gz), $BYTES bytes each inflated, $ONDISK MB on disk"
echo
echo "| program | first screen (s) | peak RSS to first screen (MB) | complete count (s) | rows counted | peak RSS, count (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| loglab | $ll_fs | $ll_fsrss | $ll_cnt | $ll_rows | $ll_cntrss |"
if [ $HAVE_LNAV = 1 ]; then
	echo "| lnav $(lnav -V 2>/dev/null | awk '{print $2}') | $ln_fs | $ln_fsrss | $ln_cnt | $ln_rows | $ln_cntrss |"
fi
echo
echo "first screens:"
for n in loglab lnav; do
	[ -f "$OUT/$n.screen" ] || continue
	echo "--- $n"
	head -n 8 "$OUT/$n.screen" | cut -c1-120
done
