/*
 * ll_featmat.c - allocation and small queries of feature matrices.
 */
#include "ll_featmat.h"
#include "ll_limits.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

void ll_csr_free(struct ll_csr *c)
{
	if (!c)
		return;
	free(c->indptr);
	free(c->indices);
	free(c->values);
	free(c);
}

void ll_featmat_free(struct ll_featmat *m)
{
	if (!m)
		return;
	free(m->X);
	ll_csr_free(m->sparse);
	free(m->y);
	free(m->w);
	free(m->split);
	free(m->origin);
	if (m->names)
		for (size_t j = 0; j < m->d; j++)
			free(m->names[j]);
	free(m->names);
	for (size_t k = 0; k < m->nclasses; k++)
		free(m->classes[k]);
	free(m->classes);
	free(m->class_weight);
	memset(m, 0, sizeof *m);
}

int ll_featmat_alloc(struct ll_featmat *m, size_t n, size_t steps, size_t d, int dense, struct ll_err *err)
{
	memset(m, 0, sizeof *m);
	if (steps == 0 || (d && n > SIZE_MAX / d / steps / sizeof(float)))
		return ll_err_set(err, LL_EUSAGE, "feature matrix of %zu x %zu x %zu is too large", n, steps, d);
	/* the whole matrix is one structure built from input: checked against
	 * LOGLAB_MEMORY_MAX before it is asked for (labels, origins, parts and
	 * names come on top of the values) */
	char what[128];
	snprintf(what, sizeof what, "columns: a feature matrix of %zu samples x %zu features", n, steps * d);
	double bytes = (double)n * (dense ? (double)steps * (double)d * sizeof(float) : 0) + (double)n * 13 +
		       (double)d * 40;
	int rc = ll_mem_check(bytes, what, err);
	if (rc != LL_OK)
		return rc;
	m->n = n;
	m->d = d;
	m->steps = steps;
	size_t nn = n ? n : 1;
	if (dense)
		m->X = calloc(nn * steps * (d ? d : 1), sizeof *m->X);
	m->y = malloc(nn * sizeof *m->y);
	m->origin = calloc(nn, sizeof *m->origin);
	m->split = calloc(nn, 1);
	m->names = calloc(d ? d : 1, sizeof *m->names);
	if ((dense && !m->X) || !m->y || !m->origin || !m->split || !m->names) {
		ll_featmat_free(m);
		return ll_err_set(err, LL_ENOMEM, "out of memory for a %zu x %zu feature matrix", n, steps * d);
	}
	for (size_t i = 0; i < n; i++)
		m->y[i] = -1;
	return LL_OK;
}

int ll_featmat_set_name(struct ll_featmat *m, size_t j, const char *name)
{
	if (j >= m->d)
		return LL_EUSAGE;
	char *c = strdup(name);
	if (!c)
		return LL_ENOMEM;
	free(m->names[j]);
	m->names[j] = c;
	return LL_OK;
}

int ll_featmat_set_classes(struct ll_featmat *m, const char *const *names, size_t n)
{
	char **c = calloc(n ? n : 1, sizeof *c);
	if (!c)
		return LL_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		if (!(c[k] = strdup(names[k]))) {
			while (k--)
				free(c[k]);
			free(c);
			return LL_ENOMEM;
		}
	}
	for (size_t k = 0; k < m->nclasses; k++)
		free(m->classes[k]);
	free(m->classes);
	m->classes = c;
	m->nclasses = n;
	return LL_OK;
}

size_t ll_featmat_count(const struct ll_featmat *m, enum ll_split_part part)
{
	if (!m->split)
		return part == LL_SPLIT_TRAIN ? m->n : 0;
	size_t c = 0;
	for (size_t i = 0; i < m->n; i++)
		c += m->split[i] == part;
	return c;
}
