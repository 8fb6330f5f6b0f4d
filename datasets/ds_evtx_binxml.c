/*
 * ds_evtx_binxml.c - an event's Binary XML written as XML text, as Event
 * Viewer's export and evtx_dump write it (values in evtx_dump's forms:
 * GUIDs without braces, times to the microsecond, hex integers in lower
 * case, arrays joined by commas).
 *
 * Binary XML is a stream of tokens (elements, attributes, values) whose
 * names sit elsewhere in the chunk, found by offset; an event is mostly a
 * template instance: the offset of a template definition (itself Binary
 * XML, kept once per chunk) and the record's values, which the
 * definition's substitution tokens take by index. A value may itself be
 * Binary XML (an event's UserData), so templates nest: the depth and the
 * tokens decoded for one record are bounded, so a chunk whose templates
 * refer to themselves or fan out cannot hang or swell the read.
 *
 * The text must stay well-formed whatever the bytes say, since one bad
 * record must not spoil the document: names keep only name characters,
 * values are escaped, and an element left open is damage (the caller
 * drops the record's text).
 */
#include "ds_evtx.h"
#include "ds_sheet.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Templates within values within templates: real events nest two or three deep. */
#define MAX_DEPTH 12
/* Elements open at once in one fragment. */
#define MAX_OPEN 64
/* Tokens and bytes written for one record: far above any real event
 * (a few hundred tokens, a few KiB). */
#define MAX_STEPS 200000
#define MAX_TEXT (8u << 20)

enum {
	T_EOF = 0x00,
	T_ELEMENT = 0x01,
	T_CLOSE_START = 0x02,
	T_CLOSE_EMPTY = 0x03,
	T_END = 0x04,
	T_VALUE = 0x05,
	T_ATTRIBUTE = 0x06,
	T_CDATA = 0x07,
	T_CHARREF = 0x08,
	T_ENTITY = 0x09,
	T_PI_TARGET = 0x0a,
	T_PI_DATA = 0x0b,
	T_TEMPLATE = 0x0c,
	T_SUBST = 0x0d,
	T_OPT_SUBST = 0x0e,
	T_FRAGMENT = 0x0f,
	MORE = 0x40 /* the flag on a token that has attributes or more of them after it */
};

enum {
	V_NULL = 0x00,
	V_STRING = 0x01,
	V_ANSI = 0x02,
	V_INT8 = 0x03,
	V_UINT8 = 0x04,
	V_INT16 = 0x05,
	V_UINT16 = 0x06,
	V_INT32 = 0x07,
	V_UINT32 = 0x08,
	V_INT64 = 0x09,
	V_UINT64 = 0x0a,
	V_REAL32 = 0x0b,
	V_REAL64 = 0x0c,
	V_BOOL = 0x0d,
	V_BINARY = 0x0e,
	V_GUID = 0x0f,
	V_SIZE = 0x10,
	V_FILETIME = 0x11,
	V_SYSTEMTIME = 0x12,
	V_SID = 0x13,
	V_HEX32 = 0x14,
	V_HEX64 = 0x15,
	V_BINXML = 0x21,
	V_ARRAY = 0x80
};

struct sub {
	size_t at, size; /* in the chunk */
	unsigned type;
};

struct bx {
	const unsigned char *c;
	size_t limit;
	struct ds_text *out;
	size_t out_start;
	unsigned long steps, budget;
	int level; /* elements open across nested fragments: text outside all is dropped */
	int oom;
};

static unsigned u16at(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t u32at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t u64at(const unsigned char *p)
{
	return (uint64_t)u32at(p) | (uint64_t)u32at(p + 4) << 32;
}

static void put(struct bx *b, const char *s, size_t n)
{
	struct ds_text *t = b->out;
	if (t->p && n < t->cap - t->n) {
		/* most writes are a character or a few: no call for them */
		memcpy(t->p + t->n, s, n);
		t->n += n;
		t->p[t->n] = 0;
		return;
	}
	if (!b->oom && !ds_text_put(t, s, n))
		b->oom = 1;
}

static void puts_(struct bx *b, const char *s)
{
	put(b, s, strlen(s));
}

/* One code point, escaped for text or an attribute value; characters XML
 * 1.0 cannot hold become U+FFFD. */
static void put_char(struct bx *b, uint32_t cp, int attr)
{
	char u[4];
	size_t n;
	if (cp == '&')
		return puts_(b, "&amp;");
	if (cp == '<')
		return puts_(b, "&lt;");
	if (cp == '>')
		return puts_(b, "&gt;");
	if (cp == '"' && attr)
		return puts_(b, "&quot;");
	if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	put(b, u, n);
}

/* UTF-16LE p[0, units) as escaped UTF-8; NULs at the end are padding. */
static void put_utf16(struct bx *b, const unsigned char *p, size_t units, int attr)
{
	while (units && u16at(p + 2 * (units - 1)) == 0)
		units--;
	for (size_t i = 0; i < units; i++) {
		uint32_t cp = u16at(p + 2 * i);
		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < units) {
			unsigned lo = u16at(p + 2 * (i + 1));
			if (lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		put_char(b, cp, attr);
	}
}

/* The name whose structure is at off (next offset, hash, count, UTF-16
 * characters, NUL), written with only name characters; 0 when it does not
 * lie in the chunk. */
static int put_name(struct bx *b, size_t off)
{
	if (off < 8 || off > b->limit || b->limit - off < 8)
		return 0;
	size_t n = u16at(b->c + off + 6);
	if ((b->limit - off - 8) / 2 < n)
		return 0;
	const unsigned char *p = b->c + off + 8;
	size_t wrote = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned ch = u16at(p + 2 * i);
		int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == ':' ||
			 (wrote && ((ch >= '0' && ch <= '9') || ch == '-' || ch == '.'));
		if (ch >= 0x80 && ch < 0xD800) {
			put_char(b, ch, 0);
		} else {
			char c = ok ? (char)ch : '_';
			put(b, &c, 1);
		}
		wrote++;
	}
	if (!wrote)
		put(b, "_", 1);
	return 1;
}

/* A name reference in the stream at *pos: its offset, and the name itself
 * skipped when it is written right there (its first use in the chunk). */
static int name_ref(struct bx *b, size_t *pos, size_t end, size_t *name)
{
	if (end - *pos < 4)
		return 0;
	*name = u32at(b->c + *pos);
	*pos += 4;
	if (*name == *pos) {
		if (end - *pos < 8)
			return 0;
		size_t size = 10 + 2 * (size_t)u16at(b->c + *pos + 6);
		if (end - *pos < size)
			return 0;
		*pos += size;
	}
	return 1;
}

static void put_fmt(struct bx *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_fmt(struct bx *b, const char *fmt, ...)
{
	char s[96];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, s, (size_t)n < sizeof s ? (size_t)n : sizeof s - 1);
}

/* Days since 1970-01-01 as a civil date (proleptic Gregorian). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	days += 719468; /* to 0000-03-01 */
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static void put_filetime(struct bx *b, uint64_t ft)
{
	/* 100 ns ticks since 1601-01-01, which is 134774 days before 1970 */
	uint64_t secs = ft / 10000000u;
	unsigned micro = (unsigned)(ft % 10000000u / 10u);
	int64_t days = (int64_t)(secs / 86400u) - 134774;
	unsigned sod = (unsigned)(secs % 86400u);
	int64_t y;
	unsigned m, d;
	civil(days, &y, &m, &d);
	put_fmt(b, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%06uZ", y, m, d, sod / 3600, sod / 60 % 60, sod % 60, micro);
}

static void put_hex_bytes(struct bx *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		char h[2] = {hex[p[i] >> 4], hex[p[i] & 15]};
		put(b, h, 2);
	}
}

/* Bytes one value of a fixed-size type takes; 0 for a type of any size. */
static size_t fixed_size(unsigned type)
{
	switch (type) {
	case V_INT8:
	case V_UINT8:
		return 1;
	case V_INT16:
	case V_UINT16:
		return 2;
	case V_INT32:
	case V_UINT32:
	case V_REAL32:
	case V_BOOL:
	case V_HEX32:
		return 4;
	case V_INT64:
	case V_UINT64:
	case V_REAL64:
	case V_FILETIME:
	case V_HEX64:
		return 8;
	case V_GUID:
	case V_SYSTEMTIME:
		return 16;
	default:
		return 0;
	}
}

/* One value of a fixed-size type at p (fixed_size(type) bytes). */
static void put_fixed(struct bx *b, unsigned type, const unsigned char *p)
{
	switch (type) {
	case V_INT8:
		put_fmt(b, "%d", (int)(signed char)p[0]);
		break;
	case V_UINT8:
		put_fmt(b, "%u", p[0]);
		break;
	case V_INT16:
		put_fmt(b, "%d", (int)(int16_t)u16at(p));
		break;
	case V_UINT16:
		put_fmt(b, "%u", u16at(p));
		break;
	case V_INT32:
		put_fmt(b, "%" PRId32, (int32_t)u32at(p));
		break;
	case V_UINT32:
		put_fmt(b, "%" PRIu32, u32at(p));
		break;
	case V_INT64:
		put_fmt(b, "%" PRId64, (int64_t)u64at(p));
		break;
	case V_UINT64:
		put_fmt(b, "%" PRIu64, u64at(p));
		break;
	case V_REAL32: {
		uint32_t u = u32at(p);
		float f;
		memcpy(&f, &u, sizeof f);
		put_fmt(b, "%.9g", (double)f);
		break;
	}
	case V_REAL64: {
		uint64_t u = u64at(p);
		double f;
		memcpy(&f, &u, sizeof f);
		put_fmt(b, "%.17g", f);
		break;
	}
	case V_BOOL:
		puts_(b, u32at(p) ? "true" : "false");
		break;
	case V_HEX32:
		put_fmt(b, "0x%" PRIx32, u32at(p));
		break;
	case V_HEX64:
		put_fmt(b, "0x%" PRIx64, u64at(p));
		break;
	case V_FILETIME:
		put_filetime(b, u64at(p));
		break;
	case V_GUID:
		put_fmt(b, "%08" PRIX32 "-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", u32at(p), u16at(p + 4),
			u16at(p + 6), p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
		break;
	case V_SYSTEMTIME:
		put_fmt(b, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ", u16at(p), u16at(p + 2), u16at(p + 6), u16at(p + 8),
			u16at(p + 10), u16at(p + 12), u16at(p + 14) * 1000u);
		break;
	}
}

/* A SID (revision, count, 48-bit authority big-endian, sub-authorities);
 * its size or 0 when p[0, n) is too short. */
static size_t put_sid(struct bx *b, const unsigned char *p, size_t n)
{
	if (n < 8 || (n - 8) / 4 < p[1])
		return 0;
	uint64_t auth = 0;
	for (int i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	put_fmt(b, "S-%u-%" PRIu64, p[0], auth);
	for (unsigned i = 0; i < p[1]; i++)
		put_fmt(b, "-%" PRIu32, u32at(p + 8 + 4 * i));
	return 8 + 4 * (size_t)p[1];
}

static int fragment(struct bx *b, size_t pos, size_t end, const struct sub *subs, size_t nsubs, int dep_id,
		    int depth);

/* A substitution's value; 0 when it is damaged. The items of an array
 * are parted by sep. */
static int put_value(struct bx *b, const struct sub *v, int attr, int depth, const char *sep, size_t nsep)
{
	const unsigned char *p = b->c + v->at;
	size_t n = v->size;
	unsigned type = v->type;
	if (type == V_BINXML)
		return attr ? 1 : fragment(b, v->at, v->at + n, NULL, 0, 0, depth + 1);
	if (type == V_STRING)
		return put_utf16(b, p, n / 2, attr), 1;
	if (type == V_ANSI) {
		while (n && !p[n - 1])
			n--;
		for (size_t i = 0; i < n; i++)
			put_char(b, p[i], attr);
		return 1;
	}
	if (type == V_BINARY)
		return put_hex_bytes(b, p, n), 1;
	if (type == V_SID)
		return put_sid(b, p, n) ? 1 : (put_hex_bytes(b, p, n), 1);
	if (type == V_SIZE) {
		if (n == 4)
			put_fmt(b, "0x%" PRIx32, u32at(p));
		else if (n == 8)
			put_fmt(b, "0x%" PRIx64, u64at(p));
		else
			put_hex_bytes(b, p, n);
		return 1;
	}
	if (type == (V_ARRAY | V_STRING)) {
		/* strings ended by NUL each */
		size_t units = n / 2, from = 0;
		int first = 1;
		for (size_t i = 0; i <= units; i++)
			if (i == units || u16at(p + 2 * i) == 0) {
				if (i > from || i < units) {
					if (!first)
						put(b, sep, nsep);
					put_utf16(b, p + 2 * from, i - from, attr);
					first = 0;
				}
				from = i + 1;
			}
		return 1;
	}
	if (type & V_ARRAY) {
		size_t each = fixed_size(type & ~(unsigned)V_ARRAY);
		if ((type & ~(unsigned)V_ARRAY) == V_SID) {
			for (size_t at = 0, k; at < n; at += k) {
				if (at)
					put(b, sep, nsep);
				if (!(k = put_sid(b, p + at, n - at)))
					return 1;
			}
			return 1;
		}
		if (!each) {
			put_hex_bytes(b, p, n);
			return 1;
		}
		for (size_t at = 0; at + each <= n; at += each) {
			if (at)
				put(b, sep, nsep);
			put_fixed(b, type & ~(unsigned)V_ARRAY, p + at);
		}
		return 1;
	}
	size_t each = fixed_size(type);
	if (each && n == each)
		put_fixed(b, type, p);
	else if (n)
		put_hex_bytes(b, p, n); /* a type this reader does not know, or a size that does not fit it */
	return 1;
}

/* A template instance at pos (after its token): the definition's offset,
 * the definition itself when it is written here, then the values. */
static int template(struct bx *b, size_t *pos, size_t end, int depth)
{
	const unsigned char *c = b->c;
	if (depth >= MAX_DEPTH || end - *pos < 9)
		return 0;
	size_t def = u32at(c + *pos + 5);
	*pos += 9;
	if (def > b->limit || b->limit - def < 24)
		return 0;
	size_t dsize = u32at(c + def + 20);
	if (b->limit - def - 24 < dsize)
		return 0;
	if (def == *pos) {
		if (end - *pos < 24 + dsize)
			return 0;
		*pos += 24 + dsize;
	}
	if (end - *pos < 4)
		return 0;
	size_t count = u32at(c + *pos);
	*pos += 4;
	if ((end - *pos) / 4 < count)
		return 0;
	struct sub *subs = count ? malloc(count * sizeof *subs) : NULL;
	if (count && !subs) {
		b->oom = 1;
		return 0;
	}
	size_t at = *pos + 4 * count;
	for (size_t i = 0; i < count; i++) {
		const unsigned char *d = c + *pos + 4 * i;
		subs[i] = (struct sub){.at = at, .size = u16at(d), .type = d[2]};
		if (end - at < subs[i].size) {
			free(subs);
			return 0;
		}
		at += subs[i].size;
	}
	*pos = at;
	int ok = fragment(b, def + 24, def + 24 + dsize, subs, count, 1, depth + 1);
	free(subs);
	return ok;
}

/* An array that is an element's whole content: the element once per
 * item, as Event Viewer writes it (<Data>a</Data><Data>b</Data>). The
 * start tag is the text at [from, to). */
static int put_repeated(struct bx *b, const struct sub *v, size_t from, size_t to, size_t name)
{
	struct ds_text sep = {0};
	struct ds_text *out = b->out;
	int ok = 1;
	b->out = &sep;
	put(b, "</", 2);
	put_name(b, name);
	put(b, ">", 1);
	put(b, out->p + from, to - from);
	b->out = out;
	if (!b->oom)
		ok = put_value(b, v, 0, 0, sep.p, sep.n);
	free(sep.p);
	return ok;
}

/* State of the start tag being written. */
struct tag {
	int open;         /* between the element's name and its '>' */
	int attr;         /* inside an attribute's value */
	size_t attr_from; /* the text's length before the attribute */
	size_t value_from;
	int null_opt; /* the value has an optional substitution with no value */
};

/* Ends the attribute being written: one whose value is only missing
 * optional values is left out, as Event Viewer leaves it out. */
static void end_attr(struct bx *b, struct tag *t)
{
	if (!t->attr)
		return;
	if (t->null_opt && b->out->n == t->value_from)
		b->out->n = t->attr_from;
	else
		put(b, "\"", 1);
	t->attr = 0;
}

/* Text where it may stand: in an attribute's value or an element's
 * content (not inside a start tag, not outside every element). */
static int text_ok(struct bx *b, const struct tag *t)
{
	return t->attr || (!t->open && b->level > 0);
}

/* The Binary XML at [pos, end): 1 when it decoded whole. subs are the
 * values of the template being filled (none outside a template); dep_id
 * says elements carry a dependency identifier (as in template
 * definitions). */
static int fragment(struct bx *b, size_t pos, size_t end, const struct sub *subs, size_t nsubs, int dep_id, int depth)
{
	const unsigned char *c = b->c;
	size_t open[MAX_OPEN], open_from[MAX_OPEN], open_to[MAX_OPEN];
	int nopen = 0;
	struct tag t = {0};
	if (depth > MAX_DEPTH || end > b->limit)
		return 0;
	while (pos < end) {
		if (b->oom || ++b->steps > b->budget || b->out->n - b->out_start > MAX_TEXT)
			return 0;
		unsigned tok = c[pos++];
		size_t name;
		switch (tok & ~(unsigned)MORE) {
		case T_EOF:
			if (tok != T_EOF)
				return 0;
			pos = end;
			break;
		case T_ELEMENT:
			if (t.open || nopen == MAX_OPEN)
				return 0;
			if (dep_id) {
				if (end - pos < 2)
					return 0;
				pos += 2;
			}
			if (end - pos < 4)
				return 0;
			pos += 4; /* the element's size: its end token tells */
			if (!name_ref(b, &pos, end, &name))
				return 0;
			if (tok & MORE) {
				if (end - pos < 4)
					return 0;
				pos += 4;
			}
			open_from[nopen] = b->out->n;
			open_to[nopen] = (size_t)-1;
			put(b, "<", 1);
			if (!put_name(b, name))
				return 0;
			open[nopen++] = name;
			b->level++;
			t.open = 1;
			break;
		case T_ATTRIBUTE:
			if (!t.open)
				return 0;
			end_attr(b, &t);
			if (!name_ref(b, &pos, end, &name))
				return 0;
			t.attr_from = b->out->n;
			put(b, " ", 1);
			if (!put_name(b, name))
				return 0;
			put(b, "=\"", 2);
			t.value_from = b->out->n;
			t.attr = 1;
			t.null_opt = 0;
			break;
		case T_CLOSE_START:
		case T_CLOSE_EMPTY:
			if (tok & MORE || !t.open)
				return 0;
			end_attr(b, &t);
			t.open = 0;
			if (tok == T_CLOSE_START) {
				put(b, ">", 1);
				open_to[nopen - 1] = b->out->n;
				break;
			}
			put(b, "/>", 2);
			nopen--;
			b->level--;
			break;
		case T_END:
			if (tok & MORE || t.open || !nopen)
				return 0;
			put(b, "</", 2);
			put_name(b, open[--nopen]);
			put(b, ">", 1);
			b->level--;
			break;
		case T_VALUE: {
			if (end - pos < 1)
				return 0;
			unsigned type = c[pos++];
			size_t size;
			if (type == V_STRING) {
				if (end - pos < 2)
					return 0;
				size = 2 * (size_t)u16at(c + pos);
				pos += 2;
			} else if (!(size = fixed_size(type))) {
				return 0;
			}
			if (end - pos < size)
				return 0;
			struct sub v = {.at = pos, .size = size, .type = type};
			pos += size;
			if (!text_ok(b, &t))
				break;
			put_value(b, &v, t.attr, depth, ",", 1);
			break;
		}
		case T_CDATA:
		case T_PI_DATA: {
			if (tok != T_CDATA && tok != (T_CDATA | MORE) && tok != T_PI_DATA)
				return 0;
			if (end - pos < 2)
				return 0;
			size_t units = u16at(c + pos);
			pos += 2;
			if ((end - pos) / 2 < units)
				return 0;
			if (tok != T_PI_DATA && text_ok(b, &t))
				put_utf16(b, c + pos, units, t.attr);
			pos += 2 * units;
			break;
		}
		case T_CHARREF:
			if (end - pos < 2)
				return 0;
			if (text_ok(b, &t))
				put_char(b, u16at(c + pos), t.attr);
			pos += 2;
			break;
		case T_ENTITY:
			if (!name_ref(b, &pos, end, &name))
				return 0;
			if (text_ok(b, &t)) {
				/* the XML's own entities as they are; any other
				 * is written as its name, which the reader has no
				 * definition of */
				size_t from = b->out->n;
				put(b, "&", 1);
				put_name(b, name);
				if (b->oom)
					return 0;
				size_t len = b->out->n - from - 1;
				const char *s = b->out->p + from + 1;
				int known = (len == 2 && (!memcmp(s, "lt", 2) || !memcmp(s, "gt", 2))) ||
					    (len == 3 && !memcmp(s, "amp", 3)) ||
					    (len == 4 && (!memcmp(s, "quot", 4) || !memcmp(s, "apos", 4)));
				if (known) {
					put(b, ";", 1);
				} else {
					b->out->n = from;
					put(b, "&amp;", 5);
					put_name(b, name);
					put(b, ";", 1);
				}
			}
			break;
		case T_PI_TARGET:
			/* a processing instruction: not an event's data */
			if (tok & MORE || !name_ref(b, &pos, end, &name))
				return 0;
			break;
		case T_TEMPLATE:
			if (tok & MORE || t.open)
				return 0;
			if (!template(b, &pos, end, depth))
				return 0;
			break;
		case T_SUBST:
		case T_OPT_SUBST: {
			if (tok & MORE || end - pos < 3)
				return 0;
			size_t id = u16at(c + pos);
			pos += 3;
			if (t.open && !t.attr)
				return 0;
			if (id >= nsubs || subs[id].type == V_NULL || !subs[id].size) {
				if (tok == T_OPT_SUBST)
					t.null_opt = 1;
				break;
			}
			if (subs[id].type == V_BINXML && t.attr)
				break;
			if (subs[id].type == V_BINXML || text_ok(b, &t)) {
				int ok;
				if (subs[id].type & V_ARRAY && !t.attr && nopen && b->out->n == open_to[nopen - 1])
					ok = put_repeated(b, &subs[id], open_from[nopen - 1], open_to[nopen - 1], open[nopen - 1]);
				else
					ok = put_value(b, &subs[id], t.attr, depth, ",", 1);
				if (!ok)
					return 0;
			}
			break;
		}
		case T_FRAGMENT:
			if (tok & MORE || end - pos < 3)
				return 0;
			pos += 3;
			break;
		default:
			return 0;
		}
	}
	return !b->oom && !t.open && nopen == 0;
}

int ds_evtx_binxml(const unsigned char *chunk, size_t limit, size_t at, size_t end, unsigned long *budget,
		   struct ds_text *out)
{
	struct bx b = {.c = chunk, .limit = limit, .out = out, .out_start = out->n};
	b.budget = *budget < MAX_STEPS ? *budget : MAX_STEPS;
	int ok = at <= end && end <= limit && fragment(&b, at, end, NULL, 0, 0, 0);
	*budget -= b.steps < *budget ? b.steps : *budget;
	return b.oom ? -1 : ok;
}
