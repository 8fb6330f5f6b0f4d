#!/bin/sh
# bench/run_all.sh [BUILDDIR] - every benchmark of loglab with its peers, in
# one run on this machine, ending with one verdict line per target of issue 18.
#
#   machine        bench_cores      the two cores alone and together, stalls, wake-ups:
#                                   the ceiling the 2-thread figures are read against
#   line index     bench_index.sh   loglab vs wc -l and lnav (1 GiB and 100 MiB)
#   models         bench_models.sh  DNN, LSTM, k-means vs sklearn and torch, 1 and 2 threads
#   small GEMM     bench_gemm       loglab's own kernel vs OpenBLAS on training's shapes
#   text           bench_text.sh    hashed TF-IDF vs sklearn (W2V=1: skip-gram vs gensim too)
#   templates      bench_templates  mining speed on the index's 1 GiB file, 1 and 2 threads
#   review queue   bench_review.sh  hidden root-cause lines found, out of fold and in sample, vs sklearn
#   log defaults   bench_log_defaults.sh  bare feature sets over logs: logreg, mlp, k-means vs sklearn
#
# Builds what it needs in BUILDDIR (default: $LL_BUILDDIR or .), writes the
# whole output to $OUT (default BUILDDIR/bench-all-DATE.txt) and prints it.
# The machine's load average is printed by each part: on a shared machine
# compare the CPU-time ratios, which waiting for a CPU does not distort.
# Takes 10-15 minutes on an idle 2-core machine (much longer on a busy one);
# REPS (default 3) sets the runs per figure. Needs /usr/bin/python3 with
# scikit-learn and torch, /usr/bin/time, and ../shared/data for the text
# part (each part says what it skipped). Not part of `make check`.
set -u
B=${1:-${LL_BUILDDIR:-.}}
S=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$B/bench-all-$(date -u +%Y%m%d-%H%M%S).txt}
export REPS=${REPS:-3}
export W2V=${W2V:-0}
: "${LL_DATA_DIR:=$S/../../shared/data}"
export LL_DATA_DIR
make -C "$B" -s bench/gen_syslog bench/bench_index bench/bench_models bench/bench_gemm bench/bench_text \
	bench/bench_templates bench/bench_cores bench/gen_table >/dev/null || { echo "run_all.sh: cannot build the benchmarks in $B" >&2; exit 1; }

section() {
	echo
	echo "## $1 ($(date -u +%H:%M) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
}

{
	echo "# loglab benchmarks, $(date -u '+%Y-%m-%d %H:%M') UTC"
	echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
	section "Machine (two cores)"
	"$B/bench/bench_cores" || echo "bench_cores failed"
	section "Line index"
	sh "$S/bench_index.sh" "$B" || echo "bench_index.sh failed"
	section "Models"
	sh "$S/bench_models.sh" "$B" || echo "bench_models.sh failed"
	section "Own small GEMM"
	"$B/bench/bench_gemm" || echo "bench_gemm failed"
	# Debian's OpenBLAS 0.3.21 takes an AVX-512 Zen 5 for Haswell (AVX2):
	# the own kernel against OpenBLAS's AVX-512 kernels too
	if grep -qw avx512f /proc/cpuinfo; then
		section "Own small GEMM against OpenBLAS's SkylakeX (AVX-512) kernels"
		OPENBLAS_CORETYPE=SkylakeX "$B/bench/bench_gemm" || echo "bench_gemm (SkylakeX) failed"
	fi
	section "Text features"
	sh "$S/bench_text.sh" "$B" || echo "bench_text.sh failed"
	section "Review queue"
	sh "$S/bench_review.sh" "$B" || echo "bench_review.sh failed"
	section "Untuned defaults on logs"
	sh "$S/bench_log_defaults.sh" "$B" || echo "bench_log_defaults.sh failed"
	section "CSV reading (reported)"
	sh "$S/bench_csv.sh" "$B" || echo "bench_csv.sh failed"
	section "Templates (speed)"
	"$B/bench/bench_templates" -q --speed -s "${TMPDIR:-/tmp}/loglab-bench-1g.log" -r "$REPS" ||
		echo "bench_templates failed"
	section "Verdicts"
} 2>&1 | tee "$OUT"
# every part's verdict lines, in one place
grep -i '^target ' "$OUT" | tee -a "$OUT"
echo "(all output in $OUT)"
