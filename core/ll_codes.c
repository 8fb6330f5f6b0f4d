/*
 * ll_codes.c - the set of kept numbers of ll_codes.h and its text form.
 */
#include "ll_codes.h"

#include <errno.h>
#include <string.h>

#include "ll_mask.h"

long ll_codes_index(const char *s, size_t len)
{
	if (len < 2 || len > 4)
		return -1;
	long v = 0;
	for (size_t k = 0; k < len; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	/* "00".."99" first, then "000".."999", then "0000".."9999" */
	return len == 2 ? v : len == 3 ? 100 + v : 1100 + v;
}

int ll_codes_apply(unsigned masks)
{
	return (masks & (LL_MASK_NUM | LL_MASK_CODE)) == (LL_MASK_NUM | LL_MASK_CODE);
}

void ll_codes_note(struct ll_codes *c, const struct ll_token *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long k = ll_codes_index(t[i].s, t[i].len);
		if (k >= 0 && !c->seen[k]) {
			c->seen[k] = 1;
			c->count++;
		}
	}
}

int ll_codes_keep(const struct ll_codes *c, const char *s, size_t len)
{
	long k = ll_codes_index(s, len);
	return k < 0 || c->seen[k];
}

/* The code of slot k, NUL-ended in buf (5 bytes). */
static void code_text(long k, char *buf)
{
	size_t len = k < 100 ? 2 : k < 1100 ? 3 : 4;
	long v = k < 100 ? k : k < 1100 ? k - 100 : k - 1100;
	for (size_t i = len; i-- > 0; v /= 10)
		buf[i] = (char)('0' + v % 10);
	buf[len] = '\0';
}

int ll_codes_save(const struct ll_codes *c, FILE *f, const char *name, struct ll_err *err)
{
	fprintf(f, "codes %zu\n", c->count);
	size_t on_line = 0;
	char buf[5];
	for (long k = 0; k < LL_CODES_N; k++) {
		if (!c->seen[k])
			continue;
		code_text(k, buf);
		fprintf(f, "%s%s", on_line ? " " : "", buf);
		if (++on_line == 20) {
			fputc('\n', f);
			on_line = 0;
		}
	}
	if (on_line)
		fputc('\n', f);
	fputs("end\n", f);
	if (fflush(f) != 0 || ferror(f))
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot write the codes", name);
	return LL_OK;
}

int ll_codes_load(FILE *f, const char *name, struct ll_codes *c, int *found, struct ll_err *err)
{
	memset(c, 0, sizeof *c);
	*found = 0;
	char buf[256];
	if (!fgets(buf, sizeof buf, f))
		return LL_OK;
	size_t want;
	char tail;
	if (sscanf(buf, "codes %zu%c", &want, &tail) != 2 || tail != '\n' || want > LL_CODES_N)
		return ll_err_set(err, LL_EDATA, "%s: expected \"codes <count>\" after the weights", name);
	size_t lineno = 1;
	while (c->count < want) {
		if (!fgets(buf, sizeof buf, f))
			return ll_err_set(err, LL_EDATA, "%s: the codes end after %zu of %zu", name, c->count, want);
		lineno++;
		for (char *p = buf; *p && *p != '\n';) {
			size_t len = strspn(p, "0123456789");
			long k = ll_codes_index(p, len);
			if (k < 0 || c->seen[k] || (p[len] != ' ' && p[len] != '\n' && p[len] != '\0'))
				return ll_err_set(err, LL_EDATA,
						  "%s: codes line %zu: expected distinct numbers of 2 to 4 digits", name,
						  lineno);
			c->seen[k] = 1;
			c->count++;
			p += len + (p[len] == ' ');
		}
	}
	if (c->count != want || !fgets(buf, sizeof buf, f) || strcmp(buf, "end\n") != 0)
		return ll_err_set(err, LL_EDATA, "%s: expected %zu codes, then \"end\"", name, want);
	*found = 1;
	return LL_OK;
}
