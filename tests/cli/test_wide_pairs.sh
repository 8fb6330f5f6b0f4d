#!/bin/sh
# tests/cli/test_wide_pairs.sh - logs whose lines carry many key=value
# pairs (logfmt of a service that logs every setting, CEF events with
# dozens of extensions): every key that most lines have is a column, up to
# the line formats' limit of fields (64), loaded and through the line index
# alike, not the first thirty and the rest left in the message.
. "$LL_SRCDIR/tests/lib.sh"

scratch wide-pairs

# lines N KEYS HEAD PAIR: N lines, each HEAD (printf format of the line
# number i) and KEYS pairs PAIR (printf format of key number j and i)
lines() {
	i=0
	while [ $i -lt "$1" ]; do
		printf "$3" $i $i $i
		j=0
		while [ $j -lt "$2" ]; do
			printf " $4" $j $j $i $((i * j))
			j=$((j + 1))
		done
		printf '\n'
		i=$((i + 1))
	done
}

# logfmt: time, level, msg and 50 numeric keys a line
lines 40 50 'time=2024-05-01T10:%02d:00Z level=info msg="tick %d"%.0s' 'k%02d=%.0s%.0s%d' >"$tmp/wide.logfmt"
info "$tmp/wide.logfmt"
expect_eq "$rc" 0 "logfmt: info"
expect_match "$out" '^rows: +40$' "logfmt: rows"
col_is k00 number logfmt
col_is k31 number logfmt
col_is k49 number logfmt
expect_match "$out" '^time: +2024-05-01 10:00:00 \.\. 2024-05-01 10:39:00$' "logfmt: times"
loaded=$out
info_lazy "$tmp/wide.logfmt"
expect_eq "$out" "$loaded" "logfmt: the line index reads the same"

# CEF: 45 extensions after rt and src
lines 30 45 'CEF:0|Vendor|Product|1.0|100|Event %d|5|rt=May 01 2024 10:%02d:00 src=10.0.0.%d' 'cs%d=val%d_%d%.0s' \
	>"$tmp/wide.cef"
info "$tmp/wide.cef"
expect_eq "$rc" 0 "cef: info"
expect_match "$out" '^rows: +30$' "cef: rows"
col_is cs0 text cef
col_is cs44 text cef
expect_match "$out" '^time: +2024-05-01 10:00:00 \.\. 2024-05-01 10:29:00$' "cef: rt is the time"
loaded=$out
info_lazy "$tmp/wide.cef"
expect_eq "$out" "$loaded" "cef: the line index reads the same"

finish
