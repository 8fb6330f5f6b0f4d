#!/bin/sh
# tests/cover/filter.sh LIST TEST... - prints the TESTs not named in LIST
# (tests/*-covered-elsewhere.txt: one test a line, # comments), in their
# order, on one line: the tests a pass of ./quickstart test runs. Fails, and
# says which, when LIST names a test that is not among the TESTs (renamed,
# removed, or a shell test in a list of C tests): a stale list must not
# silently leave a test out nor keep one in.
list=$1
shift
names=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list") || exit 1
stale=0
for n in $names; do
	found=0
	for t; do
		if [ "$t" = "$n" ]; then
			found=1
			break
		fi
	done
	if [ $found = 0 ]; then
		echo "filter.sh: $list names $n, which is not one of this pass's tests; regenerate it (tests/cover/README)" >&2
		stale=1
	fi
done
[ $stale = 0 ] || exit 1
out=
for t; do
	case " $(echo $names) " in
	*" $t "*) ;;
	*) out="$out${out:+ }$t" ;;
	esac
done
echo "$out"
