#!/bin/sh
# tests/datasets/test_evtx_samples.sh - real Windows event logs (the samples
# of the evtx crate, omerbenamram/evtx: Security, System, Sysmon, CAPI2 with
# UserData, dirty files, VSS copies with bad checksums, a bad chunk magic,
# a bad string cache, records cut short) read through `loglab info`: the
# events each holds against the counts that crate's own tests state for
# it. Skipped (77) when no copy of that repository is at hand: point
# LL_EVTX_REPO at a clone (its samples are in git, not Git LFS, but for a
# few that this test leaves out).
. "$LL_SRCDIR/tests/lib.sh"

repo=${LL_EVTX_REPO:-$LL_SRCDIR/../.mirror/omerbenamram+evtx/repo}
if ! git -C "$repo" cat-file -e HEAD:samples/security.evtx 2>/dev/null; then
	echo "SKIP: no copy of the evtx crate's samples (LL_EVTX_REPO)" >&2
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-evtx-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# sample events (the evtx crate's ok count; its errors are records this
# reader skips or never reaches), more where a record's header is damaged
# and this reader goes on at the next whole record where the crate and
# python-evtx stop: the VSS copies (41 and 21 more events, ids unique,
# each shaped as the log's sound events of its id), the bad chunk magic
# (31 more) and the event Windows wrote with a size of zero (it and the
# 114 after it in its chunk, ids 3 to 117 that the chunk header counts)
while read -r name events; do
	git -C "$repo" show "HEAD:samples/$name" >"$tmp/log.evtx" 2>/dev/null || continue
	info "$tmp/log.evtx"
	expect_eq "$rc" 0 "$name: info"
	expect_match "$out" '^format: +evtx' "$name: an event log"
	expect_match "$out" "^rows: +$events\$" "$name: events"
	col_is System.TimeCreated.SystemTime time "$name"
done <<'LIST'
sample-with-irregular-bool-values.evtx 3028
2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx 1951
2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx 1795
2-vss_7-System.evtx 1160
sample_with_a_bad_chunk_magic.evtx 301
sample-with-zero-data-size-event.evtx 450
Microsoft-Windows-HelloForBusiness%4Operational.evtx 6
Microsoft-Windows-LanguagePackSetup%4Operational.evtx 17
E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx 1146
E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx 340
E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx 459
Application_no_crc32.evtx 17
post-Security.evtx 126
LIST

# a Security log: the events' named values are columns
git -C "$repo" show HEAD:samples/security.evtx >"$tmp/Security.evtx"
info "$tmp/Security.evtx"
expect_match "$out" '^rows: +2261$' "security: events"
col_is EventData.SubjectUserName text security
expect_match "$out" 'not closed cleanly \(dirty\)' "security: dirty said"
# its copy whose string tables are damaged (header checksum wrong, the
# records' right) reads alike, and says so
git -C "$repo" show HEAD:samples/security_bad_string_cache.evtx >"$tmp/cache.evtx"
info "$tmp/cache.evtx"
expect_match "$out" '^rows: +2261$' "bad string cache: events"
expect_match "$out" "1 chunk whose header checksum is wrong but whose records' checksum holds read" \
	"bad string cache: said"
# Sysmon: its event fields (EventData.Image...) and the chunks a dirty file
# left without their signature
git -C "$repo" show HEAD:samples/sysmon.evtx >"$tmp/sysmon.evtx"
info "$tmp/sysmon.evtx"
expect_match "$out" '^rows: +358$' "sysmon: events"
col_is EventData.Image text sysmon
expect_match "$out" '7 chunks without the chunk signature skipped' "sysmon: damage counted"
# the record Windows wrote with a size of zero: read, and so are the ones
# after it, and said
git -C "$repo" show HEAD:samples/sample-with-zero-data-size-event.evtx >"$tmp/zero.evtx"
info "$tmp/zero.evtx"
expect_match "$out" '^rows: +450$' "zero size: events"
expect_match "$out" '1 damaged record header read past' "zero size: said"
# a copy cut in the middle reads the chunks before the cut
head -c 300000 "$tmp/Security.evtx" >"$tmp/cut.evtx"
info "$tmp/cut.evtx"
expect_eq "$rc" 0 "cut: info"
expect_match "$out" 'the file ends inside a chunk \(truncated\)' "cut: said"
finish
