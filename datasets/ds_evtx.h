/*
 * ds_evtx.h - Windows event log files (.evtx: Security.evtx, System.evtx,
 * Sysmon's Operational log) read without Windows: each record is written
 * as the <Event> element Event Viewer's XML export holds for it, and the
 * "evtx" reader makes each its record by the XML reader's rules one at a
 * time (ds_xml_stream, ds_xmlrec.c): the table that document would give.
 *
 * The file is a 4 KiB header and 64 KiB chunks; a chunk holds records
 * whose events are Binary XML, mostly template instances: the template
 * (the event's element tree, kept once in the chunk) filled with the
 * record's substitution values. Damage is read around: a chunk whose
 * magic or checksums are wrong is skipped, a record that does not decode
 * is skipped, and past a damaged record header reading goes on at the
 * next whole record (its signature, size and the size's copy at its end).
 */
#ifndef DS_EVTX_H
#define DS_EVTX_H

#include "ll_err.h"

#include <stddef.h>
#include <stdint.h>

#define DS_EVTX_HEADER 4096
#define DS_EVTX_CHUNK 65536

/* 1 when data[0, n) begins as an event log file does ("ElfFile\0"). */
int ds_evtx_is(const char *data, size_t n);

/* What a read found. */
struct ds_evtx_stats {
	size_t chunks;         /* chunks that hold records, read */
	size_t empty_chunks;   /* never written (zeros): not damage */
	size_t bad_magic;      /* chunks that do not begin "ElfChnk\0": skipped */
	size_t bad_checksum;   /* chunks whose checksums are both wrong: skipped */
	size_t bad_tables;     /* header checksum wrong, records' checksum right: read */
	size_t unchecked;      /* chunks written without checksums (both zero): read */
	size_t records;        /* records written out */
	size_t bad_records;    /* records whose Binary XML does not decode: skipped */
	size_t lost_records;   /* records a chunk header counts, not found (damage or zeros) */
	size_t resynced;       /* damaged record headers read past: reading went on at the next whole record */
	size_t truncated;      /* 1 when the file ends inside a chunk */
	int dirty, full;       /* the header's flags: not closed cleanly; full */
};

/* The records of the event log data[0, size) as an XML document
 * (<Events><Event>...</Event>...</Events>) into *text (malloc'd, the caller
 * frees it) and *len; the text is checked against the memory limit as it
 * grows. LL_EDATA for a file that is no event log (its header). */
int ds_evtx_text(const char *path, const unsigned char *data, size_t size, char **text, size_t *len,
		 struct ds_evtx_stats *st, struct ll_err *err);

struct ds_source;
struct ds_open_opts;
struct ll_table;

/* The log read as the evtx reader did before it streamed its events: the
 * whole XML document (ds_evtx_text) through the XML reader. The reader
 * falls back on it, and the tests hold the streamed table to it. */
int ds_evtx_load_document(const struct ds_source *src, const struct ds_open_opts *opts, struct ll_table **out,
			  struct ll_err *err);

/* ---- Binary XML (ds_evtx_binxml.c) ---- */

struct ds_text;

/* Writes the Binary XML at chunk[at, end) as XML text to out: chunk is the
 * whole chunk (names and templates are found by their offset in it, and
 * must lie before limit). *budget is the tokens it may decode, less those
 * it did after (a bound on a chunk's work whatever its templates say). 1
 * when it decoded, 0 when it is damaged or out of budget (out may hold
 * part of it), -1 when out of memory. */
int ds_evtx_binxml(const unsigned char *chunk, size_t limit, size_t at, size_t end, unsigned long *budget,
		   struct ds_text *out);

#endif
