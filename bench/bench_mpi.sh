#!/bin/sh
# bench/bench_mpi.sh [BUILDDIR] - loglab on MPI, measured in this run on this
# machine (bench/MPI.md has a recorded run). One command; quiet output to
# a file is enough: bench/bench_mpi.sh build > mpi.txt
#
#   strong scaling: `loglab train` of the same experiment alone and on 2
#     ranks (this machine has 2 cores): training seconds (run.json train_s,
#     which excludes reading the data and writing the run), speed-up, and
#     whether the two runs' metrics.json and predictions.tsv are the same
#     bytes. MLP 5x100 on 20 features (batch 256, Adam) and k-means k=8;
#     the MLP twice: its step through the node's shared memory window (the
#     default on one node) and through the collectives (LOGLAB_MPI_SHM=0,
#     the path of ranks on several nodes); k-means twice: the equal split
#     and shares that follow the ranks' speeds (LOGLAB_MPI_BALANCE=1). Besides the best of each, the
#     speed-up of every turn (1 process then 2 ranks, back to back): their
#     range is the spread the machine's other work causes.
#   weak scaling: the same rows per rank on 1, 2, 4 and 8 ranks (4 and 8
#     oversubscribed): time and efficiency against 1 rank, and against the
#     ideal for 2 cores (P ranks share 2 cores: ideal time T1 * P / 2).
#   bytes summed per step: what rank 0 sent per sum (from the run's log).
#   nodes: the MLP on 4 ranks as one node, as 2 emulated nodes of 2
#     (LOGLAB_MPI_NODE_RANKS=2) and with the flat collectives: seconds,
#     bytes a sum and whether the results are the single process's bytes.
#   templates: `loglab build --templates` of TPL_BYTES (100 MB) of
#     bench/gen_syslog lines in 16 MiB chunks, alone and on 2 ranks: lines/s
#     and whether the outputs are the same bytes.
#
# Each figure is the best of $REPS runs (default 2), taking turns, since the
# machine is shared; the load average is printed before and after.
# PARTS="strong templates weak nodes" (the default) chooses the sections, so a
# short quiet spell of a shared machine can be used for one of them.
# Sizes: MLP_ROWS (200000), KM_ROWS (400000), EPOCHS (2); WEAK_MLP (25000)
# and WEAK_KM (50000) rows per rank. Needs loglab built --enable-mpi, mpirun
# and bench/gen_table, bench/gen_syslog (make bench/gen_table bench/gen_syslog).
set -e
B=$(cd "${1:-${LL_BUILDDIR:-.}}" && pwd)
L=$B/loglab
G=$B/bench/gen_table
SRC=$(cd "$(dirname "$0")/.." && pwd)
REPS=${REPS:-2}
MLP_ROWS=${MLP_ROWS:-200000}
KM_ROWS=${KM_ROWS:-400000}
EPOCHS=${EPOCHS:-2}
WEAK_MLP=${WEAK_MLP:-25000}
WEAK_KM=${WEAK_KM:-50000}
TPL_BYTES=${TPL_BYTES:-100000000}
"$L" --version | grep -q "with MPI" || { echo "bench_mpi.sh: $L was built without MPI (configure --enable-mpi)" >&2; exit 1; }
[ -x "$G" ] || { echo "bench_mpi.sh: $G not built (make bench/gen_table)" >&2; exit 1; }
MPIRUN=$(command -v mpirun) || { echo "bench_mpi.sh: mpirun not found" >&2; exit 1; }
root=""
[ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_btl=self,vader
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
# One thread per process: a lone process would otherwise train on every core
# (LOGLAB_THREADS defaults to all), and the scaling compared would be threads
# against ranks, not one core against two.
export LOGLAB_THREADS=1
PARTS=${PARTS:-strong templates weak nodes}
want() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# workspace DIR ROWS: a workspace over a generated table of ROWS rows
workspace() {
	mkdir -p "$1"
	[ -f "$1/data.csv" ] || "$G" "$1/data.csv" "$2" 20 4 7
	cat >"$1/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"tab": {"path": "data.csv"}},
	"featuresets": {"tab": {"dataset": "tab", "columns": "^x", "split": {"kind": "random", "train": 0.8, "test": 0.2},
		"scale": "zscore", "seed": 1}},
	"experiments": {
		"mlp": {"featureset": "tab", "model": "mlp", "hidden": [100, 100, 100, 100, 100], "optimizer": "adam",
			"lr": 0.001, "batch": 256, "epochs": $EPOCHS, "seed": 1},
		"kmeans": {"featureset": "tab", "model": "kmeans", "k": 8, "n_init": 1, "seed": 1}
	}
}
JSON
}

# train WS EXP NP: trains (NP 0: plain process) and prints the run folder
train() {
	if [ "$3" -eq 0 ]; then
		(cd "$1" && "$L" train "$2" -q --json)
	else
		(cd "$1" && "$MPIRUN" $root --oversubscribe --bind-to none -np "$3" "$L" train "$2" -q --json)
	fi | sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p'
}
train_s() { sed -n 's/.*"train_s":[[:space:]]*\([0-9.e+-]*\).*/\1/p' "$1/run.json"; }
cpu_s() { sed -n 's/.*"train_cpu_s":[[:space:]]*\([0-9.e+-]*\).*/\1/p' "$1/run.json"; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || (b != "" && b + 0 < a + 0)) print b; else print a }'; }
fmt() { awk -v a="$1" 'BEGIN { printf "%.3f", a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
same() { cmp -s "$1/metrics.json" "$2/metrics.json" && cmp -s "$1/predictions.tsv" "$2/predictions.tsv" && echo yes || echo NO; }

echo "# machine: $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(mpirun --version | head -1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; figures are the best of $REPS)"
echo

if want strong; then
echo "## strong scaling: 1 process vs 2 ranks, training seconds (run.json train_s)"
echo
echo "| model | rows | 1 process s | 2 ranks s | speed-up | per-turn speed-ups | CPU s 1 process | CPU s rank 0 of 2 | CPU ratio | same bytes | bytes a sum (rank 0) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for row in mlp mlp-collectives kmeans kmeans-speed; do
	exp=${row%%-*}
	shm=1
	[ $row = mlp-collectives ] && shm=0
	bal=0
	[ $row = kmeans-speed ] && bal=1
	rows=$MLP_ROWS
	[ $exp = kmeans ] && rows=$KM_ROWS
	ws=$TMP/strong-$rows
	workspace "$ws" "$rows"
	t1="" t2="" r1="" r2="" u1="" u2="" lo="" hi=""
	i=0
	while [ $i -lt "$REPS" ]; do
		r=$(train "$ws" $exp 0); ta=$(train_s "$r"); t1=$(best "$t1" "$ta"); u1=$(best "$u1" "$(cpu_s "$r")"); r1=$r
		r=$(LOGLAB_MPI_SHM=$shm LOGLAB_MPI_BALANCE=$bal train "$ws" $exp 2); tb=$(train_s "$r"); t2=$(best "$t2" "$tb")
		u2=$(best "$u2" "$(cpu_s "$r")"); r2=$r
		sp=$(ratio "$ta" "$tb")
		lo=$(best "$lo" "$sp")
		hi=$(awk -v a="$hi" -v b="$sp" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
		i=$((i + 1))
	done
	bytes=$(sed -n 's/.*(\([0-9]*\) bytes a sum).*/\1/p' "$r2/log.txt")
	echo "| $row | $rows | $(fmt "$t1") | $(fmt "$t2") | $(ratio "$t1" "$t2")x | ${lo}-${hi}x | $(fmt "$u1") | $(fmt "$u2") |" \
		"$(ratio "$u1" "$u2")x | $(same "$r1" "$r2") | ${bytes:--} |"
done
echo
# What the host allows: two ranks in lockstep wait for the slower core, so
# equal shares reach at most 2 x (faster / slower) of the time on the faster
# core alone. The same lone trainings pinned to each core measure it.
if command -v taskset >/dev/null 2>&1 && [ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ]; then
	echo "| model | 1 process on cpu 0 s | on cpu 1 s | ceiling for equal shares | two at once, one a core: slower s | ceiling for two independent runs |"
	echo "|---|---|---|---|---|---|"
	for exp in mlp kmeans; do
		rows=$MLP_ROWS
		[ $exp = kmeans ] && rows=$KM_ROWS
		ws=$TMP/strong-$rows
		c0="" c1=""
		i=0
		while [ $i -lt "$REPS" ]; do
			r=$(cd "$ws" && taskset -c 0 "$L" train $exp -q --json | sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p')
			c0=$(best "$c0" "$(train_s "$r")")
			r=$(cd "$ws" && taskset -c 1 "$L" train $exp -q --json | sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p')
			c1=$(best "$c1" "$(train_s "$r")")
			i=$((i + 1))
		done
		# two lone trainings at once, one a core: the most two cores give
		# two independent runs here, and so any split of one run
		both=""
		i=0
		while [ $i -lt "$REPS" ]; do
			(cd "$ws" && taskset -c 0 "$L" train $exp -q --json >"$TMP/ind0") &
			pid=$!
			(cd "$ws" && taskset -c 1 "$L" train $exp -q --json >"$TMP/ind1")
			wait $pid
			ta=$(train_s "$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$TMP/ind0")")
			tb=$(train_s "$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$TMP/ind1")")
			both=$(best "$both" "$(awk -v a="$ta" -v b="$tb" 'BEGIN { print (a > b) ? a : b }')")
			i=$((i + 1))
		done
		lone=$(best "$c0" "$c1")
		echo "| $exp | $(fmt "$c0") | $(fmt "$c1") | $(awk -v a="$c0" -v b="$c1" 'BEGIN { lo = a < b ? a : b; hi = a < b ? b : a; printf "%.2f", 2 * lo / hi }')x |" \
			"$(fmt "$both") | $(awk -v l="$lone" -v b="$both" 'BEGIN { printf "%.2f", 2 * l / b }')x |"
	done
	echo
fi
echo "Target: >= 1.8x on both (2 cores); mlp-collectives is the MLP without the shared memory step (LOGLAB_MPI_SHM=0);"
echo "kmeans-speed is k-means with shares of the Lloyd passes that follow the ranks' speeds (LOGLAB_MPI_BALANCE=1)."
echo "Speed-up is best over best; per-turn speed-ups are each turn's pair, lowest-highest. The CPU ratio (CPU seconds of one process over rank 0's) is the"
echo "speed-up two free cores would give if waiting cost nothing: it shows how the work divides when the"
echo "wall clock of a busy machine cannot."
echo
fi

if want templates; then
echo "## templates: build --templates of generated syslog lines, 16 MiB chunks"
echo
"$B/bench/gen_syslog" "$TPL_BYTES" "$TMP/syslog.log"
lines=$(wc -l <"$TMP/syslog.log")
tt1="" tt2=""
i=0
while [ $i -lt "$REPS" ]; do
	s0=$(date +%s.%N)
	"$L" build --templates "$TMP/syslog.log" --chunk-bytes 16777216 --out "$TMP/tpl1" >/dev/null
	s1=$(date +%s.%N)
	"$MPIRUN" $root --oversubscribe --bind-to none -np 2 "$L" build --templates "$TMP/syslog.log" --chunk-bytes 16777216 \
		--out "$TMP/tpl2" >/dev/null
	s2=$(date +%s.%N)
	tt1=$(best "$tt1" "$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')")
	tt2=$(best "$tt2" "$(awk -v a="$s1" -v b="$s2" 'BEGIN { print b - a }')")
	i=$((i + 1))
done
tsame=$(diff -r "$TMP/tpl1" "$TMP/tpl2" >/dev/null && echo yes || echo NO)
echo "| lines | 1 process s | lines/s | 2 ranks s (with mpirun start) | lines/s | speed-up | same bytes |"
echo "|---|---|---|---|---|---|---|"
echo "| $lines | $(fmt "$tt1") | $(awk -v n="$lines" -v t="$tt1" 'BEGIN { printf "%.0f", n / t }') | $(fmt "$tt2") |" \
	"$(awk -v n="$lines" -v t="$tt2" 'BEGIN { printf "%.0f", n / t }') | $(ratio "$tt1" "$tt2")x | $tsame |"
echo
fi

if want weak; then
echo "## weak scaling: the same rows per rank, training seconds"
echo
echo "| model | rows/rank | ranks | rows | s | efficiency vs 1 rank | efficiency vs 2-core ideal |"
echo "|---|---|---|---|---|---|---|"
for exp in mlp kmeans; do
	per=$WEAK_MLP
	[ $exp = kmeans ] && per=$WEAK_KM
	t1=""
	for np in 1 2 4 8; do
		rows=$((per * np))
		ws=$TMP/weak-$rows
		workspace "$ws" "$rows"
		tb=""
		i=0
		while [ $i -lt "$REPS" ]; do
			r=$(train "$ws" $exp "$np"); tb=$(best "$tb" "$(train_s "$r")")
			i=$((i + 1))
		done
		[ "$np" -eq 1 ] && t1=$tb
		cores=$np
		[ "$cores" -gt 2 ] && cores=2
		eff=$(awk -v a="$t1" -v b="$tb" 'BEGIN { printf "%.2f", a / b }')
		ideal=$(awk -v a="$t1" -v b="$tb" -v p="$np" -v c="$cores" 'BEGIN { printf "%.2f", (a * p / c) / b }')
		echo "| $exp | $per | $np | $rows | $(fmt "$tb") | $eff | $ideal |"
	done
done
echo
fi
if want nodes; then
echo "## several nodes, emulated: the MLP on 4 ranks as one node, as 2 nodes of 2 and flat"
echo
echo "LOGLAB_MPI_NODE_RANKS=2 makes nodes of 2 consecutive ranks (the step of ranks on several"
echo "nodes: node sums in each node's window, only node sums between nodes); LOGLAB_MPI_SHM=0 the"
echo "flat collectives over all ranks. All 4 ranks share this machine's 2 cores, so the seconds"
echo "say little about real nodes; the bytes a sum (rank 0's, from the run log) and the bytes of the"
echo "results do."
echo
echo "| step | rows | s (best of $REPS) | bytes a sum (rank 0) | same bytes as 1 process |"
echo "|---|---|---|---|---|"
ws=$TMP/nodes-$WEAK_MLP
workspace "$ws" "$WEAK_MLP"
one=$(train "$ws" mlp 0)
for way in one-node two-nodes flat; do
	tb="" r=""
	i=0
	while [ $i -lt "$REPS" ]; do
		case $way in
		one-node) r=$(train "$ws" mlp 4) ;;
		two-nodes) r=$(LOGLAB_MPI_NODE_RANKS=2 train "$ws" mlp 4) ;;
		flat) r=$(LOGLAB_MPI_SHM=0 train "$ws" mlp 4) ;;
		esac
		tb=$(best "$tb" "$(train_s "$r")")
		i=$((i + 1))
	done
	bytes=$(sed -n 's/.*(\([0-9]*\) bytes a sum).*/\1/p' "$r/log.txt")
	echo "| $way | $WEAK_MLP | $(fmt "$tb") | ${bytes:--} | $(same "$one" "$r") |"
done
echo
echo "(bytes a sum: the node step counts both legs, its all-to-all and its all-gather; the flat"
echo "collectives count their all-to-all leg only.)"
echo
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
