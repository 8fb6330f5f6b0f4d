#!/bin/sh
# test_url_tmux.sh - opening a URL in the real loglab in a tmux terminal,
# against the loopback test server (tests/remote/server.py on 127.0.0.1,
# started here and stopped by the EXIT trap; it also exits by itself).
#
# A slow download shows the progress screen (URL, bytes of the total, a
# rate, ETA) and then the browser with the file's line count; Esc during a
# slow download restores the terminal and exits 3 with the cancel message,
# and a second run resumes and opens it; a 404 exits 3 with the server's
# message; with the server stopped the cached copy opens with the offline
# note. Expected counts come from awk/wc on the served file.
. "${LL_SRCDIR:-.}/tests/lib.sh"
need_data
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found" >&2; exit 77; }
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-url-XXXXXX") || exit 99
T="tmux -L loglab-url-$$ -f /dev/null"
server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
		server_pid=
	fi
}
cleanup() {
	$T kill-server >/dev/null 2>&1
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The served file: the first 1000 lines of BGL_2k.log (134 KiB) under
# its name. --slow 0.05 sends 1 KiB every 0.05 s, so a download takes about
# 7 s: long enough to see and to cancel (the whole 310 KiB took 15 s, twice).
mkdir -p "$tmp/data" "$tmp/home"
head -n 1000 "$LL_DATA_DIR/loghub/BGL/BGL_2k.log" >"$tmp/data/BGL_2k.log" || exit 99
size=$(wc -c <"$tmp/data/BGL_2k.log" | tr -d ' ')
# the total as the progress screen prints it: KiB with one decimal
kib=$(awk -v n="$size" 'BEGIN { printf "%.1f", n / 1024 }' | sed 's/\./\\./')
lines=$(awk 'END { print NR }' "$tmp/data/BGL_2k.log")
python3 "$LL_SRCDIR/tests/remote/server.py" --root "$tmp/data" --port-file "$tmp/port" --log "$tmp/log" \
	--slow 0.05 --max-seconds 120 >/dev/null 2>&1 &
server_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(cat "$tmp/port" 2>/dev/null)
[ -n "$port" ] || { echo "test server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

screen() { $T capture-pane -p -t t; }

# wait_for REGEX WHAT [TENTHS]: polls the screen (default up to 30 s).
wait_for() {
	checks=$((checks + 1))
	i=0
	while [ $i -lt "${3:-300}" ]; do
		if screen | grep -Eq -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "$2: '$1' not on screen; screen was:"
	screen | sed 's/^/    | /' >&2
	return 1
}

keys() { $T send-keys -t t "$@"; }

$T new-session -d -s t -x 200 -y 30 \
	"env HOME='$tmp/home' XDG_CACHE_HOME='$tmp/cache' LC_ALL=C.UTF-8 PS1='ll-prompt\$ ' sh -i" ||
	{ fail "tmux did not start"; finish; }
wait_for '^ll-prompt\$' "shell prompt"

# --- a slow download: progress screen, then the browser ---------------------
keys "clear; '$LOGLAB' '$base/slow/BGL_2k.log'; echo rc=\$?" Enter
wait_for "^loglab: downloading" "progress screen title"
wait_for "^$base/slow/BGL_2k\.log\$" "the URL on the progress screen"
wait_for "^[1-9][0-9]* / $size bytes \(.* of $kib KiB, [0-9]+%\)" "bytes done of the total"
wait_for "^rate [1-9][0-9.]* (B|KiB)/s +ETA [0-9]+s" "a rate and an ETA"
wait_for "^\[.*\]\$" "the bar"
wait_for "Esc, q or Ctrl-C cancels" "the cancel hint"
wait_for "BGL_2k\.log  line 1/$lines  bgl" "the browser after the download ($lines lines)"
keys q
wait_for "^rc=0\$" "exit 0 after q"

# --- Esc cancels; the partial download is kept and resumed -----------------
keys "clear; '$LOGLAB' '$base/slow/BGL_2k.log?again'; echo rc=\$?" Enter
wait_for "^[1-9][0-9]* / $size bytes" "second download under way"
keys Escape
wait_for "cancelled — run again to resume \([0-9]+ bytes kept\)" "cancel message"
wait_for "^rc=3\$" "exit 3 after a cancel"
wait_for "^ll-prompt\\\$" "the shell prompt is back (terminal restored)"
kept=$(screen | sed -n 's/.*resume (\([0-9]*\) bytes kept).*/\1/p' | tail -n 1)
[ -n "$kept" ] && [ "$kept" -gt 0 ] && [ "$kept" -lt "$size" ] && ok ||
	fail "bytes kept after the cancel should be between 0 and $size, got '$kept'"
keys "clear; '$LOGLAB' '$base/slow/BGL_2k.log?again'; echo rc=\$?" Enter
wait_for "BGL_2k\.log\?again  line 1/$lines  bgl" "second run resumes and opens the browser"
keys q
wait_for "^rc=0\$" "exit 0 after the resumed download"
grep -q 'again 206 range=bytes=' "$tmp/log" && ok || fail "the second run should have sent a Range request (server log)"

# --- a 404: the server's message, exit 3 ------------------------------------
keys "clear; '$LOGLAB' '$base/status/404'; echo rc=\$?" Enter
wait_for "404 Not Found: dataset not found on this test server" "the 404 message"
wait_for "^rc=3\$" "exit 3 after a 404"

# --- the server gone: the cached copy, with the offline note ----------------
stop_server
keys "clear; '$LOGLAB' '$base/slow/BGL_2k.log'; echo rc=\$?" Enter
wait_for "BGL_2k\.log  line 1/$lines  bgl" "cached copy opens with the server stopped"
wait_for "^note: $base/slow/BGL_2k\.log: cannot connect: Connection refused; using the cached copy" "offline note on the message line"
keys q
wait_for "^rc=0\$" "exit 0 after the offline open"

finish
