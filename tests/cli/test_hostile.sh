#!/bin/sh
# tests/cli/test_hostile.sh - crafted input meets the verbs: names with
# terminal escape sequences are printed escaped, never raw.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-hostile-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

esc=$(printf '\033')
bel=$(printf '\007')

# run CMD...: sets $out, $err, $rc
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# no_raw_controls TEXT WHAT: TEXT holds no ESC, BEL or CR byte
no_raw_controls() {
	checks=$((checks + 1))
	case "$1" in
	*"$esc"* | *"$bel"* | *"$(printf '\r')"*) fail "$2: raw control characters printed" ;;
	esac
}

# --- a file name that would set the terminal title and clear the screen ---
evil="$tmp/x${esc}]0;pwned${bel}${esc}[2J.log"
printf 'Jun 14 15:16:01 host kernel: hello\n' >"$evil"
run "$LOGLAB" info "$evil"
expect_eq "$rc" 0 "info on an escape-laden name"
no_raw_controls "$out" "info output"
expect_match "$out" '^file: .*x\\x1b\]0;pwned\\x07\\x1b\[2J\.log$' "info shows the name escaped"
run "$LOGLAB" info "$evil.missing"
expect_eq "$rc" 3 "a missing escape-laden name"
no_raw_controls "$err" "error message"
expect_match "$err" 'x\\x1b\]0;pwned\\x07\\x1b\[2J\.log\.missing: no such file' "the error names the file escaped"
# log lines carrying control bytes are data: label --templates prints them escaped.
# The bytes hold no digit: the template miner takes a token with a digit for a
# variable (<*>), and the constant text is what must come out escaped. (Whole
# terminal sequences such as colours are removed when the file is read: below.)
printf 'Jun 14 15:16:0%d host kernel: boom \033Kred\007 %d\n' 1 1 2 2 3 3 >"$tmp/esc.log"
run "$LOGLAB" label "$tmp/esc.log" --templates
expect_eq "$rc" 0 "templates of lines with control bytes"
no_raw_controls "$out" "template listing"
expect_match "$out" 'boom \\x1bKred\\x07 <\*>' "templates shown escaped"
printf 'Jun 14 15:16:0%d host kernel: boom \033[Kred\033[m %d\n' 1 1 2 2 3 3 >"$tmp/colour.log"
run "$LOGLAB" label "$tmp/colour.log" --templates
expect_eq "$rc" 0 "templates of lines with colour codes"
no_raw_controls "$out" "template listing of a coloured log"
expect_match "$out" 'boom red <\*>' "colour codes removed from templates"

# --- names that become paths: a workspace naming a dataset, a feature set or an
# experiment so that its folder would land outside the workspace. Every verb that
# loads the workspace refuses it (exit 2, the key named, escaped) and nothing is
# written anywhere.
mkdir -p "$tmp/ws/in" "$tmp/elsewhere"
printf 'label\tmessage\n0\thello\n1\tboom\n' >"$tmp/ws/in/d.tsv"
n=0
for name in "../../elsewhere/x" "a/../../../elsewhere/y" "..\\/z" ".." "ok${esc}[2J"; do
	for sec in datasets featuresets experiments; do
		n=$((n + 1))
		w="$tmp/ws/in/w$n"
		mkdir -p "$w"
		jname=$(printf '%s' "$name" | sed "s/$esc/\\\\u001b/g")
		dn=d fn=f en=e
		case $sec in datasets) dn=$jname ;; featuresets) fn=$jname ;; experiments) en=$jname ;; esac
		printf '{"version": 1, "datasets": {"%s": {"path": "../d.tsv"}},\n "featuresets": {"%s": {"dataset": "%s"}},\n "experiments": {"%s": {"featureset": "%s", "model": "logreg"}}}\n' \
			"$dn" "$fn" "$dn" "$en" "$fn" >"$w/loglab.json"
		for verb in "build $fn" "train $en" "runs" "build --preview $fn"; do
			# shellcheck disable=SC2086
			run "$LOGLAB" $verb --workspace "$w"
			expect_eq "$rc" 2 "$sec \"$name\": $verb"
			expect_match "$err" "loglab.json: $sec\..*: not usable as a name" "$sec \"$name\": $verb names the key"
			no_raw_controls "$err" "$sec \"$name\": $verb message"
		done
		[ -z "$(ls -A "$w")" ] || [ "$(ls -A "$w")" = loglab.json ] || fail "$sec \"$name\": something was written in the workspace: $(ls -A "$w")"
	done
done
[ -z "$(ls -A "$tmp/elsewhere")" ] || fail "a hostile name wrote outside its workspace: $(ls -A "$tmp/elsewhere")"
[ ! -e "$tmp/ws/elsewhere" ] && [ ! -e "$tmp/ws/in/elsewhere" ] || fail "a hostile name made a folder outside its workspace"

# --- limits: a model too large for LOGLAB_MEMORY_MAX is refused before it is
# allocated, exit 2 naming the key that sizes it; a small one trains
mkdir -p "$tmp/big"
{ printf 'label\tmessage\n'; i=0; while [ $i -lt 20 ]; do printf '0\thello world %d\n1\tdisk failure %d\n' $i $i; i=$((i + 1)); done; } >"$tmp/big/d.tsv"
cat >"$tmp/big/loglab.json" <<'EOF'
{"version": 1, "datasets": {"d": {"path": "d.tsv"}},
 "featuresets": {"f": {"dataset": "d", "text": {"kind": "tfidf", "features": 1024}}},
 "experiments": {"big": {"featureset": "f", "model": "mlp", "hidden": [1000, 1000], "epochs": 1},
   "small": {"featureset": "f", "model": "logreg"}}}
EOF
run env LOGLAB_MEMORY_MAX=1M "$LOGLAB" train big -q --workspace "$tmp/big"
expect_eq "$rc" 2 "a model over the memory limit"
expect_match "$err" '^loglab: experiments\.big\.hidden: a mlp on 1024 features and [0-9]+ classes needs 39 MiB, more than the memory limit of 1\.0 MiB \(LOGLAB_MEMORY_MAX\)$' "the refusal names the key and the numbers"
[ ! -d "$tmp/big/runs" ] || [ -z "$(ls -A "$tmp/big/runs")" ] || fail "a refused model left a run folder"
run env LOGLAB_MEMORY_MAX=1M "$LOGLAB" train small -q --workspace "$tmp/big"
expect_eq "$rc" 0 "a small model within the same limit"
# a limit mistyped stops loglab at start, naming the variable: its default
# would otherwise hold without a word
run env LOGLAB_MEMORY_MAX=2gigs "$LOGLAB" train small -q --workspace "$tmp/big"
expect_eq "$rc" 1 "a limit that is no size (a usage error)"
expect_match "$err" "^loglab: LOGLAB_MEMORY_MAX='2gigs' is not a size \\(" "the variable and its value named"
run env LOGLAB_THREADS=two "$LOGLAB" --version
expect_eq "$rc" 1 "LOGLAB_THREADS that is no number"
expect_match "$err" "^loglab: LOGLAB_THREADS='two' is not a number of threads" "the threads variable named"
run env LOGLAB_CACHE_MAX=lots "$LOGLAB" --version
expect_eq "$rc" 1 "LOGLAB_CACHE_MAX that is no size"
run env LOGLAB_FETCH_MAX=1.5G LOGLAB_MEMORY_MAX= LOGLAB_THREADS=2 LOGLAB_CACHE_MAX=0 "$LOGLAB" --version
expect_eq "$rc" 0 "a size with a fraction and a unit; an empty limit counts as unset"
# text.features 2^30: about 160 GiB of hashed columns, refused at once (exit 2, the key named)
sed 's/"features": 1024/"features": 1073741824/' "$tmp/big/loglab.json" >"$tmp/big/huge.json"
mkdir -p "$tmp/huge" && cp "$tmp/big/d.tsv" "$tmp/huge/" && cp "$tmp/big/huge.json" "$tmp/huge/loglab.json"
run "$LOGLAB" build f --workspace "$tmp/huge"
expect_eq "$rc" 2 "text.features 2^30"
expect_match "$err" '^loglab: featuresets\.f\.text\.features: 1073741824 hashed columns \(about 160 bytes each\) needs 160 GiB, more than the memory limit of .* \(LOGLAB_MEMORY_MAX\)$' "text.features 2^30 message"
[ ! -e "$tmp/huge/features" ] || fail "a refused feature set wrote files"

# --- review reads a run's predictions.tsv, a file anyone may edit: each defect is a
# data error naming the line, never a silently shorter or reordered queue
rd=$(ls -d "$tmp"/big/runs/*-small 2>/dev/null | head -1)
pt="$rd/predictions.tsv"
if [ -f "$pt" ]; then
	cp "$pt" "$tmp/pred.orig"
	rid=$(basename "$rd")
	# mutate SED_SCRIPT WANT WHAT
	mutate() {
		sed "$1" "$tmp/pred.orig" >"$pt"
		run "$LOGLAB" review "$rid" --workspace "$tmp/big"
		expect_eq "$rc" 2 "review: $3"
		expect_match "$err" "predictions\.tsv:$2" "review: $3 message"
	}
	mutate '2s/^1\t[0-9]*\t/1\t99999\t/' '2: row "99999" is not a row of the run'"'"'s dataset \(1\.\.[0-9]+\)$' "a row out of range"
	mutate '3p' '4: sample "2" where 3 was due' "a line repeated"
	mutate '2s/^\(\([^\t]*\t\)\{5\}\)[^\t]*/\1nan/' '2: score "nan" is not a finite number' "a NaN score"
	mutate '1d' '1: not the header of a run'"'"'s predictions' "no header"
	mutate '2s/\ttrain\t/\tholdout\t/;2s/\ttest\t/\tholdout\t/' '2: part "holdout" is not train, dev or test' "an unknown part"
	mutate '2s/\t[^\t]*$/\tx/' '2: template "x" is not a template id' "a bad template id"
	mutate '2s/\t[^\t]*$//' '2: [0-9]+ columns where the header has [0-9]+' "a short line"
	: >"$pt"
	run "$LOGLAB" review "$rid" --workspace "$tmp/big"
	expect_eq "$rc" 2 "review: an empty predictions.tsv"
	cp "$tmp/pred.orig" "$pt"
	run "$LOGLAB" review "$rid" --workspace "$tmp/big"
	expect_eq "$rc" 0 "review: the file as written"
else
	fail "no run to review in $tmp/big/runs"
fi

# --- SMD interpretation labels: each line is validated against the rows and
# columns of its data; a bad one is a data error naming file:line, not a
# silently missing segment
s="$tmp/smd"
mkdir -p "$s/csv" "$s/ServerMachineDataset/interpretation_label"
i=1
while [ $i -le 10 ]; do
	echo "0.$i,0.5,0.25" >>"$s/csv/machine-1-1_test.csv"
	if [ $i -ge 3 ] && [ $i -le 5 ]; then echo 1; else echo 0; fi >>"$s/csv/machine-1-1_test_label.csv"
	i=$((i + 1))
done
il="$s/ServerMachineDataset/interpretation_label/machine-1-1.txt"
for case in "garbage|1: \`garbage\` is not start-end:d1,d2,...\$" \
	"2-5:1|1: ok" \
	"5-2:3|1: \`5-2:3\` is not start-end:d1,d2,... \(the segment ends before it starts\)\$" \
	"2-5:1,4|1: dimension 4 is not a column of the data \(1\.\.3\)\$" \
	"2-50:1|1: rows 2-50 run past the data's last row \(10 rows\)\$" \
	"2-5:x|1: \`2-5:x\` is not start-end:d1,d2,...\$"; do
	line=${case%%|*} want=${case#*|}
	{ echo "3-4:2"; echo "$line"; } >"$il"
	run "$LOGLAB" info "$s/csv/machine-1-1_test.csv"
	if [ "$want" = "1: ok" ]; then
		expect_eq "$rc" 0 "interpretation line '$line'"
	else
		expect_eq "$rc" 2 "interpretation line '$line'"
		expect_match "$err" "machine-1-1\.txt:2${want#1}" "interpretation line '$line' message"
	fi
done

# --- an exported label file with few labels reopens as labels (its first line
# says what it is), loaded whole or browsed as a large file, and imports back
i=0
while [ $i -lt 40 ]; do
	printf 'Jun 14 15:%02d:01 host kernel: event %d\n' $((i % 60)) $i
	i=$((i + 1))
done >"$tmp/few.log"
"$LOGLAB" label "$tmp/few.log" --rows 3 --set 1 >/dev/null 2>&1
run "$LOGLAB" label "$tmp/few.log" --export "$tmp/few.tsv"
expect_eq "$rc" 0 "export of few labels"
expect_eq "$(head -1 "$tmp/few.tsv")" "#loglab labels" "the export starts with its marker"
for thr in "" 1; do
	run env ${thr:+LOGLAB_LAZY_THRESHOLD=$thr} "$LOGLAB" info "$tmp/few.tsv"
	expect_match "$out" '^format: +labelled ' "the export reopens as labels${thr:+ (large-file path)}"
	expect_match "$out" '^rows: +40$' "the marker is no row${thr:+ (large-file path)}"
	expect_match "$out" '^labels: +1 classes, 1 labelled, 39 unlabelled$' "its labels are kept${thr:+ (large-file path)}"
done
cp "$tmp/few.log" "$tmp/few2.log"
run "$LOGLAB" label "$tmp/few2.log" --import "$tmp/few.tsv"
expect_match "$out" 'row by row\): 1 rows? changed' "the export imports back row by row"

# --- limits: a file of empty lines whose line index would pass LOGLAB_MEMORY_MAX ---
# (browsed lazily as a large log is, whatever its size, so the test stays small)
head -c 300000 /dev/zero | tr '\0' '\n' >"$tmp/empty.log"
gzip -c "$tmp/empty.log" >"$tmp/empty.log.gz"
for f in empty.log empty.log.gz; do
	run env LOGLAB_LAZY_THRESHOLD=1 LOGLAB_MEMORY_MAX=256K "$LOGLAB" info "$tmp/$f"
	expect_eq "$rc" 2 "$f: too many lines for the memory limit"
	# the gzip file meets the limit already while it is inflated
	case $f in
	*.gz) want="inflating the gzip data \([0-9]+ bytes so far\) needs [0-9]+ KiB, more than the memory limit of 256 KiB \(LOGLAB_MEMORY_MAX\)" ;;
	*) want="too many lines: [0-9]+ lines found before the line index \(4 bytes a line\) reached the memory limit of 256 KiB \(LOGLAB_MEMORY_MAX\) in 293 KiB of text; not read" ;;
	esac
	expect_match "$err" "^loglab: .*$f: $want\$" "$f: the refusal gives the numbers"
	expect_eq "$out" "" "$f: no partial summary"
done
run env LOGLAB_LAZY_THRESHOLD=1 LOGLAB_MEMORY_MAX=256K "$LOGLAB" label "$tmp/empty.log" --templates
expect_eq "$rc" 2 "templates of a file over the line limit"
run env LOGLAB_LAZY_THRESHOLD=1 LOGLAB_MEMORY_MAX=4M "$LOGLAB" info "$tmp/empty.log"
expect_eq "$rc" 0 "the same file within a larger limit"
expect_match "$out" '^rows: +300000$' "every line counted"

finish
