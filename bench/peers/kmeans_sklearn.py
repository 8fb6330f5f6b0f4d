#!/usr/bin/python3
"""bench/peers/kmeans_sklearn.py THREADS FILE N D K - sklearn KMeans (lloyd,
k-means++, n_init=1) on the float32 rows bench_models gen wrote: fit time,
iterations and inertia."""
import sys
import time

from common import cpu_s, peak_kib, threads

t = threads()
import numpy as np  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

path, n, d, k = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
km = KMeans(n_clusters=k, n_init=1, algorithm="lloyd", random_state=0)
with threadpool_limits(limits=t):
    t0, c0 = time.perf_counter(), cpu_s()
    km.fit(X)
    dt, dc = time.perf_counter() - t0, cpu_s() - c0
print(f"model=kmeans peer=sklearn threads={t} n={n} k={k} seconds={dt:.3f} cpu_seconds={dc:.3f} "
      f"iterations={km.n_iter_} inertia={km.inertia_:.6g} peak_kib={peak_kib()}")
