#!/bin/sh
# tests/cli/test_fetch.sh - `loglab fetch` end to end against the loopback
# test server (tests/remote/server.py on 127.0.0.1, started here and stopped
# by the EXIT trap; it also exits by itself after 90 s).
#
# Shows each fault mode and its exact message, exit code 3 for each; resume
# after a dropped connection giving a byte-identical file (cmp); a fetch
# served from the cache once the server is stopped, with its notice; 304
# revalidation; --no-cache, --refresh, --output; misbehaving servers (a
# resume that would splice two versions, an endless stream, a gzip bomb, a
# trickle, a stall, credentials in the URL); an archive by URL opened as
# the folder it holds; LRU eviction through
# LOGLAB_CACHE_MAX; progress drawn only on a terminal. The DNS failure runs
# inside a private network namespace (unshare -n) so no lookup leaves the
# machine; it is skipped where unshare is not allowed.
. "$LL_SRCDIR/tests/lib.sh"

if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 not found" >&2
	exit 77
fi
if ! "$LOGLAB" fetch --help >/dev/null 2>&1; then
	echo "SKIP: this loglab has no fetch verb" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-fetch-XXXXXX")
server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
		server_pid=
	fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

export XDG_CACHE_HOME="$tmp/cache"
unset LOGLAB_CACHE_MAX AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 LOGLAB_S3_ENDPOINT
mkdir -p "$tmp/data"
# 5000 numbered lines and a 3000-byte file; sizes measured with wc, the
# server drops a body after exactly size/2 bytes (integer division).
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "line %05d kernel: event %d on cpu%d\n", i, i * 7 % 1000, i % 8 }' \
	>"$tmp/data/kern.log"
awk 'BEGIN { for (i = 0; i < 100; i++) printf "small file line %013d\n", i }' >"$tmp/data/small.txt"
size=$(wc -c <"$tmp/data/kern.log" | tr -d ' ')
half=$((size / 2))
small_size=$(wc -c <"$tmp/data/small.txt" | tr -d ' ')

# log_count TEXT WANT: the server's log lines holding TEXT, once there are
# WANT of them or after 5 s (a request's line is written after its reply)
log_count() {
	i=0
	while [ "$(grep -cF -- "$1" "$tmp/log")" -lt "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -cF -- "$1" "$tmp/log"
}
python3 "$LL_SRCDIR/tests/remote/server.py" --root "$tmp/data" --port-file "$tmp/port" --log "$tmp/log" \
	--slow 0.2 --trickle 0.5 --max-seconds 90 &
server_pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(cat "$tmp/port" 2>/dev/null)
[ -n "$port" ] || { echo "test server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

# run CMD...: sets $out, $err, $rc
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# --- usage ---
run "$LOGLAB" fetch --help
expect_eq "$rc" 0 "--help exit"
expect_match "$out" "--no-cache" "--help lists --no-cache"
expect_exit 1 "no URL" -- "$LOGLAB" fetch
expect_exit 1 "not a URL" -- "$LOGLAB" fetch /etc/hostname
expect_exit 1 "bad --timeout" -- "$LOGLAB" fetch --timeout soon "$base/plain/kern.log"
expect_exit 1 "--output with two URLs" -- "$LOGLAB" fetch -o "$tmp/x" "$base/plain/kern.log" "$base/plain/small.txt"

# --- a plain download: the path on stdout, nothing on stderr (not a terminal) ---
run "$LOGLAB" fetch "$base/plain/kern.log"
expect_eq "$rc" 0 "plain fetch exit"
expect_eq "$err" "" "no progress or notice on a non-terminal stderr"
checks=$((checks + 1))
cmp -s "$out" "$tmp/data/kern.log" || fail "plain fetch: cached file differs from the original"

# --- resume after a dropped connection ---
u="$base/drop/kern.log"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "dropped connection exit"
expect_eq "$err" "loglab: $u: the server closed the connection after $half of $size bytes; the partial download is kept, run again to resume" "dropped connection message"
expect_eq "$out" "" "no path printed for a failed fetch"
run "$LOGLAB" fetch --json "$u"
expect_eq "$rc" 0 "resumed fetch exit"
expect_match "$out" '"resumed":[[:space:]]*true' "resumed fetch says so"
expect_match "$out" "\"downloaded\":[[:space:]]*$((size - half))[,}]" "resumed fetch downloads only the rest"
path=$(printf '%s\n' "$out" | sed -n 's/.*"path":[[:space:]]*"\([^"]*\)".*/\1/p')
checks=$((checks + 1))
cmp -s "$path" "$tmp/data/kern.log" || fail "resumed file is not byte-identical"
expect_eq "$(log_count "206 range=bytes=$half- " 1)" 1 "one Range request from the cut"

# --- 304 revalidation and --refresh ---
u="$base/etag/kern.log"
run "$LOGLAB" fetch --json "$u"
expect_match "$out" '"http_status":[[:space:]]*200' "first etag fetch is a 200"
run "$LOGLAB" fetch --json "$u"
expect_match "$out" '"revalidated":[[:space:]]*true' "second etag fetch revalidates"
expect_match "$out" '"downloaded":[[:space:]]*0[,}]' "a 304 downloads nothing"
expect_eq "$(log_count 'GET /etag/kern.log 304 range=- inm="' 1)" 1 "the server saw one conditional GET"
run "$LOGLAB" fetch --refresh --json "$u"
expect_match "$out" '"http_status":[[:space:]]*200' "--refresh downloads again"
expect_eq "$(log_count 'GET /etag/kern.log 200 range=- inm=- ' 2)" 2 "--refresh sends no validators"

# --- --output and --no-cache ---
run "$LOGLAB" fetch --output "$tmp/copy.log" "$base/etag/kern.log"
expect_eq "$out" "$tmp/copy.log" "--output prints the output path"
checks=$((checks + 1))
cmp -s "$tmp/copy.log" "$tmp/data/kern.log" || fail "--output copy differs"
before=$(ls "$XDG_CACHE_HOME/loglab/remote" | wc -l)
run "$LOGLAB" fetch --no-cache --output "$tmp/nc.txt" "$base/gzip/small.txt"
expect_eq "$rc" 0 "--no-cache exit"
checks=$((checks + 1))
cmp -s "$tmp/nc.txt" "$tmp/data/small.txt" || fail "--no-cache gzip-encoded download differs after decoding"
expect_eq "$(ls "$XDG_CACHE_HOME/loglab/remote" | wc -l)" "$before" "--no-cache leaves the cache alone"
run "$LOGLAB" fetch --no-cache --output "$tmp/never.txt" "$base/dropalways/small.txt"
expect_eq "$rc" 3 "--no-cache failure exit"
expect_match "$err" "; nothing was saved$" "--no-cache failure says nothing was saved"
checks=$((checks + 1))
[ ! -e "$tmp/never.txt" ] && [ ! -e "$tmp/never.txt.part" ] || fail "a failed --no-cache fetch left a file"
# --output naming a FIFO or a device is written into, not renamed over
# (on main a regular file replaced it: as root, -o /dev/null replaced /dev/null)
for nc in "" --no-cache; do
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	timeout 30 cat "$tmp/fifo" >"$tmp/fifo.got" &
	reader=$!
	run timeout 30 "$LOGLAB" fetch $nc --output "$tmp/fifo" "$base/etag/small.txt"
	expect_eq "$rc" 0 "--output FIFO $nc: exit ($err)"
	wait $reader
	checks=$((checks + 1))
	cmp -s "$tmp/fifo.got" "$tmp/data/small.txt" || fail "--output FIFO $nc: the reader got $(wc -c <"$tmp/fifo.got") bytes"
	checks=$((checks + 1))
	[ -p "$tmp/fifo" ] || fail "--output FIFO $nc: replaced by $(ls -l "$tmp/fifo")"
	checks=$((checks + 1))
	ls "$tmp" | grep '^fifo\.' | grep -qv '^fifo\.got$' && fail "--output FIFO $nc: leftovers: $(ls "$tmp")"
done
if mknod "$tmp/null" c 1 3 2>/dev/null; then
	run timeout 30 "$LOGLAB" fetch --no-cache --output "$tmp/null" "$base/etag/small.txt"
	expect_eq "$rc" 0 "--output device: exit ($err)"
	checks=$((checks + 1))
	[ -c "$tmp/null" ] || fail "--output device: replaced by $(ls -l "$tmp/null")"
	checks=$((checks + 1))
	[ -e "$tmp/null.part" ] && fail "--output device: a part was left beside it"
fi

# --- fault modes: each message, exit 3 ---
u="$base/status/404"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "404 exit"
expect_eq "$err" "loglab: $u: HTTP 404 Not Found: dataset not found on this test server" "404 message"
u="$base/status/500"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "500 exit"
expect_eq "$err" "loglab: $u: HTTP 500 Internal Server Error: the test server failed on purpose" "500 message"
u="$base/loop/a"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "redirect loop exit"
expect_eq "$err" "loglab: $u: too many redirects (more than 10): a redirect loop?" "redirect loop message"
u="$base/hang/a"
run "$LOGLAB" fetch --timeout 1 "$u"
expect_eq "$rc" 3 "timeout exit"
expect_eq "$err" "loglab: $u: timed out after 1 s waiting for the server" "timeout message"
u="https://127.0.0.1:$port/plain/small.txt"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "TLS exit"
expect_match "$err" "^loglab: https://127.0.0.1:$port/plain/small.txt: TLS error: " "TLS message"
free_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
u="http://127.0.0.1:$free_port/kern.log"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "refused exit"
expect_eq "$err" "loglab: $u: cannot connect: Connection refused" "refused message"
if unshare -n true 2>/dev/null; then
	u="http://nonexistent.invalid/kern.log"
	run unshare -n "$LOGLAB" fetch --timeout 5 "$u"
	expect_eq "$rc" 3 "DNS failure exit"
	expect_match "$err" "^loglab: $u: cannot resolve the host name \\(DNS lookup failed: " "DNS failure message"
else
	echo "note: unshare -n not permitted here; DNS failure not tried" >&2
fi

# --- misbehaving servers: splice, endless, bomb, trickle, credentials ---
u="$base/splice-etag/kern.log"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "splice: the first fetch is cut"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 0 "splice: the second fetch starts over"
expect_eq "$err" "loglab fetch: note: the server's file changed since the partial download (ETag \"v1\", now \"v2\"): the $half bytes kept were discarded and the download started again from the beginning" "splice: said on stderr"
checks=$((checks + 1))
tr 'a-z' 'A-Z' <"$tmp/data/kern.log" | cmp -s - "$out" || fail "splice: the cached file is not all of version 2"
u="$base/endless/20"
run env LOGLAB_CACHE_MAX=1M "$LOGLAB" fetch "$u"
expect_eq "$rc" 2 "endless stream over the cache bound"
expect_match "$err" "^loglab: $u: the file is larger than 1\.0 MiB \(no size bytes announced, [0-9]+ received\); refused, nothing was saved\$" "endless stream message"
run env LOGLAB_FETCH_MAX=200K "$LOGLAB" fetch --no-cache -o "$tmp/endless" "$u"
expect_eq "$rc" 2 "endless stream over LOGLAB_FETCH_MAX"
checks=$((checks + 1))
[ ! -e "$tmp/endless" ] && [ ! -e "$tmp/endless.part" ] || fail "an endless stream left a file"
u="$base/gzipbomb/100"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 2 "gzip-encoded bomb"
expect_match "$err" "^loglab: $u: a decompression bomb\? .* of compressed data expanded to more than .* \(over 1000 times; LOGLAB_INFLATE_RATIO\); not read\$" "gzip bomb message"
u="$base/trickle/small.txt"
start=$(date +%s)
run "$LOGLAB" fetch --timeout 2 "$u"
took=$(( $(date +%s) - start ))
expect_eq "$rc" 3 "a trickle outlives no --timeout"
expect_match "$err" "^loglab: $u: timed out: the whole fetch may take 2 s \(--timeout\); [0-9]+ of $small_size bytes had arrived" "trickle message"
checks=$((checks + 1))
[ "$took" -le 5 ] || fail "--timeout 2 took $took s"
u="$base/stall/small.txt"
run "$LOGLAB" fetch --idle-timeout 1 "$u"
expect_eq "$rc" 3 "a stalled body"
expect_eq "$err" "loglab: $u: timed out: no data for 1 s after $((small_size / 2)) of $small_size bytes; the partial download is kept, run again to resume" "stall message"
u="http://alice:hunter2@127.0.0.1:$port/drop/small.txt"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "credentials: dropped"
expect_eq "$err" "loglab: http://alice:***@127.0.0.1:$port/drop/small.txt: the server closed the connection after $((small_size / 2)) of $small_size bytes; the partial download is kept, run again to resume" "credentials redacted in the message"
run "$LOGLAB" fetch --json "$u"
expect_eq "$rc" 0 "credentials: resumed"
expect_match "$out" "\"url\":[[:space:]]*\"http://alice:\*\*\*@127" "credentials redacted in --json"
checks=$((checks + 1))
! grep -rq hunter2 "$XDG_CACHE_HOME" || fail "a password reached the cache files"

# --- LRU: a bound that holds one file evicts the least recently used ---
export LOGLAB_CACHE_MAX=$((size + small_size - 1))
run "$LOGLAB" fetch "$base/plain/small.txt"
small_path=$out
sleep 1.1 # `used` times are in seconds: make the order unambiguous
run "$LOGLAB" fetch --json "$base/plain/kern.log"
expect_match "$out" '"evicted":[[:space:]]*[1-9]' "fetching past the bound evicts"
checks=$((checks + 1))
[ ! -e "$small_path" ] || fail "the least recently used file was not evicted"
unset LOGLAB_CACHE_MAX

# --- progress only on a terminal (script(1) gives stderr a pty) ---
if command -v script >/dev/null 2>&1; then
	script -qec "'$LOGLAB' fetch --refresh '$base/slow/small.txt'" "$tmp/typescript" >/dev/null 2>&1
	expect_match "$(tr '\r' '\n' <"$tmp/typescript")" "^2\\.9 KiB / 2\\.9 KiB +100%" "progress line on a terminal"
fi

# --- a URL works wherever a path does: info and label through the cache ---
u="$base/etag/kern.log"
run "$LOGLAB" info "$u"
expect_eq "$rc" 0 "info on a URL"
expect_match "$out" "^file: +$u\$" "info names the URL"
expect_match "$out" '^rows: +5000$' "info on a URL counts the rows"
XDG_DATA_HOME="$tmp/share" "$LOGLAB" label "$u" --match 'cpu3$' --set 1 >/dev/null
expect_eq "$?" 0 "label a URL's rows"
expect_eq "$(ls "$tmp/share/loglab/labels/" | grep -c '\.labels$')" 1 "a URL's journal lives in the data folder"
n=$(XDG_DATA_HOME="$tmp/share" "$LOGLAB" label --json "$u" | python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"]["1"])')
expect_eq "$n" 625 "URL labels replayed (5000 lines, one in 8 on cpu3)"

# --- an archive by URL (a CI run's logs): the folder it holds, under the URL ---
mkdir -p "$tmp/arch/ci" && cp "$tmp/data/kern.log" "$tmp/arch/ci/step.log"
(cd "$tmp/arch" && tar czf "$tmp/data/logs.tgz" ci)
run "$LOGLAB" info "$base/etag/logs.tgz"
expect_eq "$rc" 0 "info on an archive's URL"
expect_match "$out" "^file: +$base/etag/logs.tgz\$" "named by its URL"
expect_match "$out" '^rows: +5000$' "the archive's rows"
expect_match "$out" 'a tar archive of 1 file' "noted as an archive"

# --- offline: the server stops, the cached copy is served with a notice ---
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 0 "fetch before the server stops"
stop_server
run "$LOGLAB" info "$u"
expect_eq "$rc" 0 "info on a URL while offline"
expect_match "$out" "^note: +$u: cannot connect: Connection refused; using the cached copy" "info shows the offline notice"
run "$LOGLAB" fetch "$u"
expect_eq "$rc" 0 "offline fetch exit"
checks=$((checks + 1))
cmp -s "$out" "$tmp/data/kern.log" || fail "offline copy differs"
expect_match "$err" "^loglab fetch: note: $u: cannot connect: Connection refused; using the cached copy fetched [0-9]{4}-[0-9]{2}-[0-9]{2} " "offline notice"
run "$LOGLAB" fetch --refresh "$u"
expect_eq "$rc" 3 "--refresh offline exit"
expect_eq "$err" "loglab: $u: cannot connect: Connection refused" "--refresh offline message"


# --- libcurl is opened when a URL is fetched, not when loglab starts ---
expect_eq "$(ldd "$LOGLAB" 2>/dev/null | grep -c libcurl)" 0 "loglab does not link libcurl"
run env LOGLAB_LIBCURL=/nonexistent/libcurl.so.4 "$LOGLAB" fetch "$u"
expect_eq "$rc" 3 "fetch without libcurl: exit"
expect_match "$err" "^loglab: $u: cannot load libcurl \(/nonexistent/libcurl.so.4\): " "fetch without libcurl: the library named"

finish
