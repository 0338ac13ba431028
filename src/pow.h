/*
 * pow.h: an optional proof-of-work for the report form, instead of a
 * CAPTCHA (no third party, no tracking). The server hands out a
 * challenge (time, random bytes and a MAC under a key held in memory);
 * a small script finds a nonce such that SHA-256(challenge ":" nonce)
 * starts with pow_bits zero bits. A solved challenge counts once.
 */
#ifndef WBS_POW_H
#define WBS_POW_H

#include <stddef.h>
#include <time.h>

#define POW_TEXT	64	/* a challenge's text + NUL */
#define POW_TTL		3600	/* seconds a challenge stays valid */

struct pow;

struct pow	*pow_new(unsigned bits);
void		 pow_free(struct pow *);
/* A fresh challenge for time now. */
void		 pow_challenge(struct pow *, time_t now, char out[POW_TEXT]);
/*
 * 1 when challenge is ours, unexpired, not used before, and nonce solves
 * it (the challenge is then spent); 0 otherwise. Always 0 when bits is 0.
 */
int		 pow_check(struct pow *, const char *challenge, const char *nonce,
		    time_t now);
/* 1 if SHA-256(challenge ":" nonce) has bits leading zero bits. */
int		 pow_solves(const char *challenge, const char *nonce,
		    unsigned bits);
unsigned	 pow_bits(const struct pow *);

#endif
