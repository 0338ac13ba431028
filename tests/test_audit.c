/*
 * test_audit.c: the audit trail. Codes; a chain of appends that checks
 * out; a record altered, deleted, moved or given another hash behind the
 * store's back (with the sqlite3 CLI) is named by audit_verify; appends
 * from eight threads at once stay one chain; listing through each filter
 * and keyset paging; detail codes; the store's stage change
 * (db_report_transition); "wbs audit verify" ($WBS_BIN, or build/wbs)
 * on a data directory, intact and tampered with; and the auditor's page
 * over HTTP (on a test route): roles, rendering, filters, refused query
 * values and paging.
 */
#include <sys/wait.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "app.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "route.h"
#include "staff_audit.h"
#include "totp.h"
#include "util.h"

#define T0	1767225600	/* 2026-01-01T00:00:00Z */

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

/* Runs SQL through the sqlite3 CLI; fails the test when it fails. */
static void
sql(const char *path, const char *stmt)
{
	char cmd[4096];
	int n;

	n = snprintf(cmd, sizeof(cmd),
	    "sqlite3 -bail '%s' \"%s\" >/dev/null 2>&1", path, stmt);
	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

/* Appends n plain records (actor i % 3 + 1, object report i). */
static void
append_n(struct db *db, int n)
{
	int i;

	for (i = 0; i < n; i++)
		assert_int_equal(audit_log(db, T0 + i, i % 3 + 1,
		    AUDIT_CASE_VIEW, AUDIT_OBJ_REPORT, i + 1, NULL), 0);
}

/* Expects the chain broken at bad, after the records before it. */
static void
expect_broken(struct db *db, int64_t bad)
{
	int64_t first = -1, count = -1;

	assert_int_equal(audit_verify(db, &first, &count), 1);
	assert_int_equal(first, bad);
	assert_true(count >= 0 && count < bad);
}

static void
expect_intact(struct db *db, int64_t n)
{
	int64_t first = -1, count = -1;

	assert_int_equal(audit_verify(db, &first, &count), 0);
	assert_int_equal(count, n);
}

/* --- codes ------------------------------------------------------------ */

static void
test_codes(void **state)
{
	enum audit_action a;
	int i;

	(void)state;
	for (i = 0; i < AUDIT__MAX; i++) {
		const char *c = audit_action_code((enum audit_action)i);

		assert_non_null(c);
		assert_int_equal(audit_action_parse(c, &a), 0);
		assert_int_equal(a, i);
	}
	assert_string_equal(audit_action_code(AUDIT_LOGIN_FAILED),
	    "login_failed");
	assert_string_equal(audit_action_code(AUDIT_CASE_VIEW), "case_view");
	assert_null(audit_action_code(AUDIT__MAX));
	assert_null(audit_action_code((enum audit_action)-1));
	assert_int_equal(audit_action_parse("nope", &a), -1);
	assert_int_equal(audit_action_parse("", &a), -1);
	assert_int_equal(audit_action_parse(NULL, &a), -1);
	assert_int_equal(audit_action_parse("LOGIN", &a), -1);
	assert_string_equal(audit_object_code(AUDIT_OBJ_NONE), "none");
	assert_string_equal(audit_object_code(AUDIT_OBJ_REPORT), "report");
	assert_string_equal(audit_object_code(AUDIT_OBJ_USER), "user");
	assert_string_equal(audit_object_code(AUDIT_OBJ_UNIT), "unit");
	assert_string_equal(audit_object_code(AUDIT_OBJ_FILE), "file");
	assert_null(audit_object_code(AUDIT_OBJ__MAX));
}

/* --- the chain -------------------------------------------------------- */

struct collect {
	struct audit_record	 v[300];
	size_t			 n;
};

static int
collect_cb(void *arg, const struct audit_record *r)
{
	struct collect *c = arg;

	assert_true(c->n < NELEM(c->v));
	c->v[c->n++] = *r;
	return 0;
}

static void
list(struct db *db, const struct audit_filter *f, struct collect *c)
{
	c->n = 0;
	assert_int_equal(audit_list(db, f, collect_cb, c), 0);
}

static void
filter_any(struct audit_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->action = -1;
	f->object_type = -1;
}

static void
test_empty_intact(void **state)
{
	struct fixture *f = *state;
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	expect_intact(f->db, 0);
	filter_any(&flt);
	list(f->db, &flt, c);
	assert_int_equal(c->n, 0);
	free(c);
}

static void
test_chain_intact(void **state)
{
	struct fixture *f = *state;
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));
	static const unsigned char zero[32];
	size_t i;

	assert_non_null(c);
	append_n(f->db, 10);
	assert_int_equal(audit_log(f->db, T0 + 100, 2, AUDIT_TRANSITION,
	    AUDIT_OBJ_REPORT, 4, "review->forwarded"), 0);
	expect_intact(f->db, 11);

	filter_any(&flt);
	list(f->db, &flt, c);
	assert_int_equal(c->n, 11);
	/* Newest first, ids 11 .. 1, each chained to the one below. */
	for (i = 0; i < c->n; i++)
		assert_int_equal(c->v[i].id, 11 - (int64_t)i);
	for (i = 0; i + 1 < c->n; i++)
		assert_memory_equal(c->v[i].prev, c->v[i + 1].hash, 32);
	assert_memory_equal(c->v[10].prev, zero, 32);
	assert_memory_not_equal(c->v[10].hash, zero, 32);
	assert_int_equal(c->v[0].action, AUDIT_TRANSITION);
	assert_int_equal(c->v[0].object_type, AUDIT_OBJ_REPORT);
	assert_int_equal(c->v[0].object_id, 4);
	assert_int_equal(c->v[0].actor, 2);
	assert_int_equal(c->v[0].at, T0 + 100);
	assert_string_equal(c->v[0].detail, "review->forwarded");
	assert_string_equal(c->v[1].detail, "");
	free(c);
}

static void
test_tamper_field(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 10);
	expect_intact(f->db, 10);
	sql(f->path, "UPDATE audit SET actor=99 WHERE id=3");
	expect_broken(f->db, 3);
}

static void
test_tamper_each_field(void **state)
{
	struct fixture *f = *state;
	static const char *const changes[] = {
		"UPDATE audit SET at = at + 1 WHERE id = 6",
		"UPDATE audit SET action = 'login' WHERE id = 6",
		"UPDATE audit SET action = 'no_such_code' WHERE id = 6",
		"UPDATE audit SET object_type = 'user' WHERE id = 6",
		"UPDATE audit SET object_id = 77 WHERE id = 6",
		"UPDATE audit SET detail = 'x' WHERE id = 6",
		"UPDATE audit SET detail = '"
		    "0123456789012345678901234567890123456789"
		    "012345678901234567890123456789' WHERE id = 6",
		"UPDATE audit SET prev = zeroblob(32) WHERE id = 6",
		"UPDATE audit SET prev = x'00' WHERE id = 6",
		"UPDATE audit SET hash = x'0102' WHERE id = 6",
	};
	char saved[512];
	size_t i;

	append_n(f->db, 8);
	for (i = 0; i < NELEM(changes); i++) {
		sql(f->path, "CREATE TABLE IF NOT EXISTS keep AS"
		    " SELECT * FROM audit WHERE id = 6");
		sql(f->path, changes[i]);
		expect_broken(f->db, 6);
		/* Put the row back; the chain checks out again. */
		snprintf(saved, sizeof(saved), "DELETE FROM audit WHERE id = 6;"
		    " INSERT INTO audit SELECT * FROM keep; DROP TABLE keep");
		sql(f->path, saved);
		expect_intact(f->db, 8);
	}
}

static void
test_tamper_delete(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 10);
	sql(f->path, "DELETE FROM audit WHERE id=5");
	expect_broken(f->db, 6);
}

static void
test_tamper_delete_first(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 4);
	sql(f->path, "DELETE FROM audit WHERE id=1");
	expect_broken(f->db, 2);
}

static void
test_tamper_reorder(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 10);
	/* Swap the ids of records 3 and 4. */
	sql(f->path, "UPDATE audit SET id = -4 WHERE id = 4;"
	    " UPDATE audit SET id = 4 WHERE id = 3;"
	    " UPDATE audit SET id = 3 WHERE id = -4");
	expect_broken(f->db, 3);
}

static void
test_tamper_renumber(void **state)
{
	struct fixture *f = *state;
	int64_t first = -1, count = -1;

	append_n(f->db, 6);
	/* Close the gap after a deletion: the ids are in the hash. */
	sql(f->path, "DELETE FROM audit WHERE id = 5;"
	    " UPDATE audit SET id = 5 WHERE id = 6");
	expect_broken(f->db, 5);
	/* A record slipped in before the first. */
	sql(f->path, "INSERT INTO audit SELECT 0, at, actor, action,"
	    " object_type, object_id, detail, prev, hash FROM audit"
	    " WHERE id = 1");
	assert_int_equal(audit_verify(f->db, &first, &count), 1);
	assert_int_equal(first, 0);
	assert_int_equal(count, 0);
}

static void
test_tamper_hash(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 10);
	sql(f->path, "UPDATE audit SET hash = randomblob(32) WHERE id = 7");
	expect_broken(f->db, 7);
}

static void
test_tamper_hash_relinked(void **state)
{
	struct fixture *f = *state;

	append_n(f->db, 10);
	/* A changed record whose successor is relinked to a fake hash. */
	sql(f->path, "UPDATE audit SET hash = zeroblob(32) WHERE id = 4;"
	    " UPDATE audit SET prev = zeroblob(32) WHERE id = 5");
	expect_broken(f->db, 4);
}

/* Appends continue the chain after the newest record. */
static void
test_append_after_reopen(void **state)
{
	struct fixture *f = *state;
	char err[256];

	append_n(f->db, 3);
	db_close(f->db);
	assert_int_equal(db_open(&f->db, f->path, 0, err, sizeof(err)), 0);
	append_n(f->db, 3);
	expect_intact(f->db, 6);
}

/* --- concurrency ------------------------------------------------------ */

#define THREADS	8
#define PER	100

struct worker {
	struct db	*db;
	int		 n;
	int		 failed;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < PER; i++)
		if (audit_log(w->db, T0 + i, w->n + 1, AUDIT_LOGIN,
		    AUDIT_OBJ_USER, w->n + 1, NULL) == -1)
			w->failed++;
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct fixture *f = *state;
	struct worker w[THREADS];
	pthread_t t[THREADS];
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));
	int i;

	assert_non_null(c);
	for (i = 0; i < THREADS; i++) {
		w[i].db = f->db;
		w[i].n = i;
		w[i].failed = 0;
		assert_int_equal(pthread_create(&t[i], NULL, worker_main,
		    &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].failed, 0);
	}
	expect_intact(f->db, THREADS * PER);
	/* Each thread's records are all there. */
	for (i = 0; i < THREADS; i++) {
		filter_any(&flt);
		flt.actor = i + 1;
		flt.limit = 200;
		list(f->db, &flt, c);
		assert_int_equal(c->n, PER);
	}
	free(c);
}

/* --- listing ---------------------------------------------------------- */

static void
test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));
	size_t i;

	assert_non_null(c);
	/* 1..3: logins of users 1, 2, 1 */
	assert_int_equal(audit_log(f->db, T0, 1, AUDIT_LOGIN, AUDIT_OBJ_NONE,
	    0, NULL), 0);
	assert_int_equal(audit_log(f->db, T0 + 10, 2, AUDIT_LOGIN,
	    AUDIT_OBJ_NONE, 0, NULL), 0);
	assert_int_equal(audit_log(f->db, T0 + 20, 1, AUDIT_LOGIN,
	    AUDIT_OBJ_NONE, 0, NULL), 0);
	/* 4: the system receives report 7; 5, 6: views of 7 and 8 */
	assert_int_equal(audit_log(f->db, T0 + 30, 0, AUDIT_REPORT_RECEIVED,
	    AUDIT_OBJ_REPORT, 7, NULL), 0);
	assert_int_equal(audit_log(f->db, T0 + 40, 2, AUDIT_CASE_VIEW,
	    AUDIT_OBJ_REPORT, 7, NULL), 0);
	assert_int_equal(audit_log(f->db, T0 + 50, 1, AUDIT_CASE_VIEW,
	    AUDIT_OBJ_REPORT, 8, NULL), 0);
	/* 7: user 7 created (object user 7, not report 7) */
	assert_int_equal(audit_log(f->db, T0 + 60, 1, AUDIT_USER_CREATED,
	    AUDIT_OBJ_USER, 7, NULL), 0);
	/* 8: a transition of report 7 */
	assert_int_equal(audit_log(f->db, T0 + 70, 2, AUDIT_TRANSITION,
	    AUDIT_OBJ_REPORT, 7, "received->review"), 0);

	filter_any(&flt);
	flt.actor = 1;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 4);
	assert_int_equal(c->v[0].id, 7);
	assert_int_equal(c->v[1].id, 6);
	assert_int_equal(c->v[2].id, 3);
	assert_int_equal(c->v[3].id, 1);

	filter_any(&flt);
	flt.action = AUDIT_LOGIN;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 3);
	for (i = 0; i < c->n; i++)
		assert_int_equal(c->v[i].action, AUDIT_LOGIN);

	filter_any(&flt);
	flt.object_type = AUDIT_OBJ_REPORT;
	flt.object_id = 7;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->v[0].id, 8);
	assert_int_equal(c->v[1].id, 5);
	assert_int_equal(c->v[2].id, 4);

	/* The object type alone. */
	filter_any(&flt);
	flt.object_type = AUDIT_OBJ_USER;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->v[0].id, 7);

	/* Time range, both ends inclusive; one end open. */
	filter_any(&flt);
	flt.from = T0 + 20;
	flt.to = T0 + 50;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 4);
	assert_int_equal(c->v[0].id, 6);
	assert_int_equal(c->v[3].id, 3);
	filter_any(&flt);
	flt.from = T0 + 60;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 2);
	filter_any(&flt);
	flt.to = T0 + 10;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 2);

	/* Filters combine. */
	filter_any(&flt);
	flt.actor = 2;
	flt.action = AUDIT_CASE_VIEW;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->v[0].id, 5);
	filter_any(&flt);
	flt.actor = 2;
	flt.object_type = AUDIT_OBJ_REPORT;
	flt.object_id = 7;
	flt.from = T0 + 45;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->v[0].id, 8);
	filter_any(&flt);
	flt.actor = 3;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 0);

	/* Keyset paging by before_id. */
	filter_any(&flt);
	flt.limit = 3;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->v[2].id, 6);
	flt.before_id = c->v[2].id;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->v[0].id, 5);
	assert_int_equal(c->v[2].id, 3);
	flt.before_id = c->v[2].id;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->v[1].id, 1);
	flt.before_id = 1;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 0);
	/* Paging within a filter. */
	filter_any(&flt);
	flt.actor = 1;
	flt.before_id = 6;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->v[0].id, 3);

	/* Bad filters are refused. */
	filter_any(&flt);
	flt.action = AUDIT__MAX;
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	filter_any(&flt);
	flt.action = -2;
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	filter_any(&flt);
	flt.object_type = AUDIT_OBJ__MAX;
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	filter_any(&flt);
	flt.actor = -1;
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	filter_any(&flt);
	flt.before_id = -1;
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	free(c);
}

static int
stop_cb(void *arg, const struct audit_record *r)
{
	int *n = arg;

	(void)r;
	return ++*n == 2 ? -1 : 0;
}

static void
test_list_limits(void **state)
{
	struct fixture *f = *state;
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));
	int n = 0;

	assert_non_null(c);
	append_n(f->db, 250);
	filter_any(&flt);
	list(f->db, &flt, c);
	assert_int_equal(c->n, 50);		/* default */
	assert_int_equal(c->v[0].id, 250);
	flt.limit = 1000;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 200);		/* capped */
	assert_int_equal(c->v[199].id, 51);
	flt.limit = 7;
	list(f->db, &flt, c);
	assert_int_equal(c->n, 7);
	/* The callback may stop the listing. */
	filter_any(&flt);
	assert_int_equal(audit_list(f->db, &flt, stop_cb, &n), -1);
	assert_int_equal(n, 2);
	/* A row with an unknown code is not listed as something else. */
	sql(f->path, "UPDATE audit SET action = 'bogus' WHERE id = 250");
	assert_int_equal(audit_list(f->db, &flt, collect_cb, c), -1);
	free(c);
}

/* --- validation ------------------------------------------------------- */

static void
test_detail_validation(void **state)
{
	struct fixture *f = *state;
	static const char *const good[] = {
		"", "review->forwarded", "a", "not_actionable", "x-1",
		"012345678901234567890123456789012345678901234567890123456789"
		    "012",
	};
	static const char *const bad[] = {
		"Review", "a b", "<script>", "review/forwarded", "a\nb", "é",
		"0123456789012345678901234567890123456789012345678901234567890"
		    "123", "name@example.org", "'; DROP TABLE audit; --",
	};
	struct audit_filter flt;
	struct collect *c = calloc(1, sizeof(*c));
	size_t i;

	assert_non_null(c);
	for (i = 0; i < NELEM(good); i++)
		assert_int_equal(audit_log(f->db, T0, 1, AUDIT_NOTE_ADDED,
		    AUDIT_OBJ_REPORT, 1, good[i]), 0);
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(audit_log(f->db, T0, 1, AUDIT_NOTE_ADDED,
		    AUDIT_OBJ_REPORT, 1, bad[i]), -1);
	/* Bad values of the other fields. */
	assert_int_equal(audit_log(f->db, T0, -1, AUDIT_LOGIN,
	    AUDIT_OBJ_NONE, 0, NULL), -1);
	assert_int_equal(audit_log(f->db, T0, 1, AUDIT__MAX,
	    AUDIT_OBJ_NONE, 0, NULL), -1);
	assert_int_equal(audit_log(f->db, T0, 1, AUDIT_LOGIN,
	    AUDIT_OBJ__MAX, 0, NULL), -1);
	assert_int_equal(audit_log(f->db, T0, 1, AUDIT_LOGIN,
	    AUDIT_OBJ_NONE, -5, NULL), -1);
	assert_int_equal(audit_log(f->db, -1, 1, AUDIT_LOGIN,
	    AUDIT_OBJ_NONE, 0, NULL), -1);
	/* Nothing of the refused ones was stored. */
	expect_intact(f->db, (int64_t)NELEM(good));
	filter_any(&flt);
	list(f->db, &flt, c);
	assert_int_equal(c->n, NELEM(good));
	assert_string_equal(c->v[0].detail, good[NELEM(good) - 1]);
	free(c);
}

/* --- stage changes ---------------------------------------------------- */

struct events {
	char	 stage[4][33];
	int64_t	 at[4];
	size_t	 note_len[4];
	size_t	 n;
};

static int
event_cb(void *arg, const struct db_event *e)
{
	struct events *ev = arg;

	assert_true(ev->n < 4);
	snprintf(ev->stage[ev->n], sizeof(ev->stage[0]), "%s", e->stage);
	ev->at[ev->n] = e->created_at;
	ev->note_len[ev->n] = e->note_len;
	ev->n++;
	return 0;
}

static void
test_transition(void **state)
{
	struct fixture *f = *state;
	struct db_report r, g;
	struct events ev;
	unsigned char content[64], note[40];

	memset(&r, 0, sizeof(r));
	memset(r.code_lookup, 1, sizeof(r.code_lookup));
	memset(r.reporter_pk, 2, sizeof(r.reporter_pk));
	strcpy(r.category, "korupsi");
	strcpy(r.stage, "received");
	r.created_at = T0;
	memset(content, 3, sizeof(content));
	r.content = content;
	r.content_len = sizeof(content);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0, NULL,
	    0), 0);

	memset(note, 4, sizeof(note));
	assert_int_equal(db_report_transition(f->db, r.id, "received",
	    "review", T0 + 100, note, sizeof(note)), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	assert_string_equal(g.stage, "review");
	assert_int_equal(g.stage_at, T0 + 100);
	db_report_clear(&g);
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(db_event_list(f->db, r.id, event_cb, &ev), 0);
	assert_int_equal(ev.n, 2);
	assert_string_equal(ev.stage[0], "received");
	assert_string_equal(ev.stage[1], "review");
	assert_int_equal(ev.at[1], T0 + 100);
	assert_int_equal(ev.note_len[1], sizeof(note));

	/* The same change again: no longer in "received"; nothing moves. */
	assert_int_equal(db_report_transition(f->db, r.id, "received",
	    "review", T0 + 200, NULL, 0), 1);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	assert_string_equal(g.stage, "review");
	assert_int_equal(g.stage_at, T0 + 100);
	db_report_clear(&g);
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(db_event_list(f->db, r.id, event_cb, &ev), 0);
	assert_int_equal(ev.n, 2);

	/* Without a note; an unknown report; bad arguments. */
	assert_int_equal(db_report_transition(f->db, r.id, "review",
	    "forwarded", T0 + 300, NULL, 0), 0);
	memset(&ev, 0, sizeof(ev));
	assert_int_equal(db_event_list(f->db, r.id, event_cb, &ev), 0);
	assert_int_equal(ev.n, 3);
	assert_string_equal(ev.stage[2], "forwarded");
	assert_int_equal(ev.note_len[2], 0);
	assert_int_equal(db_report_transition(f->db, r.id + 100, "review",
	    "forwarded", T0, NULL, 0), 1);
	assert_int_equal(db_report_transition(f->db, r.id, "", "review", T0,
	    NULL, 0), -1);
	assert_int_equal(db_report_transition(f->db, r.id, "forwarded", NULL,
	    T0, NULL, 0), -1);
	assert_int_equal(db_report_transition(f->db, r.id, "forwarded",
	    "review", T0, NULL, 5), -1);
}

/* --- the command line ------------------------------------------------- */

/* Runs "wbs audit verify --data dir [extra]"; returns the exit code. */
static int
run_verify_with(const char *dir, const char *extra, char *out, size_t outlen)
{
	const char *bin = getenv("WBS_BIN");
	char real[PATH_MAX], cmd[4096];
	FILE *p;
	size_t n;
	int st;

	if (bin == NULL || *bin == '\0')
		bin = "build/wbs";
	if (realpath(bin, real) == NULL)
		fail_msg("%s: no such executable (set WBS_BIN)", bin);
	n = (size_t)snprintf(cmd, sizeof(cmd),
	    "'%s' audit verify --data '%s' %s 2>/dev/null", real, dir, extra);
	assert_true(n < sizeof(cmd));
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, outlen - 1, p);
	out[n] = '\0';
	st = pclose(p);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static int
run_verify(const char *dir, char *out, size_t outlen)
{
	return run_verify_with(dir, "", out, outlen);
}

/* The head hash printed on an intact run, copied into head (65 bytes). */
static void
head_of(const char *out, char head[65])
{
	const char *p = strstr(out, "head ");

	assert_non_null(p);
	snprintf(head, 65, "%.64s", p + 5);
	assert_int_equal(strlen(head), 64);
}

static void
test_cli_verify(void **state)
{
	char *dir = tu_mkdtemp();
	char data[1024], path[1200], err[1024], out[1024];
	struct db *db;

	(void)state;
	snprintf(data, sizeof(data), "%s/data", dir);
	assert_int_equal(app_init_data(data, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/%s", data, APP_DB_FILE);

	/* An empty trail is intact. */
	assert_int_equal(run_verify(data, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "audit trail intact: 0 records"));

	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	append_n(db, 5);
	db_close(db);
	assert_int_equal(run_verify(data, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "audit trail intact: 5 records"));

	/*
	 * Removing the newest record keeps the chain whole: only the count
	 * or the head kept from an earlier run shows it.
	 */
	{
		char head5[65], head7[65], arg[128];

		head_of(out, head5);
		assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
		append_n(db, 2);
		db_close(db);
		assert_int_equal(run_verify(data, out, sizeof(out)), 0);
		head_of(out, head7);
		sql(path, "DELETE FROM audit WHERE id = 7");
		assert_int_equal(run_verify(data, out, sizeof(out)), 0);
		assert_non_null(strstr(out, "intact: 6 records"));
		assert_int_equal(run_verify_with(data, "--count 7", out,
		    sizeof(out)), 1);
		assert_non_null(strstr(out, "SHORTER"));
		snprintf(arg, sizeof(arg), "--head %s", head7);
		assert_int_equal(run_verify_with(data, arg, out, sizeof(out)),
		    1);
		assert_non_null(strstr(out, "NOT contain the known head"));
		snprintf(arg, sizeof(arg), "--head %s --count 5", head5);
		assert_int_equal(run_verify_with(data, arg, out, sizeof(out)),
		    0);
		assert_int_equal(run_verify_with(data, "--count x", out,
		    sizeof(out)), 2);
		assert_int_equal(run_verify_with(data, "--head abc", out,
		    sizeof(out)), 2);
	}

	sql(path, "UPDATE audit SET object_id = 42 WHERE id = 2");
	assert_int_equal(run_verify(data, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "audit trail BROKEN at record 2"));

	tu_rmtree(dir);
	free(dir);
}

/* --- the auditor's page ---------------------------------------------- */

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

/* Outside /staff, so that the route does not clash with pages.c's. */
static const struct route page_route[] = {
	{ HTTP_GET, "/test/audit", staff_audit, ROLE_AUDITOR, 0, NULL, 0, 0,
	    0 },
};

/* GETs path with the cookie; returns the status, body in *body. */
static long
get(struct tu_server *srv, const char *cookie, const char *path,
    char **body)
{
	const char *hdr[2] = { cookie, NULL };
	struct tu_resp r;
	long st;

	assert_int_equal(tu_http(srv, "GET", path, cookie != NULL ? hdr : NULL,
	    NULL, 0, &r), 0);
	st = r.status;
	*body = r.body;
	r.body = NULL;
	tu_resp_free(&r);
	return st;
}

static void
expect_page(struct tu_server *srv, const char *cookie, const char *path,
    long status, const char *has, const char *lacks)
{
	char *body;
	long st = get(srv, cookie, path, &body);

	if (st != status || (has != NULL && strstr(body, has) == NULL) ||
	    (lacks != NULL && strstr(body, lacks) != NULL)) {
		print_error("%s: status %ld (want %ld), has \"%s\", lacks "
		    "\"%s\"\n%s\n", path, st, status, has ? has : "",
		    lacks ? lacks : "", body);
		free(body);
		fail();
	}
	free(body);
}

static void
test_page(void **state)
{
	struct tu_server *srv;
	unsigned char secret[TOTP_SECRET_BYTES];
	char token[CRYPTO_TOKEN_TEXT], cookie[128], other[128], path[512];
	char long_name[200], *body, *p, *q;
	time_t clk = 1800000000;
	struct db_user u;
	struct db *db;
	int i;

	(void)state;
	srv = tu_server_start(fast, page_route, NELEM(page_route));
	db = srv->app->db;
	tu_enrol(srv, "pemeriksa", ROLE_AUDITOR, "kata sandi auditor panjang",
	    &clk, secret, NULL, token);
	snprintf(cookie, sizeof(cookie), "Cookie: wbs_staff=%s", token);
	tu_enrol(srv, "penelaah", ROLE_REVIEWER, "kata sandi penelaah panjang",
	    &clk, secret, NULL, token);
	snprintf(other, sizeof(other), "Cookie: wbs_staff=%s", token);
	assert_int_equal(db_user_by_name(db, "pemeriksa", &u), 1);

	assert_int_equal(audit_log(db, T0, 0, AUDIT_REPORT_RECEIVED,
	    AUDIT_OBJ_REPORT, 999, NULL), 0);
	assert_int_equal(audit_log(db, T0 + 60, u.id, AUDIT_USER_CREATED,
	    AUDIT_OBJ_USER, u.id, NULL), 0);
	assert_int_equal(audit_log(db, T0 + 86400, u.id, AUDIT_TRANSITION,
	    AUDIT_OBJ_REPORT, 999, "review->forwarded"), 0);

	/* Only the auditor. */
	assert_int_not_equal(get(srv, NULL, "/test/audit", &body), 200);
	free(body);
	expect_page(srv, other, "/test/audit", 403, NULL, NULL);

	expect_page(srv, cookie, "/test/audit", 200, "Laporan #999", NULL);
	expect_page(srv, cookie, "/test/audit", 200, "sistem", NULL);
	expect_page(srv, cookie, "/test/audit", 200, "Akun pemeriksa", NULL);
	expect_page(srv, cookie, "/test/audit", 200, "review-&gt;forwarded",
	    NULL);
	expect_page(srv, cookie, "/test/audit", 200,
	    "01-01-2026 07:00:00 WIB", NULL);
	expect_page(srv, cookie, "/test/audit?lang=en", 200,
	    "Changed the stage", NULL);

	/* Filters. */
	expect_page(srv, cookie, "/test/audit?action=transition", 200,
	    "Mengubah tahap", "Laporan diterima</td>");
	expect_page(srv, cookie, "/test/audit?actor=pemeriksa", 200,
	    "Membuat akun", "Laporan diterima</td>");
	expect_page(srv, cookie, "/test/audit?actor=tidak.ada", 200,
	    "Tidak ada catatan yang sesuai.", "Membuat akun</td>");
	expect_page(srv, cookie, "/test/audit?object=WBS-2026-000001", 200,
	    "Tidak ada catatan yang sesuai.", "Membuat akun</td>");
	expect_page(srv, cookie, "/test/audit?from=2026-01-02", 200,
	    "Mengubah tahap", "Membuat akun</td>");
	expect_page(srv, cookie, "/test/audit?to=2026-01-01", 200,
	    "Membuat akun", "Mengubah tahap</td>");
	expect_page(srv, cookie, "/test/audit?from=2026-01-01&to=2026-01-01",
	    200, "Laporan diterima", "Mengubah tahap</td>");
	expect_page(srv, cookie, "/test/audit?action=&actor=&object=&from=&to=",
	    200, "Mengubah tahap", NULL);

	/* Bad values: the page with an error, never the value echoed. */
	static const char *const bad[] = {
		"action=nope", "action=LOGIN", "actor=%3Cscript%3E",
		"actor=Budi", "object=WBS%2F2026", "object=%3Cb%3E",
		"from=2026-02-30", "from=2026-13-01", "from=26-01-01",
		"from=1999-12-31", "to=2026-1-1", "from=2026-03-01&to=2026-02-01",
		"before=abc", "before=0", "before=-5",
		"before=99999999999999999999", "actor=a%20b", "to=2026-02-29",
		"actor=%C3%A9", "object=WBS-2026-0000001%0A",
	};
	for (i = 0; i < (int)NELEM(bad); i++) {
		snprintf(path, sizeof(path), "/test/audit?%s", bad[i]);
		expect_page(srv, cookie, path, 400, "Saringan tidak valid",
		    "<script>");
	}
	/* A NUL cuts the value short (the C string ends there). */
	expect_page(srv, cookie, "/test/audit?from=%00", 200, "Mengubah tahap",
	    NULL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	snprintf(path, sizeof(path), "/test/audit?actor=%s", long_name);
	expect_page(srv, cookie, path, 400, "Saringan tidak valid", long_name);

	/* Paging: 50 a page, the link keeps the filters. */
	for (i = 0; i < 60; i++)
		assert_int_equal(audit_log(db, T0 + 100 + i, u.id,
		    AUDIT_CASE_VIEW, AUDIT_OBJ_REPORT, 999, NULL), 0);
	assert_int_equal(get(srv, cookie, "/test/audit?action=case_view",
	    &body), 200);
	p = strstr(body, "/staff/audit?before=");
	assert_non_null(p);
	q = strchr(p, '"');
	assert_non_null(q);
	*q = '\0';
	assert_non_null(strstr(p, "&amp;action=case_view"));
	/* Follow it on the test route, entities decoded. */
	snprintf(path, sizeof(path), "/test/audit%s", p + strlen("/staff/audit"));
	free(body);
	while ((p = strstr(path, "&amp;")) != NULL)
		memmove(p + 1, p + 5, strlen(p + 5) + 1);
	assert_int_equal(get(srv, cookie, path, &body), 200);
	assert_null(strstr(body, "/staff/audit?before="));	/* last page */
	assert_non_null(strstr(body, "Kembali ke catatan terbaru"));
	assert_non_null(strstr(body, "Membuka laporan"));
	assert_null(strstr(body, "Mengubah tahap</td>"));
	free(body);

	explicit_bzero(&u, sizeof(u));
	tu_server_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test_setup_teardown(test_empty_intact, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chain_intact, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_each_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_delete_first,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_reorder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_renumber, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_hash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tamper_hash_relinked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_after_reopen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_limits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_detail_validation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_transition, setup,
		    teardown),
		cmocka_unit_test(test_cli_verify),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
