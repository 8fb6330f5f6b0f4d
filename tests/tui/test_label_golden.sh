#!/bin/sh
# test_label_golden.sh - golden screens of labelling (tests/tui/test_screen
# runs the UI headless with a key script): the labels view, the templates
# view, tag and range marks, the bulk prompt, a read-only journal. They run
# on a COPY of BGL_2k.log in a temporary folder, by relative path so the
# journal's name on screen does not depend on where the folder is; times
# in the recent-changes list are replaced by TIME before comparing. Goldens
# are tests/tui/golden/label_*.txt (LL_GOLDEN_UPDATE=1 rewrites them).
. "${LL_SRCDIR:-.}/tests/lib.sh"
. "${LL_SRCDIR:-.}/tests/tui/golden_lib.sh"
need_data

golden_setup

ORIG=$LL_DATA_DIR/loghub2/BGL/BGL_2k.log

# golden NAME ROWSxCOLS KEYS: on a fresh copy named BGL.log in $tmp/run.
golden() {
	name=$1 size=$2 keys=$3
	rm -rf "$tmp/run"
	mkdir -p "$tmp/run"
	cp "$ORIG" "$tmp/run/BGL.log"
	[ -n "${setup:-}" ] && (cd "$tmp/run" && eval "$setup")
	out="$tmp/$name.txt"
	if ! (cd "$tmp/run" && "$DRIVER" "$size" "$keys" BGL.log) >"$out.raw" 2>"$tmp/err"; then
		fail "$name: driver failed: $(cat "$tmp/err")"
		return
	fi
	sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/TIME/' "$out.raw" >"$out"
	golden_compare "$name" "$out"
}

# Line 5 root cause, lines 10-12 tagged and labelled, the "data storage
# interrupt" template (first at line 166) labelled 1, then the labels view
# scrolled to its end (recent changes, newest last).
golden label_view 80x110 ':5<Enter>1:10<Enter><Space><Space><Space>Lt0:166<Enter>LT1sG'
# The templates view after that template label: its mix is now 1:30.
golden label_templates 20x110 ':166<Enter>LT1t'
# Enter in the templates view: a browser of the selected template's lines.
golden label_template_lines 12x110 'tjjjjjjjjjj<Enter>'
# Tag marks (*) and a range (+) under way, counted in the status bar.
golden label_marks 12x110 ':3<Enter><Space><Space>vjj'
# The bulk prompt, then its class prompt.
golden label_prompt 8x110 'L'
golden label_prompt_class 8x110 'Lt'
# Undo of a bulk action, then the message of a redo.
golden label_undo_redo 8x110 '<Space><Space>Lt1u<C-r>'
# A key with no class, and a bad :class.
golden label_unbound_class 8x110 ':class disk j<Enter>'
# A journal that cannot be written: the message names it; 1 is refused.
setup='ln -s missing/dir/BGL.log.labels BGL.log.labels'
golden label_readonly 8x150 '1'
# Class keys saved beside the journal (BGL.log.classes): 2 is disk now; a
# bad line is reported with file and line, the rest applies.
setup='printf "# keys\n2\tdisk\nbad line\n" >BGL.log.classes'
golden label_classes_bad 8x110 ''
golden label_classes_prompt 8x150 'Lt'
# The end of the help: the class keys of this dataset, 2 from the file, the others defaults.
golden label_help_classes 16x110 '?G'
setup=''

finish
