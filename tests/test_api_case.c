/*
 * test_api_case.c: the handlers' JSON API over real HTTP with bearer
 * tokens: a reviewer lists reports (paging, filters, refused
 * parameters), reads one, moves it to review, stores the checklist and
 * forwards it to a unit; the unit's investigator reads it, writes to the
 * reporter and a note, asks for the reporter's identity; a custodian
 * approves and the investigator reads it. Someone without a key gets
 * 403, nobody without a token gets further than 401, and every answer
 * carries the security headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



#include "api_case.h"
#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "route.h"
#include "pages.h"
#include "totp.h"
#include "util.h"
#include "testutil.h"

#define PW	"kata sandi petugas panjang"
#define RI	(ROLE_REVIEWER | ROLE_INVESTIGATOR)

static struct tu_server *srv;
static time_t clk = 1800000000;

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

static void
start(void)
{
	srv = tu_server_start(fast, NULL, 0);
}

/* Enrols name with roles; token receives "Bearer TOKEN"'s TOKEN. */
static void
enrol(const char *name, unsigned roles, char token[CRYPTO_TOKEN_TEXT])
{
	unsigned char secret[TOTP_SECRET_BYTES];

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL, token);
}

/*
 * One request: with the bearer token (NULL: none) and a JSON body (NULL:
 * none). Checks the security headers and that the answer is JSON; the
 * parsed answer goes to *out when out is not NULL. Returns the status.
 */
static long
call(const char *method, const char *path, const char *token,
    const char *body, json_t **out)
{
	char auth[160];
	const char *hdr[3];
	struct tu_resp r;
	json_error_t je;
	size_t n = 0;
	char *ct;
	long st;

	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		hdr[n++] = auth;
	}
	if (body != NULL)
		hdr[n++] = "Content-Type: application/json";
	hdr[n] = NULL;
	assert_int_equal(tu_http(srv, method, path, hdr, body,
	    body != NULL ? strlen(body) : 0, &r), 0);
	tu_assert_security_headers(&r);
	st = r.status;
	if (st != 204) {
		ct = tu_header(&r, "Content-Type");
		assert_non_null(ct);
		assert_non_null(strstr(ct, "application/json"));
		free(ct);
	}
	if (out != NULL) {
		*out = json_loadb(r.body, r.body_len, 0, &je);
		if (*out == NULL)
			fail_msg("%s %s: not JSON: %.200s", method, path,
			    r.body);
	}
	tu_resp_free(&r);
	return st;
}

/* The status, and the error code of the answer (checked when not NULL). */
static void
expect(const char *method, const char *path, const char *token,
    const char *body, long status, const char *code)
{
	json_t *j;
	long st = call(method, path, token, body, &j);

	if (st != status)
		fail_msg("%s %s: status %ld, want %ld", method, path, st,
		    status);
	if (code != NULL) {
		const char *got = json_string_value(json_object_get(
		    json_object_get(j, "error"), "code"));

		if (got == NULL || strcmp(got, code) != 0)
			fail_msg("%s %s: code %s, want %s", method, path,
			    got != NULL ? got : "(none)", code);
	}
	json_decref(j);
}

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	assert_non_null(s);
	return s;
}

/* The first field in error of an invalid_field answer. */
static void
expect_field(const char *path, const char *token, const char *body,
    const char *field, const char *reason)
{
	json_t *j, *f;

	assert_int_equal(call("POST", path, token, body, &j), 400);
	assert_string_equal(str(json_object_get(j, "error"), "code"),
	    "invalid_field");
	f = json_array_get(json_object_get(json_object_get(j, "error"),
	    "fields"), 0);
	assert_non_null(f);
	assert_string_equal(str(f, "field"), field);
	assert_string_equal(str(f, "reason"), reason);
	json_decref(j);
}

/* 1 when the array arr holds the string s. */
static int
has_str(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

static void
file_report(const char *body)
{
	json_t *j;

	assert_int_equal(call("POST", "/api/v1/reports", NULL, body, &j), 201);
	json_decref(j);
}

static int
count_cb(void *arg, const struct db_case_record *rec)
{
	(void)rec;
	(*(int *)arg)++;
	return 0;
}

/* The number of stored records of kind for report id. */
static int
records(int64_t id, int kind)
{
	int n = 0;

	assert_int_equal(db_case_record_list(srv->app->db, id, kind, count_cb,
	    &n), 0);
	return n;
}

/* 1 when the case page, as the holder of token, contains needle. */
static int
page_has(int64_t id, const char *token, const char *needle)
{
	char path[64], cookie[128];
	const char *h[] = { cookie, NULL };
	struct tu_resp r;
	int found;

	snprintf(path, sizeof(path), "/staff/laporan/%lld", (long long)id);
	snprintf(cookie, sizeof(cookie), "Cookie: wbs_staff=%s", token);
	assert_int_equal(tu_http(srv, "GET", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	found = strstr(r.body, needle) != NULL;
	tu_resp_free(&r);
	return found;
}

static void
test_case_api(void **state)
{
	char rev[CRYPTO_TOKEN_TEXT], inv[CRYPTO_TOKEN_TEXT];
	char cus[CRYPTO_TOKEN_TEXT], other[CRYPTO_TOKEN_TEXT];
	char path[256], p2[320], body[4096], next[64];
	const char *reason;
	json_t *j, *c, *a, *it;
	struct db_unit ua, ub;
	struct db_user u;
	struct db_sealed sl;
	int64_t id, rid;
	size_t i;

	(void)state;
	start();
	/* a custodian and a reviewer before the reports: they get keys */
	enrol("kustodian", ROLE_CUSTODIAN, cus);
	enrol("penelaah", ROLE_REVIEWER, rev);
	enrol("pemeriksa", ROLE_INVESTIGATOR, inv);
	enrol("pemeriksa-b", ROLE_INVESTIGATOR, other);
	assert_int_equal(auth_unit_create(srv->app->auth, "irban-1",
	    "Inspektur Pembantu I"), AUTH_OK);
	assert_int_equal(auth_unit_create(srv->app->auth, "irban-2",
	    "Inspektur Pembantu II"), AUTH_OK);
	assert_int_equal(db_unit_by_code(srv->app->db, "irban-1", &ua), 1);
	assert_int_equal(db_unit_by_code(srv->app->db, "irban-2", &ub), 1);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa", &u), 1);
	assert_int_equal(db_unit_add_member(srv->app->db, ua.id, u.id), 0);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-b", &u), 1);
	assert_int_equal(db_unit_add_member(srv->app->db, ub.id, u.id), 0);

	file_report("{\"category\":\"korupsi\",\"title\":\"Proyek jalan desa\","
	    "\"what\":\"Volume aspal dikurangi\",\"who\":\"Pelaksana proyek\","
	    "\"identity\":{\"name\":\"Siti Aminah\",\"id_number\":"
	    "\"3201010101010001\",\"contact\":\"siti@example.org\"}}");
	file_report("{\"category\":\"pengadaan\",\"title\":\"Kursi kantor\","
	    "\"what\":\"Harga kursi tiga kali lipat\"}");
	file_report("{\"category\":\"pengadaan\",\"title\":\"Laptop\","
	    "\"what\":\"Laptop dibeli tanpa lelang\"}");

	/* no token, a bad token: 401; a custodian: 403 (the role) */
	expect("GET", "/api/v1/cases", NULL, NULL, 401, "http_401");
	expect("GET", "/api/v1/cases", "bukan-token", NULL, 401, "http_401");
	expect("GET", "/api/v1/cases/1", NULL, NULL, 401, "http_401");
	expect("POST", "/api/v1/cases/1/transition", NULL,
	    "{\"to\":\"review\"}", 401, "http_401");
	expect("GET", "/api/v1/cases", cus, NULL, 403, "http_403");

	/* the list: newest first, metadata only */
	assert_int_equal(call("GET", "/api/v1/cases", rev, NULL, &j), 200);
	c = json_object_get(j, "cases");
	assert_int_equal(json_array_size(c), 3);
	assert_null(json_object_get(j, "next"));
	it = json_array_get(c, 0);
	assert_string_equal(str(it, "category"), "pengadaan");
	assert_string_equal(str(it, "stage"), "received");
	assert_non_null(strstr(str(it, "registration"), "WBS-"));
	assert_non_null(strstr(str(it, "created"), "T"));
	assert_non_null(str(it, "stage_since"));
	assert_null(json_object_get(it, "what"));
	id = json_integer_value(json_object_get(json_array_get(c, 2), "id"));
	assert_true(id > 0);
	json_decref(j);
	/* pages of two: a cursor, then the rest */
	assert_int_equal(call("GET", "/api/v1/cases?limit=2", rev, NULL, &j),
	    200);
	assert_int_equal(json_array_size(json_object_get(j, "cases")), 2);
	snprintf(next, sizeof(next), "%s", str(j, "next"));
	assert_non_null(strchr(next, '.'));
	json_decref(j);
	snprintf(path, sizeof(path), "/api/v1/cases?limit=2&before=%s", next);
	assert_int_equal(call("GET", path, rev, NULL, &j), 200);
	c = json_object_get(j, "cases");
	assert_int_equal(json_array_size(c), 1);
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(c, 0), "id")), id);
	assert_null(json_object_get(j, "next"));
	json_decref(j);
	/* filters */
	assert_int_equal(call("GET", "/api/v1/cases?category=korupsi", rev,
	    NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "cases")), 1);
	json_decref(j);
	assert_int_equal(call("GET", "/api/v1/cases?stage=review&category=",
	    rev, NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "cases")), 0);
	json_decref(j);
	/* bad parameters */
	{
		static const char *const bad[] = {
			"stage=nope", "stage=REVIEW", "category=Korupsi",
			"category=a_b", "category="
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			"before=abc", "before=12", "before=12.", "before=.3",
			"before=12.0", "before=1.2.3", "before=-1.2",
			"limit=0", "limit=201", "limit=x", "limit=-5",
			"limit=1e2",
		};

		for (i = 0; i < NELEM(bad); i++) {
			snprintf(path, sizeof(path), "/api/v1/cases?%s",
			    bad[i]);
			expect("GET", path, rev, NULL, 400, "invalid_request");
		}
	}
	/* the investigator holds no key yet: an empty list */
	assert_int_equal(call("GET", "/api/v1/cases", inv, NULL, &j), 200);
	assert_int_equal(json_array_size(json_object_get(j, "cases")), 0);
	json_decref(j);

	/* one case, decrypted */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", (long long)id);
	assert_int_equal(call("GET", path, rev, NULL, &j), 200);
	assert_string_equal(str(json_object_get(j, "report"), "what"),
	    "Volume aspal dikurangi");
	assert_string_equal(str(json_object_get(j, "report"), "who"),
	    "Pelaksana proyek");
	assert_true(json_is_true(json_object_get(j, "has_identity")));
	assert_true(json_is_false(json_object_get(j, "identity_access")));
	assert_string_equal(str(j, "stage"), "received");
	a = json_object_get(j, "allowed_transitions");
	assert_int_equal(json_array_size(a), 1);
	assert_true(has_str(a, "review"));
	assert_string_equal(str(json_array_get(json_object_get(j, "timeline"),
	    0), "stage"), "received");
	assert_int_equal(json_array_size(json_object_get(j, "messages")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "notes")), 0);
	assert_null(json_object_get(j, "lhp"));
	assert_null(json_object_get(j, "decision"));
	assert_null(json_object_get(j, "assessment"));
	/* the identity is not in it */
	{
		char *dump = json_dumps(j, 0);

		assert_null(strstr(dump, "Siti"));
		free(dump);
	}
	json_decref(j);
	expect("GET", "/api/v1/cases/999", rev, NULL, 404, "not_found");
	expect("GET", "/api/v1/cases/abc", rev, NULL, 404, "not_found");
	expect("GET", path, inv, NULL, 403, "forbidden");
	expect("GET", path, cus, NULL, 403, "http_403");

	/* transitions */
	snprintf(p2, sizeof(p2), "%s/transition", path);
	expect("POST", p2, inv, "{\"to\":\"review\"}", 403, "forbidden");
	expect_field(p2, rev, "{\"to\":\"bogus\"}", "to", "invalid");
	expect_field(p2, rev, "{\"reason\":\"x\"}", "to", "required");
	expect("POST", p2, rev, "{\"to\":", 400, "invalid_request");
	expect("POST", p2, rev, "[\"review\"]", 400, "invalid_request");
	expect("POST", p2, rev, "{\"to\":[\"review\"]}", 400,
	    "invalid_request");
	expect("POST", "/api/v1/cases/999/transition", rev,
	    "{\"to\":\"review\"}", 404, "not_found");
	expect("POST", p2, rev, "{\"to\":\"investigation\"}", 409,
	    "not_allowed");
	assert_int_equal(call("POST", p2, rev, "{\"to\":\"review\","
	    "\"reason\":\"Laporan sedang ditelaah\"}", &j), 200);
	assert_string_equal(str(j, "stage"), "review");
	json_decref(j);
	expect("POST", p2, rev, "{\"to\":\"review\"}", 409, "not_allowed");
	/* closing needs a reason the reporter reads */
	expect("POST", p2, rev, "{\"to\":\"archived\"}", 409, "needs_missing");
	/* a reason of 2001 characters is one too many */
	{
		size_t o = (size_t)snprintf(body, sizeof(body),
		    "{\"to\":\"archived\",\"reason\":\"");

		for (i = 0; i < CASE_REASON_MAX + 1; i++)
			body[o++] = 'x';
		snprintf(body + o, sizeof(body) - o, "\"}");
	}
	expect_field(p2, rev, body, "reason", "too_long");
	/* forwarding through /transition lacks the unit */
	expect("POST", p2, rev, "{\"to\":\"forwarded\"}", 409,
	    "needs_missing");
	assert_int_equal(call("GET", path, rev, NULL, &j), 200);
	a = json_object_get(j, "allowed_transitions");
	assert_int_equal(json_array_size(a), 1);
	assert_true(has_str(a, "archived"));
	reason = str(json_array_get(json_object_get(j, "timeline"), 1),
	    "reason");
	assert_string_equal(reason, "Laporan sedang ditelaah");
	json_decref(j);

	/* the checklist, then forwarding: the key grant */
	snprintf(p2, sizeof(p2), "%s/forward", path);
	expect("POST", p2, rev, "{\"unit\":\"irban-1\"}", 409,
	    "needs_missing");
	snprintf(p2, sizeof(p2), "%s/assessment", path);
	expect_field(p2, rev, "{\"status\":{\"what\":\"present\","
	    "\"who\":\"maybe\",\"where\":\"partly\",\"when\":\"present\","
	    "\"why\":\"absent\",\"how\":\"present\",\"evidence\":\"partly\"}}",
	    "status.who", "invalid");
	expect_field(p2, rev, "{\"status\":{\"what\":\"present\"}}",
	    "status.who", "required");
	expect("POST", p2, inv, "{}", 403, "http_403");
	assert_int_equal(call("POST", p2, rev, "{\"status\":{\"what\":"
	    "\"present\",\"who\":\"present\",\"where\":\"partly\",\"when\":"
	    "\"present\",\"why\":\"absent\",\"how\":\"present\",\"evidence\":"
	    "\"partly\"},\"notes\":{\"what\":\"jelas\",\"evidence\":"
	    "\"foto kuitansi\"}}", &j), 200);
	assert_int_equal(json_integer_value(json_object_get(j,
	    "completeness")), 71);
	json_decref(j);
	snprintf(p2, sizeof(p2), "%s/forward", path);
	expect_field(p2, rev, "{\"unit\":\"irban-9\"}", "unit", "invalid");
	expect_field(p2, rev, "{}", "unit", "required");
	assert_int_equal(call("POST", p2, rev, "{\"unit\":\"irban-1\"}", &j),
	    200);
	assert_string_equal(str(j, "stage"), "forwarded");
	json_decref(j);
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa-b", &u), 1);
	assert_int_equal(db_report_key(srv->app->db, id, DB_HOLDER_USER, u.id,
	    &sl), 0);

	/* the reviewer may not take the investigator's steps */
	snprintf(p2, sizeof(p2), "%s/transition", path);
	expect("POST", p2, rev, "{\"to\":\"investigation\"}", 409, "role");

	/* the unit's investigator reads it; the other unit's cannot */
	assert_int_equal(call("GET", "/api/v1/cases", inv, NULL, &j), 200);
	c = json_object_get(j, "cases");
	assert_int_equal(json_array_size(c), 1);
	assert_string_equal(str(json_array_get(c, 0), "stage"), "forwarded");
	json_decref(j);
	assert_int_equal(call("GET", path, inv, NULL, &j), 200);
	assert_string_equal(str(json_object_get(j, "report"), "title"),
	    "Proyek jalan desa");
	a = json_object_get(j, "allowed_transitions");
	assert_true(has_str(a, "clarification"));
	assert_true(has_str(a, "investigation"));
	assert_string_equal(str(json_object_get(json_object_get(j,
	    "assessment"), "notes"), "evidence"), "foto kuitansi");
	json_decref(j);
	expect("GET", path, other, NULL, 403, "forbidden");
	assert_int_equal(call("POST", p2, inv, "{\"to\":\"investigation\"}",
	    &j), 200);
	assert_string_equal(str(j, "stage"), "investigation");
	json_decref(j);

	/* messages to the reporter, internal notes */
	snprintf(p2, sizeof(p2), "%s/messages", path);
	assert_int_equal(call("POST", p2, inv, "{\"body\":\"Kapan pekerjaan "
	    "itu selesai?\"}", &j), 201);
	assert_true(json_is_true(json_object_get(j, "sent")));
	json_decref(j);
	expect_field(p2, inv, "{\"body\":\"\"}", "body", "required");
	expect("POST", p2, other, "{\"body\":\"halo\"}", 403, "forbidden");
	{
		struct tu_resp r;
		char auth[160];
		const char *hdr[] = { auth, "Content-Type: text/plain", NULL };

		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", inv);
		assert_int_equal(tu_http(srv, "POST", p2, hdr, "halo", 4, &r),
		    0);
		assert_int_equal(r.status, 415);
		tu_assert_security_headers(&r);
		tu_resp_free(&r);
	}
	snprintf(p2, sizeof(p2), "%s/notes", path);
	assert_int_equal(call("POST", p2, inv, "{\"text\":\"Saksi: mandor "
	    "proyek\"}", &j), 201);
	json_decref(j);
	expect_field(p2, inv, "{\"text\":\"\"}", "text", "required");
	assert_int_equal(call("GET", path, rev, NULL, &j), 200);
	it = json_array_get(json_object_get(j, "messages"), 0);
	assert_string_equal(str(it, "from"), "handler");
	assert_string_equal(str(it, "body"), "Kapan pekerjaan itu selesai?");
	it = json_array_get(json_object_get(j, "notes"), 0);
	assert_string_equal(str(it, "text"), "Saksi: mandor proyek");
	assert_int_equal(db_user_by_name(srv->app->db, "pemeriksa", &u), 1);
	assert_int_equal(json_integer_value(json_object_get(it, "author_id")),
	    u.id);
	json_decref(j);

	/* identity custody */
	snprintf(p2, sizeof(p2), "%s/identity", path);
	expect("GET", p2, inv, NULL, 403, "forbidden");
	snprintf(p2, sizeof(p2), "%s/identity-requests", path);
	expect_field(p2, inv, "{}", "justification", "required");
	assert_int_equal(call("POST", p2, inv, "{\"justification\":\"Perlu "
	    "konfirmasi langsung kepada pelapor\"}", &j), 201);
	rid = json_integer_value(json_object_get(j, "id"));
	assert_true(rid > 0);
	json_decref(j);
	expect("POST", p2, inv, "{\"justification\":\"lagi\"}", 409,
	    "pending");
	expect("GET", "/api/v1/identity-requests", inv, NULL, 403, "http_403");
	assert_int_equal(call("GET", "/api/v1/identity-requests", cus, NULL,
	    &j), 200);
	it = json_array_get(json_object_get(j, "requests"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "id")), rid);
	assert_string_equal(str(it, "justification"),
	    "Perlu konfirmasi langsung kepada pelapor");
	json_decref(j);
	snprintf(p2, sizeof(p2), "/api/v1/identity-requests/%lld/decision",
	    (long long)rid);
	expect("POST", p2, inv, "{\"decision\":\"approve\"}", 403, "http_403");
	expect_field(p2, cus, "{\"decision\":\"maybe\"}", "decision",
	    "invalid");
	/* a decision needs a reason */
	expect_field(p2, cus, "{\"decision\":\"approve\"}", "reason",
	    "required");
	expect("POST", "/api/v1/identity-requests/999/decision", cus,
	    "{\"decision\":\"approve\",\"reason\":\"r\"}", 404, "not_found");
	assert_int_equal(call("POST", p2, cus, "{\"decision\":\"approve\","
	    "\"reason\":\"Klarifikasi langsung diperlukan\"}", &j), 200);
	assert_string_equal(str(j, "status"), "approved");
	json_decref(j);
	expect("POST", p2, cus, "{\"decision\":\"deny\",\"reason\":\"r\"}",
	    409, "decided");
	snprintf(p2, sizeof(p2), "%s/identity", path);
	assert_int_equal(call("GET", p2, inv, NULL, &j), 200);
	assert_string_equal(str(j, "name"), "Siti Aminah");
	assert_string_equal(str(j, "id_number"), "3201010101010001");
	json_decref(j);
	expect("GET", p2, rev, NULL, 403, "forbidden");
	assert_int_equal(call("GET", path, inv, NULL, &j), 200);
	assert_true(json_is_true(json_object_get(j, "identity_access")));
	json_decref(j);

	/* to the archive through the API alone */
	snprintf(p2, sizeof(p2), "%s/transition", path);
	expect("POST", p2, inv, "{\"to\":\"reporting\"}", 200, NULL);
	expect("POST", p2, inv, "{\"to\":\"follow_up\"}", 409,
	    "needs_missing");
	snprintf(p2, sizeof(p2), "%s/lhp", path);
	expect_field(p2, inv, "{\"summary\":\"s\",\"findings\":\"f\","
	    "\"conclusion\":\"maybe\"}", "conclusion", "invalid");
	expect("POST", p2, rev, "{\"summary\":\"s\",\"findings\":\"f\","
	    "\"conclusion\":\"proven\"}", 403, "http_403");
	expect("POST", p2, inv, "{\"summary\":\"Ringkasan\",\"findings\":"
	    "\"Temuan\",\"conclusion\":\"partly_proven\"}", 201, NULL);
	/* saved unchanged: no second version */
	expect("POST", p2, inv, "{\"summary\":\"Ringkasan\",\"findings\":"
	    "\"Temuan\",\"conclusion\":\"partly_proven\"}", 201, NULL);
	assert_int_equal(records(id, DB_REC_LHP), 1);
	/* the page's form shows the saved conclusion, the select included */
	assert_true(page_has(id, inv, "value=\"partly_proven\" selected"));
	assert_false(page_has(id, inv, "value=\"proven\" selected"));
	snprintf(p2, sizeof(p2), "%s/transition", path);
	expect("POST", p2, inv, "{\"to\":\"follow_up\"}", 200, NULL);
	snprintf(p2, sizeof(p2), "%s/decision", path);
	expect("POST", p2, rev, "{\"decision\":\"improvement\",\"summary\":"
	    "\"Prosedur diperbaiki.\"}", 201, NULL);
	expect("POST", p2, rev, "{\"decision\":\"improvement\",\"summary\":"
	    "\"Prosedur diperbaiki.\"}", 201, NULL);
	assert_int_equal(records(id, DB_REC_DECISION), 1);
	assert_true(page_has(id, rev, "value=\"improvement\" selected"));
	assert_false(page_has(id, rev, "value=\"sanction\" selected"));
	snprintf(p2, sizeof(p2), "%s/transition", path);
	expect("POST", p2, rev, "{\"to\":\"archived\"}", 200, NULL);
	assert_int_equal(call("GET", path, rev, NULL, &j), 200);
	assert_string_equal(str(j, "stage"), "archived");
	json_decref(j);
	snprintf(p2, sizeof(p2), "%s/notes", path);
	expect("POST", p2, rev, "{\"text\":\"x\"}", 409, "archived");

	/* a report without an identity: nothing to ask for */
	snprintf(p2, sizeof(p2), "/api/v1/cases/%lld/identity-requests",
	    (long long)id + 1);
	expect("POST", p2, rev, "{\"justification\":\"perlu\"}", 409,
	    "no_identity");

	tu_server_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
