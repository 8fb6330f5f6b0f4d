/*
 * ds_json_pair.h - JSON Lines whose lines are each a time and a record:
 * [1710408413.225, {"log": "x"}], as event routers dump their events
 * (Fluent Bit's and fluentd's time and record), or with the time and the
 * event's metadata paired first: [[1710408413.225, {}], {"log": "x"}].
 *
 * Flattened as they are, such a line is columns "0" and "1.log": a number
 * no one knows for a time, and every key under an index. Read as the
 * record with a member "time" (the pair's time) in front, they are the
 * events they hold; the metadata's members join the record under
 * "meta.".
 */
#ifndef DS_JSON_PAIR_H
#define DS_JSON_PAIR_H

#include <cjson/cJSON.h>

/* 1 when v is such a pair: an array of two, a number or string then an
 * object, or an array of a number or string and an object then an
 * object. */
int ds_json_is_time_pair(const cJSON *v);
/* v itself when it is no pair; else a new object (v deleted) of "time",
 * then the metadata under "meta" unless it is empty, then the record's
 * members (its own "time" as "record_time", so that "time" is the pair's
 * on every line). NULL when out of memory (v deleted). */
cJSON *ds_json_unpair(cJSON *v);

/* A line as an event router's console output prints an event: an index
 * and a tag before the pair ("[0] tail.0: [[1710408413.3, {}], {...}]"),
 * its hashes written as Ruby prints them ("log"=>"x", nil for null).
 * Writes the pair as JSON text into out (cap bytes; 2 * len + 8 is always
 * enough) and its length into *n, the tag into tag (tagcap bytes): 1 when
 * line has that shape (whether the pair parses is the caller's to see),
 * 0 when not. */
int ds_json_tagged_text(const char *line, size_t len, char *out, size_t cap, size_t *n, char *tag, size_t tagcap);

#endif
