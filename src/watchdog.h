/*
 * watchdog.h: deadlines for connections. libmicrohttpd's own timeout
 * counts inactivity, so a client that trickles a byte a second would
 * never be dropped; the watchdog thread gives each connection a deadline
 * and shuts its socket down when it passes (the HTTP library then closes
 * the connection in its own thread). The same thread calls a tick
 * function twice a second, for other periodic checks.
 */
#ifndef WBS_WATCHDOG_H
#define WBS_WATCHDOG_H

struct watchdog;
struct watch;

/* Starts the thread; tick (may be NULL) runs every half second. */
struct watchdog	*watchdog_start(void (*tick)(void *), void *arg);
/*
 * No more ticks: returns once a tick in progress has ended, so that
 * what the tick uses may be freed. The deadlines go on.
 */
void		 watchdog_stop_tick(struct watchdog *);
/* Stops the thread and frees the watchdog (its watches must be gone). */
void		 watchdog_stop(struct watchdog *);
/* Watches socket fd (-1: nothing to shut down) with a deadline in secs. */
struct watch	*watchdog_add(struct watchdog *, int fd, unsigned secs);
/*
 * Forgets a watch: after this returns the watchdog never touches its
 * socket again, so the caller may close it.
 */
void		 watchdog_remove(struct watchdog *, struct watch *);
/* A new deadline secs from now; 0 removes the deadline. NULL is ignored. */
void		 watchdog_set(struct watchdog *, struct watch *, unsigned secs);
/* The watched socket, or -1. */
int		 watchdog_fd(const struct watch *);

#endif
