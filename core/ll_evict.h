/*
 * ll_evict.h - giving cache lines back before another core writes them.
 *
 * A core that rewrites lines another core has just read waits for each
 * line's copy there to be invalidated. On the 2-core VM this project is
 * measured on, rewriting 171 KB that the other core had read took 25 us
 * against 6 us for lines no other core held; when the reader evicted the
 * lines after its last read (about 4.5 us more for it), the writer's pass
 * took 7 us. Training's threads read each other's shares of the
 * parameters in their slices and then each steps its own share: each
 * evicting the others' shares before the step makes the steps' writes
 * private (bench_models' DNN at 2 threads: 768k -> 800-810k samples/s).
 *
 * A hint only: the memory's contents never change. CLFLUSHOPT where the
 * CPU has it, nothing elsewhere (or where only the serialising CLFLUSH
 * exists, which would cost more than it saves).
 */
#ifndef LL_EVICT_H
#define LL_EVICT_H

#include <stddef.h>

/* 1 when ll_evict does anything on this CPU. */
int ll_evict_supported(void);
/* Evicts the cache lines holding bytes [p, p + bytes) from every core's
 * caches (written back first where modified). NULL or 0 bytes: nothing. */
void ll_evict(const void *p, size_t bytes);

#endif
