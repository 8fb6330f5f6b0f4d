#!/usr/bin/python3
"""tests/core/sklearn_metrics.py - core metrics against scikit-learn on the same predictions.

Usage: sklearn_metrics.py DRIVER DATA_DIR
Writes each case to a temporary text file, runs tests/core/metrics_driver on it and
compares with scikit-learn (1.2.x semantics) within 1e-6; counts, arrays' lengths and
the classification_report text must match exactly.

Generated cases (numpy RandomState, fixed seeds): binary; multiclass with a class never
predicted; a class in neither y_true nor y_pred (with and without labels=range(k));
tied scores; 2% positives; Gaussian blobs for the clustering metrics.
Real cases, derived deterministically:
  - SMD machine-1-6 test rows: the score is the metric column with the highest AUROC
    against machine-1-6_test_label.csv, the prediction is score >= its 99th percentile
    (binary report, ROC/PR, log loss, point-wise / point-adjusted / best F1);
    HitRate@100%/150% against interpretation_label/machine-1-6.txt with per-dimension
    scores |test - median(train)|;
    silhouette/ARI on every 16th row with clusters label*2 + (first metric > median);
  - BGL 2k: classes from the Label column (13), predicted by the majority class of the
    line's EventId among the first 1000 lines (unseen template: normal); one-vs-rest
    AUROC / AP and log loss on the smoothed per-template class frequencies; the
    contingency of classes x EventId clusters (purity, ARI).
The anomaly protocol has no sklearn function: point adjustment and the best-F1 search are
transcribed directly below (a loop over segments, a scan of every distinct threshold) and
the resulting F1 values are computed by sklearn.
Exit 0 pass, 1 fail, 77 when scikit-learn or the data is missing.

Every sklearn call, the two transcribed references and the data files'
parsing go through tests/refcache.py: with LL_REFCACHE set, each value is
kept keyed by this script, the data files' bytes, the versions of Python,
numpy, scipy and scikit-learn, and the call's arguments' values; the
suite's second pass reads them, importing no sklearn.
"""
import atexit
import csv
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

if not all(importlib.util.find_spec(m) for m in ("numpy", "scipy", "sklearn")):
    print("SKIP: scikit-learn not importable for", sys.executable, file=sys.stderr)
    sys.exit(77)
import numpy as np  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import refcache  # noqa: E402

driver, data = sys.argv[1], sys.argv[2]
INPUTS = [os.path.join(data, "smd", "csv", f) for f in
          ("machine-1-6_test.csv", "machine-1-6_train.csv", "machine-1-6_test_label.csv")]
INPUTS += [os.path.join(data, "smd", "ServerMachineDataset", "interpretation_label", "machine-1-6.txt"),
           os.path.join(data, "loghub", "BGL", "BGL_2k.log_structured.csv")]
rc = refcache.for_script(__file__, inputs=[f for f in INPUTS if os.path.exists(f)],
                         dists=["numpy", "scipy", "scikit-learn"])
M = rc.module("sklearn.metrics")
SKP = rc.module("sklearn.preprocessing")


def loadtxt(path, **kw):
    """np.loadtxt, kept by the file's name: its bytes are in the cache's key
    (not by its path, which differs between the build folders)."""
    return rc.get("loadtxt %s %r" % (os.path.basename(path), sorted(kw.items())), lambda: np.loadtxt(path, **kw))
warnings.filterwarnings("ignore")  # sklearn's zero-division and no-positive notices are expected here
TOL = 1e-6
failures = 0
checks = 0
tmpdir = tempfile.mkdtemp(prefix="ll-metrics-")
atexit.register(shutil.rmtree, tmpdir, ignore_errors=True)


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL " + what)


def close(a, b, what, tol=TOL):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    ok = a.shape == b.shape and np.allclose(a, b, rtol=0, atol=tol, equal_nan=True)
    if not ok:
        print("   ours:", a.ravel()[:8], "sklearn:", b.ravel()[:8], "shapes", a.shape, b.shape)
    check(ok, what)


def write(name, *cols):
    """Columns side by side, every value with 17 significant digits (exact for doubles)."""
    path = os.path.join(tmpdir, name)
    with open(path, "wb") as f:
        # the text kept by the values (formatting SMD's 28,479 rows took
        # most of this script's own CPU once the references were kept)
        f.write(rc.call(text_of, [np.asarray(c, dtype=np.float64) for c in cols]))
    return path


def text_of(cols):
    buf = io.BytesIO()
    np.savetxt(buf, np.column_stack(cols), fmt="%.17g")
    return buf.getvalue()


def run(*args):
    p = subprocess.run([driver] + [str(a) for a in args], capture_output=True, text=True)
    if p.returncode != 0:
        print("driver failed:", args, p.stdout[-400:], p.stderr[-400:])
        check(False, "driver " + str(args[0]))
        return {}, ""
    out, _, report = p.stdout.partition("REPORT\n")
    res = {"_all": []}
    for line in out.splitlines():
        k, _, v = line.partition(" ")
        res[k] = v
        res["_all"].append((k, v))
    return res, report


def nums(s):
    return np.array([float(t) for t in s.split()]) if s else np.array([])


# ---------------------------------------------------------------- classification
def case_class(name, y, p, k, all_classes=False):
    path = write(name + ".cls", y, p)
    res, report = run("class", k, int(all_classes), path)
    if not res:
        return
    labels = list(range(k)) if all_classes else None
    cm = M.confusion_matrix(y, p, labels=list(range(k)))
    check((nums(res["cm"]).reshape(k, k) == cm).all(), name + ": confusion matrix")
    close(float(res["accuracy"]), M.accuracy_score(y, p), name + ": accuracy")
    close(float(res["balanced"]), M.balanced_accuracy_score(y, p), name + ": balanced accuracy")
    close(float(res["mcc"]), M.matthews_corrcoef(y, p), name + ": MCC")
    used = labels if labels is not None else sorted(set(y) | set(p))
    pr, rc, f1, _ = M.precision_recall_fscore_support(y, p, labels=used, zero_division=0)
    close(nums(res["precision"])[used], pr, name + ": per-class precision")
    close(nums(res["recall"])[used], rc, name + ": per-class recall")
    close(nums(res["f1"])[used], f1, name + ": per-class F1")
    for avg in ("micro", "macro", "weighted"):
        want = M.precision_recall_fscore_support(y, p, labels=labels, average=avg, zero_division=0)[:3]
        close(nums(res[avg]), want, "%s: %s average" % (name, avg))
    want = M.classification_report(y, p, labels=labels, zero_division=0)
    check(report == want, name + ": classification_report text")
    if name.startswith(("SMD", "BGL")):
        print(name + ":\n" + report)
    if report != want:
        print(report, want, sep="\n--- sklearn:\n")


def case_binary(name, y, s, thresholds=()):
    path = write(name + ".bin", y, s)
    res, _ = run("binary", path, *[repr(float(t)) for t in thresholds])
    if not res:
        return
    fpr, tpr, thr = M.roc_curve(y, s)
    close(nums(res["roc_fpr"]), fpr, name + ": ROC fpr")
    close(nums(res["roc_tpr"]), tpr, name + ": ROC tpr")
    close(nums(res["roc_thr"]), thr, name + ": ROC thresholds")
    close(float(res["auroc"]), M.roc_auc_score(y, s), name + ": AUROC")
    prec, rec, pthr = M.precision_recall_curve(y, s)
    close(nums(res["pr_precision"]), prec, name + ": PR precision")
    close(nums(res["pr_recall"]), rec, name + ": PR recall")
    close(nums(res["pr_thr"]), pthr, name + ": PR thresholds")
    close(float(res["ap"]), M.average_precision_score(y, s), name + ": average precision")
    lines = [v.split() for k, v in res["_all"] if k == "cm_at"]
    check(len(lines) == len(thresholds), name + ": one matrix per threshold")
    for t, ln in zip(thresholds, lines):
        want = M.confusion_matrix(y, (s >= t).astype(int), labels=[0, 1]).ravel()
        check([int(v) for v in ln[1:]] == list(want), "%s: matrix at threshold %g" % (name, t))
    close(float(res["log_loss"]), M.log_loss(y, s, labels=[0, 1]), name + ": binary log loss")
    print("%s: AUROC %.6f, AP %.6f, %d ROC points" % (name, float(res["auroc"]), float(res["ap"]), len(fpr)))


def case_ovr(name, y, P):
    k = P.shape[1]
    path = write(name + ".ovr", y, P)
    res, _ = run("ovr", k, path)
    if not res:
        return
    labels = list(range(k))
    if all((y == c).any() for c in labels):
        per = [M.roc_auc_score((y == c).astype(int), P[:, c]) for c in labels]
        close(nums(res["auroc_class"]), per, name + ": AUROC per class")
        want = [M.roc_auc_score(y, P, multi_class="ovr", average=a, labels=labels)
                for a in ("macro", "weighted", "micro")]
        close(nums(res["auroc_avg"]), want, name + ": AUROC macro/weighted/micro")
        Pf = P.astype(np.float32).astype(np.float64)
        perf = [M.roc_auc_score((y == c).astype(int), Pf[:, c]) for c in labels]
        close(nums(res["auroc_f_class"]), perf, name + ": AUROC per class, float input")
    else:
        check("auroc_error" in res, name + ": AUROC with an absent class is an error")
    Y = SKP.label_binarize(y, classes=labels)
    per = M.average_precision_score(Y, P, average=None)
    close(nums(res["ap_class"]), per, name + ": AP per class")
    want = [M.average_precision_score(Y, P, average=a) for a in ("macro", "weighted", "micro")]
    close(nums(res["ap_avg"]), want, name + ": AP macro/weighted/micro")
    close(float(res["log_loss"]), M.log_loss(y, P, labels=labels), name + ": log loss")
    close(float(res["log_loss_f32"]), M.log_loss(y, P.astype(np.float32), labels=labels),
          name + ": log loss, float32 input (eps = float32 eps)")


# ---------------------------------------------------------------- clustering
def case_cluster(name, cls, clu, nc, nk, X=None):
    d = 0 if X is None else X.shape[1]
    res, _ = run("cluster", nc, nk, d, write(name + ".clu", cls, clu, *([X] if d else [])))
    if not res:
        return
    tab = np.zeros((nc, nk), dtype=np.int64)
    np.add.at(tab, (cls, clu), 1)
    check((nums(res["table"]).reshape(nc, nk) == tab).all(), name + ": contingency table")
    rs, cs = tab.sum(1, keepdims=True), tab.sum(0, keepdims=True)
    close(nums(res["pclass"]).reshape(nc, nk), np.divide(tab, rs, out=np.zeros(tab.shape), where=rs > 0),
          name + ": pclass")
    close(nums(res["pcluster"]).reshape(nc, nk), np.divide(tab, cs, out=np.zeros(tab.shape), where=cs > 0),
          name + ": pcluster")
    close(float(res["purity"]), tab.max(0).sum() / tab.sum(), name + ": purity")
    close(float(res["ari"]), M.adjusted_rand_score(cls, clu), name + ": adjusted Rand index")
    if d:
        X64 = X.astype(np.float32).astype(np.float64)
        close(float(res["silhouette"]), M.silhouette_score(X64, clu), name + ": silhouette")
        ss = M.silhouette_samples(X64, clu)
        per = [ss[clu == c].mean() if (clu == c).any() else np.nan for c in range(nk)]
        close(nums(res["silhouette_cluster"]), per, name + ": silhouette per cluster")


# ---------------------------------------------------------------- anomaly protocol
def segments(y):
    """Maximal runs of 1 in y as (start, end exclusive)."""
    segs, i, n = [], 0, len(y)
    while i < n:
        if y[i]:
            j = i
            while j < n and y[j]:
                j += 1
            segs.append((i, j))
            i = j
        else:
            i += 1
    return segs


def point_adjust(y, p, segs):
    q = p.copy()
    for a, b in segs:
        if q[a:b].any():
            q[a:b] = 1
    return q


def f1_counts(tp, fp, fn):
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def case_anomaly(name, y, p, s):
    res, _ = run("anomaly", write(name + ".ano", y, p, s))
    if not res:
        return
    segs = segments(y)
    got = nums(res["pointwise"])
    want = M.precision_recall_fscore_support(y, p, average="binary", zero_division=0)[:3]
    close(got[:3], want, name + ": point-wise P/R/F1")
    q = point_adjust(y, p, segs)
    check((nums(res["adjusted_pred"]) == q).all(), name + ": point-adjusted predictions")
    got = nums(res["adjusted"])
    want = M.precision_recall_fscore_support(y, q, average="binary", zero_division=0)[:3]
    close(got[:3], want, name + ": point-adjusted P/R/F1")
    best = rc.call(best_f1, y, s, segs)
    for a, key in ((0, "best_pointwise"), (1, "best_adjusted")):
        got = nums(res[key])
        f, t = best[a]
        close(got[0], t, "%s: %s threshold" % (name, key))
        close(got[3], f, "%s: %s F1" % (name, key))
        pred = (s >= got[0]).astype(int)
        if a:
            pred = point_adjust(y, pred, segs)
        close(got[3], M.f1_score(y, pred), "%s: %s F1 by sklearn at our threshold" % (name, key))
        print("%s: %s F1 %.6f at threshold %.6g" % (name, key, got[3], got[0]))
    print("%s: point-wise F1 %.6f, point-adjusted F1 %.6f" % (name, nums(res["pointwise"])[2],
                                                           nums(res["adjusted"])[2]))


def best_f1(y, s, segs):
    """The best F1, point-wise (0) and point-adjusted (1), and its threshold,
    by scanning every distinct score as a threshold."""
    P = y.sum()
    best = {0: (-1, None), 1: (-1, None)}
    for t in np.unique(s)[::-1]:
        pred = (s >= t).astype(int)
        tp = int((pred & y).sum())
        fp = int(pred.sum()) - tp
        f = f1_counts(tp, fp, P - tp)
        if f > best[0][0]:
            best[0] = (f, t)
        qa = point_adjust(y, pred, segs)
        tp = int((qa & y).sum())
        fp = int(qa.sum()) - tp
        f = f1_counts(tp, fp, P - tp)
        if f > best[1][0]:
            best[1] = (f, t)
    return best


def hitrate_ref(S, pred, segs, pct, per_step):
    d = S.shape[1]
    tot, wsum, used = 0.0, 0.0, 0
    for st, en, dims in segs:
        rows = [r for r in range(st, en + 1) if pred[r]]
        if not rows or not dims:
            continue
        agg = S[rows].max(axis=0)
        order = sorted(range(d), key=lambda j: (-agg[j], j))
        top = min(int(pct / 100 * len(dims)), d)
        hit = sum(1 for j in order[:top] if j + 1 in dims) / len(dims)
        w = len(rows) if per_step else 1
        tot += w * hit
        wsum += w
        used += 1
    return (tot / wsum if used else float("nan")), used


# ---------------------------------------------------------------- generated cases
rng = np.random.RandomState(20240601)

n = 500
y = (rng.rand(n) < 0.3).astype(int)
s = np.clip(0.3 * y + 0.7 * rng.rand(n), 0, 1)
case_class("binary", y, (s >= 0.5).astype(int), 2)
case_binary("binary", y, s, thresholds=[0.0, 0.25, 0.5, s[7], 0.99, 2.0])

y = rng.randint(0, 4, 600)
p = np.where(rng.rand(600) < 0.35, rng.randint(0, 3, 600), np.minimum(y, 2))
case_class("multiclass, class 3 never predicted", y, p, 4)
logits = rng.randn(600, 4) + 2.0 * np.eye(4)[y]
P = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
case_ovr("multiclass", y, P)

y = rng.randint(0, 4, 300)
p = np.where(rng.rand(300) < 0.4, rng.randint(0, 4, 300), y)
case_class("class 4 in neither", y, p, 5)
case_class("class 4 in neither, labels=range(5)", y, p, 5, all_classes=True)
P5 = np.exp(np.c_[logits[:300], np.full(300, -3.0)])
P5 /= P5.sum(1, keepdims=True)
case_ovr("class 4 in neither", y, P5)

y = (rng.rand(400) < 0.5).astype(int)
s = np.round(np.clip(0.2 * y + 0.8 * rng.rand(400), 0, 1), 1)
case_binary("tied scores", y, s, thresholds=[0.3, 0.5, 0.55])
case_class("tied scores", y, (s >= 0.5).astype(int), 2)

y = (rng.rand(2000) < 0.02).astype(int)
s = np.clip(0.25 * y + rng.beta(2, 5, 2000), 0, 1)
case_binary("imbalanced 2%", y, s, thresholds=[0.5, 0.7])
case_class("imbalanced 2%", y, (s >= 0.6).astype(int), 2)
case_anomaly("imbalanced 2%", y, (s >= 0.6).astype(int), s)

centers = rng.randn(4, 5) * 4
cls = rng.randint(0, 4, 300)
Xb = centers[cls] + rng.randn(300, 5)
clu = np.argmin(((Xb[:, None, :] - (centers + rng.randn(4, 5))[None]) ** 2).sum(2), axis=1)
case_cluster("blobs", cls, clu, 4, 4, Xb.astype(np.float32))

# ---------------------------------------------------------------- real data
smd = os.path.join(data, "smd")
xcsv = os.path.join(smd, "csv", "machine-1-6_test.csv")
if os.path.exists(xcsv):
    X = loadtxt(xcsv, delimiter=",", dtype="float64")
    Xtr = loadtxt(os.path.join(smd, "csv", "machine-1-6_train.csv"), delimiter=",", dtype="float64")
    y = loadtxt(os.path.join(smd, "csv", "machine-1-6_test_label.csv"), dtype="int64")
    aucs = [M.roc_auc_score(y, X[:, j]) if X[:, j].std() > 0 else 0.5 for j in range(X.shape[1])]
    col = int(np.argmax(aucs))
    s = X[:, col]
    p = (s >= np.percentile(s, 99)).astype(int)
    print("SMD machine-1-6: score = column %d (AUROC %.4f), %d steps, %d anomalous, %d predicted"
          % (col + 1, aucs[col], len(y), y.sum(), p.sum()))
    case_class("SMD", y, p, 2)
    case_binary("SMD", y, s, thresholds=[np.percentile(s, 50), np.percentile(s, 99), s.max()])
    case_anomaly("SMD", y, p, s)

    S = np.abs(X - np.median(Xtr, axis=0)).astype(np.float32)
    segs = []
    with open(os.path.join(smd, "ServerMachineDataset", "interpretation_label", "machine-1-6.txt")) as f:
        for line in f:
            if ":" in line:
                rng_, dims = line.strip().split(":")
                a, b = (int(v) for v in rng_.split("-"))
                segs.append((a, b, [int(v) for v in dims.split(",")]))
    segpath = os.path.join(tmpdir, "smd.segs")
    with open(segpath, "w") as f:
        for a, b, dims in segs:
            f.write("%d %d %s\n" % (a, b, ",".join(map(str, dims))))
    rowmax = S.max(axis=1)
    pred = (rowmax >= np.percentile(rowmax, 97)).astype(int)
    hpath = write("smd.hit", pred, S)
    for pct in (100, 150):
        res, _ = run("hitrate", S.shape[1], pct, segpath, hpath)
        if not res:
            continue
        got, got_step = nums(res["hitrate"]), nums(res["hitrate_step"])
        want = rc.call(hitrate_ref, S, pred, segs, pct, False)
        close(got, want, "SMD: HitRate@%d%%" % pct)
        close(got_step, rc.call(hitrate_ref, S, pred, segs, pct, True), "SMD: HitRate@%d%% per step" % pct)
        print("SMD machine-1-6: HitRate@%d%% = %.4f over %d detected segments" % (pct, got[0], int(got[1])))

    idx = np.arange(0, len(y), 16)
    clu = y[idx] * 2 + (X[idx, 0] > np.median(X[idx, 0])).astype(int)
    case_cluster("SMD every 16th row", y[idx], clu, 2, 4, X[idx].astype(np.float32))
else:
    print("note: no SMD data, real SMD cases skipped")

bgl = os.path.join(data, "loghub", "BGL", "BGL_2k.log_structured.csv")
if os.path.exists(bgl):
    with open(bgl, newline="") as f:
        rows = list(csv.DictReader(f))
    names = sorted(set(r["Label"] for r in rows))  # "-" (normal) sorts first
    cid = {nm: i for i, nm in enumerate(names)}
    k = len(names)
    y = np.array([cid[r["Label"]] for r in rows])
    ev = [r["EventId"] for r in rows]
    counts = {}
    for e, c in zip(ev[:1000], y[:1000]):
        counts.setdefault(e, np.zeros(k))[c] += 1
    p = np.array([int(np.argmax(counts[e])) if e in counts else cid["-"] for e in ev])
    print("BGL 2k: %d classes, %d predicted" % (k, len(set(p))))
    case_class("BGL", y, p, k)
    case_class("BGL, labels=range(k)", y, p, k, all_classes=True)
    P = np.array([(counts.get(e, np.zeros(k)) + 0.5) / (counts.get(e, np.zeros(k)).sum() + 0.5 * k) for e in ev])
    case_ovr("BGL", y, P)
    eids = sorted(set(ev))
    clu = np.array([eids.index(e) for e in ev])
    case_cluster("BGL classes x templates", y, clu, k, len(eids))
else:
    print("note: no BGL data, real BGL cases skipped")

print("%d checks, %d failed" % (checks, failures))
sys.exit(1 if failures else 0)
