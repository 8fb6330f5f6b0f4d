/*
 * tests/datasets/test_textlog.c - the text-log readers on the real loghub,
 * loghub2 and fail2ban files, and the line loader's edge cases on small
 * files written to a temporary directory.
 *
 * Expected values are computed independently of the readers: fields come
 * from loghub's own structured CSVs (parsed here by a small quoted-CSV
 * splitter), counts from awk over the raw files (commands in comments).
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "ds_reader.h"
#include "ds_textlog.h"
#include "ll_table.h"
#include "ll_time.h"

/* ---- a small file reader and quoted-CSV splitter ---- */

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap + 1);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			char *nb = realloc(buf, (cap *= 2) + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (buf) {
		buf[len] = '\0';
		*n = len;
	}
	return buf;
}

struct csv {
	size_t nrows, ncols; /* rows exclude the header */
	char **cells;        /* (nrows + 1) * ncols, header first */
	char *store;
};

/* RFC 4180 with "" escapes; CRLF or LF rows. Every row must have the
 * header's column count (loghub's files do). */
static int csv_load(struct csv *c, const char *path)
{
	size_t n;
	char *src = slurp(path, &n);
	if (!src)
		return 0;
	memset(c, 0, sizeof *c);
	c->store = malloc(n + 1);
	size_t cap = 1024, count = 0, cols_in_row = 0, w = 0;
	c->cells = malloc(cap * sizeof *c->cells);
	size_t i = 0;
	int ok = 1;
	while (i < n && ok) {
		/* one field */
		char *cell = c->store + w;
		if (src[i] == '"') {
			i++;
			while (i < n) {
				if (src[i] == '"' && i + 1 < n && src[i + 1] == '"') {
					c->store[w++] = '"';
					i += 2;
				} else if (src[i] == '"') {
					i++;
					break;
				} else {
					c->store[w++] = src[i++];
				}
			}
		} else {
			while (i < n && src[i] != ',' && src[i] != '\n' &&
			       !(src[i] == '\r' && src[i + 1] == '\n'))
				c->store[w++] = src[i++];
		}
		c->store[w++] = '\0';
		if (count == cap)
			c->cells = realloc(c->cells, (cap *= 2) * sizeof *c->cells);
		c->cells[count++] = cell;
		cols_in_row++;
		if (i < n && src[i] == ',') {
			i++;
			continue;
		}
		if (i < n && src[i] == '\r')
			i++;
		if (i < n && src[i] == '\n')
			i++;
		if (!c->ncols)
			c->ncols = cols_in_row;
		else if (cols_in_row != c->ncols)
			ok = 0;
		cols_in_row = 0;
	}
	free(src);
	c->nrows = c->ncols ? count / c->ncols - 1 : 0;
	return ok;
}

static void csv_free(struct csv *c)
{
	free(c->cells);
	free(c->store);
}

static int csv_col(const struct csv *c, const char *name)
{
	for (size_t k = 0; k < c->ncols; k++)
		if (strcmp(c->cells[k], name) == 0)
			return (int)k;
	return -1;
}

static const char *csv_cell(const struct csv *c, size_t row, size_t col)
{
	return c->cells[(row + 1) * c->ncols + col];
}

/* ---- helpers ---- */

static struct ll_table *load(const char *path, const char *format, const struct ds_reader **used,
			     struct ll_err *err)
{
	struct ds_open_opts o = {.format = format, .default_year = 2005};
	struct ll_table *t = NULL;
	ll_err_clear(err);
	int rc = ds_load(path, &o, &t, used, err);
	if (rc != LL_OK) {
		if (err->code == 0)
			err->code = rc;
		return NULL;
	}
	return t;
}

static size_t class_count(const struct ll_table *t, const char *name)
{
	int k = ll_table_find_class(t, name);
	if (k < 0)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < ll_table_nrows(t); i++)
		n += ll_table_label(t, i) == k;
	return n;
}

static char tmpdir[256];

static const char *tmp_path(const char *name)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
	return buf;
}

static void write_file(const char *name, const void *data, size_t n)
{
	FILE *f = fopen(tmp_path(name), "wb");
	if (!f) {
		fprintf(stderr, "cannot write %s: %s\n", tmp_path(name), strerror(errno));
		exit(99);
	}
	fwrite(data, 1, n, f);
	fclose(f);
}

static void write_str(const char *name, const char *s) { write_file(name, s, strlen(s)); }

/* Copies s with every run of blanks made one space (loghub-2.0 wrote its
 * structured CSVs so). */
static void squeeze(const char *s, char *out)
{
	while (*s) {
		if (*s == ' ' || *s == '\t') {
			while (*s == ' ' || *s == '\t')
				s++;
			*out++ = ' ';
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

static int same_squeezed(const char *a, const char *b)
{
	char *x = malloc(strlen(a) + 1), *y = malloc(strlen(b) + 1);
	int same = 0;
	if (x && y) {
		squeeze(a, x);
		squeeze(b, y);
		same = strcmp(x, y) == 0;
	}
	free(x);
	free(y);
	return same;
}

static int squeeze_blanks;

/* Compares a table field column with a CSV column over every row; returns
 * how many rows differ and prints the first difference. */
static size_t compare_column(const char *what, const struct ll_table *t, int tcol, const struct csv *c,
			     int ccol)
{
	size_t bad = 0;
	enum ll_coltype type = ll_table_col_type(t, (size_t)tcol);
	for (size_t r = 0; r < ll_table_nrows(t) && r < c->nrows; r++) {
		const char *want = csv_cell(c, r, (size_t)ccol);
		int same;
		char got[64] = "";
		if (type == LL_COL_TEXT) {
			same = squeeze_blanks ? same_squeezed(ll_table_text(t, r, (size_t)tcol), want)
					      : strcmp(ll_table_text(t, r, (size_t)tcol), want) == 0;
		} else if (type == LL_COL_NUM) {
			double v = ll_table_num(t, r, (size_t)tcol), w = NAN;
			if (*want && !ll_parse_number(want, strlen(want), &w))
				w = NAN;
			same = (isnan(v) && isnan(w)) || v == w;
			snprintf(got, sizeof got, "%g", v);
		} else {
			/* times: present exactly when the CSV has text */
			same = isnan(ll_table_num(t, r, (size_t)tcol)) == (*want == '\0');
			strcpy(got, "(time)");
		}
		if (!same && bad++ == 0)
			fprintf(stderr, "%s row %zu column %s: got \"%s\", want \"%s\"\n", what, r + 1,
				ll_table_col_name(t, (size_t)tcol),
				type == LL_COL_TEXT ? ll_table_text(t, r, (size_t)tcol) : got, want);
	}
	return bad;
}

/* ---- loghub and loghub2 ---- */

struct system {
	const char *dir, *reader;
	int in_loghub2;
	/* for syslog systems: CSV column for host, program, pid */
	const char *host, *program, *pid;
};

static const struct system systems[] = {
	{"BGL", "bgl", 1, NULL, NULL, NULL},
	{"HDFS", "hdfs", 1, NULL, NULL, NULL},
	{"HPC", "hpc", 0, NULL, NULL, NULL},
	{"Hadoop", "hadoop", 1, NULL, NULL, NULL},
	{"Linux", "syslog", 1, "Level", "Component", "PID"},
	{"OpenSSH", "syslog", 1, "Component", NULL, "Pid"},
	{"OpenStack", "openstack", 0, NULL, NULL, NULL},
	{"Spark", "spark", 0, NULL, NULL, NULL},
	{"Thunderbird", "thunderbird", 1, NULL, NULL, NULL},
	{"Zookeeper", "zookeeper", 0, NULL, NULL, NULL},
};

static void check_tables_equal(const char *what, const struct ll_table *a, const struct ll_table *b)
{
	CHECK_INT(ll_table_nrows(a), ll_table_nrows(b));
	CHECK_INT(ll_table_ncols(a), ll_table_ncols(b));
	CHECK_INT(ll_table_nclasses(a), ll_table_nclasses(b));
	if (ll_table_nrows(a) != ll_table_nrows(b) || ll_table_ncols(a) != ll_table_ncols(b))
		return;
	size_t diff = 0;
	char x[4096], y[4096];
	for (size_t r = 0; r < ll_table_nrows(a); r++) {
		for (size_t c = 0; c < ll_table_ncols(a); c++) {
			ll_table_format_cell(a, r, c, x, sizeof x);
			ll_table_format_cell(b, r, c, y, sizeof y);
			if (strcmp(x, y) != 0 && diff++ == 0)
				fprintf(stderr, "%s: row %zu col %zu differs: \"%s\" vs \"%s\"\n", what, r, c,
					x, y);
		}
		int la = ll_table_label(a, r), lb = ll_table_label(b, r);
		const char *na = la < 0 ? "" : ll_table_class_name(a, (size_t)la);
		const char *nb = lb < 0 ? "" : ll_table_class_name(b, (size_t)lb);
		if (strcmp(na, nb) != 0 && diff++ == 0)
			fprintf(stderr, "%s: row %zu label differs\n", what, r);
	}
	CHECK_INT(diff, 0);
}

static void test_system(const struct system *s)
{
	char path[512], csvpath[4200], what[128];
	struct ll_err err;
	const struct ds_reader *used = NULL;
	snprintf(path, sizeof path, "loghub/%s/%s_2k.log", s->dir, s->dir);
	snprintf(what, sizeof what, "loghub/%s", s->dir);
	struct ll_table *t = load(ll_test_data(path), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "%s: %s\n", what, err.msg);
		return;
	}
	CHECK_STR(used ? used->name : "", s->reader);
	CHECK_INT(ll_table_nrows(t), 2000);
	CHECK_INT(ll_table_nnotes(t), 0);
	CHECK_STR(ll_table_col_name(t, 0), "line");

	snprintf(csvpath, sizeof csvpath, "%s", ll_test_data(path));
	strcat(csvpath, "_structured.csv");
	struct csv c;
	CHECK(csv_load(&c, csvpath));
	CHECK_INT(c.nrows, 2000);
	int content = csv_col(&c, "Content");
	if (strcmp(s->reader, "syslog") == 0) {
		CHECK_INT(compare_column(what, t, ll_table_find_column(t, "message"), &c, content), 0);
		CHECK_INT(compare_column(what, t, ll_table_find_column(t, "host"), &c, csv_col(&c, s->host)),
			  0);
		CHECK_INT(compare_column(what, t, ll_table_find_column(t, "pid"), &c, csv_col(&c, s->pid)),
			  0);
		if (s->program)
			CHECK_INT(compare_column(what, t, ll_table_find_column(t, "program"), &c,
						 csv_col(&c, s->program)),
				  0);
		/* every line has a syslog time */
		size_t timed = 0;
		for (size_t r = 0; r < ll_table_nrows(t); r++)
			timed += !isnan(ll_table_num(t, r, 1));
		CHECK_INT(timed, 2000);
	} else {
		/* Every field named like a CSV column equals it; a Content column exists. */
		CHECK(ll_table_find_column(t, "Content") > 0);
		size_t matched = 0;
		for (size_t col = 1; col < ll_table_ncols(t); col++) {
			int cc = csv_col(&c, ll_table_col_name(t, col));
			if (cc < 0) {
				/* only the added date+time column is not in the CSV */
				CHECK_STR(ll_table_col_name(t, col), "Timestamp");
				continue;
			}
			matched++;
			CHECK_INT(compare_column(what, t, (int)col, &c, cc), 0);
		}
		/* all CSV columns but LineId, EventId, EventTemplate are fields */
		CHECK_INT(matched, c.ncols - 3);
		/* HPC's own Time column is its epoch; the others have Timestamp */
		int ts = ll_table_find_column(t, strcmp(s->dir, "HPC") == 0 ? "Time" : "Timestamp");
		CHECK(ts > 0 && ll_table_col_type(t, (size_t)ts) == LL_COL_TIME);
		size_t timed = 0;
		for (size_t r = 0; ts > 0 && r < ll_table_nrows(t); r++)
			timed += !isnan(ll_table_num(t, r, (size_t)ts));
		CHECK_INT(timed, 2000);
	}
	/* The raw line column equals the file's line (CR removed). */
	size_t n;
	char *raw = slurp(ll_test_data(path), &n);
	size_t pos = 0, r = 0, bad = 0;
	const char *line;
	size_t len;
	while (raw && ds_source_next_line(raw, n, &pos, &line, &len)) {
		const char *got = ll_table_text(t, r++, 0);
		if (strlen(got) != len || memcmp(got, line, len) != 0)
			bad++;
	}
	CHECK_INT(r, 2000);
	CHECK_INT(bad, 0);
	free(raw);
	csv_free(&c);

	if (s->in_loghub2) {
		snprintf(path, sizeof path, "loghub2/%s/%s_2k.log", s->dir, s->dir);
		struct ll_table *t2 = load(ll_test_data(path), NULL, &used, &err);
		CHECK(t2 != NULL);
		if (t2) {
			CHECK_STR(used->name, s->reader);
			check_tables_equal(what, t, t2);
			/* loghub2's own structured CSV agrees on Content too, up to the
			 * runs of blanks it squeezed to one space (the raw files are
			 * byte-identical but for CR, and the loghub v1 CSV keeps them). */
			snprintf(csvpath, sizeof csvpath, "%s", ll_test_data(path));
			strcat(csvpath, "_structured.csv");
			struct csv c2;
			CHECK(csv_load(&c2, csvpath));
			int col = ll_table_find_column(t2, strcmp(s->reader, "syslog") == 0 ? "message"
											    : "Content");
			squeeze_blanks = 1;
			CHECK_INT(compare_column(path, t2, col, &c2, csv_col(&c2, "Content")), 0);
			squeeze_blanks = 0;
			csv_free(&c2);
			ll_table_free(t2);
		}
	}
	ll_table_free(t);
}

static void test_labels_and_times(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	/* tr -d '\r' < loghub/BGL/BGL_2k.log | awk '{c[$1]++} END{for(k in c) print c[k], k}' */
	struct ll_table *t = load(ll_test_data("loghub/BGL/BGL_2k.log"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		static const struct {
			const char *name;
			size_t n;
		} want[] = {{"normal", 1857}, {"KERNDTLB", 60}, {"KERNSTOR", 30}, {"APPSEV", 17},
			    {"KERNMNTF", 11}, {"KERNTERM", 7},  {"KERNREC", 5},   {"APPRES", 4},
			    {"APPREAD", 3},   {"KERNRTSP", 2},  {"APPTO", 2},     {"APPOUT", 1},
			    {"APPCHILD", 1}};
		CHECK_INT(ll_table_nclasses(t), 13);
		for (size_t k = 0; k < sizeof want / sizeof *want; k++)
			CHECK_INT(class_count(t, want[k].name), want[k].n);
		size_t unl;
		size_t counts[32];
		ll_table_label_counts(t, counts, &unl);
		CHECK_INT(unl, 0);
		/* first line: epoch 1117838570; 2005-06-03-15.42.50.675872 */
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Timestamp")), 1117838570, 0);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Time")), 1117813370.675872,
			   1e-5);
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "Label")), "-");
		ll_table_free(t);
	}
	/* awk '{print $1}' Thunderbird_2k.log | sort | uniq -c  ->  2000 - */
	t = load(ll_test_data("loghub/Thunderbird/Thunderbird_2k.log"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nclasses(t), 1);
		CHECK_INT(class_count(t, "normal"), 2000);
		ll_table_free(t);
	}
	/* date -u -d '2008-11-09 20:36:15' +%s = 1226262975 */
	t = load(ll_test_data("loghub/HDFS/HDFS_2k.log"), NULL, &used, &err);
	if (t) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Timestamp")), 1226262975, 0);
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Pid")), 148, 0);
		CHECK_INT(ll_table_nclasses(t), 0);
		ll_table_free(t);
	}
	/* date -u -d '2017-06-09 20:10:40' +%s = 1497039040 */
	t = load(ll_test_data("loghub/Spark/Spark_2k.log"), NULL, &used, &err);
	if (t) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Timestamp")), 1497039040, 0);
		ll_table_free(t);
	}
	/* date -u -d '2015-07-29 17:41:44.747' +%s.%N */
	t = load(ll_test_data("loghub/Zookeeper/Zookeeper_2k.log"), NULL, &used, &err);
	if (t) {
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "Timestamp")), 1438191704.747,
			   1e-6);
		ll_table_free(t);
	}
	/* Linux: "Jun 14 15:16:01" in the default year 2005: date -u -d '2005-06-14 15:16:01' +%s */
	t = load(ll_test_data("loghub/Linux/Linux_2k.log"), NULL, &used, &err);
	if (t) {
		CHECK_NEAR(ll_table_num(t, 0, 1), 1118762161, 0);
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "program")), "sshd(pam_unix)");
		ll_table_free(t);
	}
}

/* Reads up to 64 KiB of path. */
static size_t head_of(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* Every file of loghub/ and loghub2/: logs go to their system's reader;
 * no text-log reader other than the plain-lines fallback claims the CSV,
 * README or licence files (they belong to the CSV reader or plain lines).
 * Under valgrind (LL_VALGRIND) loghub/ alone, where the two took a fifth
 * of the test's CPU: loghub2/ holds other samples of six of its systems,
 * the same readers' sniffing (a gcov run reaches the same lines of
 * datasets/ and core/ without it); release and ASan read both. */
static void test_detection_dirs(void)
{
	static char head[64 * 1024];
	const char *roots[] = {"loghub", "loghub2"};
	size_t ntext;
	const struct ds_reader *const *mine = ds_textlog_readers(&ntext);
	size_t logs = 0, others = 0, nroots = getenv("LL_VALGRIND") ? 1 : 2;
	for (size_t r = 0; r < nroots; r++) {
		char root[4200];
		snprintf(root, sizeof root, "%s", ll_test_data(roots[r]));
		for (size_t s = 0; s < sizeof systems / sizeof *systems; s++) {
			char dir[4400];
			snprintf(dir, sizeof dir, "%s/%s", root, systems[s].dir);
			DIR *d = opendir(dir);
			if (!d)
				continue;
			struct dirent *e;
			while ((e = readdir(d))) {
				if (e->d_name[0] == '.')
					continue;
				char p[4700];
				snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
				size_t n = head_of(p, head, sizeof head);
				const char *ext = strrchr(e->d_name, '.');
				if (ext && strcmp(ext, ".log") == 0) {
					logs++;
					const struct ds_reader *got = ds_reader_detect(p, head, n);
					CHECK_STR(got->name, systems[s].reader);
					/* content alone decides too */
					got = ds_reader_detect("unnamed", head, n);
					CHECK_STR(got->name, systems[s].reader);
				} else {
					others++;
					int best = 0;
					const char *who = "";
					for (size_t k = 0; k < ntext; k++) {
						if (strcmp(mine[k]->name, "lines") == 0)
							continue;
						int sc = mine[k]->sniff(p, head, n);
						if (sc > best) {
							best = sc;
							who = mine[k]->name;
						}
					}
					if (best > 10)
						fprintf(stderr, "%s: %s scores %d\n", p, who, best);
					CHECK(best <= 10);
				}
			}
			closedir(d);
		}
	}
	/* 10 + 6 logs; per loghub system README, structured and templates
	 * CSVs (32 files in loghub/ alone) */
	CHECK_INT(logs, nroots == 2 ? 16 : 10);
	CHECK(others >= (nroots == 2 ? 40 : 30));
}

/* ---- fail2ban ---- */

static size_t f2b_rows, f2b_fail, f2b_files;

static void walk_fail2ban(const char *dir)
{
	static char head[64 * 1024];
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[2048];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk_fail2ban(p);
			continue;
		}
		f2b_files++;
		size_t n = head_of(p, head, sizeof head);
		/* Content decides: the BSD samples carry no fail2ban comments and
		 * are plain syslog, whatever folder they sit in. */
		CHECK_STR(ds_reader_detect(p, head, n)->name, strstr(p, "/bsd/") ? "syslog" : "fail2ban");
		struct ll_err err;
		const struct ds_reader *used;
		struct ll_table *t = load(p, NULL, &used, &err);
		CHECK(t != NULL);
		if (!t) {
			fprintf(stderr, "%s\n", err.msg);
			continue;
		}
		CHECK_INT(ll_table_nnotes(t), 0);
		f2b_rows += ll_table_nrows(t);
		f2b_fail += class_count(t, "failure");
		ll_table_free(t);
	}
	closedir(d);
}

/* Expected counts per file:
 *   tr -d '\r' < FILE | awk '/^#[ \t]*failJSON:/{p = ($0 ~ /"match"[ \t]*:[ \t]*true/); next}
 *     /^#/ {next} /^[ \t]*$/ {next} {rows++; if (p) fail++; p=0} END{print rows+0, fail+0}'
 * and summed over `find fail2ban/logs -type f` for the totals. */
static void test_fail2ban(void)
{
	static const struct {
		const char *file;
		size_t rows, fail;
		const char *reader;
	} want[] = {
	    {"sshd", 148, 103, "fail2ban"},
	    {"apache-auth", 44, 40, "fail2ban"},
	    {"traefik-auth", 6, 3, "fail2ban"},
	    {"postfix", 54, 50, "fail2ban"},
	    {"asterisk", 46, 46, "fail2ban"},
	    /* no failJSON comment: a syslog file, unlabelled (the folder's name
	     * no longer makes it fail2ban's) */
	    {"bsd/syslog-plain.txt", 3, 0, "syslog"},
	    {"zzz-sshd-obsolete-multiline", 0, 0, "fail2ban"},
	};
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		char rel[256];
		snprintf(rel, sizeof rel, "fail2ban/logs/%s", want[k].file);
		struct ll_err err;
		const struct ds_reader *used;
		struct ll_table *t = load(ll_test_data(rel), NULL, &used, &err);
		CHECK(t != NULL);
		if (!t) {
			fprintf(stderr, "%s\n", err.msg);
			continue;
		}
		CHECK_STR(used->name, want[k].reader);
		CHECK_INT(ll_table_nrows(t), want[k].rows);
		CHECK_INT(class_count(t, "failure"), want[k].fail);
		if (strcmp(want[k].reader, "fail2ban") == 0)
			CHECK_INT(class_count(t, "normal"), want[k].rows - want[k].fail);
		ll_table_free(t);
	}
	/* sshd's first log line is syslog-shaped */
	struct ll_err err;
	struct ll_table *t = load(ll_test_data("fail2ban/logs/sshd"), NULL, NULL, &err);
	if (t) {
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "host")), "digital-mlhhyiqscv");
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "program")), "sshd");
		CHECK_NEAR(ll_table_num(t, 0, (size_t)ll_table_find_column(t, "pid")), 13709, 0);
		CHECK_STR(ll_table_text(t, 0, (size_t)ll_table_find_column(t, "message")),
			  "error: PAM: Authentication failure for myhlj1374 from 192.030.0.6");
		CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "failure");
		ll_table_free(t);
	}
	/* Neither the folder's licence nor the data README (which quotes a
	 * failJSON comment mid-line) is a fail2ban log. */
	static char head[64 * 1024];
	const struct ds_reader *f2b = ds_reader_find("fail2ban");
	const char *not_logs[] = {"fail2ban/copyright", "README.md"};
	for (size_t k = 0; k < 2; k++) {
		char p[4200];
		snprintf(p, sizeof p, "%s", ll_test_data(not_logs[k]));
		size_t n = head_of(p, head, sizeof head);
		CHECK(n > 0);
		CHECK_INT(f2b->sniff(p, head, n), 0);
	}
	walk_fail2ban(ll_test_data("fail2ban/logs"));
	CHECK_INT(f2b_files, 95); /* find fail2ban/logs -type f | wc -l */
	CHECK_INT(f2b_rows, 1085);
	CHECK_INT(f2b_fail, 880);

	/* Malformed failJSON: a note naming file and line, the next line normal. */
	write_str("bad-f2b.log", "# failJSON: { \"match\": true \n"
				 "Jan  5 10:00:00 host sshd[1]: one\n"
				 "# failJSON: { \"time\": 1 }\n"
				 "two\n"
				 "# failJSON: { \"match\": true }\n"
				 "three\n");
	t = load(tmp_path("bad-f2b.log"), NULL, NULL, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(ll_table_meta(t, "format"), "fail2ban");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_nnotes(t), 2);
		CHECK_STR(
		    ll_table_note_text(t, 0),
		    "bad-f2b.log:1: failJSON comment is not valid JSON; the next line counts as normal");
		CHECK_STR(ll_table_note_text(t, 1), "bad-f2b.log:3: failJSON comment has no boolean "
						    "\"match\"; the next line counts as normal");
		CHECK_INT(class_count(t, "normal"), 2);
		CHECK_INT(ll_table_label(t, 2), ll_table_find_class(t, "failure"));
		CHECK_STR(ll_table_text(t, 1, (size_t)ll_table_find_column(t, "message")), "two");
		ll_table_free(t);
	}
}

/* ---- small files: syslog, labelled, plain lines, edge cases ---- */

static void test_syslog_small(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	const char *lf = "Jan  5 10:00:00 web1 sshd[1234]: Accepted publickey for bob\n"
			 "Jan  5 10:00:01 web1 kernel: [12345.678901] eth0: link up\n"
			 "2024-01-05T10:00:02.500000+01:00 db2 postgres[77]: checkpoint starting\n"
			 "Jan 15 10:00:03 web1 CRON[99]: (root) CMD (true)   \n"
			 "Jan  5 10:00:04 test-demo[5]: no host here\n"
			 "Jan  5 10:00:05 web1 last message repeated 3 times\n"
			 "not syslog at all";
	char crlf[1024];
	size_t w = 0;
	for (const char *p = lf; *p; p++) {
		if (*p == '\n')
			crlf[w++] = '\r';
		crlf[w++] = *p;
	}
	crlf[w] = '\0';
	write_str("lf.syslog", lf);
	write_str("crlf.syslog", crlf);
	struct ll_table *a = load(tmp_path("lf.syslog"), NULL, &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_STR(used->name, "syslog");
	struct ll_table *b = load(tmp_path("crlf.syslog"), NULL, &used, &err);
	CHECK(b != NULL);
	if (b) {
		CHECK_STR(used->name, "syslog");
		check_tables_equal("crlf vs lf", a, b);
		ll_table_free(b);
	}
	CHECK_INT(ll_table_nrows(a), 7);
	CHECK_INT(ll_table_ncols(a), 6);
	const char *cols[] = {"line", "time", "host", "program", "pid", "message"};
	for (size_t c = 0; c < 6; c++)
		CHECK_STR(ll_table_col_name(a, c), cols[c]);
	/* date -u -d '2005-01-05 10:00:00' +%s = 1104919200 (default year 2005) */
	CHECK_NEAR(ll_table_num(a, 0, 1), 1104919200, 0);
	CHECK_STR(ll_table_text(a, 0, 2), "web1");
	CHECK_STR(ll_table_text(a, 0, 3), "sshd");
	CHECK_NEAR(ll_table_num(a, 0, 4), 1234, 0);
	CHECK_STR(ll_table_text(a, 0, 5), "Accepted publickey for bob");
	CHECK_STR(ll_table_text(a, 1, 3), "kernel");
	CHECK(isnan(ll_table_num(a, 1, 4)));
	CHECK_STR(ll_table_text(a, 1, 5), "[12345.678901] eth0: link up");
	/* date -u -d '2024-01-05 09:00:02.5' +%s.%N */
	CHECK_NEAR(ll_table_num(a, 2, 1), 1704445202.5, 1e-6);
	CHECK_STR(ll_table_text(a, 2, 2), "db2");
	CHECK_STR(ll_table_text(a, 2, 3), "postgres");
	CHECK_NEAR(ll_table_num(a, 2, 4), 77, 0);
	CHECK_STR(ll_table_text(a, 3, 5), "(root) CMD (true)");
	CHECK_STR(ll_table_text(a, 3, 0), "Jan 15 10:00:03 web1 CRON[99]: (root) CMD (true)   ");
	CHECK_STR(ll_table_text(a, 4, 2), "");
	CHECK_STR(ll_table_text(a, 4, 3), "test-demo");
	CHECK_STR(ll_table_text(a, 4, 5), "no host here");
	CHECK_STR(ll_table_text(a, 5, 3), "");
	CHECK_STR(ll_table_text(a, 5, 5), "last message repeated 3 times");
	/* the last line, without newline, does not fit: kept whole, and it
	 * continues the record above (its time and header fields), one note */
	CHECK_STR(ll_table_text(a, 6, 5), "not syslog at all");
	CHECK_NEAR(ll_table_num(a, 6, 1), ll_table_num(a, 5, 1), 0);
	CHECK_STR(ll_table_text(a, 6, 2), ll_table_text(a, 5, 2));
	CHECK_INT(ll_table_nnotes(a), 1);
	CHECK_STR(ll_table_note_text(a, 0), "lf.syslog: 1 continuation line took the time and header fields of the "
					    "record they continue (first: line 7)");
	ll_table_free(a);

	/* A structured format's note counts every misfit and names the first
	 * (here the format fits a minority of the lines: no records). */
	write_str("bgl-ish.log",
		  "- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO ok\n"
		  "garbage one\n"
		  "- 1117838571 2005.06.03 R02 2005-06-03-15.42.51.000000 R02 RAS KERNEL INFO ok\n"
		  "\n"
		  "garbage two\n"
		  "garbage three\n");
	a = load(tmp_path("bgl-ish.log"), "bgl", &used, &err);
	CHECK(a != NULL);
	if (a) {
		CHECK_INT(ll_table_nrows(a), 6);
		CHECK_INT(ll_table_nnotes(a), 1);
		CHECK_STR(ll_table_note_text(a, 0),
			  "bgl-ish.log: 3 lines did not match the bgl format (first: line 2)");
		CHECK_STR(ll_table_text(a, 1, (size_t)ll_table_find_column(a, "Content")), "garbage one");
		CHECK_INT(ll_table_label(a, 1), LL_NO_LABEL);
		CHECK_INT(class_count(a, "normal"), 2);
		ll_table_free(a);
	}
}

/* RFC 5424 lines: the version, nil values ("-"), structured data with a
 * quoted ']' and an escaped quote, a message's byte order mark; the same
 * without the <pri>, and numbered lines that are not; and an RFC 3164
 * line with a priority, which is syslog. */
static void test_rfc5424(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	write_str("r5424.log",
		  "<34>1 2024-01-05T10:00:00.123Z web1 su 1234 ID47 - 'su root' failed for bob\n"
		  "<165>1 2024-01-05T11:00:00+01:00 db2 evntslog - ID48 [ex@32473 iut=\"3\" note=\"a ] \\\" b\"][m x=\"1\"] "
		  "\xEF\xBB\xBF" "Application event\n"
		  "<13>1 - - - - - -\n"
		  "<13>1 2024-01-05T10:00:02Z web1 su 1235 ID47 [unclosed x=\"1\" lost\n");
	struct ll_table *a = load(tmp_path("r5424.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_STR(used->name, "rfc5424");
	const char *cols[] = {"line", "time", "host", "program", "pid", "msgid", "sd", "message"};
	CHECK_INT(ll_table_ncols(a), 8);
	for (size_t c = 0; c < 8 && c < ll_table_ncols(a); c++)
		CHECK_STR(ll_table_col_name(a, c), cols[c]);
	/* date -u -d '2024-01-05 10:00:00.123' +%s.%N */
	CHECK_NEAR(ll_table_num(a, 0, 1), 1704448800.123, 1e-6);
	CHECK_STR(ll_table_text(a, 0, 2), "web1");
	CHECK_STR(ll_table_text(a, 0, 3), "su");
	CHECK_STR(ll_table_text(a, 0, 4), "1234");
	CHECK_STR(ll_table_text(a, 0, 5), "ID47");
	CHECK_STR(ll_table_text(a, 0, 6), "");
	CHECK_STR(ll_table_text(a, 0, 7), "'su root' failed for bob");
	CHECK_NEAR(ll_table_num(a, 1, 1), 1704448800, 1e-6);
	CHECK_STR(ll_table_text(a, 1, 4), "");
	CHECK_STR(ll_table_text(a, 1, 6), "[ex@32473 iut=\"3\" note=\"a ] \\\" b\"][m x=\"1\"]");
	CHECK_STR(ll_table_text(a, 1, 7), "Application event");
	CHECK(isnan(ll_table_num(a, 2, 1)));
	CHECK_STR(ll_table_text(a, 2, 2), "");
	CHECK_STR(ll_table_text(a, 2, 7), "");
	/* an element that never closes: not this format, kept whole */
	CHECK_INT(ll_table_nnotes(a), 1);
	ll_table_free(a);

	/* without the <pri> (a relay or a file template dropped it): the same
	 * fields, where the version is 1 and a full RFC 3339 stamp follows */
	write_str("nopri.log", "1 2024-01-05T10:00:00.123Z web1 su 1234 ID47 - 'su root' failed for bob\n"
			       "1 2024-01-05T10:00:01Z web1 cron 77 - [meta sequenceId=\"1\"] job started\n"
			       "1 2024-01-05T10:00:02Z web2 su 1235 ID47 - Connection closed\n");
	a = load(tmp_path("nopri.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(used->name, "rfc5424");
		CHECK_NEAR(ll_table_num(a, 0, 1), 1704448800.123, 1e-6);
		CHECK_STR(ll_table_text(a, 0, 2), "web1");
		CHECK_STR(ll_table_text(a, 1, 6), "[meta sequenceId=\"1\"]");
		CHECK_STR(ll_table_text(a, 2, 7), "Connection closed");
		ll_table_free(a);
	}
	/* a number and a date opening a line are not that: another version, a
	 * stamp without its 'T' */
	const struct ds_reader *r5424 = ds_reader_find("rfc5424");
	static const char *const not5424[] = {
		"2 2024-01-05T10:00:00Z web1 su 1234 ID47 - text\n3 2024-01-05T10:00:01Z web1 su 1234 ID47 - text\n",
		"1 2024-01-05 10:00:00 web1 su 1234 ID47 - text\n1 2024-01-05 10:00:01 web1 su 1234 ID47 - text\n",
		"10 2024-01-05T10:00:00Z web1 su 1234 ID47 - text\n11 2024-01-05T10:00:01Z web1 su 1234 ID47 - text\n",
	};
	for (size_t i = 0; r5424 && i < sizeof not5424 / sizeof *not5424; i++)
		CHECK_INT(r5424->sniff("x.log", not5424[i], strlen(not5424[i])), 0);

	write_str("pri3164.log", "<34>Oct 11 22:14:15 mymachine su[230]: su root failed for lonvick\n"
				 "<13>Oct 11 22:14:16 mymachine cron[231]: job started\n");
	a = load(tmp_path("pri3164.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(used->name, "syslog");
		CHECK_STR(ll_table_text(a, 0, 2), "mymachine");
		CHECK_STR(ll_table_text(a, 0, 3), "su");
		CHECK_STR(ll_table_text(a, 1, 5), "job started");
		ll_table_free(a);
	}
}

/* Container logs (CRI): stream and tag are fields, not message words; a
 * part line ("P"), an empty message; "stdin" is no stream. */
static void test_cri(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	write_str("cri.log", "2024-01-05T10:00:00.123456789Z stdout F connection from 10.0.0.1 closed\n"
			     "2024-01-05T10:00:01.000000001Z stderr P {\"level\":\"error\",\"msg\":\"par\n"
			     "2024-01-05T10:00:01.000000002Z stderr F \n"
			     "2024-01-05T10:00:02Z stdin F not a stream\n");
	struct ll_table *a = load(tmp_path("cri.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_STR(used->name, "cri");
	const char *cols[] = {"line", "time", "stream", "tag", "message"};
	CHECK_INT(ll_table_ncols(a), 5);
	for (size_t c = 0; c < 5 && c < ll_table_ncols(a); c++)
		CHECK_STR(ll_table_col_name(a, c), cols[c]);
	/* date -u -d '2024-01-05 10:00:00.123456789' +%s.%N */
	CHECK_NEAR(ll_table_num(a, 0, 1), 1704448800.123456789, 1e-6);
	CHECK_STR(ll_table_text(a, 0, 2), "stdout");
	CHECK_STR(ll_table_text(a, 0, 3), "F");
	CHECK_STR(ll_table_text(a, 0, 4), "connection from 10.0.0.1 closed");
	CHECK_STR(ll_table_text(a, 1, 2), "stderr");
	CHECK_STR(ll_table_text(a, 1, 3), "P");
	CHECK_STR(ll_table_text(a, 2, 4), "");
	CHECK_INT(ll_table_nnotes(a), 1); /* the stdin line */
	ll_table_free(a);
}

/* A program in the container that logs JSON records: the record's level
 * and message text are columns, its other keys stay in the line; a line
 * whose message is no object (a panic's text) keeps its text. */
static void test_cri_json(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	write_str("crij.log",
		  "2024-01-05T10:00:00Z stdout F {\"level\":\"info\",\"ts\":1704448800.5,\"msg\":\"listening\",\"port\":80}\n"
		  "2024-01-05T10:00:01Z stderr F {\"level\":\"error\",\"msg\":\"dial tcp: refused\"}\n"
		  "2024-01-05T10:00:02Z stderr F {\"msg\":\"no level\", \"level\" : \"warn\", \"x\":{\"a\":[1,\"}\"]}}\n"
		  "2024-01-05T10:00:03Z stderr F panic: runtime error\n");
	struct ll_table *a = load(tmp_path("crij.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK_STR(used->name, "cri");
	const char *cols[] = {"line", "time", "stream", "tag", "level", "message"};
	CHECK_INT(ll_table_ncols(a), 6);
	for (size_t c = 0; c < 6 && c < ll_table_ncols(a); c++)
		CHECK_STR(ll_table_col_name(a, c), cols[c]);
	CHECK_STR(ll_table_text(a, 0, 4), "info");
	CHECK_STR(ll_table_text(a, 0, 5), "listening");
	CHECK_STR(ll_table_text(a, 1, 4), "error");
	CHECK_STR(ll_table_text(a, 1, 5), "dial tcp: refused");
	CHECK_STR(ll_table_text(a, 2, 4), "warn");
	CHECK_STR(ll_table_text(a, 2, 5), "no level");
	CHECK_STR(ll_table_text(a, 3, 4), "");
	CHECK_STR(ll_table_text(a, 3, 5), "panic: runtime error");
	CHECK_INT(ll_table_nnotes(a), 0);
	CHECK(strstr(used->line->header, "\"level\": <level>") != NULL);
	ll_table_free(a);
	/* the same records behind a header the log reader infers: the record's
	 * time is read when the header has none */
	write_str("appj.log", "web-1 | {\"time\":\"2024-01-05T10:00:00Z\",\"level\":\"info\",\"msg\":\"up\"}\n"
			      "web-2 | {\"time\":\"2024-01-05T10:00:01Z\",\"level\":\"warn\",\"msg\":\"slow\"}\n"
			      "web-1 | {\"time\":\"2024-01-05T10:00:02Z\",\"level\":\"info\",\"msg\":\"down\"}\n");
	a = load(tmp_path("appj.log"), "log", &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	int tc = ll_table_find_column(a, "time"), lc = ll_table_find_column(a, "level"),
	    mc = ll_table_find_column(a, "message");
	CHECK(tc >= 0 && lc >= 0 && mc >= 0);
	if (tc >= 0 && lc >= 0 && mc >= 0) {
		CHECK(ll_table_col_type(a, (size_t)tc) == LL_COL_TIME);
		CHECK_NEAR(ll_table_num(a, 1, (size_t)tc), 1704448801.0, 1e-6);
		CHECK_STR(ll_table_text(a, 1, (size_t)lc), "warn");
		CHECK_STR(ll_table_text(a, 2, (size_t)mc), "down");
	}
	ll_table_free(a);
	/* a user's header pattern is taken as written: the record stays the message */
	struct ds_open_opts o = {.header = "<app> | <message>", .default_year = 2005};
	a = NULL;
	CHECK_INT(ds_load(tmp_path("appj.log"), &o, &a, &used, &err), LL_OK);
	if (!a)
		return;
	CHECK_INT(ll_table_ncols(a), 3);
	CHECK(strncmp(ll_table_text(a, 0, 2), "{\"time\":", 8) == 0);
	ll_table_free(a);
}

/* A level that opens some messages only ("error: ..." among plain lines):
 * a level column, empty on the other lines, the message without it; a
 * level word inside a message is left alone. */
static void test_level_prefix(void)
{
	char buf[4096];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "[2024-01-31T13:%02d:45.%03d] %s %d\n", i, i,
				      i % 3 == 0 ? "error: Nodes compute[00-03] not responding" :
				      i % 3 == 1 ? "sched: Allocate JobId=" : "note that error: is text here, job", i);
	write_str("slurm.log", buf);
	struct ll_err err;
	const struct ds_reader *used;
	struct ll_table *a = load(tmp_path("slurm.log"), NULL, &used, &err);
	CHECK(a != NULL);
	if (!a)
		return;
	int lc = ll_table_find_column(a, "level"), mc = ll_table_find_column(a, "message");
	CHECK(lc >= 0 && mc >= 0);
	if (lc >= 0 && mc >= 0) {
		CHECK_STR(ll_table_text(a, 0, (size_t)lc), "error");
		CHECK_STR(ll_table_text(a, 0, (size_t)mc), "Nodes compute[00-03] not responding 0");
		CHECK_STR(ll_table_text(a, 1, (size_t)lc), "");
		CHECK_STR(ll_table_text(a, 1, (size_t)mc), "sched: Allocate JobId= 1");
		CHECK_STR(ll_table_text(a, 2, (size_t)lc), "");
	}
	CHECK_INT(ll_table_nnotes(a), 0);
	ll_table_free(a);
}

/* log4j's and Python logging's stamps write a comma before the
 * milliseconds: a log whose every line one comma splits in two is a log,
 * not a table of two columns (Kafka's "[2024-12-05 10:00:00,123] INFO",
 * Cassandra's "INFO  [main] 2024-12-05 10:00:00,123 File.java:12 - "); a
 * table whose clock column is followed by a number column stays one. */
static void test_comma_millis(void)
{
	char buf[8192];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "[2024-12-05 10:%02d:%02d,%03d] %s [ReplicaManager broker=0] "
							       "Truncating to offset %d (kafka.server.ReplicaManager)\n",
				      i, i, i * 7, i % 4 ? "INFO" : "WARN", i);
	write_str("kafka.log", buf);
	n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s [main] 2024-12-05 10:%02d:%02d,%03d Gossiper.java:%d - "
							       "Node /10.0.0.%d state jump to NORMAL\n",
				      i % 4 ? "INFO " : "WARN ", i, i, i * 7, 100 + i, i);
	write_str("cassandra.log", buf);
	n = (size_t)snprintf(buf, sizeof buf, "clock,ms,value\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "10:%02d:%02d,%03d,%d\n", i, i, i * 7, i);
	write_str("clock_ms.csv", buf);
	static const struct {
		const char *file, *format;
		size_t rows;
	} want[] = {{"kafka.log", "log", 40}, {"cassandra.log", "log", 40}, {"clock_ms.csv", "csv", 40}};
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		struct ll_err err;
		const struct ds_reader *used = NULL;
		struct ll_table *a = load(tmp_path(want[k].file), NULL, &used, &err);
		CHECK(a && used && strcmp(used->name, want[k].format) == 0 && ll_table_nrows(a) == want[k].rows);
		if (a && strcmp(want[k].format, "log") == 0) {
			int tc = ll_table_find_column(a, "time");
			CHECK(tc >= 0 && ll_table_num(a, 1, (size_t)tc) == 1733392861.007);
		}
		ll_table_free(a);
	}
}

/* A log whose fields are set apart by tabs, a stamp first (zap's console
 * lines): however few its lines, a column of times is no class. */
static void test_tabbed_log_no_labels(void)
{
	write_str("zap.log", "2019-08-30T12:39:58.299Z\tdebug\tserver\traft/cache.go:55\tpassword ok\n"
			     "2019-08-30T12:40:03.166Z\tinfo\thttp.handler\traft/x.go:929\t[full] /var/log/syslog\n"
			     "2019-08-30T12:40:06.379Z\twarn\tserver\traft/handler.go:558\tby session\t{\"id\": 955}\n");
	const struct ds_reader *used;
	struct ll_err err;
	struct ll_table *t = load(tmp_path("zap.log"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(strcmp(used->name, "labelled") != 0);
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
	ll_table_free(t);
}

/* Thousands of classes repeat little over the sample: a first column of
 * names before free text is labels all the same (its class count is the
 * names'), while keys (ids that never repeat, request ids and user ids
 * that do), names before a single value, and a table's first column are
 * not. */
static void test_labelled_many(void)
{
	enum { LINES = 1200 };
	static const struct {
		const char *first; /* printf of the line's number k drawn at random */
		const char *rest;  /* printf of the line's index */
		int every;         /* the drawn number changes every this many lines */
		int labelled;
	} cases[] = {
		{"E%u", "event from unit %d status ok", 1, 1},
		{"book_%u", "please book it for me %d", 1, 1},
		{"E%u", "%d", 1, 0},                                   /* a value, not text */
		{"E%u", "event from unit\t%d\tstatus", 1, 0},          /* a table's rows */
		{"%08x", "request step %d took long", 3, 0},          /* request ids, three lines each */
		{"user%u", "logged in from the portal %d", 1, 0},     /* user ids */
		{"E%u", "event from unit %d status ok", 0, 0},        /* each once: a key */
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t cap = LINES * 96, len = 0;
		char *text = malloc(cap);
		char *seen = calloc(1 << 20, 1);
		uint64_t st = 77 + c;
		unsigned k = 0;
		size_t distinct = 0;
		for (int i = 0; i < LINES; i++) {
			if (cases[c].every == 0)
				k = (unsigned)(i * 7919 % LINES); /* every value once, shuffled */
			else if (i % cases[c].every == 0)
				k = cases[c].first[0] == '%' ? (unsigned)(ll_test_xorshift(&st) >> 33)
				    : cases[c].first[0] == 'u'   ? 100000 + (unsigned)(ll_test_xorshift(&st) % 5000)
								   : (unsigned)(ll_test_xorshift(&st) % 4000);
			distinct += !seen[k & 0xFFFFF];
			seen[k & 0xFFFFF] = 1;
			len += (size_t)snprintf(text + len, cap - len, cases[c].first, k);
			text[len++] = '\t';
			len += (size_t)snprintf(text + len, cap - len, cases[c].rest, i);
			text[len++] = '\n';
		}
		text[len] = 0;
		write_str("many.tsv", text);
		free(text);
		free(seen);
		const struct ds_reader *used;
		struct ll_err err;
		struct ll_table *t = load(tmp_path("many.tsv"), NULL, &used, &err);
		CHECK(t != NULL);
		if (!t)
			continue;
		if (cases[c].labelled != !strcmp(used->name, "labelled"))
			fprintf(stderr, "case %zu (%s): read as %s\n", c, cases[c].first, used->name);
		CHECK_INT(!strcmp(used->name, "labelled"), cases[c].labelled);
		if (cases[c].labelled) {
			CHECK_INT(ll_table_nclasses(t), distinct);
			CHECK_INT(ll_table_nrows(t), LINES);
		}
		ll_table_free(t);
	}
}

/* Two-column TSV tables whose first column looks like classes or has an
 * exponent's 'e' (pandas' to_csv with sep="\t"): rows of a table, not
 * labels, since what follows each tab is a number alone. */
static void test_labelled_not_tables(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	write_str("flags.tsv", "\"ok\"\t\"value\"\r\nFalse\t\"0.25\"\r\nTrue\t\"902.5\"\r\nFalse\t\"24.0\"\r\n"
			       "True\t\"-1e-07\"\r\nFalse\t\"3\"\r\n");
	struct ll_table *t = load(tmp_path("flags.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "csv");
		CHECK_INT(ll_table_nrows(t), 5);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_NUM);
	}
	ll_table_free(t);
	write_str("floats.tsv", "\"x\"\t\"n\"\n\"9.9481e+10\"\t\"5093\"\n\"20\"\t\"59401\"\n\"14\"\t\"33746\"\n");
	t = load(tmp_path("floats.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "csv");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_NEAR(ll_table_num(t, 0, 0), 9.9481e10, 0);
	}
	ll_table_free(t);
	write_str("stamps.tsv", "ok\twhen\nTrue\t2024-04-27 10:01:30\nTrue\t2024-04-27 16:39:41\n"
				"False\t2024-04-30 13:27:15\n");
	t = load(tmp_path("stamps.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "csv");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_INT(ll_table_col_type(t, 1), LL_COL_TIME);
	}
	ll_table_free(t);
	/* classes before log lines are labels still */
	write_str("classes.tsv", "normal\tJun 14 15:16:01 combo sshd[1]: ok\nnormal\tJun 14 15:16:02 combo sshd[2]: ok\n"
				 "oom\tJun 14 15:16:03 combo kernel: Out of memory\nnormal\tJun 14 15:16:04 combo cron[3]: run\n");
	t = load(tmp_path("classes.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t)
		CHECK_STR(used->name, "labelled");
	ll_table_free(t);
}

static void test_labelled(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	write_str("labels.tsv", "0\tJun 14 15:16:01 combo sshd[1]: ok\n"
				"1\tJun 14 15:16:02 combo kernel: Oops\twith a tab\n"
				"0\tplain text line\n"
				"root_cause\tdisk failed\n"
				"0\t\n");
	struct ll_table *t = load(tmp_path("labels.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used->name, "labelled");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_ncols(t), 2);
	CHECK_STR(ll_table_text(t, 1, 1), "Jun 14 15:16:02 combo kernel: Oops\twith a tab");
	/* the row's text is the line without its label (text_is_message) */
	CHECK_STR(ll_table_text(t, 3, 0), "disk failed");
	CHECK_STR(ll_table_text(t, 4, 1), "");
	CHECK_INT(class_count(t, "0"), 3);
	CHECK_INT(class_count(t, "1"), 1);
	CHECK_INT(class_count(t, "root_cause"), 1);
	CHECK_STR(ll_table_class_name(t, (size_t)ll_table_label(t, 0)), "0");
	ll_table_free(t);
	/* records without their header, tab-separated and of two widths,
	 * epoch seconds first: no classes (a first column of numbers that do
	 * not repeat), a log with its time */
	write_str("records.tsv", "1359565680.761790\tCHhAv1\t10.0.0.1\t53209\t10.0.0.2\t53\tudp\texample.com\n"
				 "1359565681.100000\tCHhAv2\t10.0.0.1\t53210\t10.0.0.2\t53\tudp\texample.org\n"
				 "1359565682.200000\tC54zq3\t10.0.0.3\t54855\t10.0.0.4\t443\ttcp\tssl\t0.15\tSF\n"
				 "1359565683.300000\tC4J4T4\t10.0.0.5\t43927\t10.0.0.2\t53\tudp\tdns\t0.0004\tSF\n"
				 "1359565684.400000\tC4J4T5\t10.0.0.5\t43928\t10.0.0.2\t53\tudp\tdns\t0.0005\tSF\n");
	t = load(tmp_path("records.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(strcmp(used->name, "labelled") != 0);
	CHECK_INT(ll_table_nrows(t), 5);
	long tc = ll_table_find_column(t, "time");
	CHECK(tc >= 0 && ll_table_col_type(t, (size_t)tc) == LL_COL_TIME);
	ll_table_free(t);
	/* a short table of two columns under its header, numbers then text:
	 * the header's name is no class among numbers that do not repeat */
	write_str("short.tsv", "duration_ms\tnote\n49.427\tbeta node ok\n-22.420\tnode Zeta fail alpha\n"
			       "-91.795\tfail alpha\n");
	t = load(tmp_path("short.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used->name, "csv");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_NEAR(ll_table_num(t, 2, 0), -91.795, 1e-9);
	ll_table_free(t);
	/* a name on the first line and classes that repeat below stay labels */
	write_str("classes.tsv", "alert\tdisk failed on sda\n0\tall well here\n1\tfan speed low\n0\tall well again\n"
				 "0\tstill well\n");
	t = load(tmp_path("classes.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used->name, "labelled");
	ll_table_free(t);
	/* a header of names over label<TAB>text rows (datasets exported by
	 * other tools) is no row and names no class */
	write_str("headed.tsv", "label\ttext\nspam\tWin a free prize now\nham\tsee you at lunch\nham\tcall me later\n"
				"spam\tclaim your reward\nham\tok thanks\n");
	t = load(tmp_path("headed.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used->name, "labelled");
	CHECK_INT(ll_table_nrows(t), 5);
	CHECK_INT(ll_table_nclasses(t), 2);
	CHECK_INT(class_count(t, "ham"), 3);
	ll_table_free(t);
	CHECK(ds_labels_header("Class\tmessage\r\n0\tx\n", 19));
	CHECK(ds_labels_header("y\tline", 6));
	CHECK(!ds_labels_header("label\tsome words here\n", 23)); /* a row's text */
	CHECK(!ds_labels_header("alert\ttext\n", 11));           /* a class, not a column's name */
	CHECK(!ds_labels_header("label text\n", 11));
	/* an export with one label among syslog lines: its marker line makes
	 * it labels, and is no row */
	write_str("export.tsv", DS_LABELS_MARKER "\n"
				"\tJun 14 15:16:01 combo sshd[1]: ok\n"
				"1\tJun 14 15:16:02 combo kernel: Oops\n"
				"\tJun 14 15:16:03 combo sshd[1]: ok\n");
	t = load(tmp_path("export.tsv"), NULL, &used, &err);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_STR(used->name, "labelled");
	CHECK_INT(ll_table_nrows(t), 3);
	CHECK_INT(class_count(t, "1"), 1);
	CHECK_STR(ll_table_text(t, 0, 0), "Jun 14 15:16:01 combo sshd[1]: ok");
	ll_table_free(t);
	CHECK(ds_labels_marker("#loglab labels\nx", 16));
	CHECK(ds_labels_marker("#loglab labels\r\n", 16));
	CHECK(ds_labels_marker("#loglab labels", 14));
	CHECK(!ds_labels_marker("#loglab labelsX\n", 16));
	CHECK(!ds_labels_marker("#loglab lab", 11));

	/* many classes in shuffled order still repeat over the sample (forty
	 * or a hundred event ids); ids and times in the first column do not
	 * make labels */
	static const struct {
		int classes;    /* > 0: label Ek of k < classes; 0: an id a line; -1: a stamp a quarter second */
		const char *reader;
	} firsts[] = {{40, "labelled"}, {100, "labelled"}, {0, ""}, {-1, ""}};
	for (size_t k = 0; k < sizeof firsts / sizeof *firsts; k++) {
		size_t cap = 3000 * 64, len = 0;
		char *text = malloc(cap);
		uint64_t st = 11 + k;
		for (int i = 0; i < 3000; i++) {
			char first[32];
			if (firsts[k].classes > 0)
				snprintf(first, sizeof first, "E%d", (int)(ll_test_xorshift(&st) % (uint64_t)firsts[k].classes));
			else if (firsts[k].classes == 0)
				snprintf(first, sizeof first, "%d", 1000000 + i);
			else
				snprintf(first, sizeof first, "2024-01-01T%02d:%02d:%02d", i / 14400, i / 240 % 60, i / 4 % 60);
			len += (size_t)snprintf(text + len, cap - len, "%s\tevent %d from unit %d\n", first, i % 30, i % 50);
		}
		text[len] = 0;
		write_str("first.tsv", text);
		free(text);
		t = load(tmp_path("first.tsv"), NULL, &used, &err);
		CHECK(t != NULL);
		if (!t)
			continue;
		if (*firsts[k].reader) {
			CHECK_STR(used->name, firsts[k].reader);
			CHECK_INT(ll_table_nclasses(t), (size_t)firsts[k].classes);
		} else {
			CHECK(strcmp(used->name, "labelled") != 0);
		}
		ll_table_free(t);
	}
	test_labelled_many();
	test_tabbed_log_no_labels();
}

static void test_plain_lines(void)
{
	struct ll_err err;
	const struct ds_reader *used;
	/* empty file: zero rows, no error */
	write_file("empty.txt", "", 0);
	struct ll_table *t = load(tmp_path("empty.txt"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 0);
		CHECK_STR(used->name, "lines");
		ll_table_free(t);
	}
	/* invalid UTF-8 bytes in a UTF-8 file are kept as they are (three
	 * stray bytes and a UTF-8 character are no Latin-1 text,
	 * ds_latin1.h); no final newline */
	const char bytes[] = "ok line caf\xc3\xa9\nbad \xff\xfe bytes \xc3(\nlast";
	write_file("bytes.txt", bytes, sizeof bytes - 1);
	t = load(tmp_path("bytes.txt"), NULL, &used, &err);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "lines");
		CHECK_INT(ll_table_nrows(t), 3);
		CHECK_STR(ll_table_text(t, 1, 0), "bad \xff\xfe bytes \xc3(");
		CHECK_STR(ll_table_text(t, 1, 1), "bad \xff\xfe bytes \xc3(");
		CHECK_STR(ll_table_text(t, 2, 1), "last");
		ll_table_free(t);
	}
	/* binary: refused when detected, loaded when forced */
	char bin[4096];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 37 + 11);
	bin[100] = 'x';
	bin[300] = '\0';
	for (size_t i = 0; i < 300; i++)
		if (bin[i] == '\0')
			bin[i] = 'z';
	write_file("junk.bin", bin, sizeof bin);
	t = load(tmp_path("junk.bin"), NULL, &used, &err);
	CHECK(t == NULL);
	CHECK_INT(err.code, LL_EDATA);
	char want[1024];
	snprintf(want, sizeof want,
		 "%s: binary data (NUL byte at offset 300): not a log or table; use --format lines to read "
		 "it anyway",
		 tmp_path("junk.bin"));
	CHECK_STR(err.msg, want);
	t = load(tmp_path("junk.bin"), "lines", &used, &err);
	CHECK(t != NULL);
	if (t) {
		size_t nl = 0;
		for (size_t i = 0; i < sizeof bin; i++)
			nl += bin[i] == '\n';
		CHECK_INT(ll_table_nrows(t), nl + (bin[sizeof bin - 1] != '\n'));
		ll_table_free(t);
	}
	/* 50 MB single line, no newline; 4 MB under valgrind (LL_VALGRIND),
	 * where the 50 took 5 s of CPU: still past every sample and line
	 * bound of the readers (1 MB at most) */
	size_t big = (size_t)(getenv("LL_VALGRIND") ? 4 : 50) << 20;
	char *huge = malloc(big);
	CHECK(huge != NULL);
	if (!huge)
		return;
	for (size_t i = 0; i < big; i++)
		huge[i] = (char)('a' + i % 26);
	write_file("huge.txt", huge, big);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t = load(tmp_path("huge.txt"), NULL, &used, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(ll_table_nrows(t), 1);
		const char *s = ll_table_text(t, 0, 1);
		CHECK_INT(strlen(s), big);
		CHECK(memcmp(s, huge, big) == 0);
		fprintf(stderr, "%zu MB single line loaded in %.2f s\n", big >> 20,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		ll_table_free(t);
	}
	free(huge);
	unlink(tmp_path("huge.txt"));
}

/* Loading speed on a synthetic BGL-shaped file (printed, not asserted: the
 * machine is shared). */
static void test_speed(void)
{
	/* a speed figure means nothing under valgrind (LL_VALGRIND): fewer lines */
	const size_t nlines = getenv("LL_VALGRIND") ? 20000 : 200000;
	FILE *f = fopen(tmp_path("speed.log"), "wb");
	if (!f)
		return;
	for (size_t i = 0; i < nlines; i++)
		fprintf(f,
			"%s 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 "
			"R02-M1-N0-C:J12-U11 "
			"RAS KERNEL INFO instruction cache parity error corrected %zu\n",
			i % 10 ? "-" : "KERNDTLB", i);
	fclose(f);
	struct timespec t0, t1;
	struct ll_err err;
	const struct ds_reader *used;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct ll_table *t = load(tmp_path("speed.log"), NULL, &used, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t != NULL);
	if (t) {
		CHECK_STR(used->name, "bgl");
		CHECK_INT(ll_table_nrows(t), nlines);
		CHECK_INT(class_count(t, "KERNDTLB"), nlines / 10);
		double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		fprintf(stderr, "bgl: %zu lines in %.3f s (%.0f lines/s)\n", nlines, s, (double)nlines / s);
		ll_table_free(t);
	}
	unlink(tmp_path("speed.log"));
}

static void cleanup(void)
{
	const char *files[] = {"lf.syslog", "crlf.syslog", "bgl-ish.log", "labels.tsv", "empty.txt",
			       "bytes.txt", "junk.bin",    "huge.txt",    "speed.log",  "bad-f2b.log"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		unlink(tmp_path(files[i]));
	rmdir(tmpdir);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/ll-textlog-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 99;
	}
	atexit(cleanup);
	test_syslog_small();
	test_rfc5424();
	test_cri();
	test_cri_json();
	test_level_prefix();
	test_comma_millis();
	test_labelled();
	test_labelled_not_tables();
	test_plain_lines();
	test_speed();
	ll_test_data_dir();
	for (size_t s = 0; s < sizeof systems / sizeof *systems; s++)
		test_system(&systems[s]);
	test_labels_and_times();
	test_detection_dirs();
	test_fail2ban();
	TEST_MAIN_END();
}
