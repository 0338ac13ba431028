/*
 * test_db.c: the SQLite store: file creation and mode, WAL, migrations
 * (applied once, newer schema refused), the meta table, and concurrent
 * use of the connection pool from several threads.
 */
#include <sys/stat.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "db.h"

#define NTHREADS	8
#define NROUNDS		200

struct fixture {
	char	*dir;
	char	 path[1024];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	snprintf(f->path, sizeof(f->path), "%s/wbs.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Runs one statement through the sqlite3 CLI; returns its first line. */
static void
cli(const char *path, const char *sql, char *out, size_t outlen)
{
	char cmd[2048];
	FILE *p;
	int n;

	n = snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", path, sql);
	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	p = popen(cmd, "r");
	assert_non_null(p);
	out[0] = '\0';
	if (fgets(out, (int)outlen, p) != NULL)
		out[strcspn(out, "\n")] = '\0';
	assert_int_equal(pclose(p), 0);
}

static void
test_create_mode(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	struct stat st;
	char err[256];

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	assert_non_null(db);
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	db_close(db);
}

static void
test_missing_refused(void **state)
{
	struct fixture *f = *state;
	struct db *db = (struct db *)f;
	char err[256] = "";

	assert_int_equal(db_open(&db, f->path, 0, err, sizeof(err)), -1);
	assert_null(db);
	assert_non_null(strstr(err, f->path));
	assert_non_null(strstr(err, "does not exist"));
	assert_int_equal(access(f->path, F_OK), -1);
}

static void
test_symlink_refused(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	char link[1100], err[256] = "";

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	db_close(db);
	snprintf(link, sizeof(link), "%s/link.db", f->dir);
	assert_int_equal(symlink(f->path, link), 0);
	assert_int_equal(db_open(&db, link, 0, err, sizeof(err)), -1);
	assert_null(db);
	assert_non_null(strstr(err, "symbolic link"));
}

static void
test_schema_version(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	char err[256], out[64];
	int i, v;

	assert_true(db_schema_latest() >= 1);
	/* Opening again must not apply anything a second time. */
	for (i = 0; i < 3; i++) {
		assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)),
		    0);
		v = -1;
		assert_int_equal(db_schema_version(db, &v), 0);
		assert_int_equal(v, db_schema_latest());
		db_close(db);
		snprintf(err, sizeof(err), "%d", db_schema_latest());
		cli(f->path, "SELECT COUNT(*) FROM schema_migrations", out,
		    sizeof(out));
		assert_string_equal(out, err);
		cli(f->path, "SELECT COUNT(*) FROM schema_migrations"
		    " WHERE applied_at LIKE '____-__-__T__:__:__Z'", out,
		    sizeof(out));
		assert_string_equal(out, err);
	}
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	char err[256] = "", out[64];

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	db_close(db);
	cli(f->path, "INSERT INTO schema_migrations (version, applied_at)"
	    " VALUES (999, 'x')", out, sizeof(out));
	db = NULL;
	assert_int_equal(db_open(&db, f->path, 0, err, sizeof(err)), -1);
	assert_null(db);
	assert_non_null(strstr(err, "999"));
	assert_non_null(strstr(err, "newer"));
	/* Nothing was written: the row is still there, nothing added. */
	cli(f->path, "SELECT MAX(version) FROM schema_migrations", out,
	    sizeof(out));
	assert_string_equal(out, "999");
}

static void
test_meta(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	char err[256], out[64], tiny[4];

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	assert_int_equal(db_meta_get(db, "absent", out, sizeof(out)), 0);
	assert_int_equal(db_meta_set(db, "k", "first"), 0);
	assert_int_equal(db_meta_get(db, "k", out, sizeof(out)), 1);
	assert_string_equal(out, "first");
	assert_int_equal(db_meta_set(db, "k", "second value"), 0);
	assert_int_equal(db_meta_get(db, "k", out, sizeof(out)), 1);
	assert_string_equal(out, "second value");
	assert_int_equal(db_meta_set(db, "empty", ""), 0);
	assert_int_equal(db_meta_get(db, "empty", out, sizeof(out)), 1);
	assert_string_equal(out, "");
	/* A value that does not fit is an error, not a truncation. */
	assert_int_equal(db_meta_get(db, "k", tiny, sizeof(tiny)), -1);
	db_close(db);

	assert_int_equal(db_open(&db, f->path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_meta_get(db, "k", out, sizeof(out)), 1);
	assert_string_equal(out, "second value");
	assert_int_equal(db_meta_get(db, "absent", out, sizeof(out)), 0);
	db_close(db);
	cli(f->path, "SELECT COUNT(*) FROM meta WHERE key = 'k'", out,
	    sizeof(out));
	assert_string_equal(out, "1");
}

static void
test_wal(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	struct stat st;
	char err[256], wal[1100], out[64];

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	assert_int_equal(db_meta_set(db, "w", "x"), 0);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_int_equal(stat(wal, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	db_close(db);
	cli(f->path, "PRAGMA journal_mode", out, sizeof(out));
	assert_string_equal(out, "wal");
}

struct worker {
	struct db	*db;
	int		 id;
	int		 failures;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	char key[32], val[64], out[64];
	int i;

	snprintf(key, sizeof(key), "thread-%d", w->id);
	for (i = 0; i < NROUNDS; i++) {
		snprintf(val, sizeof(val), "%d-%d", w->id, i);
		if (db_meta_set(w->db, key, val) != 0 ||
		    db_meta_set(w->db, "shared", val) != 0) {
			w->failures++;
			continue;
		}
		if (db_meta_get(w->db, key, out, sizeof(out)) != 1 ||
		    strcmp(out, val) != 0)
			w->failures++;
		if (db_meta_get(w->db, "shared", out, sizeof(out)) != 1)
			w->failures++;
	}
	return NULL;
}

static void
test_threads(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	struct worker w[NTHREADS];
	pthread_t t[NTHREADS];
	char err[256], key[32], want[64], out[64];
	int i;

	assert_int_equal(db_open(&db, f->path, 1, err, sizeof(err)), 0);
	for (i = 0; i < NTHREADS; i++) {
		w[i].db = db;
		w[i].id = i;
		w[i].failures = 0;
		assert_int_equal(pthread_create(&t[i], NULL, worker_run,
		    &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(w[i].failures, 0);
		snprintf(key, sizeof(key), "thread-%d", i);
		snprintf(want, sizeof(want), "%d-%d", i, NROUNDS - 1);
		assert_int_equal(db_meta_get(db, key, out, sizeof(out)), 1);
		assert_string_equal(out, want);
	}
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_schema_version, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
