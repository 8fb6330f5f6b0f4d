#!/bin/sh
# tests/cli/test_docs_truth.sh - what the help texts, the man page and the code
# say of each other, checked mechanically: every option a verb's --help shows is
# one the verb accepts and one its man page entry names; every verb has a man
# page entry; every format `info --formats` lists is named in the man page;
# every environment variable the docs name is read by the code, and every one
# the code reads (but the LOGLAB_TEST_* knobs of the tests) is in the man page.
. "$LL_SRCDIR/tests/lib.sh"

MAN="$LL_SRCDIR/man/loglab.1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# options are tried without their arguments in an empty folder: nothing is
# found to work on, and nothing may be written outside $T
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CACHE_HOME="$T/cache" XDG_STATE_HOME="$T/state"
mkdir -p "$HOME" "$T/empty"

# the man page as plain text: no escapes before dashes, no font changes
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN"; }
plain >"$T/man.txt"

# the lines of section .SH NAME (up to the next .SH)
man_section() { awk -v s=".SH $1" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on' "$T/man.txt"; }
man_section VERBS >"$T/verbs.txt"

# entries of VERBS whose heading (the line after .TP) starts with the verb
verb_entries() {
	awk -v v="$1" '
		/^\.TP$/ { head = 1; on = 0; next }
		head { head = 0; w = $2; gsub(/"/, "", w); on = (w == v) }
		on' "$T/verbs.txt"
}

verbs=$("$LOGLAB" --help | awk '/^Verbs/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
expect_match "$verbs" '^info$' "loglab --help lists its verbs"

for v in $verbs; do
	"$LOGLAB" "$v" --help >"$T/$v.help" 2>&1
	expect_eq "$?" 0 "loglab $v --help exit code"
	verb_entries "$v" >"$T/$v.man"
	checks=$((checks + 1))
	[ -s "$T/$v.man" ] || fail "verb $v has no entry in the man page's VERBS"

	# long options: every --name the help writes, in the option list or its prose
	for o in $(grep -oE -- '--[a-z][a-z-]*[a-z]' "$T/$v.help" | sort -u); do
		(cd "$T/empty" && timeout 20 "$LOGLAB" "$v" "$o" </dev/null >/dev/null 2>"$T/err")
		checks=$((checks + 1))
		if grep -qiE 'unrecognized option|unknown option|invalid option' "$T/err"; then
			fail "loglab $v $o: its --help shows it, the verb refuses it: $(head -1 "$T/err")"
		fi
		[ "$o" = --help ] && continue
		checks=$((checks + 1))
		grep -qF -- "$o" "$T/$v.man" || fail "loglab $v --help shows $o, the man page's entry for $v does not"
	done
	# short options, from the option list's "  -x, --name" lines
	for o in $(grep -oE '^ +-[A-Za-z],' "$T/$v.help" | tr -d ' ,' | sort -u); do
		(cd "$T/empty" && timeout 20 "$LOGLAB" "$v" "$o" </dev/null >/dev/null 2>"$T/err")
		checks=$((checks + 1))
		if grep -qiE 'unrecognized option|unknown option|invalid option' "$T/err"; then
			fail "loglab $v $o: its --help shows it, the verb refuses it: $(head -1 "$T/err")"
		fi
	done
done

# build's -T is --templates (its getopt string once left the letter out)
printf 'Mar  2 06:17:%02d node07 kernel: disk sda%d error\n' 1 1 2 2 3 3 >"$T/k.log"
"$LOGLAB" build -T "$T/k.log" --out "$T/tpl" >/dev/null 2>"$T/err"
expect_eq "$?" 0 "build -T FILE: $(head -1 "$T/err")"
checks=$((checks + 1))
[ -s "$T/tpl/templates.tsv" ] || fail "build -T FILE wrote no templates.tsv"

# the options of loglab itself are in the man page's OPTIONS
man_section OPTIONS >"$T/options.txt"
"$LOGLAB" --help >"$T/main.help"
for o in $(awk '/^Options:/ { on = 1 } on' "$T/main.help" | grep -oE -- '--[a-z][a-z-]*[a-z]' | sort -u); do
	checks=$((checks + 1))
	grep -qF -- "$o" "$T/options.txt" || fail "loglab --help shows $o, the man page's OPTIONS do not"
done

# every format name is written in the man page as a word of its own
for f in $("$LOGLAB" info --formats | awk '{ print $1 }'); do
	checks=$((checks + 1))
	grep -qE -- "(^|[^a-z0-9-])$f([^a-z0-9-]|$)" "$T/man.txt" || fail "format $f is not named in the man page"
done

# environment variables: documented ones are read, read ones are documented
SRC="$LL_SRCDIR/core $LL_SRCDIR/datasets $LL_SRCDIR/views $LL_SRCDIR/tui $LL_SRCDIR/cli"
# shellcheck disable=SC2086
grep -rhoE '"(LOGLAB|AWS)_[A-Z0-9_]+"' --include='*.c' --include='*.h' $SRC | tr -d '"' | sort -u >"$T/env.code"
grep -hoE '(LOGLAB|AWS)_[A-Z0-9_]+' "$T/man.txt" "$LL_SRCDIR/README.md" "$LL_SRCDIR"/docs/*.md | sort -u >"$T/env.docs"
expect_match "$(cat "$T/env.code")" '^LOGLAB_MEMORY_MAX$' "the code's environment variables are found"
for e in $(cat "$T/env.docs"); do
	checks=$((checks + 1))
	grep -qx -- "$e" "$T/env.code" || fail "$e is documented, no code reads it"
done
for e in $(grep -v '^LOGLAB_TEST_' "$T/env.code"); do
	checks=$((checks + 1))
	grep -qw -- "$e" "$T/man.txt" || fail "the code reads $e, the man page does not name it"
done

finish
