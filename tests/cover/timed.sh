#!/bin/sh
# tests/cover/timed.sh - a LOG_COMPILER for tests/cover/regen.sh: runs one
# test (CMD... TEST, as automake's test driver calls it) and appends
# "user sys wall TEST" (its CPU seconds with its children's) to the file
# $LL_COVER_TIMES. With $LL_COVER_GCDA set, the test's .gcda files go under
# $LL_COVER_GCDA/NAME (GCOV_PREFIX; NAME the test's path with / as _): each
# test's coverage apart, however many tests run at once.
for last; do :; done
# the test's name in the lists: its path from tests/ on, whether the
# driver gives ./tests/..., ../SRCDIR/tests/... or an absolute path
case $last in
*/tests/*) test=tests/${last##*/tests/} ;;
*) test=$last ;;
esac
if [ -n "${LL_COVER_GCDA:-}" ]; then
	name=$(printf '%s\n' "$test" | tr / _)
	GCOV_PREFIX=$LL_COVER_GCDA/$name
	GCOV_PREFIX_STRIP=0
	export GCOV_PREFIX GCOV_PREFIX_STRIP
	mkdir -p "$GCOV_PREFIX"
fi
exec /usr/bin/time -a -o "${LL_COVER_TIMES:?}" -f "%U %S %e $test" "$@"
