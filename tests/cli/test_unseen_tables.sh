#!/bin/sh
# tests/cli/test_unseen_tables.sh - tables and JSON records in shapes no
# reader was written for (tests/gen_tables.c: sadf -d, Zeek TSV, numbers
# with units, a hostile CSV, 1200 columns, disordered stamps with zones,
# a JSON envelope, JSON Lines with epoch nanoseconds and missing keys,
# tables one after another, a long table, stamp forms of exports), end
# to end as a user meets them: `loglab info`, then a workspace that builds
# feature sets over them (time column, resampling, windows) and trains
# logreg, mlp and kmeans with untuned defaults.
. "$LL_SRCDIR/tests/lib.sh"

GEN="$LL_BUILDDIR/tests/gen_tables"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-unseen-tables-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

for s in sadf zeek units hostile wide disorder envelope jsonl; do
	rows=600
	[ $s = wide ] && rows=60
	[ $s = hostile ] && rows=1200
	"$GEN" $s "$tmp/$s.data" $rows 7
	expect_eq "$?" 0 "gen_tables $s"
done

# sadf -d: the header is a '#' comment, the stamp has a zone name, the
# restart record is a short row (noted), not a reason to read a log
info "$tmp/sadf.data"
expect_eq "$rc" 0 "sadf: info"
expect_match "$out" '^format: +csv' "sadf: a table"
expect_match "$out" '^rows: +601$' "sadf: every record is a row"
col_is hostname text sadf
col_is timestamp time sadf
col_is '%idle' number sadf
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 01:39:50$' "sadf: stamps read in UTC"
expect_match "$out" 'rows have fewer than 8 fields \(first: line 302\)' "sadf: the restart record is noted"

# Zeek: #fields names the columns, #types and #close are comments, "-" is
# missing in number columns
info "$tmp/zeek.data"
expect_eq "$rc" 0 "zeek: info"
expect_match "$out" '^format: +w3c' "zeek: a table (the w3c reader's)"
expect_match "$out" '^rows: +600$' "zeek: rows"
expect_match "$out" '^columns: +8$' "zeek: columns"
col_is ts time zeek
col_is id.orig_h text zeek
col_is duration number zeek
col_is orig_bytes number zeek

# numbers written for people
info "$tmp/units.data"
expect_eq "$rc" 0 "units: info"
for c in cpu mem rx latency requests; do
	col_is $c number units
done
expect_match "$out" "columns 'cpu' \(line 2\), 'mem' \(line 2\), 'rx' \(line 2\), 'latency' \(line 2\) and 1 more write numbers with a unit" "units: one note names them"
expect_match "$out" '^labels: +2 classes' "units: the class column labels the rows"

# BOM, CRLF, quoted newlines and separators, a repeated name, an empty
# column, a constant one, one that turns to text late
info "$tmp/hostile.data"
expect_eq "$rc" 0 "hostile: info"
expect_match "$out" '^rows: +1200$' "hostile: a quoted newline is no row"
col_is time time hostile
col_is load number hostile
col_is load_2 number hostile
col_is empty number hostile
col_is code text hostile
expect_match "$out" "column 'code' has text from line [0-9]+ on; read as text" "hostile: the late text is noted"

info "$tmp/wide.data"
expect_eq "$rc" 0 "wide: info"
expect_match "$out" '^columns: +1201$' "wide: 1201 columns"
col_is timestamp time wide
col_is m1199 number wide

info "$tmp/disorder.data"
expect_eq "$rc" 0 "disorder: info"
col_is timestamp time disorder
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 05:59:30$' "disorder: zones applied"

# a JSON document whose records are wrapped in an envelope
info "$tmp/envelope.data"
expect_eq "$rc" 0 "envelope: info"
expect_match "$out" '^format: +json' "envelope: json"
expect_match "$out" '^rows: +600$' "envelope: one row per record"
col_is timestamp time envelope
col_is cpu number envelope
col_is host.name text envelope
expect_match "$out" 'the records are the 600 objects of "items"; the document.s 3 other values' "envelope: noted"
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 00:09:59$' "envelope: epoch milliseconds"

info "$tmp/jsonl.data"
expect_eq "$rc" 0 "jsonl: info"
col_is ts time jsonl
col_is cpu number jsonl
col_is mem number jsonl
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 00:09:59$' "jsonl: epoch nanoseconds"

# tables one after another under their own '#' headers (sadf -d -- -A):
# one table joined on the time, the long parts pivoted per entity, the
# "CPU*" run named, the restart record's text no reason for text columns,
# the first table repeated later filling the same columns
"$GEN" sections "$tmp/sections.data" 60 7
info "$tmp/sections.data"
expect_eq "$rc" 0 "sections: info"
expect_match "$out" '^format: +csv' "sections: a table, not a log"
expect_match "$out" '^rows: +62$' "sections: a row per time (60, the restart, one later)"
expect_match "$out" '^columns: +34$' "sections: the columns of every table"
col_is hostname text sections
col_is interval number sections
col_is '%user\.-1' number sections
col_is '%idle\.3' number sections
col_is 'cswch/s' number sections
col_is 'rxpck/s\.eth0' number sections
col_is 'CPU4\.LOC' number sections
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 00:20:30$' "sections: stamps with their date"
expect_match "$out" '5 tables one after another' "sections: said"
expect_match "$out" "4 of the tables are long \(a row per time and entity: 'CPU', 'IFACE', 'INTR'\)" "sections: pivots said"
if printf '%s\n' "$out" | grep -q '^  %user  '; then fail "sections: the repeated table has its own columns"; fi

# '#' headers over parts without a time: nothing to join on, read as before
printf '# a;b;c\n1;2;3\n4;5;6\n# d;e\n7;8\n9;10\n' >"$tmp/notime.data"
info "$tmp/notime.data"
expect_eq "$rc" 0 "notime: info"
if printf '%s\n' "$out" | grep -q 'tables one after another'; then fail "notime: no join without a time"; fi

# a long table "time,host,metric,value": a column per host and metric
"$GEN" long "$tmp/long.data" 120 7
info "$tmp/long.data"
expect_eq "$rc" 0 "long: info"
expect_match "$out" '^rows: +120$' "long: a row per time"
expect_match "$out" '^columns: +7$' "long: the time and 6 series"
col_is 'value\.web0\.cpu_usage' number long
col_is 'value\.web2\.mem_used' number long
expect_match "$out" "its 720 rows are 120 times of 6 entities told apart by columns 'host' and 'metric'" "long: said"

# stamp forms of exported tables, day-first told by the column
"$GEN" stamps "$tmp/stamps.data" 600 7
info "$tmp/stamps.data"
expect_eq "$rc" 0 "stamps: info"
for c in dotted ymd dmy ts_ms compact timestamp; do
	col_is $c time stamps
done
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-25 23:00:00$' "stamps: dd.MM.yyyy HH:mm"
expect_match "$out" "column 'dmy' holds dates as dd/MM/yyyy; read day-first" "stamps: day-first by the column"

# a spreadsheet export: a preamble line, date and clock split and
# unpadded, decimal commas
"$GEN" meter "$tmp/meter.data" 300 7
info "$tmp/meter.data"
expect_eq "$rc" 0 "meter: info"
expect_match "$out" '^rows: +300$' "meter: the preamble is no row"
col_is Date time meter
col_is 'Value \(kWh\)' number meter
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-04 03:09:55$' "meter: d.M.yyyy with H:m:s"
expect_match "$out" 'the 1 line above the header \(line 2\) does not have the table.s [0-9]+ fields: a preamble' "meter: said"

# a range query's answer: series of [time, value] pairs, a row per point,
# then a column per series
"$GEN" matrix "$tmp/matrix.data" 80 7
info "$tmp/matrix.data"
expect_eq "$rc" 0 "matrix: info"
expect_match "$out" '^format: +json' "matrix: json"
expect_match "$out" '^rows: +80$' "matrix: a row per sample time"
col_is time time matrix
col_is 'value\.0\.idle' number matrix
col_is 'value\.1\.system' number matrix
expect_match "$out" '6 series of \[time, value\] pairs under "values" \(480 points\)' "matrix: said"
expect_match "$out" '^time: +2024-05-01 00:00:00 \.\. 2024-05-01 00:19:45$' "matrix: epoch seconds"

# --- a workspace over them, untuned defaults ---
cat >"$tmp/loglab.json" <<EOF
{"version": 1,
 "datasets": {"sadf": {"path": "sadf.data"}, "zeek": {"path": "zeek.data"}, "units": {"path": "units.data"},
   "sections": {"path": "sections.data"}, "long": {"path": "long.data"}, "stamps": {"path": "stamps.data"},
   "matrix": {"path": "matrix.data"},
   "long_kept": {"path": "long.data", "entity": "none"}, "long_host": {"path": "long.data", "entity": "host"},
   "long_bad": {"path": "long.data", "entity": "rack"},
   "hostile": {"path": "hostile.data"}, "disorder": {"path": "disorder.data"},
   "envelope": {"path": "envelope.data"}, "jsonl": {"path": "jsonl.data"}},
 "featuresets": {
   "sadf_1m": {"dataset": "sadf", "columns": "^%", "resample": {"interval": "1min", "agg": "mean"}},
   "sections_1m": {"dataset": "sections", "columns": "^%user", "resample": {"interval": "1min", "agg": "mean"}},
   "long_1m": {"dataset": "long", "resample": {"interval": "1min", "agg": "mean"}},
   "long_kept_1m": {"dataset": "long_kept", "columns": "^value$", "resample": {"interval": "1min", "agg": "mean"}},
   "long_host_1m": {"dataset": "long_host", "columns": "^value", "resample": {"interval": "1min", "agg": "mean"}},
   "long_bad_1m": {"dataset": "long_bad", "resample": {"interval": "1min", "agg": "mean"}},
   "stamps_1d": {"dataset": "stamps", "columns": "value", "resample": {"interval": "1d", "agg": "mean"}},
   "matrix_1m": {"dataset": "matrix", "columns": "^value", "resample": {"interval": "1min", "agg": "rate"}},
   "zeek_10s": {"dataset": "zeek", "columns": "duration|bytes", "resample": {"interval": "10s", "agg": "sum"}},
   "units": {"dataset": "units", "scale": "zscore", "split": {"kind": "chronological", "train": 0.7}},
   "hostile": {"dataset": "hostile", "scale": "zscore"},
   "disorder_1m": {"dataset": "disorder", "resample": {"interval": "1min", "agg": "mean"}},
   "envelope": {"dataset": "envelope", "scale": "zscore", "window": {"kind": "rows", "size": 3, "flatten": true}},
   "jsonl_5s": {"dataset": "jsonl", "resample": {"interval": "5s", "agg": "max"}, "scale": "zscore"}},
 "experiments": {
   "units_lr": {"featureset": "units", "model": "logreg"},
   "units_mlp": {"featureset": "units", "model": "mlp", "epochs": 50},
   "hostile_lr": {"featureset": "hostile", "model": "logreg"},
   "envelope_lr": {"featureset": "envelope", "model": "logreg"},
   "zeek_km": {"featureset": "zeek_10s", "model": "kmeans", "k": 3},
   "jsonl_km": {"featureset": "jsonl_5s", "model": "kmeans", "k": 2}}}
EOF
cd "$tmp" || exit 99
for fs in sadf_1m zeek_10s units hostile disorder_1m envelope jsonl_5s sections_1m long_1m stamps_1d matrix_1m; do
	"$LOGLAB" build $fs >"build_$fs.out" 2>&1
	expect_eq "$?" 0 "build $fs"
	[ -s "features/$fs/X.npy" ] || fail "build $fs: no X.npy"
done
# 600 records 10 s apart: 100 one-minute buckets; the disordered 6 hours
# (rows out of order are resampled in time order, with a warning): 360
shape() { tr -d ' \t\n' <"features/$1/manifest.json" | grep -o '"shape":\[[0-9,]*\]'; }
expect_eq "$(shape sadf_1m)" '"shape":[100,4]' "sadf_1m: 1-minute buckets"
expect_eq "$(shape disorder_1m)" '"shape":[360,1]' "disorder_1m: 360 buckets"
# per entity, not across them: 5 CPUs over 21 minutes, 6 series over 30,
# 25 days of hourly rows
expect_eq "$(shape sections_1m)" '"shape":[21,5]' "sections_1m: a column per CPU"
expect_eq "$(shape long_1m)" '"shape":[30,6]' "long_1m: a column per host and metric"
# the dataset's "entity" key: "none" keeps the table long (one value column,
# across entities), a named key pivots on it alone, a wrong name is an error
for fs in long_kept_1m long_host_1m; do
	"$LOGLAB" build $fs >"build_$fs.out" 2>&1
	expect_eq "$?" 0 "build $fs"
done
expect_eq "$(shape long_kept_1m)" '"shape":[30,1]' "long_kept_1m: entity none keeps one value column"
expect_match "$(cat build_long_kept_1m.out)" 'resample: 6 rows a time on average .*mixes the entities' \
	"long_kept_1m: resampling across entities is said"
grep -q 'rows a time on average' build_long_1m.out && fail "long_1m: a pivoted table warns of entities"
expect_eq "$(shape long_host_1m)" '"shape":[30,3]' "long_host_1m: a column per host (a host's first metric at a time)"
out=$("$LOGLAB" build long_bad_1m 2>&1)
expect_eq "$?" 1 "long_bad_1m: an entity column the table lacks is refused"
expect_match "$out" "rack" "long_bad_1m: the error names the column"
expect_eq "$(shape stamps_1d)" '"shape":[25,1]' "stamps_1d: 25 days"
expect_eq "$(shape matrix_1m)" '"shape":[20,6]' "matrix_1m: a rate per series"
expect_match "$(cat build_disorder_1m.out)" 'resample: 300 rows came after a later time; resampled in time order' \
	"disorder_1m: the order is said"
expect_match "$(cat features/hostile/manifest.json)" "without a single value left out: 'empty'" "hostile: the empty column is left out, said"

# models on the labelled shapes: the faults are separable, so untuned
# defaults must find them
for e in units_lr units_mlp hostile_lr envelope_lr; do
	out=$("$LOGLAB" train $e 2>&1)
	expect_eq "$?" 0 "train $e"
	acc=$(printf '%s\n' "$out" | sed -n 's/.*test  samples [0-9]* *accuracy \([0-9.]*\).*/\1/p')
	expect_match "$acc" '^(0\.9[5-9]|1\.0)' "$e: test accuracy $acc"
done
for e in zeek_km jsonl_km; do
	out=$("$LOGLAB" train $e 2>&1)
	expect_eq "$?" 0 "train $e"
done

finish
