#!/bin/sh
# tests/cli/test_records_size.sh - a log of multi-line records is read the
# same way whatever its size: `loglab info` gives the same format, header,
# columns and notes (counts aside) for a cut of 50 KB, read whole by the
# detector, and for cuts of 150, 212 and 300 KB, judged on the sample's head
# and three blocks from the middle, loaded and through the line index.
# The MySQL slow query log is told from its "# Time:" heads, each followed
# by "# User@Host:"; at 150 and 300 KB a block of the sample ends with a
# head, and that head was taken for one without its "# User@Host:" line:
# the file was plain lines. Records boxed by a rule above and one below
# have half their rules before a head, and at 212 KB a block that ends with
# the rule above a head left out put them under half: plain lines too. The
# logs come from tests/gen_multiline.sh.
. "$LL_SRCDIR/tests/lib.sh"

scratch records-size

# shape: $out without what grows with the file (its name, rows, time
# range, the counts in the notes)
shape() {
	printf '%s\n' "$out" | grep -v -e '^file:' -e '^rows:' -e '^time:' |
		sed -e 's#[^ ]*/[a-z]*-[0-9]*\.log#FILE#' -e 's/[0-9][0-9]*/N/g'
}

for kind in slow java python pg go boxed; do
	for size in 50000 150000 212000 300000; do
		sh "$LL_SRCDIR/tests/gen_multiline.sh" "$kind" "$size" 1 >"$tmp/$kind-$size.log"
	done
	for how in info info_lazy; do
		$how "$tmp/$kind-50000.log"
		expect_eq "$rc" 0 "$kind 50 KB ($how): exit"
		expect_match "$out" '^format: +log ' "$kind 50 KB ($how): a log"
		expect_match "$out" 'continuation lines took the time' "$kind 50 KB ($how): records"
		small=$(shape)
		for size in 150000 212000 300000; do
			$how "$tmp/$kind-$size.log"
			expect_eq "$rc" 0 "$kind $size ($how): exit"
			expect_eq "$(shape)" "$small" "$kind $size bytes ($how): read as at 50 KB"
		done
	done
done

# the slow log's own reading, at every size and on both paths
for size in 50000 150000 212000 300000; do
	for how in info info_lazy; do
		$how "$tmp/slow-$size.log"
		expect_match "$out" '^header: +# Time: <time> <message>$' "slow $size ($how): the header"
		col_is time time "slow $size ($how)"
	done
	# a format named by the user is read as records too
	out=$("$LOGLAB" info --format log "$tmp/slow-$size.log" 2>&1)
	expect_match "$out" 'continuation lines took the time' "slow $size (--format log): records"
	expect_match "$out" ': 3 lines did not match the log format \(first: line 1\)' \
		"slow $size (--format log): the banner alone"
done
finish
