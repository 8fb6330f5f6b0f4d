/*
 * ll_kshare.h - shares of a pass's blocks over ranks that follow the
 * ranks' measured speeds.
 *
 * Ranks that split a pass equally and then synchronise wait for the
 * slowest: two vCPUs of one machine drift about 10% apart from run to
 * run, and with equal shares the faster rank idles at every one of a
 * k-means fit's synchronisations (bench/MPI.md). Here each rank's share
 * is a contiguous run of blocks, in rank order, whose boundaries move from
 * the equal split (ll_par_share) by at most `margin` blocks, so each rank
 * needs to hold only its equal share plus a margin of its neighbours'
 * blocks. After each timed pass the boundaries are set for shares in
 * proportion to each rank's speed (blocks per second, the median of its
 * last LL_KSHARE_WINDOW passes, so that passes cut short by other
 * processes' time slices do not move them); a boundary moves only when
 * its target is LL_KSHARE_DEADBAND blocks away, and then half way to it,
 * and towards shares by speed only when in LL_KSHARE_AGREE of the window's
 * passes the rank on the side that would give blocks was the slower of the
 * two a block (otherwise back towards the equal split): on a machine
 * busy with other work a pass's time is mostly other processes' time
 * slices, which fall on either rank alike, and following them lost to the
 * equal split (bench/MPI.md). Deciding shares never changes a
 * result: callers fold their blocks in block order, whoever ran them.
 *
 * Everything here is arithmetic on the figures given: one rank decides
 * and hands the boundaries to the others, so they cannot disagree.
 */
#ifndef LL_KSHARE_H
#define LL_KSHARE_H

#include <stddef.h>

#define LL_KSHARE_WINDOW 9
#define LL_KSHARE_DEADBAND 1.5
#define LL_KSHARE_AGREE 8
/* Ranks whose history is kept without allocation; more share equally. */
#define LL_KSHARE_MAX_RANKS 64

enum ll_kshare_mode {
	LL_KSHARE_OFF = 0,  /* the equal split */
	LL_KSHARE_SPEED,    /* shares follow the measured speeds */
	LL_KSHARE_SKEW      /* deliberately uneven, a different split each pass
			     * (tests: the results must not change) */
};

struct ll_kshare {
	size_t nb, margin;
	int P, mode;
	size_t bound[LL_KSHARE_MAX_RANKS + 1]; /* rank r's blocks: [bound[r], bound[r + 1]) */
	double spb[LL_KSHARE_MAX_RANKS][LL_KSHARE_WINDOW]; /* seconds a block, a ring a rank */
	int nhist, at;
	unsigned long passes; /* passes noted */
};

/* Blocks a boundary may move: a quarter of the smallest equal share, so
 * that a rank always keeps half of it and only neighbours trade blocks
 * (0 when shares are under 4 blocks: the equal split then). */
size_t ll_kshare_margin(size_t nb, int P);
/* nb blocks over P ranks, starting from the equal split. Modes other than
 * OFF need P <= LL_KSHARE_MAX_RANKS and a margin; otherwise OFF. */
void ll_kshare_init(struct ll_kshare *s, size_t nb, int P, int mode);
/* The blocks [*lo, *hi) rank r may be given: its equal share and the
 * margin either side. */
void ll_kshare_held(size_t nb, int P, int r, size_t *lo, size_t *hi);
/* A pass ran with boundaries `used` (P + 1) and took secs[r] seconds on
 * rank r: sets s->bound for a later pass. */
void ll_kshare_note(struct ll_kshare *s, const size_t *used, const double *secs);

#endif
