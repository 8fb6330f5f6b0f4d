"""bench/bench_rtables.py - loglab's untuned defaults on Rdatasets tables
against scikit-learn's, on the same rows and split.

Run through bench/bench_rtables.sh. argv: LOGLAB RDATASETS_GIT_DIR WORKDIR.

Which tables, and which target (a rule, never a choice by hand):
- every csv/PACKAGE/NAME.csv of at most MAX_BYTES, packages visited in an
  order shuffled with seed 14, at most one table per package, the first
  TABLES tables that qualify;
- a cell "NA" or empty is missing; the first column is the rows' names when
  its header is empty or "rownames" (never a feature on the sklearn side);
- a column is numeric when every present cell parses as a float;
- the target is the rightmost non-numeric column with 2 to 10 distinct
  values, each on at least 10 rows; when none, the rightmost numeric column
  of 2 to 10 distinct whole values, each on at least 10 rows;
- the features are the other numeric columns (two at least), and columns of
  TRUE and FALSE as 1 and 0 (as pandas reads them; not counted for the two);
  rows whose target is missing are left out; 100 to MAX_ROWS rows remain.
Split: sklearn's train_test_split(test_size=0.3, stratify=y, random_state=0),
written into the table as a column "part" (train/test) that loglab's grouped
split takes as the parts. loglab reads the table as written (row names, text
columns, "NA" and all) with the target as its label_column, a feature set
{"split": grouped on part, "scale": "zscore"} and nothing else, and trains
logreg, mlp and kmeans (k = classes) at their defaults. sklearn gets the
numeric features, SimpleImputer() (the mean) when a value is missing, and
StandardScaler(), both fitted on the training rows, then LogisticRegression(),
MLPClassifier(random_state=1) and KMeans(k, n_init="auto", random_state=1)
(fitted on the training rows; ARI and purity over every row, as loglab's).
"""
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import time
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, adjusted_rand_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

LOGLAB = os.path.abspath(sys.argv[1])
GIT = sys.argv[2]
TMP = sys.argv[3]
TABLES = int(os.environ.get("TABLES", "36"))
MAX_ROWS = int(os.environ.get("MAX_ROWS", "5000"))
MAX_BYTES = int(os.environ.get("MAX_BYTES", "3000000"))
ONLY = os.environ.get("ONLY", "").split()
EXTRA = os.environ.get("EXTRA", "")
TIMEOUT = int(os.environ.get("TRAIN_TIMEOUT", "300"))
NUM = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
csv.field_size_limit(1 << 30)


def missing(s):
    return s in ("NA", "")


def number(s):
    """A cell as sklearn gets it: TRUE/FALSE as pandas reads them."""
    if missing(s):
        return np.nan
    low = s.lower()
    return 1.0 if low == "true" else 0.0 if low == "false" else float(s)


def listing():
    out = subprocess.run(["git", "--git-dir", GIT, "ls-tree", "-r", "-l", "HEAD", "csv"],
                         capture_output=True, text=True, check=True).stdout
    by_pkg = {}
    for ln in out.splitlines():
        meta, path = ln.split("\t", 1)
        size = meta.split()[3]
        if path.endswith(".csv") and size.isdigit() and int(size) <= MAX_BYTES:
            by_pkg.setdefault(path.split("/")[1], []).append(path)
    return by_pkg


def blob(path):
    return subprocess.run(["git", "--git-dir", GIT, "show", "HEAD:" + path], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")


def choose(text):
    """(header, rows, target index, feature indices, rownames index) or None."""
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 101:
        return None
    hdr, rows = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    ncol = len(hdr)
    rn = 0 if hdr and hdr[0] in ("", "rownames") else -1
    numeric, boolean, values = [], [], []
    for c in range(ncol):
        present = [r[c] for r in rows if not missing(r[c])]
        numeric.append(bool(present) and all(NUM.match(v) for v in present))
        boolean.append({v.lower() for v in present} == {"true", "false"})
        values.append(present)

    def classes_ok(c):
        vals = values[c]
        u = {}
        for v in vals:
            u[v] = u.get(v, 0) + 1
        return 2 <= len(u) <= 10 and min(u.values()) >= 10

    cand = [c for c in range(ncol) if c != rn and not numeric[c] and classes_ok(c)]
    if not cand:
        cand = [c for c in range(ncol) if c != rn and numeric[c] and classes_ok(c) and
                all(float(v) == int(float(v)) for v in values[c])]
    if not cand:
        return None
    tgt = cand[-1]
    feats = [c for c in range(ncol) if c not in (rn, tgt) and numeric[c]]
    rows = [r for r in rows if not missing(r[tgt])]
    if len(feats) < 2 or not 100 <= len(rows) <= MAX_ROWS:
        return None
    feats += [c for c in range(ncol) if c not in (rn, tgt) and boolean[c]]
    return hdr, rows, tgt, feats, rn


def write_table(path, hdr, rows, part):
    """As R's write.csv writes: text quoted, numbers and NA bare; a column "part"."""
    def cell(s):
        return s if s == "NA" or NUM.match(s) else '"' + s.replace('"', '""') + '"'
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(cell(h) if h else '""' for h in hdr + ["part"]) + "\n")
        for r, p in zip(rows, part):
            f.write(",".join(cell(v) for v in r + [p]) + "\n")


def loglab(ws, *args):
    t0 = time.perf_counter()
    try:
        p = subprocess.run([LOGLAB] + list(args), cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=TIMEOUT)
        rc, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        rc, out = 124, "timed out"
    return rc, out, time.perf_counter() - t0


def last_run(ws, exp):
    if not os.path.isdir(os.path.join(ws, "runs")):
        return None
    runs = sorted(d for d in os.listdir(os.path.join(ws, "runs")) if d.endswith("-" + exp))
    return os.path.join(ws, "runs", runs[-1]) if runs else None


def purity(y, c):
    tot = 0
    for k in set(c):
        _, counts = np.unique(y[c == k], return_counts=True)
        tot += counts.max()
    return tot / len(y)


def bench(name, hdr, rows, tgt, feats, rn):
    ws = os.path.join(TMP, name.replace("/", "__"))
    os.makedirs(ws)
    y = np.array([r[tgt] for r in rows])
    idx = np.arange(len(rows))
    tr_idx, te_idx = train_test_split(idx, test_size=0.3, stratify=y, random_state=0)
    part = np.array(["train"] * len(rows), dtype=object)
    part[te_idx] = "test"
    write_table(os.path.join(ws, "data.csv"), hdr, rows, list(part))
    classes = sorted(set(y))
    k = len(classes)
    fs = {"dataset": "d", "split": {"kind": "grouped", "group": "part"}, "scale": "zscore"}
    if EXTRA:
        fs.update(json.loads(EXTRA))
    cfg = {"version": 1, "datasets": {"d": {"path": "data.csv", "label_column": hdr[tgt]}},
           "featuresets": {"f": fs},
           "experiments": {"lr": {"featureset": "f", "model": "logreg"},
                           "mlp": {"featureset": "f", "model": "mlp"},
                           "km": {"featureset": "f", "model": "kmeans", "k": k}}}
    with open(os.path.join(ws, "loglab.json"), "w") as f:
        json.dump(cfg, f)
    res = {"name": name, "n": len(rows), "d": len(feats), "k": k, "target": hdr[tgt],
           "nan": sum(missing(r[c]) for r in rows for c in feats)}
    for exp in ("lr", "mlp", "km"):
        rc, out, wall = loglab(ws, "train", exp)
        res[exp + "_wall"] = wall
        run = last_run(ws, exp)
        if rc or not run:
            res[exp + "_err"] = "exit %d: %s" % (rc, out.strip().splitlines()[-1] if out.strip() else "")
            continue
        m = json.load(open(os.path.join(run, "metrics.json")))
        if exp == "km":
            res["km_ari"], res["km_pur"] = m["kmeans"].get("ari"), m["kmeans"].get("purity")
            if res["km_ari"] is None:  # the run saw no labels to score against
                res["km_err"] = "no ARI: %s" % (out.strip().splitlines()[-1] if out.strip() else "")
        else:
            t = m["parts"]["test"]
            res[exp + "_f1"], res[exp + "_acc"] = t["f1_macro"], t["accuracy"]
        if exp == "lr":
            feat = json.load(open(os.path.join(run, "run.json"))).get("features", {})
            res["ll_cols"] = feat.get("names", [])
            res["ll_d"] = len(res["ll_cols"])
            res["ll_warn"] = [ln[len("loglab: warning: "):] for ln in out.splitlines()
                              if ln.startswith("loglab: warning: ")]

    X = np.array([[number(r[c]) for c in feats] for r in rows])
    xtr, xte = X[tr_idx], X[te_idx]
    if np.isnan(X).any():
        imp = SimpleImputer().fit(xtr)
        xtr, xte, X = imp.transform(xtr), imp.transform(xte), imp.transform(X)
    sc = StandardScaler().fit(xtr)
    xtr, xte, xall = sc.transform(xtr), sc.transform(xte), sc.transform(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for exp, mk in (("lr", LogisticRegression), ("mlp", lambda: MLPClassifier(random_state=1))):
            pred = mk().fit(xtr, y[tr_idx]).predict(xte)
            res["sk_" + exp + "_f1"] = f1_score(y[te_idx], pred, average="macro")
            res["sk_" + exp + "_acc"] = accuracy_score(y[te_idx], pred)
    cl = KMeans(n_clusters=k, n_init="auto", random_state=1).fit(xtr).predict(xall)
    res["sk_km_ari"], res["sk_km_pur"] = adjusted_rand_score(y, cl), purity(y, cl)
    return res


def fmt(r, exp):
    if exp + "_err" in r:
        return "**fails**"
    if exp == "km":
        return "%.3f / %.3f" % (r["km_ari"], r["km_pur"])
    return "%.3f / %.3f" % (r[exp + "_acc"], r[exp + "_f1"])


def main():
    by_pkg = listing()
    pkgs = sorted(by_pkg)
    random.Random(14).shuffle(pkgs)
    picked = []
    if ONLY:
        for p in ONLY:
            c = choose(blob("csv/%s.csv" % p))
            if c:
                picked.append((p,) + c)
            else:
                print("# %s does not qualify" % p)
    else:
        for pkg in pkgs:
            if len(picked) >= TABLES:
                break
            files = sorted(by_pkg[pkg])
            random.Random(pkg).shuffle(files)
            for path in files:
                c = choose(blob(path))
                if c:
                    picked.append((path[4:-4],) + c)
                    break
    results = []
    for p in picked:
        r = bench(*p)
        results.append(r)
        print("# %s" % json.dumps(r), file=sys.stderr, flush=True)
    print("| table | n | d (loglab) | classes | target | NA cells | logreg acc / F1: loglab | sklearn | mlp: loglab | sklearn "
          "| kmeans ARI / purity: loglab | sklearn |")
    print("|---|---:|---:|---:|---|---:|---|---|---|---|---|---|")
    for r in results:
        print("| %s | %d | %d (%s) | %d | %s | %d | %s | %s | %s | %s | %s | %s |" % (
            r["name"], r["n"], r["d"], r.get("ll_d", "?"), r["k"], r["target"], r["nan"],
            fmt(r, "lr"), "%.3f / %.3f" % (r["sk_lr_acc"], r["sk_lr_f1"]),
            fmt(r, "mlp"), "%.3f / %.3f" % (r["sk_mlp_acc"], r["sk_mlp_f1"]),
            fmt(r, "km"), "%.3f / %.3f" % (r["sk_km_ari"], r["sk_km_pur"])))
    print()
    for exp, lab in (("lr", "logreg"), ("mlp", "mlp")):
        ok = [r for r in results if exp + "_err" not in r]
        if not ok:
            continue
        la, lf = np.mean([r[exp + "_acc"] for r in ok]), np.mean([r[exp + "_f1"] for r in ok])
        sa, sf = np.mean([r["sk_" + exp + "_acc"] for r in ok]), np.mean([r["sk_" + exp + "_f1"] for r in ok])
        print("mean %s over %d tables (%d failed): loglab acc %.4f F1 %.4f, sklearn acc %.4f F1 %.4f, "
              "ratio acc %.3f F1 %.3f" % (lab, len(ok), len(results) - len(ok), la, lf, sa, sf, la / sa, lf / sf))
    ok = [r for r in results if "km_err" not in r]
    if ok:
        print("mean kmeans over %d tables: loglab ARI %.4f purity %.4f, sklearn ARI %.4f purity %.4f" % (
            len(ok), np.mean([r["km_ari"] for r in ok]), np.mean([r["km_pur"] for r in ok]),
            np.mean([r["sk_km_ari"] for r in ok]), np.mean([r["sk_km_pur"] for r in ok])))
    for r in results:
        worse = [lab for exp, lab in (("lr", "logreg"), ("mlp", "mlp"))
                 if exp + "_err" in r or r[exp + "_f1"] < r["sk_" + exp + "_f1"] - 0.05]
        if worse or r.get("ll_d") != r["d"]:
            print("note %s: %s%s%s" % (r["name"], "loglab worse (F1 by > 0.05) or failing: %s; " % ", ".join(worse)
                                      if worse else "", "features %s vs %d: %s; " % (r.get("ll_d"), r["d"],
                                                                                     r.get("ll_cols"))
                                      if r.get("ll_d") != r["d"] else "",
                                      "; ".join(r.get(e + "_err", "") for e in ("lr", "mlp", "km")
                                                if e + "_err" in r)))


main()
