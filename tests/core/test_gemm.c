/*
 * test_gemm.c - ll_gemm (AVX-512, AVX2 and portable kernels, those the CPU
 * has) against a float64 reference for every transposition, edge shapes
 * (tiles cut by C's edges, strided operands), alpha/beta, the fused bias
 * and ReLU (NaN and -0 as ll_k_act_forward), k out of range refused; the
 * AVX-512 kernel giving the AVX2 kernel's very bits and those of the FMA chain
 * computed with fmaf (also for k beyond LL_GEMM_MAX_K, B read in place);
 * the default routing of ll_sgemm (also under OpenBLAS's SSE kernels and
 * its AVX2 ones, forced with OPENBLAS_CORETYPE); and ll_sgemm /
 * ll_sgemm_bias giving the same results whichever kernel takes the product;
 * ll_gemm_prepacked on panels packed once giving ll_gemm's bits.
 */
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "ll_blas.h"
#include "ll_gemm.h"
#include "ll_mat.h"

static float val(size_t i, unsigned s)
{
	return (float)((i * 2654435761u + s * 40503u) % 2001u) / 1000.0f - 1.0f;
}

/* Largest |got - ref| / (1 + |ref|) over the m x n result. */
static double check_one(int ta, int tb, size_t m, size_t n, size_t k, float alpha, float beta, int bias, int relu)
{
	size_t lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2; /* strided */
	size_t na = (ta ? k : m) * lda, nb = (tb ? n : k) * ldb, nc = m * ldc;
	float *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b), *c = malloc(nc * sizeof *c);
	float *bv = malloc(n * sizeof *bv);
	double *ref = malloc(m * n * sizeof *ref);
	for (size_t i = 0; i < na; i++)
		a[i] = val(i, 1);
	for (size_t i = 0; i < nb; i++)
		b[i] = val(i, 2);
	for (size_t i = 0; i < nc; i++)
		c[i] = beta != 0.0f ? val(i, 3) : NAN; /* beta 0 must not read C */
	for (size_t j = 0; j < n; j++)
		bv[j] = val(j, 4);
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			double s = 0;
			for (size_t p = 0; p < k; p++)
				s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
			s = alpha * s + (beta != 0.0f ? beta * (double)c[i * ldc + j] : 0.0) + (bias ? bv[j] : 0.0);
			ref[i * n + j] = relu && !(s > 0) ? 0.0 : s;
		}
	CHECK_INT(ll_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias ? bv : NULL,
			  relu ? LL_GEMM_RELU : LL_GEMM_NONE),
		  0);
	double worst = 0;
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			double e = fabs(c[i * ldc + j] - ref[i * n + j]) / (1.0 + fabs(ref[i * n + j]));
			if (!(e <= worst))
				worst = e; /* NaN sticks */
		}
	/* the padding columns of C are untouched */
	for (size_t i = 0; i < m; i++)
		if (beta != 0.0f)
			CHECK(c[i * ldc + n] == val(i * ldc + n, 3));
		else
			CHECK(isnan(c[i * ldc + n]));
	free(a);
	free(b);
	free(c);
	free(bv);
	free(ref);
	return worst;
}

static void sweep(const char *name)
{
	/* edges of the 6-row and 8/16-column tiles; sized to stay quick
	 * under valgrind (which has no AVX-512, so it runs the AVX2 and
	 * portable sweeps); the AVX-512 kernel's own edges are in
	 * avx512_bits, against the AVX2 kernel checked here */
	static const size_t ms_full[] = {1, 5, 6, 7, 49, 64};
	/* under valgrind (LL_VALGRIND) the two tall A's are shorter, with the
	 * same remainders of the 6-row tile (1 and 4) and still several tiles:
	 * no kernel path depends on m otherwise; n keeps 100, which at
	 * LL_GEMM_MAX_K packs B in two column blocks */
	static const size_t ms_vg[] = {1, 5, 6, 7, 25, 40};
	const size_t *ms = getenv("LL_VALGRIND") ? ms_vg : ms_full;
	static const size_t ns[] = {1, 2, 8, 9, 16, 17, 100};
	static const size_t ks[] = {1, 3, 37, 100, LL_GEMM_MAX_K};
	double worst = 0;
	for (int t = 0; t < 4; t++)
		for (size_t im = 0; im < sizeof ms_full / sizeof *ms_full; im++)
			for (size_t in = 0; in < sizeof ns / sizeof *ns; in++)
				for (size_t ik = 0; ik < sizeof ks / sizeof *ks; ik++) {
					int v = (int)(im + in + ik) % 4;
					double e = check_one(t & 1, t >> 1, ms[im], ns[in], ks[ik], v == 3 ? -0.5f : 1.0f,
							     v == 1 ? 0.75f : v == 2 ? 1.0f : 0.0f, v != 1, v == 0 || v == 3);
					if (!(e <= worst))
						worst = e;
				}
	/* float32 sums of up to 512 products of values in [-1, 1] */
	CHECK(worst < 4e-5);
	fprintf(stderr, "%s kernel: worst relative error %.3g against float64\n", name, worst);
}

/* The AVX-512 and AVX2 kernels on one product: 1 when every float of C
 * (padding included) has the same bits. */
static int same_bits(int ta, int tb, size_t m, size_t n, size_t k, float alpha, float beta, int bias, int relu)
{
	size_t lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 5, ldc = n + 3;
	size_t na = (ta ? k : m) * lda, nb = (tb ? n : k) * ldb, nc = m * ldc;
	float *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b), *bv = malloc(n * sizeof *bv);
	float *c[2] = {malloc(nc * sizeof(float)), malloc(nc * sizeof(float))};
	for (size_t i = 0; i < na; i++)
		a[i] = val(i, 8);
	for (size_t i = 0; i < nb; i++)
		b[i] = val(i, 9) * (i % 7 == 0 ? -0.0f : 1.0f); /* some -0 too */
	for (size_t j = 0; j < n; j++)
		bv[j] = val(j, 10);
	for (int kern = 0; kern < 2; kern++) {
		for (size_t i = 0; i < nc; i++)
			c[kern][i] = beta != 0.0f ? val(i, 11) : NAN;
		ll_gemm_use(kern ? LL_GEMM_AVX2 : LL_GEMM_AVX512);
		CHECK_INT(ll_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c[kern], ldc, bias ? bv : NULL,
				  relu ? LL_GEMM_RELU : LL_GEMM_NONE),
			  0);
	}
	ll_gemm_use(LL_GEMM_AUTO);
	int same = !memcmp(c[0], c[1], nc * sizeof(float));
	free(a);
	free(b);
	free(bv);
	free(c[0]);
	free(c[1]);
	return same;
}

/* ll_gemm_prepacked on op(B) packed by ll_gemm_pack against ll_gemm on the
 * same kernel: the same bits (padding of C included), for k beyond
 * LL_GEMM_MAX_K too (compared with the float64 reference there). */
static void prepacked_one(int ta, int tb, size_t m, size_t n, size_t k, float beta, int bias)
{
	size_t lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 3, ldc = n + 2;
	size_t na = (ta ? k : m) * lda, nb = (tb ? n : k) * ldb, nc = m * ldc;
	float *a = malloc(na * sizeof *a), *b = malloc(nb * sizeof *b), *bv = malloc(n * sizeof *bv);
	float *c[2] = {malloc(nc * sizeof(float)), malloc(nc * sizeof(float))};
	float *bp = malloc(ll_gemm_packed_floats(n, k) * sizeof(float));
	for (size_t i = 0; i < na; i++)
		a[i] = val(i, 12);
	for (size_t i = 0; i < nb; i++)
		b[i] = val(i, 13);
	for (size_t j = 0; j < n; j++)
		bv[j] = val(j, 14);
	for (int w = 0; w < 2; w++)
		for (size_t i = 0; i < nc; i++)
			c[w][i] = beta != 0.0f ? val(i, 15) : NAN;
	ll_gemm_pack(tb, n, k, b, ldb, bp);
	CHECK_INT(ll_gemm_prepacked(ta, m, n, k, 0.5f, a, lda, bp, beta, c[0], ldc, bias ? bv : NULL, LL_GEMM_NONE),
		  0);
	if (k <= LL_GEMM_MAX_K) {
		CHECK_INT(ll_gemm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, beta, c[1], ldc, bias ? bv : NULL, LL_GEMM_NONE),
			  0);
		if (memcmp(c[0], c[1], nc * sizeof(float))) {
			fprintf(stderr, "prepacked %d%d %zux%zux%zu beta %g bias %d: not ll_gemm's bits\n", ta, tb, m,
				n, k, beta, bias);
			CHECK(0);
		}
	}
	double worst = 0;
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			double r = 0;
			for (size_t p = 0; p < k; p++)
				r += (double)a[ta ? p * lda + i : i * lda + p] * b[tb ? j * ldb + p : p * ldb + j];
			r = 0.5 * r + (beta != 0.0f ? beta * (double)val(i * ldc + j, 15) : 0) + (bias ? bv[j] : 0);
			double e = fabs(c[0][i * ldc + j] - r) / (1 + fabs(r));
			worst = e > worst ? e : worst;
		}
	CHECK(worst < 1e-4);
	free(a);
	free(b);
	free(bv);
	free(c[0]);
	free(c[1]);
	free(bp);
}

static void prepacked_sweep(void)
{
	static const size_t shapes[][3] = {{64, 256, 64}, {64, 64, 256}, {7, 33, 5}, {1, 1, 1}, {13, 16, 600}};
	for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
		for (int tb = 0; tb < 2; tb++)
			for (int ta = 0; ta < 2; ta++) {
				prepacked_one(ta, tb, shapes[s][0], shapes[s][1], shapes[s][2], 0.0f, 0);
				prepacked_one(ta, tb, shapes[s][0], shapes[s][1], shapes[s][2], 1.0f, 1);
			}
	float a[1] = {1}, c[1];
	CHECK_INT(ll_gemm_prepacked(0, 1, 1, 0, 1.0f, a, 1, a, 0.0f, c, 1, NULL, LL_GEMM_NONE), -1);
}

/* The AVX-512 kernel against the FMA chain itself, computed with fmaf:
 * every element sum_p fma(a, b, acc) from 0 in increasing p, then the
 * store's alpha * acc + beta * C + bias and ReLU in that order. Bit for
 * bit, for k beyond LL_GEMM_MAX_K (B read in place) and a few below. */
static void avx512_chain(void)
{
	static const struct {
		int ta;
		size_t m, n, k;
	} sh[] = {{1, 9, 38, 3136}, {1, 17, 64, 1000}, {0, 8, 49, 513}, {0, 3, 100, 37}, {1, 64, 17, 2}};
	int differ = 0;
	for (size_t s = 0; s < sizeof sh / sizeof *sh; s++) {
		int ta = sh[s].ta;
		size_t m = sh[s].m, n = sh[s].n, k = sh[s].k, lda = (ta ? m : k) + 2, ldb = n + 1, ldc = n + 4;
		float *a = malloc((ta ? k : m) * lda * sizeof *a), *b = malloc(k * ldb * sizeof *b);
		float *c = malloc(m * ldc * sizeof *c), *bv = malloc(n * sizeof *bv);
		for (size_t i = 0; i < (ta ? k : m) * lda; i++)
			a[i] = val(i, 12);
		for (size_t i = 0; i < k * ldb; i++)
			b[i] = val(i, 13);
		for (size_t i = 0; i < m * ldc; i++)
			c[i] = val(i, 14);
		for (size_t j = 0; j < n; j++)
			bv[j] = val(j, 15);
		float alpha = s % 2 ? -0.5f : 1.0f, beta = s % 3 ? 0.75f : 0.0f;
		float *ref = malloc(m * n * sizeof *ref);
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < n; j++) {
				float acc = 0.0f;
				for (size_t p = 0; p < k; p++)
					acc = fmaf(ta ? a[p * lda + i] : a[i * lda + p], b[p * ldb + j], acc);
				/* one operation a statement: no compiler may fuse them */
				float v = alpha * acc;
				if (beta != 0.0f) {
					float t = beta * c[i * ldc + j];
					v += t;
				}
				v += bv[j];
				ref[i * n + j] = s % 2 ? (v > 0.0f ? v : 0.0f) : v;
			}
		CHECK_INT(ll_gemm(ta, 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bv,
				  s % 2 ? LL_GEMM_RELU : LL_GEMM_NONE),
			  0);
		for (size_t i = 0; i < m; i++)
			differ += memcmp(c + i * ldc, ref + i * n, n * sizeof(float)) != 0;
		free(a);
		free(b);
		free(c);
		free(bv);
		free(ref);
	}
	CHECK_INT(differ, 0);
}

/* Every row count of an 8-row tile and its neighbours, every panel width
 * up to two full 48-column panels and beyond, k across the 16-row blocks
 * of the transposed packing up to LL_GEMM_MAX_K. */
static void avx512_bits(void)
{
	static const size_t ms[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 64, 100};
	static const size_t ns[] = {1, 2, 8, 15, 16, 17, 24, 31, 32, 33, 47, 48, 49, 64, 96, 100, 145, 256};
	static const size_t ks[] = {1, 2, 15, 16, 17, 38, 64, 100, 256, LL_GEMM_MAX_K};
	int differ = 0, runs = 0;
	for (int t = 0; t < 4; t++)
		for (size_t im = 0; im < sizeof ms / sizeof *ms; im++)
			for (size_t in = 0; in < sizeof ns / sizeof *ns; in++)
				for (size_t ik = 0; ik < sizeof ks / sizeof *ks; ik++) {
					int v = (int)(im + in + ik + (size_t)t) % 4;
					if (ms[im] * ns[in] * ks[ik] > 2000000 && v != 0)
						continue; /* the largest products once, to stay quick */
					runs++;
					if (!same_bits(t & 1, t >> 1, ms[im], ns[in], ks[ik], v == 3 ? -0.5f : 1.0f,
						       v == 1 ? 0.75f : v == 2 ? 1.0f : 0.0f, v != 1, v == 0 || v == 3)) {
						differ++;
						fprintf(stderr, "AVX-512 and AVX2 differ: ta %d tb %d %zu x %zu x %zu\n", t & 1,
							t >> 1, ms[im], ns[in], ks[ik]);
					}
				}
	CHECK_INT(differ, 0);
	fprintf(stderr, "AVX-512 kernel: the AVX2 kernel's bits in %d of %d products\n", runs - differ, runs);
}

/* The default routing given OpenBLAS's kernels: on AVX-512 every product
 * when they are SSE only, else only shapes of 8 columns and k >= 8; on
 * AVX2 only those shapes, and only against SSE kernels; never beyond
 * LL_GEMM_MAX_K. Returns the failures. */
static int check_auto_routing(int sse_only)
{
	enum ll_gemm_kernel kern = ll_gemm_kernel();
	int before = ll_test_failures, avx512 = kern == LL_GEMM_AVX512;
	CHECK_INT(ll_blas_own_gemm(1, 64, 100, 100), avx512 || (sse_only && kern == LL_GEMM_AVX2));
	CHECK_INT(ll_blas_own_gemm(1, 64, 2, 100), sse_only && avx512);
	CHECK_INT(ll_blas_own_gemm(0, 64, 100, 2), sse_only && avx512);
	CHECK(!ll_blas_own_gemm(1, 256, 64, LL_GEMM_MAX_K + 1));
	return ll_test_failures - before;
}

/* OpenBLAS reads OPENBLAS_CORETYPE once, when it loads, so each forced
 * kernel set is a run of this program (exit: failures of the routing),
 * by its path: under valgrind /proc/self/exe is valgrind. */
static void check_routing_under(const char *self, const char *core, int sse_only)
{
	pid_t pid = fork();
	if (pid == 0) {
		setenv("OPENBLAS_CORETYPE", core, 1);
		unsetenv("LOGLAB_GEMM");
		execl(self, self, "--routing", core, sse_only ? "1" : "0", (char *)NULL);
		_exit(99);
	}
	int st = 0;
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		/* an OpenBLAS built for one CPU does not switch kernels */
		fprintf(stderr, "note: OpenBLAS does not run %s kernels here; routing under them not checked\n", core);
		return;
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fprintf(stderr, "routing under OPENBLAS_CORETYPE=%s: status %d\n", core, st);
}

static int routing_child(const char *core, int sse_only)
{
	if (strcasecmp(ll_blas_core(), core) != 0)
		return 77;
	int bad = ll_blas_core_sse_only() != sse_only;
	bad += check_auto_routing(sse_only);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--routing"))
		return routing_child(argv[2], atoi(argv[3]));
#if defined(__x86_64__)
	check_routing_under(argv[0], "Prescott", 1);
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		check_routing_under(argv[0], "Haswell", 0);
#endif
	float a[4] = {1, 2, 3, 4}, c[4];
	CHECK_INT(ll_gemm(0, 0, 2, 2, 0, 1.0f, a, 2, a, 2, 0.0f, c, 2, NULL, LL_GEMM_NONE), -1);
	CHECK_INT(ll_gemm(0, 1, 2, 2, LL_GEMM_MAX_K + 1, 1.0f, a, 2, a, 2, 0.0f, c, 2, NULL, LL_GEMM_NONE), -1);
	CHECK(!ll_gemm_takes(1, LL_GEMM_MAX_K + 1) && ll_gemm_takes(1, LL_GEMM_MAX_K) && !ll_gemm_takes(0, 0));
	/* B read in place: any k on AVX-512 only */
	CHECK_INT(ll_gemm_takes(0, 100000), ll_gemm_kernel() == LL_GEMM_AVX512);
	CHECK_INT(ll_gemm(0, 0, 0, 2, 2, 1.0f, a, 2, a, 2, 0.0f, c, 2, NULL, LL_GEMM_NONE), 0);
	enum ll_gemm_kernel best = ll_gemm_kernel();
	if (best == LL_GEMM_AVX512) {
		sweep("AVX-512");
		avx512_bits();
		avx512_chain();
	} else {
		fprintf(stderr, "no AVX-512 here (or under valgrind): its kernel is not tested\n");
	}
	ll_gemm_use(LL_GEMM_AVX2);
	if (best >= LL_GEMM_AVX2) {
		CHECK_INT(ll_gemm_kernel(), LL_GEMM_AVX2);
		sweep("AVX2+FMA");
	} else {
		CHECK_INT(ll_gemm_kernel(), LL_GEMM_PORTABLE); /* a kernel the CPU lacks falls back */
		fprintf(stderr, "no AVX2+FMA here: only the portable kernel is tested\n");
	}
	if (best >= LL_GEMM_AVX2)
		prepacked_sweep();
	ll_gemm_use(LL_GEMM_PORTABLE);
	CHECK_INT(ll_gemm_kernel(), LL_GEMM_PORTABLE);
	sweep("portable");
	prepacked_sweep();
	ll_gemm_use(LL_GEMM_AUTO);
	CHECK_INT(ll_gemm_kernel(), best);
	/* the prepacked products: when the own AVX2 kernel is this CPU's best,
	 * unless OpenBLAS is asked for */
	enum ll_blas_gemm was0 = ll_blas_set_gemm(LL_BLAS_GEMM_AUTO);
	CHECK_INT(ll_blas_own_prepacked(), best == LL_GEMM_AVX2);
	ll_blas_set_gemm(LL_BLAS_GEMM_OPENBLAS);
	CHECK(!ll_blas_own_prepacked());
	ll_blas_set_gemm(was0);

	/* the ReLU of the store is ll_k_act_forward's: NaN and -0 give +0 */
	float x[2] = {NAN, -0.0f}, one[1] = {1.0f}, out[2], bias0[2] = {0, 0};
	for (int kern = LL_GEMM_PORTABLE; kern <= LL_GEMM_AVX512; kern++) {
		ll_gemm_use((enum ll_gemm_kernel)kern);
		CHECK_INT(ll_gemm(0, 0, 1, 2, 1, 1.0f, one, 1, x, 2, 0.0f, out, 2, bias0, LL_GEMM_RELU), 0);
		CHECK(out[0] == 0.0f && !signbit(out[0]) && out[1] == 0.0f && !signbit(out[1]));
	}
	ll_gemm_use(LL_GEMM_AUTO);

	/* ll_sgemm_bias: the own kernel and OpenBLAS agree within rounding */
	size_t m = 64, n = 100, k = 100;
	float *A = malloc(m * k * sizeof *A), *W = malloc(n * k * sizeof *W), *b = malloc(n * sizeof *b);
	float *c1 = malloc(m * n * sizeof *c1), *c2 = malloc(m * n * sizeof *c2);
	for (size_t i = 0; i < m * k; i++)
		A[i] = val(i, 5);
	for (size_t i = 0; i < n * k; i++)
		W[i] = val(i, 6) * 0.1f;
	for (size_t j = 0; j < n; j++)
		b[j] = val(j, 7);
	enum ll_blas_gemm was = ll_blas_set_gemm(LL_BLAS_GEMM_OPENBLAS);
	CHECK(!ll_blas_own_gemm(1, m, n, k));
	ll_sgemm_bias(0, 1, m, n, k, A, k, W, k, c1, n, b, 1);
	ll_blas_set_gemm(LL_BLAS_GEMM_OWN);
	CHECK_INT(ll_blas_own_gemm(1, m, n, k), ll_gemm_kernel() >= LL_GEMM_AVX2);
	ll_sgemm_bias(0, 1, m, n, k, A, k, W, k, c2, n, b, 1);
	double worst = 0;
	int zeros = 0;
	for (size_t i = 0; i < m * n; i++) {
		double e = fabs(c1[i] - c2[i]);
		worst = e > worst ? e : worst;
		zeros += c2[i] == 0.0f;
	}
	CHECK(worst < 1e-5);
	CHECK(zeros > 0 && zeros < (int)(m * n)); /* the ReLU did cut */
	/* the default routing: the own kernel on AVX-512 for this shape,
	 * never for a 2-column output layer or k = 2, never beyond
	 * LL_GEMM_MAX_K; LOGLAB_GEMM=own forces it for any k it takes */
	ll_blas_set_gemm(LL_BLAS_GEMM_AUTO);
	check_auto_routing(ll_blas_core_sse_only());
	ll_blas_set_gemm(LL_BLAS_GEMM_OWN);
	CHECK_INT(ll_blas_own_gemm(0, 64, 100, 2), ll_gemm_kernel() >= LL_GEMM_AVX2);
	CHECK(!ll_blas_own_gemm(1, 256, 64, LL_GEMM_MAX_K + 1));
	ll_blas_set_gemm(was);
	free(A);
	free(W);
	free(b);
	free(c1);
	free(c2);
	TEST_MAIN_END();
}
