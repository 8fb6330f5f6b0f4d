/*
 * ds_named_unit.h - a column whose name gives its unit in brackets and
 * whose cells repeat it after each number.
 *
 * Query tools that export CSV name a column's unit and write it again in
 * every cell (nvidia-smi --format=csv: "power.draw [W]" over "71.52 W",
 * "clocks.sm [MHz]" over "1410 MHz"); units loglab has no reading for (watts,
 * hertz, degrees) would leave such a column text. The name says what the
 * unit is, so the number before it is the value, in that unit.
 */
#ifndef DS_NAMED_UNIT_H
#define DS_NAMED_UNIT_H

#include <stddef.h>

#include "ll_table.h"

/* The unit a column's name ends with in brackets or parentheses ("[W]",
 * "(MHz)", "[km/h]"): its offset in name into *off and its length; 0 when
 * there is none (no closing bracket last, an empty or long unit, or one
 * that is a number). */
size_t ds_named_unit_of(const char *name, size_t *off);

/* Turns to numbers every text column (not the label source) whose name
 * gives a unit (ds_named_unit_of) and whose every non-missing cell is a
 * number followed, after blanks or none, by that unit; and every other
 * text column whose every non-missing cell is a number, blanks and one
 * same unit of physical measure (W, V, A, Hz, MHz, C, RPM...: XML and JSON
 * reports such as nvidia-smi's write "71.52 W" under a bare name); notes
 * the columns turned, naming path. LL_OK, or LL_ENOMEM. */
int ds_named_unit_columns(struct ll_table *t, const char *path);

#endif
