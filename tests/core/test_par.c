/*
 * test_par.c - the process group (ll_par.h): shares, ordered sums, gathers,
 * the rank-order chain and agreement. Alone (make check) it is a group of one; tests/mpi/
 * test_par.sh runs it under mpirun with 2, 3 and 4 ranks, where every rank
 * checks the sums against the rank-order sum it computes itself and that
 * all ranks hold the same bits.
 */
#include "harness.h"
#include "ll_par.h"
#include "ll_par_shm.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* Rank q's contribution to element i: values whose float sum depends on
 * the order, so a reduction in another order would show. */
static float part(int q, size_t i)
{
	return (float)((q + 1) * 1e-3 + (double)i * 1.1e3 + (q % 2 ? 1e7 : -1e7));
}

static void check_shares(void)
{
	for (int size = 1; size <= 9; size++)
		for (size_t n = 0; n < 30; n++) {
			size_t total = 0, prev_hi = 0;
			for (int r = 0; r < size; r++) {
				size_t lo, hi;
				ll_par_share(n, r, size, &lo, &hi);
				CHECK(lo == prev_hi);
				CHECK(hi >= lo && hi - lo <= n / (size_t)size + 1);
				total += hi - lo;
				prev_hi = hi;
			}
			CHECK(total == n && prev_hi == n);
		}
}

static void check_sums(size_t n)
{
	int P = ll_par_size(), r = ll_par_rank();
	struct ll_err err;
	ll_err_clear(&err);
	float *x = malloc(n * sizeof *x), *all = malloc(n * (size_t)P * sizeof *all);
	double *scale = malloc((size_t)P * sizeof *scale), *d = malloc(n * sizeof *d), *d2 = malloc(n * sizeof *d2);
	uint64_t *u = malloc(n * sizeof *u);
	for (int q = 0; q < P; q++)
		scale[q] = (double)(q + 1) / (double)P;
	for (size_t i = 0; i < n; i++) {
		x[i] = part(r, i);
		d[i] = (double)part(r, i) * 3.0;
		d2[i] = d[i];
		u[i] = (uint64_t)r * 1000000007ull + i;
	}
	CHECK_INT(ll_par_sum_f32(x, n, scale, &err), LL_OK);
	CHECK_INT(ll_par_sum_f64(d, n, &err), LL_OK);
	CHECK_INT(ll_par_sum_u64(u, n, &err), LL_OK);
	/* the block-only sum: this rank's share, with the full sum's bits */
	size_t blo, bhi, elo, ehi;
	CHECK_INT(ll_par_reduce_scatter_f64(d2, n, &blo, &bhi, &err), LL_OK);
	ll_par_share(n, r, P, &elo, &ehi);
	CHECK(blo == elo && bhi == ehi);
	size_t badb = 0;
	for (size_t i = blo; i < bhi; i++)
		badb += memcmp(&d2[i], &d[i], sizeof *d) != 0;
	CHECK_INT(badb, 0);
	size_t bad = 0, badd = 0, badu = 0;
	for (size_t i = 0; i < n; i++) {
		double s = 0, sd = 0;
		uint64_t su = 0;
		for (int q = 0; q < P; q++) {
			s += (double)part(q, i) * scale[q];
			sd += (double)part(q, i) * 3.0;
			su += (uint64_t)q * 1000000007ull + i;
		}
		bad += x[i] != (float)s;
		badd += d[i] != sd;
		badu += u[i] != su;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(badd, 0);
	CHECK_INT(badu, 0);
	/* every rank holds the same bits */
	CHECK_INT(ll_par_allgather(x, n * sizeof *x, all, &err), LL_OK);
	size_t differ = 0;
	for (int q = 1; q < P; q++)
		differ += memcmp(all, all + (size_t)q * n, n * sizeof *x) != 0;
	CHECK_INT(differ, 0);
	free(x);
	free(all);
	free(scale);
	free(d);
	free(d2);
	free(u);
}

static void check_gathers(void)
{
	int P = ll_par_size(), r = ll_par_rank();
	struct ll_err err;
	ll_err_clear(&err);
	char word[16];
	if (r == 0)
		snprintf(word, sizeof word, "from-root");
	else
		memset(word, 0, sizeof word);
	CHECK_INT(ll_par_bcast(word, sizeof word, 0, &err), LL_OK);
	CHECK_STR(word, "from-root");
	/* rank q gives q + 1 bytes of value q */
	size_t *counts = malloc((size_t)P * sizeof *counts), total = 0;
	for (int q = 0; q < P; q++)
		total += counts[q] = (size_t)q + 1;
	unsigned char mine[64], *out = malloc(total);
	memset(mine, r, sizeof mine);
	CHECK_INT(ll_par_allgatherv(mine, counts, out, &err), LL_OK);
	size_t off = 0, wrong = 0;
	for (int q = 0; q < P; q++)
		for (size_t i = 0; i < counts[q]; i++)
			wrong += out[off++] != q;
	CHECK_INT(wrong, 0);
	free(counts);
	free(out);
}

/* ll_par_chain: each rank's fold sees the folds of the ranks before it,
 * in rank order, and every rank ends with the last rank's result. The
 * fold appends the rank and adds values whose float sum shows the order. */
struct chain_acc {
	int seen[16];
	int nseen;
	double sum;
};

static void chain_fold(void *acc, void *ctx)
{
	struct chain_acc *a = acc;
	int r = *(const int *)ctx;
	if (a->nseen < 16)
		a->seen[a->nseen] = r;
	a->nseen++;
	a->sum += (double)part(r, 3);
}

static void check_chain(void)
{
	int P = ll_par_size(), r = ll_par_rank();
	struct ll_err err;
	ll_err_clear(&err);
	struct chain_acc a;
	memset(&a, 0, sizeof a);
	if (r > 0) /* overwritten by the message from the rank before */
		a.nseen = 99, a.sum = -1;
	CHECK_INT(ll_par_chain(&a, sizeof a, chain_fold, &r, &err), LL_OK);
	CHECK_INT(a.nseen, P);
	double want = 0;
	for (int q = 0; q < P; q++) {
		if (q < 16)
			CHECK_INT(a.seen[q], q);
		want += (double)part(q, 3);
	}
	CHECK(memcmp(&a.sum, &want, sizeof want) == 0);
}

static void check_agree(void)
{
	int P = ll_par_size(), r = ll_par_rank();
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ll_par_agree(LL_OK, &err), LL_OK);
	/* the last rank fails: everyone returns its status and message */
	int rc = LL_OK;
	if (r == P - 1)
		rc = ll_err_set(&err, LL_EDATA, "rank %d could not read its shard", r);
	rc = ll_par_agree(rc, &err);
	CHECK_INT(rc, LL_EDATA);
	/* rank 0, which says it, did not meet it: the message names the rank */
	char want[256];
	if (P > 1)
		snprintf(want, sizeof want, "rank %d of %d (host %s): rank %d could not read its shard", P - 1, P,
			 ll_par_host(P - 1), P - 1);
	else
		snprintf(want, sizeof want, "rank 0 could not read its shard");
	CHECK_STR(err.msg, want);
	/* every rank fails alike (a bad experiment name): said as it is */
	ll_err_clear(&err);
	rc = ll_par_agree(ll_err_set(&err, LL_EUSAGE, "no experiment x (rank %d)", r), &err);
	CHECK_INT(rc, LL_EUSAGE);
	CHECK_STR(err.msg, "no experiment x (rank 0)");
	/* rank 0 alone fails (its run folder): said as it is */
	ll_err_clear(&err);
	rc = ll_par_agree(r == 0 ? ll_err_set(&err, LL_EIO, "runs: cannot create it") : LL_OK, &err);
	CHECK_INT(rc, LL_EIO);
	CHECK_STR(err.msg, "runs: cannot create it");
}

/* The shared step area: made on several ranks (mpirun here), never alone
 * nor with LOGLAB_MPI_SHM=0; on one node (this machine) or on nodes of
 * LOGLAB_MPI_NODE_RANKS ranks. Its node sums have the bits of the node's
 * ranks' parts added in rank order, its job sums (ll_pshm_sum_block) the
 * bits of ll_par_sum_f64 (the parts here are small integers times a
 * scale, so any grouping adds them exactly), what a rank writes before a
 * sync its node reads after it, and what it publishes every node reads. */
static void check_shm(size_t n)
{
	int P = ll_par_size(), r = ll_par_rank();
	struct ll_err err;
	ll_err_clear(&err);
	/* the shared step's sums count in the run log's figures */
	uint64_t b0 = ll_par_bytes_sent(), n0 = ll_par_sums();
	ll_par_note_sum(1234);
	CHECK(ll_par_bytes_sent() == b0 + 1234 && ll_par_sums() == n0 + 1);
	/* a sum's second leg: bytes, not another sum */
	ll_par_note_bytes(66);
	CHECK(ll_par_bytes_sent() == b0 + 1300 && ll_par_sums() == n0 + 1);
	const char *k = getenv("LOGLAB_MPI_NODE_RANKS");
	int want_m = k ? atoi(k) : P;
	struct ll_pshm *s = ll_pshm_new(n, (size_t)P * sizeof(int));
	/* nodes of unequal rank counts take the collectives */
	CHECK((s != NULL) == (P > 1 && P % want_m == 0));
	if (!s)
		return;
	int N = ll_pshm_nodes(s), m = ll_pshm_node_ranks(s);
	CHECK_INT(m, want_m);
	CHECK_INT(N, P / m);
	/* ranks are grouped into nodes in order here */
	int v = r / m;
	double *mine = ll_pshm_mine(s), *want = malloc((n ? n : 1) * sizeof *want),
	       *got = malloc((n ? n : 1) * sizeof *got), *node = malloc((n ? n : 1) * sizeof *node);
	int *common = ll_pshm_common(s);
	size_t *counts = malloc((size_t)P * sizeof *counts);
	for (int q = 0; q < P; q++)
		counts[q] = sizeof(int);
	size_t elo, ehi;
	ll_par_share(n, r, P, &elo, &ehi);
	double *local = malloc((n ? n : 1) * sizeof *local);
	/* rounds 0-2 from the parts; round 3 keeps each rank's values in its
	 * own memory, and its part holds them only outside its block */
	for (int round = 0; round < 4; round++) {
		/* the parts change between rounds: each round reads this round's */
		for (size_t i = 0; i < n; i++)
			want[i] = mine[i] = local[i] = (double)part(r, i) * (round + 1);
		if (round == 3) {
			ll_pshm_keep_local(s, local);
			for (size_t i = elo; i < ehi; i++)
				mine[i] = NAN;
		}
		common[r] = r * 10 + round;
		ll_pshm_sync(s);
		/* the node's sum: its ranks' parts in rank order (in round 3 only
		 * this rank's block holds every rank's values) */
		size_t bad = 0, lo0 = round == 3 ? elo : 0, hi0 = round == 3 ? ehi : n;
		ll_pshm_sum(s, lo0, hi0, got + lo0);
		for (size_t i = lo0; i < hi0; i++) {
			node[i] = 0;
			for (int q = v * m; q < v * m + m; q++)
				node[i] += (double)part(q, i) * (round + 1);
			bad += memcmp(&got[i], &node[i], sizeof *got) != 0;
		}
		CHECK_INT(bad, 0);
		/* the same sums rounded to float in the same pass */
		float *rounded = malloc((n ? n : 1) * sizeof *rounded);
		if (rounded) {
			double scale = 1.0 / 3.0;
			ll_pshm_sum_round(s, lo0, hi0, scale, rounded + lo0);
			for (size_t i = lo0; i < hi0; i++) {
				float f = (float)(node[i] * scale);
				bad += memcmp(&rounded[i], &f, sizeof f) != 0;
			}
			CHECK_INT(bad, 0);
			free(rounded);
		}
		for (int q = v * m; q < v * m + m; q++)
			bad += common[q] != q * 10 + round;
		CHECK_INT(bad, 0);
		CHECK_INT(ll_par_sum_f64(want, n, &err), LL_OK);
		size_t lo, hi;
		ll_pshm_sum_block(s, n, got, &lo, &hi);
		CHECK(lo == elo && hi == ehi);
		for (size_t i = lo; i < hi; i++)
			bad += memcmp(&got[i], &want[i], sizeof *got) != 0;
		CHECK_INT(bad, 0);
		/* every node gets every rank's published bytes */
		ll_pshm_publish(s, counts);
		for (int q = 0; q < P; q++)
			bad += common[q] != q * 10 + round;
		CHECK_INT(bad, 0);
		/* nobody writes the next round's parts while another still reads */
		ll_pshm_sync(s);
	}
	free(want);
	free(local);
	free(got);
	free(node);
	free(counts);
	ll_pshm_free(s);
	/* turned off: every rank takes the collectives' path */
	setenv("LOGLAB_MPI_SHM", "0", 1);
	CHECK(ll_pshm_new(n, 0) == NULL);
	unsetenv("LOGLAB_MPI_SHM");
}

int main(int argc, char **argv)
{
	struct ll_err err;
	ll_err_clear(&err);
	CHECK_INT(ll_par_init(&argc, &argv, &err), LL_OK);
	CHECK(ll_par_rank() >= 0 && ll_par_rank() < ll_par_size());
	if (!ll_par_launched())
		CHECK_INT(ll_par_size(), 1);
	/* the tests run every rank on this machine: one node */
	CHECK_INT(ll_par_node_size(), ll_par_size());
	/* every rank's host is known to every rank (the messages name it):
	 * here each is this machine's name */
	char me[256] = "";
	gethostname(me, sizeof me - 1);
	for (int q = 0; q < ll_par_size(); q++)
		CHECK(strncmp(ll_par_host(q), me, 63) == 0);
	check_shares();
	check_sums(0);
	check_sums(7);
	check_sums(50000); /* the block-wise path */
	check_gathers();
	check_chain();
	check_agree();
	check_shm(0);
	check_shm(5);
	check_shm(50000);
	ll_par_barrier();
	if (ll_par_rank() != 0) /* one report per job */
		ll_test_checks = 0;
	int failures = ll_test_failures;
	if (ll_par_rank() == 0)
		fprintf(stderr, "%d checks, %d failed (%d ranks)\n", ll_test_checks, failures, ll_par_size());
	ll_par_finalize();
	return failures ? 1 : 0;
}
