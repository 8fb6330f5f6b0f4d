#!/bin/sh
# test_break12.sh - a hostile user and environment meet the verbs (break12).
# - A run whose dataset became a folder or a FIFO is stale with the cause
#   named ("no log or table files found", "not a regular file"), not only
#   "can no longer be read", and not also "the label journal can no longer
#   be read", which it never was.
# - `runs` whose every run.json is unreadable says so, not "no runs yet".
# - `train --id-file` names an output as `report -o` does: a FIFO is written
#   into, a link stays a link (on main a regular file was renamed over them).
# - `predict --follow` of a FIFO is refused, and a FIFO renamed over the
#   followed file is passed over (on main both blocked in open for ever).
# - `eval` in a read-only workspace prints its metrics with a warning naming
#   RUN/eval-NAME (on main: exit 3, no metrics, the staging folder named).
# - `label --rows 5-3` and `--rows -1` say what is wrong with them, not
#   "outside the data's rows".
# - A run applied (predict, eval) to a file of one line scores it; on main
#   "split: 1 samples are too few to split 1/0/0".
# - `fetch --timeout 0` is refused with a message that does not allow 0.
# - predict and eval of an empty file say it is empty (exit 2), not that the
#   recipe does not fit (exit 1).
# - `label DATA --export DATA` or `--export DATA.labels` is refused (on main
#   the export replaced the data or the journal: every label lost).
# - `report -o loglab.json` (or a run's metrics.json) is refused (on main
#   the workspace file became HTML).
# - Under a small address-space limit loglab starts with
#   OPENBLAS_NUM_THREADS=1, as loglab(1) says (without it OpenBLAS 0.3.21's
#   start waits for ever: upstream OpenMathLib/OpenBLAS#5289).
# Every command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v mkfifo >/dev/null 2>&1 || { echo "SKIP: no mkfifo" >&2; exit 77; }

scratch break12
L() { timeout 60 "$LOGLAB" "$@"; }
kern_labelled "$tmp/k.tsv"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/k.tsv" 64
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err" || fail "train: $(cat "$tmp/err")"
R=$(ls "$W/runs")

# --- label --rows: a reversed range and a negative number say what they are
# (on main both said "is outside the data's 1..600 rows": strtoull read
# "-1" as 2^64-1)
run L label "$tmp/k.tsv" --rows 5-3 --set 1 --dry-run
expect_eq "$rc" 1 "label --rows 5-3: exit"
expect_match "$err" "--rows '5-3' ends before it starts" "label --rows 5-3: message"
run L label "$tmp/k.tsv" --rows -1 --set 1 --dry-run
expect_eq "$rc" 1 "label --rows -1: exit"
expect_match "$err" "--rows wants A-B, A- or N \(1-based\), got '-1'" "label --rows -1: message"
run L label "$tmp/k.tsv" --rows 1--5 --set 1 --dry-run
expect_match "$err" "--rows wants A-B, A- or N \(1-based\), got '1--5'" "label --rows 1--5: message"
run L label "$tmp/k.tsv" --rows 601 --set 1 --dry-run
expect_match "$err" "--rows '601' is outside the data's 1..600 rows" "label --rows 601: message"

# --- a run applied to a file of one line: scored (on main: "the run's recipe
# does not fit: split: 1 samples are too few to split 1/0/0", exit 1)
head -1 "$tmp/k.tsv" >"$tmp/one.tsv"
run L predict "$R" "$tmp/one.tsv" -w "$W"
expect_eq "$rc" 0 "predict a one-line file: exit"
expect_match "$out" "^1	" "predict a one-line file: its row scored"
run L eval "$R" "$tmp/one.tsv" -w "$W"
expect_eq "$rc" 0 "eval a one-line file: exit"
expect_match "$out" "labelled samples 1" "eval a one-line file: one sample"

# --- fetch --timeout 0: the message says 0 is not allowed (on main: "wants
# seconds between 0 and 604800, got '0'")
run L fetch --timeout 0 http://127.0.0.1:9/x
expect_eq "$rc" 1 "fetch --timeout 0: exit"
expect_match "$err" "--timeout wants seconds more than 0 and at most 604800 \(a week\), got '0'" "fetch --timeout 0: message"

# --- a run applied to an empty file: "empty", a data error (on main: "the
# run's recipe does not fit: text.column: the dataset has no rows", exit 1)
: >"$tmp/zero.log"
run L predict "$R" "$tmp/zero.log" -w "$W"
expect_eq "$rc" 2 "predict an empty file: exit"
expect_match "$err" "zero.log: the file is empty \(0 bytes\): no rows to score" "predict an empty file: message"
run L eval "$R" "$tmp/zero.log" -w "$W"
expect_eq "$rc" 2 "eval an empty file: exit"
expect_match "$err" "zero.log: the file is empty \(0 bytes\): no rows to score" "eval an empty file: message"

# --- label --export over the data being labelled or over its journal is
# refused and both stay as they were (on main the export replaced them: the
# journal's every label lost, "skipped damaged label record")
cp "$tmp/k.tsv" "$tmp/e.tsv"
L label "$tmp/e.tsv" --rows 1-5 --set 1 >/dev/null 2>&1
sum_before=$(cksum <"$tmp/e.tsv")$(cksum <"$tmp/e.tsv.labels")
run L label "$tmp/e.tsv" --export "$tmp/e.tsv"
expect_eq "$rc" 1 "export over the data: exit"
expect_match "$err" "e.tsv: --export would overwrite the data being labelled; name another file" "export over the data: message"
ln -s "$tmp/e.tsv" "$tmp/e.link"
run L label "$tmp/e.tsv" --export "$tmp/e.link"
expect_eq "$rc" 1 "export over the data through a link: exit"
run L label "$tmp/e.tsv" --export "$tmp/e.tsv.labels"
expect_eq "$rc" 1 "export over the journal: exit"
expect_match "$err" "e.tsv.labels: --export would overwrite the label journal; name another file" "export over the journal: message"
expect_eq "$(cksum <"$tmp/e.tsv")$(cksum <"$tmp/e.tsv.labels")" "$sum_before" "export over the data or journal: both unchanged"
run L label "$tmp/e.tsv" --export "$tmp/e.out"
expect_eq "$rc" 0 "export elsewhere: exit"

# --- report -o over the workspace's loglab.json or a file the report reads
# is refused, both unchanged (on main loglab.json became HTML: every verb
# then said "loglab.json:1:1: not valid JSON here"); a report kept in the
# run folder is written again
ws_sum=$(cksum <"$W/loglab.json")
run L report "$R" -w "$W" -o "$W/loglab.json"
expect_eq "$rc" 1 "report -o loglab.json: exit"
expect_match "$err" "loglab.json: -o would overwrite the workspace's loglab.json; name another file" "report -o loglab.json: message"
expect_eq "$(cksum <"$W/loglab.json")" "$ws_sum" "report -o loglab.json: unchanged"
m_sum=$(cksum <"$W/runs/$R/metrics.json")
run L report "$R" -w "$W" -o "$W/runs/$R/metrics.json"
expect_eq "$rc" 1 "report -o a run's metrics.json: exit"
expect_match "$err" "metrics.json: -o would overwrite a file of run $R it is made of" "report -o a run's metrics.json: message"
expect_eq "$(cksum <"$W/runs/$R/metrics.json")" "$m_sum" "report -o a run's metrics.json: unchanged"
run L report "$R" -w "$W" -o "$W/runs/$R/report.html"
expect_eq "$rc" 0 "report kept in the run folder: exit"
run L report "$R" -w "$W" -o "$W/runs/$R/report.html"
expect_eq "$rc" 0 "report kept in the run folder, again: exit"
rm -f "$W/runs/$R/report.html"

# --- a run's dataset replaced by a folder, then by a FIFO: the cause named ---
mv "$tmp/k.tsv" "$tmp/k.keep"
mkdir "$tmp/k.tsv"
run L runs -w "$W"
expect_eq "$rc" 0 "runs, dataset a folder: exit"
expect_match "$out" "stale: dataset can no longer be read \(.*k\.tsv: no log or table files found\)" \
	"runs, dataset a folder: the cause"
expect_no_match "$out" "label journal" "runs, dataset a folder: no word of a label journal"
rmdir "$tmp/k.tsv"
mkfifo "$tmp/k.tsv"
run L runs -w "$W"
expect_match "$out" "stale: dataset can no longer be read \(.*k\.tsv: not a regular file\)" \
	"runs, dataset a FIFO: the cause"
rm "$tmp/k.tsv"
mv "$tmp/k.keep" "$tmp/k.tsv"
run L runs -w "$W"
expect_no_match "$out" "stale" "runs, dataset back: not stale"

# --- every run.json unreadable: not "no runs yet" ---
mv "$W/runs/$R/run.json" "$tmp/run.keep"
mkfifo "$W/runs/$R/run.json"
run L runs -w "$W"
expect_eq "$rc" 0 "runs, run.json a FIFO: exit"
expect_match "$err" "run $R left out: .*run.json: not a regular file" "runs, run.json a FIFO: warned"
expect_no_match "$out" "no runs yet" "runs, run.json a FIFO: not 'no runs yet'"
expect_match "$out" "no readable runs in .*/runs \(1 left out\)" "runs, run.json a FIFO: says none readable"
rm "$W/runs/$R/run.json"
mv "$tmp/run.keep" "$W/runs/$R/run.json"

# --- train --id-file into a FIFO (a launcher reading the id) and through a
# link: written into them; on main the FIFO was replaced by a regular file
# (its reader waited for ever), and so would /dev/stdout have been, as root
mkfifo "$tmp/idp"
timeout 60 cat "$tmp/idp" >"$tmp/id.read" &
reader=$!
run L train lr -w "$W" --quiet --id-file "$tmp/idp"
expect_eq "$rc" 0 "train --id-file FIFO: exit"
wait $reader
expect_match "$(cat "$tmp/id.read")" '^[0-9]{8}-[0-9]{6}-lr' "train --id-file FIFO: the reader got the id"
checks=$((checks + 1))
[ -p "$tmp/idp" ] || fail "train --id-file FIFO: still a FIFO"
: >"$tmp/id.target"
ln -s "$tmp/id.target" "$tmp/id.link"
run L train lr -w "$W" --quiet --id-file "$tmp/id.link"
expect_eq "$rc" 0 "train --id-file a link: exit"
checks=$((checks + 1))
[ -L "$tmp/id.link" ] || fail "train --id-file a link: still a link"
expect_match "$(cat "$tmp/id.target")" '^[0-9]{8}-[0-9]{6}-lr' "train --id-file a link: the target got the id"
run L train lr -w "$W" --quiet --id-file "$tmp"
expect_eq "$rc" 3 "train --id-file a folder: exit"
expect_match "$err" "is a folder, not a file to write" "train --id-file a folder: message"

# --- predict --follow of a FIFO: refused as without --follow (on main it
# waited for a writer); a FIFO renamed over the followed file is passed over
# and the file renamed in after it is followed (on main the reopen blocked)
mkfifo "$tmp/p"
run L predict "$R" --follow "$tmp/p" -w "$W"
expect_eq "$rc" 3 "predict --follow FIFO: exit"
expect_match "$err" "p: not a regular file \(a pipe or a device: pipe it into loglab predict RUN --follow -\)" \
	"predict --follow FIFO: message"
G=$tmp/grow.log
head -3 "$tmp/k.tsv" >"$G"
"$LOGLAB" predict "$R" --follow "$G" -w "$W" >"$tmp/follow.out" 2>"$tmp/follow.err" &
fpid=$!
(sleep 90; kill -KILL $fpid 2>/dev/null) &
watchdog=$!
# wait_lines N: until the follower has printed N lines, at most 30 s
wait_lines() {
	i=0
	while [ "$(wc -l <"$tmp/follow.out" | tr -d ' ')" -lt "$1" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
sleep 1
sed -n 4p "$tmp/k.tsv" >>"$G"
wait_lines 1
mv "$G" "$G.1"
mkfifo "$G"
sleep 1
sed -n 5,6p "$tmp/k.tsv" >"$G.new"
mv "$G.new" "$G"
wait_lines 3
kill -INT $fpid 2>/dev/null
wait $fpid
follow_rc=$?
kill $watchdog 2>/dev/null
wait $watchdog 2>/dev/null
expect_eq "$follow_rc" 0 "predict --follow past a FIFO: stops cleanly on SIGINT"
expect_eq "$(cut -f1 "$tmp/follow.out" | tr '\n' ' ')" "4 1 2 " "predict --follow past a FIFO: the file after it followed"

# --- eval with the run folder on a read-only mount: the metrics printed, a
# warning naming RUN/eval-NAME (on main: exit 3 naming its staging folder
# RUN/eval-NAME.part-PID@HOST and no metrics)
if unshare -m sh -c 'd=$(mktemp -d) && mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" && umount "$d" && rmdir "$d"' 2>/dev/null; then
	printf '%s\n' "mount --bind '$W' '$W' && mount -o remount,bind,ro '$W' && cd '$tmp' &&" \
		"timeout 60 '$LOGLAB' eval '$R' '$tmp/k.tsv' -w '$W' >'$tmp/ro.out' 2>'$tmp/ro.err'; echo \$? >'$tmp/ro.rc'" \
		>"$tmp/ro.sh"
	unshare -m sh "$tmp/ro.sh"
	expect_eq "$(cat "$tmp/ro.rc")" 0 "eval, read-only run folder: exit"
	expect_match "$(cat "$tmp/ro.out")" "accuracy" "eval, read-only run folder: the metrics printed"
	expect_match "$(cat "$tmp/ro.err")" "warning: the results are not kept \(.*/runs/$R/eval-k\.tsv: cannot create it: Read-only file system\)" \
		"eval, read-only run folder: the warning names the folder"
	expect_no_match "$(cat "$tmp/ro.err")" "\.part-" "eval, read-only run folder: no staging name"
	checks=$((checks + 1))
	[ ! -e "$W/runs/$R/eval-k.tsv" ] || fail "eval, read-only run folder: nothing kept"
else
	echo "note: no mount namespace: the read-only eval checks skipped" >&2
fi

# The man page's way past OpenBLAS's start under `ulimit -v` (not in a
# sanitizer build: its shadow memory needs terabytes of address space).
if ldd "$LOGLAB" 2>/dev/null | grep -q 'lib[at]san'; then
	echo "note: sanitizer build: the ulimit -v check skipped" >&2
else
	printf 'ordinary\tone\nroot\ttwo\n' >"$tmp/small.tsv"
	out=$( (ulimit -v 200000 && OPENBLAS_NUM_THREADS=1 timeout 30 "$LOGLAB" info "$tmp/small.tsv") 2>&1)
	expect_eq "$?" 0 "ulimit -v 200000, OPENBLAS_NUM_THREADS=1: info exits 0"
	expect_match "$out" "rows: +2" "ulimit -v 200000, OPENBLAS_NUM_THREADS=1: info reads the file"
fi

finish
