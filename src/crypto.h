/*
 * crypto.h: every cryptographic operation of wbs. Only crypto.c includes
 * sodium.h. Secrets live in guarded memory and are wiped when freed.
 */
#ifndef WBS_CRYPTO_H
#define WBS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* Initialises libsodium. Returns 0 or -1. Call once before anything else. */
int	 crypto_init(void);

/* Fills buf with n unpredictable bytes. */
void	 crypto_random(void *buf, size_t n);
/* Uniform integer in [0, upper). */
uint32_t crypto_random_uniform(uint32_t upper);
/* Wipes n bytes at p (not optimised away). */
void	 crypto_wipe(void *p, size_t n);

/* Lower-case hex encoding; out must hold 2*n+1 bytes. */
void	 crypto_hex(char *out, const void *in, size_t n);
/* SHA-256 (for the proof-of-work that browsers compute). */
void	 crypto_sha256(unsigned char out[32], const void *data, size_t n);
/* Unkeyed BLAKE2b-128 of data as 32 hex chars + NUL (for ETags). */
void	 crypto_digest_hex(char out[33], const void *data, size_t n);

/*
 * The server key file (data/server.key): the secrets that never go into
 * the database: the pepper for access-code lookups, the Ed25519 receipt
 * signing key, and the key for per-source rate-limit hashes' seed.
 */
struct server_keys;

/*
 * Creates a new key file at path with mode 0600. Refuses (returns -1)
 * when the file exists. Returns 0 or -1 with err set.
 */
int	 crypto_keyfile_create(const char *path, char *err, size_t errlen);
/*
 * Loads the key file; refuses files readable by group or others.
 * Returns 0 or -1 with err set.
 */
int	 crypto_keyfile_load(const char *path, struct server_keys **,
	    char *err, size_t errlen);
void	 crypto_keys_free(struct server_keys *);
/* The receipt-signing public key as hex (64 chars + NUL). */
void	 crypto_keys_sign_pk_hex(const struct server_keys *, char out[65]);

/* --- primitives for accounts and sessions ---------------------------- */

#define CRYPTO_KEY_BYTES	32	/* symmetric keys, X25519 keys */
#define CRYPTO_SALT_BYTES	16	/* Argon2id salts */
#define CRYPTO_WRAP_OVERHEAD	40	/* nonce (24) + MAC (16) */
#define CRYPTO_WRAPPED(n)	((n) + CRYPTO_WRAP_OVERHEAD)
#define CRYPTO_SEAL_OVERHEAD	48	/* ephemeral pk (32) + MAC (16) */
#define CRYPTO_RECOVERY_TEXT	72	/* buffer for a recovery key's text form */
#define CRYPTO_TOKEN_BYTES	32	/* session and enrolment tokens */
#define CRYPTO_TOKEN_TEXT	44	/* base64url of a token + NUL */

/* Guarded memory for secrets (sodium_malloc); wiped and freed by _free. */
void	*crypto_secure_alloc(size_t);
void	 crypto_secure_free(void *);

/* Argon2id cost. */
struct crypto_pwparams {
	unsigned long long	ops;	/* passes (opslimit) */
	size_t			mem;	/* bytes (memlimit) */
};
/* libsodium's MODERATE (3 passes, 256 MiB): the default for accounts. */
void	 crypto_pwparams_default(struct crypto_pwparams *);
/* The smallest accepted cost (libsodium's MIN); for tests only. */
void	 crypto_pwparams_min(struct crypto_pwparams *);
/* 0 when the cost is within libsodium's limits, else -1. */
int	 crypto_pwparams_check(const struct crypto_pwparams *);

/*
 * One Argon2id run over the password gives 64 bytes: the first 32 are
 * the key-encryption key (kek) that wraps the account's private key and
 * TOTP secret, the last 32 are hashed (BLAKE2b) into the login verifier
 * stored in the database. kek should be guarded memory. Returns 0, or
 * -1 when memory for Argon2id cannot be had.
 */
/* The number of Argon2id runs since the process started. */
unsigned long crypto_kdf_runs(void);
int	 crypto_password_derive(const char *pw, size_t pwlen,
	    const unsigned char salt[CRYPTO_SALT_BYTES],
	    const struct crypto_pwparams *, unsigned char kek[CRYPTO_KEY_BYTES],
	    unsigned char verifier[CRYPTO_KEY_BYTES]);

/* A new X25519 key pair (crypto_box). */
void	 crypto_box_keypair_new(unsigned char pk[CRYPTO_KEY_BYTES],
	    unsigned char sk[CRYPTO_KEY_BYTES]);

/*
 * Authenticated symmetric encryption (XSalsa20-Poly1305 secretbox with a
 * random nonce): out receives CRYPTO_WRAPPED(len) bytes.
 */
void	 crypto_wrap(unsigned char *out, const unsigned char *msg, size_t len,
	    const unsigned char key[CRYPTO_KEY_BYTES]);
/*
 * Opens what crypto_wrap made: out receives inlen - CRYPTO_WRAP_OVERHEAD
 * bytes. Returns 0, or -1 when the input is short, tampered with, or
 * wrapped under another key (out is then zeroed).
 */
int	 crypto_unwrap(unsigned char *out, const unsigned char *in,
	    size_t inlen, const unsigned char key[CRYPTO_KEY_BYTES]);

/* Anonymous public-key encryption (crypto_box_seal): out gets len + 48. */
void	 crypto_seal(unsigned char *out, const unsigned char *msg, size_t len,
	    const unsigned char pk[CRYPTO_KEY_BYTES]);
/* Returns 0 or -1 (not for this key pair, or tampered with). */
int	 crypto_unseal(unsigned char *out, const unsigned char *in, size_t inlen,
	    const unsigned char pk[CRYPTO_KEY_BYTES],
	    const unsigned char sk[CRYPTO_KEY_BYTES]);

/*
 * Recovery keys: 32 random bytes, written as 52 base32 characters
 * (RFC 4648 alphabet, no padding) in 13 groups of 4 separated by '-'.
 * Parsing ignores case, spaces and dashes. crypto_recovery_kek derives
 * the key that wraps the private key from a recovery key (it has full
 * entropy, so no slow hash is needed).
 */
void	 crypto_recovery_new(unsigned char key[CRYPTO_KEY_BYTES],
	    char text[CRYPTO_RECOVERY_TEXT]);
int	 crypto_recovery_parse(const char *text,
	    unsigned char key[CRYPTO_KEY_BYTES]);
void	 crypto_recovery_kek(const unsigned char key[CRYPTO_KEY_BYTES],
	    unsigned char kek[CRYPTO_KEY_BYTES]);

/*
 * Keyed BLAKE2b-256 of data under key, with a context label so that
 * one key serves several purposes ("session-id", "session-key", "csrf",
 * "enrol", "ratelimit"). key may be NULL (then an unkeyed hash of
 * context || data).
 */
void	 crypto_hash_ctx(unsigned char out[CRYPTO_KEY_BYTES],
	    const unsigned char *key, size_t keylen, const char *context,
	    const void *data, size_t len);

/* Constant-time comparison of n bytes: 1 equal, 0 not. */
int	 crypto_equal(const void *a, const void *b, size_t n);

/*
 * URL-safe base64 without padding. encode: out must hold
 * CRYPTO_B64URL_LEN(n) bytes. decode: returns 0 and the length, or -1
 * (bad characters, or longer than outcap).
 */
#define CRYPTO_B64URL_LEN(n)	(((n) * 4 + 2) / 3 + 1)
void	 crypto_b64url_encode(char *out, const unsigned char *in, size_t n);
int	 crypto_b64url_decode(unsigned char *out, size_t outcap, size_t *outlen,
	    const char *in);

/* --- reports: records, files, access codes, receipts ------------------ */

#define CRYPTO_RECORD_BLOCK	256	/* records are padded to multiples */
#define CRYPTO_RECORD_OVERHEAD	40	/* nonce (24) + tag (16) */
#define CRYPTO_CODE_DIGITS	20
#define CRYPTO_SIG_BYTES	64

/* The sealed size of a record of len bytes (after padding). */
size_t	 crypto_record_len(size_t len);
/*
 * Encrypts msg (padded with sodium_pad to CRYPTO_RECORD_BLOCK) with
 * XChaCha20-Poly1305 under key, binding ad (may be NULL), with a random
 * nonce. out must hold crypto_record_len(len) bytes.
 */
void	 crypto_record_seal(unsigned char *out, const void *msg, size_t len,
	    const void *ad, size_t adlen, const unsigned char key[CRYPTO_KEY_BYTES]);
/*
 * Opens a record into out (capacity outcap; the plaintext is at most
 * inlen - CRYPTO_RECORD_OVERHEAD bytes) and unpads it. Returns 0 and
 * *outlen, or -1 (short, tampered, wrong key or ad, bad padding).
 */
int	 crypto_record_open(unsigned char *out, size_t outcap, size_t *outlen,
	    const unsigned char *in, size_t inlen, const void *ad, size_t adlen,
	    const unsigned char key[CRYPTO_KEY_BYTES]);
/* A subkey of key for (context of 8 chars, id): crypto_kdf_derive_from_key. */
void	 crypto_subkey(unsigned char out[CRYPTO_KEY_BYTES],
	    const unsigned char key[CRYPTO_KEY_BYTES], const char context[8],
	    uint64_t id);

/* 20 uniformly random digits (about 66 bits) and a NUL. */
void	 crypto_code_new(char out[CRYPTO_CODE_DIGITS + 1]);
/*
 * Normalises a typed code: spaces, dashes and dots dropped; 0 and out
 * set when exactly 20 digits remain, else -1.
 */
int	 crypto_code_normalise(const char *in, char out[CRYPTO_CODE_DIGITS + 1]);
/* "1234 5678 9012 3456 7890": groups of 4; out holds 25 bytes. */
void	 crypto_code_format(const char digits[CRYPTO_CODE_DIGITS + 1],
	    char out[25]);
/*
 * Derives from a code, with Argon2id (salt derived from the key file's
 * pepper) then the pepper: the lookup value stored in the database and
 * the reporter's X25519 key pair. Without the key file the lookup value
 * cannot be computed. Returns 0, or -1 (no memory for Argon2id).
 */
int	 crypto_code_derive(const struct server_keys *,
	    const char digits[CRYPTO_CODE_DIGITS + 1],
	    const struct crypto_pwparams *, unsigned char lookup[32],
	    unsigned char pk[CRYPTO_KEY_BYTES], unsigned char sk[CRYPTO_KEY_BYTES]);

/* Receipts: Ed25519 detached signatures with the server's key. */
void	 crypto_receipt_sign(const struct server_keys *, const void *msg,
	    size_t len, unsigned char sig[CRYPTO_SIG_BYTES]);
void	 crypto_receipt_pk(const struct server_keys *,
	    unsigned char pk[CRYPTO_KEY_BYTES]);
/* 0 when sig is pk's signature of msg, else -1. */
int	 crypto_receipt_verify(const unsigned char pk[CRYPTO_KEY_BYTES],
	    const void *msg, size_t len, const unsigned char sig[CRYPTO_SIG_BYTES]);

/*
 * Files: crypto_secretstream_xchacha20poly1305 in chunks. A push stream
 * writes a 24-byte header first; each chunk of at most CRYPTO_STREAM_CHUNK
 * bytes grows by CRYPTO_STREAM_ABYTES; the last is tagged FINAL. A pull
 * stream refuses a tampered chunk and reports the FINAL tag, so a
 * truncated stream is detected by the caller (no FINAL at the end).
 */
#define CRYPTO_STREAM_HEADER	24
#define CRYPTO_STREAM_ABYTES	17
#define CRYPTO_STREAM_CHUNK	65536

struct crypto_stream;

struct crypto_stream *crypto_stream_push_new(
	    const unsigned char key[CRYPTO_KEY_BYTES],
	    unsigned char header[CRYPTO_STREAM_HEADER]);
/* out must hold len + CRYPTO_STREAM_ABYTES bytes. */
void	 crypto_stream_push(struct crypto_stream *, const unsigned char *in,
	    size_t len, int final, unsigned char *out);
/* NULL when the header is not valid for key. */
struct crypto_stream *crypto_stream_pull_new(
	    const unsigned char key[CRYPTO_KEY_BYTES],
	    const unsigned char header[CRYPTO_STREAM_HEADER]);
/* out gets len - CRYPTO_STREAM_ABYTES bytes; -1 on a bad chunk. */
int	 crypto_stream_pull(struct crypto_stream *, const unsigned char *in,
	    size_t len, unsigned char *out, int *final);
void	 crypto_stream_free(struct crypto_stream *);

#endif
