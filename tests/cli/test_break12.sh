#!/bin/sh
# test_break12.sh - a hostile user and environment meet the verbs (break12).
# - A run whose dataset became a folder or a FIFO is stale with the cause
#   named ("no log or table files found", "not a regular file"), not only
#   "can no longer be read", and not also "the label journal can no longer
#   be read", which it never was.
# - `runs` whose every run.json is unreadable says so, not "no runs yet".
# Every command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v mkfifo >/dev/null 2>&1 || { echo "SKIP: no mkfifo" >&2; exit 77; }

scratch break12
L() { timeout 60 "$LOGLAB" "$@"; }
# run CMD...: sets $rc, $out and $err (stdin empty)
run() {
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
kern_labelled "$tmp/k.tsv"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/k.tsv" 64
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err" || fail "train: $(cat "$tmp/err")"
R=$(ls "$W/runs")

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

finish
