/*
 * sandbox.h: what "wbs serve" gives up after start-up (docs/ARCHITECTURE.md,
 * "Sandbox"). In order, from server_run:
 *
 *   sandbox_enter       before app_open: absolute paths, cwd = data dir;
 *   sandbox_drop_root   when started as root: hand the data and staging
 *                       directories to the account it runs as, then become
 *                       that account (no way back);
 *   mat2_broker_start   (mat2.h) fork the process that runs mat2;
 *   sandbox_landlock    file-system rules: the data and staging directories
 *                       read-write, a few system paths read-only, no
 *                       program may be executed; TCP only to bind the
 *                       listening port (where the kernel has Landlock);
 *   http_start          threads, listening socket;
 *   sandbox_seccomp     a system-call allow-list for every thread: no exec,
 *                       no new process, no ptrace, no mount, no setuid.
 *
 * The mat2 broker and its children get their own, narrower rules
 * (sandbox_landlock_mat2, sandbox_seccomp_mat2). "--no-sandbox" or
 * "[server] sandbox = false" skips all of it, for debugging.
 */
#ifndef WBS_SANDBOX_H
#define WBS_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct wbs_config;

/*
 * Before app_open: makes the configured paths absolute and, when the data
 * directory holds the store (file name store), moves into it; cfg then
 * names it "." (relative paths from there need no right on the
 * directories above, which an account made for the server may lack:
 * /root/wbs/data). 0, or -1 with err.
 */
int	sandbox_enter(struct wbs_config *, const char *store, char *err,
	    size_t errlen);

/*
 * After app_open, when the process runs as root: chooses the account ([server] user,
 * else the data directory's owner when not root, else "wbs", else
 * "nobody"), gives it what root owns in the data directory and a private
 * staging directory, and becomes it. Refuses a listening port below
 * 1024 (the port is bound after the drop). Not root: does nothing.
 * 0, or -1 with err.
 */
int	sandbox_drop_root(const struct wbs_config *, char *err, size_t errlen);

/*
 * Landlock rules for the server (call while the process has one thread:
 * rules bind the calling thread and the threads it creates later).
 * 1 applied, 0 the kernel has no Landlock (warned), -1 error.
 */
int	sandbox_landlock(const struct wbs_config *, char *err, size_t errlen);

/* The server's system-call allow-list, for every thread. 0 or -1. */
int	sandbox_seccomp(char *err, size_t errlen);

/* The mat2 broker's file-system rules: staging read-write, exec in /usr. */
int	sandbox_landlock_mat2(const char *staging, char *err, size_t errlen);

/* In the mat2 child, before execve: no network, no ptrace, no mount... */
int	sandbox_seccomp_mat2(void);

/*
 * Tries what the sandbox forbids (exec of /bin/sh, opening /etc/shadow,
 * a new process, ptrace, becoming root again) from a fresh thread and
 * logs one line per attempt: "sandbox probe: NAME refused (REASON)" or
 * "sandbox probe: NAME ALLOWED". Run at start-up only when the
 * environment has WBS_SANDBOX_PROBE=1 (the test suite's hook).
 */
void	sandbox_probe(void);

#endif
