#!/usr/bin/python3
"""tests/core/sklearn_agreement.py - the engine against scikit-learn on real rows.

Usage: sklearn_agreement.py DRIVER DATA_DIR
Runs tests/core/sklearn_driver and scikit-learn on SMD machine-1-6's test rows
(23,689 x 38, labels from machine-1-6_test_label.csv) and checks:
  - logistic regression: same objective (C = 0.1); coefficients within 0.1% (relative
    L2 distance), intercept within 0.02, training accuracy within 0.001;
  - k-means, k = 8, 10 restarts each: our inertia at most 1% above sklearn's best;
  - MLP (1 hidden layer of 32 ReLU, Adam 1e-3, batch 128, 10 epochs) trained on
    70% of the rows (shuffled with a fixed seed): accuracy on the other 30% within
    0.02 of MLPClassifier's.
Exit 0 pass, 1 fail, 77 when scikit-learn or the data is missing.
"""
import os
import subprocess
import sys

try:
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
except ImportError as e:
    print("SKIP: scikit-learn not importable:", e, file=sys.stderr)
    sys.exit(77)

driver, data = sys.argv[1], sys.argv[2]
xcsv = os.path.join(data, "smd", "csv", "machine-1-6_test.csv")
ycsv = os.path.join(data, "smd", "csv", "machine-1-6_test_label.csv")
if not os.path.exists(xcsv):
    print("SKIP: no SMD data at", xcsv, file=sys.stderr)
    sys.exit(77)

X = np.loadtxt(xcsv, delimiter=",", dtype=np.float64)
y = np.loadtxt(ycsv, dtype=np.int64)
failures = 0


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
        res[k] = [float(t) for t in v]
    return res


# Our engine reads the float32 values of the same text, as sklearn would see them in float32.
X32 = X.astype(np.float32).astype(np.float64)

# --- logistic regression ---
C = 0.1
lr = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(X32, y)
ours = run("logreg", xcsv, ycsv, C)
w_sk, w_ll = lr.coef_[0], np.array(ours["coef"])
rel = np.linalg.norm(w_ll - w_sk) / np.linalg.norm(w_sk)
acc_sk = lr.score(X32, y)
print(f"logreg: sklearn acc {acc_sk:.4f} intercept {lr.intercept_[0]:.4f} |w| {np.linalg.norm(w_sk):.4f}; "
      f"ours acc {ours['accuracy'][0]:.4f} intercept {ours['intercept'][0]:.4f}; relative coef distance {rel:.2e}")
check(rel < 1e-3, f"logistic regression coefficients within 0.1% (got {rel:.2e})")
check(abs(ours["intercept"][0] - lr.intercept_[0]) < 0.02, "logistic regression intercept within 0.02")
check(abs(ours["accuracy"][0] - acc_sk) <= 0.001, "logistic regression accuracy within 0.001")

# --- k-means ---
km = KMeans(n_clusters=8, n_init=10, algorithm="lloyd", random_state=0).fit(X32.astype(np.float32))
ours = run("kmeans", xcsv, 8, 10, 1)
ratio = ours["inertia"][0] / km.inertia_
print(f"kmeans k=8: sklearn best inertia {km.inertia_:.4f}, ours {ours['inertia'][0]:.4f} (ratio {ratio:.5f})")
check(ratio <= 1.01, f"k-means inertia within 1% of sklearn's best or lower (ratio {ratio:.5f})")

# --- MLP --- (rows shuffled once, written to a temporary copy the driver reads)
import tempfile
rng = np.random.RandomState(0)
perm = rng.permutation(len(y))
ntr = int(len(y) * 0.7)
with tempfile.TemporaryDirectory() as tmp:
    px, py = os.path.join(tmp, "x.csv"), os.path.join(tmp, "y.csv")
    np.savetxt(px, X32[perm], delimiter=",", fmt="%.9g")
    np.savetxt(py, y[perm], fmt="%d")
    ours = run("mlp", px, py, ntr, 32, 10)
Xp, yp = X32[perm], y[perm]
mlp = MLPClassifier(hidden_layer_sizes=(32,), solver="adam", learning_rate_init=1e-3, batch_size=128,
                    max_iter=10, random_state=1, tol=0, n_iter_no_change=1000)
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    mlp.fit(Xp[:ntr], yp[:ntr])
acc_sk = mlp.score(Xp[ntr:], yp[ntr:])
print(f"mlp 32 relu, 10 epochs, shuffled 70/30: sklearn test acc {acc_sk:.4f}, "
      f"ours {ours['test_accuracy'][0]:.4f} (majority class {1 - np.mean(yp[ntr:]):.4f})")
check(abs(ours["test_accuracy"][0] - acc_sk) <= 0.02, "MLP test accuracy within 0.02 of MLPClassifier's")

print(f"{failures} failed")
sys.exit(1 if failures else 0)
