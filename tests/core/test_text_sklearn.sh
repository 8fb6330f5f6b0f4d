#!/bin/sh
# tests/core/test_text_sklearn.sh - loglab's hashed n-gram counts and TF-IDF
# against scikit-learn's HashingVectorizer + TfidfTransformer on the raw
# lines of the ten loghub 2k logs (see tests/core/sklearn_text.py).
# Skips (77) when the shared data or sklearn (Debian's /usr/bin/python3) is missing.
. "$LL_SRCDIR/tests/lib.sh"
need_data
py=/usr/bin/python3
# sklearn_text.py exits 77 without scikit-learn (found, not imported: an
# import here took ~1 s of CPU, and its references may come from LL_REFCACHE)
if [ ! -x "$py" ]; then
	echo "SKIP: no $py" >&2
	exit 77
fi
exec "$py" "$LL_SRCDIR/tests/core/sklearn_text.py" "$LL_BUILDDIR/tests/core/text_dump" "$LL_DATA_DIR/loghub"
