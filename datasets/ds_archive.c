/*
 * ds_archive.c - archives unpacked into the cache (see ds_archive.h): which
 * files are archives, the cache's folders and their markers; tar members
 * are read by ds_tar.c, zip members by ds_zip.c, 7z members by ds_7z.c.
 */
#include "ds_archive.h"
#include "ds_dirswap.h"
#include "ds_mapguard.h"
#include "ds_unpack.h"
#include "ds_tar.h"
#include "ds_zip.h"
#include "ds_7z.h"
#include "ds_cache.h"
#include "ds_codec.h"
#include "ds_sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 512
/* the end of a zip looked at for its directory's names (ds_zip_office_tail) */
#define TAIL_BYTES 65536
/* in each unpacked folder: the archive's real path, then what it held */
#define MARKER DS_ARCHIVE_MARKER

/* The kinds of archive, as the marker records them. */
enum kind { TAR, ZIP, SEVEN_ZIP };

/* 1 when b[0, n), an archive's first bytes, are a zip or a tar header, or
 * a 7z one when this build reads 7z. */
static int archive_start(const unsigned char *b, size_t n)
{
	return ds_zip_is(b, n) || ds_tar_start(b, n) || (ds_7z_available() && ds_7z_is(b, n));
}

int ds_archive_is(const char *path)
{
	/* globs ask of every file they match: a plain file's first block is one
	 * pread, a compressed one's the first 512 bytes its decoder makes */
	unsigned char first[BLOCK];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	struct stat st;
	ssize_t got = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? pread(fd, first, sizeof first, 0) : -1;
	enum ds_codec_kind k = got > 0 ? ds_codec_sniff(first, (size_t)got) : DS_CODEC_PLAIN;
	if (got <= 0 || k == DS_CODEC_PLAIN || !ds_codec_available(k)) {
		int is = got > 0 && k == DS_CODEC_PLAIN && archive_start(first, (size_t)got);
		if (is && ds_zip_is(first, (size_t)got)) {
			/* a workbook whose parts come in another order: its directory says so */
			unsigned char tail[TAIL_BYTES];
			off_t at = st.st_size > (off_t)sizeof tail ? st.st_size - (off_t)sizeof tail : 0;
			ssize_t t = pread(fd, tail, sizeof tail, at);
			is = !(t > 0 && ds_zip_office_tail(tail, (size_t)t));
		}
		close(fd);
		return is;
	}
	size_t size = (size_t)st.st_size;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return 0;
	ds_mapguard_add(m, size);
	struct ds_decoder *d = ds_decoder_new(k, path, NULL);
	size_t in = 0, made = 0;
	int end = 0;
	while (d && made < BLOCK && !end) {
		size_t took = 0, gave = 0;
		if (ds_decoder_run(d, (const unsigned char *)m + in, size - in, &took, first + made, BLOCK - made, &gave, &end,
				   NULL) != LL_OK)
			break;
		in += took;
		made += gave;
		if (!took && !gave)
			break;
	}
	ds_decoder_free(d);
	ds_mapguard_remove(m);
	munmap(m, size);
	/* a compressed zip is no zip: only a tar is looked for */
	return ds_tar_start(first, made);
}

/* The archive at path into root, by its kind; *kind says which. */
static int unpack(const char *path, const char *root, int *kind, struct ds_unpack_tally *t, struct ll_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot open", path);
	struct stat st;
	unsigned char first[BLOCK];
	ssize_t got = fstat(fd, &st) == 0 ? pread(fd, first, sizeof first, 0) : -1;
	int plain = got > 0 && ds_codec_sniff(first, (size_t)got) == DS_CODEC_PLAIN;
	*kind = plain && ds_zip_is(first, (size_t)got) ? ZIP : plain && ds_7z_is(first, (size_t)got) ? SEVEN_ZIP : TAR;
	if (*kind == SEVEN_ZIP) {
		close(fd);
		return ds_7z_extract(path, root, t, err);
	}
	if (*kind == TAR) {
		close(fd);
		return ds_tar_extract(path, root, t, err);
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED)
		return ll_err_errno(err, LL_EIO, e, "%s: cannot map", path);
	ds_mapguard_add(m, (size_t)st.st_size);
	int rc = ds_zip_extract(path, m, (size_t)st.st_size, root, t, err);
	ds_mapguard_remove(m);
	munmap(m, (size_t)st.st_size);
	return rc;
}

/* The cache folder's name: the archive's real path, size and time. */
static int cache_key(const char *path, char *key, size_t cap, struct ll_err *err)
{
	char real[PATH_MAX];
	struct stat st;
	if (!realpath(path, real) || stat(real, &st) != 0)
		return ll_err_errno(err, LL_EIO, errno, "%s: cannot read", path);
	char buf[PATH_MAX + 64];
	int n = snprintf(buf, sizeof buf, "%s%c%lld%c%lld.%09ld", real, 0, (long long)st.st_size, 0,
			 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	struct ds_sha256 h;
	unsigned char dg[DS_SHA256_LEN];
	ds_sha256_init(&h);
	ds_sha256_update(&h, buf, n > 0 ? (size_t)n : 0);
	ds_sha256_final(&h, dg);
	char hex[2 * DS_SHA256_LEN + 1];
	ds_hex(dg, DS_SHA256_LEN, hex);
	const char *slash = strrchr(real, '/');
	snprintf(key, cap, "%.40s-%.16s", slash ? slash + 1 : real, hex);
	for (char *p = key; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	return LL_OK;
}

static char *describe(const char *path, const char *dir, int kind, const struct ds_unpack_tally *t)
{
	char *s = NULL;
	char extra[200] = "";
	size_t o = 0;
	const size_t counts[] = {t->links, t->unsafe, t->skipped};
	const char *const what[] = {"link%s or device%s", "name%s outside the archive's folder%s",
				    "encrypted or unreadable member%s%s"};
	for (int i = 0; i < 3; i++) {
		if (!counts[i] || o >= sizeof extra)
			continue;
		const char *pl = counts[i] == 1 ? "" : "s";
		char part[80];
		snprintf(part, sizeof part, what[i], pl, i == 0 ? pl : "");
		int k = snprintf(extra + o, sizeof extra - o, "%s%zu %s", o ? ", " : "; left out: ", counts[i], part);
		o += k > 0 ? (size_t)k : 0;
	}
	if (asprintf(&s, "%s: a %s archive of %zu file%s (%llu bytes), read from %s%s", path,
		     kind == ZIP ? "zip" : kind == SEVEN_ZIP ? "7z" : "tar",
		     t->files, t->files == 1 ? "" : "s", (unsigned long long)t->bytes, dir, extra) < 0)
		return NULL;
	return s;
}

/* Removes the folders an older copy of the same archive (same real path,
 * another size or time) was unpacked into: only the newest is opened, and
 * labels live in the data folder, so nothing of the user's goes with them. */
static void drop_older(const char *keep, const char *real)
{
	char *base = ds_cache_path("archives");
	DIR *d = base ? opendir(base) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char dir[PATH_MAX], marker[PATH_MAX + 32], line[PATH_MAX] = "";
		snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
		if (strcmp(dir, keep) == 0)
			continue;
		snprintf(marker, sizeof marker, "%s/" MARKER, dir);
		FILE *m = fopen(marker, "r");
		if (m && fgets(line, sizeof line, m))
			line[strcspn(line, "\n")] = '\0';
		if (m)
			fclose(m);
		if (strcmp(line, real) == 0)
			ds_remove_tree(dir);
	}
	if (d)
		closedir(d);
	free(base);
}

int ds_archive_extract(const char *path, char **dir, char **note, struct ll_err *err)
{
	*dir = NULL;
	if (note)
		*note = NULL;
	char *base = NULL, key[96];
	int rc = cache_key(path, key, sizeof key, err);
	if (rc == LL_OK)
		rc = ds_cache_subdir("archives", &base, err);
	if (rc != LL_OK)
		return rc;
	char final[PATH_MAX], tmp[PATH_MAX], marker[PATH_MAX + 32];
	snprintf(final, sizeof final, "%s/%s", base, key);
	snprintf(tmp, sizeof tmp, "%s/.%s.part-%ld", base, key, (long)getpid());
	free(base);
	snprintf(marker, sizeof marker, "%s/" MARKER, final);
	struct ds_unpack_tally t = {0};
	int kind = TAR;
	struct stat st;
	if (stat(marker, &st) != 0) {
		/* extracted into a folder of its own, renamed when whole: a copy
		 * cut short (a full disk, a kill) is never taken for complete */
		ds_remove_tree(tmp);
		if (mkdir(tmp, 0755) != 0)
			return ll_err_errno(err, LL_EIO, errno, "%s: cannot make a folder for %s", tmp, path);
		rc = unpack(path, tmp, &kind, &t, err);
		char tmarker[PATH_MAX + 32];
		snprintf(tmarker, sizeof tmarker, "%s/" MARKER, tmp);
		FILE *m = rc == LL_OK ? fopen(tmarker, "w") : NULL;
		char real[PATH_MAX];
		if (!realpath(path, real))
			snprintf(real, sizeof real, "%s", path);
		/* line 1, the archive's real path, is what its label journals are kept under (ds_labels.c) */
		if (rc == LL_OK && (!m || fprintf(m, "%s\n%d %zu %zu %zu %zu %zu %llu\n", real, kind, t.files, t.dirs, t.links,
						  t.unsafe, t.skipped, (unsigned long long)t.bytes) < 0))
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmarker);
		if (m && fclose(m) != 0 && rc == LL_OK)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write", tmarker);
		if (rc == LL_OK && rename(tmp, final) != 0) {
			/* another process finished first: its copy is as good */
			if (stat(marker, &st) != 0)
				rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot rename into %s", tmp, final);
			ds_remove_tree(tmp);
		}
		if (rc != LL_OK) {
			ds_remove_tree(tmp);
			return rc;
		}
		drop_older(final, real);
	} else {
		FILE *m = fopen(marker, "r");
		unsigned long long b = 0;
		char line[PATH_MAX];
		if (m && fgets(line, sizeof line, m) &&
		    fscanf(m, "%d %zu %zu %zu %zu %zu %llu", &kind, &t.files, &t.dirs, &t.links, &t.unsafe, &t.skipped, &b) ==
			    7)
			t.bytes = b;
		if (m)
			fclose(m);
	}
	if (!(*dir = strdup(final)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	if (note && !(*note = describe(path, final, kind, &t))) {
		free(*dir);
		*dir = NULL;
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	}
	return LL_OK;
}
