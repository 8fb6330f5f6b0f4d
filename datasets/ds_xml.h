/*
 * ds_xml.h - a forward scanner over the tags of an XML text, for formats
 * written by programs (office documents' parts): no validation, no
 * namespaces beyond ignoring a prefix, no DTD. Comments, processing
 * instructions, declarations and CDATA sections are stepped over; text
 * between tags is the caller's to take (ds_xml_text).
 */
#ifndef DS_XML_H
#define DS_XML_H

#include <stddef.h>

struct ds_xml_tag {
	const char *name;  /* the name as written, prefix and all */
	size_t name_len;
	const char *attrs; /* what follows the name inside the tag */
	size_t attrs_len;
	int closing;       /* </name> */
	int empty;         /* <name/> */
	size_t end;        /* the offset just past the tag's '>' */
};

/* The next tag at or after *pos of p[0, n): 1 and *pos moved past it, 0 at
 * the end (or at a tag cut short). */
int ds_xml_next(const char *p, size_t n, size_t *pos, struct ds_xml_tag *tag);

/* 1 when the tag's name, without any "prefix:", is local. */
int ds_xml_is(const struct ds_xml_tag *tag, const char *local);

/* The raw value of the tag's attribute name (without prefix: "r:id" is
 * found by "id" only when no plain "id" comes first); 0 when absent. */
int ds_xml_attr(const struct ds_xml_tag *tag, const char *name, const char **value, size_t *len);

/* The next attribute of the tag from *pos (0 for the first): its name and
 * raw value; 0 when there is none. */
int ds_xml_attr_next(const struct ds_xml_tag *tag, size_t *pos, const char **name, size_t *name_len,
		     const char **value, size_t *value_len);

/* s[0, n) with the five named entities, numeric references and OOXML's
 * _xHHHH_ escapes decoded, appended to out (which has room for n more
 * bytes: decoding never grows text); returns the bytes written. */
size_t ds_xml_decode(const char *s, size_t n, char *out);

#endif
