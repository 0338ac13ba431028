/*
 * test_crypto_keys.c: the primitives behind accounts and sessions:
 * symmetric wrapping, password derivation, sealing, recovery keys,
 * context hashes, constant-time comparison and URL-safe base64.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "crypto.h"

static const unsigned char zero[128];

static void
test_wrap_roundtrip(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], msg[100], out[100];
	unsigned char w1[CRYPTO_WRAPPED(100)], w2[CRYPTO_WRAPPED(100)];
	unsigned char e[CRYPTO_WRAPPED(0)];
	size_t n;

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_random(msg, sizeof(msg));
	for (n = 0; n <= sizeof(msg); n += 25) {
		crypto_wrap(w1, msg, n, key);
		memset(out, 0xaa, sizeof(out));
		assert_int_equal(crypto_unwrap(out, w1, CRYPTO_WRAPPED(n),
		    key), 0);
		assert_memory_equal(out, msg, n);
		/* The plaintext does not show through. */
		if (n >= 25)
			assert_null(memmem(w1, CRYPTO_WRAPPED(n), msg, 16));
	}
	/* A fresh nonce each time: the same message wraps differently. */
	crypto_wrap(w1, msg, sizeof(msg), key);
	crypto_wrap(w2, msg, sizeof(msg), key);
	assert_memory_not_equal(w1, w2, sizeof(w1));
	/* An empty message still authenticates. */
	crypto_wrap(e, msg, 0, key);
	assert_int_equal(crypto_unwrap(out, e, sizeof(e), key), 0);
}

static void
test_wrap_refusals(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], other[CRYPTO_KEY_BYTES];
	unsigned char msg[CRYPTO_KEY_BYTES], out[CRYPTO_KEY_BYTES];
	unsigned char w[CRYPTO_WRAPPED(CRYPTO_KEY_BYTES)];
	size_t i;
	int bit;

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_random(other, sizeof(other));
	crypto_random(msg, sizeof(msg));
	crypto_wrap(w, msg, sizeof(msg), key);

	/* Wrong key: refused, and nothing of the message is left in out. */
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(crypto_unwrap(out, w, sizeof(w), other), -1);
	assert_memory_equal(out, zero, sizeof(out));

	/* Every single-bit change anywhere is refused. */
	for (i = 0; i < sizeof(w); i++)
		for (bit = 0; bit < 8; bit++) {
			w[i] ^= (unsigned char)(1 << bit);
			memset(out, 0xaa, sizeof(out));
			assert_int_equal(crypto_unwrap(out, w, sizeof(w), key),
			    -1);
			assert_memory_equal(out, zero, sizeof(out));
			w[i] ^= (unsigned char)(1 << bit);
		}
	assert_int_equal(crypto_unwrap(out, w, sizeof(w), key), 0);
	assert_memory_equal(out, msg, sizeof(msg));

	/* Truncated: shorter than the overhead, or missing a byte. */
	for (i = 0; i < CRYPTO_WRAP_OVERHEAD; i++)
		assert_int_equal(crypto_unwrap(out, w, i, key), -1);
	assert_int_equal(crypto_unwrap(out, w, sizeof(w) - 1, key), -1);
}

static void
test_pwparams(void **state)
{
	struct crypto_pwparams d, m, p;

	(void)state;
	crypto_pwparams_default(&d);
	crypto_pwparams_min(&m);
	assert_int_equal(crypto_pwparams_check(&d), 0);
	assert_int_equal(crypto_pwparams_check(&m), 0);
	/* MODERATE: 3 passes over 256 MiB. */
	assert_true(d.ops == 3);
	assert_true(d.mem == 256U * 1024 * 1024);
	assert_true(m.ops >= 1 && m.ops <= d.ops);
	assert_true(m.mem <= d.mem);
	p = m;
	p.ops = 0;
	assert_int_equal(crypto_pwparams_check(&p), -1);
	p = m;
	p.mem = m.mem - 1;
	assert_int_equal(crypto_pwparams_check(&p), -1);
	p = m;
	p.mem = 0;
	assert_int_equal(crypto_pwparams_check(&p), -1);
}

static void
test_password_derive(void **state)
{
	struct crypto_pwparams pp, bad;
	unsigned char salt[CRYPTO_SALT_BYTES], salt2[CRYPTO_SALT_BYTES];
	unsigned char k1[CRYPTO_KEY_BYTES], v1[CRYPTO_KEY_BYTES];
	unsigned char k2[CRYPTO_KEY_BYTES], v2[CRYPTO_KEY_BYTES];
	const char *pw = "kata sandi yang panjang";

	(void)state;
	crypto_pwparams_min(&pp);
	crypto_random(salt, sizeof(salt));
	memcpy(salt2, salt, sizeof(salt));
	salt2[0] ^= 1;

	assert_int_equal(crypto_password_derive(pw, strlen(pw), salt, &pp,
	    k1, v1), 0);
	assert_memory_not_equal(k1, v1, sizeof(k1));
	assert_memory_not_equal(k1, zero, sizeof(k1));
	assert_memory_not_equal(v1, zero, sizeof(v1));
	/* Deterministic. */
	assert_int_equal(crypto_password_derive(pw, strlen(pw), salt, &pp,
	    k2, v2), 0);
	assert_memory_equal(k1, k2, sizeof(k1));
	assert_memory_equal(v1, v2, sizeof(v1));
	/* Another password, one letter off. */
	assert_int_equal(crypto_password_derive("kata sandi yang panjanG",
	    strlen(pw), salt, &pp, k2, v2), 0);
	assert_memory_not_equal(k1, k2, sizeof(k1));
	assert_memory_not_equal(v1, v2, sizeof(v1));
	/* The length counts: a prefix is another password. */
	assert_int_equal(crypto_password_derive(pw, strlen(pw) - 1, salt, &pp,
	    k2, v2), 0);
	assert_memory_not_equal(k1, k2, sizeof(k1));
	/* Another salt. */
	assert_int_equal(crypto_password_derive(pw, strlen(pw), salt2, &pp,
	    k2, v2), 0);
	assert_memory_not_equal(k1, k2, sizeof(k1));
	assert_memory_not_equal(v1, v2, sizeof(v1));
	/* More passes give other keys. */
	pp.ops++;
	assert_int_equal(crypto_password_derive(pw, strlen(pw), salt, &pp,
	    k2, v2), 0);
	assert_memory_not_equal(k1, k2, sizeof(k1));
	/* Parameters out of range: refused, outputs zeroed. */
	crypto_pwparams_min(&bad);
	bad.ops = 0;
	assert_int_equal(crypto_password_derive(pw, strlen(pw), salt, &bad,
	    k2, v2), -1);
	assert_memory_equal(k2, zero, sizeof(k2));
	assert_memory_equal(v2, zero, sizeof(v2));
}

/* The default cost (256 MiB) really runs. */
static void
test_password_derive_default(void **state)
{
	struct crypto_pwparams pp, min;
	unsigned char salt[CRYPTO_SALT_BYTES];
	unsigned char k1[CRYPTO_KEY_BYTES], v1[CRYPTO_KEY_BYTES];
	unsigned char k2[CRYPTO_KEY_BYTES], v2[CRYPTO_KEY_BYTES];

	(void)state;
	crypto_pwparams_default(&pp);
	crypto_pwparams_min(&min);
	memset(salt, 7, sizeof(salt));
	assert_int_equal(crypto_password_derive("rahasia", 7, salt, &pp, k1,
	    v1), 0);
	assert_int_equal(crypto_password_derive("rahasia", 7, salt, &min, k2,
	    v2), 0);
	assert_memory_not_equal(k1, k2, sizeof(k1));
	assert_memory_not_equal(v1, v2, sizeof(v1));
	assert_memory_not_equal(k1, v1, sizeof(k1));
}

/* The account scheme end to end: a private key under a password. */
static void
test_password_wraps_key(void **state)
{
	struct crypto_pwparams pp;
	unsigned char salt[CRYPTO_SALT_BYTES], kek[CRYPTO_KEY_BYTES];
	unsigned char ver[CRYPTO_KEY_BYTES], pk[CRYPTO_KEY_BYTES];
	unsigned char sk[CRYPTO_KEY_BYTES], sk2[CRYPTO_KEY_BYTES];
	unsigned char w[CRYPTO_WRAPPED(CRYPTO_KEY_BYTES)];

	(void)state;
	crypto_pwparams_min(&pp);
	crypto_random(salt, sizeof(salt));
	crypto_box_keypair_new(pk, sk);
	assert_memory_not_equal(pk, sk, sizeof(pk));
	assert_int_equal(crypto_password_derive("benar", 5, salt, &pp, kek,
	    ver), 0);
	crypto_wrap(w, sk, sizeof(sk), kek);
	assert_int_equal(crypto_password_derive("salah", 5, salt, &pp, kek,
	    ver), 0);
	assert_int_equal(crypto_unwrap(sk2, w, sizeof(w), kek), -1);
	assert_int_equal(crypto_password_derive("benar", 5, salt, &pp, kek,
	    ver), 0);
	assert_int_equal(crypto_unwrap(sk2, w, sizeof(w), kek), 0);
	assert_memory_equal(sk, sk2, sizeof(sk));
}

static void
test_seal(void **state)
{
	unsigned char pk[CRYPTO_KEY_BYTES], sk[CRYPTO_KEY_BYTES];
	unsigned char pk2[CRYPTO_KEY_BYTES], sk2[CRYPTO_KEY_BYTES];
	unsigned char msg[CRYPTO_KEY_BYTES], out[CRYPTO_KEY_BYTES];
	unsigned char s[CRYPTO_KEY_BYTES + CRYPTO_SEAL_OVERHEAD];
	unsigned char s2[sizeof(s)];
	size_t i;

	(void)state;
	crypto_box_keypair_new(pk, sk);
	crypto_box_keypair_new(pk2, sk2);
	assert_memory_not_equal(pk, pk2, sizeof(pk));
	crypto_random(msg, sizeof(msg));
	crypto_seal(s, msg, sizeof(msg), pk);
	crypto_seal(s2, msg, sizeof(msg), pk);
	assert_memory_not_equal(s, s2, sizeof(s));
	assert_int_equal(crypto_unseal(out, s, sizeof(s), pk, sk), 0);
	assert_memory_equal(out, msg, sizeof(msg));
	/* Another key pair cannot open it. */
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(crypto_unseal(out, s, sizeof(s), pk2, sk2), -1);
	assert_memory_equal(out, zero, sizeof(out));
	/* Tampered anywhere. */
	for (i = 0; i < sizeof(s); i++) {
		s[i] ^= 0x10;
		assert_int_equal(crypto_unseal(out, s, sizeof(s), pk, sk), -1);
		s[i] ^= 0x10;
	}
	/* Short input. */
	assert_int_equal(crypto_unseal(out, s, CRYPTO_SEAL_OVERHEAD - 1, pk,
	    sk), -1);
	assert_int_equal(crypto_unseal(out, s, sizeof(s) - 1, pk, sk), -1);
	assert_int_equal(crypto_unseal(out, s, sizeof(s), pk, sk), 0);
}

/* Asserts the printed form: 13 groups of 4 of A-Z2-7 joined by '-'. */
static void
assert_recovery_format(const char *t)
{
	size_t i;

	assert_int_equal(strlen(t), 64);
	for (i = 0; i < 64; i++) {
		if (i % 5 == 4)
			assert_int_equal(t[i], '-');
		else
			assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
			    t[i]));
	}
}

static void
test_recovery_roundtrip(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], got[CRYPTO_KEY_BYTES];
	unsigned char key2[CRYPTO_KEY_BYTES];
	char t[CRYPTO_RECOVERY_TEXT], t2[CRYPTO_RECOVERY_TEXT], loose[200];
	size_t i, j;
	int round;

	(void)state;
	for (round = 0; round < 50; round++) {
		crypto_recovery_new(key, t);
		assert_recovery_format(t);
		assert_int_equal(crypto_recovery_parse(t, got), 0);
		assert_memory_equal(key, got, sizeof(key));
	}
	crypto_recovery_new(key2, t2);
	assert_memory_not_equal(key, key2, sizeof(key));
	assert_string_not_equal(t, t2);

	/* Lower case, spaces instead of dashes, no separators at all. */
	for (i = 0, j = 0; t[i] != '\0'; i++)
		loose[j++] = t[i] == '-' ? ' ' :
		    (char)tolower((unsigned char)t[i]);
	loose[j] = '\0';
	assert_int_equal(crypto_recovery_parse(loose, got), 0);
	assert_memory_equal(key, got, sizeof(key));
	for (i = 0, j = 0; t[i] != '\0'; i++)
		if (t[i] != '-')
			loose[j++] = t[i];
	loose[j] = '\0';
	assert_int_equal(crypto_recovery_parse(loose, got), 0);
	assert_memory_equal(key, got, sizeof(key));
	snprintf(loose, sizeof(loose), "  %s  ", t);
	assert_int_equal(crypto_recovery_parse(loose, got), 0);
	assert_memory_equal(key, got, sizeof(key));
}

/* Known bytes give a known text (checked by hand against RFC 4648). */
static void
test_recovery_known(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], want[CRYPTO_KEY_BYTES];
	size_t i;

	(void)state;
	memset(want, 0, sizeof(want));
	assert_int_equal(crypto_recovery_parse("AAAA-AAAA-AAAA-AAAA-AAAA-"
	    "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", key), 0);
	assert_memory_equal(key, want, sizeof(key));
	/* All ones: 51 '7's, then one 1-bit followed by four zero bits. */
	memset(want, 0xff, sizeof(want));
	assert_int_equal(crypto_recovery_parse("7777-7777-7777-7777-7777-"
	    "7777-7777-7777-7777-7777-7777-7777-777Q", key), 0);
	assert_memory_equal(key, want, sizeof(key));
	/* Bytes 0..31 (Python's base64.b32encode, '=' removed). */
	for (i = 0; i < sizeof(want); i++)
		want[i] = (unsigned char)i;
	assert_int_equal(crypto_recovery_parse("AAAQ-EAYE-AUDA-OCAJ-BIFQ-"
	    "YDIO-B4IB-CEQT-CQKR-MFYY-DENB-WHA5-DYPQ", key), 0);
	assert_memory_equal(key, want, sizeof(key));
}

static void
test_recovery_refusals(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], got[CRYPTO_KEY_BYTES];
	char t[CRYPTO_RECOVERY_TEXT], bad[200];
	const char *last = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t i, len;
	int r;

	(void)state;
	crypto_recovery_new(key, t);
	len = strlen(t);

	/* Any changed character: refused or another key, never this one. */
	for (i = 0; i < len; i++) {
		if (t[i] == '-')
			continue;
		snprintf(bad, sizeof(bad), "%s", t);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		r = crypto_recovery_parse(bad, got);
		if (r == 0)
			assert_memory_not_equal(got, key, sizeof(key));
		else
			assert_memory_equal(got, zero, sizeof(got));
	}
	/* Padding bits in the last character must be zero: only A and Q. */
	for (i = 0; last[i] != '\0'; i++) {
		snprintf(bad, sizeof(bad), "%s", t);
		bad[len - 1] = last[i];
		r = crypto_recovery_parse(bad, got);
		if (last[i] == 'A' || last[i] == 'Q')
			assert_int_equal(r, 0);
		else
			assert_int_equal(r, -1);
	}
	/* Too short, too long, empty. */
	snprintf(bad, sizeof(bad), "%.*s", (int)(len - 1), t);
	assert_int_equal(crypto_recovery_parse(bad, got), -1);
	snprintf(bad, sizeof(bad), "%sA", t);
	assert_int_equal(crypto_recovery_parse(bad, got), -1);
	snprintf(bad, sizeof(bad), "%s-AAAA", t);
	assert_int_equal(crypto_recovery_parse(bad, got), -1);
	assert_int_equal(crypto_recovery_parse("", got), -1);
	assert_int_equal(crypto_recovery_parse("----", got), -1);
	/* Characters outside the alphabet: 0, 1, 8, 9, punctuation. */
	for (i = 0; i < 8; i++) {
		snprintf(bad, sizeof(bad), "%s", t);
		bad[2] = "0189=_.\t"[i];
		assert_int_equal(crypto_recovery_parse(bad, got), -1);
		assert_memory_equal(got, zero, sizeof(got));
	}
	snprintf(bad, sizeof(bad), "%s", t);
	bad[2] = (char)0xc3;
	assert_int_equal(crypto_recovery_parse(bad, got), -1);
}

static void
test_recovery_kek(void **state)
{
	unsigned char key[CRYPTO_KEY_BYTES], key2[CRYPTO_KEY_BYTES];
	unsigned char k1[CRYPTO_KEY_BYTES], k2[CRYPTO_KEY_BYTES];
	char t[CRYPTO_RECOVERY_TEXT];

	(void)state;
	crypto_recovery_new(key, t);
	crypto_recovery_kek(key, k1);
	crypto_recovery_kek(key, k2);
	assert_memory_equal(k1, k2, sizeof(k1));
	/* Not the recovery key itself. */
	assert_memory_not_equal(k1, key, sizeof(k1));
	crypto_recovery_new(key2, t);
	crypto_recovery_kek(key2, k2);
	assert_memory_not_equal(k1, k2, sizeof(k1));
}

static void
test_hash_ctx(void **state)
{
	unsigned char key[64], h1[CRYPTO_KEY_BYTES], h2[CRYPTO_KEY_BYTES];
	unsigned char h3[CRYPTO_KEY_BYTES];
	size_t kl;

	(void)state;
	crypto_random(key, sizeof(key));
	crypto_hash_ctx(h1, key, 32, "session-id", "abc", 3);
	crypto_hash_ctx(h2, key, 32, "session-id", "abc", 3);
	assert_memory_equal(h1, h2, sizeof(h1));
	/* Context, key, data: each one changes the result. */
	crypto_hash_ctx(h2, key, 32, "csrf", "abc", 3);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	crypto_hash_ctx(h2, key + 1, 32, "session-id", "abc", 3);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	crypto_hash_ctx(h2, key, 32, "session-id", "abd", 3);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	/* The separator keeps context and data apart. */
	crypto_hash_ctx(h2, key, 32, "session-ida", "bc", 2);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	/* Unkeyed works, and differs from keyed. */
	crypto_hash_ctx(h2, NULL, 0, "session-id", "abc", 3);
	crypto_hash_ctx(h3, NULL, 0, "session-id", "abc", 3);
	assert_memory_equal(h2, h3, sizeof(h2));
	assert_memory_not_equal(h1, h2, sizeof(h1));
	/* Empty data. */
	crypto_hash_ctx(h3, NULL, 0, "session-id", NULL, 0);
	assert_memory_not_equal(h2, h3, sizeof(h2));
	/* Any key length works, each length another key, none unkeyed. */
	crypto_hash_ctx(h2, NULL, 0, "ratelimit", "x", 1);
	for (kl = 0; kl <= sizeof(key); kl++) {
		crypto_hash_ctx(h3, key, kl, "ratelimit", "x", 1);
		assert_memory_not_equal(h2, h3, sizeof(h2));
		memcpy(h2, h3, sizeof(h2));
	}
}

static void
test_equal(void **state)
{
	unsigned char a[32], b[32];
	size_t i;

	(void)state;
	crypto_random(a, sizeof(a));
	memcpy(b, a, sizeof(b));
	assert_int_equal(crypto_equal(a, b, sizeof(a)), 1);
	assert_int_equal(crypto_equal(a, b, 0), 1);
	for (i = 0; i < sizeof(a); i++) {
		b[i] ^= 0x80;
		assert_int_equal(crypto_equal(a, b, sizeof(a)), 0);
		b[i] ^= 0x80;
	}
	assert_int_equal(crypto_equal("abc", "abd", 2), 1);
}

static void
test_b64url(void **state)
{
	unsigned char in[70], out[70];
	char text[CRYPTO_B64URL_LEN(70)];
	unsigned char tok[CRYPTO_TOKEN_BYTES];
	char toktext[CRYPTO_TOKEN_TEXT];
	size_t n, len, i;

	(void)state;
	for (n = 0; n <= sizeof(in); n++) {
		crypto_random(in, n);
		memset(text, 'x', sizeof(text));
		crypto_b64url_encode(text, in, n);
		assert_int_equal(strlen(text), (n * 4 + 2) / 3);
		for (i = 0; text[i] != '\0'; i++)
			assert_true(isalnum((unsigned char)text[i]) ||
			    text[i] == '-' || text[i] == '_');
		assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len,
		    text), 0);
		assert_int_equal(len, n);
		assert_memory_equal(in, out, n);
		/* Too small a buffer. */
		if (n > 0)
			assert_int_equal(crypto_b64url_decode(out, n - 1, &len,
			    text), -1);
	}
	/* A token fills its text exactly. */
	crypto_random(tok, sizeof(tok));
	crypto_b64url_encode(toktext, tok, sizeof(tok));
	assert_int_equal(strlen(toktext), CRYPTO_TOKEN_TEXT - 1);

	/* 0xfb 0xff encodes as "-_8" here, "+/8=" in standard base64. */
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "-_8"),
	    0);
	assert_int_equal(len, 2);
	assert_int_equal(out[0], 0xfb);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "+/8"),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "-_8="),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AAAA="),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AA AA"),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AA!A"),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len,
	    "AAAA\n"), -1);
	/* A lone sixth character cannot be a whole byte. */
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AAAAA"),
	    -1);
	/* Non-zero bits after the last byte. */
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AB"),
	    -1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, "AA"),
	    0);
	assert_int_equal(len, 1);
	assert_int_equal(crypto_b64url_decode(out, sizeof(out), &len, ""), 0);
	assert_int_equal(len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_roundtrip),
		cmocka_unit_test(test_wrap_refusals),
		cmocka_unit_test(test_pwparams),
		cmocka_unit_test(test_password_derive),
		cmocka_unit_test(test_password_derive_default),
		cmocka_unit_test(test_password_wraps_key),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_recovery_roundtrip),
		cmocka_unit_test(test_recovery_known),
		cmocka_unit_test(test_recovery_refusals),
		cmocka_unit_test(test_recovery_kek),
		cmocka_unit_test(test_hash_ctx),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_b64url),
	};

	if (crypto_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
