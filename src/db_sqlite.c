/*
 * db_sqlite.c: the store (db.h) on SQLite 3. This is the only file that
 * includes sqlite3.h. It holds the connection settings, the migration
 * runner, a small pool of connections shared by the server's threads,
 * each of which prepares every statement of db_stmts[] (db_stmts.c)
 * when the store opens, and the statement API (db_internal.h) through
 * which the rest of the store runs them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "db_internal.h"
#include "db_schema.h"
#include "log.h"
#include "util.h"

#ifndef SQLITE_OPEN_EXRESCODE
#define SQLITE_OPEN_EXRESCODE	0
#endif

#define DB_POOL		4	/* connections per store */
#define DB_BUSY_MS	5000	/* wait this long for a lock, then fail */
#define DB_MIN_LIBVER	3031000	/* trusted_schema needs SQLite 3.31.0 */

#define DB_STR_(x)	#x
#define DB_STR(x)	DB_STR_(x)

/*
 * Connection settings: each is applied, read back and compared; a
 * connection where one did not take effect is refused.
 */
struct pragma {
	const char	*set;	/* applies the setting */
	const char	*get;	/* reads it back */
	const char	*want;	/* expected read-back, as text */
};

static const struct pragma pragmas[] = {
	{ "PRAGMA busy_timeout = " DB_STR(DB_BUSY_MS), "PRAGMA busy_timeout",
	    DB_STR(DB_BUSY_MS) },
	{ "PRAGMA journal_mode = WAL", "PRAGMA journal_mode", "wal" },
	{ "PRAGMA synchronous = FULL", "PRAGMA synchronous", "2" },
	{ "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1" },
	{ "PRAGMA secure_delete = ON", "PRAGMA secure_delete", "1" },
	{ "PRAGMA trusted_schema = OFF", "PRAGMA trusted_schema", "0" },
};

struct db_conn {
	sqlite3		*h;
	sqlite3_stmt	*st[STMT__MAX];
	struct db	*db;		/* the pool it belongs to */
	unsigned char	 used[STMT__MAX];	/* to reset at release */
	int		 failed;	/* a bind failed: refuse to step */
	int		 rc;		/* the last error's code */
};

struct db {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct db_conn	 conns[DB_POOL];
	struct db_conn	*idle[DB_POOL];	/* connections not in use */
	int		 nidle;
};

static void errf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Finalizes the statements and closes the handle; safe on a zeroed conn. */
static void
conn_close(struct db_conn *c)
{
	int i, rc;

	for (i = 0; i < STMT__MAX; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
	if (c->h != NULL && (rc = sqlite3_close(c->h)) != SQLITE_OK)
		log_warnx("db_close: %s", sqlite3_errstr(rc));
	c->h = NULL;
}

/* Runs sql to completion, discarding rows. Returns an SQLite code. */
static int
run_text(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL)) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
fail:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Runs the single-row, single-column query sql and compares its value,
 * as text, with want. Returns 0 when equal, else -1.
 */
static int
check_text(sqlite3 *h, const char *sql, const char *want)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *v;
	int ret = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	if ((v = sqlite3_column_text(st, 0)) == NULL)
		goto fail;
	if (strcasecmp((const char *)v, want) == 0)
		ret = 0;
fail:
	sqlite3_finalize(st);
	return ret;
}

/* Runs the single-row integer query s of db_stmts[] without parameters. */
static int
query_int(sqlite3 *h, enum stmt s, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(h, db_stmts[s], -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		goto fail;
	*out = sqlite3_column_int(st, 0);
	rc = SQLITE_OK;
fail:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Opens one connection to an existing file and applies the settings.
 * On error c may hold a handle; the caller closes it with conn_close().
 */
static int
conn_open(struct db_conn *c, const char *path, char *err, size_t errlen)
{
	size_t i;
	int rc, on = 0;

	rc = sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK) {
		errf(err, errlen, "%s: cannot open database: %s", path,
		    sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(c->h, 1);
	/* Refuse writes that could corrupt the file (writable_schema &c). */
	rc = sqlite3_db_config(c->h, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
	if (rc != SQLITE_OK || on != 1) {
		errf(err, errlen, "%s: cannot enable defensive mode", path);
		goto fail;
	}
	for (i = 0; i < NELEM(pragmas); i++) {
		if ((rc = run_text(c->h, pragmas[i].set)) != SQLITE_OK) {
			errf(err, errlen, "%s: %s: %s", path, pragmas[i].set,
			    sqlite3_errstr(rc));
			goto fail;
		}
		if (check_text(c->h, pragmas[i].get, pragmas[i].want) == -1) {
			errf(err, errlen, "%s: %s did not take effect", path,
			    pragmas[i].set);
			goto fail;
		}
	}
	return 0;
fail:
	return -1;
}

/* Prepares every statement of db_stmts[] on c. */
static int
conn_prepare(struct db_conn *c, const char *path, char *err, size_t errlen)
{
	int i, rc;

	for (i = 0; i < STMT__MAX; i++) {
		if (db_stmts[i] == NULL) {
			errf(err, errlen, "%s: statement %d is not declared",
			    path, i);
			return -1;
		}
		rc = sqlite3_prepare_v3(c->h, db_stmts[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &c->st[i], NULL);
		if (rc != SQLITE_OK) {
			errf(err, errlen, "%s: cannot prepare statement %d: %s",
			    path, i, sqlite3_errstr(rc));
			return -1;
		}
	}
	return 0;
}

/* The highest applied migration, or 0 on a database without any. */
static int
read_version(sqlite3 *h, int *out)
{
	int rc, n;

	if ((rc = query_int(h, STMT_MIGRATIONS_EXIST, &n)) != SQLITE_OK)
		return rc;
	if (n == 0) {
		*out = 0;
		return SQLITE_OK;
	}
	return query_int(h, STMT_SCHEMA_VERSION, out);
}

/* Records migration version as applied now (UTC). */
static int
record_version(sqlite3 *h, int version)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	struct tm tm;
	time_t t = time(NULL);
	int rc;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return SQLITE_ERROR;
	rc = sqlite3_prepare_v2(h, db_stmts[STMT_MIGRATION_ADD], -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_bind_int(st, 1, version)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC)) !=
	    SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
fail:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Applies every pending migration, each in its own write transaction
 * that also records its version. Refuses a database whose schema is
 * newer than this program knows. Returns 0 or -1 with err set.
 */
static int
migrate(sqlite3 *h, const char *path, char *err, size_t errlen)
{
	int rc, v, latest = db_schema_latest();

	for (;;) {
		if ((rc = run_text(h, db_stmts[STMT_BEGIN])) != SQLITE_OK) {
			errf(err, errlen, "%s: cannot begin migration: %s",
			    path, sqlite3_errstr(rc));
			goto fail;
		}
		if ((rc = read_version(h, &v)) != SQLITE_OK) {
			errf(err, errlen, "%s: cannot read schema version: %s",
			    path, sqlite3_errstr(rc));
			goto fail;
		}
		if (v > latest) {
			errf(err, errlen, "%s: database schema version %d is "
			    "newer than this program supports (%d); refusing",
			    path, v, latest);
			goto fail;
		}
		if (v < 0) {
			errf(err, errlen, "%s: invalid schema version %d",
			    path, v);
			goto fail;
		}
		if (v == latest)
			break;
		rc = sqlite3_exec(h, db_migrations[v], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			errf(err, errlen, "%s: migration %d failed: %s",
			    path, v + 1, sqlite3_errstr(rc));
			goto fail;
		}
		if ((rc = record_version(h, v + 1)) != SQLITE_OK) {
			errf(err, errlen, "%s: cannot record migration %d: %s",
			    path, v + 1, sqlite3_errstr(rc));
			goto fail;
		}
		if ((rc = run_text(h, db_stmts[STMT_COMMIT])) != SQLITE_OK) {
			errf(err, errlen, "%s: cannot commit migration %d: %s",
			    path, v + 1, sqlite3_errstr(rc));
			goto fail;
		}
		log_info("%s: applied schema migration %d", path, v + 1);
	}
	if ((rc = run_text(h, db_stmts[STMT_COMMIT])) != SQLITE_OK) {
		errf(err, errlen, "%s: cannot commit: %s", path,
		    sqlite3_errstr(rc));
		goto fail;
	}
	return 0;
fail:
	if (!sqlite3_get_autocommit(h))
		(void)run_text(h, db_stmts[STMT_ROLLBACK]);
	return -1;
}

/*
 * Makes sure path names a regular file, creating it empty with mode
 * 0600 when it is missing and create is set. Returns 0 or -1 with err.
 */
static int
prepare_file(const char *path, int create, char *err, size_t errlen)
{
	struct stat st;
	int fd = -1;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			errf(err, errlen, "%s: is a symbolic link, refusing",
			    path);
			goto fail;
		}
		if (!S_ISREG(st.st_mode)) {
			errf(err, errlen, "%s: not a regular file", path);
			goto fail;
		}
		return 0;
	}
	if (errno != ENOENT) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!create) {
		errf(err, errlen, "%s: database does not exist (run "
		    "\"wbs init\" to create it)", path);
		goto fail;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		errf(err, errlen, "%s: cannot create: %s", path,
		    strerror(errno));
		goto fail;
	}
	/* The umask may have taken more; the -wal and -shm files copy this. */
	if (fchmod(fd, 0600) == -1) {
		errf(err, errlen, "%s: chmod: %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		errf(err, errlen, "%s: close: %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	if (fd != -1)
		close(fd);
	return -1;
}

static void
db_free(struct db *db)
{
	int i;

	for (i = 0; i < DB_POOL; i++)
		conn_close(&db->conns[i]);
	pthread_cond_destroy(&db->cv);
	pthread_mutex_destroy(&db->mu);
	free(db);
}

int
db_open(struct db **out, const char *path, int create, char *err,
    size_t errlen)
{
	struct db *db = NULL;
	int i;

	*out = NULL;
	if (sqlite3_libversion_number() < DB_MIN_LIBVER) {
		errf(err, errlen, "SQLite %s is too old, 3.31.0 or newer "
		    "is needed", sqlite3_libversion());
		goto fail;
	}
	if (sqlite3_threadsafe() == 0) {
		errf(err, errlen, "SQLite was built without thread support");
		goto fail;
	}
	if (prepare_file(path, create, err, errlen) == -1)
		goto fail;

	db = xcalloc(1, sizeof(*db));
	if (pthread_mutex_init(&db->mu, NULL) != 0)
		abort();
	if (pthread_cond_init(&db->cv, NULL) != 0)
		abort();
	/* The first connection migrates; the others then see the schema. */
	for (i = 0; i < DB_POOL; i++) {
		db->conns[i].db = db;
		if (conn_open(&db->conns[i], path, err, errlen) == -1)
			goto fail;
		if (i == 0 && migrate(db->conns[0].h, path, err, errlen) == -1)
			goto fail;
		if (conn_prepare(&db->conns[i], path, err, errlen) == -1)
			goto fail;
		db->idle[db->nidle++] = &db->conns[i];
	}
	*out = db;
	return 0;
fail:
	if (db != NULL)
		db_free(db);
	return -1;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_free(db);
}

/* --- the statement API (db_internal.h) ------------------------------ */

struct db_conn *
db_acquire(struct db *db)
{
	struct db_conn *c;

	pthread_mutex_lock(&db->mu);
	while (db->nidle == 0)
		pthread_cond_wait(&db->cv, &db->mu);
	c = db->idle[--db->nidle];
	pthread_mutex_unlock(&db->mu);
	return c;
}

void
db_reset(struct db_conn *c, enum stmt s)
{
	sqlite3_reset(c->st[s]);
	sqlite3_clear_bindings(c->st[s]);
	c->used[s] = 0;
	c->failed = 0;
}

void
db_release(struct db_conn *c)
{
	struct db *db = c->db;
	int i;

	for (i = 0; i < STMT__MAX; i++)
		if (c->used[i])
			db_reset(c, (enum stmt)i);
	/* A caller that left a transaction open loses it, not the pool. */
	if (!sqlite3_get_autocommit(c->h)) {
		log_warnx("db: transaction left open; rolling back");
		db_rollback(c);
	}
	c->failed = 0;
	c->rc = SQLITE_OK;
	pthread_mutex_lock(&db->mu);
	db->idle[db->nidle++] = c;
	pthread_cond_signal(&db->cv);
	pthread_mutex_unlock(&db->mu);
}

/* Records the outcome of a bind; a failure makes the next step fail. */
static int
bound(struct db_conn *c, enum stmt s, int rc)
{
	c->used[s] = 1;
	if (rc == SQLITE_OK)
		return 0;
	c->rc = rc;
	c->failed = 1;
	return -1;
}

int
db_bind_int(struct db_conn *c, enum stmt s, int idx, int64_t v)
{
	return bound(c, s, sqlite3_bind_int64(c->st[s], idx, v));
}

int
db_bind_text(struct db_conn *c, enum stmt s, int idx, const char *v)
{
	if (v == NULL)
		return db_bind_null(c, s, idx);
	return bound(c, s, sqlite3_bind_text(c->st[s], idx, v, -1,
	    SQLITE_STATIC));
}

int
db_bind_blob(struct db_conn *c, enum stmt s, int idx, const void *v,
    size_t len)
{
	if (v == NULL)
		return db_bind_null(c, s, idx);
	if (len > INT_MAX)
		return bound(c, s, SQLITE_TOOBIG);
	return bound(c, s, sqlite3_bind_blob(c->st[s], idx, v, (int)len,
	    SQLITE_STATIC));
}

int
db_bind_null(struct db_conn *c, enum stmt s, int idx)
{
	return bound(c, s, sqlite3_bind_null(c->st[s], idx));
}

enum db_step
db_step(struct db_conn *c, enum stmt s)
{
	int rc;

	c->used[s] = 1;
	if (c->failed)
		return DB_ERROR;
	switch ((rc = sqlite3_step(c->st[s]))) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	default:
		break;
	}
	/* sqlite3_step() may give the primary code; ask for the detail. */
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		rc = sqlite3_extended_errcode(c->h);
	c->rc = rc;
	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return DB_DUPLICATE;
	return DB_ERROR;
}

int64_t
db_col_int(struct db_conn *c, enum stmt s, int col)
{
	return sqlite3_column_int64(c->st[s], col);
}

int
db_col_text(struct db_conn *c, enum stmt s, int col, char *out, size_t size)
{
	sqlite3_stmt *st = c->st[s];
	const unsigned char *v;
	size_t n;

	if (size == 0) {
		c->rc = SQLITE_TOOBIG;
		return -1;
	}
	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		out[0] = '\0';
		return 0;
	}
	if ((v = sqlite3_column_text(st, col)) == NULL) {
		c->rc = sqlite3_errcode(c->h);
		return -1;
	}
	n = (size_t)sqlite3_column_bytes(st, col);
	if (n >= size) {
		c->rc = SQLITE_TOOBIG;
		return -1;
	}
	if (memchr(v, '\0', n) != NULL) {
		c->rc = SQLITE_MISMATCH;
		return -1;
	}
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

int
db_col_blob(struct db_conn *c, enum stmt s, int col, void *out, size_t size,
    size_t *len)
{
	sqlite3_stmt *st = c->st[s];
	const void *v;
	size_t n;

	*len = 0;
	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		memset(out, 0, size);
		return 0;
	}
	/* Read the value before its length (the SQLite documentation's order). */
	v = sqlite3_column_blob(st, col);
	n = (size_t)sqlite3_column_bytes(st, col);
	if (n > size) {
		c->rc = SQLITE_TOOBIG;
		return -1;
	}
	if (n > 0 && v == NULL) {
		c->rc = sqlite3_errcode(c->h);
		return -1;
	}
	if (n > 0)
		memcpy(out, v, n);
	memset((unsigned char *)out + n, 0, size - n);
	*len = n;
	return 0;
}

/* Runs one of the transaction statements to completion. */
static int
run_stmt(struct db_conn *c, enum stmt s)
{
	enum db_step r;

	r = db_step(c, s);
	db_reset(c, s);
	return r == DB_DONE ? 0 : -1;
}

int
db_begin(struct db_conn *c)
{
	return run_stmt(c, STMT_BEGIN);
}

int
db_commit(struct db_conn *c)
{
	return run_stmt(c, STMT_COMMIT);
}

void
db_rollback(struct db_conn *c)
{
	int rc = c->rc;

	if (sqlite3_get_autocommit(c->h))
		return;
	if (run_stmt(c, STMT_ROLLBACK) == -1)
		log_warnx("db: rollback: %s", sqlite3_errstr(c->rc));
	c->rc = rc;	/* keep the error that led here */
}

int64_t
db_last_id(struct db_conn *c)
{
	return sqlite3_last_insert_rowid(c->h);
}

int
db_changes(struct db_conn *c)
{
	return sqlite3_changes(c->h);
}

const char *
db_errstr(struct db_conn *c)
{
	return sqlite3_errstr(c->rc);
}

/* --- schema version and settings ------------------------------------ */

int
db_schema_version(struct db *db, int *out)
{
	int64_t v;

	if (db_query_int(db_acquire(db), STMT_SCHEMA_VERSION, &v,
	    "db_schema_version") == -1)
		return -1;
	if (v < 0 || v > INT_MAX) {
		log_warnx("db_schema_version: out of range");
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
db_meta_get(struct db *db, const char *key, char *out, size_t outlen)
{
	struct db_conn *c = db_acquire(db);
	int ret = -1;

	db_bind_text(c, STMT_META_GET, 1, key);
	if ((ret = db_step_row(c, STMT_META_GET, "db_meta_get")) == 1 &&
	    db_col_text(c, STMT_META_GET, 0, out, outlen) == -1) {
		log_warnx("db_meta_get: value does not fit the buffer");
		ret = -1;
	}
	db_release(c);
	return ret;
}

int
db_meta_set(struct db *db, const char *key, const char *value)
{
	struct db_conn *c = db_acquire(db);

	db_bind_text(c, STMT_META_SET, 1, key);
	db_bind_text(c, STMT_META_SET, 2, value);
	return db_run_write(c, STMT_META_SET, "db_meta_set");
}
