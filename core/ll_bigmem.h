/*
 * ll_bigmem.h - allocation of large working arrays on huge pages.
 *
 * A first touch of a 4 KiB page costs a fault; on some virtual machines
 * (shadow or PVM page tables) that fault costs 7-15 us, so touching a
 * 152 MB matrix once took 0.2-0.3 s there, longer than a k-means
 * iteration's arithmetic over it. Arrays of LL_BIGMEM_MIN bytes or more
 * are therefore aligned to 2 MiB and advised MADV_HUGEPAGE, so that the
 * kernel backs them with transparent huge pages when it allows them (the
 * "madvise" setting most distributions ship): one fault per 2 MiB. numpy
 * does the same for its arrays, so the Python peers of the benchmarks
 * already have it. Smaller arrays, and systems without the advice, get
 * plain malloc. Free with free().
 */
#ifndef LL_BIGMEM_H
#define LL_BIGMEM_H

#include <stddef.h>

/* Below this, plain malloc (numpy's threshold too). */
#define LL_BIGMEM_MIN ((size_t)4 << 20)

/* Uninitialised memory of `bytes` bytes (NULL when out of memory or when
 * bytes is 0); release with free(). */
void *ll_big_alloc(size_t bytes);

/* Grows (or shrinks) p, which holds `old_bytes` bytes from ll_big_alloc,
 * malloc or this function (NULL with 0), to `bytes` bytes, keeping the first
 * min(old_bytes, bytes); arrays that reach LL_BIGMEM_MIN move onto huge pages
 * (a copy, where realloc would have remapped 4 KiB pages that each fault
 * when first touched). NULL when out of memory, p then untouched; bytes 0
 * frees p and gives NULL. */
void *ll_big_realloc(void *p, size_t old_bytes, size_t bytes);

#endif
