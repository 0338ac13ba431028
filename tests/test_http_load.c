/*
 * test_http_load.c: the server under load and attack, over real HTTP.
 * Slow work runs on the worker pool while pages keep answering; a
 * storm of submissions gets an answer for every client (201, or 503
 * with Retry-After) and every code opens its own report; a full queue
 * answers a form with the form again; a client that hangs up before its
 * turn costs no Argon2id run; behind a trusted proxy each forwarded
 * client has its own throttle, and an untrusted peer's header is
 * ignored; wrong access codes never hold back a staff login. Nothing
 * here is timed: order is forced with a gate, and only outcomes are
 * asserted.
 */
#include <sys/socket.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "crypto.h"
#include "http.h"
#include "route.h"
#include "totp.h"
#include "workq.h"
#include "testutil.h"

#define PW	"kata sandi penelaah panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;
static char staff_token[CRYPTO_TOKEN_TEXT];
static unsigned char staff_secret[TOTP_SECRET_BYTES];
static int under_valgrind;

/* --- the gate: a slow route that holds a worker until opened --------- */

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_open = 1, gate_inside;

static void
gate_handler(struct req *r)
{
	pthread_mutex_lock(&gate_mu);
	gate_inside++;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	gate_inside--;
	pthread_mutex_unlock(&gate_mu);
	resp_text(r, 200, "text/plain", "through\n");
}

static const struct route gate_route[] = {
	{ HTTP_GET, "/test/gate", gate_handler, ROLE_PUBLIC, 0, NULL, 0, 0,
	    ROUTE_SLOW },
};

static void
set_gate(int open)
{
	pthread_mutex_lock(&gate_mu);
	gate_open = open;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

/* Waits until n requests are inside the gate (the workers are taken). */
static void
wait_inside(int n)
{
	pthread_mutex_lock(&gate_mu);
	while (gate_inside < n)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
}

/* --- requests from threads (no cmocka assertion off the main thread) - */

struct call {
	const char	*method;
	const char	*path;
	const char	*hdr[4];
	const char	*body;
	int		 rc;		/* tu_http's: -1 a transport error */
	long		 status;
	char		*retry_after;
	char		*resp;
	pthread_t	 th;
};

static void *
call_main(void *arg)
{
	struct call *c = arg;
	struct tu_resp r;

	c->rc = tu_http(srv, c->method, c->path, c->hdr, c->body,
	    c->body != NULL ? strlen(c->body) : 0, &r);
	c->status = r.status;
	c->retry_after = tu_header(&r, "Retry-After");
	c->resp = r.body;
	r.body = NULL;
	tu_resp_free(&r);
	return NULL;
}

static void
call_start(struct call *c)
{
	assert_int_equal(pthread_create(&c->th, NULL, call_main, c), 0);
}

static void
call_join(struct call *c)
{
	pthread_join(c->th, NULL);
}

static void
call_free(struct call *c)
{
	free(c->retry_after);
	free(c->resp);
	c->retry_after = c->resp = NULL;
}

/* --- fixtures ------------------------------------------------------------- */

static unsigned cfg_queue = 64, cfg_per_source = 64;
static const char *cfg_proxies = "";

static void
tweak(struct wbs_config *c)
{
	char err[128];

	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
	c->workers = 2;
	c->queue_max = cfg_queue;
	c->queue_per_source = cfg_per_source;
	c->queue_wait = 60;
	c->reports_per_source = 1000;
	c->reports_per_minute = 1000;
	snprintf(c->trusted_proxies, sizeof(c->trusted_proxies), "%s",
	    cfg_proxies);
	assert_int_equal(proxy_list_parse(&c->proxies, cfg_proxies, err,
	    sizeof(err)), 0);
	/* Access codes at a real, if small, cost: the storm has work. */
	c->code_kdf_ops = 1;
	c->code_kdf_mem_kib = under_valgrind ? 64 : 4096;
}

static void
start(unsigned queue, unsigned per_source, const char *proxies)
{
	struct tu_resp r;

	under_valgrind = getenv("WBS_UNDER_VALGRIND") != NULL;
	cfg_queue = queue;
	cfg_per_source = per_source;
	cfg_proxies = proxies;
	set_gate(1);
	srv = tu_server_start(tweak, gate_route, 1);
	tu_enrol(srv, "penelaah", ROLE_REVIEWER, PW, &clk, staff_secret, NULL,
	    staff_token);
	/* One request first: libcurl's global set-up is not thread-safe. */
	assert_int_equal(tu_http(srv, "GET", "/healthz", NULL, NULL, 0, &r),
	    0);
	tu_resp_free(&r);
}

static int
teardown(void **state)
{
	(void)state;
	set_gate(1);
	tu_server_stop(srv);
	srv = NULL;
	return 0;
}

static const char report_json[] =
    "{\"category\":\"lainnya\",\"title\":\"Pengadaan fiktif\","
    "\"what\":\"Kuitansi tanpa barang\"}";

static void
report_call(struct call *c, const char *xff)
{
	memset(c, 0, sizeof(*c));
	c->method = "POST";
	c->path = "/api/v1/reports";
	c->hdr[0] = "Content-Type: application/json";
	c->hdr[1] = xff;
	c->body = report_json;
}

/* Copies a JSON string member's value (no escapes expected) into out. */
static int
json_str(const char *body, const char *name, char *out, size_t outlen)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "\"%s\":\"", name);
	if (body == NULL || (p = strstr(body, key)) == NULL)
		return -1;
	p += strlen(key);
	if ((e = strchr(p, '"')) == NULL || (size_t)(e - p) >= outlen)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

/* Logs in with code over the API; returns the status. */
static long
code_login(const char *code, const char *xff, char *token, size_t toklen)
{
	const char *h[] = { "Content-Type: application/json", xff, NULL };
	char body[128];
	struct tu_resp r;
	long st;

	snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}", code);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", h,
	    body, strlen(body), &r), 0);
	st = r.status;
	if (token != NULL && st == 201)
		assert_int_equal(json_str(r.body, "token", token, toklen), 0);
	tu_resp_free(&r);
	return st;
}

/* The registration number the reporter's token sees. */
static void
registration_of(const char *token, char *reg, size_t reglen)
{
	char auth[256];
	const char *h[] = { auth, NULL };
	struct tu_resp r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", h,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_str(r.body, "registration", reg, reglen), 0);
	tu_resp_free(&r);
}

/* GET path (with the staff cookie when staff) and its status. */
static long
get_page(const char *path, int staff)
{
	char cookie[256];
	const char *h[] = { cookie, NULL };
	struct tu_resp r;
	long st;

	snprintf(cookie, sizeof(cookie), "Cookie: wbs_staff=%s", staff_token);
	assert_int_equal(tu_http(srv, "GET", path, staff ? h : NULL, NULL, 0,
	    &r), 0);
	st = r.status;
	tu_resp_free(&r);
	return st;
}

/* --- tests ------------------------------------------------------------------ */

/*
 * With both workers held by slow requests and more waiting, the public
 * pages, a static file and a staff page answer at once.
 */
static void
test_pages_while_pool_busy(void **state)
{
	struct call c[6];
	struct workq_stats st;
	int i;

	(void)state;
	start(64, 64, "");
	set_gate(0);
	for (i = 0; i < 6; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].method = "GET";
		c[i].path = "/test/gate";
		call_start(&c[i]);
	}
	wait_inside(2);
	assert_int_equal(get_page("/", 0), 200);
	assert_int_equal(get_page("/lapor", 0), 200);
	assert_int_equal(get_page("/static/style.css", 0), 200);
	assert_int_equal(get_page("/staff", 1), 200);
	http_pool_stats(srv->srv, &st);
	assert_int_equal(st.running, 2);	/* still held: not timing */
	set_gate(1);
	for (i = 0; i < 6; i++) {
		call_join(&c[i]);
		assert_int_equal(c[i].rc, 0);
		assert_int_equal(c[i].status, 200);
		call_free(&c[i]);
	}
	teardown(state);
}

/*
 * 64 submissions at once against 2 workers and a queue of 24: each gets
 * 201 or 503 with Retry-After, none is dropped, and each 201's code
 * opens its own report. A public page answers during the storm.
 */
static void
test_submission_storm(void **state)
{
	enum { N = 64 };
	struct call *c = calloc(N, sizeof(*c));
	char code[64], token[CRYPTO_TOKEN_TEXT], reg[64], want[64];
	int i, created = 0, busy = 0;

	struct call gate;

	(void)state;
	assert_non_null(c);
	start(24, 64, "");
	/* One worker held: the storm is still running while pages load. */
	set_gate(0);
	memset(&gate, 0, sizeof(gate));
	gate.method = "GET";
	gate.path = "/test/gate";
	call_start(&gate);
	wait_inside(1);
	for (i = 0; i < N; i++) {
		report_call(&c[i], NULL);
		call_start(&c[i]);
	}
	assert_int_equal(get_page("/", 0), 200);
	assert_int_equal(get_page("/staff", 1), 200);
	pthread_mutex_lock(&gate_mu);
	assert_int_equal(gate_inside, 1);
	pthread_mutex_unlock(&gate_mu);
	set_gate(1);
	call_join(&gate);
	assert_int_equal(gate.status, 200);
	call_free(&gate);
	for (i = 0; i < N; i++)
		call_join(&c[i]);
	for (i = 0; i < N; i++) {
		assert_int_equal(c[i].rc, 0);	/* an answer, never a drop */
		if (c[i].status == 503) {
			assert_non_null(c[i].retry_after);
			assert_true(atoi(c[i].retry_after) >= 1);
			assert_non_null(strstr(c[i].resp, "\"busy\""));
			busy++;
			continue;
		}
		assert_int_equal(c[i].status, 201);
		created++;
		assert_int_equal(json_str(c[i].resp, "access_code", code,
		    sizeof(code)), 0);
		assert_int_equal(json_str(c[i].resp, "registration", want,
		    sizeof(want)), 0);
		assert_int_equal(code_login(code, NULL, token, sizeof(token)),
		    201);
		registration_of(token, reg, sizeof(reg));
		assert_string_equal(reg, want);
	}
	assert_int_equal(created + busy, N);
	assert_true(created >= 24);	/* the queue's worth at least */
	for (i = 0; i < N; i++)
		call_free(&c[i]);
	free(c);
	teardown(state);
}

/*
 * A full queue answers a form with the same page, what was typed kept,
 * and the busy message; the API with the busy error.
 */
static void
test_full_queue_keeps_form(void **state)
{
	static const char *const form[] = {
		"Content-Type: application/x-www-form-urlencoded", NULL
	};
	const char *body = "category=korupsi&title=Dana+desa+dipotong&"
	    "what=Potongan+bantuan&consent=1";
	struct call c[3];
	struct tu_resp r;
	char *ra;
	int i;

	(void)state;
	start(1, 64, "");
	set_gate(0);
	/* one at a time: the queue holds one, so none may wait early */
	for (i = 0; i < 3; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].method = "GET";
		c[i].path = "/test/gate";
		call_start(&c[i]);
		if (i < 2)
			wait_inside(i + 1);
	}
	/* Two running, one waiting: the queue (1) is full. */
	for (;;) {
		struct workq_stats st;

		http_pool_stats(srv->srv, &st);
		if (st.queued == 1)
			break;
		usleep(1000);
	}
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", form, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 503);
	ra = tu_header(&r, "Retry-After");
	assert_non_null(ra);
	free(ra);
	assert_non_null(strstr(r.body, "Sistem sedang sibuk"));
	assert_non_null(strstr(r.body, "Dana desa dipotong"));
	assert_non_null(strstr(r.body, "Potongan bantuan"));
	tu_resp_free(&r);
	{
		const char *h[] = { "Content-Type: application/json", NULL };

		assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", h,
		    report_json, strlen(report_json), &r), 0);
		assert_int_equal(r.status, 503);
		assert_non_null(strstr(r.body, "\"busy\""));
		tu_resp_free(&r);
	}
	set_gate(1);
	for (i = 0; i < 3; i++) {
		call_join(&c[i]);
		assert_int_equal(c[i].status, 200);
		call_free(&c[i]);
	}
	teardown(state);
}

/* A client that hangs up while waiting costs no Argon2id run. */
static void
test_gone_client_costs_nothing(void **state)
{
	static const char json[] =
	    "{\"access_code\":\"1234 5678 9012 3456 7890\"}";
	char req[512];
	struct call c[2];
	struct workq_stats st;
	unsigned long runs;
	int fd, i;

	(void)state;
	snprintf(req, sizeof(req), "POST /api/v1/reporter/session HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\n\r\n%s", strlen(json), json);
	start(64, 64, "");
	set_gate(0);
	for (i = 0; i < 2; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].method = "GET";
		c[i].path = "/test/gate";
		call_start(&c[i]);
	}
	wait_inside(2);
	fd = tu_connect(srv);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	for (;;) {
		http_pool_stats(srv->srv, &st);
		if (st.queued == 1)
			break;
		usleep(1000);
	}
	runs = crypto_kdf_runs();
	close(fd);		/* gone before its turn */
	set_gate(1);
	for (i = 0; i < 2; i++) {
		call_join(&c[i]);
		call_free(&c[i]);
	}
	for (;;) {
		http_pool_stats(srv->srv, &st);
		if (st.queued == 0 && st.running == 0)
			break;
		usleep(1000);
	}
	assert_int_equal(st.gone, 1);
	assert_int_equal(crypto_kdf_runs(), runs);
	teardown(state);
}

/* Eight wrong codes at once do not hold back a public page. */
static void
test_wrong_codes_dont_block_pages(void **state)
{
	struct call c[8];
	int i;

	(void)state;
	start(64, 64, "");
	set_gate(0);	/* the gate holds a worker: the codes queue up */
	memset(&c[0], 0, sizeof(c[0]));
	c[0].method = "GET";
	c[0].path = "/test/gate";
	call_start(&c[0]);
	wait_inside(1);
	for (i = 1; i < 8; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].method = "POST";
		c[i].path = "/api/v1/reporter/session";
		c[i].hdr[0] = "Content-Type: application/json";
		c[i].body = "{\"access_code\":\"0000 0000 0000 0000 0000\"}";
		call_start(&c[i]);
	}
	assert_int_equal(get_page("/", 0), 200);
	assert_int_equal(get_page("/status", 0), 200);
	/* the gated request is still running: the page did not wait */
	pthread_mutex_lock(&gate_mu);
	assert_int_equal(gate_inside, 1);
	pthread_mutex_unlock(&gate_mu);
	set_gate(1);
	for (i = 0; i < 8; i++) {
		call_join(&c[i]);
		assert_int_equal(c[i].rc, 0);
		assert_true(i == 0 ? c[i].status == 200 :
		    c[i].status == 401 || c[i].status == 429);
		call_free(&c[i]);
	}
	teardown(state);
}

/* Floods source A with wrong codes until held back; returns 429 seen. */
static int
flood_wrong_codes(const char *xff)
{
	int i, held = 0;

	for (i = 0; i < 14; i++) {
		long st = code_login("0000 0000 0000 0000 0001", xff, NULL, 0);

		assert_true(st == 401 || st == 429);
		held += st == 429;
	}
	return held;
}

static void
new_report(const char *xff, char *code, size_t codelen)
{
	const char *h[] = { "Content-Type: application/json", xff, NULL };
	struct tu_resp r;

	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", h,
	    report_json, strlen(report_json), &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_str(r.body, "access_code", code, codelen), 0);
	tu_resp_free(&r);
}

/*
 * Behind a trusted proxy: A's wrong codes hold back A only; B's right
 * code logs in at once; a staff login from A is not affected.
 */
static void
test_proxy_separates_clients(void **state)
{
	const char *a = "X-Forwarded-For: 203.0.113.7, 127.0.0.1";
	const char *b = "X-Forwarded-For: 198.51.100.23";
	char code[64], body[256], totp[TOTP_DIGITS + 1];
	const char *h[] = { "Content-Type: application/json", a, NULL };
	struct tu_resp r;

	(void)state;
	start(64, 64, "127.0.0.1");
	new_report(b, code, sizeof(code));
	assert_true(flood_wrong_codes(a) >= 4);
	/* B, the same TCP peer (the proxy), is not held back */
	assert_int_equal(code_login(code, b, NULL, 0), 201);
	/* A itself is, even with the right code */
	assert_int_equal(code_login(code, a, NULL, 0), 429);
	/* and A's staff login is a different bucket: it logs in */
	clk += TOTP_STEP;
	auth_set_clock(srv->app->auth, clk);
	assert_int_equal(totp_code(staff_secret, clk, totp), 0);
	snprintf(body, sizeof(body), "{\"username\":\"penelaah\","
	    "\"password\":\"%s\",\"totp\":\"%s\"}", PW, totp);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", h,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	teardown(state);
}

/* Without trusted proxies the header is ignored: one peer, one bucket. */
static void
test_untrusted_header_ignored(void **state)
{
	char code[64], xff[64];
	int i, held = 0;

	(void)state;
	start(64, 64, "");
	new_report(NULL, code, sizeof(code));
	for (i = 0; i < 14; i++) {
		long st;

		/* a new forged address on every try */
		snprintf(xff, sizeof(xff), "X-Forwarded-For: 192.0.2.%d",
		    i + 1);
		st = code_login("0000 0000 0000 0000 0001", xff, NULL, 0);
		assert_true(st == 401 || st == 429);
		held += st == 429;
	}
	assert_true(held >= 4);
	assert_int_equal(code_login(code, "X-Forwarded-For: 192.0.2.200",
	    NULL, 0), 429);
	teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_while_pool_busy),
		cmocka_unit_test(test_submission_storm),
		cmocka_unit_test(test_full_queue_keeps_form),
		cmocka_unit_test(test_gone_client_costs_nothing),
		cmocka_unit_test(test_wrong_codes_dont_block_pages),
		cmocka_unit_test(test_proxy_separates_clients),
		cmocka_unit_test(test_untrusted_header_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
