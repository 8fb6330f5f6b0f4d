#!/bin/sh
# bench_labels.sh - labels at scale: a dataset whose journal holds 200,000
# distinct classes (every line its own class), and a 100,000-line BGL-style
# log whose first tokens are 100,000 distinct labels.
#
# usage: bench/bench_labels.sh [BUILDDIR] [OTHER_LOGLAB]
#        (BUILDDIR holds loglab and bench/gen_syslog; default: the current
#        directory. OTHER_LOGLAB, e.g. a build of main, runs the same
#        commands for a side-by-side column.)
#
# Generates its files in ${TMPDIR:-/tmp}, gives every line of a
# 200,000-line syslog file a class of its own (a journal of one action,
# written with python3), then times, best of REPS (default 3) wall-clock
# runs each:
#   open     loglab label FILE --json          (open, replay 200k classes, summary)
#   label    loglab label FILE --rows 1 --set c100007  (open, replay, label, fdatasync)
#   info     loglab info BGLFILE               (100k distinct first tokens)
# Not part of `make check`.
set -eu

BUILDDIR=${1:-.}
OTHER=${2:-}
LOGLAB=$BUILDDIR/loglab
GEN=$BUILDDIR/bench/gen_syslog
REPS=${REPS:-3}
TMP=${TMPDIR:-/tmp}/loglab-bench-labels
for p in "$LOGLAB" "$GEN"; do
	[ -x "$p" ] || { echo "bench_labels.sh: $p not built" >&2; exit 1; }
done
mkdir -p "$TMP"
BIG=$TMP/classes.log
BGL=$TMP/tokens.log

# 200,000 lines (gen_syslog writes about 130 bytes a line)
"$GEN" -s 7 40000000 "$BIG.all"
head -n 200000 "$BIG.all" >"$BIG"
rm -f "$BIG.all"
n=$(awk 'END { print NR }' "$BIG")
# 100,000 BGL lines, each first token a label of its own
awk 'BEGIN {
	for (i = 0; i < 100000; i++)
		printf "TAG%06d %d 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected\n", i, 1117838570 + i
}' >"$BGL"

# best of REPS runs of "$@": "WALL/CPU" seconds (CPU = user + system; the
# wall time also holds waits for a busy disk or a shared CPU)
best() {
	b=
	for r in $(seq "$REPS"); do
		/usr/bin/time -f "%e %U %S" -o "$TMP/time" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
		t=$(awk '{ printf "%.2f/%.2f", $1, $2 + $3 }' "$TMP/time")
		if [ -z "$b" ] || awk -v a="${t%/*}" -v b="${b%/*}" 'BEGIN { exit !(a < b) }'; then
			b=$t
		fi
	done
	echo "$b"
}

# The journal: one action giving every line a class of its own, written
# as the format says (ll_journal.h), so any loglab can read it.
/usr/bin/python3 - "$BIG" <<'PY'
import sys, zlib
path = sys.argv[1]
def fnv(b):
    h = 2166136261
    for c in b:
        h = ((h ^ c) * 16777619) & 0xffffffff
    return h
out = ["# loglab label journal v2\n"]
lines = open(path, "rb").read().split(b"\n")[:-1]
for i, l in enumerate(lines):
    f = "2025-11-25T13:50:01.000Z\tbench\t%d:%08x\t\tc%06d\timport\t1\t" % (i + 1, fnv(l), i)
    out.append(f + "%08x\n" % zlib.crc32(f.encode()))
f = "2025-11-25T13:50:01.000Z\tbench\tcommit\t%d\t\timport\t1\t" % len(lines)
out.append(f + "%08x\n" % zlib.crc32(f.encode()))
open(path + ".labels", "w").write("".join(out))
PY

measure() {
	o=$(best "$1" label "$BIG" --json)
	i=$(best "$1" info "$BGL")
	l=$(best "$1" label "$BIG" --rows 1 --set c100007)
	echo "$o $l $i"
}

mine=$(measure "$LOGLAB")
other=
[ -n "$OTHER" ] && other=$(measure "$OTHER")
set -- $mine $other
echo "labels at scale: $n lines with $n distinct classes (journal $(wc -c <"$BIG.labels") bytes), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %12s %12s\n' "wall/CPU seconds" "this build" "${OTHER:+other}"
printf '%-44s %12s %12s\n' "open + replay + summary (label --json)" "$1" "${4:-}"
printf '%-44s %12s %12s\n' "label one row (label --rows 1 --set)" "$2" "${5:-}"
printf '%-44s %12s %12s\n' "info, 100k distinct first tokens" "$3" "${6:-}"
