#!/bin/sh
# tests/cover/regen.sh PASS [WORKDIR] - rewrites the list of tests a pass of
# ./quickstart test leaves out because other tests of that pass reach every
# line they reach (tests/cover/README). PASS is
#   valgrind: the C tests under valgrind; list tests/valgrind-covered-elsewhere.txt
#   release:  the release build's shell tests; list tests/release-covered-elsewhere.txt
# Run from the source tree, after adding or changing tests, on a quiet host
# (the costs are measured CPU seconds); then commit the list. WORKDIR
# (default build-cover) gets a coverage build (cov/), a release build
# (rel/) and the measurements. Takes about an hour of CPU for either pass.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
pass=${1:?usage: tests/cover/regen.sh valgrind|release [WORKDIR]}
work=${2:-build-cover}
mkdir -p "$work"
work=$(cd "$work" && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
[ -x configure ] || ./bootstrap

build() { # DIR CONFIGURE-ARGS...: configure once, build the program and the test programs
	dir=$1
	shift
	mkdir -p "$dir"
	[ -f "$dir/Makefile" ] || (cd "$dir" && "$top/configure" -q "$@")
	make -s -C "$dir" -j"$jobs" check TESTS= >/dev/null
}
build "$work/cov" --enable-mpi CFLAGS="-O0 -g0 --coverage" LDFLAGS="--coverage"
build "$work/rel" --enable-mpi CFLAGS="-g1 -O2"

case $pass in
valgrind)
	tests=$(make -s -C "$work/rel" print-c-tests)
	list=tests/valgrind-covered-elsewhere.txt
	what="C tests left out of the valgrind pass of ./quickstart test (Makefile.am print-valgrind-tests)"
	# the lines each test executes as the valgrind pass runs it (LL_VALGRIND's sizes)
	rm -rf "$work/gcda-$pass" "$work/times-cov-$pass.txt"
	env LL_VALGRIND=1 LL_COVER_GCDA="$work/gcda-$pass" LL_COVER_TIMES="$work/times-cov-$pass.txt" \
		make -C "$work/cov" -j"$jobs" check TESTS="$tests" LOG_COMPILER="$top/tests/cover/timed.sh" \
		TEST_SUITE_LOG=cover-$pass.log >/dev/null || echo "regen.sh: some tests failed in the coverage build"
	# the cost: each test's CPU under valgrind, with quickstart's options
	rm -f "$work/times-$pass.txt"
	env LL_VALGRIND=1 LL_COVER_TIMES="$work/times-$pass.txt" \
		make -C "$work/rel" -j"$jobs" check TESTS="$tests" LOG_COMPILER="$top/tests/cover/timed.sh valgrind" \
		AM_LOG_FLAGS="-q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --child-silent-after-fork=yes" \
		TEST_SUITE_LOG=cost-$pass.log >/dev/null || echo "regen.sh: some tests failed under valgrind"
	;;
release)
	tests=$(make -s -C "$work/rel" print-sh-tests)
	list=tests/release-covered-elsewhere.txt
	what="shell tests left out of the release pass of ./quickstart test (Makefile.am print-release-sh-tests); the ASan pass runs them"
	rm -rf "$work/gcda-$pass" "$work/times-cov-$pass.txt" "$work/refcache"
	env LL_COVER_GCDA="$work/gcda-$pass" LL_COVER_TIMES="$work/times-cov-$pass.txt" \
		make -C "$work/cov" -j"$jobs" check TESTS="$tests" SH_LOG_COMPILER="$top/tests/cover/timed.sh /bin/sh" \
		TEST_SUITE_LOG=cover-$pass.log >/dev/null || echo "regen.sh: some tests failed in the coverage build"
	# the cost: each test's release CPU with the Python references already
	# computed (LL_REFCACHE), as what a test left out saves: its references
	# are then computed by the ASan pass instead of read there
	mkdir -p "$work/refcache"
	make -C "$work/rel" -j"$jobs" check TESTS="$tests" LL_REFCACHE="$work/refcache" \
		TEST_SUITE_LOG=refs-$pass.log >/dev/null || true
	rm -f "$work/times-$pass.txt"
	env LL_COVER_TIMES="$work/times-$pass.txt" \
		make -C "$work/rel" -j"$jobs" check TESTS="$tests" LL_REFCACHE="$work/refcache" \
		SH_LOG_COMPILER="$top/tests/cover/timed.sh /bin/sh" \
		TEST_SUITE_LOG=cost-$pass.log >/dev/null || echo "regen.sh: some tests failed in the release build"
	;;
*)
	echo "regen.sh: PASS is valgrind or release" >&2
	exit 2
	;;
esac
python3 tests/cover/lines.py "$work/gcda-$pass" "$top" "$work/lines-$pass.json"
python3 tests/cover/choose.py "$work/lines-$pass.json" "$work/times-$pass.txt" "$list" "$what"
