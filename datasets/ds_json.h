/*
 * ds_json.h - what the JSON reader (ds_json.c) offers beside its readers
 * (ds_json_readers in ds_reader.h): a switch for tests.
 */
#ifndef DS_JSON_H
#define DS_JSON_H

/* 1: the reference reading, which the faster ones must match: every JSON
 * document parsed whole into one tree, and JSON Lines parsed again in
 * the second pass; 0 (the default): arrays and envelopes are read an
 * element at a time, and the second pass replays what the first kept
 * (ds_json_tape.h). Tests compare the two; a program never needs it. */
void ds_json_reference_reading(int on);

#endif
