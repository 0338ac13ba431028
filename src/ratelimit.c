/*
 * ratelimit.c: a fixed-size open-addressing table of throttle entries,
 * indexed by a keyed BLAKE2b hash of the caller's key. A bucket is kept
 * as one time (the generic cell rate algorithm): tat, when the bucket
 * would be full again; a token is left while tat - now is at most
 * (burst - 1) intervals, and a failure moves tat one interval on.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "ratelimit.h"
#include "util.h"

struct rl_entry {
	unsigned char	h[16];		/* all zero: empty */
	time_t		tat;		/* the bucket is full from then on */
	time_t		window_start;
	unsigned	window_count;
};

struct ratelimit {
	struct ratelimit_policy	 pol;
	pthread_mutex_t		 lock;
	unsigned char		*key;		/* guarded memory */
	time_t			 rotated;
	struct rl_entry		*tab;
	size_t			 used;
};

static void
rotate(struct ratelimit *rl, time_t now)
{
	crypto_random(rl->key, CRYPTO_KEY_BYTES);
	/*
	 * A fresh zeroed table rather than memset: the memory of an unused
	 * table then stays untouched (calloc of a large block maps zero
	 * pages), so idle tables cost no resident memory.
	 */
	free(rl->tab);
	rl->tab = xcalloc(rl->pol.capacity, sizeof(*rl->tab));
	rl->used = 0;
	rl->rotated = now;
}

struct ratelimit *
ratelimit_new(const struct ratelimit_policy *pol)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	rl->pol = *pol;
	if (rl->pol.burst == 0)
		rl->pol.burst = 1;
	if (rl->pol.interval == 0)
		rl->pol.interval = 1;
	if (rl->pol.capacity < 16)
		rl->pol.capacity = 16;
	if (rl->pol.rotate == 0)
		rl->pol.rotate = 3600;
	pthread_mutex_init(&rl->lock, NULL);
	rl->key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	rotate(rl, 0);
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	crypto_secure_free(rl->key);
	free(rl->tab);
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

/*
 * Finds (or, with create, makes) the entry for key. Called locked.
 * Returns NULL when absent and not created.
 */
static struct rl_entry *
lookup(struct ratelimit *rl, const void *key, size_t keylen, time_t now,
    int create)
{
	unsigned char h[CRYPTO_KEY_BYTES];
	static const unsigned char zero[16];
	size_t i, n = rl->pol.capacity, start;

	if (now - rl->rotated >= (time_t)rl->pol.rotate || now < rl->rotated)
		rotate(rl, now);
	crypto_hash_ctx(h, rl->key, CRYPTO_KEY_BYTES, "ratelimit", key,
	    keylen);
	if (memcmp(h, zero, 16) == 0)
		h[0] = 1;
	start = ((size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 |
	    (size_t)h[3] << 24) % n;
	for (i = 0; i < n; i++) {
		struct rl_entry *e = &rl->tab[(start + i) % n];

		if (memcmp(e->h, h, 16) == 0)
			return e;
		if (memcmp(e->h, zero, 16) == 0) {
			if (!create)
				return NULL;
			if (rl->used * 4 >= n * 3) {
				/* Full: start afresh rather than degrade. */
				rotate(rl, now);
				return lookup(rl, key, keylen, now, create);
			}
			memcpy(e->h, h, 16);
			rl->used++;
			return e;
		}
	}
	return NULL;
}

unsigned
ratelimit_check(struct ratelimit *rl, const void *key, size_t keylen,
    time_t now)
{
	struct rl_entry *e;
	time_t slack = (time_t)(rl->pol.burst - 1) * rl->pol.interval;
	unsigned wait = 0;

	pthread_mutex_lock(&rl->lock);
	e = lookup(rl, key, keylen, now, 0);
	if (e != NULL && e->tat - now > slack)
		wait = (unsigned)(e->tat - now - slack);
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

void
ratelimit_fail(struct ratelimit *rl, const void *key, size_t keylen,
    time_t now)
{
	struct rl_entry *e;
	time_t cap = now + (time_t)rl->pol.burst * rl->pol.interval;

	pthread_mutex_lock(&rl->lock);
	e = lookup(rl, key, keylen, now, 1);
	if (e != NULL) {
		e->tat = (e->tat > now ? e->tat : now) + rl->pol.interval;
		if (e->tat > cap)
			e->tat = cap;	/* an empty bucket stays empty */
	}
	pthread_mutex_unlock(&rl->lock);
}

void
ratelimit_clear(struct ratelimit *rl, const void *key, size_t keylen)
{
	struct rl_entry *e;

	pthread_mutex_lock(&rl->lock);
	e = lookup(rl, key, keylen, rl->rotated, 0);
	if (e != NULL)
		e->tat = 0;	/* keep the slot: probing relies on it */
	pthread_mutex_unlock(&rl->lock);
}

unsigned
ratelimit_window(struct ratelimit *rl, const void *key, size_t keylen,
    time_t now, unsigned window, unsigned limit)
{
	struct rl_entry *e;
	unsigned refuse = 0;

	pthread_mutex_lock(&rl->lock);
	e = lookup(rl, key, keylen, now, 1);
	if (e != NULL) {
		if (now - e->window_start >= (time_t)window ||
		    now < e->window_start) {
			e->window_start = now;
			e->window_count = 0;
		}
		if (e->window_count < ~0u)
			e->window_count++;
		if (e->window_count > limit) {
			time_t left = e->window_start + (time_t)window - now;

			refuse = left > 0 ? (unsigned)left : 1;
		}
	}
	pthread_mutex_unlock(&rl->lock);
	return refuse;
}
