#!/bin/sh
# bench_rtables.sh - loglab's untuned classifiers and k-means on classification-
# shaped tables of the Rdatasets collection (R packages' data frames written as
# CSV, which loglab was never tuned on), against scikit-learn's defaults on the
# same rows and the same split. The tables and their targets are chosen by a
# rule (bench/bench_rtables.py says which); results in bench/UNSEEN_TABLES.md,
# "Rdatasets: defaults against sklearn".
#
# usage: bench/bench_rtables.sh [BUILDDIR]   (BUILDDIR holds loglab; default .)
#   RDATASETS  the git directory of a clone or mirror of the Rdatasets
#              repository (csv/PACKAGE/NAME.csv); absent: skipped (exit 0)
#   TABLES=36  how many tables; MAX_ROWS=5000, MAX_BYTES=3000000 bound each
#   ONLY="MASS/Pima.tr ..."  those tables only, by package/name
#   EXTRA='{"nan": "drop"}'  settings merged into every feature set
# /usr/bin/python3 with scikit-learn (Debian's python3-sklearn). Not part of
# make check.
set -eu

BUILDDIR=${1:-.}
LOGLAB=$BUILDDIR/loglab
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${RDATASETS:-}" ] || ! git --git-dir="$RDATASETS" rev-parse --verify -q HEAD >/dev/null 2>&1; then
	echo "bench_rtables.sh: skipped: RDATASETS names no Rdatasets git directory" >&2
	exit 0
fi
if [ ! -x "$LOGLAB" ]; then
	echo "bench_rtables.sh: $LOGLAB not built" >&2
	exit 1
fi
if ! "$PY" -c 'import sklearn' 2>/dev/null; then
	echo "bench_rtables.sh: $PY has no scikit-learn" >&2
	exit 1
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/loglab-rtables.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), loglab $("$LOGLAB" --version | head -1), Rdatasets $(git --git-dir="$RDATASETS" rev-parse --short HEAD)"
"$PY" "$HERE/bench_rtables.py" "$LOGLAB" "$RDATASETS" "$WORK"
