#!/bin/sh
# tests/cli/test_unseen_tables.sh - tables and JSON records in shapes no
# reader was written for (tests/gen_tables.c: sadf -d, Zeek TSV, numbers
# with units, a hostile CSV, 1200 columns, disordered stamps with zones,
# a JSON envelope, JSON Lines with epoch nanoseconds and missing keys), end
# to end as a user meets them: `loglab info`, then a workspace that builds
# feature sets over them (time column, resampling, windows) and trains
# logreg, mlp and kmeans with untuned defaults.
. "$LL_SRCDIR/tests/lib.sh"

GEN="$LL_BUILDDIR/tests/gen_tables"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-unseen-tables-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# info FILE: sets $out and $rc of `loglab info --all-columns FILE`
info() {
	out=$("$LOGLAB" info --all-columns "$1" 2>&1)
	rc=$?
}

# col_is NAME TYPE WHAT: the info listing has column NAME of TYPE
col_is() {
	expect_match "$out" "^  $1 +$2\$" "$3: column $1 is $2"
}

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
expect_match "$out" '^format: +csv' "zeek: a table"
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

# --- a workspace over them, untuned defaults ---
cat >"$tmp/loglab.json" <<EOF
{"version": 1,
 "datasets": {"sadf": {"path": "sadf.data"}, "zeek": {"path": "zeek.data"}, "units": {"path": "units.data"},
   "hostile": {"path": "hostile.data"}, "disorder": {"path": "disorder.data"},
   "envelope": {"path": "envelope.data"}, "jsonl": {"path": "jsonl.data"}},
 "featuresets": {
   "sadf_1m": {"dataset": "sadf", "columns": "^%", "resample": {"interval": "1min", "agg": "mean"}},
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
for fs in sadf_1m zeek_10s units hostile disorder_1m envelope jsonl_5s; do
	"$LOGLAB" build $fs >"build_$fs.out" 2>&1
	expect_eq "$?" 0 "build $fs"
	[ -s "features/$fs/X.npy" ] || fail "build $fs: no X.npy"
done
# 600 records 10 s apart: 100 one-minute buckets; the disordered 6 hours
# (rows out of order are resampled in time order, with a warning): 360
shape() { tr -d ' \t\n' <"features/$1/manifest.json" | grep -o '"shape":\[[0-9,]*\]'; }
expect_eq "$(shape sadf_1m)" '"shape":[100,4]' "sadf_1m: 1-minute buckets"
expect_eq "$(shape disorder_1m)" '"shape":[360,1]' "disorder_1m: 360 buckets"
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
