/*
 * ll_model_io.h - the container of model files and training checkpoints.
 *
 * A file is a header, named typed sections and a checksum. All integers
 * are little-endian; floats are IEEE-754 binary32/binary64 stored in
 * little-endian byte order.
 *
 *   offset  size  field
 *   0       8     magic "LLMODEL\n"
 *   8       4     u32 format version (LL_MIO_VERSION, currently 1)
 *   12      4     u32 kind length K (1..64), then K bytes: "mlp", "lstm",
 *                 "kmeans", "checkpoint"
 *   ..      4     u32 fingerprint length F (0..65536), then F bytes: the
 *                 feature recipe's fingerprint, as given by the caller
 *   ..      4     u32 number of sections S (<= 4096)
 *   then S times:
 *           4     u32 name length N (1..64), N bytes of name
 *           4     u32 type: 1 = i64, 2 = f32, 3 = f64, 4 = raw bytes
 *           8     u64 element count C, then C * size(type) bytes
 *   end     8     u64 FNV-1a 64 hash of every byte before it
 *
 * Each model documents its own sections beside its save function. Files
 * are written to "path.tmp", fsync'ed and renamed over path, so a crash
 * leaves the old file or the new one, never half of one.
 */
#ifndef LL_MODEL_IO_H
#define LL_MODEL_IO_H

#include <stddef.h>
#include <stdint.h>

#include "ll_err.h"

#define LL_MIO_VERSION 1

enum ll_mio_type { LL_MIO_I64 = 1, LL_MIO_F32 = 2, LL_MIO_F64 = 3, LL_MIO_BYTES = 4 };

struct ll_mio;

/* An empty container for writing. kind and fingerprint are copied;
 * fingerprint may be NULL (stored as ""). */
int ll_mio_new(const char *kind, const char *fingerprint, struct ll_mio **out, struct ll_err *err);
void ll_mio_free(struct ll_mio *m);
/* Appends a section; data (count elements of type) is copied. */
int ll_mio_put(struct ll_mio *m, const char *name, enum ll_mio_type type, const void *data, size_t count,
	       struct ll_err *err);
/* Writes atomically (see above). */
int ll_mio_write(const struct ll_mio *m, const char *path, struct ll_err *err);

/* Reads and verifies a file: magic, version, structure, checksum, then
 * that its kind is `kind` and, when fingerprint is non-NULL, that its
 * fingerprint equals it (LL_EDATA with both values named otherwise). */
int ll_mio_read(const char *path, const char *kind, const char *fingerprint, struct ll_mio **out,
		struct ll_err *err);
const char *ll_mio_kind(const struct ll_mio *m);
/* A file read: the checksum stored at its end (the FNV-1a 64 of all its
 * other bytes), which names its contents: two reads of one file that
 * give other checksums read other bytes. */
uint64_t ll_mio_checksum(const struct ll_mio *m);
const char *ll_mio_fingerprint(const struct ll_mio *m);
/* Element count of a section, or -1 when absent or of another type. */
long long ll_mio_count(const struct ll_mio *m, const char *name, enum ll_mio_type type);
/* Copies section `name` into dst, which holds exactly `count` elements;
 * LL_EDATA naming the file and section when absent or of another size,
 * or when a float32 section holds a NaN or an infinity (naming the
 * element). */
int ll_mio_get(const struct ll_mio *m, const char *name, enum ll_mio_type type, void *dst, size_t count,
	       struct ll_err *err);

#endif
