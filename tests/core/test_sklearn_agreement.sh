#!/bin/sh
# tests/core/test_sklearn_agreement.sh - logistic regression (coefficients of
# the solver, and the untuned CLI), MLP defaults and k-means against
# scikit-learn on shared and generated tables (see sklearn_agreement.py).
# Skips (77) without the shared data or without scikit-learn.
. "$LL_SRCDIR/tests/lib.sh"
need_data
PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! "$PY" -c 'import sklearn, numpy' 2>/dev/null; then
	echo "SKIP: $PY cannot import scikit-learn" >&2
	exit 77
fi
"$PY" "$LL_SRCDIR/tests/core/sklearn_agreement.py" "$LL_BUILDDIR/tests/core/sklearn_driver" "$LOGLAB" "$LL_DATA_DIR"
