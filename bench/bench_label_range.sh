#!/bin/bash
# bench_label_range.sh LOGLAB [OTHER_LOGLAB]: `loglab label FILE --rows 1-N --set CLASS` on N
# lines (N=1000000 unless set) of a Latin-1 syslog and of a label<TAB>line file (gen_scaling.py's
# latin1_syslog and labelled_lines), both large enough to be read lazily: the row hash of each
# labelled row is the work that differs between such formats. Prints the best of REPS (default
# 5) runs: wall and CPU seconds and the peak RSS of that run. The journal is removed before each
# run. Files are kept in $LABEL_RANGE_DIR when set (a second run reuses them). Not in make check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
loglabs=()
for b in "$@"; do loglabs+=("$(readlink -f "$b")"); done
[ ${#loglabs[@]} -gt 0 ] || { echo "usage: $0 LOGLAB [OTHER_LOGLAB]" >&2; exit 1; }
n=${N:-1000000}
reps=${REPS:-5}
if [ -n "${LABEL_RANGE_DIR:-}" ]; then
	work=$LABEL_RANGE_DIR; mkdir -p "$work"
else
	work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
tf=$work/time
printf '%-16s %-24s %8s %8s %9s\n' file loglab wall cpu rss_kb
for spec in "latin1_syslog 1" "labelled_lines alert"; do
	read -r shape class <<<"$spec"
	f=$work/$shape-$n.log
	[ -e "$f" ] || python3 "$here/gen_scaling.py" "$shape" "$n" "$f"
	for bin in "${loglabs[@]}"; do
		best=; cpu=; rss=
		for r in $(seq "$reps"); do
			rm -f "$f.labels"
			/usr/bin/time -o "$tf" -f "%e %U %S %M" "$bin" label "$f" --rows "1-$n" --set "$class" >/dev/null 2>&1 ||
				{ echo "failed: $bin label $f" >&2; break; }
			read -r t u s m <"$tf"
			if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
				best=$t; cpu=$(echo "$u + $s" | bc); rss=$m
			fi
		done
		rm -f "$f.labels"
		printf '%-16s %-24s %8s %8s %9s\n' "$shape" "$bin" "$best" "$cpu" "$rss"
	done
done
