/*
 * watchdog.c: a list of watched sockets with deadlines under one mutex,
 * and the thread that walks it twice a second.
 */
#include <sys/socket.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "util.h"
#include "watchdog.h"

struct watch {
	struct watch	*prev, *next;
	int		 fd;
	time_t		 deadline;	/* 0: none */
	int		 killed;
};

struct watchdog {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	pthread_t	 thread;
	struct watch	*list;
	int		 stopping;
	int		 ticking;	/* tick running, outside the lock */
	void		(*tick)(void *);
	void		*tick_arg;
};

static time_t
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Shuts down the sockets whose deadline passed. Called locked. */
static void
sweep(struct watchdog *wd)
{
	struct watch *w;
	time_t now = now_mono();

	for (w = wd->list; w != NULL; w = w->next)
		if (!w->killed && w->deadline != 0 && now > w->deadline) {
			/* The fd stays open until watchdog_remove (under
			 * this lock) says it may be closed. */
			shutdown(w->fd, SHUT_RDWR);
			w->killed = 1;
			log_debug("http: connection deadline passed, closing");
		}
}

static void *
watchdog_main(void *arg)
{
	struct watchdog *wd = arg;
	struct timespec ts;
	void (*tick)(void *);
	void *targ;

	pthread_mutex_lock(&wd->lock);
	while (!wd->stopping) {
		sweep(wd);
		tick = wd->tick;
		targ = wd->tick_arg;
		if (tick != NULL) {
			wd->ticking = 1;
			pthread_mutex_unlock(&wd->lock);
			tick(targ);
			pthread_mutex_lock(&wd->lock);
			wd->ticking = 0;
			pthread_cond_broadcast(&wd->cond);
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 500 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wd->cond, &wd->lock, &ts);
	}
	pthread_mutex_unlock(&wd->lock);
	return NULL;
}

struct watchdog *
watchdog_start(void (*tick)(void *), void *arg)
{
	struct watchdog *wd = xcalloc(1, sizeof(*wd));

	pthread_mutex_init(&wd->lock, NULL);
	pthread_cond_init(&wd->cond, NULL);
	wd->tick = tick;
	wd->tick_arg = arg;
	if (pthread_create(&wd->thread, NULL, watchdog_main, wd) != 0) {
		pthread_mutex_destroy(&wd->lock);
		pthread_cond_destroy(&wd->cond);
		free(wd);
		return NULL;
	}
	return wd;
}

void
watchdog_stop_tick(struct watchdog *wd)
{
	pthread_mutex_lock(&wd->lock);
	wd->tick = NULL;
	while (wd->ticking)
		pthread_cond_wait(&wd->cond, &wd->lock);
	pthread_mutex_unlock(&wd->lock);
}

void
watchdog_stop(struct watchdog *wd)
{
	if (wd == NULL)
		return;
	pthread_mutex_lock(&wd->lock);
	wd->stopping = 1;
	pthread_cond_broadcast(&wd->cond);
	pthread_mutex_unlock(&wd->lock);
	pthread_join(wd->thread, NULL);
	pthread_mutex_destroy(&wd->lock);
	pthread_cond_destroy(&wd->cond);
	free(wd);
}

struct watch *
watchdog_add(struct watchdog *wd, int fd, unsigned secs)
{
	struct watch *w = xcalloc(1, sizeof(*w));

	w->fd = fd;
	pthread_mutex_lock(&wd->lock);
	w->deadline = fd >= 0 && secs > 0 ? now_mono() + (time_t)secs : 0;
	w->next = wd->list;
	if (wd->list != NULL)
		wd->list->prev = w;
	wd->list = w;
	pthread_mutex_unlock(&wd->lock);
	return w;
}

void
watchdog_remove(struct watchdog *wd, struct watch *w)
{
	pthread_mutex_lock(&wd->lock);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		wd->list = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&wd->lock);
	free(w);
}

void
watchdog_set(struct watchdog *wd, struct watch *w, unsigned secs)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&wd->lock);
	w->deadline = secs == 0 || w->fd < 0 ? 0 : now_mono() + (time_t)secs;
	pthread_mutex_unlock(&wd->lock);
}

int
watchdog_fd(const struct watch *w)
{
	return w != NULL ? w->fd : -1;
}
