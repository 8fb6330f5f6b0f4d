#!/bin/sh
# tests/cli/test_journal_ref.sh - journals written by systemd itself
# (systemd-journal-remote, from an export stream made here) read as their
# `journalctl -o json` export does, and so do that stream and their
# `journalctl -o export` text: `loglab info` says the same of all
# (rows, every column and its type, the time range), in the regular and the
# compact layout, and a folder of them is one table merged by time.
# Skipped (77) where systemd-journal-remote or journalctl is missing.
. "$LL_SRCDIR/tests/lib.sh"

jr=
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && jr=$p && break
done
if [ -z "$jr" ] || ! command -v journalctl >/dev/null 2>&1; then
	echo "SKIP: systemd-journal-remote and journalctl are needed" >&2
	exit 77
fi

tmp=${TMPDIR:-/tmp}/ll-journal-$$
mkdir -p "$tmp/machine"
trap 'rm -rf "$tmp"' EXIT

# N entries from second S: varied fields, a repeated one, a multi-line
# message and one of bytes that are not text (export format: such a field
# is its NAME, a newline, its length in 64 bits and its bytes)
export_stream() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import struct, sys
n, s = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
for i in range(n):
    t = s * 1000000 + i * 1500000
    out.write(b"__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n" % (t, 1000000 + i * 1500000))
    out.write(b"_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=web1\n")
    out.write(b"PRIORITY=%d\nSYSLOG_IDENTIFIER=%s\n" % (i % 8, b"sshd" if i % 3 else b"cron"))
    if i % 10 == 3:
        v = b"first line %d\nsecond" % i
    elif i % 10 == 5:
        v = b"\x1b[1mbold\x1b[0m \xff %d" % i
    else:
        v = None
        out.write(b"MESSAGE=Accepted publickey for user%d from 10.0.0.%d port %d\n" % (i % 7, i % 250, 1024 + i))
    if v is not None:
        out.write(b"MESSAGE\n" + struct.pack("<Q", len(v)) + v + b"\n")
    if i % 25 == 7:
        out.write(b"TAG=a\nTAG=b\n")
    out.write(b"\n")
PY
}
export_stream 400 1700000000 >"$tmp/e.txt"

for compact in 0 1; do
	j=$tmp/c$compact.journal
	SYSTEMD_JOURNAL_COMPACT=$compact "$jr" --output="$j" --split-mode=none - <"$tmp/e.txt" >/dev/null 2>&1
	expect_eq "$?" 0 "systemd-journal-remote wrote the compact=$compact journal"
	journalctl -a --file "$j" -o json >"$tmp/c$compact.jsonl"
	# notes name their file: each its own
	a=$("$LOGLAB" info --all-columns "$j" | grep -v '^file:\|^format:' | sed "s|$j|FILE|" | sort)
	b=$("$LOGLAB" info --all-columns "$tmp/c$compact.jsonl" | grep -v '^file:\|^format:' |
		sed "s|$tmp/c$compact.jsonl|FILE|" | sort)
	expect_eq "$a" "$b" "compact=$compact: the journal and its journalctl export describe alike"
	expect_match "$a" '^rows: +400$' "compact=$compact: every entry"
	expect_match "$a" '^  __REALTIME_TIMESTAMP +time$' "compact=$compact: the realtime stamp is a time"
	expect_match "$a" '^  MESSAGE +text$' "compact=$compact: the message is text"
	expect_match "$a" 'key "MESSAGE": 40 values written as arrays of bytes' "compact=$compact: messages of bytes are text"
	case $a in *MESSAGE.0*) fail "compact=$compact: a column per byte" ;; *) ok ;; esac
	expect_match "$("$LOGLAB" info "$j")" '^format: +journal ' "compact=$compact: detected"
	# its `journalctl -o export` text reads as the journal does
	journalctl -a --file "$j" -o export >"$tmp/c$compact.export"
	c=$("$LOGLAB" info --all-columns "$tmp/c$compact.export" | grep -v '^file:\|^format:' |
		sed "s|$tmp/c$compact.export|FILE|" | sort)
	expect_eq "$c" "$a" "compact=$compact: the journal's export text describes alike"
	expect_match "$("$LOGLAB" info "$tmp/c$compact.export")" '^format: +journal-export ' \
		"compact=$compact: export text detected"
done
# the stream systemd-journal-remote took (no cursor: the stamps begin it)
c=$("$LOGLAB" info --all-columns "$tmp/e.txt" | grep -v '^file:\|^format:' | sed "s|$tmp/e.txt|FILE|" | sort)
expect_eq "$c" "$a" "the export stream describes as the journal made of it"


# a folder: two journals whose entries interleave in time, one set aside dirty
export_stream 30 1700000000 >"$tmp/a.txt"
export_stream 20 1700000001 >"$tmp/b.txt"
"$jr" --output="$tmp/machine/system.journal" --split-mode=none - <"$tmp/a.txt" >/dev/null 2>&1
"$jr" --output="$tmp/machine/user.journal" --split-mode=none - <"$tmp/b.txt" >/dev/null 2>&1
mv "$tmp/machine/user.journal" "$tmp/machine/user@0005ebbfd660bcbe-dbef2eee11f4b575.journal~"
out=$("$LOGLAB" info "$tmp/machine")
expect_match "$out" '^rows: +50$' "folder: both journals, the dirty one too"
expect_match "$out" 'rows merged by time' "folder: merged by time"

finish
