/*
 * ds_opc.c - parts named by an Office package's relationships (ds_opc.h).
 */
#include "ds_opc.h"

#include <stdlib.h>
#include <string.h>

#include "ds_xml.h"

char *ds_opc_resolve(const char *base, const char *target, size_t tn)
{
	char *t = malloc(tn + 1);
	char *out = t ? malloc(strlen(base) + tn + 1) : NULL;
	if (!out) {
		free(t);
		return NULL;
	}
	t[ds_xml_decode(target, tn, t)] = 0;
	const char *rest = t;
	if (*rest == '/') {
		out[0] = 0;
		rest++;
	} else {
		strcpy(out, base);
	}
	while (strncmp(rest, "../", 3) == 0) {
		size_t len = strlen(out);
		if (len)
			out[--len] = 0; /* the trailing '/' */
		char *slash = strrchr(out, '/');
		*(slash ? slash + 1 : out) = 0;
		rest += 3;
	}
	strcat(out, rest);
	free(t);
	return out;
}

char *ds_opc_relation(const char *rels, size_t n, const char *id, size_t idn, const char *type, const char *base,
		      int *oom)
{
	struct ds_xml_tag rel;
	size_t pos = 0, tl = type ? strlen(type) : 0;
	while (rels && ds_xml_next(rels, n, &pos, &rel)) {
		const char *v, *target;
		size_t vn, tn;
		if (rel.closing || !ds_xml_is(&rel, "Relationship") || !ds_xml_attr(&rel, "Target", &target, &tn))
			continue;
		int hit = id ? ds_xml_attr(&rel, "Id", &v, &vn) && vn == idn && memcmp(v, id, idn) == 0
			     : ds_xml_attr(&rel, "Type", &v, &vn) && vn >= tl && memcmp(v + vn - tl, type, tl) == 0;
		if (!hit)
			continue;
		char *part = ds_opc_resolve(base, target, tn);
		*oom |= part == NULL;
		return part;
	}
	return NULL;
}
