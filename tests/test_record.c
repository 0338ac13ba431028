/*
 * test_record.c: the report crypto of crypto.h: padded records, subkeys,
 * access codes and what is derived from them, signed receipts, and the
 * chunked streams that encrypt files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "crypto.h"

#define AD	"report:42"

static void
fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

static int
all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static int
init(void **state)
{
	(void)state;
	return crypto_init();
}

/* --- records ------------------------------------------------------------ */

static void
test_record_len(void **state)
{
	(void)state;
	assert_int_equal(crypto_record_len(0), 256 + 40);
	assert_int_equal(crypto_record_len(1), 256 + 40);
	assert_int_equal(crypto_record_len(255), 256 + 40);
	/* sodium_pad always adds a marker byte. */
	assert_int_equal(crypto_record_len(256), 512 + 40);
	assert_int_equal(crypto_record_len(257), 512 + 40);
	assert_int_equal(crypto_record_len(5000), 5120 + 40);
}

static void
test_record_round_trip(void **state)
{
	static const size_t lens[] = { 0, 1, 255, 256, 257, 5000 };
	unsigned char key[CRYPTO_KEY_BYTES], *msg, *ct, *out;
	size_t i, len, clen, outlen;

	(void)state;
	crypto_random(key, sizeof(key));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		len = lens[i];
		clen = crypto_record_len(len);
		assert_int_equal((clen - CRYPTO_RECORD_OVERHEAD) %
		    CRYPTO_RECORD_BLOCK, 0);
		assert_true(clen - CRYPTO_RECORD_OVERHEAD > len);
		msg = malloc(len + 1);
		ct = malloc(clen);
		out = malloc(clen);
		assert_non_null(msg);
		assert_non_null(ct);
		assert_non_null(out);
		fill(msg, len, (unsigned int)i);
		crypto_record_seal(ct, msg, len, AD, strlen(AD), key);
		/* The plaintext does not show through. */
		if (len >= 16)
			assert_null(memmem(ct, clen, msg, 16));
		assert_int_equal(crypto_record_open(out, clen, &outlen, ct,
		    clen, AD, strlen(AD), key), 0);
		assert_int_equal(outlen, len);
		assert_memory_equal(out, msg, len);
		free(msg);
		free(ct);
		free(out);
	}
}

static void
test_record_no_ad(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], ct[296], out[256];
	size_t outlen;

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_record_seal(ct, "hello", 5, NULL, 0, key);
	assert_int_equal(crypto_record_open(out, sizeof(out), &outlen, ct,
	    sizeof(ct), NULL, 0, key), 0);
	assert_int_equal(outlen, 5);
	assert_memory_equal(out, "hello", 5);
	/* Sealed without ad, opened with one: refused. */
	assert_int_equal(crypto_record_open(out, sizeof(out), &outlen, ct,
	    sizeof(ct), AD, strlen(AD), key), -1);
}

static void
test_record_bucket(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], a[300], b[300], *ct1, *ct2;

	(void)state;
	crypto_random(key, sizeof(key));
	fill(a, sizeof(a), 1);
	fill(b, sizeof(b), 2);
	assert_int_equal(crypto_record_len(3), crypto_record_len(200));
	assert_int_equal(crypto_record_len(260), crypto_record_len(300));
	ct1 = malloc(crypto_record_len(3));
	ct2 = malloc(crypto_record_len(200));
	assert_non_null(ct1);
	assert_non_null(ct2);
	crypto_record_seal(ct1, a, 3, NULL, 0, key);
	crypto_record_seal(ct2, b, 200, NULL, 0, key);
	/* Same size, different bytes (also a fresh nonce each time). */
	assert_memory_not_equal(ct1, ct2, crypto_record_len(3));
	crypto_record_seal(ct2, a, 3, NULL, 0, key);
	assert_memory_not_equal(ct1, ct2, 24);
	free(ct1);
	free(ct2);
}

/* Opening must fail and leave out all zero. */
static void
open_fails(const unsigned char *ct, size_t clen, const char *ad,
    const unsigned char key[CRYPTO_KEY_BYTES])
{
	unsigned char out[1024];
	size_t outlen = 99;

	memset(out, 0xAA, sizeof(out));
	assert_int_equal(crypto_record_open(out, sizeof(out), &outlen, ct,
	    clen, ad, ad == NULL ? 0 : strlen(ad), key), -1);
	assert_int_equal(outlen, 0);
	assert_true(all_zero(out, sizeof(out)));
}

static void
test_record_tamper(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], key2[CRYPTO_KEY_BYTES];
	unsigned char msg[300], ct[552], bad[552];
	size_t clen = crypto_record_len(sizeof(msg));
	static const size_t at[] = {
		0, 23,			/* nonce */
		24, 200, 24 + 511,	/* body */
		24 + 512, 551		/* tag */
	};
	size_t i;

	(void)state;
	assert_int_equal(clen, sizeof(ct));
	crypto_random(key, sizeof(key));
	crypto_random(key2, sizeof(key2));
	fill(msg, sizeof(msg), 3);
	crypto_record_seal(ct, msg, sizeof(msg), AD, strlen(AD), key);

	open_fails(ct, clen, AD, key2);
	open_fails(ct, clen, "report:43", key);
	open_fails(ct, clen, NULL, key);
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		memcpy(bad, ct, clen);
		bad[at[i]] ^= 0x01;
		open_fails(bad, clen, AD, key);
	}
	/* Truncated: by a byte, by a block, to the bare overhead, to less. */
	open_fails(ct, clen - 1, AD, key);
	open_fails(ct, clen - 256, AD, key);
	open_fails(ct, CRYPTO_RECORD_OVERHEAD, AD, key);
	open_fails(ct, 10, AD, key);
	/* Still fine untouched. */
	{
		unsigned char out[512];
		size_t outlen;

		assert_int_equal(crypto_record_open(out, sizeof(out), &outlen,
		    ct, clen, AD, strlen(AD), key), 0);
		assert_memory_equal(out, msg, sizeof(msg));
	}
}

static void
test_record_outcap(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], ct[296], out[256];
	size_t outlen;

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_record_seal(ct, "short", 5, NULL, 0, key);
	memset(out, 0xAA, sizeof(out));
	/* The padded plaintext (256) must fit. */
	assert_int_equal(crypto_record_open(out, 255, &outlen, ct, sizeof(ct),
	    NULL, 0, key), -1);
	assert_true(all_zero(out, 255));
	assert_int_equal(crypto_record_open(out, 4, &outlen, ct, sizeof(ct),
	    NULL, 0, key), -1);
	assert_int_equal(crypto_record_open(out, 256, &outlen, ct, sizeof(ct),
	    NULL, 0, key), 0);
	assert_int_equal(outlen, 5);
}

/* --- subkeys ------------------------------------------------------------ */

static void
test_subkey(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], a[32], b[32], c[32], d[32];
	unsigned char e[32];

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_subkey(a, key, "wbs-recd", 1);
	crypto_subkey(b, key, "wbs-recd", 1);
	crypto_subkey(c, key, "wbs-recd", 2);
	crypto_subkey(d, key, "wbs-file", 1);
	assert_memory_equal(a, b, 32);
	assert_memory_not_equal(a, c, 32);
	assert_memory_not_equal(a, d, 32);
	assert_memory_not_equal(c, d, 32);
	assert_memory_not_equal(a, key, 32);
	key[0] ^= 1;
	crypto_subkey(e, key, "wbs-recd", 1);
	assert_memory_not_equal(a, e, 32);
}

/* --- access codes ------------------------------------------------------- */

static int
cmp_code(const void *a, const void *b)
{
	return memcmp(a, b, CRYPTO_CODE_DIGITS + 1);
}

static void
test_code_new(void **state)
{
	char (*codes)[CRYPTO_CODE_DIGITS + 1];
	unsigned int counts[10] = { 0 };
	size_t i, j;

	(void)state;
	codes = calloc(1000, sizeof(*codes));
	assert_non_null(codes);
	for (i = 0; i < 1000; i++) {
		memset(codes[i], 'x', sizeof(codes[i]));
		crypto_code_new(codes[i]);
		assert_int_equal(strlen(codes[i]), CRYPTO_CODE_DIGITS);
		for (j = 0; j < CRYPTO_CODE_DIGITS; j++) {
			assert_true(codes[i][j] >= '0' && codes[i][j] <= '9');
			counts[codes[i][j] - '0']++;
		}
	}
	qsort(codes, 1000, sizeof(*codes), cmp_code);
	for (i = 1; i < 1000; i++)
		assert_memory_not_equal(codes[i - 1], codes[i],
		    CRYPTO_CODE_DIGITS);
	/* 20000 digits: every digit appears (expected 2000 each). */
	for (i = 0; i < 10; i++)
		assert_true(counts[i] > 1000);
	free(codes);
}

static void
test_code_normalise(void **state)
{
	char out[CRYPTO_CODE_DIGITS + 1];

	(void)state;
	assert_int_equal(crypto_code_normalise("1234 5678-9012.3456 7890",
	    out), 0);
	assert_string_equal(out, "12345678901234567890");
	assert_int_equal(crypto_code_normalise("12345678901234567890", out),
	    0);
	assert_string_equal(out, "12345678901234567890");
	assert_int_equal(crypto_code_normalise(" 0000\t1111--2222..3333 4444 ",
	    out), 0);
	assert_string_equal(out, "00001111222233334444");

	assert_int_equal(crypto_code_normalise("1234567890123456789", out), -1);
	assert_int_equal(crypto_code_normalise("123456789012345678901", out),
	    -1);
	assert_int_equal(crypto_code_normalise("1234 5678 9012 3456 789O",
	    out), -1);
	assert_int_equal(crypto_code_normalise("abcd efgh ijkl mnop qrst",
	    out), -1);
	assert_int_equal(crypto_code_normalise("1234_5678_9012_3456_7890",
	    out), -1);
	assert_int_equal(crypto_code_normalise("1234 5678 9012 3456 7890\n",
	    out), -1);
	assert_int_equal(crypto_code_normalise("", out), -1);
	assert_int_equal(crypto_code_normalise("   ", out), -1);
	/* Arabic-Indic digits are not digits here. */
	assert_int_equal(crypto_code_normalise(
	    "1234 5678 9012 3456 789\xd9\xa0", out), -1);
}

static void
test_code_format(void **state)
{
	char out[25], back[CRYPTO_CODE_DIGITS + 1], code[CRYPTO_CODE_DIGITS + 1];

	(void)state;
	crypto_code_format("12345678901234567890", out);
	assert_string_equal(out, "1234 5678 9012 3456 7890");
	crypto_code_new(code);
	crypto_code_format(code, out);
	assert_int_equal(strlen(out), 24);
	assert_int_equal(crypto_code_normalise(out, back), 0);
	assert_string_equal(back, code);
}

struct keys_fixture {
	char			*dir;
	struct server_keys	*k1, *k2;
};

static int
keys_setup(void **state)
{
	struct keys_fixture *f = calloc(1, sizeof(*f));
	char path[1024], err[256];

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	snprintf(path, sizeof(path), "%s/one.key", f->dir);
	assert_int_equal(crypto_keyfile_create(path, err, sizeof(err)), 0);
	assert_int_equal(crypto_keyfile_load(path, &f->k1, err, sizeof(err)),
	    0);
	snprintf(path, sizeof(path), "%s/two.key", f->dir);
	assert_int_equal(crypto_keyfile_create(path, err, sizeof(err)), 0);
	assert_int_equal(crypto_keyfile_load(path, &f->k2, err, sizeof(err)),
	    0);
	*state = f;
	return 0;
}

static int
keys_teardown(void **state)
{
	struct keys_fixture *f = *state;

	crypto_keys_free(f->k1);
	crypto_keys_free(f->k2);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void
test_code_derive(void **state)
{
	struct keys_fixture *f = *state;
	struct crypto_pwparams pp;
	unsigned char l1[32], pk1[32], sk1[32], l2[32], pk2[32], sk2[32];
	unsigned char l3[32], pk3[32], sk3[32], l4[32], pk4[32], sk4[32];
	unsigned char box[5 + CRYPTO_SEAL_OVERHEAD], back[5];
	char code[CRYPTO_CODE_DIGITS + 1], other[CRYPTO_CODE_DIGITS + 1];

	crypto_pwparams_min(&pp);
	crypto_code_new(code);
	memcpy(other, code, sizeof(code));
	other[19] = other[19] == '0' ? '1' : '0';

	/* Deterministic for one key file. */
	assert_int_equal(crypto_code_derive(f->k1, code, &pp, l1, pk1, sk1), 0);
	assert_int_equal(crypto_code_derive(f->k1, code, &pp, l2, pk2, sk2), 0);
	assert_memory_equal(l1, l2, 32);
	assert_memory_equal(pk1, pk2, 32);
	assert_memory_equal(sk1, sk2, 32);
	assert_memory_not_equal(l1, pk1, 32);

	/* Another key file (another pepper): everything differs. */
	assert_int_equal(crypto_code_derive(f->k2, code, &pp, l3, pk3, sk3), 0);
	assert_memory_not_equal(l1, l3, 32);
	assert_memory_not_equal(pk1, pk3, 32);

	/* Another code: everything differs. */
	assert_int_equal(crypto_code_derive(f->k1, other, &pp, l4, pk4, sk4),
	    0);
	assert_memory_not_equal(l1, l4, 32);
	assert_memory_not_equal(pk1, pk4, 32);

	/* The key pair is a working pair. */
	crypto_seal(box, (const unsigned char *)"rkey!", 5, pk1);
	assert_int_equal(crypto_unseal(back, box, sizeof(box), pk1, sk1), 0);
	assert_memory_equal(back, "rkey!", 5);
	assert_int_equal(crypto_unseal(back, box, sizeof(box), pk3, sk3), -1);

	/* Not a normalised code: refused, outputs zeroed. */
	assert_int_equal(crypto_code_derive(f->k1, "1234 5678 9012 3456 7",
	    &pp, l2, pk2, sk2), -1);
	assert_true(all_zero(l2, 32));
	assert_true(all_zero(sk2, 32));
}

static void
test_receipt(void **state)
{
	struct keys_fixture *f = *state;
	unsigned char pk[32], pk2[32], sig[CRYPTO_SIG_BYTES];
	char msg[] = "WBS-2026-000123|2026-01-05T10:00:00+07:00|korupsi";
	size_t len = strlen(msg);

	crypto_receipt_pk(f->k1, pk);
	crypto_receipt_pk(f->k2, pk2);
	assert_memory_not_equal(pk, pk2, 32);
	crypto_receipt_sign(f->k1, msg, len, sig);
	assert_int_equal(crypto_receipt_verify(pk, msg, len, sig), 0);
	/* Deterministic (Ed25519). */
	{
		unsigned char sig2[CRYPTO_SIG_BYTES];

		crypto_receipt_sign(f->k1, msg, len, sig2);
		assert_memory_equal(sig, sig2, sizeof(sig));
	}
	assert_int_equal(crypto_receipt_verify(pk2, msg, len, sig), -1);
	assert_int_equal(crypto_receipt_verify(pk, msg, len - 1, sig), -1);
	msg[5] ^= 0x01;
	assert_int_equal(crypto_receipt_verify(pk, msg, len, sig), -1);
	msg[5] ^= 0x01;
	sig[10] ^= 0x01;
	assert_int_equal(crypto_receipt_verify(pk, msg, len, sig), -1);
	sig[10] ^= 0x01;
	sig[63] ^= 0x80;
	assert_int_equal(crypto_receipt_verify(pk, msg, len, sig), -1);
	sig[63] ^= 0x80;
	assert_int_equal(crypto_receipt_verify(pk, msg, len, sig), 0);
}

/* --- streams ------------------------------------------------------------ */

#define NCHUNK	3
static const size_t chunk_len[NCHUNK] = { 1000, 65536, 7 };

struct sealed {
	unsigned char	 hdr[CRYPTO_STREAM_HEADER];
	unsigned char	*pt[NCHUNK];
	unsigned char	*ct[NCHUNK];
	unsigned char	 key[CRYPTO_KEY_BYTES];
};

static void
sealed_make(struct sealed *s)
{
	struct crypto_stream *st;
	size_t i;

	crypto_random(s->key, sizeof(s->key));
	st = crypto_stream_push_new(s->key, s->hdr);
	assert_non_null(st);
	for (i = 0; i < NCHUNK; i++) {
		s->pt[i] = malloc(chunk_len[i]);
		s->ct[i] = malloc(chunk_len[i] + CRYPTO_STREAM_ABYTES);
		assert_non_null(s->pt[i]);
		assert_non_null(s->ct[i]);
		fill(s->pt[i], chunk_len[i], (unsigned int)i + 10);
		crypto_stream_push(st, s->pt[i], chunk_len[i], i == NCHUNK - 1,
		    s->ct[i]);
	}
	crypto_stream_free(st);
}

static void
sealed_free(struct sealed *s)
{
	size_t i;

	for (i = 0; i < NCHUNK; i++) {
		free(s->pt[i]);
		free(s->ct[i]);
	}
}

/* Pulls chunk i of s into a fresh buffer; returns the pull's result. */
static int
pull_chunk(struct crypto_stream *st, const struct sealed *s, size_t i,
    int *final)
{
	unsigned char *out = malloc(chunk_len[i]);
	int r;

	assert_non_null(out);
	r = crypto_stream_pull(st, s->ct[i], chunk_len[i] +
	    CRYPTO_STREAM_ABYTES, out, final);
	if (r == 0)
		assert_memory_equal(out, s->pt[i], chunk_len[i]);
	else
		assert_true(all_zero(out, chunk_len[i]));
	free(out);
	return r;
}

static void
test_stream_round_trip(void **state)
{
	struct crypto_stream *st;
	struct sealed s;
	size_t i;
	int final = -1;

	(void)state;
	sealed_make(&s);
	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	for (i = 0; i < NCHUNK; i++) {
		assert_int_equal(pull_chunk(st, &s, i, &final), 0);
		assert_int_equal(final, i == NCHUNK - 1);
	}
	/* Nothing is accepted after FINAL, not even the last chunk again. */
	assert_int_equal(pull_chunk(st, &s, NCHUNK - 1, &final), -1);
	crypto_stream_free(st);
	sealed_free(&s);
}

static void
test_stream_tamper(void **state)
{
	struct crypto_stream *st;
	struct sealed s;
	int final;

	(void)state;
	sealed_make(&s);
	s.ct[1][30000] ^= 0x04;
	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	assert_int_equal(pull_chunk(st, &s, 0, &final), 0);
	assert_int_equal(pull_chunk(st, &s, 1, &final), -1);
	assert_int_equal(final, 0);
	/* A failed stream stays failed. */
	assert_int_equal(pull_chunk(st, &s, 2, &final), -1);
	crypto_stream_free(st);
	sealed_free(&s);
}

static void
test_stream_truncated(void **state)
{
	struct crypto_stream *st;
	struct sealed s;
	size_t i;
	int final = -1;

	(void)state;
	sealed_make(&s);
	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	/* Every chunk before the last opens, and none says FINAL. */
	for (i = 0; i < NCHUNK - 1; i++) {
		assert_int_equal(pull_chunk(st, &s, i, &final), 0);
		assert_int_equal(final, 0);
	}
	crypto_stream_free(st);

	/* A chunk cut short fails. */
	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	{
		unsigned char out[1000];

		assert_int_equal(crypto_stream_pull(st, s.ct[0], 1000 +
		    CRYPTO_STREAM_ABYTES - 1, out, &final), -1);
		assert_int_equal(crypto_stream_pull(st, s.ct[0], 5, out,
		    &final), -1);
	}
	crypto_stream_free(st);
	sealed_free(&s);
}

static void
test_stream_reordered(void **state)
{
	struct crypto_stream *st;
	struct sealed s;
	int final;

	(void)state;
	sealed_make(&s);
	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	assert_int_equal(pull_chunk(st, &s, 1, &final), -1);
	crypto_stream_free(st);

	st = crypto_stream_pull_new(s.key, s.hdr);
	assert_non_null(st);
	assert_int_equal(pull_chunk(st, &s, 0, &final), 0);
	assert_int_equal(pull_chunk(st, &s, 2, &final), -1);
	assert_int_equal(final, 0);
	crypto_stream_free(st);
	sealed_free(&s);
}

static void
test_stream_wrong_key(void **state)
{
	struct crypto_stream *st;
	struct sealed s;
	unsigned char key2[CRYPTO_KEY_BYTES];
	int final;

	(void)state;
	sealed_make(&s);
	crypto_random(key2, sizeof(key2));
	st = crypto_stream_pull_new(key2, s.hdr);
	if (st != NULL) {
		assert_int_equal(pull_chunk(st, &s, 0, &final), -1);
		crypto_stream_free(st);
	}
	s.hdr[3] ^= 0x10;
	st = crypto_stream_pull_new(s.key, s.hdr);
	if (st != NULL) {
		assert_int_equal(pull_chunk(st, &s, 0, &final), -1);
		crypto_stream_free(st);
	}
	sealed_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_len),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_no_ad),
		cmocka_unit_test(test_record_bucket),
		cmocka_unit_test(test_record_tamper),
		cmocka_unit_test(test_record_outcap),
		cmocka_unit_test(test_subkey),
		cmocka_unit_test(test_code_new),
		cmocka_unit_test(test_code_normalise),
		cmocka_unit_test(test_code_format),
		cmocka_unit_test_setup_teardown(test_code_derive, keys_setup,
		    keys_teardown),
		cmocka_unit_test_setup_teardown(test_receipt, keys_setup,
		    keys_teardown),
		cmocka_unit_test(test_stream_round_trip),
		cmocka_unit_test(test_stream_tamper),
		cmocka_unit_test(test_stream_truncated),
		cmocka_unit_test(test_stream_reordered),
		cmocka_unit_test(test_stream_wrong_key),
	};

	return cmocka_run_group_tests(tests, init, NULL);
}
