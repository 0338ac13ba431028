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

#include "crypto.h"
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
	char	cookie[128];
	char	csrf[64];
};

static void
staff_login(const char *name, unsigned roles, struct staff *st)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char token[CRYPTO_TOKEN_TEXT];
	const char *hdr[2];
	struct tu_resp r;

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL, token);
	snprintf(st->cookie, sizeof(st->cookie), "Cookie: wbs_staff=%s", token);
	hdr[0] = st->cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/account", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(tu_input_value(r.body, "csrf", st->csrf,
	    sizeof(st->csrf)), 0);
	tu_resp_free(&r);
}

static void
test_handler_question_reporter_answer(void **state)
{
	struct staff rev, inv, cus;
	struct tu_resp r;
	char auth[128], body[256], *p, *id;
	const char *rep_hdr[3] = { auth, NULL, NULL };
	const char *hdr[3];
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
	rep_hdr[1] = json[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages",
	    rep_hdr, "{\"body\":\"Akhir Februari.\"}", 26, &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", id, hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "Akhir Februari."));
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
	const char *hdr[3];
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
	/* the same step again: the stage has moved on */
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
	snprintf(body, sizeof(body), "csrf=%s&to=archived&reason=Bukan+"
	    "kewenangan+Inspektorat%%3B+silakan+ke+Dinas+Perhubungan.",
	    rev.csrf);
	assert_int_equal(tu_http(srv, "POST", path, hdr, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pengarsipan"));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report",
	    rep_hdr, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "\"stage\":\"archived\""));
	assert_non_null(strstr(r.body, "\"stage\":\"review\""));
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handler_question_reporter_answer),
		cmocka_unit_test(test_review_and_close),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
