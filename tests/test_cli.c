/*
 * test_cli.c: the wbs command line, run as a real process ($WBS_BIN, or
 * build/wbs): --version and --help, usage errors (exit 2), "init" and
 * the modes of what it creates, refusing a second init, "check-config"
 * on good, bad and missing files, and "serve" refusing a directory that
 * was never initialised. Each run happens in a fresh temporary directory.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "util.h"

/* A run never legitimately lasts this long; the alarm stops a hung one. */
#define RUN_ALARM	120

struct fix {
	char	 bin[PATH_MAX];
	char	*dir;		/* temporary working directory */
	int	 status;	/* exit code, or 128 + signal */
	char	*out;
	char	*err;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	const char *bin = getenv("WBS_BIN");

	if (f == NULL)
		return -1;
	if (bin == NULL || *bin == '\0')
		bin = "build/wbs";
	if (realpath(bin, f->bin) == NULL || access(f->bin, X_OK) == -1) {
		fprintf(stderr, "test_cli: %s: no such executable (set "
		    "WBS_BIN)\n", bin);
		free(f);
		return -1;
	}
	f->dir = tu_mkdtemp();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	tu_rmtree(f->dir);
	free(f->dir);
	free(f->out);
	free(f->err);
	free(f);
	return 0;
}

/* Builds DIR/name into out. */
static void
path_in(const struct fix *f, char *out, size_t outlen, const char *name)
{
	int n = snprintf(out, outlen, "%s/%s", f->dir, name);

	assert_true(n > 0 && (size_t)n < outlen);
}

/*
 * Runs the binary with argv (argv[0] is replaced; NULL-terminated) in
 * the temporary directory, with umask 022 and empty stdin; collects the
 * exit status and the whole of stdout and stderr.
 */
static void
run(struct fix *f, const char *argv[])
{
	char outp[PATH_MAX], errp[PATH_MAX];
	pid_t pid;
	int st, fd;

	free(f->out);
	free(f->err);
	f->out = f->err = NULL;
	path_in(f, outp, sizeof(outp), ".stdout");
	path_in(f, errp, sizeof(errp), ".stderr");
	argv[0] = f->bin;
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if (chdir(f->dir) == -1)
			_exit(126);
		if ((fd = open("/dev/null", O_RDONLY)) == -1 ||
		    dup2(fd, 0) == -1)
			_exit(126);
		if ((fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) ==
		    -1 || dup2(fd, 1) == -1)
			_exit(126);
		if ((fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) ==
		    -1 || dup2(fd, 2) == -1)
			_exit(126);
		umask(022);
		alarm(RUN_ALARM);
		execv(f->bin, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		assert_int_equal(errno, EINTR);
	if (WIFEXITED(st))
		f->status = WEXITSTATUS(st);
	else
		f->status = 128 + WTERMSIG(st);
	f->out = tu_read_file(outp, NULL);
	f->err = tu_read_file(errp, NULL);
	assert_non_null(f->out);
	assert_non_null(f->err);
	unlink(outp);
	unlink(errp);
}

/* Expects the last run to have exited with code. */
static void
expect_exit(const struct fix *f, int code)
{
	if (f->status != code) {
		print_error("exit %d, want %d\nstdout: %s\nstderr: %s\n",
		    f->status, code, f->out, f->err);
		fail();
	}
}

static void
expect_in(const char *what, const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL) {
		print_error("%s lacks \"%s\":\n%s\n", what, needle, text);
		fail();
	}
}

/* Runs argv and expects a usage error: exit 2, a message, no output. */
static void
usage_error(struct fix *f, const char *argv[])
{
	run(f, argv);
	expect_exit(f, 2);
	assert_true(strlen(f->err) > 0);
	expect_in("stderr", f->err, "wbs: ");
	assert_string_equal(f->out, "");
}

static void
mode_is(const char *path, mode_t want)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	if ((st.st_mode & 07777) != want) {
		print_error("%s: mode %04o, want %04o\n", path,
		    (unsigned)(st.st_mode & 07777), (unsigned)want);
		fail();
	}
}

static void
test_version(void **state)
{
	struct fix *f = *state;
	const char *argv[] = { NULL, "--version", NULL };

	run(f, argv);
	expect_exit(f, 0);
	assert_string_equal(f->out, "wbs " WBS_VERSION "\n");
	assert_string_equal(f->err, "");
}

static void
test_help(void **state)
{
	struct fix *f = *state;
	const char *argv[] = { NULL, "--help", NULL };
	const char *sub[] = { NULL, "init", "--help", NULL };

	run(f, argv);
	expect_exit(f, 0);
	expect_in("--help", f->out, "serve");
	expect_in("--help", f->out, "init");
	expect_in("--help", f->out, "check-config");
	expect_in("--help", f->out, "--data");
	assert_string_equal(f->err, "");

	run(f, sub);
	expect_exit(f, 0);
	expect_in("init --help", f->out, "check-config");
}

static void
test_no_args(void **state)
{
	struct fix *f = *state;
	const char *argv[] = { NULL, NULL };

	usage_error(f, argv);
	expect_in("stderr", f->err, "command");
}

static void
test_unknown_command(void **state)
{
	struct fix *f = *state;
	const char *argv[] = { NULL, "frobnicate", NULL };
	const char *opt_first[] = { NULL, "--data", "x", "init", NULL };

	usage_error(f, argv);
	expect_in("stderr", f->err, "frobnicate");
	usage_error(f, opt_first);
}

static void
test_unknown_option(void **state)
{
	struct fix *f = *state;
	const char *a1[] = { NULL, "init", "--frob", NULL };
	const char *a2[] = { NULL, "init", "--data", "d", "-x", NULL };
	/* --listen belongs to serve only */
	const char *a3[] = { NULL, "init", "--listen", "127.0.0.1:1", NULL };
	const char *a4[] = { NULL, "check-config", "extra", NULL };
	char path[PATH_MAX];

	usage_error(f, a1);
	expect_in("stderr", f->err, "--frob");
	usage_error(f, a2);
	usage_error(f, a3);
	usage_error(f, a4);
	path_in(f, path, sizeof(path), "d");
	assert_int_equal(access(path, F_OK), -1);
}

static void
test_option_without_value(void **state)
{
	struct fix *f = *state;
	const char *a1[] = { NULL, "init", "--data", NULL };
	const char *a2[] = { NULL, "check-config", "--config", NULL };
	const char *a3[] = { NULL, "serve", "--listen", NULL };

	usage_error(f, a1);
	expect_in("stderr", f->err, "--data");
	usage_error(f, a2);
	usage_error(f, a3);
}

static void
test_bad_values(void **state)
{
	struct fix *f = *state;
	char *lng = malloc(5001);
	const char *empty[] = { NULL, "init", "--data", "", NULL };
	const char *toolong[] = { NULL, "init", "--data", NULL, NULL };
	const char *notutf8[] = { NULL, "init", "--data", "d\xff\xfe", NULL };
	const char *overlong[] = { NULL, "check-config", "--config",
	    "c\xc0\xaf", NULL };
	char path[PATH_MAX];

	assert_non_null(lng);
	memset(lng, 'd', 5000);
	lng[5000] = '\0';
	toolong[3] = lng;
	usage_error(f, empty);
	usage_error(f, toolong);
	usage_error(f, notutf8);
	usage_error(f, overlong);
	free(lng);
	path_in(f, path, sizeof(path), "data");
	assert_int_equal(access(path, F_OK), -1);
}

static void
test_option_twice(void **state)
{
	struct fix *f = *state;
	const char *a1[] = { NULL, "init", "--data", "a", "--data", "b",
	    NULL };
	const char *a2[] = { NULL, "serve", "--listen", "127.0.0.1:1",
	    "--listen", "127.0.0.1:2", NULL };
	char path[PATH_MAX];

	usage_error(f, a1);
	expect_in("stderr", f->err, "twice");
	usage_error(f, a2);
	path_in(f, path, sizeof(path), "a");
	assert_int_equal(access(path, F_OK), -1);
	path_in(f, path, sizeof(path), "b");
	assert_int_equal(access(path, F_OK), -1);
}

static void
test_init(void **state)
{
	struct fix *f = *state;
	char data[PATH_MAX], db[PATH_MAX], key[PATH_MAX];
	const char *argv[] = { NULL, "init", "--data", data, NULL };
	char *key1, *key2;
	size_t len1, len2;

	path_in(f, data, sizeof(data), "data");
	path_in(f, db, sizeof(db), "data/wbs.db");
	path_in(f, key, sizeof(key), "data/server.key");

	run(f, argv);
	expect_exit(f, 0);
	mode_is(data, 0700);
	mode_is(db, 0600);
	mode_is(key, 0600);
	expect_in("stdout", f->out, data);
	key1 = tu_read_file(key, &len1);
	assert_non_null(key1);
	assert_true(len1 > 0);

	/* a second init refuses and leaves the key file alone */
	run(f, argv);
	expect_exit(f, 1);
	expect_in("stderr", f->err, "refusing to overwrite");
	key2 = tu_read_file(key, &len2);
	assert_non_null(key2);
	assert_int_equal(len1, len2);
	assert_memory_equal(key1, key2, len1);
	mode_is(key, 0600);
	free(key1);
	free(key2);
}

static void
test_check_config(void **state)
{
	static const char good[] =
	    "; a comment\n"
	    "[server]\n"
	    "listen = 127.0.0.1:8181\n"
	    "threads = 2\n"
	    "\n"
	    "[site]\n"
	    "name = WBS Uji\n";
	static const char bad[] =
	    "[server]\n"
	    "threads = 2\n"
	    "no_such_key = 1\n"
	    "[site]\n";
	struct fix *f = *state;
	char good_path[PATH_MAX], bad_path[PATH_MAX], want[PATH_MAX + 8];
	const char *a_good[] = { NULL, "check-config", "--config", good_path,
	    NULL };
	const char *a_bad[] = { NULL, "check-config", "--config", bad_path,
	    NULL };
	const char *a_none[] = { NULL, "check-config", "--config",
	    "/nonexistent/wbs.conf", NULL };
	const char *a_default[] = { NULL, "check-config", NULL };

	path_in(f, good_path, sizeof(good_path), "good.conf");
	path_in(f, bad_path, sizeof(bad_path), "bad.conf");
	tu_write_file(good_path, good, sizeof(good) - 1);
	tu_write_file(bad_path, bad, sizeof(bad) - 1);

	run(f, a_good);
	expect_exit(f, 0);
	expect_in("stdout", f->out, "8181");
	expect_in("stdout", f->out, "WBS Uji");

	run(f, a_bad);
	expect_exit(f, 1);
	snprintf(want, sizeof(want), "%s:3:", bad_path);
	expect_in("stderr", f->err, want);

	run(f, a_none);
	expect_exit(f, 1);
	expect_in("stderr", f->err, "/nonexistent/wbs.conf");

	run(f, a_default);
	expect_exit(f, 0);
}

static void
test_serve_not_initialised(void **state)
{
	struct fix *f = *state;
	char empty[PATH_MAX], db[PATH_MAX];
	const char *argv[] = { NULL, "serve", "--data", empty, NULL };

	path_in(f, empty, sizeof(empty), "empty");
	assert_int_equal(mkdir(empty, 0700), 0);
	run(f, argv);
	expect_exit(f, 1);
	expect_in("stderr", f->err, "wbs init");
	/* nothing was created on the way */
	path_in(f, db, sizeof(db), "empty/wbs.db");
	assert_int_equal(access(db, F_OK), -1);
}

static void
test_serve_bad_listen(void **state)
{
	struct fix *f = *state;
	const char *a1[] = { NULL, "serve", "--listen", "garbage", NULL };
	const char *a2[] = { NULL, "serve", "--listen", "127.0.0.1:70000",
	    NULL };
	const char *a3[] = { NULL, "serve", "--listen", "::1:8080", NULL };

	usage_error(f, a1);
	expect_in("stderr", f->err, "garbage");
	usage_error(f, a2);
	usage_error(f, a3);
}

/* A custodian who could also read reports is refused, with the reason. */
static void
test_user_role_conflict(void **state)
{
	struct fix *f = *state;
	char data[PATH_MAX];
	const char *init[] = { NULL, "init", "--data", data, NULL };
	const char *mixed[] = { NULL, "user", "add", "--name", "inspektur",
	    "--role", "reviewer,custodian", "--data", data, NULL };
	const char *mixed2[] = { NULL, "user", "add", "--name", "inspektur",
	    "--role", "custodian,investigator", "--data", data, NULL };
	const char *ok[] = { NULL, "user", "add", "--name", "inspektur",
	    "--role", "custodian", "--data", data, NULL };

	path_in(f, data, sizeof(data), "data");
	run(f, init);
	expect_exit(f, 0);
	run(f, mixed);
	expect_exit(f, 1);
	expect_in("stderr", f->err, "custodian cannot also be a reviewer");
	run(f, mixed2);
	expect_exit(f, 1);
	run(f, ok);
	expect_exit(f, 0);
	expect_in("stdout", f->out, "/staff/enrol/");
}

/* The holiday calendar's coverage: a thin calendar is reported. */
static void
test_holidays_check(void **state)
{
	struct fix *f = *state;
	char cal[PATH_MAX], conf[PATH_MAX], text[PATH_MAX + 64];
	const char *thin[] = { NULL, "holidays", "check", "--config", conf,
	    NULL };
	const char *bad[] = { NULL, "holidays", "check", "--name", "x", NULL };

	path_in(f, cal, sizeof(cal), "libur.txt");
	path_in(f, conf, sizeof(conf), "wbs.ini");
	tu_write_file(cal, "2026-01-01 Tahun Baru\n", 22);
	snprintf(text, sizeof(text), "[deadlines]\nholidays = %s\n", cal);
	tu_write_file(conf, text, strlen(text));
	run(f, thin);
	expect_exit(f, 1);
	expect_in("stdout", f->out, "INCOMPLETE");
	usage_error(f, bad);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_version),
		T(test_help),
		T(test_no_args),
		T(test_unknown_command),
		T(test_unknown_option),
		T(test_option_without_value),
		T(test_bad_values),
		T(test_option_twice),
		T(test_init),
		T(test_check_config),
		T(test_serve_not_initialised),
		T(test_serve_bad_listen),
		T(test_user_role_conflict),
		T(test_holidays_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
