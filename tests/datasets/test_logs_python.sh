#!/bin/sh
# tests/datasets/test_logs_python.sh - log lines of known fields in the
# shapes common tools write (logs_gen.py: syslog, RFC 5424, ISO stamps,
# Python logging, log4j, Spring Boot, Go's log, glog, access lines, logfmt,
# journalctl, dmesg, nginx and Apache error logs and eleven more), random
# but seeded, read back field by field (logs_python.py, table_dump): rows,
# time, level, host, program, pid and message. Skipped (77) without python3.
# Seeds 16..30 of every shape read right; other seeds hit the readings
# bench/UNSEEN_LOGS.md lists as left ("Generated lines of known fields"),
# most in files of 3 or 4 lines. LL_LOGS_SEEDS="FILES_PER_SHAPE FIRST"
# runs another set (by hand: "300 1000" prints the table there).
. "$LL_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }
dump=$LL_BUILDDIR/tests/datasets/table_dump
[ -x "$dump" ] || dump=./tests/datasets/table_dump
scratch logs-python

set -- ${LL_LOGS_SEEDS:-15 16}
out=$(timeout 300 python3 "$LL_SRCDIR/tests/datasets/logs_python.py" "$dump" "$tmp" "$1" "$2" 2>&1)
rc=$?
printf '%s\n' "$out" | tail -30
expect_eq "$rc" 0 "every field read as written"
expect_match "$out" "^[0-9]* files of [0-9]* shapes, 0 differ\$" "the summary"
finish
