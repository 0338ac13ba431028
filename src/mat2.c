/*
 * mat2.c: metadata removal with mat2, run as a child process without a
 * shell. The child gets /dev/null for stdin, stdout and stderr (mat2
 * prints file names, which must never reach our logs), a small fixed
 * environment, and a process group of its own so that a timeout can kill
 * mat2 together with its sandbox and helpers. The child is always reaped.
 *
 * mat2 0.13 exits 0 when it skips a file (missing, not a regular file),
 * so success also requires that the path now names a new file: mat2
 * --inplace writes a cleaned copy and renames it over the original.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mat2.h"
#include "util.h"

#define MAT2_PATH	"/usr/bin/mat2"

/*
 * Finds the mat2 program: the Debian path, else the first executable
 * "mat2" in an absolute PATH entry. Returns 0 or -1.
 */
static int
mat2_path(char *out, size_t len)
{
	const char *path, *p, *end;
	size_t n;

	if (access(MAT2_PATH, X_OK) == 0)
		return wbs_strlcpy(out, MAT2_PATH, len) < len ? 0 : -1;
	if ((path = getenv("PATH")) == NULL)
		return -1;
	for (p = path; *p != '\0'; p = *end == ':' ? end + 1 : end) {
		if ((end = strchr(p, ':')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n == 0 || p[0] != '/')
			continue;
		if (snprintf(out, len, "%.*s/mat2", (int)n, p) >= (int)len)
			continue;
		if (access(out, X_OK) == 0)
			return 0;
	}
	return -1;
}

int
mat2_available(void)
{
	char path[PATH_MAX];

	return mat2_path(path, sizeof(path)) == 0;
}

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* mat2's limits (set in the child; computed before the fork). */
#define MAT2_AS_BYTES	(1024UL << 20)	/* address space: Python + a file */
#define MAT2_CPU_SECS	60
#define MAT2_FSIZE	(4096UL << 20)	/* largest file it may write */
static const struct rlimit as_limit = { MAT2_AS_BYTES, MAT2_AS_BYTES };
static const struct rlimit cpu_limit = { MAT2_CPU_SECS, MAT2_CPU_SECS + 5 };
static const struct rlimit fsize_limit = { MAT2_FSIZE, MAT2_FSIZE };
static const struct rlimit no_core = { 0, 0 };

/* In the child: only async-signal-safe calls until execve. */
static void
mat2_child(const char *prog, char *const argv[], char *const envp[])
{
	sigset_t none;
	int fd;

	(void)setpgid(0, 0);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)signal(SIGPIPE, SIG_DFL);
	if ((fd = open("/dev/null", O_RDWR)) == -1)
		_exit(127);
	if (dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1 ||
	    dup2(fd, STDERR_FILENO) == -1)
		_exit(127);
	/* Keep no other descriptor of the server open in mat2. */
	(void)close_range(STDERR_FILENO + 1, ~0U, 0);
	/*
	 * A document bomb costs at most this much: memory, CPU seconds,
	 * file size and no core file. The wall-clock limit is the parent's.
	 */
	(void)setrlimit(RLIMIT_AS, &as_limit);
	(void)setrlimit(RLIMIT_CPU, &cpu_limit);
	(void)setrlimit(RLIMIT_FSIZE, &fsize_limit);
	(void)setrlimit(RLIMIT_CORE, &no_core);
	execve(prog, argv, envp);
	_exit(127);
}

int
mat2_clean(const char *path, unsigned timeout)
{
	static char *const envp[] = {
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"LC_ALL=C.UTF-8",
		NULL
	};
	char prog[PATH_MAX], *argv[4];
	struct stat before, after;
	double deadline;
	struct timespec nap = { 0, 5 * 1000 * 1000 };
	pid_t pid, r;
	int st, timed_out = 0;

	if (mat2_path(prog, sizeof(prog)) == -1) {
		log_warnx("mat2: program not found");
		return -1;
	}
	if (lstat(path, &before) == -1 || !S_ISREG(before.st_mode)) {
		log_warnx("mat2: not a regular file");
		return -1;
	}
	argv[0] = "mat2";
	argv[1] = "--inplace";
	argv[2] = (char *)(uintptr_t)path;
	argv[3] = NULL;

	deadline = now_mono() + (double)timeout;
	if ((pid = fork()) == -1) {
		log_warn("mat2: fork");
		return -1;
	}
	if (pid == 0)
		mat2_child(prog, argv, envp);
	/* Also here, so that a kill of the group cannot miss the child. */
	(void)setpgid(pid, pid);

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r == -1 && errno != EINTR) {
			log_warn("mat2: waitpid");
			return -1;
		}
		if (now_mono() >= deadline) {
			timed_out = 1;
			(void)kill(-pid, SIGKILL);
			(void)kill(pid, SIGKILL);
			while ((r = waitpid(pid, &st, 0)) == -1 &&
			    errno == EINTR)
				;
			if (r == -1)
				log_warn("mat2: waitpid");
			break;
		}
		(void)nanosleep(&nap, NULL);
		if (nap.tv_nsec < 100 * 1000 * 1000)
			nap.tv_nsec *= 2;
	}
	if (timed_out) {
		log_warnx("mat2: no result within %u s, stopped", timeout);
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		if (lstat(path, &after) == -1 || !S_ISREG(after.st_mode) ||
		    (after.st_dev == before.st_dev &&
		    after.st_ino == before.st_ino)) {
			log_warnx("mat2: success reported, file not replaced");
			return -1;
		}
		return 0;
	}
	if (WIFEXITED(st))
		log_warnx("mat2: exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		log_warnx("mat2: killed by signal %d", WTERMSIG(st));
	return -1;
}
