/*
 * ds_derived.h - a line reader derived from another for one file: the
 * base reader's fields (its message left out), then fields the derived
 * reader reads out of the message (ds_jsonmsg.h: a JSON record's parts;
 * ds_kvmsg.h: key=value pairs), then the message.
 */
#ifndef DS_DERIVED_H
#define DS_DERIVED_H

#include <stddef.h>

#include "ds_reader.h"

/* The first member of a derived reader's own struct, which is its line
 * format's ctx. */
struct ds_derived {
	struct ds_reader reader;
	struct ds_line_format fmt;
	const struct ds_reader *base;
	const char *names[DS_MAX_FIELDS];
	enum ll_coltype types[DS_MAX_FIELDS];
	int from_base[DS_MAX_FIELDS]; /* the base field a field is, or -1 */
	/* the units a field is written with (ds_units.h): a base field's as
	 * the base reads it, DS_UNITS_NONE for the others until the deriver
	 * sets them; the fmt's units when any is set */
	unsigned char units[DS_MAX_FIELDS];
};

/* Sets d's base and copies base's fields but its message into d's first
 * fields, leaving room for reserve more; returns how many. */
size_t ds_derived_base_fields(struct ds_derived *d, const struct ds_reader *base, size_t reserve);

/* A field of d's own, named name, of type type, at place nf; returns nf + 1. */
size_t ds_derived_add(struct ds_derived *d, size_t nf, const char *name, enum ll_coltype type);

/* Makes d a reader of nf fields, the message at msg, split by split (ctx
 * is d, as the derived struct starts with it), shown as header, loaded by
 * load; its note is the base's and its units d->units (the caller may
 * set another note after). */
void ds_derived_finish(struct ds_derived *d, size_t nf, size_t msg,
		       int (*split)(const struct ds_line_format *, const char *, size_t, struct ds_span *,
				    struct ds_span *),
		       const char *header,
		       int (*load)(const struct ds_source *, const struct ds_open_opts *, struct ll_table **,
				   struct ll_err *));

/* Splits a line with d's base; f gets d's fields taken from the base's
 * (the others empty), the message the base's message. 0 when the line
 * does not fit the base; then *message is unset. */
int ds_derived_split_base(const struct ds_derived *d, const char *line, size_t len, struct ds_span *f,
			  struct ds_span *label, struct ds_span *message);

/* The length of base's header before its "<message>" (all of it when it
 * has none), and the header itself ("<message>" when base has none). */
size_t ds_derived_header_prefix(const struct ds_reader *base, const char **header);

#endif
