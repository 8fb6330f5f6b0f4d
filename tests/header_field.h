/*
 * header_field.h - for tests of inferred and compiled log headers
 * (ds_header.h): a named field of a line as a header splits it.
 */
#ifndef LL_TEST_HEADER_FIELD_H
#define LL_TEST_HEADER_FIELD_H

#include <stdio.h>
#include <string.h>

#include "ds_header.h"

/* Field name of line as split by h, in a static buffer; "(no match)" when
 * h does not fit the line, "(no field)" when it has no such field. */
static const char *field(const struct ds_header *h, const char *line, const char *name)
{
	static char buf[1024];
	struct ds_span sp[DS_MAX_FIELDS];
	buf[0] = '\0';
	if (!ds_header_split(h, line, strlen(line), sp))
		return "(no match)";
	for (size_t k = 0; k < ds_header_nfields(h); k++)
		if (strcmp(ds_header_field_name(h, k), name) == 0) {
			snprintf(buf, sizeof buf, "%.*s", (int)sp[k].len, line + sp[k].off);
			return buf;
		}
	return "(no field)";
}

#endif
