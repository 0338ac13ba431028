/*
 * ratelimit.h: in-memory throttles with a growing delay, keyed by a
 * keyed hash of a string (a client address, an account name). The hash
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
	unsigned	free_failures;	/* failures before any delay */
	unsigned	base_delay;	/* seconds after the first delayed failure */
	unsigned	max_delay;	/* the delay doubles up to this */
	unsigned	rotate;		/* seconds between key rotations */
	size_t		capacity;	/* entries; when full, the table rotates */
};

struct ratelimit *ratelimit_new(const struct ratelimit_policy *);
void		 ratelimit_free(struct ratelimit *);
/*
 * Returns 0 when an attempt for key may go ahead at time now, else the
 * number of seconds until it may.
 */
unsigned	 ratelimit_check(struct ratelimit *, const void *key,
		    size_t keylen, time_t now);
/* Records a failure for key at time now. */
void		 ratelimit_fail(struct ratelimit *, const void *key,
		    size_t keylen, time_t now);
/* Forgets key (after a success). */
void		 ratelimit_clear(struct ratelimit *, const void *key,
		    size_t keylen);
/*
 * Counts an event for key in the current window of `window` seconds;
 * returns 1 when the count then exceeds limit (the event should be
 * refused), else 0. Shares the table and its rotation.
 */
int		 ratelimit_window(struct ratelimit *, const void *key,
		    size_t keylen, time_t now, unsigned window, unsigned limit);

#endif
