#!/bin/sh
# bench_review.sh - the review queue against scikit-learn, side by side in
# one run: root-cause lines relabelled ordinary at random (FRAC of them,
# each of SEEDS), then how many of them the queue brings back, with
# loglab's out-of-fold review scores (review_folds, the logreg default),
# with the run's own scores, and with scikit-learn's LogisticRegression in
# sample and through cross_val_predict. Sets: BGL's alert tags, fail2ban's
# match flags, and nine loghub systems labelled by one rule (a template
# whose text says something failed). See bench/bench_review.py.
#
# usage: bench/bench_review.sh [BUILDDIR]   (default .; needs BUILDDIR/loglab)
#   SEEDS=1,2,3 FRAC=0.3 by default; EXTRA='{"text": {"masks": "none"}}' merges
#   settings into the feature set (its "text" key by key). Needs LL_DATA_DIR (or ../shared/data) and
#   /usr/bin/python3 with python3-sklearn. Not part of make check; results go
#   to bench/REVIEW.md.
set -eu
BUILDDIR=${1:-.}
: "${LL_DATA_DIR:=../shared/data}"
: "${SEEDS:=1,2,3}"
: "${FRAC:=0.3}"
LOGLAB=$(cd "$BUILDDIR" && pwd)/loglab
[ -x "$LOGLAB" ] || { echo "bench_review.sh: $LOGLAB not built" >&2; exit 1; }
T=$(mktemp -d) # in $TMPDIR, else /tmp
trap 'rm -rf "$T"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); seeds $SEEDS, hidden share $FRAC"
echo "loglab: $("$LOGLAB" --version)"
/usr/bin/python3 "$(dirname "$0")/bench_review.py" "$LOGLAB" "$LL_DATA_DIR" "$T" "$SEEDS" "$FRAC"
