#!/bin/sh
# bench_log_defaults.sh - the untuned defaults of a feature set that names only
# its dataset ({"dataset": "d"}: TF-IDF of the log's message column) on logs
# loglab was not tuned on, against scikit-learn on the same split:
#   loglab logreg / mlp / kmeans (k = classes), every other setting default, vs
#   TfidfVectorizer() + LogisticRegression() / MLPClassifier(random_state=1) /
#   KMeans(n_clusters=k, n_init="auto", random_state=1)
# The split and labels are loglab's (the logreg run's predictions.tsv), the
# text is the same message column (the format's message field; "msg" of the
# JSON Lines records). Classifiers: test macro F1 and accuracy; k-means: ARI
# and purity over every labelled row (both sides fit the training rows).
# Seconds are the whole `loglab train` command (read, features, fit, and
# logreg's 5 out-of-fold review fits) against vectorise + fit + predict.
#
# usage: bench/bench_log_defaults.sh [BUILDDIR]   (BUILDDIR holds loglab; default .)
# Logs (a missing one is skipped):
#   BGL      $LL_DATA_DIR/loghub2/BGL/BGL_2k.log (default: the source tree's
#            ../shared/data), its 13 classes and binary
#   jsonl    generated here (seed 7, JSONL_ROWS=10000): a structured logger's records,
#            3 fault types of 2-4 % sharing words and numbers with ordinary records
#   events   generated here (seed 11, EVENTS_ROWS=8000): a host agent's records
#            (time, host, unit, message), 3 fault types of 2-3 %, two of them told
#            only by a number (an audit event id, a process exit code)
#   DPKG     /var/log/dpkg.log, labelled by an arbitrary rule (removals, purges,
#            upgrades and the states they leave)
#   APACHE, ANDROID  Apache/Apache_2k.log and Android/Android_2k.log of
#            github.com/logpai/loghub (commit dd61d09), default /tmp/ld-data/;
#            labelled by their level ([error]; W or E)
# TPL="OpenSSH Linux" adds loghub-2.0 2k logs ($LL_DATA_DIR/loghub2) classified by
# their template (EventId), text their Content.
# EXTRA='{"text": {...}}' adds settings to every feature set (to show what one
# setting changes); ONLY="jsonl dpkg" runs some. /usr/bin/python3 with
# scikit-learn (Debian's python3-sklearn). Not part of make check; results in
# bench/TEXT.md.
set -eu

BUILDDIR=${1:-.}
LOGLAB=$BUILDDIR/loglab
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
: "${LL_DATA_DIR:=$HERE/../../shared/data}"
: "${BGL:=$LL_DATA_DIR/loghub2/BGL/BGL_2k.log}"
export BGL

if [ ! -x "$LOGLAB" ]; then
	echo "bench_log_defaults.sh: $LOGLAB not built" >&2
	exit 1
fi
if ! "$PY" -c 'import sklearn' 2>/dev/null; then
	echo "bench_log_defaults.sh: $PY has no scikit-learn" >&2
	exit 1
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/loglab-logdefaults.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), loglab $("$LOGLAB" --version | head -1)"
"$PY" "$HERE/bench_log_defaults.py" "$LOGLAB" "$WORK"
