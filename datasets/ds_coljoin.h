/*
 * ds_coljoin.h - one value written two ways in a file's records, made one
 * column again.
 *
 * Flattened records name a value by its path, and a writer that varies
 * the path's last step splits one value over two columns: an XML element
 * with attributes in some records and without in others (its text in
 * "EventID.text" there, "EventID" here), a JSON key holding a scalar in
 * some records and a list in others (its first item in "tags.0", the
 * scalar in "tags"). When no row fills both and they share a type, the
 * second joins the first.
 */
#ifndef DS_COLJOIN_H
#define DS_COLJOIN_H

#include "ll_table.h"

/* Every column named X + suffix beside a column X of its type, no row
 * filling both: its values move into X and it goes. Returns how many were
 * joined, or LL_ENOMEM (the table as it was, but for columns joined
 * already). */
int ds_coljoin(struct ll_table *t, const char *suffix);

#endif
