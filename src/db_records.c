/*
 * db_records.c: the store's case records (db.h): a case's internal notes,
 * its investigation report (LHP) and its follow-up decision, each an
 * encrypted record under the report key; identity custody (a handler's
 * request to see a reporter's identity, a custodian's decision, and the
 * identity key sealed to the handler on approval, stored in the same
 * transaction); and the dashboard's pages of reports, newest first,
 * paged by keyset, with the query plan that proves they use an index.
 * On the statement API of db_internal.h; the SQL is in the statement
 * table of the engine file. Listings are read whole before the caller's
 * function runs, so that it may use the store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_internal.h"
#include "log.h"
#include "util.h"

#define DB_RECORD_MAX	(1024 * 1024)	/* one encrypted record */
#define PAGE_MAX	200		/* rows of one dashboard page */
#define PLAN_LINE	512		/* one line of a query plan */

/* Returns 1 when an encrypted record is present and not too long. */
static int
record_ok(const unsigned char *p, size_t len)
{
	return p != NULL && len > 0 && len <= DB_RECORD_MAX;
}

/*
 * Reads the encrypted record whose length is column col and whose value
 * is column col + 1 into a malloc'd copy; it must not be empty.
 */
static int
col_record(struct db_conn *c, enum stmt s, int col, unsigned char **out,
    size_t *outlen)
{
	int64_t n = db_col_int(c, s, col);
	unsigned char *p;
	size_t len;

	*out = NULL;
	*outlen = 0;
	if (n <= 0 || n > DB_RECORD_MAX)
		return -1;
	p = xmalloc((size_t)n);
	if (db_col_blob(c, s, col + 1, p, (size_t)n, &len) == -1 ||
	    len != (size_t)n) {
		free(p);
		return -1;
	}
	*out = p;
	*outlen = len;
	return 0;
}

/* --- case records ---------------------------------------------------- */

void
db_case_record_clear(struct db_case_record *r)
{
	free(r->rec);
	r->rec = NULL;
	r->len = 0;
}

static void
record_free(void *p)
{
	db_case_record_clear(p);
}

/*
 * Fills r from the current row of s: id, report_id, user_id, kind,
 * created_at, length(rec), rec.
 */
static int
record_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_case_record *r = p;
	int64_t v;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(c, s, 0);
	r->report_id = db_col_int(c, s, 1);
	r->user_id = db_col_int(c, s, 2);
	if (db_col_range(c, s, 3, 0, DB_REC__MAX - 1, &v) == -1)
		return -1;
	r->kind = (int)v;
	r->created_at = db_col_int(c, s, 4);
	return col_record(c, s, 5, &r->rec, &r->len);
}

static const struct db_rowtype record_type = {
	sizeof(struct db_case_record), record_row, record_free, "case record"
};

int
db_case_record_add(struct db *db, struct db_case_record *r)
{
	const enum stmt s = STMT_CASE_RECORD_ADD;
	struct db_conn *c;
	int ret = -1;

	if (r->report_id <= 0 || r->user_id <= 0 || r->kind < 0 ||
	    r->kind >= DB_REC__MAX || !record_ok(r->rec, r->len)) {
		log_warnx("db_case_record_add: invalid case record");
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, s, 1, r->report_id);
	db_bind_int(c, s, 2, r->user_id);
	db_bind_int(c, s, 3, r->kind);
	db_bind_int(c, s, 4, r->created_at);
	db_bind_blob(c, s, 5, r->rec, r->len);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_case_record_add: %s", db_errstr(c));
		goto done;
	}
	r->id = db_last_id(c);
	ret = 0;
done:
	db_release(c);
	return ret;
}

int
db_case_record_list(struct db *db, int64_t report_id, int kind,
    int (*fn)(void *, const struct db_case_record *), void *arg)
{
	const enum stmt s = STMT_CASE_RECORD_LIST;
	struct db_conn *c = db_acquire(db);
	struct db_case_record *v;
	void *p;
	size_t i, n;
	int ret = 0;

	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, kind);
	if (db_collect(c, s, &record_type, &p, &n,
	    "db_case_record_list") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&record_type, p, n);
	return ret;
}

int
db_case_record_latest(struct db *db, int64_t report_id, int kind,
    struct db_case_record *r)
{
	const enum stmt s = STMT_CASE_RECORD_LATEST;
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, kind);
	return db_fetch_one(c, s, &record_type, r, "db_case_record_latest");
}

/* --- identity custody ------------------------------------------------ */

void
db_idreq_clear(struct db_idreq *r)
{
	free(r->reason);
	r->reason = NULL;
	r->reason_len = 0;
}

static void
idreq_free(void *p)
{
	db_idreq_clear(p);
}

/*
 * Fills r from the current row of s: id, report_id, requester,
 * created_at, status, decided_by, decided_at, length(reason), reason.
 */
static int
idreq_row(struct db_conn *c, enum stmt s, void *p)
{
	struct db_idreq *r = p;
	int64_t v;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(c, s, 0);
	r->report_id = db_col_int(c, s, 1);
	r->requester = db_col_int(c, s, 2);
	r->created_at = db_col_int(c, s, 3);
	if (db_col_range(c, s, 4, DB_IDREQ_PENDING, DB_IDREQ_DENIED,
	    &v) == -1)
		return -1;
	r->status = (int)v;
	r->decided_by = db_col_int(c, s, 5);
	r->decided_at = db_col_int(c, s, 6);
	return col_record(c, s, 7, &r->reason, &r->reason_len);
}

static const struct db_rowtype idreq_type = {
	sizeof(struct db_idreq), idreq_row, idreq_free, "identity request"
};

/*
 * A handler's second pending request for a report is refused by a
 * unique index (1).
 */
int
db_idreq_create(struct db *db, struct db_idreq *r)
{
	const enum stmt s = STMT_IDREQ_CREATE;
	struct db_conn *c;
	int ret = -1;

	if (r->report_id <= 0 || r->requester <= 0 ||
	    !record_ok(r->reason, r->reason_len)) {
		log_warnx("db_idreq_create: invalid identity request");
		return -1;
	}
	c = db_acquire(db);
	db_bind_int(c, s, 1, r->report_id);
	db_bind_int(c, s, 2, r->requester);
	db_bind_int(c, s, 3, r->created_at);
	db_bind_int(c, s, 4, DB_IDREQ_PENDING);
	db_bind_blob(c, s, 5, r->reason, r->reason_len);
	switch (db_step(c, s)) {
	case DB_DONE:
		r->id = db_last_id(c);
		r->status = DB_IDREQ_PENDING;
		r->decided_by = r->decided_at = 0;
		ret = 0;
		break;
	case DB_DUPLICATE:
		ret = 1;
		break;
	default:
		log_warnx("db_idreq_create: %s", db_errstr(c));
		break;
	}
	db_release(c);
	return ret;
}

/* 1 found, 0 absent, -1 error, as the other lookups. */
int
db_idreq_get(struct db *db, int64_t id, struct db_idreq *r)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_IDREQ_GET, 1, id);
	return db_fetch_one(c, STMT_IDREQ_GET, &idreq_type, r, "db_idreq_get");
}

/* Calls fn for each request s (bound) gives. */
static int
idreq_each(struct db_conn *c, enum stmt s,
    int (*fn)(void *, const struct db_idreq *), void *arg, const char *op)
{
	struct db_idreq *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (db_collect(c, s, &idreq_type, &p, &n, op) == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&idreq_type, p, n);
	return ret;
}

int
db_idreq_list_pending(struct db *db,
    int (*fn)(void *, const struct db_idreq *), void *arg)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_IDREQ_LIST_PENDING, 1, DB_IDREQ_PENDING);
	return idreq_each(c, STMT_IDREQ_LIST_PENDING, fn, arg,
	    "db_idreq_list_pending");
}

int
db_idreq_list_for_report(struct db *db, int64_t report_id,
    int (*fn)(void *, const struct db_idreq *), void *arg)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_IDREQ_LIST_REPORT, 1, report_id);
	return idreq_each(c, STMT_IDREQ_LIST_REPORT, fn, arg,
	    "db_idreq_list_for_report");
}

/*
 * The decision and the identity key go in one write transaction: a
 * request decided meanwhile changes no row (1, nothing stored). The key
 * must be sealed to the requester; a second copy of it is ignored.
 * With a denial, sealed is not stored.
 */
int
db_idreq_decide(struct db *db, int64_t id, int status, int64_t by,
    int64_t at, const struct db_sealed *sealed, const unsigned char *note,
    size_t note_len)
{
	const enum stmt s = STMT_IDREQ_DECIDE, g = STMT_IDREQ_GET,
	    k = STMT_IDENTITY_KEY_ADD;
	struct db_conn *c;
	int64_t report_id, requester;
	int ret = -1;

	if (id <= 0 || by <= 0 || (note_len > 0 && !record_ok(note, note_len)) ||
	    (status != DB_IDREQ_APPROVED && status != DB_IDREQ_DENIED))
		goto invalid;
	if (status != DB_IDREQ_APPROVED)
		sealed = NULL;
	if (sealed != NULL && (sealed->holder != DB_HOLDER_USER ||
	    sealed->sealed_len == 0 || sealed->sealed_len > DB_BLOB_MAX))
		goto invalid;

	c = db_acquire(db);
	if (db_begin(c) == -1) {
		log_warnx("db_idreq_decide: begin: %s", db_errstr(c));
		goto done;
	}
	db_bind_int(c, s, 1, status);
	db_bind_int(c, s, 2, by);
	db_bind_int(c, s, 3, at);
	db_bind_opt_record(c, s, 4, note, note_len);
	db_bind_int(c, s, 5, id);
	db_bind_int(c, s, 6, DB_IDREQ_PENDING);
	if (db_step(c, s) != DB_DONE) {
		log_warnx("db_idreq_decide: %s", db_errstr(c));
		goto done;
	}
	if (db_changes(c) == 0) {
		ret = 1;
		goto done;
	}
	db_reset(c, s);
	if (sealed != NULL) {
		db_bind_int(c, g, 1, id);
		if (db_step(c, g) != DB_ROW) {
			log_warnx("db_idreq_decide: %s", db_errstr(c));
			goto done;
		}
		report_id = db_col_int(c, g, 1);
		requester = db_col_int(c, g, 2);
		db_reset(c, g);
		if (sealed->user_id != requester) {
			log_warnx("db_idreq_decide: identity key not sealed "
			    "to the requester");
			goto done;
		}
		db_bind_int(c, k, 1, report_id);
		db_bind_int(c, k, 2, requester);
		db_bind_blob(c, k, 3, sealed->sealed, sealed->sealed_len);
		if (db_step(c, k) != DB_DONE) {
			log_warnx("db_idreq_decide: identity key: %s",
			    db_errstr(c));
			goto done;
		}
		db_reset(c, k);
	}
	if (db_commit(c) == -1) {
		log_warnx("db_idreq_decide: commit: %s", db_errstr(c));
		goto done;
	}
	ret = 0;
done:
	db_rollback(c);
	db_release(c);
	return ret;
invalid:
	log_warnx("db_idreq_decide: invalid decision");
	return -1;
}

int
db_idreq_approved_for(struct db *db, int64_t report_id, int64_t user_id,
    int64_t *count)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_IDREQ_APPROVED_FOR, 1, report_id);
	db_bind_int(c, STMT_IDREQ_APPROVED_FOR, 2, user_id);
	db_bind_int(c, STMT_IDREQ_APPROVED_FOR, 3, DB_IDREQ_APPROVED);
	return db_query_int(c, STMT_IDREQ_APPROVED_FOR, count,
	    "db_idreq_approved_for");
}

int
db_identity_sole_custody(struct db *db, int64_t user_id, unsigned roles,
    int64_t *count)
{
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, STMT_IDENTITY_SOLE_CUSTODY, 1, user_id);
	db_bind_int(c, STMT_IDENTITY_SOLE_CUSTODY, 2, DB_USER_ACTIVE);
	db_bind_int(c, STMT_IDENTITY_SOLE_CUSTODY, 3, roles);
	return db_query_int(c, STMT_IDENTITY_SOLE_CUSTODY, count,
	    "db_identity_sole_custody");
}

int
db_identity_key(struct db *db, int64_t report_id, int64_t user_id,
    struct db_sealed *k)
{
	const enum stmt s = STMT_IDENTITY_KEY_GET;
	struct db_conn *c = db_acquire(db);
	int ret;

	memset(k, 0, sizeof(*k));
	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, user_id);
	if ((ret = db_step_row(c, s, "db_identity_key")) != 1)
		goto done;
	if (db_col_blob(c, s, 0, k->sealed, sizeof(k->sealed),
	    &k->sealed_len) == -1 || k->sealed_len == 0) {
		memset(k, 0, sizeof(*k));
		log_warnx("db_identity_key: stored key out of bounds");
		ret = -1;
		goto done;
	}
	k->holder = DB_HOLDER_USER;
	k->user_id = user_id;
done:
	db_release(c);
	return ret;
}

/* --- the dashboard's pages ------------------------------------------- */

/* Returns 1 when an optional text filter is absent or fits max bytes. */
static int
filter_text_ok(const char *s, size_t max)
{
	return s == NULL || db_len_ok(s, 0, max);
}

static int
filter_ok(const struct db_case_filter *f)
{
	return f->user_id > 0 && f->limit >= 1 && f->limit <= PAGE_MAX &&
	    f->unit_id >= 0 && f->before_id >= 0 &&
	    filter_text_ok(f->stage, DB_CODE_MAX) &&
	    filter_text_ok(f->category, DB_CODE_MAX) &&
	    filter_text_ok(f->registration, DB_REG_MAX);
}

/*
 * The statement of a page: with a registration number, the one that
 * starts from its unique index. plan: its EXPLAIN QUERY PLAN twin.
 */
static enum stmt
page_stmt(const struct db_case_filter *f, int plan)
{
	int reg = f->registration != NULL && f->registration[0] != '\0';

	if (!reg && f->oldest_first)
		return plan ? STMT_CASE_PAGE_ASC_PLAN : STMT_CASE_PAGE_ASC;
	if (plan)
		return reg ? STMT_CASE_PAGE_REG_PLAN : STMT_CASE_PAGE_PLAN;
	return reg ? STMT_CASE_PAGE_REG : STMT_CASE_PAGE;
}

/*
 * Binds f to s, in the order of CASE_PAGE_FILTER (db_stmts.c), after
 * the registration number when s starts with it. The first page is
 * the page older than the largest key, so that the statement always
 * takes a range of the (created_at, id) index; an absent filter binds
 * '' or 0 ("any").
 */
static void
bind_page(struct db_conn *c, enum stmt s, const struct db_case_filter *f)
{
	const char *stage = f->stage != NULL ? f->stage : "";
	const char *category = f->category != NULL ? f->category : "";
	int64_t bc = f->before_created, bi = f->before_id;
	int i = 1;

	if (bi == 0)
		bc = bi = (s == STMT_CASE_PAGE_ASC ||
		    s == STMT_CASE_PAGE_ASC_PLAN) ? -1 : INT64_MAX;
	if (s == STMT_CASE_PAGE_REG || s == STMT_CASE_PAGE_REG_PLAN)
		db_bind_text(c, s, i++, f->registration);
	db_bind_int(c, s, i++, f->user_id);
	db_bind_int(c, s, i++, bc);
	db_bind_int(c, s, i++, bi);
	db_bind_text(c, s, i++, stage);
	db_bind_text(c, s, i++, stage);
	db_bind_text(c, s, i++, category);
	db_bind_text(c, s, i++, category);
	db_bind_int(c, s, i++, f->unit_id);
	db_bind_int(c, s, i++, f->unit_id);
	db_bind_int(c, s, i, f->limit);
}

int
db_case_page(struct db *db, const struct db_case_filter *f,
    int (*fn)(void *, const struct db_report *), void *arg)
{
	const enum stmt s = page_stmt(f, 0);
	struct db_conn *c;
	struct db_report *v;
	void *p;
	size_t i, n;
	int ret = 0;

	if (!filter_ok(f)) {
		log_warnx("db_case_page: invalid filter");
		return -1;
	}
	c = db_acquire(db);
	bind_page(c, s, f);
	if (db_collect(c, s, &db_report_type, &p, &n, "db_case_page") == -1)
		return -1;
	v = p;
	for (i = 0; i < n && ret == 0; i++)
		if (fn(arg, &v[i]) == -1)
			ret = -1;
	db_rows_free(&db_report_type, p, n);
	return ret;
}

/* Column 3 of EXPLAIN QUERY PLAN is the detail of each step. */
int
db_case_page_plan(struct db *db, const struct db_case_filter *f, char *out,
    size_t outlen)
{
	const enum stmt s = page_stmt(f, 1);
	struct db_conn *c;
	char line[PLAN_LINE];
	size_t used = 0, n;
	int r, ret = -1;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (!filter_ok(f)) {
		log_warnx("db_case_page_plan: invalid filter");
		return -1;
	}
	c = db_acquire(db);
	bind_page(c, s, f);
	while ((r = db_step_row(c, s, "db_case_page_plan")) == 1) {
		if (db_col_text(c, s, 3, line, sizeof(line)) == -1) {
			log_warnx("db_case_page_plan: plan line too long");
			goto done;
		}
		n = strlen(line);
		if (n + 1 >= outlen - used) {
			log_warnx("db_case_page_plan: plan too long");
			goto done;
		}
		memcpy(out + used, line, n);
		used += n;
		out[used++] = '\n';
		out[used] = '\0';
	}
	if (r == 0)
		ret = 0;
done:
	if (ret == -1)
		out[0] = '\0';
	db_release(c);
	return ret;
}

int
db_report_unread(struct db *db, int64_t report_id, int64_t user_id,
    int64_t *count)
{
	const enum stmt s = STMT_REPORT_UNREAD;
	struct db_conn *c = db_acquire(db);

	db_bind_int(c, s, 1, report_id);
	db_bind_int(c, s, 2, user_id);
	db_bind_int(c, s, 3, report_id);
	return db_query_int(c, s, count, "db_report_unread");
}

int
db_user_keys_delete(struct db *db, int64_t user_id)
{
	struct db_conn *c = db_acquire(db);
	int rc = -1;

	if (db_begin(c) == -1)
		goto done;
	db_bind_int(c, STMT_USER_REPORT_KEYS_DELETE, 1, user_id);
	db_bind_int(c, STMT_USER_IDENTITY_KEYS_DELETE, 1, user_id);
	if (db_step(c, STMT_USER_REPORT_KEYS_DELETE) != DB_DONE ||
	    db_step(c, STMT_USER_IDENTITY_KEYS_DELETE) != DB_DONE) {
		log_warnx("db_user_keys_delete: %s", db_errstr(c));
		db_rollback(c);
		goto done;
	}
	rc = db_commit(c);
done:
	db_release(c);
	return rc;
}
