# tmux_lib.sh - driving the real loglab binary in a private tmux server,
# shared by the tests/tui/*_tmux.sh scripts (sourced after tests/lib.sh).
# A private server (-L, no config) keeps the tests away from the user's own
# tmux and from each other; the session is always named t.

# tmux_begin TAG: how a tmux test starts (after need_data, when it reads the
# shared data): skips (77) without tmux or a built loglab, makes $tmp and
# sets up this test's server (tmux_setup TAG).
tmux_begin() {
	command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed" >&2; exit 77; }
	[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }
	tmp=$(mktemp -d) || exit 99
	tmux_setup "$1"
}

# linux_copy: ORIG, loghub2's Linux_2k.log (after need_data), COPY, a copy
# of it in $tmp the test may label, and n, its line count: the log the
# label tests work on.
linux_copy() {
	ORIG=$LL_DATA_DIR/loghub2/Linux/Linux_2k.log
	COPY=$tmp/linux.log
	cp "$ORIG" "$COPY" || exit 99
	n=$(awk 'END { print NR }' "$ORIG")
}

# tmux_shell COLS ROWS [ENV_ARG...]: HOME=$tmp, exported (no user config,
# in the pane or in what the test runs itself), then the session t, COLS by
# ROWS, running an interactive sh under env(1) with NO_COLOR unset, that
# HOME, LC_ALL=C.UTF-8, the ENV_ARGs (NAME=VALUE, or -u NAME before any
# NAME=VALUE; no single quotes in them) and the prompt "ll-prompt$ ", which
# it waits for (one check). The test ends when tmux does not start.
tmux_shell() {
	# sh has no local variables: names of this function's own
	ts_cols=$1 ts_rows=$2
	shift 2
	HOME=$tmp
	export HOME
	ts_env=
	for ts_arg in "$@"; do
		ts_env="$ts_env '$ts_arg'"
	done
	$T new-session -d -s t -x "$ts_cols" -y "$ts_rows" \
		"env -u NO_COLOR$ts_env HOME='$tmp' LC_ALL=C.UTF-8 PS1='ll-prompt\$ ' sh -i" ||
		{ fail "tmux did not start"; finish; }
	wait_for '^ll-prompt\$' "shell prompt"
}

# tmux_setup TAG: needs $tmp (a folder the test owns). Sets $T, the tmux
# command of this test's server, and a trap that kills the server and
# removes $tmp (made writable first: some tests make read-only folders).
tmux_setup() {
	T="tmux -L loglab-$1-$$ -f /dev/null"
	trap tmux_cleanup EXIT
	trap 'exit 1' INT TERM
}
tmux_cleanup() {
	$T kill-server >/dev/null 2>&1
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}

# second_session COLS ROWS: a second shell, session "u", on a tmux server of
# its own (each server then has one session, and "-t t" / "-t u" can name
# nothing else), the same HOME as the first; $T1 and $T2 are the two
# servers, both killed when the test ends. on_session t|u then sends keys
# and reads the screen of that session. Waits for u's prompt (one check).
second_session() {
	T1=$T
	T2="tmux -L loglab-u-$$ -f /dev/null"
	trap 'T=$T1; tmux_cleanup; $T2 kill-server >/dev/null 2>&1' EXIT
	$T2 new-session -d -s u -x "$1" -y "$2" "env -u NO_COLOR HOME='$tmp' LC_ALL=C.UTF-8 PS1='ll-prompt\$ ' sh -i" ||
		{ fail "tmux did not start a second session"; finish; }
	on_session u
	wait_for '^ll-prompt\$' "session u: shell prompt"
}
on_session() {
	if [ "$1" = u ]; then T=$T2; else T=$T1; fi
	eval "screen() { \$T capture-pane -p -t $1; }"
	eval "keys() { \$T send-keys -t $1 \"\$@\"; }"
}

# tmux_restart: kills this test's server, if any, and waits (up to 5 s)
# until its process is gone, so that the next command starts a new one: a
# client that reaches a closing server gets "server exited unexpectedly",
# and one that merely finds it without sessions would not wait.
tmux_restart() {
	server_pid=$($T display-message -p '#{pid}' 2>/dev/null)
	$T kill-server >/dev/null 2>&1
	tries=0
	while [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null && [ $tries -lt 50 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
}

# not_on_screen REGEX WHAT: one check; fails naming WHAT when the screen as
# it is now has a line matching REGEX (grep's basic syntax).
not_on_screen() {
	checks=$((checks + 1))
	screen | grep -q -- "$1" && fail "$2"
	return 0
}

# wait_file REGEX FILE SECONDS: 0 as soon as FILE has a line matching REGEX
# (grep -E), 1 after SECONDS (what loglab writes once the terminal is gone:
# the exit log).
wait_file() {
	wf_deadline=$(($(date +%s) + $3 * ${LL_WAIT_SCALE:-1}))
	until grep -Eq -- "$1" "$2" 2>/dev/null; do
		[ "$(date +%s)" -lt "$wf_deadline" ] || return 1
		sleep 0.1
	done
}

screen() { $T capture-pane -p -t t; }
keys() { $T send-keys -t t "$@"; }

# poll_screen REGEX SECONDS: 0 as soon as the screen matches, 1 after SECONDS
# times LL_WAIT_SCALE (set above 1 for sanitizer builds, whose binaries run
# several times slower, and which CI runs beside other suites). A deadline
# on the clock, not a count of polls: capturing the pane takes time too.
poll_screen() {
	deadline=$(($(date +%s) + $2 * ${LL_WAIT_SCALE:-1}))
	while :; do
		screen | grep -Eq -- "$1" && return 0
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# wait_for REGEX WHAT: one check; polls the screen for up to 10 s (scaled as
# above) and on a timeout fails naming WHAT, with the screen as it was.
wait_for() {
	checks=$((checks + 1))
	poll_screen "$1" 10 && return 0
	fail "$2: '$1' not on screen after $((10 * ${LL_WAIT_SCALE:-1})) s; screen was:"
	screen | sed 's/^/    | /' >&2
	loglab_threads >&2
	if [ -n "${TUI_STDERR:-}" ] && [ -s "$TUI_STDERR" ]; then
		echo "    loglab's stderr:" >&2
		tail -n 20 "$TUI_STDERR" | sed 's/^/    stderr| /' >&2
	fi
	return 1
}

# loglab_threads: what loglab's threads are doing (state, kernel wait
# channel, CPU), for a failure's message: a view that did not refresh and a
# job stuck in a system call look alike on screen.
loglab_threads() {
	lp=$(loglab_pid)
	if [ -z "$lp" ]; then
		$T list-sessions >/dev/null 2>&1 && echo "(no loglab process)" || echo "(no tmux server: the session is gone)"
		return
	fi
	ps -L -o tid=,stat=,wchan:28=,pcpu=,time=,comm= -p "$lp" 2>/dev/null | sed 's/^/    thread /'
}

# loglab_pid: the process the pane's shell started (loglab, when running).
loglab_pid() {
	shell_pid=$($T display-message -p -t t '#{pane_pid}' 2>/dev/null)
	[ -n "$shell_pid" ] || return 0
	ps -o pid= --ppid "$shell_pid" | tr -d ' ' | head -n 1
}

# jv FILE EXPR: EXPR (Python, over j, FILE's JSON) printed
jv() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }

# slow_smd_workspace DIR: a workspace in DIR over a copy of SMD machine-1-6
# with one experiment, "slow" (an MLP of 8 epochs; with LOGLAB_TEST_EPOCH_MS
# it pauses after each, so a quit or a signal lands mid-run)
slow_smd_workspace() {
	mkdir -p "$1/smd"
	cp "$LL_DATA_DIR/smd/csv/machine-1-6_test.csv" "$LL_DATA_DIR/smd/csv/machine-1-6_test_label.csv" "$1/smd/" || exit 99
	cat >"$1/loglab.json" <<JSON
{
	"version": 1,
	"datasets": {"smd": {"path": "smd/machine-1-6_test.csv"}},
	"featuresets": {
		"smd_m": {"dataset": "smd", "columns": "^m([1-9]|1[0-9])\$",
			"split": {"kind": "chronological", "train": 0.6, "dev": 0.1, "test": 0.3}, "scale": "zscore"}
	},
	"experiments": {
		"slow": {"featureset": "smd_m", "model": "mlp", "hidden": [8], "optimizer": "adam", "lr": 0.01,
			"batch": 256, "epochs": 8, "seed": 1}
	}
}
JSON
}
