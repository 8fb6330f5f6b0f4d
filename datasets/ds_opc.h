/*
 * ds_opc.h - the parts of an Office package (.xlsx, .xlsb: a zip under
 * the Open Packaging Conventions, ECMA-376 part 2) that its relationships
 * name. Both workbook readers find their workbook, sheets, shared strings
 * and styles this way, as writers may put them anywhere.
 */
#ifndef DS_OPC_H
#define DS_OPC_H

#include <stddef.h>

/* A relationship's target target[0, tn) (XML-escaped, as in the .rels
 * part) as a part name: from the package's root when it starts with '/',
 * else from base (the folder of the part the relationships belong to, ""
 * or ending in '/'), each "../" going up a folder. Malloc'd; NULL when out
 * of memory. */
char *ds_opc_resolve(const char *base, const char *target, size_t tn);

/* The target, resolved against base, of the first relationship in the
 * .rels text rels[0, n) whose Id is id[0, idn) or, id NULL, whose Type ends
 * in type ("/officeDocument", "/sharedStrings"). NULL when there is none,
 * or when out of memory, which sets *oom to 1. */
char *ds_opc_relation(const char *rels, size_t n, const char *id, size_t idn, const char *type, const char *base,
		      int *oom);

#endif
