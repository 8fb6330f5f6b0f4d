/*
 * ds_sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), small and
 * self-contained, for the S3 request signer and for checking downloads.
 *
 * The project links no crypto library; these are the only two primitives
 * that SigV4 and the cache's checksums need. Not constant-time: they hash
 * public data and sign with a caller's own key on the caller's own machine.
 */
#ifndef DS_SHA256_H
#define DS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define DS_SHA256_LEN 32

struct ds_sha256 {
	uint32_t h[8];
	uint64_t nbytes;       /* total bytes hashed so far */
	unsigned char buf[64]; /* pending partial block */
	size_t nbuf;
};

void ds_sha256_init(struct ds_sha256 *s);
void ds_sha256_update(struct ds_sha256 *s, const void *data, size_t n);
void ds_sha256_final(struct ds_sha256 *s, unsigned char out[DS_SHA256_LEN]);

/* One-shot digest of n bytes. */
void ds_sha256(const void *data, size_t n, unsigned char out[DS_SHA256_LEN]);

/* HMAC-SHA256 of msg under key (any key length). */
void ds_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t msglen,
		    unsigned char out[DS_SHA256_LEN]);

/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void ds_hex(const unsigned char *in, size_t n, char *out);

/* Standard base64 (with padding) of n bytes into out (4*ceil(n/3)+1 bytes). */
void ds_base64(const unsigned char *in, size_t n, char *out);

#endif
