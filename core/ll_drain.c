/*
 * ll_drain.c - the Drain template miner of ll_drain.h.
 *
 * Tokens are interned: every token that appears in some template gets a
 * small integer id (id 0 is "<*>"), so comparing a line against a template
 * is comparing integers. A line's tokens are only looked up, never added,
 * unless the line starts a new template; a token that is in no template
 * gets TOK_NONE, which equals nothing. Memory therefore follows the
 * templates, not the lines.
 *
 * The tree is a flat array of nodes. The edge from a node to its child for
 * a token lives in one open-addressing hash table keyed by (node, token);
 * the wildcard child is stored in the node itself. A leaf keeps the ids of
 * its templates; a template's tokens are a slice of one shared pool.
 *
 * Per-line work reuses scratch buffers sized once from the configuration
 * (masked text, token spans, token ids), so the hot path allocates only
 * when a line creates a new template.
 */
#include "ll_drain.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TOK_WILD 0u
#define TOK_NONE UINT32_MAX
#define SAVE_MAGIC "# loglab drain templates v1"

struct tokinfo {
	size_t off; /* into chars */
	uint32_t len, hash;
	uint8_t digit; /* holds a digit, so it routes to the wildcard child */
};

struct node {
	uint32_t wild;   /* wildcard child, 0 = none */
	uint32_t nchild; /* children other than the wildcard */
	uint32_t *leaf;  /* template ids when this node is a leaf */
	size_t nleaf, capleaf;
};

struct edge {
	uint32_t parent, tok, child; /* child 0 = empty slot */
};

struct cluster {
	size_t off; /* into pool */
	uint32_t ntok;
	uint64_t lines;
};

struct span {
	uint32_t off, len, hash;
	uint8_t digit;
};

struct ll_drain {
	struct ll_drain_config cfg;
	char *delims;
	uint8_t is_delim[256];

	char *chars;
	size_t nchars, capchars;
	struct tokinfo *toks;
	size_t ntoks, captoks;
	uint32_t *tokslot; /* token id + 1, 0 = empty; size tokmask + 1 */
	size_t tokmask;

	struct node *nodes; /* nodes[0] is unused so that 0 can mean "none" */
	size_t nnodes, capnodes;
	struct edge *edges;
	size_t nedges, edgemask;
	uint32_t *roots; /* by token count, 0 = none */

	struct cluster *cl;
	size_t ncl, capcl;
	uint32_t *pool;
	size_t npool, cappool;

	char *mbuf; /* masked line */
	size_t mcap;
	struct span *spans;
	uint32_t *ids;
};

/* Grows *p (of *cap elements of size elem) to hold at least need. */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return LL_OK;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return LL_ENOMEM;
		n *= 2;
	}
	void *q = realloc(*p, n * elem);
	if (!q)
		return LL_ENOMEM;
	*p = q;
	*cap = n;
	return LL_OK;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static size_t hash_edge(uint32_t parent, uint32_t tok)
{
	uint64_t k = ((uint64_t)parent << 32) | tok;
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

/* ---- token interning ---- */

static uint32_t tok_find(const struct ll_drain *d, const char *s, uint32_t len, uint32_t h)
{
	for (size_t i = h & d->tokmask;; i = (i + 1) & d->tokmask) {
		uint32_t v = d->tokslot[i];
		if (!v)
			return TOK_NONE;
		const struct tokinfo *t = &d->toks[v - 1];
		if (t->hash == h && t->len == len && memcmp(d->chars + t->off, s, len) == 0)
			return v - 1;
	}
}

static void tok_place(struct ll_drain *d, uint32_t id)
{
	size_t i = d->toks[id].hash & d->tokmask;
	while (d->tokslot[i])
		i = (i + 1) & d->tokmask;
	d->tokslot[i] = id + 1;
}

/* The id of s, adding it when new; TOK_NONE when out of memory. */
static uint32_t tok_intern(struct ll_drain *d, const char *s, uint32_t len, uint32_t h, int digit)
{
	uint32_t id = tok_find(d, s, len, h);
	if (id != TOK_NONE)
		return id;
	if (d->ntoks >= UINT32_MAX - 1)
		return TOK_NONE;
	if ((d->ntoks + 1) * 2 > d->tokmask + 1) {
		size_t n = (d->tokmask + 1) * 2;
		uint32_t *slots = calloc(n, sizeof *slots);
		if (!slots)
			return TOK_NONE;
		free(d->tokslot);
		d->tokslot = slots;
		d->tokmask = n - 1;
		for (uint32_t k = 0; k < d->ntoks; k++)
			tok_place(d, k);
	}
	if (grow((void **)&d->toks, &d->captoks, d->ntoks + 1, sizeof *d->toks) ||
	    grow((void **)&d->chars, &d->capchars, d->nchars + len, 1))
		return TOK_NONE;
	memcpy(d->chars + d->nchars, s, len);
	id = (uint32_t)d->ntoks++;
	d->toks[id] = (struct tokinfo){.off = d->nchars, .len = len, .hash = h, .digit = (uint8_t)digit};
	d->nchars += len;
	tok_place(d, id);
	return id;
}

/* ---- tree ---- */

static uint32_t edge_get(const struct ll_drain *d, uint32_t parent, uint32_t tok)
{
	for (size_t i = hash_edge(parent, tok) & d->edgemask;; i = (i + 1) & d->edgemask) {
		const struct edge *e = &d->edges[i];
		if (!e->child)
			return 0;
		if (e->parent == parent && e->tok == tok)
			return e->child;
	}
}

static void edge_place(struct ll_drain *d, struct edge e)
{
	size_t i = hash_edge(e.parent, e.tok) & d->edgemask;
	while (d->edges[i].child)
		i = (i + 1) & d->edgemask;
	d->edges[i] = e;
}

static int edge_reserve(struct ll_drain *d)
{
	if ((d->nedges + 1) * 2 <= d->edgemask + 1)
		return LL_OK;
	size_t n = (d->edgemask + 1) * 2;
	struct edge *old = d->edges, *e = calloc(n, sizeof *e);
	if (!e)
		return LL_ENOMEM;
	size_t oldn = d->edgemask + 1;
	d->edges = e;
	d->edgemask = n - 1;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].child)
			edge_place(d, old[i]);
	free(old);
	return LL_OK;
}

/* A new empty node's id, or 0 when out of memory. */
static uint32_t node_new(struct ll_drain *d)
{
	if (d->nnodes >= UINT32_MAX ||
	    grow((void **)&d->nodes, &d->capnodes, d->nnodes + 1, sizeof *d->nodes))
		return 0;
	d->nodes[d->nnodes] = (struct node){0};
	return (uint32_t)d->nnodes++;
}

/* The leaf a line of ntok tokens (ids in d->ids) is routed to, or 0. */
static uint32_t leaf_find(const struct ll_drain *d, size_t ntok)
{
	uint32_t n = d->roots[ntok];
	size_t levels = (size_t)d->cfg.depth - 3;
	for (size_t l = 0; n && l < levels && l < ntok; l++) {
		uint32_t t = d->ids[l];
		uint32_t c = 0;
		if (t != TOK_NONE && t != TOK_WILD && !d->toks[t].digit)
			c = edge_get(d, n, t);
		n = c ? c : d->nodes[n].wild;
	}
	return n;
}

/* The leaf for a new template with tokens ids[0..ntok), creating nodes on
 * the way; 0 when out of memory (nodes made so far stay, empty). */
static uint32_t leaf_make(struct ll_drain *d, const uint32_t *ids, size_t ntok)
{
	if (!d->roots[ntok]) {
		uint32_t r = node_new(d);
		if (!r)
			return 0;
		d->roots[ntok] = r;
	}
	uint32_t n = d->roots[ntok];
	size_t levels = (size_t)d->cfg.depth - 3;
	for (size_t l = 0; l < levels && l < ntok; l++) {
		uint32_t t = ids[l];
		uint32_t c = 0;
		int to_wild = t == TOK_WILD || d->toks[t].digit;
		if (!to_wild) {
			c = edge_get(d, n, t);
			/* one slot stays free for the wildcard child */
			if (!c && d->nodes[n].nchild + 1 >= (uint32_t)d->cfg.max_children)
				to_wild = 1;
		}
		if (to_wild) {
			c = d->nodes[n].wild;
			if (!c) {
				if (!(c = node_new(d)))
					return 0;
				d->nodes[n].wild = c;
			}
		} else if (!c) {
			if (edge_reserve(d) || !(c = node_new(d)))
				return 0;
			edge_place(d, (struct edge){.parent = n, .tok = t, .child = c});
			d->nedges++;
			d->nodes[n].nchild++;
		}
		n = c;
	}
	return n;
}

/* ---- lines ---- */

/* Masks and tokenises line into d->spans / d->ids; returns the count. */
static size_t prepare(struct ll_drain *d, const char *line, size_t len)
{
	if (!line)
		len = 0;
	if (len > d->cfg.max_line_bytes)
		len = d->cfg.max_line_bytes;
	size_t m = ll_mask_apply(d->cfg.masks, line, len, d->mbuf, d->mcap);
	const char *s = d->mbuf;
	size_t ntok = 0, i = 0, max = (size_t)d->cfg.max_tokens;
	while (ntok < max) {
		while (i < m && d->is_delim[(unsigned char)s[i]])
			i++;
		if (i >= m)
			break;
		size_t a = i;
		uint32_t h = 2166136261u;
		uint8_t digit = 0;
		while (i < m && !d->is_delim[(unsigned char)s[i]]) {
			unsigned char c = (unsigned char)s[i];
			digit |= c >= '0' && c <= '9';
			h = (h ^ c) * 16777619u;
			i++;
		}
		uint32_t tl = (uint32_t)(i - a);
		d->spans[ntok] = (struct span){.off = (uint32_t)a, .len = tl, .hash = h, .digit = digit};
		if (tl == 3 && memcmp(s + a, LL_MASK_WILDCARD, 3) == 0)
			d->ids[ntok] = TOK_WILD;
		else
			d->ids[ntok] = tok_find(d, s + a, tl, h);
		ntok++;
	}
	return ntok;
}

/* The best template of leaf for the prepared line, or -1 when none reaches
 * the threshold (any template when force is set). */
static long leaf_best(const struct ll_drain *d, uint32_t leaf, size_t ntok, int force)
{
	const struct node *nd = &d->nodes[leaf];
	long best = -1;
	size_t best_same = 0, best_wild = 0;
	for (size_t k = 0; k < nd->nleaf; k++) {
		uint32_t id = nd->leaf[k];
		const uint32_t *tpl = d->pool + d->cl[id].off;
		size_t same = 0, wild = 0;
		for (size_t i = 0; i < ntok; i++) {
			if (tpl[i] == TOK_WILD) {
				/* a masked token meets a variable position: that
				 * is agreement, or a line whose numbers are all
				 * masked could never reach the threshold */
				wild++;
				if (d->ids[i] == TOK_WILD)
					same++;
			} else if (tpl[i] == d->ids[i]) {
				same++;
			}
		}
		if (best < 0 || same > best_same || (same == best_same && wild > best_wild)) {
			best = id;
			best_same = same;
			best_wild = wild;
		}
	}
	if (best < 0 || force || ntok == 0)
		return best;
	return (double)best_same / (double)ntok >= d->cfg.sim_th ? best : -1;
}

/* Adds a template with interned tokens ids[0..ntok) and stores its id. */
static int cluster_new(struct ll_drain *d, const uint32_t *ids, size_t ntok, uint64_t lines, long *id)
{
	if (grow((void **)&d->pool, &d->cappool, d->npool + ntok, sizeof *d->pool) ||
	    grow((void **)&d->cl, &d->capcl, d->ncl + 1, sizeof *d->cl))
		return LL_ENOMEM;
	uint32_t leaf = leaf_make(d, ids, ntok);
	if (!leaf)
		return LL_ENOMEM;
	struct node *nd = &d->nodes[leaf];
	if (grow((void **)&nd->leaf, &nd->capleaf, nd->nleaf + 1, sizeof *nd->leaf))
		return LL_ENOMEM;
	if (ntok)
		memcpy(d->pool + d->npool, ids, ntok * sizeof *ids);
	d->cl[d->ncl] = (struct cluster){.off = d->npool, .ntok = (uint32_t)ntok, .lines = lines};
	d->npool += ntok;
	nd->leaf[nd->nleaf++] = (uint32_t)d->ncl;
	*id = (long)d->ncl++;
	return LL_OK;
}

int ll_drain_add(struct ll_drain *d, const char *line, size_t len, long *template_id)
{
	long id = -1;
	if (template_id)
		*template_id = -1;
	size_t ntok = prepare(d, line, len);
	uint32_t leaf = leaf_find(d, ntok);
	if (leaf)
		id = leaf_best(d, leaf, ntok, 0);
	if (id < 0 && d->ncl < d->cfg.max_templates) {
		for (size_t i = 0; i < ntok; i++) {
			if (d->ids[i] != TOK_NONE)
				continue;
			const struct span *sp = &d->spans[i];
			d->ids[i] = tok_intern(d, d->mbuf + sp->off, sp->len, sp->hash, sp->digit);
			if (d->ids[i] == TOK_NONE)
				return LL_ENOMEM;
		}
		int rc = cluster_new(d, d->ids, ntok, 1, &id);
		if (rc == LL_OK && template_id)
			*template_id = id;
		return rc;
	}
	/* at the template cap a line joins its nearest template, if any */
	if (id < 0 && (!leaf || (id = leaf_best(d, leaf, ntok, 1)) < 0))
		return LL_EDATA;
	struct cluster *c = &d->cl[id];
	uint32_t *tpl = d->pool + c->off;
	for (size_t i = 0; i < ntok; i++)
		if (tpl[i] != d->ids[i])
			tpl[i] = TOK_WILD;
	c->lines++;
	if (template_id)
		*template_id = id;
	return LL_OK;
}

int ll_drain_match(struct ll_drain *d, const char *line, size_t len, long *template_id)
{
	size_t ntok = prepare(d, line, len);
	uint32_t leaf = leaf_find(d, ntok);
	long id = leaf ? leaf_best(d, leaf, ntok, 0) : -1;
	if (template_id)
		*template_id = id;
	return LL_OK;
}

size_t ll_drain_count(const struct ll_drain *d)
{
	return d->ncl;
}

uint64_t ll_drain_template_lines(const struct ll_drain *d, long id)
{
	return id >= 0 && (size_t)id < d->ncl ? d->cl[id].lines : 0;
}

size_t ll_drain_template_ntokens(const struct ll_drain *d, long id)
{
	return id >= 0 && (size_t)id < d->ncl ? d->cl[id].ntok : 0;
}

size_t ll_drain_template_text(const struct ll_drain *d, long id, char *buf, size_t size)
{
	size_t need = 0;
	if (size > 0)
		buf[0] = '\0';
	if (id < 0 || (size_t)id >= d->ncl)
		return 0;
	const struct cluster *c = &d->cl[id];
	for (uint32_t i = 0; i < c->ntok; i++) {
		const struct tokinfo *t = &d->toks[d->pool[c->off + i]];
		if (i > 0) {
			if (need + 1 < size)
				buf[need] = ' ';
			need++;
		}
		if (need < size) {
			size_t room = size - 1 - need;
			size_t k = t->len < room ? t->len : room;
			memcpy(buf + need, d->chars + t->off, k);
		}
		need += t->len;
	}
	if (size > 0)
		buf[need < size ? need : size - 1] = '\0';
	return need;
}

const struct ll_drain_config *ll_drain_config(const struct ll_drain *d)
{
	return &d->cfg;
}

/* ---- life cycle ---- */

void ll_drain_config_default(struct ll_drain_config *c)
{
	*c = (struct ll_drain_config){
		.depth = 4,
		.sim_th = 0.5,
		.max_children = 100,
		.masks = LL_MASK_DEFAULT,
		.delims = NULL,
		.max_tokens = 512,
		.max_line_bytes = 65536,
		.max_templates = 1000000,
	};
}

/* Empties the tree, the templates and the token table; keeps capacity. */
static void clear(struct ll_drain *d)
{
	for (size_t i = 0; i < d->nnodes; i++)
		free(d->nodes[i].leaf);
	d->nodes[0] = (struct node){0};
	d->nnodes = 1;
	memset(d->edges, 0, (d->edgemask + 1) * sizeof *d->edges);
	d->nedges = 0;
	memset(d->roots, 0, ((size_t)d->cfg.max_tokens + 1) * sizeof *d->roots);
	d->ncl = 0;
	d->npool = 0;
	memset(d->tokslot, 0, (d->tokmask + 1) * sizeof *d->tokslot);
	d->ntoks = 0;
	d->nchars = 0;
	/* cannot fail: the tables already have room for one token */
	tok_intern(d, LL_MASK_WILDCARD, 3, hash_bytes(LL_MASK_WILDCARD, 3), 0);
}

void ll_drain_reset(struct ll_drain *d)
{
	if (d)
		clear(d);
}

void ll_drain_free(struct ll_drain *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nnodes; i++)
		free(d->nodes[i].leaf);
	free(d->nodes);
	free(d->edges);
	free(d->roots);
	free(d->delims);
	free(d->chars);
	free(d->toks);
	free(d->tokslot);
	free(d->cl);
	free(d->pool);
	free(d->mbuf);
	free(d->spans);
	free(d->ids);
	free(d);
}

int ll_drain_new(const struct ll_drain_config *c, struct ll_drain **out, struct ll_err *err)
{
	*out = NULL;
	if (!c)
		return ll_err_set(err, LL_EUSAGE, "drain: no configuration");
	if (c->depth < 3 || c->depth > 32)
		return ll_err_set(err, LL_EUSAGE, "drain: depth %d out of range 3..32", c->depth);
	if (!(c->sim_th >= 0.0 && c->sim_th <= 1.0))
		return ll_err_set(err, LL_EUSAGE, "drain: similarity threshold %g out of range 0..1", c->sim_th);
	if (c->max_children < 2)
		return ll_err_set(err, LL_EUSAGE, "drain: max_children %d is below 2", c->max_children);
	if (c->max_tokens < 1 || c->max_tokens > 65536)
		return ll_err_set(err, LL_EUSAGE, "drain: max_tokens %d out of range 1..65536", c->max_tokens);
	if (c->max_line_bytes < 16 || c->max_line_bytes > ((size_t)64 << 20))
		return ll_err_set(err, LL_EUSAGE, "drain: max_line_bytes %zu out of range 16..64 MiB",
				  c->max_line_bytes);
	if (c->max_templates < 1 || c->max_templates > UINT32_MAX - 1)
		return ll_err_set(err, LL_EUSAGE, "drain: max_templates %zu out of range", c->max_templates);
	if (c->masks & ~LL_MASK_ALL)
		return ll_err_set(err, LL_EUSAGE, "drain: unknown mask bits 0x%x", c->masks & ~LL_MASK_ALL);

	struct ll_drain *d = calloc(1, sizeof *d);
	if (!d)
		return ll_err_set(err, LL_ENOMEM, "drain: out of memory");
	d->cfg = *c;
	d->delims = strdup(c->delims ? c->delims : "");
	d->cfg.delims = d->delims;
	for (const char *p = " \t\r\n\v\f"; *p; p++)
		d->is_delim[(unsigned char)*p] = 1;
	if (d->delims)
		for (const char *p = d->delims; *p; p++)
			d->is_delim[(unsigned char)*p] = 1;
	/* masking may turn "1 2" into "<*> <*>": room for growth up to 2x */
	d->mcap = 2 * c->max_line_bytes;
	d->mbuf = malloc(d->mcap);
	d->spans = malloc((size_t)c->max_tokens * sizeof *d->spans);
	d->ids = malloc((size_t)c->max_tokens * sizeof *d->ids);
	d->roots = calloc((size_t)c->max_tokens + 1, sizeof *d->roots);
	d->tokmask = 63;
	d->tokslot = calloc(d->tokmask + 1, sizeof *d->tokslot);
	d->edgemask = 63;
	d->edges = calloc(d->edgemask + 1, sizeof *d->edges);
	d->nnodes = 1;
	int rc = grow((void **)&d->nodes, &d->capnodes, 64, sizeof *d->nodes);
	if (rc == LL_OK)
		rc = grow((void **)&d->toks, &d->captoks, 64, sizeof *d->toks);
	if (rc == LL_OK)
		rc = grow((void **)&d->chars, &d->capchars, 1024, 1);
	if (rc == LL_OK)
		d->nodes[0] = (struct node){0};
	else
		d->nnodes = 0;
	if (rc != LL_OK || !d->delims || !d->mbuf || !d->spans || !d->ids || !d->roots || !d->tokslot ||
	    !d->edges) {
		d->nnodes = 0;
		ll_drain_free(d);
		return ll_err_set(err, LL_ENOMEM, "drain: out of memory");
	}
	clear(d);
	*out = d;
	return LL_OK;
}

/* ---- save and load ---- */

int ll_drain_save(const struct ll_drain *d, FILE *f, const char *name, struct ll_err *err)
{
	errno = 0;
	fputs(SAVE_MAGIC "\n", f);
	for (size_t k = 0; k < d->ncl; k++) {
		const struct cluster *c = &d->cl[k];
		fprintf(f, "%zu\t%llu\t", k, (unsigned long long)c->lines);
		for (uint32_t i = 0; i < c->ntok; i++) {
			const struct tokinfo *t = &d->toks[d->pool[c->off + i]];
			if (i > 0)
				putc(' ', f);
			fwrite(d->chars + t->off, 1, t->len, f);
		}
		putc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f))
		return ll_err_errno(err, LL_EIO, errno ? errno : EIO, "%s: cannot write templates", name);
	return LL_OK;
}

/* Reads a decimal number ending at a tab; advances *p past the tab. */
static int read_field(char **p, unsigned long long *v)
{
	char *s = *p;
	unsigned long long x = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (ULLONG_MAX - 9) / 10)
			return -1;
		x = x * 10 + (unsigned)(*s - '0');
	}
	if (*s != '\t')
		return -1;
	*p = s + 1;
	*v = x;
	return 0;
}

static int load_line(struct ll_drain *d, char *s, const char *name, size_t lineno, struct ll_err *err)
{
	unsigned long long id, lines;
	if (read_field(&s, &id) || read_field(&s, &lines))
		return ll_err_set(err, LL_EDATA, "%s:%zu: expected \"id<TAB>lines<TAB>template\"", name, lineno);
	if (id != d->ncl)
		return ll_err_set(err, LL_EDATA, "%s:%zu: template id %llu out of sequence (expected %zu)", name,
				  lineno, id, d->ncl);
	if (d->ncl >= d->cfg.max_templates)
		return ll_err_set(err, LL_EDATA, "%s:%zu: more than %zu templates", name, lineno,
				  d->cfg.max_templates);
	size_t ntok = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		char *a = s;
		uint8_t digit = 0;
		while (*s && *s != ' ') {
			digit |= *s >= '0' && *s <= '9';
			s++;
		}
		if (ntok >= (size_t)d->cfg.max_tokens)
			return ll_err_set(err, LL_EDATA, "%s:%zu: template has more than %d tokens", name, lineno,
					  d->cfg.max_tokens);
		uint32_t len = (uint32_t)(s - a);
		uint32_t t = tok_intern(d, a, len, hash_bytes(a, len), digit);
		if (t == TOK_NONE)
			return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", name, lineno);
		d->ids[ntok++] = t;
	}
	long got;
	if (cluster_new(d, d->ids, ntok, lines, &got) != LL_OK)
		return ll_err_set(err, LL_ENOMEM, "%s:%zu: out of memory", name, lineno);
	return LL_OK;
}

int ll_drain_load(struct ll_drain *d, FILE *f, const char *name, struct ll_err *err)
{
	if (d->ncl)
		return ll_err_set(err, LL_EUSAGE, "%s: the miner already has %zu templates", name, d->ncl);
	size_t cap = d->mcap + 64;
	char *buf = malloc(cap);
	if (!buf)
		return ll_err_set(err, LL_ENOMEM, "%s: out of memory", name);
	int rc = LL_OK;
	size_t lineno = 0;
	errno = 0;
	for (;;) {
		/* getc rather than fgets so that a NUL byte or an overlong line is
		 * reported as what it is; template files are small */
		size_t n = 0;
		int ch, nul = 0, any = 0;
		while ((ch = getc(f)) != EOF && ch != '\n') {
			any = 1;
			if (ch == '\0')
				nul = 1;
			if (n + 1 < cap)
				buf[n] = (char)ch;
			n++;
		}
		if (ch == EOF && !any)
			break;
		lineno++;
		if (n + 1 >= cap) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: line longer than %zu bytes", name, lineno, cap - 2);
			break;
		}
		if (nul) {
			rc = ll_err_set(err, LL_EDATA, "%s:%zu: NUL byte in template", name, lineno);
			break;
		}
		buf[n] = '\0';
		if (n > 0 && buf[n - 1] == '\r')
			buf[--n] = '\0';
		if (lineno == 1) {
			if (strcmp(buf, SAVE_MAGIC) != 0) {
				rc = ll_err_set(err, LL_EDATA, "%s:1: not a template file (expected \"%s\")", name,
						SAVE_MAGIC);
				break;
			}
			continue;
		}
		if ((rc = load_line(d, buf, name, lineno, err)) != LL_OK)
			break;
		if (ch == EOF)
			break;
	}
	if (rc == LL_OK && ferror(f))
		rc = ll_err_errno(err, LL_EIO, errno ? errno : EIO, "%s: cannot read templates", name);
	if (rc == LL_OK && lineno == 0)
		rc = ll_err_set(err, LL_EDATA, "%s: empty file, not a template file", name);
	free(buf);
	if (rc != LL_OK)
		clear(d);
	return rc;
}
