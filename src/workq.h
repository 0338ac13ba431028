/*
 * workq.h: the bounded worker pool for slow work (Argon2id, mat2, file
 * encryption, PDF rendering), so that the HTTP threads only move bytes
 * and render pages. Jobs wait in one FIFO queue of bounded length; a job
 * that waited longer than the deadline, or whose client has hung up, is
 * finished without running. Each source (a client address, as the HTTP
 * layer determined it) may hold only a few places in the queue, so that
 * one client cannot take every place. Knows nothing of HTTP.
 */
#ifndef WBS_WORKQ_H
#define WBS_WORKQ_H

#include <stddef.h>
#include <stdint.h>

struct workq;

/* How a job ended; its done() callback receives it. */
enum workq_outcome {
	WORKQ_RAN,	/* run() was called */
	WORKQ_EXPIRED,	/* waited past the deadline: not run */
	WORKQ_GONE,	/* its client hung up before its turn: not run */
	WORKQ_STOPPED	/* the pool is stopping: not run */
};

struct workq_job {
	/* Set by the submitter. */
	void		(*run)(struct workq_job *);	/* on a worker */
	/*
	 * Called exactly once for an accepted job, after run() or instead
	 * of it, from a worker or from workq_expire()'s caller.
	 */
	void		(*done)(struct workq_job *, enum workq_outcome);
	int		 fd;		/* client socket to watch, or -1 */
	unsigned char	 src[16];	/* source (memory only), srclen bytes */
	size_t		 srclen;
	/* The pool's own. */
	uint64_t	 queued_ms;
	struct workq_job *next;
};

struct workq_limits {
	unsigned	workers;	/* threads (>= 1) */
	unsigned	max_queue;	/* jobs waiting, not counting running ones */
	unsigned	max_wait_ms;	/* longest wait before the job runs */
	unsigned	per_source;	/* queued + running jobs of one source */
	/*
	 * Called by a worker when the pool falls idle after running jobs
	 * (to give memory back); may be NULL.
	 */
	void		(*on_idle)(void);
};

enum workq_refusal {
	WORKQ_OK,
	WORKQ_FULL,		/* the queue is full */
	WORKQ_SOURCE_FULL	/* this source already holds its share */
};

struct workq_stats {
	uint64_t	ran, expired, gone, refused;
	unsigned	queued, running;
};

/* Starts the workers; NULL when a thread cannot be started. */
struct workq	*workq_new(const struct workq_limits *);
/*
 * Finishes every queued job with WORKQ_STOPPED, waits for the running
 * ones, stops the workers and frees the pool. NULL is ignored.
 */
void		 workq_free(struct workq *);
/*
 * Queues a job. On a refusal the job is not the pool's and done() is
 * not called.
 */
enum workq_refusal workq_submit(struct workq *, struct workq_job *);
/*
 * Finishes the queued jobs that waited too long (WORKQ_EXPIRED) or
 * whose client hung up (WORKQ_GONE). Called periodically (every half
 * second by the HTTP watchdog); workers also check a job before
 * running it.
 */
void		 workq_expire(struct workq *);
/*
 * Seconds a client refused now had better wait before trying again:
 * the queue's current length times the recent mean job time, divided
 * among the workers, at least 1 and at most 120.
 */
unsigned	 workq_retry_after(struct workq *);
void		 workq_get_stats(struct workq *, struct workq_stats *);

#endif
