#!/bin/sh
# Binary junk piped into loglab as "-" (/dev/urandom, gigabytes of
# /dev/zero) is refused from its first 64 KiB with the binary data message
# naming standard input, exit 2, by every verb that reads it (info, label,
# predict, eval) and by the browser - on main it was read to LOGLAB_MEMORY_MAX first. What stdin must
# still read is read: --format lines (within the memory limit), a gzip'd
# stream, UTF-16, text longer than 64 KiB. `predict --follow -` refuses a
# binary stream at its start, and a line that never ends past its start
# stops at the memory limit with a message saying it is binary. Bounded by
# timeout and a small memory limit: a failure ends soon.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
scratch stdin_binary
cd "$tmp" || exit 1
LOGLAB_MEMORY_MAX=256M
export LOGLAB_MEMORY_MAX
junk='-: binary data \(NUL byte at offset [0-9]+\): not a log or table; use --format lines'

for verb in "info" "label --templates" "-"; do
	if [ "$verb" = - ]; then set -- -; else set -- $verb -; fi
	head -c 1G /dev/zero | timeout 30 "$LOGLAB" "$@" >out 2>err
	expect_eq $? 2 "$verb of endless NULs: exit 2"
	expect_match "$(cat err)" "$junk" "$verb of endless NULs: binary data, naming standard input"
	timeout 30 "$LOGLAB" "$@" </dev/urandom >out 2>err
	expect_eq $? 2 "$verb of /dev/urandom: exit 2"
	expect_match "$(cat err)" "$junk" "$verb of /dev/urandom: binary data"
done
timeout 30 "$LOGLAB" - --dump-screen 10x80 </dev/urandom >out 2>err
expect_eq $? 2 "the browser's screen dump of /dev/urandom: exit 2"
expect_match "$(cat err)" "$junk" "the browser's screen dump: binary data"

# what must still be read
head -c 300000 /dev/zero | timeout 30 "$LOGLAB" info --format lines - >out 2>err
expect_eq $? 0 "--format lines reads binary bytes: $(cat err)"
expect_match "$(cat out)" '^rows: +1$' "--format lines: one line"
head -c 1G /dev/zero | LOGLAB_MEMORY_MAX=64M timeout 30 "$LOGLAB" info --format lines - >out 2>err
rc=$?
checks=$((checks + 1)); [ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "--format lines of endless NULs: exit $rc"
expect_match "$(cat err)" '^loglab: -: .*LOGLAB_MEMORY_MAX' "--format lines of endless NULs stops at the memory limit"
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "Jan  1 10:%02d:%02d web1 sshd[1]: session %d opened\n", i / 60 % 60, i % 60, i }' >app.log
expect_match "$(timeout 30 "$LOGLAB" info - <app.log)" '^rows: +5000$' "text longer than 64 KiB"
expect_match "$(gzip -c app.log | timeout 30 "$LOGLAB" info -)" '^rows: +5000$' "a gzip'd stream"
if printf 'a\n' | iconv -f UTF-8 -t UTF-16 >/dev/null 2>&1; then
	expect_match "$(iconv -f UTF-8 -t UTF-16 app.log | timeout 30 "$LOGLAB" info - 2>&1)" '^rows: +5000$' "a UTF-16 stream"
fi

# predict --follow -
awk 'BEGIN { for (i = 0; i < 600; i++) { c = i % 3
	printf "c%d\t%s job %d on node%d\n", c, (c == 0 ? "disk failure" : c == 1 ? "network timeout" : "job finished"), i, i % 7 } }' >ev.tsv
mkdir tw
cat >tw/loglab.json <<JSON
{"version": 1, "datasets": {"d": {"path": "$tmp/ev.tsv"}},
 "featuresets": {"t": {"dataset": "d", "text": {"kind": "tfidf"}}},
 "experiments": {"lr": {"featureset": "t", "model": "logreg", "review_folds": 0}}}
JSON
timeout 120 "$LOGLAB" train lr -w tw -q >/dev/null 2>&1
trun=$(ls tw/runs | head -1)
# predict and eval read with the run's format, yet judge what is piped in
for verb in predict eval; do
	timeout 30 "$LOGLAB" $verb "$trun" - -w tw </dev/urandom >out 2>err
	expect_eq $? 2 "$verb of /dev/urandom: exit 2"
	expect_match "$(cat err)" "$junk" "$verb of /dev/urandom: binary data"
done
expect_eq "$(timeout 30 "$LOGLAB" predict "$trun" - -w tw <ev.tsv | wc -l)" 601 "predict of piped text: a header and its 600 rows"
head -c 1G /dev/zero | timeout 30 "$LOGLAB" predict "$trun" --follow - -w tw >out 2>err
expect_eq $? 2 "--follow - of endless NULs: exit 2"
expect_match "$(cat err)" "$junk" "--follow - of endless NULs: binary data"
(printf 'disk failure job 1 on node3\n'; sleep 0.3; head -c 1G /dev/zero) | timeout 30 "$LOGLAB" predict "$trun" --follow - -w tw >out 2>err
expect_eq $? 2 "--follow - of a line, then NULs: exit 2"
expect_match "$(cat err)" '-: binary data \(NUL byte at offset 28\)' "the offset counts from the stream's start"
(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "disk failure job %d on node3\n", i }'; head -c 1G /dev/zero) |
	LOGLAB_MEMORY_MAX=64M timeout 30 "$LOGLAB" predict "$trun" --follow - -w tw >out 2>err
rc=$?
checks=$((checks + 1)); [ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "--follow - of text, then endless NULs: exit $rc"
expect_eq "$(wc -l <out)" 5000 "the text before the NULs is scored"
expect_match "$(cat err)" '^loglab: -: a line of [0-9]+ bytes without its end \(binary data: it holds NUL bytes\) needs .*LOGLAB_MEMORY_MAX' \
	"a line without end past the start: the memory limit, saying it is binary"
finish
