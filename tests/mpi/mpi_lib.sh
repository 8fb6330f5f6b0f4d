# tests/mpi/mpi_lib.sh - running loglab under mpirun in tests. Source it after
# tests/lib.sh. Skips (77) when loglab was built without MPI or mpirun is
# missing. mpi_run N ARGS... runs ARGS on N oversubscribed ranks (this machine
# has 2 cores), as root too (CI runs as root), bounded by a watchdog.
: "${LL_MPIRUN:=}"
if ! "$LOGLAB" --version 2>/dev/null | grep -q "with MPI"; then
	echo "SKIP: loglab was built without MPI (configure --enable-mpi)" >&2
	exit 77
fi
[ -n "$LL_MPIRUN" ] || LL_MPIRUN=$(command -v mpirun || true)
if [ -z "$LL_MPIRUN" ] || [ ! -x "$LL_MPIRUN" ]; then
	echo "SKIP: mpirun not found" >&2
	exit 77
fi
mpi_root_flag=""
[ "$(id -u)" -eq 0 ] && mpi_root_flag="--allow-run-as-root"
# shared-memory transport without the single-copy mechanism, which needs
# ptrace rights that containers often lack; MPI's own allocations at exit
# are not ours to report under AddressSanitizer
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_btl=self,vader
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# no PCI discovery in each rank's MPI_Init: hwloc's PCI plugin has
# libpciaccess read the PCI name database by growing one buffer with
# realloc, which under AddressSanitizer copies it every time (about 7 s of
# CPU a rank of the ASan build, a second of it in release). The ranks here
# talk through shared memory only (btl self,vader above): no device to place.
export HWLOC_COMPONENTS=-pci
: "${MPI_TIMEOUT:=240}"

# mpi_ranks: the rank counts a test compares with one process, LL_MPI_RANKS
# or "2 3 4"; in a sanitizer build (LL_SANITIZED=1) only 3, the uneven
# shards: the release suite runs all three, and each launch of an ASan
# build costs seconds of CPU a rank.
mpi_ranks() {
	if [ -n "${LL_MPI_RANKS:-}" ]; then
		echo "$LL_MPI_RANKS"
	elif [ "${LL_SANITIZED:-0}" = 1 ]; then
		echo 3
	else
		echo "2 3 4"
	fi
}

# Each job keeps Open MPI's session directory in a folder of its own: Open
# MPI 4 keeps one per user under /tmp, and jobs of tests running side by
# side (the release and ASan suites of ./quickstart test) raced on it, one
# job's end removing it while another started ("orte_session_dir failed").
mpi_run() {
	np=$1; shift
	mpi_sd=$(mktemp -d "${TMPDIR:-/tmp}/llmpi.XXXXXX") || return 99
	OMPI_MCA_orte_tmpdir_base=$mpi_sd timeout -k 5 "$MPI_TIMEOUT" "$LL_MPIRUN" $mpi_root_flag --oversubscribe \
		--bind-to none -np "$np" "$@"
	mpi_rc=$?
	rm -rf "$mpi_sd"
	return $mpi_rc
}

# train NP COMMAND...: (in a test that made $tmp) runs it (NP 0: as a plain process, else on NP
# ranks) and sets RUN to the run folder of its --json output
train() {
	np=$1
	shift
	if [ "$np" -eq 0 ]; then
		"$@" >"$tmp/out.json" 2>"$tmp/err.txt"
	else
		mpi_run "$np" "$@" >"$tmp/out.json" 2>"$tmp/err.txt"
	fi
	expect_eq "$?" 0 "train on ${np} ranks: $(head -c 300 "$tmp/err.txt")"
	RUN=$(sed -n 's/^[[:space:]]*"dir":[[:space:]]*"\(.*\)",*$/\1/p' "$tmp/out.json")
}

# compare_runs A B: metrics within 1e-5, predictions' classes equal and
# scores within 1e-4; prints the verdict line of compare_runs.py
compare_runs() {
	python3 "$LL_SRCDIR/tests/mpi/compare_runs.py" "$1" "$2" "${3:-1e-5}" "${4:-1e-4}"
}

# sample_workspace: $tmp (a new folder removed at exit) and $ws, a copy of
# the sample workspace in it
sample_workspace() {
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	ws="$tmp/ws"
	mkdir "$ws"
	cp "$LL_BUILDDIR/sample/"*.csv "$LL_BUILDDIR/sample/"*.tsv "$LL_BUILDDIR/sample/loglab.json" "$ws/"
}

# For the tests that stop ranks (watchdog, bounds): clocks and the job's
# processes. now: seconds since the epoch; elapsed T0: seconds since T0.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# ranks: the job's loglab processes (those running in the test's
# workspace, $ws); rank_pid R: rank R's; ranks_gone: how many are left
# after waiting up to 10 s for them to go
ranks() {
	for p in $(pgrep -x loglab); do
		[ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$ws" ] && echo "$p"
	done
}
rank_pid() {
	for p in $(ranks); do
		tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1" && echo "$p" && return
	done
}
ranks_gone() {
	i=0
	while [ -n "$(ranks)" ] && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ranks | wc -l
}
