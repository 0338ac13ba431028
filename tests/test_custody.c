/*
 * test_custody.c: no mix of roles opens an identity. A custodian cannot
 * also be a reviewer or an investigator (refused by the use case and on
 * the admin page, the roles given are audited); an account that holds
 * both from before still reads an identity only through an approved
 * request; resetting the custodian who alone holds identity keys is
 * refused, since it would destroy them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "db_audit.h"
#include "report.h"
#include "totp.h"
#include "testutil.h"

#define PW	"kata sandi petugas panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;
static const char *const form_ct =
    "Content-Type: application/x-www-form-urlencoded";

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_server_stop(srv);
	return 0;
}

struct who {
	char	token[CRYPTO_TOKEN_TEXT];
	char	cookie[128];
	char	csrf[64];
	int64_t	id;
};

static void
staff(const char *name, unsigned roles, struct who *w)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	const char *hdr[2];
	struct db_user u;
	struct tu_resp r;

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL, w->token);
	snprintf(w->cookie, sizeof(w->cookie), "Cookie: wbs_staff=%s",
	    w->token);
	hdr[0] = w->cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/account", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(tu_input_value(r.body, "csrf", w->csrf,
	    sizeof(w->csrf)), 0);
	tu_resp_free(&r);
	assert_int_equal(db_user_by_name(srv->app->db, name, &u), 1);
	w->id = u.id;
}

/* A report with an identity, filed over the API. */
static void
report_with_identity(void)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	const char *body = "{\"category\":\"korupsi\",\"title\":\"T\","
	    "\"what\":\"W\",\"identity\":{\"name\":\"Siti Rahayu\"}}";
	struct tu_resp r;

	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", h, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
}

static void
test_role_conflict_refused(void **state)
{
	char tok[CRYPTO_TOKEN_TEXT], body[512], detail[64];
	const char *h[3];
	struct db_audit_query q;
	struct db_audit_row *rows = NULL;
	struct tu_resp r;
	struct who admin;
	size_t n = 0;

	(void)state;
	assert_int_equal(auth_user_create(srv->app->auth, "campur", "Campur",
	    ROLE_CUSTODIAN | ROLE_REVIEWER, NULL, tok, NULL),
	    AUTH_ROLE_CONFLICT);
	assert_int_equal(auth_user_create(srv->app->auth, "campur", "Campur",
	    ROLE_CUSTODIAN | ROLE_INVESTIGATOR, NULL, tok, NULL),
	    AUTH_ROLE_CONFLICT);
	/* the admin page says why, and keeps nothing */
	staff("admin2", ROLE_ADMIN, &admin);
	h[0] = admin.cookie;
	h[1] = form_ct;
	h[2] = NULL;
	snprintf(body, sizeof(body), "csrf=%s&username=campur&"
	    "role_reviewer=1&role_custodian=1", admin.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/admin/users", h, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "Kustodian tidak boleh"));
	assert_null(strstr(r.body, "/staff/enrol/"));
	tu_resp_free(&r);
	{
		struct db_user u;

		assert_int_equal(db_user_by_name(srv->app->db, "campur", &u),
		    0);
	}
	/* a custodian alone is made, and the trail records its roles */
	snprintf(body, sizeof(body), "csrf=%s&username=inspektur&"
	    "role_custodian=1&role_auditor=1", admin.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/admin/users", h, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	memset(&q, 0, sizeof(q));
	snprintf(q.action, sizeof(q.action), "user_created");
	q.actor = admin.id;
	q.limit = 5;
	assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n), 0);
	assert_int_equal(n, 1);
	snprintf(detail, sizeof(detail), "%s", rows[0].detail);
	free(rows);
	assert_string_equal(detail, "roles-custodian-auditor");
}

struct req_find {
	int64_t	requester;
	int64_t	rid;
};

static int
req_find_cb(void *arg, const struct db_idreq *q)
{
	struct req_find *f = arg;

	if (q->requester == f->requester)
		f->rid = q->id;
	return 0;
}

/*
 * An account that is reviewer and custodian from before the rule (the
 * store allows it) holds both keys, yet reads the identity only after an
 * approved request of its own.
 */
static void
test_mixed_account_needs_request(void **state)
{
	struct who mixed, cust;
	struct auth_session s;
	char *out[IF__MAX];
	const char *h[2];
	struct tu_resp r;
	size_t i;

	(void)state;
	staff("kustodian", ROLE_CUSTODIAN, &cust);
	staff("campur", ROLE_REVIEWER, &mixed);
	assert_int_equal(db_user_set_roles(srv->app->db, mixed.id,
	    ROLE_REVIEWER | ROLE_CUSTODIAN), 0);
	report_with_identity();
	/* it holds the identity key (sealed to custodians)... */
	assert_int_equal(auth_session_load(srv->app->auth, mixed.token, clk,
	    &s), 1);
	{
		struct db_sealed sl;

		assert_int_equal(db_identity_key(srv->app->db, 1, mixed.id,
		    &sl), 1);
	}
	/* ...yet neither the use case nor the page opens it */
	assert_int_equal(case_identity_held(srv->app, &s, 1), 0);
	assert_int_equal(case_identity_view(srv->app, &s, 1, out),
	    CASE_DENIED);
	h[0] = mixed.cookie;
	h[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/identitas", h,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body, "Siti Rahayu"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", h, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "/staff/laporan/1/identitas\""));
	tu_resp_free(&r);
	/* after a request and another custodian's approval, it may */
	{
		enum wf_error werr;

		assert_int_equal(case_transition(srv->app, &s, 1, WF_REVIEW,
		    NULL, &werr), CASE_OK);
	}
	assert_int_equal(case_identity_request(srv->app, &s, 1,
	    "Perlu klarifikasi langsung"), CASE_OK);
	{
		struct auth_session cs;
		struct req_find f = { mixed.id, 0 };

		assert_int_equal(db_idreq_list_for_report(srv->app->db, 1,
		    req_find_cb, &f), 0);
		assert_true(f.rid > 0);
		/* nobody decides on their own request, custodian or not */
		assert_int_equal(case_identity_decide(srv->app, &s, f.rid, 1,
		    "sendiri"), CASE_DENIED);
		assert_int_equal(auth_session_load(srv->app->auth, cust.token,
		    clk, &cs), 1);
		/* a decision needs a reason */
		assert_int_equal(case_identity_decide(srv->app, &cs, f.rid, 1,
		    ""), CASE_INVALID);
		assert_int_equal(case_identity_decide(srv->app, &cs, f.rid, 1,
		    NULL), CASE_INVALID);
		assert_int_equal(case_identity_decide(srv->app, &cs, f.rid, 1,
		    "Klarifikasi langsung diperlukan"), CASE_OK);
		auth_session_wipe(&cs);
	}
	assert_int_equal(case_identity_view(srv->app, &s, 1, out), CASE_OK);
	assert_string_equal(out[IF_NAME], "Siti Rahayu");
	for (i = 0; i < IF__MAX; i++)
		free(out[i]);
	auth_session_wipe(&s);
}

static void
test_sole_custodian_reset_refused(void **state)
{
	char tok[CRYPTO_TOKEN_TEXT], body[256], path[64];
	struct who admin, a, b, rev;
	const char *h[3];
	struct tu_resp r;

	(void)state;
	staff("admin2", ROLE_ADMIN, &admin);
	staff("penelaah", ROLE_REVIEWER, &rev);
	staff("kustodian-a", ROLE_CUSTODIAN, &a);
	report_with_identity();		/* its identity key: a's alone */
	staff("kustodian-b", ROLE_CUSTODIAN, &b);
	assert_int_equal(auth_user_reset(srv->app->auth, a.id, tok),
	    AUTH_SOLE_CUSTODIAN);
	h[0] = admin.cookie;
	h[1] = form_ct;
	h[2] = NULL;
	snprintf(path, sizeof(path), "/staff/admin/users/%lld/reset",
	    (long long)a.id);
	snprintf(body, sizeof(body), "csrf=%s", admin.csrf);
	assert_int_equal(tu_http(srv, "POST", path, h, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "kunci pemulihan"));
	tu_resp_free(&r);
	/* a's keys are intact: the account still logs in and decides */
	{
		struct db_sealed sl;

		assert_int_equal(db_identity_key(srv->app->db, 1, a.id, &sl),
		    1);
	}
	/* b, enrolled after the report, holds none: b may be reset */
	assert_int_equal(auth_user_reset(srv->app->auth, b.id, tok), AUTH_OK);
	(void)rev;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_role_conflict_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mixed_account_needs_request, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sole_custodian_reset_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
