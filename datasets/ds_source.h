/*
 * ds_source.h - the bytes of one input, however they are stored.
 *
 * A plain file is mapped read-only (no copy, pages come in as a reader
 * touches them); a gzip file (detected by its magic bytes, not its name)
 * is inflated into memory. Readers see one contiguous buffer either way,
 * with a UTF-8 byte order mark left out and, in a file whose lines end
 * with CR alone (classic Mac OS), every CR turned into LF (in a copy), so
 * every reader sees LF or CRLF line ends.
 * Every failure names the path and the cause: missing file, directory, no
 * permission, truncated or corrupt gzip. A URL (http, https, s3) is first
 * fetched through the download cache (ds_remote.h) and then opened the
 * same way; path stays the URL so messages name what the user typed.
 */
#ifndef DS_SOURCE_H
#define DS_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ll_err.h"

struct ds_line_map;

struct ds_source {
	char *path;        /* as given, owned */
	const char *data;  /* size bytes; not NUL-terminated; NULL when size == 0 */
	size_t size;
	int gzipped;       /* 1 when data was inflated from gzip */
	int latin1;        /* 1 when data is the UTF-8 form of Latin-1 text (ds_latin1.h) */
	off_t file_size;   /* bytes on disk */
	long long mtime;   /* seconds since the epoch of the file's modification */
	char *note;        /* a notice for the user (e.g. a URL served from the cache
			    * while offline), or NULL; owned */
	/* NULL, or when data is text a reader made from the file (a CSV for
	 * the CSV loader): the file's line of each of its lines, so messages
	 * name those; not owned */
	const struct ds_line_map *line_map;
	/* private */
	int mapped;
	void *map;      /* the mapping, map_len bytes, when mapped */
	size_t map_len;
	void *owned;
};

/* Removes terminal escape codes (ANSI CSI sequences such as colours, and
 * OSC sequences such as titles and links) from s[0, n) in place; returns
 * the new length. A file opened with ds_source_open has them removed
 * already when its start holds some; this is for text read otherwise
 * (a followed log's new lines). */
size_t ds_strip_escapes(char *s, size_t n);
/* Length of the terminal control sequence at s[0, n) (starting with ESC):
 * CSI (colours, cursor moves, erasing) or OSC (titles, links) on one line;
 * 0 for anything else. */
size_t ds_escape_len(const unsigned char *s, size_t n);
/* Whether the text after the escape sequence s[0, k) is concealed, hidden
 * before it or not: SGR 8 conceals (a terminal shows nothing of what
 * follows; Jenkins hides its console notes so), SGR 0, 28 or an empty SGR
 * reveal; other sequences change nothing. Removers drop concealed text up
 * to the line's end, which reveals it, so lines keep their number. */
int ds_escape_conceals(const unsigned char *s, size_t k, int hidden);
/* 1 when data[0, n) (a text's start) is one ds_source_open removes escape
 * codes from: its first 64 KiB hold at least two. */
int ds_escapes_sniff(const char *data, size_t n);
/* 1 when data[0, n) (a text's start) has its lines end with CR alone: no
 * LF in its first 64 KiB but some CR (or two CRs and one LF, the data's
 * last byte), and no NUL: binary data is left as it is (ds_source_open
 * turns them into LF). */
int ds_cr_only_sniff(const char *data, size_t n);

/* Opens path. On failure returns LL_EIO (cannot read) or LL_EDATA (bad gzip). */
int ds_source_open(struct ds_source **out, const char *path, struct ll_err *err);
/* ds_source_open; a file of no stated size (procfs, sysfs, some FUSE file
 * systems) whose first 64 KiB are binary bytes of no known kind is refused
 * at once (LL_EDATA, the binary data message) unless any_bytes - a format
 * was named, --format lines reads anything. The rest of such a file is
 * read within LOGLAB_MEMORY_MAX. Standard input ("-") is judged so too.
 */
int ds_source_open_as(struct ds_source **out, const char *path, int any_bytes, struct ll_err *err);
void ds_source_close(struct ds_source *src);
/* Judges the first bytes of an input that may be endless (a file of no
 * stated size, standard input; a ds_read_judge, ctx its name as a
 * string): binary bytes of no kind loglab knows (/proc/self/pagemap,
 * /dev/urandom piped in) are refused as any binary file is (LL_EDATA),
 * before the rest is read. Compressed data, UTF-16 text and binary files
 * of a known kind (a journal, a workbook) are read on. */
int ds_source_judge_start(const char *head, size_t n, void *ctx, struct ll_err *err);

/* Iterates lines: *pos is the offset of the next line; on return *line and *len
 * describe it without its "\n" or "\r\n". Returns 0 at the end. The last
 * line need not end with a newline. */
int ds_source_next_line(const char *data, size_t size, size_t *pos, const char **line, size_t *len);

/* 1 when the file shrank while mapped (ds_mapguard.h): the bytes past its
 * new end read as NULs. */
int ds_source_shrunk(const struct ds_source *src);
/* 1 when data is the file's own bytes, from byte *off of the file on (a
 * mapped plain file, not a copy), so a reader may pread them instead of
 * touching the mapping; else 0. */
int ds_source_file_offset(const struct ds_source *src, uint64_t *off);
/* A descriptor of the file whose bytes data are (as ds_source_file_offset
 * says, with *off), opened again, when it is still the file mapped as far
 * as its size and modification time tell; else -1. */
int ds_source_reopen(const struct ds_source *src, uint64_t *off);
/* The year of timestamps (syslog's "Jun 14 15:16:01") that carry none,
 * for the file's first line: the year of a date (yyyy-MM-dd) in a
 * preamble first line, one that starts with "--" or "#" (journalctl's
 * "-- Logs begin at Wed 2019-10-02 02:18:24 UTC, ..."), else the UTC year
 * of the file's modification time (which a copied or downloaded file does
 * not keep), less one when the newest yearless stamp would then be more
 * than a day newer than the file, and one more less when the year turned
 * in the file (ds_year_walk; the reading moves it on, ds_year_ctx). */
int ds_source_year(const struct ds_source *src);
/* Whether the year turns in a file's yearless stamps, each read in one
 * year and fed in line order, as the reading turns it
 * (ds_parse_time_in_context): a step back of more than half a year is a
 * new year; a smaller one is lines out of order (a log written newest
 * first, threads), no turn. The stamps may come in stretches (a file's
 * head and tail) with lines unseen between (ds_year_walk_gap): there a
 * step back of more than a day is a turn too when no stretch itself
 * steps back more than a day (a log in time order whose unseen middle
 * crossed a new year). Once at most: a log spans less than a year (the
 * reading may turn again; a file's year is its first line's). The single
 * file's year (ds_source_year) and a fleet's (ds_fleet.c) both judge so,
 * so a file reads alike alone and in a fleet. */
struct ds_year_walk {
	double last;     /* the last stamp fed, in the one year */
	double top;      /* the latest since the last turn */
	double max;      /* the latest of all */
	int have;
	int gap;         /* lines unseen before the next stamp */
	int back;        /* a stretch stepped back more than a day */
	int turns;       /* half-year steps back */
	int gap_turns;   /* steps back of more than a day across gaps */
};
void ds_year_walk_stamp(struct ds_year_walk *w, double v);
void ds_year_walk_gap(struct ds_year_walk *w);
/* 1 when the year turned: a half-year step back, or a gap's step back
 * when no stretch stepped back. */
int ds_year_walk_turned(const struct ds_year_walk *w);
/* The newest stamp, in the year of the walk's end (after a turn, the
 * latest since it). */
double ds_year_walk_newest(const struct ds_year_walk *w);
/* 1 when ds_year_walk_turned says so on a gap's step back alone: a guess
 * only the unseen lines can settle (an ordered log that crossed a new year
 * there steps back half a year at its turn; one that jumps back by months,
 * Oct 30 then Jul 26, never turns as the reading goes): the caller walks
 * every line instead, without gaps. */
int ds_year_walk_guessed(const struct ds_year_walk *w);
/* What gave a file its year (ds_source_year_from). */
enum ds_year_evidence {
	DS_YEAR_BY_MTIME, /* the modification time (or nothing else) */
	DS_YEAR_BY_NAME,  /* a date in the file's name */
	DS_YEAR_BY_LINES, /* a preamble's date or a dated line's year */
};
/* ds_source_year, and before the modification time a date in the file's
 * name ("2023-07-15T21:18:51-kubelet.log.txt", "syslog-20240105") near
 * its first yearless stamp (ds_name_date_year); *by (may be NULL) says
 * which evidence gave the year. */
int ds_source_year_from(const struct ds_source *src, enum ds_year_evidence *by);
/* When year (the one the file is read in) is the one its name gives
 * (ds_source_year_from), a note saying so joins src->note: the user
 * sees where a year no line carries came from. */
int ds_source_note_year(struct ds_source *src, int year, struct ll_err *err);

/* A source of text[0, len) that a reader made from file (a CSV of a W3C
 * log's fields, say) for another reader to load: the file's path, times
 * and size, the text in place of its bytes, map the file's line of each
 * of the text's lines (may be NULL). It owns nothing: neither closed nor
 * freed, it lives as long as file, text and map. */
struct ds_source ds_source_made_from(const struct ds_source *file, const char *text, size_t len,
				     const struct ds_line_map *map);

/* 1 when the first bytes look like text (few NULs / control bytes). */
int ds_looks_like_text(const char *data, size_t n);

/* Whether data (a file's first bytes) is UTF-16 text: 'L' little-endian,
 * 'B' big-endian, 0 not. With a byte order mark (*bom = 1) the mark says;
 * without one (*bom = 0) the NUL pattern of text does: in the first 4 KiB
 * at least 9 units in 10 have their high byte NUL and their low byte a
 * printable ASCII character or a blank, line end or tab, which binary data
 * and UTF-8 text never show. bom may be NULL. */
int ds_source_utf16(const char *data, size_t n, int *bom);

#endif
