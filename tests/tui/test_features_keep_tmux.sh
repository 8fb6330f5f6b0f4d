#!/bin/sh
# test_features_keep_tmux.sh - the features view's edits not written to
# loglab.json, in the real loglab binary driven in tmux on a generated
# workspace:
#  - q, Q and :q all ask "Leave without writing the changes? (y/n)": n and
#    Esc stay, y leaves; loglab.json is never written unasked;
#  - when the terminal hangs up (the tmux server killed: the pty closes and
#    the kernel sends SIGHUP) the edits are kept in the state folder, named
#    in the exit log, loglab.json untouched;
#  - the features view of that set offers them when it opens next: Esc
#    asks again later, r restores the edited fields (w then writes them), d
#    discards them; either answer removes the file;
#  - two loglabs on the same set hung up together each keep their own edits,
#    offered one after the other.
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/tmux_lib.sh"

tmux_begin featkeep
ws=$tmp/ws
labelled_ws "$ws"
cp "$ws/loglab.json" "$tmp/loglab.json.orig"
exitlog=$tmp/.local/state/loglab/loglab.log
kept_dir=$tmp/.local/state/loglab/recovery

untouched() {
	checks=$((checks + 1))
	cmp -s "$ws/loglab.json" "$tmp/loglab.json.orig" || fail "$1: loglab.json was written"
}
start() {
	keys "cd '$ws' && '$LOGLAB' ." Enter
	wait_for '\[experiments\]' "the workspace's experiments"
	keys f
	wait_for '\[features\]' "f opens the feature set"
}
# edit_seed N: the last field (seed) set to N, not written
edit_seed() {
	keys G e
	wait_for 'seed \(a whole number; now [0-9]+\):' "e edits the seed"
	keys "$1" Enter
	wait_for 'feature set t: .*, not written' "the seed is edited, not written"
}
asked='Leave without writing the changes\? \(y/n\)'

# --- quitting asks, by every key ------------------------------------------
tmux_shell 150 30
start
edit_seed 42
keys Q
wait_for "$asked" "Q asks about the edits"
keys n
wait_for 'feature set t: .*, not written' "n stays, the edits kept"
keys : q Enter
wait_for "$asked" ":q asks too"
keys Escape
wait_for 'feature set t: .*, not written' "Esc stays"
keys q
wait_for "$asked" "q asks"
keys y
wait_for '\[experiments\]' "y leaves the view"
untouched "after y"
keys f
wait_for '\[features\]' "f again"
edit_seed 42
keys : q Enter
wait_for "$asked" ":q asks"
keys y
wait_for '^ll-prompt\$ *$' "y quits"
untouched "after :q y"
checks=$((checks + 1))
[ ! -d "$kept_dir" ] || [ -z "$(ls "$kept_dir")" ] || fail "a quit kept edits: $(ls "$kept_dir")"

# --- a hang-up keeps them ---------------------------------------------------
# hang_up: the pty closed under loglab; waits (10 s) for it to say where it
# kept the edits
hang_up() {
	tmux_restart
	checks=$((checks + 1))
	wait_file "feature set t: edits not written to loglab.json kept in " "$exitlog" 10 ||
		fail "$1: the exit log does not name the kept edits: $(cat "$exitlog" 2>/dev/null)"
	kept=$(sed -n 's/.*feature set t: edits not written to loglab.json kept in \([^ ]*\) (offered when the set is edited next)$/\1/p' "$exitlog" | tail -n 1)
	checks=$((checks + 1))
	[ -f "$kept" ] || fail "$1: no kept file '$kept'"
	untouched "$1"
	rm -f "$exitlog"
}
start
keys l Enter
wait_for 'split \(random chrono grouped; now random\):' "l Enter edits the split"
keys chrono Enter
edit_seed 42
hang_up "hang-up"
expect_match "$(cat "$kept")" '"seed":[[:space:]]*42' "the kept file has the edited seed"

# --- offered when the set opens next: Esc, then r ----------------------------
offer='feature set t: edits kept when loglab ended \([0-9-]+ [0-9:]+ UTC\): r restores, d discards, Esc asks again later'
tmux_shell 150 30
start
wait_for "$offer" "the features view offers the kept edits"
keys Escape
wait_for "kept edits left in $kept" "Esc leaves them for later"
checks=$((checks + 1))
[ -f "$kept" ] || fail "Esc removed the kept file"
keys q
wait_for '\[experiments\]' "q leaves (nothing edited)"
keys f
wait_for "$offer" "offered again"
keys r
wait_for 'kept edits restored: not written yet \(w writes them\)' "r restores them"
wait_for ' seed +42( |$)' "the restored seed is shown"
wait_for ' split +chrono' "the restored split is shown"
wait_for 'feature set t: .*, not written' "restored edits are not written"
checks=$((checks + 1))
[ ! -e "$kept" ] || fail "r left the kept file"
untouched "after r"
keys w
wait_for "feature set t written to " "w writes the restored set"
expect_match "$(tr -d ' \n\t' <"$ws/loglab.json")" '"seed":42' "loglab.json has the restored seed"
expect_match "$(tr -d ' \n\t' <"$ws/loglab.json")" '"split":\{"kind":"chrono' "loglab.json has the restored split"
cp "$ws/loglab.json" "$tmp/loglab.json.orig"

# --- d discards --------------------------------------------------------------
edit_seed 7
hang_up "second hang-up"
tmux_shell 150 30
start
wait_for "$offer" "the second edits offered"
keys d
wait_for 'kept edits discarded' "d discards them"
wait_for ' seed +42( |$)' "the set as written is shown"
checks=$((checks + 1))
[ ! -e "$kept" ] || fail "d left the kept file"
keys Q
wait_for '^ll-prompt\$ *$' "Q quits (nothing edited)"
untouched "after d"

# --- two loglabs hung up together: each keeps its own edits ------------------
# The second runs on a tmux server of its own, the same HOME and
# workspace; both servers are killed at once.
second_session 150 30
for s in t u; do
	on_session $s
	start
	[ $s = t ] && edit_seed 11 || edit_seed 12
done
$T1 kill-server >/dev/null 2>&1 &
$T2 kill-server >/dev/null 2>&1
wait
checks=$((checks + 1))
tries=0
# cat, not grep FILE: before either loglab has written, the log is missing,
# grep -c prints nothing and the test would end the wait at once
while [ "$(cat "$exitlog" 2>/dev/null | grep -c 'feature set t: edits not written to loglab.json kept in ')" -lt 2 ] &&
	[ $tries -lt 300 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
kept_files=$(sed -n 's/.*feature set t: edits not written to loglab.json kept in \([^ ]*\) (offered when the set is edited next)$/\1/p' "$exitlog" | sort -u)
[ "$(printf '%s\n' "$kept_files" | grep -c .)" -eq 2 ] ||
	fail "two hung-up loglabs did not keep two files: $(cat "$exitlog" 2>/dev/null)"
seeds=$(for k in $kept_files; do tr -d ' \n\t' <"$k" | sed -n 's/.*"seed":\([0-9]*\).*/\1/p'; echo; done | sort | tr '\n' ' ')
expect_eq "$seeds" "11 12 " "each kept file has its own session's seed"
untouched "after two hang-ups"
rm -f "$exitlog"
on_session t
tmux_shell 150 30
start
wait_for "$offer" "the first of the two offered"
keys d
wait_for 'kept edits discarded' "d discards one"
left=$(ls "$kept_dir"/features-t-*.json 2>/dev/null)
checks=$((checks + 1))
[ "$(printf '%s\n' "$left" | grep -c .)" -eq 1 ] || fail "d should leave the other session's file: $left"
left_seed=$(tr -d ' \n\t' <"$left" | sed -n 's/.*"seed":\([0-9]*\).*/\1/p')
keys q
wait_for '\[experiments\]' "q leaves (nothing edited)"
keys f
wait_for "$offer" "the other session's edits offered next"
keys r
wait_for "kept edits restored" "r restores them"
wait_for " seed +$left_seed( |$)" "the other session's seed ($left_seed) restored"
checks=$((checks + 1))
[ -z "$(ls "$kept_dir"/features-t-*.json 2>/dev/null)" ] || fail "kept files left: $(ls "$kept_dir")"
keys q
wait_for "$asked" "the restored edits are not written: q asks"
keys y
keys Q
wait_for '^ll-prompt\$ *$' "Q quits"
untouched "after the second offer"
finish
