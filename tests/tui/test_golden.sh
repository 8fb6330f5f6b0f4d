#!/bin/sh
# test_golden.sh - golden-screen tests: the TUI runs headless on a virtual
# terminal (tests/tui/test_screen, the same code as `loglab --keys K
# --dump-screen RxC`), is fed a key script, and its final screen must equal
# tests/tui/golden/NAME.txt. Set LL_GOLDEN_UPDATE=1 to rewrite the files
# after a deliberate change (then read the diff before committing).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
need_data

DRIVER="${LL_BUILDDIR:-.}/tests/tui/test_screen"
[ -x "$DRIVER" ] || { echo "SKIP: $DRIVER not built" >&2; exit 77; }
if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
	echo "SKIP: the C.UTF-8 locale is missing" >&2
	exit 77
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# Screens must not depend on the person running the tests.
HOME=$tmp; export HOME
unset XDG_CONFIG_HOME NO_COLOR
LC_ALL=C.UTF-8; export LC_ALL

D=$LL_DATA_DIR
BGL=$D/loghub/BGL/BGL_2k.log
DSTAT=$D/dstat/ciml_talk_dstat_sample.csv
SMD=$D/smd/csv/machine-1-6_test.csv
# A file of awkward bytes: UTF-8 accents and CJK, invalid bytes, an escape
# sequence, a tab, a NUL, no final newline.
{
	printf 'plain ascii line\n'
	printf 'caf\303\251 \346\227\245\346\234\254 wide\n'
	printf 'bad \377\376 bytes \033[31m red\ttab\n'
	printf 'nul \000 byte\n'
	printf 'last line, no newline'
} >"$tmp/weird.log"

# golden NAME ROWSxCOLS KEYS FILE [FORMAT]
golden() {
	name=$1 size=$2 keys=$3 file=$4 fmt=${5:-}
	out="$tmp/$name.txt"
	set --
	[ -n "$fmt" ] && set -- --format "$fmt"
	if ! "$DRIVER" "$@" "$size" "$keys" "$file" >"$out" 2>"$tmp/err"; then
		fail "$name: driver failed: $(cat "$tmp/err")"
		return
	fi
	golden_compare "$name" "$out"
}

golden bgl_first 30x100 '' "$BGL"
golden bgl_motions 30x100 'jjj<C-d>k<PgDn><C-u>' "$BGL"
golden bgl_last 30x100 'G' "$BGL"
golden bgl_search 30x100 '/kerndtlb<Enter>n' "$BGL"
golden bgl_search_prev 30x100 '/kerndtlb<Enter>N' "$BGL"
golden bgl_not_found 30x100 '/no such thing<Enter>' "$BGL"
golden bgl_filter_in 30x100 '&fatal<Enter>' "$BGL"
golden bgl_filter_out 30x100 '!^- <Enter>' "$BGL"
golden bgl_filter_clear 30x100 '!^- <Enter>&<Enter>' "$BGL"
golden bgl_goto 30x100 ':1500<Enter>' "$BGL"
golden bgl_fields 30x100 ':1500<Enter><Enter>' "$BGL"
golden bgl_help 30x100 '?' "$BGL"
# The end of the help: the ':' commands the browser takes and its class keys.
golden bgl_help_end 42x100 '?G' "$BGL"
golden bgl_prompt 30x100 '/KERN' "$BGL"
golden bgl_mouse 30x100 '<WheelDown><WheelDown><Click:4,10><Enter>' "$BGL"
golden bgl_scroll 30x100 'l' "$BGL"
golden bgl_resize 30x100 'G<Resize:60x12>' "$BGL"
golden bgl_tiny 30x100 'jjj<Resize:20x5>' "$BGL"
golden bgl_unbound 30x100 'Z' "$BGL"
golden dstat_first 30x100 '' "$DSTAT"
golden dstat_scroll 12x100 'll' "$DSTAT"
golden smd_last_col 12x100 '$' "$SMD"
golden smd_search 12x100 '/0\.0357<Enter>' "$SMD"
golden weird_bytes 10x60 '' "$tmp/weird.log" lines
golden weird_search 10x60 '/日本<Enter>' "$tmp/weird.log" lines
# 8 columns: "café 日" fills 7, and 本 (2 columns) must not straddle the edge.
golden weird_narrow 8x8 '' "$tmp/weird.log" lines
# Scrolled 4 columns right (half of 8): wide and escaped glyphs cut at the left edge.
golden weird_scroll 8x8 'l' "$tmp/weird.log" lines

# Key bindings from the config file and from the command line.
golden bind_command 30x100 ':bind browser z move-last-line<Enter>z' "$BGL"
mkdir -p "$tmp/.config/loglab"
printf '# test bindings\nbind browser x move-last-line\nbind generic <C-n> move-down\nset theme mono\n' \
	>"$tmp/.config/loglab/config"
golden config_bind 30x100 'x' "$BGL"
golden config_help 30x100 '?' "$BGL"
# A bad line: reported with file and line on the message line, the rest applies.
printf 'bind browser x move-last-line\nbind browser y no-such-request\n' >"$tmp/.config/loglab/config"
"$DRIVER" 30x100 '' "$BGL" >"$tmp/bad.txt" 2>&1
expect_eq "$?" 0 "a bad config line does not stop the UI"
expect_match "$(tail -n 1 "$tmp/bad.txt")" "/\.config/loglab/config:2: unknown request 'no-such-request'" \
	"bad config line reported"
"$DRIVER" 30x100 'x' "$BGL" >"$tmp/bad.txt" 2>&1
expect_match "$(tail -n 2 "$tmp/bad.txt")" "line 2000/2000" "good config lines still apply"
rm -f "$tmp/.config/loglab/config"

# The loglab binary gives the very same screen through its own options.
if [ -x "$LOGLAB" ]; then
	"$LOGLAB" --keys '/kerndtlb<Enter>n' --dump-screen 30x100 "$BGL" >"$tmp/cli.txt" 2>"$tmp/err"
	expect_eq "$?" 0 "loglab --keys --dump-screen exit code"
	checks=$((checks + 1))
	cmp -s "$tmp/cli.txt" "$GOLDEN/bgl_search.txt" || fail "loglab --dump-screen differs from golden/bgl_search.txt"
	expect_exit 1 "bad key name is a usage error" -- "$LOGLAB" --keys '<Bogus>' --dump-screen 30x100 "$BGL"
	expect_exit 3 "missing file is an I/O error" -- "$LOGLAB" --keys 'j' --dump-screen 30x100 "$tmp/missing.log"
fi
# Errors of the driver itself.
expect_exit 1 "bad key script" -- "$DRIVER" 30x100 '<Nope>' "$BGL"
expect_exit 3 "missing file" -- "$DRIVER" 30x100 '' "$tmp/missing.log"

finish
