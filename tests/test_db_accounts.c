/*
 * test_db_accounts.c: the store's accounts, units, membership and
 * sessions on SQLite: lookups, duplicates, the key-material round trip,
 * the TOTP replay guard, listings, bounds on values read back (rows
 * altered behind the store's back with the sqlite3 CLI), the schema's
 * constraints, and migration 2 on top of a version 1 database.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "db.h"
#include "route.h"

#define NTHREADS	8

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

static void
fill(void *p, size_t len, unsigned char seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(seed + i * 7);
}

/* Creates user name with roles and status; returns its id. */
static int64_t
mkuser(struct db *db, const char *name, unsigned roles,
    enum db_user_status status)
{
	struct db_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	snprintf(u.display_name, sizeof(u.display_name), "User %s", name);
	u.roles = roles;
	u.status = status;
	assert_int_equal(db_user_create(db, &u), 0);
	assert_true(u.id > 0);
	return u.id;
}

static void
test_user_create_lookup(void **state)
{
	struct fixture *f = *state;
	struct db_user u, g;
	unsigned char hash[32], other[32];
	int64_t id;

	memset(&u, 0, sizeof(u));
	strcpy(u.username, "budi.s");
	strcpy(u.display_name, "Budi Santoso");
	u.roles = ROLE_REVIEWER | ROLE_CUSTODIAN;
	u.status = DB_USER_PENDING;
	fill(hash, sizeof(hash), 3);
	memcpy(u.enrol_hash, hash, sizeof(hash));
	u.enrol_expires = 1700000000;
	/* Key fields are ignored at creation. */
	fill(u.public_key, sizeof(u.public_key), 9);
	u.sk_by_password_len = 10;
	assert_int_equal(db_user_create(f->db, &u), 0);
	assert_true(u.id > 0);
	assert_true(u.created_at > 0);
	id = u.id;

	memset(&g, 0xa5, sizeof(g));
	assert_int_equal(db_user_by_name(f->db, "budi.s", &g), 1);
	assert_int_equal(g.id, id);
	assert_string_equal(g.username, "budi.s");
	assert_string_equal(g.display_name, "Budi Santoso");
	assert_int_equal(g.roles, ROLE_REVIEWER | ROLE_CUSTODIAN);
	assert_int_equal(g.status, DB_USER_PENDING);
	assert_int_equal(g.created_at, u.created_at);
	assert_memory_equal(g.enrol_hash, hash, sizeof(hash));
	assert_int_equal(g.enrol_expires, 1700000000);
	memset(other, 0, sizeof(other));
	assert_memory_equal(g.public_key, other, sizeof(other));
	assert_memory_equal(g.pw_salt, other, sizeof(g.pw_salt));
	assert_int_equal(g.sk_by_password_len, 0);
	assert_int_equal(g.sk_by_recovery_len, 0);
	assert_int_equal(g.totp_by_password_len, 0);
	assert_int_equal(g.totp_last_step, 0);
	assert_int_equal(g.key_generation, 0);

	memset(&g, 0, sizeof(g));
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_string_equal(g.username, "budi.s");
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_user_by_enrol(f->db, hash, &g), 1);
	assert_int_equal(g.id, id);

	/* Absent. */
	assert_int_equal(db_user_by_name(f->db, "budi", &g), 0);
	assert_int_equal(db_user_by_name(f->db, "BUDI.S", &g), 0);
	assert_int_equal(db_user_by_id(f->db, id + 1, &g), 0);
	fill(other, sizeof(other), 4);
	assert_int_equal(db_user_by_enrol(f->db, other, &g), 0);

	/* Duplicate username. */
	memset(&g, 0, sizeof(g));
	strcpy(g.username, "budi.s");
	g.status = DB_USER_ACTIVE;
	assert_int_equal(db_user_create(f->db, &g), 1);

	/* No pending enrolment: an all-zero hash matches nobody. */
	id = mkuser(f->db, "sari", ROLE_ADMIN, DB_USER_ACTIVE);
	memset(other, 0, sizeof(other));
	assert_int_equal(db_user_by_enrol(f->db, other, &g), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_memory_equal(g.enrol_hash, other, sizeof(other));
	assert_int_equal(g.enrol_expires, 0);
}

static void
test_user_create_invalid(void **state)
{
	struct fixture *f = *state;
	struct db_user u;

	memset(&u, 0, sizeof(u));
	assert_int_equal(db_user_create(f->db, &u), -1);	/* empty name */
	memset(u.username, 'a', sizeof(u.username));	/* no NUL */
	assert_int_equal(db_user_create(f->db, &u), -1);
	memset(&u, 0, sizeof(u));
	memset(u.username, 'a', DB_NAME_MAX);		/* exactly the max */
	assert_int_equal(db_user_create(f->db, &u), 0);
	memset(&u, 0, sizeof(u));
	strcpy(u.username, "x");
	u.status = DB_USER__MAX;
	assert_int_equal(db_user_create(f->db, &u), -1);
	memset(u.display_name, 'd', sizeof(u.display_name));
	u.status = DB_USER_ACTIVE;
	assert_int_equal(db_user_create(f->db, &u), -1);
	assert_int_equal(db_user_by_name(f->db, "x", &u), 0);
}

static void
test_update_keys(void **state)
{
	struct fixture *f = *state;
	struct db_user u, g;
	unsigned char zero[32], hash[32];
	int64_t id;

	id = mkuser(f->db, "andi", ROLE_INVESTIGATOR, DB_USER_PENDING);
	memset(&u, 0, sizeof(u));
	assert_int_equal(db_user_by_id(f->db, id, &u), 1);
	fill(u.pw_salt, sizeof(u.pw_salt), 1);
	u.pw_ops = 3;
	u.pw_mem = 268435456;
	fill(u.pw_verifier, sizeof(u.pw_verifier), 2);
	fill(u.public_key, sizeof(u.public_key), 3);
	fill(u.sk_by_password, sizeof(u.sk_by_password), 4);
	u.sk_by_password_len = 72;
	fill(u.sk_by_recovery, sizeof(u.sk_by_recovery), 5);
	u.sk_by_recovery_len = DB_BLOB_MAX;
	fill(u.totp_by_password, sizeof(u.totp_by_password), 6);
	u.totp_by_password_len = 1;
	u.totp_last_step = 56666666;
	u.key_generation = 2;
	u.status = DB_USER_ACTIVE;
	u.enrol_expires = 0;	/* clears the enrolment */
	fill(u.enrol_hash, sizeof(u.enrol_hash), 7);
	assert_int_equal(db_user_update_keys(f->db, &u), 0);

	memset(&g, 0x5a, sizeof(g));
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_memory_equal(g.pw_salt, u.pw_salt, sizeof(g.pw_salt));
	assert_int_equal(g.pw_ops, 3);
	assert_int_equal(g.pw_mem, 268435456);
	assert_memory_equal(g.pw_verifier, u.pw_verifier,
	    sizeof(g.pw_verifier));
	assert_memory_equal(g.public_key, u.public_key, sizeof(g.public_key));
	assert_int_equal(g.sk_by_password_len, 72);
	assert_memory_equal(g.sk_by_password, u.sk_by_password, 72);
	assert_int_equal(g.sk_by_recovery_len, DB_BLOB_MAX);
	assert_memory_equal(g.sk_by_recovery, u.sk_by_recovery, DB_BLOB_MAX);
	assert_int_equal(g.totp_by_password_len, 1);
	assert_int_equal(g.totp_by_password[0], u.totp_by_password[0]);
	assert_int_equal(g.totp_by_password[1], 0);	/* rest zeroed */
	assert_int_equal(g.totp_last_step, 56666666);
	assert_int_equal(g.key_generation, 2);
	assert_int_equal(g.status, DB_USER_ACTIVE);
	assert_int_equal(g.enrol_expires, 0);
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(g.enrol_hash, zero, sizeof(zero));
	assert_int_equal(db_user_by_enrol(f->db, u.enrol_hash, &g), 0);
	/* Untouched fields. */
	assert_string_equal(g.username, "andi");
	assert_int_equal(g.roles, ROLE_INVESTIGATOR);

	/* A reset: new enrolment pending, blobs emptied. */
	u.sk_by_password_len = 0;
	u.sk_by_recovery_len = 0;
	u.totp_by_password_len = 0;
	u.status = DB_USER_PENDING;
	fill(hash, sizeof(hash), 8);
	memcpy(u.enrol_hash, hash, sizeof(hash));
	u.enrol_expires = 1800000000;
	u.key_generation = 3;
	assert_int_equal(db_user_update_keys(f->db, &u), 0);
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_user_by_enrol(f->db, hash, &g), 1);
	assert_int_equal(g.id, id);
	assert_int_equal(g.enrol_expires, 1800000000);
	assert_int_equal(g.sk_by_password_len, 0);
	assert_int_equal(g.sk_by_recovery_len, 0);
	assert_int_equal(g.totp_by_password_len, 0);
	assert_int_equal(g.key_generation, 3);
	assert_int_equal(g.status, DB_USER_PENDING);

	/* Refused: too long a blob, a bad status, an unknown user. */
	u.sk_by_password_len = DB_BLOB_MAX + 1;
	assert_int_equal(db_user_update_keys(f->db, &u), -1);
	u.sk_by_password_len = 0;
	u.status = DB_USER__MAX;
	assert_int_equal(db_user_update_keys(f->db, &u), -1);
	u.status = DB_USER_ACTIVE;
	u.id = id + 100;
	assert_int_equal(db_user_update_keys(f->db, &u), -1);
	/* Nothing changed by the refusals; the store is still usable. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.status, DB_USER_PENDING);
	assert_int_equal(g.key_generation, 3);
}

static void
test_totp_step(void **state)
{
	struct fixture *f = *state;
	struct db_user g;
	int64_t id;

	id = mkuser(f->db, "rina", ROLE_REVIEWER, DB_USER_ACTIVE);
	assert_int_equal(db_user_totp_step(f->db, id, 100), 1);
	assert_int_equal(db_user_totp_step(f->db, id, 100), 0);	/* replay */
	assert_int_equal(db_user_totp_step(f->db, id, 99), 0);
	assert_int_equal(db_user_totp_step(f->db, id, 101), 1);
	assert_int_equal(db_user_totp_step(f->db, id, 1000), 1);
	assert_int_equal(db_user_totp_step(f->db, id, 101), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.totp_last_step, 1000);
	/* An unknown user records nothing. */
	assert_int_equal(db_user_totp_step(f->db, id + 1, 5), 0);
}

struct racer {
	struct db	*db;
	int64_t		 id;
	int		 result;
};

static void *
racer_run(void *arg)
{
	struct racer *r = arg;

	r->result = db_user_totp_step(r->db, r->id, 777);
	return NULL;
}

/* The same code presented at once from many threads is accepted once. */
static void
test_totp_step_race(void **state)
{
	struct fixture *f = *state;
	struct racer r[NTHREADS];
	pthread_t t[NTHREADS];
	int64_t id;
	int i, accepted = 0;

	id = mkuser(f->db, "race", ROLE_REVIEWER, DB_USER_ACTIVE);
	for (i = 0; i < NTHREADS; i++) {
		r[i].db = f->db;
		r[i].id = id;
		r[i].result = -2;
		assert_int_equal(pthread_create(&t[i], NULL, racer_run, &r[i]),
		    0);
	}
	for (i = 0; i < NTHREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_true(r[i].result == 0 || r[i].result == 1);
		accepted += r[i].result;
	}
	assert_int_equal(accepted, 1);
}

static void
test_status_roles(void **state)
{
	struct fixture *f = *state;
	struct db_user g;
	int64_t id;

	id = mkuser(f->db, "dewi", ROLE_REVIEWER, DB_USER_PENDING);
	assert_int_equal(db_user_set_status(f->db, id, DB_USER_ACTIVE), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.status, DB_USER_ACTIVE);
	assert_int_equal(db_user_set_status(f->db, id, DB_USER_DISABLED), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.status, DB_USER_DISABLED);
	assert_int_equal(db_user_set_status(f->db, id, DB_USER__MAX), -1);
	assert_int_equal(db_user_set_status(f->db, id + 1, DB_USER_ACTIVE),
	    -1);

	assert_int_equal(db_user_set_roles(f->db, id,
	    ROLE_ADMIN | ROLE_AUDITOR), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.roles, ROLE_ADMIN | ROLE_AUDITOR);
	assert_int_equal(db_user_set_roles(f->db, id, 0), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.roles, 0);
	assert_int_equal(db_user_set_roles(f->db, id + 1, ROLE_ADMIN), -1);
	assert_int_equal(g.status, DB_USER_DISABLED);
}

struct names {
	struct db	*db;
	char		 v[8][DB_NAME_MAX + 1];
	int		 n;
	int		 stop_after;	/* return -1 after this many; 0: never */
};

static int
collect_user(void *arg, const struct db_user *u)
{
	struct names *nm = arg;
	struct db_user again;

	assert_true(nm->n < 8);
	snprintf(nm->v[nm->n++], sizeof(nm->v[0]), "%s", u->username);
	/* The callback may use the store itself. */
	assert_int_equal(db_user_by_id(nm->db, u->id, &again), 1);
	assert_string_equal(again.username, u->username);
	if (nm->stop_after != 0 && nm->n == nm->stop_after)
		return -1;
	return 0;
}

static void
test_user_list(void **state)
{
	struct fixture *f = *state;
	struct names nm;

	memset(&nm, 0, sizeof(nm));
	nm.db = f->db;
	assert_int_equal(db_user_list(f->db, collect_user, &nm), 0);
	assert_int_equal(nm.n, 0);

	mkuser(f->db, "zaki", ROLE_ADMIN, DB_USER_ACTIVE);
	mkuser(f->db, "agus", ROLE_REVIEWER, DB_USER_PENDING);
	mkuser(f->db, "made", ROLE_AUDITOR, DB_USER_DISABLED);
	mkuser(f->db, "a.b", ROLE_AUDITOR, DB_USER_ACTIVE);
	assert_int_equal(db_user_list(f->db, collect_user, &nm), 0);
	assert_int_equal(nm.n, 4);
	assert_string_equal(nm.v[0], "a.b");
	assert_string_equal(nm.v[1], "agus");
	assert_string_equal(nm.v[2], "made");
	assert_string_equal(nm.v[3], "zaki");

	/* fn returning -1 stops the listing, which reports it. */
	memset(&nm, 0, sizeof(nm));
	nm.db = f->db;
	nm.stop_after = 2;
	assert_int_equal(db_user_list(f->db, collect_user, &nm), -1);
	assert_int_equal(nm.n, 2);
}

static void
test_count_role(void **state)
{
	struct fixture *f = *state;
	int64_t n = -1;

	assert_int_equal(db_user_count_role(f->db, ROLE_REVIEWER, &n), 0);
	assert_int_equal(n, 0);
	mkuser(f->db, "r1", ROLE_REVIEWER, DB_USER_ACTIVE);
	mkuser(f->db, "r2", ROLE_REVIEWER | ROLE_CUSTODIAN, DB_USER_ACTIVE);
	mkuser(f->db, "r3", ROLE_REVIEWER, DB_USER_PENDING);
	mkuser(f->db, "r4", ROLE_REVIEWER, DB_USER_DISABLED);
	mkuser(f->db, "a1", ROLE_ADMIN, DB_USER_ACTIVE);
	assert_int_equal(db_user_count_role(f->db, ROLE_REVIEWER, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_user_count_role(f->db, ROLE_CUSTODIAN, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_user_count_role(f->db,
	    ROLE_REVIEWER | ROLE_ADMIN, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(db_user_count_role(f->db, ROLE_AUDITOR, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(db_user_count_role(f->db, 0, &n), 0);
	assert_int_equal(n, 0);
}

struct units {
	int64_t	id[8];
	char	code[8][DB_NAME_MAX + 1];
	char	name[8][DB_TEXT_MAX + 1];
	int	n;
};

static int
collect_unit(void *arg, const struct db_unit *u)
{
	struct units *us = arg;

	assert_true(us->n < 8);
	us->id[us->n] = u->id;
	snprintf(us->code[us->n], sizeof(us->code[0]), "%s", u->code);
	snprintf(us->name[us->n], sizeof(us->name[0]), "%s", u->name);
	us->n++;
	return 0;
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

static void
test_units(void **state)
{
	struct fixture *f = *state;
	struct db_unit u;
	struct units us;
	int64_t a, b;

	memset(&us, 0, sizeof(us));
	assert_int_equal(db_unit_list(f->db, collect_unit, &us), 0);
	assert_int_equal(us.n, 0);

	b = mkunit(f->db, "irban-2", "Inspektur Pembantu II");
	a = mkunit(f->db, "irban-1", "Inspektur Pembantu I");
	assert_true(a != b);
	memset(&u, 0, sizeof(u));
	strcpy(u.code, "irban-1");
	strcpy(u.name, "again");
	assert_int_equal(db_unit_create(f->db, &u), 1);
	memset(&u, 0, sizeof(u));
	assert_int_equal(db_unit_create(f->db, &u), -1);	/* empty code */

	memset(&u, 0, sizeof(u));
	assert_int_equal(db_unit_by_code(f->db, "irban-2", &u), 1);
	assert_int_equal(u.id, b);
	assert_string_equal(u.code, "irban-2");
	assert_string_equal(u.name, "Inspektur Pembantu II");
	assert_int_equal(db_unit_by_code(f->db, "irban-3", &u), 0);

	assert_int_equal(db_unit_list(f->db, collect_unit, &us), 0);
	assert_int_equal(us.n, 2);
	assert_int_equal(us.id[0], a);
	assert_string_equal(us.code[0], "irban-1");
	assert_string_equal(us.name[0], "Inspektur Pembantu I");
	assert_string_equal(us.code[1], "irban-2");
}

static void
test_membership(void **state)
{
	struct fixture *f = *state;
	struct units us;
	int64_t u1, u2, a, b;
	char out[64];

	u1 = mkuser(f->db, "inv1", ROLE_INVESTIGATOR, DB_USER_ACTIVE);
	u2 = mkuser(f->db, "inv2", ROLE_INVESTIGATOR, DB_USER_ACTIVE);
	b = mkunit(f->db, "tim-b", "Tim B");
	a = mkunit(f->db, "tim-a", "Tim A");

	memset(&us, 0, sizeof(us));
	assert_int_equal(db_user_units(f->db, u1, collect_unit, &us), 0);
	assert_int_equal(us.n, 0);

	assert_int_equal(db_unit_add_member(f->db, b, u1), 0);
	assert_int_equal(db_unit_add_member(f->db, b, u1), 0);	/* again */
	assert_int_equal(db_unit_add_member(f->db, a, u1), 0);
	assert_int_equal(db_unit_add_member(f->db, a, u2), 0);
	cli_query(f->path, "SELECT COUNT(*) FROM unit_members", out,
	    sizeof(out));
	assert_string_equal(out, "3");

	assert_int_equal(db_user_units(f->db, u1, collect_unit, &us), 0);
	assert_int_equal(us.n, 2);
	assert_string_equal(us.code[0], "tim-a");
	assert_int_equal(us.id[0], a);
	assert_string_equal(us.code[1], "tim-b");
	assert_string_equal(us.name[1], "Tim B");

	assert_int_equal(db_unit_remove_member(f->db, a, u1), 0);
	assert_int_equal(db_unit_remove_member(f->db, a, u1), 0);
	memset(&us, 0, sizeof(us));
	assert_int_equal(db_user_units(f->db, u1, collect_unit, &us), 0);
	assert_int_equal(us.n, 1);
	assert_string_equal(us.code[0], "tim-b");
	memset(&us, 0, sizeof(us));
	assert_int_equal(db_user_units(f->db, u2, collect_unit, &us), 0);
	assert_int_equal(us.n, 1);
	assert_string_equal(us.code[0], "tim-a");

	/* Unknown unit or user: refused by the foreign keys. */
	assert_int_equal(db_unit_add_member(f->db, a + b + 10, u1), -1);
	assert_int_equal(db_unit_add_member(f->db, a, u1 + u2 + 10), -1);
}

static void
mksession(struct db *db, unsigned char seed, int64_t user,
    int64_t created, int64_t seen)
{
	struct db_session s;

	memset(&s, 0, sizeof(s));
	fill(s.id_hash, sizeof(s.id_hash), seed);
	s.owner_id = user;
	s.created_at = created;
	s.last_seen = seen;
	fill(s.sealed_key, sizeof(s.sealed_key), (unsigned char)(seed + 1));
	s.sealed_key_len = 72;
	assert_int_equal(db_session_create(db, &s), 0);
}

static int
has_session(struct db *db, unsigned char seed)
{
	struct db_session s;
	unsigned char h[32];

	fill(h, sizeof(h), seed);
	return db_session_get(db, h, &s);
}

static void
test_sessions(void **state)
{
	struct fixture *f = *state;
	struct db_session s, g;
	unsigned char h[32];
	int64_t u1, u2;

	u1 = mkuser(f->db, "s1", ROLE_REVIEWER, DB_USER_ACTIVE);
	u2 = mkuser(f->db, "s2", ROLE_REVIEWER, DB_USER_ACTIVE);

	memset(&s, 0, sizeof(s));
	fill(s.id_hash, sizeof(s.id_hash), 40);
	s.owner_id = u1;
	s.created_at = 1000;
	s.last_seen = 1000;
	fill(s.sealed_key, sizeof(s.sealed_key), 41);
	s.sealed_key_len = 88;
	assert_int_equal(db_session_create(f->db, &s), 0);
	memset(&g, 0x77, sizeof(g));
	assert_int_equal(db_session_get(f->db, s.id_hash, &g), 1);
	assert_memory_equal(g.id_hash, s.id_hash, sizeof(g.id_hash));
	assert_int_equal(g.owner_id, u1);
	assert_int_equal(g.created_at, 1000);
	assert_int_equal(g.last_seen, 1000);
	assert_int_equal(g.sealed_key_len, 88);
	assert_memory_equal(g.sealed_key, s.sealed_key, 88);

	/* Refused: the same id, no key, too long a key, an unknown user. */
	assert_int_equal(db_session_create(f->db, &s), -1);
	fill(s.id_hash, sizeof(s.id_hash), 50);
	s.sealed_key_len = 0;
	assert_int_equal(db_session_create(f->db, &s), -1);
	s.sealed_key_len = DB_BLOB_MAX + 1;
	assert_int_equal(db_session_create(f->db, &s), -1);
	s.sealed_key_len = DB_BLOB_MAX;
	s.owner_id = u1 + u2 + 10;
	assert_int_equal(db_session_create(f->db, &s), -1);
	assert_int_equal(db_session_get(f->db, s.id_hash, &g), 0);
	s.owner_id = u2;
	assert_int_equal(db_session_create(f->db, &s), 0);
	assert_int_equal(db_session_get(f->db, s.id_hash, &g), 1);
	assert_int_equal(g.sealed_key_len, DB_BLOB_MAX);

	/* Touch moves last_seen forward only. */
	fill(h, sizeof(h), 40);
	assert_int_equal(db_session_touch(f->db, h, 1300), 0);
	assert_int_equal(db_session_get(f->db, h, &g), 1);
	assert_int_equal(g.last_seen, 1300);
	assert_int_equal(g.created_at, 1000);
	assert_int_equal(db_session_touch(f->db, h, 1200), 0);
	assert_int_equal(db_session_get(f->db, h, &g), 1);
	assert_int_equal(g.last_seen, 1300);

	/* Delete, twice; the other session stays. */
	assert_int_equal(db_session_delete(f->db, h), 0);
	assert_int_equal(db_session_get(f->db, h, &g), 0);
	assert_int_equal(db_session_delete(f->db, h), 0);
	assert_int_equal(db_session_touch(f->db, h, 2000), 0);
	assert_int_equal(db_session_get(f->db, h, &g), 0);
	assert_int_equal(has_session(f->db, 50), 1);

	/* Delete every session of one user. */
	mksession(f->db, 60, u1, 1000, 1000);
	mksession(f->db, 61, u1, 1000, 1000);
	mksession(f->db, 62, u2, 1000, 1000);
	assert_int_equal(db_session_delete_user(f->db, u1), 0);
	assert_int_equal(has_session(f->db, 60), 0);
	assert_int_equal(has_session(f->db, 61), 0);
	assert_int_equal(has_session(f->db, 62), 1);
	assert_int_equal(has_session(f->db, 50), 1);
	assert_int_equal(db_session_delete_user(f->db, u1), 0);
}

static void
test_session_expire(void **state)
{
	struct fixture *f = *state;
	int64_t u;

	u = mkuser(f->db, "e1", ROLE_REVIEWER, DB_USER_ACTIVE);
	/* idle cut-off 5000 (15 min idle), absolute cut-off 1000 (8 h) */
	mksession(f->db, 70, u, 4000, 6000);	/* fresh */
	mksession(f->db, 71, u, 4000, 4999);	/* idle too long */
	mksession(f->db, 72, u, 999, 9000);	/* too old, though active */
	mksession(f->db, 73, u, 1000, 5000);	/* both exactly at the limit */
	assert_int_equal(db_session_expire(f->db, 5000, 1000), 0);
	assert_int_equal(has_session(f->db, 70), 1);
	assert_int_equal(has_session(f->db, 71), 0);
	assert_int_equal(has_session(f->db, 72), 0);
	assert_int_equal(has_session(f->db, 73), 1);
	assert_int_equal(db_session_expire(f->db, 5000, 1000), 0);
	assert_int_equal(has_session(f->db, 70), 1);
	assert_int_equal(db_session_expire(f->db, 6001, 0), 0);
	assert_int_equal(has_session(f->db, 70), 0);
	assert_int_equal(has_session(f->db, 73), 0);
}

/*
 * Values altered behind the store's back that do not fit their fields
 * make the read fail; nothing is truncated.
 */
static void
test_out_of_bounds(void **state)
{
	struct fixture *f = *state;
	struct db_user g;
	struct db_unit un;
	struct names nm;
	char sql[512], name33[DB_NAME_MAX + 2];
	int64_t id;

	id = mkuser(f->db, "victim", ROLE_REVIEWER, DB_USER_ACTIVE);
	mkuser(f->db, "other", ROLE_REVIEWER, DB_USER_ACTIVE);

	/* Exactly DB_NAME_MAX characters still fit. */
	memset(name33, 'n', DB_NAME_MAX);
	name33[DB_NAME_MAX] = '\0';
	snprintf(sql, sizeof(sql), "UPDATE users SET username = '%s'"
	    " WHERE id = %lld", name33, (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_string_equal(g.username, name33);

	/* One more does not. */
	name33[DB_NAME_MAX] = 'n';
	name33[DB_NAME_MAX + 1] = '\0';
	snprintf(sql, sizeof(sql), "UPDATE users SET username = '%s'"
	    " WHERE id = %lld", name33, (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), -1);
	assert_int_equal(db_user_by_name(f->db, name33, &g), -1);
	memset(&nm, 0, sizeof(nm));
	nm.db = f->db;
	assert_int_equal(db_user_list(f->db, collect_user, &nm), -1);
	assert_int_equal(nm.n, 0);
	assert_int_equal(db_user_by_name(f->db, "other", &g), 1);

	/* A wrapped key one byte too long; then exactly the maximum. */
	snprintf(sql, sizeof(sql), "UPDATE users SET username = 'victim',"
	    " sk_by_password = zeroblob(%d) WHERE id = %lld",
	    DB_BLOB_MAX + 1, (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), -1);
	snprintf(sql, sizeof(sql), "UPDATE users SET"
	    " sk_by_password = zeroblob(%d) WHERE id = %lld",
	    DB_BLOB_MAX, (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_int_equal(g.sk_by_password_len, DB_BLOB_MAX);

	/* Fixed-size fields must have their exact size. */
	snprintf(sql, sizeof(sql), "UPDATE users SET"
	    " public_key = zeroblob(31) WHERE id = %lld", (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), -1);
	snprintf(sql, sizeof(sql), "UPDATE users SET public_key = NULL,"
	    " roles = -1 WHERE id = %lld", (long long)id);
	assert_int_not_equal(cli_run(f->path, sql), 0);	/* CHECK */
	snprintf(sql, sizeof(sql), "UPDATE users SET public_key = NULL,"
	    " display_name = 'a' || char(0) || 'b' WHERE id = %lld",
	    (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), -1);
	snprintf(sql, sizeof(sql), "UPDATE users SET display_name = 'ab'"
	    " WHERE id = %lld", (long long)id);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_user_by_id(f->db, id, &g), 1);
	assert_string_equal(g.display_name, "ab");

	/* Units and sessions too. */
	mkunit(f->db, "u", "Unit");
	snprintf(sql, sizeof(sql), "UPDATE units SET"
	    " name = replace(hex(zeroblob(%d)), '00', 'x') WHERE code = 'u'",
	    DB_TEXT_MAX + 1);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(db_unit_by_code(f->db, "u", &un), -1);
	id = mkuser(f->db, "sess", ROLE_REVIEWER, DB_USER_ACTIVE);
	mksession(f->db, 80, id, 1, 1);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET"
	    " sealed_key = zeroblob(%d)", DB_BLOB_MAX + 1);
	assert_int_equal(cli_run(f->path, sql), 0);
	assert_int_equal(has_session(f->db, 80), -1);
}

/* The schema's own constraints, checked with the engine directly. */
static void
test_schema_constraints(void **state)
{
	struct fixture *f = *state;
	char out[64], sql[256];
	int64_t u, a;

	u = mkuser(f->db, "c1", ROLE_REVIEWER, DB_USER_ACTIVE);
	a = mkunit(f->db, "c", "C");
	assert_int_equal(db_unit_add_member(f->db, a, u), 0);
	mksession(f->db, 90, u, 1, 1);
	assert_int_not_equal(cli_run(f->path, "UPDATE users SET status = 3"),
	    0);
	assert_int_not_equal(cli_run(f->path,
	    "UPDATE users SET username = NULL"), 0);
	assert_int_not_equal(cli_run(f->path,
	    "UPDATE sessions SET sealed_key = NULL"), 0);
	assert_int_not_equal(cli_run(f->path,
	    "UPDATE sessions SET id_hash = zeroblob(31)"), 0);
	/* Deleting a user takes its sessions and memberships with it. */
	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = ON;"
	    " DELETE FROM users WHERE id = %lld", (long long)u);
	assert_int_equal(cli_run(f->path, sql), 0);
	cli_query(f->path, "SELECT (SELECT COUNT(*) FROM sessions) ||"
	    " (SELECT COUNT(*) FROM unit_members) ||"
	    " (SELECT COUNT(*) FROM units)", out, sizeof(out));
	assert_string_equal(out, "001");
	assert_int_equal(has_session(f->db, 90), 0);
	cli_query(f->path, "SELECT COUNT(*) FROM sqlite_master WHERE"
	    " type = 'index' AND name IN ('users_enrol_hash',"
	    " 'sessions_user', 'sessions_last_seen')", out, sizeof(out));
	assert_string_equal(out, "3");
}

/* A database made by the first release (schema version 1) upgrades. */
static void
test_migrate_from_v1(void **state)
{
	struct fixture *f = *state;
	struct db *db = NULL;
	char path[1100], err[256], out[64];
	int v = -1;
	int64_t id;

	snprintf(path, sizeof(path), "%s/v1.db", f->dir);
	assert_int_equal(cli_run(path,
	    "PRAGMA journal_mode = WAL;"
	    " CREATE TABLE schema_migrations ("
	    "  version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);"
	    " CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    " INSERT INTO schema_migrations VALUES"
	    "  (1, '2024-01-01T00:00:00Z');"
	    " INSERT INTO meta VALUES ('kept', 'yes');"), 0);
	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db, &v), 0);
	assert_int_equal(v, db_schema_latest());
	assert_true(v >= 2);
	assert_int_equal(db_meta_get(db, "kept", out, sizeof(out)), 1);
	assert_string_equal(out, "yes");
	id = mkuser(db, "first", ROLE_ADMIN, DB_USER_PENDING);
	db_close(db);

	cli_query(path, "SELECT group_concat(version) FROM"
	    " (SELECT version FROM schema_migrations ORDER BY version)",
	    out, sizeof(out));
	assert_int_equal(strncmp(out, "1,2", 3), 0);
	cli_query(path, "SELECT applied_at FROM schema_migrations"
	    " WHERE version = 1", out, sizeof(out));
	assert_string_equal(out, "2024-01-01T00:00:00Z");
	assert_int_equal(db_open(&db, path, 0, err, sizeof(err)), 0);
	{
		struct db_user g;

		assert_int_equal(db_user_by_id(db, id, &g), 1);
		assert_string_equal(g.username, "first");
	}
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_user_create_lookup,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_create_invalid,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_totp_step, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_totp_step_race, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_status_roles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_user_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_role, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_membership, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_session_expire, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_out_of_bounds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_schema_constraints,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v1, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
