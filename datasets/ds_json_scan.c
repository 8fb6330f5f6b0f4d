/*
 * ds_json_scan.c - the pull scanner of one JSON value (ds_json_scan.h).
 *
 * A state says what may come next; the stack of open containers says
 * whether a ',' leads to a key or a value and which bracket closes. Each
 * call skips blanks, reads one token and moves the state on, so a caller
 * can stop at any token without having paid for the rest.
 */
#include "ds_json_scan.h"

#include "ll_decimal.h"

#include <locale.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum want {
	W_VALUE,          /* the value at the top, or after ':' or an array's ',' */
	W_VALUE_OR_CLOSE, /* just after '[' */
	W_KEY,            /* after an object's ',' */
	W_KEY_OR_CLOSE,   /* just after '{' */
	W_COLON,
	W_COMMA_OR_CLOSE,
	W_DONE,
};

void ds_json_scan_init(struct ds_json_scan *s)
{
	memset(s, 0, sizeof *s);
	s->want = W_DONE;
}

void ds_json_scan_free(struct ds_json_scan *s)
{
	free(s->buf);
	ds_json_scan_init(s);
}

void ds_json_scan_start(struct ds_json_scan *s, const char *p, size_t n, size_t first_line)
{
	s->p = p;
	s->n = n;
	s->i = 0;
	s->first_line = first_line;
	s->depth = 0;
	s->want = W_VALUE;
	s->failed = 0;
	s->blen = 0;
	s->err[0] = '\0';
	s->err_at = 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_blanks(struct ds_json_scan *s)
{
	while (s->i < s->n && is_blank(s->p[s->i]))
		s->i++;
}

/* Sets the error at offset at, with the line and column it falls on. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4), cold, noinline))
#endif
static enum ds_json_tok fail(struct ds_json_scan *s, size_t at, const char *fmt, ...)
{
	size_t line = s->first_line, start = 0;
	for (size_t k = 0; k < at && k < s->n; k++)
		if (s->p[k] == '\n') {
			line++;
			start = k + 1;
		}
	int w = snprintf(s->err, sizeof s->err, "line %zu, column %zu: ", line, at - start + 1);
	va_list ap;
	va_start(ap, fmt);
	if (w > 0 && (size_t)w < sizeof s->err)
		vsnprintf(s->err + w, sizeof s->err - (size_t)w, fmt, ap);
	va_end(ap);
	s->err_at = at;
	s->failed = 1;
	return DS_JSON_ERROR;
}

/* What stands at p[at] for a message: the byte, or the end. */
static const char *what_at(const struct ds_json_scan *s, size_t at, char *buf, size_t cap)
{
	if (at >= s->n)
		return "the end of the input (truncated?)";
	unsigned char c = (unsigned char)s->p[at];
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, cap, "`%c`", c);
	else
		snprintf(buf, cap, "byte 0x%02x", c);
	return buf;
}

/* Room for need more bytes of decoded text; 0 when out of memory. */
static int reserve(struct ds_json_scan *s, size_t need)
{
	if (s->blen + need <= s->bcap)
		return 1;
	size_t cap = s->bcap ? s->bcap : 256;
	while (cap < s->blen + need) {
		if (cap > ((size_t)-1) / 2)
			return 0;
		cap *= 2;
	}
	char *b = realloc(s->buf, cap);
	if (!b)
		return 0;
	s->buf = b;
	s->bcap = cap;
	return 1;
}

int ds_json_hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return 0;
		v = v << 4 | d;
	}
	*out = v;
	return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The end of the run of bytes from p[i] that a string holds as they are
 * (not '"', '\\' or a control character), n at most. Strings are most
 * of a record's bytes; with SSE2 sixteen are looked at a time. */
static size_t plain_run(const char *p, size_t i, size_t n)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/* v <= 0x1F (unsigned) where min(v, 0x1F) == v */
		__m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
					    _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
		int mask = _mm_movemask_epi8(stop);
		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	while (i < n && (unsigned char)p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
		i++;
	return i;
}

/* The string whose opening quote is at s->i, decoded into the buffer
 * (NUL-terminated) at t->off. Decoded text is never longer than its
 * escapes (\u and four hex digits: 6 bytes for at most 3, a pair 12 for
 * 4), so the room of the raw length is reserved once. */
static enum ds_json_tok scan_string(struct ds_json_scan *s, struct ds_json_scan_tok *t, enum ds_json_tok kind)
{
	const char *p = s->p;
	size_t start = s->i, i = start + 1, n = s->n;
	/* the common case: a run of plain bytes up to the closing quote */
	size_t run = plain_run(p, i, n);
	if (!reserve(s, run - i + 1))
		return fail(s, start, "out of memory for a string");
	t->off = s->blen;
	memcpy(s->buf + s->blen, p + i, run - i);
	s->blen += run - i;
	i = run;
	if (i < n && p[i] != '"') {
		/* escapes or a fault: room for the rest of the input at most */
		size_t end = i;
		while (end < n && p[end] != '"') {
			if (p[end] == '\\')
				end++;
			end++;
		}
		if (end > n)
			end = n;
		if (!reserve(s, end - i + 1))
			return fail(s, start, "out of memory for a string");
	}
	char *o = s->buf + s->blen;
	char tmp[24];
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(s, i, "a raw control character (byte 0x%02x) inside a string (JSON writes it as an escape)",
				    c);
		if (c != '\\') {
			*o++ = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return fail(s, start, "the input ends inside a string (truncated?)");
		char e = p[i + 1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char decoded[] = "\"\\/\b\f\n\r\t";
			*o++ = decoded[simple - "\"\\/bfnrt"];
			i += 2;
			continue;
		}
		if (e != 'u') {
			if ((unsigned char)e >= 0x20 && (unsigned char)e < 0x7f)
				snprintf(tmp, sizeof tmp, "\\%c", e);
			else
				snprintf(tmp, sizeof tmp, "\\ and byte 0x%02x", (unsigned char)e);
			return fail(s, i, "a bad escape %s in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hex digits)",
				    tmp);
		}
		unsigned cp, low;
		if (n - i < 6 || !ds_json_hex4(p + i + 2, &cp))
			return fail(s, i, n - i < 6 ? "the input ends inside a \\u escape (truncated?)"
						    : "a bad \\u escape (four hexadecimal digits must follow \\u)");
		if (cp == 0) {
			/* kept as written: a NUL would cut every later C string */
			memcpy(o, "\\u0000", 6);
			o += 6;
			i += 6;
			continue;
		}
		/* A lone surrogate (half of a character cut by a writer that
		 * counts UTF-16 units, as JavaScript's slice does) is U+FFFD, as
		 * JavaScript, Python and Go read it: one bad character is no
		 * reason to refuse the record. */
		if (cp >= 0xD800 && cp <= 0xDBFF && n - i >= 12 && p[i + 6] == '\\' && p[i + 7] == 'u' &&
		    ds_json_hex4(p + i + 8, &low) && low >= 0xDC00 && low <= 0xDFFF) {
			cp = 0x10000 + ((cp & 0x3FF) << 10 | (low & 0x3FF));
			i += 12;
		} else {
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			i += 6;
		}
		o += put_utf8(o, cp);
	}
	if (i >= n)
		return fail(s, start, "the input ends inside a string (truncated?)");
	*o = '\0';
	t->kind = kind;
	t->len = (size_t)(o - (s->buf + t->off));
	s->blen = (size_t)(o + 1 - s->buf);
	s->i = i + 1;
	return kind;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static enum ds_json_tok scan_number(struct ds_json_scan *s, struct ds_json_scan_tok *t)
{
	const char *p = s->p;
	size_t start = s->i, i = start, n = s->n;
	char buf[16];
	if (i < n && p[i] == '-')
		i++;
	if (i >= n || !is_digit(p[i]))
		return fail(s, i, "a number without digits: %s after `-`", what_at(s, i, buf, sizeof buf));
	if (p[i] == '0') {
		i++;
		if (i < n && is_digit(p[i]))
			return fail(s, start, "a number with a leading zero (JSON writes 7, not 07)");
	} else {
		while (i < n && is_digit(p[i]))
			i++;
	}
	if (i < n && p[i] == '.') {
		i++;
		if (i >= n || !is_digit(p[i]))
			return fail(s, i, "a number without digits after its decimal point: %s", what_at(s, i, buf, sizeof buf));
		while (i < n && is_digit(p[i]))
			i++;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= n || !is_digit(p[i]))
			return fail(s, i, "a number without digits in its exponent: %s", what_at(s, i, buf, sizeof buf));
		while (i < n && is_digit(p[i]))
			i++;
	}
	t->kind = DS_JSON_NUMBER;
	t->off = start;
	t->len = i - start;
	s->i = i;
	return DS_JSON_NUMBER;
}

static enum ds_json_tok scan_literal(struct ds_json_scan *s, struct ds_json_scan_tok *t)
{
	static const struct {
		const char *word;
		size_t len;
		enum ds_json_tok kind;
	} lits[] = {{"true", 4, DS_JSON_TRUE}, {"false", 5, DS_JSON_FALSE}, {"null", 4, DS_JSON_NULL}};
	for (size_t k = 0; k < sizeof lits / sizeof *lits; k++) {
		if (s->p[s->i] != lits[k].word[0])
			continue;
		size_t have = s->n - s->i < lits[k].len ? s->n - s->i : lits[k].len;
		if (memcmp(s->p + s->i, lits[k].word, have) != 0)
			break;
		if (have < lits[k].len)
			return fail(s, s->i, "the input ends inside `%s` (truncated?)", lits[k].word);
		t->kind = lits[k].kind;
		t->off = s->i;
		t->len = lits[k].len;
		s->i += lits[k].len;
		return t->kind;
	}
	char buf[16];
	return fail(s, s->i, "%s where a value should start", what_at(s, s->i, buf, sizeof buf));
}

/* After a value: the next thing is a ',' or a close, or nothing at the top. */
static void after_value(struct ds_json_scan *s)
{
	s->want = s->depth ? W_COMMA_OR_CLOSE : W_DONE;
}

static enum ds_json_tok scan_value(struct ds_json_scan *s, struct ds_json_scan_tok *t)
{
	char c = s->p[s->i];
	if (c == '{' || c == '[') {
		if (s->depth >= DS_JSON_SCAN_MAX_DEPTH)
			return fail(s, s->i, "objects and arrays nested more than %d deep", DS_JSON_SCAN_MAX_DEPTH);
		t->kind = c == '{' ? DS_JSON_OBJECT : DS_JSON_ARRAY;
		t->off = s->i;
		t->len = 1;
		s->open[s->depth++] = (unsigned char)c;
		s->i++;
		s->want = c == '{' ? W_KEY_OR_CLOSE : W_VALUE_OR_CLOSE;
		return t->kind;
	}
	enum ds_json_tok k;
	if (c == '"')
		k = scan_string(s, t, DS_JSON_STRING);
	else if (c == '-' || is_digit(c))
		k = scan_number(s, t);
	else
		k = scan_literal(s, t);
	if (k != DS_JSON_ERROR)
		after_value(s);
	return k;
}

static enum ds_json_tok close_container(struct ds_json_scan *s, struct ds_json_scan_tok *t)
{
	s->depth--;
	t->kind = s->open[s->depth] == '{' ? DS_JSON_OBJECT_END : DS_JSON_ARRAY_END;
	t->depth = s->depth;
	t->off = s->i;
	t->len = 1;
	s->i++;
	after_value(s);
	return t->kind;
}

enum ds_json_tok ds_json_scan_next(struct ds_json_scan *s, struct ds_json_scan_tok *t)
{
	t->off = t->len = 0;
	if (s->failed) {
		t->kind = DS_JSON_ERROR;
		return DS_JSON_ERROR;
	}
	char buf[16];
	for (;;) {
		skip_blanks(s);
		t->at = s->i;
		t->depth = s->depth;
		if (s->want == W_DONE) {
			t->kind = DS_JSON_END;
			return DS_JSON_END;
		}
		if (s->i >= s->n)
			return s->depth ? fail(s, s->i, "the input ends inside an unclosed %s (truncated?)",
					       s->open[s->depth - 1] == '{' ? "object" : "array")
					: fail(s, s->i, "no JSON value (the input is empty or blank)");
		char c = s->p[s->i];
		unsigned char open = s->depth ? s->open[s->depth - 1] : 0;
		switch (s->want) {
		case W_VALUE_OR_CLOSE:
			if (c == ']')
				return close_container(s, t);
			/* fall through */
		case W_VALUE:
			if (c == '}' || c == ']' || c == ',' || c == ':')
				return fail(s, s->i, "`%c` where a value should start", c);
			return scan_value(s, t);
		case W_KEY_OR_CLOSE:
			if (c == '}')
				return close_container(s, t);
			/* fall through */
		case W_KEY:
			if (c != '"')
				return fail(s, s->i, "%s where a key (a string in double quotes) should start",
					    what_at(s, s->i, buf, sizeof buf));
			if (scan_string(s, t, DS_JSON_KEY) == DS_JSON_ERROR)
				return DS_JSON_ERROR;
			s->want = W_COLON;
			return DS_JSON_KEY;
		case W_COLON:
			if (c != ':')
				return fail(s, s->i, "%s where `:` should follow a key", what_at(s, s->i, buf, sizeof buf));
			s->i++;
			s->want = W_VALUE;
			continue;
		case W_COMMA_OR_CLOSE:
			if (c == ',') {
				s->i++;
				s->want = open == '{' ? W_KEY : W_VALUE;
				continue;
			}
			if ((c == '}' && open == '{') || (c == ']' && open == '['))
				return close_container(s, t);
			return fail(s, s->i, "%s where `,` or `%c` should follow a value", what_at(s, s->i, buf, sizeof buf),
				    open == '{' ? '}' : ']');
		default:
			break;
		}
		t->kind = DS_JSON_END;
		return DS_JSON_END;
	}
}

size_t ds_json_scan_rest(const struct ds_json_scan *s)
{
	size_t i = s->i;
	while (i < s->n && is_blank(s->p[i]))
		i++;
	return i;
}

const char *ds_json_scan_error(const struct ds_json_scan *s, size_t *at)
{
	if (at)
		*at = s->err_at;
	return s->err;
}

int ds_json_scan_number(const char *p, size_t n, double *out)
{
	if (n >= 64)
		return 0;
	if (ll_decimal_fast(p, n, out))
		return 1;
	/* cJSON puts the locale's decimal point in place of '.' before strtod */
	char buf[64];
	memcpy(buf, p, n);
	buf[n] = '\0';
	const char *point = localeconv()->decimal_point;
	char *dot = memchr(buf, '.', n);
	if (dot && point && point[0])
		*dot = point[0];
	*out = strtod(buf, NULL);
	return 1;
}
