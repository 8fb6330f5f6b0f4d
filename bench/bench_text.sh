#!/bin/sh
# bench_text.sh - text features against their peers, side by side in one run:
#   hashed TF-IDF of 1M log lines: loglab vs scikit-learn's
#     HashingVectorizer(n_features=2**18, alternate_sign=True, norm=None) + TfidfTransformer()
#   skip-gram (dim 100, window 5, negative 5, min_count 5, sample 1e-3, 1 epoch, 1 thread):
#     loglab vs gensim's Word2Vec(sg=1, hs=0, workers=1) on the same tokens
#
# usage: bench/bench_text.sh [BUILDDIR]   (BUILDDIR holds bench/bench_text; default .)
# Needs LL_DATA_DIR (or ../shared/data) for the loghub logs. The 1M-line file
# (148 MB) is made in ${TMPDIR:-/tmp} and kept between runs. Peers run with
# /usr/bin/python3 (Debian's python3-sklearn, python3-gensim); a missing peer
# is reported and skipped. Set W2V=0 to skip the skip-gram part. Both sides
# read the file into memory first and time only the feature work.
# Not part of make check; results go to bench/TEXT.md.
set -eu

BUILDDIR=${1:-.}
BT=$BUILDDIR/bench/bench_text
TMP=${TMPDIR:-/tmp}
FILE=$TMP/loglab-text-1m.log
PY=/usr/bin/python3
: "${LL_DATA_DIR:=../shared/data}"
export LL_DATA_DIR

if [ ! -x "$BT" ]; then
	echo "bench_text.sh: $BT not built (make bench/bench_text)" >&2
	exit 1
fi
if [ ! -s "$FILE" ] || [ "$(wc -l < "$FILE")" -ne 1000000 ]; then
	"$BT" gen "$FILE" 1000000
fi
echo "input: $FILE, $(wc -l < "$FILE") lines, $(stat -c %s "$FILE") bytes"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

out=$("$BT" tfidf "$FILE" none)
echo "$out"
c_secs=$(printf '%s\n' "$out" | sed -n 's/.* total \([0-9.]*\) s.*/\1/p')
"$BT" tfidf "$FILE" default

py_secs=
if "$PY" -c 'import sklearn' 2>/dev/null; then
	pyout=$("$PY" - "$FILE" <<'EOF'
import resource, sys, time
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
with open(sys.argv[1], encoding="utf-8") as f:
    docs = [l.rstrip("\r\n") for l in f]
t0 = time.perf_counter()
X = HashingVectorizer(n_features=2 ** 18, alternate_sign=True, norm=None).transform(docs)
t1 = time.perf_counter()
Y = TfidfTransformer().fit_transform(X)
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("sklearn %s tfidf  lines %d  nnz %d  hash %.3f s  tfidf %.3f s  total %.3f s  lines/s %.0f  peak_rss_MB %.0f"
      % (sklearn.__version__, len(docs), Y.nnz, t1 - t0, t2 - t1, t2 - t0, len(docs) / (t2 - t0), rss))
EOF
)
	echo "$pyout"
	py_secs=$(printf '%s\n' "$pyout" | sed -n 's/.* total \([0-9.]*\) s.*/\1/p')
else
	echo "sklearn: not available for $PY, skipped"
fi
if [ -n "$py_secs" ] && [ -n "$c_secs" ]; then
	awk -v p="$py_secs" -v c="$c_secs" 'BEGIN { printf "tfidf ratio: loglab is %.1fx faster than sklearn (target >= 3x)\n", p / c }'
	awk -v p="$py_secs" -v c="$c_secs" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" \
		'BEGIN { printf "target TF-IDF >= 3x sklearn: %s (%.2fx wall, load %s)\n", (p / c >= 3) ? "met" : "NOT met", p / c, l }'
fi

[ "${W2V:-1}" = 0 ] && exit 0

out=$("$BT" w2v "$FILE" 1 1)
echo "$out"
c_wps=$(printf '%s\n' "$out" | sed -n 's/.* words\/s \([0-9]*\) .*/\1/p')
g_wps=
if "$PY" -c 'import gensim' 2>/dev/null; then
	gout=$("$PY" - "$FILE" <<'EOF'
import re, resource, sys, time
import gensim
from gensim.models import Word2Vec
tok = re.compile(r"(?u)\b\w\w+\b")  # loglab's tokens with masks off, on ASCII
with open(sys.argv[1], encoding="utf-8") as f:
    sents = [tok.findall(l.lower()) for l in f]
t0 = time.perf_counter()
m = Word2Vec(vector_size=100, window=5, min_count=5, sample=1e-3, sg=1, hs=0, negative=5, workers=1, seed=1)
m.build_vocab(sents)
t1 = time.perf_counter()
m.train(sents, total_examples=len(sents), epochs=1)
t2 = time.perf_counter()
words = sum(m.wv.get_vecattr(w, "count") for w in m.wv.index_to_key)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("gensim %s w2v  lines %d  vocab %d  epochs 1  workers 1  words %d  vocab %.2f s  train %.2f s  words/s %.0f"
      "  peak_rss_MB %.0f" % (gensim.__version__, len(sents), len(m.wv), words, t1 - t0, t2 - t1,
                             words / (t2 - t1), rss))
EOF
)
	echo "$gout"
	g_wps=$(printf '%s\n' "$gout" | sed -n 's/.* words\/s \([0-9]*\) .*/\1/p')
else
	echo "gensim: not available for $PY, skipped"
fi
if [ -n "$g_wps" ] && [ -n "$c_wps" ]; then
	awk -v g="$g_wps" -v c="$c_wps" 'BEGIN { printf "skip-gram ratio: loglab %.0f words/s vs gensim %.0f words/s = %.2fx\n", c, g, c / g }'
fi
"$BT" w2v "$FILE" 1 2
