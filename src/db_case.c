/*
 * db_case.c: the store's case handling (db.h): the review checklist of a
 * report (one encrypted record, the latest one stored wins), the unit a
 * report is forwarded to, and its key grants: the members of that unit
 * still waiting for a sealed report key, and the removal of the unit's
 * keys when its access ends. On the statement API of db_internal.h; the
 * SQL is in the statement table of the engine file. Listings are read
 * whole before the caller's function runs, so that it may use the store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "roles.h"
#include "util.h"

#define DB_RECORD_MAX	(1024 * 1024)	/* one encrypted record */

/* Members holding one of these roles keep their keys (they read all). */
#define KEEP_ROLES	ROLE_REVIEWER

/* --- assessment ------------------------------------------------------ */

int
db_assessment_set(struct db *db, int64_t report_id, int64_t by, int64_t at,
    const unsigned char *rec, size_t len)
{
	const enum stmt s = STMT_ASSESSMENT_SET;
	struct db_conn *c;

	if (report_id <= 0 || by <= 0 || rec == NULL || len == 0 ||
	    len > DB_RECORD_MAX) {
		log_warnx("db_assessment_set: invalid assessment record");
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, by);
	db_bind_int(c, s, 3, at);
	db_bind_blob(c, s, 4, rec, len);
	return db_run_write(c, s, "db_assessment_set");
}

int
db_assessment_get(struct db *db, int64_t report_id, unsigned char **rec,
    size_t *len)
{
	const enum stmt s = STMT_ASSESSMENT_GET;
	struct db_conn *c = db_acquire(db);
	unsigned char *p = NULL;
	size_t got;
	int64_t n;
	int ret;

	*rec = NULL;
	*len = 0;
	db_bind_int(c, s, 1, report_id);
	if ((ret = db_step_row(c, s, "db_assessment_get")) != 1)
		goto done;
	n = db_col_int(c, s, 0);
	if (n <= 0 || n > DB_RECORD_MAX)
		goto fail;
	p = xmalloc((size_t)n);
	if (db_col_blob(c, s, 1, p, (size_t)n, &got) == -1 ||
	    got != (size_t)n)
		goto fail;
	*rec = p;
	*len = got;
	goto done;
fail:
	log_warnx("db_assessment_get: stored assessment out of bounds");
	free(p);
	ret = -1;
done:
	db_release(c);
	return ret;
}

/* --- the unit a report is forwarded to ------------------------------- */

/* unit_id 0 clears it (the report is then forwarded nowhere). */
int
db_report_set_unit(struct db *db, int64_t report_id, int64_t unit_id)
{
	const enum stmt s = STMT_REPORT_SET_UNIT;
	struct db_conn *c;
	int ret = -1;

	if (report_id <= 0 || unit_id < 0) {
		log_warnx("db_report_set_unit: invalid unit");
		return -1;
	}
	c = db_acquire(db);
	if (unit_id == 0)
		db_bind_null(c, s, 1);
	else
		db_bind_int(c, s, 1, unit_id);
	db_bind_int(c, s, 2, report_id);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_report_set_unit: %s", db_errstr(c));
		goto done;
	}
	if (db_changes(c) != 1) {
		log_warnx("db_report_set_unit: no such report");
		goto done;
	}
	ret = 0;
done:
	db_release(c);
	return ret;
}

/* A report that does not exist is forwarded nowhere either (0). */
int
db_report_unit(struct db *db, int64_t report_id, int64_t *unit_id)
{
	const enum stmt s = STMT_REPORT_UNIT;
	struct db_conn *c = db_acquire(db);
	int ret;

	*unit_id = 0;
	db_bind_int(c, s, 1, report_id);
	if ((ret = db_step_row(c, s, "db_report_unit")) == 1) {
		*unit_id = db_col_int(c, s, 0);
		if (*unit_id < 0) {
			log_warnx("db_report_unit: stored unit out of bounds");
			*unit_id = 0;
			ret = -1;
		} else if (*unit_id == 0)
			ret = 0;
	}
	db_release(c);
	return ret;
}

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
nothing_to_clear(void *p)
{
	(void)p;
}

static const struct db_rowtype unit_type = {
	sizeof(struct db_unit), unit_row, nothing_to_clear, "unit record"
};

int
db_unit_by_id(struct db *db, int64_t id, struct db_unit *u)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_UNIT_BY_ID, 1, id);
	return db_fetch_one(c, STMT_UNIT_BY_ID, &unit_type, u,
	    "db_unit_by_id");
}

/* --- key grants ------------------------------------------------------ */

struct grant {
	int64_t		 user_id;
	unsigned char	 pk[32];
};

static int
grant_row(struct db_conn *c, enum stmt s, void *p)
{
	struct grant *g = p;

	g->user_id = db_col_int(c, s, 0);
	return db_col_exact(c, s, 1, g->pk, sizeof(g->pk));
}

static const struct db_rowtype grant_type = {
	sizeof(struct grant), grant_row, nothing_to_clear, "public key"
};

/* An all-zero key (never a real one) is skipped like a missing one. */
int
db_report_missing_grants(struct db *db, int64_t report_id, int64_t unit_id,
    int (*fn)(void *, int64_t, const unsigned char[32]), void *arg)
{
	const enum stmt s = STMT_REPORT_MISSING_GRANTS;
	static const unsigned char zero[32];
	struct db_conn *c = db_acquire(db);
	struct grant *v;
	void *p;
	size_t i, n;
	int ret = 0;

	db_bind_int(c, s, 1, unit_id);
	db_bind_int(c, s, 2, DB_USER_ACTIVE);
	db_bind_int(c, s, 3, report_id);
	if (db_collect(c, s, &grant_type, &p, &n,
	    "db_report_missing_grants") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (memcmp(v[i].pk, zero, sizeof(zero)) != 0 &&
		    fn(arg, v[i].user_id, v[i].pk) == -1)
			ret = -1;
	free(v);
	return ret;
}

int
db_report_keys_remove_unit(struct db *db, int64_t report_id,
    int64_t unit_id)
{
	const enum stmt s = STMT_REPORT_KEYS_REMOVE_UNIT;
	struct db_conn *c = db_acquire(db);
	int ret = -1;

	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, unit_id);
	db_bind_int(c, s, 3, KEEP_ROLES);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_report_keys_remove_unit: %s", db_errstr(c));
		goto done;
	}
	ret = db_changes(c);
done:
	db_release(c);
	return ret;
}
