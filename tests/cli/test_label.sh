#!/bin/sh
# tests/cli/test_label.sh - `loglab label`: bulk relabel by regex and rows,
# undo/redo across invocations, export/import, compaction, read-only errors.
. "$LL_SRCDIR/tests/lib.sh"
need_data
tmp=${TMPDIR:-/tmp}/ll-label-$$
mkdir -p "$tmp"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
data="$tmp/BGL_2k.log"
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$data"

# counts checked with: grep -c 'instruction cache parity error' BGL_2k.log
n_parity=$(grep -c 'instruction cache parity error' "$data")
out=$("$LOGLAB" label "$data" --match 'instruction cache parity error' --set parity)
expect_eq "$?" 0 "label --match exit"
expect_eq "$out" "set: $n_parity rows selected, $n_parity changed to 'parity'" "label --match result"
expect_match "$(head -1 "$data.labels")" '^# loglab label journal v2$' "journal header"
expect_eq "$(grep -v '^#' "$data.labels" | awk -F'\t' '$3 != "commit"' | wc -l | tr -d ' ')" "$n_parity" "one journal record per changed row"
expect_match "$(tail -1 "$data.labels")" "	commit	$n_parity		bulk	1	[0-9a-f]{8}\$" "one commit mark ends the action"
sum=$("$LOGLAB" label --json "$data" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["labels"]["parity"], d["labels"]["normal"], d["journal_records"])')
# BGL_2k: 1857 normal; parity lines are all normal in the file
expect_eq "$sum" "$n_parity $((1857 - n_parity)) $n_parity" "summary after relabel"

out=$("$LOGLAB" label "$data" --rows 1-10 --set 1)
expect_match "$out" '10 rows selected, 10 changed' "label --rows"
out=$("$LOGLAB" label "$data" --rows 5-10 --set 1 --dry-run)
expect_match "$out" '^dry run: set: 6 rows selected, 0 would change' "dry run"

# undo across invocations: the row range first, then the regex
out=$("$LOGLAB" label "$data" --undo)
expect_eq "$out" "undo: 10 rows changed" "undo last action"
n1=$("$LOGLAB" label --json "$data" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"].get("1", 0))')
expect_eq "$n1" 0 "row labels undone"
out=$("$LOGLAB" label "$data" --redo)
expect_eq "$out" "redo: 10 rows changed" "redo"

"$LOGLAB" label "$data" --export "$tmp/out.tsv" >/dev/null
expect_eq "$?" 0 "export exit"
expect_eq "$(wc -l < "$tmp/out.tsv")" 2000 "export has one row per line"
expect_eq "$(head -1 "$tmp/out.tsv" | cut -f1)" 1 "exported relabelled row"
expect_eq "$(cut -f1 "$tmp/out.tsv" | grep -c '^parity$')" "$((n_parity - $(head -10 "$data" | grep -c 'instruction cache parity error')))" "exported parity labels"
# export text is the line itself
expect_eq "$(sed -n 2000p "$tmp/out.tsv" | cut -f2-)" "$(sed -n 2000p "$data")" "exported line text"
info=$("$LOGLAB" info "$tmp/out.tsv")
expect_match "$info" '^format: +labelled ' "export reads back as labelled lines"

# import into a fresh copy by line text reproduces the labels
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$tmp/copy.log"
"$LOGLAB" label "$tmp/copy.log" --import "$tmp/out.tsv" >/dev/null
expect_eq "$?" 0 "import exit"
"$LOGLAB" label "$tmp/copy.log" --export "$tmp/out2.tsv" >/dev/null
expect_eq "$(cmp "$tmp/out.tsv" "$tmp/out2.tsv" && echo same)" same "import then export round trip"

before=$(wc -c < "$data.labels")
"$LOGLAB" label "$data" --compact >/dev/null
after=$(wc -c < "$data.labels")
checks=$((checks + 1)); [ "$after" -lt "$before" ] || fail "compact shrinks the journal ($before -> $after)"
"$LOGLAB" label "$data" --export "$tmp/out3.tsv" >/dev/null
expect_eq "$(cmp "$tmp/out.tsv" "$tmp/out3.tsv" && echo same)" same "labels unchanged by compaction"

# a torn last record (crash mid-write) is skipped with a warning
printf '2026-01-01T00:00:00.000Z\tx\t3:0000' >> "$data.labels"
err=$("$LOGLAB" label "$data" 2>&1 >/dev/null)
expect_match "$err" 'torn last record' "torn record warning"

# usage and I/O errors
expect_exit 1 "bad regex" -- "$LOGLAB" label "$data" --match '(' --set 1
expect_exit 1 "rows out of range" -- "$LOGLAB" label "$data" --rows 1990-2100 --set 1
expect_exit 1 "no selector" -- "$LOGLAB" label "$data" --set 1
expect_exit 1 "two actions" -- "$LOGLAB" label "$data" --undo --compact
expect_exit 3 "missing data" -- "$LOGLAB" label "$tmp/nope.log" --rows 1 --set 1
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$tmp/ro"; cp "$data" "$tmp/ro/"; chmod a-w "$tmp/ro"
	expect_exit 3 "read-only folder" -- "$LOGLAB" label "$tmp/ro/BGL_2k.log" --rows 1 --set 1
fi
# a device is no journal
expect_exit 3 "journal on a device" -- "$LOGLAB" label "$data" --journal /dev/zero --rows 1 --set 9
# a full disk (here: the file size limit): error, exit 3, nothing changed
cp "$data" "$tmp/full.log"
"$LOGLAB" label "$tmp/full.log" --rows 1 --set 1 >/dev/null
before=$("$LOGLAB" label --json "$tmp/full.log")
err=$(ulimit -f 1; "$LOGLAB" label "$tmp/full.log" --rows 1-2000 --set full 2>&1)
expect_eq "$?" 3 "full disk exit"
expect_match "$err" 'label not saved: File too large' "full disk message"
after=$("$LOGLAB" label --json "$tmp/full.log")
expect_eq "$after" "$before" "labels unchanged after a failed write"
finish
