/*
 * ds_binary.h - naming the binary files people point loglab at: a systemd
 * journal, a Windows event log, a packet capture, a database, an archive.
 * "binary data" alone leaves them guessing; the file's kind and the
 * command that turns it into something loglab reads (JSON Lines, CSV) do
 * not. Told by magic bytes only.
 */
#ifndef DS_BINARY_H
#define DS_BINARY_H

#include <stddef.h>

#include "ll_err.h"

/* What data[0, size) is, when its first bytes say so: its name ("a systemd
 * journal file") into *name and the way to text ("journalctl --file PATH
 * -o json > PATH.jsonl writes it as JSON Lines") into *how, both static
 * strings, how with PATH for the file; 0 for bytes of no kind known here. */
int ds_binary_kind(const char *data, size_t size, const char **name, const char **how);

/* LL_EDATA for binary data at path whose first NUL is at nul_off: its kind
 * and the way to text when known, else "not a log or table; use --format
 * lines to read it anyway". */
int ds_binary_refuse(const char *path, const char *data, size_t size, size_t nul_off, struct ll_err *err);

/* "binary data (NUL byte at offset N)", or "binary data (a systemd journal
 * file)", into buf: what a fleet's note says of a file it leaves out. */
void ds_binary_describe(const char *data, size_t size, size_t nul_off, char *buf, size_t cap);

#endif
