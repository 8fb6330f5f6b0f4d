#!/bin/sh
# tests/core/test_sklearn_agreement.sh - logistic regression (coefficients of
# the solver, and the untuned CLI), MLP defaults and k-means against
# scikit-learn on shared and generated tables (see sklearn_agreement.py).
# Skips (77) without the shared data or without scikit-learn.
. "$LL_SRCDIR/tests/lib.sh"
need_data
PY=/usr/bin/python3
# sklearn_agreement.py exits 77 without scikit-learn (found, not imported: an import
# here took ~1 s of CPU, and its references may come from LL_REFCACHE)
if [ ! -x "$PY" ]; then
	echo "SKIP: no $PY" >&2
	exit 77
fi
"$PY" "$LL_SRCDIR/tests/core/sklearn_agreement.py" "$LL_BUILDDIR/tests/core/sklearn_driver" "$LOGLAB" "$LL_DATA_DIR"
