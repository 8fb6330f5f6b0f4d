#!/usr/bin/python3
"""bench/peers/logreg_sklearn.py THREADS FILE N D K - sklearn LogisticRegression()
(lbfgs, C=1, tol=1e-4, max_iter=100) on the rows and labels bench_models genxy
wrote: fit time, iterations, the objective in loglab's form (sum of log-losses
plus ||W||^2 / 2) and training accuracy."""
import sys
import time

from common import cpu_s, peak_kib, threads

t = threads()
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

path, n, d, k = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
y = np.fromfile(path + ".y", dtype=np.int32, count=n)
m = LogisticRegression()
with threadpool_limits(limits=t):
    t0, c0 = time.perf_counter(), cpu_s()
    m.fit(X, y)
    dt, dc = time.perf_counter() - t0, cpu_s() - c0
p = m.predict_proba(X)
loss = -np.log(np.clip(p[np.arange(n), y], 1e-300, None)).sum() + 0.5 * (m.coef_.astype(np.float64) ** 2).sum()
print(f"model=logreg peer=sklearn threads={t} n={n} d={d} k={k} seconds={dt:.3f} cpu_seconds={dc:.3f} "
      f"iterations={int(m.n_iter_.max())} loss={loss:.8g} accuracy={m.score(X, y):.4f} peak_kib={peak_kib()}")
