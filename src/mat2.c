/*
 * mat2.c: metadata removal with mat2, run as a child process without a
 * shell. Under the sandbox the server cannot create processes, so mat2 is
 * run by the broker, a process forked before the sandbox closes (see
 * "the broker" below); otherwise the server runs it directly. The child gets /dev/null for stdin, stdout and stderr (mat2
 * prints file names, which must never reach our logs), a small fixed
 * environment, and a process group of its own so that a timeout can kill
 * mat2 together with its sandbox and helpers. The child is always reaped.
 *
 * mat2 0.13 exits 0 when it skips a file (missing, not a regular file),
 * so success also requires that the path now names a new file: mat2
 * --inplace writes a cleaned copy and renames it over the original.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "mat2.h"
#include "sandbox.h"
#include "util.h"

#define MAT2_PATH	"/usr/bin/mat2"
#define MIN(a, b)	((a) < (b) ? (a) : (b))

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

/* Runs mat2 on path in a child and waits at most timeout seconds. */
static int
mat2_run(const char *path, unsigned timeout)
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

/*
 * The broker. mat2_broker_start forks it before the server's own sandbox
 * closes; it runs as the same unprivileged account, under rules of its
 * own (sandbox_landlock_mat2: the staging directory, programs in /usr;
 * sandbox_seccomp_mat2: no network, no ptrace, no mount, no setuid) that
 * mat2 inherits. For each file, the server sends it one end of a fresh
 * socket pair (SCM_RIGHTS) over the control socket, then the timeout and
 * the path over the pair; a job process forked by the broker checks that
 * the path is a regular file in the staging directory, runs mat2 and
 * answers 0 or -1. Jobs run side by side; the worker pool bounds them.
 * The broker ends when the server does (EOF, and PR_SET_PDEATHSIG).
 */
struct broker_req {
	uint32_t	timeout;
	char		path[PATH_MAX];
};

static int		broker_fd = -1;
static char		broker_staging[PATH_MAX];

/* A path in the staging directory, without "." or ".." components. */
static int
staging_path_ok(const char *path)
{
	size_t n = strlen(broker_staging);
	struct stat st;

	if (strncmp(path, broker_staging, n) != 0 || path[n] != '/' ||
	    strstr(path, "/../") != NULL || strstr(path, "/./") != NULL)
		return 0;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A job process: one request, one answer. */
static void
broker_job(int fd)
{
	struct broker_req req;
	ssize_t n;
	int32_t r = -1;

	(void)signal(SIGCHLD, SIG_DFL);
	n = recv(fd, &req, sizeof(req), 0);
	if (n > (ssize_t)offsetof(struct broker_req, path)) {
		req.path[MIN((size_t)n - offsetof(struct broker_req, path),
		    sizeof(req.path) - 1)] = '\0';
		if (staging_path_ok(req.path))
			r = mat2_run(req.path, MIN(req.timeout, 3600));
		else
			log_warnx("mat2 broker: refused a path outside the "
			    "staging directory");
	}
	(void)send(fd, &r, sizeof(r), MSG_NOSIGNAL);
	_exit(0);
}

static void
broker_main(int ctl)
{
	char byte, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg;
	struct cmsghdr *cm;
	sigset_t none;
	char err[256];
	ssize_t n;
	int fd;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)signal(SIGCHLD, SIG_IGN);		/* jobs reap themselves */
	(void)signal(SIGPIPE, SIG_IGN);
	/* Nothing of the server's stays open here but the log. */
	if (dup2(ctl, STDERR_FILENO + 1) == -1)
		_exit(1);
	ctl = STDERR_FILENO + 1;
	(void)close_range(ctl + 1, ~0U, 0);
	if (sandbox_landlock_mat2(broker_staging, err, sizeof(err)) == -1 ||
	    sandbox_seccomp_mat2() == -1) {
		log_warnx("mat2 broker: sandbox: %s", err);
		_exit(1);
	}
	for (;;) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC)) == 0)
			_exit(0);		/* the server has gone */
		if (n == -1) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		cm = CMSG_FIRSTHDR(&msg);
		if (cm == NULL || cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len != CMSG_LEN(sizeof(int)))
			continue;
		memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
		switch (fork()) {
		case 0:
			close(ctl);
			broker_job(fd);
			break;
		case -1:
			log_warn("mat2 broker: fork");
			break;
		default:
			break;
		}
		close(fd);
	}
}

int
mat2_broker_start(const char *staging, char *err, size_t errlen)
{
	int sv[2];
	pid_t pid;

	if (realpath(staging, broker_staging) == NULL) {
		snprintf(err, errlen, "mat2 broker: %s: %s", staging,
		    strerror(errno));
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(err, errlen, "mat2 broker: socketpair: %s",
		    strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "mat2 broker: fork: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		broker_main(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	broker_fd = sv[0];
	return 0;
}

/* Asks the broker; 0 or -1. */
static int
broker_clean(const char *path, unsigned timeout)
{
	char byte = 'J', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr msg;
	struct cmsghdr *cm;
	struct broker_req req;
	struct pollfd pfd;
	int32_t r = -1;
	int ch[2], pr;
	size_t len;
	char full[PATH_MAX];

	if (realpath(path, full) == NULL ||
	    (len = strlen(full)) >= sizeof(req.path)) {
		log_warnx("mat2: staged file path unusable");
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ch) == -1) {
		log_warn("mat2: socketpair");
		return -1;
	}
	memset(&msg, 0, sizeof(msg));
	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf;
	msg.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &ch[1], sizeof(int));
	if (sendmsg(broker_fd, &msg, MSG_NOSIGNAL) == -1) {
		log_warn("mat2: the broker is not answering");
		goto out;
	}
	close(ch[1]);
	ch[1] = -1;
	req.timeout = timeout;
	memcpy(req.path, full, len + 1);
	if (send(ch[0], &req, offsetof(struct broker_req, path) + len + 1,
	    MSG_NOSIGNAL) == -1) {
		log_warn("mat2: send to the broker");
		goto out;
	}
	/* The broker enforces the timeout; this only guards against it
	 * having died with the job. */
	pfd.fd = ch[0];
	pfd.events = POLLIN;
	while ((pr = poll(&pfd, 1, (int)(timeout + 30) * 1000)) == -1 &&
	    errno == EINTR)
		;
	if (pr != 1 || recv(ch[0], &r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		log_warnx("mat2: no answer from the broker");
		r = -1;
	}
out:
	close(ch[0]);
	if (ch[1] != -1)
		close(ch[1]);
	return r == 0 ? 0 : -1;
}

int
mat2_clean(const char *path, unsigned timeout)
{
	if (broker_fd != -1)
		return broker_clean(path, timeout);
	return mat2_run(path, timeout);
}
