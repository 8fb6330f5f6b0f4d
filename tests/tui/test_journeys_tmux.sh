#!/bin/bash
# test_journeys_tmux.sh - issue 15's fixes that need a real terminal and a
# clock, in the real loglab binary in tmux, on 80x24 and 200x50:
#  - item 6: the runs view refreshes by itself when a training started in
#    the TUI ends, and marks a run stale when labels change behind its back
#    (another process journals one); no Ctrl-l;
#  - item 7: with two trainings queued, j and k in the training view follow
#    the other job; Q while one trains asks first (quitting cancels it), n
#    stays; a cancelled training says after how many epochs and its
#    run.json records how long it ran (item 12);
#  - item 11: loglab in an empty folder opens the sample workspace and says
#    it is one and how to open one's own data;
#  - item 12: e edits a hyper-parameter without rewriting loglab.json's
#    layout: the file differs from before in that value only.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"
if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
	echo "SKIP: the C.UTF-8 locale is missing" >&2
	exit 77
fi

tmux_begin jy
HOME=$tmp/home
mkdir -p "$HOME"
export HOME
unset XDG_CONFIG_HOME XDG_DATA_HOME NO_COLOR LOGLAB_ASCII

# A workspace: labelled lines (the journal can change them) and two quick
# experiments, and one that trains long enough to be cancelled.
ws=$tmp/ws
mkdir -p "$ws"
awk 'BEGIN { for (i = 0; i < 3000; i++)
	printf "%d\tnode07 %s\n", i % 11 == 5, i % 11 == 5 ? "kernel: Out of memory: Killed process " i : "sshd[" i "]: session opened for user u" i % 13 }' >"$ws/app.tsv"
write_ws() {
	cat >"$ws/loglab.json" <<'JSON'
{
	"_comment": "hand written: this layout must survive edits from the TUI",
	"version": 1,
	"datasets": {"app": {"path": "app.tsv"}},
	"featuresets": {
		"t": {"dataset": "app", "target": "binary", "text": {"kind": "tfidf", "features": 256},
			"split": {"kind": "chronological", "train": 0.7, "test": 0.3}}
	},
	"experiments": {
		"quick": {"featureset": "t", "model": "logreg", "C": 1, "seed": 1},
		"also":  {"featureset": "t", "model": "logreg", "C": 2, "seed": 2},
		"long":  {"featureset": "t", "model": "mlp", "hidden": [512, 512], "lr": 0.001, "batch": 8,
			"epochs": 400, "seed": 1}
	}
}
JSON
	rm -rf "$ws/runs" "$ws"/app.tsv.labels
}

# loglab's stderr and exit status go to $TUI_STDERR, which wait_for prints
# when it fails: a loglab that exits at once leaves only a blank pane.
TUI_STDERR=$tmp/tui.stderr
start() { # COLSxROWS DIR [ARGS]: loglab in a fresh server
	# Not kill-session: killing the last session makes the server exit in
	# its own time, and a new-session that reaches it while it closes gets a
	# session that dies with it (CI once saw a blank pane, then no server).
	tmux_restart
	: >"$TUI_STDERR"
	pane_cmd="cd '$2' && LC_ALL=C.UTF-8 HOME='$HOME' '$LOGLAB' ${3:-} 2>>'$TUI_STDERR'; echo \"loglab exit status \$?\" >>'$TUI_STDERR'; sleep 30"
	# once more after a restart: the server can still be closing
	$T new-session -d -s t -x "${1%x*}" -y "${1#*x}" "$pane_cmd" ||
		{ tmux_restart; $T new-session -d -s t -x "${1%x*}" -y "${1#*x}" "$pane_cmd"; } ||
		fail "tmux new-session for $1 in $2"
}

for size in 80x24 200x50; do
	write_ws
	start "$size" "$ws"
	wait_for 'Experiments of' "$size: the experiments view"
	# item 6: t trains quick; q back, r: the runs view shows it running,
	# then done, by itself.
	keys t
	wait_for 'Training quick' "$size: the training view"
	keys q r
	wait_for 'quick' "$size: the runs view lists the new run"
	checks=$((checks + 1))
	if ! poll_screen 'quick +logreg +done' 20; then
		fail "$size: the runs view did not show the run done by itself: $(screen)"
		# which side is late: the run's files (run.json says done?) or the view
		ls -la --time-style=full-iso "$ws"/runs/*/ >&2
		grep -h '"status"' "$ws"/runs/*/run.json >&2
		loglab_threads >&2
	fi
	# Labels change behind its back: the run turns stale within seconds.
	(cd "$ws" && "$LOGLAB" label app.tsv --rows 3-3 --set 1 >/dev/null 2>&1) || fail "label from another process"
	checks=$((checks + 1))
	poll_screen 'quick +logreg +stale' 10 || { fail "$size: the run did not turn stale by itself: $(screen)"; loglab_threads >&2; }
	# item 7: two jobs queued; j and k in the training view follow them.
	keys q j t
	wait_for 'Training also' "$size: training also"
	keys q j t
	wait_for 'long: (queued|loading|training)' "$size: long queued"
	keys k
	wait_for 'also: [a-z]+ +job 2/3' "$size: k follows the previous job"
	keys j
	wait_for 'long: [a-z]+ +job 3/3' "$size: j follows the next job"
	checks=$((checks + 1))
	poll_screen 'epoch [0-9]+/400' 30 || { fail "$size: long did not start training: $(screen)"; loglab_threads >&2; }
	# quitting would cancel it: Q asks, n stays
	keys Q
	# 80 columns lose the question's middle, not its start or its answers
	case $size in
	80x*) wait_for '1 training under way \(long running\).*(from epoch [0-9]+|to continue from)\. Quit\? \(y/n\)' "$size: Q asks about the training" ;;
	*) wait_for '1 training under way \(long running\): quitting cancels it; (R in the runs view continues it from epoch [0-9]+|no epoch has finished, so nothing is kept to continue from)\. Quit\? \(y/n\)' "$size: Q asks about the training" ;;
	esac
	keys n
	wait_for 'not quit: the training goes on' "$size: n stays"
	keys c
	wait_for 'Cancel training long\? \(y/n\)' "$size: cancel asks"
	keys y
	wait_for 'cancelled: after [0-9]+ of 400 epochs; run [0-9-]+long kept as cancelled' "$size: the cancel says what it left"
	keys Q
	sleep 0.5
	dur=$(tr -d ' \n\t' <"$ws"/runs/*-long/run.json | sed -n 's/.*"duration_s":\([0-9.eE+-]*\).*/\1/p')
	checks=$((checks + 1))
	awk -v d="$dur" 'BEGIN { exit !(d > 0) }' || fail "$size: the cancelled run records duration_s '$dur'"
done

# item 11: an empty folder opens the sample, which says what it is.
mkdir -p "$tmp/empty"
for size in 80x24 200x50; do
	start "$size" "$tmp/empty"
	wait_for '^Sample workspace: a made-up day of one host' "$size: the sample says it is one"
	wait_for '^Yours: loglab FILE or :open FILE to browse; loglab init DIR: a workspace' "$size: how to open one's own"
	keys Q
done

# item 12: e keeps loglab.json's layout: only the value edited differs.
write_ws
cp "$ws/loglab.json" "$tmp/before.json"
start 80x24 "$ws"
wait_for 'Experiments of' "the experiments view (edit)"
keys e
wait_for 'quick: set' "the edit prompt"
keys 'C=0.25' Enter
wait_for 'quick: C=0.25 saved' "the edit saved"
keys Q
diff "$tmp/before.json" "$ws/loglab.json" >"$tmp/edit.diff"
changed=$(grep -c '^[<>]' "$tmp/edit.diff")
expect_eq "$changed" 2 "lines changed in loglab.json by one edit"
expect_match "$(grep '^>' "$tmp/edit.diff")" '"quick": \{"featureset": "t", "model": "logreg", "C": 0.25, "seed": 1\},' "the edited line"

finish
