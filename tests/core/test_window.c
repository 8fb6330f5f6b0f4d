/*
 * tests/core/test_window.c - sliding windows (contents, shapes, names,
 * label rules, errors), session windows on the real HDFS block sessions
 * (the event count matrix of loglizer) and time windows over log lines.
 *
 * HDFS figures come from awk over hdfs100k_block_sessions.csv: 7,940
 * blocks, 313 labelled Anomaly, 104,815 events in all, 19 distinct event
 * ids E1..E19 with E1 7,940 times, E2 23,671, E19 407; the first block
 * (blk_-1678953999018234643) has E1 once and E2..E5 three times each.
 */
#include "harness.h"
#include "ll_time.h"
#include "ll_window.h"

static void test_sliding(void)
{
	/* 5 rows x 2 features: x[i][j] = 10 i + j; labels 0 0 1 0 0 */
	float X[10];
	int y[] = {0, 0, 1, 0, 0};
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 2; j++)
			X[i * 2 + j] = (float)(10 * i + j);
	const char *names[] = {"usr", "load"};
	struct ll_window_spec spec = {3, 1, 0, LL_LABEL_ANY, 0};
	struct ll_featmat m;
	struct ll_err err;
	CHECK_INT(ll_window_sliding(X, 5, 2, y, 2, names, &spec, &m, &err), LL_OK);
	CHECK_INT(m.n, 3);
	CHECK_INT(m.steps, 3);
	CHECK_INT(m.d, 2);
	/* window 1 = rows 1..3 */
	CHECK_NEAR(m.X[1 * 6 + 0], 10, 0);
	CHECK_NEAR(m.X[1 * 6 + 5], 31, 0);
	CHECK_INT(m.origin[2], 2);
	/* any-anomaly: every window holds row 2 */
	CHECK(m.y[0] == 1 && m.y[1] == 1 && m.y[2] == 1);
	CHECK_STR(m.names[1], "load");
	ll_featmat_free(&m);

	spec.rule = LL_LABEL_LAST;
	spec.flatten = 1;
	spec.stride = 2;
	CHECK_INT(ll_window_sliding(X, 5, 2, y, 2, names, &spec, &m, &err), LL_OK);
	CHECK_INT(m.n, 2); /* starts 0 and 2 */
	CHECK_INT(m.steps, 1);
	CHECK_INT(m.d, 6);
	CHECK(m.y[0] == 1 && m.y[1] == 0); /* last rows 2 and 4 */
	CHECK_STR(m.names[0], "usr@-2");
	CHECK_STR(m.names[5], "load@-0");
	CHECK_NEAR(m.X[1 * 6 + 0], 20, 0);
	CHECK_NEAR(m.X[1 * 6 + 5], 41, 0);
	ll_featmat_free(&m);

	/* window = whole data; no labels; default names */
	spec.len = 5;
	CHECK_INT(ll_window_sliding(X, 5, 2, NULL, 0, NULL, &spec, &m, &err), LL_OK);
	CHECK_INT(m.n, 1);
	CHECK_INT(m.y[0], -1);
	CHECK_STR(m.names[1], "f1@-4");
	ll_featmat_free(&m);

	spec.len = 6;
	CHECK_INT(ll_window_sliding(X, 5, 2, y, 2, NULL, &spec, &m, &err), LL_EUSAGE);
	CHECK_STR(err.msg, "window of 6 rows is longer than the data (5 rows)");
	CHECK(m.X == NULL);
	spec.len = 2;
	spec.stride = 0;
	CHECK_INT(ll_window_sliding(X, 5, 2, y, 2, NULL, &spec, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "stride") != NULL);
	spec.stride = 1;
	spec.len = 0;
	CHECK_INT(ll_window_sliding(X, 5, 2, y, 2, NULL, &spec, &m, &err), LL_EUSAGE);
}

static void test_vote(void)
{
	size_t c1[] = {5, 1, 0}, c2[] = {5, 0, 0}, c3[] = {0, 0, 0}, c4[] = {1, 2, 2};
	CHECK_INT(ll_label_vote(c1, 3, 0), 1);  /* one anomaly among normals wins */
	CHECK_INT(ll_label_vote(c2, 3, 0), 0);
	CHECK_INT(ll_label_vote(c3, 3, 0), -1);
	CHECK_INT(ll_label_vote(c4, 3, 0), 1);  /* tie between anomalies: lower id */
	CHECK_INT(ll_label_vote(c1, 3, -1), 0); /* no ordinary class: majority */
}

static void test_hdfs_sessions(void)
{
	FILE *f = fopen(ll_test_data("hdfs_sessions/hdfs100k_block_sessions.csv"), "r");
	CHECK(f != NULL);
	if (!f)
		return;
	enum { MAXB = 8000, MAXE = 110000 };
	static char *blk[MAXB], *seq[MAXB];
	static int lab[MAXB];
	size_t nb = 0;
	char line[8192];
	CHECK(fgets(line, sizeof line, f) != NULL);
	while (nb < MAXB && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL, *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
		if (!c3)
			continue;
		*c1 = *c2 = *c3 = '\0';
		blk[nb] = strdup(line);
		lab[nb] = strcmp(c1 + 1, "Anomaly") == 0;
		seq[nb] = strdup(c3 + 1);
		nb++;
	}
	fclose(f);
	CHECK_INT(nb, 7940);
	/* rows interleaved across blocks (the k-th event of every block, then
	 * the (k+1)-th), as lines of many blocks interleave in a real log */
	static const char *ids[MAXE], *ev[MAXE];
	static int y[MAXE];
	static char *cursor[MAXB];
	size_t n = 0;
	for (size_t b = 0; b < nb; b++)
		cursor[b] = seq[b];
	for (int more = 1; more;) {
		more = 0;
		for (size_t b = 0; b < nb; b++) {
			char *p = cursor[b];
			if (!p || !*p)
				continue;
			char *sp = strchr(p, ' ');
			if (sp) {
				*sp = '\0';
				cursor[b] = sp + 1;
			} else {
				cursor[b] = p + strlen(p);
			}
			if (n < MAXE) {
				ids[n] = blk[b];
				ev[n] = p;
				y[n] = lab[b];
				n++;
			}
			more = 1;
		}
	}
	CHECK_INT(n, 104815);
	struct ll_featmat m;
	struct ll_err err;
	CHECK_INT(ll_window_sessions(ids, ev, n, y, 2, LL_LABEL_ANY, 0, &m, &err), LL_OK);
	CHECK_INT(m.n, 7940);
	CHECK_INT(m.d, 19);
	size_t anomalies = 0;
	double total = 0, e1 = 0, e2 = 0, e19 = 0;
	for (size_t s = 0; s < m.n; s++) {
		anomalies += m.y[s] == 1;
		for (size_t j = 0; j < m.d; j++)
			total += m.X[s * m.d + j];
		e1 += m.X[s * m.d + 0];
		e2 += m.X[s * m.d + 1];
		e19 += m.X[s * m.d + 18];
	}
	CHECK_INT(anomalies, 313);
	CHECK_NEAR(total, 104815, 0);
	CHECK_NEAR(e1, 7940, 0);
	CHECK_NEAR(e2, 23671, 0);
	CHECK_NEAR(e19, 407, 0);
	CHECK_STR(m.names[0], "E1");
	CHECK_STR(m.names[9], "E10");
	CHECK_STR(m.names[18], "E19");
	/* sessions in order of first appearance = file order here */
	CHECK_INT(m.origin[0], 0);
	CHECK_NEAR(m.X[0], 1, 0);
	CHECK(m.X[1] == 3 && m.X[2] == 3 && m.X[3] == 3 && m.X[4] == 3 && m.X[5] == 0);
	ll_featmat_free(&m);
	for (size_t b = 0; b < nb; b++) {
		free(blk[b]);
		free(seq[b]);
	}
}

static void test_time_windows(void)
{
	double t[] = {0, 1, 2, 5, 11, 12};
	int tm[] = {0, 1, 0, 2, 1, -1};
	int y[] = {0, 0, 0, 0, 0, 1};
	struct ll_featmat m;
	struct ll_err err;
	/* tumbling 5 s: [0,5) rows 0-2, [5,10) row 3, [10,15) rows 4-5 */
	CHECK_INT(ll_window_time(t, tm, 6, 3, y, 2, 5, 5, LL_LABEL_ANY, 0, NULL, &m, &err), LL_OK);
	CHECK_INT(m.n, 3);
	CHECK_INT(m.d, 3);
	float want[] = {2, 1, 0, 0, 0, 1, 0, 1, 0};
	for (int i = 0; i < 9; i++)
		CHECK_NEAR(m.X[i], want[i], 0);
	CHECK(m.y[0] == 0 && m.y[1] == 0 && m.y[2] == 1); /* the template-less line still votes */
	CHECK(m.origin[0] == 0 && m.origin[1] == 3 && m.origin[2] == 4);
	CHECK_STR(m.names[2], "T2");
	ll_featmat_free(&m);
	/* sliding 10 s every 5 s: [0,10) rows 0-3, [5,15) rows 3-5, [10,20) rows 4-5 */
	CHECK_INT(ll_window_time(t, tm, 6, 3, y, 2, 10, 5, LL_LABEL_LAST, 0, NULL, &m, &err), LL_OK);
	CHECK_INT(m.n, 3);
	float want2[] = {2, 1, 1, 0, 1, 1, 0, 1, 0};
	for (int i = 0; i < 9; i++)
		CHECK_NEAR(m.X[i], want2[i], 0);
	CHECK(m.y[0] == 0 && m.y[1] == 1 && m.y[2] == 1);
	ll_featmat_free(&m);
	/* empty windows are left out: 0 and 30 s with 5 s windows -> 2 */
	double t2[] = {0, 30};
	int tm2[] = {0, 0};
	CHECK_INT(ll_window_time(t2, tm2, 2, 1, NULL, 0, 5, 5, LL_LABEL_ANY, -1, NULL, &m, &err), LL_OK);
	CHECK_INT(m.n, 2);
	CHECK_INT(m.origin[1], 1);
	ll_featmat_free(&m);
	/* errors */
	double tb[] = {0, 5, 3};
	int tmb[] = {0, 0, 0};
	CHECK_INT(ll_window_time(tb, tmb, 3, 1, NULL, 0, 5, 5, LL_LABEL_ANY, -1, NULL, &m, &err), LL_EDATA);
	CHECK_STR(err.msg, "line 3: time goes backwards (sort the lines by time first)");
	tmb[1] = 7;
	tb[2] = 9;
	CHECK_INT(ll_window_time(tb, tmb, 3, 1, NULL, 0, 5, 5, LL_LABEL_ANY, -1, NULL, &m, &err), LL_EUSAGE);
	CHECK(strstr(err.msg, "template id 7") != NULL);
	CHECK_INT(ll_window_time(t, tm, 6, 3, NULL, 0, 0, 5, LL_LABEL_ANY, -1, NULL, &m, &err), LL_EUSAGE);
	CHECK_INT(ll_window_time(t, tm, 6, 3, NULL, 0, 5, -1, LL_LABEL_ANY, -1, NULL, &m, &err), LL_EUSAGE);
	double tn[] = {0, NAN};
	CHECK_INT(ll_window_time(tn, tm2, 2, 1, NULL, 0, 5, 5, LL_LABEL_ANY, -1, NULL, &m, &err), LL_EDATA);
}

/* Lines stamped 0.1 s apart in tumbling 100 ms windows: one line each,
 * whatever the first stamp; stamps read from text are doubles a little off
 * their decimal value, and window edges summed in double (t0 + 3 * 0.1)
 * put 80 of these 200 series' lines in the window before their own. */
static void test_time_window_edges(void)
{
	size_t bad = 0;
	for (int base = 0; base < 200; base++) {
		double t[30];
		int tm[30] = {0};
		for (int i = 0; i < 30; i++) {
			char s[64];
			int k = i + base; /* tenths of a second since 13:10 */
			snprintf(s, sizeof s, "2032-04-14T13:%02d:%02d.%d00Z", 10 + k / 600, (k / 10) % 60, k % 10);
			CHECK_INT(ll_time_parse(s, strlen(s), &t[i]), 1);
		}
		struct ll_featmat m;
		struct ll_err err;
		CHECK_INT(ll_window_time(t, tm, 30, 1, NULL, 0, 0.1, 0.1, LL_LABEL_ANY, -1, NULL, &m, &err), LL_OK);
		int ones = m.n == 30;
		for (size_t i = 0; i < m.n; i++)
			ones &= m.X[i] == 1 && m.origin[i] == i;
		bad += !ones;
		ll_featmat_free(&m);
	}
	CHECK_INT(bad, 0);
	/* a step of no whole number of microseconds keeps the double edges */
	double t[] = {0, 1e-7, 2e-7};
	int tm[] = {0, 0, 0};
	struct ll_featmat m;
	struct ll_err err;
	CHECK_INT(ll_window_time(t, tm, 3, 1, NULL, 0, 1e-7, 1e-7, LL_LABEL_ANY, -1, NULL, &m, &err), LL_OK);
	CHECK_INT(m.n, 3);
	ll_featmat_free(&m);
}

int main(void)
{
	test_sliding();
	test_vote();
	test_hdfs_sessions();
	test_time_windows();
	test_time_window_edges();
	TEST_MAIN_END();
}
