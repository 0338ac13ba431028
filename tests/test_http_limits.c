/*
 * test_http_limits.c: the HTTP core's limits and input checks over real
 * HTTP: form whitelists and validators (bad UTF-8, over-long, missing),
 * body size (413), content type (415), header size (431), URL length
 * (414), routes needing a role or CSRF token (403), and the timeouts
 * that drop a client trickling a byte a second while others are served.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "upload.h"

static const struct form_field echo_fields[] = {
	{ "title", FORM_LINE, 1, 20, 1, NULL },
	{ "body", FORM_TEXT, 0, 1000, 0, NULL },
};

static void
echo(struct req *r)
{
	char *s = arena_printf(r->arena, "title=[%s] body=[%s]",
	    form_get(&r->form, 0), form_get(&r->form, 1));

	resp_text(r, 200, "text/plain; charset=utf-8", s);
}

static const struct route extra[] = {
	{ HTTP_POST, "/test/echo", echo, ROLE_PUBLIC, 0, echo_fields, 2, 4096,
	    0 },
	{ HTTP_POST, "/test/csrf", echo, ROLE_PUBLIC, 1, echo_fields, 2, 4096,
	    0 },
	{ HTTP_GET, "/test/admin", echo, ROLE_ADMIN, 0, NULL, 0, 0, 0 },
};

static struct tu_server *srv;

static void
short_timeouts(struct wbs_config *c)
{
	c->header_timeout = 2;
	c->request_timeout = 2;
	c->conn_per_ip = 8;
}

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(short_timeouts, extra,
	    sizeof(extra) / sizeof(extra[0]));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_server_stop(srv);
	return 0;
}

static const char *const form_ct[] = {
	"Content-Type: application/x-www-form-urlencoded", NULL
};

static void
post(const char *path, const char *body, const char *const *hdrs,
    struct tu_resp *r)
{
	assert_int_equal(tu_http(srv, "POST", path,
	    hdrs != NULL ? hdrs : form_ct, body, strlen(body), r), 0);
}

static void
test_form_ok(void **state)
{
	struct tu_resp r;
	const char *mp[] = {
		"Content-Type: multipart/form-data; boundary=XyZ", NULL
	};
	const char *mbody =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
	    "Dana desa\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n"
	    "baris 1\r\nbaris 2\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"extra\"\r\n\r\n"
	    "dropped\r\n--XyZ--\r\n";

	(void)state;
	post("/test/echo", "title=+Dana+desa+&body=a%0D%0Ab&unknown=x", NULL,
	    &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "title=[Dana desa] body=[a\nb]");
	tu_resp_free(&r);
	post("/test/echo", mbody, mp, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "title=[Dana desa] body=[baris 1\nbaris 2]");
	tu_resp_free(&r);
}

static void
expect_field_error(const char *body, const char *message_part)
{
	struct tu_resp r;

	post("/test/echo", body, NULL, &r);
	assert_int_equal(r.status, 400);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.body, "<strong>title</strong>"));
	if (strstr(r.body, message_part) == NULL)
		fail_msg("400 page lacks '%s':\n%s", message_part, r.body);
	tu_resp_free(&r);
}

static void
test_form_errors(void **state)
{
	(void)state;
	/* The messages are the Indonesian catalogue's. */
	expect_field_error("title=%C0%AF", "karakter");
	expect_field_error("title=%ff%fe", "karakter");
	expect_field_error("title=abcdefghijklmnopqrstuvwxyz", "panjang");
	expect_field_error("body=no+title", "wajib");
	expect_field_error("title=a%01b", "karakter");
	expect_field_error("title=a&title=b", "title");
}

static void
test_body_limits(void **state)
{
	struct tu_resp r;
	char *big = malloc(10000);
	const char *json[] = { "Content-Type: application/json", NULL };
	const char *chunked[] = {
		"Content-Type: application/x-www-form-urlencoded",
		"Transfer-Encoding: chunked", NULL
	};

	(void)state;
	memset(big, 'a', 9999);
	memcpy(big, "body=", 5);
	big[9999] = '\0';
	post("/test/echo", big, NULL, &r);
	assert_int_equal(r.status, 413);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
	/* without a Content-Length the count is kept as data arrives */
	if (tu_http(srv, "POST", "/test/echo", chunked, big, strlen(big),
	    &r) == 0)
		assert_int_equal(r.status, 413);
	tu_resp_free(&r);
	post("/test/echo", "{\"title\":\"x\"}", json, &r);
	assert_int_equal(r.status, 415);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
	/* a page that takes no body */
	assert_int_equal(tu_http(srv, "GET", "/", form_ct, "x=1", 3, &r), 0);
	assert_int_equal(r.status, 413);
	tu_resp_free(&r);
	free(big);
}

static void
test_header_and_url_limits(void **state)
{
	struct tu_resp r;
	char *h = malloc(12000), *url = malloc(3000);
	const char *hdrs[2];

	(void)state;
	memcpy(h, "X-Big: ", 7);
	memset(h + 7, 'b', 10000);
	h[10007] = '\0';
	hdrs[0] = h;
	hdrs[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/", hdrs, NULL, 0, &r), 0);
	assert_int_equal(r.status, 431);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);

	url[0] = '/';
	memset(url + 1, 'u', 2500);
	url[2501] = '\0';
	assert_int_equal(tu_http(srv, "GET", url, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 414);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);

	assert_int_equal(tu_http(srv, "GET", "/%ff%fe", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 400);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
	free(h);
	free(url);
}

static void
test_forbidden_routes(void **state)
{
	struct tu_resp r;

	(void)state;
	post("/test/csrf", "title=x", NULL, &r);
	assert_int_equal(r.status, 403);
	tu_assert_security_headers(&r);
	tu_resp_free(&r);
	/* a person without a session is sent to the login page */
	assert_int_equal(tu_http(srv, "GET", "/test/admin", NULL, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 303);
	tu_assert_security_headers(&r);
	{
		char *loc = tu_header(&r, "Location");

		assert_non_null(loc);
		assert_string_equal(loc, "/staff/login");
		free(loc);
	}
	tu_resp_free(&r);
}

/* 1 when the server has closed fd (EOF or reset), 0 otherwise. */
static int
closed_by_peer(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char c;
	ssize_t n;

	if (poll(&p, 1, 0) <= 0)
		return 0;
	n = recv(fd, &c, 1, MSG_DONTWAIT);
	return n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/*
 * Sends msg a byte a second; returns the number of seconds until the
 * server dropped the connection, or -1 if it never did. Meanwhile
 * another client's requests must be answered.
 */
static int
trickle(const char *msg)
{
	int fd = tu_connect(srv), i;
	size_t n = strlen(msg);
	struct tu_resp r;

	assert_true(fd >= 0);
	for (i = 0; i < 30; i++) {
		if (closed_by_peer(fd))
			break;
		(void)send(fd, msg + ((size_t)i % n), 1, MSG_NOSIGNAL);
		assert_int_equal(tu_http(srv, "GET", "/healthz", NULL, NULL,
		    0, &r), 0);
		assert_int_equal(r.status, 200);
		tu_resp_free(&r);
		sleep(1);
	}
	close(fd);
	return i < 30 ? i : -1;
}

static void
test_trickle_headers_timeout(void **state)
{
	int secs;

	(void)state;
	secs = trickle("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaa");
	/* header_timeout is 2 s; the watchdog looks twice a second */
	assert_true(secs >= 2);
	assert_true(secs <= 6);
}

static void
test_trickle_body_timeout(void **state)
{
	int fd = tu_connect(srv), i;
	const char *head = "POST /test/echo HTTP/1.1\r\nHost: x\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Content-Length: 1000\r\n\r\ntitle=";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL),
	    (ssize_t)strlen(head));
	for (i = 0; i < 30; i++) {
		if (closed_by_peer(fd))
			break;
		(void)send(fd, "a", 1, MSG_NOSIGNAL);
		sleep(1);
	}
	close(fd);
	assert_true(i >= 2);
	assert_true(i <= 6);
}

/*
 * Reads what the server sends until it closes or timeout_s passes;
 * returns the status of the first line, or -1.
 */
static int
read_status(int fd, int timeout_s)
{
	char buf[4096];
	size_t have = 0;
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;
	int st = -1;

	while (have < sizeof(buf) - 1 && poll(&p, 1, timeout_s * 1000) > 0) {
		n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0);
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		if (strstr(buf, "\r\n") != NULL)
			break;
	}
	buf[have] = '\0';
	if (sscanf(buf, "HTTP/1.1 %d", &st) != 1)
		st = -1;
	return st;
}

/*
 * An upload to a staff or reporter route without a session is refused
 * on its headers: no byte of its body is staged in RAM.
 */
static void
test_upload_refused_before_body(void **state)
{
	static const char *const paths[] = {
		"/staff/laporan/1/bukti", "/status/bukti",
		"/api/v1/reporter/files",
	};
	char head[512];
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		fd = tu_connect(srv);
		assert_true(fd >= 0);
		snprintf(head, sizeof(head), "POST %s HTTP/1.1\r\nHost: x\r\n"
		    "Content-Type: multipart/form-data; boundary=b\r\n"
		    "Content-Length: 200000000\r\n\r\n--b\r\n"
		    "Content-Disposition: form-data; name=\"files\"; "
		    "filename=\"a.txt\"\r\n\r\nisi", paths[i]);
		assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL),
		    (ssize_t)strlen(head));
		/* the answer comes with 200 MB still unsent */
		assert_int_equal(read_status(fd, 10), 401);
		assert_int_equal(upload_staged_bytes(), 0);
		close(fd);
	}
}

/* One address holds at most connections_per_client connections. */
static void
test_connections_per_client(void **state)
{
	int fd[9], i, closed = 0, open_fd = -1, tries;
	struct tu_resp r;

	(void)state;
	for (i = 0; i < 9; i++) {
		fd[i] = tu_connect(srv);
		assert_true(fd[i] >= 0);
	}
	/*
	 * Beyond eight the server closes at once: nothing to read but the
	 * end. (An earlier test's connection may still count, so which
	 * ones is not fixed; that one is, is.) Looked at well within the
	 * header timeout, which would close the others too.
	 */
	{
		struct pollfd p[9];
		int rounds;

		for (rounds = 0; rounds < 15 && closed == 0; rounds++) {
			for (i = 0; i < 9; i++) {
				p[i].fd = fd[i];
				p[i].events = POLLIN;
				p[i].revents = 0;
			}
			(void)poll(p, 9, 100);
			for (closed = 0, open_fd = -1, i = 0; i < 9; i++) {
				char c;

				if ((p[i].revents & (POLLIN | POLLHUP)) &&
				    recv(fd[i], &c, 1, MSG_DONTWAIT | MSG_PEEK)
				    == 0)
					closed++;
				else if (open_fd < 0)
					open_fd = fd[i];
			}
		}
	}
	assert_true(closed >= 1);
	/* the ones kept are served */
	assert_true(open_fd >= 0);
	assert_int_equal(send(open_fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n"
	    "\r\n", 35, MSG_NOSIGNAL), 35);
	assert_int_equal(read_status(open_fd, 30), 200);
	for (i = 0; i < 9; i++)
		close(fd[i]);
	/* once they are gone, the address is served again */
	for (tries = 0; tries < 100; tries++) {
		if (tu_http(srv, "GET", "/healthz", NULL, NULL, 0, &r) == 0 &&
		    r.status == 200) {
			tu_resp_free(&r);
			break;
		}
		tu_resp_free(&r);
		usleep(100 * 1000);
	}
	assert_true(tries < 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_ok),
		cmocka_unit_test(test_form_errors),
		cmocka_unit_test(test_body_limits),
		cmocka_unit_test(test_header_and_url_limits),
		cmocka_unit_test(test_forbidden_routes),
		cmocka_unit_test(test_trickle_headers_timeout),
		cmocka_unit_test(test_trickle_body_timeout),
		cmocka_unit_test(test_upload_refused_before_body),
		cmocka_unit_test(test_connections_per_client),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
