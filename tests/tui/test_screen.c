/*
 * test_screen.c - the golden-screen driver: runs the TUI headless on a
 * virtual terminal with a key script and prints the final screen.
 *
 *   test_screen [--format NAME] ROWSxCOLS KEYS PATH
 *
 * Exit codes as loglab's: 0 ok, 1 usage, 2 data error, 3 I/O error.
 * tests/tui/test_golden.sh compares its output with tests/tui/golden/.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

int main(int argc, char **argv)
{
	struct ds_open_opts opts = {0};
	int i = 1;
	if (argc > 2 && strcmp(argv[1], "--format") == 0) {
		opts.format = argv[2];
		i = 3;
	}
	int rows, cols;
	char tail;
	if (argc - i != 3 || sscanf(argv[i], "%dx%d%c", &rows, &cols, &tail) != 2) {
		fprintf(stderr, "usage: test_screen [--format NAME] ROWSxCOLS KEYS PATH\n");
		return 1;
	}
	struct ll_err err;
	ll_err_clear(&err);
	int rc = tui_run_script(argv[i + 2], &opts, argv[i + 1], rows, cols, stdout, &err);
	if (rc != LL_OK) {
		fprintf(stderr, "test_screen: %s\n", err.msg);
		return ll_exit_code(rc);
	}
	return 0;
}
