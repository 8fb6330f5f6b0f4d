/*
 * cli_init.c - `loglab init [DIR]`: make DIR (default .) a workspace: a
 * loglab.json with a documented example of every section, and runs/.
 * Never overwrites an existing loglab.json.
 */
#include "cli.h"
#include "ds_workspace.h"

#include <getopt.h>
#include <stdio.h>

static void init_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab init [DIR]\n"
		"\n"
		"Creates DIR/loglab.json (an example workspace: datasets, feature sets and\n"
		"experiments; schema in docs/workspace.md) and DIR/runs/. DIR defaults to the\n"
		"current folder and is created when missing. An existing loglab.json is never\n"
		"overwritten (exit 1).\n"
		"\n"
		"  -h, --help  show this help\n");
}

int cli_init(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			init_usage(stdout);
			return 0;
		}
		init_usage(stderr);
		return 1;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s init: one folder at a time (see --help)\n", cli_progname);
		return 1;
	}
	const char *dir = optind < argc ? argv[optind] : ".";
	struct ll_err err;
	ll_err_clear(&err);
	int rc = ds_workspace_init(dir, &err);
	if (rc)
		return cli_fail(rc, &err);
	printf("created %s/%s and %s/runs/\n", cli_safe(dir), DS_WORKSPACE_FILE, cli_safe(dir));
	printf("edit the dataset paths, then: loglab build FEATURESET --workspace %s\n", cli_safe(dir));
	return 0;
}
