#!/bin/sh
# tests/cli/test_hostile.sh - crafted input meets the verbs: names with
# terminal escape sequences are printed escaped, never raw.
. "$LL_SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-hostile-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

esc=$(printf '\033')
bel=$(printf '\007')

# run CMD...: sets $out, $err, $rc
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# no_raw_controls TEXT WHAT: TEXT holds no ESC, BEL or CR byte
no_raw_controls() {
	checks=$((checks + 1))
	case "$1" in
	*"$esc"* | *"$bel"* | *"$(printf '\r')"*) fail "$2: raw control characters printed" ;;
	esac
}

# --- a file name that would set the terminal title and clear the screen ---
evil="$tmp/x${esc}]0;pwned${bel}${esc}[2J.log"
printf 'Jun 14 15:16:01 host kernel: hello\n' >"$evil"
run "$LOGLAB" info "$evil"
expect_eq "$rc" 0 "info on an escape-laden name"
no_raw_controls "$out" "info output"
expect_match "$out" '^file: .*x\\x1b\]0;pwned\\x07\\x1b\[2J\.log$' "info shows the name escaped"
run "$LOGLAB" info "$evil.missing"
expect_eq "$rc" 3 "a missing escape-laden name"
no_raw_controls "$err" "error message"
expect_match "$err" 'x\\x1b\]0;pwned\\x07\\x1b\[2J\.log\.missing: no such file' "the error names the file escaped"
# log lines carrying escape sequences are data: label --templates prints them escaped.
# The sequences hold no digit: the template miner takes a token with a digit for a
# variable (<*>), and the constant text is what must come out escaped.
printf 'Jun 14 15:16:0%d host kernel: boom \033[Kred\033[m %d\n' 1 1 2 2 3 3 >"$tmp/esc.log"
run "$LOGLAB" label "$tmp/esc.log" --templates
expect_eq "$rc" 0 "templates of lines with escapes"
no_raw_controls "$out" "template listing"
expect_match "$out" 'boom \\x1b\[Kred\\x1b\[m <\*>' "templates shown escaped"

finish
