/*
 * test_db_reports.c: the store's reports on SQLite: registration numbers
 * per UTC year, the round trip of every field, the all-or-nothing
 * creation (a taken code lookup, a failure half-way), sealed keys,
 * files, messages and events in order, the submission counter, the
 * public keys by role, reporter sessions, bounds on values read back
 * (rows altered behind the store's back with the sqlite3 CLI), and
 * migration 3 on top of a version 2 database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "db.h"
#include "db_schema.h"
#include "route.h"

#define T2025_END	1767225599	/* 2025-12-31T23:59:59Z */
#define T2026		1767225600	/* 2026-01-01T00:00:00Z */
#define T2024		1717200000	/* 2024-06-01T00:00:00Z */
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

/* Runs SQL through the sqlite3 CLI; returns its exit status. */
static int
cli_run(const char *path, const char *sql)
{
	char cmd[4096];
	int n;

	n = snprintf(cmd, sizeof(cmd),
	    "sqlite3 -bail '%s' \"%s\" >/dev/null 2>&1", path, sql);
	assert_true(n > 0 && (size_t)n < sizeof(cmd));
	return system(cmd);
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

/* The row counts of every report table, as "r/k/i/f/m/e/s". */
static void
counts(const char *path, char *out, size_t outlen)
{
	cli_query(path, "SELECT (SELECT COUNT(*) FROM reports) || '/' ||"
	    " (SELECT COUNT(*) FROM report_keys) || '/' ||"
	    " (SELECT COUNT(*) FROM identity_keys) || '/' ||"
	    " (SELECT COUNT(*) FROM report_files) || '/' ||"
	    " (SELECT COUNT(*) FROM messages) || '/' ||"
	    " (SELECT COUNT(*) FROM report_events) || '/' ||"
	    " (SELECT COUNT(*) FROM reporter_sessions)", out, outlen);
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
 * derived from seed (through the enrolment path). Returns its id.
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
		fill(u.public_key, sizeof(u.public_key), seed);
		u.sk_by_password_len = 72;
		u.sk_by_recovery_len = 72;
		u.status = status;
		assert_int_equal(db_user_update_keys(db, &u), 0);
	}
	return u.id;
}

/* Report content buffers: the store takes them as they are. */
struct rbuf {
	unsigned char	 content[300];
	unsigned char	 identity[90];
};

static void
mkreport(struct db_report *r, struct rbuf *b, unsigned char seed,
    int64_t created_at, int with_identity)
{
	memset(r, 0, sizeof(*r));
	fill(r->code_lookup, sizeof(r->code_lookup), seed);
	fill(r->reporter_pk, sizeof(r->reporter_pk), seed + 1);
	strcpy(r->category, "korupsi");
	strcpy(r->stage, "received");
	r->created_at = created_at;
	fill(b->content, sizeof(b->content), seed + 2);
	r->content = b->content;
	r->content_len = sizeof(b->content);
	if (with_identity) {
		fill(b->identity, sizeof(b->identity), seed + 3);
		r->identity = b->identity;
		r->identity_len = sizeof(b->identity);
	}
}

static void
mksealed(struct db_sealed *k, enum db_holder holder, int64_t user_id,
    unsigned char seed, size_t len)
{
	memset(k, 0, sizeof(*k));
	k->holder = holder;
	k->user_id = user_id;
	fill(k->sealed, len, seed);
	k->sealed_len = len;
}

static void
mkfile(struct db_file *fl, unsigned char *meta, size_t metalen,
    const char *name, unsigned char seed)
{
	memset(fl, 0, sizeof(*fl));
	snprintf(fl->stored_name, sizeof(fl->stored_name), "%s", name);
	fill(meta, metalen, seed);
	fl->meta = meta;
	fl->meta_len = metalen;
	fl->stored_size = 4096 * (uint64_t)seed;
	fl->metadata_removed = seed & 1;
	fl->by_reporter = 1;
	fl->created_at = T2026 + seed;
}

/* Creates a plain report (one reporter key) and returns its id. */
static int64_t
plain_report(struct db *db, unsigned char seed, int64_t created_at)
{
	struct db_report r;
	struct rbuf b;
	struct db_sealed k;

	mkreport(&r, &b, seed, created_at, 0);
	mksealed(&k, DB_HOLDER_REPORTER, 0, seed, 80);
	assert_int_equal(db_report_create(db, &r, &k, 1, NULL, 0, NULL, 0),
	    0);
	return r.id;
}

static void
test_registration_numbers(void **state)
{
	struct fixture *f = *state;
	struct db_report r, g;
	struct rbuf b;

	mkreport(&r, &b, 1, T2026 + 10, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_true(r.id > 0);
	assert_string_equal(r.registration, "WBS-2026-000001");
	assert_int_equal(r.year, 2026);
	assert_int_equal(r.seq, 1);

	mkreport(&r, &b, 2, T2026 + 20, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_string_equal(r.registration, "WBS-2026-000002");
	assert_int_equal(r.seq, 2);

	/* Another year restarts; the year is the UTC one. */
	mkreport(&r, &b, 3, T2025_END, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_string_equal(r.registration, "WBS-2025-000001");
	assert_int_equal(r.year, 2025);
	mkreport(&r, &b, 4, T2024, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_string_equal(r.registration, "WBS-2024-000001");

	mkreport(&r, &b, 5, T2026 + 30, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_string_equal(r.registration, "WBS-2026-000003");

	assert_int_equal(db_report_by_registration(f->db, "WBS-2025-000001",
	    &g), 1);
	assert_int_equal(g.year, 2025);
	assert_int_equal(g.seq, 1);
	assert_int_equal(g.created_at, T2025_END);
	db_report_clear(&g);
	assert_int_equal(db_report_by_registration(f->db, "WBS-2025-000002",
	    &g), 0);
}

static void
check_report(const struct db_report *g, const struct db_report *r)
{
	assert_int_equal(g->id, r->id);
	assert_string_equal(g->registration, r->registration);
	assert_int_equal(g->year, r->year);
	assert_int_equal(g->seq, r->seq);
	assert_memory_equal(g->code_lookup, r->code_lookup, 32);
	assert_memory_equal(g->reporter_pk, r->reporter_pk, 32);
	assert_string_equal(g->category, r->category);
	assert_string_equal(g->stage, r->stage);
	assert_int_equal(g->created_at, r->created_at);
	assert_int_equal(g->stage_at, r->stage_at);
	assert_int_equal(g->content_len, r->content_len);
	assert_non_null(g->content);
	assert_ptr_not_equal(g->content, r->content);
	assert_memory_equal(g->content, r->content, r->content_len);
	assert_int_equal(g->identity_len, r->identity_len);
	if (r->identity_len == 0)
		assert_null(g->identity);
	else
		assert_memory_equal(g->identity, r->identity,
		    r->identity_len);
}

struct files {
	struct db	*db;
	struct db_file	 v[8];
	unsigned char	 meta[8][64];
	int		 n;
	int		 stop_after;
};

static int
collect_file(void *arg, const struct db_file *fl)
{
	struct files *fs = arg;

	assert_true(fs->n < 8);
	fs->v[fs->n] = *fl;
	assert_true(fl->meta_len <= sizeof(fs->meta[0]));
	memcpy(fs->meta[fs->n], fl->meta, fl->meta_len);
	fs->v[fs->n].meta = fs->meta[fs->n];
	fs->n++;
	if (fs->stop_after != 0 && fs->n == fs->stop_after)
		return -1;
	return 0;
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct db_report r, g, r2;
	struct rbuf b, b2;
	struct db_sealed keys[2], idkey, k;
	struct db_file files[2], fg;
	struct files fs;
	unsigned char meta0[40], meta1[17], other[32];
	int64_t rev, cus;

	rev = mkuser(f->db, "rev", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	cus = mkuser(f->db, "cus", ROLE_CUSTODIAN, DB_USER_ACTIVE, 1, 20);
	mkreport(&r, &b, 7, T2026 + 100, 1);
	r.stage_at = T2026 + 150;
	mksealed(&keys[0], DB_HOLDER_REPORTER, 0, 30, 80);
	mksealed(&keys[1], DB_HOLDER_USER, rev, 31, DB_BLOB_MAX);
	mksealed(&idkey, DB_HOLDER_USER, cus, 32, 80);
	mkfile(&files[0], meta0, sizeof(meta0), "aa01", 2);
	mkfile(&files[1], meta1, sizeof(meta1), "bb02", 3);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, &idkey, 1,
	    files, 2), 0);
	assert_true(files[0].id > 0);
	assert_true(files[1].id > files[0].id);
	assert_int_equal(files[0].report_id, r.id);
	assert_int_equal(files[1].report_id, r.id);

	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(db_report_by_lookup(f->db, r.code_lookup, &g), 1);
	check_report(&g, &r);
	db_report_clear(&g);
	assert_null(g.content);
	assert_int_equal(g.content_len, 0);
	assert_null(g.identity);
	assert_int_equal(g.identity_len, 0);
	db_report_clear(&g);	/* twice is harmless */
	memset(&g, 0x5a, sizeof(g));
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	check_report(&g, &r);
	db_report_clear(&g);
	assert_int_equal(db_report_by_registration(f->db, r.registration, &g),
	    1);
	check_report(&g, &r);
	db_report_clear(&g);

	/* Without identity; stage_at defaults to created_at. */
	mkreport(&r2, &b2, 8, T2026 + 200, 0);
	assert_int_equal(db_report_create(f->db, &r2, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_int_equal(r2.stage_at, T2026 + 200);
	assert_int_equal(db_report_by_id(f->db, r2.id, &g), 1);
	check_report(&g, &r2);
	db_report_clear(&g);

	/* Absent. */
	fill(other, sizeof(other), 99);
	assert_int_equal(db_report_by_lookup(f->db, other, &g), 0);
	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(db_report_by_id(f->db, r2.id + 1, &g), 0);
	assert_null(g.content);
	db_report_clear(&g);	/* safe after any result */
	assert_int_equal(db_report_by_registration(f->db, "WBS-2026-000009",
	    &g), 0);

	/* The keys. */
	assert_int_equal(db_report_key(f->db, r.id, DB_HOLDER_REPORTER, 0,
	    &k), 1);
	assert_int_equal(k.holder, DB_HOLDER_REPORTER);
	assert_int_equal(k.user_id, 0);
	assert_int_equal(k.sealed_len, 80);
	assert_memory_equal(k.sealed, keys[0].sealed, 80);
	assert_int_equal(db_report_key(f->db, r.id, DB_HOLDER_USER, rev, &k),
	    1);
	assert_int_equal(k.holder, DB_HOLDER_USER);
	assert_int_equal(k.user_id, rev);
	assert_int_equal(k.sealed_len, DB_BLOB_MAX);
	assert_memory_equal(k.sealed, keys[1].sealed, DB_BLOB_MAX);
	/* The identity key is not a report key. */
	assert_int_equal(db_report_key(f->db, r.id, DB_HOLDER_USER, cus, &k),
	    0);
	assert_int_equal(db_report_key(f->db, r2.id, DB_HOLDER_USER, rev,
	    &k), 0);
	assert_int_equal(db_report_key(f->db, r2.id, DB_HOLDER_REPORTER, 0,
	    &k), 0);

	/* The files, by id and in order. */
	assert_int_equal(db_file_by_id(f->db, files[1].id, &fg), 1);
	assert_int_equal(fg.report_id, r.id);
	assert_string_equal(fg.stored_name, "bb02");
	assert_int_equal(fg.meta_len, sizeof(meta1));
	assert_memory_equal(fg.meta, meta1, sizeof(meta1));
	assert_int_equal(fg.stored_size, 4096 * 3);
	assert_int_equal(fg.metadata_removed, 1);
	assert_int_equal(fg.by_reporter, 1);
	assert_int_equal(fg.created_at, T2026 + 3);
	db_file_clear(&fg);
	assert_null(fg.meta);
	assert_int_equal(fg.meta_len, 0);
	assert_int_equal(db_file_by_id(f->db, files[1].id + 10, &fg), 0);
	memset(&fs, 0, sizeof(fs));
	assert_int_equal(db_file_list(f->db, r.id, collect_file, &fs), 0);
	assert_int_equal(fs.n, 2);
	assert_int_equal(fs.v[0].id, files[0].id);
	assert_string_equal(fs.v[0].stored_name, "aa01");
	assert_memory_equal(fs.v[0].meta, meta0, sizeof(meta0));
	assert_int_equal(fs.v[0].metadata_removed, 0);
	assert_int_equal(fs.v[1].id, files[1].id);
	memset(&fs, 0, sizeof(fs));
	assert_int_equal(db_file_list(f->db, r2.id, collect_file, &fs), 0);
	assert_int_equal(fs.n, 0);
}

/* Records of the largest size round-trip, one byte more is refused. */
static void
test_record_max(void **state)
{
	struct fixture *f = *state;
	struct db_report r, g;
	struct rbuf b;
	unsigned char *big = malloc(RECORD_MAX + 1);
	char out[64];

	assert_non_null(big);
	fill(big, RECORD_MAX + 1, 5);
	mkreport(&r, &b, 9, T2026, 0);
	r.content = big;
	r.content_len = RECORD_MAX + 1;
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	r.content_len = RECORD_MAX;
	r.identity = big + 1;
	r.identity_len = RECORD_MAX;
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	check_report(&g, &r);
	db_report_clear(&g);
	counts(f->path, out, sizeof(out));
	assert_string_equal(out, "1/0/0/0/0/1/0");
	free(big);
}

static void
test_duplicate_lookup(void **state)
{
	struct fixture *f = *state;
	struct db_report r, r2, g;
	struct rbuf b, b2;
	struct db_sealed keys[2], idkey;
	struct db_file fl;
	unsigned char meta[20];
	char before[64], after[64];
	int64_t rev;

	rev = mkuser(f->db, "rev", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	mkreport(&r, &b, 1, T2026, 1);
	mksealed(&keys[0], DB_HOLDER_REPORTER, 0, 1, 80);
	mksealed(&keys[1], DB_HOLDER_USER, rev, 2, 80);
	mksealed(&idkey, DB_HOLDER_USER, rev, 3, 80);
	mkfile(&fl, meta, sizeof(meta), "f1", 1);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, &idkey, 1,
	    &fl, 1), 0);
	counts(f->path, before, sizeof(before));
	assert_string_equal(before, "1/2/1/1/0/1/0");

	/* Same lookup value, everything else different. */
	mkreport(&r2, &b2, 50, T2026 + 5, 1);
	memcpy(r2.code_lookup, r.code_lookup, sizeof(r2.code_lookup));
	mkfile(&fl, meta, sizeof(meta), "f2", 2);
	assert_int_equal(db_report_create(f->db, &r2, keys, 2, &idkey, 1,
	    &fl, 1), 1);
	assert_int_equal(r2.id, 0);
	assert_int_equal(fl.id, 0);
	assert_int_equal(fl.report_id, 0);
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, before);
	assert_int_equal(db_report_by_lookup(f->db, r.code_lookup, &g), 1);
	assert_int_equal(g.id, r.id);
	assert_int_equal(g.created_at, T2026);
	db_report_clear(&g);

	/* Another code goes through and takes the next number. */
	r2.code_lookup[0] ^= 1;
	assert_int_equal(db_report_create(f->db, &r2, keys, 2, &idkey, 1,
	    &fl, 1), 0);
	assert_string_equal(r2.registration, "WBS-2026-000002");
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, "2/4/2/2/0/2/0");
}

static void
test_rollback(void **state)
{
	struct fixture *f = *state;
	struct db_report r;
	struct rbuf b;
	struct db_sealed keys[2];
	struct db_file files[3];
	unsigned char meta[3][16];
	char before[64], after[64];
	int64_t rev, id;

	rev = mkuser(f->db, "rev", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	id = plain_report(f->db, 1, T2026);
	mkfile(&files[0], meta[0], sizeof(meta[0]), "taken", 1);
	files[0].report_id = id;
	assert_int_equal(db_file_add(f->db, &files[0]), 0);
	counts(f->path, before, sizeof(before));
	assert_string_equal(before, "1/1/0/1/0/1/0");

	/* The third file's name is taken: nothing of the report remains. */
	mkreport(&r, &b, 2, T2026 + 1, 1);
	mksealed(&keys[0], DB_HOLDER_REPORTER, 0, 1, 80);
	mksealed(&keys[1], DB_HOLDER_USER, rev, 2, 80);
	mkfile(&files[0], meta[0], sizeof(meta[0]), "n1", 1);
	mkfile(&files[1], meta[1], sizeof(meta[1]), "n2", 2);
	mkfile(&files[2], meta[2], sizeof(meta[2]), "taken", 3);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    files, 3), -1);
	assert_int_equal(r.id, 0);
	assert_int_equal(files[0].id, 0);
	assert_int_equal(files[1].id, 0);
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, before);

	/* Two files with one name in the same report. */
	mkfile(&files[2], meta[2], sizeof(meta[2]), "n1", 3);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    files, 3), -1);
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, before);

	/* A key for a user who does not exist (foreign key). */
	mksealed(&keys[1], DB_HOLDER_USER, rev + 100, 2, 80);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    files, 2), -1);
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, before);

	/* Refused before the store is touched. */
	mksealed(&keys[1], DB_HOLDER_USER, 0, 2, 80);	/* user without id */
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    NULL, 0), -1);
	mksealed(&keys[1], DB_HOLDER_REPORTER, rev, 2, 80);
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    NULL, 0), -1);
	mksealed(&keys[1], DB_HOLDER_USER, rev, 2, 0);	/* empty key */
	assert_int_equal(db_report_create(f->db, &r, keys, 2, NULL, 0,
	    NULL, 0), -1);
	/* An identity key for the reporter. */
	assert_int_equal(db_report_create(f->db, &r, keys, 1, keys, 1,
	    NULL, 0), -1);
	r.content_len = 0;
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	mkreport(&r, &b, 2, T2026 + 1, 0);
	r.identity_len = 5;	/* NULL identity with a length */
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	mkreport(&r, &b, 2, T2026 + 1, 0);
	r.stage[0] = '\0';
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	mkreport(&r, &b, 2, -1, 0);
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	mkreport(&r, &b, 2, T2026 + 1, 0);
	memset(r.category, 'c', sizeof(r.category));	/* no NUL */
	assert_int_equal(db_report_create(f->db, &r, NULL, 0, NULL, 0,
	    NULL, 0), -1);
	counts(f->path, after, sizeof(after));
	assert_string_equal(after, before);

	/* The store is still usable and the numbering has no gap. */
	mkreport(&r, &b, 2, T2026 + 1, 0);
	assert_int_equal(db_report_create(f->db, &r, keys, 1, NULL, 0,
	    files, 2), 0);
	assert_string_equal(r.registration, "WBS-2026-000002");
}

static void
test_key_add(void **state)
{
	struct fixture *f = *state;
	struct db_sealed k, g;
	int64_t rev, rev2, id;

	rev = mkuser(f->db, "rev", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	rev2 = mkuser(f->db, "rev2", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 11);
	id = plain_report(f->db, 1, T2026);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_USER, rev, &g),
	    0);

	mksealed(&k, DB_HOLDER_USER, rev, 40, 72);
	assert_int_equal(db_report_key_add(f->db, id, &k), 0);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_USER, rev, &g),
	    1);
	assert_int_equal(g.sealed_len, 72);
	assert_memory_equal(g.sealed, k.sealed, 72);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_USER, rev2, &g),
	    0);

	/* Idempotent: a second copy is accepted and the first one kept. */
	mksealed(&k, DB_HOLDER_USER, rev, 41, 80);
	assert_int_equal(db_report_key_add(f->db, id, &k), 0);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_USER, rev, &g),
	    1);
	assert_int_equal(g.sealed_len, 72);
	mksealed(&k, DB_HOLDER_REPORTER, 0, 42, 80);
	assert_int_equal(db_report_key_add(f->db, id, &k), 0);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_REPORTER, 0, &g),
	    1);
	assert_int_equal(g.sealed[0], 1);	/* plain_report's seed */

	mksealed(&k, DB_HOLDER_USER, rev2, 43, 80);
	assert_int_equal(db_report_key_add(f->db, id, &k), 0);
	assert_int_equal(db_report_key(f->db, id, DB_HOLDER_USER, rev2, &g),
	    1);
	assert_int_equal(g.sealed[0], 43);

	/* Unknown report or user; invalid keys. */
	assert_int_equal(db_report_key_add(f->db, id + 1, &k), -1);
	mksealed(&k, DB_HOLDER_USER, rev2 + 1, 43, 80);
	assert_int_equal(db_report_key_add(f->db, id, &k), -1);
	mksealed(&k, DB_HOLDER_USER, rev, 43, DB_BLOB_MAX + 1);
	assert_int_equal(db_report_key_add(f->db, id, &k), -1);
	mksealed(&k, DB_HOLDER_USER, rev, 43, 0);
	assert_int_equal(db_report_key_add(f->db, id, &k), -1);
	mksealed(&k, (enum db_holder)7, rev, 43, 10);
	assert_int_equal(db_report_key_add(f->db, id, &k), -1);
}

static void
test_file_add(void **state)
{
	struct fixture *f = *state;
	struct db_file fl;
	struct files fs;
	unsigned char meta[4][30];
	int64_t id, id2;

	id = plain_report(f->db, 1, T2026);
	id2 = plain_report(f->db, 2, T2026);
	mkfile(&fl, meta[0], sizeof(meta[0]), "c3", 3);
	fl.report_id = id;
	assert_int_equal(db_file_add(f->db, &fl), 0);
	assert_true(fl.id > 0);
	mkfile(&fl, meta[1], sizeof(meta[1]), "a1", 4);
	fl.report_id = id2;
	assert_int_equal(db_file_add(f->db, &fl), 0);
	mkfile(&fl, meta[2], sizeof(meta[2]), "b2", 5);
	fl.report_id = id;
	fl.by_reporter = 0;
	assert_int_equal(db_file_add(f->db, &fl), 0);

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(db_file_list(f->db, id, collect_file, &fs), 0);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].stored_name, "c3");
	assert_int_equal(fs.v[0].by_reporter, 1);
	assert_int_equal(fs.v[0].metadata_removed, 1);
	assert_string_equal(fs.v[1].stored_name, "b2");
	assert_int_equal(fs.v[1].by_reporter, 0);
	assert_int_equal(fs.v[1].metadata_removed, 1);
	assert_int_equal(fs.v[1].id, fl.id);
	assert_memory_equal(fs.v[1].meta, meta[2], sizeof(meta[2]));
	/* fn stops the listing. */
	memset(&fs, 0, sizeof(fs));
	fs.stop_after = 1;
	assert_int_equal(db_file_list(f->db, id, collect_file, &fs), -1);
	assert_int_equal(fs.n, 1);

	/* Refused: a taken name, an unknown report, invalid records. */
	mkfile(&fl, meta[3], sizeof(meta[3]), "a1", 6);
	fl.report_id = id;
	assert_int_equal(db_file_add(f->db, &fl), -1);
	mkfile(&fl, meta[3], sizeof(meta[3]), "d4", 6);
	fl.report_id = id2 + 1;
	assert_int_equal(db_file_add(f->db, &fl), -1);
	fl.report_id = id;
	fl.meta_len = 0;
	assert_int_equal(db_file_add(f->db, &fl), -1);
	mkfile(&fl, meta[3], sizeof(meta[3]), "", 6);
	fl.report_id = id;
	assert_int_equal(db_file_add(f->db, &fl), -1);
	mkfile(&fl, meta[3], sizeof(meta[3]), "d4", 6);
	fl.report_id = id;
	fl.by_reporter = 2;
	assert_int_equal(db_file_add(f->db, &fl), -1);
	memset(&fs, 0, sizeof(fs));
	assert_int_equal(db_file_list(f->db, id, collect_file, &fs), 0);
	assert_int_equal(fs.n, 2);
}

struct msgs {
	int64_t		 id[8];
	int64_t		 user_id[8];
	int		 by_reporter[8];
	int64_t		 created_at[8];
	unsigned char	 first[8];
	size_t		 len[8];
	char		 stage[8][DB_CODE_MAX + 1];
	int		 n;
};

static int
collect_msg(void *arg, const struct db_message *m)
{
	struct msgs *ms = arg;

	assert_true(ms->n < 8);
	ms->id[ms->n] = m->id;
	ms->user_id[ms->n] = m->user_id;
	ms->by_reporter[ms->n] = m->by_reporter;
	ms->created_at[ms->n] = m->created_at;
	ms->first[ms->n] = m->body[0];
	ms->len[ms->n] = m->body_len;
	ms->n++;
	return 0;
}

static int
collect_event(void *arg, const struct db_event *e)
{
	struct msgs *ms = arg;

	assert_true(ms->n < 8);
	ms->id[ms->n] = e->id;
	ms->created_at[ms->n] = e->created_at;
	ms->len[ms->n] = e->note_len;
	ms->first[ms->n] = e->note != NULL ? e->note[0] : 0;
	if (e->note_len == 0)
		assert_null(e->note);
	snprintf(ms->stage[ms->n], sizeof(ms->stage[0]), "%s", e->stage);
	ms->n++;
	return ms->n == 2 ? -1 : 0;
}

static int
collect_event_all(void *arg, const struct db_event *e)
{
	collect_event(arg, e);
	return 0;
}

static void
test_messages_events(void **state)
{
	struct fixture *f = *state;
	struct db_message m;
	struct db_event e;
	struct msgs ms;
	unsigned char body[3][50], note[40];
	int64_t rev, id, id2;

	rev = mkuser(f->db, "rev", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	id = plain_report(f->db, 1, T2026);
	id2 = plain_report(f->db, 2, T2026);

	memset(&m, 0, sizeof(m));
	m.report_id = id;
	m.user_id = rev;
	fill(body[0], sizeof(body[0]), 11);
	m.body = body[0];
	m.body_len = sizeof(body[0]);
	m.created_at = T2026 + 100;
	assert_int_equal(db_message_add(f->db, &m), 0);
	assert_true(m.id > 0);
	memset(&m, 0, sizeof(m));
	m.report_id = id;
	m.by_reporter = 1;
	fill(body[1], sizeof(body[1]), 12);
	m.body = body[1];
	m.body_len = 20;
	m.created_at = T2026 + 50;	/* older than the first one added */
	assert_int_equal(db_message_add(f->db, &m), 0);
	m.created_at = T2026 + 100;	/* same time as the first: by id */
	fill(body[2], sizeof(body[2]), 13);
	m.body = body[2];
	assert_int_equal(db_message_add(f->db, &m), 0);
	m.report_id = id2;
	assert_int_equal(db_message_add(f->db, &m), 0);

	memset(&ms, 0, sizeof(ms));
	assert_int_equal(db_message_list(f->db, id, collect_msg, &ms), 0);
	assert_int_equal(ms.n, 3);
	assert_int_equal(ms.first[0], 12);
	assert_int_equal(ms.by_reporter[0], 1);
	assert_int_equal(ms.user_id[0], 0);
	assert_int_equal(ms.len[0], 20);
	assert_int_equal(ms.first[1], 11);
	assert_int_equal(ms.by_reporter[1], 0);
	assert_int_equal(ms.user_id[1], rev);
	assert_int_equal(ms.len[1], sizeof(body[0]));
	assert_int_equal(ms.created_at[1], T2026 + 100);
	assert_int_equal(ms.first[2], 13);
	assert_true(ms.id[2] > ms.id[1]);

	/* Refused messages. */
	m.report_id = id;
	m.user_id = rev;	/* the reporter has no user id */
	assert_int_equal(db_message_add(f->db, &m), -1);
	m.by_reporter = 0;
	m.user_id = 0;		/* staff without one */
	assert_int_equal(db_message_add(f->db, &m), -1);
	m.user_id = rev + 100;	/* unknown user */
	assert_int_equal(db_message_add(f->db, &m), -1);
	m.user_id = rev;
	m.report_id = id2 + 1;	/* unknown report */
	assert_int_equal(db_message_add(f->db, &m), -1);
	m.report_id = id;
	m.body_len = 0;
	assert_int_equal(db_message_add(f->db, &m), -1);
	memset(&ms, 0, sizeof(ms));
	assert_int_equal(db_message_list(f->db, id, collect_msg, &ms), 0);
	assert_int_equal(ms.n, 3);

	/* Events: the first came with the report. */
	memset(&e, 0, sizeof(e));
	e.report_id = id;
	strcpy(e.stage, "review");
	e.created_at = T2026 + 500;
	fill(note, sizeof(note), 21);
	e.note = note;
	e.note_len = sizeof(note);
	assert_int_equal(db_event_add(f->db, &e), 0);
	assert_true(e.id > 0);
	strcpy(e.stage, "forwarded");
	e.created_at = T2026 + 400;
	e.note = NULL;
	e.note_len = 0;
	assert_int_equal(db_event_add(f->db, &e), 0);
	memset(&ms, 0, sizeof(ms));
	assert_int_equal(db_event_list(f->db, id, collect_event_all, &ms), 0);
	assert_int_equal(ms.n, 3);
	assert_string_equal(ms.stage[0], "received");
	assert_int_equal(ms.created_at[0], T2026);
	assert_int_equal(ms.len[0], 0);
	assert_string_equal(ms.stage[1], "forwarded");
	assert_int_equal(ms.len[1], 0);
	assert_string_equal(ms.stage[2], "review");
	assert_int_equal(ms.len[2], sizeof(note));
	assert_int_equal(ms.first[2], 21);
	/* fn stops the listing. */
	memset(&ms, 0, sizeof(ms));
	assert_int_equal(db_event_list(f->db, id, collect_event, &ms), -1);
	assert_int_equal(ms.n, 2);
	memset(&ms, 0, sizeof(ms));
	assert_int_equal(db_event_list(f->db, id2, collect_event_all, &ms),
	    0);
	assert_int_equal(ms.n, 1);

	e.stage[0] = '\0';
	assert_int_equal(db_event_add(f->db, &e), -1);
	strcpy(e.stage, "review");
	e.report_id = id2 + 1;
	assert_int_equal(db_event_add(f->db, &e), -1);
	e.report_id = id;
	e.note_len = 3;		/* NULL note with a length */
	assert_int_equal(db_event_add(f->db, &e), -1);
}

static void
test_count_since(void **state)
{
	struct fixture *f = *state;
	int64_t n = -1;

	assert_int_equal(db_report_count_since(f->db, 0, &n), 0);
	assert_int_equal(n, 0);
	plain_report(f->db, 1, T2026);
	plain_report(f->db, 2, T2026 + 60);
	plain_report(f->db, 3, T2026 + 120);
	assert_int_equal(db_report_count_since(f->db, 0, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(db_report_count_since(f->db, T2026 + 60, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_report_count_since(f->db, T2026 + 61, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_report_count_since(f->db, T2026 + 121, &n), 0);
	assert_int_equal(n, 0);
}

struct pks {
	int64_t		 id[8];
	unsigned char	 first[8];
	int		 n;
};

static int
collect_pk(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct pks *p = arg;

	assert_true(p->n < 8);
	p->id[p->n] = user_id;
	p->first[p->n] = pk[0];
	p->n++;
	return 0;
}

static int
stop_pk(void *arg, int64_t user_id, const unsigned char pk[32])
{
	collect_pk(arg, user_id, pk);
	return -1;
}

static void
test_user_keys_by_role(void **state)
{
	struct fixture *f = *state;
	struct pks p;
	int64_t a, b, c, inv;

	a = mkuser(f->db, "a", ROLE_REVIEWER, DB_USER_ACTIVE, 1, 10);
	mkuser(f->db, "pending", ROLE_REVIEWER, DB_USER_PENDING, 1, 11);
	mkuser(f->db, "nokey", ROLE_REVIEWER, DB_USER_ACTIVE, 0, 0);
	mkuser(f->db, "off", ROLE_REVIEWER, DB_USER_DISABLED, 1, 12);
	inv = mkuser(f->db, "inv", ROLE_INVESTIGATOR, DB_USER_ACTIVE, 1, 13);
	b = mkuser(f->db, "b", ROLE_REVIEWER | ROLE_CUSTODIAN,
	    DB_USER_ACTIVE, 1, 14);
	c = mkuser(f->db, "c", ROLE_CUSTODIAN, DB_USER_ACTIVE, 1, 15);

	memset(&p, 0, sizeof(p));
	assert_int_equal(db_user_keys_by_role(f->db, ROLE_REVIEWER,
	    collect_pk, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.id[0], a);
	assert_int_equal(p.first[0], 10);
	assert_int_equal(p.id[1], b);
	assert_int_equal(p.first[1], 14);

	memset(&p, 0, sizeof(p));
	assert_int_equal(db_user_keys_by_role(f->db, ROLE_CUSTODIAN,
	    collect_pk, &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.id[0], b);
	assert_int_equal(p.id[1], c);

	memset(&p, 0, sizeof(p));
	assert_int_equal(db_user_keys_by_role(f->db, ROLE_AUDITOR,
	    collect_pk, &p), 0);
	assert_int_equal(p.n, 0);
	memset(&p, 0, sizeof(p));
	assert_int_equal(db_user_keys_by_role(f->db, ROLE_STAFF, stop_pk, &p),
	    -1);
	assert_int_equal(p.n, 1);

	/* A disabled reviewer drops out; a key of zeros never counts. */
	assert_int_equal(db_user_set_status(f->db, a, DB_USER_DISABLED), 0);
	assert_int_equal(cli_run(f->path, "UPDATE users SET public_key ="
	    " zeroblob(32) WHERE username = 'c'"), 0);
	memset(&p, 0, sizeof(p));
	assert_int_equal(db_user_keys_by_role(f->db, ROLE_STAFF, collect_pk,
	    &p), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.id[0], inv);
	assert_int_equal(p.first[0], 13);
	assert_int_equal(p.id[1], b);
}

static int
has_rsession(struct db *db, unsigned char seed)
{
	struct db_session rs;
	unsigned char h[32];

	fill(h, sizeof(h), seed);
	return db_rsession_get(db, h, &rs);
}

static void
mkrsession(struct db *db, int64_t report_id, unsigned char seed,
    int64_t created, int64_t seen)
{
	struct db_session rs;

	memset(&rs, 0, sizeof(rs));
	fill(rs.id_hash, sizeof(rs.id_hash), seed);
	rs.owner_id = report_id;
	rs.created_at = created;
	rs.last_seen = seen;
	fill(rs.sealed_key, 60, seed + 1);
	rs.sealed_key_len = 60;
	assert_int_equal(db_rsession_create(db, &rs), 0);
}

static void
test_rsessions(void **state)
{
	struct fixture *f = *state;
	struct db_session rs, g;
	unsigned char h[32];
	char out[64];
	int64_t id;

	id = plain_report(f->db, 1, T2026);
	memset(&rs, 0, sizeof(rs));
	fill(rs.id_hash, sizeof(rs.id_hash), 1);
	rs.owner_id = id;
	rs.created_at = 1000;
	rs.last_seen = 1000;
	fill(rs.sealed_key, DB_BLOB_MAX, 2);
	rs.sealed_key_len = DB_BLOB_MAX;
	assert_int_equal(db_rsession_create(f->db, &rs), 0);
	assert_int_equal(db_rsession_create(f->db, &rs), -1);	/* taken */

	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(db_rsession_get(f->db, rs.id_hash, &g), 1);
	assert_memory_equal(g.id_hash, rs.id_hash, 32);
	assert_int_equal(g.owner_id, id);
	assert_int_equal(g.created_at, 1000);
	assert_int_equal(g.last_seen, 1000);
	assert_int_equal(g.sealed_key_len, DB_BLOB_MAX);
	assert_memory_equal(g.sealed_key, rs.sealed_key, DB_BLOB_MAX);

	/* Touch moves forward only. */
	assert_int_equal(db_rsession_touch(f->db, rs.id_hash, 1500), 0);
	assert_int_equal(db_rsession_touch(f->db, rs.id_hash, 1200), 0);
	assert_int_equal(db_rsession_get(f->db, rs.id_hash, &g), 1);
	assert_int_equal(g.last_seen, 1500);
	assert_int_equal(g.created_at, 1000);

	fill(h, sizeof(h), 9);
	assert_int_equal(db_rsession_get(f->db, h, &g), 0);
	assert_int_equal(db_rsession_touch(f->db, h, 2000), 0);
	assert_int_equal(db_rsession_delete(f->db, h), 0);
	assert_int_equal(db_rsession_delete(f->db, rs.id_hash), 0);
	assert_int_equal(db_rsession_get(f->db, rs.id_hash, &g), 0);

	/* Refused: no key, too long a key, an unknown report. */
	rs.sealed_key_len = 0;
	assert_int_equal(db_rsession_create(f->db, &rs), -1);
	rs.sealed_key_len = DB_BLOB_MAX + 1;
	assert_int_equal(db_rsession_create(f->db, &rs), -1);
	rs.sealed_key_len = 10;
	rs.owner_id = id + 1;
	assert_int_equal(db_rsession_create(f->db, &rs), -1);

	/* Expiry: idle and absolute. */
	mkrsession(f->db, id, 10, 1000, 1900);	/* fresh */
	mkrsession(f->db, id, 11, 1000, 1100);	/* idle */
	mkrsession(f->db, id, 12, 100, 1950);	/* too old */
	assert_int_equal(db_rsession_expire(f->db, 1200, 500), 0);
	assert_int_equal(has_rsession(f->db, 10), 1);
	assert_int_equal(has_rsession(f->db, 11), 0);
	assert_int_equal(has_rsession(f->db, 12), 0);
	assert_int_equal(db_rsession_expire(f->db, 1900, 0), 0);
	assert_int_equal(has_rsession(f->db, 10), 1);
	assert_int_equal(db_rsession_expire(f->db, 1901, 0), 0);
	assert_int_equal(has_rsession(f->db, 10), 0);

	/* Deleting a report deletes everything that hangs on it. */
	mkrsession(f->db, id, 13, 1000, 1900);
	counts(f->path, out, sizeof(out));
	assert_string_equal(out, "1/1/0/0/0/1/1");
	assert_int_equal(cli_run(f->path, "PRAGMA foreign_keys = ON;"
	    " DELETE FROM reports;"), 0);
	counts(f->path, out, sizeof(out));
	assert_string_equal(out, "0/0/0/0/0/0/0");
	assert_int_equal(has_rsession(f->db, 13), 0);
}

static int
count_msg(void *arg, const struct db_message *m)
{
	(void)m;
	(*(int *)arg)++;
	return 0;
}

static int
count_event(void *arg, const struct db_event *e)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static int
count_file(void *arg, const struct db_file *fl)
{
	(void)fl;
	(*(int *)arg)++;
	return 0;
}

/* Values altered behind the store's back are refused, not truncated. */
static void
test_out_of_bounds(void **state)
{
	struct fixture *f = *state;
	struct db_report r, g;
	struct rbuf b;
	struct db_sealed k;
	struct db_file fl, fg;
	struct db_message m;
	struct db_session rs;
	unsigned char meta[20], body[20], h[32];
	int n;

	mkreport(&r, &b, 1, T2026, 1);
	mksealed(&k, DB_HOLDER_REPORTER, 0, 1, 80);
	mkfile(&fl, meta, sizeof(meta), "f1", 1);
	assert_int_equal(db_report_create(f->db, &r, &k, 1, NULL, 0, &fl, 1),
	    0);
	memset(&m, 0, sizeof(m));
	m.report_id = r.id;
	m.by_reporter = 1;
	fill(body, sizeof(body), 3);
	m.body = body;
	m.body_len = sizeof(body);
	assert_int_equal(db_message_add(f->db, &m), 0);
	mkrsession(f->db, r.id, 40, 1000, 1000);

	/* A record one byte over the bound. */
	assert_int_equal(cli_run(f->path, "UPDATE reports SET content ="
	    " zeroblob(1048577)"), 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_null(g.content);
	assert_null(g.identity);
	assert_int_equal(db_report_by_lookup(f->db, r.code_lookup, &g), -1);
	assert_int_equal(cli_run(f->path, "UPDATE reports SET content ="
	    " zeroblob(1048576), identity = zeroblob(1048577)"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_int_equal(cli_run(f->path, "UPDATE reports SET"
	    " identity = zeroblob(1048576)"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	assert_int_equal(g.content_len, RECORD_MAX);
	assert_int_equal(g.identity_len, RECORD_MAX);
	db_report_clear(&g);

	/* Fixed-size fields must have exactly their size. */
	assert_int_equal(cli_run(f->path, "PRAGMA ignore_check_constraints"
	    " = ON; UPDATE reports SET reporter_pk = zeroblob(31)"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_int_equal(cli_run(f->path, "PRAGMA ignore_check_constraints"
	    " = ON; UPDATE reports SET reporter_pk = zeroblob(33)"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_int_equal(cli_run(f->path, "PRAGMA ignore_check_constraints"
	    " = ON; UPDATE reports SET reporter_pk = zeroblob(32),"
	    " year = 10000"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_int_equal(cli_run(f->path, "UPDATE reports SET year = 2026,"
	    " category = '" "0123456789012345678901234567890123" "'"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), -1);
	assert_int_equal(cli_run(f->path, "UPDATE reports SET"
	    " category = 'korupsi'"), 0);
	assert_int_equal(db_report_by_id(f->db, r.id, &g), 1);
	db_report_clear(&g);

	/* A sealed key over DB_BLOB_MAX. */
	assert_int_equal(cli_run(f->path, "UPDATE report_keys SET sealed ="
	    " zeroblob(129)"), 0);
	assert_int_equal(db_report_key(f->db, r.id, DB_HOLDER_REPORTER, 0,
	    &k), -1);

	/* A file's meta, a message's body, an event's note. */
	assert_int_equal(cli_run(f->path, "UPDATE report_files SET meta ="
	    " zeroblob(1048577)"), 0);
	assert_int_equal(db_file_by_id(f->db, fl.id, &fg), -1);
	n = 0;
	assert_int_equal(db_file_list(f->db, r.id, count_file, &n), -1);
	assert_int_equal(n, 0);
	/* The schema refuses what the store would not read. */
	assert_int_not_equal(cli_run(f->path, "UPDATE report_files SET"
	    " meta = x'00', metadata_removed = 2"), 0);
	assert_int_equal(cli_run(f->path, "PRAGMA ignore_check_constraints"
	    " = ON; UPDATE report_files SET meta = x'00',"
	    " metadata_removed = 2"), 0);
	assert_int_equal(db_file_by_id(f->db, fl.id, &fg), -1);

	assert_int_equal(cli_run(f->path, "UPDATE messages SET body ="
	    " zeroblob(1048577)"), 0);
	n = 0;
	assert_int_equal(db_message_list(f->db, r.id, count_msg, &n), -1);
	assert_int_equal(n, 0);
	assert_int_equal(cli_run(f->path, "UPDATE messages SET body ="
	    " zeroblob(1048576)"), 0);
	assert_int_equal(db_message_list(f->db, r.id, count_msg, &n), 0);
	assert_int_equal(n, 1);

	assert_int_equal(cli_run(f->path, "UPDATE report_events SET note ="
	    " zeroblob(1048577)"), 0);
	n = 0;
	assert_int_equal(db_event_list(f->db, r.id, count_event, &n), -1);
	assert_int_equal(n, 0);

	/* A reporter session's hash and key. */
	assert_int_equal(cli_run(f->path, "UPDATE reporter_sessions SET"
	    " sealed_key = zeroblob(129)"), 0);
	fill(h, sizeof(h), 40);
	assert_int_equal(db_rsession_get(f->db, h, &rs), -1);
}

/* A database at schema version 2 (accounts only) gains the reports. */
static void
test_migrate_from_v2(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	struct db_report r, g;
	struct rbuf b;
	struct db_sealed k;
	char path[1100], sqlpath[1100], cmd[2400], err[256], out[64];
	FILE *fp;
	int v = -1, i;
	int64_t uid;

	assert_true(db_migrations_count >= 3);
	snprintf(path, sizeof(path), "%s/v2.db", f->dir);
	snprintf(sqlpath, sizeof(sqlpath), "%s/v2.sql", f->dir);
	fp = fopen(sqlpath, "w");
	assert_non_null(fp);
	fprintf(fp, "PRAGMA journal_mode = WAL;\nBEGIN;\n");
	for (i = 0; i < 2; i++)
		fprintf(fp, "%s\nINSERT INTO schema_migrations VALUES"
		    " (%d, '2025-01-01T00:00:00Z');\n", db_migrations[i],
		    i + 1);
	fprintf(fp, "INSERT INTO users (username, display_name, roles,"
	    " status, created_at, public_key) VALUES ('old', 'Old', %u, 1,"
	    " 1, zeroblob(31) || x'07');\nCOMMIT;\n", ROLE_REVIEWER);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s' >/dev/null",
	    path, sqlpath);
	assert_int_equal(system(cmd), 0);
	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " name = 'reports'", out, sizeof(out));
	assert_string_equal(out, "0");

	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_true(v >= 3);
	uid = 1;
	{
		struct db_user u;

		assert_int_equal(db_user_by_name(db, "old", &u), 1);
		uid = u.id;
	}
	mkreport(&r, &b, 3, T2026, 0);
	mksealed(&k, DB_HOLDER_USER, uid, 4, 80);
	assert_int_equal(db_report_create(db, &r, &k, 1, NULL, 0, NULL, 0),
	    0);
	assert_string_equal(r.registration, "WBS-2026-000001");
	db_close(db);

	cli_query(path, "SELECT group_concat(version) FROM"
	    " (SELECT version FROM schema_migrations ORDER BY version)",
	    out, sizeof(out));
	assert_int_equal(strncmp(out, "1,2,3", 5), 0);
	cli_query(path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " type = 'index' AND name IN ('reports_stage',"
	    " 'reports_created_at', 'report_files_report',"
	    " 'messages_report', 'report_events_report',"
	    " 'reporter_sessions_report', 'report_keys_reporter')",
	    out, sizeof(out));
	assert_string_equal(out, "7");

	/* Reopened: nothing to apply, everything kept. */
	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_report_by_registration(db, "WBS-2026-000001", &g),
	    1);
	check_report(&g, &r);
	db_report_clear(&g);
	assert_int_equal(db_report_key(db, r.id, DB_HOLDER_USER, uid, &k), 1);
	assert_int_equal(k.sealed[0], 4);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registration_numbers,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_max, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_lookup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_add, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_file_add, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_messages_events, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_since, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_user_keys_by_role, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rsessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_out_of_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v2, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
