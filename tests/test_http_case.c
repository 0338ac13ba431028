/*
 * test_http_case.c: the handler's side of the reporter's journey over
 * HTTP: a reviewer sees a new report on the dashboard, opens it
 * (decrypted with the reviewer's own key), writes a question that the
 * reporter reads, and reads the reporter's answer. A handler holding no
 * key for the report cannot open it, whatever the role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "crypto.h"
#include "db.h"
#include "db_audit.h"
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

static const char *const json[] = { "Content-Type: application/json", NULL };

/* "Cookie: wbs_staff=TOKEN" and the page's CSRF token for an account. */
struct staff {
	char		cookie[128];
	char		csrf[64];
	char		name[33];
	unsigned char	secret[TOTP_SECRET_BYTES];
};

/* st grants report id's key to user_id with the case page's form. */
static void
grant_form(const struct staff *st, int64_t id, int64_t user_id, long want)
{
	const char *h[] = { st->cookie,
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	char path[64], body[128];
	struct tu_resp r;

	snprintf(path, sizeof(path), "/staff/laporan/%lld/akses",
	    (long long)id);
	snprintf(body, sizeof(body), "csrf=%s&user=%lld", st->csrf,
	    (long long)user_id);
	assert_int_equal(tu_http(srv, "POST", path, h, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, want);
	tu_resp_free(&r);
}

/* Records of action in the trail. */
static size_t
audit_count(const char *action)
{
	struct db_audit_query q;
	struct db_audit_row *rows = NULL;
	size_t n = 0;

	memset(&q, 0, sizeof(q));
	snprintf(q.action, sizeof(q.action), "%s", action);
	q.limit = 200;
	assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n), 0);
	free(rows);
	return n;
}

/* 1 when the trail holds a grant to user_id made by the account actor. */
static int
grant_audited(const char *actor, int64_t user_id)
{
	struct db_audit_query q;
	struct db_audit_row *rows = NULL;
	struct db_user u;
	size_t n = 0;

	assert_int_equal(db_user_by_name(srv->app->db, actor, &u), 1);
	memset(&q, 0, sizeof(q));
	snprintf(q.action, sizeof(q.action), "grant");
	q.actor = u.id;
	q.object_id = user_id;
	q.limit = 10;
	assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n), 0);
	free(rows);
	return n > 0;
}

/* The cookie's CSRF token, from a page that has the logout form. */
static void
fetch_csrf(struct staff *st)
{
	const char *hdr[2] = { st->cookie, NULL };
	struct tu_resp r;

	assert_int_equal(tu_http(srv, "GET", "/staff/account", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(tu_input_value(r.body, "csrf", st->csrf,
	    sizeof(st->csrf)), 0);
	tu_resp_free(&r);
}

/* Logs an enrolled account in again (after its session expired). */
static void
staff_relogin(struct staff *st)
{
	static const struct auth_source src = { { 10, 7, 7, 7 }, 4 };
	char token[CRYPTO_TOKEN_TEXT], code[8];
	unsigned retry;

	clk += TOTP_STEP;
	auth_set_clock(srv->app->auth, clk);
	assert_int_equal(totp_code(st->secret, clk, code), 0);
	assert_int_equal(auth_login(srv->app->auth, &src, st->name, PW, code,
	    token, &retry), AUTH_OK);
	snprintf(st->cookie, sizeof(st->cookie), "Cookie: wbs_staff=%s", token);
	fetch_csrf(st);
}

static void
staff_login(const char *name, unsigned roles, struct staff *st)
{
	char token[CRYPTO_TOKEN_TEXT];

	snprintf(st->name, sizeof(st->name), "%s", name);
	tu_enrol(srv, name, roles, PW, &clk, st->secret, NULL, token);
	snprintf(st->cookie, sizeof(st->cookie), "Cookie: wbs_staff=%s", token);
	fetch_csrf(st);
}

static void
test_handler_question_reporter_answer(void **state)
{
	struct staff rev, inv, cus;
	struct tu_resp r;
	char auth[128], body[256], *p, *id;
	const char *rep_hdr[3] = { auth, NULL, NULL };
	const char *hdr[3] = { NULL, NULL, NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":"
	    "\"Proyek jalan desa\",\"what\":\"Volume aspal dikurangi\","
	    "\"who\":\"Pelaksana proyek\"}";

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah", ROLE_REVIEWER, &rev);
	staff_login("inspektur", ROLE_CUSTODIAN, &cus);

	/* the reporter files a report and logs in */
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"access_code\":\"");
	assert_non_null(p);
	snprintf(body, sizeof(body), "{\"access_code\":\"%.24s\"}", p + 15);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"token\":\"") + 9;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
	    (int)strcspn(p, "\""), p);
	tu_resp_free(&r);

	/* an investigator enrolled later holds no key for it */
	staff_login("pemeriksa", ROLE_INVESTIGATOR, &inv);

	/* the reviewer's dashboard lists it, without its content */
	hdr[0] = rev.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff", hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	p = strstr(r.body, "/staff/laporan/");
	assert_non_null(p);
	id = strndup(p, strcspn(p, "\""));
	assert_non_null(strstr(r.body, "WBS-"));
	assert_null(strstr(r.body, "Volume aspal"));
	tu_resp_free(&r);
	/* the case page decrypts it */
	assert_int_equal(tu_http(srv, "GET", id, hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.body, "Volume aspal dikurangi"));
	assert_non_null(strstr(r.body, "Pelaksana proyek"));
	tu_resp_free(&r);
	/* a question for the reporter */
	snprintf(body, sizeof(body), "%s/pesan", id);
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	hdr[2] = NULL;
	{
		char form[256], path[256];

		snprintf(path, sizeof(path), "%s", body);
		snprintf(form, sizeof(form), "csrf=%s&body=Kapan+tepatnya+"
		    "pekerjaan+itu+selesai%%3F", rev.csrf);
		assert_int_equal(tu_http(srv, "POST", path, hdr, form,
		    strlen(form), &r), 0);
		assert_int_equal(r.status, 200);
		tu_resp_free(&r);
		/* without CSRF: refused */
		assert_int_equal(tu_http(srv, "POST", path, hdr,
		    "body=x", 6, &r), 0);
		assert_int_equal(r.status, 403);
		tu_resp_free(&r);
	}
	/* the reporter reads it and answers */
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report",
	    rep_hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "Kapan tepatnya pekerjaan itu selesai?"));
	assert_non_null(strstr(r.body, "\"from\":\"handler\""));
	tu_resp_free(&r);
	clk += 60;
	auth_set_clock(srv->app->auth, clk);
	rep_hdr[1] = json[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages",
	    rep_hdr, "{\"body\":\"Akhir Februari.\"}", 26, &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	hdr[1] = NULL;
	/* the dashboard shows the unread answer until the case is opened */
	assert_int_equal(tu_http(srv, "GET", "/staff", hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "1 balasan baru"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", id, hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "Akhir Februari."));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff", hdr, NULL, 0, &r), 0);
	assert_null(strstr(r.body, "balasan baru"));
	tu_resp_free(&r);
	/* a filter by an unknown unit is refused clearly */
	assert_int_equal(tu_http(srv, "GET", "/staff?unit=tidak-ada", hdr, NULL,
	    0, &r), 0);
	assert_non_null(strstr(r.body, "Saringan tidak sah"));
	tu_resp_free(&r);

	/* no key, no access: the investigator gets 403, and so does a
	 * custodian (whose role does not open reports at all) */
	hdr[0] = inv.cookie;
	assert_int_equal(tu_http(srv, "GET", id, hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body, "Volume aspal"));
	tu_resp_free(&r);
	hdr[0] = cus.cookie;
	assert_int_equal(tu_http(srv, "GET", id, hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	/* bad ids */
	hdr[0] = rev.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/0", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/99999", hdr, NULL,
	    0, &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET",
	    "/staff/laporan/99999999999999999999999", hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	free(id);
	tu_server_stop(srv);
}

/* The reviewer moves a report along; the reporter sees each step. */
static void
test_review_and_close(void **state)
{
	struct staff rev;
	struct tu_resp r;
	char auth[128], body[512], path[128], *p;
	const char *rep_hdr[2] = { auth, NULL };
	const char *hdr[3] = { NULL, NULL, NULL };
	const char *report = "{\"category\":\"lainnya\",\"title\":"
	    "\"Parkir liar\",\"what\":\"Pungutan parkir\"}";

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah2", ROLE_REVIEWER, &rev);
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

	hdr[0] = rev.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	hdr[2] = NULL;
	snprintf(path, sizeof(path), "/staff/laporan/1/tahap");
	/* a step not in the table: received -> archived */
	snprintf(body, sizeof(body), "csrf=%s&to=archived&reason=x", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* an unknown stage name */
	snprintf(body, sizeof(body), "csrf=%s&to=nowhere", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	/* start the review */
	snprintf(body, sizeof(body), "csrf=%s&to=review", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* ask the reporter to complete: the report waits with its own deadline */
	snprintf(body, sizeof(body), "csrf=%s&body=Lokasi+parkir+di+mana%%3F",
	    rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/lengkapi", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Menunggu kelengkapan"));
	tu_resp_free(&r);
	{
		const char *h1[2] = { rev.cookie, NULL };

		assert_int_equal(tu_http(srv, "GET", "/staff", h1, NULL, 0, &r),
		    0);
		assert_non_null(strstr(r.body, "menunggu pelapor"));
		tu_resp_free(&r);
	}
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report",
	    rep_hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "completion_requested"));
	assert_non_null(strstr(r.body, "Lokasi parkir di mana?"));
	tu_resp_free(&r);
	clk += 60;
	auth_set_clock(srv->app->auth, clk);
	{
		const char *h2[3] = { auth, json[0], NULL };

		assert_int_equal(tu_http(srv, "POST",
		    "/api/v1/reporter/messages", h2,
		    "{\"body\":\"Di depan pasar.\"}", 26, &r), 0);
		assert_int_equal(r.status, 201);
		tu_resp_free(&r);
	}
	{
		const char *h1[2] = { rev.cookie, NULL };

		assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", h1,
		    NULL, 0, &r), 0);
		assert_null(strstr(r.body, "Menunggu kelengkapan"));
		tu_resp_free(&r);
	}
	/* the same step again: the stage has moved on */
	snprintf(body, sizeof(body), "csrf=%s&to=review", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* forwarding needs the checklist and a unit: refused for now */
	snprintf(body, sizeof(body), "csrf=%s&to=forwarded", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* closing needs a reason, which the reporter then reads */
	snprintf(body, sizeof(body), "csrf=%s&to=archived", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&to=archived&reason_kind="
	    "bukan_kewenangan&reason=Urusan+parkir+diatur+dinas+lain."
	    "&referral=Dinas+Perhubungan", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pengarsipan"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report",
	    rep_hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "\"stage\":\"archived\""));
	assert_non_null(strstr(r.body, "\"stage\":\"review\""));
	assert_non_null(strstr(r.body, "Bukan kewenangan Inspektorat. Urusan "
	    "parkir diatur dinas lain. Saran: sampaikan kepada Dinas "
	    "Perhubungan"));
	tu_resp_free(&r);
	/* archived: nothing more can be done */
	snprintf(body, sizeof(body), "csrf=%s&to=review", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* and the reason is not in the store in plain text */
	assert_false(tu_dir_contains(srv->cfg.data_dir, "Dinas Perhubungan",
	    17));
	tu_server_stop(srv);
}

/* Penelaahan, then penyaluran: forwarding is a key grant to the unit. */
static void
test_assess_and_forward(void **state)
{
	struct staff rev, inv_a, inv_b, inv_late;
	struct tu_resp r;
	char body[1024], rauth[128];
	const char *rhdr[3] = { rauth, NULL, NULL };
	const char *hdr[3] = { NULL, NULL, NULL };
	const char *report = "{\"category\":\"pengadaan\",\"title\":"
	    "\"Kursi kantor\",\"what\":\"Harga kursi tiga kali lipat\"}";
	struct db_unit ua, ub;
	struct db_user u;
	struct db_sealed sl;

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah3", ROLE_REVIEWER, &rev);
	assert_int_equal(auth_unit_create(srv->app->auth, "bidang-a",
	    "Bidang A"), AUTH_OK);
	assert_int_equal(auth_unit_create(srv->app->auth, "bidang-b",
	    "Bidang B"), AUTH_OK);
	assert_int_equal(db_unit_by_code(srv->app->db, "bidang-a", &ua), 1);
	assert_int_equal(db_unit_by_code(srv->app->db, "bidang-b", &ub), 1);
	staff_login("pemeriksa-a", ROLE_INVESTIGATOR, &inv_a);
	staff_login("pemeriksa-b", ROLE_INVESTIGATOR, &inv_b);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-a", &u), 1);
	assert_int_equal(db_unit_add_member(srv->app->db, ua.id, u.id), 0);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-b", &u), 1);
	assert_int_equal(db_unit_add_member(srv->app->db, ub.id, u.id), 0);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	assert_int_equal(r.status, 201);
	{
		char *p = strstr(r.body, "\"access_code\":\"");

		snprintf(body, sizeof(body), "{\"access_code\":\"%.24s\"}",
		    p + 15);
	}
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    body, strlen(body), &r), 0);
	{
		char *p = strstr(r.body, "\"token\":\"") + 9;

		snprintf(rauth, sizeof(rauth), "Authorization: Bearer %.*s",
		    (int)strcspn(p, "\""), p);
	}
	tu_resp_free(&r);

	hdr[0] = rev.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	hdr[2] = NULL;
	snprintf(body, sizeof(body), "csrf=%s&to=review", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* forwarding before the checklist: refused */
	snprintf(body, sizeof(body), "csrf=%s&unit=bidang-a", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/salurkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* a bad checklist value: refused, nothing stored, typed kept */
	snprintf(body, sizeof(body), "csrf=%s&s_what=maybe&n_who=catatan+"
	    "yang+diketik", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/telaah", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "catatan yang diketik"));
	tu_resp_free(&r);
	/* unassessed elements show as such, not as "absent" */
	{
		const char *g[] = { rev.cookie, NULL };

		assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", g,
		    NULL, 0, &r), 0);
		assert_non_null(strstr(r.body, "<option value=\"\" selected>"
		    "Belum dinilai</option>"));
		assert_null(strstr(r.body, "value=\"absent\" selected"));
		tu_resp_free(&r);
	}
	snprintf(body, sizeof(body), "csrf=%s&s_what=present&n_what=jelas&"
	    "s_who=present&n_who=&s_where=partly&n_where=kecamatan&"
	    "s_when=present&n_when=&s_why=absent&n_why=&s_how=present&"
	    "n_how=&s_evidence=partly&n_evidence=foto+kuitansi", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/telaah", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "71%"));
	/* the form shows what was saved; saving it unchanged adds nothing */
	assert_non_null(strstr(r.body, "value=\"partly\" selected"));
	assert_non_null(strstr(r.body, "value=\"absent\" selected"));
	tu_resp_free(&r);
	{
		size_t before = audit_count("note_added"), after;

		assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/telaah",
		    hdr, body, strlen(body), &r), 0);
		assert_int_equal(r.status, 200);
		after = audit_count("note_added");
		assert_int_equal(after, before);
	}
	tu_resp_free(&r);
	assert_false(tu_dir_contains(srv->cfg.data_dir, "foto kuitansi", 13));
	/* an unknown unit: refused */
	snprintf(body, sizeof(body), "csrf=%s&unit=bidang-z", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/salurkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&unit=bidang-a", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/salurkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);

	/* the unit's investigator opens it; the other unit's cannot, and
	 * holds no sealed key for it in the database */
	hdr[0] = inv_a.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Harga kursi tiga kali lipat"));
	tu_resp_free(&r);
	hdr[0] = inv_b.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-b", &u), 1);
	/* the refusal is in the trail, under that account */
	{
		struct db_audit_query q;
		struct db_audit_row *rows = NULL;
		size_t n = 0;

		memset(&q, 0, sizeof(q));
		snprintf(q.action, sizeof(q.action), "access_denied");
		q.actor = u.id;
		q.object_id = 1;
		q.limit = 10;
		assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n),
		    0);
		assert_int_equal(n, 1);
		assert_string_equal(rows[0].detail, "case");
		free(rows);
	}
	assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER, u.id,
	    &sl), 0);

	/*
	 * A member who joins later waits for the key: opening the case
	 * grants nothing; a key holder grants it, and the trail says who.
	 */
	staff_login("pemeriksa-baru", ROLE_INVESTIGATOR, &inv_late);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-baru", &u),
	    1);
	assert_int_equal(db_unit_add_member(srv->app->db, ua.id, u.id), 0);
	hdr[0] = inv_late.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	hdr[0] = inv_a.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_non_null(strstr(r.body, "pemeriksa-baru"));
	tu_resp_free(&r);
	hdr[0] = inv_late.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);	/* still: nothing was granted */
	tu_resp_free(&r);
	grant_form(&inv_a, 1, u.id, 200);
	assert_true(grant_audited(inv_a.name, u.id));
	/* granting again: nobody of that id is waiting any more */
	grant_form(&inv_a, 1, u.id, 409);
	hdr[0] = inv_late.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);

	/* the investigator takes it on: clarification, investigation */
	hdr[0] = inv_a.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "csrf=%s&to=clarification", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* konfirmasi dan klarifikasi: a question, the reporter's answer */
	snprintf(body, sizeof(body), "csrf=%s&body=Siapa+penyedianya%%3F",
	    inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/pesan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	rhdr[1] = json[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages", rhdr,
	    "{\"body\":\"CV Maju Jaya\"}", 23, &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	rhdr[1] = NULL;
	snprintf(body, sizeof(body), "csrf=%s&to=investigation", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "CV Maju Jaya"));
	tu_resp_free(&r);
	/* a reviewer may not take an investigator's step */
	hdr[0] = rev.cookie;
	snprintf(body, sizeof(body), "csrf=%s&to=reporting", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* pelaporan: the LHP, then the follow-up and the archive */
	hdr[0] = inv_a.cookie;
	snprintf(body, sizeof(body), "csrf=%s&to=reporting", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&text=Saksi+dua+orang", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/catatan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Saksi dua orang"));
	tu_resp_free(&r);
	/* submitting before the LHP exists: refused */
	snprintf(body, sizeof(body), "csrf=%s&to=follow_up", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&summary=Pemeriksaan+selesai&"
	    "findings=Harga+digelembungkan&conclusion=maybe", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/lhp", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&summary=Pemeriksaan+selesai&"
	    "findings=Harga+digelembungkan&conclusion=proven", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/lhp", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	hdr[1] = NULL;
	/* with the LHP saved, its step is offered (not greyed out) */
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_non_null(strstr(r.body, ">Serahkan LHP<"));
	assert_null(strstr(r.body, " disabled>Serahkan LHP"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/lhp.pdf", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(strncmp(r.body, "%PDF-", 5), 0);
	assert_non_null(strstr(r.headers, "attachment"));
	assert_non_null(strstr(r.headers, "Content-Security-Policy: sandbox"));
	tu_resp_free(&r);
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "csrf=%s&to=follow_up", inv_a.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* tindak lanjut: the reviewer decides, the reporter reads */
	hdr[0] = rev.cookie;
	snprintf(body, sizeof(body), "csrf=%s&to=archived", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&decision=sanction&summary="
	    "Pejabat+terkait+dikenai+sanksi+administratif.", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/keputusan",
	    hdr, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&to=archived", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pengarsipan"));
	tu_resp_free(&r);
	/* archived: read-only */
	snprintf(body, sizeof(body), "csrf=%s&body=Satu+lagi", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/pesan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&text=Catatan", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/catatan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);
	/* the reporter sees every stage and the outcome; can no longer reply */
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", rhdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"stage\":\"archived\""));
	assert_non_null(strstr(r.body, "\"stage\":\"follow_up\""));
	assert_non_null(strstr(r.body, "dikenai sanksi administratif"));
	assert_non_null(strstr(r.body, "\"decision\":\"sanction\""));
	tu_resp_free(&r);
	rhdr[1] = json[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages", rhdr,
	    "{\"body\":\"Terima kasih\"}", 23, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	/* nothing of it in the store in plain text */
	assert_false(tu_dir_contains(srv->cfg.data_dir, "digelembungkan", 14));
	assert_false(tu_dir_contains(srv->cfg.data_dir, "Saksi dua", 9));
	assert_false(tu_dir_contains(srv->cfg.data_dir, "sanksi administratif",
	    20));

	/* the trail is intact and holds the grants */
	{
		int64_t bad = 0, n = 0;

		assert_int_equal(audit_verify(srv->app->db, &bad, &n), 0);
		assert_true(n > 10);
	}
	tu_server_stop(srv);
}

/* The queue: deadlines, overdue, filters, paging, bad parameters. */
static void
test_dashboard(void **state)
{
	struct staff rev;
	struct tu_resp r;
	const char *hdr[2];
	int i;

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah4", ROLE_REVIEWER, &rev);
	for (i = 0; i < 55; i++) {
		char body[256];

		snprintf(body, sizeof(body), "{\"category\":\"%s\","
		    "\"title\":\"Laporan %d\",\"what\":\"Isi\"}",
		    i % 2 ? "korupsi" : "gratifikasi", i);
		tu_source = i % 2 ? "127.0.0.41" : "127.0.0.42";
		/* the per-source limit is 5 an hour: move the clock */
		clk += 3600;
		auth_set_clock(srv->app->auth, clk);
		assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json,
		    body, strlen(body), &r), 0);
		assert_int_equal(r.status, 201);
		tu_resp_free(&r);
	}
	tu_source = NULL;
	/* the session was idle for hours: log in again */
	staff_relogin(&rev);
	hdr[0] = rev.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff", hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	/* a page of 50 newest and a link to the next */
	assert_non_null(strstr(r.body, "/staff?before="));
	assert_non_null(strstr(r.body, "Tenggat"));
	tu_resp_free(&r);
	/* a month later, everything is overdue */
	clk += 30 * 86400;
	auth_set_clock(srv->app->auth, clk);
	staff_relogin(&rev);
	hdr[0] = rev.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff?overdue=1&category="
	    "korupsi", hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "badge-overdue"));
	assert_null(strstr(r.body, "Gratifikasi</td>"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff?q=WBS-2027-000003", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* oldest first: the first report filed leads */
	assert_int_equal(tu_http(srv, "GET", "/staff?sort=oldest", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	{
		char *a = strstr(r.body, "-000001<"), *b = strstr(r.body,
		    "-000002<");

		assert_non_null(a);
		assert_non_null(b);
		assert_true(a < b);
	}
	assert_non_null(strstr(r.body, "sort=oldest"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff?sort=sideways", hdr, NULL,
	    0, &r), 0);
	assert_non_null(strstr(r.body, "Saringan tidak sah"));
	tu_resp_free(&r);
	/* bad parameters: a clear message, never a crash */
	assert_int_equal(tu_http(srv, "GET", "/staff?stage=nowhere", hdr, NULL,
	    0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Saringan tidak sah"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff?before=12x.3", hdr, NULL,
	    0, &r), 0);
	assert_non_null(strstr(r.body, "Saringan tidak sah"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff?q=%3Cscript%3E", hdr, NULL,
	    0, &r), 0);
	assert_non_null(strstr(r.body, "Saringan tidak sah"));
	assert_null(strstr(r.body, "<script>"));
	tu_resp_free(&r);
	tu_server_stop(srv);
}

/* Handlers' evidence, and withdrawing a unit's access (keys deleted). */
static void
test_evidence_and_withdraw(void **state)
{
	int64_t forwarded_at = 0;
	struct staff rev, inv;
	struct tu_resp r;
	struct db_unit ua;
	struct db_user u;
	struct db_sealed sl;
	char body[2048], auth[128];
	const char *hdr[3] = { NULL, NULL, NULL };
	const char *rhdr[2] = { auth, NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":\"T\","
	    "\"what\":\"W\"}";
	const char *mp = "Content-Type: multipart/form-data; boundary=XX";

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah7", ROLE_REVIEWER, &rev);
	staff_login("pemeriksa7", ROLE_INVESTIGATOR, &inv);
	assert_int_equal(auth_unit_create(srv->app->auth, "tim-1", "Tim 1"),
	    AUTH_OK);
	assert_int_equal(db_unit_by_code(srv->app->db, "tim-1", &ua), 1);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa7", &u), 1);
	assert_int_equal(db_unit_add_member(srv->app->db, ua.id, u.id), 0);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	{
		char *p = strstr(r.body, "\"access_code\":\"");

		snprintf(body, sizeof(body), "{\"access_code\":\"%.24s\"}",
		    p + 15);
	}
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    body, strlen(body), &r), 0);
	{
		char *p = strstr(r.body, "\"token\":\"") + 9;

		snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
		    (int)strcspn(p, "\""), p);
	}
	tu_resp_free(&r);
	hdr[0] = rev.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	hdr[2] = NULL;
	snprintf(body, sizeof(body), "csrf=%s&to=review", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tahap", hdr,
	    body, strlen(body), &r), 0);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&s_what=present&s_who=present&"
	    "s_where=present&s_when=present&s_why=present&s_how=present&"
	    "s_evidence=present", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/telaah", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&unit=tim-1", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/salurkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* the investigation clock's anchor: the first forwarding */
	{
		struct db_report rep;

		assert_int_equal(db_report_by_id(srv->app->db, 1, &rep), 1);
		assert_true(rep.forwarded_at > 0);
		forwarded_at = rep.forwarded_at;
		db_report_clear(&rep);
	}

	/* the investigator adds field evidence */
	hdr[0] = inv.cookie;
	hdr[1] = mp;
	snprintf(body, sizeof(body), "--XX\r\nContent-Disposition: form-data; "
	    "name=\"csrf\"\r\n\r\n%s\r\n--XX\r\nContent-Disposition: "
	    "form-data; name=\"files\"; filename=\"berita-acara.txt\"\r\n"
	    "Content-Type: text/plain\r\n\r\nBerita acara pemeriksaan.\r\n"
	    "--XX--\r\n", inv.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/bukti", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "berita-acara.txt"));
	tu_resp_free(&r);
	/* the reporter does not see the handlers' evidence */
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", rhdr,
	    NULL, 0, &r), 0);
	assert_null(strstr(r.body, "berita-acara"));
	tu_resp_free(&r);

	/* the reviewer withdraws the unit: its member's key is gone */
	hdr[0] = rev.cookie;
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "csrf=%s", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/tarik", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER, u.id,
	    &sl), 0);
	hdr[0] = inv.cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	hdr[0] = rev.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	/* not a dead end: the page offers to forward it again */
	assert_non_null(strstr(r.body, "/staff/laporan/1/alihkan"));
	tu_resp_free(&r);

	/* forwarded again to tim-1 (a reason is required) */
	hdr[1] = "Content-Type: application/x-www-form-urlencoded";
	snprintf(body, sizeof(body), "csrf=%s&unit=tim-1", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/alihkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&unit=tim-1&reason=Tim+1+"
	    "kembali+menangani", rev.csrf);
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/alihkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER, u.id,
	    &sl), 1);
	/* the same unit again: nothing to do */
	assert_int_equal(tu_http(srv, "POST", "/staff/laporan/1/alihkan", hdr,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 409);
	tu_resp_free(&r);

	/* transferred to tim-2: tim-1 loses the key, tim-2 gets it */
	{
		struct staff inv2;
		struct db_unit u2;
		struct db_user m2;

		staff_login("pemeriksa8", ROLE_INVESTIGATOR, &inv2);
		assert_int_equal(auth_unit_create(srv->app->auth, "tim-2",
		    "Tim 2"), AUTH_OK);
		assert_int_equal(db_unit_by_code(srv->app->db, "tim-2", &u2),
		    1);
		assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa8",
		    &m2), 1);
		assert_int_equal(db_unit_add_member(srv->app->db, u2.id, m2.id),
		    0);
		hdr[0] = rev.cookie;
		snprintf(body, sizeof(body), "csrf=%s&unit=tim-2&reason=Lebih+"
		    "sesuai+bidangnya", rev.csrf);
		assert_int_equal(tu_http(srv, "POST",
		    "/staff/laporan/1/alihkan", hdr, body, strlen(body), &r), 0);
		assert_int_equal(r.status, 200);
		tu_resp_free(&r);
		assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER,
		    u.id, &sl), 0);
		assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER,
		    m2.id, &sl), 1);
		hdr[0] = inv.cookie;
		hdr[1] = NULL;
		assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr,
		    NULL, 0, &r), 0);
		assert_int_equal(r.status, 403);
		tu_resp_free(&r);
		hdr[0] = inv2.cookie;
		assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr,
		    NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		/* the reason is an internal note */
		assert_non_null(strstr(r.body, "Lebih sesuai bidangnya"));
		tu_resp_free(&r);
		/* routing leaves the investigation clock alone */
		{
			struct db_report rep;

			assert_int_equal(db_report_by_id(srv->app->db, 1,
			    &rep), 1);
			assert_int_equal(rep.forwarded_at, forwarded_at);
			db_report_clear(&rep);
		}
		/* an investigator may not route */
		hdr[1] = "Content-Type: application/x-www-form-urlencoded";
		snprintf(body, sizeof(body), "csrf=%s&unit=tim-1&reason=x",
		    inv2.csrf);
		assert_int_equal(tu_http(srv, "POST",
		    "/staff/laporan/1/alihkan", hdr, body, strlen(body), &r), 0);
		assert_int_equal(r.status, 403);
		tu_resp_free(&r);
	}
	tu_server_stop(srv);
}

/* After an admin reset the account's old keys are gone; it gets the
 * report key again once someone with access opens the case. */
static void
test_reset_regrant(void **state)
{
	struct staff a, b;
	struct tu_resp r;
	struct db_user ub;
	struct db_sealed sl;
	char token[CRYPTO_TOKEN_TEXT], code[8];
	struct auth_enrol_view v;
	const char *hdr[2] = { NULL, NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":\"R\","
	    "\"what\":\"W\"}";

	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	staff_login("penelaah-a", ROLE_REVIEWER, &a);
	staff_login("penelaah-b", ROLE_REVIEWER, &b);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	assert_int_equal(db_user_by_name(srv->app->db, "penelaah-b", &ub), 1);
	assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER, ub.id,
	    &sl), 1);
	/* the reset: old keys deleted; a new enrolment, a new key pair */
	assert_int_equal(auth_user_reset(srv->app->auth, ub.id, token),
	    AUTH_OK);
	assert_int_equal(db_report_key(srv->app->db, 1, DB_HOLDER_USER, ub.id,
	    &sl), 0);
	clk += TOTP_STEP;
	auth_set_clock(srv->app->auth, clk);
	assert_int_equal(auth_enrol_begin(srv->app->auth, token, PW, &v),
	    AUTH_OK);
	assert_int_equal(tu_base32_decode(v.totp_base32, b.secret,
	    TOTP_SECRET_BYTES), TOTP_SECRET_BYTES);
	assert_int_equal(totp_code(b.secret, clk, code), 0);
	assert_int_equal(auth_enrol_finish(srv->app->auth, token, v.pending,
	    code), AUTH_OK);
	staff_relogin(&b);
	hdr[0] = b.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	/* a reviewer with access sees b waiting and grants the key again */
	hdr[0] = a.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "penelaah-b"));
	tu_resp_free(&r);
	hdr[0] = b.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);
	grant_form(&a, 1, ub.id, 200);
	assert_true(grant_audited(a.name, ub.id));
	hdr[0] = b.cookie;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	tu_server_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handler_question_reporter_answer),
		cmocka_unit_test(test_review_and_close),
		cmocka_unit_test(test_assess_and_forward),
		cmocka_unit_test(test_dashboard),
		cmocka_unit_test(test_evidence_and_withdraw),
		cmocka_unit_test(test_reset_regrant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
