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

# The pty plumbing both drivers below share: loglab on a new pty, in a
# session of its own (the pty its controlling terminal when asked), cwd
# $HANGUP_DIR; read_until waits for a pattern in what it drew.
cat >"$tmp/ptyrun.py" <<'PY'
import fcntl, os, re, select, struct, subprocess, termios, time
class Run:
    def __init__(self, argv, ctty=False):
        self.m, s = os.openpty()
        fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        def session():
            os.setsid()
            if ctty:
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.p = subprocess.Popen(argv, stdin=s, stdout=s, stderr=s, preexec_fn=session,
                                  cwd=os.environ["HANGUP_DIR"], env=dict(os.environ, TERM="xterm"))
        os.close(s)
        self.buf = b""
    def read_until(self, want, secs):
        end = time.time() + secs
        while time.time() < end and not re.search(want, self.buf):
            if select.select([self.m], [], [], 0.1)[0]:
                try:
                    self.buf += os.read(self.m, 65536)
                except OSError:
                    break
        return re.search(want, self.buf) is not None
    def wait(self, secs):
        """rc, or None after killing it when it outlived secs"""
        try:
            return self.p.wait(timeout=secs)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None
    def said(self):
        """what it wrote once it left the screen, read to the end"""
        while select.select([self.m], [], [], 0.5)[0]:
            try:
                data = os.read(self.m, 65536)
            except OSError:
                break
            if not data:
                break
            self.buf += data
        left = self.buf.rfind(b"\x1b[?1049l")
        return self.buf[left:] if left >= 0 else b""
# the status line names the view: "[browser]", then the end of the line
DREW = rb"\[[a-z ]+\]\x1b\[K"
PY

# hangup ARGS...: runs loglab ARGS on a pty (cwd $tmp), types KEYS (env)
# once it has drawn, closes the pty, and prints how it ended
hangup() {
	PYTHONPATH="$tmp" python3 - "$LOGLAB" "$@" <<'PY'
import os, sys, time
from ptyrun import Run, DREW
r = Run(sys.argv[1:])
drew = r.read_until(DREW, 20)
if not drew:
    sys.stderr.write("no screen; exit %r; it wrote %r\n" % (r.p.poll(), r.buf[-300:]))
for key in os.environ.get("KEYS", ""):
    os.write(r.m, key.encode())
    time.sleep(0.3)
time.sleep(0.5)
os.close(r.m)
t0 = time.time()
if r.wait(15) is None:
    print("drew=%d still running 15s after the hang-up" % drew)
else:
    print("drew=%d exited after %.1fs" % (drew, time.time() - t0))
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

# ---- a label under way when the terminal goes ----------------------------
i=0
while [ $i -lt 1000 ]; do
	printf "Mar  2 06:%02d:%02d host%d kernel: event %d on device sd%d\n" $((i / 60 % 60)) $((i % 60)) $((i % 3)) $i $((i % 5))
	i=$((i + 1))
done >"$tmp/big.template"
export HANGUP_DIR="$tmp" HOME="$tmp"
unset XDG_STATE_HOME
exitlog=$tmp/.local/state/loglab/loglab.log

# staged HOW: a fresh big.log; 1 labels line 1 (class 1, journalled at
# once), j v G 0 stages a range of lines 2-1000 as 0 (STAGE_KEYS, WAIT_FOR
# change that), then HOW ends it: close (the pty, loglab's controlling
# terminal), close-input (the pty, not its controlling terminal), ctrl-c
# (typed on it, its controlling terminal: the kernel's SIGINT), HUP, TERM,
# INT or KILL (a signal to loglab, the pty still open). Prints "rc=RC
# after=SECONDS"; what loglab wrote on the pty, once it left the screen, is
# in $tmp/said.
staged() {
	cp "$tmp/big.template" "$tmp/big.log"
	rm -f "$tmp"/big.log.labels* "$exitlog"
	PYTHONPATH="$tmp" python3 - "$1" "$LOGLAB" big.log <<'PY'
import os, signal, sys, time
from ptyrun import Run, DREW
how = sys.argv[1]
r = Run(sys.argv[2:], ctty=how in ("close", "ctrl-c"))
def say(what):
    sys.stderr.write("%s; it wrote %r\n" % (what, r.buf[-300:]))
if not r.read_until(DREW, 20):
    say("no screen")
os.write(r.m, b"1")
if not r.read_until(rb"saved", 10):
    say("line 1 not labelled")
r.buf = b""
for key in os.environ.get("STAGE_KEYS", "jvG0"):
    os.write(r.m, key.encode())
    time.sleep(0.2)
if not r.read_until(os.environ.get("WAIT_FOR", "labelling: [0-9]+ of [0-9]+ lines read").encode(), 10):
    say("nothing under way")
t0 = time.time()
if how.startswith("close"):
    os.close(r.m)
elif how == "ctrl-c":
    os.write(r.m, b"\x03")
else:
    r.p.send_signal(getattr(signal, "SIG" + how))
rc = r.wait(30)
print("rc=%s after=%.0f" % ("running" if rc is None else rc, time.time() - t0))
said = r.said() if not how.startswith("close") else b""
open(os.path.join(os.environ["HANGUP_DIR"], "said"), "wb").write(said)
PY
}
# on_disk CLASS: lines of big.log with CLASS on disk
on_disk() {
	"$LOGLAB" label --json "$tmp/big.log" | awk -v c="\"$1\":" '$1 == c { gsub(/,/, "", $2); n = $2 } END { print n + 0 }'
}
# finished WHAT: the staged range is on disk, whole, and line 1 kept
finished() {
	expect_eq "$(on_disk 0)" 999 "$1: all 999 lines of the range labelled 0"
	expect_eq "$(on_disk 1)" 1 "$1: line 1's label, made before, kept"
}
# exited OUT SIGNAL WHAT: ended by SIGNAL within the bound
exited() {
	expect_match "$1" "^rc=-$2 after=([0-9]|1[01])\$" "$3: ended by signal $2 within 10 s ($1)"
}

# the SSH case: the controlling pty hangs up, the kernel sends SIGHUP
out=$(LOGLAB_TEST_STAGE_LINES=10 staged close)
exited "$out" 1 "pty closed"
finished "pty closed"
expect_match "$(cat "$exitlog" 2>/dev/null)" "pid [0-9]+: range 2-1000: labelling 999 lines: finishing it before exiting \(at most 10 s\)" \
	"pty closed: the exit log says the label is being finished"
expect_match "$(cat "$exitlog" 2>/dev/null)" "range 2-1000: 999 lines, 999 changed to 0, saved \(journal $tmp/big\.log\.labels\)" \
	"pty closed: the exit log says it was saved, and where"

# the hang-up seen on input alone (no SIGHUP): loglab ends on its own
out=$(LOGLAB_TEST_STAGE_LINES=10 staged close-input)
expect_match "$out" "^rc=0 after=([0-9]|1[01])\$" "input hung up: exits within 10 s ($out)"
finished "input hung up"
expect_match "$(cat "$exitlog" 2>/dev/null)" "999 changed to 0, saved" "input hung up: the exit log says it was saved"

# signals with the terminal still there: stderr says it, not the log
for sig in HUP TERM INT; do
	case $sig in HUP) num=1 ;; TERM) num=15 ;; INT) num=2 ;; esac
	out=$(LOGLAB_TEST_STAGE_LINES=10 staged $sig)
	exited "$out" $num "SIG$sig"
	finished "SIG$sig"
	expect_match "$(tr -d '\r' <"$tmp/said")" "^loglab: range 2-1000: 999 lines, 999 changed to 0, saved \(journal " \
		"SIG$sig: stderr says the label was finished"
done
[ $sig = INT ] && [ ! -e "$exitlog" ] && ok || fail "SIGINT on a live terminal wrote the exit log"
# Ctrl-C typed: the terminal's SIGINT (curses leaves ISIG on); it used to end
# loglab at once, the staged label lost
out=$(LOGLAB_TEST_STAGE_LINES=10 staged ctrl-c)
exited "$out" 2 "Ctrl-C"
finished "Ctrl-C"

# a template label waiting for the templates to be mined
out=$(LOGLAB_TEST_MINE_LINES=10 STAGE_KEYS=jLT0 WAIT_FOR="mining templates" staged TERM)
exited "$out" 15 "SIGTERM while mining"
expect_match "$(tr -d '\r' <"$tmp/said")" "loglab: line 2's template label: finishing it before exiting" \
	"SIGTERM while mining: stderr names the template label"
expect_match "$(tr -d '\r' <"$tmp/said")" "^loglab: template [0-9]+: [0-9]+ lines, [0-9]+ changed to 0, saved" \
	"SIGTERM while mining: the template's lines were labelled"
expect_eq "$(( $(on_disk 0) > 0 ))" 1 "SIGTERM while mining: the template's lines are on disk"

# L u still finding its lines (every line but line 1): they are found,
# then labelled
out=$(LOGLAB_TEST_COLLECT_LINES=10 STAGE_KEYS=Lu0 WAIT_FOR="finding unlabelled lines" staged TERM)
exited "$out" 15 "SIGTERM while L u finds its lines"
finished "SIGTERM while L u finds its lines"
expect_match "$(tr -d '\r' <"$tmp/said")" "loglab: every unlabelled line: 999 lines, 999 changed to 0, saved" \
	"SIGTERM while L u finds its lines: stderr says they were labelled"

# the bound: a label too slow to finish in 10 s is dropped whole, said so
out=$(LOGLAB_TEST_STAGE_LINES=1 staged close)
exited "$out" 1 "pty closed, too slow to finish"
expect_match "$out" "after=(9|10|11)\$" "pty closed, too slow: it tried for the 10 s ($out)"
expect_eq "$(on_disk 0)" 0 "too slow: nothing of the range on disk"
expect_eq "$(on_disk 1)" 1 "too slow: line 1's label kept"
expect_match "$(cat "$exitlog" 2>/dev/null)" \
	"range 2-1000: labelling: [0-9]+ of 999 lines read: not finished within 10 s: nothing of it labelled; label it as 0 again" \
	"too slow: the exit log says what was not labelled"

# work that holds the loop past the finish's bound cannot hold the signal:
# a deadline (30 s; 2 here) ends loglab by the signal it was sent, the
# staged label dropped whole as SIGKILL would
out=$(LOGLAB_TEST_LEAVE_DEADLINE_S=2 LOGLAB_TEST_STAGE_LINES=1 staged TERM)
expect_match "$out" "^rc=-15 after=[1-4]\$" "SIGTERM past the deadline: ended by it within seconds ($out)"
expect_exit 0 "after the deadline the journal reads" -- "$LOGLAB" label --json "$tmp/big.log"
expect_eq "$(on_disk 1)" 1 "after the deadline line 1's label is kept"
expect_eq "$(on_disk 0)" 0 "after the deadline nothing of the staged range"

# ---- feature set edits not written when a leave signal comes --------------
# Kept in the state folder, said on stderr; loglab.json is not written.
mkdir "$tmp/fws"
i=0
while [ $i -lt 120 ]; do
	printf "%d\tjob %d done on sd%d\n" $((i % 4 == 1)) $i $((i % 3))
	i=$((i + 1))
done >"$tmp/fws/app.tsv"
printf '{"version": 1, "datasets": {"app": {"path": "app.tsv"}},\n "featuresets": {"t": {"dataset": "app", "text": {"kind": "tfidf", "features": 16}, "seed": 1}},\n "experiments": {"tf": {"featureset": "t", "model": "logreg"}}}\n' >"$tmp/fws/loglab.json"
cp "$tmp/fws/loglab.json" "$tmp/fws.orig"
out=$(HANGUP_DIR="$tmp/fws" PYTHONPATH="$tmp" python3 - "$LOGLAB" . <<'PY'
import os, signal, sys, time
from ptyrun import Run, DREW
r = Run(sys.argv[1:])
for keys, want in ((b"", DREW), (b"f", rb"feature set t: "), (b"Ge", rb"seed \("), (b"42\r", rb"not written")):
    for k in keys:
        os.write(r.m, bytes([k]))
        time.sleep(0.2)
    if not r.read_until(want, 10):
        sys.stderr.write("no %r; it wrote %r\n" % (want, r.buf[-300:]))
r.buf = b""
r.p.send_signal(signal.SIGTERM)
rc = r.wait(15)
print("rc=%s" % rc)
sys.stdout.write(r.said().decode("utf-8", "replace").replace("\r", ""))
PY
)
expect_match "$out" "^rc=-15" "SIGTERM with feature edits: ended by it"
kept=$(printf '%s\n' "$out" | sed -n 's/.*loglab: feature set t: edits not written to loglab.json kept in \([^ ]*\) (offered when the set is edited next)$/\1/p')
expect_match "$kept" "^$tmp/\.local/state/loglab/recovery/features-t-[0-9a-f]{16}\.json\$" \
	"SIGTERM with feature edits: stderr names the file they are kept in ($out)"
expect_match "$(tr -d ' \n\t' <"$kept" 2>/dev/null)" '"featureset":"t".*"seed":42' "the kept file has the edited seed"
checks=$((checks + 1))
cmp -s "$tmp/fws/loglab.json" "$tmp/fws.orig" || fail "SIGTERM with feature edits wrote loglab.json"

# SIGKILL at the same point: the staged label only is lost
out=$(LOGLAB_TEST_STAGE_LINES=10 staged KILL)
expect_match "$out" "^rc=-9 " "SIGKILL ends it at once ($out)"
expect_exit 0 "after SIGKILL the journal reads" -- "$LOGLAB" label --json "$tmp/big.log"
expect_eq "$(on_disk 1)" 1 "after SIGKILL line 1's label is kept"
expect_eq "$(on_disk 0)" 0 "after SIGKILL nothing of the staged range"
finish
