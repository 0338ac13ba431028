/*
 * ratelimit.h: in-memory token buckets (and event windows), keyed by a
 * keyed hash of a string (a client address, an account name). A bucket
 * holds up to `burst` tokens, each failure takes one, and one comes back
 * every `interval` seconds: after a burst, a few tries a minute, and a
 * refused attempt costs nothing, so waiting is never made longer by
 * trying. The hash
 * key is random, held in memory only, and replaced every rotation
 * period, when the table is emptied: nothing here is ever stored, and an
 * address cannot be recovered from the table. Thread-safe.
 */
#ifndef WBS_RATELIMIT_H
#define WBS_RATELIMIT_H

#include <stddef.h>
#include <time.h>

struct ratelimit;

struct ratelimit_policy {
	unsigned	burst;		/* failures allowed at once (>= 1) */
	unsigned	interval;	/* seconds for one token to come back */
	unsigned	rotate;		/* seconds between key rotations */
	size_t		capacity;	/* entries; when full, the table rotates */
};

struct ratelimit *ratelimit_new(const struct ratelimit_policy *);
void		 ratelimit_free(struct ratelimit *);
/*
 * Returns 0 when an attempt for key may go ahead at time now (a token is
 * left), else the number of seconds until it may. Takes nothing.
 */
unsigned	 ratelimit_check(struct ratelimit *, const void *key,
		    size_t keylen, time_t now);
/* Records a failure for key at time now: takes one token. */
void		 ratelimit_fail(struct ratelimit *, const void *key,
		    size_t keylen, time_t now);
/* Refills key's bucket (after a success). */
void		 ratelimit_clear(struct ratelimit *, const void *key,
		    size_t keylen);
/*
 * Counts an event for key in the current window of `window` seconds;
 * returns 0, or, when the count then exceeds limit (the event should be
 * refused), the seconds until the window ends (at least 1). Shares the
 * table and its rotation.
 */
unsigned	 ratelimit_window(struct ratelimit *, const void *key,
		    size_t keylen, time_t now, unsigned window, unsigned limit);

#endif
