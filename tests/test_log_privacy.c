/*
 * test_log_privacy.c: requests carrying a canary in every place a client
 * controls (address, user agent, query string, form values, path,
 * cookies, referrer, forwarding headers) leave no trace of it in the
 * log, even at debug level.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "testutil.h"

static const struct form_field f[] = {
	{ "title", FORM_LINE, 1, 40, 1, NULL },
};

static void
echo(struct req *r)
{
	resp_text(r, 200, "text/plain; charset=utf-8", "ok");
}

static const struct route extra[] = {
	{ HTTP_POST, "/test/form", echo, ROLE_PUBLIC, 0, f, 1, 4096, 0 },
};

static void
test_no_canary_in_log(void **state)
{
	struct tu_server *srv;
	struct tu_resp r;
	char *dir = tu_mkdtemp(), path[1024], *log;
	int fd;
	const char *hdrs[] = {
		"User-Agent: Canary-UA-7f3a",
		"Referer: http://canary-ref-7f3a.example/",
		"X-Forwarded-For: 203.0.113.77",
		"X-Real-IP: 203.0.113.78",
		"Cookie: wbs_lang=canary-cookie-7f3a; other=canary-c2-7f3a",
		"Accept-Language: canary-al-7f3a",
		"Content-Type: application/x-www-form-urlencoded",
		NULL
	};
	static const char *const canaries[] = {
		"127.0.0.1", "Canary-UA", "canary-ref", "203.0.113",
		"canary-cookie", "canary-c2", "canary-al", "canary-query",
		"canary-form", "canary-path", "canary-bad", "7f3a",
	};
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/log", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	srv = tu_server_start(NULL, extra, 1);
	/* Only what requests make goes to the file, at the chattiest level. */
	log_init(LOGL_DEBUG, fd);

	assert_int_equal(tu_http(srv, "GET", "/?q=canary-query-7f3a&lang=en",
	    hdrs, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/canary-path-7f3a?x=canary-query",
	    hdrs, NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/test/form?canary-query=1",
	    hdrs, "title=canary-form-7f3a", 22, &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/test/form", hdrs,
	    "title=canary-bad-7f3a%ff", 24, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/alur", hdrs,
	    "canary-form=1", 13, &r), 0);
	assert_int_equal(r.status, 405);
	tu_resp_free(&r);

	tu_server_stop(srv);
	log_init(LOGL_INFO, 2);
	close(fd);

	log = tu_read_file(path, NULL);
	assert_non_null(log);
	/* The requests were logged (so the check below means something). */
	if (strstr(log, "http: GET / 200") == NULL ||
	    strstr(log, "http: POST /test/form 400") == NULL)
		fail_msg("expected request lines missing from log:\n%s", log);
	for (i = 0; i < sizeof(canaries) / sizeof(canaries[0]); i++)
		if (strstr(log, canaries[i]) != NULL)
			fail_msg("log contains '%s':\n%s", canaries[i], log);
	free(log);
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_canary_in_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
