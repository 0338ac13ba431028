/*
 * db_sessions.c: the store's sessions (db.h), staff and reporter alike,
 * on the statement API of db_internal.h. Both kinds have the same row
 * (token hash, owner, times, sealed key) in their own table, so one
 * set of helpers serves both, each given its kind's statements.
 */
#include <stdint.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "util.h"

/* The statements of one kind of session, and its name in the log. */
struct sess_kind {
	enum stmt	 create, get, touch, del, expire;
	const char	*name;
};

static const struct sess_kind staff_kind = {
	STMT_SESSION_CREATE, STMT_SESSION_GET, STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE, STMT_SESSION_EXPIRE, "session"
};

static const struct sess_kind reporter_kind = {
	STMT_RSESSION_CREATE, STMT_RSESSION_GET, STMT_RSESSION_TOUCH,
	STMT_RSESSION_DELETE, STMT_RSESSION_EXPIRE, "reporter session"
};

static int
sess_create(const char *op, struct db *db, const struct sess_kind *k,
    const struct db_session *ss)
{
	struct db_conn *c;

	if (ss->sealed_key_len == 0 || ss->sealed_key_len > DB_BLOB_MAX) {
		log_warnx("%s: invalid %s record", op, k->name);
		return -1;
	}
	c = db_acquire(db);
	db_bind_blob(c, k->create, 1, ss->id_hash, sizeof(ss->id_hash));
	db_bind_int(c, k->create, 2, ss->owner_id);
	db_bind_int(c, k->create, 3, ss->created_at);
	db_bind_int(c, k->create, 4, ss->last_seen);
	db_bind_blob(c, k->create, 5, ss->sealed_key, ss->sealed_key_len);
	return db_run_write(c, k->create, op);
}

static int
session_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_session *ss = p;

	memset(ss, 0, sizeof(*ss));
	if (db_col_exact(c, s, 0, ss->id_hash, sizeof(ss->id_hash)) == -1 ||
	    db_col_blob(c, s, 4, ss->sealed_key, sizeof(ss->sealed_key),
	    &ss->sealed_key_len) == -1) {
		explicit_bzero(ss, sizeof(*ss));
		return -1;
	}
	ss->owner_id = db_col_int(c, s, 1);
	ss->created_at = db_col_int(c, s, 2);
	ss->last_seen = db_col_int(c, s, 3);
	return 0;
}

static void
session_clear(void *p)
{
	explicit_bzero(p, sizeof(struct db_session));
}

static const struct db_rowtype session_type = {
	sizeof(struct db_session), session_row, session_clear,
	"session record"
};

static int
sess_get(const char *op, struct db *db, const struct sess_kind *k,
    const unsigned char id_hash[32], struct db_session *ss)
{
	struct db_conn *c = db_acquire(db);

	db_bind_blob(c, k->get, 1, id_hash, 32);
	return db_fetch_one(c, k->get, &session_type, ss, op);
}

static int
sess_touch(const char *op, struct db *db, const struct sess_kind *k,
    const unsigned char id_hash[32], int64_t now)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, k->touch, 1, now);
	db_bind_blob(c, k->touch, 2, id_hash, 32);
	db_bind_int(c, k->touch, 3, now);
	return db_run_write(c, k->touch, op);
}

static int
sess_delete(const char *op, struct db *db, const struct sess_kind *k,
    const unsigned char id_hash[32])
{
	struct db_conn *c = db_acquire(db);

	db_bind_blob(c, k->del, 1, id_hash, 32);
	return db_run_write(c, k->del, op);
}

static int
sess_expire(const char *op, struct db *db, const struct sess_kind *k,
    int64_t idle_before, int64_t created_before)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, k->expire, 1, idle_before);
	db_bind_int(c, k->expire, 2, created_before);
	return db_run_write(c, k->expire, op);
}

/* --- staff sessions --------------------------------------------------- */

int
db_session_create(struct db *db, const struct db_session *ss)
{
	return sess_create(__func__, db, &staff_kind, ss);
}

int
db_session_get(struct db *db, const unsigned char id_hash[32],
    struct db_session *ss)
{
	return sess_get(__func__, db, &staff_kind, id_hash, ss);
}

int
db_session_touch(struct db *db, const unsigned char id_hash[32],
    int64_t now)
{
	return sess_touch(__func__, db, &staff_kind, id_hash, now);
}

int
db_session_delete(struct db *db, const unsigned char id_hash[32])
{
	return sess_delete(__func__, db, &staff_kind, id_hash);
}

int
db_session_delete_others(struct db *db, int64_t user_id,
    const unsigned char keep[32])
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_SESSION_DELETE_OTHERS, 1, user_id);
	db_bind_blob(c, STMT_SESSION_DELETE_OTHERS, 2, keep, 32);
	return db_run_write(c, STMT_SESSION_DELETE_OTHERS,
	    "db_session_delete_others");
}

int
db_session_delete_user(struct db *db, int64_t user_id)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_SESSION_DELETE_USER, 1, user_id);
	return db_run_write(c, STMT_SESSION_DELETE_USER,
	    "db_session_delete_user");
}

int
db_session_expire(struct db *db, int64_t idle_before, int64_t created_before)
{
	return sess_expire(__func__, db, &staff_kind, idle_before, created_before);
}

/* --- reporter sessions ------------------------------------------------ */

int
db_rsession_create(struct db *db, const struct db_session *ss)
{
	return sess_create(__func__, db, &reporter_kind, ss);
}

int
db_rsession_get(struct db *db, const unsigned char id_hash[32],
    struct db_session *ss)
{
	return sess_get(__func__, db, &reporter_kind, id_hash, ss);
}

int
db_rsession_touch(struct db *db, const unsigned char id_hash[32],
    int64_t now)
{
	return sess_touch(__func__, db, &reporter_kind, id_hash, now);
}

int
db_rsession_delete(struct db *db, const unsigned char id_hash[32])
{
	return sess_delete(__func__, db, &reporter_kind, id_hash);
}

int
db_rsession_expire(struct db *db, int64_t idle_before,
    int64_t created_before)
{
	return sess_expire(__func__, db, &reporter_kind, idle_before, created_before);
}
