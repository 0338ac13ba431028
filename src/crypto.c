/*
 * crypto.c: every cryptographic operation of wbs (crypto.h), and the
 * few libsodium services the key file needs (crypto_internal.h; the key
 * file itself is in keyfile.c). This is the only file that includes
 * sodium.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto.h"
#include "crypto_internal.h"

#define B64URL		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define B64STD		sodium_base64_VARIANT_ORIGINAL
#define PWHASH_OUT	64	/* kek || verifier seed */
#define RECOVERY_CHARS	52	/* base32 of 32 bytes: 260 bits, 4 of them 0 */
#define RECOVERY_GROUP	4

/* The sizes crypto.h and crypto_internal.h promise are libsodium's. */
_Static_assert(CRYPTO_KEY_BYTES == crypto_secretbox_KEYBYTES &&
    CRYPTO_KEY_BYTES == crypto_box_PUBLICKEYBYTES &&
    CRYPTO_KEY_BYTES == crypto_box_SECRETKEYBYTES &&
    CRYPTO_KEY_BYTES <= crypto_generichash_BYTES_MAX &&
    CRYPTO_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN,
    "key size");
_Static_assert(CRYPTO_SALT_BYTES == crypto_pwhash_argon2id_SALTBYTES,
    "salt size");
_Static_assert(CRYPTO_WRAP_OVERHEAD ==
    crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES, "wrap size");
_Static_assert(CRYPTO_SEAL_OVERHEAD == crypto_box_SEALBYTES, "seal size");
_Static_assert(CRYPTO_SIGN_PK_BYTES == crypto_sign_PUBLICKEYBYTES &&
    CRYPTO_SIGN_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sign key size");
_Static_assert(CRYPTO_B64_LEN(CRYPTO_SIGN_SK_BYTES) ==
    sodium_base64_ENCODED_LEN(CRYPTO_SIGN_SK_BYTES, B64STD), "base64");
_Static_assert(CRYPTO_TOKEN_TEXT ==
    sodium_base64_ENCODED_LEN(CRYPTO_TOKEN_BYTES, B64URL), "token text");
_Static_assert(CRYPTO_RECOVERY_TEXT >=
    RECOVERY_CHARS + RECOVERY_CHARS / RECOVERY_GROUP,
    "CRYPTO_RECOVERY_TEXT must hold 52 characters, 12 dashes and the NUL");
_Static_assert(PWHASH_OUT == 2 * CRYPTO_KEY_BYTES &&
    PWHASH_OUT >= crypto_pwhash_argon2id_BYTES_MIN, "pwhash output");

int
crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
crypto_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

uint32_t
crypto_random_uniform(uint32_t upper)
{
	return randombytes_uniform(upper);
}

void
crypto_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

void
crypto_hex(char *out, const void *in, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

void
crypto_sha256(unsigned char out[32], const void *data, size_t n)
{
	crypto_hash_sha256(out, data, n);
}

void
crypto_digest_hex(char out[33], const void *data, size_t n)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), data, n, NULL, 0);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

/* --- for the key file (crypto_internal.h) ---------------------------- */

void
crypto_b64std_encode(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, CRYPTO_B64_LEN(n), in, n, B64STD);
}

int
crypto_b64std_decode(unsigned char *out, size_t want, const char *in,
    size_t inlen)
{
	const char *end;
	size_t got;

	if (sodium_base642bin(out, want, in, inlen, NULL, &got, &end,
	    B64STD) != 0 || end != in + inlen || got != want)
		return -1;
	return 0;
}

int
crypto_signkey_new(unsigned char pk[CRYPTO_SIGN_PK_BYTES],
    unsigned char sk[CRYPTO_SIGN_SK_BYTES])
{
	return crypto_sign_keypair(pk, sk) == 0 ? 0 : -1;
}

int
crypto_signkey_check(const unsigned char sk[CRYPTO_SIGN_SK_BYTES],
    unsigned char pk[CRYPTO_SIGN_PK_BYTES])
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	unsigned char pk2[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk2[crypto_sign_SECRETKEYBYTES];
	int ret = -1;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	crypto_sign_ed25519_sk_to_seed(seed, sk);
	if (crypto_sign_seed_keypair(pk2, sk2, seed) != 0 ||
	    sodium_memcmp(pk2, pk, sizeof(pk2)) != 0)
		goto fail;
	ret = 0;
fail:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk2, sizeof(sk2));
	return ret;
}

int
crypto_secure_readonly(void *p)
{
	return sodium_mprotect_readonly(p) == 0 ? 0 : -1;
}

/* --- primitives for accounts and sessions ---------------------------- */

/* Like the x-allocators, aborts when no guarded memory can be had. */
void *
crypto_secure_alloc(size_t n)
{
	void *p;

	if ((p = sodium_malloc(n)) == NULL) {
		fprintf(stderr, "wbs: out of guarded memory allocating %zu "
		    "bytes\n", n);
		abort();
	}
	return p;
}

void
crypto_secure_free(void *p)
{
	/* Lifts any protection, wipes, then unmaps; NULL is fine. */
	sodium_free(p);
}

void
crypto_pwparams_default(struct crypto_pwparams *pp)
{
	pp->ops = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
	pp->mem = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
}

void
crypto_pwparams_min(struct crypto_pwparams *pp)
{
	pp->ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
	pp->mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
}

int
crypto_pwparams_check(const struct crypto_pwparams *pp)
{
	/* Argon2id itself needs at least one pass. */
	if (pp->ops < 1 ||
	    pp->ops < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
	    pp->ops > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
	    pp->mem < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
	    pp->mem > crypto_pwhash_argon2id_MEMLIMIT_MAX)
		return -1;
	return 0;
}

/* Argon2id runs since start (tests check that refused work costs none). */
static _Atomic unsigned long kdf_runs;

unsigned long
crypto_kdf_runs(void)
{
	return kdf_runs;
}

/* crypto_pwhash (Argon2id), counted. */
static int
pwhash(unsigned char *out, size_t outlen, const char *pw, size_t pwlen,
    const unsigned char *salt, const struct crypto_pwparams *pp)
{
	kdf_runs++;
	return crypto_pwhash(out, outlen, pw, pwlen, salt, pp->ops, pp->mem,
	    crypto_pwhash_ALG_ARGON2ID13);
}

int
crypto_password_derive(const char *pw, size_t pwlen,
    const unsigned char salt[CRYPTO_SALT_BYTES],
    const struct crypto_pwparams *pp, unsigned char kek[CRYPTO_KEY_BYTES],
    unsigned char verifier[CRYPTO_KEY_BYTES])
{
	unsigned char *out;
	int ret = -1;

	out = crypto_secure_alloc(PWHASH_OUT);
	if (crypto_pwparams_check(pp) == -1 ||
	    pwlen > crypto_pwhash_argon2id_PASSWD_MAX)
		goto fail;
	if (pwhash(out, PWHASH_OUT, pw, pwlen, salt, pp) != 0)
		goto fail;
	memcpy(kek, out, CRYPTO_KEY_BYTES);
	/* The verifier is one-way from the half that is not the kek. */
	crypto_hash_ctx(verifier, NULL, 0, "wbs-verifier",
	    out + CRYPTO_KEY_BYTES, CRYPTO_KEY_BYTES);
	ret = 0;
fail:
	if (ret == -1) {
		sodium_memzero(kek, CRYPTO_KEY_BYTES);
		sodium_memzero(verifier, CRYPTO_KEY_BYTES);
	}
	crypto_secure_free(out);
	return ret;
}

void
crypto_box_keypair_new(unsigned char pk[CRYPTO_KEY_BYTES],
    unsigned char sk[CRYPTO_KEY_BYTES])
{
	crypto_box_keypair(pk, sk);
}

void
crypto_wrap(unsigned char *out, const unsigned char *msg, size_t len,
    const unsigned char key[CRYPTO_KEY_BYTES])
{
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, msg, len,
	    out, key);
}

int
crypto_unwrap(unsigned char *out, const unsigned char *in, size_t inlen,
    const unsigned char key[CRYPTO_KEY_BYTES])
{
	if (inlen < CRYPTO_WRAP_OVERHEAD)
		return -1;
	if (crypto_secretbox_open_easy(out, in + crypto_secretbox_NONCEBYTES,
	    inlen - crypto_secretbox_NONCEBYTES, in, key) != 0) {
		sodium_memzero(out, inlen - CRYPTO_WRAP_OVERHEAD);
		return -1;
	}
	return 0;
}

void
crypto_seal(unsigned char *out, const unsigned char *msg, size_t len,
    const unsigned char pk[CRYPTO_KEY_BYTES])
{
	crypto_box_seal(out, msg, len, pk);
}

int
crypto_unseal(unsigned char *out, const unsigned char *in, size_t inlen,
    const unsigned char pk[CRYPTO_KEY_BYTES],
    const unsigned char sk[CRYPTO_KEY_BYTES])
{
	if (inlen < CRYPTO_SEAL_OVERHEAD)
		return -1;
	if (crypto_box_seal_open(out, in, inlen, pk, sk) != 0) {
		sodium_memzero(out, inlen - CRYPTO_SEAL_OVERHEAD);
		return -1;
	}
	return 0;
}

/*
 * -1 (all bits set) when a < b, else 0; for |a - b| < 256. Used so that
 * base32 of secrets takes no branch and no table look-up on their bits.
 */
static int
ct_lt(int a, int b)
{
	return (a - b) >> 8;
}

/* The RFC 4648 base32 character for v in [0, 32). */
static char
b32_char(unsigned int v)
{
	int x = (int)v;

	/* 'A'..'Z' for 0..25, then '2'..'7'. */
	return (char)('A' + x + (~ct_lt(x, 26) & ('2' - 26 - 'A')));
}

/* The value of a base32 character (either case), or -1. */
static int
b32_value(unsigned char c)
{
	int l = (c | 0x20) - 'a', d = c - '2';
	int isl = ~ct_lt(l, 0) & ct_lt(l, 26);
	int isd = ~ct_lt(d, 0) & ct_lt(d, 6);

	return (l & isl) | ((d + 26) & isd) | ~(isl | isd);
}

void
crypto_recovery_new(unsigned char key[CRYPTO_KEY_BYTES],
    char text[CRYPTO_RECOVERY_TEXT])
{
	unsigned int acc = 0;
	size_t i, o = 0, nc = 0;
	int bits = 0;

	randombytes_buf(key, CRYPTO_KEY_BYTES);
	for (i = 0; i <= CRYPTO_KEY_BYTES; i++) {
		if (i < CRYPTO_KEY_BYTES) {
			acc = (acc << 8) | key[i];
			bits += 8;
		} else if (bits > 0) {
			/* The last character: zero bits pad to 260. */
			acc <<= 5 - bits;
			bits = 5;
		}
		while (bits >= 5) {
			if (nc > 0 && nc % RECOVERY_GROUP == 0)
				text[o++] = '-';
			text[o++] = b32_char((acc >> (bits - 5)) & 31);
			nc++;
			bits -= 5;
		}
		acc &= (1U << bits) - 1;
	}
	text[o] = '\0';
	acc = 0;
}

int
crypto_recovery_parse(const char *text, unsigned char key[CRYPTO_KEY_BYTES])
{
	unsigned int acc = 0;
	size_t nc = 0, o = 0;
	int bits = 0, v, ret = -1;

	for (; *text != '\0'; text++) {
		if (*text == ' ' || *text == '-')
			continue;
		if ((v = b32_value((unsigned char)*text)) == -1 ||
		    ++nc > RECOVERY_CHARS)
			goto fail;
		acc = (acc << 5) | (unsigned int)v;
		bits += 5;
		if (bits >= 8) {
			key[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
			acc &= (1U << bits) - 1;
		}
	}
	/* 52 characters are 260 bits: 256 of key, then 4 zero bits. */
	if (nc != RECOVERY_CHARS || o != CRYPTO_KEY_BYTES || acc != 0)
		goto fail;
	ret = 0;
fail:
	if (ret == -1)
		sodium_memzero(key, CRYPTO_KEY_BYTES);
	acc = 0;
	return ret;
}

void
crypto_recovery_kek(const unsigned char key[CRYPTO_KEY_BYTES],
    unsigned char kek[CRYPTO_KEY_BYTES])
{
	crypto_hash_ctx(kek, key, CRYPTO_KEY_BYTES, "wbs-recovery", NULL, 0);
}

void
crypto_hash_ctx(unsigned char out[CRYPTO_KEY_BYTES],
    const unsigned char *key, size_t keylen, const char *context,
    const void *data, size_t len)
{
	crypto_generichash_state st;
	unsigned char k2[CRYPTO_KEY_BYTES];
	const unsigned char sep = 0x00;

	if (key != NULL && (keylen < crypto_generichash_KEYBYTES_MIN ||
	    keylen > crypto_generichash_KEYBYTES_MAX)) {
		/* Too short or too long for BLAKE2b: key with its hash. */
		crypto_generichash(k2, sizeof(k2), key, keylen, NULL, 0);
		key = k2;
		keylen = sizeof(k2);
	}
	crypto_generichash_init(&st, key, key == NULL ? 0 : keylen,
	    CRYPTO_KEY_BYTES);
	if (context != NULL)
		crypto_generichash_update(&st, (const unsigned char *)context,
		    strlen(context));
	crypto_generichash_update(&st, &sep, 1);
	if (len > 0)
		crypto_generichash_update(&st, data, len);
	crypto_generichash_final(&st, out, CRYPTO_KEY_BYTES);
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(k2, sizeof(k2));
}

int
crypto_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void
crypto_b64url_encode(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, CRYPTO_B64URL_LEN(n), in, n, B64URL);
}

int
crypto_b64url_decode(unsigned char *out, size_t outcap, size_t *outlen,
    const char *in)
{
	const char *end;
	size_t inlen = strlen(in);

	*outlen = 0;
	if (sodium_base642bin(out, outcap, in, inlen, NULL, outlen, &end,
	    B64URL) != 0 || end != in + inlen) {
		*outlen = 0;
		return -1;
	}
	return 0;
}

/* --- reports: records, files, access codes, receipts ------------------ */

_Static_assert(CRYPTO_RECORD_OVERHEAD ==
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
    crypto_aead_xchacha20poly1305_ietf_ABYTES, "record overhead");
_Static_assert(CRYPTO_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES &&
    CRYPTO_KEY_BYTES == crypto_kdf_KEYBYTES &&
    CRYPTO_KEY_BYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES &&
    CRYPTO_KEY_BYTES == crypto_box_SEEDBYTES &&
    CRYPTO_KEY_BYTES == crypto_sign_PUBLICKEYBYTES, "report key size");
_Static_assert(crypto_kdf_CONTEXTBYTES == 8, "subkey context");
_Static_assert(CRYPTO_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(CRYPTO_STREAM_HEADER ==
    crypto_secretstream_xchacha20poly1305_HEADERBYTES &&
    CRYPTO_STREAM_ABYTES == crypto_secretstream_xchacha20poly1305_ABYTES,
    "stream sizes");
_Static_assert(CRYPTO_SALT_BYTES <= CRYPTO_KEY_BYTES, "code salt");

#define REC_NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define CODE_GROUP	4

size_t
crypto_record_len(size_t len)
{
	/* sodium_pad always adds at least one byte (the 0x80 marker). */
	return (len / CRYPTO_RECORD_BLOCK + 1) * CRYPTO_RECORD_BLOCK +
	    CRYPTO_RECORD_OVERHEAD;
}

void
crypto_record_seal(unsigned char *out, const void *msg, size_t len,
    const void *ad, size_t adlen, const unsigned char key[CRYPTO_KEY_BYTES])
{
	unsigned char *body = out + REC_NONCE;
	size_t padded = crypto_record_len(len) - CRYPTO_RECORD_OVERHEAD;
	size_t plen;

	/* Pad in place in out, then encrypt in place (libsodium allows it). */
	if (len > 0)
		memmove(body, msg, len);
	if (sodium_pad(&plen, body, len, CRYPTO_RECORD_BLOCK, padded) != 0 ||
	    plen != padded)
		abort();	/* cannot happen: padded is exactly enough */
	randombytes_buf(out, REC_NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(body, NULL, body, padded,
	    ad, ad == NULL ? 0 : adlen, NULL, out, key);
}

int
crypto_record_open(unsigned char *out, size_t outcap, size_t *outlen,
    const unsigned char *in, size_t inlen, const void *ad, size_t adlen,
    const unsigned char key[CRYPTO_KEY_BYTES])
{
	size_t padded, ulen;

	*outlen = 0;
	if (inlen < CRYPTO_RECORD_OVERHEAD + CRYPTO_RECORD_BLOCK)
		goto fail;
	padded = inlen - CRYPTO_RECORD_OVERHEAD;
	if (padded % CRYPTO_RECORD_BLOCK != 0 || outcap < padded)
		goto fail;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL,
	    in + REC_NONCE, inlen - REC_NONCE, ad, ad == NULL ? 0 : adlen,
	    in, key) != 0)
		goto fail;
	if (sodium_unpad(&ulen, out, padded, CRYPTO_RECORD_BLOCK) != 0)
		goto fail;
	/* Leave nothing of the padding behind the plaintext. */
	sodium_memzero(out + ulen, padded - ulen);
	*outlen = ulen;
	return 0;
fail:
	sodium_memzero(out, outcap);
	return -1;
}

void
crypto_subkey(unsigned char out[CRYPTO_KEY_BYTES],
    const unsigned char key[CRYPTO_KEY_BYTES], const char context[8],
    uint64_t id)
{
	if (crypto_kdf_derive_from_key(out, CRYPTO_KEY_BYTES, id, context,
	    key) != 0)
		abort();	/* cannot happen: 32 bytes is in range */
}

void
crypto_code_new(char out[CRYPTO_CODE_DIGITS + 1])
{
	size_t i;

	for (i = 0; i < CRYPTO_CODE_DIGITS; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[CRYPTO_CODE_DIGITS] = '\0';
}

int
crypto_code_normalise(const char *in, char out[CRYPTO_CODE_DIGITS + 1])
{
	size_t n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-' || *in == '.' || *in == '\t')
			continue;
		if (*in < '0' || *in > '9' || n == CRYPTO_CODE_DIGITS)
			goto fail;
		out[n++] = *in;
	}
	if (n != CRYPTO_CODE_DIGITS)
		goto fail;
	out[n] = '\0';
	return 0;
fail:
	sodium_memzero(out, CRYPTO_CODE_DIGITS + 1);
	return -1;
}

void
crypto_code_format(const char digits[CRYPTO_CODE_DIGITS + 1], char out[25])
{
	size_t i, o = 0;

	for (i = 0; i < CRYPTO_CODE_DIGITS; i++) {
		if (i > 0 && i % CODE_GROUP == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/*
 * Argon2id gives 64 bytes: the first half, hashed under the pepper, is
 * the lookup value; the second half, hashed, seeds the key pair. The
 * salt is fixed per installation (derived from the pepper): codes are
 * uniformly random, so a per-code salt would buy nothing, and a lookup
 * by code needs a salt known before the row is found.
 */
int
crypto_code_derive(const struct server_keys *keys,
    const char digits[CRYPTO_CODE_DIGITS + 1],
    const struct crypto_pwparams *pp, unsigned char lookup[32],
    unsigned char pk[CRYPTO_KEY_BYTES], unsigned char sk[CRYPTO_KEY_BYTES])
{
	unsigned char salt[CRYPTO_KEY_BYTES];
	unsigned char *sec;	/* Argon2id output (64) || seed (32) */
	size_t i;
	int ret = -1;

	sec = crypto_secure_alloc(PWHASH_OUT + CRYPTO_KEY_BYTES);
	for (i = 0; i < CRYPTO_CODE_DIGITS; i++)
		if (digits[i] < '0' || digits[i] > '9')
			goto fail;
	if (digits[CRYPTO_CODE_DIGITS] != '\0' ||
	    crypto_pwparams_check(pp) == -1)
		goto fail;
	crypto_hash_ctx(salt, keys->pepper, sizeof(keys->pepper),
	    "wbs-code-salt", NULL, 0);
	if (pwhash(sec, PWHASH_OUT, digits, CRYPTO_CODE_DIGITS, salt, pp) != 0)
		goto fail;
	crypto_hash_ctx(lookup, keys->pepper, sizeof(keys->pepper),
	    "wbs-code-lookup", sec, CRYPTO_KEY_BYTES);
	crypto_hash_ctx(sec + PWHASH_OUT, NULL, 0, "wbs-code-keypair",
	    sec + CRYPTO_KEY_BYTES, CRYPTO_KEY_BYTES);
	if (crypto_box_seed_keypair(pk, sk, sec + PWHASH_OUT) != 0)
		goto fail;
	ret = 0;
fail:
	if (ret == -1) {
		sodium_memzero(lookup, 32);
		sodium_memzero(pk, CRYPTO_KEY_BYTES);
		sodium_memzero(sk, CRYPTO_KEY_BYTES);
	}
	sodium_memzero(salt, sizeof(salt));
	crypto_secure_free(sec);
	return ret;
}

void
crypto_receipt_sign(const struct server_keys *keys, const void *msg,
    size_t len, unsigned char sig[CRYPTO_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, keys->sign_sk);
}

void
crypto_receipt_pk(const struct server_keys *keys,
    unsigned char pk[CRYPTO_KEY_BYTES])
{
	memcpy(pk, keys->sign_pk, CRYPTO_KEY_BYTES);
}

int
crypto_receipt_verify(const unsigned char pk[CRYPTO_KEY_BYTES],
    const void *msg, size_t len, const unsigned char sig[CRYPTO_SIG_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : -1;
}

/* Lives in guarded memory: the state holds the stream's current key. */
struct crypto_stream {
	crypto_secretstream_xchacha20poly1305_state	st;
	int						done; /* FINAL or failed */
};

struct crypto_stream *
crypto_stream_push_new(const unsigned char key[CRYPTO_KEY_BYTES],
    unsigned char header[CRYPTO_STREAM_HEADER])
{
	struct crypto_stream *s;

	s = crypto_secure_alloc(sizeof(*s));
	s->done = 0;
	crypto_secretstream_xchacha20poly1305_init_push(&s->st, header, key);
	return s;
}

void
crypto_stream_push(struct crypto_stream *s, const unsigned char *in,
    size_t len, int final, unsigned char *out)
{
	crypto_secretstream_xchacha20poly1305_push(&s->st, out, NULL, in, len,
	    NULL, 0, final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL :
	    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
}

struct crypto_stream *
crypto_stream_pull_new(const unsigned char key[CRYPTO_KEY_BYTES],
    const unsigned char header[CRYPTO_STREAM_HEADER])
{
	struct crypto_stream *s;

	s = crypto_secure_alloc(sizeof(*s));
	s->done = 0;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&s->st, header,
	    key) != 0) {
		crypto_secure_free(s);
		return NULL;
	}
	return s;
}

/*
 * Once a chunk failed or the FINAL chunk was read, every later pull
 * fails: nothing is accepted after the end, nor after damage. On
 * failure out (len - CRYPTO_STREAM_ABYTES bytes) is zeroed.
 */
int
crypto_stream_pull(struct crypto_stream *s, const unsigned char *in,
    size_t len, unsigned char *out, int *final)
{
	unsigned char tag;

	*final = 0;
	if (s->done || len < CRYPTO_STREAM_ABYTES)
		goto fail;
	if (crypto_secretstream_xchacha20poly1305_pull(&s->st, out, NULL, &tag,
	    in, len, NULL, 0) != 0)
		goto fail;
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
		*final = 1;
	else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		goto fail;	/* not written by crypto_stream_push */
	s->done = *final;
	return 0;
fail:
	if (len >= CRYPTO_STREAM_ABYTES)
		sodium_memzero(out, len - CRYPTO_STREAM_ABYTES);
	*final = 0;
	s->done = 1;
	return -1;
}

void
crypto_stream_free(struct crypto_stream *s)
{
	crypto_secure_free(s);
}
