#!/bin/sh
# tests/cli/test_journey13.sh - what the thirteenth journey met on data
# nobody here had used (notes/journey13-report.md), each sample made up
# here in its shape: what `loglab info` makes of them.
. "$LL_SRCDIR/tests/lib.sh"

scratch journey13

# Records without a header whose first field is the epoch to the
# millisecond or microsecond (a web server's "$msec<TAB>$remote_addr...",
# a tracer's -ttt clock): that column is the time, as under a header "ts".
awk 'BEGIN { for (i = 0; i < 200; i++) printf "%d.%03d\t127.0.0.1\t%d\t%.3f\t/p/%d\n",
	1796656942 + int(i / 4), (i * 251 + 7) % 1000, i % 9 ? 200 : 502, (i % 13) / 100, i }' >"$tmp/msec.tsv"
for how in info info_lazy; do
	$how "$tmp/msec.tsv"
	expect_eq "$rc" 0 "headerless records dated by epoch ($how): exit"
	expect_match "$out" '^  col1 +time$' "headerless records dated by epoch ($how): the first column a time"
	expect_match "$out" '^time: +2026-12-07 15:22:22\.007000 \.\. 2026-12-07 15:23:11\.956000$' "headerless records dated by epoch ($how): its range"
done
# ... but a headerless column of whole numbers of that range (sizes,
# counters) stays numbers
awk 'BEGIN { for (i = 0; i < 200; i++) printf "%d,%d,host%d\n", 1796656942 + i * 977, i, i % 3 }' >"$tmp/whole.csv"
info "$tmp/whole.csv"
expect_match "$out" '^  col1 +number$' "headerless whole numbers of the epochs' range: numbers"
expect_no_match "$out" '^time:' "headerless whole numbers of the epochs' range: no time"

# An audit trail's records quote their schema's version ("eventVersion":
# "1.08", "1.09", "1.10") as they quote decimals ("0.25"): quoted decimals
# are numbers, but a version's are releases, which numbers would make
# 1.08 and 1.1 (1.10 before 1.09); they stay text.
awk 'BEGIN { for (i = 0; i < 60; i++) printf "{\"eventVersion\": \"1.%02d\", \"eventName\": \"PutObject\", \"ratio\": \"%.2f\", \"api_ver\": \"2.%d\"}\n",
	8 + i % 3, i * 1.37, i % 4 }' >"$tmp/trail.jsonl"
info "$tmp/trail.jsonl"
expect_match "$out" '^  eventVersion +text$' "quoted versions: text"
expect_match "$out" '^  api_ver +text$' "quoted versions (ver): text"
expect_match "$out" '^  ratio +number$' "quoted decimals beside them: numbers"

# Graphite's plaintext protocol (what carbon takes, "path value epoch"
# a line): read as plain lines, no time. Now a row per time and a column
# per path, as InfluxDB line protocol is read.
awk 'BEGIN { for (i = 0; i < 100; i++) for (h = 1; h <= 2; h++) {
	printf "servers.web0%d.cpu.user %.2f %d\n", h, (i * 7 + h) % 100 + 0.25, 1796600000 + i * 10;
	printf "servers.web0%d.mem.used %d %d\n", h, 100000000 + i * 4096 * h, 1796600000 + i * 10 } }' >"$tmp/carbon.txt"
info "$tmp/carbon.txt"
expect_match "$out" '^format: +influx ' "graphite plaintext: the line-protocol reader"
expect_match "$out" '^rows: +100$' "graphite plaintext: a row per time"
expect_match "$out" '^  servers\.web02\.mem\.used +number$' "graphite plaintext: a column per path"
expect_match "$out" '^time: +2026-12-06 23:33:20 \.\. 2026-12-06 23:49:50$' "graphite plaintext: its times"
# ... and Graphite 1.1's tagged series ("path;tag=value;..."), a row per
# time and tag set as line protocol's, pivoted by the tag that varies
awk 'BEGIN { for (i = 0; i < 50; i++) for (h = 1; h <= 2; h++) {
	printf "cpu.user;host=web0%d;dc=eu %.1f %d\n", h, (i * 7 + h) % 100, 1796600000 + i * 10;
	printf "mem.used;dc=eu;host=web0%d %d %d\n", h, 1000 + i * h, 1796600000 + i * 10 } }' >"$tmp/tagged.txt"
info "$tmp/tagged.txt"
expect_match "$out" '^format: +influx ' "graphite tagged series: the line-protocol reader"
expect_match "$out" '^rows: +50$' "graphite tagged series: a row per time"
expect_match "$out" '^  mem\.used\.web02 +number$' "graphite tagged series: a column per path and host"
# ... but a name, a count and a small number a line are no points
awk 'BEGIN { for (i = 0; i < 50; i++) printf "errors%d %d %d\n", i % 5, i, i * 3 }' >"$tmp/counts.txt"
info "$tmp/counts.txt"
expect_no_match "$out" '^format: +influx ' "names and small numbers: no graphite points"

# A labelled Zeek log as a public IoT dataset ships it (IoT-23's
# conn.log.labeled): the label columns were added after Zeek's last field
# with runs of blanks, not tabs, in the #fields line and in every row
# ("tunnel_parents   label   detailed-label", "-   Malicious   PartOfAHorizontalPortScan").
# They were one column of that name: no label column to train on.
{
	printf '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n'
	printf '#fields\tts\tuid\tid.orig_h\tid.resp_p\tproto\tduration\torig_pkts\ttunnel_parents   label   detailed-label\n'
	printf '#types\ttime\tstring\taddr\tport\tenum\tinterval\tcount\tset[string]   string   string\n'
	awk 'BEGIN { for (i = 0; i < 200; i++) { bad = i % 3 == 0;
		printf "%d.%06d\tC%05d\t192.168.1.%d\t%d\ttcp\t%s\t%d\t-   %s\n", 1545403816 + i, i * 4999 % 1000000, i,
			i % 7 + 2, bad ? 23 : 443, bad ? "-" : sprintf("%.6f", i / 100), bad ? 1 : 9 + i % 5,
			bad ? "Malicious   PartOfAHorizontalPortScan" : "Benign   -" } }'
	printf '#close\t2019-03-13-11-25-38\n'
} >"$tmp/conn.log.labeled"
info "$tmp/conn.log.labeled"
expect_match "$out" '^format: +w3c ' "labelled Zeek log: read as a Zeek log"
expect_match "$out" '^columns: +10$' "labelled Zeek log: the blank-joined names are columns of their own"
expect_match "$out" '^  detailed-label +text$' "labelled Zeek log: its detailed label a column"
expect_match "$out" '^labels: +2 classes, 200 labelled' "labelled Zeek log: its label column gives the classes"
expect_match "$out" '^  Malicious +67$' "labelled Zeek log: the malicious rows"
expect_no_match "$out" 'left out' "labelled Zeek log: no row left out"

# A cloud service's resource logs quote "durationMs": "78" among JSON
# numbers (Azure's Key Vault and IoT Hub records), as logging libraries
# stringify their metadata's counts: quoted integers stay identifiers,
# but under a measure's name they are amounts.
awk 'BEGIN { for (i = 0; i < 40; i++) printf "{\"time\": \"2026-12-07T10:%02d:00Z\", \"operationName\": \"SecretGet\", \"resultSignature\": \"%d\", \"durationMs\": \"%d\", \"attachmentCount\": \"%d\", \"requestId\": \"%d\", \"level\": 4}\n",
	i, i % 5 ? 200 : 401, 20 + i * 37 % 500, i % 4, 7000 + i }' >"$tmp/kv.jsonl"
info "$tmp/kv.jsonl"
expect_match "$out" '^  durationMs +number$' "quoted integers under a measure's name: numbers"
expect_match "$out" '^  attachmentCount +number$' "quoted counts: numbers"
expect_match "$out" '^  requestId +text$' "quoted ids: text"
expect_match "$out" '^  resultSignature +text$' "quoted codes under no measure's name: text"

finish
