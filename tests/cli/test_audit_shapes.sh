#!/bin/sh
# tests/cli/test_audit_shapes.sh - logs in shapes real programs write that
# an audit found misread, each a few lines written here: what `loglab
# info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-audit-shapes-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# Android's logcat (threadtime) opens with a banner "--------- beginning of
# main": no header of a table lined up with blanks, the lines below a log
{
	echo '--------- beginning of main'
	i=0
	while [ $i -lt 12 ]; do
		echo "03-14 09:26:$((10 + i)).387  2466  2471 I ActivityManager: Start proc $i:com.android.chrome/u0a12 for activity"
		echo "03-14 09:26:$((10 + i)).512  1890  1890 W WifiStateMachine: setWifiState: enabled"
		i=$((i + 1))
	done
	echo '--------- beginning of crash'
	echo '03-14 09:26:59.001  2466  2466 E AndroidRuntime: FATAL EXCEPTION: main'
} >"$tmp/logcat.txt"
info "$tmp/logcat.txt"
expect_eq "$rc" 0 "logcat: info"
expect_match "$out" '^format: +log ' "logcat: a log"
expect_match "$out" '^header: +<time> <pid> <tid> <level> <component>: <message>$' "logcat: threadtime's fields"
expect_match "$out" '^rows: +27$' "logcat: a row a line"

finish
