/*
 * ds_json.h - what the JSON reader (ds_json.c) offers beside its readers
 * (ds_json_readers in ds_reader.h): a switch for tests, and the reading
 * of byte arrays as text.
 */
#ifndef DS_JSON_H
#define DS_JSON_H

#include "ll_err.h"
#include "ll_table.h"

/* 1: the reference reading, which the faster ones must match: every JSON
 * document parsed whole into one tree, and JSON Lines parsed into trees
 * (cJSON), again in the second pass; 0 (the default): arrays and
 * envelopes are read an element at a time, records of JSON Lines and
 * object elements from a scanner's tokens (ds_json_scan.h) where it can
 * vouch for them, and the
 * second pass replays what the first kept (ds_json_tape.h). Tests
 * compare the two; a program never needs it. */
void ds_json_reference_reading(int on);

/* Values written as arrays of their bytes (journalctl -o json's form of
 * a value that is not printable text) made text again (ds_json_bytes.c):
 * a text column K with number columns K.0 .. K.n of byte values, filled
 * where K is empty, becomes K alone, with a note. LL_ENOMEM only. */
int ds_json_bytes_apply(struct ll_table *t, const char *path, struct ll_err *err);

#endif
