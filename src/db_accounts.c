/*
 * db_accounts.c: the store's handler accounts, units and unit membership
 * (db.h; sessions are in db_sessions.c), on the statement API of
 * db_internal.h; the SQL is in the statement table of the engine file.
 * Every value read back is checked against the bounds of its struct
 * field: a value that does not fit is an error, never truncated.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "util.h"

/* Reads a fixed-size blob: NULL (all zero) or exactly size bytes. */
static int
col_fixed(struct db_conn *c, enum stmt s, int col, void *out, size_t size)
{
	size_t len;

	if (db_col_blob(c, s, col, out, size, &len) == -1)
		return -1;
	return len == 0 || len == size ? 0 : -1;
}

/* Fills u from the current row of s, in the column order of USER_COLS. */
static int
user_row(struct db_conn *c, enum stmt s, struct db_user *u)
{
	int64_t v;

	memset(u, 0, sizeof(*u));
	u->id = db_col_int(c, s, 0);
	if (db_col_text(c, s, 1, u->username, sizeof(u->username)) == -1 ||
	    db_col_text(c, s, 2, u->display_name,
	    sizeof(u->display_name)) == -1)
		return -1;
	if (db_col_range(c, s, 3, 0, UINT_MAX, &v) == -1)
		return -1;
	u->roles = (unsigned)v;
	if (db_col_range(c, s, 4, 0, DB_USER__MAX - 1, &v) == -1)
		return -1;
	u->status = (enum db_user_status)v;
	u->created_at = db_col_int(c, s, 5);
	if (col_fixed(c, s, 6, u->pw_salt, sizeof(u->pw_salt)) == -1)
		return -1;
	if (db_col_range(c, s, 7, 0, INT64_MAX, &v) == -1)
		return -1;
	u->pw_ops = (uint64_t)v;
	if (db_col_range(c, s, 8, 0, INT64_MAX, &v) == -1)
		return -1;
	u->pw_mem = (uint64_t)v;
	if (col_fixed(c, s, 9, u->pw_verifier, sizeof(u->pw_verifier)) == -1 ||
	    col_fixed(c, s, 10, u->public_key, sizeof(u->public_key)) == -1)
		return -1;
	if (db_col_blob(c, s, 11, u->sk_by_password,
	    sizeof(u->sk_by_password), &u->sk_by_password_len) == -1 ||
	    db_col_blob(c, s, 12, u->sk_by_recovery,
	    sizeof(u->sk_by_recovery), &u->sk_by_recovery_len) == -1 ||
	    db_col_blob(c, s, 13, u->totp_by_password,
	    sizeof(u->totp_by_password), &u->totp_by_password_len) == -1)
		return -1;
	u->totp_last_step = db_col_int(c, s, 14);
	u->key_generation = db_col_int(c, s, 15);
	if (col_fixed(c, s, 16, u->enrol_hash, sizeof(u->enrol_hash)) == -1)
		return -1;
	u->enrol_expires = db_col_int(c, s, 17);
	return 0;
}

static int
user_read(struct db_conn *c, enum stmt s, void *p)
{
	if (user_row(c, s, p) == -1) {
		explicit_bzero(p, sizeof(struct db_user));
		return -1;
	}
	return 0;
}

static void
user_clear(void *p)
{
	explicit_bzero(p, sizeof(struct db_user));
}

static const struct db_rowtype user_type = {
	sizeof(struct db_user), user_read, user_clear, "user record"
};

/*
 * Runs the single-user query s (parameters bound) and releases c.
 * Returns 1 found, 0 absent, -1 error.
 */
static int
user_lookup(struct db_conn *c, enum stmt s, struct db_user *u,
    const char *op)
{
	int ret = db_step_row(c, s, op);

	if (ret == 1 && user_read(c, s, u) == -1) {
		log_warnx("%s: stored user record out of bounds", op);
		ret = -1;
	}
	db_release(c);
	return ret;
}

/* Binds the pending enrolment of u (none when enrol_expires is 0). */
static void
bind_enrol(struct db_conn *c, enum stmt s, int idx,
    const struct db_user *u)
{
	if (u->enrol_expires == 0) {
		db_bind_null(c, s, idx);
		db_bind_int(c, s, idx + 1, 0);
	} else {
		db_bind_blob(c, s, idx, u->enrol_hash, sizeof(u->enrol_hash));
		db_bind_int(c, s, idx + 1, u->enrol_expires);
	}
}

/*
 * Runs the INSERT s (bound) and releases c; sets *id to the new row's.
 * Returns 0, 1 when a unique value is taken, or -1.
 */
static int
insert_new(struct db_conn *c, enum stmt s, int64_t *id, const char *op)
{
	int ret = -1;

	switch (db_step(c, s)) {
	case DB_DONE:
		*id = db_last_id(c);
		ret = 0;
		break;
	case DB_DUPLICATE:
		ret = 1;
		break;
	default:
		log_warnx("%s: %s", op, db_errstr(c));
		break;
	}
	db_release(c);
	return ret;
}

int
db_user_create(struct db *db, struct db_user *u)
{
	const enum stmt s = STMT_USER_CREATE;
	struct db_conn *c;

	if (!db_len_ok(u->username, 1, DB_NAME_MAX) ||
	    !db_len_ok(u->display_name, 0, DB_TEXT_MAX) ||
	    (unsigned)u->status >= DB_USER__MAX) {
		log_warnx("db_user_create: invalid user record");
		return -1;
	}
	u->created_at = time(NULL);
	c = db_acquire(db);
	db_bind_text(c, s, 1, u->username);
	db_bind_text(c, s, 2, u->display_name);
	db_bind_int(c, s, 3, u->roles);
	db_bind_int(c, s, 4, u->status);
	db_bind_int(c, s, 5, u->created_at);
	bind_enrol(c, s, 6, u);
	return insert_new(c, s, &u->id, "db_user_create");
}

int
db_user_by_name(struct db *db, const char *username, struct db_user *u)
{
	struct db_conn *c = db_acquire(db);

	db_bind_text(c, STMT_USER_BY_NAME, 1, username);
	return user_lookup(c, STMT_USER_BY_NAME, u, "db_user_by_name");
}

int
db_user_by_id(struct db *db, int64_t id, struct db_user *u)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_USER_BY_ID, 1, id);
	return user_lookup(c, STMT_USER_BY_ID, u, "db_user_by_id");
}

int
db_user_by_enrol(struct db *db, const unsigned char hash[32],
    struct db_user *u)
{
	struct db_conn *c = db_acquire(db);

	db_bind_blob(c, STMT_USER_BY_ENROL, 1, hash, 32);
	return user_lookup(c, STMT_USER_BY_ENROL, u, "db_user_by_enrol");
}

int
db_user_update_keys(struct db *db, const struct db_user *u)
{
	const enum stmt s = STMT_USER_UPDATE_KEYS;
	struct db_conn *c;
	int ret = -1;

	if (u->pw_ops > INT64_MAX || u->pw_mem > INT64_MAX ||
	    u->sk_by_password_len > DB_BLOB_MAX ||
	    u->sk_by_recovery_len > DB_BLOB_MAX ||
	    u->totp_by_password_len > DB_BLOB_MAX ||
	    (unsigned)u->status >= DB_USER__MAX) {
		log_warnx("db_user_update_keys: invalid user record");
		return -1;
	}
	c = db_acquire(db);
	if (db_begin(c) == -1) {
		log_warnx("db_user_update_keys: begin: %s", db_errstr(c));
		goto done;
	}
	db_bind_blob(c, s, 1, u->pw_salt, sizeof(u->pw_salt));
	db_bind_int(c, s, 2, (int64_t)u->pw_ops);
	db_bind_int(c, s, 3, (int64_t)u->pw_mem);
	db_bind_blob(c, s, 4, u->pw_verifier, sizeof(u->pw_verifier));
	db_bind_blob(c, s, 5, u->public_key, sizeof(u->public_key));
	db_bind_blob(c, s, 6, u->sk_by_password, u->sk_by_password_len);
	db_bind_blob(c, s, 7, u->sk_by_recovery, u->sk_by_recovery_len);
	db_bind_blob(c, s, 8, u->totp_by_password, u->totp_by_password_len);
	db_bind_int(c, s, 9, u->totp_last_step);
	db_bind_int(c, s, 10, u->key_generation);
	db_bind_int(c, s, 11, u->status);
	bind_enrol(c, s, 12, u);
	db_bind_int(c, s, 14, u->id);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_user_update_keys: %s", db_errstr(c));
		goto done;
	}
	if (db_changes(c) != 1) {
		log_warnx("db_user_update_keys: no such user");
		goto done;
	}
	if (db_commit(c) == -1) {
		log_warnx("db_user_update_keys: commit: %s", db_errstr(c));
		goto done;
	}
	ret = 0;
done:
	db_rollback(c);
	db_release(c);
	return ret;
}

int
db_user_totp_step(struct db *db, int64_t id, int64_t step)
{
	const enum stmt s = STMT_USER_TOTP_STEP;
	struct db_conn *c = db_acquire(db);
	int ret = -1;

	db_bind_int(c, s, 1, step);
	db_bind_int(c, s, 2, id);
	db_bind_int(c, s, 3, step);
	if (db_step(c, s) != DB_DONE)
		log_warnx("db_user_totp_step: %s", db_errstr(c));
	else
		ret = db_changes(c) == 1;
	db_release(c);
	return ret;
}

/* Runs the one-user UPDATE s (bound), failing when no row changed. */
static int
user_update(struct db_conn *c, enum stmt s, const char *op)
{
	int ret = -1;

	if (db_step(c, s) != DB_DONE)
		log_warnx("%s: %s", op, db_errstr(c));
	else if (db_changes(c) != 1)
		log_warnx("%s: no such user", op);
	else
		ret = 0;
	db_release(c);
	return ret;
}

int
db_user_set_status(struct db *db, int64_t id, enum db_user_status status)
{
	struct db_conn *c;

	if ((unsigned)status >= DB_USER__MAX) {
		log_warnx("db_user_set_status: invalid status");
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, STMT_USER_SET_STATUS, 1, status);
	db_bind_int(c, STMT_USER_SET_STATUS, 2, id);
	return user_update(c, STMT_USER_SET_STATUS, "db_user_set_status");
}

int
db_user_set_roles(struct db *db, int64_t id, unsigned roles)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_USER_SET_ROLES, 1, roles);
	db_bind_int(c, STMT_USER_SET_ROLES, 2, id);
	return user_update(c, STMT_USER_SET_ROLES, "db_user_set_roles");
}

/*
 * The rows are read first and the connection given back before fn runs,
 * so that fn may use the store itself.
 */
int
db_user_list(struct db *db, int (*fn)(void *, const struct db_user *),
    void *arg)
{
	struct db_user *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_collect(db_acquire(db), STMT_USER_LIST, &user_type, &p, &n,
	    "db_user_list") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&user_type, p, n);
	return ret;
}

int
db_user_count_role(struct db *db, unsigned roles, int64_t *count)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_USER_COUNT_ROLE, 1, DB_USER_ACTIVE);
	db_bind_int(c, STMT_USER_COUNT_ROLE, 2, roles);
	return db_query_int(c, STMT_USER_COUNT_ROLE, count,
	    "db_user_count_role");
}

/* --- units ---------------------------------------------------------- */

static int
unit_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_unit *u = p;

	memset(u, 0, sizeof(*u));
	u->id = db_col_int(c, s, 0);
	if (db_col_text(c, s, 1, u->code, sizeof(u->code)) == -1 ||
	    db_col_text(c, s, 2, u->name, sizeof(u->name)) == -1)
		return -1;
	return 0;
}

static void
unit_clear(void *p)
{
	(void)p;
}

static const struct db_rowtype unit_type = {
	sizeof(struct db_unit), unit_row, unit_clear, "unit record"
};

/*
 * Reads every row of the unit query s (parameters bound), releases c,
 * then calls fn for each. Returns 0, or -1 on error or when fn did.
 */
static int
unit_rows(struct db_conn *c, enum stmt s,
    int (*fn)(void *, const struct db_unit *), void *arg, const char *op)
{
	struct db_unit *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_collect(c, s, &unit_type, &p, &n, op) == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&unit_type, p, n);
	return ret;
}

int
db_unit_create(struct db *db, struct db_unit *u)
{
	const enum stmt s = STMT_UNIT_CREATE;
	struct db_conn *c;

	if (!db_len_ok(u->code, 1, DB_NAME_MAX) ||
	    !db_len_ok(u->name, 0, DB_TEXT_MAX)) {
		log_warnx("db_unit_create: invalid unit record");
		return -1;
	}
	c = db_acquire(db);
	db_bind_text(c, s, 1, u->code);
	db_bind_text(c, s, 2, u->name);
	return insert_new(c, s, &u->id, "db_unit_create");
}

int
db_unit_by_code(struct db *db, const char *code, struct db_unit *u)
{
	struct db_conn *c = db_acquire(db);

	db_bind_text(c, STMT_UNIT_BY_CODE, 1, code);
	return db_fetch_one(c, STMT_UNIT_BY_CODE, &unit_type, u,
	    "db_unit_by_code");
}

int
db_unit_list(struct db *db, int (*fn)(void *, const struct db_unit *),
    void *arg)
{
	return unit_rows(db_acquire(db), STMT_UNIT_LIST, fn, arg,
	    "db_unit_list");
}

int
db_user_units(struct db *db, int64_t user_id,
    int (*fn)(void *, const struct db_unit *), void *arg)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_USER_UNITS, 1, user_id);
	return unit_rows(c, STMT_USER_UNITS, fn, arg, "db_user_units");
}

int
db_unit_add_member(struct db *db, int64_t unit_id, int64_t user_id)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_UNIT_ADD_MEMBER, 1, unit_id);
	db_bind_int(c, STMT_UNIT_ADD_MEMBER, 2, user_id);
	return db_run_write(c, STMT_UNIT_ADD_MEMBER, "db_unit_add_member");
}

int
db_unit_remove_member(struct db *db, int64_t unit_id, int64_t user_id)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_UNIT_REMOVE_MEMBER, 1, unit_id);
	db_bind_int(c, STMT_UNIT_REMOVE_MEMBER, 2, user_id);
	return db_run_write(c, STMT_UNIT_REMOVE_MEMBER,
	    "db_unit_remove_member");
}
