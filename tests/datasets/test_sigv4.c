/*
 * test_sigv4.c - SHA-256, HMAC-SHA256 and the SigV4 signer against
 * published known answers.
 *
 * SHA-256: FIPS 180-2 appendix B ("abc", the 448-bit message, one million
 * 'a'), and the plain code against the SHA extensions. HMAC: RFC 4231 test cases 1, 2 and 6. SigV4: the AWS test suite's
 * get-vanilla and get-vanilla-query-order-key-case (AKIDEXAMPLE, region
 * us-east-1, service "service", 20150830T123600Z), and the S3 developer
 * guide's "GET Object" example (examplebucket/test.txt with Range
 * bytes=0-9, 20130524T000000Z). Signatures are AWS's published values.
 */
#include "harness.h"
#include "ds_sha256.h"
#include "ds_sigv4.h"
#include "ll_isa.h"

#include <stdlib.h>

static const char *hex_of(const unsigned char d[32])
{
	static char buf[65];
	ds_hex(d, 32, buf);
	return buf;
}

static void test_sha256(void)
{
	unsigned char d[32];
	ds_sha256("abc", 3, d);
	CHECK_STR(hex_of(d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ds_sha256("", 0, d);
	CHECK_STR(hex_of(d), DS_SIGV4_EMPTY_HASH);
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ds_sha256(m448, strlen(m448), d);
	CHECK_STR(hex_of(d), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* One million 'a', fed in uneven pieces to exercise the partial-block path. */
	struct ds_sha256 s;
	char chunk[997];
	memset(chunk, 'a', sizeof chunk);
	ds_sha256_init(&s);
	size_t left = 1000000;
	for (size_t piece = 1; left; piece = piece % 990 + 7) {
		size_t n = piece < left ? piece : left;
		ds_sha256_update(&s, chunk, n);
		left -= n;
	}
	ds_sha256_final(&s, d);
	CHECK_STR(hex_of(d), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	char b64[45];
	ds_sha256("abc", 3, d);
	ds_base64(d, 32, b64);
	CHECK_STR(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	ds_base64((const unsigned char *)"ab", 2, b64);
	CHECK_STR(b64, "YWI=");
}

/* The plain code (LOGLAB_ISA=base level) and the SHA extensions (from
 * AVX2 on CPUs with SHA-NI) agree on every length around the block and
 * padding boundaries, one-shot and in pieces, and on a large buffer. */
static void test_sha256_paths(void)
{
	size_t big = (1 << 20) + 77;
	unsigned char *msg = malloc(big), d1[32], d2[32];
	uint64_t x = 88172645463325252ULL;
	for (size_t i = 0; i < big; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		msg[i] = (unsigned char)x;
	}
	int differ = 0;
	for (size_t n = 0; n <= 300; n++) {
		int was = ll_isa_limit(LL_ISA_BASE);
		ds_sha256(msg, n, d1);
		ll_isa_limit(was);
		ds_sha256(msg, n, d2);
		differ += memcmp(d1, d2, 32) != 0;
		/* in two pieces split at n / 3 */
		struct ds_sha256 s;
		ds_sha256_init(&s);
		ds_sha256_update(&s, msg, n / 3);
		ds_sha256_update(&s, msg + n / 3, n - n / 3);
		ds_sha256_final(&s, d2);
		differ += memcmp(d1, d2, 32) != 0;
	}
	CHECK_INT(differ, 0);
	int was = ll_isa_limit(LL_ISA_BASE);
	ds_sha256(msg, big, d1);
	ll_isa_limit(was);
	ds_sha256(msg, big, d2);
	CHECK(memcmp(d1, d2, 32) == 0);
	/* the known answers hold on the plain path too */
	was = ll_isa_limit(LL_ISA_BASE);
	ds_sha256("abc", 3, d1);
	ll_isa_limit(was);
	CHECK_STR(hex_of(d1), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(msg);
}

static void test_hmac(void)
{
	unsigned char d[32], key[131];
	memset(key, 0x0b, 20);
	ds_hmac_sha256(key, 20, "Hi There", 8, d);
	CHECK_STR(hex_of(d), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	const char *msg2 = "what do ya want for nothing?";
	ds_hmac_sha256("Jefe", 4, msg2, strlen(msg2), d);
	CHECK_STR(hex_of(d), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof key);
	const char *msg6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	ds_hmac_sha256(key, sizeof key, msg6, strlen(msg6), d);
	CHECK_STR(hex_of(d), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_vanilla(void)
{
	struct ll_err err;
	ll_err_clear(&err);
	/* Header names in mixed case and out of order: the signer sorts and lower-cases. */
	struct ds_sigv4_header h[] = {{"X-Amz-Date", "20150830T123600Z"}, {"Host", " example.amazonaws.com "}};
	struct ds_sigv4_request rq = {.method = "GET",
				      .path = "/",
				      .query = "",
				      .headers = h,
				      .nheaders = 2,
				      .payload_hash = DS_SIGV4_EMPTY_HASH,
				      .region = "us-east-1",
				      .service = "service",
				      .amz_date = "20150830T123600Z",
				      .access_key = "AKIDEXAMPLE",
				      .secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
	char *auth = NULL, *canon = NULL, sig[65];
	CHECK_INT(ds_sigv4_sign(&rq, &auth, sig, &canon, &err), LL_OK);
	CHECK_STR(canon, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
			 DS_SIGV4_EMPTY_HASH);
	CHECK_STR(sig, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	CHECK_STR(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
			"SignedHeaders=host;x-amz-date, "
			"Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	free(auth);
	free(canon);

	/* get-vanilla-query-order-key-case: the canonical (sorted) query is signed. */
	rq.query = "Param1=value1&Param2=value2";
	CHECK_INT(ds_sigv4_sign(&rq, &auth, sig, NULL, &err), LL_OK);
	CHECK_STR(sig, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
	free(auth);

	/* A malformed date is refused, not signed. */
	rq.amz_date = "2015-08-30";
	CHECK_INT(ds_sigv4_sign(&rq, &auth, sig, NULL, &err), LL_EUSAGE);
	CHECK(auth == NULL);
	CHECK(strstr(err.msg, "2015-08-30") != NULL);
}

static void test_s3_get_object(void)
{
	struct ll_err err;
	ll_err_clear(&err);
	struct ds_sigv4_header h[] = {{"Host", "examplebucket.s3.amazonaws.com"},
				      {"Range", "bytes=0-9"},
				      {"x-amz-content-sha256", DS_SIGV4_EMPTY_HASH},
				      {"x-amz-date", "20130524T000000Z"}};
	struct ds_sigv4_request rq = {.method = "GET",
				      .path = "/test.txt",
				      .headers = h,
				      .nheaders = 4,
				      .payload_hash = DS_SIGV4_EMPTY_HASH,
				      .region = "us-east-1",
				      .service = "s3",
				      .amz_date = "20130524T000000Z",
				      .access_key = "AKIAIOSFODNN7EXAMPLE",
				      .secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
	char *auth = NULL, sig[65];
	CHECK_INT(ds_sigv4_sign(&rq, &auth, sig, NULL, &err), LL_OK);
	CHECK_STR(sig, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
	CHECK_STR(auth, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
			"SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
			"Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
	free(auth);
}

static void test_uri_encode(void)
{
	char *e = ds_sigv4_uri_encode("logs/2024 01/a+b~c_d.e-f\xe1\x88\xb4", 1);
	CHECK_STR(e, "logs/2024%2001/a%2Bb~c_d.e-f%E1%88%B4");
	free(e);
	e = ds_sigv4_uri_encode("a/b", 0);
	CHECK_STR(e, "a%2Fb");
	free(e);
}

int main(void)
{
	test_sha256();
	test_sha256_paths();
	test_hmac();
	test_vanilla();
	test_s3_get_object();
	test_uri_encode();
	TEST_MAIN_END();
}
