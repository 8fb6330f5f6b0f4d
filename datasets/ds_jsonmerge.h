/*
 * ds_jsonmerge.h - a three-way merge of JSON documents.
 *
 * loglab.json is edited by hand in an editor, by the TUI's features and
 * experiments views, and by a second loglab open on the same workspace.
 * A writer that saved the document it read would silently undo what the
 * others wrote in between. Instead it merges: the changes from what it
 * read (base) to what it wants (mine) are applied to what the file holds
 * now (theirs), member by member, as version control merges text line by
 * line. Both sides changing the same member to different values is a
 * conflict, named by its path, and nothing is merged.
 */
#ifndef DS_JSONMERGE_H
#define DS_JSONMERGE_H

#include <stddef.h>

enum ds_merge_result {
	DS_MERGE_OK,
	DS_MERGE_CONFLICT, /* *where names the member both sides changed */
	DS_MERGE_NOMEM
};

/* base, mine and theirs are cJSON documents (const cJSON *). On
 * DS_MERGE_OK *out is a new document (cJSON_Delete it): theirs with mine's
 * changes from base, members in theirs' order and members only mine added
 * after them in mine's order. On a conflict *out is NULL and where gets the
 * member's path, e.g. `experiments.dnn.lr` (`(document)` when the whole
 * document differs and is not an object on all three sides). */
enum ds_merge_result ds_json_merge3(const void *base, const void *mine, const void *theirs, void **out,
				    char *where, size_t cap);

#endif
