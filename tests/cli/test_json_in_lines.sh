#!/bin/sh
# tests/cli/test_json_in_lines.sh - lines that carry a JSON record after a
# stamp and a word: the record is never read as a syslog program.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-json-in-lines-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# Fluentd's out_file: "time TAB tag TAB record"; the record's first key and
# its colon ({"method":) made a program before
i=0
while [ $i -lt 20 ]; do
	printf '2026-03-14T09:26:%02d+00:00\tapp.access\t{"method": "GET", "path": "/api/%d", "code": 200, "message": "handled"}\n' $i $i
	i=$((i + 1))
done >"$tmp/fluentd.log"
info "$tmp/fluentd.log"
expect_eq "$rc" 0 "fluentd: info"
expect_match "$out" '^rows: +20$' "fluentd: a row a line"
expect_match "$out" '^time: +2026-03-14 09:26:00 \.\. 2026-03-14 09:26:19$' "fluentd: its stamps"
checks=$((checks + 1))
printf '%s\n' "$out" | grep -q '^header:.*<program>' && fail "fluentd: a program made of the record: $out"

# a BSD syslog line with a record after the host keeps it whole as the
# message, among lines with a program
{
	echo 'Mar 14 09:26:10 web1 nginx[812]: GET /index.html 200'
	echo 'Mar 14 09:26:11 web1 {"event": "login", "user": "ana"}'
	echo 'Mar 14 09:26:12 web1 sshd[99]: Accepted publickey for ana'
} >"$tmp/sys.log"
info "$tmp/sys.log"
expect_match "$out" '^format: +syslog ' "syslog: still syslog"
out=$("$LOGLAB" --keys 'j<Enter>' --dump-screen 12x100 "$tmp/sys.log" 2>&1)
expect_match "$out" '^message +\{"event": "login", "user": "ana"\}' "syslog: the record after the host is the message"
expect_match "$out" '^host +web1' "syslog: the host stays"
finish
