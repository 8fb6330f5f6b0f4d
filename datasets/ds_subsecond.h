/*
 * ds_subsecond.h - a time of whole seconds beside a column of the
 * second's fraction is one time.
 *
 * Serialisers that keep an instant exactly write it as two integers: Java's
 * Instant (log4j2's JSON layout: "instant": {"epochSecond": ..,
 * "nanoOfSecond": ..}), protobuf's Timestamp as an object ("seconds",
 * "nanos"), C's timespec and timeval ("tv_sec", "tv_nsec" / "tv_usec").
 * Read apart, the time keeps whole seconds only and events of one second
 * lose their order.
 */
#ifndef DS_SUBSECOND_H
#define DS_SUBSECOND_H

#include "ll_table.h"

/* The seconds one unit of a column called name counts when its name says
 * it holds the fraction of a second (1e-9 for "nanoOfSecond", "nanos",
 * "tv_nsec"; 1e-6 for "micros", "usec"; 1e-3 for "millis"); 0 for any
 * other name. Only the part after the last '.' counts, case and '_' or
 * '-' aside. */
double ds_subsecond_unit(const char *name);

/* Adds to every time column of whole seconds the fraction held by a
 * number column of the same parent (the name up to its last '.') whose
 * name ds_subsecond_unit knows, when all that column's values are whole
 * and below one second; the fraction column stays as it is. Notes each
 * join, naming path. LL_OK, or LL_ENOMEM. */
int ds_subsecond_columns(struct ll_table *t, const char *path);

#endif
