/*
 * ll_mask.h - masking of variable parts of a log line before templating.
 *
 * Each mask is a named rule (numbers, IPv4, IPv6, hex, paths, HDFS block
 * ids, UUIDs, times, sizes, dotted host/class names, key=value values) with
 * a hand-written scanner; a regex engine would dominate the cost of mining
 * templates. Rules are bits in an unsigned set so a caller (or a config
 * file, through ll_mask_parse) switches each on or off. A matched span is
 * replaced by "<*>", the wildcard token of ll_drain; the code mode
 * (LL_MASK_CODE) writes a short number that stands alone as "<*>" and
 * its digits, so a tokenizer sees both.
 *
 * A rule only starts at a word boundary (start of text or after a byte that
 * is not a letter, digit or '_') and, except for "kv", only ends before a
 * byte that is not a letter, digit or '_', so "R02-M1" or "deadline1" are
 * left alone while "node-246" becomes "node-<*>".
 */
#ifndef LL_MASK_H
#define LL_MASK_H

#include <stddef.h>

#include "ll_err.h"

enum ll_mask_rule {
	LL_MASK_UUID = 1u << 0,  /* 8-4-4-4-12 hex digits with dashes */
	LL_MASK_BLOCK = 1u << 1, /* HDFS block id: blk_123, blk_-123 */
	LL_MASK_IPV6 = 1u << 2,  /* hex groups with "::" or exactly 8 groups */
	LL_MASK_IPV4 = 1u << 3,  /* a.b.c.d with an optional :port */
	LL_MASK_TIME = 1u << 4,  /* hh:mm:ss with optional fraction */
	LL_MASK_HEX = 1u << 5,   /* 0x1f, or >= 8 hex digits with a letter and a digit */
	LL_MASK_SIZE = 1u << 6,  /* number and unit: 12 KB, 3.5GiB, 100 B */
	LL_MASK_NUM = 1u << 7,   /* integer or decimal, optionally signed */
	LL_MASK_PATH = 1u << 8,  /* absolute path of two or more parts: /a/b */
	LL_MASK_HOST = 1u << 9,  /* three or more dotted parts: a.b.c, org.x.Y */
	LL_MASK_KV = 1u << 10,   /* the value in key=value (the key stays) */
	/* Not a rule but a mode of num, outside "all" and the default so that
	 * saved specs keep their meaning: a whole number of 1 to 4 digits that
	 * num masks and that stands alone (no '.', '-', '+', ':' or '/' glued
	 * to it, so not part of a version, date, time, range or path) is written
	 * "<*>" followed by its digits. A status, exit code or event id is then
	 * a token beside the wildcard; longer numbers (ids, counters, times)
	 * stay hidden, so lines still share their template. */
	LL_MASK_CODE = 1u << 11
};

#define LL_MASK_NRULES 11
/* On unless switched off: all but the dotted-name and key=value rules,
 * which also hide words that are often the constant part of a message. */
#define LL_MASK_DEFAULT                                                                         \
	(LL_MASK_UUID | LL_MASK_BLOCK | LL_MASK_IPV6 | LL_MASK_IPV4 | LL_MASK_TIME | LL_MASK_HEX | \
	 LL_MASK_SIZE | LL_MASK_NUM | LL_MASK_PATH)
#define LL_MASK_ALL ((1u << LL_MASK_NRULES) - 1u)
/* Every bit a mask set may hold: the rules and the code mode. */
#define LL_MASK_ANY (LL_MASK_ALL | LL_MASK_CODE)

/* The replacement for a masked span. */
#define LL_MASK_WILDCARD "<*>"

/* Name of one rule bit ("num", "ipv4", ...) or of LL_MASK_CODE ("code"),
 * or NULL for anything else. */
const char *ll_mask_name(unsigned rule);

/* The bit called name (len bytes; a rule or "code"), or 0 when there is
 * none. The names "default", "all" and "none" are not rules; see
 * ll_mask_parse. */
unsigned ll_mask_from_name(const char *name, size_t len);

/* Parses a comma-separated list applied left to right to *masks:
 * "name" or "+name" switches a rule (or the code mode) on, "-name" off,
 * "default", "all" and "none" set the whole set (the code mode off).
 * Example: "default,-path,+kv,+code". Spaces around
 * items are ignored. On error *masks is unchanged and err names the item. */
int ll_mask_parse(const char *spec, unsigned *masks, struct ll_err *err);
/* The spec ll_mask_parse reads back as masks, as short as the default
 * allows: "default", "none", "all", or "default" followed by "-name" and
 * "+name" items in rule order ("default,-num,+kv"), then ",+code" when
 * the code mode is on. Writes it NUL-ended
 * into buf (at least LL_MASK_SPEC_MAX bytes) and returns buf. */
#define LL_MASK_SPEC_MAX 128
char *ll_mask_format(unsigned masks, char *buf);

/* Writes the masked form of in[0..len) to out, at most cap bytes (no NUL
 * is added; with LL_MASK_CODE a kept code makes a one-byte value four
 * bytes, "<*>7", otherwise at most three). Stops early, never inside a "<*>", when out is full. Returns
 * the number of bytes written. Allocates nothing; linear in len. */
size_t ll_mask_apply(unsigned masks, const char *in, size_t len, char *out, size_t cap);

#endif
