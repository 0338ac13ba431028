/*
 * pow.c: proof-of-work challenges: issuing, checking, and remembering
 * which were spent (in memory only, for their lifetime).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "pow.h"
#include "ratelimit.h"
#include "util.h"

#define POW_NONCE_MAX	32

struct pow {
	unsigned		 bits;
	unsigned char		*key;		/* guarded, in memory only */
	struct ratelimit	*spent;
};

static const struct ratelimit_policy spent_policy = {
	1, 1, POW_TTL * 2, 262144
};

struct pow *
pow_new(unsigned bits)
{
	struct pow *p = xcalloc(1, sizeof(*p));

	p->bits = bits;
	p->key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_random(p->key, CRYPTO_KEY_BYTES);
	p->spent = ratelimit_new(&spent_policy);
	return p;
}

void
pow_free(struct pow *p)
{
	if (p == NULL)
		return;
	crypto_secure_free(p->key);
	ratelimit_free(p->spent);
	free(p);
}

unsigned
pow_bits(const struct pow *p)
{
	return p->bits;
}

/* raw: 8 bytes time (LE), 16 random, 16 MAC */
static void
mac(const struct pow *p, const unsigned char raw[24], unsigned char out[16])
{
	unsigned char h[CRYPTO_KEY_BYTES];

	crypto_hash_ctx(h, p->key, CRYPTO_KEY_BYTES, "wbs-pow", raw, 24);
	memcpy(out, h, 16);
}

void
pow_challenge(struct pow *p, time_t now, char out[POW_TEXT])
{
	unsigned char raw[40];
	uint64_t t = (uint64_t)now;
	int i;

	for (i = 0; i < 8; i++)
		raw[i] = (unsigned char)(t >> (8 * i));
	crypto_random(raw + 8, 16);
	mac(p, raw, raw + 24);
	crypto_b64url_encode(out, raw, sizeof(raw));
}

int
pow_solves(const char *challenge, const char *nonce, unsigned bits)
{
	unsigned char h[32];
	char buf[POW_TEXT + 1 + POW_NONCE_MAX + 1];
	unsigned i;
	int n;

	n = snprintf(buf, sizeof(buf), "%s:%s", challenge, nonce);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return 0;
	crypto_sha256(h, buf, (size_t)n);
	for (i = 0; i < bits; i++)
		if (h[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

int
pow_check(struct pow *p, const char *challenge, const char *nonce,
    time_t now)
{
	unsigned char raw[40], m[16];
	size_t n, i;
	uint64_t t = 0;

	if (p->bits == 0 || challenge == NULL || nonce == NULL ||
	    strlen(challenge) >= POW_TEXT || *nonce == '\0' ||
	    strlen(nonce) > POW_NONCE_MAX)
		return 0;
	for (i = 0; nonce[i] != '\0'; i++)
		if (nonce[i] < '0' || nonce[i] > '9')
			return 0;
	if (crypto_b64url_decode(raw, sizeof(raw), &n, challenge) == -1 ||
	    n != sizeof(raw))
		return 0;
	mac(p, raw, m);
	if (!crypto_equal(m, raw + 24, 16))
		return 0;
	for (i = 0; i < 8; i++)
		t |= (uint64_t)raw[i] << (8 * i);
	if ((uint64_t)now < t || (uint64_t)now - t > POW_TTL)
		return 0;
	if (!pow_solves(challenge, nonce, p->bits))
		return 0;
	/* Spent: a second use of the same challenge counts for nothing. */
	return ratelimit_window(p->spent, raw, sizeof(raw), now, POW_TTL * 2,
	    1) ? 0 : 1;
}
