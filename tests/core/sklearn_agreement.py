#!/usr/bin/python3
"""tests/core/sklearn_agreement.py - the engine against scikit-learn, defaults against defaults.

Usage: sklearn_agreement.py DRIVER LOGLAB DATA_DIR
Checks, printing every figure:
  - logistic regression with sklearn's defaults (C = 1, tol 1e-4, max_iter 100, lbfgs) through
    tests/core/sklearn_driver on shared/data tables (SMD machine-1-6's test rows, binary; ASD omi-1's
    test rows with its four anomaly types as classes, z-scored) and generated ones
    (make_classification, 3 and 5 classes; sklearn's bundled iris, wine and breast cancer tables,
    z-scored): where sklearn converges, every coefficient and intercept within 1e-4 of sklearn's,
    relative to the largest coefficient, and the same number of iterations to within 2;
  - the untuned CLI (loglab train, an experiment that names only its model) on iris, wine and
    breast cancer: a stratified 70/30 split given as a column, z-scored: logreg's test accuracy equals
    LogisticRegression()'s to within one sample, the MLP's is within 0.05 of MLPClassifier()'s
    (different random draws), and run.json says how training stopped;
  - k-means, k = 8, 10 restarts each, on SMD: our inertia at most 1% above sklearn's best;
  - an MLP of 32 ReLU (Adam 1e-3, batch 128, 10 epochs) on 70% of SMD's rows: test accuracy within
    0.02 of MLPClassifier's.
Exit 0 pass, 1 fail, 77 when scikit-learn or the data is missing.

sklearn's side (its fits and scores, and the tables it makes or z-scores for
the driver) is kept in LL_REFCACHE when set (tests/refcache.py), keyed by
this script, the data files' bytes and the versions of Python, numpy, scipy
and scikit-learn: the suite's second pass reads it, importing no sklearn.
"""
import importlib.util
import json
import os
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

driver, loglab, data = sys.argv[1], sys.argv[2], sys.argv[3]
xcsv = os.path.join(data, "smd", "csv", "machine-1-6_test.csv")
ycsv = os.path.join(data, "smd", "csv", "machine-1-6_test_label.csv")
if not os.path.exists(xcsv):
    print("SKIP: no SMD data at", xcsv, file=sys.stderr)
    sys.exit(77)
asd = os.path.join(data, "asd", "csv", "omi-1_test.csv")
asd_types = os.path.join(data, "asd", "anomaly_type.txt")
rc = refcache.for_script(__file__, inputs=[xcsv, ycsv] + ([asd, asd_types] if os.path.exists(asd) else []),
                         dists=["numpy", "scipy", "scikit-learn"])


def zscored(X):
    from sklearn.preprocessing import StandardScaler
    return StandardScaler().fit_transform(X)


def sk_table(name):
    """sklearn's bundled table name, z-scored: (X, y, X z-scored)."""
    from sklearn import datasets
    Xs, ys = getattr(datasets, "load_" + name.replace(" ", "_"))(return_X_y=True)
    return Xs, ys, zscored(Xs)

failures = 0
tmp = tempfile.mkdtemp(prefix="ll_sklearn_")


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def run(*args):
    out = subprocess.run([driver] + [str(a) for a in args], check=True, capture_output=True, text=True).stdout
    res = {}
    for line in out.splitlines():
        k, *v = line.split()
        res[k] = np.array([float(t) for t in v])
    return res


def f32(a):
    """The values our engine reads: the float32 nearest to each."""
    return np.asarray(a, dtype=np.float64).astype(np.float32).astype(np.float64)


# --- logistic regression: coefficients -------------------------------------------------------
def logreg_case(name, X, y):
    X = f32(X)
    px, py = os.path.join(tmp, "x.csv"), os.path.join(tmp, "y.csv")
    np.savetxt(px, X, delimiter=",", fmt="%.9g")
    np.savetxt(py, y, fmt="%d")

    def fit():
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always", ConvergenceWarning)
            sk = LogisticRegression().fit(X, y)
        conv = not any(issubclass(x.category, ConvergenceWarning) for x in w)
        return sk.coef_, sk.intercept_, int(sk.n_iter_[0]), conv, sk.score(X, y)
    coef, intercept, it_sk, sk_conv, sk_score = rc.get("logreg " + name, fit)
    ours = run("logreg", px, py, 1.0, 1e-4, 100)
    c_sk, c_ll = coef.ravel(), ours["coef"]
    scale = np.abs(c_sk).max()
    rel = np.abs(c_ll - c_sk).max() / scale
    rel_b = np.abs(ours["intercept"] - intercept).max() / scale
    it_ll = int(ours["iterations"][0])
    print(f"logreg {name}: {X.shape[0]} x {X.shape[1]}, {len(np.unique(y))} classes; iterations sklearn {it_sk} "
          f"(converged {sk_conv}) ours {it_ll} (converged {bool(ours['converged'][0])}); max coef diff "
          f"{rel:.2e}, intercept {rel_b:.2e} of max |coef| {scale:.3g}; train accuracy sklearn "
          f"{sk_score:.4f} ours {ours['accuracy'][0]:.4f}")
    if sk_conv:
        check(rel <= 1e-4 and rel_b <= 1e-4, f"logreg {name}: coefficients within 1e-4 of sklearn's")
        check(bool(ours["converged"][0]) and abs(it_ll - it_sk) <= 2, f"logreg {name}: converged like sklearn")
    else:
        check(not ours["converged"][0], f"logreg {name}: unconverged like sklearn (a warning, not a result)")


X = np.loadtxt(xcsv, delimiter=",", dtype=np.float64)
y = np.loadtxt(ycsv, dtype=np.int64)
logreg_case("SMD machine-1-6 test", X, y)

if os.path.exists(asd):
    Xa = np.loadtxt(asd, delimiter=",", dtype=np.float64)
    ya = np.zeros(len(Xa), dtype=np.int64)
    kinds = {"metric": 1, "temporal": 2, "metric-temporal": 3}
    with open(asd_types) as f:
        for line in f:
            p = line.strip().split(",")
            if len(p) == 3 and p[0] == "omi-1" and p[2] in kinds:
                a, b = (int(v) for v in p[1].split("-"))
                ya[a:b + 1] = kinds[p[2]]  # ASD's segments include their last row
    logreg_case("ASD omi-1 test, anomaly types", rc.get("asd z-scored", lambda: zscored(Xa)), ya)


def generated(k, seed):
    from sklearn.datasets import make_classification
    return make_classification(600, 12, n_informative=6, n_classes=k, random_state=seed)


for k, seed in ((3, 1), (5, 2)):
    Xg, yg = rc.get("generated %d %d" % (k, seed), lambda: generated(k, seed))
    logreg_case(f"generated {k} classes", Xg, yg)
for name in ("iris", "wine", "breast cancer"):
    Xs, ys, Zs = rc.get("table " + name, lambda: sk_table(name))
    logreg_case(name + " z-scored", Zs, ys)


# --- the untuned CLI against sklearn's defaults ------------------------------------------------
def sk_split(Xs, ys):
    from sklearn.model_selection import train_test_split
    return train_test_split(Xs, ys, test_size=0.3, stratify=ys, random_state=0)


def sk_accuracies(Xtr, Xte, ytr, yte):
    """LogisticRegression()'s and MLPClassifier()'s test accuracy, z-scored on the training rows."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler
    sc = StandardScaler().fit(f32(Xtr))
    A, B = sc.transform(f32(Xtr)), sc.transform(f32(Xte))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        acc_lr = LogisticRegression().fit(A, ytr).score(B, yte)
        acc_mlp = MLPClassifier(random_state=0).fit(A, ytr).score(B, yte)
    return acc_lr, acc_mlp


def cli_case(name, Xs, ys):
    Xtr, Xte, ytr, yte = rc.get("split " + name, lambda: sk_split(Xs, ys))
    ws = os.path.join(tmp, name.replace(" ", "_"))
    os.makedirs(ws, exist_ok=True)
    with open(os.path.join(ws, "table.csv"), "w") as f:
        f.write(",".join(f"f{j}" for j in range(Xs.shape[1])) + ",part,label\n")
        for part, XX, yy in (("train", Xtr, ytr), ("test", Xte, yte)):
            for row, lab in zip(XX, yy):
                f.write(",".join(f"{v:.9g}" for v in row) + f",{part},c{lab}\n")
    cfg = {"version": 1, "datasets": {"t": {"path": "table.csv"}},
           "featuresets": {"f": {"dataset": "t", "split": {"kind": "grouped", "group": "part"}, "scale": "zscore"}},
           "experiments": {"lr": {"featureset": "f", "model": "logreg"}, "mlp": {"featureset": "f", "model": "mlp"}}}
    with open(os.path.join(ws, "loglab.json"), "w") as f:
        json.dump(cfg, f)
    acc_lr, acc_mlp = rc.get("accuracies " + name, lambda: sk_accuracies(Xtr, Xte, ytr, yte))
    got = {}
    for exp in ("lr", "mlp"):
        out = subprocess.run([loglab, "train", exp, "--json", "--quiet"], cwd=ws, capture_output=True, text=True)
        if out.returncode != 0:
            check(False, f"{name}: loglab train {exp} exit {out.returncode}: {out.stderr.strip()}")
            return
        res = json.loads(out.stdout)
        test = res["metrics"]["parts"]["test"]
        with open(os.path.join(res["dir"], "run.json")) as f:
            rec = json.load(f)
        got[exp] = (test["accuracy"], test["samples"], rec)
    n_te = got["lr"][1]
    print(f"{name}: {len(ytr)}/{len(yte)} rows (ours {n_te} test); test accuracy logreg sklearn {acc_lr:.4f} "
          f"ours {got['lr'][0]:.4f} (solver {got['lr'][2]['solver']['iterations']} iterations); mlp sklearn "
          f"{acc_mlp:.4f} ours {got['mlp'][0]:.4f} ({got['mlp'][2]['epochs_done']} epochs, "
          f"{got['mlp'][2]['stop_reason']})")
    check(n_te == len(yte), f"{name}: the split given as a column is used as given")
    check(abs(got["lr"][0] - acc_lr) <= 1.0 / n_te + 1e-9, f"{name}: logreg test accuracy as sklearn's")
    check(got["mlp"][0] >= acc_mlp - 0.05, f"{name}: MLP test accuracy within 0.05 of MLPClassifier's")
    check(got["mlp"][2]["stop_reason"] in ("converged", "max_epochs") and got["mlp"][2]["epochs_done"] >= 1,
          f"{name}: run.json says how the MLP stopped")


for name in ("iris", "wine", "breast cancer"):
    Xs, ys, _ = rc.get("table " + name, lambda: sk_table(name))
    cli_case(name, Xs, ys)

# --- k-means ---
X32 = f32(X)


def sk_inertia():
    from sklearn.cluster import KMeans
    return KMeans(n_clusters=8, n_init=10, algorithm="lloyd", random_state=0).fit(X32.astype(np.float32)).inertia_


inertia = rc.get("kmeans", sk_inertia)
ours = run("kmeans", xcsv, 8, 10, 1)
ratio = ours["inertia"][0] / inertia
print(f"kmeans k=8: sklearn best inertia {inertia:.4f}, ours {ours['inertia'][0]:.4f} (ratio {ratio:.5f})")
check(ratio <= 1.01, f"k-means inertia within 1% of sklearn's best or lower (ratio {ratio:.5f})")

# --- MLP --- (rows shuffled once, written to a temporary copy the driver reads)
rng = np.random.RandomState(0)
perm = rng.permutation(len(y))
ntr = int(len(y) * 0.7)
px, py = os.path.join(tmp, "x.csv"), os.path.join(tmp, "y.csv")
np.savetxt(px, X32[perm], delimiter=",", fmt="%.9g")
np.savetxt(py, y[perm], fmt="%d")
ours = run("mlp", px, py, ntr, 32, 10)
Xp, yp = X32[perm], y[perm]


def sk_mlp():
    from sklearn.neural_network import MLPClassifier
    mlp = MLPClassifier(hidden_layer_sizes=(32,), solver="adam", learning_rate_init=1e-3, batch_size=128,
                        max_iter=10, random_state=1, tol=0, n_iter_no_change=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp.fit(Xp[:ntr], yp[:ntr])
    return mlp.score(Xp[ntr:], yp[ntr:])


acc_sk = rc.get("mlp", sk_mlp)
print(f"mlp 32 relu, 10 epochs, shuffled 70/30: sklearn test acc {acc_sk:.4f}, "
      f"ours {ours['test_accuracy'][0]:.4f} (majority class {1 - np.mean(yp[ntr:]):.4f})")
check(abs(ours["test_accuracy"][0] - acc_sk) <= 0.02, "MLP test accuracy within 0.02 of MLPClassifier's")

subprocess.run(["rm", "-rf", tmp])
print(f"{failures} failed")
sys.exit(1 if failures else 0)
