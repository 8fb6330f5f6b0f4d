/*
 * ll_kshare.c - shares of a pass's blocks that follow the ranks' speeds
 * (see ll_kshare.h).
 */
#include "ll_kshare.h"

#include <math.h>
#include <string.h>

#include "ll_par.h"

size_t ll_kshare_margin(size_t nb, int P)
{
	return P > 1 ? nb / (size_t)P / 4 : 0;
}

/* The equal split's boundary r: where rank r's equal share starts. */
static size_t equal_bound(size_t nb, int P, int r)
{
	size_t lo, hi;
	if (r >= P)
		return nb;
	ll_par_share(nb, r, P, &lo, &hi);
	return lo;
}

void ll_kshare_held(size_t nb, int P, int r, size_t *lo, size_t *hi)
{
	size_t m = ll_kshare_margin(nb, P), a = equal_bound(nb, P, r), b = equal_bound(nb, P, r + 1);
	*lo = r > 0 && a > m ? a - m : 0;
	*hi = r < P - 1 && b + m < nb ? b + m : nb;
}

void ll_kshare_init(struct ll_kshare *s, size_t nb, int P, int mode)
{
	memset(s, 0, sizeof *s);
	s->nb = nb;
	s->P = P;
	s->margin = ll_kshare_margin(nb, P);
	s->mode = P <= LL_KSHARE_MAX_RANKS && s->margin > 0 ? mode : LL_KSHARE_OFF;
	for (int r = 0; r <= P && r <= LL_KSHARE_MAX_RANKS; r++)
		s->bound[r] = equal_bound(nb, P, r);
}

/* The median of n values (n <= LL_KSHARE_WINDOW). */
static double median(const double *v, int n)
{
	double t[LL_KSHARE_WINDOW];
	memcpy(t, v, (size_t)n * sizeof *t);
	for (int i = 1; i < n; i++) /* insertion sort: a handful of values */
		for (int j = i; j > 0 && t[j - 1] > t[j]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

/* Boundary r moved towards target (a count of blocks), kept within the
 * margin of the equal split: half way, when the target is at least
 * `deadband` blocks away (ll_kshare.h). */
static void move_bound(struct ll_kshare *s, int r, double target, double deadband)
{
	double eq = (double)equal_bound(s->nb, s->P, r), m = (double)s->margin;
	if (target < eq - m)
		target = eq - m;
	if (target > eq + m)
		target = eq + m;
	double cur = (double)s->bound[r];
	if (fabs(target - cur) < deadband)
		return;
	if (deadband > 1)
		target = cur + 0.5 * (target - cur);
	size_t b = (size_t)llround(target);
	s->bound[r] = b;
}

void ll_kshare_note(struct ll_kshare *s, const size_t *used, const double *secs)
{
	if (s->mode == LL_KSHARE_OFF)
		return;
	int P = s->P;
	s->passes++;
	if (s->mode == LL_KSHARE_SKEW) {
		/* each inner boundary cycles through the margin's far ends and the
		 * equal split, neighbours out of step: every rank gains and loses
		 * blocks on both sides over three passes */
		for (int r = 1; r < P; r++) {
			long phase = (long)((s->passes + (unsigned long)r) % 3) - 1;
			move_bound(s, r, (double)equal_bound(s->nb, P, r) + (double)phase * (double)s->margin, 1);
		}
		return;
	}
	int last = (s->at + LL_KSHARE_WINDOW - 1) % LL_KSHARE_WINDOW;
	for (int r = 0; r < P; r++) {
		size_t nbk = used[r + 1] - used[r];
		/* a rank without blocks, or a clock that did not move, repeats
		 * the rank's last figure (0 before any: no shares then) */
		if (nbk && secs[r] > 0)
			s->spb[r][s->at] = secs[r] / (double)nbk;
		else
			s->spb[r][s->at] = s->nhist ? s->spb[r][last] : 0;
	}
	s->at = (s->at + 1) % LL_KSHARE_WINDOW;
	if (s->nhist < LL_KSHARE_WINDOW)
		s->nhist++;
	double speed[LL_KSHARE_MAX_RANKS], tot = 0;
	for (int r = 0; r < P; r++) {
		double m = median(s->spb[r], s->nhist);
		if (!(m > 0) || !isfinite(m))
			return; /* no usable time yet: shares stay */
		speed[r] = 1.0 / m;
		tot += speed[r];
	}
	double cum = 0;
	for (int r = 1; r < P; r++) {
		cum += speed[r - 1];
		double target = (double)s->nb * cum / tot;
		/* passes of the window in which rank r - 1 was slower a block
		 * than rank r, and faster */
		int slower = 0, faster = 0;
		for (int i = 0; i < s->nhist; i++) {
			slower += s->spb[r - 1][i] > s->spb[r][i];
			faster += s->spb[r - 1][i] < s->spb[r][i];
		}
		/* without a consistent difference the target is the equal split:
		 * shares moved by a run of chance go back */
		double eq = (double)equal_bound(s->nb, P, r);
		if (!(target < eq ? slower >= LL_KSHARE_AGREE : faster >= LL_KSHARE_AGREE))
			target = eq;
		move_bound(s, r, target, LL_KSHARE_DEADBAND);
	}
}
