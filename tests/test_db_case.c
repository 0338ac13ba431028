/*
 * test_db_case.c: the store's case handling on SQLite: the review
 * checklist (stored, read back exactly, replaced, bounded), the unit a
 * report is forwarded to, units by id, the grants still to make for a
 * unit's members (only active members with a real public key and no
 * sealed key yet), the removal of a unit's keys (reviewers keep
 * theirs, as do the reporter and other units), and migration 5 on top
 * of a version 4 database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "db.h"
#include "db_schema.h"
#include "route.h"

#define T2026		1767225600	/* 2026-01-01T00:00:00Z */
#define RECORD_MAX	(1024 * 1024)

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

static void
fill(void *p, size_t len, unsigned char seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

/*
 * Creates a user with roles and status; with_key gives it a public key
 * derived from seed (seed 0: all zero), through the enrolment path.
 */
static int64_t
mkuser(struct db *db, const char *name, unsigned roles,
    enum db_user_status status, int with_key, unsigned char seed)
{
	struct db_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	u.roles = roles;
	u.status = with_key ? DB_USER_PENDING : status;
	assert_int_equal(db_user_create(db, &u), 0);
	if (with_key) {
		fill(u.pw_salt, sizeof(u.pw_salt), seed);
		fill(u.pw_verifier, sizeof(u.pw_verifier), seed);
		if (seed != 0)
			fill(u.public_key, sizeof(u.public_key), seed);
		u.sk_by_password_len = 72;
		u.sk_by_recovery_len = 72;
		u.status = status;
		assert_int_equal(db_user_update_keys(db, &u), 0);
	}
	return u.id;
}

static int64_t
mkunit(struct db *db, const char *code, const char *name)
{
	struct db_unit u;

	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.name, sizeof(u.name), "%s", name);
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
	unsigned char content[200];

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
	fill(k.sealed, 80, seed);
	k.sealed_len = 80;
	assert_int_equal(db_report_create(db, &r, &k, 1, NULL, 0, NULL, 0),
	    0);
	assert_true(r.id > 0);
	return r.id;
}

/* Gives user_id a sealed key (its first byte: seed) for report_id. */
static void
grant(struct db *db, int64_t report_id, int64_t user_id, unsigned char seed)
{
	struct db_sealed k;

	memset(&k, 0, sizeof(k));
	k.holder = DB_HOLDER_USER;
	k.user_id = user_id;
	fill(k.sealed, 80, seed);
	k.sealed_len = 80;
	assert_int_equal(db_report_key_add(db, report_id, &k), 0);
}

/* 1 when user_id (0: the reporter) holds a key for report_id, else 0. */
static int
has_key(struct db *db, int64_t report_id, int64_t user_id)
{
	struct db_sealed k;

	return db_report_key(db, report_id, user_id == 0 ?
	    DB_HOLDER_REPORTER : DB_HOLDER_USER, user_id, &k);
}

static void
test_assessment(void **state)
{
	struct fixture *f = *state;
	unsigned char a[300], b[57], *big, *rec;
	int64_t id, other;
	size_t len;
	char out[128];

	id = mkreport(f->db, 1);
	other = mkreport(f->db, 2);

	/* Absent. */
	rec = (unsigned char *)1;
	len = 7;
	assert_int_equal(db_assessment_get(f->db, id, &rec, &len), 0);
	assert_null(rec);
	assert_int_equal(len, 0);

	/* Stored and read back exactly. */
	fill(a, sizeof(a), 3);
	assert_int_equal(db_assessment_set(f->db, id, 11, T2026 + 5, a,
	    sizeof(a)), 0);
	assert_int_equal(db_assessment_get(f->db, id, &rec, &len), 1);
	assert_int_equal(len, sizeof(a));
	assert_memory_equal(rec, a, sizeof(a));
	free(rec);
	assert_int_equal(db_assessment_get(f->db, other, &rec, &len), 0);
	assert_null(rec);

	/* The latest one wins, shorter or not, with its author and time. */
	fill(b, sizeof(b), 9);
	assert_int_equal(db_assessment_set(f->db, id, 12, T2026 + 9, b,
	    sizeof(b)), 0);
	assert_int_equal(db_assessment_get(f->db, id, &rec, &len), 1);
	assert_int_equal(len, sizeof(b));
	assert_memory_equal(rec, b, sizeof(b));
	free(rec);
	cli_query(f->path, "SELECT COUNT(*) || '/' || MAX(by_user) || '/' ||"
	    " MAX(at) FROM assessments", out, sizeof(out));
	assert_string_equal(out, "1/12/1767225609");

	/* Bounds: 1 byte to 1 MiB; oversized, empty and NULL refused. */
	big = malloc(RECORD_MAX + 1);
	assert_non_null(big);
	fill(big, RECORD_MAX + 1, 5);
	assert_int_equal(db_assessment_set(f->db, other, 11, T2026, big,
	    RECORD_MAX + 1), -1);
	assert_int_equal(db_assessment_get(f->db, other, &rec, &len), 0);
	assert_int_equal(db_assessment_set(f->db, other, 11, T2026, big,
	    RECORD_MAX), 0);
	assert_int_equal(db_assessment_get(f->db, other, &rec, &len), 1);
	assert_int_equal(len, RECORD_MAX);
	assert_memory_equal(rec, big, RECORD_MAX);
	free(rec);
	free(big);
	assert_int_equal(db_assessment_set(f->db, id, 11, T2026, a, 0), -1);
	assert_int_equal(db_assessment_set(f->db, id, 11, T2026, NULL, 5),
	    -1);
	assert_int_equal(db_assessment_set(f->db, id, 0, T2026, a, 5), -1);
	/* No such report: the foreign key refuses. */
	assert_int_equal(db_assessment_set(f->db, other + 100, 11, T2026, a,
	    5), -1);
	/* The refused writes changed nothing. */
	assert_int_equal(db_assessment_get(f->db, id, &rec, &len), 1);
	assert_int_equal(len, sizeof(b));
	free(rec);

	/* A stored value out of bounds (empty) is an error, not a result. */
	cli_query(f->path, "UPDATE assessments SET rec = x'' WHERE"
	    " by_user = 12; SELECT changes()", out, sizeof(out));
	assert_string_equal(out, "1");
	assert_int_equal(db_assessment_get(f->db, id, &rec, &len), -1);
	assert_null(rec);
	assert_int_equal(len, 0);

	/* Deleting the report deletes its assessment. */
	cli_query(f->path, "PRAGMA foreign_keys = ON; DELETE FROM reports"
	    " WHERE registration = 'WBS-2026-000002';"
	    " SELECT COUNT(*) FROM assessments", out, sizeof(out));
	assert_string_equal(out, "1");
}

static void
test_unit(void **state)
{
	struct fixture *f = *state;
	struct db_unit u;
	int64_t id, other, ua, ub, got;

	id = mkreport(f->db, 1);
	other = mkreport(f->db, 2);
	ua = mkunit(f->db, "irban-1", "Inspektur Pembantu I");
	ub = mkunit(f->db, "irban-2", "Inspektur Pembantu II");

	/* Forwarded nowhere yet. */
	got = 99;
	assert_int_equal(db_report_unit(f->db, id, &got), 0);
	assert_int_equal(got, 0);

	assert_int_equal(db_report_set_unit(f->db, id, ua), 0);
	assert_int_equal(db_report_unit(f->db, id, &got), 1);
	assert_int_equal(got, ua);
	assert_int_equal(db_report_unit(f->db, other, &got), 0);
	assert_int_equal(got, 0);
	assert_int_equal(db_report_set_unit(f->db, id, ub), 0);
	assert_int_equal(db_report_unit(f->db, id, &got), 1);
	assert_int_equal(got, ub);

	/* No such unit (foreign key), no such report, negative unit. */
	assert_int_equal(db_report_set_unit(f->db, id, ub + 100), -1);
	assert_int_equal(db_report_set_unit(f->db, other + 100, ua), -1);
	assert_int_equal(db_report_set_unit(f->db, id, -1), -1);
	assert_int_equal(db_report_unit(f->db, id, &got), 1);
	assert_int_equal(got, ub);
	assert_int_equal(db_report_unit(f->db, other + 100, &got), 0);
	assert_int_equal(got, 0);

	/* 0 clears it. */
	assert_int_equal(db_report_set_unit(f->db, id, 0), 0);
	assert_int_equal(db_report_unit(f->db, id, &got), 0);
	assert_int_equal(got, 0);

	/* Units by id. */
	assert_int_equal(db_unit_by_id(f->db, ua, &u), 1);
	assert_int_equal(u.id, ua);
	assert_string_equal(u.code, "irban-1");
	assert_string_equal(u.name, "Inspektur Pembantu I");
	assert_int_equal(db_unit_by_id(f->db, ub, &u), 1);
	assert_string_equal(u.code, "irban-2");
	assert_int_equal(db_unit_by_id(f->db, ub + 100, &u), 0);
	assert_int_equal(u.id, 0);
	assert_string_equal(u.code, "");
}

#define GRANTS_MAX	16

struct grants {
	size_t		 n;
	int64_t		 id[GRANTS_MAX];
	unsigned char	 pk[GRANTS_MAX][32];
	int		 fail_at;	/* fn fails at this call (from 1) */
};

static int
collect(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct grants *g = arg;

	assert_true(g->n < GRANTS_MAX);
	g->id[g->n] = user_id;
	memcpy(g->pk[g->n], pk, 32);
	g->n++;
	if (g->fail_at != 0 && (int)g->n == g->fail_at)
		return -1;
	return 0;
}

/* The expected public key of a user made by mkuser() with seed. */
static void
assert_pk(const unsigned char pk[32], unsigned char seed)
{
	unsigned char want[32];

	fill(want, sizeof(want), seed);
	assert_memory_equal(pk, want, sizeof(want));
}

struct people {
	int64_t		 ua, ub;
	int64_t		 a1, a2, pending, disabled, zero, held, rev, b1;
};

/*
 * Unit A: two active keyed investigators, a pending one without keys,
 * a disabled one, one with an all-zero key, one already holding a key
 * for the report, and a reviewer (who holds one too, from submission).
 * Unit B: one active keyed investigator.
 */
static void
mkpeople(struct db *db, struct people *p)
{
	p->ua = mkunit(db, "irban-1", "Inspektur Pembantu I");
	p->ub = mkunit(db, "irban-2", "Inspektur Pembantu II");
	p->a1 = mkuser(db, "a1", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1, 21);
	p->a2 = mkuser(db, "a2", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1, 22);
	p->pending = mkuser(db, "pending", ROLE_INVESTIGATOR,
	    DB_USER_PENDING, 0, 0);
	p->disabled = mkuser(db, "disabled", ROLE_INVESTIGATOR,
	    DB_USER_DISABLED, 1, 23);
	p->zero = mkuser(db, "zero", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1, 0);
	p->held = mkuser(db, "held", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1,
	    24);
	p->rev = mkuser(db, "rev", ROLE_REVIEWER | ROLE_INVESTIGATOR,
	    DB_USER_ACTIVE, 1, 25);
	p->b1 = mkuser(db, "b1", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1, 26);
	assert_int_equal(db_unit_add_member(db, p->ua, p->a1), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->a2), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->pending), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->disabled), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->zero), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->held), 0);
	assert_int_equal(db_unit_add_member(db, p->ua, p->rev), 0);
	assert_int_equal(db_unit_add_member(db, p->ub, p->b1), 0);
}

static void
test_missing_grants(void **state)
{
	struct fixture *f = *state;
	struct people p;
	struct grants g;
	int64_t id, other;

	mkpeople(f->db, &p);
	id = mkreport(f->db, 1);
	other = mkreport(f->db, 2);
	grant(f->db, id, p.held, 30);
	grant(f->db, id, p.rev, 31);
	grant(f->db, other, p.a1, 32);

	/* Exactly the active, keyed members of A without a key. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.id[0], p.a1);
	assert_pk(g.pk[0], 21);
	assert_int_equal(g.id[1], p.a2);
	assert_pk(g.pk[1], 22);

	/* Another unit, another report. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ub, collect,
	    &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.id[0], p.b1);
	assert_pk(g.pk[0], 26);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, other, p.ua,
	    collect, &g), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.id[0], p.a2);
	assert_int_equal(g.id[1], p.held);
	assert_int_equal(g.id[2], p.rev);

	/* A failing callback stops the walk and fails the call. */
	memset(&g, 0, sizeof(g));
	g.fail_at = 1;
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), -1);
	assert_int_equal(g.n, 1);

	/* Once granted, nothing is missing. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), 0);
	assert_int_equal(g.n, 2);
	grant(f->db, id, g.id[0], 40);
	grant(f->db, id, g.id[1], 41);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), 0);
	assert_int_equal(g.n, 0);

	/* A member added later is missing a grant. */
	assert_int_equal(db_unit_add_member(f->db, p.ua, p.b1), 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.id[0], p.b1);

	/* No such unit or report: nothing to grant. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ub + 100,
	    collect, &g), 0);
	assert_int_equal(g.n, 0);
}

/* Grants each user the walk gives a key, from inside the callback. */
struct granter {
	struct db	*db;
	int64_t		 report_id;
	int		 n;
};

static int
grant_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct granter *gr = arg;

	(void)pk;
	grant(gr->db, gr->report_id, user_id, 50);
	gr->n++;
	return 0;
}

static void
test_grant_in_callback(void **state)
{
	struct fixture *f = *state;
	struct granter gr;
	struct people p;
	struct grants g;

	mkpeople(f->db, &p);
	gr.db = f->db;
	gr.report_id = mkreport(f->db, 1);
	gr.n = 0;
	assert_int_equal(db_report_missing_grants(f->db, gr.report_id, p.ua,
	    grant_cb, &gr), 0);
	/* a1, a2, held, rev. */
	assert_int_equal(gr.n, 4);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, gr.report_id, p.ua,
	    collect, &g), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(has_key(f->db, gr.report_id, p.pending), 0);
	assert_int_equal(has_key(f->db, gr.report_id, p.disabled), 0);
	assert_int_equal(has_key(f->db, gr.report_id, p.zero), 0);
}

static void
test_remove_unit(void **state)
{
	struct fixture *f = *state;
	struct people p;
	struct grants g;
	int64_t id, other;

	mkpeople(f->db, &p);
	id = mkreport(f->db, 1);
	other = mkreport(f->db, 2);
	grant(f->db, id, p.a1, 30);
	grant(f->db, id, p.a2, 31);
	grant(f->db, id, p.held, 32);
	grant(f->db, id, p.rev, 33);
	grant(f->db, id, p.b1, 34);
	grant(f->db, other, p.a1, 35);

	/* A's investigators lose theirs; the reviewer keeps it. */
	assert_int_equal(db_report_keys_remove_unit(f->db, id, p.ua), 3);
	assert_int_equal(has_key(f->db, id, p.a1), 0);
	assert_int_equal(has_key(f->db, id, p.a2), 0);
	assert_int_equal(has_key(f->db, id, p.held), 0);
	assert_int_equal(has_key(f->db, id, p.rev), 1);
	/* Unit B, the reporter and the other report are untouched. */
	assert_int_equal(has_key(f->db, id, p.b1), 1);
	assert_int_equal(has_key(f->db, id, 0), 1);
	assert_int_equal(has_key(f->db, other, p.a1), 1);
	assert_int_equal(has_key(f->db, other, 0), 1);

	/* Again: nothing left to delete; nor for an unknown unit. */
	assert_int_equal(db_report_keys_remove_unit(f->db, id, p.ua), 0);
	assert_int_equal(db_report_keys_remove_unit(f->db, id, p.ub + 100),
	    0);

	/* Their grants are missing again (the reviewer's is not). */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_missing_grants(f->db, id, p.ua, collect,
	    &g), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.id[0], p.a1);
	assert_int_equal(g.id[1], p.a2);
	assert_int_equal(g.id[2], p.held);

	assert_int_equal(db_report_keys_remove_unit(f->db, id, p.ub), 1);
	assert_int_equal(has_key(f->db, id, p.b1), 0);
	assert_int_equal(has_key(f->db, id, p.rev), 1);
	assert_int_equal(has_key(f->db, id, 0), 1);
}

/* A database at schema version 4 gains the unit and the assessments. */
static void
test_migrate_from_v4(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	struct db_unit u;
	unsigned char a[40], *rec;
	char path[1100], sqlpath[1100], cmd[2400], err[256], out[64];
	FILE *fp;
	int v = -1, i;
	int64_t rid, unit;
	size_t len;

	assert_true(db_migrations_count >= 5);
	snprintf(path, sizeof(path), "%s/v4.db", f->dir);
	snprintf(sqlpath, sizeof(sqlpath), "%s/v4.sql", f->dir);
	fp = fopen(sqlpath, "w");
	assert_non_null(fp);
	fprintf(fp, "PRAGMA journal_mode = WAL;\nBEGIN;\n");
	for (i = 0; i < 4; i++)
		fprintf(fp, "%s\nINSERT INTO schema_migrations VALUES"
		    " (%d, '2025-01-01T00:00:00Z');\n", db_migrations[i],
		    i + 1);
	fprintf(fp, "INSERT INTO units (code, name) VALUES ('irban-1',"
	    " 'Irban I');\n"
	    "INSERT INTO reports (registration, year, seq, code_lookup,"
	    " reporter_pk, category, stage, created_at, stage_at, content)"
	    " VALUES ('WBS-2026-000001', 2026, 1, randomblob(32),"
	    " randomblob(32), 'korupsi', 'review', 1, 1, x'0102');\n"
	    "COMMIT;\n");
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s' >/dev/null",
	    path, sqlpath);
	assert_int_equal(system(cmd), 0);
	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " name = 'assessments'", out, sizeof(out));
	assert_string_equal(out, "0");

	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_true(v >= 5);
	cli_query(path, "SELECT id FROM reports", out, sizeof(out));
	rid = strtoll(out, NULL, 10);
	assert_true(rid > 0);
	cli_query(path, "SELECT id FROM units", out, sizeof(out));
	unit = strtoll(out, NULL, 10);
	assert_true(unit > 0);

	/* The old report is forwarded nowhere and has no assessment. */
	assert_int_equal(db_report_unit(db, rid, &unit), 0);
	assert_int_equal(db_assessment_get(db, rid, &rec, &len), 0);
	assert_int_equal(db_unit_by_code(db, "irban-1", &u), 1);
	unit = u.id;
	assert_int_equal(db_report_set_unit(db, rid, unit), 0);
	fill(a, sizeof(a), 7);
	assert_int_equal(db_assessment_set(db, rid, 3, T2026, a, sizeof(a)),
	    0);
	db_close(db);

	cli_query(path, "SELECT group_concat(version) FROM"
	    " (SELECT version FROM schema_migrations ORDER BY version)",
	    out, sizeof(out));
	assert_int_equal(strncmp(out, "1,2,3,4,5", 9), 0);
	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " type = 'index' AND name = 'reports_unit'", out, sizeof(out));
	assert_string_equal(out, "1");
	cli_query(path, "PRAGMA foreign_key_check", out, sizeof(out));
	assert_string_equal(out, "");

	/* Reopened: nothing to apply, everything kept. */
	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_int_equal(db_report_unit(db, rid, &unit), 1);
	assert_int_equal(unit, u.id);
	assert_int_equal(db_assessment_get(db, rid, &rec, &len), 1);
	assert_int_equal(len, sizeof(a));
	assert_memory_equal(rec, a, sizeof(a));
	free(rec);
	db_close(db);
	/* A unit that has reports cannot be deleted behind their back. */
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"PRAGMA foreign_keys = ON;"
	    " DELETE FROM units\" >/dev/null 2>&1", path);
	assert_int_not_equal(system(cmd), 0);
	cli_query(path, "SELECT COUNT(*) FROM units", out, sizeof(out));
	assert_string_equal(out, "1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assessment, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_grants, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_grant_in_callback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_remove_unit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v4, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
