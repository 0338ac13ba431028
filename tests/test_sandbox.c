/*
 * test_sandbox.c: the sandbox of a real "wbs serve" ($WBS_BIN), started
 * as root like an operator would. The server's own probe (the test hook
 * WBS_SANDBOX_PROBE=1, src/sandbox.c) tries what the sandbox forbids
 * from inside the running process: exec of a shell, opening /etc/shadow,
 * writing outside its directories, fork, becoming root again, an
 * outgoing TCP connection; each must be refused. /proc shows every
 * thread unprivileged, with no_new_privs and a seccomp filter, and the
 * mat2 broker likewise. A report with a PNG whose metadata holds a canary
 * then goes through the broker's mat2: the handler's download has no
 * canary. Start-up refusals: a port below 1024, user root, an unknown
 * user.
 */
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "crypto.h"
#include "roles.h"
#include "totp.h"

#define PW	"kata-sandi-panjang-sekali-2026"
#define CANARY	"wbs-canary-meta-5519"

/* A 4x4 PNG with a tEXt chunk "Comment" = CANARY. */
static const unsigned char png[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x04\x00\x00\x00\x04\x08\x02\x00\x00\x00\x26\x93\x09"
    "\x29\x00\x00\x00\x1c\x74\x45\x58\x74\x43\x6f\x6d\x6d\x65\x6e\x74"
    "\x00\x77\x62\x73\x2d\x63\x61\x6e\x61\x72\x79\x2d\x6d\x65\x74\x61"
    "\x2d\x35\x35\x31\x39\x8a\x76\x72\x46\x00\x00\x00\x10\x49\x44\x41"
    "\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x47\x0c\xc4\x71\x00\xae\x93\x0f"
    "\xf1\xd0\x5f\x23\x9e\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
    "\x82";

struct fix {
	char		 bin[PATH_MAX];
	char		*dir;
	char		 data[PATH_MAX], staging[PATH_MAX], conf[PATH_MAX];
	char		 log[PATH_MAX];
	char		 token[CRYPTO_TOKEN_TEXT];
	struct tu_server net;	/* only .port, for tu_http */
	pid_t		 pid;
};

static void
path_in(const struct fix *f, char *out, const char *name)
{
	snprintf(out, PATH_MAX, "%s/%s", f->dir, name);
}

/* A free loopback port (bound and released). */
static uint16_t
free_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	const char *bin = getenv("WBS_BIN");
	struct wbs_config cfg;
	struct app *app = NULL;
	struct tu_server fake;
	unsigned char secret[TOTP_SECRET_BYTES];
	/* tu_enrol moves its clock on two steps; the session must not
	 * begin in the real server's future. */
	time_t clk = time(NULL) - 3 * TOTP_STEP;
	char err[512], text[2 * PATH_MAX];

	if (f == NULL)
		return -1;
	if (bin == NULL || *bin == '\0')
		bin = "build/wbs";
	if (realpath(bin, f->bin) == NULL) {
		fprintf(stderr, "test_sandbox: %s: no such executable (set "
		    "WBS_BIN)\n", bin);
		free(f);
		return -1;
	}
	/* The data directory sits in a directory closed to the account the
	 * server becomes (like /root/wbs/data): it must work all the same.
	 * The staging directory is a private one on the tmpfs. */
	f->dir = tu_mkdtemp();
	assert_int_equal(chmod(f->dir, 0700), 0);
	path_in(f, f->data, "data");
	snprintf(f->staging, sizeof(f->staging), "/dev/shm/wbs-test-XXXXXX");
	assert_non_null(mkdtemp(f->staging));
	path_in(f, f->conf, "wbs.ini");
	path_in(f, f->log, "server.log");
	assert_int_equal(app_init_data(f->data, err, sizeof(err)), 0);

	/* A reviewer, enrolled and logged in before the server starts. */
	config_defaults(&cfg);
	snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%.1000s", f->data);
	assert_int_equal(app_open(&app, &cfg, err, sizeof(err)), 0);
	memset(&fake, 0, sizeof(fake));
	fake.app = app;
	tu_enrol(&fake, "peninjau", ROLE_REVIEWER, PW, &clk, secret, NULL,
	    f->token);
	app_close(app);

	snprintf(text, sizeof(text), "[reports]\nupload_tmpdir = %s\n",
	    f->staging);
	tu_write_file(f->conf, text, strlen(text));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	if (f->pid > 0) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, NULL, 0);
	}
	tu_rmtree(f->dir);
	tu_rmtree(f->staging);
	free(f->dir);
	free(f);
	return 0;
}

/* Runs "wbs serve" with extra arguments; stderr goes to f->log. */
static pid_t
spawn(struct fix *f, const char *listen, const char *extra)
{
	pid_t pid;

	(void)unlink(f->log);	/* no line of an earlier run may count */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(f->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd == -1 || dup2(fd, 2) == -1 || dup2(fd, 1) == -1)
			_exit(126);
		setenv("WBS_SANDBOX_PROBE", "1", 1);
		execl(f->bin, "wbs", "serve", "--data", f->data, "--config",
		    f->conf, "--listen", listen, extra, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits until the log has needle (1) or the process has exited (0). */
static int
wait_log(struct fix *f, pid_t pid, const char *needle, int *status)
{
	int i;

	for (i = 0; i < 600; i++) {
		char *log = tu_read_file(f->log, NULL);
		int found = log != NULL && strstr(log, needle) != NULL;

		free(log);
		if (found)
			return 1;
		if (waitpid(pid, status, WNOHANG) == pid)
			return 0;
		usleep(50 * 1000);
	}
	fail_msg("no \"%s\" in the server's log within 30 s", needle);
	return 0;
}

/* The value of a "Name:\t..." line of /proc/PID[/task/TID]/status. */
static long
status_field(const char *path, const char *name, int which)
{
	char *s = tu_read_file(path, NULL), *p;
	long v[4] = { -1, -1, -1, -1 };
	size_t n = strlen(name);

	assert_non_null(s);
	for (p = s; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ?
	    p + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			sscanf(p + n + 1, "%ld %ld %ld %ld", &v[0], &v[1],
			    &v[2], &v[3]);
			break;
		}
	free(s);
	return v[which];
}

/* Every uid of the process or thread is not root, with no_new_privs
 * and a seccomp filter (mode 2). */
static void
assert_confined(const char *status)
{
	int i;

	for (i = 0; i < 4; i++)
		if (status_field(status, "Uid", i) == 0)
			fail_msg("%s: uid %d is root", status, i);
	assert_int_equal(status_field(status, "NoNewPrivs", 0), 1);
	assert_int_equal(status_field(status, "Seccomp", 0), 2);
}

static int
landlock_abi(void)
{
	/* LANDLOCK_CREATE_RULESET_VERSION: the kernel's ABI version */
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U << 0);

	return v < 0 ? 0 : (int)v;
}

static void
expect_log(const char *log, const char *line)
{
	if (strstr(log, line) == NULL)
		fail_msg("the server's log lacks \"%s\":\n%s", line, log);
}

/* Threads of pid: each confined; returns how many there are. */
static int
check_threads(pid_t pid)
{
	char path[128], st[192];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(st, sizeof(st), "%.64s/%.16s/status", path, e->d_name);
		assert_confined(st);
		n++;
	}
	closedir(d);
	return n;
}

/* The first child process of pid (the mat2 broker), or -1. */
static pid_t
child_of(pid_t pid)
{
	char path[128], *s, *p;
	struct dirent *e;
	DIR *d;
	pid_t found = -1;
	int ppid;

	assert_non_null(d = opendir("/proc"));
	while (found == -1 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.16s/stat", e->d_name);
		if ((s = tu_read_file(path, NULL)) == NULL)
			continue;
		/* "pid (comm) state ppid": comm may hold spaces */
		p = strrchr(s, ')');
		if (p != NULL && sscanf(p + 1, " %*c %d", &ppid) == 1 &&
		    ppid == (int)pid)
			found = (pid_t)atoi(e->d_name);
		free(s);
	}
	closedir(d);
	return found;
}

static void
test_probe_and_proc(void **state)
{
	struct fix *f = *state;
	char listen[64], status[64], head[65], cmd[3 * PATH_MAX], *log, *p;
	pid_t broker;
	int st, abi = landlock_abi();

	if (geteuid() != 0)
		fail_msg("this test starts the server as root, as an operator "
		    "would; run the suite as root (CI does)");
	f->net.port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", f->net.port);
	f->pid = spawn(f, listen, NULL);
	if (!wait_log(f, f->pid, "sandbox probe: done", &st)) {
		log = tu_read_file(f->log, NULL);
		fail_msg("server exited (%d) before its probe:\n%s", st,
		    log != NULL ? log : "");
	}
	assert_int_equal(wait_log(f, f->pid, "serving ", &st), 1);
	log = tu_read_file(f->log, NULL);
	assert_non_null(log);
	expect_log(log, "sandbox probe: exec /bin/sh refused");
	expect_log(log, "sandbox probe: open /etc/shadow refused");
	expect_log(log, "sandbox probe: fork refused");
	expect_log(log, "sandbox probe: setuid 0 refused");
	if (abi >= 1)
		expect_log(log, "sandbox probe: create /tmp/wbs-sandbox-probe "
		    "refused");
	if (abi >= 4)
		expect_log(log, "sandbox probe: connect 127.0.0.1:22 refused");
	assert_null(strstr(log, "ALLOWED"));
	assert_non_null(strstr(log, "running as "));
	/* The audit head, logged at start for a copy outside the store. */
	assert_non_null(p = strstr(log, "audit: trail intact, "));
	assert_non_null(p = strstr(p, "head "));
	assert_int_equal(sscanf(p, "head %64[0-9a-f]", head), 1);
	assert_int_equal(strlen(head), 64);
	free(log);
	assert_int_equal(access("/tmp/wbs-sandbox-probe", F_OK), -1);

	/* Every thread (MHD's, the workers, the watchdog) is confined. */
	assert_true(check_threads(f->pid) > 2);
	broker = child_of(f->pid);
	assert_true(broker > 0);
	snprintf(status, sizeof(status), "/proc/%d/status", (int)broker);
	assert_confined(status);

	/* A clean stop: exit 0, and the broker goes with the server. */
	assert_int_equal(kill(f->pid, SIGTERM), 0);
	assert_int_equal(waitpid(f->pid, &st, 0), f->pid);
	f->pid = 0;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	for (st = 0; st < 200 && kill(broker, 0) == 0; st++)
		usleep(50 * 1000);
	assert_int_equal(kill(broker, 0), -1);

	/* The logged head is the trail's: verify accepts it. */
	snprintf(cmd, sizeof(cmd), "'%s' audit verify --data '%s' --head %s "
	    ">/dev/null 2>&1", f->bin, f->data, head);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

#define BOUNDARY	"wbsSandboxBoundary"

static void
test_mat2_through_broker(void **state)
{
	struct fix *f = *state;
	const char *json[] = { "Content-Type: application/json", NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":\"Pengadaan"
	    "\",\"what\":\"Harga digelembungkan\"}";
	const char *mp[] = { NULL, "Content-Type: multipart/form-data; "
	    "boundary=" BOUNDARY, NULL };
	char listen[64], auth[160], cookie[160], body[128], path[96], *p;
	char bearer[160];
	const char *hdr[] = { cookie, bearer, NULL };
	struct tu_resp r;
	struct buf b;
	long fid;
	int st;

	f->net.port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", f->net.port);
	f->pid = spawn(f, listen, NULL);
	assert_int_equal(wait_log(f, f->pid, "serving ", &st), 1);

	assert_int_equal(tu_http(&f->net, "POST", "/api/v1/reports", json,
	    report, strlen(report), &r), 0);
	if (r.status != 201)
		fail_msg("%ld %s", r.status, r.body);
	assert_non_null(p = strstr(r.body, "\"access_code\":\""));
	snprintf(body, sizeof(body), "{\"access_code\":\"%.24s\"}", p + 15);
	tu_resp_free(&r);
	assert_int_equal(tu_http(&f->net, "POST", "/api/v1/reporter/session",
	    json, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	assert_non_null(p = strstr(r.body, "\"token\":\""));
	snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
	    (int)strcspn(p + 9, "\""), p + 9);
	tu_resp_free(&r);

	buf_init(&b);
	buf_puts(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"remove_metadata\"\r\n\r\n1\r\n--" BOUNDARY "\r\n"
	    "Content-Disposition: form-data; name=\"files\"; "
	    "filename=\"foto.png\"\r\nContent-Type: image/png\r\n\r\n");
	buf_append(&b, png, sizeof(png) - 1);
	buf_puts(&b, "\r\n--" BOUNDARY "--\r\n");
	mp[0] = auth;
	assert_int_equal(tu_http(&f->net, "POST", "/api/v1/reporter/files", mp,
	    b.data, b.len, &r), 0);
	buf_free(&b);
	if (r.status != 201) {
		char *log = tu_read_file(f->log, NULL);

		fail_msg("upload through the broker: %ld %s\n%s", r.status,
		    r.body, log != NULL ? log : "");
	}
	tu_resp_free(&r);

	/* The handler's copy: a PNG without the canary. */
	snprintf(cookie, sizeof(cookie), "Cookie: wbs_staff=%s", f->token);
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s",
	    f->token);
	assert_int_equal(tu_http(&f->net, "GET", "/api/v1/cases/1", hdr, NULL,
	    0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(p = strstr(r.body, "\"files\":[{"));
	assert_non_null(p = strstr(p, "\"id\":"));
	fid = strtol(p + 5, NULL, 10);
	tu_resp_free(&r);
	snprintf(path, sizeof(path), "/staff/laporan/1/berkas/%ld", fid);
	assert_int_equal(tu_http(&f->net, "GET", path, hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 8);
	assert_memory_equal(r.body, "\x89PNG", 4);
	assert_null(memmem(r.body, r.body_len, CANARY, strlen(CANARY)));
	tu_resp_free(&r);

	assert_int_equal(kill(f->pid, SIGTERM), 0);
	assert_int_equal(waitpid(f->pid, &st, 0), f->pid);
	f->pid = 0;
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Runs serve to its end; returns the exit status and the log. */
static int
serve_fails(struct fix *f, const char *listen, char **log)
{
	pid_t pid = spawn(f, listen, NULL);
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	*log = tu_read_file(f->log, NULL);
	assert_non_null(*log);
	fprintf(stderr, "serve --listen %s: %s", listen, *log);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_refusals(void **state)
{
	struct fix *f = *state;
	char text[2 * PATH_MAX], listen[64], *log;

	snprintf(listen, sizeof(listen), "127.0.0.1:%u", free_port());
	/* Port 80: bound after root is given up, so refused up front. */
	assert_int_equal(serve_fails(f, "127.0.0.1:80", &log), 1);
	assert_non_null(strstr(log, "below 1024"));
	free(log);
	snprintf(text, sizeof(text), "[server]\nuser = root\n[reports]\n"
	    "upload_tmpdir = %s\n", f->staging);
	tu_write_file(f->conf, text, strlen(text));
	assert_int_equal(serve_fails(f, listen, &log), 1);
	assert_non_null(strstr(log, "is root"));
	free(log);
	snprintf(text, sizeof(text), "[server]\nuser = tidak-ada-akun-ini\n"
	    "[reports]\nupload_tmpdir = %s\n", f->staging);
	tu_write_file(f->conf, text, strlen(text));
	assert_int_equal(serve_fails(f, listen, &log), 1);
	assert_non_null(strstr(log, "no account named"));
	free(log);
	snprintf(text, sizeof(text), "[server]\nsandbox = perhaps\n");
	tu_write_file(f->conf, text, strlen(text));
	assert_int_equal(serve_fails(f, listen, &log), 1);
	assert_non_null(strstr(log, "sandbox"));
	free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_and_proc),
		cmocka_unit_test(test_mat2_through_broker),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
