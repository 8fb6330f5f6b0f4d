# tests/lib.sh - shared helpers for shell tests (CLI and tmux). Source it.
# Counts checks like harness.h; `finish` exits 0, 1, or 77 when skipped.
checks=0
failures=0
: "${LOGLAB:=$(pwd)/loglab}"

fail() { failures=$((failures + 1)); echo "FAILED: $*" >&2; }
ok() { checks=$((checks + 1)); }

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	checks=$((checks + 1))
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# expect_match TEXT REGEX WHAT
expect_match() {
	checks=$((checks + 1))
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: '$2' not found in: $(printf '%s' "$1" | head -c 400)"
}

# expect_no_match TEXT REGEX WHAT
expect_no_match() {
	checks=$((checks + 1))
	! printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: '$2' found in: $(printf '%s' "$1" | head -c 400)"
}

# expect_exit CODE WHAT -- CMD...
expect_exit() {
	want=$1; what=$2; shift 3
	"$@" >/dev/null 2>&1
	got=$?
	checks=$((checks + 1))
	[ "$got" = "$want" ] || fail "$what: exit $got, expected $want"
}

need_data() {
	if [ -z "${LL_DATA_DIR:-}" ] || [ ! -d "$LL_DATA_DIR" ]; then
		echo "SKIP: shared data folder not found" >&2
		exit 77
	fi
}

finish() {
	echo "$checks checks, $failures failed" >&2
	[ "$failures" -eq 0 ]
	exit $?
}

# For tests of what `loglab info` detects:
# info FILE: sets $out and $rc of `loglab info --all-columns FILE`
info() {
	out=$("$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# info_lazy FILE: the same through the line index (LOGLAB_LAZY_THRESHOLD=1),
# as a file too large to load is read
info_lazy() {
	out=$(LOGLAB_LAZY_THRESHOLD=1 "$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# first_fields FILE [LAZY]: the browser's fields view of FILE's first record
# into $out and $rc (through the line index when LAZY is given)
first_fields() {
	if [ -n "${2:-}" ]; then
		out=$(LOGLAB_LAZY_THRESHOLD=1 timeout 20 "$LOGLAB" --keys '<Enter>' --dump-screen 24x120 "$1" 2>&1 </dev/null)
	else
		out=$(timeout 20 "$LOGLAB" --keys '<Enter>' --dump-screen 24x120 "$1" 2>&1 </dev/null)
	fi
	rc=$?
}

# scratch NAME: sets $tmp to a new folder, removed when the test ends
scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-$1-XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM HUP
}

# col_is NAME TYPE WHAT: the info listing has column NAME of TYPE
col_is() {
	expect_match "$out" "^  $1 +$2\$" "$3: column $1 is $2"
}

# kern_labelled FILE: 600 kernel lines of 6 kinds as label<TAB>line, kind 6
# (an I/O error) the root cause (1), the rest 0; times Mar 2, hosts node0..2.
kern_labelled() {
	awk 'BEGIN {
	split("usb 1-1.2: new high-speed USB device number 15 using ehci-pci|e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex|[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.9 DST=10.0.0.7 PROTO=TCP|perf: interrupt took too long, lowering kernel.perf_event_max_sample_rate|EXT4-fs (sda1): mounted filesystem with ordered data mode|blk_update_request: I/O error, dev sdb, sector 1234 op 0x0:(READ)", msg, "|")
	for (i = 0; i < 600; i++) {
		k = (i * 7 + int(i / 13)) % 6 + 1
		printf "%d\tMar  2 %02d:%02d:%02d node%d kernel: [%d.%06d] %s\n", k == 6, int(i / 60) % 24, i % 60, (i * 17) % 60, i % 3, 259000 + i, (i * 7919) % 1000000, msg[k]
	}
}' >"$1"
}

# kern_lr_ws WS DATA FEATURES: WS/loglab.json of dataset kern (DATA, a
# kern_labelled file), feature set t (TF-IDF of FEATURES columns, binary
# target, chronological 70/30) and experiment lr (logistic regression).
kern_lr_ws() {
	printf '%s\n' '{ "version": 1,' \
		"  \"datasets\": {\"kern\": {\"path\": \"$2\"}}," \
		'  "featuresets": {"t": {"dataset": "kern", "target": "binary", "text": {"kind": "tfidf", "features": '"$3"'},' \
		'                        "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
		'  "experiments": {"lr": {"featureset": "t", "model": "logreg"}} }' >"$1/loglab.json"
}

# kern_messages_ws DIR WS: DIR/kern.labels, the classes of
# DIR/kern_labelled.tsv, and WS/loglab.json: dataset raw (DIR/kern.log with
# those labels), feature set msg (TF-IDF of its messages, binary target,
# chronological 70/30), experiment m (logistic regression).
kern_messages_ws() {
	cut -f1 "$1/kern_labelled.tsv" >"$1/kern.labels"
	printf '%s\n' '{ "version": 1,' \
	"  \"datasets\": {\"raw\": {\"path\": \"$1/kern.log\", \"labels\": \"$1/kern.labels\"}}," \
	'  "featuresets": {"msg": {"dataset": "raw", "target": "binary", "text": {"kind": "tfidf", "features": 1024},' \
	'                          "split": {"kind": "chronological", "train": 0.7, "test": 0.3}}},' \
	'  "experiments": {"m": {"featureset": "msg", "model": "logreg"}} }' >"$2/loglab.json"
}

# labelled_ws DIR: a workspace in DIR (made if missing) for the features
# view: app.tsv, 240 labelled lines (every eighth a disk error of class 1,
# 30, the rest 0), and loglab.json with feature set t (TF-IDF, 64 features,
# seed 1) and experiment tf (logreg) on it.
labelled_ws() {
	mkdir -p "$1"
	awk 'BEGIN {
		for (i = 0; i < 240; i++) {
			if (i % 8 == 3)
				printf "1\tdisk error on sd%c sector %d\n", 97 + i % 3, 1000 + i * 7
			else
				printf "0\tjob %d done in %d ms\n", i, 10 + (i * 13) % 97
		}
	}' >"$1/app.tsv"
	cat >"$1/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"app": {"path": "app.tsv"}},
	"featuresets": {"t": {"dataset": "app", "text": {"kind": "tfidf", "features": 64}, "seed": 1}},
	"experiments": {"tf": {"featureset": "t", "model": "logreg", "seed": 1}}
}
JSON
}

# slow_log [gaps]: a small MySQL slow query log on standard output: mysqld's
# banner, then six records of "# Time:", "# User@Host: ... Id:", "# Query_time:
# ... Rows_examined:" heads, "SET timestamp=" and a query (33 lines). With
# gaps, record 2 has a blank line before its query and record 4 writes no
# Query_time line (33 lines too), for tests of records without a key.
slow_log() {
	printf '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n'
	printf 'Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n'
	printf 'Time                 Id Command    Argument\n'
	for i in 1 2 3 4 5 6; do
		printf '# Time: 2026-12-06T07:0%s:01.123456Z\n' "$i"
		printf '# User@Host: app%s[app%s] @ web0%s [10.0.0.%s]  Id:    %s\n' "$i" "$i" "$i" "$i" "$((10 + i))"
		[ "${1:-}" = gaps ] && [ "$i" -eq 4 ] ||
			printf '# Query_time: %s.500000  Lock_time: 0.000045 Rows_sent: %s  Rows_examined: %s\n' "$i" "$i" "$((i * 1000))"
		printf 'SET timestamp=%s;\n' "$((1765004401 + i * 60))"
		[ "${1:-}" = gaps ] && [ "$i" -eq 2 ] && printf '\n'
		printf 'SELECT * FROM orders WHERE customer_id = %s;\n' "$i"
	done
}

# ci_build_log DIR: DIR/b.log, 600 lines of a build (every 10th a failure),
# and DIR/b.classes, their classes a line each (error, every 4th failure ok)
ci_build_log() {
	awk -v d="$1" 'BEGIN { for (i = 0; i < 600; i++) {
		if (i % 10 == 3) { print "2024-03-01T10:00:00Z error: build failed in module m" i % 7 > d "/b.log"
			print (i % 40 == 3 ? "ok" : "error") > d "/b.classes" }
		else { print "2024-03-01T10:00:00Z compiling file f" i " done" > d "/b.log"; print "ok" > d "/b.classes" } } }'
}

# run CMD...: runs CMD with empty stdin; sets $rc, $out and $err (through
# $tmp/out and $tmp/err: call scratch first)
run() {
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# escaped_classes_ws DIR: DIR/t.csv, 160 rows of two numbers and a label,
# classes normal, "a<TAB>b", "line<LF>next" and back\slash (quoted CSV
# cells), and DIR/loglab.json with dataset t, feature set f, experiment lr
escaped_classes_ws() {
	awk 'BEGIN { print "x0,x1,label"
	for (i = 0; i < 160; i++) {
		c = i % 4
		l = c == 0 ? "normal" : c == 1 ? "\"a\tb\"" : c == 2 ? "\"line\nnext\"" : "back\\slash"
		if (i % 20 == 1 || i % 20 == 2) l = "normal"
		printf "%d,%d,%s\n", c * 3 + i % 2, (i * 7) % 5, l } }' >"$1/t.csv"
	cat >"$1/loglab.json" <<'JSON'
{"version": 1, "datasets": {"t": {"path": "t.csv"}},
 "featuresets": {"f": {"dataset": "t"}},
 "experiments": {"lr": {"featureset": "f", "max_iter": 20}}}
JSON
}

# oom_minutes_ws DIR [hidden]: DIR/m.csv, 2 h of 1-second cpu/mem rows from
# 2026-12-06 10:00 with an oom incident at seconds 30-39 of minutes 3, 13,
# ...; with hidden, minute 95 (11:35) is as loaded as an incident for its
# first 10 s but labelled normal. DIR/loglab.json: feature set m_1min (cpu
# and mem down-sampled to 1 min means, chronological 50/50, zscore) and
# experiment lr (logreg, C 100, seed 1).
oom_minutes_ws() {
	awk -v hidden="${2:+1}" 'BEGIN { srand(7); print "time,cpu,mem,label"
	for (i = 0; i < 7200; i++) { m = int(i / 60); s = i % 60; inc = (m % 10 == 3 && s >= 30 && s < 40)
		hid = (hidden && m == 95 && s < 10)
		printf "2026-12-06 %02d:%02d:%02d,%.2f,%.2f,%s\n", 10 + int(m / 60), m % 60, s, (inc || hid ? 90 : 20) + rand() * 5, 40 + rand(), inc ? "oom" : "normal" } }' >"$1/m.csv"
	cat >"$1/loglab.json" <<'JSON'
{
	"version": 1,
	"datasets": {"m": {"path": "m.csv"}},
	"featuresets": {
		"m_1min": {"dataset": "m", "columns": "^(cpu|mem)$", "resample": {"interval": "1min", "agg": "mean"},
			"split": {"kind": "chronological", "train": 0.5, "test": 0.5}, "scale": "zscore"}
	},
	"experiments": {"lr": {"featureset": "m_1min", "model": "logreg", "C": 100, "seed": 1}}
}
JSON
}

# in_mount_namespace SCRIPT ARGS...: runs the calling test again inside a
# private mount namespace (unshare -m), where it may mount a tmpfs, full or
# read-only, of its own; exits 77 (skipped) where that is not allowed.
# Returns (in the namespace) when it is in one already.
in_mount_namespace() {
	[ -n "${LL_MOUNT_NS:-}" ] && return 0
	if ! unshare -m sh -c 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && mount -o remount,ro "$d" && umount "$d" && rmdir "$d"' 2>/dev/null; then
		echo "SKIP: cannot mount a tmpfs in a private mount namespace (unshare -m) here" >&2
		exit 77
	fi
	LL_MOUNT_NS=1 exec unshare -m sh "$@"
}
