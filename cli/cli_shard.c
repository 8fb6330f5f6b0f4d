/*
 * cli_shard.c - `loglab build --templates PATH...`: the log templates of
 * many files, or of one big file, spread over MPI ranks, with template ids
 * that do not depend on the rank count.
 *
 * The inputs (files, folders and globs, expanded in file order as fleets
 * are: ds_fleet_find) are cut into chunks: a file up to --chunk-bytes is
 * one chunk, a larger plain file is cut into byte ranges of about that
 * size at line boundaries (a compressed file stays whole). The chunks depend on
 * the data alone. Ranks take contiguous shares of the chunks and mine each
 * with a fresh miner (ll_tpl); every chunk's templates, in chunk order
 * and then in the chunk's template order, are added to one merged miner on
 * every rank alike, and a line's id is the merged id of its chunk
 * template. One process runs the same steps, so any rank count writes the
 * same bytes.
 *
 * A line is mined as the dataset path mines it (ds_templates.h): each
 * file's format is detected as `loglab FILE` detects it (ds_reader_prepare
 * on the file's source, by whichever rank mines the chunk; the answer
 * depends on the file alone), and a line of a log format is mined by its
 * message (ds_line_message: the message field of a line that fits, the
 * whole line of one that does not, such as a record's continuation), so
 * an access log's host and time or a syslog line's header are never
 * mined. A table's lines (CSV, JSON, ...), which the dataset path mines
 * as rows of cells that byte ranges cannot rebuild, are mined whole.
 *
 * Written to --out DIR (rank 0 the shared files, each rank its chunks'):
 *   templates.tsv     id<TAB>lines<TAB>template of the merged templates
 *   chunk-NNNNN.npy   int32 template id of each line of chunk N
 *   manifest.json     the inputs, the chunking, every chunk's file, byte
 *                     range ("whole" for a file read whole), format,
 *                     lines, first row and array, and the totals
 * Rows are numbered across the inputs in chunk order, from 0.
 */
#include "cli.h"
#include "ds_codec.h"
#include "ds_fleet.h"
#include "ds_reader.h"
#include "ds_runs.h"
#include "ds_source.h"
#include "ll_tpl.h"
#include "ll_par.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_CHUNK ((uint64_t)64 << 20)

struct chunk {
	size_t file;
	uint64_t off, len; /* len 0: read whole through ds_source (a compressed file, or one of at most --chunk-bytes) */
};

struct plan {
	struct ds_fleet_list *files;
	struct chunk *c;
	size_t n;
	uint64_t *size; /* each file's size as planned */
	const char *format, *header; /* --format, --header: as `label` takes them */
};

/* The first line start at or after off (off itself when a line ends just
 * before it), or size. */
static int line_start(int fd, uint64_t off, uint64_t size, uint64_t *out)
{
	char buf[65536];
	uint64_t pos = off - 1; /* look at the byte before: a '\n' there starts a line at off */
	while (pos < size) {
		ssize_t got = pread(fd, buf, sizeof buf, (off_t)pos);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		char *nl = memchr(buf, '\n', (size_t)got);
		if (nl) {
			*out = pos + (uint64_t)(nl - buf) + 1;
			return 0;
		}
		pos += (uint64_t)got;
	}
	*out = size;
	return 0;
}

static int make_plan(const char *const *specs, size_t nspecs, uint64_t chunk, struct plan *p, struct ll_err *err)
{
	memset(p, 0, sizeof *p);
	int rc = ds_fleet_find(specs, nspecs, &p->files, err);
	if (rc)
		return rc;
	size_t cap = 0;
	if (!(p->size = calloc(p->files->n ? p->files->n : 1, sizeof *p->size)))
		return ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->files->n; i++) {
		const char *path = p->files->e[i].path;
		struct stat st;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0) {
			rc = ll_err_errno(err, LL_EIO, errno, "%s", path);
			if (fd >= 0)
				close(fd);
			return rc;
		}
		uint64_t size = (uint64_t)st.st_size, off = 0;
		p->size[i] = size;
		int whole = ds_codec_of_file(path) != DS_CODEC_PLAIN || size <= chunk;
		do {
			uint64_t end = size;
			if (!whole && off + chunk < size && line_start(fd, off + chunk, size, &end) != 0) {
				rc = ll_err_errno(err, LL_EIO, errno, "%s: read failed", path);
				break;
			}
			if (p->n == cap) {
				cap = cap ? 2 * cap : 64;
				struct chunk *nc = realloc(p->c, cap * sizeof *nc);
				if (!nc) {
					rc = ll_err_set(err, LL_ENOMEM, "out of memory");
					break;
				}
				p->c = nc;
			}
			p->c[p->n++] = (struct chunk){i, off, whole ? 0 : end - off};
			off = end;
		} while (!whole && off < size);
		close(fd);
		if (rc)
			return rc;
	}
	return LL_OK;
}

static void free_plan(struct plan *p)
{
	ds_fleet_list_free(p->files);
	free(p->c);
	free(p->size);
	memset(p, 0, sizeof *p);
}

/* Each rank writes its chunks' arrays into out as it names it; ranks in
 * other working directories (or on nodes that do not share that folder)
 * would leave them in folders of their own, and rank 0's manifest would
 * name arrays its folder lacks. Rank 0 makes a file of a fresh name in
 * out and every rank looks for it there. */
static int same_out(const char *out, struct ll_err *err)
{
	if (ll_par_size() == 1)
		return LL_OK;
	char name[96] = "", path[4096];
	int rc = LL_OK;
	if (ll_par_rank() == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(name, sizeof name, ".loglab-ranks-%ld-%lx%lx", (long)getpid(), (unsigned long)ts.tv_sec,
			 (unsigned long)ts.tv_nsec);
		snprintf(path, sizeof path, "%s/%s", out, name);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			rc = ll_err_errno(err, LL_EIO, errno, "%s: cannot write in it", out);
		else
			close(fd);
	}
	if ((rc = ll_par_agree(rc, err)) != LL_OK)
		return rc;
	if ((rc = ll_par_bcast(name, sizeof name, 0, err)) != LL_OK)
		ll_par_abort(rc, err);
	name[sizeof name - 1] = '\0';
	snprintf(path, sizeof path, "%s/%s", out, name);
	struct stat st;
	if (ll_par_rank() != 0 && stat(path, &st) != 0)
		rc = ll_err_set(err, LL_EUSAGE,
				"%s: not the folder rank 0 writes (a file rank 0 made in it is not there): the ranks run in "
				"other working directories or do not share it; give --out a folder every rank sees",
				out);
	rc = ll_par_agree(rc, err);
	if (ll_par_rank() == 0)
		unlink(path);
	return rc;
}

static uint64_t fnv1a(uint64_t h, const void *b, size_t n)
{
	const unsigned char *c = b;
	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ULL;
	return h;
}

/* Every rank plans the chunks on its own (stat and line starts); ranks
 * that planned differently (a log still growing between their looks, a
 * pattern that matches other files in another working directory) would
 * mine overlapping or missing ranges and merge them as one fleet. The
 * plans are compared and, if they differ, every rank finds the same
 * error, naming the first file and rank that differ from rank 0. */
static int same_plan(const struct plan *p, const char *spec, size_t nspecs, struct ll_err *err)
{
	const int P = ll_par_size();
	if (P == 1)
		return LL_OK;
	uint64_t me[3] = {p->files->n, p->n, 0xcbf29ce484222325ULL}, *all = NULL, *fe = NULL, *allf = NULL;
	for (size_t i = 0; i < p->files->n; i++) {
		const char *path = p->files->e[i].path;
		me[2] = fnv1a(me[2], path, strlen(path) + 1);
		me[2] = fnv1a(me[2], &p->size[i], sizeof p->size[i]);
	}
	me[2] = fnv1a(me[2], p->c, p->n * sizeof *p->c);
	int rc = LL_OK;
	/* out of memory on this rank alone, while the others wait in the all-gather */
	if (!(all = calloc((size_t)P * 3, sizeof *all)))
		ll_par_abort(ll_err_set(err, LL_ENOMEM, "out of memory"), err);
	if ((rc = ll_par_allgather(me, sizeof me, all, err)) != LL_OK)
		goto out;
	int r = 1;
	while (r < P && memcmp(all + 3 * r, all, sizeof me) == 0)
		r++;
	if (r == P)
		goto out;
	for (int q = 1; q < P; q++)
		if (all[3 * q] != all[0]) {
			rc = ll_err_set(err, LL_EDATA,
					"%s%s: rank %d of %d finds %llu input files where rank 0 finds %llu: the ranks do not "
					"see the same files (other working directories or file systems); run it where every "
					"rank sees the same inputs",
					spec, nspecs > 1 ? " ..." : "", q, P, (unsigned long long)all[3 * q],
					(unsigned long long)all[0]);
			goto out;
		}
	/* as many files everywhere: each file's name and size, to name the first that differs */
	size_t nf = p->files->n;
	if (!(fe = calloc(2 * nf, sizeof *fe)) || !(allf = calloc(2 * nf * (size_t)P, sizeof *allf)))
		ll_par_abort(ll_err_set(err, LL_ENOMEM, "out of memory"), err);
	for (size_t i = 0; i < nf; i++) {
		const char *path = p->files->e[i].path;
		fe[2 * i] = fnv1a(0xcbf29ce484222325ULL, path, strlen(path) + 1);
		fe[2 * i + 1] = p->size[i];
	}
	if ((rc = ll_par_allgather(fe, 2 * nf * sizeof *fe, allf, err)) != LL_OK)
		goto out;
	for (size_t i = 0; i < nf; i++)
		for (int q = 1; q < P; q++) {
			const uint64_t *a = allf + 2 * i, *b = allf + 2 * (nf * (size_t)q + i);
			if (a[0] != b[0]) {
				rc = ll_err_set(err, LL_EDATA,
						"rank %d of %d finds other input files than rank 0 (its file %zu of %zu is not %s): "
						"the ranks do not see the same files (other working directories or file systems)",
						q, P, i + 1, nf, p->files->e[i].path);
				goto out;
			}
			if (a[1] != b[1]) {
				rc = ll_err_set(err, LL_EDATA,
						"%s: rank %d of %d finds %llu bytes where rank 0 finds %llu: the file changed while "
						"the ranks planned their chunks (a log still being written?); build from a copy "
						"that no longer changes",
						p->files->e[i].path, q, P, (unsigned long long)b[1], (unsigned long long)a[1]);
				goto out;
			}
		}
	rc = ll_err_set(err, LL_EDATA,
			"rank %d of %d cut the input files into other chunks than rank 0 (a file changed while the ranks "
			"read its line starts?); build from a copy that no longer changes",
			r, P);
out:
	free(all);
	free(fe);
	free(allf);
	return rc;
}

/* The bytes of a chunk of a plain file (NUL-terminated); a UTF-8 byte
 * order mark that starts the file is left out, as ds_source leaves it out
 * for the dataset path. */
static int read_chunk(const struct plan *p, const struct chunk *c, char **out, size_t *len, struct ll_err *err)
{
	const char *path = p->files->e[c->file].path;
	*out = NULL;
	*len = 0;
	char *b = malloc(c->len + 1);
	if (!b)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory for %llu bytes", path, (unsigned long long)c->len);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	while (fd >= 0 && n < c->len) {
		ssize_t got = pread(fd, b + n, c->len - n, (off_t)(c->off + n));
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (n != c->len) {
		free(b);
		return ll_err_errno(err, LL_EIO, fd < 0 ? e : e ? e : EIO, "%s: cannot read bytes %llu..%llu", path,
				    (unsigned long long)c->off, (unsigned long long)(c->off + c->len));
	}
	b[n] = '\0';
	if (c->off == 0 && n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		memmove(b, b + 3, n - 2);
		n -= 3;
	}
	*out = b;
	*len = n;
	return LL_OK;
}

/* One mined chunk: its lines' chunk-local ids and its templates. */
struct mined {
	size_t lines;
	const char *format; /* the file's reader's name (static) */
	int32_t *ids;
	char *blob;     /* "lines\ttemplate\n" per template, in id order */
	size_t blob_len;
};

static int mine_chunk(const struct plan *p, const struct chunk *c, struct mined *m, struct ll_err *err)
{
	memset(m, 0, sizeof *m);
	/* the file's source gives its format, and a compressed file's bytes (read
	 * whole, inflated under the limits every input has) */
	const char *path = p->files->e[c->file].path;
	struct ds_source *src = NULL;
	int rc = ds_source_open(&src, path, err);
	if (rc)
		return rc;
	struct ds_open_opts o = {.format = p->format, .header = p->header};
	ds_open_opts_split(&o);
	const struct ds_reader *want = o.format ? ds_reader_find(o.format) : NULL;
	const struct ds_reader *r = ds_reader_prepare(src, path, want, &o, err);
	if (!r) {
		ds_source_close(src);
		return err->code ? err->code : LL_EDATA;
	}
	const struct ds_line_format *fmt = r->line;
	m->format = r->name;
	char *text = NULL;
	const char *data;
	size_t len;
	if (c->len == 0) {
		data = src->data;
		len = src->size;
	} else {
		ds_source_close(src);
		src = NULL;
		if ((rc = read_chunk(p, c, &text, &len, err)) != LL_OK)
			return rc;
		data = text;
	}
	size_t cap = 1024, n = 0;
	const char **lines = malloc(cap * sizeof *lines);
	size_t *lens = malloc(cap * sizeof *lens);
	if (!lines || !lens)
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t pos = 0; rc == LL_OK && pos < len;) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;
		pos += l + (nl != NULL);
		if (l && s[l - 1] == '\r')
			l--;
		if (n == cap) {
			const char **nl2 = realloc(lines, 2 * cap * sizeof *nl2);
			size_t *ns = nl2 ? realloc(lens, 2 * cap * sizeof *ns) : NULL;
			if (nl2)
				lines = nl2;
			if (!ns) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			lens = ns;
			cap *= 2;
		}
		if (fmt)
			ds_line_message(fmt, s, l, &lines[n], &lens[n]);
		else
			lines[n] = s, lens[n] = l;
		n++;
	}
	struct ll_tpl_config tc;
	ll_tpl_config_default(&tc);
	struct ll_tpl *t = NULL;
	long *ids = NULL;
	if (rc == LL_OK && (rc = ll_tpl_new(&tc, &t, err)) == LL_OK) {
		ids = malloc((n ? n : 1) * sizeof *ids);
		m->ids = malloc((n ? n : 1) * sizeof *m->ids);
		if (!ids || !m->ids)
			rc = ll_err_set(err, LL_ENOMEM, "out of memory");
		else
			rc = ll_tpl_mine_array(t, n, lines, lens, ids, err);
	}
	for (size_t i = 0; rc == LL_OK && i < n; i++)
		m->ids[i] = (int32_t)ids[i];
	m->lines = n;
	free(ids);
	free(lines);
	free(lens);
	free(text);
	ds_source_close(src);
	/* the chunk's templates as text */
	size_t nt = t ? ll_tpl_count(t) : 0, bcap = 4096;
	if (rc == LL_OK && !(m->blob = malloc(bcap)))
		rc = ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t k = 0; rc == LL_OK && k < nt; k++) {
		size_t need = ll_tpl_text(t, (long)k, NULL, 0) + 32;
		while (m->blob_len + need + 1 > bcap) {
			char *nb = realloc(m->blob, 2 * bcap);
			if (!nb) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			m->blob = nb;
			bcap *= 2;
		}
		if (rc)
			break;
		m->blob_len += (size_t)snprintf(m->blob + m->blob_len, bcap - m->blob_len, "%llu\t",
						(unsigned long long)ll_tpl_lines(t, (long)k));
		m->blob_len += ll_tpl_text(t, (long)k, m->blob + m->blob_len, bcap - m->blob_len);
		m->blob[m->blob_len++] = '\n';
	}
	ll_tpl_free(t);
	return rc;
}

static void free_mined(struct mined *m)
{
	free(m->ids);
	free(m->blob);
	memset(m, 0, sizeof *m);
}

static void templates_usage(FILE *out)
{
	fprintf(out,
		"Usage: loglab build --templates PATH... [--out DIR] [--chunk-bytes N] [--json]\n"
		"                    [--format NAME] [--header PATTERN]\n"
		"\n"
		"Mines the log templates of files, folders and globs (in file order, rotated\n"
		"files with their base), cut into chunks of about N bytes at line boundaries\n"
		"(default 64 MiB; a compressed file is one chunk). Each file's format is detected\n"
		"as `loglab FILE` detects it (or is --format NAME, or the log format with\n"
		"--header's pattern), and a line is mined by its message, as `loglab\n"
		"label FILE --templates` mines it (an access log's request, the text after a\n"
		"syslog line's `host prog[pid]:`; a line the format does not fit, whole); a\n"
		"table's lines are mined whole. Under mpirun/srun the ranks share the chunks;\n"
		"the chunks' templates are merged in chunk order, so the ids are the same on\n"
		"any number of ranks. Writes templates.tsv, one chunk-N.npy of int32 template\n"
		"ids per chunk and manifest.json into DIR (default ./templates).\n");
}

/* Writes what rank 0 writes: templates.tsv and manifest.json. */
static int write_shared(const char *out, const struct plan *p, const struct ll_tpl *merged, const uint64_t *tlines,
			const size_t *lines, const char (*fmts)[32], int json, struct ll_err *err)
{
	size_t nt = ll_tpl_count(merged), cap = 1 << 16, n = 0;
	char *t = malloc(cap);
	int rc = t ? LL_OK : ll_err_set(err, LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == LL_OK && i < nt; i++) {
		size_t need = ll_tpl_text(merged, (long)i, NULL, 0) + 48;
		if (n + need >= cap) {
			char *nb = realloc(t, 2 * cap + need);
			if (!nb) {
				rc = ll_err_set(err, LL_ENOMEM, "out of memory");
				break;
			}
			t = nb;
			cap = 2 * cap + need;
		}
		n += (size_t)snprintf(t + n, cap - n, "%zu\t%llu\t", i, (unsigned long long)tlines[i]);
		n += ll_tpl_text(merged, (long)i, t + n, cap - n);
		t[n++] = '\n';
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/templates.tsv", out);
	if (rc == LL_OK)
		rc = ds_write_text(path, t ? t : "", n, err);
	free(t);
	if (rc)
		return rc;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", "templates");
	cJSON *in = cJSON_AddArrayToObject(o, "inputs");
	for (size_t i = 0; i < p->files->n; i++) {
		cJSON *f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "path", p->files->e[i].path);
		cJSON_AddNumberToObject(f, "size", (double)p->files->e[i].size);
		cJSON_AddItemToArray(in, f);
	}
	cJSON *ch = cJSON_AddArrayToObject(o, "chunks");
	size_t row = 0;
	for (size_t c = 0; c < p->n; c++) {
		cJSON *j = cJSON_CreateObject();
		char name[64];
		snprintf(name, sizeof name, "chunk-%05zu.npy", c);
		cJSON_AddNumberToObject(j, "file", (double)p->c[c].file);
		cJSON_AddNumberToObject(j, "offset", (double)p->c[c].off);
		if (p->c[c].len)
			cJSON_AddNumberToObject(j, "length", (double)p->c[c].len);
		else
			cJSON_AddStringToObject(j, "length", "whole");
		cJSON_AddStringToObject(j, "format", fmts[c]);
		cJSON_AddNumberToObject(j, "lines", (double)lines[c]);
		cJSON_AddNumberToObject(j, "first_row", (double)row);
		cJSON_AddStringToObject(j, "ids", name);
		cJSON_AddItemToArray(ch, j);
		row += lines[c];
	}
	cJSON_AddNumberToObject(o, "rows", (double)row);
	cJSON_AddNumberToObject(o, "templates", (double)nt);
	cJSON_AddStringToObject(o, "templates_file", "templates.tsv");
	snprintf(path, sizeof path, "%s/manifest.json", out);
	rc = ds_write_json(path, o, err);
	if (rc == LL_OK) {
		if (json) {
			char *s = cJSON_Print(o);
			if (s)
				puts(s);
			free(s);
		} else {
			printf("%zu templates in %zu rows of %zu files (%zu chunks, %d ranks); wrote %s\n", nt, row,
			       p->files->n, p->n, ll_par_size(), out);
		}
	}
	cJSON_Delete(o);
	return rc;
}

/* A chunk's summary line, "LINES BLOB_BYTES FORMAT\n", at s (avail bytes,
 * NUL after them): read within its line, where sscanf would measure the
 * whole rest of the buffer at every chunk. *used: the line's bytes. */
static int parse_summary(const char *s, size_t avail, size_t *lines, size_t *blob, char fmt[32], size_t *used)
{
	const char *end = memchr(s, '\n', avail);
	char *p;
	if (!end || *s < '0' || *s > '9')
		return -1;
	unsigned long long a = strtoull(s, &p, 10);
	if (p >= end || *p != ' ' || p[1] < '0' || p[1] > '9')
		return -1;
	unsigned long long b = strtoull(p + 1, &p, 10);
	if (p >= end || *p != ' ' || end - p - 1 < 1 || end - p - 1 > 31)
		return -1;
	memcpy(fmt, p + 1, (size_t)(end - p - 1));
	fmt[end - p - 1] = '\0';
	*lines = (size_t)a;
	*blob = (size_t)b;
	*used = (size_t)(end - s) + 1;
	return 0;
}

int cli_build_templates(int argc, char **argv, int first, const char *outdir, uint64_t chunk, int json,
			const char *format, const char *header)
{
#ifdef __GLIBC__
	/* Every chunk allocates its text and line arrays anew (tens of MB); by
	 * default glibc maps such blocks and unmaps them on free, so each chunk
	 * faulted its memory in again: 4.4 s of system time for a 1 GiB file
	 * on issue 18's VM, where a fault is dear. Kept in the heap, the next
	 * chunk reuses the pages. */
	mallopt(M_MMAP_THRESHOLD, 512 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
	(void)argc;
	struct ll_err err;
	ll_err_clear(&err);
	int lead = ll_par_rank() == 0, P = ll_par_size();
	if (first >= argc) {
		if (lead)
			templates_usage(stderr);
		return 1;
	}
	const char *out = outdir ? outdir : "templates";
	struct plan p;
	struct mined *m = NULL;
	struct ll_tpl *merged = NULL;
	uint64_t **cnts = NULL;
	size_t *ntpl = NULL;
	size_t *lines = NULL, *counts = NULL;
	uint64_t *sizes = NULL, *tlines = NULL;
	char *all = NULL, *mine = NULL;
	int32_t **map = NULL;
	char (*fmts)[32] = NULL; /* each chunk's format, as its rank detected it */
	ll_par_phase("templates: planning the chunks", 0, 0);
	int rc = make_plan((const char *const *)argv + first, (size_t)(argc - first), chunk, &p, &err);
	p.format = format;
	p.header = header;
	if (rc == LL_OK && mkdir(out, 0777) != 0 && errno != EEXIST)
		rc = ll_err_errno(&err, LL_EIO, errno, "%s: cannot create it", out);
	if ((rc = ll_par_agree(rc, &err)) != LL_OK)
		goto out;
	/* every rank finds the same verdict: no agreement needed */
	if ((rc = same_plan(&p, argv[first], (size_t)(argc - first), &err)) != LL_OK)
		goto out;
	if ((rc = same_out(out, &err)) != LL_OK)
		goto out;
	size_t c0, c1;
	ll_par_share(p.n, ll_par_rank(), P, &c0, &c1);
	m = calloc(p.n ? p.n : 1, sizeof *m);
	lines = calloc(p.n ? p.n : 1, sizeof *lines);
	sizes = calloc((size_t)P, sizeof *sizes);
	counts = calloc((size_t)P, sizeof *counts);
	map = calloc(p.n ? p.n : 1, sizeof *map);
	fmts = calloc(p.n ? p.n : 1, sizeof *fmts);
	if (!m || !lines || !sizes || !counts || !map || !fmts)
		rc = ll_err_set(&err, LL_ENOMEM, "out of memory");
	ll_par_phase("templates: mining the chunks (%ld in all)", (long)p.n, 0);
	/* 1. this rank's chunks, each mined alone */
	size_t mine_len = 0;
	for (size_t c = c0; rc == LL_OK && c < c1; c++) {
		if ((rc = mine_chunk(&p, &p.c[c], &m[c], &err)) == LL_OK)
			mine_len += m[c].blob_len + strlen(m[c].format) + 48;
		else if (P > 1)
			/* a chunk only this rank reads (a truncated .gz, a file it
			 * cannot open): agreed on below, the error would wait for every
			 * other rank to mine the rest of its share, minutes for a big
			 * fleet on few ranks; the job ends now with this rank's message */
			ll_par_abort(rc, &err);
	}
	if ((rc = ll_par_agree(rc, &err)) != LL_OK)
		goto out;
	/* 2. every chunk's line count and templates on every rank, in chunk order */
	if (!(mine = malloc(mine_len + 1)))
		ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
	size_t ml = 0;
	for (size_t c = c0; c < c1; c++) {
		ml += (size_t)sprintf(mine + ml, "%zu %zu %.31s\n", m[c].lines, m[c].blob_len, m[c].format);
		memcpy(mine + ml, m[c].blob, m[c].blob_len);
		ml += m[c].blob_len;
	}
	uint64_t my = ml;
	if (ll_par_allgather(&my, sizeof my, sizes, &err) != LL_OK)
		ll_par_abort(LL_EIO, &err);
	size_t total = 0;
	for (int q = 0; q < P; q++)
		total += counts[q] = (size_t)sizes[q];
	if (!(all = malloc(total + 1)))
		ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
	if (ll_par_allgatherv(mine, counts, all, &err) != LL_OK)
		ll_par_abort(LL_EIO, &err);
	all[total] = '\0'; /* the summaries' numbers end within it */
	/* 3. one merged miner, fed the chunks' templates in order, alike on
	 * every rank; a chunk template's merged id maps its lines */
	struct ll_tpl_config tc;
	ll_tpl_config_default(&tc);
	if ((rc = ll_tpl_new(&tc, &merged, &err)) != LL_OK)
		ll_par_abort(rc, &err);
	size_t at = 0;
	cnts = calloc(p.n ? p.n : 1, sizeof *cnts);
	ntpl = calloc(p.n ? p.n : 1, sizeof *ntpl);
	if (!cnts || !ntpl)
		ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
	for (size_t c = 0; c < p.n; c++) {
		size_t nl = 0, bl = 0, used = 0;
		if (parse_summary(all + at, total - at, &nl, &bl, fmts[c], &used) != 0 || at + used + bl > total)
			ll_par_abort(ll_err_set(&err, LL_EIO, "templates: a rank sent a malformed chunk summary"), &err);
		lines[c] = nl;
		at += used;
		size_t nt = 0, cap = 64;
		map[c] = malloc(cap * sizeof **map);
		cnts[c] = malloc(cap * sizeof **cnts);
		for (size_t e = at; map[c] && cnts[c] && e < at + bl;) {
			char *tab = memchr(all + e, '\t', at + bl - e), *nl2 = memchr(all + e, '\n', at + bl - e);
			if (!tab || !nl2 || tab > nl2)
				ll_par_abort(ll_err_set(&err, LL_EIO, "templates: malformed chunk templates"), &err);
			unsigned long long cnt = strtoull(all + e, NULL, 10);
			/* a chunk template is a line of the merged miner: its skeleton now,
			 * its merged template after ll_tpl_finish */
			long sk = ll_tpl_add(merged, tab + 1, (size_t)(nl2 - tab - 1));
			if (sk < 0)
				ll_par_abort(ll_err_set(&err, LL_ENOMEM, "templates: out of memory"), &err);
			if (nt == cap) {
				int32_t *nm = realloc(map[c], 2 * cap * sizeof *nm);
				uint64_t *nc = nm ? realloc(cnts[c], 2 * cap * sizeof *nc) : NULL;
				if (nm)
					map[c] = nm;
				if (!nc)
					ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
				cnts[c] = nc;
				cap *= 2;
			}
			map[c][nt] = (int32_t)sk;
			cnts[c][nt++] = cnt;
			e = (size_t)(nl2 - all) + 1;
		}
		if (!map[c] || !cnts[c])
			ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
		ntpl[c] = nt;
		at += bl;
	}
	if ((rc = ll_tpl_finish(merged, &err)) != LL_OK)
		ll_par_abort(rc, &err);
	if (!(tlines = calloc(ll_tpl_count(merged) + 1, sizeof *tlines)))
		ll_par_abort(ll_err_set(&err, LL_ENOMEM, "out of memory"), &err);
	for (size_t c = 0; c < p.n; c++)
		for (size_t k = 0; k < ntpl[c]; k++) {
			long id = ll_tpl_template_of(merged, map[c][k]);
			map[c][k] = (int32_t)id;
			if (id >= 0)
				tlines[id] += cnts[c][k];
		}
	ll_par_phase("templates: writing the chunks' ids and the shared files", 0, 0);
	/* 4. each rank writes its chunks' ids; rank 0 the shared files */
	for (size_t c = c0; rc == LL_OK && c < c1; c++) {
		for (size_t i = 0; i < m[c].lines; i++)
			m[c].ids[i] = map[c][m[c].ids[i]];
		char name[64];
		snprintf(name, sizeof name, "chunk-%05zu.npy", c);
		size_t n = m[c].lines;
		rc = cli_write_npy(out, name, "i4", &n, 1, m[c].ids, sizeof *m[c].ids, &err);
	}
	if (rc == LL_OK && lead)
		rc = write_shared(out, &p, merged, tlines, lines, (const char(*)[32])fmts, json, &err);
	rc = ll_par_agree(rc, &err);
out:
	for (size_t c = 0; m && c < p.n; c++) {
		free_mined(&m[c]);
		if (map)
			free(map[c]);
		if (cnts)
			free(cnts[c]);
	}
	free(cnts);
	free(ntpl);
	free(m);
	free(map);
	free(fmts);
	free(lines);
	free(sizes);
	free(counts);
	free(tlines);
	free(all);
	free(mine);
	ll_tpl_free(merged);
	free_plan(&p);
	if (rc)
		return lead ? cli_fail(rc, &err) : ll_exit_code(rc);
	return 0;
}
