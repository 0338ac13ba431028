/*
 * sandbox.c: dropping root, Landlock rules and the seccomp allow-lists
 * (see sandbox.h for the order). The only file that includes <seccomp.h>
 * and <linux/landlock.h>. Landlock is called through syscall(2): glibc
 * has no wrappers, and the kernel's ABI version decides which rights we
 * may ask for.
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <linux/landlock.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "sandbox.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED	1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED	0
#endif

/* --- dropping root ---------------------------------------------------- */

static uid_t	chown_uid;
static gid_t	chown_gid;

/* nftw callback: hands what root owns to the account. */
static int
chown_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	if (st->st_uid == 0 && lchown(path, chown_uid, chown_gid) == -1)
		return -1;
	return 0;
}

/* The account to run as; 0 or -1 with err. */
static int
pick_user(const struct wbs_config *cfg, struct passwd *pw, char *buf,
    size_t buflen, char *err, size_t errlen)
{
	struct passwd *res = NULL;
	struct stat st;
	const char *name = NULL;

	if (cfg->run_user[0] != '\0')
		name = cfg->run_user;
	else if (stat(cfg->data_dir, &st) == 0 && st.st_uid != 0) {
		if (getpwuid_r(st.st_uid, pw, buf, buflen, &res) == 0 &&
		    res != NULL)
			return 0;
		snprintf(err, errlen, "the data directory's owner (uid %u) "
		    "has no account: set [server] user",
		    (unsigned)st.st_uid);
		return -1;
	} else if (getpwnam_r("wbs", pw, buf, buflen, &res) == 0 &&
	    res != NULL)
		return 0;
	else {
		name = "nobody";
		log_warnx("started as root without [server] user and no "
		    "account \"wbs\": running as \"nobody\"; create a system "
		    "account (adduser --system --group wbs) so that no other "
		    "service shares the data's owner");
	}
	if (getpwnam_r(name, pw, buf, buflen, &res) != 0 || res == NULL) {
		snprintf(err, errlen, "[server] user: no account named \"%s\"",
		    name);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "[server] user: \"%s\" is root; the "
		    "server does not run as root (or use --no-sandbox)", name);
		return -1;
	}
	return 0;
}

/* Makes path absolute in place (when set); 0 or -1 with err. */
static int
absolute(char *path, size_t len, const char *key, char *err, size_t errlen)
{
	char full[PATH_MAX];

	if (path[0] == '\0' || path[0] == '/')
		return 0;
	if (realpath(path, full) == NULL || strlen(full) >= len) {
		snprintf(err, errlen, "%s %s: %s", key, path, strerror(errno));
		return -1;
	}
	memcpy(path, full, strlen(full) + 1);
	return 0;
}

int
sandbox_enter(struct wbs_config *cfg, const char *store, char *err,
    size_t errlen)
{
	char db[PATH_MAX];

#define ABS(f, key) \
	if (absolute(cfg->f, sizeof(cfg->f), key, err, errlen) == -1) \
		return -1
	ABS(templates_dir, "templates_dir");
	ABS(static_dir, "static_dir");
	ABS(po_dir, "po_dir");
	ABS(holidays, "holidays");
	ABS(upload_tmpdir, "upload_tmpdir");
#undef ABS
	/* Not initialised: app_open says so, naming the directory. */
	if (wbs_path_join(db, sizeof(db), cfg->data_dir, store) == -1 ||
	    access(db, F_OK) == -1)
		return 0;
	if (chdir(cfg->data_dir) == -1) {
		snprintf(err, errlen, "%s: %s", cfg->data_dir, strerror(errno));
		return -1;
	}
	memcpy(cfg->data_dir, ".", 2);
	/* SQLite's temporary files go where the rules allow. */
	if (setenv("SQLITE_TMPDIR", ".", 1) == -1) {
		snprintf(err, errlen, "SQLITE_TMPDIR: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
sandbox_drop_root(const struct wbs_config *cfg, char *err, size_t errlen)
{
	struct passwd pw;
	char buf[4096];
	struct stat st;
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	if (geteuid() != 0)
		return 0;
	if (pick_user(cfg, &pw, buf, sizeof(buf), err, errlen) == -1)
		return -1;
	if (cfg->listen_port != 0 && cfg->listen_port < 1024) {
		snprintf(err, errlen, "port %u: the server gives up root "
		    "before it listens, so it cannot use a port below 1024; "
		    "listen on 8080 behind a reverse proxy "
		    "(docs/OPERATIONS.md)", (unsigned)cfg->listen_port);
		return -1;
	}
	chown_uid = pw.pw_uid;
	chown_gid = pw.pw_gid;
	/* The store's files included, which app_open made as root. */
	if (nftw(cfg->data_dir, chown_cb, 16, FTW_PHYS) == -1) {
		snprintf(err, errlen, "cannot give %s to %s: %s",
		    cfg->data_dir, pw.pw_name, strerror(errno));
		return -1;
	}
	/* A private staging directory (not a shared /dev/shm or /tmp). */
	if (stat(cfg->upload_tmpdir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == 0 && !(st.st_mode & S_ISVTX) &&
	    chown(cfg->upload_tmpdir, pw.pw_uid, pw.pw_gid) == -1) {
		snprintf(err, errlen, "cannot give %s to %s: %s",
		    cfg->upload_tmpdir, pw.pw_name, strerror(errno));
		return -1;
	}
	if (setgroups(0, NULL) == -1 || setgid(pw.pw_gid) == -1 ||
	    setuid(pw.pw_uid) == -1) {
		snprintf(err, errlen, "cannot become %s: %s", pw.pw_name,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		snprintf(err, errlen, "still able to become root after the "
		    "drop: refusing to serve");
		return -1;
	}
	if ((fd = open(cfg->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || close(fd) == -1 || access(cfg->upload_tmpdir, W_OK | X_OK)
	    == -1) {
		snprintf(err, errlen, "account %s cannot use the data "
		    "directory or %s (%s): a directory above it may be closed "
		    "to it", pw.pw_name, cfg->upload_tmpdir, strerror(errno));
		return -1;
	}
#if SANITIZED
	/* LeakSanitizer's exit check attaches to the process with ptrace. */
	(void)prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
	log_info("running as %s (uid %u)", pw.pw_name, (unsigned)pw.pw_uid);
	return 0;
}

/* --- Landlock --------------------------------------------------------- */

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#define LL_NET_BIND_TCP		(1ULL << 0)
#define LL_NET_CONNECT_TCP	(1ULL << 1)
#define LL_RULE_NET_PORT	2
#define LL_SCOPE_ABSTRACT_UNIX	(1ULL << 0)
#define LL_SCOPE_SIGNAL		(1ULL << 1)

/* The kernel's struct landlock_ruleset_attr, newest layout (ABI 6). */
struct ll_ruleset_attr {
	uint64_t	handled_access_fs;
	uint64_t	handled_access_net;
	uint64_t	scoped;
};

/* The kernel's struct landlock_net_port_attr (ABI 4). */
struct ll_net_port_attr {
	uint64_t	allowed_access;
	uint64_t	port;
} __attribute__((packed));

#define FS_FILE	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
#define FS_READ	(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_RW	(FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE | \
	LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | \
	LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)

static int
ll_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);

	return v < 0 ? 0 : (int)v;
}

/* The rights this kernel knows (ABI 1: 13, 2: +REFER, 3: +TRUNCATE). */
static uint64_t
ll_fs_rights(int abi)
{
	uint64_t r = LANDLOCK_ACCESS_FS_MAKE_SYM << 1;

	r -= 1;
	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return r;
}

/*
 * Adds PATH with ACCESS (masked to what the ruleset handles, and to file
 * rights on a file). A missing path is skipped. 0 or -1 with err.
 */
static int
ll_allow(int rs, uint64_t handled, const char *path, uint64_t access,
    char *err, size_t errlen)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;
	int fd;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		snprintf(err, errlen, "landlock: %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= FS_FILE;
	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = access & handled;
	pb.parent_fd = fd;
	if (pb.allowed_access != 0 &&
	    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) == -1) {
		snprintf(err, errlen, "landlock: rule for %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

struct ll_path {
	const char	*path;
	uint64_t	 access;
};

/* Read-only system paths both rule sets need. */
static const struct ll_path ll_system[] = {
	{ "/usr", FS_READ },		/* libraries, zoneinfo, magic */
	{ "/lib", FS_READ },
	{ "/lib64", FS_READ },
	{ "/etc/ld.so.cache", FS_READ },
	{ "/etc/localtime", FS_READ },
	{ "/etc/nsswitch.conf", FS_READ },
	{ "/etc/hosts", FS_READ },
	{ "/etc/resolv.conf", FS_READ },
	{ "/etc/gai.conf", FS_READ },
	{ "/etc/host.conf", FS_READ },
	{ "/etc/services", FS_READ },
	{ "/etc/ssl/certs", FS_READ },
	{ "/etc/magic", FS_READ },
	{ "/etc/mime.types", FS_READ },
	{ "/sys/devices/system/cpu", FS_READ },
	{ "/proc/self", FS_READ },	/* the process's own entries */
	{ "/proc/filesystems", FS_READ },
	{ "/dev/null", FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE },
	{ "/dev/urandom", FS_READ },
	{ "/dev/random", FS_READ },
};

/*
 * Builds and applies a rule set: the system paths and PATHS; TCP connect
 * nowhere, TCP bind only on NET_PORT (>0), on any port (0: an ephemeral
 * port cannot be named), or nowhere (-1).
 * 1 applied, 0 no Landlock, -1 error.
 */
static int
ll_apply(const struct ll_path *paths, size_t npaths, int net_port,
    char *err, size_t errlen)
{
	struct ll_ruleset_attr ra;
	struct ll_net_port_attr np;
	size_t i, rasize;
	int abi, rs;

	if ((abi = ll_abi()) < 1)
		return 0;
	memset(&ra, 0, sizeof(ra));
	ra.handled_access_fs = ll_fs_rights(abi);
	rasize = sizeof(ra.handled_access_fs);
	if (abi >= 4) {
		ra.handled_access_net = LL_NET_CONNECT_TCP |
		    (net_port != 0 ? LL_NET_BIND_TCP : 0);
		rasize = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		ra.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
		rasize = sizeof(ra);
	}
	if ((rs = (int)syscall(SYS_landlock_create_ruleset, &ra, rasize, 0)) ==
	    -1) {
		snprintf(err, errlen, "landlock: create: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < NELEM(ll_system); i++)
		if (ll_allow(rs, ra.handled_access_fs, ll_system[i].path,
		    ll_system[i].access, err, errlen) == -1)
			goto fail;
	for (i = 0; i < npaths; i++)
		if (paths[i].path != NULL && paths[i].path[0] != '\0' &&
		    ll_allow(rs, ra.handled_access_fs, paths[i].path,
		    paths[i].access, err, errlen) == -1)
			goto fail;
	if (abi >= 4 && net_port > 0) {
		np.allowed_access = LL_NET_BIND_TCP;
		np.port = (uint64_t)net_port;
		if (syscall(SYS_landlock_add_rule, rs, LL_RULE_NET_PORT, &np,
		    0) == -1) {
			snprintf(err, errlen, "landlock: port rule: %s",
			    strerror(errno));
			goto fail;
		}
	}
	if (syscall(SYS_landlock_restrict_self, rs, 0) == -1) {
		snprintf(err, errlen, "landlock: restrict: %s",
		    strerror(errno));
		goto fail;
	}
	close(rs);
	return 1;
fail:
	close(rs);
	return -1;
}

int
sandbox_landlock(const struct wbs_config *cfg, char *err, size_t errlen)
{
	const struct ll_path own[] = {
		{ cfg->data_dir, FS_RW },
		{ cfg->upload_tmpdir, FS_RW },
	};
	int r;

	/* Port 0 (tests: any free port) cannot be named in a rule. */
	r = ll_apply(own, NELEM(own), (int)cfg->listen_port, err, errlen);
	if (r == 0)
		log_warnx("this kernel has no Landlock: file-system rules "
		    "not applied (seccomp and the unprivileged account still "
		    "are)");
	return r;
}

int
sandbox_landlock_mat2(const char *staging, char *err, size_t errlen)
{
	const struct ll_path own[] = {
		{ staging, FS_RW },
		/* mat2 is a Python program; ffmpeg cleans video. */
		{ "/usr", FS_READ | LANDLOCK_ACCESS_FS_EXECUTE },
		{ "/etc/python3", FS_READ },
		/* POSIX semaphores of Python's process pool (sem.*) */
		{ "/dev/shm", FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE |
		    LANDLOCK_ACCESS_FS_MAKE_REG |
		    LANDLOCK_ACCESS_FS_REMOVE_FILE },
	};

	return ll_apply(own, NELEM(own), -1, err, errlen);
}

/* --- seccomp ---------------------------------------------------------- */

/*
 * What the server's threads may call once serving. Everything else fails
 * with EPERM: exec, fork, ptrace, mount, setuid, bind, listen, kill,
 * namespaces, modules, BPF, keyrings... Names this architecture lacks are
 * skipped.
 */
static const char *const server_calls[] = {
	/* files */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv",
	"pwritev", "preadv2", "pwritev2", "lseek", "close", "close_range",
	"open", "openat", "fstat", "newfstatat", "stat", "lstat", "statx",
	"statfs", "fstatfs", "access", "faccessat", "faccessat2", "readlink",
	"readlinkat", "getdents64", "getcwd", "mkdir", "mkdirat", "rmdir",
	"unlink", "unlinkat", "rename", "renameat", "renameat2", "link",
	"linkat", "chmod", "fchmod", "fchmodat", "utimensat", "fsync",
	"fdatasync", "ftruncate", "fallocate", "fadvise64", "flock", "fcntl",
	"dup", "dup2", "dup3", "pipe", "pipe2", "sendfile", "copy_file_range",
	"umask",
	/* memory */
	"mmap", "munmap", "mremap", "mprotect", "madvise", "brk", "mlock",
	"mlock2", "munlock", "msync", "mincore", "membarrier",
	/* threads, signals, time */
	"futex", "futex_waitv", "set_robust_list", "get_robust_list", "rseq",
	"set_tid_address", "exit", "exit_group", "gettid", "getpid",
	"getppid", "getuid", "geteuid", "getgid", "getegid", "getgroups",
	"getresuid", "getresgid", "tgkill", "rt_sigaction", "rt_sigprocmask",
	"rt_sigreturn", "rt_sigtimedwait", "sigaltstack", "restart_syscall",
	"nanosleep", "clock_nanosleep", "clock_gettime", "clock_getres",
	"gettimeofday", "time", "sched_yield", "sched_getaffinity",
	"getrlimit", "getrusage", "sysinfo", "uname", "getrandom",
	"setpriority", "getpriority", "wait4",
	/* events and sockets (the listening socket exists already) */
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"epoll_pwait2", "poll", "ppoll", "select", "pselect6", "eventfd2",
	"connect", "accept", "accept4", "sendto", "recvfrom", "sendmsg",
	"recvmsg", "sendmmsg", "recvmmsg", "shutdown", "setsockopt",
	"getsockopt", "getsockname", "getpeername",
};

/* More for sanitizer builds: LeakSanitizer's exit check. */
static const char *const sanitizer_calls[] = {
	"ptrace", "prctl", "sched_setaffinity", "kill", "waitid", "getdents",
	"prlimit64", "personality", "sysinfo",
};

static int
add_names(scmp_filter_ctx ctx, const char *const *names, size_t n,
    char *err, size_t errlen)
{
	size_t i;
	int nr, rc;

	for (i = 0; i < n; i++) {
		if ((nr = seccomp_syscall_resolve_name(names[i])) ==
		    __NR_SCMP_ERROR)
			continue;
		if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0)) < 0 &&
		    rc != -EEXIST) {
			snprintf(err, errlen, "seccomp: %s: %s", names[i],
			    strerror(-rc));
			return -1;
		}
	}
	return 0;
}

/* Adds an allow rule with argument checks; 0 or -1 with err. */
#define RULE(ctx, name, ...) do {					\
	int rc_ = seccomp_rule_add((ctx), SCMP_ACT_ALLOW,		\
	    SCMP_SYS(name), __VA_ARGS__);				\
	if (rc_ < 0) {							\
		snprintf(err, errlen, "seccomp: %s: %s", #name,		\
		    strerror(-rc_));					\
		goto fail;						\
	}								\
} while (0)

int
sandbox_seccomp(char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	int rc;

	if ((ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM))) == NULL) {
		snprintf(err, errlen, "seccomp: cannot allocate a filter");
		return -1;
	}
	/* Every thread of the process, including those already running. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0) {
		snprintf(err, errlen, "seccomp: thread sync: %s",
		    strerror(-rc));
		goto fail;
	}
	if (add_names(ctx, server_calls, NELEM(server_calls), err,
	    errlen) == -1)
		goto fail;
	if (SANITIZED && add_names(ctx, sanitizer_calls,
	    NELEM(sanitizer_calls), err, errlen) == -1)
		goto fail;
	/* New threads only: clone with CLONE_THREAD; clone3's flags sit in
	 * memory a filter cannot read, so it answers ENOSYS and glibc falls
	 * back to clone. */
	if (!SANITIZED)
		RULE(ctx, clone, 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD,
		    CLONE_THREAD));
	else	/* LeakSanitizer's tracer shares the memory; fork does not */
		RULE(ctx, clone, 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_VM,
		    CLONE_VM));
	if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
	    SCMP_SYS(clone3), 0)) < 0) {
		snprintf(err, errlen, "seccomp: clone3: %s", strerror(-rc));
		goto fail;
	}
	/* Sockets: local, IPv4, IPv6 (mail), and routing queries of
	 * getaddrinfo; socketpair only local. */
	RULE(ctx, socket, 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	RULE(ctx, socket, 1, SCMP_A0(SCMP_CMP_EQ, AF_INET));
	RULE(ctx, socket, 1, SCMP_A0(SCMP_CMP_EQ, AF_INET6));
	RULE(ctx, socket, 1, SCMP_A0(SCMP_CMP_EQ, AF_NETLINK));
	RULE(ctx, socketpair, 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	/* ioctl: non-blocking mode, bytes pending, isatty. */
	RULE(ctx, ioctl, 1, SCMP_A1(SCMP_CMP_EQ, FIONBIO));
	RULE(ctx, ioctl, 1, SCMP_A1(SCMP_CMP_EQ, FIONREAD));
	RULE(ctx, ioctl, 1, SCMP_A1(SCMP_CMP_EQ, TCGETS));
	RULE(ctx, ioctl, 1, SCMP_A1(SCMP_CMP_EQ, TIOCGWINSZ));
	/* prctl: thread names only; prlimit64: reading limits only. */
	if (!SANITIZED) {
		RULE(ctx, prctl, 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME));
		RULE(ctx, prctl, 1, SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME));
		RULE(ctx, prlimit64, 1, SCMP_A2(SCMP_CMP_EQ, 0));
	}
	if ((rc = seccomp_load(ctx)) < 0) {
		snprintf(err, errlen, "seccomp: load: %s", strerror(-rc));
		goto fail;
	}
	seccomp_release(ctx);
	return 0;
fail:
	seccomp_release(ctx);
	return -1;
}

/* Refused to mat2 and its helpers (everything else is allowed). */
static const char *const mat2_denied[] = {
	"ptrace", "process_vm_readv", "process_vm_writev", "mount",
	"umount2", "pivot_root", "chroot", "setns", "unshare", "bpf",
	"perf_event_open", "keyctl", "add_key", "request_key", "init_module",
	"finit_module", "delete_module", "kexec_load", "kexec_file_load",
	"reboot", "swapon", "swapoff", "userfaultfd", "io_uring_setup",
	"io_uring_enter", "io_uring_register", "open_by_handle_at",
	"name_to_handle_at", "setuid", "setgid", "setreuid", "setregid",
	"setresuid", "setresgid", "setgroups", "connect", "bind", "listen",
	"accept", "accept4", "landlock_create_ruleset",
};

int
sandbox_seccomp_mat2(void)
{
	scmp_filter_ctx ctx;
	size_t i;
	int nr, rc = -1;

	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		return -1;
	for (i = 0; i < NELEM(mat2_denied); i++) {
		if ((nr = seccomp_syscall_resolve_name(mat2_denied[i])) ==
		    __NR_SCMP_ERROR)
			continue;
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0) < 0)
			goto out;
	}
	/* No network: only local sockets (Python may ask for one). */
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1,
	    SCMP_A0(SCMP_CMP_NE, AF_UNIX)) < 0)
		goto out;
	rc = seccomp_load(ctx) < 0 ? -1 : 0;
out:
	seccomp_release(ctx);
	return rc;
}

/* --- the test suite's probe ------------------------------------------- */

static void
probe_result(const char *name, int refused, int err)
{
	if (refused)
		log_info("sandbox probe: %s refused (%s)", name,
		    strerror(err));
	else
		log_warnx("sandbox probe: %s ALLOWED", name);
}

static void *
probe_main(void *arg)
{
	char *const argv[] = { "sh", "-c", "exit 97", NULL };
	char *const envp[] = { NULL };
	struct sockaddr_in sin;
	pid_t pid;
	int fd, e;

	(void)arg;
	/* Success replaces the server by a shell that exits 97. */
	execve("/bin/sh", argv, envp);
	probe_result("exec /bin/sh", 1, errno);

	fd = open("/etc/shadow", O_RDONLY | O_CLOEXEC);
	e = errno;
	probe_result("open /etc/shadow", fd == -1, e);
	if (fd != -1)
		close(fd);

	fd = open("/tmp/wbs-sandbox-probe", O_WRONLY | O_CREAT | O_CLOEXEC,
	    0600);
	e = errno;
	probe_result("create /tmp/wbs-sandbox-probe", fd == -1, e);
	if (fd != -1) {
		close(fd);
		(void)unlink("/tmp/wbs-sandbox-probe");
	}

	pid = fork();
	e = errno;
	if (pid == 0)
		_exit(0);
	probe_result("fork", pid == -1, e);
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);

	e = setuid(0) == -1 ? errno : 0;
	probe_result("setuid 0", e != 0, e);

	/* An outgoing TCP connection to this machine's SSH port. */
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons(22);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		e = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ?
		    errno : 0;
		probe_result("connect 127.0.0.1:22", e == EACCES ||
		    e == EPERM, e);
		close(fd);
	}
	log_info("sandbox probe: done");
	return NULL;
}

void
sandbox_probe(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, probe_main, NULL) != 0) {
		log_warnx("sandbox probe: cannot start a thread");
		return;
	}
	(void)pthread_join(t, NULL);
}
