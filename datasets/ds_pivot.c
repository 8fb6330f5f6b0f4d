/*
 * ds_pivot.c - detecting long tables and pivoting them (ds_pivot.h).
 *
 * Detection works on small integer ids: each row gets the rank of its
 * time among the distinct times, and each candidate column an id per
 * distinct value (text, or integral numbers; at most 256 values, since
 * an entity key names a few things, not every row). A key is grown
 * greedily, a column at a time, by the column that tells apart the most
 * rows of a time; counting distinct (time, key) pairs is a sort of
 * 64-bit codes. Text columns are tried first: an integer column (sadf's
 * CPU "-1", "0", "1"...) becomes a key only when no text key does.
 */
#include "ds_pivot.h"
#include "ds_rownames.h"
#include "ll_slots.h"
#include "ll_time.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMN_VALUES 1024
/* Within a time, at least this share of rows differ by their key... */
#define MIN_DISTINCT 0.95
/* ... the times repeat this often on average ... */
#define MIN_ROWS_PER_TIME 1.5
/* ... and the time x entity grid is at least this full (or the times
 * hold a few sets of entities over and over: distinct_sets). */
#define MIN_FILL 0.6
/* ... and an entity has this many rows on average: a key of a value
 * per row or so (a counter's every value) names no entities. */
#define MIN_ROWS_PER_ENTITY 2.0
/* A text column with a value of its own on this share of the rows names
 * the rows themselves (a job id, a request id): a table of records, each
 * a thing of its own, not samples of entities over time, whatever its
 * repeated times (sacct's job and its steps start at the same second). */
#define ROW_ID_SHARE 0.9

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

struct trow {
	double t;
	size_t row;
};

/* A key and the row it belongs to. */
struct keyrow {
	uint64_t key;
	size_t row;
};

/* a[0..n) in ascending order of key, rows of equal keys in the order they
 * came (tmp: n more): least significant byte first, a byte every key
 * shares taking no pass. The time ranks and dense numbers below sort a
 * row of every record; qsort's calls through a comparison took a fifth of
 * reading a 100 MB long table. */
static void sort_keyrows(struct keyrow *a, size_t n, struct keyrow *tmp)
{
	uint64_t any = 0, all = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		any |= a[i].key;
		all &= a[i].key;
	}
	struct keyrow *from = a, *to = tmp;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		if ((((any ^ all) >> shift) & 0xff) == 0)
			continue;
		size_t at[256] = {0};
		for (size_t i = 0; i < n; i++)
			at[(from[i].key >> shift) & 0xff]++;
		for (size_t b = 0, sum = 0; b < 256; b++) {
			size_t k = at[b];
			at[b] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			to[at[(from[i].key >> shift) & 0xff]++] = from[i];
		struct keyrow *x = from;
		from = to;
		to = x;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
}

/* A key that orders as the double t does (not a NaN; -0 as 0). */
static uint64_t time_key(double t)
{
	uint64_t bits;
	t = t == 0 ? 0.0 : t;
	memcpy(&bits, &t, sizeof bits);
	return bits >> 63 ? ~bits : bits | (uint64_t)1 << 63;
}

/* The rows with a time sorted by it (stable; sorted may be NULL when only
 * the ranks are wanted), and each row's time rank (UINT32_MAX without a
 * time). Returns the number of distinct times, or (size_t)-1 out of
 * memory. */
static size_t rank_times(const struct ll_table *t, size_t tcol, size_t n, struct trow **sorted, size_t *nsorted,
			 uint32_t **rank)
{
	const double *tv = ll_table_column_data(t, tcol);
	struct trow *s = malloc((n ? n : 1) * sizeof *s);
	uint32_t *rk = malloc((n ? n : 1) * sizeof *rk);
	if (!s || !rk) {
		free(s);
		free(rk);
		return (size_t)-1;
	}
	struct keyrow *kr = malloc((n ? n : 1) * 2 * sizeof *kr);
	if (!kr) {
		free(s);
		free(rk);
		return (size_t)-1;
	}
	size_t m = 0;
	for (size_t r = 0; r < n; r++) {
		rk[r] = UINT32_MAX;
		if (!isnan(tv[r]))
			kr[m++] = (struct keyrow){time_key(tv[r]), r};
	}
	sort_keyrows(kr, m, kr + m);
	for (size_t i = 0; i < m; i++)
		s[i] = (struct trow){tv[kr[i].row], kr[i].row};
	free(kr);
	size_t distinct = 0;
	for (size_t i = 0; i < m; i++) {
		if (i == 0 || s[i].t != s[i - 1].t)
			distinct++;
		rk[s[i].row] = (uint32_t)(distinct - 1);
	}
	if (sorted)
		*sorted = s;
	else
		free(s);
	*nsorted = m;
	*rank = rk;
	return distinct;
}

/* Ids of a column's values in rows [0, n): text by its bytes, numbers
 * when integral (a missing number is a value of its own). Returns the
 * number of distinct values, 0 when the column has more than cap or a
 * number that is not an integer, (size_t)-1 out of memory. */
static size_t column_ids(const struct ll_table *t, size_t col, size_t n, size_t cap, uint32_t *ids)
{
	struct ll_slots ix = {0};
	/* each value as first seen, held rather than read again from its row:
	 * a sparse column finds a row's value by searching, and the search
	 * keeps up with rows read in order, not with a jump back to that row */
	union seen {
		const char *s;
		double v;
	} *first = malloc((cap ? cap : 1) * sizeof *first);
	if (!first || ll_slots_reserve(&ix, cap) != LL_OK) {
		free(first);
		return (size_t)-1;
	}
	int text = ll_table_col_type(t, col) == LL_COL_TEXT;
	const double *v = text ? NULL : ll_table_column_dense(t, col); /* NULL: sparse, cell by cell */
	size_t card = 0;
	for (size_t r = 0; r < n; r++) {
		const char *s = NULL;
		double x = NAN;
		uint32_t h;
		if (text) {
			s = ll_table_text(t, r, col);
			h = ll_slots_hash(s, strlen(s));
		} else {
			x = v ? v[r] : ll_table_num(t, r, col);
			if (!isnan(x) && (x != floor(x) || fabs(x) > 1e15)) {
				card = 0;
				break;
			}
			/* one hash for values that compare equal: every NaN, 0 and -0 */
			double y = isnan(x) ? NAN : x == 0 ? 0.0 : x;
			uint64_t bits;
			memcpy(&bits, &y, sizeof bits);
			h = ll_slots_hash_u64(bits);
		}
		struct ll_slots_probe p = ll_slots_probe(&ix, h);
		uint32_t id;
		while ((id = ll_slots_next(&ix, &p)) != LL_SLOTS_NONE) {
			if (text ? strcmp(first[id].s, s) == 0 : (isnan(first[id].v) && isnan(x)) || first[id].v == x)
				break;
		}
		if (id == LL_SLOTS_NONE) {
			if (card == cap) {
				card = 0;
				break;
			}
			if (ll_slots_add(&ix, &p, (uint32_t)card) != LL_OK) { /* reserved: cannot happen */
				card = (size_t)-1;
				break;
			}
			if (text)
				first[card].s = s;
			else
				first[card].v = x;
			id = (uint32_t)card++;
		}
		ids[r] = id;
	}
	ll_slots_free(&ix);
	free(first);
	return card;
}

/* a[0..n) in ascending order, by bytes from the lowest (tmp: n more):
 * the key search sorts the rows' codes once for each candidate column and
 * round, and qsort's calls through a comparison made that most of loading
 * 100,000 records whose seconds hold 28 each (12 s for 61 MB of JSON).
 * Bytes every code shares (the high ones, mostly) take no pass. */
static void sort_u64(uint64_t *a, size_t n, uint64_t *tmp)
{
	uint64_t any = 0, all = ~(uint64_t)0;
	for (size_t i = 0; i < n; i++) {
		any |= a[i];
		all &= a[i];
	}
	uint64_t *from = a, *to = tmp;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		if ((((any ^ all) >> shift) & 0xff) == 0)
			continue;
		size_t at[256] = {0};
		for (size_t i = 0; i < n; i++)
			at[(from[i] >> shift) & 0xff]++;
		for (size_t b = 0, sum = 0; b < 256; b++) {
			size_t k = at[b];
			at[b] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			to[at[(from[i] >> shift) & 0xff]++] = from[i];
		uint64_t *x = from;
		from = to;
		to = x;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
}

/* Distinct (time, key) pairs and distinct keys among rows with a time. */
static void count_pairs(const uint32_t *rank, const uint32_t *key, size_t n, uint64_t *scratch, uint64_t *tmp,
			size_t *pairs, size_t *keys)
{
	size_t m = 0;
	for (size_t r = 0; r < n; r++)
		if (rank[r] != UINT32_MAX)
			scratch[m++] = ((uint64_t)rank[r] << 32) | key[r];
	sort_u64(scratch, m, tmp);
	size_t p = 0;
	for (size_t i = 0; i < m; i++)
		p += i == 0 || scratch[i] != scratch[i - 1];
	for (size_t i = 0; i < m; i++)
		scratch[i] &= 0xffffffffu;
	sort_u64(scratch, m, tmp);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		k += i == 0 || scratch[i] != scratch[i - 1];
	*pairs = p;
	*keys = k;
}

/* How many different sets of keys the times hold: a long table's times
 * repeat a few sets (every CPU; the CPUs at one moment and the disks at
 * another), a log's seconds hold whatever happened. */
static size_t distinct_sets(const uint32_t *rank, const uint32_t *key, size_t n, uint64_t *scratch, uint64_t *tmp)
{
	size_t m = 0;
	for (size_t r = 0; r < n; r++)
		if (rank[r] != UINT32_MAX)
			scratch[m++] = ((uint64_t)rank[r] << 32) | key[r];
	sort_u64(scratch, m, tmp);
	size_t nsets = 0;
	uint64_t h = 0;
	for (size_t i = 0; i < m; i++) {
		if (i == 0 || (scratch[i] >> 32) != (scratch[i - 1] >> 32))
			h = 1469598103934665603ULL;
		if (i == 0 || scratch[i] != scratch[i - 1])
			h = (h ^ (scratch[i] & 0xffffffffu)) * 1099511628211ULL;
		if (i + 1 == m || (scratch[i + 1] >> 32) != (scratch[i] >> 32))
			scratch[nsets++] = h; /* below i: already read */
	}
	sort_u64(scratch, nsets, tmp);
	size_t d = 0;
	for (size_t i = 0; i < nsets; i++)
		d += i == 0 || scratch[i] != scratch[i - 1];
	return d;
}

/* Dense numbers (0, 1, ...) for the codes of n rows, equal codes equal
 * numbers: a key of several columns stays small however many values each
 * has. Returns how many distinct codes, or (size_t)-1 out of memory. */
static size_t renumber(const uint64_t *codes, size_t n, uint32_t *out)
{
	struct keyrow *v = malloc((n ? n : 1) * 2 * sizeof *v);
	if (!v)
		return (size_t)-1;
	for (size_t r = 0; r < n; r++)
		v[r] = (struct keyrow){codes[r], r};
	sort_keyrows(v, n, v + n);
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].key != v[i - 1].key)
			d++;
		out[v[i].row] = (uint32_t)d;
	}
	free(v);
	return n ? d + 1 : 0;
}

struct cand {
	size_t col, card;
	uint32_t *ids;
};

/* Grows a key from the candidates in pool (text ones, or all): returns 1
 * with key/nkey set when the grown key passes the rules above. */
static int grow_key(struct cand *c, size_t nc, int numbers_too, int relaxed, const struct ll_table *t, const uint32_t *rank,
		    size_t n, size_t nvalid, size_t ntimes, uint32_t *cur, uint32_t *trial, uint64_t *scratch,
		    uint64_t *tmp, size_t *key, size_t *nkey)
{
	size_t pairs = 0, keys = 1;
	int used[64] = {0};
	*nkey = 0;
	memset(cur, 0, n * sizeof *cur);
	while (*nkey < DS_PIVOT_MAX_KEY_COLS) {
		size_t best = nc, best_pairs = pairs, best_keys = keys;
		for (size_t i = 0; i < nc && i < 64; i++) {
			/* cur holds dense numbers below keys (renumber), so the
			 * combination fits 32 bits */
			if (used[i] || (!numbers_too && ll_table_col_type(t, c[i].col) != LL_COL_TEXT) ||
			    (uint64_t)keys * c[i].card > UINT32_MAX)
				continue;
			for (size_t r = 0; r < n; r++)
				trial[r] = cur[r] * (uint32_t)c[i].card + c[i].ids[r];
			size_t p, k;
			count_pairs(rank, trial, n, scratch, tmp, &p, &k);
			/* on a tie, the column of fewer values names entities */
			if (p > best_pairs || (p == best_pairs && best < nc && p > pairs && c[i].card < c[best].card)) {
				best = i;
				best_pairs = p;
				best_keys = k;
			}
		}
		if (best == nc)
			break;
		used[best] = 1;
		key[(*nkey)++] = c[best].col;
		for (size_t r = 0; r < n; r++)
			scratch[r] = (uint64_t)cur[r] * c[best].card + c[best].ids[r];
		if (renumber(scratch, n, cur) == (size_t)-1)
			return LL_ENOMEM;
		pairs = best_pairs;
		keys = best_keys;
		if (keys > DS_PIVOT_MAX_ENTITIES)
			return 0;
		if ((double)pairs >= MIN_DISTINCT * (double)nvalid)
			break;
	}
	if (!*nkey || (double)pairs < MIN_DISTINCT * (double)nvalid || keys < 2)
		return 0;
	if (relaxed)
		return 1;
	if ((double)nvalid < MIN_ROWS_PER_ENTITY * (double)keys)
		return 0;
	/* the grid's fill over the times of two rows or more: a time of one
	 * row (a restart record, a lone sample) says nothing of the entities */
	size_t *per = calloc(ntimes ? ntimes : 1, sizeof *per);
	if (!per)
		return LL_ENOMEM;
	for (size_t r = 0; r < n; r++)
		if (rank[r] != UINT32_MAX)
			per[rank[r]]++;
	size_t busy = 0, busy_rows = 0;
	for (size_t i = 0; i < ntimes; i++)
		if (per[i] >= 2) {
			busy++;
			busy_rows += per[i];
		}
	free(per);
	if ((double)busy_rows >= MIN_FILL * (double)busy * (double)keys)
		return 1;
	/* a sparse grid: long when its times repeat a few sets of keys, and
	 * the key is text: small integers distinct within a time (a metric
	 * counting 0, 1, 2...) must fill the grid to be ids */
	for (size_t k = 0; k < *nkey; k++)
		if (ll_table_col_type(t, key[k]) != LL_COL_TEXT)
			return 0;
	size_t sets = distinct_sets(rank, cur, n, scratch, tmp);
	return ntimes >= 3 && (double)sets <= (ntimes / 2 > 2 ? (double)ntimes / 2 : 2.0);
}

/* 1 when some row of [0, n) has every key cell empty: an entity the key
 * tells apart by having no name at all. */
static int unnamed_entity(const struct ll_table *t, const size_t *key, size_t nkey, size_t n)
{
	for (size_t r = 0; r < n; r++) {
		int empty = 1;
		for (size_t k = 0; k < nkey && empty; k++)
			empty = ll_table_col_type(t, key[k]) == LL_COL_TEXT ? !*ll_table_text(t, r, key[k])
									   : isnan(ll_table_num(t, r, key[k]));
		if (empty)
			return 1;
	}
	return 0;
}

/* When an entity has no name (unnamed_entity()), a text column that names
 * the entities as well as the key does: one value for each entity,
 * different values among the rows of some time (an OpenTelemetry metric's
 * name beside the attribute that told its points apart:
 * "system.cpu.utilization" with cpu0 and cpu1, "system.memory.usage" with
 * none). Pivoted as a value it would make a column of one text per entity
 * and leave that entity unnamed; in the key it names them. Only then: a
 * process's state beside its command also holds one value per process in a
 * short sample, and would split the process in two when it changes. The
 * candidate of most values (the first on a tie), or nc when none is. cur
 * holds the key's entity numbers for rows [0, n). */
static size_t naming_column(const struct cand *c, size_t nc, const struct ll_table *t, const size_t *key,
			    size_t nkey, const uint32_t *rank, const uint32_t *cur, size_t n, size_t ntimes,
			    uint64_t *scratch, uint64_t *tmp)
{
	uint32_t entities = 0;
	for (size_t r = 0; r < n; r++)
		if (cur[r] + 1 > entities)
			entities = cur[r] + 1;
	uint32_t *value_of = malloc((entities ? entities : 1) * sizeof *value_of);
	if (!value_of)
		return nc;
	size_t best = nc;
	for (size_t i = 0; i < nc && i < 64; i++) {
		int in_key = ll_table_col_type(t, c[i].col) != LL_COL_TEXT;
		for (size_t k = 0; k < nkey && !in_key; k++)
			in_key = key[k] == c[i].col;
		if (in_key || (best < nc && c[i].card <= c[best].card))
			continue;
		memset(value_of, 0xff, entities * sizeof *value_of);
		int one_each = 1;
		for (size_t r = 0; r < n && one_each; r++) {
			if (value_of[cur[r]] == UINT32_MAX)
				value_of[cur[r]] = c[i].ids[r];
			one_each = value_of[cur[r]] == c[i].ids[r];
		}
		size_t pairs, values;
		if (one_each)
			count_pairs(rank, c[i].ids, n, scratch, tmp, &pairs, &values);
		if (one_each && pairs > ntimes)
			best = i;
	}
	free(value_of);
	return best;
}

/* A text column that names the key's entities one to one over rows
 * [0, n): each entity one value and each value one entity (docker stats'
 * NAME beside its CONTAINER ID, a host's address beside its name).
 * Pivoted as a value it makes a column per entity holding its own name
 * ("NAME.25362093e9f5"), no measurement; in the key it names the entities
 * as a reader knows them. A value that changes (a state, a status) or that
 * entities share (a command run by several processes) is none. The first
 * such candidate, or nc when none is. cur holds the entity numbers. */
static size_t alias_column(const struct cand *c, size_t nc, const struct ll_table *t, const size_t *key, size_t nkey,
			   const uint32_t *cur, size_t n)
{
	uint32_t entities = 0;
	for (size_t r = 0; r < n; r++)
		if (cur[r] + 1 > entities)
			entities = cur[r] + 1;
	/* seen a few times each: over two samples a status ("Up 3 hours")
	 * may still be one per entity */
	if (entities < 2 || n < 3 * (size_t)entities)
		return nc;
	uint32_t *value_of = malloc(entities * sizeof *value_of);
	if (!value_of)
		return nc;
	size_t best = nc;
	for (size_t i = 0; i < nc && i < 64 && best == nc; i++) {
		int in_key = ll_table_col_type(t, c[i].col) != LL_COL_TEXT || c[i].card != entities;
		for (size_t k = 0; k < nkey && !in_key; k++)
			in_key = key[k] == c[i].col;
		if (in_key)
			continue;
		uint32_t *entity_of = malloc(c[i].card * sizeof *entity_of);
		if (!entity_of)
			break;
		memset(value_of, 0xff, entities * sizeof *value_of);
		memset(entity_of, 0xff, c[i].card * sizeof *entity_of);
		int one_one = 1;
		for (size_t r = 0; r < n && one_one; r++) {
			uint32_t e = cur[r], v = c[i].ids[r];
			if (value_of[e] == UINT32_MAX && entity_of[v] == UINT32_MAX)
				value_of[e] = v, entity_of[v] = e;
			one_one = value_of[e] == v && entity_of[v] == e && *ll_table_text(t, r, c[i].col);
		}
		free(entity_of);
		if (one_one)
			best = i;
	}
	free(value_of);
	return best;
}

/* Whether a cell of the first n rows of text column col has a letter:
 * text without any (top's TIME+ "1:10.01", versions, addresses) is a
 * measurement or a name written with digits, which changes from row to row
 * as a value does, not an id of the row. */
static int has_letters(const struct ll_table *t, size_t col, size_t n)
{
	for (size_t r = 0; r < n; r++)
		for (const char *s = ll_table_text(t, r, col); *s; s++)
			if (isalpha((unsigned char)*s))
				return 1;
	return 0;
}

/* Whether text column col of the first n rows holds prose: six words or
 * more a cell on average (a survey's question, a note), never the name of
 * an entity ("ABC News/Washington Post", "Donald Trump", "rv"). */
static int prose(const struct ll_table *t, size_t col, size_t n)
{
	if (ll_table_col_type(t, col) != LL_COL_TEXT)
		return 0;
	size_t cells = 0, words = 0;
	for (size_t r = 0; r < n; r++) {
		const char *s = ll_table_text(t, r, col);
		if (!*s)
			continue;
		cells++;
		for (int in = 0; *s; s++) {
			int blank = *s == ' ' || *s == '\t';
			words += (size_t)(!blank && !in);
			in = !blank;
		}
	}
	return cells && words >= 6 * cells;
}

/* 1 when a text column of t other than the time and the labels holds a
 * value of its own on most of the first n rows (ROW_ID_SHARE), 0 when
 * none does, -1 out of memory. */
static int has_row_ids(const struct ll_table *t, size_t n, size_t tcol)
{
	/* rows numbered as R and pandas number a data frame's (ds_rownames.h) are
	 * its observations as the analyst kept them: records too */
	if (ds_row_names_col(t) >= 0)
		return 1;
	uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
	if (!ids)
		return -1;
	int found = 0, label_src = ll_table_label_source(t);
	for (size_t col = 0; col < ll_table_ncols(t) && !found; col++) {
		if (col == tcol || (int)col == label_src || ll_table_col_type(t, col) != LL_COL_TEXT ||
		    !has_letters(t, col, n))
			continue;
		size_t card = column_ids(t, col, n, n, ids);
		if (card == (size_t)-1) {
			free(ids);
			return -1;
		}
		found = (double)card >= ROW_ID_SHARE * (double)n;
	}
	free(ids);
	return found;
}

int ds_pivot_detect(const struct ll_table *t, size_t sample, int relaxed, size_t *key, size_t *nkey)
{
	*nkey = 0;
	size_t n = ll_table_nrows(t), ncols = ll_table_ncols(t);
	if (sample && n > sample)
		n = sample;
	int tcol = ll_table_clock(t, -1);
	if (tcol < 0 || n < (relaxed ? 2 : 6) || n >= UINT32_MAX)
		return 0;
	uint32_t *rank = NULL;
	size_t nvalid = 0;
	size_t ntimes = rank_times(t, (size_t)tcol, n, NULL, &nvalid, &rank);
	if (ntimes == (size_t)-1)
		return LL_ENOMEM;
	int found = 0, rc = 0;
	struct cand c[64];
	size_t nc = 0;
	uint32_t *cur = NULL, *trial = NULL;
	uint64_t *scratch = NULL, *tmp = NULL;
	if (relaxed ? nvalid <= ntimes : ntimes < 2 || (double)nvalid < MIN_ROWS_PER_TIME * (double)ntimes)
		goto done;
	int row_ids = has_row_ids(t, n, (size_t)tcol);
	if (row_ids < 0) {
		rc = LL_ENOMEM;
		goto done;
	}
	if (row_ids)
		goto done;
	int label_src = ll_table_label_source(t), row_names = ds_row_names_col(t);
	for (size_t col = 0; col < ncols && nc < 64; col++) {
		if ((int)col == tcol || (int)col == label_src || (int)col == row_names ||
		    ll_table_col_type(t, col) == LL_COL_TIME || prose(t, col, n))
			continue;
		uint32_t *ids = malloc(n * sizeof *ids);
		if (!ids) {
			rc = LL_ENOMEM;
			goto done;
		}
		size_t card = column_ids(t, col, n, MAX_COLUMN_VALUES, ids);
		if (card == (size_t)-1) {
			free(ids);
			rc = LL_ENOMEM;
			goto done;
		}
		/* a number column of one value and blanks is a constant with
		 * gaps, not two entities (one named by having no value) */
		if (card < 2 || (ll_table_col_type(t, col) == LL_COL_NUM && !ll_table_varies(t, col, n))) {
			free(ids);
			continue;
		}
		c[nc++] = (struct cand){col, card, ids};
	}
	cur = malloc(n * sizeof *cur);
	trial = malloc(n * sizeof *trial);
	scratch = malloc(n * sizeof *scratch);
	tmp = malloc(n * sizeof *tmp);
	if (!cur || !trial || !scratch || !tmp) {
		rc = LL_ENOMEM;
		goto done;
	}
	found = grow_key(c, nc, 0, relaxed, t, rank, n, nvalid, ntimes, cur, trial, scratch, tmp, key, nkey);
	if (found == 0)
		found = grow_key(c, nc, 1, relaxed, t, rank, n, nvalid, ntimes, cur, trial, scratch, tmp, key, nkey);
	if (found < 0) {
		rc = found;
		found = 0;
	}
	if (!found)
		*nkey = 0;
	if (found && !relaxed && *nkey < DS_PIVOT_MAX_KEY_COLS && unnamed_entity(t, key, *nkey, n)) {
		size_t i = naming_column(c, nc, t, key, *nkey, rank, cur, n, ntimes, scratch, tmp);
		if (i < nc)
			key[(*nkey)++] = c[i].col;
	}
	/* every other name of the entities (an id and a name of the same
	 * containers), while the key has room */
	while (found && !relaxed && *nkey < DS_PIVOT_MAX_KEY_COLS) {
		size_t i = alias_column(c, nc, t, key, *nkey, cur, n);
		if (i == nc)
			break;
		key[(*nkey)++] = c[i].col;
	}
	/* the key in the table's order: names read as the file does */
	for (size_t i = 1; i < *nkey; i++)
		for (size_t j = i; j > 0 && key[j - 1] > key[j]; j--) {
			size_t x = key[j];
			key[j] = key[j - 1];
			key[j - 1] = x;
		}
done:
	for (size_t i = 0; i < nc; i++)
		free(c[i].ids);
	free(cur);
	free(trial);
	free(scratch);
	free(tmp);
	free(rank);
	return rc < 0 ? rc : found;
}

int ds_pivot_steady(const struct ll_table *t, const size_t *key, size_t nkey, size_t *nentities)
{
	*nentities = 0;
	size_t n = ll_table_nrows(t);
	int tcol = ll_table_clock(t, -1);
	if (tcol < 0 || !nkey || nkey > DS_PIVOT_MAX_KEY_COLS || n >= UINT32_MAX)
		return 0;
	uint32_t *rank = NULL;
	size_t nvalid = 0;
	size_t ntimes = rank_times(t, (size_t)tcol, n, NULL, &nvalid, &rank);
	if (ntimes == (size_t)-1)
		return LL_ENOMEM;
	int rc = 0;
	uint32_t *ids = malloc((n ? n : 1) * sizeof *ids), *ent = malloc((n ? n : 1) * sizeof *ent);
	uint64_t *codes = malloc((n ? n : 1) * sizeof *codes), *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!ids || !ent || !codes || !tmp) {
		rc = LL_ENOMEM;
		goto done;
	}
	/* an entity's code: its key columns' value ids, each below the cap
	 * (2^14), four in 64 bits */
	memset(codes, 0, n * sizeof *codes);
	for (size_t k = 0; k < nkey; k++) {
		size_t card = column_ids(t, key[k], n, DS_PIVOT_MAX_ENTITIES, ids);
		if (card == (size_t)-1) {
			rc = LL_ENOMEM;
			goto done;
		}
		if (!card)
			goto done;
		for (size_t r = 0; r < n; r++)
			codes[r] = codes[r] << 16 | ids[r];
	}
	if (renumber(codes, n, ent) == (size_t)-1) {
		rc = LL_ENOMEM;
		goto done;
	}
	size_t pairs = 0, keys = 0;
	count_pairs(rank, ent, n, codes, tmp, &pairs, &keys);
	*nentities = keys;
	/* no time and entity twice, and every time holds every entity but the
	 * last, which may hold some (a capture cut short in its last report) */
	rc = ntimes >= 2 && pairs == nvalid;
	size_t m = 0;
	for (size_t r = 0; r < n && rc; r++)
		if (rank[r] != UINT32_MAX)
			codes[m++] = rank[r];
	sort_u64(codes, m, tmp);
	for (size_t i = 0, run = 0; i < m && rc; i++) {
		run++;
		if (i + 1 == m || codes[i + 1] != codes[i]) {
			rc = run == keys || codes[i] == ntimes - 1;
			run = 0;
		}
	}
done:
	free(rank);
	free(ids);
	free(ent);
	free(codes);
	free(tmp);
	return rc;
}

/* ---- pivoting ---- */

/* Whether out has a column called name, through ix (an index of every
 * column of out by name: a pivot makes up to entities x columns of them,
 * and a scan of the names for each was quadratic: 24 s for 100,000). */
static int has_column(const struct ll_table *out, const struct ll_slots *ix, const char *name,
		      struct ll_slots_probe *p)
{
	*p = ll_slots_probe(ix, ll_slots_hash(name, strlen(name)));
	for (uint32_t i; (i = ll_slots_next(ix, p)) != LL_SLOTS_NONE;)
		if (strcmp(ll_table_col_name(out, i), name) == 0)
			return 1;
	return 0;
}

/* Adds column name to out and ix; its index or a negative status. */
static int add_indexed(struct ll_table *out, struct ll_slots *ix, struct ll_slots_probe *p, const char *name,
		       enum ll_coltype type)
{
	int oc = ll_table_add_column(out, name, type);
	if (oc >= 0 && ll_slots_add(ix, p, (uint32_t)oc) != LL_OK)
		return LL_ENOMEM; /* the table is dropped: a column missing from ix does no harm */
	return oc;
}

/* A column name not yet in out: base, else base_2, base_3... */
static int add_unique(struct ll_table *out, struct ll_slots *ix, const char *base, enum ll_coltype type)
{
	struct ll_slots_probe p;
	if (!has_column(out, ix, base, &p))
		return add_indexed(out, ix, &p, base, type);
	size_t len = strlen(base) + 24;
	char *nm = malloc(len);
	if (!nm)
		return LL_ENOMEM;
	int rc = LL_ENOMEM;
	for (unsigned k = 2; k < 100000; k++) {
		snprintf(nm, len, "%s_%u", base, k);
		if (!has_column(out, ix, nm, &p)) {
			rc = add_indexed(out, ix, &p, nm, type);
			break;
		}
	}
	free(nm);
	return rc;
}

static int same_cell(const struct ll_table *t, size_t a, size_t b, size_t c)
{
	if (ll_table_col_type(t, c) == LL_COL_TEXT)
		return strcmp(ll_table_text(t, a, c), ll_table_text(t, b, c)) == 0;
	double x = ll_table_num(t, a, c), y = ll_table_num(t, b, c);
	return x == y || (isnan(x) && isnan(y));
}

/* "a.b" of the key's cells in row r (empty text parts left out). */
static void entity_name(const struct ll_table *t, size_t r, const size_t *key, size_t nkey, char *buf, size_t cap)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t k = 0; k < nkey && at + 1 < cap; k++) {
		char cell[256];
		ll_table_format_cell(t, r, key[k], cell, sizeof cell);
		if (!cell[0])
			continue;
		/* a key column that repeats another's value (docker's Container
		 * and ID, both the short id) names nothing more */
		int again = 0;
		for (size_t j = 0; j < k && !again; j++) {
			char prev[256];
			ll_table_format_cell(t, r, key[j], prev, sizeof prev);
			again = strcmp(prev, cell) == 0;
		}
		if (again)
			continue;
		int w = snprintf(buf + at, cap - at, "%s%s", at ? "." : "", cell);
		if (w < 0)
			break;
		at += (size_t)w < cap - at ? (size_t)w : cap - at - 1;
	}
}

int ds_pivot(const struct ll_table *t, const size_t *key, size_t nkey, const char *single, const char *path, int note,
	     struct ll_table **out, struct ll_err *err)
{
	*out = NULL;
	size_t n = ll_table_nrows(t), ncols = ll_table_ncols(t);
	int tcol = ll_table_clock(t, -1);
	if (tcol < 0 || !nkey || nkey > DS_PIVOT_MAX_KEY_COLS)
		return ll_err_set(err, LL_EUSAGE, "%s: no time column or entity key to pivot on", path);
	struct trow *sorted = NULL;
	uint32_t *rank = NULL, *ent = NULL, *ids = NULL, *first_row = NULL;
	int *colmap = NULL;
	uint8_t *holds = NULL; /* a column at a time: the entities holding a value in it */
	char *is_key = NULL, *per_entity_col = NULL;
	size_t per_cap = 0;
	struct ll_table *o = NULL;
	struct ll_slots names = {0}; /* o's columns by name */
	size_t nvalid = 0, nent = 0, dups = 0;
	int rc = LL_OK;
	size_t ntimes = rank_times(t, (size_t)tcol, n, &sorted, &nvalid, &rank);
	if (ntimes == (size_t)-1)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	ent = calloc(n ? n : 1, sizeof *ent);
	ids = malloc((n ? n : 1) * sizeof *ids);
	is_key = calloc(ncols ? ncols : 1, 1);
	if (!ent || !ids || !is_key)
		goto nomem;
	/* the entity of each row, as a combination of its key columns' ids */
	uint64_t *codes64 = malloc((n ? n : 1) * sizeof *codes64);
	if (!codes64)
		goto nomem;
	for (size_t k = 0; k < nkey; k++) {
		is_key[key[k]] = 1;
		size_t card = column_ids(t, key[k], n, DS_PIVOT_MAX_ENTITIES, ids);
		if (card == (size_t)-1 || card == 0) {
			free(codes64);
			if (card)
				goto nomem;
			rc = ll_err_set(err, LL_EDATA, "%s: column '%s' has too many values to name entities", path,
					ll_table_col_name(t, key[k]));
			goto done;
		}
		for (size_t r = 0; r < n; r++)
			codes64[r] = (uint64_t)ent[r] * card + ids[r];
		if (renumber(codes64, n, ent) == (size_t)-1) {
			free(codes64);
			goto nomem;
		}
	}
	free(codes64);
	/* dense entity numbers, in the order of first sight in time order */
	{
		uint64_t *codes = malloc((nvalid ? nvalid : 1) * sizeof *codes);
		if (!codes)
			goto nomem;
		for (size_t i = 0; i < nvalid; i++)
			codes[i] = ((uint64_t)ent[sorted[i].row] << 32) | i;
		/* a code a row: the radix sort (the codes are distinct, so any
		 * sort's order), with qsort's when no room for its scratch */
		uint64_t *scratch = malloc((nvalid ? nvalid : 1) * sizeof *scratch);
		if (scratch)
			sort_u64(codes, nvalid, scratch);
		else
			qsort(codes, nvalid, sizeof *codes, cmp_u64);
		free(scratch);
		/* codes sorted by entity then first position: renumber by first position */
		uint64_t *firsts = malloc((nvalid ? nvalid : 1) * sizeof *firsts);
		if (!firsts) {
			free(codes);
			goto nomem;
		}
		size_t nf = 0;
		for (size_t i = 0; i < nvalid; i++)
			if (i == 0 || (codes[i] >> 32) != (codes[i - 1] >> 32))
				firsts[nf++] = ((codes[i] & 0xffffffffu) << 32) | (codes[i] >> 32);
		qsort(firsts, nf, sizeof *firsts, cmp_u64);
		if (nf > DS_PIVOT_MAX_ENTITIES) {
			free(codes);
			free(firsts);
			rc = ll_err_set(err, LL_EDATA, "%s: %zu entities: too many to pivot", path, nf);
			goto done;
		}
		first_row = malloc((nf ? nf : 1) * sizeof *first_row);
		if (!first_row) {
			free(codes);
			free(firsts);
			goto nomem;
		}
		/* map old code -> dense index through a sorted (code, index) list */
		for (size_t j = 0; j < nf; j++) {
			first_row[j] = (uint32_t)sorted[firsts[j] >> 32].row;
			firsts[j] = ((firsts[j] & 0xffffffffu) << 32) | j;
		}
		qsort(firsts, nf, sizeof *firsts, cmp_u64);
		for (size_t r = 0; r < n; r++) {
			if (rank[r] == UINT32_MAX)
				continue;
			size_t lo = 0, hi = nf;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if ((firsts[mid] >> 32) < ent[r])
					lo = mid + 1;
				else
					hi = mid;
			}
			ent[r] = (uint32_t)(firsts[lo] & 0xffffffffu);
		}
		nent = nf;
		free(codes);
		free(firsts);
	}
	/* A grid far sparser than the rows (entities that never share a time)
	 * would take memory out of all proportion to the input. */
	{
		double cells = (double)ntimes * (double)nent * (double)(ncols > nkey + 1 ? ncols - nkey - 1 : 1);
		if (cells > (double)((size_t)1 << 27) && cells > 16.0 * (double)n * (double)ncols) {
			rc = ll_err_set(err, LL_EDATA,
					"%s: %zu times of %zu entities would make %.0f cells of %zu rows: too sparse to pivot",
					path, ntimes, nent, cells, n);
			goto done;
		}
	}
	o = ll_table_new();
	if (!o || add_unique(o, &names, ll_table_col_name(t, (size_t)tcol), LL_COL_TIME) < 0 ||
	    ll_table_reserve(o, ntimes) != LL_OK)
		goto nomem;
	for (size_t i = 0; i < ntimes; i++)
		if (ll_table_append_row(o) < 0)
			goto nomem;
	for (size_t i = 0; i < nvalid; i++)
		if (i == 0 || sorted[i].t != sorted[i - 1].t)
			ll_table_set_num(o, rank[sorted[i].row], 0, sorted[i].t);
	for (size_t k = 0; k < ll_table_nclasses(t); k++)
		if (ll_table_class_id(o, ll_table_class_name(t, k), strlen(ll_table_class_name(t, k))) < 0)
			goto nomem;
	/* rows come in time order: an entity's last time tells a repeat, in
	 * memory of the entities, not of the whole grid */
	uint32_t *last = malloc((nent ? nent : 1) * sizeof *last);
	if (!last)
		goto nomem;
	for (size_t e = 0; e < nent; e++)
		last[e] = UINT32_MAX;
	for (size_t i = 0; i < nvalid; i++) {
		size_t r = sorted[i].row;
		if (last[ent[r]] == rank[r]) {
			ids[r] = 0;
			dups++;
			continue;
		}
		last[ent[r]] = rank[r];
		ids[r] = 1; /* this row is the (time, entity)'s */
		int lab = ll_table_label(t, r);
		if (lab != LL_NO_LABEL && ll_table_label(o, rank[r]) == LL_NO_LABEL)
			ll_table_set_label(o, rank[r], lab);
	}
	free(last);
	colmap = malloc((nent ? nent : 1) * sizeof *colmap);
	holds = malloc(nent ? nent : 1);
	if (!colmap || !holds)
		goto nomem;
	char example[200] = "";
	/* the long file's row numbers (ds_rownames.h) number no row of the wide table */
	int row_names = ds_row_names_col(t);
	for (size_t c = 0; c < ncols; c++) {
		if ((int)c == tcol || is_key[c] || (int)c == row_names)
			continue;
		enum ll_coltype ty = ll_table_col_type(t, c);
		const char *name = ll_table_col_name(t, c);
		/* a column of one value across each time's entities (sadf's
		 * interval, a host name) stays one column; so does one that
		 * entities without it leave empty, when those that have it
		 * share it (k6's request tags, which its "vus" gauge lacks):
		 * some time shows two entities with the value. Without it
		 * means never holding it: an entity's missing cell amid its
		 * own values is a gap in its own series, which the pivot keeps
		 * (a constant metric of two hosts with gaps stays a column a
		 * host, as pandas' pivot has it). */
		int per_entity = 0;
		if (ty != LL_COL_TIME && (int)c != ll_table_label_source(t)) {
			per_entity = single && !single[c];
			memset(holds, 0, nent ? nent : 1);
			for (size_t i = 0; i < nvalid && !per_entity; i++) {
				size_t r = sorted[i].row;
				if (!(ty == LL_COL_TEXT ? !ll_table_text(t, r, c)[0] : isnan(ll_table_num(t, r, c))))
					holds[ent[r]] = 1;
			}
			size_t have = SIZE_MAX, shared = 0;
			for (size_t i = 0; i < nvalid && !per_entity; i++) {
				size_t r = sorted[i].row;
				if (i && sorted[i].t != sorted[i - 1].t)
					have = SIZE_MAX;
				int empty = ty == LL_COL_TEXT ? !ll_table_text(t, r, c)[0] : isnan(ll_table_num(t, r, c));
				if (empty && !holds[ent[r]])
					continue;
				if (have == SIZE_MAX) {
					have = r;
					continue;
				}
				per_entity = !same_cell(t, r, have, c);
				shared++;
			}
			/* cells only empty beside values, never two to compare:
			 * each entity's own, as before */
			if (!per_entity && !shared)
				for (size_t i = 1; i < nvalid && !per_entity; i++)
					if (sorted[i].t == sorted[i - 1].t)
						per_entity = !same_cell(t, sorted[i].row, sorted[i - 1].row, c);
		}
		if (!per_entity) {
			int oc = add_unique(o, &names, name, ty);
			if (oc < 0)
				goto nomem;
			if ((int)c == ll_table_label_source(t))
				ll_table_set_label_source(o, oc);
			for (size_t i = nvalid; i-- > 0;) { /* the first row of a time wins */
				size_t r = sorted[i].row;
				if (ty == LL_COL_TEXT) {
					const char *s = ll_table_text(t, r, c);
					if (*s && ll_table_set_text(o, rank[r], (size_t)oc, s, strlen(s)) != LL_OK)
						goto nomem;
				} else if (!isnan(ll_table_num(t, r, c))) {
					ll_table_set_num(o, rank[r], (size_t)oc, ll_table_num(t, r, c));
				}
			}
			continue;
		}
		for (size_t e = 0; e < nent; e++)
			colmap[e] = -1;
		for (size_t i = 0; i < nvalid; i++) {
			size_t r = sorted[i].row;
			int has = ty == LL_COL_TEXT ? ll_table_text(t, r, c)[0] != 0 : !isnan(ll_table_num(t, r, c));
			if (!ids[r] || !has)
				continue;
			if (colmap[ent[r]] < 0) {
				char en[512], full[1024];
				entity_name(t, first_row[ent[r]], key, nkey, en, sizeof en);
				snprintf(full, sizeof full, en[0] ? "%s.%s" : "%s", name, en);
				int oc = add_unique(o, &names, full, ty);
				if (oc < 0)
					goto nomem;
				colmap[ent[r]] = oc;
				if ((size_t)oc >= per_cap) {
					size_t cap = per_cap ? per_cap * 2 : 256;
					while (cap <= (size_t)oc)
						cap *= 2;
					char *q = realloc(per_entity_col, cap);
					if (!q)
						goto nomem;
					memset(q + per_cap, 0, cap - per_cap);
					per_entity_col = q;
					per_cap = cap;
				}
				per_entity_col[oc] = 1;
				if (!example[0])
					snprintf(example, sizeof example, "%s", ll_table_col_name(o, (size_t)oc));
			}
			if (ty == LL_COL_TEXT) {
				const char *s = ll_table_text(t, r, c);
				if (ll_table_set_text(o, rank[r], (size_t)colmap[ent[r]], s, strlen(s)) != LL_OK)
					goto nomem;
			} else {
				ll_table_set_num(o, rank[r], (size_t)colmap[ent[r]], ll_table_num(t, r, c));
			}
		}
	}
	/* A long table's value column mixes kinds (numbers for most metrics,
	 * a status word for a few): each entity's column gets its own type. */
	size_t retyped = 0;
	for (size_t oc = 1; oc < ll_table_ncols(o); oc++) {
		if (ll_table_col_type(o, oc) != LL_COL_TEXT || oc >= per_cap || !per_entity_col[oc])
			continue;
		int numbers = 1, any = 0;
		for (size_t r = 0; r < ntimes && numbers; r++) {
			const char *s = ll_table_text(o, r, oc);
			double v;
			if (!*s)
				continue;
			any = 1;
			numbers = ll_parse_number(s, strlen(s), &v);
		}
		if (numbers && any) {
			ll_table_convert_column(o, oc, LL_COL_NUM);
			retyped++;
		}
	}
	for (size_t i = 0; i < ll_table_nnotes(t); i++)
		if (ll_table_note(o, "%s", ll_table_note_text(t, i)) != LL_OK)
			goto nomem;
	if (note && retyped &&
	    ll_table_note(o, "%s: %zu of the entities' columns hold numbers only; read as numbers", path, retyped) !=
		    LL_OK)
		goto nomem;
	char keys[300] = "";
	for (size_t k = 0, at = 0; k < nkey && at < sizeof keys; k++) {
		int w = snprintf(keys + at, sizeof keys - at, "%s'%s'", k ? (k + 1 == nkey ? " and " : ", ") : "",
				 ll_table_col_name(t, key[k]));
		if (w < 0)
			break;
		at += (size_t)w;
	}
	if (note &&
	    ll_table_note(o,
			  "%s: a long table: its %zu rows are %zu times of %zu entities told apart by column%s %s; "
			  "pivoted to a row per time and a column per metric and entity%s%s%s%s",
			  path, n, ntimes, nent, nkey > 1 ? "s" : "", keys, example[0] ? " (e.g. '" : "", example,
			  example[0] ? "')" : "", n > nvalid ? "; rows without a time left out" : "") != LL_OK)
		goto nomem;
	if (note && dups && ll_table_note(o, "%s: %zu rows repeat the time and entity of an earlier row; the first kept", path,
				  dups) != LL_OK)
		goto nomem;
	*out = o;
	o = NULL;
	goto done;
nomem:
	rc = ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
done:
	ll_table_free(o);
	ll_slots_free(&names);
	free(sorted);
	free(rank);
	free(ent);
	free(ids);
	free(first_row);
	free(colmap);
	free(holds);
	free(is_key);
	free(per_entity_col);
	return rc;
}

/* 1 when the first time column never goes back (missing times aside). */
static int time_sorted(const struct ll_table *t)
{
	for (size_t c = 0; c < ll_table_ncols(t); c++) {
		if (ll_table_col_type(t, c) != LL_COL_TIME)
			continue;
		const double *v = ll_table_column_data(t, c);
		double last = -INFINITY;
		for (size_t r = 0; r < ll_table_nrows(t); r++) {
			if (isnan(v[r]))
				continue;
			if (v[r] < last)
				return 0;
			last = v[r];
		}
		return 1;
	}
	return 1;
}

int ds_pivot_long(struct ll_table **t, const char *path, struct ll_err *err)
{
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	/* Rows in time order show a long table in their first 20,000 (its
	 * times repeat there); rows in another order (by entity, then time)
	 * may not, so all are read. */
	int found = ds_pivot_detect(*t, time_sorted(*t) ? 20000 : 0, 0, key, &nkey);
	if (found < 0)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (!found)
		return LL_OK;
	struct ll_table *wide = NULL;
	struct ll_err sub;
	int rc = ds_pivot(*t, key, nkey, NULL, path, 1, &wide, &sub);
	if (rc == LL_ENOMEM)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	if (rc != LL_OK) /* too many entities over the whole file: keep it long, said */
		return ll_table_note(*t, "%s (the table is left as it is)", sub.msg) == LL_OK
			       ? LL_OK
			       : ll_err_set(err, LL_ENOMEM, "%s: out of memory", path);
	ll_table_free(*t);
	*t = wide;
	return LL_OK;
}

int ds_pivot_apply(struct ll_table **t, const char *entity, const char *path, struct ll_err *err)
{
	if (!entity || !*entity)
		return ds_pivot_long(t, path, err);
	if (strcmp(entity, "none") == 0)
		return LL_OK;
	size_t key[DS_PIVOT_MAX_KEY_COLS], nkey = 0;
	const char *p = entity;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char name[256];
		if (len >= sizeof name || nkey == DS_PIVOT_MAX_KEY_COLS)
			return ll_err_set(err, LL_EUSAGE, "%s: entity: at most %d column names", path,
					  DS_PIVOT_MAX_KEY_COLS);
		memcpy(name, p, len);
		name[len] = 0;
		int c = ll_table_find_column(*t, name);
		if (c < 0 || ll_table_col_type(*t, (size_t)c) == LL_COL_TIME)
			return ll_err_set(err, LL_EUSAGE, "%s: entity: no column \"%s\" to tell entities by%s", path, name,
					  c < 0 ? "" : " (it is the time)");
		key[nkey++] = (size_t)c;
		p = e ? e + 1 : p + len;
	}
	if (!nkey)
		return ll_err_set(err, LL_EUSAGE, "%s: entity: no column named", path);
	struct ll_table *wide = NULL;
	int rc = ds_pivot(*t, key, nkey, NULL, path, 1, &wide, err);
	if (rc != LL_OK)
		return rc;
	ll_table_free(*t);
	*t = wide;
	return LL_OK;
}

int ds_pivot_loaded(int rc, struct ll_table **t, const char *entity, const char *path, struct ll_err *err)
{
	if (rc == LL_OK)
		rc = ds_pivot_apply(t, entity, path, err);
	if (rc != LL_OK) {
		ll_table_free(*t);
		*t = NULL;
	}
	return rc;
}
