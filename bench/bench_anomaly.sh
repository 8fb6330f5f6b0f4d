#!/bin/sh
# bench/bench_anomaly.sh [BUILDDIR] - the series detectors (model
# "detector": ae, kmeans and lstm, their default settings, no labels in
# training) on every series of ../shared/data: SMD and ASD (train on
# NAME_train.csv, evaluate on NAME_test.csv with its labels and
# interpretation labels) and NAB (train on the first 15% of each file, the
# benchmark's probationary period, evaluate on the whole file against its
# anomaly windows). Prints one markdown table per data set with every
# figure of `loglab eval --json` and the seconds each detector took to
# train (run.json train_s), and the mean over the rows that have them.
# bench/ANOMALY.md has a recorded run. Needs jq and awk.
# Environment: SETS (default "smd asd nab"; "gen" adds the generated
# series of bench/gen_series.sh), KINDS (default "ae kmeans lstm"),
# DET_KEYS (extra experiment keys for every detector, e.g. '"smooth": 5,'
# when comparing settings), SMD_EXTRA (more SMD machines kept outside the
# repository, e.g. the 28 of OmniAnomaly's ServerMachineDataset: a folder
# in the original layout, train/NAME.txt, test/NAME.txt, test_label/
# NAME.txt and interpretation_label/NAME.txt, or in the csv/ layout of
# ../shared/data/smd; machines ../shared/data already has are skipped; its
# rows form the set "smdx", with their own table and means), SERIES_EXTRA
# (labelled series of other benchmarks kept outside the repository: a
# folder of folders, one a set, each with NAME_train.EXT and NAME_test.EXT,
# the test series labelled by its label column or by NAME_test_label.*,
# one class a line; one table per folder; SETS="" runs only these).
set -e
B=${1:-${LL_BUILDDIR:-.}}
LOGLAB=$(cd "$B" && pwd)/loglab
SRC=$(cd "$(dirname "$0")/.." && pwd)
DATA=${LL_DATA_DIR:-$SRC/../shared/data}
[ -x "$LOGLAB" ] || { echo "bench_anomaly.sh: $LOGLAB not built" >&2; exit 1; }
[ -d "$DATA/smd" ] || { echo "bench_anomaly.sh: no $DATA/smd" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench_anomaly.sh: needs jq" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
WS=$TMP/ws
mkdir -p "$WS"
SETS=${SETS-smd asd nab}
KINDS=${KINDS:-ae kmeans lstm}
DET_KEYS=${DET_KEYS:-}
KEYS="pointwise_f1 point_adjusted_f1 best_f1 best_point_adjusted_f1 auroc aupr hitrate_100 hitrate_150 false_alarm_rate"
# false_alarm_rate: the share of the test series' normal steps at or above
# the run's threshold, to compare with the rate the threshold was set for
# (POT risk 1e-3)


# workspace TRAIN TEST [LABELS]: a loglab.json with both series (the test
# series' labels from the file LABELS when given) and the detectors of
# KINDS at their defaults
workspace() {
	lab=
	[ -n "${3:-}" ] && lab=$(printf ', "labels": "%s"' "$3")
	{
		printf '{\n  "version": 1,\n  "datasets": {"train": {"path": "%s"}, "test": {"path": "%s"%s}},\n' "$1" "$2" "$lab"
		printf '  "featuresets": {"series": {"dataset": "train"}},\n  "experiments": {\n'
		sep=
		for det in $KINDS; do
			printf '%s    "%s": {%s "featureset": "series", "model": "detector", "detector": "%s"}' \
				"$sep" "$det" "$DET_KEYS" "$det"
			sep=',
'
		done
		printf '\n  }\n}\n'
	} >"$WS/loglab.json"
}

header() {
	printf '\n### %s\n\n| series | detector | train s |' "$1"
	for k in $KEYS; do printf ' %s |' "$k"; done
	printf '\n|---|---|---|'
	for k in $KEYS; do printf -- '---|'; done
	printf '\n'
}

# row NAME: trains both detectors on the workspace and evaluates them
row() {
	for det in $KINDS; do
		out=$("$LOGLAB" train "$det" --workspace "$WS" --json --quiet)
		id=$(printf '%s' "$out" | jq -r .id)
		ts=$(printf '%s' "$out" | jq -r .train_s)
		"$LOGLAB" eval "$id" test --workspace "$WS" --json >"$TMP/m.json"
		printf "| %s | %s | %.3f |" "$1" "$det" "$ts"
		for k in $KEYS; do
			jq -r --arg k "$k" '.[$k] // "-" | if type == "number" then (. * 1000 | round / 1000 | tostring) else . end' \
				"$TMP/m.json" | tr -d '\n' | sed 's/^/ /; s/$/ |/'
		done
		printf '\n'
		printf '%s %s %s' "$2" "$det" "$ts" >>"$TMP/rows"
		for k in $KEYS; do printf ' %s' "$(jq -r --arg k "$k" '.[$k] // "-"' "$TMP/m.json")" >>"$TMP/rows"; done
		printf '\n' >>"$TMP/rows"
	done
}

# means SET: mean of every column over the rows of SET that have it
means() {
	for det in $KINDS; do
		awk -v set="$1" -v det="$det" '
			$1 == set && $2 == det { for (i = 3; i <= NF; i++) if ($i != "-") { s[i] += $i; c[i]++ } m = NF }
			END { printf "| **mean** | %s |", det
			      for (i = 3; i <= m; i++) printf(c[i] ? " %.3f |" : " - |", c[i] ? s[i] / c[i] : 0)
			      printf "\n" }' "$TMP/rows"
	done
}

: >"$TMP/rows"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
for set in $SETS; do
	case $set in smd | asd | gen) ;; *) continue ;; esac
	dir=$DATA/$set
	if [ "$set" = gen ]; then
		dir=$TMP/gen
		sh "$SRC/bench/gen_series.sh" "$dir" 4
	fi
	header "$(echo "$set" | tr a-z A-Z)"
	for tr in "$dir"/csv/*_train.csv; do
		name=$(basename "$tr" _train.csv)
		workspace "$tr" "$dir/csv/${name}_test.csv"
		row "$name" "$set"
	done
	means "$set"
	[ "$set" = smd ] && [ -n "${SMD_EXTRA:-}" ] || continue
	# the machines of SMD_EXTRA that ../shared/data lacks, in either layout
	# (the reader finds the labels of both)
	header "SMD (SMD_EXTRA: $SMD_EXTRA)"
	for tr in "$SMD_EXTRA"/train/machine-*.txt "$SMD_EXTRA"/csv/machine-*_train.csv; do
		[ -f "$tr" ] || continue
		case $tr in
		*.txt) name=$(basename "$tr" .txt) te=$SMD_EXTRA/test/$name.txt ;;
		*) name=$(basename "$tr" _train.csv) te=$SMD_EXTRA/csv/${name}_test.csv ;;
		esac
		[ -f "$DATA/smd/csv/${name}_train.csv" ] && continue
		[ -f "$te" ] || { echo "bench_anomaly.sh: $tr has no test series $te" >&2; continue; }
		workspace "$tr" "$te"
		row "$name" smdx
	done
	means smdx
done
# SERIES_EXTRA: every folder SET under it with NAME_train.EXT and
# NAME_test.EXT, labelled by a label column or by NAME_test_label.* (one
# class a line, the dataset key "labels"); each folder its own table
for sdir in ${SERIES_EXTRA:+"$SERIES_EXTRA"/*/}; do
	sdir=${sdir%/}
	set=$(basename "$sdir")
	header "$set (SERIES_EXTRA: $sdir)"
	for tr in "$sdir"/*_train.*; do
		[ -f "$tr" ] || continue
		base=$(basename "$tr")
		name=${base%%_train.*} ext=${base#"$name"_train}
		te=$sdir/${name}_test$ext
		[ -f "$te" ] || { echo "bench_anomaly.sh: $tr has no test series $te" >&2; continue; }
		lab=
		for l in "$sdir/${name}_test_label".*; do [ -f "$l" ] && lab=$l; done
		workspace "$tr" "$te" "$lab"
		row "$name" "x-$set"
	done
	means "x-$set"
done
case " $SETS " in *" nab "*) ;; *)
	echo
	echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0 ;;
esac

# NAB: the probationary 15% of each labelled file as its training series,
# in a copy of the benchmark's layout so the reader finds the windows
header NAB
mkdir -p "$TMP/nab/labels"
cp "$DATA/nab/labels/combined_windows.json" "$TMP/nab/labels/"
for f in "$DATA"/nab/data/*/*.csv; do
	cat=$(basename "$(dirname "$f")")
	key="$cat/$(basename "$f")"
	# files the windows list without a window have no anomaly to find
	nw=$(jq -r --arg k "$key" '.[$k] | length' "$DATA/nab/labels/combined_windows.json")
	[ "$nw" != "null" ] && [ "$nw" -gt 0 ] || continue
	mkdir -p "$TMP/nab/data/$cat" "$TMP/nab/train/$cat"
	ln -sf "$f" "$TMP/nab/data/$cat/"
	n=$(wc -l <"$f")
	head -n $((1 + (n - 1) * 15 / 100)) "$f" >"$TMP/nab/train/$cat/$(basename "$f")"
	workspace "$TMP/nab/train/$cat/$(basename "$f")" "$TMP/nab/data/$cat/$(basename "$f")"
	row "$key" nab
done
means nab
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
