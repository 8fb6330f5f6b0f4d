/*
 * test_keys.c - key notation, bindings and the config file.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tui_request.h"

static int key(const char *s)
{
	struct tui_key k;
	size_t used = 0;
	struct ll_err err;
	if (tui_key_parse(s, &used, &k, &err) != LL_OK || used != strlen(s))
		return -1;
	return k.code;
}

static const char *name(int code)
{
	static char buf[32];
	tui_key_name(code, buf, sizeof buf);
	return buf;
}

int main(void)
{
	struct ll_err err;
	ll_err_clear(&err);

	/* Request names round-trip through the X-macro list. */
	CHECK_INT(tui_request_find("move-down"), TUI_REQ_MOVE_DOWN);
	CHECK_STR(tui_request_name(TUI_REQ_FIND_PREV), "find-prev");
	CHECK_INT(tui_request_find("no-such-thing"), TUI_REQ_NONE);
	for (int r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++) {
		CHECK_INT(tui_request_find(tui_request_name((enum tui_request)r)), r);
		CHECK(strlen(tui_request_help((enum tui_request)r)) > 0);
	}

	/* Escape sequences the terminfo entry does not list (xterm's entry
	 * inside tmux: Home and End come as ESC [ 1 ~ and ESC [ 4 ~, whose
	 * '1' was taken as a class key). What follows ESC, decoded. */
	{
		static const struct { const char *s; int complete, key; } seqs[] = {
			{"[1~", 1, TUI_KEY_FN(KEY_HOME)}, {"[4~", 1, TUI_KEY_FN(KEY_END)},
			{"[7~", 1, TUI_KEY_FN(KEY_HOME)}, {"[8~", 1, TUI_KEY_FN(KEY_END)},
			{"[H", 1, TUI_KEY_FN(KEY_HOME)}, {"OF", 1, TUI_KEY_FN(KEY_END)},
			{"[5~", 1, TUI_KEY_FN(KEY_PPAGE)}, {"[6~", 1, TUI_KEY_FN(KEY_NPAGE)},
			{"[A", 1, TUI_KEY_FN(KEY_UP)}, {"OD", 1, TUI_KEY_FN(KEY_LEFT)},
			{"[1;5C", 1, TUI_KEY_FN(KEY_RIGHT)}, {"[1;2H", 1, TUI_KEY_FN(KEY_HOME)},
			{"OP", 1, TUI_KEY_FN(KEY_F(1))}, {"[15~", 1, TUI_KEY_FN(KEY_F(5))},
			{"[24~", 1, TUI_KEY_FN(KEY_F(12))}, {"[Z", 1, TUI_KEY_FN(KEY_BTAB)},
			/* reports and unknown keys: complete, no key (dropped) */
			{"[I", 1, 0}, {"[O", 1, 0}, {"[200~", 1, 0}, {"[99~", 1, 0}, {"[?1;2c", 1, 0},
			{"[<0;3;4M", 1, 0}, {"[[A", 1, 0},
			/* not yet ended */
			{"[", 0, 0}, {"[1", 0, 0}, {"[1;5", 0, 0}, {"O", 0, 0},
		};
		for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
			int seq[16];
			size_t n = strlen(seqs[i].s);
			for (size_t j = 0; j < n; j++)
				seq[j] = (unsigned char)seqs[i].s[j];
			CHECK_INT(tui_escseq_complete(seq, n), seqs[i].complete);
			CHECK_INT(tui_escseq_key(seq, n), seqs[i].key);
		}
	}

	/* Notation. */
	CHECK_INT(key("j"), 'j');
	CHECK_INT(key("<Enter>"), '\n');
	CHECK_INT(key("<esc>"), 27);
	CHECK_INT(key("<C-d>"), 4);
	CHECK_INT(key("<C-D>"), 4);
	CHECK_INT(key("<PgDn>"), TUI_KEY_FN(KEY_NPAGE));
	CHECK_INT(key("<F1>"), TUI_KEY_FN(KEY_F(1)));
	CHECK_INT(key("<F12>"), TUI_KEY_FN(KEY_F(12)));
	CHECK_INT(key("<lt>"), '<');
	CHECK_INT(key("<Space>"), ' ');
	CHECK_INT(key("\xc3\xa9"), 0xE9);
	CHECK_INT(key("<Nope>"), -1);
	CHECK_INT(key("<F13>"), -1);
	CHECK_STR(name('j'), "j");
	CHECK_STR(name(4), "<C-d>");
	CHECK_STR(name(TUI_KEY_FN(KEY_NPAGE)), "<PgDn>");
	CHECK_STR(name(TUI_KEY_FN(KEY_F(1))), "<F1>");
	CHECK_STR(name(' '), "<Space>");
	CHECK_STR(name(0xE9), "\xc3\xa9");

	/* A script: characters, named keys, a resize and a click. */
	struct tui_key *keys;
	size_t n;
	CHECK_INT(tui_keys_parse_script("jj/err<Enter><Resize:80x24><Click:3,7><", &keys, &n, &err), LL_OK);
	CHECK_INT(n, 10);
	CHECK_INT(keys[3].code, 'e');
	CHECK_INT(keys[6].code, '\n');
	CHECK_INT(keys[7].code, TUI_KEY_RESIZE_TO);
	CHECK_INT(keys[7].x, 80);
	CHECK_INT(keys[7].y, 24);
	CHECK_INT(keys[8].code, TUI_KEY_CLICK);
	CHECK_INT(keys[8].y, 3);
	CHECK_INT(keys[8].x, 7);
	CHECK_INT(keys[9].code, '<'); /* a lone '<' without '>' is itself */
	free(keys);
	CHECK_INT(tui_keys_parse_script("ab<Bogus>", &keys, &n, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "offset 2") && strstr(err.msg, "<Bogus>"));
	CHECK_INT(tui_keys_parse_script("<Resize:0x10>", &keys, &n, &err), LL_EUSAGE);

	/* Defaults, per-view overrides, fallback to generic. */
	struct tui_bindings *b = tui_bindings_new();
	CHECK(b != NULL);
	CHECK_INT(tui_bindings_lookup(b, "browser", 'j'), TUI_REQ_MOVE_DOWN);
	CHECK_INT(tui_bindings_lookup(b, "browser", '?'), TUI_REQ_HELP);
	CHECK_INT(tui_bindings_lookup(b, "browser", 'z'), TUI_REQ_NONE);
	CHECK_INT(tui_config_line(b, "bind browser z move-last-line", NULL, &err), LL_OK);
	CHECK_INT(tui_bindings_lookup(b, "browser", 'z'), TUI_REQ_MOVE_LAST_LINE);
	CHECK_INT(tui_bindings_lookup(b, "help", 'z'), TUI_REQ_NONE);
	CHECK_INT(tui_config_line(b, "bind browser j none", NULL, &err), LL_OK);
	CHECK_INT(tui_bindings_lookup(b, "browser", 'j'), TUI_REQ_NONE);
	CHECK_INT(tui_bindings_lookup(b, "help", 'j'), TUI_REQ_MOVE_DOWN);
	char list[128];
	CHECK_INT(tui_bindings_keys_for(b, "browser", TUI_REQ_MOVE_LAST_LINE, list, sizeof list), 3);
	CHECK_STR(list, "z, G, <End>");
	CHECK_INT(tui_bindings_keys_for(b, "browser", TUI_REQ_MOVE_DOWN, list, sizeof list), 1);
	CHECK_STR(list, "<Down>");
	CHECK_INT(tui_bindings_keys_for(b, "browser", TUI_REQ_ENTER, list, sizeof list), 1);
	CHECK_STR(list, "<Enter>");

	/* Config lines: comments, themes, errors. */
	const char *theme = NULL;
	CHECK_INT(tui_config_line(b, "  # a comment", &theme, &err), LL_OK);
	CHECK_INT(tui_config_line(b, "", &theme, &err), LL_OK);
	CHECK_INT(tui_config_line(b, "set theme mono", &theme, &err), LL_OK);
	CHECK_STR(theme, "mono");
	CHECK_INT(tui_config_line(b, "set theme pink", &theme, &err), LL_EUSAGE);
	CHECK_INT(tui_config_line(b, "bind browser j jump-around", NULL, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "unknown request 'jump-around'") != NULL);
	CHECK_INT(tui_config_line(b, "bind browser", NULL, &err), LL_EUSAGE);
	CHECK_INT(tui_config_line(b, "frobnicate", NULL, &err), LL_EUSAGE);

	/* A config file: good lines apply, the first bad one is reported with its line. */
	char path[] = "/tmp/loglab-test-keys-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	const char *cfg = "# keys\nbind generic <C-n> move-down\nbind browser x bogus\nbind fields <Space> quit\n";
	CHECK(write(fd, cfg, strlen(cfg)) == (ssize_t)strlen(cfg));
	close(fd);
	CHECK_INT(tui_config_load(b, path, &theme, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, ":3: unknown request 'bogus'") != NULL);
	CHECK_INT(tui_bindings_lookup(b, "browser", TUI_KEY_CTRL('n')), TUI_REQ_MOVE_DOWN);
	CHECK_INT(tui_bindings_lookup(b, "fields", ' '), TUI_REQ_QUIT);
	/* Space tags lines in the browser (issue 3) and still pages elsewhere. */
	CHECK_INT(tui_bindings_lookup(b, "browser", ' '), TUI_REQ_TAG);
	CHECK_INT(tui_bindings_lookup(b, "help", ' '), TUI_REQ_MOVE_PAGE_DOWN);
	CHECK_INT(tui_bindings_lookup(b, "browser", '0'), TUI_REQ_LABEL_CLASS);
	CHECK_INT(tui_bindings_lookup(b, "browser", '^'), TUI_REQ_SCROLL_FIRST_COL);
	CHECK_INT(tui_bindings_lookup(b, "browser", 'u'), TUI_REQ_UNDO);
	CHECK_INT(tui_bindings_lookup(b, "browser", TUI_KEY_CTRL('r')), TUI_REQ_REDO);
	unlink(path);
	/* A missing file is no error. */
	CHECK_INT(tui_config_load(b, "/nonexistent/loglab/config", &theme, &err), LL_OK);
	tui_bindings_free(b);
	TEST_MAIN_END();
}
