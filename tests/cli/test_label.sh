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
# a class the data does not have is refused, with the closest one; nothing is written
err=$("$LOGLAB" label "$data" --match 'instruction cache parity error' --set kerndtbl 2>&1)
expect_eq "$?" 1 "unknown class exit"
expect_match "$err" "has no class 'kerndtbl' \(did you mean 'KERNDTLB'\?\); --new-class creates it" "did you mean"
err=$("$LOGLAB" label "$data" --rows 1 --set 1 2>&1)
expect_match "$err" "no class '1' \(classes: normal, APPREAD, .* and [0-9]+ more\)" "1 is no class of BGL"
checks=$((checks + 1)); [ -e "$data.labels" ] && fail "a refused class wrote a journal"
out=$("$LOGLAB" label "$data" --match 'instruction cache parity error' --set parity --new-class)
expect_eq "$?" 0 "label --match exit"
expect_eq "$out" "set: $n_parity rows selected, $n_parity changed to 'parity'" "label --match result"
expect_match "$(head -1 "$data.labels")" '^# loglab label journal v2$' "journal header"
expect_eq "$(grep -v '^#' "$data.labels" | awk -F'\t' '$3 != "commit"' | wc -l | tr -d ' ')" "$n_parity" "one journal record per changed row"
expect_match "$(tail -1 "$data.labels")" "	commit	$n_parity		bulk	1	[0-9a-f]{8}\$" "one commit mark ends the action"
sum=$("$LOGLAB" label --json "$data" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["labels"]["parity"], d["labels"]["normal"], d["journal_records"])')
# BGL_2k: 1857 normal; parity lines are all normal in the file
expect_eq "$sum" "$n_parity $((1857 - n_parity)) $n_parity" "summary after relabel"

out=$("$LOGLAB" label "$data" --rows 1-10 --set 1 --new-class)
expect_match "$out" '10 rows selected, 10 changed' "label --rows"
out=$("$LOGLAB" label "$data" --rows 5-10 --set 1 --dry-run)
expect_match "$out" '^dry run: set: 6 rows selected, 0 would change' "dry run"

# undo across invocations: the row range first, then the regex
out=$("$LOGLAB" label "$data" --undo)
expect_match "$out" "^undo: 10 rows changed \(action 2: bulk by .* UTC\)\$" "undo last action"
n1=$("$LOGLAB" label --json "$data" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"].get("1", 0))')
expect_eq "$n1" 0 "row labels undone"
out=$("$LOGLAB" label "$data" --redo)
expect_match "$out" "^redo: 10 rows changed \(action 2: bulk" "redo"

"$LOGLAB" label "$data" --export "$tmp/out.tsv" >/dev/null
expect_eq "$?" 0 "export exit"
expect_eq "$(head -1 "$tmp/out.tsv")" "#loglab labels" "export starts with its marker line"
expect_eq "$(wc -l < "$tmp/out.tsv")" 2001 "export has the marker and one row per line"
expect_eq "$(sed -n 2p "$tmp/out.tsv" | cut -f1)" 1 "exported relabelled row"
expect_eq "$(cut -f1 "$tmp/out.tsv" | grep -c '^parity$')" "$((n_parity - $(head -10 "$data" | grep -c 'instruction cache parity error')))" "exported parity labels"
# export text is the line itself
expect_eq "$(sed -n 2001p "$tmp/out.tsv" | cut -f2-)" "$(sed -n 2000p "$data")" "exported line text"
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
expect_exit 1 "--new-class alone" -- "$LOGLAB" label "$data" --new-class --undo
expect_exit 1 "no selector" -- "$LOGLAB" label "$data" --set 1
expect_exit 1 "two actions" -- "$LOGLAB" label "$data" --undo --compact
expect_exit 3 "missing data" -- "$LOGLAB" label "$tmp/nope.log" --rows 1 --set 1
if [ "$(id -u)" -ne 0 ]; then
	# a read-only folder: the journal apart (test_readonly_labels.sh has more)
	mkdir "$tmp/ro"; cp "$data" "$tmp/ro/"; chmod a-w "$tmp/ro"
	err=$(HOME=$tmp XDG_DATA_HOME= "$LOGLAB" label "$tmp/ro/BGL_2k.log" --rows 1 --set KERNDTLB 2>&1 >/dev/null)
	expect_eq $? 0 "read-only folder: labelled"
	expect_match "$err" "labels kept in $tmp/.local/share/loglab/labels/apart/BGL_2k.log-" "read-only folder: the note"
fi
# a device is no journal
expect_exit 3 "journal on a device" -- "$LOGLAB" label "$data" --journal /dev/zero --rows 1 --set 9
# a full disk (here: the file size limit): error, exit 3, nothing changed
cp "$data" "$tmp/full.log"
"$LOGLAB" label "$tmp/full.log" --rows 1 --set KERNDTLB >/dev/null
before=$("$LOGLAB" label --json "$tmp/full.log")
err=$(ulimit -f 1; "$LOGLAB" label "$tmp/full.log" --rows 1-2000 --set full --new-class 2>&1)
expect_eq "$?" 3 "full disk exit"
expect_match "$err" 'label not saved: File too large' "full disk message"
after=$("$LOGLAB" label --json "$tmp/full.log")
expect_eq "$after" "$before" "labels unchanged after a failed write"

# On a file without labels of its own, 1 (root cause) and 0 (ordinary) need no --new-class.
cp "$LL_DATA_DIR/loghub2/Linux/Linux_2k.log" "$tmp/kern.log"
out=$("$LOGLAB" label "$tmp/kern.log" --match 'authentication failure' --set 1)
expect_match "$out" "^set: [0-9]+ rows selected, [0-9]+ changed to '1'\$" "1 on an unlabelled file"
out=$("$LOGLAB" label "$tmp/kern.log" --rows 1-5 --set 0)
expect_match "$out" "5 changed to '0'" "0 on an unlabelled file"
expect_exit 1 "other names still need --new-class" -- "$LOGLAB" label "$tmp/kern.log" --rows 1 --set root

# An action cut short (kill -9 mid-write, or a journal cut by hand inside
# it) applies none of its rows, and the summary says one was dropped.
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$tmp/cut.log"
"$LOGLAB" label "$tmp/cut.log" --rows 1-2 --set KERNDTLB >/dev/null
"$LOGLAB" label "$tmp/cut.log" --rows 100-199 --set KERNSTOR >/dev/null
head -n 60 "$tmp/cut.log.labels" >"$tmp/cut.tmp" && mv "$tmp/cut.tmp" "$tmp/cut.log.labels"
json=$("$LOGLAB" label --json "$tmp/cut.log" 2>"$tmp/cut.err")
expect_match "$(cat "$tmp/cut.err")" "cut\.log\.labels:60: action 2 \(56 records from line 5\) has no commit mark" "cut action reported"
expect_match "$json" '"journal_incomplete":[[:space:]]*1' "summary counts the dropped action"
expect_match "$json" '"KERNSTOR":[[:space:]]*30,' "none of the cut action applied (30 KERNSTOR in the file)"
expect_match "$json" '"KERNDTLB":[[:space:]]*62,' "the complete action applied"
expect_match "$("$LOGLAB" label "$tmp/cut.log" 2>/dev/null)" "1 incomplete action dropped" "summary text"

# A journal written before commit marks (version 1) still opens; the first
# write converts it, keeping its labels.
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$tmp/old.log"
/usr/bin/python3 - "$tmp/old.log" <<'PY'
import sys, zlib
path = sys.argv[1]
lines = open(path, 'rb').read().split(b'\n')
def fnv(b):
    h = 2166136261
    for c in b:
        h = ((h ^ c) * 16777619) & 0xffffffff
    return h
out = ['# loglab label journal v1']
for row, group in ((3, 1), (4, 1), (9, 2)):
    f = '2025-11-25T13:50:0%d.000Z\tops\t%d:%08x\tnormal\told\tbulk\t%d\t' % (group, row, fnv(lines[row - 1]), group)
    out.append(f + '%08x' % zlib.crc32(f.encode()))
open(path + '.labels', 'w').write('\n'.join(out) + '\n')
PY
json=$("$LOGLAB" label --json "$tmp/old.log" 2>&1)
expect_match "$json" '"old":[[:space:]]*3([^0-9]|$)' "version 1 journal replayed"
expect_match "$json" '"can_undo":[[:space:]]*true' "with its undo history"
expect_eq "$(head -1 "$tmp/old.log.labels")" "# loglab label journal v1" "reading leaves it as it is"
"$LOGLAB" label "$tmp/old.log" --undo >/dev/null
expect_eq "$(head -1 "$tmp/old.log.labels")" "# loglab label journal v2" "the first write converts it"
json=$("$LOGLAB" label --json "$tmp/old.log" 2>&1)
expect_match "$json" '"old":[[:space:]]*2([^0-9]|$)' "its last action undone (row 9)"

# Ten commands at once: unique groups, every label kept, undo takes back
# exactly one of them.
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$tmp/par.log"
pids=
for i in 0 1 2 3 4 5 6 7 8 9; do
	"$LOGLAB" label "$tmp/par.log" --rows "$((i * 100 + 1))-$((i * 100 + 100))" --set "p$i" --new-class >/dev/null 2>&1 &
	pids="$pids $!"
done
okn=0
for p in $pids; do wait "$p" && okn=$((okn + 1)); done
expect_eq "$okn" 10 "ten parallel commands succeed"
expect_eq "$(awk -F'\t' '$3 == "commit" { print $7 }' "$tmp/par.log.labels" | sort -u | wc -l | tr -d ' ')" 10 "ten distinct groups"
json=$("$LOGLAB" label --json "$tmp/par.log")
for i in 0 5 9; do expect_match "$json" "\"p$i\":[[:space:]]*100([^0-9]|$)" "p$i kept"; done
out=$("$LOGLAB" label "$tmp/par.log" --undo)
expect_match "$out" "^undo: 100 rows changed" "one undo reverts one command (100 rows)"
left=$("$LOGLAB" label --json "$tmp/par.log" | grep -Ec '"p[0-9]":[[:space:]]*100([^0-9]|$)')
expect_eq "$left" 9 "nine commands' labels left"
# --- a fleet: labels stay per file (each file's own journal) ------------------
GEN=$(cd "${LL_BUILDDIR:-.}" && pwd)/bench/gen_fleet
if [ -x "$GEN" ]; then
	fl=$tmp/fleet
	"$GEN" -s 4 -n 2 -r 1 -l 40 -P "$fl" >/dev/null
	# expected: lines matching in each file (grep on the files themselves)
	oom_total=$(cat "$fl"/node0*/kern.log* | grep -c 'Out of memory')
	out=$("$LOGLAB" label "$fl" --match 'Out of memory' --set 1)
	expect_match "$out" "^set: $oom_total rows selected, $oom_total changed to '1'" "label a folder: every file's matches"
	checks=$((checks + 1))
	[ ! -e "$fl.labels" ] || fail "a fleet's labels go to its files' journals, not $fl.labels"
	for f in node01/kern.log node01/kern.log.1 node02/kern.log node02/kern.log.1; do
		n=$(grep -c 'Out of memory' "$fl/$f")
		[ "$n" -gt 0 ] || continue
		expect_match "$(ls "$fl/$f.labels" 2>&1)" "$f.labels\$" "$f has its own journal"
		# the file opened alone has its labels, on its own lines
		got=$("$LOGLAB" label "$fl/$f" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"].get("1", 0))')
		expect_eq "$got" "$n" "$f alone: its $n labels"
		first=$(grep -n 'Out of memory' "$fl/$f" | head -n 1 | cut -d: -f1)
		expect_match "$(grep -v '^#' "$fl/$f.labels" | head -n 1)" "	$first:[0-9a-f]+		1	bulk	" \
			"$f's journal names its own line $first"
	done
	# a file added later (a new host) brings no labels; the others keep theirs
	mkdir -p "$fl/node03"
	grep 'Out of memory' "$fl/node01/kern.log" | head -n 2 | sed 's/node01/node03/' >"$fl/node03/kern.log"
	out=$("$LOGLAB" info "$fl")
	expect_match "$out" "^labels: .* $oom_total labelled" "labels survive a file added to the fleet"
	expect_match "$out" "^  node03/kern.log +node03 +2 +0 " "the new file: 2 rows, none labelled"
	# one undo takes back the whole change over every file, from another process and another spec
	out=$("$LOGLAB" label "$fl/node0*/kern.log*" --undo)
	expect_match "$out" "^undo: $oom_total rows changed" "one undo over all the files"
	got=$("$LOGLAB" info --json "$fl" | python3 -c 'import json,sys; print(sum(f["labelled"] for f in json.load(sys.stdin)["fleet"]["files"]))')
	expect_eq "$got" 0 "after the undo no file has labels"
	out=$("$LOGLAB" label "$fl" --redo)
	expect_match "$out" "^redo: $oom_total rows changed" "redo over all the files"
	# templates over the whole fleet, with its labels (was a crash: no line index)
	out=$("$LOGLAB" label "$fl/node0*/kern.log*" --templates)
	expect_eq "$?" 0 "label GLOB --templates"
	expect_match "$out" "1:$oom_total +.*Out of memory" "the Out of memory template carries the fleet's $oom_total labels"
fi

# --- a glob's journals are its files' own: label, info and the browser's
# label view say so and count alike (the view said the spec's journal,
# fleet/*.log.labels, was "none yet" with 60 changes replayed) -------------
gl=$tmp/globlab
mkdir -p "$gl"
cp "$data" "$gl/a.log"
cp "$LL_DATA_DIR/loghub2/BGL/BGL_2k.log" "$gl/b.log"
"$LOGLAB" label "$gl/*.log" --match 'KERNDTLB' --set APPREAD >/dev/null
expect_eq "$?" 0 "label GLOB --set"
out=$("$LOGLAB" label "$gl/*.log")
expect_match "$out" "^journal: +each file's FILE.labels \(" "label GLOB names the files' journals"
n_label=$("$LOGLAB" label "$gl/*.log" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"]["APPREAD"])')
n_info=$("$LOGLAB" info --json "$gl/*.log" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"]["APPREAD"])')
expect_eq "$n_info" "$n_label" "info GLOB and label GLOB count APPREAD alike"
# --json named the spec's journal, never created; "journals" lists each file's
js=$("$LOGLAB" label "$gl/*.log" --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(d["journals"])))')
expect_eq "$js" "$gl/a.log.labels $gl/b.log.labels" "label GLOB --json lists each file's journal"
for j in $js; do
	checks=$((checks + 1)); [ -s "$j" ] || fail "label GLOB --json names $j, which does not exist"
done
js=$("$LOGLAB" label "$data" --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["journals"] == [d["journal"]])')
expect_eq "$js" "True" "label FILE --json: journals is [journal]"
screen=$("$LOGLAB" --keys 's' --dump-screen 12x160 "$gl/*.log")
expect_match "$screen" "^journals: each file's FILE.labels, replayed" "the label view names the files' journals"
checks=$((checks + 1))
printf '%s\n' "$screen" | grep -q 'none yet' && fail "the label view says no journal exists: $screen"
expect_match "$screen" "^  APPREAD +[0-9]+ +$n_label\$" "the label view counts APPREAD as label GLOB does"

# --- a class name with blanks or past 64 bytes survives the export: the
# export reopens with it and --import gives it back (the labelled format's
# limits for unmarked files made those rows unlabelled lines) -------------
cn=$tmp/classnames
mkdir -p "$cn"
printf 'line one\nline two\nline three\nline four\n' >"$cn/x.log"
long=$(printf '%070d' 0 | tr 0 c)
"$LOGLAB" label "$cn/x.log" --rows 1-1 --set 'web server' --new-class >/dev/null
"$LOGLAB" label "$cn/x.log" --rows 2-2 --set ' padded ' --new-class >/dev/null
"$LOGLAB" label "$cn/x.log" --rows 3-3 --set "$long" --new-class >/dev/null
"$LOGLAB" label "$cn/x.log" --export "$cn/out.tsv" >/dev/null
expect_eq "$?" 0 "export of classes with blanks and a long name"
info=$("$LOGLAB" info "$cn/out.tsv")
expect_match "$info" '^labels: +3 classes, 3 labelled, 1 unlabelled' "the export reopens with its three classes"
expect_match "$info" '^  web server +1$' "a class with a blank reopens whole"
expect_match "$info" "^  $long +1\$" "a class of 70 bytes reopens whole"
cp "$cn/x.log" "$cn/y.log"
"$LOGLAB" label "$cn/y.log" --import "$cn/out.tsv" >/dev/null
expect_eq "$?" 0 "import of the export"
"$LOGLAB" label "$cn/y.log" --export "$cn/again.tsv" >/dev/null
expect_eq "$(cat "$cn/again.tsv")" "$(cat "$cn/out.tsv")" "import gives every class back, ' padded ' with its blanks"
# --- a compaction keeps a class no row has any more: --set of it works
# after (it said "k.log has no class 'B'"), and the classes keep their order
kc=$tmp/keepclass
mkdir -p "$kc"
printf 'line %d\n' 1 2 3 4 5 6 >"$kc/k.log"
"$LOGLAB" label "$kc/k.log" --rows 1 --set A --new-class >/dev/null
"$LOGLAB" label "$kc/k.log" --rows 2 --set B --new-class >/dev/null
"$LOGLAB" label "$kc/k.log" --rows 2 --unset >/dev/null
"$LOGLAB" label "$kc/k.log" --compact >/dev/null
out=$("$LOGLAB" label "$kc/k.log" --rows 5 --set B 2>&1)
expect_eq "$?" 0 "--set of a class declared before the compaction ($out)"
"$LOGLAB" label "$kc/k.log" --compact >/dev/null
"$LOGLAB" label "$kc/k.log" --rows 5 --unset >/dev/null
"$LOGLAB" label "$kc/k.log" --compact >/dev/null
out=$("$LOGLAB" label "$kc/k.log" --rows 6 --set B 2>&1)
expect_eq "$?" 0 "--set after two compactions ($out)"
expect_eq "$("$LOGLAB" label "$kc/k.log" --json | /usr/bin/python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)["labels"]))')" "A,B" "the classes in their order"
finish
