/*
 * ds_source.c - open a file as bytes: mmap for plain files, decompressed
 * into memory for the codecs of ds_codec.h (gzip, bzip2, xz, zstd, ...; concatenated
 * members included, as `cat a.gz b.gz` makes). Decompressing stops at the
 * limits of ll_limits.h (absolute size, expansion ratio, memory), so a
 * small bomb is refused in moments.
 */
#include "ds_source.h"
#include "ds_name_date.h"
#include "ds_binary.h"
#include "ds_mapguard.h"
#include "ds_codec.h"
#include "ds_latin1.h"
#include "ds_stdin.h"
#include "ds_textlog.h"
#include "ds_textconv.h"
#include "ds_remote.h"
#include "ll_limits.h"
#include "ll_stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The whole text of a compressed file (ds_codec.h) into memory of its
 * own, checked against the limits as it grows: a bomb is stopped at the
 * limit, not at the end. */
static int decompress_all(struct ds_source *src, enum ds_codec_kind kind, const unsigned char *in, size_t n,
			  struct ll_err *err)
{
	const char *codec = ds_codec_name(kind);
	struct ds_decoder *d = ds_decoder_new(kind, src->path, err);
	if (!d)
		return err->code;
	size_t cap = n * 4 + 4096, used = 0, consumed = 0;
	unsigned char *out = malloc(cap);
	int rc = out ? LL_OK : ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing %s", src->path, codec);
	int end = 0;
	while (rc == LL_OK && !end) {
		rc = ll_inflate_check(consumed, used, src->path, err);
		if (rc == LL_OK && used == cap) {
			char what[64];
			snprintf(what, sizeof what, "%s the %s data (%zu bytes so far)",
				 kind == DS_CODEC_GZIP ? "inflating" : "decompressing", codec, used);
			if ((rc = ll_mem_check((double)cap * 2, what, err)) != LL_OK) {
				char msg[LL_ERR_MSG_MAX];
				snprintf(msg, sizeof msg, "%s", err->msg);
				ll_err_set(err, rc, "%s: %s", src->path, msg);
				break;
			}
			unsigned char *o = realloc(out, cap * 2);
			if (!o) {
				rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory decompressing %s", src->path, codec);
				break;
			}
			out = o;
			cap *= 2;
		}
		if (rc != LL_OK)
			break;
		size_t took = 0, made = 0;
		rc = ds_decoder_run(d, in + consumed, n - consumed, &took, out + used, cap - used, &made, &end, err);
		consumed += took;
		used += made;
	}
	ds_decoder_free(d);
	if (rc != LL_OK) {
		free(out);
		return rc;
	}
	src->owned = out;
	src->data = used ? (const char *)out : NULL;
	src->size = used;
	src->gzipped = 1;
	return LL_OK;
}

static int open_file(struct ds_source **out, const char *path, int any_bytes, struct ll_err *err);

int ds_source_utf16(const char *data, size_t n, int *bom)
{
	const unsigned char *b = (const unsigned char *)data;
	if (bom)
		*bom = 0;
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
		if (bom)
			*bom = 1;
		return b[0] == 0xFF ? 'L' : 'B';
	}
	/* no mark (PowerShell's Out-File, some exports): ASCII text in 2-byte
	 * units has a NUL in every unit, always on the same side */
	size_t units = (n < 4096 ? n : 4096) / 2, le = 0, be = 0;
	if (units < 8)
		return 0;
	for (size_t k = 0; k < units; k++) {
		unsigned char x = b[2 * k], y = b[2 * k + 1];
		le += y == 0 && ((x >= 0x20 && x < 0x7F) || x == '\t' || x == '\n' || x == '\r');
		be += x == 0 && ((y >= 0x20 && y < 0x7F) || y == '\t' || y == '\n' || y == '\r');
	}
	return le * 10 >= units * 9 ? 'L' : be * 10 >= units * 9 ? 'B' : 0;
}

/* Makes copy (size bytes, malloc'd; NULL when size is 0) the source's data
 * in place of the mapping or the copy before it. */
static void take_copy(struct ds_source *src, char *copy, size_t size)
{
	if (src->mapped) {
		ds_mapguard_remove(src->map);
		munmap(src->map, src->map_len);
		src->mapped = 0;
		src->map = NULL;
	}
	free(src->owned);
	src->owned = copy;
	src->data = size ? copy : NULL;
	src->size = size;
}

/* A file of UTF-16 text (what Windows tools write, with a byte order mark
 * or without, ds_source_utf16) is text, not binary: it becomes UTF-8 in an
 * owned copy, a lone surrogate or an odd last byte as U+FFFD, so every
 * reader sees lines. */
static int from_utf16(struct ds_source *src, struct ll_err *err)
{
	const unsigned char *b = (const unsigned char *)src->data;
	size_t n = src->size;
	int bom, kind = ds_source_utf16(src->data, n, &bom);
	if (!kind)
		return LL_OK;
	int le = kind == 'L';
	/* a 2-byte unit becomes at most 3 bytes, a 4-byte pair 4 */
	unsigned char *out = malloc(n / 2 * 3 + 3);
	if (!out)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory converting UTF-16 text", src->path);
	size_t used, o = ds_utf16_to_utf8(le, b + (bom ? 2 : 0), n - (bom ? 2 : 0), 1, out, &used);
	if (o == 0) { /* the empty text of a lone mark: no data, as an empty file */
		free(out);
		out = NULL;
	}
	take_copy(src, (char *)out, o);
	return LL_OK;
}

/* Length of a terminal control sequence at s[0, n) that starts with ESC:
 * CSI (ESC [ parameters, intermediates, a final byte: colours, cursor
 * moves, erasing) or OSC (ESC ] ... BEL or ESC \: titles, links) on one
 * line; 0 for anything else. */
size_t ds_escape_len(const unsigned char *s, size_t n)
{
	if (n < 3 || s[0] != 0x1b)
		return 0;
	size_t j = 2;
	if (s[1] == '[') {
		while (j < n && s[j] >= 0x30 && s[j] <= 0x3f)
			j++;
		while (j < n && s[j] >= 0x20 && s[j] <= 0x2f)
			j++;
		return j < n && s[j] >= 0x40 && s[j] <= 0x7e ? j + 1 : 0;
	}
	if (s[1] == ']') {
		for (; j < n && j < 4096 && s[j] != '\n'; j++) {
			if (s[j] == 0x07)
				return j + 1;
			if (s[j] == 0x1b && j + 1 < n && s[j + 1] == '\\')
				return j + 2;
		}
	}
	return 0;
}

int ds_escape_conceals(const unsigned char *s, size_t k, int hidden)
{
	if (k < 3 || s[1] != '[' || s[k - 1] != 'm')
		return hidden;
	/* parameters split at ';'; a colour's own numbers (38;5;N, 38;2;R;G;B,
	 * or after ':') are not attributes: "38;5;8" is grey, no concealing */
	size_t i = 2, skip = 0;
	if (i == k - 1)
		return 0; /* ESC[m resets */
	while (i < k - 1) {
		unsigned v = 0;
		int digits = 0;
		while (i < k - 1 && s[i] >= '0' && s[i] <= '9' && digits < 6)
			v = v * 10 + (unsigned)(s[i++] - '0'), digits++;
		int sub = i < k - 1 && s[i] == ':';
		while (i < k - 1 && s[i] != ';')
			i++; /* sub-parameters after ':' belong to this one */
		i += i < k - 1;
		if (skip) {
			skip--;
			continue;
		}
		if ((v == 38 || v == 48 || v == 58) && !sub) {
			/* the next parameter says how many follow: 5 one, 2 three */
			size_t j = i;
			unsigned form = 0;
			while (j < k - 1 && s[j] >= '0' && s[j] <= '9')
				form = form * 10 + (unsigned)(s[j++] - '0');
			skip = form == 5 ? 2 : form == 2 ? 4 : 1;
			continue;
		}
		if (v == 0 || v == 28)
			hidden = 0;
		else if (v == 8)
			hidden = 1;
	}
	return hidden;
}

size_t ds_strip_escapes(char *s, size_t n)
{
	size_t o = 0;
	int hidden = 0;
	for (size_t i = 0; i < n;) {
		size_t k = s[i] == 0x1b ? ds_escape_len((const unsigned char *)s + i, n - i) : 0;
		if (k) {
			hidden = ds_escape_conceals((const unsigned char *)s + i, k, hidden);
			i += k;
		} else if (hidden && s[i] != '\n') {
			i++;
		} else {
			hidden = 0;
			s[o++] = s[i++];
		}
	}
	return o;
}

/* Appends note to the source's notes ("; " between). */
static int add_note(struct ds_source *src, const char *note, struct ll_err *err)
{
	char *joined = src->note ? malloc(strlen(src->note) + strlen(note) + 3) : strdup(note);
	if (!joined)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", src->path);
	if (src->note) {
		sprintf(joined, "%s; %s", src->note, note);
		free(src->note);
	}
	src->note = joined;
	return LL_OK;
}

int ds_escapes_sniff(const char *data, size_t n)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t probe = n < 65536 ? n : 65536, seen = 0;
	/* binary data (a zip) may hold ESC bytes by chance: it is left as it is */
	if (!d || !n || memchr(d, 0, probe))
		return 0;
	for (const unsigned char *p = d; seen < 2 && (p = memchr(p, 0x1b, probe - (size_t)(p - d))) != NULL; p++)
		seen += ds_escape_len(p, n - (size_t)(p - d)) > 0;
	return seen >= 2;
}

/* Terminal colours and cursor codes that programs write for a terminal and
 * docker, kubectl and CI runners keep in their logs: removed (into an owned
 * copy, lines unchanged in number), so stamps, levels and words read as
 * they show on a terminal, with a note. Only when the first 64 KiB hold at
 * least two such sequences. */
static int strip_escapes(struct ds_source *src, struct ll_err *err)
{
	const unsigned char *d = (const unsigned char *)src->data;
	if (!ds_escapes_sniff(src->data, src->size))
		return LL_OK;
	char *copy = malloc(src->size);
	if (!copy)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory removing terminal escape codes", src->path);
	size_t o = 0, removed = 0, concealed = 0;
	int hidden = 0;
	for (size_t i = 0; i < src->size;) {
		const unsigned char *e = memchr(d + i, 0x1b, src->size - i);
		size_t upto = e ? (size_t)(e - d) : src->size;
		if (hidden) { /* dropped up to the sequence or the line's end */
			const unsigned char *nl = memchr(d + i, '\n', upto - i);
			size_t to = nl ? (size_t)(nl - d) : upto;
			concealed += to - i;
			i = to;
			if (nl) {
				hidden = 0;
				continue;
			}
		}
		memcpy(copy + o, d + i, upto - i);
		o += upto - i;
		i = upto;
		if (!e)
			break;
		size_t k = ds_escape_len(d + i, src->size - i);
		if (k) {
			removed++;
			hidden = ds_escape_conceals(d + i, k, hidden);
			i += k;
		} else {
			copy[o++] = (char)d[i++];
		}
	}
	char note[240];
	int w = snprintf(note, sizeof note, "%s: %zu terminal escape codes (colours, cursor moves) removed from the text",
			 src->path, removed);
	if (concealed && w > 0 && (size_t)w < sizeof note)
		snprintf(note + w, sizeof note - (size_t)w, ", with the %zu bytes they conceal (SGR 8, not shown on a terminal)",
			 concealed);
	int rc = add_note(src, note, err);
	if (rc != LL_OK) {
		free(copy);
		return rc;
	}
	take_copy(src, copy, o);
	return LL_OK;
}

/* Text in Windows-1252 or Latin-1 (ds_latin1.h) becomes UTF-8 in an owned
 * copy, with a note, so accented words show and match as typed. */
static int from_latin1(struct ds_source *src, struct ll_err *err)
{
	if (!src->size || !ds_latin1_sniff(src->data, src->size))
		return LL_OK;
	size_t high, len = ds_latin1_utf8_len(src->data, src->size, &high);
	struct ll_err big;
	if (ll_mem_check((double)len, "the UTF-8 copy", &big) != LL_OK) {
		/* read as bytes, as before: a file too large to copy is still read */
		char note[LL_ERR_MSG_MAX + 160];
		snprintf(note, sizeof note, "%s: not UTF-8 (Latin-1?): not converted, %s", src->path, big.msg);
		return add_note(src, note, err);
	}
	char *copy = malloc(len);
	if (!copy)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory converting Latin-1 text", src->path);
	char note[160];
	snprintf(note, sizeof note, "%s: not UTF-8: read as Latin-1 (Windows-1252), %zu characters converted",
		 src->path, high);
	int rc = add_note(src, note, err);
	if (rc != LL_OK) {
		free(copy);
		return rc;
	}
	take_copy(src, copy, ds_latin1_to_utf8(src->data, src->size, copy));
	src->latin1 = 1;
	return LL_OK;
}

int ds_cr_only_sniff(const char *data, size_t n)
{
	/* binary data (a zip, an array) holds NULs and a CR byte by chance:
	 * turning it into LF would break it */
	size_t probe = n < 65536 ? n : 65536;
	if (!probe || memchr(data, '\0', probe))
		return 0;
	/* one LF as the text's last byte is a line end a tool appended to a
	 * file of CR lines (a spreadsheet's "CSV (Macintosh)" edited since) */
	const char *lf = memchr(data, '\n', probe);
	if (lf && (lf != data + n - 1 || lf - data < 2))
		return 0;
	const char *cr = memchr(data, '\r', probe);
	return cr && (!lf || memchr(cr + 1, '\r', (size_t)(lf - cr - 1)));
}

/* Converts UTF-16 text, leaves a UTF-8 byte order mark out of the data, and gives a file whose
 * lines end with CR alone LF ends instead (in an owned copy): no LF in its
 * first 64 KiB but some CR. Terminal escape codes go (strip_escapes);
 * Latin-1 text becomes UTF-8 (from_latin1). */
static int normalise(struct ds_source *src, struct ll_err *err)
{
	int rc = from_utf16(src, err);
	if (rc != LL_OK)
		return rc;
	int utf8_mark = src->size >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0;
	if (utf8_mark) {
		src->data += 3;
		src->size -= 3;
	}
	if ((rc = strip_escapes(src, err)) != LL_OK)
		return rc;
	/* a file marked as UTF-8 keeps its stray bytes */
	if (!utf8_mark && (rc = from_latin1(src, err)) != LL_OK)
		return rc;
	if (!ds_cr_only_sniff(src->data, src->size))
		return LL_OK;
	char *copy = malloc(src->size);
	if (!copy)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory converting CR line ends", src->path);
	for (size_t i = 0; i < src->size; i++)
		copy[i] = src->data[i] == '\r' ? '\n' : src->data[i];
	take_copy(src, copy, src->size);
	return LL_OK;
}

int ds_source_open(struct ds_source **out, const char *path, struct ll_err *err)
{
	return ds_source_open_as(out, path, 0, err);
}

int ds_source_open_as(struct ds_source **out, const char *path, int any_bytes, struct ll_err *err)
{
	if (!ds_is_url(path))
		return open_file(out, path, any_bytes, err);
	*out = NULL;
	struct ds_fetch_result res;
	struct ds_fetch_opts fo = {.result = &res};
	char *local = NULL;
	int rc = ds_remote_fetch(path, &fo, &local, err);
	if (rc != LL_OK)
		return rc;
	struct ds_source *src;
	rc = open_file(&src, local, any_bytes, err);
	/* A mapping outlives the unlink of a temporary download. */
	if (res.temporary)
		unlink(local);
	free(local);
	if (rc != LL_OK)
		return rc;
	/* Messages and notes name the URL without its credentials. */
	char *url = ds_url_redact(path);
	char *note = res.note[0] ? strdup(res.note) : NULL;
	if (!url || (res.note[0] && !note)) {
		free(url);
		free(note);
		ds_source_close(src);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	free(src->path);
	src->path = url;
	src->note = note;
	*out = src;
	return LL_OK;
}

/* The end of every way of opening: src's data normalised (when it has
 * some) and handed out, or, after a failure (rc), src closed. */
static int opened(struct ds_source **out, struct ds_source *src, int rc, struct ll_err *err)
{
	if (rc == LL_OK && src->size)
		rc = normalise(src, err);
	if (rc != LL_OK) {
		ds_source_close(src);
		return rc;
	}
	*out = src;
	return LL_OK;
}

/* Standard input ("-", ds_stdin.h) as a source: its bytes as read once,
 * decompressed into memory of this source's own when compressed. Its
 * start is judged as a file of no stated size's is: a stream may be
 * endless (/dev/urandom piped in). */
static int open_stdin(struct ds_source **out, struct ds_source *src, int any_bytes, struct ll_err *err)
{
	const char *data;
	size_t size;
	int rc = ds_stdin_read_judged(any_bytes ? NULL : ds_source_judge_start, "-", &data, &size, err);
	if (rc == LL_OK) {
		src->file_size = (off_t)size;
		src->mtime = (long long)time(NULL); /* a stream's year is this year's */
		enum ds_codec_kind codec = ds_codec_sniff((const unsigned char *)data, size);
		if (codec != DS_CODEC_PLAIN) {
			rc = decompress_all(src, codec, (const unsigned char *)data, size, err);
		} else {
			src->data = data; /* kept by ds_stdin for the process: not owned */
			src->size = size;
		}
	}
	return opened(out, src, rc, err);
}

/* A regular file that cannot be mapped or says it is empty while it has
 * bytes (procfs and sysfs, some FUSE file systems: a size of 0 or one
 * page whatever they hold), read to its end as the source's own data. The
 * descriptor is non-blocking: a file that would wait for more
 * (/proc/kmsg) ends where it would. */
int ds_source_judge_start(const char *head, size_t n, void *ctx, struct ll_err *err)
{
	const char *path = ctx, *name, *how;
	const char *nul = memchr(head, '\0', n);
	if (!nul || ds_codec_sniff((const unsigned char *)head, n) != DS_CODEC_PLAIN || ds_source_utf16(head, n, NULL) ||
	    ds_binary_kind(head, n, &name, &how))
		return LL_OK;
	return ds_binary_refuse(path, head, n, (size_t)(nul - head), err);
}

static int open_unsized(struct ds_source **out, struct ds_source *src, int fd, int any_bytes, struct ll_err *err)
{
	char *buf;
	size_t n;
	int rc = ds_read_to_end_judged(fd, src->path, "a file of no stated size", 1, any_bytes ? NULL : ds_source_judge_start,
				       src->path, &buf, &n, err);
	close(fd);
	if (rc == LL_OK && n) {
		src->file_size = (off_t)n;
		enum ds_codec_kind codec = ds_codec_sniff((const unsigned char *)buf, n);
		if (codec != DS_CODEC_PLAIN) {
			rc = decompress_all(src, codec, (const unsigned char *)buf, n, err);
			free(buf);
		} else {
			take_copy(src, buf, n);
		}
	}
	return opened(out, src, rc, err);
}

static int open_file(struct ds_source **out, const char *path, int any_bytes, struct ll_err *err)
{
	*out = NULL;
	struct ds_source *src = calloc(1, sizeof *src);
	if (!src)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	src->path = strdup(path);
	if (!src->path) {
		free(src);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	if (ds_stdin_is(path))
		return open_stdin(out, src, any_bytes, err);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
	if (fd < 0) {
		int e = errno;
		ds_source_close(src);
		if (e == ENOENT)
			return ll_err_set(err, LL_EIO, "%s: no such file", path);
		if (e == EACCES)
			return ll_err_set(err, LL_EIO, "%s: permission denied", path);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot open", path);
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		ds_source_close(src);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot stat", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		ds_source_close(src);
		return ll_err_set(err, LL_EIO, "%s: is a directory, not a file", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		ds_source_close(src);
		return ll_err_set(err, LL_EIO, "%s: not a regular file%s", path,
				  S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)
					  ? " (a pipe or a device: pipe it into loglab as standard input, -)"
					  : "");
	}
	src->file_size = st.st_size;
	src->mtime = (long long)st.st_mtime;
	if (st.st_size == 0)
		return open_unsized(out, src, fd, any_bytes, err);
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	if (map == MAP_FAILED && (e == ENODEV || e == EINVAL))
		return open_unsized(out, src, fd, any_bytes, err);
	close(fd);
	if (map == MAP_FAILED) {
		ds_source_close(src);
		return ll_err_errno(err, LL_EIO, e, "%s: cannot map file", path);
	}
	ds_mapguard_add(map, (size_t)st.st_size);
	madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	const unsigned char *b = map;
	enum ds_codec_kind codec = ds_codec_sniff(b, (size_t)st.st_size);
	if (codec != DS_CODEC_PLAIN) {
		int rc = decompress_all(src, codec, b, (size_t)st.st_size, err);
		ds_mapguard_remove(map);
		munmap(map, (size_t)st.st_size);
		return opened(out, src, rc, err);
	}
	src->data = map;
	src->size = (size_t)st.st_size;
	src->mapped = 1;
	src->map = map;
	src->map_len = (size_t)st.st_size;
	return opened(out, src, LL_OK, err);
}

int ds_source_shrunk(const struct ds_source *src)
{
	return src && src->mapped && ds_mapguard_shrunk(src->map);
}

int ds_source_file_offset(const struct ds_source *src, uint64_t *off)
{
	const char *map = src->map;
	if (!src->mapped || !map || !src->data || src->data < map || src->data + src->size > map + src->map_len)
		return 0;
	*off = (uint64_t)(src->data - map);
	return 1;
}

int ds_source_reopen(const struct ds_source *src, uint64_t *off)
{
	if (!ds_source_file_offset(src, off))
		return -1;
	int fd = open(src->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != src->file_size ||
			(long long)st.st_mtime != src->mtime)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void ds_source_close(struct ds_source *src)
{
	if (!src)
		return;
	if (src->mapped && src->map) {
		ds_mapguard_remove(src->map);
		munmap(src->map, src->map_len);
	}
	free(src->owned);
	free(src->path);
	free(src->note);
	free(src);
}

int ds_source_next_line(const char *data, size_t size, size_t *pos, const char **line, size_t *len)
{
	if (*pos >= size)
		return 0;
	const char *start = data + *pos;
	size_t left = size - *pos;
	const char *nl = memchr(start, '\n', left);
	size_t n = nl ? (size_t)(nl - start) : left;
	*pos += nl ? n + 1 : n;
	if (n && start[n - 1] == '\r')
		n--;
	*line = start;
	*len = n;
	return 1;
}

/* The year of the first yyyy-MM-dd in s[0..n), else 0. */
static int date_year(const char *s, size_t n)
{
	for (size_t i = 0; i + 10 <= n; i++) {
		const char *d = s + i;
		int ok = (i == 0 || !(d[-1] >= '0' && d[-1] <= '9')) && d[4] == '-' && d[7] == '-';
		for (int k = 0; ok && k < 10; k++)
			ok = k == 4 || k == 7 || (d[k] >= '0' && d[k] <= '9');
		if (!ok)
			continue;
		int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
		int mo = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
		if (y >= 1970 && y <= 2200 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31)
			return y;
	}
	return 0;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

/* A line that starts with a yearless "Mmm dd HH:MM:SS" (syslog) and holds,
 * further on, the same day written with its year ("[30/Jul/2018:09:03:52"
 * of a proxy's access line, "2018-07-30"): that year, else 0. A date of
 * another day is something the message talks about, not its own. */
static int echoed_year(const char *s, size_t n)
{
	static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (n < 15 || s[3] != ' ')
		return 0;
	int m = 0;
	while (m < 12 && memcmp(mon + 3 * m, s, 3) != 0)
		m++;
	size_t i = 4;
	if (m == 12 || (s[i] == ' ' && ++i >= n))
		return 0;
	int day = digits(s + i, 1);
	if (day < 0)
		return 0;
	if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
		day = day * 10 + (s[++i] - '0');
	if (++i >= n || s[i] != ' ' || day < 1 || day > 31)
		return 0;
	for (size_t k = i; k + 10 <= n; k++) {
		const char *d = s + k;
		int y = 0;
		if (d[2] == '/' && d[6] == '/' && memcmp(d + 3, mon + 3 * m, 3) == 0 && digits(d, 2) == day &&
		    k + 11 <= n)
			y = digits(d + 7, 4);
		else if (d[4] == '-' && d[7] == '-' && digits(d + 5, 2) == m + 1 && digits(d + 8, 2) == day)
			y = digits(d, 4);
		if (y >= 1970 && y <= 2200 && (k == 0 || d[-1] < '0' || d[-1] > '9'))
			return y;
	}
	return 0;
}

/* The bytes before a line's opening stamp that are not the stamp's: a '[',
 * a priority "<34>" (what a network syslog receiver writes), or one
 * severity letter glued to the stamp ("I1231 23:00:00.379774", as
 * ds_header.c reads it); 0 when none. */
static size_t stamp_prefix(const char *line, size_t len)
{
	if (len > 0 && line[0] == '[')
		return 1;
	if (len > 1 && line[0] == '<')
		return ds_pri_len(line, len);
	return len > 1 && memchr("DIWEFV", line[0], 6) && line[1] >= '0' && line[1] <= '9';
}

/* 1 when line opens (perhaps after a prefix, stamp_prefix) with a stamp of
 * a date without its year ("Jun 14 15:16:01", "03-17 16:13:38.811"), its
 * value in year in *v. */
static int yearless_stamp(const char *line, size_t len, int year, double *v)
{
	size_t skip = stamp_prefix(line, len);
	unsigned form;
	double other;
	return ll_stamp_scan(line + skip, len - skip, year, 0, &form, v) && ll_stamp_form_has_date(form) &&
	       ll_stamp_parse_form(form, line + skip, len - skip, year + 1, &other) && other != *v;
}

/* The bytes of data[0..n) whose first lines are looked at for a stamp:
 * its first HEAD_BYTES, to the end of the last line there. A file of
 * gigabytes without a newline near its start (binary data, a sparse file,
 * one huge line) was read whole by every look for its year, before its
 * first 64 KiB were judged. */
#define HEAD_BYTES ((size_t)1 << 20)
static size_t head_of(const char *data, size_t n)
{
	if (n <= HEAD_BYTES)
		return n;
	for (size_t k = HEAD_BYTES; k > 0; k--)
		if (data[k - 1] == '\n')
			return k;
	return HEAD_BYTES;
}

void ds_year_walk_stamp(struct ds_year_walk *w, double v)
{
	const double day = 86400.0, half_year = 182.0 * 86400.0;
	int turn = 0;
	if (w->have && v < w->last - half_year)
		turn = ++w->turns;
	else if (w->have && v < w->last - day) {
		if (!w->gap)
			w->back = 1;
		else if (!w->turns && !w->gap_turns++)
			turn = !w->back; /* a turn, unless a stretch steps back (judged again at the end) */
	}
	if (!w->have || turn || v > w->top)
		w->top = v;
	if (!w->have || v > w->max)
		w->max = v;
	w->last = v;
	w->have = 1;
	w->gap = 0;
}

void ds_year_walk_gap(struct ds_year_walk *w)
{
	w->gap = 1;
}

int ds_year_walk_turned(const struct ds_year_walk *w)
{
	return w->turns > 0 || (w->gap_turns > 0 && !w->back);
}

double ds_year_walk_newest(const struct ds_year_walk *w)
{
	return ds_year_walk_turned(w) ? w->top : w->max;
}

int ds_year_walk_guessed(const struct ds_year_walk *w)
{
	return !w->turns && w->gap_turns > 0 && !w->back;
}

/* The first yearless stamp of the first 64 lines of data[0..n) (within
 * its head_of) in year, the newest of the file (after a turn, in year),
 * and whether the year turned (ds_year_walk) over the stamps of those
 * lines and of its last 16 KiB (the whole file when it is shorter; every
 * line when a turn would rest on the lines between, ds_year_walk_guessed);
 * 0 when there is none. */
static int yearless_ends(const char *data, size_t n, int year, double *first, double *newest, int *turned)
{
	size_t pos = 0, len, lines = 0, head = head_of(data, n);
	const char *line;
	struct ds_year_walk w = {0};
	double v;
	size_t tail = n > 16384 ? n - 16384 : 0;
	if (tail) {
		const char *nl = memchr(data + tail, '\n', n - tail);
		tail = nl ? (size_t)(nl + 1 - data) : n;
	}
	while (lines++ < 64 && ds_source_next_line(data, head, &pos, &line, &len)) {
		if (yearless_stamp(line, len, year, &v)) {
			if (!w.have)
				*first = v;
			ds_year_walk_stamp(&w, v);
		}
		if (tail && pos >= tail)
			break;
	}
	if (!w.have)
		return 0;
	if (tail && pos < tail)
		ds_year_walk_gap(&w);
	else
		tail = pos; /* head and tail meet: the file goes on where the head stopped */
	for (pos = 0; ds_source_next_line(data + tail, n - tail, &pos, &line, &len);)
		if (yearless_stamp(line, len, year, &v))
			ds_year_walk_stamp(&w, v);
	if (ds_year_walk_guessed(&w)) {
		/* the turn rests on the unseen middle: every line says */
		memset(&w, 0, sizeof w);
		for (pos = 0; ds_source_next_line(data, n, &pos, &line, &len);)
			if (yearless_stamp(line, len, year, &v))
				ds_year_walk_stamp(&w, v);
	}
	*newest = ds_year_walk_newest(&w);
	*turned = ds_year_walk_turned(&w);
	return 1;
}

struct ds_source ds_source_made_from(const struct ds_source *file, const char *text, size_t len,
				     const struct ds_line_map *map)
{
	struct ds_source part = *file;
	part.data = text;
	part.size = len;
	part.gzipped = 0;
	part.mapped = 0;
	part.map = NULL;
	part.map_len = 0;
	part.owned = NULL;
	part.line_map = map;
	return part;
}

/* The first line of data[0..n) among its first 64 to open with a yearless
 * stamp (yearless_stamp), for the name's date to place. */
struct first_yearless {
	const char *line;
	size_t len;
};

static int place_first(void *ctx, int year, double *t)
{
	const struct first_yearless *f = ctx;
	return yearless_stamp(f->line, f->len, year, t);
}

static int name_year(const struct ds_source *src, int year)
{
	size_t pos = 0, lines = 0, head = head_of(src->data, src->size);
	struct first_yearless f;
	double t;
	while (lines++ < 64 && ds_source_next_line(src->data, head, &pos, &f.line, &f.len))
		if (yearless_stamp(f.line, f.len, year, &t))
			return ds_name_date_year(src->path, place_first, &f);
	return 0;
}

int ds_source_year(const struct ds_source *src)
{
	return ds_source_year_from(src, NULL);
}

int ds_source_year_from(const struct ds_source *src, enum ds_year_evidence *by)
{
	enum ds_year_evidence ignored;
	if (!by)
		by = &ignored;
	*by = DS_YEAR_BY_LINES;
	if (src->data && src->size >= 2 && (memcmp(src->data, "--", 2) == 0 || src->data[0] == '#')) {
		size_t n = src->size < 512 ? src->size : 512;
		const char *nl = memchr(src->data, '\n', n);
		int y = date_year(src->data, nl ? (size_t)(nl - src->data) : n);
		if (y)
			return y;
	}
	/* a file where some lines start with a dated stamp and others with a
	 * yearless one (two writers, cloud-init.log), or whose yearless lines
	 * repeat their own day with the year further on (a syslogged access
	 * line): the dated stamps say the year, which a copy's modification
	 * time does not */
	size_t pos = 0, len, lines = 0, head = src->size < 16384 ? src->size : 16384;
	const char *line;
	while (src->data && lines++ < 64 && ds_source_next_line(src->data, head, &pos, &line, &len)) {
		size_t skip = len > 0 && line[0] == '[';
		int y = len >= skip + 10 ? date_year(line + skip, 10) : 0;
		if (!y && (y = echoed_year(line, len)) != 0 && src->mtime > 0) {
			/* an echo that would put the line after the file was
			 * last written is a date the message talks about (a
			 * leap day's "2024-02-29" in a log of 2020) */
			unsigned form;
			double v;
			if (ll_stamp_scan(line, len, y, 0, &form, &v) && v > (double)src->mtime + 86400.0)
				y = 0;
		}
		if (y)
			return y;
	}
	time_t mt = (time_t)src->mtime;
	struct tm tm;
	int year = gmtime_r(&mt, &tm) ? tm.tm_year + 1900 : 1970;
	/* a date in the file's name near its first stamp is when it was
	 * written, which a clone's, an unzip's or a copy's modification time
	 * is not */
	int by_name = src->data ? name_year(src, year) : 0;
	if (by_name) {
		*by = DS_YEAR_BY_NAME;
		return by_name;
	}
	*by = DS_YEAR_BY_MTIME;
	/* a line cannot be newer than the file it is in: the newest yearless
	 * stamp is of the latest year that puts it no later than a day after
	 * the modification time (a December log read in January); a day of
	 * slack, for stamps are wall clock and mtimes UTC (the fleet's rule,
	 * ds_fleet.c). The year turns in the file as the reading turns it
	 * (ds_year_walk: a step back of half a year, not a few days of lines
	 * out of order); the year returned is the first line's, which the reading
	 * moves on at the turn (ds_year_ctx). */
	double first, newest;
	int turned;
	if (src->data && yearless_ends(src->data, src->size, year, &first, &newest, &turned)) {
		if (newest > (double)src->mtime + 86400.0)
			year--;
		year -= turned;
	}
	return year;
}

int ds_source_note_year(struct ds_source *src, int year, struct ll_err *err)
{
	enum ds_year_evidence by;
	if (ds_source_year_from(src, &by) != year || by != DS_YEAR_BY_NAME)
		return LL_OK;
	const char *slash = strrchr(src->path, '/');
	char note[512];
	snprintf(note, sizeof note, "%s: stamps without a year read in %d, by the date in the file's name (not its modification time)",
		 slash ? slash + 1 : src->path, year);
	return add_note(src, note, err);
}

/* 1 when one of the 8 bytes of w is below 0x20 (a control byte or NUL). */
static int has_control(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	return ((w - 0x20 * ones) & ~w & high) != 0;
}

int ds_looks_like_text(const char *data, size_t n)
{
	size_t bad = 0, i = 0;
	/* every sniffer asks this of the same sample: words of eight bytes
	 * without a control byte (nearly all of a text) are passed at once */
	for (; i < n; i++) {
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, data + i, 8);
			if (has_control(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)data[i];
		if (c == 0)
			return 0;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
			bad++;
	}
	return bad * 20 <= n;
}
