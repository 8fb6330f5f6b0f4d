#!/bin/sh
# tests/cli/test_pdh.sh - Windows performance logs as typeperf, relog and
# Performance Monitor write them (PDH-CSV, PDH-TSV): the header's first cell
# names the zone and its bias in minutes (UTC = local + bias); the rows'
# local times are shown in UTC, the time column is named 'time', and
# typeperf's closing row of blank cells is no row. Made-up samples.
. "$LL_SRCDIR/tests/lib.sh"

scratch pdh
cd "$tmp" || exit 1

# both readings (loaded, and through the line index) say the same
both() {
	info "$1"
	loaded=$out
	info_lazy "$1"
	expect_eq "$out" "$loaded" "$1: the lazy reading agrees"
}

# pdh FILE HEADER-CELL SEP FIRST-HOUR N: N rows a minute apart from
# 2026-12-07 FIRST-HOUR:10 local, closed by typeperf's row of blanks
pdh() {
	awk -v cell="$2" -v sep="$3" -v hour="$4" -v n="$5" 'BEGIN {
		q = "\""; printf "%s%s%s%s%s%s%s%s%s\r\n", q, cell, q, sep, q "\\\\WEB01\\Processor(_Total)\\% Processor Time" q, sep, q "\\\\WEB01\\Memory\\Available MBytes" q, "", ""
		for (i = 0; i < n; i++)
			printf "%s12/07/2026 %02d:%02d:00.137%s%s%s%.6f%s%s%s%d%s\r\n", q, hour + int((10 + i) / 60), (10 + i) % 60, q, sep, q, 50 + i / 7, q, sep, q, 2000 + i, q
		printf "%s %s%s%s %s%s%s %s\r\n", q, q, sep, q, q, sep, q, q }' >"$1"
}

# --- Pacific Standard Time, bias 480: local 04:10 is 12:10 UTC ---------------
pdh pst.csv '(PDH-CSV 4.0) (Pacific Standard Time)(480)' , 4 6
both pst.csv
expect_eq "$rc" 0 "pst: read"
expect_match "$out" '^rows: +6$' "pst: the closing row of blanks is no row"
col_is time time pst
expect_match "$out" '^time: +2026-12-07 12:10:00\.137000 \.\. 2026-12-07 12:15:00\.137000$' "pst: shown in UTC"
expect_match "$out" "zone 'Pacific Standard Time', bias 480 minutes \\(UTC-08:00\\)" "pst: the note names zone and bias"
expect_match "$out" "change to or from summer time within the log is not known from the header" "pst: the note says summer time is not applied"
expect_match "$out" "header '\\(PDH-CSV 4\\.0\\) \\(Pacific Standard Time\\)\\(480\\)' is named 'time'" "pst: the header kept in the note"
expect_no_match "$out" '^rows: +7$' "pst: not 7 rows"

# --- UTC, bias 0: times as written ------------------------------------------
pdh utc.csv '(PDH-CSV 4.0) (Coordinated Universal Time)(0)' , 4 3
both utc.csv
expect_match "$out" '^rows: +3$' "utc: three rows"
expect_match "$out" '^time: +2026-12-07 04:10:00\.137000 \.\. 2026-12-07 04:12:00\.137000$' "utc: as written"
expect_match "$out" "bias 0 minutes \\(UTC\\+00:00\\)" "utc: said so"

# --- India, bias -330: local 10:10 is 04:40 UTC -----------------------------
pdh india.csv '(PDH-CSV 4.0) (India Standard Time)(-330)' , 10 4
both india.csv
expect_match "$out" '^time: +2026-12-07 04:40:00\.137000 \.\. 2026-12-07 04:43:00\.137000$' "india: shown in UTC"
expect_match "$out" "bias -330 minutes \\(UTC\\+05:30\\)" "india: the note"

# --- relog's TSV ------------------------------------------------------------
pdh pst.tsv '(PDH-TSV 4.0) (Pacific Standard Time)(480)' "$(printf '\t')" 22 55
both pst.tsv
expect_match "$out" '^rows: +55$' "tsv: every row, not the blanks"
col_is time time tsv
expect_match "$out" '^time: +2026-12-08 06:10:00\.137000 \.\. 2026-12-08 07:04:00\.137000$' "tsv: in UTC, the next day"

# --- the same rows without the declaration: times as written, names kept ----
sed '1s/^"(PDH-CSV 4.0) (Pacific Standard Time)(480)"/"Sample Time"/' pst.csv >plain.csv
info plain.csv
expect_match "$out" '^time: +2026-12-07 04:10:00\.137000' "plain: no bias without the header"
expect_no_match "$out" "PDH" "plain: no PDH note"

# --- a malformed declaration is no PDH log (no bias applied) ----------------
pdh bad.csv '(PDH-CSV 4.0) (Pacific Standard Time)(48x)' , 4 3
info bad.csv
expect_eq "$rc" 0 "bad: read"
expect_no_match "$out" "bias" "bad: no bias applied"

# --- a declaration over cells that are no times: named 'time', said so -------
printf '"(PDH-CSV 4.0) (Pacific Standard Time)(480)","x"\r\n"a","1"\r\n"b","2"\r\n"c","3"\r\n' >notimes.csv
info notimes.csv
expect_eq "$rc" 0 "notimes: read"
col_is time text notimes
expect_match "$out" "its cells are no times, so the bias of zone 'Pacific Standard Time' is not applied" "notimes: said so"

# --- a fleet of two machines' logs in two zones: one 'time', lined up in UTC
mkdir -p fleet && cp pst.csv fleet/web01.csv && cp india.csv fleet/web02.csv
info fleet
expect_eq "$rc" 0 "fleet: read"
expect_match "$out" '^rows: +10$' "fleet: every row of both, no blanks"
col_is time time fleet
expect_match "$out" '^time: +2026-12-07 04:40:00\.137000 \.\. 2026-12-07 12:15:00\.137000$' "fleet: both in UTC"

# --- a feature set resampled by the hour works on UTC times: India's local
# 10:10..10:59 is 04:40..05:29 UTC, two hours' buckets, not one ---------------
pdh india50.csv '(PDH-CSV 4.0) (India Standard Time)(-330)' , 10 50
mkdir -p ws
printf '%s\n' '{ "version": 1, "datasets": {"p": {"path": "'"$tmp"'/india50.csv"}},' \
	'  "featuresets": {"f": {"dataset": "p", "resample": {"interval": "1h", "agg": "mean"}}},' \
	'  "experiments": {} }' >ws/loglab.json
out=$(timeout 120 "$LOGLAB" build f -w ws 2>&1)
expect_eq "$?" 0 "build: built"
expect_match "$out" 'featureset f: 2 samples x 2 features' "build: hours of UTC, not of local time"

finish
