#!/usr/bin/env python3
"""compare_runs.py RUN_A RUN_B [METRICS_TOL [PRED_TOL]] - compares two run
folders' metrics.json and predictions.tsv: every number of metrics.json within
METRICS_TOL (absolute, default 1e-5), every number of predictions.tsv (scores,
probabilities) within PRED_TOL (default METRICS_TOL), every string, class and
cluster exactly. Prints one line: "identical" (same bytes), or the largest
difference of each file and where; exits 1 when a value differs by more than
its tolerance or the files do not have the same shape."""
import json
import sys


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            out.append((float("inf"), path + " keys " + str(sorted(set(a) ^ set(b)))))
        for k in a:
            if k in b:
                walk(a[k], b[k], path + "." + k, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append((float("inf"), path + " length %d vs %d" % (len(a), len(b))))
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, "%s[%d]" % (path, i), out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        out.append((abs(a - b), path))
    elif a != b:
        out.append((float("inf"), "%s: %r vs %r" % (path, a, b)))


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    a, b = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
    ptol = float(sys.argv[4]) if len(sys.argv) > 4 else tol
    diffs = []
    with open(a + "/metrics.json") as fa, open(b + "/metrics.json") as fb:
        walk(json.load(fa), json.load(fb), "metrics", diffs)
    with open(a + "/predictions.tsv") as fa, open(b + "/predictions.tsv") as fb:
        la, lb = fa.read().splitlines(), fb.read().splitlines()
    if len(la) != len(lb):
        diffs.append((float("inf"), "predictions.tsv: %d vs %d lines" % (len(la), len(lb))))
    mdiffs, diffs = diffs, []
    header = la[0].split("\t") if la else []
    for n, (x, y) in enumerate(zip(la, lb)):
        cx, cy = x.split("\t"), y.split("\t")
        if len(cx) != len(cy):
            diffs.append((float("inf"), "predictions.tsv line %d: cells differ" % (n + 1)))
            continue
        for j, (u, v) in enumerate(zip(cx, cy)):
            name = header[j] if j < len(header) else str(j)
            nu, nv = number(u), number(v)
            if name in ("predicted", "true", "part", "row", "sample", "template", "cluster") or nu is None or nv is None:
                if u != v:
                    diffs.append((float("inf"), "predictions.tsv line %d %s: %r vs %r" % (n + 1, name, u, v)))
            else:
                diffs.append((abs(nu - nv), "predictions.tsv line %d %s" % (n + 1, name)))
    mworst = max(mdiffs, default=(0.0, "-"))
    worst = max(diffs, default=(0.0, "-"))
    same_bytes = open(a + "/metrics.json", "rb").read() == open(b + "/metrics.json", "rb").read() and \
        open(a + "/predictions.tsv", "rb").read() == open(b + "/predictions.tsv", "rb").read()
    if same_bytes:
        print("identical")
    else:
        print("metrics: max difference %.3g (%s); predictions: max difference %.3g (%s)"
              % (mworst[0], mworst[1], worst[0], worst[1]))
    sys.exit(0 if mworst[0] <= tol and worst[0] <= ptol else 1)


main()
