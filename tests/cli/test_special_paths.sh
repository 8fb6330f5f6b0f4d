#!/bin/sh
# test_special_paths.sh - names that are not regular files where loglab reads
# or writes one.
# Read: a FIFO as the label journal, as loglab.json, as a run's run.json, as
# DATA.classes or the TUI's config is refused or passed over (on main each
# open blocked for ever, waiting for a writer). Written: an export, a report
# or a fetch -o naming a device, a FIFO or a link to a pipe (/dev/stdout) is
# written into it (on main a regular file was renamed over it: as root,
# `--export /dev/null` replaced /dev/null). Two reports to one file at once
# both succeed and leave one whole report (on main they shared one
# temporary file and one could fail "No such file or directory").
# Every command runs under timeout: a hang fails.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
command -v mkfifo >/dev/null 2>&1 || { echo "SKIP: no mkfifo" >&2; exit 77; }

scratch special
L() { timeout 30 "$LOGLAB" "$@"; }
# run CMD...: sets $rc and $err (stdout discarded; stdin empty)
run() {
	"$@" </dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	err=$(cat "$tmp/err")
}
kern_labelled "$tmp/k.tsv"
W=$tmp/ws
mkdir "$W"
kern_lr_ws "$W" "$tmp/k.tsv" 64
L build t -w "$W" >/dev/null 2>"$tmp/err" || fail "build: $(cat "$tmp/err")"
L train lr -w "$W" --quiet >/dev/null 2>"$tmp/err" || fail "train: $(cat "$tmp/err")"
R=$(ls "$W/runs")

# --- reading: a FIFO is refused, not waited on ---
mkfifo "$tmp/fifo"
run L label "$tmp/k.tsv" --journal "$tmp/fifo"
expect_eq "$rc" 3 "label --journal FIFO: exit"
expect_match "$err" "fifo: the label journal must be a regular file" "label --journal FIFO: message"
run L label "$tmp/k.tsv" --rows 1-3 --set 1 --journal "$tmp/fifo"
expect_eq "$rc" 3 "label --set with a FIFO journal: exit"

mkdir "$tmp/wsf"
mkfifo "$tmp/wsf/loglab.json"
run L runs -w "$tmp/wsf"
expect_eq "$rc" 3 "loglab.json a FIFO: exit"
expect_match "$err" "wsf/loglab\.json: not a regular file" "loglab.json a FIFO: message"

mv "$W/runs/$R/run.json" "$tmp/run.json"
mkfifo "$W/runs/$R/run.json"
run L runs -w "$W"
expect_eq "$rc" 0 "run.json a FIFO: runs still lists"
expect_match "$err" "warning: run $R left out: .*/run\.json: not a regular file" "run.json a FIFO: named"
rm "$W/runs/$R/run.json"
mv "$tmp/run.json" "$W/runs/$R/run.json"

mkdir -p "$tmp/c/cfg/loglab"
cp "$tmp/k.tsv" "$tmp/c/k.tsv"
mkfifo "$tmp/c/k.tsv.classes" "$tmp/c/cfg/loglab/config"
XDG_CONFIG_HOME=$tmp/c/cfg timeout 30 "$LOGLAB" --dump-screen 10x80 --keys l "$tmp/c/k.tsv" </dev/null \
	>"$tmp/screen" 2>"$tmp/err"
expect_eq "$?" 0 "browser with a FIFO as DATA.classes and config: exit"
expect_match "$(cat "$tmp/screen")" "usb 1-1\.2" "browser with FIFOs: the rows shown"

# --- writing: into a FIFO, through a link to a pipe, into a device ---
L label "$tmp/k.tsv" --export "$tmp/want.tsv" >/dev/null 2>&1
L report "$R" -w "$W" -o "$tmp/want.html" >/dev/null 2>&1
for what in export report; do
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	timeout 30 cat "$tmp/fifo" >"$tmp/got" &
	reader=$!
	if [ $what = export ]; then
		run L label "$tmp/k.tsv" --export "$tmp/fifo"
		want=$tmp/want.tsv
	else
		run L report "$R" -w "$W" -o "$tmp/fifo"
		want=$tmp/want.html
	fi
	expect_eq "$rc" 0 "$what into a FIFO: exit ($err)"
	wait $reader
	checks=$((checks + 1))
	cmp -s "$tmp/got" "$want" || fail "$what into a FIFO: the reader got $(wc -c <"$tmp/got") bytes"
	checks=$((checks + 1))
	[ -p "$tmp/fifo" ] || fail "$what into a FIFO: the FIFO was replaced: $(ls -l "$tmp/fifo")"
	checks=$((checks + 1))
	ls "$tmp" | grep -q '\.tmp' && fail "$what into a FIFO: temporary left: $(ls "$tmp")"
done

# a link to this process's stdout, as /dev/stdout is
ln -s /proc/self/fd/1 "$tmp/stdout"
L label "$tmp/k.tsv" --export "$tmp/stdout" 2>"$tmp/err" | cat >"$tmp/got"
checks=$((checks + 1))
head -n 601 "$tmp/got" | cmp -s - "$tmp/want.tsv" || fail "export to a link to stdout: $(head -c 200 "$tmp/got")"
checks=$((checks + 1))
[ -L "$tmp/stdout" ] || fail "export to a link to stdout: the link was replaced"
L report "$R" -w "$W" -o "$tmp/stdout" 2>"$tmp/err" | cat >"$tmp/got"
checks=$((checks + 1))
grep -q '</html>' "$tmp/got" || fail "report to a link to stdout: $(head -c 200 "$tmp/got")"

# a device node (root only): still the device afterwards
if mknod "$tmp/null" c 1 3 2>/dev/null; then
	run L label "$tmp/k.tsv" --export "$tmp/null"
	expect_eq "$rc" 0 "export to a device: exit"
	run L report "$R" -w "$W" -o "$tmp/null"
	expect_eq "$rc" 0 "report to a device: exit"
	checks=$((checks + 1))
	[ -c "$tmp/null" ] || fail "the device was replaced: $(ls -l "$tmp/null")"
else
	echo "note: mknod not permitted here; the device case not tried" >&2
fi

# --- two reports to one file at once ---
failed=0 differ=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	L report "$R" -w "$W" -o "$tmp/r.html" >/dev/null 2>"$tmp/e1" &
	a=$!
	L report "$R" -w "$W" -o "$tmp/r.html" >/dev/null 2>"$tmp/e2" &
	b=$!
	wait $a || { failed=$((failed + 1)); cat "$tmp/e1" >&2; }
	wait $b || { failed=$((failed + 1)); cat "$tmp/e2" >&2; }
	cmp -s "$tmp/r.html" "$tmp/want.html" || differ=$((differ + 1))
done
expect_eq $failed 0 "two reports at once: every one succeeds"
expect_eq $differ 0 "two reports at once: one whole report"
checks=$((checks + 1))
ls "$tmp" | grep -q 'r\.html\.' && fail "two reports at once: temporaries left: $(ls "$tmp")"

finish
