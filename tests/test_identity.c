/*
 * test_identity.c: identity custody. With the database, the key file
 * and a handler's own keys (password) but no approval, the reporter's
 * identity cannot be decrypted: checked at the crypto level, not only
 * through HTTP. After a custodian's approval it can, the reporter's
 * timeline says so, and the audit trail holds the request, the decision
 * and the view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "report.h"
#include "report_internal.h"
#include "totp.h"
#include "testutil.h"

#define PW	"kata sandi petugas panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

struct who {
	char	token[CRYPTO_TOKEN_TEXT];
	char	cookie[128];
	char	csrf[64];
};

static void
staff(const char *name, unsigned roles, struct who *w)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	const char *hdr[2];
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
}

/* Everything the reviewer holds cannot open the identity. */
static void
assert_unreadable(const struct auth_session *s, int64_t report_id)
{
	struct db_report rep;
	struct db_sealed sl;
	unsigned char key[32], *sk, ik[32];
	size_t len;
	char *out[3];

	assert_int_equal(db_report_by_id(srv->app->db, report_id, &rep), 1);
	assert_non_null(rep.identity);
	/* the report key does not open the identity record */
	assert_int_equal(report_staff_key(srv->app, s, report_id, key),
	    REPORT_OK);
	assert_null(rpt_open(key, "wbsident", "identity", rep.identity,
	    rep.identity_len, &len));
	/* no identity key is sealed to the reviewer */
	assert_int_equal(db_identity_key(srv->app->db, report_id, s->user.id,
	    &sl), 0);
	/* and the custodian's sealed copy does not open with the reviewer's
	 * private key */
	{
		struct db_user cu;

		assert_int_equal(db_user_by_name(srv->app->db, "inspektur",
		    &cu), 1);
		assert_int_equal(db_identity_key(srv->app->db, report_id,
		    cu.id, &sl), 1);
	}
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	assert_int_equal(auth_session_sk(srv->app->auth, s, sk), 0);
	assert_int_equal(crypto_unseal(ik, sl.sealed, sl.sealed_len,
	    s->user.public_key, sk), -1);
	crypto_secure_free(sk);
	assert_int_equal(case_identity_view(srv->app, s, report_id, out),
	    CASE_DENIED);
	db_report_clear(&rep);
}

struct audit_seen {
	int	request, decision, view;
};

static int
audit_cb(void *arg, const struct audit_record *rec)
{
	struct audit_seen *a = arg;

	if (rec->action == AUDIT_IDENTITY_REQUEST)
		a->request++;
	if (rec->action == AUDIT_IDENTITY_DECISION)
		a->decision++;
	if (rec->action == AUDIT_IDENTITY_VIEW)
		a->view++;
	return 0;
}

static void
test_custody(void **state)
{
	const char *json[] = { "Content-Type: application/json", NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":\"Suap\","
	    "\"what\":\"Suap perizinan\",\"identity\":{\"name\":"
	    "\"Nama Rahasia Pelapor\",\"contact\":\"0812-rahasia\"}}";
	struct who rev, cus, inv;
	struct auth_session s;
	struct tu_resp r;
	char body[512], auth[128], rid[32], *p;
	const char *hdr[3] = { NULL, NULL, NULL };
	const char *rhdr[2] = { auth, NULL };
	struct audit_filter f;
	struct audit_seen seen = { 0, 0, 0 };
	int64_t bad, n;

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff("inspektur", ROLE_CUSTODIAN, &cus);
	staff("penelaah", ROLE_REVIEWER, &rev);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"access_code\":\"");
	snprintf(body, sizeof(body), "{\"access_code\":\"%.24s\"}", p + 15);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    body, strlen(body), &r), 0);
	p = strstr(r.body, "\"token\":\"") + 9;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
	    (int)strcspn(p, "\""), p);
	tu_resp_free(&r);
	staff("pemeriksa", ROLE_INVESTIGATOR, &inv);

	/* before any approval: unreadable, by any path */
	assert_int_equal(auth_session_load(srv->app->auth, rev.token, clk, &s),
	    1);
	assert_unreadable(&s, 1);
	hdr[0] = rev.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/identitas", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body, "Nama Rahasia"));
	tu_resp_free(&r);
	/* a handler without the report's key cannot even ask */
	hdr[0] = inv.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "csrf=%s&justification=ingin+tahu",
	    inv.csrf);
	assert_int_equal(tu_http(srv, "POST",
	    "/staff/laporan/1/identitas/minta", hdr, body, strlen(body), &r),
	    0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	/* not before the review has started: 409, nothing asked */
	hdr[0] = rev.cookie;
	snprintf(body, sizeof(body), "csrf=%s&justification=Perlu+"
	    "memanggil+pelapor+sebagai+saksi+kunci", rev.csrf);
	assert_int_equal(tu_http(srv, "POST",
	    "/staff/laporan/1/identitas/minta", hdr, body, strlen(body), &r),
	    0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	{
		char t[128];

		snprintf(t, sizeof(t), "csrf=%s&to=review", rev.csrf);
		assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap",
		    hdr, t, strlen(t), &r), 0);
		assert_int_equal(r.status, 200);
		tu_resp_free(&r);
	}
	/* the reviewer asks, once */
	assert_int_equal(tu_http(srv, "POST",
	    "/staff/laporan/1/identitas/minta", hdr, body, strlen(body), &r),
	    0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST",
	    "/staff/laporan/1/identitas/minta", hdr, body, strlen(body), &r),
	    0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* the justification is not in the store in plain text */
	assert_false(tu_dir_contains(srv->cfg.data_dir, "saksi kunci", 11));
	/* still unreadable while pending */
	assert_unreadable(&s, 1);

	/* the custodian reads the justification and approves */
	hdr[0] = cus.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/identitas", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "saksi kunci"));
	/* with the case's context */
	assert_non_null(strstr(r.body, "WBS-"));
	p = strstr(r.body, "/staff/identitas/");
	assert_non_null(p);
	snprintf(rid, sizeof(rid), "%.*s", (int)strcspn(p + 17, "/"), p + 17);
	tu_resp_free(&r);
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "/staff/identitas/%s/putuskan", rid);
	{
		char form[256];

		snprintf(form, sizeof(form), "csrf=%s&decision=maybe&reason=r",
		    cus.csrf);
		assert_int_equal(tu_http(srv, "POST", body, hdr, form,
		    strlen(form), &r), 0);
		assert_int_equal(r.status, 400);
		tu_resp_free(&r);
		/* without a reason: refused, nothing decided */
		snprintf(form, sizeof(form), "csrf=%s&decision=approve",
		    cus.csrf);
		assert_int_equal(tu_http(srv, "POST", body, hdr, form,
		    strlen(form), &r), 0);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "alasan keputusan"));
		tu_resp_free(&r);
		snprintf(form, sizeof(form), "csrf=%s&decision=approve&"
		    "reason=Konfirmasi+saksi+diperlukan", cus.csrf);
		assert_int_equal(tu_http(srv, "POST", body, hdr, form,
		    strlen(form), &r), 0);
		assert_int_equal(r.status, 200);
		tu_resp_free(&r);
		/* decided once only */
		assert_int_equal(tu_http(srv, "POST", body, hdr, form,
		    strlen(form), &r), 0);
		assert_int_equal(r.status, 409);
		tu_resp_free(&r);
	}

	/* now the reviewer, and only the reviewer, can read it */
	{
		char *out[3];
		size_t i;

		assert_int_equal(case_identity_view(srv->app, &s, 1, out),
		    CASE_OK);
		assert_string_equal(out[0], "Nama Rahasia Pelapor");
		for (i = 0; i < 3; i++)
			free(out[i]);
	}
	hdr[0] = rev.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/identitas", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Nama Rahasia Pelapor"));
	tu_resp_free(&r);
	hdr[0] = inv.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/identitas", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	auth_session_wipe(&s);

	/* the reporter is told, without a name */
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", rhdr,
	    NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "identity_opened"));
	assert_null(strstr(r.body, "penelaah"));
	tu_resp_free(&r);
	/* and on the status page, in the warning box of its own */
	{
		char ck[256];
		const char *ch[] = { ck, NULL };

		snprintf(ck, sizeof(ck), "Cookie: wbs_report=%s",
		    rhdr[0] + strlen("Authorization: Bearer "));
		assert_int_equal(tu_http(srv, "GET", "/status/laporan", ch,
		    NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "alert alert-warn"));
		assert_non_null(strstr(r.body,
		    "<strong>Identitas Anda dibuka untuk penanganan</strong>"));
		tu_resp_free(&r);
	}

	/* the trail: request, decision, view; intact */
	memset(&f, 0, sizeof(f));
	f.action = -1;
	f.object_type = AUDIT_OBJ_REPORT;
	f.object_id = 1;
	f.limit = 200;
	assert_int_equal(audit_list(srv->app->db, &f, audit_cb, &seen), 0);
	assert_true(seen.request >= 1);
	assert_int_equal(seen.decision, 1);
	assert_true(seen.view >= 1);
	assert_int_equal(audit_verify(srv->app->db, &bad, &n), 0);
	tu_server_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_custody),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
