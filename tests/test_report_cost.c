/*
 * test_report_cost.c: the access code's own Argon2id cost. New reports
 * record the configured cost; a code made under an earlier cost still
 * opens its report after the setting changes; reports made before
 * costs were recorded (as a store migrated from version 6 holds them)
 * are given the [auth] cost at the next start and open with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "report.h"
#include "totp.h"
#include "testutil.h"

#define PW	"kata sandi penelaah panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;
static const struct auth_source src = { { 10, 9, 9, 9 }, 4 };

static void
tweak(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 32;		/* the [auth] cost: legacy codes */
	c->code_kdf_ops = 1;
	c->code_kdf_mem_kib = 32;
}

static int
setup(void **state)
{
	unsigned char secret[TOTP_SECRET_BYTES];

	(void)state;
	srv = tu_server_start(tweak, NULL, 0);
	tu_enrol(srv, "penelaah", ROLE_REVIEWER, PW, &clk, secret, NULL,
	    NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_server_stop(srv);
	return 0;
}

static void
submit(struct app *a, struct report_receipt *rc)
{
	struct report_input in;

	memset(&in, 0, sizeof(in));
	in.category = "lainnya";
	in.text[RF_TITLE] = "Judul";
	in.text[RF_WHAT] = "Apa yang terjadi";
	assert_int_equal(report_submit(a, &src, &in, NULL, 0, rc), REPORT_OK);
}

static enum report_result
login(struct app *a, const char *code)
{
	char token[CRYPTO_TOKEN_TEXT];
	unsigned ra;

	return report_login(a, &src, code, token, &ra);
}

/* The cost stored with a report. */
static void
stored_cost(struct app *a, const char *reg, unsigned *ops, unsigned *mem)
{
	struct db_report r;

	assert_int_equal(db_report_by_registration(a->db, reg, &r), 1);
	*ops = r.code_ops;
	*mem = r.code_mem_kib;
	db_report_clear(&r);
}

static void
test_cost_change_keeps_codes(void **state)
{
	struct report_receipt old, new;
	unsigned ops, mem;

	(void)state;
	submit(srv->app, &old);
	stored_cost(srv->app, old.registration, &ops, &mem);
	assert_int_equal(ops, 1);
	assert_int_equal(mem, 32);
	/* the operator lowers the cost (as at a restart) */
	srv->cfg.code_kdf_mem_kib = 16;
	assert_int_equal(report_costs_load(srv->app), 0);
	assert_int_equal(srv->app->ncode_costs, 2);
	submit(srv->app, &new);
	stored_cost(srv->app, new.registration, &ops, &mem);
	assert_int_equal(mem, 16);
	/* both codes open their reports; a wrong one still fails */
	assert_int_equal(login(srv->app, old.code), REPORT_OK);
	assert_int_equal(login(srv->app, new.code), REPORT_OK);
	assert_int_equal(login(srv->app, "1111 2222 3333 4444 5555"),
	    REPORT_FAIL);
}

/* Runs SQL on the store with the sqlite3 shell (a Debian package). */
static void
sql(const char *db, const char *stmt)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", db, stmt);
	assert_int_equal(system(cmd), 0);
}

static void
test_legacy_reports_get_auth_cost(void **state)
{
	struct report_receipt old;
	struct wbs_config cfg;
	struct app *a = NULL;
	char path[1100], err[512];
	unsigned ops, mem;

	(void)state;
	submit(srv->app, &old);
	/* as a store made before version 7 holds it: no cost recorded */
	snprintf(path, sizeof(path), "%s/wbs.db", srv->cfg.data_dir);
	sql(path, "UPDATE reports SET code_ops = 0, code_mem_kib = 0;"
	    " DELETE FROM code_costs; INSERT INTO code_costs VALUES (0, 0);");
	/* a new start, with a different access-code cost configured */
	cfg = srv->cfg;
	cfg.code_kdf_ops = 2;
	cfg.code_kdf_mem_kib = 8;
	assert_int_equal(app_open(&a, &cfg, err, sizeof(err)), 0);
	stored_cost(a, old.registration, &ops, &mem);
	assert_int_equal(ops, 1);	/* the [auth] cost of the time */
	assert_int_equal(mem, 32);
	assert_int_equal(login(a, old.code), REPORT_OK);
	assert_int_equal(login(a, "1111 2222 3333 4444 5555"), REPORT_FAIL);
	app_close(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cost_change_keeps_codes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_legacy_reports_get_auth_cost, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
