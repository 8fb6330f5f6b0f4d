#!/bin/sh
# test_latin1.sh - a log written in Latin-1 / Windows-1252 (French and
# German syslog lines, Windows quotes) reads as the same log in UTF-8:
# `loglab info` notes the reading, `label --templates` prints the same
# templates as for the UTF-8 copy, `label --match` finds an accented word
# as typed (journalled by the hash of the file's own bytes, as before the
# file was read as Latin-1), a run trained on it scores its lines alike
# with predict and predict --follow (of a file empty at first too), and
# the browser shows the accents.
# A UTF-8 file has no note, and one with a stray byte keeps it escaped
# (\xe9); one whose copy would pass LOGLAB_MEMORY_MAX is read as bytes with
# a note. A fleet reads a Latin-1 file as it reads alone, and labels set
# in one apply in the other. A file of plain ASCII for its first 64 KiB is
# judged where its first other byte is, alone and in a fleet.
. "$LL_SRCDIR/tests/lib.sh"
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 HOME="$T"
unset NO_COLOR LOGLAB_ASCII XDG_CONFIG_HOME

# The same 60 lines in both encodings (printf's octal escapes: \351 is e
# acute in Latin-1, \303\251 in UTF-8; \223 \224 are Windows-1252 quotes).
gen() {
	i=0
	while [ $i -lt 20 ]; do
		s=$(printf '%02d' $((i % 60)))
		printf "Mar  2 06:17:$s node07 netd[4$s]: D$1marrage du service r$1seau eth$((i % 3))\n"
		printf "Mar  2 06:18:$s node07 disk[5$s]: Gr$2$3e $4berschritten: ${5}voll$6 on /dev/sda$((i % 4))\n"
		printf "Mar  2 06:19:$s node07 cron[6$s]: plain job $i done\n"
		i=$((i + 1))
	done
}
gen '\351' '\366' '\337' '\374' '\223' '\224' >"$T/latin1.log"
gen '\303\251' '\303\266' '\303\237' '\303\274' '\342\200\234' '\342\200\235' >"$T/utf8.log"

out=$("$LOGLAB" info "$T/latin1.log" 2>&1)
expect_match "$out" '^format: +syslog' "the Latin-1 log is syslog"
expect_match "$out" '^rows: +60$' "its rows"
# 20 lines x (2 e-acute) + 20 x (o-umlaut, sharp s, u-umlaut, two quotes)
expect_match "$out" '^note: .*latin1\.log: not UTF-8: read as Latin-1 \(Windows-1252\), 140 characters converted$' \
	"info notes the reading"
# A file whose UTF-8 copy would pass LOGLAB_MEMORY_MAX is read as bytes, noted.
out=$(LOGLAB_MEMORY_MAX=2K "$LOGLAB" info "$T/latin1.log" 2>&1)
expect_match "$out" '^rows: +60$' "over the memory limit: still read"
expect_match "$out" '^note: .*latin1\.log: not UTF-8 \(Latin-1\?\): not converted, the UTF-8 copy needs .* \(LOGLAB_MEMORY_MAX\)$' \
	"over the memory limit: not converted, and why"
out=$("$LOGLAB" info "$T/utf8.log" 2>&1)
expect_match "$out" '^rows: +60$' "the UTF-8 log's rows"
checks=$((checks + 1))
case $out in *"Latin-1"*) fail "a UTF-8 file read as Latin-1: $out" ;; esac

# The same templates, accents and quotes as UTF-8.
"$LOGLAB" label "$T/latin1.log" --templates >"$T/t1" 2>&1 || fail "templates of the Latin-1 log: $(cat "$T/t1")"
"$LOGLAB" label "$T/utf8.log" --templates >"$T/t8" 2>&1 || fail "templates of the UTF-8 log: $(cat "$T/t8")"
checks=$((checks + 1))
cmp -s "$T/t1" "$T/t8" || fail "templates differ: $(diff "$T/t1" "$T/t8" | head -5)"
expect_match "$(cat "$T/t1")" "$(printf 'D\303\251marrage du service r\303\251seau')" "the template holds the accents"
expect_match "$(cat "$T/t1")" "$(printf 'Gr\303\266\303\237e \303\274berschritten: \342\200\234voll\342\200\235 on')" \
	"umlauts and Windows-1252 quotes"

# A search typed in UTF-8 finds the Latin-1 lines.
cp "$T/latin1.log" "$T/m.log"
out=$("$LOGLAB" label "$T/m.log" --match "$(printf 'r\303\251seau')" --set net --new-class 2>&1) || fail "label --match: $out"
expect_match "$("$LOGLAB" label "$T/m.log" 2>&1)" '^  net +20$' "label --match on an accented word labels its 20 lines"
# The journal hashes each line's bytes as the file has them (Latin-1), so
# labels given before the file was read as Latin-1 still land.
if [ -x /usr/bin/python3 ]; then
	bad=$(/usr/bin/python3 - "$T/m.log" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
def fnv(b):
    h = 2166136261
    for c in b:
        h = ((h ^ c) * 16777619) & 0xffffffff
    return h
bad = n = 0
for rec in open(sys.argv[1] + '.labels', 'rb').read().split(b'\n'):
    f = rec.split(b'\t')
    if len(f) > 2 and b':' in f[2]:
        row, h = f[2].split(b':')
        n += 1
        bad += fnv(lines[int(row) - 1]) != int(h, 16)
print(bad if n == 20 else 'records: %d' % n)
PY
)
	expect_eq "$bad" 0 "journal hashes are of the Latin-1 bytes"
	# a record made of the file's bytes applies: the journal read again
	expect_match "$("$LOGLAB" label "$T/m.log" 2>&1)" 'journal: .*\(20 records applied, 0 skipped\)' "the journal applies whole"
fi

# The browser shows the accents, not escapes.
screen=$("$LOGLAB" --dump-screen 8x100 "$T/latin1.log" 2>&1)
expect_match "$screen" "$(printf 'netd\\[400\\]: D\303\251marrage du service r\303\251seau eth0')" "the browser shows the accents"
checks=$((checks + 1))
case $screen in *'\x'*) fail "the browser shows escapes: $screen" ;; esac

# A run trained on a Latin-1 log scores its lines alike through predict
# and predict --follow (which reads new lines itself): "r\351seau" is the
# class's only word, "reseau" the other lines'.
F=$T/follow
mkdir -p "$F"
i=0
while [ $i -lt 60 ]; do
	printf "Mar  2 06:20:%02d node07 netd[9%02d]: D\351marrage du service r\351seau eth%d\n" $((i % 60)) $i $((i % 3))
	printf "Mar  2 06:21:%02d node07 netd[8%02d]: Demarrage du service reseau eth%d\n" $((i % 60)) $i $((i % 3))
	printf "Mar  2 06:22:%02d node07 netd[7%02d]: Demarrage du service reseau eth%d\n" $((i % 60)) $i $((i % 3))
	i=$((i + 1))
done >"$F/net.log"
"$LOGLAB" label "$F/net.log" --match "$(printf 'r\303\251seau')" --set net --new-class >/dev/null 2>&1
cat >"$F/loglab.json" <<JSON
{ "version": 1,
  "datasets": {"d": {"path": "net.log"}},
  "featuresets": {"t": {"dataset": "d", "unlabelled": "ordinary", "text": {"kind": "tfidf"}}},
  "experiments": {"lr": {"featureset": "t", "model": "logreg", "review_folds": 0}} }
JSON
if (cd "$F" && timeout 120 "$LOGLAB" train lr --quiet) >"$T/train.out" 2>&1; then
	run=$(ls -d "$F"/runs/*-lr | tail -1)
	head -6 "$F/net.log" >"$F/new.log"
	want=$(timeout 60 "$LOGLAB" predict "$run" "$F/new.log" -w "$F" | awk -F'\t' '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }')
	expect_match "$want" '^1 net ' "predict: the accented line is net"
	expect_match "$want" '^2 ordinary ' "predict: the plain line is ordinary"
	timeout 3 "$LOGLAB" predict "$run" --follow "$F/new.log" --from-start -w "$F" >"$T/follow.out" 2>"$T/follow.err"
	expect_eq "$(awk -F'\t' '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }' "$T/follow.out")" "$want" \
		"--follow scores Latin-1 lines as predict does (class and score)"
	# standard input's start decides the same
	got=$(timeout 60 "$LOGLAB" predict "$run" --follow - -w "$F" <"$F/new.log" | awk -F'\t' '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }')
	expect_eq "$got" "$want" "--follow - scores Latin-1 lines as predict does"
	# a file empty when following starts: its first bytes decide
	: >"$F/later.log"
	timeout 60 "$LOGLAB" predict "$run" --follow "$F/later.log" -w "$F" >"$T/follow.out" 2>"$T/follow.err" &
	fpid=$!
	sleep 1
	cat "$F/new.log" >>"$F/later.log"
	i=0
	while [ "$(wc -l <"$T/follow.out" | tr -d ' ')" -lt 6 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	kill -INT $fpid 2>/dev/null
	wait $fpid 2>/dev/null
	expect_eq "$(awk -F'\t' '$1 ~ /^[0-9]+$/ { print $1, $2, $3 }' "$T/follow.out")" "$want" \
		"--follow of a file empty at first scores Latin-1 lines as predict does"
else
	fail "training on the Latin-1 log: $(cat "$T/train.out")"
fi

# A fleet reads its Latin-1 file as the file alone reads (converted, with
# the same note), and labels set in the fleet are the file's when it is
# opened alone: its journal hashes the file's own bytes either way.
mkdir -p "$T/fleet/a" "$T/fleet/b"
cp "$T/latin1.log" "$T/fleet/a/app.log"
cp "$T/utf8.log" "$T/fleet/b/app.log"
out=$("$LOGLAB" info "$T/fleet" 2>&1)
expect_match "$out" '^note: +a/app\.log: not UTF-8: read as Latin-1 \(Windows-1252\), 140 characters converted$' \
	"a fleet reads its Latin-1 file as Latin-1, with the single file's note"
checks=$((checks + 1))
case $out in *"b/app.log: not UTF-8"*) fail "a fleet calls its UTF-8 file Latin-1: $out" ;; esac
t1=$("$LOGLAB" label "$T/fleet" --templates 2>&1)
expect_match "$t1" "$(printf 'D\303\251marrage du service r\303\251seau')" "the fleet's templates hold the accents"
out=$("$LOGLAB" label "$T/fleet" --match "$(printf 'r\303\251seau')" --set net --new-class 2>&1) ||
	fail "label --match on the fleet: $out"
expect_match "$("$LOGLAB" label "$T/fleet" 2>&1)" '^  net +40$' "the fleet labels the word in both files"
expect_match "$("$LOGLAB" label "$T/fleet/a/app.log" 2>&1)" '^  net +20$' \
	"the Latin-1 file opened alone sees the labels set in the fleet"
expect_match "$("$LOGLAB" label "$T/fleet/a/app.log" 2>&1)" 'journal: .*\(20 records applied, 0 skipped\)' \
	"its journal applies whole alone"
"$LOGLAB" label "$T/fleet/a/app.log" --match cron --set cronjob --new-class >/dev/null 2>&1
expect_match "$("$LOGLAB" label "$T/fleet" 2>&1)" '^  cronjob +20$' "labels set on the file alone show in the fleet"

# Mostly UTF-8 with one stray byte: as it is, the stray byte escaped.
{ cat "$T/utf8.log"; printf 'Mar  2 06:20:00 node07 cron[700]: \351t\303\251 plain\n'; } >"$T/mixed.log"
out=$("$LOGLAB" info "$T/mixed.log" 2>&1)
checks=$((checks + 1))
case $out in *"Latin-1"*) fail "a mostly UTF-8 file read as Latin-1: $out" ;; esac
t=$("$LOGLAB" label "$T/mixed.log" --templates 2>&1)
expect_match "$t" "$(printf 'D\303\251marrage du service')" "its UTF-8 as it is"
expect_match "$t" "$(printf '\\\\xe9t\303\251 plain')" "its stray byte escaped"

# ASCII for its first 200 KiB, then Latin-1 lines: the sniff looks where
# the first accent is; alone, in a fleet and gzipped in a fleet alike.
mkdir -p "$T/late"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "Mar  2 05:%02d:%02d node07 cron[%d]: plain job %d done\n", i / 60 % 60, i % 60, 100 + i, i }' \
	>"$T/late/late.log"
cat "$T/latin1.log" >>"$T/late/late.log"
checks=$((checks + 1))
[ "$(head -c 65536 "$T/late/late.log" | LC_ALL=C grep -c "$(printf '[\200-\377]')")" -eq 0 ] ||
	fail "the late file's first 64 KiB should be ASCII"
out=$("$LOGLAB" info "$T/late/late.log" 2>&1)
expect_match "$out" '^note: .*late\.log: not UTF-8: read as Latin-1 \(Windows-1252\), 140 characters converted$' \
	"a late first accent is found"
gzip -c "$T/late/late.log" >"$T/late/late.1.gz"
t=$("$LOGLAB" label "$T/late" --templates 2>&1)
expect_match "$t" "$(printf 'D\303\251marrage du service r\303\251seau')" "the fleet reads the late accents too"
expect_no_match "$t" 'xe9' "no file of the fleet keeps them escaped"

finish
