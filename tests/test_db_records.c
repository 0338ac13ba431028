/*
 * test_db_records.c: the store's case records, identity custody and the
 * dashboard's pages on SQLite: records per kind and report (oldest
 * first, the newest one, bounds); identity requests (one pending per
 * handler and report, listings, a decision taken once, the identity key
 * stored with an approval and never with a denial or a key sealed to
 * someone else); and pages of 100,000 generated reports, first and deep
 * (keyset), filtered, walked whole, with a query plan that searches an
 * index of reports and never scans the table; and migration 6 on top of
 * a version 5 database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "db.h"
#include "db_schema.h"

#define T2026		1767225600	/* 2026-01-01T00:00:00Z */
#define RECORD_MAX	(1024 * 1024)
#define NREPORTS	100000
#define MULT		7919		/* coprime with NREPORTS */

struct fixture {
	char		*dir;
	char		 path[1024];
	struct db	*db;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	snprintf(f->path, sizeof(f->path), "%s/wbs.db", f->dir);
	assert_int_equal(db_open(&f->db, f->path, 1, err, sizeof(err)), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Runs a query through the sqlite3 CLI; returns its first line. */
static void
cli_query(const char *path, const char *sql, char *out, size_t outlen)
{
	char cmd[4096];
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

/* Runs the SQL file sqlpath on path through the sqlite3 CLI. */
static void
cli_file(const char *path, const char *sqlpath)
{
	char cmd[4096];
	int n;

	n = snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s' >/dev/null",
	    path, sqlpath);
	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

static void
fill(void *p, size_t len, unsigned char seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

static int64_t
mkuser(struct db *db, const char *name)
{
	struct db_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	snprintf(u.display_name, sizeof(u.display_name), "%s", name);
	u.status = DB_USER_ACTIVE;
	assert_int_equal(db_user_create(db, &u), 0);
	assert_true(u.id > 0);
	return u.id;
}

static int64_t
mkunit(struct db *db, const char *code)
{
	struct db_unit u;

	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.name, sizeof(u.name), "%s", code);
	assert_int_equal(db_unit_create(db, &u), 0);
	assert_true(u.id > 0);
	return u.id;
}

/* Creates a report with a reporter key and returns its id. */
static int64_t
mkreport(struct db *db, unsigned char seed)
{
	struct db_report r;
	struct db_sealed k;
	unsigned char content[64];

	memset(&r, 0, sizeof(r));
	fill(r.code_lookup, sizeof(r.code_lookup), seed);
	fill(r.reporter_pk, sizeof(r.reporter_pk), seed + 1);
	strcpy(r.category, "korupsi");
	strcpy(r.stage, "received");
	r.created_at = T2026 + seed;
	fill(content, sizeof(content), seed + 2);
	r.content = content;
	r.content_len = sizeof(content);
	memset(&k, 0, sizeof(k));
	k.holder = DB_HOLDER_REPORTER;
	fill(k.sealed, 80, seed + 3);
	k.sealed_len = 80;
	assert_int_equal(db_report_create(db, &r, &k, 1, NULL, 0, NULL, 0),
	    0);
	return r.id;
}

/* --- case records ---------------------------------------------------- */

struct reclist {
	int64_t		 id[16];
	int64_t		 at[16];
	unsigned char	 first[16];
	size_t		 n;
	int		 stop_after;	/* -1 after this many (0: never) */
};

static int
rec_cb(void *arg, const struct db_case_record *r)
{
	struct reclist *l = arg;

	assert_true(l->n < 16);
	assert_non_null(r->rec);
	assert_true(r->len > 0);
	l->id[l->n] = r->id;
	l->at[l->n] = r->created_at;
	l->first[l->n] = r->rec[0];
	l->n++;
	if (l->stop_after != 0 && (int)l->n == l->stop_after)
		return -1;
	return 0;
}

static int64_t
add_record(struct db *db, int64_t report, int64_t user, int kind,
    int64_t at, unsigned char seed, size_t len)
{
	struct db_case_record r;
	unsigned char *b = malloc(len);

	assert_non_null(b);
	fill(b, len, seed);
	memset(&r, 0, sizeof(r));
	r.report_id = report;
	r.user_id = user;
	r.kind = kind;
	r.created_at = at;
	r.rec = b;
	r.len = len;
	assert_int_equal(db_case_record_add(db, &r), 0);
	assert_true(r.id > 0);
	free(b);
	return r.id;
}

static void
test_records(void **state)
{
	struct fixture *f = *state;
	struct db_case_record r, g;
	struct reclist l;
	unsigned char *big;
	int64_t uid, r1, r2, n1, n2, n3, n4, lhp;

	uid = mkuser(f->db, "investigator");
	r1 = mkreport(f->db, 1);
	r2 = mkreport(f->db, 2);

	/* Added out of time order; listed oldest first, ties by id. */
	n1 = add_record(f->db, r1, uid, DB_REC_NOTE, T2026 + 20, 10, 100);
	n2 = add_record(f->db, r1, uid, DB_REC_NOTE, T2026 + 10, 20, 50);
	n3 = add_record(f->db, r1, uid, DB_REC_NOTE, T2026 + 20, 30, 70);
	lhp = add_record(f->db, r1, uid, DB_REC_LHP, T2026 + 30, 40, 300);
	n4 = add_record(f->db, r2, uid, DB_REC_NOTE, T2026 + 99, 50, 10);

	memset(&l, 0, sizeof(l));
	assert_int_equal(db_case_record_list(f->db, r1, DB_REC_NOTE, rec_cb,
	    &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.id[0], n2);
	assert_int_equal(l.id[1], n1);
	assert_int_equal(l.id[2], n3);
	assert_int_equal(l.at[0], T2026 + 10);
	assert_int_equal(l.first[0], 20);
	assert_int_equal(l.first[1], 10);

	memset(&l, 0, sizeof(l));
	assert_int_equal(db_case_record_list(f->db, r1, DB_REC_LHP, rec_cb,
	    &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.id[0], lhp);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_case_record_list(f->db, r1, DB_REC_DECISION,
	    rec_cb, &l), 0);
	assert_int_equal(l.n, 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_case_record_list(f->db, r2, DB_REC_NOTE, rec_cb,
	    &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.id[0], n4);

	/* A callback's -1 stops the listing. */
	memset(&l, 0, sizeof(l));
	l.stop_after = 1;
	assert_int_equal(db_case_record_list(f->db, r1, DB_REC_NOTE, rec_cb,
	    &l), -1);
	assert_int_equal(l.n, 1);

	/* The newest: by time, then by id; read back exactly. */
	assert_int_equal(db_case_record_latest(f->db, r1, DB_REC_NOTE, &g),
	    1);
	assert_int_equal(g.id, n3);
	assert_int_equal(g.report_id, r1);
	assert_int_equal(g.user_id, uid);
	assert_int_equal(g.kind, DB_REC_NOTE);
	assert_int_equal(g.created_at, T2026 + 20);
	assert_int_equal(g.len, 70);
	{
		unsigned char want[70];

		fill(want, sizeof(want), 30);
		assert_memory_equal(g.rec, want, sizeof(want));
	}
	db_case_record_clear(&g);
	assert_null(g.rec);
	assert_int_equal(db_case_record_latest(f->db, r1, DB_REC_LHP, &g), 1);
	assert_int_equal(g.id, lhp);
	assert_int_equal(g.len, 300);
	db_case_record_clear(&g);
	assert_int_equal(db_case_record_latest(f->db, r1, DB_REC_DECISION,
	    &g), 0);
	assert_null(g.rec);
	db_case_record_clear(&g);
	assert_int_equal(db_case_record_latest(f->db, 9999, DB_REC_NOTE, &g),
	    0);

	/* Bounds: 1 MiB is the most, empty, bad kinds and ids refused. */
	add_record(f->db, r2, uid, DB_REC_DECISION, T2026, 60, RECORD_MAX);
	assert_int_equal(db_case_record_latest(f->db, r2, DB_REC_DECISION,
	    &g), 1);
	assert_int_equal(g.len, RECORD_MAX);
	db_case_record_clear(&g);
	big = calloc(1, RECORD_MAX + 1);
	assert_non_null(big);
	memset(&r, 0, sizeof(r));
	r.report_id = r1;
	r.user_id = uid;
	r.kind = DB_REC_LHP;
	r.created_at = T2026;
	r.rec = big;
	r.len = RECORD_MAX + 1;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.len = 0;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.len = 10;
	r.rec = NULL;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.rec = big;
	r.kind = DB_REC__MAX;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.kind = -1;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.kind = DB_REC_NOTE;
	r.user_id = 0;
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	r.user_id = uid;
	r.report_id = 9999;	/* no such report: the foreign key refuses */
	assert_int_equal(db_case_record_add(f->db, &r), -1);
	assert_int_equal(r.id, 0);
	free(big);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_case_record_list(f->db, r1, DB_REC_LHP, rec_cb,
	    &l), 0);
	assert_int_equal(l.n, 1);
}

/* --- identity custody ------------------------------------------------ */

struct reqlist {
	int64_t		 id[16];
	int		 status[16];
	size_t		 n;
};

static int
req_cb(void *arg, const struct db_idreq *r)
{
	struct reqlist *l = arg;

	assert_true(l->n < 16);
	assert_non_null(r->reason);
	l->id[l->n] = r->id;
	l->status[l->n] = r->status;
	l->n++;
	return 0;
}

static int
create_req(struct db *db, int64_t report, int64_t requester, int64_t at,
    unsigned char seed, int64_t *id)
{
	struct db_idreq r;
	unsigned char reason[48];
	int ret;

	fill(reason, sizeof(reason), seed);
	memset(&r, 0, sizeof(r));
	r.report_id = report;
	r.requester = requester;
	r.created_at = at;
	r.reason = reason;
	r.reason_len = sizeof(reason);
	ret = db_idreq_create(db, &r);
	if (ret == 0) {
		assert_true(r.id > 0);
		assert_int_equal(r.status, DB_IDREQ_PENDING);
	}
	if (id != NULL)
		*id = r.id;
	return ret;
}

static void
mksealed(struct db_sealed *k, int64_t user, unsigned char seed)
{
	memset(k, 0, sizeof(*k));
	k->holder = DB_HOLDER_USER;
	k->user_id = user;
	fill(k->sealed, 80, seed);
	k->sealed_len = 80;
}

static void
test_idreq(void **state)
{
	struct fixture *f = *state;
	struct db_idreq g;
	struct db_sealed k, got;
	struct reqlist l;
	unsigned char reason[48];
	int64_t h1, h2, cust, r1, r2, q1, q2, q3, q4, q5;

	h1 = mkuser(f->db, "handler1");
	h2 = mkuser(f->db, "handler2");
	cust = mkuser(f->db, "custodian");
	r1 = mkreport(f->db, 1);
	r2 = mkreport(f->db, 2);

	/* One pending request per handler and report. */
	assert_int_equal(create_req(f->db, r1, h1, T2026 + 50, 1, &q1), 0);
	assert_int_equal(create_req(f->db, r1, h1, T2026 + 60, 2, NULL), 1);
	assert_int_equal(create_req(f->db, r1, h2, T2026 + 40, 3, &q2), 0);
	assert_int_equal(create_req(f->db, r2, h1, T2026 + 45, 4, &q3), 0);
	assert_int_equal(create_req(f->db, 9999, h1, T2026, 5, NULL), -1);
	assert_int_equal(create_req(f->db, r1, 0, T2026, 5, NULL), -1);

	assert_int_equal(db_idreq_get(f->db, q1, &g), 1);
	assert_int_equal(g.id, q1);
	assert_int_equal(g.report_id, r1);
	assert_int_equal(g.requester, h1);
	assert_int_equal(g.created_at, T2026 + 50);
	assert_int_equal(g.status, DB_IDREQ_PENDING);
	assert_int_equal(g.decided_by, 0);
	assert_int_equal(g.decided_at, 0);
	assert_int_equal(g.reason_len, sizeof(reason));
	fill(reason, sizeof(reason), 1);
	assert_memory_equal(g.reason, reason, sizeof(reason));
	db_idreq_clear(&g);
	assert_null(g.reason);
	assert_int_equal(db_idreq_get(f->db, 9999, &g), 0);
	assert_null(g.reason);

	/* Pending, oldest first; a report's requests. */
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_idreq_list_pending(f->db, req_cb, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.id[0], q2);
	assert_int_equal(l.id[1], q3);
	assert_int_equal(l.id[2], q1);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_idreq_list_for_report(f->db, r1, req_cb, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.id[0], q2);
	assert_int_equal(l.id[1], q1);

	/* Bad decisions change nothing. */
	mksealed(&k, h1, 9);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_PENDING, cust,
	    T2026 + 100, &k, NULL, 0), -1);
	assert_int_equal(db_idreq_decide(f->db, q1, 7, cust, T2026 + 100,
	    &k, NULL, 0), -1);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_APPROVED, 0,
	    T2026 + 100, &k, NULL, 0), -1);
	/* A key sealed to someone else than the requester: rolled back. */
	mksealed(&k, h2, 9);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_APPROVED, cust,
	    T2026 + 100, &k, NULL, 0), -1);
	assert_int_equal(db_idreq_get(f->db, q1, &g), 1);
	assert_int_equal(g.status, DB_IDREQ_PENDING);
	db_idreq_clear(&g);
	assert_int_equal(db_identity_key(f->db, r1, h2, &got), 0);
	assert_int_equal(db_identity_key(f->db, r1, h1, &got), 0);

	/* Approval stores the identity key sealed to the requester. */
	mksealed(&k, h1, 9);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_APPROVED, cust,
	    T2026 + 100, &k, NULL, 0), 0);
	assert_int_equal(db_identity_key(f->db, r1, h1, &got), 1);
	assert_int_equal(got.holder, DB_HOLDER_USER);
	assert_int_equal(got.user_id, h1);
	assert_int_equal(got.sealed_len, 80);
	assert_memory_equal(got.sealed, k.sealed, 80);
	assert_int_equal(db_identity_key(f->db, r2, h1, &got), 0);
	assert_int_equal(db_idreq_get(f->db, q1, &g), 1);
	assert_int_equal(g.status, DB_IDREQ_APPROVED);
	assert_int_equal(g.decided_by, cust);
	assert_int_equal(g.decided_at, T2026 + 100);
	db_idreq_clear(&g);

	/* Decided once: a second decision changes nothing. */
	mksealed(&k, h1, 77);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_DENIED, cust,
	    T2026 + 200, NULL, NULL, 0), 1);
	assert_int_equal(db_idreq_decide(f->db, q1, DB_IDREQ_APPROVED, cust,
	    T2026 + 200, &k, NULL, 0), 1);
	assert_int_equal(db_idreq_decide(f->db, 9999, DB_IDREQ_APPROVED, cust,
	    T2026 + 200, &k, NULL, 0), 1);
	assert_int_equal(db_idreq_get(f->db, q1, &g), 1);
	assert_int_equal(g.status, DB_IDREQ_APPROVED);
	assert_int_equal(g.decided_at, T2026 + 100);
	db_idreq_clear(&g);
	assert_int_equal(db_identity_key(f->db, r1, h1, &got), 1);
	assert_int_equal(got.sealed[0], 9);

	/* A denial stores no key, even when one is passed. */
	mksealed(&k, h2, 11);
	assert_int_equal(db_idreq_decide(f->db, q2, DB_IDREQ_DENIED, cust,
	    T2026 + 110, &k, NULL, 0), 0);
	assert_int_equal(db_identity_key(f->db, r1, h2, &got), 0);
	assert_int_equal(db_idreq_get(f->db, q2, &g), 1);
	assert_int_equal(g.status, DB_IDREQ_DENIED);
	assert_int_equal(g.decided_by, cust);
	db_idreq_clear(&g);

	/* An approval without a key records the decision only. */
	assert_int_equal(db_idreq_decide(f->db, q3, DB_IDREQ_APPROVED, cust,
	    T2026 + 120, NULL, NULL, 0), 0);
	assert_int_equal(db_identity_key(f->db, r2, h1, &got), 0);

	/* Once decided, the handler may ask again. */
	assert_int_equal(create_req(f->db, r1, h2, T2026 + 300, 6, &q4), 0);
	assert_int_equal(create_req(f->db, r1, h2, T2026 + 301, 6, NULL), 1);
	assert_int_equal(create_req(f->db, r1, h1, T2026 + 302, 7, &q5), 0);
	/* A duplicate of a stored key is ignored, not an error. */
	mksealed(&k, h1, 55);
	assert_int_equal(db_idreq_decide(f->db, q5, DB_IDREQ_APPROVED, cust,
	    T2026 + 400, &k, NULL, 0), 0);
	assert_int_equal(db_identity_key(f->db, r1, h1, &got), 1);
	assert_int_equal(got.sealed[0], 9);

	memset(&l, 0, sizeof(l));
	assert_int_equal(db_idreq_list_pending(f->db, req_cb, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.id[0], q4);
	memset(&l, 0, sizeof(l));
	assert_int_equal(db_idreq_list_for_report(f->db, r1, req_cb, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.id[0], q2);
	assert_int_equal(l.status[0], DB_IDREQ_DENIED);
	assert_int_equal(l.id[1], q1);
	assert_int_equal(l.status[1], DB_IDREQ_APPROVED);
	assert_int_equal(l.id[2], q4);
	assert_int_equal(l.status[2], DB_IDREQ_PENDING);
	assert_int_equal(l.id[3], q5);
	assert_int_equal(l.status[3], DB_IDREQ_APPROVED);
}

/* --- the dashboard's pages ------------------------------------------- */

static const char *const stages[] = {
	"received", "review", "investigation", "archived"
};
static const char *const categories[] = { "korupsi", "gratifikasi", "lain" };

/* A generated report, as the SQL of gen_reports() makes it. */
struct row {
	int64_t		 id;
	int64_t		 created_at;
	int		 stage;
	int		 category;
	int		 unit;		/* 0 none, 1 or 2 */
	int		 holder;	/* 1 user a, 2 user b */
};

static void
gen_row(int64_t i, struct row *r)
{
	r->id = i;
	/* A permutation of the ids, halved: pairs share a time. */
	r->created_at = T2026 + ((i * MULT) % NREPORTS) / 2;
	r->stage = (int)(i % 4);
	r->category = (int)(i % 3);
	r->unit = (int)(i % 5 == 0 ? 0 : i % 5 <= 2 ? 1 : 2);
	r->holder = i % 10 == 0 ? 2 : 1;
}

/* Newest first: created_at, then id, descending. */
static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? 1 : -1;
	if (x->id != y->id)
		return x->id < y->id ? 1 : -1;
	return 0;
}

struct pagectx {
	struct row	*rows;		/* expected, newest first */
	size_t		 nrows;
	int64_t		 unit_id[3];	/* unit 1, 2 -> stored ids */
};

struct page {
	int64_t		 id[200];
	int64_t		 created_at[200];
	size_t		 n;
};

static int
page_cb(void *arg, const struct db_report *r)
{
	struct page *p = arg;
	struct row want;
	char reg[DB_REG_MAX + 1];

	assert_true(p->n < 200);
	gen_row(r->id, &want);
	assert_int_equal(r->created_at, want.created_at);
	assert_string_equal(r->stage, stages[want.stage]);
	assert_string_equal(r->category, categories[want.category]);
	snprintf(reg, sizeof(reg), "WBS-2026-%06lld", (long long)r->id);
	assert_string_equal(r->registration, reg);
	assert_int_equal(r->year, 2026);
	assert_int_equal(r->seq, r->id);
	/* Metadata only. */
	assert_null(r->content);
	assert_int_equal(r->content_len, 0);
	assert_null(r->identity);
	p->id[p->n] = r->id;
	p->created_at[p->n] = r->created_at;
	p->n++;
	return 0;
}

/* 1 when row r passes the filter fl (user: 1 or 2). */
static int
row_match(const struct pagectx *x, const struct row *r, int user,
    const struct db_case_filter *fl)
{
	char reg[DB_REG_MAX + 1];

	if (r->holder != user)
		return 0;
	if (fl->stage != NULL && strcmp(fl->stage, stages[r->stage]) != 0)
		return 0;
	if (fl->category != NULL &&
	    strcmp(fl->category, categories[r->category]) != 0)
		return 0;
	if (fl->unit_id != 0 &&
	    (r->unit == 0 || x->unit_id[r->unit] != fl->unit_id))
		return 0;
	if (fl->registration != NULL) {
		snprintf(reg, sizeof(reg), "WBS-2026-%06lld",
		    (long long)r->id);
		if (strcmp(reg, fl->registration) != 0)
			return 0;
	}
	return 1;
}

/*
 * Checks one page of fl against the expected rows: those matching,
 * after the keyset bound, at most fl->limit. Returns the page's size.
 */
static size_t
check_page(struct db *db, const struct pagectx *x, int user,
    const struct db_case_filter *fl, struct page *p)
{
	size_t i, n = 0;

	memset(p, 0, sizeof(*p));
	assert_int_equal(db_case_page(db, fl, page_cb, p), 0);
	for (i = 0; i < x->nrows && n < fl->limit; i++) {
		const struct row *r = &x->rows[i];

		if (fl->before_id != 0 &&
		    (r->created_at > fl->before_created ||
		    (r->created_at == fl->before_created &&
		    r->id >= fl->before_id)))
			continue;
		if (!row_match(x, r, user, fl))
			continue;
		assert_true(n < p->n);
		assert_int_equal(p->id[n], r->id);
		n++;
	}
	assert_int_equal(p->n, n);
	return n;
}

/* The plan searches an index of reports and neither scans nor sorts. */
static void
check_plan(struct db *db, const struct db_case_filter *fl)
{
	char plan[2048];

	assert_int_equal(db_case_page_plan(db, fl, plan, sizeof(plan)), 0);
	assert_true(strlen(plan) > 0);
	assert_null(strstr(plan, "SCAN"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_true(strstr(plan, "SEARCH r USING INDEX ") != NULL ||
	    strstr(plan, "SEARCH r USING COVERING INDEX ") != NULL);
	assert_non_null(strstr(plan, "SEARCH k USING"));
}

/*
 * Closes the store, inserts NREPORTS reports through the sqlite3 CLI in
 * one transaction (user a holds a key for nine in ten, user b for the
 * rest), and opens it again.
 */
static void
gen_reports(struct fixture *f, int64_t a, int64_t b, int64_t u1,
    int64_t u2)
{
	char sqlpath[1100], err[256];
	FILE *fp;

	db_close(f->db);
	f->db = NULL;
	snprintf(sqlpath, sizeof(sqlpath), "%s/gen.sql", f->dir);
	fp = fopen(sqlpath, "w");
	assert_non_null(fp);
	fprintf(fp, "PRAGMA foreign_keys = ON;\nBEGIN;\n"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < %d)\n"
	    "INSERT INTO reports (id, registration, year, seq, code_lookup,"
	    " reporter_pk, category, stage, created_at, stage_at, content,"
	    " unit_id)\n"
	    "SELECT i, printf('WBS-2026-%%06d', i), 2026, i, randomblob(32),"
	    " zeroblob(32),"
	    " CASE i %% 3 WHEN 0 THEN 'korupsi' WHEN 1 THEN 'gratifikasi'"
	    " ELSE 'lain' END,"
	    " CASE i %% 4 WHEN 0 THEN 'received' WHEN 1 THEN 'review'"
	    " WHEN 2 THEN 'investigation' ELSE 'archived' END,"
	    " %d + ((i * %d) %% %d) / 2, %d, x'00',"
	    " CASE WHEN i %% 5 = 0 THEN NULL WHEN i %% 5 <= 2 THEN %lld"
	    " ELSE %lld END FROM n;\n"
	    "INSERT INTO report_keys (report_id, holder, user_id, sealed)"
	    " SELECT id, 0, CASE WHEN id %% 10 = 0 THEN %lld ELSE %lld END,"
	    " x'01' FROM reports;\n"
	    "INSERT INTO report_keys (report_id, holder, user_id, sealed)"
	    " SELECT id, 1, NULL, x'02' FROM reports;\n"
	    "COMMIT;\n", NREPORTS, T2026, MULT, NREPORTS, T2026,
	    (long long)u1, (long long)u2, (long long)b, (long long)a);
	assert_int_equal(fclose(fp), 0);
	cli_file(f->path, sqlpath);
	assert_int_equal(db_open(&f->db, f->path, 0, err, sizeof(err)), 0);
}

static void
test_pages(void **state)
{
	struct fixture *f = *state;
	struct db_case_filter fl;
	struct pagectx x;
	struct page *p;
	struct row *mine;
	char out[64];
	int64_t a, b, i;
	size_t n, total, nmine = 0;

	a = mkuser(f->db, "reviewer");
	b = mkuser(f->db, "investigator");
	memset(&x, 0, sizeof(x));
	x.unit_id[1] = mkunit(f->db, "irban-1");
	x.unit_id[2] = mkunit(f->db, "irban-2");
	gen_reports(f, a, b, x.unit_id[1], x.unit_id[2]);
	cli_query(f->path, "SELECT COUNT(*) FROM reports", out, sizeof(out));
	assert_string_equal(out, "100000");

	x.nrows = NREPORTS;
	x.rows = calloc(NREPORTS, sizeof(*x.rows));
	mine = calloc(NREPORTS, sizeof(*mine));
	p = calloc(1, sizeof(*p));
	assert_non_null(x.rows);
	assert_non_null(mine);
	assert_non_null(p);
	for (i = 0; i < NREPORTS; i++) {
		gen_row(i + 1, &x.rows[i]);
		if (x.rows[i].holder == 1)
			mine[nmine++] = x.rows[i];
	}
	qsort(x.rows, x.nrows, sizeof(*x.rows), row_cmp);
	qsort(mine, nmine, sizeof(*mine), row_cmp);
	assert_int_equal(nmine, 90000);

	/* The first page: the 50 newest of user a. */
	memset(&fl, 0, sizeof(fl));
	fl.user_id = a;
	fl.limit = 50;
	/* Speed is the plan's business (no scan), not a timer's. */
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	for (i = 0; i < 50; i++)
		assert_int_equal(p->id[i], mine[i].id);
	/* Times are shared by pairs: ties go by id, newest first. */
	for (i = 1; i < 50; i++)
		assert_true(p->created_at[i] < p->created_at[i - 1] ||
		    (p->created_at[i] == p->created_at[i - 1] &&
		    p->id[i] < p->id[i - 1]));
	check_plan(f->db, &fl);

	/* Oldest first: the same index walked the other way. */
	{
		struct db_case_filter asc = fl;

		asc.oldest_first = 1;
		memset(p, 0, sizeof(*p));
		assert_int_equal(db_case_page(f->db, &asc, page_cb, p), 0);
		assert_int_equal(p->n, 50);
		for (i = 0; i < 50; i++)
			assert_int_equal(p->id[i], mine[nmine - 1 - i].id);
		check_plan(f->db, &asc);
		asc.before_created = p->created_at[49];
		asc.before_id = p->id[49];
		memset(p, 0, sizeof(*p));
		assert_int_equal(db_case_page(f->db, &asc, page_cb, p), 0);
		assert_int_equal(p->n, 50);
		for (i = 0; i < 50; i++)
			assert_int_equal(p->id[i], mine[nmine - 51 - i].id);
	}

	/* A deep page: after row 50,000 (keyset). */
	fl.before_created = mine[49999].created_at;
	fl.before_id = mine[49999].id;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	for (i = 0; i < 50; i++)
		assert_int_equal(p->id[i], mine[50000 + i].id);
	check_plan(f->db, &fl);

	/* The last page is short, and after it nothing. */
	fl.before_created = mine[nmine - 11].created_at;
	fl.before_id = mine[nmine - 11].id;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 10);
	assert_int_equal(p->id[9], mine[nmine - 1].id);
	fl.before_created = mine[nmine - 1].created_at;
	fl.before_id = mine[nmine - 1].id;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 0);

	/* User b's 10,000 reports, walked whole by pages of 200. */
	memset(&fl, 0, sizeof(fl));
	fl.user_id = b;
	fl.limit = 200;
	total = 0;
	while ((n = check_page(f->db, &x, 2, &fl, p)) > 0) {
		total += n;
		fl.before_created = p->created_at[n - 1];
		fl.before_id = p->id[n - 1];
	}
	assert_int_equal(total, 10000);

	/* Filters, alone and together, first and deep pages. */
	memset(&fl, 0, sizeof(fl));
	fl.user_id = a;
	fl.limit = 50;
	fl.stage = "review";
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	check_plan(f->db, &fl);
	fl.before_created = mine[30000].created_at;
	fl.before_id = mine[30000].id;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	fl.category = "lain";
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	check_plan(f->db, &fl);
	fl.stage = NULL;
	fl.category = "gratifikasi";
	fl.before_id = 0;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	fl.category = NULL;
	fl.unit_id = x.unit_id[2];
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 50);
	check_plan(f->db, &fl);
	fl.stage = "archived";
	fl.category = "korupsi";
	fl.limit = 200;
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 200);
	fl.stage = "no-such-stage";
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 0);

	/* A registration number: found once, or not for its non-holder. */
	memset(&fl, 0, sizeof(fl));
	fl.user_id = a;
	fl.limit = 50;
	fl.registration = "WBS-2026-012345";
	assert_int_equal(check_page(f->db, &x, 1, &fl, p), 1);
	assert_int_equal(p->id[0], 12345);
	check_plan(f->db, &fl);
	fl.user_id = b;
	assert_int_equal(check_page(f->db, &x, 2, &fl, p), 0);
	fl.registration = "WBS-2026-012340";
	assert_int_equal(check_page(f->db, &x, 2, &fl, p), 1);
	fl.stage = "received";	/* 12340 % 4 == 0 */
	assert_int_equal(check_page(f->db, &x, 2, &fl, p), 1);
	fl.stage = "review";
	assert_int_equal(check_page(f->db, &x, 2, &fl, p), 0);
	fl.stage = NULL;
	fl.registration = "WBS-2026-999999";
	assert_int_equal(check_page(f->db, &x, 2, &fl, p), 0);

	/* Nobody else sees anything. */
	memset(&fl, 0, sizeof(fl));
	fl.user_id = b + 100;
	fl.limit = 50;
	assert_int_equal(check_page(f->db, &x, 3, &fl, p), 0);

	/* Refused: no user, limits out of range; a plan that cannot fit. */
	{
		char small[16];

		fl.user_id = 0;
		assert_int_equal(db_case_page(f->db, &fl, page_cb, p), -1);
		fl.user_id = a;
		fl.limit = 0;
		assert_int_equal(db_case_page(f->db, &fl, page_cb, p), -1);
		fl.limit = 201;
		assert_int_equal(db_case_page(f->db, &fl, page_cb, p), -1);
		assert_int_equal(db_case_page_plan(f->db, &fl, small,
		    sizeof(small)), -1);
		fl.limit = 50;
		assert_int_equal(db_case_page_plan(f->db, &fl, small,
		    sizeof(small)), -1);
		assert_string_equal(small, "");
	}

	free(p);
	free(mine);
	free(x.rows);
}

/* --- migration 6 ------------------------------------------------------ */

static int
id_cb(void *arg, const struct db_report *r)
{
	struct page *p = arg;

	assert_true(p->n < 200);
	assert_null(r->content);
	p->id[p->n++] = r->id;
	return 0;
}

static void
test_migrate_from_v5(void **state)
{
	struct fixture *f = *state;
	struct db *db;
	struct db_case_record g;
	struct db_case_filter fl;
	struct page p;
	char path[1100], sqlpath[1100], err[256], out[256];
	FILE *fp;
	int i, v;

	assert_true(db_migrations_count >= 6);
	snprintf(path, sizeof(path), "%s/v5.db", f->dir);
	snprintf(sqlpath, sizeof(sqlpath), "%s/v5.sql", f->dir);
	fp = fopen(sqlpath, "w");
	assert_non_null(fp);
	fprintf(fp, "PRAGMA journal_mode = WAL;\nBEGIN;\n");
	for (i = 0; i < 5; i++)
		fprintf(fp, "%s\nINSERT INTO schema_migrations VALUES"
		    " (%d, '2025-01-01T00:00:00Z');\n", db_migrations[i],
		    i + 1);
	fprintf(fp, "INSERT INTO users (id, username, display_name, roles,"
	    " status, created_at) VALUES (1, 'old', 'Old', 1, 1, 0);\n"
	    "INSERT INTO reports (id, registration, year, seq, code_lookup,"
	    " reporter_pk, category, stage, created_at, stage_at, content)"
	    " VALUES (7, 'WBS-2026-000007', 2026, 7, randomblob(32),"
	    " randomblob(32), 'korupsi', 'review', %d, %d, x'0102');\n"
	    "INSERT INTO report_keys (report_id, holder, user_id, sealed)"
	    " VALUES (7, 0, 1, x'01');\n"
	    "COMMIT;\n", T2026, T2026);
	assert_int_equal(fclose(fp), 0);
	cli_file(path, sqlpath);
	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " name = 'case_records'", out, sizeof(out));
	assert_string_equal(out, "0");

	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_true(v >= 6);
	add_record(db, 7, 1, DB_REC_LHP, T2026 + 5, 3, 40);
	assert_int_equal(create_req(db, 7, 1, T2026, 4, NULL), 0);
	memset(&fl, 0, sizeof(fl));
	fl.user_id = 1;
	fl.limit = 10;
	memset(&p, 0, sizeof(p));
	assert_int_equal(db_case_page(db, &fl, id_cb, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.id[0], 7);
	db_close(db);

	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " type = 'index' AND name IN ('case_records_report',"
	    " 'identity_requests_status', 'identity_requests_report',"
	    " 'identity_requests_pending', 'reports_created_id',"
	    " 'reports_created_at')", out, sizeof(out));
	assert_string_equal(out, "6");
	cli_query(path, "PRAGMA foreign_key_check", out, sizeof(out));
	assert_string_equal(out, "");

	/* Reopened: nothing to apply, everything kept. */
	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_int_equal(db_case_record_latest(db, 7, DB_REC_LHP, &g), 1);
	assert_int_equal(g.len, 40);
	db_case_record_clear(&g);
	assert_int_equal(create_req(db, 7, 1, T2026, 4, NULL), 1);
	db_close(db);

	/* Deleting a report takes its records and requests with it. */
	{
		char cmd[2400];

		snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"PRAGMA foreign_keys"
		    " = ON; DELETE FROM reports\" >/dev/null", path);
		assert_int_equal(system(cmd), 0);
	}
	cli_query(path, "SELECT (SELECT COUNT(*) FROM case_records) +"
	    " (SELECT COUNT(*) FROM identity_requests)", out, sizeof(out));
	assert_string_equal(out, "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idreq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v5, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
