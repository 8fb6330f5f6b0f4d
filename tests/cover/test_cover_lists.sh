#!/bin/sh
# tests/cover/test_cover_lists.sh - the lists of tests that ./quickstart
# test's valgrind pass and release shell pass leave out
# (tests/valgrind-covered-elsewhere.txt, tests/release-covered-elsewhere.txt;
# tests/cover/README) name only tests of their pass: a test renamed or
# removed makes a list stale, and this fails loudly rather than the pass
# silently running something else. Also tests/cover/filter.sh itself, on
# lists of its own: it prints the tests not listed, in order, and fails
# on a name that is not one of the tests.
. "$LL_SRCDIR/tests/lib.sh"
scratch coverlists

# make of the build tree, not the make running this test (its jobserver)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$LL_BUILDDIR" "$@"; }

all_c=$(mk print-c-tests)
all_sh=$(mk print-sh-tests)
expect_match "$all_c" 'tests/core/test_' "the C tests are listed by make"
for pass in valgrind release-sh; do
	case $pass in
	valgrind) list=$LL_SRCDIR/tests/valgrind-covered-elsewhere.txt all=$all_c ;;
	*) list=$LL_SRCDIR/tests/release-covered-elsewhere.txt all=$all_sh ;;
	esac
	run=$(mk print-$pass-tests 2>"$tmp/err")
	rc=$?
	expect_eq "$rc" 0 "make print-$pass-tests: $(cat "$tmp/err")"
	names=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list")
	# every test of the pass is either run or listed, never both (when
	# make printed the tests to run)
	[ "$rc" = 0 ] && for t in $all; do
		case " $run " in *" $t "*) r=1 ;; *) r=0 ;; esac
		case " $(echo $names) " in *" $t "*) l=1 ;; *) l=0 ;; esac
		[ "$r$l" = 10 ] || [ "$r$l" = 01 ] || fail "$pass: $t run $r, listed $l"
	done
	ok
	for n in $names; do
		case " $all " in *" $n "*) ok ;; *) fail "$list names $n, not a test of its pass" ;; esac
	done
done

# filter.sh on lists of its own
printf '# a comment\ntests/x/test_b\n\ntests/x/test_d  # why\n' >"$tmp/list"
out=$(sh "$LL_SRCDIR/tests/cover/filter.sh" "$tmp/list" tests/x/test_a tests/x/test_b tests/x/test_c tests/x/test_d)
expect_eq "$out" "tests/x/test_a tests/x/test_c" "filter.sh leaves out the listed tests, keeps the order"
out=$(sh "$LL_SRCDIR/tests/cover/filter.sh" "$tmp/list" tests/x/test_a tests/x/test_b 2>&1)
rc=$?
expect_eq "$rc" 1 "filter.sh fails on a listed name that is not a test"
expect_match "$out" "names tests/x/test_d, which is not one of" "filter.sh names the stale entry"
finish
