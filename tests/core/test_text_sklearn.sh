#!/bin/sh
# tests/core/test_text_sklearn.sh - loglab's hashed n-gram counts and TF-IDF
# against scikit-learn's HashingVectorizer + TfidfTransformer on the raw
# lines of the ten loghub 2k logs (see tests/core/sklearn_text.py).
# Skips (77) when the shared data or sklearn (Debian's /usr/bin/python3) is missing.
. "$LL_SRCDIR/tests/lib.sh"
need_data
py=/usr/bin/python3
if [ ! -x "$py" ] || ! "$py" -c 'import sklearn' 2>/dev/null; then
	echo "SKIP: scikit-learn is not available for $py" >&2
	exit 77
fi
exec "$py" "$LL_SRCDIR/tests/core/sklearn_text.py" "$LL_BUILDDIR/tests/core/text_dump" "$LL_DATA_DIR/loghub"
