"""bench/peers/common.py - shared set-up of the Python peers of bench_models.

Thread counts must be fixed before numpy, scipy or torch load their BLAS, so
every peer calls threads() first. Data shapes follow bench_models.c; the
values are drawn by numpy (the rates do not depend on them).
"""
import os
import resource
import sys


def threads():
    n = sys.argv[1] if len(sys.argv) > 1 else "1"
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = n
    return int(n)


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def xy(n, d, seed=1):
    """Two classes split by a random hyperplane through Gaussian inputs."""
    import numpy as np
    rng = np.random.RandomState(seed)
    w = rng.randn(d)
    X = rng.randn(n, d).astype(np.float32)
    return X, (X @ w > 0).astype(np.int64)
