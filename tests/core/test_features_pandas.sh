#!/bin/sh
# tests/core/test_features_pandas.sh - numeric feature sets built by
# `loglab build` against a reference in pandas (features_pandas.py) on
# generated time-series tables (series_gen.py): irregular and repeated
# stamps, rows out of order, zones across DST, epoch seconds and
# milliseconds, sub-second steps, missing cells, counters that reset or
# wrap, long tables of several hosts; resampled by every aggregator, every
# NaN policy, windows, chronological splits, each normalisation. Every
# cell within 1e-9 (a float32 of it). Skipped (77) without numpy and
# pandas. LL_FEATURES_SEEDS="COUNT FIRST" runs another set (bench/FEATURES.md
# has the runs of thousands).
. "$LL_SRCDIR/tests/lib.sh"

# numpy and pandas found, not imported (an import took ~1 s of CPU, and the
# references may come from LL_REFCACHE)
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import importlib.util as u, sys
sys.exit(not (u.find_spec("numpy") and u.find_spec("pandas")))' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "SKIP: no python3 with numpy and pandas" >&2; exit 77; }
scratch features-pandas

# 300 tables; 100 in a sanitizer build (LL_SANITIZED=1), whose binary is
# there to catch memory errors on the same code paths, not to widen the
# search for wrong cells: its 300 starts of `loglab build` were 17.5 s of
# CPU, the third largest shell test of the ASan pass (bench/ISSUE18.md)
seeds="300 0"
[ "${LL_SANITIZED:-0}" = 1 ] && seeds="100 0"
set -- ${LL_FEATURES_SEEDS:-$seeds}
out=$(timeout 300 "$py" "$LL_SRCDIR/tests/core/features_pandas.py" "$LOGLAB" "$tmp" "$1" "$2" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -30
expect_eq "$rc" 0 "every feature matrix as pandas computes it"
expect_match "$out" "^$1 tables [(][0-9]* refused by both[)], 0 differ\$" "the summary"
finish
