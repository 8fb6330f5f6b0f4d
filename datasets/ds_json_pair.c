/*
 * ds_json_pair.c - a JSON line of a time and a record read as the record
 * with its time (ds_json_pair.h).
 */
#include "ds_json_pair.h"

#include <ctype.h>
#include <string.h>

static int time_like(const cJSON *t)
{
	return t && (cJSON_IsNumber(t) || (cJSON_IsString(t) && t->valuestring && *t->valuestring));
}

int ds_json_is_time_pair(const cJSON *v)
{
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return 0;
	const cJSON *head = v->child, *rec = head->next;
	if (!cJSON_IsObject(rec))
		return 0;
	if (time_like(head))
		return 1;
	/* [[time, {metadata}], {record}] */
	return cJSON_IsArray(head) && cJSON_GetArraySize(head) == 2 && time_like(head->child) &&
	       cJSON_IsObject(head->child->next);
}

/* item, detached, added at the end of object obj under name; a member
 * keeps its own name when name is NULL. 0 when out of memory (item
 * deleted). */
static int add_named(cJSON *obj, const char *name, cJSON *item)
{
	if (name) {
		cJSON *holder = cJSON_CreateObject();
		if (!holder || !cJSON_AddItemToObject(holder, name, item)) {
			cJSON_Delete(holder);
			cJSON_Delete(item);
			return 0;
		}
		cJSON_DetachItemViaPointer(holder, item);
		cJSON_Delete(holder);
	}
	/* added as to an array: the name it holds stays */
	if (!cJSON_AddItemToArray(obj, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

cJSON *ds_json_unpair(cJSON *v)
{
	if (!ds_json_is_time_pair(v))
		return v;
	cJSON *head = v->child;
	cJSON *rec = cJSON_DetachItemViaPointer(v, head->next);
	cJSON *when = cJSON_IsArray(head) ? cJSON_DetachItemViaPointer(head, head->child)
					  : cJSON_DetachItemViaPointer(v, head);
	cJSON *meta = cJSON_IsArray(head) ? cJSON_DetachItemViaPointer(head, head->child) : NULL;
	cJSON_Delete(v);
	cJSON *out = cJSON_CreateObject();
	int ok = out && add_named(out, "time", when);
	if (!out)
		cJSON_Delete(when);
	/* metadata that holds nothing ("{}", as most events' is) adds no column */
	if (meta && meta->child && ok) {
		ok = add_named(out, "meta", meta);
		meta = NULL;
	}
	cJSON_Delete(meta);
	/* the pair's time is "time" on every line, whatever each record
	 * holds: a record's own "time" is "record_time" */
	while (ok && rec->child) {
		cJSON *m = cJSON_DetachItemViaPointer(rec, rec->child);
		ok = add_named(out, m->string && !strcmp(m->string, "time") ? "record_time" : NULL, m);
	}
	cJSON_Delete(rec);
	if (!ok) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

int ds_json_tagged_text(const char *line, size_t len, char *out, size_t cap, size_t *n, char *tag, size_t tagcap)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	/* "[0] ": the event's place in its chunk */
	size_t i = 0;
	if (len < 8 || line[i++] != '[' || !isdigit((unsigned char)line[i]))
		return 0;
	while (i < len && isdigit((unsigned char)line[i]))
		i++;
	if (i + 1 >= len || line[i] != ']' || line[i + 1] != ' ')
		return 0;
	i += 2;
	/* "tail.0: ": the tag, no blank in it, a colon and a blank after */
	size_t t = i;
	while (i < len && !isspace((unsigned char)line[i]) && !(line[i] == ':' && i + 1 < len && line[i + 1] == ' '))
		i++;
	if (i == t || i + 2 >= len || line[i] != ':' || line[i + 1] != ' ' || i - t >= tagcap)
		return 0;
	memcpy(tag, line + t, i - t);
	tag[i - t] = 0;
	i += 2;
	if (line[i] != '[' || line[len - 1] != ']')
		return 0;
	/* the pair: "=>" outside strings is JSON's ':', a bare nil its null */
	size_t w = 0;
	int in_string = 0;
	for (; i < len; i++) {
		char c = line[i];
		if (w + 4 >= cap)
			return 0;
		if (in_string) {
			out[w++] = c;
			if (c == '\\' && i + 1 < len)
				out[w++] = line[++i];
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			out[w++] = c;
		} else if (c == '=' && i + 1 < len && line[i + 1] == '>') {
			out[w++] = ':';
			i++;
		} else if (c == 'n' && i + 2 < len && memcmp(line + i, "nil", 3) == 0 &&
			   (i + 3 == len || !isalnum((unsigned char)line[i + 3])) && !isalnum((unsigned char)line[i - 1])) {
			memcpy(out + w, "null", 4);
			w += 4;
			i += 2;
		} else {
			out[w++] = c;
		}
	}
	out[w] = 0;
	*n = w;
	return 1;
}
