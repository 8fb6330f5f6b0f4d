#!/bin/sh
# A file of no stated size holding endless binary bytes (/proc/self/pagemap,
# whose stated size is 0): refused as binary data from its first bytes,
# naming the file, at once - on main it was read to the memory limit (8 GiB
# on a 16 GiB machine) before being judged. With --format lines it is read
# within LOGLAB_MEMORY_MAX and refused there, naming the file and the limit.
# Text of no stated size (/proc/self/status) is still read. Bounded by
# timeout and a small memory limit: a failure ends soon.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
P=/proc/self/pagemap
{ [ -r "$P" ] && [ "$(stat -c %s "$P" 2>/dev/null)" = 0 ] && dd if="$P" bs=8 count=1 of=/dev/null 2>/dev/null; } ||
	{ echo "SKIP: no readable $P of size 0" >&2; exit 77; }

scratch unsized_binary
LOGLAB_MEMORY_MAX=64M timeout 60 "$LOGLAB" info "$P" >"$tmp/out" 2>"$tmp/err"
expect_eq $? 2 "info of $P: exit 2"
expect_match "$(cat "$tmp/err")" "$P: binary data \(NUL byte at offset [0-9]+\): not a log or table; use --format lines" \
	"info of $P names the file as binary data"
LOGLAB_MEMORY_MAX=64M timeout 60 "$LOGLAB" info "$P" --format lines >"$tmp/out" 2>"$tmp/err"
rc=$?
checks=$((checks + 1)); [ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "info --format lines of $P: exit $rc"
expect_match "$(cat "$tmp/err")" "$P: .*LOGLAB_MEMORY_MAX" "info --format lines of $P stops at the memory limit, naming the file"
LOGLAB_MEMORY_MAX=64M timeout 60 "$LOGLAB" info /proc/self/status >"$tmp/out" 2>"$tmp/err"
expect_eq $? 0 "info of /proc/self/status: $(cat "$tmp/err")"
finish
