/*
 * workq.c: the worker pool: a FIFO list of jobs under one mutex, a fixed
 * set of threads that take them in order, and the checks that finish a
 * job without running it (deadline passed, client gone, pool stopping).
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "workq.h"

#define WORKQ_NICE	10	/* workers below the HTTP threads */

struct workq {
	struct workq_limits	 lim;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct workq_job	*head, *tail;
	unsigned		 queued;
	struct workq_job	**running;	/* lim.workers slots */
	unsigned		 nrunning;
	pthread_t		*threads;
	unsigned		 nthreads;
	int			 stopping;
	int			 ran_since_idle;
	uint64_t		 mean_ms;	/* recent mean run time */
	struct workq_stats	 st;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* 1 when the peer has closed or reset the connection. */
static int
client_gone(int fd)
{
	struct pollfd p;
	char c;

	if (fd < 0)
		return 0;
	p.fd = fd;
	p.events = POLLIN | POLLRDHUP;
	p.revents = 0;
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))
		return 1;
	/* Readable: more data (pipelining) or an orderly end of stream. */
	return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Why a queued job must not run now, or WORKQ_RAN when it may. */
static enum workq_outcome
verdict(const struct workq *q, const struct workq_job *j, uint64_t now)
{
	if (now - j->queued_ms > q->lim.max_wait_ms)
		return WORKQ_EXPIRED;
	if (client_gone(j->fd))
		return WORKQ_GONE;
	return WORKQ_RAN;
}

static void
count(struct workq *q, enum workq_outcome o)
{
	switch (o) {
	case WORKQ_RAN:
		q->st.ran++;
		break;
	case WORKQ_EXPIRED:
		q->st.expired++;
		break;
	case WORKQ_GONE:
	case WORKQ_STOPPED:
		q->st.gone++;
		break;
	}
}

static struct workq_job *
pop(struct workq *q)
{
	struct workq_job *j = q->head;

	q->head = j->next;
	if (q->head == NULL)
		q->tail = NULL;
	j->next = NULL;
	q->queued--;
	return j;
}

/* Runs one job outside the lock; called and returns locked. */
static void
run_one(struct workq *q, struct workq_job *j, unsigned slot)
{
	uint64_t t0, dt;

	q->running[slot] = j;
	q->nrunning++;
	pthread_mutex_unlock(&q->mu);
	t0 = now_ms();
	j->run(j);
	dt = now_ms() - t0;
	pthread_mutex_lock(&q->mu);
	q->running[slot] = NULL;
	q->nrunning--;
	q->mean_ms = q->mean_ms == 0 ? dt : (q->mean_ms * 7 + dt) / 8;
	q->ran_since_idle = 1;
	count(q, WORKQ_RAN);
}

static void *
worker_main(void *arg)
{
	struct workq *q = arg;
	struct workq_job *j;
	enum workq_outcome o;
	unsigned slot;

	/*
	 * Slow work yields the processor to the threads that serve pages:
	 * on Linux a thread has a nice value of its own.
	 */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), WORKQ_NICE) == -1)
		log_warn("workq: setpriority");
	pthread_mutex_lock(&q->mu);
	for (;;) {
		if (q->head == NULL && q->nrunning == 0 && q->ran_since_idle &&
		    q->lim.on_idle != NULL) {
			q->ran_since_idle = 0;
			pthread_mutex_unlock(&q->mu);
			q->lim.on_idle();
			pthread_mutex_lock(&q->mu);
			continue;
		}
		while (!q->stopping && q->head == NULL)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->head == NULL)
			break;
		j = pop(q);
		o = verdict(q, j, now_ms());
		if (o == WORKQ_RAN) {
			for (slot = 0; q->running[slot] != NULL; slot++)
				;
			run_one(q, j, slot);
		} else
			count(q, o);
		/* The job may be freed by done(): not touched after it. */
		pthread_mutex_unlock(&q->mu);
		j->done(j, o);
		pthread_mutex_lock(&q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

struct workq *
workq_new(const struct workq_limits *lim)
{
	struct workq *q = xcalloc(1, sizeof(*q));

	q->lim = *lim;
	if (q->lim.workers == 0)
		q->lim.workers = 1;
	if (q->lim.per_source == 0)
		q->lim.per_source = 1;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->running = xcalloc(q->lim.workers, sizeof(*q->running));
	q->threads = xcalloc(q->lim.workers, sizeof(*q->threads));
	for (q->nthreads = 0; q->nthreads < q->lim.workers; q->nthreads++)
		if (pthread_create(&q->threads[q->nthreads], NULL,
		    worker_main, q) != 0) {
			log_warnx("workq: cannot start worker %u",
			    q->nthreads + 1);
			workq_free(q);
			return NULL;
		}
	return q;
}

void
workq_free(struct workq *q)
{
	struct workq_job *list, *j;
	unsigned i;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopping = 1;
	list = q->head;
	q->head = q->tail = NULL;
	q->queued = 0;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	while ((j = list) != NULL) {
		list = j->next;
		j->next = NULL;
		j->done(j, WORKQ_STOPPED);
	}
	for (i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q->running);
	free(q->threads);
	free(q);
}

static int
same_source(const struct workq_job *a, const struct workq_job *b)
{
	return a->srclen == b->srclen && memcmp(a->src, b->src,
	    a->srclen) == 0;
}

/* Queued and running jobs of j's source. Called locked. */
static unsigned
source_jobs(const struct workq *q, const struct workq_job *j)
{
	const struct workq_job *o;
	unsigned n = 0, i;

	for (o = q->head; o != NULL; o = o->next)
		n += same_source(o, j);
	for (i = 0; i < q->lim.workers; i++)
		if (q->running[i] != NULL)
			n += same_source(q->running[i], j);
	return n;
}

enum workq_refusal
workq_submit(struct workq *q, struct workq_job *j)
{
	enum workq_refusal r = WORKQ_OK;

	j->next = NULL;
	j->queued_ms = now_ms();
	pthread_mutex_lock(&q->mu);
	if (q->stopping || q->queued >= q->lim.max_queue)
		r = WORKQ_FULL;
	else if (j->srclen > 0 && source_jobs(q, j) >= q->lim.per_source)
		r = WORKQ_SOURCE_FULL;
	if (r != WORKQ_OK) {
		q->st.refused++;
		pthread_mutex_unlock(&q->mu);
		return r;
	}
	if (q->tail != NULL)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	q->queued++;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return WORKQ_OK;
}

void
workq_expire(struct workq *q)
{
	struct workq_job **pp, *j, *out = NULL, **tail = &out;
	enum workq_outcome o;
	uint64_t now = now_ms();

	pthread_mutex_lock(&q->mu);
	q->tail = NULL;
	for (pp = &q->head; (j = *pp) != NULL; ) {
		o = verdict(q, j, now);
		if (o == WORKQ_RAN) {
			q->tail = j;
			pp = &j->next;
			continue;
		}
		*pp = j->next;
		q->queued--;
		count(q, o);
		/* The outcome travels in queued_ms until done() below. */
		j->queued_ms = (uint64_t)o;
		j->next = NULL;
		*tail = j;
		tail = &j->next;
	}
	pthread_mutex_unlock(&q->mu);
	while ((j = out) != NULL) {
		out = j->next;
		j->next = NULL;
		j->done(j, (enum workq_outcome)j->queued_ms);
	}
}

unsigned
workq_retry_after(struct workq *q)
{
	uint64_t s;

	pthread_mutex_lock(&q->mu);
	s = ((uint64_t)q->queued + q->nrunning) * q->mean_ms /
	    q->lim.workers / 1000 + 1;
	pthread_mutex_unlock(&q->mu);
	return s > 120 ? 120 : (unsigned)s;
}

void
workq_get_stats(struct workq *q, struct workq_stats *st)
{
	pthread_mutex_lock(&q->mu);
	*st = q->st;
	st->queued = q->queued;
	st->running = q->nrunning;
	pthread_mutex_unlock(&q->mu);
}
