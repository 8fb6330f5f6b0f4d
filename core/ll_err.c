/*
 * ll_err.c - error messages and the mapping from status to exit code.
 */
#include "ll_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ll_err_clear(struct ll_err *err)
{
	if (!err)
		return;
	err->code = LL_OK;
	err->msg[0] = '\0';
}

static void vset(struct ll_err *err, int code, const char *fmt, va_list ap)
{
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int ll_err_set(struct ll_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int ll_err_errno(struct ll_err *err, int code, int errnum, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vset(err, code, fmt, ap);
	va_end(ap);
	size_t used = strlen(err->msg);
	snprintf(err->msg + used, sizeof err->msg - used, ": %s", strerror(errnum));
	return code;
}

int ll_exit_code(int status)
{
	switch (status) {
	case LL_OK:
		return 0;
	case LL_EUSAGE:
		return 1;
	case LL_EDATA:
		return 2;
	default:
		return 3;
	}
}

const char *ll_status_name(int status)
{
	switch (status) {
	case LL_OK:
		return "ok";
	case LL_EUSAGE:
		return "usage error";
	case LL_EDATA:
		return "data error";
	case LL_EIO:
		return "I/O error";
	case LL_ENOMEM:
		return "out of memory";
	case LL_ECANCEL:
		return "cancelled";
	default:
		return "error";
	}
}
