/*
 * test_flood.c: what a reporter can add with the access code alone is
 * bounded. Messages and uploads to one report have a token bucket
 * (429 with Retry-After, the typed reply kept); a report's evidence has
 * a ceiling (409); and a thread of any length pages, so that no amount
 * of messages breaks the reporter's page or the case page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "db_audit.h"
#include "report.h"
#include "totp.h"
#include "testutil.h"

#define PW		"kata sandi penelaah panjang"
#define BOUNDARY	"wbsFloodBoundary"

static struct tu_server *srv;
static time_t clk = 1800000000;
static char bearer[256], cookie[256], staff_cookie[256];
static struct auth_session reviewer;

static void
tweak(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
	c->max_report_files = 3;
	c->max_file_mb = 1;
}

static int
json_str(const char *body, const char *name, char *out, size_t outlen)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "\"%s\":\"", name);
	if ((p = strstr(body, key)) == NULL)
		return -1;
	p += strlen(key);
	if ((e = strchr(p, '"')) == NULL || (size_t)(e - p) >= outlen)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

static int
setup(void **state)
{
	const char *json[] = { "Content-Type: application/json", NULL };
	const char *report = "{\"category\":\"korupsi\",\"title\":\"T\","
	    "\"what\":\"W\"}";
	unsigned char secret[TOTP_SECRET_BYTES];
	char code[64], body[128], token[CRYPTO_TOKEN_TEXT];
	struct tu_resp r;

	(void)state;
	srv = tu_server_start(tweak, NULL, 0);
	tu_enrol(srv, "penelaah", ROLE_REVIEWER, PW, &clk, secret, NULL,
	    token);
	assert_int_equal(auth_session_load(srv->app->auth, token, clk,
	    &reviewer), 1);
	snprintf(staff_cookie, sizeof(staff_cookie), "Cookie: wbs_staff=%s",
	    token);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, report,
	    strlen(report), &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_str(r.body, "access_code", code, sizeof(code)),
	    0);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}", code);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session",
	    json, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_str(r.body, "token", token, sizeof(token)), 0);
	tu_resp_free(&r);
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", token);
	snprintf(cookie, sizeof(cookie), "Cookie: wbs_report=%s", token);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	auth_session_wipe(&reviewer);
	tu_server_stop(srv);
	return 0;
}

static long
api_message(const char *text, char **retry)
{
	const char *h[] = { bearer, "Content-Type: application/json", NULL };
	char body[256];
	struct tu_resp r;
	long st;

	snprintf(body, sizeof(body), "{\"body\":\"%s\"}", text);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages", h,
	    body, strlen(body), &r), 0);
	st = r.status;
	if (retry != NULL)
		*retry = tu_header(&r, "Retry-After");
	tu_resp_free(&r);
	return st;
}

static void
test_messages_throttled(void **state)
{
	const char *h[] = { cookie,
	    "Content-Type: application/x-www-form-urlencoded", NULL };
	char *ra = NULL, csrf[64], body[256];
	struct tu_resp r;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_int_equal(api_message("Tambahan", NULL), 201);
	/* each is in the audit trail, with no one named and no content */
	{
		struct db_audit_query q;
		struct db_audit_row *rows = NULL;
		size_t n = 0;

		memset(&q, 0, sizeof(q));
		snprintf(q.action, sizeof(q.action), "reporter_message");
		q.limit = 50;
		assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n),
		    0);
		assert_int_equal(n, 10);
		assert_int_equal(rows[0].actor, 0);
		assert_int_equal(rows[0].object_id, 1);
		free(rows);
	}
	assert_int_equal(api_message("Satu lagi", &ra), 429);
	assert_non_null(ra);
	assert_true(atoi(ra) >= 1 && atoi(ra) <= 60);
	free(ra);
	/* the page form says so and keeps the typed reply */
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", h, NULL, 0,
	    &r), 0);
	assert_int_equal(tu_input_value(r.body, "csrf", csrf, sizeof(csrf)),
	    0);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&body=Pesan+yang+tertahan", csrf);
	assert_int_equal(tu_http(srv, "POST", "/status/balas", h, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.body, "Pesan yang tertahan"));
	assert_non_null(strstr(r.body, "detik"));
	tu_resp_free(&r);
	/* a minute later, one more */
	clk += 60;
	auth_set_clock(srv->app->auth, clk);
	assert_int_equal(api_message("Sesudah semenit", NULL), 201);
	assert_int_equal(api_message("Terlalu cepat", NULL), 429);
}

/* Counts occurrences of needle in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_long_thread_pages(void **state)
{
	const char *h[] = { cookie, NULL };
	const char *hs[] = { staff_cookie, NULL };
	const char *hb[] = { bearer, NULL };
	char path[128], older[32], text[64], *p;
	struct tu_resp r;
	int i;

	(void)state;
	/* 130 messages from the handlers (who are not throttled) */
	for (i = 0; i < 130; i++) {
		snprintf(text, sizeof(text), "pesan-penanda-%03d", i);
		assert_int_equal(report_staff_message(srv->app, &reviewer, 1,
		    text), REPORT_OK);
	}
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", h, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(count(r.body, "pesan-penanda-"), REPORT_MESSAGES_PAGE);
	assert_non_null(strstr(r.body, "pesan-penanda-129"));
	assert_null(strstr(r.body, "pesan-penanda-079"));
	p = strstr(r.body, "pesan_sebelum=");
	assert_non_null(p);
	snprintf(older, sizeof(older), "%.*s", (int)strspn(p + 14,
	    "0123456789"), p + 14);
	tu_resp_free(&r);
	snprintf(path, sizeof(path), "/status/laporan?pesan_sebelum=%s",
	    older);
	assert_int_equal(tu_http(srv, "GET", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "pesan-penanda-079"));
	assert_null(strstr(r.body, "pesan-penanda-080"));
	tu_resp_free(&r);
	/* the case page pages the same way */
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hs, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(count(r.body, "pesan-penanda-"), REPORT_MESSAGES_PAGE);
	assert_non_null(strstr(r.body, "pesan_sebelum="));
	tu_resp_free(&r);
	/* and the API, a hundred at a time with the cursor */
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", hb,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(count(r.body, "pesan-penanda-"), 100);
	assert_non_null(strstr(r.body, "\"older_messages_before\":"));
	tu_resp_free(&r);
	/* a malformed cursor is refused, not guessed */
	assert_int_equal(tu_http(srv, "GET",
	    "/status/laporan?pesan_sebelum=abc", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET",
	    "/api/v1/reporter/report?messages_before=-1", hb, NULL, 0, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
}

static long
upload(const char *name)
{
	const char *h[] = { bearer,
	    "Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL };
	struct buf b;
	struct tu_resp r;
	long st;

	buf_init(&b);
	buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"files\"; filename=\"%s\"\r\nContent-Type: text/plain"
	    "\r\n\r\nisi bukti\n\r\n--" BOUNDARY "--\r\n", name);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/files", h,
	    b.data, b.len, &r), 0);
	buf_free(&b);
	st = r.status;
	tu_resp_free(&r);
	return st;
}

static void
test_evidence_quota(void **state)
{
	(void)state;
	assert_int_equal(upload("a.txt"), 201);
	assert_int_equal(upload("b.txt"), 201);
	assert_int_equal(upload("c.txt"), 201);
	/* max_report_files = 3: the fourth is refused, and stored nowhere */
	assert_int_equal(upload("d.txt"), 409);
	{
		int64_t n = 0;
		uint64_t bytes = 0;

		assert_int_equal(db_report_file_totals(srv->app->db, 1, &n,
		    &bytes), 0);
		assert_int_equal(n, 3);
	}
}

static void
test_uploads_throttled(void **state)
{
	int i;

	(void)state;
	srv->cfg.max_report_files = 1000;
	for (i = 0; i < 5; i++)
		assert_int_equal(upload("x.txt"), 201);
	assert_int_equal(upload("y.txt"), 429);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_messages_throttled,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_thread_pages,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence_quota,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_uploads_throttled,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
