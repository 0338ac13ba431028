/*
 * db_audit.c: the store's part of the audit trail (db_audit.h), on the
 * statement API of db_internal.h; the SQL is in the statement table of
 * the engine file. Appending takes the write lock for the whole of
 * "read the last row, seal the next one, insert it", so that rows from
 * concurrent writers still form one chain. Rows are read back as they
 * are: a value that does not fit marks the row bad instead of failing
 * the read, so that the chain check can name it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_audit.h"
#include "db_internal.h"
#include "log.h"

#define AUDIT_LIMIT_MAX	200

/* Fills a row from the current row of s, in the order of AUDIT_COLS. */
static int
audit_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_audit_row *a = p;
	size_t len;

	memset(a, 0, sizeof(*a));
	a->id = db_col_int(c, s, 0);
	a->at = db_col_int(c, s, 1);
	a->actor = db_col_int(c, s, 2);
	if (db_col_text(c, s, 3, a->action, sizeof(a->action)) == -1) {
		a->action[0] = '\0';
		a->bad = 1;
	}
	if (db_col_text(c, s, 4, a->object_type,
	    sizeof(a->object_type)) == -1) {
		a->object_type[0] = '\0';
		a->bad = 1;
	}
	a->object_id = db_col_int(c, s, 5);
	if (db_col_text(c, s, 6, a->detail, sizeof(a->detail)) == -1) {
		a->detail[0] = '\0';
		a->bad = 1;
	}
	if (db_col_blob(c, s, 7, a->prev, sizeof(a->prev), &len) == -1 ||
	    len != sizeof(a->prev)) {
		memset(a->prev, 0, sizeof(a->prev));
		a->bad = 1;
	}
	if (db_col_blob(c, s, 8, a->hash, sizeof(a->hash), &len) == -1 ||
	    len != sizeof(a->hash)) {
		memset(a->hash, 0, sizeof(a->hash));
		a->bad = 1;
	}
	return 0;
}

static void
audit_free(void *p)
{
	(void)p;
}

static const struct db_rowtype audit_type = {
	sizeof(struct db_audit_row), audit_row, audit_free, "audit record"
};

/* Returns 1 when the text fields fit and are not empty where needed. */
static int
row_ok(const struct db_audit_row *a)
{
	return db_len_ok(a->action, 1, DB_AUDIT_CODE_MAX) &&
	    db_len_ok(a->object_type, 1, DB_AUDIT_CODE_MAX) &&
	    db_len_ok(a->detail, 0, DB_AUDIT_DETAIL_MAX);
}

int
db_audit_append(struct db *db, struct db_audit_row *a,
    void (*seal)(void *, struct db_audit_row *), void *arg)
{
	const enum stmt s = STMT_AUDIT_ADD;
	struct db_conn *c;
	size_t len;
	int ret = -1;

	if (!row_ok(a)) {
		log_warnx("db_audit_append: invalid audit record");
		return -1;
	}
	c = db_acquire(db);
	if (db_begin(c) == -1) {
		log_warnx("db_audit_append: begin: %s", db_errstr(c));
		goto done;
	}
	switch (db_step_row(c, STMT_AUDIT_LAST, "db_audit_append")) {
	case 1:
		a->id = db_col_int(c, STMT_AUDIT_LAST, 0);
		if (db_col_blob(c, STMT_AUDIT_LAST, 1, a->prev,
		    sizeof(a->prev), &len) == -1 || len != sizeof(a->prev)) {
			/* Chain to it anyway: the check names that row. */
			memset(a->prev, 0, sizeof(a->prev));
		}
		if (a->id < 0 || a->id == INT64_MAX) {
			log_warnx("db_audit_append: last id out of range");
			goto done;
		}
		a->id++;
		break;
	case 0:
		a->id = 1;
		memset(a->prev, 0, sizeof(a->prev));
		break;
	default:
		goto done;
	}
	db_reset(c, STMT_AUDIT_LAST);
	seal(arg, a);

	db_bind_int(c, s, 1, a->id);
	db_bind_int(c, s, 2, a->at);
	db_bind_int(c, s, 3, a->actor);
	db_bind_text(c, s, 4, a->action);
	db_bind_text(c, s, 5, a->object_type);
	db_bind_int(c, s, 6, a->object_id);
	db_bind_text(c, s, 7, a->detail);
	db_bind_blob(c, s, 8, a->prev, sizeof(a->prev));
	db_bind_blob(c, s, 9, a->hash, sizeof(a->hash));
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_audit_append: %s", db_errstr(c));
		goto done;
	}
	db_reset(c, s);
	if (db_commit(c) == -1) {
		log_warnx("db_audit_append: commit: %s", db_errstr(c));
		goto done;
	}
	ret = 0;
done:
	db_rollback(c);
	db_release(c);
	return ret;
}

int
db_audit_range(struct db *db, int64_t from_id, size_t max,
    struct db_audit_row **out, size_t *np)
{
	const enum stmt s = STMT_AUDIT_RANGE;
	struct db_conn *c = db_acquire(db);
	void *p;
	int ret;

	if (max > INT64_MAX)
		max = INT64_MAX;
	db_bind_int(c, s, 1, from_id);
	db_bind_int(c, s, 2, (int64_t)max);
	ret = db_collect(c, s, &audit_type, &p, np, "db_audit_range");
	*out = p;
	return ret;
}

/* Which listing serves q best: the most selective condition given. */
static enum stmt
query_stmt(const struct db_audit_query *q)
{
	if (q->object_type[0] != '\0' && q->object_id != 0)
		return STMT_AUDIT_LIST_OBJECT;
	if (q->actor != 0)
		return STMT_AUDIT_LIST_ACTOR;
	if (q->action[0] != '\0')
		return STMT_AUDIT_LIST_ACTION;
	if (q->from != 0 || q->to != 0)
		return STMT_AUDIT_LIST_TIME;
	return STMT_AUDIT_LIST;
}

int
db_audit_query(struct db *db, const struct db_audit_query *q,
    struct db_audit_row **out, size_t *np)
{
	struct db_conn *c;
	enum stmt s = query_stmt(q);
	void *p;
	int i = 1, ret;

	*out = NULL;
	*np = 0;
	if (!db_len_ok(q->action, 0, DB_AUDIT_CODE_MAX) ||
	    !db_len_ok(q->object_type, 0, DB_AUDIT_CODE_MAX) ||
	    q->limit == 0 || q->limit > AUDIT_LIMIT_MAX || q->before_id < 0) {
		log_warnx("db_audit_query: invalid filter");
		return -1;
	}
	c = db_acquire(db);
	switch (s) {
	case STMT_AUDIT_LIST_OBJECT:
		db_bind_text(c, s, i++, q->object_type);
		db_bind_int(c, s, i++, q->object_id);
		break;
	case STMT_AUDIT_LIST_ACTOR:
		db_bind_int(c, s, i++, q->actor);
		break;
	case STMT_AUDIT_LIST_ACTION:
		db_bind_text(c, s, i++, q->action);
		break;
	case STMT_AUDIT_LIST_TIME:
		db_bind_int(c, s, i++, q->from != 0 ? q->from : INT64_MIN);
		db_bind_int(c, s, i++, q->to != 0 ? q->to : INT64_MAX);
		break;
	default:
		break;
	}
	db_bind_int(c, s, i++, q->before_id != 0 ? q->before_id : INT64_MAX);
	db_bind_text(c, s, i++, q->action);
	db_bind_text(c, s, i++, q->action);
	db_bind_int(c, s, i++, q->actor);
	db_bind_int(c, s, i++, q->actor);
	db_bind_text(c, s, i++, q->object_type);
	db_bind_text(c, s, i++, q->object_type);
	db_bind_int(c, s, i++, q->object_id);
	db_bind_int(c, s, i++, q->object_id);
	db_bind_int(c, s, i++, q->from);
	db_bind_int(c, s, i++, q->from);
	db_bind_int(c, s, i++, q->to);
	db_bind_int(c, s, i++, q->to);
	db_bind_int(c, s, i, q->limit);
	ret = db_collect(c, s, &audit_type, &p, np, "db_audit_query");
	*out = p;
	return ret;
}

int
db_audit_name(struct db *db, enum db_audit_name what, int64_t id, char *out,
    size_t outlen)
{
	struct db_conn *c;
	enum stmt s;
	int ret;

	switch (what) {
	case DB_AUDIT_NAME_REPORT:
		s = STMT_AUDIT_NAME_REPORT;
		break;
	case DB_AUDIT_NAME_USER:
		s = STMT_AUDIT_NAME_USER;
		break;
	case DB_AUDIT_NAME_UNIT:
		s = STMT_AUDIT_NAME_UNIT;
		break;
	default:
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, s, 1, id);
	if ((ret = db_step_row(c, s, "db_audit_name")) == 1 &&
	    db_col_text(c, s, 0, out, outlen) == -1) {
		log_warnx("db_audit_name: stored name out of bounds");
		ret = -1;
	}
	if (ret != 1 && outlen > 0)
		out[0] = '\0';
	db_release(c);
	return ret;
}
