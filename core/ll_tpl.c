/*
 * ll_tpl.c - the template miner of ll_tpl.h.
 *
 * A line's skeleton is written as canonical bytes: its tokens separated by
 * SEP (GLUE before the value of a key=value pair, which is written without
 * a blank), a variable as the single byte WILD. Grouping lines is then
 * hashing those bytes into a set of skeletons. Threads take fixed chunks
 * of lines as they come free, each into a set of its own; the sets are
 * joined and ordered by each skeleton's first line, so skeletons keep the
 * order in which they first appear, whatever the number of threads and
 * whichever thread mined a chunk.
 *
 * Merging works on the distinct skeletons only. Their tokens are interned
 * (id 0 is a variable, 1 a glued variable) and each group has a template,
 * an array of token ids. Groups are joined with a union-find; after each
 * round a root's template keeps the tokens all its members agree on and
 * has variables elsewhere.
 */
#include "ll_tpl.h"

#include "ll_hexdump.h"
#include "ll_pool.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEP 0x1f
#define GLUE 0x1e
#define WILD 0x01
#define SUB 0x1a /* stands for a byte of the line that is one of the three above */

#define TOK_WILD 0u
#define TOK_GLUED_WILD 1u
#define TOK_NONE UINT32_MAX

#define SAVE_MAGIC "# loglab templates v2"
#define DRAIN_MAGIC "# loglab drain templates v1"

/* ---- small helpers ---- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return LL_OK;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return LL_ENOMEM;
		n *= 2;
	}
	void *q = realloc(*p, n * elem);
	if (!q)
		return LL_ENOMEM;
	*p = q;
	*cap = n;
	return LL_OK;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	if (n > i)  /* s may be NULL when n is 0 */
		memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

static uint64_t mix(uint64_t a, uint64_t b)
{
	a ^= b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2);
	a *= 0xff51afd7ed558ccdULL;
	return a ^ (a >> 33);
}

/* ---- tokens ---- */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Byte classes for the one pass that cuts a token: where it ends, and
 * which of the slower tests it can need (a token of letters alone, the
 * most common, needs none). */
#define C_SPACE 0x01u
#define C_DIGIT 0x02u
#define C_PLACE 0x04u /* ':', '.', '/': needed by a MAC, IPv6, URL, path or host name without a digit */
#define C_EQ 0x08u    /* '=': maybe key=value */
#define C_CODE 0x10u  /* SEP, GLUE or WILD: substituted in the skeleton */
#define CLS(c)                                                                                                   \
	((c) == ' ' || ((c) >= '\t' && (c) <= '\r') ? C_SPACE                                                    \
	 : (c) >= '0' && (c) <= '9'                ? C_DIGIT                                                    \
	 : (c) == ':' || (c) == '.' || (c) == '/'  ? C_PLACE                                                    \
	 : (c) == '='                              ? C_EQ                                                       \
	 : (c) == SEP || (c) == GLUE || (c) == WILD ? C_CODE                                                     \
						     : 0u)
#define CLS4(c) CLS(c), CLS((c) + 1), CLS((c) + 2), CLS((c) + 3)
#define CLS16(c) CLS4(c), CLS4((c) + 4), CLS4((c) + 8), CLS4((c) + 12)
#define CLS64(c) CLS16(c), CLS16((c) + 16), CLS16((c) + 32), CLS16((c) + 48)
static const unsigned char byte_class[256] = {CLS64(0), CLS64(64), CLS64(128), CLS64(192)};

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_lower_label(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-';
}

/* Dotted lower-case labels, three or more, the last a short top-level name
 * (2-4 letters, or local/internal/localdomain): ns.example.com. */
static int is_hostname(const char *s, size_t n)
{
	size_t labels = 0, a = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!is_lower_label((unsigned char)s[i]))
				return 0;
			continue;
		}
		if (i == a)
			return 0;
		labels++;
		if (i == n) {
			size_t tl = n - a;
			for (size_t k = a; k < n; k++)
				if (!is_alpha((unsigned char)s[k]))
					return 0;
			if (labels < 3)
				return 0;
			if (tl >= 2 && tl <= 4)
				return 1;
			return (tl == 5 && memcmp(s + a, "local", 5) == 0) || (tl == 8 && memcmp(s + a, "internal", 8) == 0) ||
			       (tl == 11 && memcmp(s + a, "localdomain", 11) == 0);
		}
		a = i + 1;
	}
	return 0;
}

/* Character classes as switches: strchr on each byte of every token was
 * a fifth of the mining time (and took a NUL byte for punctuation). */
static int is_opener(unsigned char c)
{
	return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'';
}

static int is_closer(unsigned char c)
{
	switch (c) {
	case ')': case ']': case '}': case '>': case '"': case '\'':
	case ',': case ';': case ':': case '.': case '!': case '?':
		return 1;
	default:
		return 0;
	}
}

/* "://" somewhere in s[0..n). */
static int has_scheme(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while ((p = memchr(p, ':', (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && p[1] == '/' && p[2] == '/')
			return 1;
		p++;
	}
	return 0;
}

/* A dotted name and a path after it, no blanks: an Android component
 * ("com.tencent.mm/.plugin.base.stub.WXEntryActivity",
 * "com.example.app/com.example.app.Main") or a host and path without a
 * scheme ("cdn.example.com/v1/app.js"): two dots or more, a '/' after the
 * first name, only name characters. */
static int is_qualified_path(const char *s, size_t n)
{
	const char *sl = n > 4 ? memchr(s + 1, '/', n - 1) : NULL;
	if (!sl || !is_alpha((unsigned char)s[0]))
		return 0;
	size_t dots = 0, before = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			dots++;
			before += s + i < sl;
		} else if (!(is_alpha(c) || is_digit(c) || c == '/' || c == '_' || c == '$' || c == '-')) {
			return 0;
		}
	}
	return before >= 1 && dots >= 2;
}

/* A name of four or more dotted parts that starts in lower case: a
 * reverse-DNS id ("com.apple.icloud.fmfd.heartbeat") or a class's full
 * name ("org.apache.hadoop.mapred.MapTask"): like a host name, it names
 * one thing of many a statement prints. Three parts are often a fixed
 * name ("java.lang.Thread"); four were chosen over three and five on
 * measured data (bench/TEMPLATES.md). A last part without a lower-case
 * letter is a constant's name and keeps the token constant. */
static int is_dotted_name(const char *s, size_t n)
{
	size_t labels = 1;
	if (n < 7 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (i + 1 >= n || s[i + 1] == '.' || i == 0)
				return 0;
			labels++;
		} else if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '$' || c == '-'))
			return 0;
	}
	if (labels < 4)
		return 0;
	/* a last part in capitals is a constant's name, an event of its own
	 * ("android.intent.action.SCREEN_ON", Java's naming of constants) */
	size_t last = n;
	while (last > 0 && s[last - 1] != '.')
		last--;
	for (size_t i = last; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 1;
	return 0;
}

/* A URL, a path of two or more parts, or a host name, inside any brackets
 * or quotes. */
static int is_place(const char *s, size_t n)
{
	size_t a = 0, b = n;
	while (a < b && is_opener((unsigned char)s[a]))
		a++;
	while (b > a && is_closer((unsigned char)s[b - 1]))
		b--;
	if (a == b)
		return 0;
	const char *c = s + a;
	size_t m = b - a;
	if (m > 3 && has_scheme(c, m))
		return 1;
	if (c[0] == '/' || (m > 2 && c[0] == '~' && c[1] == '/')) {
		/* "/a/b": a second slash after a name */
		int name = 0;
		for (size_t i = 1; i < m; i++) {
			if (c[i] == '/' && name)
				return 1;
			if (c[i] != '/')
				name = 1;
		}
		return 0;
	}
	if (m > 3 && is_alpha((unsigned char)c[0]) && c[1] == ':' && c[2] == '\\')
		return 1; /* C:\Windows\... */
	/* ... also inside a bracket the token opens: ComponentInfo{pkg/pkg.Main} */
	size_t in = m;
	while (in > 0 && !is_opener((unsigned char)c[in - 1]))
		in--;
	if (is_qualified_path(c + in, m - in))
		return 1;
	if (is_dotted_name(c, m))
		return 1;
	return is_hostname(c, m);
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Six pairs of hex digits joined by ':' or '-' (a MAC address, which may
 * hold no decimal digit at all). */
static int is_mac(const char *s, size_t n)
{
	if (n != 17)
		return 0;
	for (size_t i = 0; i < 17; i++)
		if (i % 3 == 2 ? (s[i] != ':' && s[i] != '-') || s[i] != s[2] : !is_hex((unsigned char)s[i]))
			return 0;
	return 1;
}

/* An IPv6 address that holds no decimal digit (fe80::abcd, ::ffff):
 * groups of at most four hex digits joined by ':', with "::" or all eight
 * groups, trailing punctuation and a "%zone" allowed. */
static int is_ipv6(const char *s, size_t n)
{
	while (n && (s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ')' || s[n - 1] == ']'))
		n--;
	if (n && (s[0] == '(' || s[0] == '[')) {
		s++;
		n--;
	}
	size_t colons = 0, run = 0, hex = 0;
	int dbl = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && colons)
			break; /* a zone: fe80::1%eth0 */
		if (s[i] == ':') {
			if (i > 0 && s[i - 1] == ':')
				dbl = 1;
			colons++;
			run = 0;
		} else if (is_hex((unsigned char)s[i]) && ++run <= 4) {
			hex++;
		} else {
			return 0;
		}
	}
	return hex && ((dbl && colons >= 2) || colons == 7); /* "::" alone is punctuation */
}

/* 1 when a token is a variable on its own (see ll_tpl.h); cls: the OR of
 * its bytes' classes (byte_class). */
static int is_variable_cls(const char *s, size_t n, unsigned cls)
{
	if (cls & C_DIGIT)
		return n > 0;
	/* eight or more hex digits that happen to be letters ("ffffffff",
	 * "deadbeef"): no word is written that way */
	if (n >= 8) {
		size_t k = 0;
		while (k < n && is_hex((unsigned char)s[k]))
			k++;
		if (k == n)
			return 1;
	}
	/* without ':', '.' or '/' only a pair or a MAC with '-' can be one */
	if (!(cls & C_PLACE) && n != 2 && n != 17)
		return 0;
	if (n == 2) {
		static const char *const pairs[] = {"()", "[]", "{}", "<>", "\"\"", "''"};
		for (size_t k = 0; k < 6; k++)
			if (s[0] == pairs[k][0] && s[1] == pairs[k][1])
				return 1;
	}
	return is_mac(s, n) || is_ipv6(s, n) || is_place(s, n);
}

static unsigned classes(const char *s, size_t n)
{
	unsigned cls = 0;
	for (size_t i = 0; i < n; i++)
		cls |= byte_class[(unsigned char)s[i]];
	return cls;
}

/* The length of s without trailing punctuation. */
static size_t bare_len(const char *s, size_t n)
{
	for (; n; n--) {
		char c = s[n - 1];
		if (c != ',' && c != ';' && c != ':' && c != '.' && c != ')' && c != ']')
			break;
	}
	return n;
}

/* A word of a list, with its length known at compile time so a token is
 * compared only with the words as long as it. */
struct word {
	const char *s;
	size_t n;
};
#define WORD(x) {x, sizeof x - 1}

static int word_in(const char *s, size_t n, const struct word *list, size_t count)
{
	/* the first byte before a call to memcmp: most candidates differ there */
	for (size_t k = 0; k < count; k++)
		if (list[k].n == n && list[k].s[0] == s[0] && memcmp(list[k].s, s, n) == 0)
			return 1;
	return 0;
}

/* A month or weekday name (Jun, June, JUN, Fri, Friday), part of a date when
 * a variable follows. */
static int is_date_word(const char *s, size_t n)
{
	static const struct word names[] = {
	    WORD("Jan"),       WORD("Feb"),      WORD("Mar"),      WORD("Apr"),     WORD("May"),
	    WORD("Jun"),       WORD("Jul"),      WORD("Aug"),      WORD("Sep"),     WORD("Oct"),
	    WORD("Nov"),       WORD("Dec"),      WORD("Mon"),      WORD("Tue"),     WORD("Wed"),
	    WORD("Thu"),       WORD("Fri"),      WORD("Sat"),      WORD("Sun"),     WORD("JAN"),
	    WORD("FEB"),       WORD("MAR"),      WORD("APR"),      WORD("MAY"),     WORD("JUN"),
	    WORD("JUL"),       WORD("AUG"),      WORD("SEP"),      WORD("OCT"),     WORD("NOV"),
	    WORD("DEC"),       WORD("MON"),      WORD("TUE"),      WORD("WED"),     WORD("THU"),
	    WORD("FRI"),       WORD("SAT"),      WORD("SUN"),      WORD("January"), WORD("February"),
	    WORD("March"),     WORD("April"),    WORD("June"),     WORD("July"),    WORD("August"),
	    WORD("September"), WORD("October"),  WORD("November"), WORD("December"), WORD("Monday"),
	    WORD("Tuesday"),   WORD("Wednesday"), WORD("Thursday"), WORD("Friday"), WORD("Saturday"),
	    WORD("Sunday")};
	/* every name is 3 to 9 letters and starts with a capital */
	if (n < 3 || s[0] < 'A' || s[0] > 'Z')
		return 0;
	n = bare_len(s, n);
	return n >= 3 && n <= 9 && word_in(s, n, names, sizeof names / sizeof *names);
}

/* A unit, part of a quantity when a variable comes before it. */
static int is_unit(const char *s, size_t n)
{
	static const struct word units[] = {
	    WORD("B"),   WORD("KB"),  WORD("MB"),  WORD("GB"),   WORD("TB"),  WORD("PB"),  WORD("kB"),
	    WORD("KiB"), WORD("MiB"), WORD("GiB"), WORD("TiB"),  WORD("Kb"),  WORD("Mb"),  WORD("Gb"),
	    WORD("ms"),  WORD("us"),  WORD("ns"),  WORD("s"),    WORD("sec"), WORD("secs"), WORD("min"),
	    WORD("mins"), WORD("h"),  WORD("hr"),  WORD("hrs")};
	/* every unit is 1 to 4 letters */
	if (!n || !is_alpha((unsigned char)s[0]))
		return 0;
	n = bare_len(s, n);
	return n >= 1 && n <= 4 && word_in(s, n, units, sizeof units / sizeof *units);
}

/* Token kinds while a line is cut. */
enum { K_LIT, K_WILD };

struct scratch {
	uint32_t *off, *len;
	uint8_t *kind, *glued;
	char *out;
	size_t cap;
};

static int scratch_init(struct scratch *sc, const struct ll_tpl_config *c)
{
	size_t nt = (size_t)c->max_tokens * 2 + 2;
	sc->off = malloc(nt * sizeof *sc->off);
	sc->len = malloc(nt * sizeof *sc->len);
	sc->kind = malloc(nt);
	sc->glued = malloc(nt);
	/* every byte of the line, a separator per token, and one WILD byte */
	sc->cap = c->max_line_bytes + nt + 8;
	sc->out = malloc(sc->cap);
	return sc->off && sc->len && sc->kind && sc->glued && sc->out ? LL_OK : LL_ENOMEM;
}

static void scratch_free(struct scratch *sc)
{
	free(sc->off);
	free(sc->len);
	free(sc->kind);
	free(sc->glued);
	free(sc->out);
	memset(sc, 0, sizeof *sc);
}

/* The length of "key=" when s[0..n) is key=value with an identifier key. */
static size_t kv_key(const char *s, size_t n)
{
	if (!n || !(is_alpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t k = 1; k < n && k <= 64; k++) {
		unsigned char c = (unsigned char)s[k];
		if (c == '=')
			return k + 1;
		if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 0;
}

/* A key whose value is the message itself (logfmt's msg="..."): its
 * quoted value names the event and stays constant. */
static int message_key(const char *s, size_t n)
{
	static const struct word keys[] = {WORD("msg"), WORD("message"), WORD("text"), WORD("content"),
					   WORD("body"), WORD("log"), WORD("event")};
	return word_in(s, n, keys, sizeof keys / sizeof *keys);
}

/* The end of a quoted value that starts at s[v] = '"' inside the token
 * s[..end): when its closing quote is in a later token (tag="View Lock",),
 * the end of that token, else end. At most 256 bytes are looked at. */
static size_t quoted_end(const char *s, size_t n, size_t v, size_t end)
{
	if (memchr(s + v + 1, '"', end - v - 1))
		return end;
	size_t lim = n - v > 256 ? v + 256 : n;
	const char *q = memchr(s + end, '"', lim > end ? lim - end : 0);
	if (!q)
		return end;
	size_t j = (size_t)(q - s);
	while (j < n && !(byte_class[(unsigned char)s[j]] & C_SPACE))
		j++;
	return j;
}

/* A message without one constant token ("cancelNotification,index:23",
 * "state.clipTopAmount:24, i:0") would share the template "<*>" with every
 * other such message: then the text before each token's first digit, when
 * it holds three letters, is the token's constant part, and the rest its
 * variable, glued on. Returns the new token count. */
static size_t keep_prefixes(struct scratch *sc, const char *s, size_t nt, size_t max)
{
	for (size_t t = 0; t < nt; t++)
		if (sc->kind[t] != K_WILD)
			return nt;
	if (nt * 2 > max)
		return nt;
	/* from the end: token t moves to out-1 (and out-2), never below t */
	size_t out = nt * 2;
	for (size_t t = nt; t-- > 0;) {
		uint32_t a = sc->off[t], len = sc->len[t], p = 0;
		uint8_t glued = sc->glued[t];
		int letters = 0, split = 0;
		while (p < len && !is_digit((unsigned char)s[a + p]))
			letters += is_alpha((unsigned char)s[a + p++]);
		/* a minus sign is the number's ("index:-1" and "index:0" share
		 * "index:") */
		if (p > 0 && p < len && s[a + p - 1] == '-' && (p == 1 || !is_alpha((unsigned char)s[a + p - 2])))
			p--;
		if (letters >= 3 && p < len && !glued) {
			split = 1;
			out--;
			sc->off[out] = a + p;
			sc->len[out] = len - p;
			sc->kind[out] = K_WILD;
			sc->glued[out] = 1;
			len = p;
		}
		out--;
		sc->off[out] = a;
		sc->len[out] = len;
		sc->kind[out] = split ? K_LIT : K_WILD;
		sc->glued[out] = glued;
	}
	size_t m = nt * 2 - out;
	memmove(sc->off, sc->off + out, m * sizeof *sc->off);
	memmove(sc->len, sc->len + out, m * sizeof *sc->len);
	memmove(sc->kind, sc->kind + out, m * sizeof *sc->kind);
	memmove(sc->glued, sc->glued + out, m * sizeof *sc->glued);
	return m;
}

/* A quoted string that opens with a product and its version ("Mozilla/5.0
 * (X11; ...", "curl/7.68.0", "python-requests/2.31.0") names a client
 * program as HTTP's User-Agent does: the whole string is one value, not
 * words that split an access log's lines by browser. */
static int product_token(const char *s, size_t n)
{
	size_t k = 0;
	if (!n || !is_alpha((unsigned char)s[0]))
		return 0;
	while (k < n && (is_alpha((unsigned char)s[k]) || is_digit((unsigned char)s[k]) || s[k] == '-' || s[k] == '_' ||
			 s[k] == '.'))
		k++;
	return k + 1 < n && s[k] == '/' && is_digit((unsigned char)s[k + 1]);
}

/* The bounds [*a, *b) of s[0..n) without blanks around it when it is a
 * JSON object ('{', a quoted key, ..., '}'), else 0. */
static int json_object(const char *s, size_t n, size_t *a, size_t *b)
{
	size_t i = 0;
	while (i < n && (byte_class[(unsigned char)s[i]] & C_SPACE))
		i++;
	while (n > i && (byte_class[(unsigned char)s[n - 1]] & C_SPACE))
		n--;
	if (n - i < 4 || s[i] != '{' || s[n - 1] != '}')
		return 0;
	size_t k = i + 1;
	while (k < n && (byte_class[(unsigned char)s[k]] & C_SPACE))
		k++;
	if (k >= n || s[k] != '"')
		return 0;
	*a = i;
	*b = n;
	return 1;
}

/* kind: 0 a value, 1 a key, 2 a word of a message's text */
static size_t push_token(struct scratch *sc, size_t nt, const char *s, size_t a, size_t len, int kind)
{
	sc->off[nt] = (uint32_t)a;
	sc->len[nt] = (uint32_t)len;
	sc->kind[nt] = kind == 1 ? K_LIT : kind == 0 ? K_WILD : is_variable_cls(s + a, len, classes(s + a, len)) ? K_WILD : K_LIT;
	sc->glued[nt] = 0;
	return nt + 1;
}

/* A JSON object (a record a program logged as the message) is cut at its
 * members. Its keys name the event, as the columns of a table do: each key
 * is a constant (a digit in one still names a field) and each value a
 * variable, however few values occur ("proto":"tcp" or "udp" is one kind
 * of record), except a message key's text, whose words are tested as any
 * token is. Without this the record is one token, a variable, and every
 * record one template. Returns the token count. */
static size_t json_tokens(struct scratch *sc, const char *s, size_t a, size_t b, size_t max)
{
	size_t nt = 0, i = a;
	int text = 0; /* the value being read is a message key's */
	while (i < b && nt < max) {
		char c = s[i];
		if (c != '"') {
			if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' ||
			    (byte_class[(unsigned char)c] & C_SPACE)) {
				i++;
				continue;
			}
			/* a bare value: number, true, false, null */
			size_t e = i;
			while (e < b && s[e] != ',' && s[e] != '}' && s[e] != ']' &&
			       !(byte_class[(unsigned char)s[e]] & C_SPACE))
				e++;
			nt = push_token(sc, nt, s, i, e - i, 0);
			text = 0;
			i = e;
			continue;
		}
		size_t e = i + 1;
		while (e < b && s[e] != '"')
			e += s[e] == '\\' ? 2 : 1;
		if (e > b)
			e = b;
		size_t after = e + 1;
		while (after < b && (byte_class[(unsigned char)s[after]] & C_SPACE))
			after++;
		int key = after < b && s[after] == ':';
		if (key) {
			if (e > i + 1)
				nt = push_token(sc, nt, s, i + 1, e - i - 1, 1);
			text = message_key(s + i + 1, e - i - 1);
		} else if (!text) {
			nt = push_token(sc, nt, s, i, (e < b ? e + 1 : b) - i, 0);
		} else {
			/* a string value's words */
			for (size_t k = i + 1; k < e && nt < max;) {
				if (byte_class[(unsigned char)s[k]] & C_SPACE) {
					k++;
					continue;
				}
				size_t w = k;
				while (w < e && !(byte_class[(unsigned char)s[w]] & C_SPACE))
					w++;
				nt = push_token(sc, nt, s, k, w - k, 2);
				k = w;
			}
			text = 0;
		}
		i = e + 1;
	}
	return nt;
}

/* A value padded inside its brackets ("[    1.904109]", the kernel's
 * uptime stamp below 100000 s; "( 12 )") is one variable with them: cut at
 * the blanks, the lone "[" stayed a constant, and one message had one
 * template while the value was narrow ("[ <*> NIC Link is Up") and another
 * once it filled the brackets ("[123456.789012]": "<*> NIC Link is Up"),
 * so a template's lines, its label and its review were split in two. A
 * lone opening bracket followed by a variable that ends with the closing
 * one, or by a variable and a lone closing bracket, becomes part of it. */
static void padded_brackets(struct scratch *sc, const char *s, size_t nt)
{
	for (size_t t = 0; t + 1 < nt; t++) {
		if (sc->kind[t] != K_LIT || sc->glued[t] || sc->len[t] != 1)
			continue;
		char open = s[sc->off[t]];
		char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : 0;
		if (!close || sc->kind[t + 1] != K_WILD || sc->glued[t + 1])
			continue;
		const char *v = s + sc->off[t + 1];
		uint32_t vl = sc->len[t + 1];
		if (vl >= 2 && v[vl - 1] == close && !memchr(v, open, vl)) {
			sc->kind[t] = K_WILD;
		} else if (t + 2 < nt && sc->kind[t + 2] == K_LIT && !sc->glued[t + 2] && sc->len[t + 2] == 1 &&
			   s[sc->off[t + 2]] == close && !memchr(v, open, vl) && !memchr(v, close, vl)) {
			sc->kind[t] = K_WILD;
			sc->kind[t + 2] = K_WILD;
		}
	}
}

/* Writes the canonical skeleton of s[0..n) into sc->out; returns its length. */
static size_t canonical(const struct ll_tpl_config *c, struct scratch *sc, const char *s, size_t n)
{
	if (!s)
		n = 0;
	if (n > c->max_line_bytes)
		n = c->max_line_bytes;
	size_t nt = 0, max = (size_t)c->max_tokens, i = 0, ja, jb;
	unsigned line_cls = 0;
	if (n && json_object(s, n, &ja, &jb)) {
		line_cls = classes(s, n);
		nt = json_tokens(sc, s, ja, jb, max);
		i = n;
	} else if (max >= 4 && n && ll_hexdump_row(s, n, &ja, &jb)) {
		/* a hex dump's row (ll_hexdump.h) is data: its letter pairs
		 * ("be") and a gutter without digits would stay constant and
		 * give every row its own template. One shape, "<*> | <*> |":
		 * offset and bytes, then the gutter;
		 * blanks apart, so a saved template's text is cut back into
		 * the same tokens when it is loaded */
		line_cls = classes(s, n);
		nt = push_token(sc, nt, s, 0, ja, 0);
		nt = push_token(sc, nt, s, ja, 1, 1);
		nt = push_token(sc, nt, s, ja + 1, jb - ja - 1, 0);
		nt = push_token(sc, nt, s, jb, 1, 1);
		i = n;
	}
	while (nt < max) {
		while (i < n && (byte_class[(unsigned char)s[i]] & C_SPACE))
			i++;
		if (i >= n)
			break;
		size_t a = i;
		unsigned cls = 0;
		for (; i < n; i++) {
			unsigned b = byte_class[(unsigned char)s[i]];
			if (b & C_SPACE)
				break;
			cls |= b;
		}
		line_cls |= cls;
		if (s[a] == '"' && product_token(s + a + 1, i - a - 1)) {
			/* "Mozilla/5.0 (X11; Linux x86_64) ...": one value */
			i = quoted_end(s, n, a, i);
			sc->off[nt] = (uint32_t)a;
			sc->len[nt] = (uint32_t)(i - a);
			sc->kind[nt] = K_WILD;
			sc->glued[nt] = 0;
			nt++;
			continue;
		}
		size_t len = i - a, k = cls & C_EQ ? kv_key(s + a, len) : 0;
		if (k && nt + 1 < max) {
			int quoted = a + k < i && s[a + k] == '"' && !message_key(s + a, k - 1);
			if (quoted) {
				/* key="a value with blanks": one value, up to its quote */
				i = quoted_end(s, n, a + k, i);
				len = i - a;
			}
			sc->off[nt] = (uint32_t)a;
			sc->len[nt] = (uint32_t)k;
			sc->kind[nt] = K_LIT;
			sc->glued[nt] = 0;
			nt++;
			sc->off[nt] = (uint32_t)(a + k);
			sc->len[nt] = (uint32_t)(len - k);
			sc->kind[nt] = (quoted || is_variable_cls(s + a + k, len - k, classes(s + a + k, len - k))) ? K_WILD
														 : K_LIT;
			sc->glued[nt] = 1;
			nt++;
			continue;
		}
		sc->off[nt] = (uint32_t)a;
		sc->len[nt] = (uint32_t)len;
		sc->kind[nt] = is_variable_cls(s + a, len, cls) ? K_WILD : K_LIT;
		sc->glued[nt] = 0;
		nt++;
	}
	padded_brackets(sc, s, nt);
	/* dates and quantities are one variable with their words */
	for (size_t t = 0; t < nt; t++) {
		if (sc->kind[t] != K_LIT || sc->glued[t])
			continue;
		if (t + 1 < nt && sc->kind[t + 1] == K_WILD && !sc->glued[t + 1] &&
		    is_date_word(s + sc->off[t], sc->len[t]))
			sc->kind[t] = K_WILD;
		else if (t > 0 && sc->kind[t - 1] == K_WILD && is_unit(s + sc->off[t], sc->len[t]))
			sc->kind[t] = K_WILD;
	}
	/* a date word may precede another that just became a variable */
	for (size_t t = nt; t-- > 1;)
		if (sc->kind[t] == K_WILD && !sc->glued[t] && sc->kind[t - 1] == K_LIT && !sc->glued[t - 1] &&
		    is_date_word(s + sc->off[t - 1], sc->len[t - 1]))
			sc->kind[t - 1] = K_WILD;
	nt = keep_prefixes(sc, s, nt, max);
	char *o = sc->out;
	size_t w = 0;
	int prev_wild = 0;
	for (size_t t = 0; t < nt; t++) {
		int wild = sc->kind[t] == K_WILD;
		if (wild && prev_wild && !sc->glued[t])
			continue; /* a run of variables is one */
		if (t > 0)
			o[w++] = sc->glued[t] ? GLUE : SEP;
		if (wild) {
			o[w++] = WILD;
		} else {
			const char *p = s + sc->off[t];
			if (!(line_cls & C_CODE)) {
				memcpy(o + w, p, sc->len[t]);
				w += sc->len[t];
			} else {
				for (uint32_t k = 0; k < sc->len[t]; k++) {
					char ch = p[k];
					o[w++] = (ch == SEP || ch == GLUE || ch == WILD) ? SUB : ch;
				}
			}
		}
		prev_wild = wild && !sc->glued[t];
	}
	return w;
}

/* ---- sets of skeletons ---- */

struct skel {
	uint64_t hash, count;
	size_t off, first; /* first: the first line, over all blocks */
	uint32_t len, group;
};

struct skelset {
	struct skel *v;
	size_t n, cap;
	uint32_t *slot; /* skeleton index + 1, 0 = empty */
	size_t mask;
	char *pool;
	size_t npool, cappool;
};

static int skelset_init(struct skelset *s)
{
	memset(s, 0, sizeof *s);
	s->mask = 1023;
	s->slot = calloc(s->mask + 1, sizeof *s->slot);
	return s->slot ? LL_OK : LL_ENOMEM;
}

static void skelset_free(struct skelset *s)
{
	free(s->v);
	free(s->slot);
	free(s->pool);
	memset(s, 0, sizeof *s);
}

static long skelset_find(const struct skelset *s, const char *b, size_t len, uint64_t h)
{
	for (size_t i = h & s->mask;; i = (i + 1) & s->mask) {
		uint32_t v = s->slot[i];
		if (!v)
			return -1;
		const struct skel *k = &s->v[v - 1];
		if (k->hash == h && k->len == len && memcmp(s->pool + k->off, b, len) == 0)
			return (long)v - 1;
	}
}

static int skelset_rehash(struct skelset *s)
{
	size_t n = (s->mask + 1) * 2;
	uint32_t *slot = calloc(n, sizeof *slot);
	if (!slot)
		return LL_ENOMEM;
	for (size_t k = 0; k < s->n; k++) {
		size_t i = s->v[k].hash & (n - 1);
		while (slot[i])
			i = (i + 1) & (n - 1);
		slot[i] = (uint32_t)k + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->mask = n - 1;
	return LL_OK;
}

/* The index of skeleton b, added (with first line `line`) when new; -1 when
 * out of memory. */
static long skelset_add(struct skelset *s, const char *b, size_t len, uint64_t h, size_t line)
{
	long got = skelset_find(s, b, len, h);
	if (got >= 0)
		return got;
	if (s->n >= UINT32_MAX - 1)
		return -1;
	if ((s->n + 1) * 2 > s->mask + 1 && skelset_rehash(s) != LL_OK)
		return -1;
	if (grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v) != LL_OK ||
	    grow((void **)&s->pool, &s->cappool, s->npool + len + 1, 1) != LL_OK)
		return -1;
	memcpy(s->pool + s->npool, b, len);
	s->v[s->n] = (struct skel){.hash = h, .count = 0, .off = s->npool, .first = line, .len = (uint32_t)len};
	s->npool += len;
	size_t i = h & s->mask;
	while (s->slot[i])
		i = (i + 1) & s->mask;
	s->slot[i] = (uint32_t)s->n + 1;
	return (long)s->n++;
}

/* ---- the miner ---- */

struct tmpl {
	size_t off;   /* into tok pool */
	uint32_t ntok, nconst;
	uint64_t lines;
	size_t first;
};

struct ll_tpl {
	struct ll_tpl_config cfg;
	struct skelset skels; /* every skeleton seen (or loaded), group = template id */

	/* interned tokens: strings in chars, ids 0/1 are the variables */
	char *chars;
	size_t nchars, capchars;
	size_t *tokoff;
	uint32_t *toklen;
	uint64_t *tokhash;
	size_t ntoks, captoks;
	uint32_t *tokslot;
	size_t tokmask;

	struct tmpl *tpl;
	size_t ntpl, captpl;
	uint32_t *pool;
	size_t npool, cappool;

	struct scratch sc; /* for add, match and load */
	uint32_t *ids;     /* a line's token ids, for match */
	size_t added;      /* lines given to ll_tpl_add since the last clear */
	int finished;      /* templates are built from skels */
};

void ll_tpl_config_default(struct ll_tpl_config *c)
{
	*c = (struct ll_tpl_config){
		.min_siblings = 5,
		.max_line_bytes = 65536,
		.max_tokens = 512,
		.threads = 0,
	};
}

const struct ll_tpl_config *ll_tpl_config(const struct ll_tpl *t)
{
	return &t->cfg;
}

/* The id of token s (glued: the value of a key=value pair, stored with GLUE
 * in front so "root" and "=root" differ), or TOK_NONE. */
static uint32_t tok_lookup(const struct ll_tpl *t, const char *s, uint32_t len, int glued, uint64_t h)
{
	uint32_t want = len + (uint32_t)glued;
	for (size_t i = h & t->tokmask;; i = (i + 1) & t->tokmask) {
		uint32_t v = t->tokslot[i];
		if (!v)
			return TOK_NONE;
		if (t->tokhash[v - 1] != h || t->toklen[v - 1] != want)
			continue;
		const char *c = t->chars + t->tokoff[v - 1];
		if ((!glued || c[0] == GLUE) && memcmp(c + glued, s, len) == 0)
			return v - 1;
	}
}

static uint64_t tok_hash(const char *s, uint32_t len, int glued)
{
	return mix(hash_bytes(s, len), (uint64_t)glued);
}

static int tok_rehash(struct ll_tpl *t)
{
	size_t n = (t->tokmask + 1) * 2;
	uint32_t *slot = calloc(n, sizeof *slot);
	if (!slot)
		return LL_ENOMEM;
	/* ids 0 and 1, the variables, are never in the table (tok_intern) */
	for (size_t k = 2; k < t->ntoks; k++) {
		size_t i = t->tokhash[k] & (n - 1);
		while (slot[i])
			i = (i + 1) & (n - 1);
		slot[i] = (uint32_t)k + 1;
	}
	free(t->tokslot);
	t->tokslot = slot;
	t->tokmask = n - 1;
	return LL_OK;
}

/* The id of token s, added when new; TOK_NONE when out of memory. */
static uint32_t tok_intern(struct ll_tpl *t, const char *s, uint32_t len, int glued)
{
	if (len == 1 && s[0] == WILD)
		return glued ? TOK_GLUED_WILD : TOK_WILD;
	uint64_t h = tok_hash(s, len, glued);
	uint32_t id = tok_lookup(t, s, len, glued, h);
	if (id != TOK_NONE)
		return id;
	if ((t->ntoks + 1) * 2 > t->tokmask + 1 && tok_rehash(t) != LL_OK)
		return TOK_NONE;
	size_t need = len + (size_t)glued, cap = t->captoks;
	if (grow((void **)&t->chars, &t->capchars, t->nchars + need, 1) != LL_OK ||
	    grow((void **)&t->tokoff, &t->captoks, t->ntoks + 1, sizeof *t->tokoff) != LL_OK)
		return TOK_NONE;
	if (t->captoks != cap) {
		/* toklen and tokhash follow tokoff's capacity */
		uint32_t *tl = realloc(t->toklen, t->captoks * sizeof *tl);
		if (tl)
			t->toklen = tl;
		uint64_t *th = realloc(t->tokhash, t->captoks * sizeof *th);
		if (th)
			t->tokhash = th;
		if (!tl || !th) {
			t->captoks = cap;
			return TOK_NONE;
		}
	}
	if (glued)
		t->chars[t->nchars] = GLUE;
	if (len)  /* an empty token may have no bytes at all (s NULL) */
		memcpy(t->chars + t->nchars + (size_t)glued, s, len);
	id = (uint32_t)t->ntoks++;
	t->tokoff[id] = t->nchars;
	t->toklen[id] = (uint32_t)need;
	t->tokhash[id] = h;
	t->nchars += need;
	size_t i = h & t->tokmask;
	while (t->tokslot[i])
		i = (i + 1) & t->tokmask;
	t->tokslot[i] = id + 1;
	return id;
}

/* Token ids of a canonical skeleton into ids; returns the count, or
 * SIZE_MAX when out of memory. lookup: find only (TOK_NONE if unknown). */
static size_t skeleton_ids(struct ll_tpl *t, const char *b, size_t len, uint32_t *ids, int lookup)
{
	size_t n = 0, a = 0;
	int glued = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && b[i] != SEP && b[i] != GLUE)
			continue;
		uint32_t tl = (uint32_t)(i - a);
		uint32_t id;
		if (tl == 1 && b[a] == WILD)
			id = glued ? TOK_GLUED_WILD : TOK_WILD;
		else if (lookup)
			id = tok_lookup(t, b + a, tl, glued, tok_hash(b + a, tl, glued));
		else if ((id = tok_intern(t, b + a, tl, glued)) == TOK_NONE)
			return SIZE_MAX;
		if (len == 0)
			break; /* the empty line has no token */
		ids[n++] = id;
		if (i < len)
			glued = b[i] == GLUE;
		a = i + 1;
	}
	return n;
}

static void clear(struct ll_tpl *t)
{
	skelset_free(&t->skels);
	skelset_init(&t->skels);
	t->added = 0;
	t->finished = 0;
	t->ntpl = 0;
	t->npool = 0;
	memset(t->tokslot, 0, (t->tokmask + 1) * sizeof *t->tokslot);
	t->ntoks = 2; /* ids 0 and 1 are the variables, never looked up */
	t->nchars = 0;
}

void ll_tpl_free(struct ll_tpl *t)
{
	if (!t)
		return;
	skelset_free(&t->skels);
	free(t->chars);
	free(t->tokoff);
	free(t->toklen);
	free(t->tokhash);
	free(t->tokslot);
	free(t->tpl);
	free(t->pool);
	scratch_free(&t->sc);
	free(t->ids);
	free(t);
}

int ll_tpl_new(const struct ll_tpl_config *c, struct ll_tpl **out, struct ll_err *err)
{
	*out = NULL;
	if (!c)
		return ll_err_set(err, LL_EUSAGE, "templates: no configuration");
	if (c->min_siblings < 2)
		return ll_err_set(err, LL_EUSAGE, "templates: min_siblings %d is below 2", c->min_siblings);
	if (c->max_tokens < 1 || c->max_tokens > 65536)
		return ll_err_set(err, LL_EUSAGE, "templates: max_tokens %d out of range 1..65536", c->max_tokens);
	if (c->max_line_bytes < 16 || c->max_line_bytes > ((size_t)64 << 20))
		return ll_err_set(err, LL_EUSAGE, "templates: max_line_bytes %zu out of range 16..64 MiB",
				  c->max_line_bytes);
	if (c->threads < 0 || c->threads > LL_TPL_MAX_THREADS)
		return ll_err_set(err, LL_EUSAGE, "templates: threads %d out of range 0..%d", c->threads,
				  LL_TPL_MAX_THREADS);
	struct ll_tpl *t = calloc(1, sizeof *t);
	if (!t)
		return ll_err_set(err, LL_ENOMEM, "templates: out of memory");
	t->cfg = *c;
	t->tokmask = 255;
	t->tokslot = calloc(t->tokmask + 1, sizeof *t->tokslot);
	t->ids = malloc(((size_t)c->max_tokens * 2 + 2) * sizeof *t->ids);
	int rc = t->tokslot && t->ids ? skelset_init(&t->skels) : LL_ENOMEM;
	if (rc == LL_OK)
		rc = scratch_init(&t->sc, c);
	if (rc == LL_OK)
		rc = grow((void **)&t->tokoff, &t->captoks, 16, sizeof *t->tokoff);
	if (rc == LL_OK) {
		t->toklen = calloc(t->captoks, sizeof *t->toklen);
		t->tokhash = calloc(t->captoks, sizeof *t->tokhash);
		if (!t->toklen || !t->tokhash)
			rc = LL_ENOMEM;
	}
	if (rc != LL_OK) {
		ll_tpl_free(t);
		return ll_err_set(err, LL_ENOMEM, "templates: out of memory");
	}
	t->ntoks = 2;
	*out = t;
	return LL_OK;
}

/* ---- mining: chunks of lines in threads ---- */

/* Lines are cut into chunks of CHUNK_LINES, the same whatever the number
 * of threads, and each thread takes the next chunk when it has finished
 * one: a thread that waits for a core (on a shared machine, or beside the
 * dataset's own background work) no longer holds up the whole run, as a
 * fixed half of the lines did. Each thread keeps a set of skeletons of its
 * own; joined, the skeletons are ordered by the first line that has them,
 * which does not depend on which thread mined which chunk. */
#define CHUNK_LINES ((size_t)16384)

struct worker {
	struct skelset set; /* a skeleton's first: its first line in this worker's chunks */
	struct scratch sc;
	uint32_t *map; /* local skeleton -> global */
	int rc;
};

struct mine_run {
	const struct ll_tpl_config *cfg;
	ll_tpl_line_fn line;
	void *ctx;
	long *ids; /* local skeleton of each line, then its template */
	size_t n, nchunks;
	uint8_t *owner; /* the worker that mined each chunk */
	struct worker *w;
	_Atomic size_t next; /* the next chunk to take */
	_Atomic size_t done; /* lines mined, for progress */
	_Atomic int stop;
	int (*progress)(void *pctx, size_t done, size_t total);
	void *pctx;
};

struct mine_arg {
	struct mine_run *run;
	int k;
};

static int mine_chunk(struct mine_run *m, int k, size_t c)
{
	struct worker *w = &m->w[k];
	size_t from = c * CHUNK_LINES, to = m->n - from > CHUNK_LINES ? from + CHUNK_LINES : m->n;
	for (size_t i = from; i < to; i++) {
		const char *s = NULL;
		size_t len = 0;
		int rc = m->line(m->ctx, k, i, &s, &len);
		if (rc < 0)
			return rc;
		size_t wl = canonical(m->cfg, &w->sc, s, len);
		long g = skelset_add(&w->set, w->sc.out, wl, hash_bytes(w->sc.out, wl), i);
		if (g < 0)
			return LL_ENOMEM;
		w->set.v[g].count++;
		m->ids[i] = g;
	}
	atomic_fetch_add_explicit(&m->done, to - from, memory_order_relaxed);
	return LL_OK;
}

static void *mine_worker(void *arg)
{
	const struct mine_arg *a = arg;
	struct mine_run *m = a->run;
	while (!atomic_load_explicit(&m->stop, memory_order_relaxed)) {
		size_t c = atomic_fetch_add(&m->next, 1);
		if (c >= m->nchunks)
			break;
		m->owner[c] = (uint8_t)a->k;
		int rc = mine_chunk(m, a->k, c);
		if (rc != LL_OK) {
			m->w[a->k].rc = rc;
			atomic_store(&m->stop, 1);
			break;
		}
		/* the calling thread (worker 0) reports progress between its chunks */
		if (a->k == 0 && m->progress &&
		    m->progress(m->pctx, atomic_load_explicit(&m->done, memory_order_relaxed), m->n))
			atomic_store(&m->stop, 1);
	}
	return NULL;
}

static int usable_cpus(void)
{
	int n = ll_pool_cpus();
	return n > 8 ? 8 : n;
}

/* Union-find over groups. */
static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* Joins b's group into a's (the smaller index stays root, so the order of
 * first appearance is kept). Returns the root. */
static uint32_t join(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a == b)
		return a;
	if (b < a) {
		uint32_t x = a;
		a = b;
		b = x;
	}
	parent[b] = a;
	return a;
}

struct slot_entry {
	uint64_t h;
	uint32_t group, pos;
};

static int cmp_slot(const void *pa, const void *pb)
{
	const struct slot_entry *a = pa, *b = pb;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Working state of the merge: one template per group. */
struct merge {
	uint32_t *parent;
	size_t *off;    /* template of group g: tok[off[g] .. off[g] + ntok[g]) */
	uint32_t *ntok;
	uint32_t *tok;
	size_t ng;
	size_t used, cap; /* of tok: a template made longer (join_inserted) is written at the end */
};

static int is_wild(uint32_t id)
{
	return id == TOK_WILD || id == TOK_GLUED_WILD;
}

/* A token of no letter or digit (punctuation, or an empty value). */
static int is_bare(const struct ll_tpl *t, uint32_t id)
{
	if (is_wild(id))
		return 0;
	const char *s = t->chars + t->tokoff[id];
	for (uint32_t k = 0; k < t->toklen[id]; k++)
		if (is_alpha((unsigned char)s[k]) || is_digit((unsigned char)s[k]))
			return 0;
	return 1;
}

static uint32_t wild_like(const struct ll_tpl *t, uint32_t id)
{
	return t->chars[t->tokoff[id]] == GLUE || id == TOK_GLUED_WILD ? TOK_GLUED_WILD : TOK_WILD;
}

/* Folds every member's template into its root's: where they differ, a
 * variable. */
static void fold(const struct ll_tpl *t, struct merge *m)
{
	for (uint32_t g = 0; g < m->ng; g++) {
		uint32_t r = find(m->parent, g);
		/* a member of another length was folded before its root took an
		 * inserted variable (join_inserted): the root has its constants */
		if (r == g || m->ntok[r] != m->ntok[g])
			continue;
		uint32_t *a = m->tok + m->off[r], *b = m->tok + m->off[g];
		for (uint32_t p = 0; p < m->ntok[r]; p++)
			if (a[p] != b[p])
				a[p] = is_wild(a[p]) ? a[p] : wild_like(t, a[p]);
	}
}

/* Joins groups with equal templates; returns 1 when any joined. */
static int join_equal(struct merge *m, int by_bare, const struct ll_tpl *t, int *oom)
{
	size_t n = 0;
	struct slot_entry *e = malloc((m->ng ? m->ng : 1) * sizeof *e);
	if (!e) {
		*oom = 1;
		return 0;
	}
	for (uint32_t g = 0; g < m->ng; g++) {
		if (find(m->parent, g) != g)
			continue;
		uint64_t h = m->ntok[g];
		const uint32_t *a = m->tok + m->off[g];
		for (uint32_t p = 0; p < m->ntok[g]; p++) {
			uint32_t id = a[p];
			if (by_bare && is_bare(t, id))
				id = wild_like(t, id);
			h = mix(h, id);
		}
		e[n++] = (struct slot_entry){h, g, 0};
	}
	qsort(e, n, sizeof *e, cmp_slot);
	int changed = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].h == e[i].h)
			j++;
		for (size_t k = i + 1; k < j; k++) {
			uint32_t a = e[i].group, b = e[k].group;
			if (m->ntok[a] != m->ntok[b])
				continue;
			const uint32_t *x = m->tok + m->off[a], *y = m->tok + m->off[b];
			uint32_t p = 0;
			for (; p < m->ntok[a]; p++) {
				uint32_t u = x[p], v = y[p];
				if (by_bare) {
					u = is_bare(t, u) ? wild_like(t, u) : u;
					v = is_bare(t, v) ? wild_like(t, v) : v;
				}
				if (u != v)
					break;
			}
			if (p == m->ntok[a]) {
				join(m->parent, a, b);
				changed = 1;
			}
		}
		i = j;
	}
	free(e);
	return changed;
}

/* 1 when token p of a template is a key=value pair's value (a constant or
 * a variable glued to a constant that ends in '='). */
static int is_kv_slot(const struct ll_tpl *t, const uint32_t *a, uint32_t p)
{
	if (p == 0 || is_wild(a[p - 1]) || a[p] == TOK_WILD)
		return 0;
	if (a[p] != TOK_GLUED_WILD && t->chars[t->tokoff[a[p]]] != GLUE)
		return 0;
	uint32_t k = a[p - 1];
	return t->toklen[k] > 0 && t->chars[t->tokoff[k] + t->toklen[k] - 1] == '=';
}

static int is_kv_value(const struct ll_tpl *t, const uint32_t *a, uint32_t p)
{
	/* an empty value ("ruser= rhost=") is no value: the punctuation rule's */
	return !is_wild(a[p]) && !is_bare(t, a[p]) && is_kv_slot(t, a, p);
}

/* The template's hash with every key's value left out. */
static uint64_t keys_hash(const struct ll_tpl *t, const uint32_t *a, uint32_t nt)
{
	uint64_t h = nt;
	for (uint32_t p = 0; p < nt; p++)
		h = mix(h, is_kv_slot(t, a, p) ? TOK_GLUED_WILD : a[p]);
	return h;
}

/* At most this many groups of one key shape are compared pairwise. */
#define KV_RUN_MAX 256

/* Two groups whose templates agree but where one has a key's constant
 * value and the other a variable ("ws=null" beside "ws=WorkSource{10113}",
 * "name=android" beside "name=<*>") are one statement: the constant is one
 * of the values the key takes. Keys whose values never vary in any group
 * (user=root, user=guest) do not join here; they are left to the sibling
 * rule. Returns 1 when any joined. */
static int join_valued(const struct ll_tpl *t, struct merge *m, int *oom)
{
	size_t n = 0;
	struct slot_entry *e = malloc((m->ng ? m->ng : 1) * sizeof *e);
	if (!e) {
		*oom = 1;
		return 0;
	}
	for (uint32_t g = 0; g < m->ng; g++) {
		if (find(m->parent, g) != g)
			continue;
		const uint32_t *a = m->tok + m->off[g];
		int any = 0;
		for (uint32_t p = 1; p < m->ntok[g] && !any; p++)
			any = is_kv_slot(t, a, p);
		if (any)
			e[n++] = (struct slot_entry){keys_hash(t, a, m->ntok[g]), g, 0};
	}
	qsort(e, n, sizeof *e, cmp_slot);
	int changed = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].h == e[i].h)
			j++;
		size_t end = j - i > KV_RUN_MAX ? i + KV_RUN_MAX : j;
		for (size_t x = i; x < end; x++)
			for (size_t y = x + 1; y < end; y++) {
				uint32_t g = e[x].group, o = e[y].group, nt = m->ntok[g];
				if (m->ntok[o] != nt || find(m->parent, g) == find(m->parent, o))
					continue;
				const uint32_t *a = m->tok + m->off[g], *b = m->tok + m->off[o];
				uint32_t q = 0, a_wild = 0, b_wild = 0;
				for (; q < nt; q++) {
					if (a[q] == b[q])
						continue;
					/* a variable against a key's constant value */
					if (is_wild(a[q]) && is_kv_value(t, b, q)) {
						a_wild = 1;
						continue;
					}
					if (is_wild(b[q]) && is_kv_value(t, a, q)) {
						b_wild = 1;
						continue;
					}
					break;
				}
				if (q == nt && (a_wild || b_wild)) {
					join(m->parent, g, o);
					changed = 1;
				}
			}
		i = j;
	}
	free(e);
	return changed;
}

/* One round of the sibling rule; returns 1 when any groups joined. */
static int join_siblings(const struct ll_tpl *t, struct merge *m, int *oom)
{
	size_t cap = 0, n = 0;
	for (uint32_t g = 0; g < m->ng; g++)
		if (find(m->parent, g) == g)
			cap += m->ntok[g];
	struct slot_entry *e = malloc((cap ? cap : 1) * sizeof *e);
	uint64_t *pre = malloc((size_t)(t->cfg.max_tokens * 2 + 3) * sizeof *pre);
	uint64_t *suf = malloc((size_t)(t->cfg.max_tokens * 2 + 3) * sizeof *suf);
	if (!e || !pre || !suf) {
		free(e);
		free(pre);
		free(suf);
		*oom = 1;
		return 0;
	}
	for (uint32_t g = 0; g < m->ng; g++) {
		if (find(m->parent, g) != g)
			continue;
		const uint32_t *a = m->tok + m->off[g];
		uint32_t nt = m->ntok[g];
		pre[0] = nt;
		for (uint32_t p = 0; p < nt; p++)
			pre[p + 1] = mix(pre[p], a[p]);
		suf[nt] = 0x51af;
		for (uint32_t p = nt; p-- > 0;)
			suf[p] = mix(suf[p + 1], a[p]);
		for (uint32_t p = 0; p < nt; p++)
			if (!is_wild(a[p]))
				e[n++] = (struct slot_entry){mix(mix(pre[p], suf[p + 1]), p), g, p};
	}
	qsort(e, n, sizeof *e, cmp_slot);
	int changed = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].h == e[i].h)
			j++;
		/* the run's members that equal its first everywhere but at pos */
		uint32_t g0 = e[i].group, p = e[i].pos, nt = m->ntok[g0];
		const uint32_t *x = m->tok + m->off[g0];
		size_t same = 0, constant = 0;
		for (uint32_t q = 0; q < nt; q++)
			constant += q != p && !is_wild(x[q]);
		for (size_t k = i; k < j; k++) {
			const uint32_t *y = m->tok + m->off[e[k].group];
			int eq = e[k].pos == p && m->ntok[e[k].group] == nt;
			for (uint32_t q = 0; eq && q < nt; q++)
				eq = q == p || x[q] == y[q];
			if (eq)
				same++;
			else
				e[k].pos = UINT32_MAX; /* a hash collision: not a sibling */
		}
		/* a message's first word names its event more often than it holds
		 * a value (the premise of Drain's routing by first tokens): it
		 * takes twice the evidence */
		size_t need = (size_t)t->cfg.min_siblings * (p == 0 ? 2 : 1);
		/* a value its key names ("name=android", "name=audioserver")
		 * takes one sibling less: the key says it is a value */
		if (p > 0 && need > 2 && is_kv_value(t, x, p))
			need--;
		if (same >= need && constant >= 1) {
			for (size_t k = i + 1; k < j; k++)
				if (e[k].pos != UINT32_MAX)
					join(m->parent, g0, e[k].group);
			changed = 1;
		}
		i = j;
	}
	free(e);
	free(pre);
	free(suf);
	return changed;
}

/* Hashes of templates that survive removing one token: the sum of
 * spread(id) * B^k over positions k (B odd, so it has an inverse modulo
 * 2^64 and a token can be taken out of the sum), plus the length. */
#define POLY_B 0x9e3779b97f4a7c15ULL

static uint64_t spread(uint32_t id)
{
	uint64_t x = (uint64_t)id * 0xff51afd7ed558ccdULL + 0x632be59bd9b4e019ULL;
	return x ^ (x >> 29);
}

static uint64_t poly_inverse(uint64_t b)
{
	uint64_t x = b; /* Newton's iteration: each step doubles the correct low bits */
	for (int k = 0; k < 6; k++)
		x *= 2 - b * x;
	return x;
}

static uint64_t poly_len(uint32_t n)
{
	return mix(0x7a11ULL, n);
}

/* A variable where another group has nothing: "1190 bytes (1.16 KB) sent"
 * and "815 bytes sent" are one statement that adds a value to some of its
 * lines. A group whose template, without a variable that stands between
 * two constants, equals another group's template takes that group in; the
 * shorter one's template gets the variable, so the two are one template of
 * one length. Only a variable between constants counts: next to a
 * variable it would have been part of a run already, and at either end it
 * may be a statement's own last word. Each group joins at most once a
 * round (its template changes); returns 1 when any joined. */
static int join_inserted(struct merge *m, int *oom)
{
	size_t n = 0;
	struct slot_entry *e = malloc((m->ng ? m->ng : 1) * sizeof *e);
	uint8_t *busy = calloc(m->ng ? m->ng : 1, 1);
	if (!e || !busy) {
		free(e);
		free(busy);
		*oom = 1;
		return 0;
	}
	const uint64_t inv = poly_inverse(POLY_B);
	for (uint32_t g = 0; g < m->ng; g++) {
		if (find(m->parent, g) != g)
			continue;
		const uint32_t *a = m->tok + m->off[g];
		uint64_t h = 0, bk = 1;
		for (uint32_t p = 0; p < m->ntok[g]; p++, bk *= POLY_B)
			h += spread(a[p]) * bk;
		e[n++] = (struct slot_entry){h + poly_len(m->ntok[g]), g, 0};
	}
	qsort(e, n, sizeof *e, cmp_slot);
	int changed = 0;
	for (uint32_t g = 0; g < m->ng && !*oom; g++) {
		uint32_t nt = m->ntok[g];
		if (find(m->parent, g) != g || busy[g] || nt < 3)
			continue;
		const uint32_t *a = m->tok + m->off[g];
		/* full: the template's sum; before: the sum of positions < p */
		uint64_t full = 0, bk = 1;
		for (uint32_t p = 0; p < nt; p++, bk *= POLY_B)
			full += spread(a[p]) * bk;
		uint64_t before = spread(a[0]), bp = POLY_B;
		for (uint32_t p = 1; p + 1 < nt; before += spread(a[p]) * bp, bp *= POLY_B, p++) {
			if (a[p] != TOK_WILD || is_wild(a[p - 1]) || is_wild(a[p + 1]))
				continue;
			/* the tokens after p move one place down: divide by B */
			uint64_t after = (full - before - spread(a[p]) * bp) * inv;
			uint64_t want = before + after + poly_len(nt - 1);
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (e[mid].h < want)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < n && e[lo].h == want; lo++) {
				uint32_t o = e[lo].group;
				if (busy[o] || find(m->parent, o) != o || m->ntok[o] != nt - 1)
					continue;
				const uint32_t *b = m->tok + m->off[o];
				uint32_t q = 0;
				while (q < nt - 1 && b[q] == a[q < p ? q : q + 1])
					q++;
				if (q < nt - 1)
					continue; /* a hash collision */
				if (grow((void **)&m->tok, &m->cap, m->used + nt, sizeof *m->tok) != LL_OK) {
					*oom = 1;
					break;
				}
				a = m->tok + m->off[g]; /* tok may have moved */
				memcpy(m->tok + m->used, a, nt * sizeof *a);
				m->off[o] = m->used;
				m->ntok[o] = nt;
				m->used += nt;
				busy[g] = busy[o] = 1;
				join(m->parent, g, o);
				changed = 1;
				break;
			}
			if (busy[g] || *oom)
				break;
		}
	}
	free(e);
	free(busy);
	return changed;
}

/* Merges the skeletons of t->skels into templates: sets each skeleton's
 * group to its template id and fills t->tpl / t->pool. */
static int build_templates(struct ll_tpl *t)
{
	struct skelset *s = &t->skels;
	struct merge m = {0};
	m.ng = s->n;
	size_t total = 0;
	for (size_t k = 0; k < s->n; k++)
		total += s->v[k].len / 2 + 2;
	m.parent = malloc((m.ng ? m.ng : 1) * sizeof *m.parent);
	m.off = malloc((m.ng ? m.ng : 1) * sizeof *m.off);
	m.ntok = malloc((m.ng ? m.ng : 1) * sizeof *m.ntok);
	m.cap = total ? total : 1;
	m.tok = malloc(m.cap * sizeof *m.tok);
	int rc = m.parent && m.off && m.ntok && m.tok ? LL_OK : LL_ENOMEM;
	size_t used = 0;
	for (size_t k = 0; rc == LL_OK && k < s->n; k++) {
		m.parent[k] = (uint32_t)k;
		m.off[k] = used;
		size_t nt = skeleton_ids(t, s->pool + s->v[k].off, s->v[k].len, m.tok + used, 0);
		if (nt == SIZE_MAX) {
			rc = LL_ENOMEM;
			break;
		}
		m.ntok[k] = (uint32_t)nt;
		used += nt;
	}
	m.used = used;
	int oom = 0;
	if (rc == LL_OK) {
		/* a variable where another has punctuation (an empty value) */
		if (join_equal(&m, 1, t, &oom))
			fold(t, &m);
		for (int round = 0; !oom && round < 64; round++) {
			int any = join_siblings(t, &m, &oom);
			if (!oom && join_valued(t, &m, &oom))
				any = 1;
			if (any)
				fold(t, &m);
			if (any && join_equal(&m, 0, t, &oom))
				fold(t, &m);
			if (!oom && join_inserted(&m, &oom)) {
				fold(t, &m);
				any = 1;
			}
			if (oom || !any)
				break;
		}
		if (oom)
			rc = LL_ENOMEM;
	}
	/* Roots in skeleton order become templates 0, 1, 2 ...: skeletons are in
	 * order of first appearance and a root is its group's first skeleton, so
	 * templates are too. */
	t->ntpl = 0;
	t->npool = 0;
	uint32_t *tid = rc == LL_OK ? malloc((m.ng ? m.ng : 1) * sizeof *tid) : NULL;
	if (rc == LL_OK && !tid)
		rc = LL_ENOMEM;
	for (size_t k = 0; rc == LL_OK && k < m.ng; k++) {
		uint32_t r = find(m.parent, (uint32_t)k);
		if (r == k) {
			if (grow((void **)&t->tpl, &t->captpl, t->ntpl + 1, sizeof *t->tpl) != LL_OK ||
			    grow((void **)&t->pool, &t->cappool, t->npool + m.ntok[k], sizeof *t->pool) != LL_OK) {
				rc = LL_ENOMEM;
				break;
			}
			const uint32_t *a = m.tok + m.off[k];
			uint32_t nconst = 0;
			for (uint32_t p = 0; p < m.ntok[k]; p++)
				nconst += !is_wild(a[p]);
			if (m.ntok[k])  /* an empty line's template has no tokens and maybe no pool */
				memcpy(t->pool + t->npool, a, m.ntok[k] * sizeof *a);
			t->tpl[t->ntpl] = (struct tmpl){t->npool, m.ntok[k], nconst, 0, s->v[k].first};
			t->npool += m.ntok[k];
			tid[k] = (uint32_t)t->ntpl++;
		}
		s->v[k].group = tid[r];
		t->tpl[tid[r]].lines += s->v[k].count;
	}
	free(tid);
	free(m.parent);
	free(m.off);
	free(m.ntok);
	free(m.tok);
	return rc;
}

/* Runs fn(arg[k]) for k = 1..n-1 in threads and fn(arg[0]) here; a thread
 * that cannot start runs here too. */
static void run_parallel(void *(*fn)(void *), void *args, size_t size, int n)
{
	pthread_t th[LL_TPL_MAX_THREADS];
	int made[LL_TPL_MAX_THREADS] = {0};
	for (int k = 1; k < n; k++)
		made[k] = pthread_create(&th[k], NULL, fn, (char *)args + size * (size_t)k) == 0;
	fn(args);
	for (int k = 1; k < n; k++) {
		if (made[k])
			pthread_join(th[k], NULL);
		else
			fn((char *)args + size * (size_t)k);
	}
}

struct first_of {
	size_t first;
	uint32_t k;
};

static int cmp_first(const void *pa, const void *pb)
{
	const struct first_of *a = pa, *b = pb;
	return (a->first > b->first) - (a->first < b->first);
}

/* Joins the workers' skeletons into t->skels in order of their first line
 * (lines and so first lines of distinct skeletons are distinct: the order
 * is total) and fills each worker's map. */
static int join_workers(struct ll_tpl *t, struct mine_run *m, int nth)
{
	struct skelset all;
	if (skelset_init(&all) != LL_OK)
		return LL_ENOMEM;
	int rc = LL_OK;
	for (int k = 0; rc == LL_OK && k < nth; k++) {
		const struct skelset *ls = &m->w[k].set;
		m->w[k].map = malloc((ls->n ? ls->n : 1) * sizeof *m->w[k].map);
		if (!m->w[k].map) {
			rc = LL_ENOMEM;
			break;
		}
		for (size_t q = 0; q < ls->n; q++) {
			const struct skel *x = &ls->v[q];
			long g = skelset_add(&all, ls->pool + x->off, x->len, x->hash, x->first);
			if (g < 0) {
				rc = LL_ENOMEM;
				break;
			}
			if (x->first < all.v[g].first)
				all.v[g].first = x->first;
			all.v[g].count += x->count;
			m->w[k].map[q] = (uint32_t)g;
		}
	}
	struct first_of *order = rc == LL_OK ? malloc((all.n ? all.n : 1) * sizeof *order) : NULL;
	uint32_t *rank = rc == LL_OK ? malloc((all.n ? all.n : 1) * sizeof *rank) : NULL;
	if (rc == LL_OK && (!order || !rank))
		rc = LL_ENOMEM;
	if (rc == LL_OK) {
		for (size_t g = 0; g < all.n; g++)
			order[g] = (struct first_of){all.v[g].first, (uint32_t)g};
		qsort(order, all.n, sizeof *order, cmp_first);
		for (size_t r = 0; rc == LL_OK && r < all.n; r++) {
			const struct skel *x = &all.v[order[r].k];
			long g = skelset_add(&t->skels, all.pool + x->off, x->len, x->hash, x->first);
			if (g < 0)
				rc = LL_ENOMEM;
			else
				t->skels.v[g].count = x->count;
			rank[order[r].k] = (uint32_t)r;
		}
	}
	for (int k = 0; rc == LL_OK && k < nth; k++)
		for (size_t q = 0; q < m->w[k].set.n; q++)
			m->w[k].map[q] = rank[m->w[k].map[q]];
	free(order);
	free(rank);
	skelset_free(&all);
	return rc;
}

struct remap {
	struct mine_run *m;
	const struct skelset *g; /* global skeletons, group = template */
	size_t c0, c1;           /* chunks */
};

static void *remap_chunks(void *arg)
{
	const struct remap *r = arg;
	const struct mine_run *m = r->m;
	for (size_t c = r->c0; c < r->c1; c++) {
		const uint32_t *map = m->w[m->owner[c]].map;
		size_t from = c * CHUNK_LINES, to = m->n - from > CHUNK_LINES ? from + CHUNK_LINES : m->n;
		for (size_t i = from; i < to; i++)
			m->ids[i] = r->g->v[map[m->ids[i]]].group;
	}
	return NULL;
}

int ll_tpl_mine(struct ll_tpl *t, size_t n, ll_tpl_line_fn line, void *ctx, long *ids,
		int (*progress)(void *pctx, size_t done, size_t total), void *pctx, struct ll_err *err)
{
	clear(t);
	int nth = t->cfg.threads ? t->cfg.threads : usable_cpus();
	/* below this, a thread costs more than it saves */
	if (n < 20000)
		nth = 1;
	struct mine_run m = {.cfg = &t->cfg, .line = line, .ctx = ctx, .ids = ids, .n = n,
			     .nchunks = (n + CHUNK_LINES - 1) / CHUNK_LINES, .progress = progress, .pctx = pctx};
	if (m.nchunks && (size_t)nth > m.nchunks)
		nth = (int)m.nchunks;
	atomic_init(&m.next, 0);
	atomic_init(&m.done, 0);
	atomic_init(&m.stop, 0);
	m.w = calloc((size_t)nth, sizeof *m.w);
	m.owner = malloc(m.nchunks ? m.nchunks : 1);
	struct mine_arg *args = calloc((size_t)nth, sizeof *args);
	struct remap *r = calloc((size_t)nth, sizeof *r);
	int rc = m.w && m.owner && args && r ? LL_OK : LL_ENOMEM;
	for (int k = 0; rc == LL_OK && k < nth; k++) {
		args[k] = (struct mine_arg){&m, k};
		if (skelset_init(&m.w[k].set) != LL_OK || scratch_init(&m.w[k].sc, &t->cfg) != LL_OK)
			rc = LL_ENOMEM;
	}
	if (rc == LL_OK) {
		run_parallel(mine_worker, args, sizeof *args, nth);
		for (int k = 0; k < nth; k++)
			if (m.w[k].rc && rc == LL_OK)
				rc = m.w[k].rc;
		if (rc == LL_OK && atomic_load(&m.stop))
			rc = LL_ECANCEL;
		/* Worker 0 polls only between its own chunks, and when the others
		 * take every chunk it never polls: the caller always sees the end
		 * (n of n), and a cancel asked for then still counts. */
		if (rc == LL_OK && progress && progress(pctx, n, n))
			rc = LL_ECANCEL;
	}
	if (rc == LL_OK)
		rc = join_workers(t, &m, nth);
	for (int k = 0; m.w && k < nth; k++) {
		skelset_free(&m.w[k].set);
		scratch_free(&m.w[k].sc);
	}
	if (rc == LL_OK)
		rc = build_templates(t);
	if (rc == LL_OK) {
		t->finished = 1;
		for (int k = 0; k < nth; k++)
			r[k] = (struct remap){&m, &t->skels, m.nchunks * (size_t)k / (size_t)nth,
					      m.nchunks * (size_t)(k + 1) / (size_t)nth};
		run_parallel(remap_chunks, r, sizeof *r, nth);
	}
	for (int k = 0; m.w && k < nth; k++)
		free(m.w[k].map);
	free(m.w);
	free(m.owner);
	free(args);
	free(r);
	if (rc != LL_OK) {
		clear(t);
		if (rc == LL_ECANCEL)
			return ll_err_set(err, LL_ECANCEL, "template mining cancelled");
		if (rc == LL_ENOMEM)
			return ll_err_set(err, LL_ENOMEM, "out of memory mining templates of %zu lines", n);
		return ll_err_set(err, rc, "template mining stopped: %s", ll_status_name(rc));
	}
	return LL_OK;
}

long ll_tpl_add(struct ll_tpl *t, const char *line, size_t len)
{
	if (t->finished || !t->skels.slot)
		clear(t);
	if (!t->skels.slot)
		return LL_ENOMEM;
	size_t w = canonical(&t->cfg, &t->sc, line, len);
	long k = skelset_add(&t->skels, t->sc.out, w, hash_bytes(t->sc.out, w), t->added);
	if (k < 0)
		return LL_ENOMEM;
	t->skels.v[k].count++;
	t->added++;
	return k;
}

int ll_tpl_finish(struct ll_tpl *t, struct ll_err *err)
{
	if (t->finished)
		return LL_OK;
	int rc = build_templates(t);
	if (rc != LL_OK) {
		clear(t);
		return ll_err_set(err, rc, "out of memory merging templates");
	}
	t->finished = 1;
	return LL_OK;
}

long ll_tpl_template_of(const struct ll_tpl *t, long skeleton)
{
	if (!t->finished || skeleton < 0 || (size_t)skeleton >= t->skels.n)
		return -1;
	return t->skels.v[skeleton].group;
}

struct array_ctx {
	const char *const *lines;
	const size_t *lens;
};

static int array_line(void *ctx, int worker, size_t i, const char **s, size_t *len)
{
	const struct array_ctx *a = ctx;
	(void)worker;
	*s = a->lines[i];
	*len = a->lens[i];
	return 0;
}

int ll_tpl_mine_array(struct ll_tpl *t, size_t n, const char *const *lines, const size_t *lens, long *ids,
		      struct ll_err *err)
{
	struct array_ctx a = {lines, lens};
	return ll_tpl_mine(t, n, array_line, &a, ids, NULL, NULL, err);
}

/* ---- using templates ---- */

long ll_tpl_match(struct ll_tpl *t, const char *line, size_t len)
{
	size_t w = canonical(&t->cfg, &t->sc, line, len);
	long k = skelset_find(&t->skels, t->sc.out, w, hash_bytes(t->sc.out, w));
	if (k >= 0)
		return t->skels.v[k].group;
	size_t n = skeleton_ids(t, t->sc.out, w, t->ids, 1);
	long best = -1;
	uint32_t best_const = 0;
	for (size_t id = 0; id < t->ntpl; id++) {
		const struct tmpl *x = &t->tpl[id];
		if (x->ntok != n || (best >= 0 && x->nconst <= best_const))
			continue;
		const uint32_t *a = t->pool + x->off;
		size_t p = 0;
		for (; p < n; p++)
			if (!is_wild(a[p]) && a[p] != t->ids[p])
				break;
		if (p == n) {
			best = (long)id;
			best_const = x->nconst;
		}
	}
	return best;
}

size_t ll_tpl_count(const struct ll_tpl *t)
{
	return t->ntpl;
}

uint64_t ll_tpl_lines(const struct ll_tpl *t, long id)
{
	return id >= 0 && (size_t)id < t->ntpl ? t->tpl[id].lines : 0;
}

size_t ll_tpl_ntokens(const struct ll_tpl *t, long id)
{
	return id >= 0 && (size_t)id < t->ntpl ? t->tpl[id].ntok : 0;
}

size_t ll_tpl_text(const struct ll_tpl *t, long id, char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	if (id < 0 || (size_t)id >= t->ntpl)
		return 0;
	const struct tmpl *x = &t->tpl[id];
	size_t need = 0;
	for (uint32_t i = 0; i < x->ntok; i++) {
		uint32_t tok = t->pool[x->off + i];
		const char *s;
		size_t n;
		int glued = 0;
		if (is_wild(tok)) {
			s = "<*>";
			n = 3;
			glued = tok == TOK_GLUED_WILD;
		} else {
			s = t->chars + t->tokoff[tok];
			n = t->toklen[tok];
			if (n && s[0] == GLUE) {
				glued = 1;
				s++;
				n--;
			}
		}
		if (i > 0 && !glued) {
			if (need + 1 < size)
				buf[need] = ' ';
			need++;
		}
		for (size_t k = 0; k < n; k++) {
			const char *piece = s[k] == WILD ? "<*>" : s[k] == SUB ? "?" : NULL;
			size_t pl = piece ? strlen(piece) : 1;
			for (size_t q = 0; q < pl; q++, need++)
				if (need + 1 < size)
					buf[need] = piece ? piece[q] : s[k];
		}
	}
	if (size > 0)
		buf[need < size ? need : size - 1] = '\0';
	return need;
}

/* ---- save and load ---- */

int ll_tpl_save(const struct ll_tpl *t, FILE *f, const char *name, struct ll_err *err)
{
	errno = 0;
	fputs(SAVE_MAGIC "\n", f);
	size_t cap = 4096;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
	for (size_t k = 0; k < t->ntpl; k++) {
		size_t need = ll_tpl_text(t, (long)k, buf, cap);
		if (need >= cap) {
			char *p = realloc(buf, need + 1);
			if (!p) {
				free(buf);
				return ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
			}
			buf = p;
			cap = need + 1;
			ll_tpl_text(t, (long)k, buf, cap);
		}
		fprintf(f, "%zu\t%llu\t%s\n", k, (unsigned long long)t->tpl[k].lines, buf);
	}
	free(buf);
	if (fflush(f) != 0 || ferror(f))
		return ll_err_errno(err, LL_EIO, errno ? errno : EIO, "%s: cannot write templates", name);
	return LL_OK;
}

static int read_number(char **p, unsigned long long *v)
{
	char *s = *p;
	unsigned long long x = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (ULLONG_MAX - 9) / 10)
			return -1;
		x = x * 10 + (unsigned)(*s - '0');
	}
	if (*s != '\t')
		return -1;
	*p = s + 1;
	*v = x;
	return 0;
}

/* Adds one loaded template: its text is cut like a line, so its variables
 * ("<*>") and constants read back as they were mined. */
static int load_template(struct ll_tpl *t, const char *text, size_t len, uint64_t lines)
{
	/* "<*>" becomes "0": a digit, which the cutter takes for a variable
	 * with the same punctuation around it as the line it was mined from
	 * (a template's constants never hold digits) */
	char *copy = malloc(len + 1);
	if (!copy)
		return LL_ENOMEM;
	size_t m = 0;
	for (size_t i = 0; i < len;) {
		if (i + 3 <= len && memcmp(text + i, "<*>", 3) == 0) {
			copy[m++] = '0';
			i += 3;
		} else {
			copy[m++] = text[i++];
		}
	}
	size_t w = canonical(&t->cfg, &t->sc, copy, m);
	free(copy);
	uint64_t h = hash_bytes(t->sc.out, w);
	long k = skelset_add(&t->skels, t->sc.out, w, h, t->ntpl);
	if (k < 0)
		return LL_ENOMEM;
	if ((size_t)k < t->skels.n - 1) {
		/* two saved templates with one skeleton: the first one keeps it */
		t->skels.v[k].count += lines;
	}
	if (grow((void **)&t->tpl, &t->captpl, t->ntpl + 1, sizeof *t->tpl) != LL_OK ||
	    grow((void **)&t->pool, &t->cappool, t->npool + (size_t)t->cfg.max_tokens * 2 + 2, sizeof *t->pool) !=
		    LL_OK)
		return LL_ENOMEM;
	size_t n = skeleton_ids(t, t->sc.out, w, t->pool + t->npool, 0);
	if (n == SIZE_MAX)
		return LL_ENOMEM;
	uint32_t nconst = 0;
	for (size_t p = 0; p < n; p++)
		nconst += !is_wild(t->pool[t->npool + p]);
	if ((size_t)k == t->skels.n - 1)
		t->skels.v[k].group = (uint32_t)t->ntpl;
	t->tpl[t->ntpl] = (struct tmpl){t->npool, (uint32_t)n, nconst, lines, t->ntpl};
	t->npool += n;
	t->ntpl++;
	return LL_OK;
}

int ll_tpl_load(struct ll_tpl *t, FILE *f, const char *name, struct ll_err *err)
{
	clear(t);
	size_t cap = t->cfg.max_line_bytes + 64;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
	int rc = LL_OK;
	size_t lineno = 0;
	errno = 0;
	for (;;) {
		/* getc rather than fgets so that a NUL byte or an overlong line is
		 * reported as what it is; template files are small */
		size_t n = 0;
		int ch, nul = 0, any = 0;
		while ((ch = getc(f)) != EOF && ch != '\n') {
			any = 1;
			if (ch == '\0')
				nul = 1;
			if (n + 1 < cap)
				buf[n] = (char)ch;
			n++;
		}
		if (ch == EOF && !any)
			break;
		lineno++;
		if (n + 1 >= cap) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: line longer than %zu bytes", name, lineno, cap - 2);
			break;
		}
		if (nul) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: NUL byte in template", name, lineno);
			break;
		}
		buf[n] = '\0';
		if (n > 0 && buf[n - 1] == '\r')
			buf[--n] = '\0';
		if (lineno == 1) {
			if (strcmp(buf, SAVE_MAGIC) != 0 && strcmp(buf, DRAIN_MAGIC) != 0) {
				rc = ll_err_set(err, LL_EDATA, "%s:1: not a template file (expected \"%s\")", name,
						SAVE_MAGIC);
				break;
			}
			continue;
		}
		char *p = buf;
		unsigned long long id, lines;
		if (read_number(&p, &id) || read_number(&p, &lines)) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: expected \"id<TAB>lines<TAB>template\"", name, lineno);
			break;
		}
		if (id != t->ntpl) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: template id %llu out of sequence (expected %zu)", name,
					lineno, id, t->ntpl);
			break;
		}
		if (id >= UINT32_MAX - 1) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: too many templates", name, lineno);
			break;
		}
		if (load_template(t, p, strlen(p), lines) != LL_OK) {
			rc = ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", name, lineno);
			break;
		}
		if (ch == EOF)
			break;
	}
	if (rc == LL_OK && ferror(f))
		rc = ll_err_errno(err, LL_EIO, errno ? errno : EIO, "%s: cannot read templates", name);
	if (rc == LL_OK && lineno == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: empty file, not a template file", name);
	free(buf);
	if (rc != LL_OK)
		clear(t);
	else
		t->finished = 1;
	return rc;
}
