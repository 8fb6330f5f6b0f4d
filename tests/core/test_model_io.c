/*
 * tests/core/test_model_io.c - model files: round trips of every model
 * kind, refusal of another recipe's fingerprint, of corrupted, truncated
 * and mislabelled files, and the container's own checks.
 */
#include "harness.h"
#include "ll_kmeans.h"
#include "ll_lstm.h"
#include "ll_mlp.h"
#include "ll_model_io.h"

#include <unistd.h>

static char dir[] = "/tmp/ll_test_model_io_XXXXXX";
static char path[256];

static const char *in_dir(const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static void rewrite_byte(const char *p, long off, int xor_mask)
{
	FILE *f = fopen(p, "r+b");
	fseek(f, off, SEEK_SET);
	int c = fgetc(f);
	fseek(f, off, SEEK_SET);
	fputc(c ^ xor_mask, f);
	fclose(f);
}

static void test_container(void)
{
	struct ll_err err;
	struct ll_mio *w, *r;
	CHECK_INT(ll_mio_new("mlp", "recipe-A", &w, &err), LL_OK);
	int64_t iv[3] = { 1, -2, 3 };
	float fv[2] = { 0.5f, -1.25f };
	double dv[1] = { 3.141592653589793 };
	CHECK_INT(ll_mio_put(w, "ints", LL_MIO_I64, iv, 3, &err), LL_OK);
	CHECK_INT(ll_mio_put(w, "floats", LL_MIO_F32, fv, 2, &err), LL_OK);
	CHECK_INT(ll_mio_put(w, "dbl", LL_MIO_F64, dv, 1, &err), LL_OK);
	CHECK_INT(ll_mio_put(w, "empty", LL_MIO_F32, NULL, 0, &err), LL_OK);
	CHECK_INT(ll_mio_put(w, "", LL_MIO_F32, fv, 1, &err), LL_EUSAGE);
	char p[256];
	snprintf(p, sizeof p, "%s", in_dir("c.bin"));
	CHECK_INT(ll_mio_write(w, p, &err), LL_OK);
	ll_mio_free(w);
	/* header 8 + 4 + (4+3) + (4+8) + 4, sections (4+4+4+8+24) (4+6+4+8+8) (4+3+4+8+8) (4+5+4+8), sum 8 */
	CHECK_INT(file_size(p), 35 + 44 + 30 + 27 + 21 + 8);
	CHECK(access(in_dir("c.bin.tmp"), F_OK) != 0);
	CHECK_INT(ll_mio_read(p, "mlp", "recipe-A", &r, &err), LL_OK);
	if (!r) {
		fprintf(stderr, "%s\n", err.msg);
		return;
	}
	CHECK_STR(ll_mio_kind(r), "mlp");
	CHECK_STR(ll_mio_fingerprint(r), "recipe-A");
	int64_t iv2[3];
	float fv2[2];
	double dv2;
	CHECK_INT(ll_mio_get(r, "ints", LL_MIO_I64, iv2, 3, &err), LL_OK);
	CHECK(memcmp(iv, iv2, sizeof iv) == 0);
	CHECK_INT(ll_mio_get(r, "floats", LL_MIO_F32, fv2, 2, &err), LL_OK);
	CHECK(memcmp(fv, fv2, sizeof fv) == 0);
	CHECK_INT(ll_mio_get(r, "dbl", LL_MIO_F64, &dv2, 1, &err), LL_OK);
	CHECK(dv2 == dv[0]);
	CHECK_INT(ll_mio_count(r, "empty", LL_MIO_F32), 0);
	CHECK_INT(ll_mio_count(r, "ints", LL_MIO_F32), -1);
	CHECK_INT(ll_mio_get(r, "floats", LL_MIO_F32, fv2, 1, &err), LL_EDATA);
	CHECK(strstr(err.msg, "'floats' has 2 elements") != NULL);
	CHECK_INT(ll_mio_get(r, "nope", LL_MIO_F32, fv2, 1, &err), LL_EDATA);
	CHECK(strstr(err.msg, "section 'nope' is missing") != NULL);
	ll_mio_free(r);
	CHECK_INT(ll_mio_read(p, "lstm", NULL, &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "holds a 'mlp' model, not a 'lstm' model") != NULL);
	CHECK_INT(ll_mio_read(p, "mlp", "recipe-B", &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "'recipe-A'") && strstr(err.msg, "'recipe-B'") && strstr(err.msg, "other features"));
	/* one flipped bit anywhere: the checksum catches it */
	rewrite_byte(p, 60, 0x10);
	CHECK_INT(ll_mio_read(p, "mlp", NULL, &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "checksum") != NULL);
	rewrite_byte(p, 60, 0x10);
	CHECK_INT(ll_mio_read(p, "mlp", NULL, &r, &err), LL_OK);
	ll_mio_free(r);
	CHECK_INT(truncate(p, 50), 0);
	CHECK_INT(ll_mio_read(p, "mlp", NULL, &r, &err), LL_EDATA);
	FILE *f = fopen(p, "wb");
	fputs("hello, not a model\n", f);
	fclose(f);
	CHECK_INT(ll_mio_read(p, "mlp", NULL, &r, &err), LL_EDATA);
	CHECK(strstr(err.msg, "bad magic") != NULL);
	CHECK_INT(ll_mio_read(in_dir("missing.bin"), "mlp", NULL, &r, &err), LL_EIO);
	CHECK(strstr(err.msg, "missing.bin") != NULL);
	CHECK_INT(ll_mio_new("mlp", NULL, &w, &err), LL_OK);
	CHECK_INT(ll_mio_write(w, "/nonexistent-dir/x.bin", &err), LL_EIO);
	ll_mio_free(w);
}

static void test_mlp_file(void)
{
	struct ll_err err;
	struct ll_mlp_cfg c;
	memset(&c, 0, sizeof c);
	c.n_in = 4;
	c.n_classes = 3;
	c.n_hidden = 2;
	c.widths[0] = 5;
	c.widths[1] = 6;
	c.act = LL_ACT_TANH;
	c.dropout = 0.25f;
	c.l2 = 0.01f;
	float cw[3] = { 1, 2, 3 };
	c.class_weight = cw;
	c.seed = 3;
	struct ll_mlp *m, *m2;
	CHECK_INT(ll_mlp_new(&c, &m, &err), LL_OK);
	const char *p = in_dir("m.mlp");
	CHECK_INT(ll_mlp_save(m, p, "fp:mlp-recipe", &err), LL_OK);
	CHECK_INT(ll_mlp_load(p, "fp:mlp-recipe", &m2, &err), LL_OK);
	const struct ll_mlp_cfg *c2 = ll_mlp_config(m2);
	CHECK_INT(c2->n_in, 4);
	CHECK_INT(c2->n_hidden, 2);
	CHECK_INT(c2->widths[1], 6);
	CHECK_INT(c2->act, LL_ACT_TANH);
	CHECK(c2->dropout == 0.25f && c2->l2 == 0.01f && c2->class_weight[2] == 3.0f);
	CHECK_INT(ll_mlp_nparams(m2), ll_mlp_nparams(m));
	CHECK(memcmp(ll_mlp_params(m), ll_mlp_params(m2), ll_mlp_nparams(m) * sizeof(float)) == 0);
	float X[8] = { 1, 2, 3, 4, -1, 0, 1, 0.5f }, p1[6], p2[6];
	CHECK_INT(ll_mlp_predict_proba(m, X, 2, p1, &err), LL_OK);
	CHECK_INT(ll_mlp_predict_proba(m2, X, 2, p2, &err), LL_OK);
	CHECK(memcmp(p1, p2, sizeof p1) == 0);
	ll_mlp_free(m2);
	m2 = NULL;
	CHECK_INT(ll_mlp_load(p, "fp:other-recipe", &m2, &err), LL_EDATA);
	CHECK(m2 == NULL);
	CHECK(strstr(err.msg, "fp:mlp-recipe") && strstr(err.msg, "fp:other-recipe"));
	struct ll_lstm *l = NULL;
	CHECK_INT(ll_lstm_load(p, NULL, &l, &err), LL_EDATA);
	CHECK(l == NULL);
	ll_mlp_free(m);
}

static void test_lstm_file(void)
{
	struct ll_err err;
	struct ll_lstm_cfg c;
	ll_lstm_defaults(&c);
	c.vocab = 9;
	c.embed = 3;
	c.seq_len = 4;
	c.hidden = 5;
	c.layers = 2;
	c.n_classes = 3;
	c.many_to_many = 1;
	c.bptt = 2;
	c.seed = 4;
	struct ll_lstm *m, *m2;
	CHECK_INT(ll_lstm_new(&c, &m, &err), LL_OK);
	const char *p = in_dir("m.lstm");
	CHECK_INT(ll_lstm_save(m, p, "fp:seq", &err), LL_OK);
	CHECK_INT(ll_lstm_load(p, "fp:seq", &m2, &err), LL_OK);
	const struct ll_lstm_cfg *c2 = ll_lstm_config(m2);
	CHECK(c2->vocab == 9 && c2->embed == 3 && c2->layers == 2 && c2->many_to_many == 1 && c2->bptt == 2);
	CHECK(memcmp(ll_lstm_params(m), ll_lstm_params(m2), ll_lstm_nparams(m) * sizeof(float)) == 0);
	int ids[4] = { 1, 8, 0, 3 };
	struct ll_seqs s = { NULL, ids, NULL, NULL, 1, NULL, 0 };
	float p1[12], p2[12];
	CHECK_INT(ll_lstm_predict_proba(m, &s, p1, &err), LL_OK);
	CHECK_INT(ll_lstm_predict_proba(m2, &s, p2, &err), LL_OK);
	CHECK(memcmp(p1, p2, sizeof p1) == 0);
	ll_lstm_free(m2);
	CHECK_INT(ll_lstm_load(p, "fp:other", &m2, &err), LL_EDATA);
	ll_lstm_free(m);
}

static void test_kmeans_file(void)
{
	struct ll_err err;
	float X[12] = { 0, 0, 0, 1, 1, 0, 9, 9, 9, 8, 8, 9 };
	struct ll_kmeans_cfg c;
	ll_kmeans_defaults(&c);
	c.k = 2;
	struct ll_kmeans *km, *k2;
	CHECK_INT(ll_kmeans_fit(X, 6, 2, &c, &km, &err), LL_OK);
	const char *p = in_dir("m.km");
	CHECK_INT(ll_kmeans_save(km, p, "fp:k", &err), LL_OK);
	CHECK_INT(ll_kmeans_load(p, "fp:k", &k2, &err), LL_OK);
	CHECK_INT(ll_kmeans_k(k2), 2);
	CHECK(memcmp(ll_kmeans_centers(km), ll_kmeans_centers(k2), 4 * sizeof(float)) == 0);
	CHECK(ll_kmeans_inertia(km) == ll_kmeans_inertia(k2));
	CHECK(ll_kmeans_labels(k2) == NULL);
	int l1[6], l2[6];
	CHECK_INT(ll_kmeans_predict(km, X, 6, 2, l1, NULL, &err), LL_OK);
	CHECK_INT(ll_kmeans_predict(k2, X, 6, 2, l2, NULL, &err), LL_OK);
	CHECK(memcmp(l1, l2, sizeof l1) == 0);
	ll_kmeans_free(k2);
	CHECK_INT(ll_kmeans_load(p, "fp:x", &k2, &err), LL_EDATA);
	ll_kmeans_free(km);
}

/* An mlp file written by hand: n_in inputs, one hidden layer of width h,
 * 2 classes, np stored parameters, weight 3 set to bad. */
static void write_mlp(const char *p, int64_t n_in, int64_t h, size_t np, float bad)
{
	struct ll_err err;
	struct ll_mio *w;
	CHECK_INT(ll_mio_new("mlp", NULL, &w, &err), LL_OK);
	int64_t shape[5] = { n_in, 2, 1, LL_ACT_RELU, h };
	float hyper[2] = { 0, 0 }, cw[2] = { 1, 1 };
	float *params = calloc(np, sizeof *params);
	if (!params)
		return;
	if (np > 3)
		params[3] = bad;
	ll_mio_put(w, "shape", LL_MIO_I64, shape, 5, &err);
	ll_mio_put(w, "hyper", LL_MIO_F32, hyper, 2, &err);
	ll_mio_put(w, "classw", LL_MIO_F32, cw, 2, &err);
	ll_mio_put(w, "params", LL_MIO_F32, params, np, &err);
	CHECK_INT(ll_mio_write(w, p, &err), LL_OK);
	ll_mio_free(w);
	free(params);
}

/* Hostile model files with valid checksums: NaN or infinite weights (a
 * diverged run's, or edited) and a shape far larger than the weights
 * stored are refused before anything is allocated or predicted. */
static void test_hostile_files(void)
{
	struct ll_err err;
	struct ll_mlp *m = NULL;
	const char *p = in_dir("h.mlp");
	size_t np = (4 + 1) * 3 + (3 + 1) * 2;
	write_mlp(p, 4, 3, np, 0.5f);
	CHECK_INT(ll_mlp_load(p, NULL, &m, &err), LL_OK);
	ll_mlp_free(m);
	m = NULL;
	write_mlp(p, 4, 3, np, NAN);
	CHECK_INT(ll_mlp_load(p, NULL, &m, &err), LL_EDATA);
	CHECK(m == NULL);
	CHECK(strstr(err.msg, "h.mlp: section 'params' holds NaN at element 3 of 23: the model is not usable") != NULL);
	write_mlp(p, 4, 3, np, -INFINITY);
	CHECK_INT(ll_mlp_load(p, NULL, &m, &err), LL_EDATA);
	CHECK(strstr(err.msg, "holds an infinity at element 3") != NULL);
	/* 2^30 inputs x 2^20 units would be 4 PiB: refused from the shape alone */
	write_mlp(p, (int64_t)1 << 30, (int64_t)1 << 20, np, 0);
	CHECK_INT(ll_mlp_load(p, NULL, &m, &err), LL_EDATA);
	CHECK(m == NULL);
	CHECK(strstr(err.msg, "does not match the 23 stored") != NULL);
	unlink(p);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_container();
	test_mlp_file();
	test_lstm_file();
	test_kmeans_file();
	test_hostile_files();
	const char *names[] = { "c.bin", "m.mlp", "m.lstm", "m.km" };
	for (size_t i = 0; i < 4; i++)
		unlink(in_dir(names[i]));
	rmdir(dir);
	TEST_MAIN_END();
}
