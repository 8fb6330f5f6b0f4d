#!/usr/bin/python3
"""bench/peers/mlp_sklearn.py THREADS EPOCHS - MLPClassifier 5x100 relu, 20 inputs,
batch 128, Adam 1e-3, no L2 (as bench_models mlp): training samples per second."""
import sys
import time

from common import cpu_s, peak_kib, threads, xy

t = threads()
import warnings  # noqa: E402

from sklearn.neural_network import MLPClassifier  # noqa: E402

epochs = int(sys.argv[2])
X, y = xy(65536, 20)
m = MLPClassifier(hidden_layer_sizes=(100,) * 5, activation="relu", solver="adam", alpha=0.0, batch_size=128,
                  learning_rate_init=1e-3, max_iter=epochs, shuffle=True, random_state=1, tol=0,
                  n_iter_no_change=10 ** 6)
t0, c0 = time.perf_counter(), cpu_s()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    m.fit(X, y)
dt, dc = time.perf_counter() - t0, cpu_s() - c0
print(f"model=mlp peer=sklearn threads={t} samples={len(y) * epochs} seconds={dt:.3f} cpu_seconds={dc:.3f} "
      f"samples_per_s={len(y) * epochs / dt:.0f} train_acc={m.score(X, y):.4f} peak_kib={peak_kib()}")
