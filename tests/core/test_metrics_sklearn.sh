#!/bin/sh
# tests/core/test_metrics_sklearn.sh - the core metrics against scikit-learn on
# generated cases and on predictions derived from real SMD and BGL data (see
# sklearn_metrics.py). Skips (77) without scikit-learn; the real cases are
# skipped inside the script when the shared data is absent.
. "$LL_SRCDIR/tests/lib.sh"
PY=/usr/bin/python3
# sklearn_metrics.py exits 77 without scikit-learn (found, not imported: an import
# here took ~1 s of CPU, and its references may come from LL_REFCACHE)
if [ ! -x "$PY" ]; then
	echo "SKIP: no $PY" >&2
	exit 77
fi
"$PY" "$LL_SRCDIR/tests/core/sklearn_metrics.py" "$LL_BUILDDIR/tests/core/metrics_driver" "${LL_DATA_DIR:-/nonexistent}"
