/*
 * ds_7z.c - 7-Zip archives through libarchive (see ds_7z.h).
 */
#include "ds_7z.h"

#include "config.h"

#include <string.h>

#ifdef HAVE_LIBARCHIVE
#include "ll_limits.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SLICE ((size_t)1 << 16)
#endif

int ds_7z_is(const unsigned char *b, size_t n)
{
	return n >= 6 && memcmp(b, "7z\xBC\xAF\x27\x1C", 6) == 0;
}

#ifdef HAVE_LIBARCHIVE

int ds_7z_available(void)
{
	return 1;
}

/* libarchive's reason; it gives none when the index at the archive's end
 * is missing, which is what a cut 7z file is */
static const char *why(struct archive *a)
{
	const char *s = archive_error_string(a);
	return s ? s : "its index is missing or unreadable (truncated?)";
}

/* The archive's own refusal: a list of files a password hides is said so,
 * with the way to read it, not taken for damage. */
static int refused(struct archive *a, const char *path, struct ll_err *err)
{
	const char *w = why(a);
	if (strstr(w, "encrypted") || strstr(w, "Encrypted") || strstr(w, "passphrase"))
		return ll_err_set(err, LL_EDATA,
				  "%s: an encrypted 7z: a password hides its list of files (7z x %s asks for it; then "
				  "open the folder it makes)",
				  path, path);
	return ll_err_set(err, LL_EDATA, "%s: damaged 7z: %s", path, w);
}

/* The current member's data into root/rel. */
static int member(struct archive *a, struct archive_entry *e, const char *path, const char *root, const char *rel,
		  unsigned char *buf, uint64_t *out_total, struct ds_unpack_tally *t, struct ll_err *err)
{
	char file[PATH_MAX];
	int fd = -1;
	if ((fd = ds_unpack_create(root, rel, file, sizeof file)) < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
	int rc = LL_OK;
	uint64_t made = 0;
	for (;;) {
		la_ssize_t k = archive_read_data(a, buf, SLICE);
		if (k == 0)
			break;
		if (k < 0) {
			rc = ll_err_set(err, LL_EDATA, "%s: damaged 7z: %s does not decompress (%s)", path, rel, why(a));
			break;
		}
		made += (uint64_t)k;
		if (ds_unpack_write(fd, buf, (size_t)k) != 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
			break;
		}
		/* the compressed bytes read so far stand for the input: a
		 * solid block is read as one */
		if ((rc = ll_inflate_check((uint64_t)archive_filter_bytes(a, -1), *out_total + made, path, err)) != LL_OK)
			break;
	}
	*out_total += made;
	if (close(fd) != 0 && rc == LL_OK)
		rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write %s from it", path, rel);
	if (rc == LL_OK) {
		ds_unpack_set_time(file, archive_entry_mtime_is_set(e) ? archive_entry_mtime(e) : time(NULL));
		t->files++;
		t->bytes += made;
	}
	return rc;
}

int ds_7z_extract(const char *path, const char *root, struct ds_unpack_tally *t, struct ll_err *err)
{
	struct archive *a = archive_read_new();
	unsigned char *buf = malloc(SLICE);
	if (!a || !buf) {
		archive_read_free(a);
		free(buf);
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	}
	archive_read_support_format_7zip(a);
	int rc = LL_OK;
	if (archive_read_open_filename(a, path, SLICE) != ARCHIVE_OK)
		rc = refused(a, path, err);
	uint64_t out_total = 0;
	struct archive_entry *e;
	while (rc == LL_OK) {
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			rc = refused(a, path, err);
			break;
		}
		const char *name = archive_entry_pathname(e);
		char rel[PATH_MAX];
		if (!name || !ds_unpack_safe_name(name, rel, sizeof rel)) {
			t->unsafe += !name || !ds_unpack_is_root(name);
			continue;
		}
		unsigned type = (unsigned)archive_entry_filetype(e);
		if (type == AE_IFDIR) {
			if (ds_unpack_make_parents(root, rel, 1) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot make the folder %s", path, rel);
			t->dirs++;
			continue;
		}
		if (type != AE_IFREG || archive_entry_hardlink(e) || archive_entry_symlink(e)) {
			t->links++;
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			t->skipped++;
			continue;
		}
		rc = member(a, e, path, root, rel, buf, &out_total, t, err);
	}
	archive_read_free(a);
	free(buf);
	return rc;
}

#else

int ds_7z_available(void)
{
	return 0;
}

int ds_7z_extract(const char *path, const char *root, struct ds_unpack_tally *t, struct ll_err *err)
{
	(void)root, (void)t;
	return ll_err_set(err, LL_EDATA,
			  "%s: a 7-Zip archive, and this loglab was built without libarchive (Debian's libarchive-dev): "
			  "7z x %s, then open what it holds",
			  path, path);
}

#endif
