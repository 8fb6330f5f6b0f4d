#!/usr/bin/python3
"""tests/core/sklearn_text.py - compares loglab's hashed counts and TF-IDF
(written by tests/core/text_dump) with scikit-learn's
HashingVectorizer(n_features=2**18, ngram_range=(1, k), alternate_sign=True,
norm=None) followed by TfidfTransformer() fitted on the first 70% of the rows,
on the raw lines of the ten loghub 2k logs, read here independently.

Usage: sklearn_text.py TEXT_DUMP LOGHUB_DIR
Every row must store exactly sklearn's columns (explicit zeros included) and
every value must be within 1e-6. Prints "N checks, F failed"; exit 0 / 1,
77 when sklearn is missing.
"""
import os
import subprocess
import sys

try:
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
except ImportError:
    print("SKIP: scikit-learn is not installed for", sys.executable, file=sys.stderr)
    sys.exit(77)

SYSTEMS = ["HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Thunderbird", "Linux", "OpenSSH",
           "OpenStack"]
TRAIN = 0.7
TOL = 1e-6

checks = 0
failures = 0


def check(ok, what):
    global checks, failures
    checks += 1
    if not ok:
        failures += 1
        print("FAILED:", what, file=sys.stderr)


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.rstrip(b"\r\n").decode("utf-8") for p in parts]


def parse_dump(text):
    lines = text.split("\n")
    rows, cols, nnz = (int(x) for x in lines[0].split())
    out = []
    for i in range(rows):
        f = lines[1 + i].split()
        out.append(([int(x) for x in f[0::2]], [float(x) for x in f[1::2]]))
    return rows, cols, nnz, out


def compare(name, X, dump):
    rows, cols, nnz, got = parse_dump(dump)
    check(rows == X.shape[0], "%s: %d rows, sklearn %d" % (name, rows, X.shape[0]))
    check(cols == X.shape[1], "%s: %d columns, sklearn %d" % (name, cols, X.shape[1]))
    check(nnz == X.nnz, "%s: %d stored values, sklearn %d" % (name, nnz, X.nnz))
    bad_pattern = bad_value = 0
    worst = 0.0
    for i in range(min(rows, X.shape[0])):
        a, b = X.indptr[i], X.indptr[i + 1]
        idx = X.indices[a:b].tolist()
        if idx != got[i][0]:
            bad_pattern += 1
            if bad_pattern <= 3:
                print("%s row %d: columns %s, sklearn %s" % (name, i, got[i][0][:8], idx[:8]),
                      file=sys.stderr)
            continue
        d = np.abs(np.array(got[i][1]) - X.data[a:b]) if b > a else np.zeros(0)
        if d.size:
            worst = max(worst, float(d.max()))
            if d.max() > TOL:
                bad_value += 1
    check(bad_pattern == 0, "%s: %d rows store other columns than sklearn" % (name, bad_pattern))
    check(bad_value == 0, "%s: %d rows have a value off by more than %g" % (name, bad_value, TOL))
    print("%s: %d rows, %d stored values, largest difference %.3g" % (name, rows, nnz, worst))


def main():
    dumper, loghub = sys.argv[1], sys.argv[2]
    files = [os.path.join(loghub, s, s + "_2k.log") for s in SYSTEMS]
    docs = []
    for f in files:
        docs += read_lines(f)
    ntrain = int(TRAIN * len(docs))
    for k in (1, 2, 3):
        hv = HashingVectorizer(n_features=2 ** 18, ngram_range=(1, k), alternate_sign=True, norm=None)
        X = hv.transform(docs).tocsr()
        X.sort_indices()
        c = subprocess.run([dumper, "counts", str(k), str(TRAIN)] + files, check=True,
                           stdout=subprocess.PIPE).stdout.decode()
        compare("counts ngram 1..%d" % k, X, c)
        Y = TfidfTransformer().fit(X[:ntrain]).transform(X).tocsr()
        Y.sort_indices()  # sklearn's product leaves columns unordered
        t = subprocess.run([dumper, "tfidf", str(k), str(TRAIN)] + files, check=True,
                           stdout=subprocess.PIPE).stdout.decode()
        compare("tfidf ngram 1..%d" % k, Y, t)
    print("%d checks, %d failed" % (checks, failures), file=sys.stderr)
    sys.exit(1 if failures else 0)


main()
