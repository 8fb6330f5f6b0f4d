/*
 * ds_derived.c - line readers derived from another for one file
 * (ds_derived.h).
 */
#include "ds_derived.h"
#include "ll_time.h"

#include <string.h>

size_t ds_derived_base_fields(struct ds_derived *d, const struct ds_reader *base, size_t reserve)
{
	const struct ds_line_format *b = base->line;
	d->base = base;
	size_t nf = 0;
	for (size_t k = 0; k < b->nfields && nf + reserve < DS_MAX_FIELDS; k++)
		if ((int)k != b->message_field) {
			d->names[nf] = b->names[k];
			d->types[nf] = b->types[k];
			d->units[nf] = b->units ? b->units[k] : 0;
			d->from_base[nf++] = (int)k;
		}
	return nf;
}

size_t ds_derived_add(struct ds_derived *d, size_t nf, const char *name, enum ll_coltype type)
{
	d->names[nf] = name;
	d->types[nf] = type;
	d->units[nf] = 0;
	d->from_base[nf] = -1;
	return nf + 1;
}

/* A time of a base field is read as the base reads it; one of the
 * message's own as a stamp. */
static int derived_time(const struct ds_line_format *fmt, size_t field, const char *s, size_t n, int default_year,
			double *out)
{
	const struct ds_derived *d = fmt->ctx;
	if (d->from_base[field] >= 0)
		return ds_line_parse_time(d->base->line, (size_t)d->from_base[field], s, n, default_year, out);
	return ll_time_parse_year(s, n, default_year, out);
}

void ds_derived_finish(struct ds_derived *d, size_t nf, size_t msg,
		       int (*split)(const struct ds_line_format *, const char *, size_t, struct ds_span *,
				    struct ds_span *),
		       const char *header,
		       int (*load)(const struct ds_source *, const struct ds_open_opts *, struct ll_table **,
				   struct ll_err *))
{
	d->fmt = (struct ds_line_format){
		.nfields = nf,
		.names = d->names,
		.types = d->types,
		.message_field = (int)msg,
		.split_with = split,
		.parse_time_with = derived_time,
		.ctx = d,
		.header = header,
	};
	/* the base's fields read as the base reads them, its note told */
	d->fmt.note = d->base->line->note;
	for (size_t k = 0; k < nf; k++)
		if (d->units[k])
			d->fmt.units = d->units;
	d->reader = *d->base;
	d->reader.load = load;
	d->reader.line = &d->fmt;
	d->reader.bind = NULL;
}

int ds_derived_split_base(const struct ds_derived *d, const char *line, size_t len, struct ds_span *f,
			  struct ds_span *label, struct ds_span *message)
{
	const struct ds_line_format *b = d->base->line;
	struct ds_span bf[DS_MAX_FIELDS];
	if (!ds_line_split(b, line, len, bf, label))
		return 0;
	for (size_t k = 0; k < d->fmt.nfields; k++) {
		f[k].off = f[k].len = 0;
		if (d->from_base[k] >= 0)
			f[k] = bf[d->from_base[k]];
	}
	*message = bf[b->message_field];
	return 1;
}

size_t ds_derived_header_prefix(const struct ds_reader *base, const char **header)
{
	const char *bh = base->line->header ? base->line->header : "<message>";
	const char *mp = strstr(bh, "<message>");
	*header = bh;
	return mp ? (size_t)(mp - bh) : strlen(bh);
}
