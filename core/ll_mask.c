/*
 * ll_mask.c - hand-written scanners for the masking rules of ll_mask.h.
 *
 * ll_mask_apply walks the text once. At each word boundary it asks only
 * the rules that can start with the byte there (a digit, a hex letter, '/',
 * ...) and replaces the first rule that matches by "<*>" (followed by the
 * number when the code mode keeps it). Every scanner
 * either has a small fixed maximum length or consumes what it scanned when
 * it succeeds and can only fail after a run that contains no further
 * boundary at which it could restart, so the whole pass stays linear even
 * on hostile input such as a megabyte of "1:1:1:...".
 */
#include "ll_mask.h"

#include <stdio.h>
#include <string.h>

static const char *const rule_names[LL_MASK_NRULES] = {
	"uuid", "block", "ipv6", "ipv4", "time", "hex", "size", "num", "path", "host", "kv",
};

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_word(unsigned char c)
{
	return is_digit(c) || is_alpha(c) || c == '_';
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* A match may end at j when nothing word-like follows. */
static int end_ok(const unsigned char *s, size_t j, size_t n)
{
	return j >= n || !is_word(s[j]);
}

static size_t count_digits(const unsigned char *s, size_t j, size_t n)
{
	size_t k = j;
	while (k < n && is_digit(s[k]))
		k++;
	return k - j;
}

static size_t count_hex(const unsigned char *s, size_t j, size_t n, size_t max)
{
	size_t k = j;
	while (k < n && k - j < max && is_hex(s[k]))
		k++;
	return k - j;
}

static size_t scan_uuid(const unsigned char *s, size_t i, size_t n)
{
	static const size_t groups[5] = {8, 4, 4, 4, 12};
	size_t j = i;
	for (int g = 0; g < 5; g++) {
		if (g > 0) {
			if (j >= n || s[j] != '-')
				return 0;
			j++;
		}
		if (count_hex(s, j, n, groups[g] + 1) != groups[g])
			return 0;
		j += groups[g];
	}
	return end_ok(s, j, n) ? j - i : 0;
}

static size_t scan_block(const unsigned char *s, size_t i, size_t n)
{
	if (n - i < 5 || memcmp(s + i, "blk_", 4) != 0)
		return 0;
	size_t j = i + 4;
	if (s[j] == '-')
		j++;
	size_t d = count_digits(s, j, n);
	if (d == 0)
		return 0;
	j += d;
	return end_ok(s, j, n) ? j - i : 0;
}

/* Hex groups of at most 4 digits joined by ':', with one "::" and at least
 * two colons, or exactly 8 groups. Gives up past 7 colons, which bounds the
 * scan: "1:2:3" times and "00:1a:2b:3c:4d:5e" MAC addresses do not match. */
static size_t scan_ipv6(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i, colons = 0, ndig = 0;
	int dbl = 0;
	/* not the tail of a longer colon run that failed to match */
	if (i >= 2 && s[i - 1] == ':' && (is_hex(s[i - 2]) || s[i - 2] == ':'))
		return 0;
	for (;;) {
		size_t g = count_hex(s, j, n, 5);
		if (g > 4)
			return 0;
		j += g;
		ndig += g;
		if (j + 1 < n && s[j] == ':' && s[j + 1] == ':') {
			if (dbl)
				return 0;
			dbl = 1;
			colons += 2;
			j += 2;
			if (j < n && s[j] == ':')
				return 0;
		} else if (j + 1 < n && s[j] == ':' && is_hex(s[j + 1])) {
			colons++;
			j++;
		} else {
			break;
		}
		if (colons > 7)
			return 0;
	}
	if (ndig == 0 || !end_ok(s, j, n))
		return 0;
	if ((dbl && colons >= 2) || (!dbl && colons == 7))
		return j - i;
	return 0;
}

static size_t scan_ipv4(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i;
	/* not the tail of a longer dotted number (1.2.3.4.5) */
	if (i >= 2 && s[i - 1] == '.' && is_digit(s[i - 2]))
		return 0;
	for (int g = 0; g < 4; g++) {
		if (g > 0) {
			if (j >= n || s[j] != '.')
				return 0;
			j++;
		}
		size_t d = count_digits(s, j, n);
		if (d == 0 || d > 3)
			return 0;
		j += d;
	}
	/* 1.2.3.4.5 is a version or an OID, not an address */
	if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1]))
		return 0;
	if (j + 1 < n && s[j] == ':' && is_digit(s[j + 1])) {
		size_t d = count_digits(s, j + 1, n);
		if (d <= 5)
			j += 1 + d;
	}
	return end_ok(s, j, n) ? j - i : 0;
}

static size_t scan_time(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i;
	size_t d = count_digits(s, j, n);
	if (d == 0 || d > 2)
		return 0;
	j += d;
	for (int g = 0; g < 2; g++) {
		if (j >= n || s[j] != ':' || count_digits(s, j + 1, n) != 2)
			return 0;
		j += 3;
	}
	if (j + 1 < n && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]))
		j += 1 + count_digits(s, j + 1, n);
	return end_ok(s, j, n) ? j - i : 0;
}

static size_t scan_hex(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i;
	if (n - i >= 3 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && is_hex(s[i + 2])) {
		j = i + 2;
		while (j < n && is_hex(s[j]))
			j++;
		return end_ok(s, j, n) ? j - i : 0;
	}
	int letter = 0, digit = 0;
	while (j < n && is_hex(s[j])) {
		if (is_digit(s[j]))
			digit = 1;
		else
			letter = 1;
		j++;
	}
	if (j - i < 8 || !letter || !digit)
		return 0;
	return end_ok(s, j, n) ? j - i : 0;
}

/* Digits with at most one decimal part; 0 when there is none. */
static size_t scan_decimal(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i + count_digits(s, i, n);
	if (j == i)
		return 0;
	if (j + 1 < n && s[j] == '.' && is_digit(s[j + 1]))
		j += 1 + count_digits(s, j + 1, n);
	return j - i;
}

static size_t scan_size(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i + scan_decimal(s, i, n);
	if (j == i)
		return 0;
	if (j < n && s[j] == ' ')
		j++;
	if (j < n && s[j] != '\0' && strchr("KkMGTP", s[j])) {
		j++;
		if (j < n && s[j] == 'i')
			j++;
	}
	if (j >= n || s[j] != 'B')
		return 0;
	j++;
	return end_ok(s, j, n) ? j - i : 0;
}

static size_t scan_num(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i;
	if (s[j] == '-' || s[j] == '+')
		j++;
	if (j >= n || !is_digit(s[j]))
		return 0;
	j += scan_decimal(s, j, n);
	return end_ok(s, j, n) ? j - i : 0;
}

static int path_stop(unsigned char c)
{
	return is_space(c) || c == ',' || c == ';' || c == '"' || c == '\'' || c == ')' || c == ']' ||
	       c == '}' || c == '<' || c == '>' || c == '|';
}

/* '/' and a run of path bytes holding at least one more '/' after a name,
 * so "/a/b" and "/v2/x/servers/detail" match but "/proc" and "/" do not. */
static size_t scan_path(const unsigned char *s, size_t i, size_t n)
{
	if (s[i] != '/')
		return 0;
	size_t j = i + 1, slashes = 1;
	int name = 0, name_before_slash = 0;
	while (j < n && !path_stop(s[j])) {
		if (s[j] == '/') {
			slashes++;
			if (name)
				name_before_slash = 1;
		} else {
			name = 1;
		}
		j++;
	}
	return (slashes >= 2 && name_before_slash) ? j - i : 0;
}

/* Runs of [A-Za-z0-9_-] joined by single dots, three runs or more. */
static size_t scan_host(const unsigned char *s, size_t i, size_t n)
{
	size_t j = i, parts = 0;
	for (;;) {
		size_t k = j;
		while (k < n && (is_word(s[k]) || s[k] == '-'))
			k++;
		if (k == j)
			return 0;
		parts++;
		j = k;
		if (j + 1 < n && s[j] == '.' && (is_word(s[j + 1]) || s[j + 1] == '-'))
			j++;
		else
			break;
	}
	return parts >= 3 ? j - i : 0;
}

static size_t kv_value(const unsigned char *s, size_t j, size_t n)
{
	size_t k = j;
	while (k < n && !path_stop(s[k]) && s[k] != '&')
		k++;
	return k - j;
}

/* Rules that can start with byte c. */
static unsigned start_rules(unsigned char c)
{
	if (is_digit(c))
		return LL_MASK_UUID | LL_MASK_IPV6 | LL_MASK_IPV4 | LL_MASK_TIME | LL_MASK_HEX |
		       LL_MASK_SIZE | LL_MASK_NUM | LL_MASK_HOST;
	if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
		return LL_MASK_UUID | LL_MASK_IPV6 | LL_MASK_HEX | LL_MASK_HOST | (c == 'b' ? LL_MASK_BLOCK : 0u);
	if (is_alpha(c) || c == '_')
		return LL_MASK_HOST;
	if (c == '-' || c == '+')
		return LL_MASK_NUM;
	if (c == '/')
		return LL_MASK_PATH;
	if (c == ':')
		return LL_MASK_IPV6;
	return 0;
}

/* Length of the first rule in priority order matching at i, or 0; *num
 * says whether that rule is num. */
static size_t try_rules(unsigned rules, const unsigned char *s, size_t i, size_t n, int *num)
{
	size_t m;
	*num = 0;
	if ((rules & LL_MASK_UUID) && (m = scan_uuid(s, i, n)))
		return m;
	if ((rules & LL_MASK_BLOCK) && (m = scan_block(s, i, n)))
		return m;
	if ((rules & LL_MASK_IPV6) && (m = scan_ipv6(s, i, n)))
		return m;
	if ((rules & LL_MASK_IPV4) && (m = scan_ipv4(s, i, n)))
		return m;
	if ((rules & LL_MASK_TIME) && (m = scan_time(s, i, n)))
		return m;
	if ((rules & LL_MASK_HEX) && (m = scan_hex(s, i, n)))
		return m;
	if ((rules & LL_MASK_HOST) && (m = scan_host(s, i, n)))
		return m;
	if ((rules & LL_MASK_SIZE) && (m = scan_size(s, i, n)))
		return m;
	if ((rules & LL_MASK_NUM) && (m = scan_num(s, i, n))) {
		*num = 1;
		return m;
	}
	if ((rules & LL_MASK_PATH) && (m = scan_path(s, i, n)))
		return m;
	return 0;
}

/* Bytes that join a number to a larger value: a version (1.2.3-4), a
 * date (2024-01-05), a time, a range (3-7), a ratio or a path. */
static int glue(unsigned char c)
{
	return c == '.' || c == '-' || c == '+' || c == ':' || c == '/';
}

/* Whether the number num matched at s[i..i+m) keeps its digits after
 * "<*>" (LL_MASK_CODE in ll_mask.h). A glue byte may end a sentence or a
 * key ("code 137.", "event 4625: ..."), so one followed by a space or the
 * end of the text does not count. */
static int keep_code(unsigned masks, const unsigned char *s, size_t i, size_t m, size_t n)
{
	if (!(masks & LL_MASK_CODE) || m > 4)
		return 0;
	for (size_t k = 0; k < m; k++)
		if (!is_digit(s[i + k]))
			return 0;
	if (i > 0 && glue(s[i - 1]))
		return 0;
	size_t j = i + m;
	return !(j < n && glue(s[j]) && j + 1 < n && !is_space(s[j + 1]));
}

size_t ll_mask_apply(unsigned masks, const char *in, size_t len, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;
	while (i < len) {
		unsigned char c = s[i];
		unsigned rules = start_rules(c) & masks;
		if (rules && (i == 0 || !is_word(s[i - 1]))) {
			int num;
			size_t m = try_rules(rules, s, i, len, &num);
			if (m) {
				size_t keep = num && keep_code(masks, s, i, m, len) ? m : 0;
				if (cap - o < 3 + keep)
					break;
				memcpy(out + o, LL_MASK_WILDCARD, 3);
				memcpy(out + o + 3, s + i, keep);
				o += 3 + keep;
				i += m;
				continue;
			}
		}
		if (c == '=' && (masks & LL_MASK_KV) && i > 0 && is_word(s[i - 1])) {
			size_t v = kv_value(s, i + 1, len);
			if (v) {
				if (cap - o < 4)
					break;
				memcpy(out + o, "=" LL_MASK_WILDCARD, 4);
				o += 4;
				i += 1 + v;
				continue;
			}
		}
		if (o >= cap)
			break;
		out[o++] = (char)c;
		i++;
	}
	return o;
}

const char *ll_mask_name(unsigned rule)
{
	for (int k = 0; k < LL_MASK_NRULES; k++)
		if (rule == (1u << k))
			return rule_names[k];
	return rule == LL_MASK_CODE ? "code" : NULL;
}

char *ll_mask_format(unsigned masks, char *buf)
{
	unsigned code = masks & LL_MASK_CODE;
	masks &= LL_MASK_ALL;
	size_t n;
	if (masks == 0 || masks == LL_MASK_ALL) {
		n = (size_t)snprintf(buf, LL_MASK_SPEC_MAX, "%s", masks ? "all" : "none");
	} else {
		n = (size_t)snprintf(buf, LL_MASK_SPEC_MAX, "default");
		for (int k = 0; k < LL_MASK_NRULES; k++) {
			unsigned bit = 1u << k;
			if ((masks & bit) != (LL_MASK_DEFAULT & bit))
				n += (size_t)snprintf(buf + n, LL_MASK_SPEC_MAX - n, ",%c%s", masks & bit ? '+' : '-',
						      rule_names[k]);
		}
	}
	if (code)
		snprintf(buf + n, LL_MASK_SPEC_MAX - n, ",+code");
	return buf;
}

unsigned ll_mask_from_name(const char *name, size_t len)
{
	for (int k = 0; k < LL_MASK_NRULES; k++)
		if (strlen(rule_names[k]) == len && memcmp(rule_names[k], name, len) == 0)
			return 1u << k;
	if (len == 4 && memcmp(name, "code", 4) == 0)
		return LL_MASK_CODE;
	return 0;
}

static int word_is(const char *p, size_t len, const char *w)
{
	return strlen(w) == len && memcmp(p, w, len) == 0;
}

int ll_mask_parse(const char *spec, unsigned *masks, struct ll_err *err)
{
	if (!spec || !masks)
		return ll_err_set(err, LL_EUSAGE, "mask list: missing argument");
	unsigned set = *masks;
	const char *p = spec;
	for (;;) {
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		const char *a = p, *b = end;
		while (a < b && is_space((unsigned char)*a))
			a++;
		while (b > a && is_space((unsigned char)b[-1]))
			b--;
		if (a < b) {
			int on = 1;
			if (*a == '+' || *a == '-') {
				on = *a == '+';
				a++;
			}
			size_t len = (size_t)(b - a);
			unsigned bit;
			if (word_is(a, len, "default"))
				set = on ? LL_MASK_DEFAULT : set & ~LL_MASK_DEFAULT;
			else if (word_is(a, len, "all"))
				set = on ? LL_MASK_ALL : 0u;
			else if (word_is(a, len, "none"))
				set = 0u;
			else if ((bit = ll_mask_from_name(a, len)) != 0)
				set = on ? set | bit : set & ~bit;
			else
				return ll_err_set(err, LL_EUSAGE,
						  "mask list \"%s\": unknown mask \"%.*s\" (known: uuid, block, "
						  "ipv6, ipv4, time, hex, size, num, path, host, kv, code, "
						  "default, all, none)",
						  spec, (int)len, a);
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*masks = set;
	return LL_OK;
}
