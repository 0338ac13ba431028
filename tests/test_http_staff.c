/*
 * test_http_staff.c: staff accounts over real HTTP: enrolment through
 * the pages, login with password and TOTP, the one answer for every
 * wrong factor, CSRF, idle expiry, logout, every role against every
 * staff route, throttling of a login flood per source, the session API,
 * and a copy of the data directory holding none of the secrets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "crypto.h"
#include "totp.h"
#include "testutil.h"
#include "pages.h"

#define T0	1800000000	/* a fixed clock: 2027-01-15 */
#define PW	"kata sandi yang panjang 1"

static struct tu_server *srv;
static time_t clk = T0;

struct acct {
	char		name[33];
	unsigned	roles;
	unsigned char	totp[TOTP_SECRET_BYTES];
	char		totp_b32[TOTP_BASE32_TEXT];
	char		recovery[CRYPTO_RECOVERY_TEXT];
	char		cookie[128];	/* "Cookie: wbs_staff=..." */
	char		token[CRYPTO_TOKEN_TEXT];
	char		csrf[CRYPTO_TOKEN_TEXT];
};

static struct acct admin, reviewer, investigator, custodian, auditor, victim;
static struct acct target;	/* of the login flood */

static struct auth *
A(void)
{
	return srv->app->auth;
}

/* Moves the clock on by one TOTP step, so every code is fresh. */
static void
tick(void)
{
	clk += TOTP_STEP;
	auth_set_clock(A(), clk);
}

static void
code_now(const struct acct *a, char code[TOTP_DIGITS + 1])
{
	assert_int_equal(totp_code(a->totp, clk, code), 0);
}

/* Creates and enrols an account in-process. */
static void
make_account(struct acct *a, const char *name, unsigned roles)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->roles = roles;
	tu_enrol(srv, name, roles, PW, &clk, a->totp, a->recovery, NULL);
	totp_secret_base32(a->totp, a->totp_b32);
}

static const char *const form_ct[] = {
	"Content-Type: application/x-www-form-urlencoded", NULL
};

/* POST /staff/login; returns the status, fills resp. */
static long
login_raw(const char *user, const char *pw, const char *code,
    struct tu_resp *r)
{
	char body[512];

	snprintf(body, sizeof(body), "username=%s&password=%s&totp=%s", user,
	    pw, code);
	for (char *p = body; *p != '\0'; p++)
		if (*p == ' ')
			*p = '+';
	assert_int_equal(tu_http(srv, "POST", "/staff/login", form_ct, body,
	    strlen(body), r), 0);
	return r->status;
}

/* Logs a in over HTTP; sets its cookie, token and CSRF token. */
static void
login(struct acct *a)
{
	struct tu_resp r;
	char code[8], *sc, *semi, *hdr[2];

	tick();
	code_now(a, code);
	assert_int_equal(login_raw(a->name, PW, code, &r), 303);
	sc = tu_header(&r, "Set-Cookie");
	assert_non_null(sc);
	assert_non_null(strstr(sc, "HttpOnly"));
	assert_non_null(strstr(sc, "SameSite=Strict"));
	assert_int_equal(strncmp(sc, "wbs_staff=", 10), 0);
	semi = strchr(sc, ';');
	assert_non_null(semi);
	*semi = '\0';
	snprintf(a->token, sizeof(a->token), "%s", sc + 10);
	snprintf(a->cookie, sizeof(a->cookie), "Cookie: %s", sc);
	free(sc);
	tu_resp_free(&r);
	hdr[0] = a->cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/staff/account",
	    (const char *const *)hdr, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(tu_input_value(r.body, "csrf", a->csrf,
	    sizeof(a->csrf)), 0);
	tu_resp_free(&r);
}

static long
as(const struct acct *a, const char *method, const char *path,
    const char *body, struct tu_resp *r)
{
	const char *hdr[3] = { a->cookie, form_ct[0], NULL };

	assert_int_equal(tu_http(srv, method, path, hdr, body,
	    body != NULL ? strlen(body) : 0, r), 0);
	return r->status;
}

static void
fast_argon(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(fast_argon, NULL, 0);
	auth_set_clock(A(), clk);
	make_account(&admin, "admin", ROLE_ADMIN);
	make_account(&reviewer, "penelaah", ROLE_REVIEWER);
	make_account(&investigator, "pemeriksa", ROLE_INVESTIGATOR);
	make_account(&custodian, "inspektur", ROLE_CUSTODIAN);
	make_account(&auditor, "auditor", ROLE_AUDITOR);
	make_account(&victim, "korban", ROLE_REVIEWER);	/* id 6: disabled and reset */
	make_account(&target, "sasaran", ROLE_REVIEWER);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_server_stop(srv);
	return 0;
}

/* Enrolment through the pages, from the link to the first login. */
static void
test_enrol_over_http(void **state)
{
	char token[CRYPTO_TOKEN_TEXT], path[256], pending[1200], body[2048];
	char secret_b32[64], code[8], *p, *q;
	unsigned char secret[TOTP_SECRET_BYTES];
	struct tu_resp r;

	(void)state;
	tick();
	assert_int_equal(auth_user_create(A(), "baru", "Pegawai Baru",
	    ROLE_REVIEWER, NULL, token, NULL), AUTH_OK);
	snprintf(path, sizeof(path), "/staff/enrol/%s", token);
	assert_int_equal(tu_http(srv, "GET", path, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.body, "Pegawai Baru"));
	tu_resp_free(&r);
	/* too short a password is refused, nothing is made */
	assert_int_equal(tu_http(srv, "POST", path, form_ct,
	    "password=pendek&password2=pendek", 32, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "password=%s&password2=%s",
	    "kata+sandi+yang+panjang+1", "kata+sandi+yang+panjang+1");
	assert_int_equal(tu_http(srv, "POST", path, form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<svg"));
	assert_int_equal(tu_input_value(r.body, "pending", pending,
	    sizeof(pending)), 0);
	/* the secret, from the otpauth link */
	p = strstr(r.body, "secret=");
	assert_non_null(p);
	p += 7;
	q = p + strcspn(p, "&\"");
	snprintf(secret_b32, sizeof(secret_b32), "%.*s", (int)(q - p), p);
	assert_int_equal(tu_base32_decode(secret_b32, secret, sizeof(secret)),
	    TOTP_SECRET_BYTES);
	tu_resp_free(&r);
	/* a wrong code does not activate the account */
	snprintf(path, sizeof(path), "/staff/enrol/%s/confirm", token);
	snprintf(body, sizeof(body), "pending=%s&totp=000000", pending);
	assert_int_equal(tu_http(srv, "POST", path, form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	assert_int_equal(totp_code(secret, clk, code), 0);
	snprintf(body, sizeof(body), "pending=%s&totp=%s", pending, code);
	assert_int_equal(tu_http(srv, "POST", path, form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	tu_resp_free(&r);
	/* the link is spent */
	assert_int_equal(tu_http(srv, "POST", path, form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	/* and the new account logs in */
	tick();
	assert_int_equal(totp_code(secret, clk, code), 0);
	assert_int_equal(login_raw("baru", PW, code, &r), 303);
	tu_resp_free(&r);
}

static void
test_login_and_dashboard(void **state)
{
	struct tu_resp r;

	(void)state;
	login(&admin);
	assert_int_equal(as(&admin, "GET", "/staff", NULL, &r), 200);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.body, "admin"));
	tu_resp_free(&r);
	/* without a session: to the login page */
	assert_int_equal(tu_http(srv, "GET", "/staff", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 303);
	tu_resp_free(&r);
}

/* A login form posted from another site is refused (login CSRF). */
static void
test_login_csrf(void **state)
{
	static const char *const bad[][2] = {
		{ "Sec-Fetch-Site: cross-site", NULL },
		{ "Sec-Fetch-Site: same-site", NULL },
		{ "Origin: https://penyerang.example", NULL },
		{ "Origin: http://127.0.0.1:1", NULL },
	};
	const char *h[3];
	char body[256], origin[64], code[8];
	struct tu_resp r;
	size_t i;

	(void)state;
	snprintf(body, sizeof(body), "username=sasaran&password=%s&totp=000000",
	    "x");
	h[0] = "Content-Type: application/x-www-form-urlencoded";
	h[2] = NULL;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h[1] = bad[i][0];
		assert_int_equal(tu_http(srv, "POST", "/staff/login", h, body,
		    strlen(body), &r), 0);
		assert_int_equal(r.status, 403);
		assert_null(strstr(r.body, "name=\"username\""));
		tu_resp_free(&r);
		assert_int_equal(tu_http(srv, "POST", "/status", h,
		    "access_code=1", 13, &r), 0);
		assert_int_equal(r.status, 403);
		assert_null(strstr(r.body, "name=\"access_code\""));
		tu_resp_free(&r);
	}
	/* from the site itself, it is an ordinary login */
	tick();
	code_now(&target, code);
	snprintf(body, sizeof(body), "username=sasaran&password=%s&totp=%s",
	    PW, code);
	for (char *p = body; *p != '\0'; p++)
		if (*p == ' ')
			*p = '+';
	snprintf(origin, sizeof(origin), "Origin: http://127.0.0.1:%u",
	    (unsigned)srv->port);
	h[1] = origin;
	assert_int_equal(tu_http(srv, "POST", "/staff/login", h, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	tu_resp_free(&r);
}

/* Wrong password, wrong code, replayed code, unknown user: one answer. */
static void
test_wrong_factors_one_answer(void **state)
{
	struct tu_resp r1, r2, r3, r4;
	char code[8], bad[8];

	(void)state;
	tu_source = "127.0.0.3";
	tick();
	code_now(&reviewer, code);
	snprintf(bad, sizeof(bad), "%06d", (atoi(code) + 1) % 1000000);
	assert_int_equal(login_raw("penelaah", "salah sekali ya", code, &r1),
	    403);
	assert_int_equal(login_raw("penelaah", PW, bad, &r2), 403);
	assert_int_equal(login_raw("penelaah", PW, "", &r3), 403);
	assert_int_equal(login_raw("tidakada", PW, code, &r4), 403);
	assert_string_equal(r1.body, r2.body);
	assert_string_equal(r1.body, r3.body);
	assert_null(strstr(r1.headers, "Set-Cookie"));
	assert_null(strstr(r4.headers, "Set-Cookie"));
	/* the unknown account gets the same message (and the same status) */
	assert_non_null(strstr(r4.body, "tidak cocok"));
	assert_non_null(strstr(r1.body, "tidak cocok"));
	tu_resp_free(&r1);
	tu_resp_free(&r2);
	tu_resp_free(&r3);
	tu_resp_free(&r4);
	/* a code, once used, is not accepted again */
	tick();
	code_now(&reviewer, code);
	assert_int_equal(login_raw("penelaah", PW, code, &r1), 303);
	assert_int_equal(login_raw("penelaah", PW, code, &r2), 403);
	tu_resp_free(&r1);
	tu_resp_free(&r2);
	tu_source = NULL;
}

static void
test_csrf(void **state)
{
	struct tu_resp r;
	char body[128];

	(void)state;
	login(&reviewer);
	assert_int_equal(as(&reviewer, "POST", "/staff/logout", "", &r), 403);
	tu_resp_free(&r);
	assert_int_equal(as(&reviewer, "POST", "/staff/logout",
	    "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &r), 403);
	tu_resp_free(&r);
	/* another session's token does not do either */
	login(&auditor);
	snprintf(body, sizeof(body), "csrf=%s", auditor.csrf);
	assert_int_equal(as(&reviewer, "POST", "/staff/logout", body, &r),
	    403);
	tu_resp_free(&r);
	/* still logged in */
	assert_int_equal(as(&reviewer, "GET", "/staff", NULL, &r), 200);
	tu_resp_free(&r);
}

static void
test_idle_expiry_and_logout(void **state)
{
	struct tu_resp r;
	char body[128];

	(void)state;
	login(&custodian);
	clk += 14 * 60;
	auth_set_clock(A(), clk);
	assert_int_equal(as(&custodian, "GET", "/staff", NULL, &r), 200);
	tu_resp_free(&r);
	clk += 15 * 60 + 1;
	auth_set_clock(A(), clk);
	assert_int_equal(as(&custodian, "GET", "/staff", NULL, &r), 303);
	tu_resp_free(&r);

	login(&custodian);
	snprintf(body, sizeof(body), "csrf=%s", custodian.csrf);
	assert_int_equal(as(&custodian, "POST", "/staff/logout", body, &r),
	    303);
	assert_non_null(strstr(r.headers, "Max-Age=0"));
	tu_resp_free(&r);
	/* the server forgot the session: the old cookie opens nothing */
	assert_int_equal(as(&custodian, "GET", "/staff", NULL, &r), 303);
	tu_resp_free(&r);
}

/* Every staff route against every role. */
static void
test_role_route_matrix(void **state)
{
	struct acct *who[] = { &admin, &reviewer, &investigator, &custodian,
	    &auditor };
	char path[256], body[256], auth[128];
	struct tu_resp r;
	size_t i, k;

	(void)state;
	for (k = 0; k < 5; k++)
		login(who[k]);
	for (i = 0; i < pages_nroutes; i++) {
		const struct route *rt = &pages_routes[i];
		const char *m = rt->method == HTTP_GET ? "GET" :
		    rt->method == HTTP_POST ? "POST" : "DELETE";
		const char *p;
		char *o;

		if (rt->roles == ROLE_PUBLIC || rt->roles == ROLE_REPORTER ||
		    strcmp(rt->pattern, "/staff/logout") == 0 ||
		    strcmp(rt->pattern, "/api/v1/staff/session") == 0)
			continue;
		/* :id is the victim account; other parameters are dummies */
		for (p = rt->pattern, o = path; *p != '\0';) {
			if (*p == ':') {
				o += sprintf(o, "%s", strncmp(p, ":id", 3) ==
				    0 ? "6" : "x");
				p += strcspn(p, "/");
			} else
				*o++ = *p++;
		}
		*o = '\0';
		for (k = 0; k < 5; k++) {
			int allowed = (rt->roles & who[k]->roles) != 0;
			const char *hdr[4] = { NULL, form_ct[0], NULL, NULL };

			snprintf(body, sizeof(body), "csrf=%s", who[k]->csrf);
			if (strncmp(path, "/api/", 5) == 0) {
				snprintf(auth, sizeof(auth),
				    "Authorization: Bearer %s", who[k]->token);
				hdr[0] = auth;
				/* the API speaks JSON */
				hdr[1] = "Content-Type: application/json";
				snprintf(body, sizeof(body), "{}");
			} else
				hdr[0] = who[k]->cookie;
			assert_int_equal(tu_http(srv, m, path, hdr,
			    rt->method == HTTP_POST ? body : NULL,
			    rt->method == HTTP_POST ? strlen(body) : 0, &r), 0);
			if (allowed && (r.status == 401 || r.status == 403))
				fail_msg("%s %s as %s: %ld, expected access",
				    m, path, who[k]->name, r.status);
			if (!allowed && r.status != 403)
				fail_msg("%s %s as %s: %ld, expected 403",
				    m, path, who[k]->name, r.status);
			tu_assert_security_headers(&r);
			tu_resp_free(&r);
		}
	}
}

/*
 * Wrong passwords from many clients empty the account's bucket; the
 * owner's correct password and code, from anywhere, still log in.
 */
static void
test_account_flood_owner_logs_in(void **state)
{
	struct acct owner;
	struct tu_resp r;
	char src[32], code[8], *ra;
	int i, held = 0;

	(void)state;
	make_account(&owner, "pemilik", ROLE_AUDITOR);
	for (i = 0; i < 25; i++) {
		snprintf(src, sizeof(src), "127.0.1.%d", i + 1);
		tu_source = src;
		login_raw("pemilik", "tebakan yang salah sekali", "123456", &r);
		assert_true(r.status == 403 || r.status == 429);
		held += r.status == 429;
		tu_resp_free(&r);
	}
	/* twenty failures emptied the account's bucket: the rest wait */
	assert_int_equal(held, 5);
	tu_source = "127.0.1.200";
	login_raw("pemilik", "masih salah juga sandinya", "123456", &r);
	assert_int_equal(r.status, 429);
	ra = tu_header(&r, "Retry-After");
	assert_non_null(ra);
	free(ra);
	tu_resp_free(&r);
	/* the owner, from another address, is not refused */
	tu_source = "127.0.1.201";
	tick();
	code_now(&owner, code);
	assert_int_equal(login_raw("pemilik", PW, code, &r), 303);
	tu_resp_free(&r);
	tu_source = NULL;
}

static void
test_login_flood_throttled(void **state)
{
	struct tu_resp r;
	int i, throttled = 0, refused = 0;
	char code[8];

	(void)state;
	tu_source = "127.0.0.9";
	tick();
	for (i = 0; i < 200; i++) {
		login_raw("sasaran", "bukan kata sandinya", "123456", &r);
		if (r.status == 429) {
			char *ra = tu_header(&r, "Retry-After");

			assert_non_null(ra);
			free(ra);
			throttled++;
		} else if (r.status == 403)
			refused++;
		tu_resp_free(&r);
	}
	/* a burst of ten, then nothing until a token comes back */
	assert_int_equal(refused, 10);
	assert_int_equal(throttled + refused, 200);
	/* the flooding source cannot log in even with the right factors */
	code_now(&target, code);
	assert_int_equal(login_raw("sasaran", PW, code, &r), 429);
	{
		char *ra = tu_header(&r, "Retry-After");

		/* one token comes back every 15 s: no penalty that grows */
		assert_non_null(ra);
		assert_true(atoi(ra) >= 1 && atoi(ra) <= 15);
		free(ra);
		assert_non_null(strstr(r.body, "detik"));
	}
	tu_resp_free(&r);
	/* while another source, for that account or another, can */
	tu_source = "127.0.0.10";
	assert_int_equal(login_raw("sasaran", PW, code, &r), 303);
	tu_resp_free(&r);
	tick();
	code_now(&auditor, code);
	assert_int_equal(login_raw("auditor", PW, code, &r), 303);
	tu_resp_free(&r);
	tu_source = NULL;
}

static void
test_session_api(void **state)
{
	const char *json[] = { "Content-Type: application/json", NULL };
	char body[256], auth[128], code[8], *p;
	const char *hdr[2] = { auth, NULL };
	struct tu_resp r;

	(void)state;
	tick();
	code_now(&investigator, code);
	snprintf(body, sizeof(body), "{\"username\":\"pemeriksa\","
	    "\"password\":\"%s\",\"totp\":\"%s\"}", PW, code);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", json,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"token\":\"");
	assert_non_null(p);
	p += 9;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
	    (int)strcspn(p, "\""), p);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/staff/me", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"investigator\""));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "DELETE", "/api/v1/staff/session", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 204);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/staff/me", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"error\""));
	tu_resp_free(&r);
	/* bad inputs: clear JSON errors */
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", json,
	    "{\"username\":", 12, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"invalid_request\""));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", json,
	    "{\"username\":[1],\"password\":\"x\"}", 32, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", form_ct,
	    "username=x", 10, &r), 0);
	assert_int_equal(r.status, 415);
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "{\"username\":\"pemeriksa\","
	    "\"password\":\"salah salah salah\",\"totp\":\"000000\"}");
	assert_int_equal(tu_http(srv, "POST", "/api/v1/staff/session", json,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"login_failed\""));
	tu_resp_free(&r);
}

static void
test_no_plaintext_secrets_at_rest(void **state)
{
	struct acct *all[] = { &admin, &reviewer, &investigator, &custodian,
	    &auditor, &victim, &target };
	struct auth_session s;
	unsigned char rec[CRYPTO_KEY_BYTES], *sk;
	char dir[1100], cmd[2300];
	size_t i;

	(void)state;
	login(&admin);
	/* A copy of the whole data directory, as a leaked backup would be. */
	snprintf(dir, sizeof(dir), "%s/copy", srv->dir);
	snprintf(cmd, sizeof(cmd), "cp -a '%s' '%s'", srv->cfg.data_dir, dir);
	assert_int_equal(system(cmd), 0);
	assert_true(tu_dir_contains(dir, "penelaah", 8));	/* the search works */
	assert_false(tu_dir_contains(dir, PW, strlen(PW)));
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		assert_false(tu_dir_contains(dir, all[i]->totp, TOTP_SECRET_BYTES));
		assert_false(tu_dir_contains(dir, all[i]->totp_b32,
		    strlen(all[i]->totp_b32)));
		assert_false(tu_dir_contains(dir, all[i]->recovery,
		    strlen(all[i]->recovery)));
		assert_int_equal(crypto_recovery_parse(all[i]->recovery, rec),
		    0);
		assert_false(tu_dir_contains(dir, rec, sizeof(rec)));
	}
	/* the session token and the private key it unlocks */
	assert_false(tu_dir_contains(dir, admin.token, strlen(admin.token)));
	assert_int_equal(auth_session_load(A(), admin.token, clk, &s), 1);
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	assert_int_equal(auth_session_sk(A(), &s, sk), 0);
	assert_false(tu_dir_contains(dir, sk, CRYPTO_KEY_BYTES));
	assert_false(tu_dir_contains(dir, s.token, sizeof(s.token)));
	crypto_secure_free(sk);
	auth_session_wipe(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enrol_over_http),
		cmocka_unit_test(test_login_and_dashboard),
		cmocka_unit_test(test_wrong_factors_one_answer),
		cmocka_unit_test(test_login_csrf),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_idle_expiry_and_logout),
		cmocka_unit_test(test_role_route_matrix),
		cmocka_unit_test(test_login_flood_throttled),
		cmocka_unit_test(test_account_flood_owner_logs_in),
		cmocka_unit_test(test_session_api),
		cmocka_unit_test(test_no_plaintext_secrets_at_rest),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
