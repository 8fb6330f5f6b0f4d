/*
 * ds_jsonedit.h - rewriting a JSON file the way a person would edit it.
 *
 * loglab.json is written by hand: its members' order, indentation, line
 * breaks and `_comment` keys are the user's. When the TUI changes a
 * hyper-parameter or a feature set, ds_json_patch turns the file's text
 * into text for the new document by editing only what changed: a changed
 * value is replaced in place, a new key is appended to its object in the
 * style of the object's other members (on a line of its own when they
 * are), a removed key is cut with its comma. Everything else stays byte
 * for byte.
 */
#ifndef DS_JSONEDIT_H
#define DS_JSONEDIT_H

/* The text of new_doc (a cJSON *) made by editing old_text, which must
 * parse as JSON. Returns a new string (free()), or NULL when the text
 * cannot be edited that way (then print the document afresh) or memory
 * runs out. The result always parses to a document equal to new_doc. */
char *ds_json_patch(const char *old_text, const void *new_doc);

#endif
