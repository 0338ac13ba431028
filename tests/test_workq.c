/*
 * test_workq.c: the worker pool on its own: jobs run in FIFO order on
 * at most `workers` threads; a full queue and a source over its share
 * are refused; a job that waited past the deadline, or whose client
 * hung up, is finished without running; stopping finishes what waits;
 * the idle hook runs after a burst.
 */
#include <sys/socket.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "workq.h"

struct tjob {
	struct workq_job	 job;	/* first: the callbacks cast back */
	int			 id;
	int			 ran;
	int			 done;
	enum workq_outcome	 outcome;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int order[64], norder, running, max_running, gate_open, idle_calls;

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
reset(void)
{
	pthread_mutex_lock(&mu);
	norder = running = max_running = idle_calls = 0;
	gate_open = 1;
	pthread_mutex_unlock(&mu);
}

/* Runs until the gate is open; records the order and concurrency. */
static void
job_run(struct workq_job *j)
{
	struct tjob *t = (struct tjob *)(void *)j;

	pthread_mutex_lock(&mu);
	order[norder++] = t->id;
	if (++running > max_running)
		max_running = running;
	while (!gate_open)
		pthread_cond_wait(&cv, &mu);
	running--;
	t->ran = 1;
	pthread_mutex_unlock(&mu);
}

static void
job_done(struct workq_job *j, enum workq_outcome o)
{
	struct tjob *t = (struct tjob *)(void *)j;

	pthread_mutex_lock(&mu);
	t->outcome = o;
	t->done = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void
on_idle(void)
{
	pthread_mutex_lock(&mu);
	idle_calls++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* Polls until n jobs are running (not a timing assumption). */
static void
wait_running(struct workq *q, unsigned n)
{
	struct workq_stats st;

	for (;;) {
		workq_get_stats(q, &st);
		if (st.running == n)
			return;
		sleep_ms(1);
	}
}

static void
init_job(struct tjob *t, int id, const char *src)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->job.run = job_run;
	t->job.done = job_done;
	t->job.fd = -1;
	if (src != NULL) {
		t->job.srclen = strlen(src);
		memcpy(t->job.src, src, t->job.srclen);
	}
}

static void
wait_done(struct tjob *t)
{
	pthread_mutex_lock(&mu);
	while (!t->done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

static void
open_gate(int open)
{
	pthread_mutex_lock(&mu);
	gate_open = open;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static struct workq *
pool(unsigned workers, unsigned queue, unsigned wait_ms, unsigned per_src)
{
	struct workq_limits l = { workers, queue, wait_ms, per_src, on_idle };
	struct workq *q = workq_new(&l);

	assert_non_null(q);
	return q;
}

static void
test_fifo_and_bound(void **state)
{
	struct tjob t[12];
	struct workq *q;
	struct workq_stats st;
	int i, seen[12];

	(void)state;
	reset();
	open_gate(0);
	q = pool(2, 16, 60000, 16);
	for (i = 0; i < 12; i++) {
		init_job(&t[i], i, NULL);
		assert_int_equal(workq_submit(q, &t[i].job), WORKQ_OK);
	}
	wait_running(q, 2);
	workq_get_stats(q, &st);
	assert_int_equal(st.running, 2);
	assert_int_equal(st.queued, 10);
	open_gate(1);
	for (i = 0; i < 12; i++) {
		wait_done(&t[i]);
		assert_int_equal(t[i].outcome, WORKQ_RAN);
		assert_true(t[i].ran);
	}
	assert_true(max_running <= 2);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 12; i++)
		seen[order[i]]++;
	for (i = 0; i < 12; i++)
		assert_int_equal(seen[i], 1);
	workq_free(q);
	assert_true(idle_calls >= 1);
}

/* One worker: jobs start in the order they came. */
static void
test_fifo_order(void **state)
{
	struct tjob t[10];
	struct workq *q;
	int i;

	(void)state;
	reset();
	open_gate(0);
	q = pool(1, 16, 60000, 16);
	for (i = 0; i < 10; i++) {
		init_job(&t[i], i, NULL);
		assert_int_equal(workq_submit(q, &t[i].job), WORKQ_OK);
	}
	open_gate(1);
	for (i = 0; i < 10; i++)
		wait_done(&t[i]);
	for (i = 0; i < 10; i++)
		assert_int_equal(order[i], i);
	workq_free(q);
}

static void
test_queue_full_refused(void **state)
{
	struct tjob t[5];
	struct workq *q;
	struct workq_stats st;
	int i;

	(void)state;
	reset();
	open_gate(0);
	q = pool(1, 3, 60000, 16);
	for (i = 0; i < 4; i++) {
		init_job(&t[i], i, NULL);
		assert_int_equal(workq_submit(q, &t[i].job), WORKQ_OK);
		if (i == 0)
			wait_running(q, 1);	/* 3 places left */
	}
	init_job(&t[4], 4, NULL);
	assert_int_equal(workq_submit(q, &t[4].job), WORKQ_FULL);
	assert_false(t[4].done);
	assert_true(workq_retry_after(q) >= 1);
	open_gate(1);
	for (i = 0; i < 4; i++)
		wait_done(&t[i]);
	workq_get_stats(q, &st);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.ran, 4);
	workq_free(q);
}

static void
test_per_source_share(void **state)
{
	struct tjob a[3], b;
	struct workq *q;
	int i;

	(void)state;
	reset();
	open_gate(0);
	q = pool(1, 16, 60000, 2);
	init_job(&a[0], 0, "A");
	init_job(&a[1], 1, "A");
	init_job(&a[2], 2, "A");
	init_job(&b, 3, "B");
	assert_int_equal(workq_submit(q, &a[0].job), WORKQ_OK);
	wait_running(q, 1);	/* running counts toward the share too */
	assert_int_equal(workq_submit(q, &a[1].job), WORKQ_OK);
	assert_int_equal(workq_submit(q, &a[2].job), WORKQ_SOURCE_FULL);
	assert_int_equal(workq_submit(q, &b.job), WORKQ_OK);
	open_gate(1);
	for (i = 0; i < 2; i++)
		wait_done(&a[i]);
	wait_done(&b);
	assert_int_equal(b.outcome, WORKQ_RAN);
	workq_free(q);
}

static void
test_expired_not_run(void **state)
{
	struct tjob blocker, late;
	struct workq *q;
	struct workq_stats st;

	(void)state;
	reset();
	open_gate(0);
	q = pool(1, 16, 100, 16);
	init_job(&blocker, 0, NULL);
	init_job(&late, 1, NULL);
	assert_int_equal(workq_submit(q, &blocker.job), WORKQ_OK);
	wait_running(q, 1);
	assert_int_equal(workq_submit(q, &late.job), WORKQ_OK);
	sleep_ms(250);
	/* The periodic check answers it while the worker is still busy. */
	workq_expire(q);
	wait_done(&late);
	assert_int_equal(late.outcome, WORKQ_EXPIRED);
	assert_false(late.ran);
	open_gate(1);
	wait_done(&blocker);
	workq_get_stats(q, &st);
	assert_int_equal(st.expired, 1);
	assert_int_equal(st.ran, 1);
	workq_free(q);
}

static void
test_gone_client_not_run(void **state)
{
	struct tjob blocker, gone, here;
	struct workq *q;
	int sp1[2], sp2[2];

	(void)state;
	reset();
	open_gate(0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sp1), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sp2), 0);
	q = pool(1, 16, 60000, 16);
	init_job(&blocker, 0, NULL);
	init_job(&gone, 1, NULL);
	init_job(&here, 2, NULL);
	gone.job.fd = sp1[0];
	here.job.fd = sp2[0];
	assert_int_equal(workq_submit(q, &blocker.job), WORKQ_OK);
	wait_running(q, 1);
	assert_int_equal(workq_submit(q, &gone.job), WORKQ_OK);
	assert_int_equal(workq_submit(q, &here.job), WORKQ_OK);
	close(sp1[1]);		/* that client hangs up while it waits */
	open_gate(1);
	wait_done(&gone);
	wait_done(&here);
	assert_int_equal(gone.outcome, WORKQ_GONE);
	assert_false(gone.ran);
	assert_int_equal(here.outcome, WORKQ_RAN);
	workq_free(q);
	close(sp1[0]);
	close(sp2[0]);
	close(sp2[1]);
}

static void *
open_later(void *arg)
{
	(void)arg;
	sleep_ms(100);
	open_gate(1);
	return NULL;
}

static void
test_stop_finishes_waiting(void **state)
{
	struct tjob t[4];
	struct workq *q;
	pthread_t opener;
	int i;

	(void)state;
	reset();
	open_gate(0);
	q = pool(1, 16, 60000, 16);
	for (i = 0; i < 4; i++) {
		init_job(&t[i], i, NULL);
		assert_int_equal(workq_submit(q, &t[i].job), WORKQ_OK);
	}
	wait_running(q, 1);
	/* workq_free waits for the running job: let it end meanwhile. */
	assert_int_equal(pthread_create(&opener, NULL, open_later, NULL), 0);
	workq_free(q);
	pthread_join(opener, NULL);
	assert_int_equal(t[0].outcome, WORKQ_RAN);
	for (i = 1; i < 4; i++) {
		assert_true(t[i].done);
		assert_int_equal(t[i].outcome, WORKQ_STOPPED);
		assert_false(t[i].ran);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_and_bound),
		cmocka_unit_test(test_fifo_order),
		cmocka_unit_test(test_queue_full_refused),
		cmocka_unit_test(test_per_source_share),
		cmocka_unit_test(test_expired_not_run),
		cmocka_unit_test(test_gone_client_not_run),
		cmocka_unit_test(test_stop_finishes_waiting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
