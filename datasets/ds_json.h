/*
 * ds_json.h - what the JSON reader (ds_json.c) offers beside its readers
 * (ds_json_readers in ds_reader.h): a switch for tests.
 */
#ifndef DS_JSON_H
#define DS_JSON_H

/* 1: every JSON document is parsed whole into one tree, as before arrays
 * and envelopes were read an element at a time; 0 (the default): they
 * are. Tests compare the two; a program never needs it. */
void ds_json_whole_tree(int on);

#endif
