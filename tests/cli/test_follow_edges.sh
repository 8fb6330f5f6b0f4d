#!/bin/sh
# predict --follow where a log ends unluckily: a file rotated while its last
# line had no end (the line is scored before the new file's: it was dropped
# on main), a file cut to nothing and written again (copytruncate: the new
# lines from row 1), a stream whose last line has no end. Each follower
# runs under timeout and is stopped by SIGINT once it scored what it should
# (or after 20 s): a hang fails, no check depends on timing.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

scratch follow-edges
L() { timeout 120 "$LOGLAB" "$@"; }
kern_labelled "$tmp/kern_labelled.tsv"
cut -f2 "$tmp/kern_labelled.tsv" >"$tmp/kern.log"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/kern_labelled.tsv" 512
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err"; expect_eq $? 0 "train: $(cat "$tmp/err")"
R=$(ls "$W/runs")
# the scores of kern.log's lines, column 3 of predict's TSV below its header
L predict "$R" "$tmp/kern.log" -w "$W" 2>/dev/null | sed 1d | cut -f3 >"$tmp/all.scores"

# start_follower FILE [--from-start]: follows FILE, output in follow.out;
# waits until it has read the file (its first note, or a second)
start_follower() {
	timeout 120 "$LOGLAB" predict "$R" --follow "$@" -w "$W" >"$tmp/follow.out" 2>"$tmp/follow.err" &
	fpid=$!
	sleep 1
}
# stop_after N: once the follower printed N lines (or after 20 s), SIGINT
stop_after() {
	i=0
	while [ "$(wc -l <"$tmp/follow.out" | tr -d ' ')" -lt "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	kill -INT $fpid 2>/dev/null
	wait $fpid 2>/dev/null
}

# rotation: line 2 had no end when the file was moved away
head -1 "$tmp/kern.log" >"$tmp/rot.log"
sed -n 2p "$tmp/kern.log" | tr -d '\n' >>"$tmp/rot.log"
start_follower "$tmp/rot.log" --from-start
mv "$tmp/rot.log" "$tmp/rot.log.1"
sed -n 3p "$tmp/kern.log" >"$tmp/rot.log"
stop_after 3
expect_eq "$(cut -f3 "$tmp/follow.out" | tr '\n' ' ')" "$(sed -n 1,3p "$tmp/all.scores" | tr '\n' ' ')" \
	"--follow: the rotated file's last line without its end is scored, then the new file's"
expect_eq "$(cut -f1 "$tmp/follow.out" | tr '\n' ' ')" "1 2 1 " "--follow: rows counted per file across a rotation"

# copytruncate: cut to nothing, then written again
head -5 "$tmp/kern.log" >"$tmp/cut.log"
start_follower "$tmp/cut.log"
: >"$tmp/cut.log"
sed -n 6,7p "$tmp/kern.log" >>"$tmp/cut.log"
stop_after 2
expect_eq "$(cut -f1,3 "$tmp/follow.out" | tr '\t\n' ': ')" "1:$(sed -n 6p "$tmp/all.scores") 2:$(sed -n 7p "$tmp/all.scores") " \
	"--follow: a file cut short is read again from its start"

# rewritten in place past what was read, with no moment shorter (copytruncate
# and a burst of lines within one poll): the bytes before the offset read
# are another file's, so it is read again from its start (it was read on
# from the old offset, into the middle of a new line)
head -5 "$tmp/kern.log" >"$tmp/cut2.log"
sed -n 6,20p "$tmp/kern.log" >"$tmp/new.log"
[ "$(wc -c <"$tmp/new.log")" -gt "$(wc -c <"$tmp/cut2.log")" ] || fail "the rewrite is longer than the file"
start_follower "$tmp/cut2.log"
dd if="$tmp/new.log" of="$tmp/cut2.log" bs=1M conv=notrunc 2>/dev/null
stop_after 15
expect_eq "$(cut -f1,3 "$tmp/follow.out" | tr '\t\n' ': ')" "$(sed -n 6,20p "$tmp/all.scores" | awk '{printf "%d:%s ", NR, $0}')" \
	"--follow: a file rewritten in place past what was read is read again from its start"

# a stream whose last line has no end: scored when the stream ends
{ head -2 "$tmp/kern.log"; sed -n 3p "$tmp/kern.log" | tr -d '\n'; } | L predict "$R" --follow - -w "$W" >"$tmp/stream.out" 2>"$tmp/err"
expect_eq $? 0 "--follow - of a stream without a last line break: $(cat "$tmp/err")"
expect_eq "$(cut -f3 "$tmp/stream.out" | tr '\n' ' ')" "$(sed -n 1,3p "$tmp/all.scores" | tr '\n' ' ')" \
	"--follow -: the last line without its end is scored"
finish
