/*
 * cli_templates.c - `loglab label PATH --templates --per-line`: every row's
 * template, one line per row, for any tool to score or join:
 *
 *     ROW<TAB>TEMPLATE_ID<TAB>TEMPLATE
 *
 * ROW is 1-based as in --rows, TEMPLATE_ID is what --template takes, and
 * the template's text is escaped like every other text loglab prints (no
 * tab or newline can split a record). With --json, a JSON array of
 * {"row": ROW, "id": TEMPLATE_ID, "template": TEXT}, streamed so a log of
 * millions of lines never builds a document in memory. Each template's
 * text is formatted once, not once per row.
 */
#include "cli.h"
#include "ds_templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_templates_per_line(const struct ds_templates *t, int json, struct ll_err *err)
{
	size_t nt = ll_tpl_count(t->tpl);
	char **text = calloc(nt ? nt : 1, sizeof *text);
	if (!text)
		return ll_err_set(err, LL_ENOMEM, "out of memory listing %zu templates", nt);
	int rc = LL_OK;
	for (size_t k = 0; k < nt && rc == LL_OK; k++) {
		size_t need = ll_tpl_text(t->tpl, (long)k, NULL, 0);
		char *raw = malloc(need + 1);
		if (!raw) {
			rc = ll_err_set(err, LL_ENOMEM, "out of memory listing templates");
			break;
		}
		ll_tpl_text(t->tpl, (long)k, raw, need + 1);
		/* JSON escapes for itself; text goes through the escaping of cli_safe */
		text[k] = json ? cli_json_quote(raw) : strdup(cli_safe(raw));
		free(raw);
		if (!text[k])
			rc = ll_err_set(err, LL_ENOMEM, "out of memory listing templates");
	}
	if (rc == LL_OK && json)
		fputs("[", stdout);
	for (size_t i = 0; rc == LL_OK && i < t->nrows; i++) {
		long id = t->ids[i];
		const char *s = id >= 0 && (size_t)id < nt ? text[id] : json ? "null" : "";
		if (json)
			printf("%s\n{\"row\": %zu, \"id\": %ld, \"template\": %s}", i ? "," : "", i + 1, id, s);
		else
			printf("%zu\t%ld\t%s\n", i + 1, id, s);
	}
	if (rc == LL_OK && json)
		fputs("\n]\n", stdout);
	if (fflush(stdout) != 0 && rc == LL_OK)
		rc = ll_err_set(err, LL_EIO, "cannot write the templates to standard output");
	for (size_t k = 0; k < nt; k++)
		free(text[k]);
	free(text);
	return rc;
}
