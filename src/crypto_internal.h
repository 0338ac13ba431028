/*
 * crypto_internal.h: what crypto.c lends to keyfile.c (the server key
 * file's reader and writer) so that crypto.c stays the only file that
 * includes sodium.h. Only crypto.c and keyfile.c include this header;
 * everyone else sees struct server_keys as opaque.
 */
#ifndef WBS_CRYPTO_INTERNAL_H
#define WBS_CRYPTO_INTERNAL_H

#include <stddef.h>

#define CRYPTO_SIGN_PK_BYTES	32	/* Ed25519 public key */
#define CRYPTO_SIGN_SK_BYTES	64	/* Ed25519 secret key (seed || pk) */
/* Standard, padded base64 of n bytes, with the NUL. */
#define CRYPTO_B64_LEN(n)	(((n) + 2) / 3 * 4 + 1)

/* Lives in guarded memory (crypto_secure_alloc), read-only once loaded. */
struct server_keys {
	int		version;	/* key file format version */
	unsigned char	pepper[32];	/* keys access-code lookup hashes */
	unsigned char	sign_pk[CRYPTO_SIGN_PK_BYTES];
	unsigned char	sign_sk[CRYPTO_SIGN_SK_BYTES];
	unsigned char	ratelimit[32];	/* reserved: rate-limit hash seed */
};

/* Standard, padded base64; out must hold CRYPTO_B64_LEN(n) bytes. */
void	 crypto_b64std_encode(char *out, const unsigned char *in, size_t n);
/*
 * Decodes the whole of in[0..inlen) (standard, padded base64) into
 * exactly want bytes at out. Returns 0, or -1 when a character is
 * foreign, padding is missing, or the length is not want.
 */
int	 crypto_b64std_decode(unsigned char *out, size_t want, const char *in,
	    size_t inlen);

/* A new Ed25519 key pair. Returns 0 or -1. */
int	 crypto_signkey_new(unsigned char pk[CRYPTO_SIGN_PK_BYTES],
	    unsigned char sk[CRYPTO_SIGN_SK_BYTES]);
/*
 * Sets pk to the public half stored in sk. Returns 0, or -1 when the
 * seed inside sk does not give that public key (a damaged key).
 */
int	 crypto_signkey_check(const unsigned char sk[CRYPTO_SIGN_SK_BYTES],
	    unsigned char pk[CRYPTO_SIGN_PK_BYTES]);

/* Makes guarded memory read-only. Returns 0 or -1. */
int	 crypto_secure_readonly(void *);

#endif
