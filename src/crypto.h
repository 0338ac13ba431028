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

#endif
