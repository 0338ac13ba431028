/*
 * db_reports.c: the store's reports with their sealed keys (db.h;
 * reporter sessions are in db_sessions.c), on the statement API of
 * db_internal.h; the SQL is in db_stmts.c, and a report's files,
 * messages and events are in db_files.c. The store sees only
 * ciphertext: encrypted records (content, identity) are read into
 * malloc'd copies of at most DB_RECORD_MAX bytes (db_util.c),
 * fixed-size values must have exactly their size, and a value out of
 * bounds is an error, never truncated.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "util.h"

/* Returns 1 when a sealed key is valid; idonly: identity keys (users). */
static int
sealed_ok(const struct db_sealed *k, int idonly)
{
	if (k->sealed_len == 0 || k->sealed_len > DB_BLOB_MAX)
		return 0;
	switch (k->holder) {
	case DB_HOLDER_USER:
		return k->user_id > 0;
	case DB_HOLDER_REPORTER:
		return !idonly && k->user_id == 0;
	default:
		return 0;
	}
}

/* --- reports --------------------------------------------------------- */

void
db_report_clear(struct db_report *r)
{
	free(r->content);
	free(r->identity);
	r->content = NULL;
	r->content_len = 0;
	r->identity = NULL;
	r->identity_len = 0;
}

static void
report_free(void *p)
{
	db_report_clear(p);
}

/* Fills r from the current row of s, in the column order of REPORT_COLS. */
static int
report_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_report *r = p;
	int64_t v;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(c, s, 0);
	if (db_col_text(c, s, 1, r->registration,
	    sizeof(r->registration)) == -1)
		goto fail;
	if (db_col_range(c, s, 2, 0, 9999, &v) == -1)
		goto fail;
	r->year = (int)v;
	if (db_col_range(c, s, 3, 1, INT64_MAX, &r->seq) == -1)
		goto fail;
	if (db_col_exact(c, s, 4, r->code_lookup,
	    sizeof(r->code_lookup)) == -1 ||
	    db_col_exact(c, s, 5, r->reporter_pk,
	    sizeof(r->reporter_pk)) == -1)
		goto fail;
	if (db_col_text(c, s, 6, r->category, sizeof(r->category)) == -1 ||
	    db_col_text(c, s, 7, r->stage, sizeof(r->stage)) == -1)
		goto fail;
	r->created_at = db_col_int(c, s, 8);
	r->stage_at = db_col_int(c, s, 9);
	if (db_col_record(c, s, 10, &r->content, &r->content_len) == -1 ||
	    db_col_record(c, s, 12, &r->identity, &r->identity_len) == -1)
		goto fail;
	if (db_col_range(c, s, 14, 0, UINT32_MAX, &v) == -1)
		goto fail;
	r->code_ops = (unsigned)v;
	if (db_col_range(c, s, 15, 0, UINT32_MAX, &v) == -1)
		goto fail;
	r->code_mem_kib = (unsigned)v;
	r->forwarded_at = db_col_int(c, s, 16);
	return 0;
fail:
	db_report_clear(r);
	memset(r, 0, sizeof(*r));
	return -1;
}

const struct db_rowtype db_report_type = {
	sizeof(struct db_report), report_row, report_free, "record"
};

/* Inserts one sealed key with the add statement s of its table. */
static enum db_step
key_insert(struct db_conn *c, enum stmt s, int64_t report_id,
    const struct db_sealed *k)
{
	enum db_step r;
	int i = 1;

	db_bind_int(c, s, i++, report_id);
	if (s == STMT_REPORT_KEY_ADD) {
		db_bind_int(c, s, i++, k->holder == DB_HOLDER_REPORTER);
		if (k->holder == DB_HOLDER_REPORTER)
			db_bind_null(c, s, i++);
		else
			db_bind_int(c, s, i++, k->user_id);
	} else
		db_bind_int(c, s, i++, k->user_id);
	db_bind_blob(c, s, i, k->sealed, k->sealed_len);
	r = db_step(c, s);
	db_reset(c, s);
	return r;
}

/* Checks a new report and its parts; sets the UTC year of creation. */
static int
report_valid(const struct db_report *r, const struct db_sealed *keys,
    size_t nkeys, const struct db_sealed *idkeys, size_t nidkeys,
    const struct db_file *files, size_t nfiles, int *year)
{
	struct tm tm;
	time_t t;
	size_t i;

	if (!db_len_ok(r->category, 1, DB_CODE_MAX) ||
	    !db_len_ok(r->stage, 1, DB_CODE_MAX) ||
	    !db_record_ok(r->content, r->content_len) ||
	    !db_opt_record_ok(r->identity, r->identity_len) ||
	    (nkeys > 0 && keys == NULL) || (nidkeys > 0 && idkeys == NULL) ||
	    (nfiles > 0 && files == NULL) || r->created_at < 0)
		return -1;
	for (i = 0; i < nkeys; i++)
		if (!sealed_ok(&keys[i], 0))
			return -1;
	for (i = 0; i < nidkeys; i++)
		if (!sealed_ok(&idkeys[i], 1))
			return -1;
	for (i = 0; i < nfiles; i++)
		if (!db_file_ok(&files[i]))
			return -1;
	t = (time_t)r->created_at;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999)
		return -1;
	*year = tm.tm_year + 1900;
	return 0;
}

/*
 * Everything runs in one write transaction, which holds the write lock
 * from its start: the code lookup check, the year's next number and
 * the inserts cannot interleave with another writer. r->stage_at of 0
 * is taken as r->created_at.
 */
int
db_report_create(struct db *db, struct db_report *r,
    const struct db_sealed *keys, size_t nkeys,
    const struct db_sealed *idkeys, size_t nidkeys,
    struct db_file *files, size_t nfiles)
{
	const enum stmt s = STMT_REPORT_CREATE;
	struct db_conn *c;
	struct db_event ev;
	char reg[sizeof(r->registration)];
	int64_t id = 0, seq;
	size_t i;
	int n, year, ret = -1;

	if (report_valid(r, keys, nkeys, idkeys, nidkeys, files, nfiles,
	    &year) == -1) {
		log_warnx("db_report_create: invalid report record");
		return -1;
	}
	c = db_acquire(db);
	if (db_begin(c) == -1) {
		log_warnx("db_report_create: begin: %s", db_errstr(c));
		goto done;
	}

	db_bind_blob(c, STMT_REPORT_LOOKUP_TAKEN, 1, r->code_lookup,
	    sizeof(r->code_lookup));
	if (db_step(c, STMT_REPORT_LOOKUP_TAKEN) != DB_ROW) {
		log_warnx("db_report_create: %s", db_errstr(c));
		goto done;
	}
	if (db_col_int(c, STMT_REPORT_LOOKUP_TAKEN, 0) != 0) {
		db_reset(c, STMT_REPORT_LOOKUP_TAKEN);
		ret = 1;
		goto done;
	}
	db_reset(c, STMT_REPORT_LOOKUP_TAKEN);

	db_bind_int(c, STMT_REPORT_NEXT_SEQ, 1, year);
	if (db_step(c, STMT_REPORT_NEXT_SEQ) != DB_ROW) {
		log_warnx("db_report_create: %s", db_errstr(c));
		goto done;
	}
	seq = db_col_int(c, STMT_REPORT_NEXT_SEQ, 0);
	db_reset(c, STMT_REPORT_NEXT_SEQ);
	n = snprintf(reg, sizeof(reg), "WBS-%04d-%06lld", year,
	    (long long)seq);
	if (seq < 1 || n < 0 || (size_t)n >= sizeof(reg)) {
		log_warnx("db_report_create: registration number out of "
		    "range");
		goto done;
	}

	db_bind_text(c, s, 1, reg);
	db_bind_int(c, s, 2, year);
	db_bind_int(c, s, 3, seq);
	db_bind_blob(c, s, 4, r->code_lookup, sizeof(r->code_lookup));
	db_bind_blob(c, s, 5, r->reporter_pk, sizeof(r->reporter_pk));
	db_bind_text(c, s, 6, r->category);
	db_bind_text(c, s, 7, r->stage);
	db_bind_int(c, s, 8, r->created_at);
	db_bind_int(c, s, 9, r->stage_at != 0 ? r->stage_at : r->created_at);
	db_bind_blob(c, s, 10, r->content, r->content_len);
	db_bind_opt_record(c, s, 11, r->identity, r->identity_len);
	db_bind_int(c, s, 12, r->code_ops);
	db_bind_int(c, s, 13, r->code_mem_kib);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_report_create: %s", db_errstr(c));
		goto done;
	}
	id = db_last_id(c);
	db_reset(c, s);
	db_bind_int(c, STMT_CODE_COST_ADD, 1, r->code_ops);
	db_bind_int(c, STMT_CODE_COST_ADD, 2, r->code_mem_kib);
	if (db_step(c, STMT_CODE_COST_ADD) != DB_DONE) {
		log_warnx("db_report_create: cost: %s", db_errstr(c));
		goto done;
	}
	db_reset(c, STMT_CODE_COST_ADD);

	for (i = 0; i < nkeys; i++)
		if (key_insert(c, STMT_REPORT_KEY_ADD, id, &keys[i]) !=
		    DB_DONE) {
			log_warnx("db_report_create: key: %s", db_errstr(c));
			goto done;
		}
	for (i = 0; i < nidkeys; i++)
		if (key_insert(c, STMT_IDENTITY_KEY_ADD, id, &idkeys[i]) !=
		    DB_DONE) {
			log_warnx("db_report_create: identity key: %s",
			    db_errstr(c));
			goto done;
		}
	for (i = 0; i < nfiles; i++) {
		files[i].report_id = id;
		if (db_file_insert(c, &files[i]) != DB_DONE) {
			log_warnx("db_report_create: file: %s", db_errstr(c));
			goto done;
		}
	}
	memset(&ev, 0, sizeof(ev));
	ev.report_id = id;
	memcpy(ev.stage, r->stage, sizeof(ev.stage));
	ev.created_at = r->created_at;
	if (db_event_insert(c, &ev) != DB_DONE) {
		log_warnx("db_report_create: event: %s", db_errstr(c));
		goto done;
	}
	if (db_commit(c) == -1) {
		log_warnx("db_report_create: commit: %s", db_errstr(c));
		goto done;
	}
	r->id = id;
	r->year = year;
	r->seq = seq;
	memcpy(r->registration, reg, sizeof(r->registration));
	if (r->stage_at == 0)
		r->stage_at = r->created_at;
	ret = 0;
done:
	if (ret != 0)
		for (i = 0; i < nfiles; i++)
			files[i].id = files[i].report_id = 0;
	db_rollback(c);
	db_release(c);
	return ret;
}

int
db_report_by_lookup(struct db *db, const unsigned char lookup[32],
    struct db_report *r)
{
	struct db_conn *c = db_acquire(db);

	db_bind_blob(c, STMT_REPORT_BY_LOOKUP, 1, lookup, 32);
	return db_fetch_one(c, STMT_REPORT_BY_LOOKUP, &db_report_type, r,
	    "db_report_by_lookup");
}

int
db_report_by_id(struct db *db, int64_t id, struct db_report *r)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_REPORT_BY_ID, 1, id);
	return db_fetch_one(c, STMT_REPORT_BY_ID, &db_report_type, r,
	    "db_report_by_id");
}

int
db_report_by_registration(struct db *db, const char *reg,
    struct db_report *r)
{
	struct db_conn *c = db_acquire(db);

	db_bind_text(c, STMT_REPORT_BY_REG, 1, reg);
	return db_fetch_one(c, STMT_REPORT_BY_REG, &db_report_type, r,
	    "db_report_by_registration");
}

int
db_report_list_for_user(struct db *db, int64_t user_id,
    int (*fn)(void *, const struct db_report *), void *arg)
{
	const enum stmt s = STMT_REPORT_LIST_FOR_USER;
	struct db_conn *c = db_acquire(db);
	struct db_report *v;
	void *p;
	size_t i, n;
	int ret = 0;

	db_bind_int(c, s, 1, user_id);
	if (db_collect(c, s, &db_report_type, &p, &n,
	    "db_report_list_for_user") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&db_report_type, v, n);
	return ret;
}

int
db_report_count_since(struct db *db, int64_t since, int64_t *count)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_REPORT_COUNT_SINCE, 1, since);
	return db_query_int(c, STMT_REPORT_COUNT_SINCE, count,
	    "db_report_count_since");
}

/* Gives the reports of cost 0 the cost legacy; called in a transaction. */
static int
code_costs_fill(struct db_conn *c, const struct db_code_cost *legacy)
{
	db_bind_int(c, STMT_CODE_COST_LEGACY, 1, legacy->ops);
	db_bind_int(c, STMT_CODE_COST_LEGACY, 2, legacy->mem_kib);
	if (db_step(c, STMT_CODE_COST_LEGACY) != DB_DONE)
		return -1;
	db_reset(c, STMT_CODE_COST_LEGACY);
	if (db_step(c, STMT_CODE_COST_DROP_LEGACY) != DB_DONE)
		return -1;
	db_reset(c, STMT_CODE_COST_DROP_LEGACY);
	db_bind_int(c, STMT_CODE_COST_ADD, 1, legacy->ops);
	db_bind_int(c, STMT_CODE_COST_ADD, 2, legacy->mem_kib);
	if (db_step(c, STMT_CODE_COST_ADD) != DB_DONE)
		return -1;
	db_reset(c, STMT_CODE_COST_ADD);
	return 0;
}

int
db_code_costs(struct db *db, const struct db_code_cost *legacy,
    struct db_code_cost *out, size_t *n)
{
	struct db_conn *c = db_acquire(db);
	const enum stmt s = STMT_CODE_COST_LIST;
	enum db_step st;
	int legacy_seen = 0, ret = -1;

	*n = 0;
	if (db_begin(c) == -1)
		goto done;
	while ((st = db_step(c, s)) == DB_ROW) {
		if (db_col_int(c, s, 0) == 0) {
			legacy_seen = 1;
			continue;
		}
		if (*n == DB_CODE_COSTS_MAX) {
			log_warnx("db_code_costs: more than %d access-code "
			    "costs in use; the oldest are not tried",
			    DB_CODE_COSTS_MAX);
			break;
		}
		out[*n].ops = (unsigned)db_col_int(c, s, 0);
		out[*n].mem_kib = (unsigned)db_col_int(c, s, 1);
		(*n)++;
	}
	db_reset(c, s);
	if (st == DB_ERROR)
		goto done;
	if (legacy_seen) {
		if (code_costs_fill(c, legacy) == -1)
			goto done;
		log_info("access codes made before their cost was recorded: "
		    "given the [auth] cost (%u passes, %u KiB)", legacy->ops,
		    legacy->mem_kib);
		if (*n < DB_CODE_COSTS_MAX)
			out[(*n)++] = *legacy;
	}
	if (db_commit(c) == -1)
		goto done;
	ret = 0;
done:
	if (ret == -1) {
		log_warnx("db_code_costs: %s", db_errstr(c));
		db_rollback(c);
	}
	db_release(c);
	return ret;
}

/* --- sealed keys ----------------------------------------------------- */

int
db_report_key(struct db *db, int64_t report_id, enum db_holder holder,
    int64_t user_id, struct db_sealed *k)
{
	const enum stmt s = STMT_REPORT_KEY_GET;
	struct db_conn *c = db_acquire(db);
	int ret = -1;

	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, holder == DB_HOLDER_REPORTER);
	db_bind_int(c, s, 3, holder == DB_HOLDER_REPORTER ? 0 : user_id);
	if ((ret = db_step_row(c, s, "db_report_key")) != 1)
		goto done;
	memset(k, 0, sizeof(*k));
	if (db_col_blob(c, s, 0, k->sealed, sizeof(k->sealed),
	    &k->sealed_len) == -1 || k->sealed_len == 0) {
		memset(k, 0, sizeof(*k));
		log_warnx("db_report_key: stored key out of bounds");
		ret = -1;
		goto done;
	}
	k->holder = holder;
	k->user_id = holder == DB_HOLDER_REPORTER ? 0 : user_id;
done:
	db_release(c);
	return ret;
}

int
db_report_key_add(struct db *db, int64_t report_id,
    const struct db_sealed *k)
{
	const enum stmt s = STMT_REPORT_KEY_ADD;
	struct db_conn *c;

	if (!sealed_ok(k, 0)) {
		log_warnx("db_report_key_add: invalid key record");
		return -1;
	}
	c = db_acquire(db);
	return db_write_done(c, key_insert(c, s, report_id, k),
	    "db_report_key_add");
}

struct user_pk {
	int64_t		 id;
	unsigned char	 pk[32];
};

static int
user_pk_row(struct db_conn *c, enum stmt s, void *p)
{
	struct user_pk *u = p;

	u->id = db_col_int(c, s, 0);
	return db_col_exact(c, s, 1, u->pk, sizeof(u->pk));
}

static void
user_pk_free(void *p)
{
	(void)p;
}

static const struct db_rowtype user_pk_type = {
	sizeof(struct user_pk), user_pk_row, user_pk_free, "record"
};

/* An all-zero key (never a real one) is skipped like a missing one. */
int
db_user_keys_by_role(struct db *db, unsigned roles,
    int (*fn)(void *, int64_t, const unsigned char[32]), void *arg)
{
	const enum stmt s = STMT_USER_KEYS_BY_ROLE;
	static const unsigned char zero[32];
	struct db_conn *c = db_acquire(db);
	struct user_pk *v;
	void *p;
	size_t i, n;
	int ret = 0;

	db_bind_int(c, s, 1, DB_USER_ACTIVE);
	db_bind_int(c, s, 2, roles);
	if (db_collect(c, s, &user_pk_type, &p, &n,
	    "db_user_keys_by_role") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (memcmp(v[i].pk, zero, sizeof(zero)) != 0 &&
		    fn(arg, v[i].id, v[i].pk) == -1)
			ret = -1;
	free(v);
	return ret;
}
