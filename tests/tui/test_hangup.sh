#!/bin/sh
# test_hangup.sh - the TUI ends when its terminal goes away. A pty is
# opened, loglab runs on it (browsing a log, and in a workspace), and once
# it has drawn, the pty's other end is closed, as an SSH connection that
# drops or a killed tmux session closes it. The pty is not loglab's
# controlling terminal, so no SIGHUP arrives: the program must see the
# hang-up on its input itself and exit within seconds (it used to spin on
# the dead terminal at full speed for ever). Labels set before the hang-up
# stay in the journal.
. "${LL_SRCDIR:-.}/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found" >&2; exit 77; }
[ -x "$LOGLAB" ] || { echo "SKIP: $LOGLAB not built" >&2; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-hangup-XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt 300 ]; do
	printf "Mar  2 06:17:%02d host%d kernel: event %d on device sd%d\n" $((i % 60)) $((i % 3)) $i $((i % 5))
	i=$((i + 1))
done >"$tmp/kern.log"

# hangup ARGS...: runs loglab ARGS on a pty (cwd $tmp), types KEYS (env)
# once it has drawn, closes the pty, and prints how it ended
hangup() {
	python3 - "$LOGLAB" "$@" <<'PY'
import fcntl, os, re, select, struct, subprocess, sys, termios, time
m, s = os.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
env = dict(os.environ, TERM="xterm")
p = subprocess.Popen(sys.argv[1:], stdin=s, stdout=s, stderr=s, start_new_session=True, env=env,
                     cwd=os.environ["HANGUP_DIR"])
os.close(s)
seen = []
def read_until(want, secs):
    buf, end = b"", time.time() + secs
    while time.time() < end and not re.search(want, buf):
        r, _, _ = select.select([m], [], [], 0.2)
        if r:
            try:
                buf += os.read(m, 65536)
            except OSError:
                break
    seen.append(buf)
    return re.search(want, buf) is not None
# the status line names the view: "[browser]", then the end of the line
drew = read_until(rb"\[[a-z ]+\]\x1b\[K", 20)
if not drew:
    sys.stderr.write("no screen; exit %r; it wrote %r\n" % (p.poll(), seen[0][-300:]))
for key in os.environ.get("KEYS", ""):
    os.write(m, key.encode())
    time.sleep(0.3)
time.sleep(0.5)
os.close(m)
t0 = time.time()
try:
    rc = p.wait(timeout=15)
    print("drew=%d exited after %.1fs" % (drew, time.time() - t0))
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    print("drew=%d still running 15s after the hang-up" % drew)
PY
}

export HANGUP_DIR="$tmp"
out=$(hangup kern.log)
expect_match "$out" "^drew=1 " "the browser drew on the pty ($out)"
expect_match "$out" "exited after" "the browser ends when its terminal goes away ($out)"

# a label typed before the hang-up is kept (the journal is written as it goes)
out=$(KEYS="jj1" hangup kern.log)
expect_match "$out" "exited after" "the browser with a label set ends ($out)"
expect_eq "$(ls "$tmp"/kern.log.labels* 2>/dev/null | head -1 | grep -c labels)" 1 "the label journal exists"

# a workspace (the runs view's own key loop)
mkdir "$tmp/ws"
cp "$LL_BUILDDIR/sample/"*.csv "$LL_BUILDDIR/sample/"*.tsv "$LL_BUILDDIR/sample/loglab.json" "$tmp/ws/" 2>/dev/null
export HANGUP_DIR="$tmp/ws"
out=$(hangup)
expect_match "$out" "exited after" "the workspace TUI ends when its terminal goes away ($out)"
finish
