/*
 * test_http_pages.c: the public pages over real HTTP on loopback: every
 * page in both languages, the language choice (query, cookie,
 * Accept-Language), the 404 page, static files with ETag revalidation,
 * and the security headers on every kind of response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "testutil.h"

static struct tu_server *srv;

static const char *const pages[] = {
	"/", "/alur", "/kerahasiaan", "/dasar-hukum", "/lapor", "/status"
};

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(NULL, NULL, 0);
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
get(const char *path, const char *const *hdrs, struct tu_resp *r)
{
	assert_int_equal(tu_http(srv, "GET", path, hdrs, NULL, 0, r), 0);
}

static void
test_pages_indonesian(void **state)
{
	struct tu_resp r;
	size_t i;
	char *v;

	(void)state;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		get(pages[i], NULL, &r);
		assert_int_equal(r.status, 200);
		tu_assert_security_headers(&r);
		assert_non_null(strstr(r.body, "<html lang=\"id\">"));
		assert_non_null(strstr(r.body, "WBS Kabupaten Mojokerto"));
		v = tu_header(&r, "Cache-Control");
		assert_non_null(v);
		assert_string_equal(v, "no-store");
		free(v);
		v = tu_header(&r, "Content-Type");
		assert_string_equal(v, "text/html; charset=utf-8");
		free(v);
		tu_resp_free(&r);
	}
	get("/", NULL, &r);
	assert_non_null(strstr(r.body, "Buat Laporan"));
	assert_non_null(strstr(r.body, "Cek Status Laporan"));
	assert_non_null(strstr(r.body, "href=\"/lapor\""));
	assert_non_null(strstr(r.body, "href=\"/status\""));
	tu_resp_free(&r);
	get("/alur", NULL, &r);
	assert_non_null(strstr(r.body, "Penelaahan"));
	assert_non_null(strstr(r.body, "Pengarsipan"));
	tu_resp_free(&r);
	get("/kerahasiaan", NULL, &r);
	assert_non_null(strstr(r.body, "Nomor 53 Tahun 2021"));
	assert_non_null(strstr(r.body, "Nomor 21 Tahun 2019"));
	tu_resp_free(&r);
}

static void
test_pages_english(void **state)
{
	struct tu_resp r;
	const char *accept[] = { "Accept-Language: en-GB,en;q=0.8", NULL };
	const char *cookie[] = { "Cookie: wbs_lang=en", NULL };
	char path[256], *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		snprintf(path, sizeof(path), "%s?lang=en", pages[i]);
		get(path, NULL, &r);
		assert_int_equal(r.status, 200);
		tu_assert_security_headers(&r);
		assert_non_null(strstr(r.body, "<html lang=\"en\">"));
		/* the choice is remembered */
		v = tu_header(&r, "Set-Cookie");
		assert_non_null(v);
		assert_non_null(strstr(v, "wbs_lang=en"));
		assert_non_null(strstr(v, "HttpOnly"));
		free(v);
		tu_resp_free(&r);

		get(pages[i], cookie, &r);
		assert_non_null(strstr(r.body, "<html lang=\"en\">"));
		tu_resp_free(&r);
		get(pages[i], accept, &r);
		assert_non_null(strstr(r.body, "<html lang=\"en\">"));
		tu_resp_free(&r);
	}
	get("/?lang=en", NULL, &r);
	assert_non_null(strstr(r.body, "lang=id"));	/* the switch back */
	tu_resp_free(&r);
}

static void
test_language_bad_values(void **state)
{
	struct tu_resp r;
	const char *cookie[] = { "Cookie: wbs_lang=xx", NULL };
	const char *accept[] = { "Accept-Language: ;;;q=zz,,", NULL };

	(void)state;
	get("/?lang=%ff%00", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"id\">"));
	assert_null(strstr(r.headers, "Set-Cookie"));
	tu_resp_free(&r);
	get("/", cookie, &r);
	assert_non_null(strstr(r.body, "<html lang=\"id\">"));
	tu_resp_free(&r);
	get("/", accept, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"id\">"));
	tu_resp_free(&r);
}

static void
test_not_found(void **state)
{
	struct tu_resp r;

	(void)state;
	get("/tidak-ada", NULL, &r);
	assert_int_equal(r.status, 404);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.body, "404"));
	assert_non_null(strstr(r.body, "<html lang=\"id\">"));
	assert_non_null(strstr(r.body, "href=\"/\""));
	tu_resp_free(&r);
	get("/tidak-ada?lang=en", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	tu_resp_free(&r);
	/* markup in the path is not reflected raw */
	get("/%3Cscript%3Ealert(1)%3C/script%3E", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "<script>"));
	tu_resp_free(&r);
	get("/static/../../etc/passwd", NULL, &r);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	get("/static/nothing.css", NULL, &r);
	assert_int_equal(r.status, 404);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
}

static void
test_method_not_allowed(void **state)
{
	struct tu_resp r;
	char *v;

	(void)state;
	assert_int_equal(tu_http(srv, "POST", "/alur", NULL, "a=b", 3, &r), 0);
	assert_int_equal(r.status, 405);
	tu_assert_security_headers(&r);
	v = tu_header(&r, "Allow");
	assert_non_null(v);
	assert_non_null(strstr(v, "GET"));
	free(v);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "DELETE", "/", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "HEAD", "/", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 0);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
}

static void
test_static_etag(void **state)
{
	struct tu_resp r;
	char *etag, *v, line[128];
	const char *hdrs[2];

	(void)state;
	get("/static/style.css", NULL, &r);
	assert_int_equal(r.status, 200);
	tu_assert_security_headers(&r);
	v = tu_header(&r, "Content-Type");
	assert_string_equal(v, "text/css; charset=utf-8");
	free(v);
	v = tu_header(&r, "Cache-Control");
	assert_non_null(strstr(v, "max-age"));
	assert_null(strstr(v, "no-store"));
	free(v);
	assert_true(r.body_len > 100);
	etag = tu_header(&r, "ETag");
	assert_non_null(etag);
	assert_int_equal(etag[0], '"');
	tu_resp_free(&r);

	snprintf(line, sizeof(line), "If-None-Match: %s", etag);
	hdrs[0] = line;
	hdrs[1] = NULL;
	get("/static/style.css", hdrs, &r);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);

	hdrs[0] = "If-None-Match: \"stale\"";
	get("/static/style.css", hdrs, &r);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	free(etag);
}

/* Every error page the core may produce has its text in both languages. */
static void
test_error_texts_translated(void **state)
{
	static const int codes[] = {
		400, 403, 404, 405, 408, 413, 414, 415, 429, 431, 500, 503
	};
	char key[64];
	size_t i;
	int l;

	(void)state;
	for (l = 0; l < LANG__MAX; l++)
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
			snprintf(key, sizeof(key), "error.%d.title", codes[i]);
			assert_true(i18n_has(srv->app->i18n, (enum lang)l,
			    key));
			snprintf(key, sizeof(key), "error.%d.body", codes[i]);
			assert_true(i18n_has(srv->app->i18n, (enum lang)l,
			    key));
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_indonesian),
		cmocka_unit_test(test_pages_english),
		cmocka_unit_test(test_language_bad_values),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_static_etag),
		cmocka_unit_test(test_error_texts_translated),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
