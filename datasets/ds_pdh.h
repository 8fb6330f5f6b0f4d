/*
 * ds_pdh.h - Windows performance logs as typeperf, relog and Performance
 * Monitor write them (PDH-CSV, PDH-TSV): their local times read in UTC.
 *
 * The first header cell declares the format, the machine's time zone and
 * its bias in minutes, "(PDH-CSV 4.0) (Pacific Standard Time)(480)"; the
 * rows' times are local wall time and UTC is local + bias (Windows' sign).
 * The bias is the zone's when the log began ("Pacific Daylight Time"
 * comes with 420): whether the clocks changed to or from summer time
 * while it ran the header does not say, so one bias holds for every row.
 */
#ifndef DS_PDH_H
#define DS_PDH_H

#include "ll_err.h"
#include "ll_table.h"

#include <stddef.h>

struct ds_pdh {
	char zone[64];	/* "Pacific Standard Time" */
	int bias;	/* minutes: UTC = local + bias */
	char cell[128]; /* the header cell as written, unquoted */
};

/* 1 when the first line of data (a UTF-8 BOM and a quote allowed) opens
 * with a PDH header cell, which *out then describes; 0 when not. */
int ds_pdh_detect(const char *data, size_t size, struct ds_pdh *out);

/* Where the last line with text starts when it holds only blank cells,
 * quoted or not (typeperf ends its log with '" "," ",...'); 0 when the
 * last line is no such line. */
size_t ds_pdh_blank_tail(const char *data, size_t size, char delim);

/* Column col of t holds the log's local times: shifted to UTC by the
 * bias, with a note naming the zone, the bias and the header cell; a
 * column of no times keeps its values, and its note says so when it was
 * renamed. */
int ds_pdh_to_utc(struct ll_table *t, size_t col, const struct ds_pdh *pdh, const char *path, struct ll_err *err);

#endif
