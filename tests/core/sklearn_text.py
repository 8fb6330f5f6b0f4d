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

sklearn's matrices are kept in LL_REFCACHE when set (tests/refcache.py),
keyed by this script, the ten logs' bytes and the versions of Python,
numpy, scipy and scikit-learn: the suite's second pass reads them.
"""
import importlib.util
import os
import subprocess
import sys

if not all(importlib.util.find_spec(m) for m in ("numpy", "scipy", "sklearn")):
    print("SKIP: scikit-learn is not installed for", sys.executable, file=sys.stderr)
    sys.exit(77)
import numpy as np  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import refcache  # noqa: E402

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
    """rows, cols, nnz and the dump's rows as CSR arrays (indptr, indices,
    values). Parsed whole by numpy, not number by number: the 2.5 million
    numbers of the three dumps of each kind took most of this script's own
    CPU when each went through int() or float() (the test runs in the
    release and the ASan suite both)."""
    head, _, body = text.partition("\n")
    rows, cols, nnz = (int(x) for x in head.split())
    lines = body.split("\n")
    if len(lines) < rows:
        raise ValueError("dump has %d rows, its header says %d" % (len(lines), rows))
    # "index value index value ...", one blank between numbers: a row of m
    # stored values has 2m - 1 blanks, an empty row none
    per_row = np.array([ln.count(" ") + 1 if ln else 0 for ln in lines[:rows]], dtype=np.int64)
    # numpy's own text parser (correctly rounded, as float()): the list of
    # 2.5 million strings that split() made took half this script's CPU
    flat = np.fromstring(" ".join(lines[:rows]), dtype=np.float64, sep=" ") if rows else np.zeros(0)
    if (per_row % 2).any() or flat.size != per_row.sum():
        raise ValueError("dump rows are not index/value pairs")
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(per_row // 2, out=indptr[1:])
    return rows, cols, nnz, indptr, flat[0::2].astype(np.int64), flat[1::2]


def compare(name, X, dump):
    rows, cols, nnz, indptr, indices, values = parse_dump(dump)
    check(rows == X.shape[0], "%s: %d rows, sklearn %d" % (name, rows, X.shape[0]))
    check(cols == X.shape[1], "%s: %d columns, sklearn %d" % (name, cols, X.shape[1]))
    check(nnz == X.nnz, "%s: %d stored values, sklearn %d" % (name, nnz, X.nnz))
    n = min(rows, X.shape[0])
    got_len = np.diff(indptr)[:n]
    want_len = np.diff(X.indptr)[:n]
    # the stored values of the rows of as many as sklearn's, side by side
    # (el_row: each one's row; gp, wp: its place in ours and in sklearn's)
    same = np.flatnonzero(got_len == want_len)
    lens = got_len[same]
    off = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    gp = np.repeat(indptr[same], lens) + off
    wp = np.repeat(X.indptr[same], lens) + off
    el_row = np.repeat(same, lens)
    # a row stores other columns than sklearn's: another count, or another
    # column at some place
    other = got_len != want_len
    other[el_row[indices[gp] != X.indices[wp]]] = True
    bad_pattern = int(other.sum())
    for i in np.flatnonzero(other)[:3]:
        print("%s row %d: columns %s, sklearn %s" % (
            name, i, indices[indptr[i]:indptr[i + 1]][:8].tolist(),
            X.indices[X.indptr[i]:X.indptr[i + 1]][:8].tolist()), file=sys.stderr)
    # the values of the rows storing sklearn's columns
    keep = ~other[el_row]
    d = np.abs(values[gp[keep]] - X.data[wp[keep]])
    worst = float(d.max()) if d.size else 0.0
    bad_value = np.unique(el_row[keep][d > TOL]).size
    check(bad_pattern == 0, "%s: %d rows store other columns than sklearn" % (name, bad_pattern))
    check(bad_value == 0, "%s: %d rows have a value off by more than %g" % (name, bad_value, TOL))
    print("%s: %d rows, %d stored values, largest difference %.3g" % (name, rows, nnz, worst))


class Csr:
    """The parts of a CSR matrix compare() reads (kept without scipy's class)."""
    def __init__(self, m):
        self.shape, self.nnz = m.shape, m.nnz
        self.indptr, self.indices, self.data = m.indptr, m.indices, m.data


def sklearn_matrices(docs, ntrain, k):
    """HashingVectorizer's counts of n-grams 1..k, and TfidfTransformer's
    fitted on the first ntrain rows, both with sorted columns."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    hv = HashingVectorizer(n_features=2 ** 18, ngram_range=(1, k), alternate_sign=True, norm=None)
    X = hv.transform(docs).tocsr()
    X.sort_indices()
    Y = TfidfTransformer().fit(X[:ntrain]).transform(X).tocsr()
    Y.sort_indices()  # sklearn's product leaves columns unordered
    return Csr(X), Csr(Y)


def main():
    dumper, loghub = sys.argv[1], sys.argv[2]
    files = [os.path.join(loghub, s, s + "_2k.log") for s in SYSTEMS]
    rc = refcache.for_script(__file__, args=[TRAIN], inputs=files, dists=["numpy", "scipy", "scikit-learn"])
    docs = []
    for f in files:
        docs += read_lines(f)
    ntrain = int(TRAIN * len(docs))
    for k in (1, 2, 3):
        X, Y = rc.get("ngrams 1..%d" % k, lambda: sklearn_matrices(docs, ntrain, k))
        c = subprocess.run([dumper, "counts", str(k), str(TRAIN)] + files, check=True,
                           stdout=subprocess.PIPE).stdout.decode()
        compare("counts ngram 1..%d" % k, X, c)
        t = subprocess.run([dumper, "tfidf", str(k), str(TRAIN)] + files, check=True,
                           stdout=subprocess.PIPE).stdout.decode()
        compare("tfidf ngram 1..%d" % k, Y, t)
    print("%d checks, %d failed" % (checks, failures), file=sys.stderr)
    sys.exit(1 if failures else 0)


main()
