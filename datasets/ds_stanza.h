/*
 * ds_stanza.h - records written as "Key: value" lines, a record after
 * another: the text form of Windows' event logs (wevtutil qe /f:text:
 * "Event[0]:" over "  Log Name: System" ...), a database client's
 * vertical rows (mysql's \G under "*** 1. row ***"), package and device
 * listings (dpkg -s, lsblk -P is not one: its pairs share a line).
 *
 * Read a line at a time, each field of a record was a row of its own and
 * nothing lined the records up. Here a record is a row and a key a
 * column. A record ends at a line that is no pair (a title such as
 * "Event[1]:", a rule of stars), or where the key that opened it comes
 * again. A key with no value on its line takes the lines below it up to
 * a blank line (wevtutil's "Description:"), each a line of its value, as
 * a key's value takes the lines below indented past the key (folded as
 * in mail headers, wrapped by PowerShell's Format-List); another key met
 * again inside a record keeps its first value.
 */
#ifndef DS_STANZA_H
#define DS_STANZA_H

#include <stddef.h>

#include "ds_reader.h"

/* 1 when line s[0..n) is a pair "Key: value": blanks or tabs, a key (a
 * letter, then up to 40 letters, digits, blanks and _-./() with no two
 * blanks together), maybe blanks that line the colons up, a colon, then
 * blanks and the value (maybe empty). The key and value spans (both
 * without the blanks around them) point into s. */
int ds_stanza_pair(const char *s, size_t n, struct ds_span *key, struct ds_span *value);

extern const struct ds_reader ds_stanza_reader;

#endif
