/*
 * test_auth.c: the account use cases in-process: session tokens are
 * stored only as hashes and tampered ones fail; a password change
 * re-wraps the same private key; recovery keeps the key pair and needs
 * the right recovery key; an admin reset makes a new key pair; forged or
 * misbound pending blobs fail; usernames and passwords are checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "crypto.h"
#include "totp.h"
#include "testutil.h"

#define PW	"satu dua tiga empat lima"
#define PW2	"kata sandi baru yang panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;
static const struct auth_source src = { { 127, 0, 0, 1 }, 4 };

static struct auth *
A(void)
{
	return srv->app->auth;
}

static void
tick(void)
{
	clk += TOTP_STEP;
	auth_set_clock(A(), clk);
}

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	auth_set_clock(A(), clk);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_server_stop(srv);
	return 0;
}

struct who {
	unsigned char	totp[TOTP_SECRET_BYTES];
	char		recovery[CRYPTO_RECOVERY_TEXT];
};

static void
enrol(const char *name, const char *pw, struct who *w)
{
	tu_enrol(srv, name, ROLE_REVIEWER, pw, &clk, w->totp, w->recovery,
	    NULL);
}

/* Logs in; returns the session's private key in sk (32 bytes). */
static enum auth_result
login(const char *name, const char *pw, const struct who *w,
    char token[CRYPTO_TOKEN_TEXT])
{
	char code[8];
	unsigned retry;

	tick();
	assert_int_equal(totp_code(w->totp, clk, code), 0);
	return auth_login(A(), &src, name, pw, code, token, &retry);
}

static void
session_sk(const char *token, unsigned char sk[32], struct auth_session *s)
{
	assert_int_equal(auth_session_load(A(), token, clk, s), 1);
	assert_int_equal(auth_session_sk(A(), s, sk), 0);
}

static void
test_session_token_hashing(void **state)
{
	struct who w;
	struct auth_session s;
	char token[CRYPTO_TOKEN_TEXT], bad[CRYPTO_TOKEN_TEXT];
	unsigned char raw[CRYPTO_TOKEN_BYTES];
	size_t n;

	(void)state;
	enrol("sesi", PW, &w);
	assert_int_equal(login("sesi", PW, &w, token), AUTH_OK);
	assert_int_equal(auth_session_load(A(), token, clk, &s), 1);
	/* the id stored is not the token */
	assert_int_equal(crypto_b64url_decode(raw, sizeof(raw), &n, token), 0);
	assert_int_equal(n, CRYPTO_TOKEN_BYTES);
	assert_memory_not_equal(s.id_hash, raw, 32);
	/* one changed character: no session */
	snprintf(bad, sizeof(bad), "%s", token);
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_session_load(A(), bad, clk, &s), 0);
	assert_int_equal(auth_session_load(A(), "", clk, &s), 0);
	assert_int_equal(auth_session_load(A(), "!!!", clk, &s), 0);
	assert_int_equal(auth_session_load(A(), NULL, clk, &s), 0);
	/* the absolute limit holds even for a busy session */
	assert_int_equal(auth_session_load(A(), token, clk + 8 * 3600 + 1, &s),
	    0);
}

static void
test_password_change_keeps_key(void **state)
{
	struct who w;
	struct auth_session s;
	char token[CRYPTO_TOKEN_TEXT], other[CRYPTO_TOKEN_TEXT], code[8];
	unsigned char sk1[32], sk2[32];

	(void)state;
	enrol("ganti", PW, &w);
	/* another session of the same account, e.g. a forgotten PC */
	assert_int_equal(login("ganti", PW, &w, other), AUTH_OK);
	assert_int_equal(login("ganti", PW, &w, token), AUTH_OK);
	session_sk(token, sk1, &s);
	tick();
	assert_int_equal(totp_code(w.totp, clk, code), 0);
	/* wrong old password, weak new one: refused, nothing changes */
	assert_int_equal(auth_password_change(A(), &s, "salah salah salah",
	    PW2, code), AUTH_FAIL);
	assert_int_equal(auth_password_change(A(), &s, PW, "pendek", code),
	    AUTH_INVALID);
	assert_int_equal(auth_password_change(A(), &s, PW, PW2, code),
	    AUTH_OK);
	/* the other session has ended; this one goes on */
	{
		struct auth_session o;

		assert_int_equal(auth_session_load(A(), other, clk, &o), 0);
		assert_int_equal(auth_session_load(A(), token, clk, &o), 1);
		auth_session_wipe(&o);
	}
	/* the old password no longer works; the new one opens the same key */
	assert_int_equal(login("ganti", PW, &w, token), AUTH_FAIL);
	assert_int_equal(login("ganti", PW2, &w, token), AUTH_OK);
	session_sk(token, sk2, &s);
	assert_memory_equal(sk1, sk2, 32);
}

static void
test_recovery_keeps_key(void **state)
{
	struct who w;
	struct auth_session s;
	struct auth_enrol_view v;
	char token[CRYPTO_TOKEN_TEXT], code[8], wrong[CRYPTO_RECOVERY_TEXT];
	unsigned char sk1[32], sk2[32], nt[TOTP_SECRET_BYTES];
	unsigned retry;

	(void)state;
	enrol("lupa", PW, &w);
	assert_int_equal(login("lupa", PW, &w, token), AUTH_OK);
	session_sk(token, sk1, &s);
	/* a wrong recovery key fails cleanly */
	snprintf(wrong, sizeof(wrong), "%s", w.recovery);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_recover_begin(A(), &src, "lupa", wrong, PW2, &v,
	    &retry), AUTH_FAIL);
	assert_int_equal(auth_recover_begin(A(), &src, "lupa", "bukan kunci",
	    PW2, &v, &retry), AUTH_FAIL);
	assert_int_equal(auth_recover_begin(A(), &src, "lupa", w.recovery,
	    PW2, &v, &retry), AUTH_OK);
	assert_string_equal(v.recovery, "");	/* the same key stays */
	assert_int_equal(tu_base32_decode(v.totp_base32, nt, sizeof(nt)),
	    TOTP_SECRET_BYTES);
	tick();
	assert_int_equal(totp_code(nt, clk, code), 0);
	/* a pending blob for another account does not apply */
	assert_int_equal(auth_recover_finish(A(), &src, "ganti", v.pending,
	    code), AUTH_FAIL);
	assert_int_equal(auth_recover_finish(A(), &src, "lupa", v.pending,
	    code), AUTH_OK);
	memcpy(w.totp, nt, sizeof(nt));
	assert_int_equal(login("lupa", PW2, &w, token), AUTH_OK);
	session_sk(token, sk2, &s);
	assert_memory_equal(sk1, sk2, 32);
}

static void
test_reset_makes_new_key_pair(void **state)
{
	struct who w, w2;
	struct db_user before, after;
	char token[CRYPTO_TOKEN_TEXT], old[CRYPTO_TOKEN_TEXT];
	struct auth_session s;

	(void)state;
	enrol("reset", PW, &w);
	assert_int_equal(login("reset", PW, &w, old), AUTH_OK);
	assert_int_equal(db_user_by_name(srv->app->db, "reset", &before), 1);
	assert_int_equal(auth_user_reset(A(), before.id, token), AUTH_OK);
	/* sessions ended, login refused while pending */
	assert_int_equal(auth_session_load(A(), old, clk, &s), 0);
	assert_int_equal(login("reset", PW, &w, old), AUTH_FAIL);
	{
		struct auth_enrol_view v;
		char code[8];

		tick();
		assert_int_equal(auth_enrol_begin(A(), token, PW, &v), AUTH_OK);
		assert_int_equal(tu_base32_decode(v.totp_base32, w2.totp,
		    TOTP_SECRET_BYTES), TOTP_SECRET_BYTES);
		assert_int_equal(totp_code(w2.totp, clk, code), 0);
		assert_int_equal(auth_enrol_finish(A(), token, v.pending, code),
		    AUTH_OK);
	}
	assert_int_equal(db_user_by_name(srv->app->db, "reset", &after), 1);
	assert_memory_not_equal(before.public_key, after.public_key, 32);
	assert_int_equal(after.key_generation, before.key_generation + 1);
	assert_int_equal(login("reset", PW, &w2, old), AUTH_OK);
}

static void
test_pending_forgery(void **state)
{
	char token[CRYPTO_TOKEN_TEXT], token2[CRYPTO_TOKEN_TEXT], code[8];
	struct auth_enrol_view v, v2;
	unsigned char secret[TOTP_SECRET_BYTES];
	char *bad;

	(void)state;
	tick();
	assert_int_equal(auth_user_create(A(), "palsu", "p", ROLE_AUDITOR, NULL,
	    token, NULL), AUTH_OK);
	assert_int_equal(auth_user_create(A(), "palsu2", "p", ROLE_AUDITOR,
	    NULL, token2, NULL), AUTH_OK);
	assert_int_equal(auth_enrol_begin(A(), token, PW, &v), AUTH_OK);
	assert_int_equal(auth_enrol_begin(A(), token2, PW, &v2), AUTH_OK);
	assert_int_equal(tu_base32_decode(v.totp_base32, secret,
	    sizeof(secret)), TOTP_SECRET_BYTES);
	assert_int_equal(totp_code(secret, clk, code), 0);
	/* another enrolment's blob, a tampered blob, garbage: all refused */
	assert_int_equal(auth_enrol_finish(A(), token, v2.pending, code),
	    AUTH_FAIL);
	bad = strdup(v.pending);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_enrol_finish(A(), token, bad, code), AUTH_FAIL);
	free(bad);
	assert_int_equal(auth_enrol_finish(A(), token, "xyz", code), AUTH_FAIL);
	assert_int_equal(auth_enrol_finish(A(), "not-a-token", v.pending,
	    code), AUTH_FAIL);
	/* stale after 15 minutes */
	clk += 16 * 60;
	auth_set_clock(A(), clk);
	assert_int_equal(totp_code(secret, clk, code), 0);
	assert_int_equal(auth_enrol_finish(A(), token, v.pending, code),
	    AUTH_FAIL);
}

static void
test_names_and_passwords(void **state)
{
	char token[CRYPTO_TOKEN_TEXT];
	static const char *const bad[] = {
		"", "ab", "Budi", "-budi", ".x1", "budi santoso", "bud\xc3\xad",
		"abcdefghijklmnopqrstuvwxyz0123456789", "a/b",
	};
	struct auth_enrol_view v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(auth_username_valid(bad[i]));
	assert_true(auth_username_valid("budi.santoso_2"));
	assert_int_equal(auth_user_create(A(), "Budi", "x", ROLE_ADMIN, NULL,
	    token, NULL), AUTH_INVALID);
	assert_int_equal(auth_user_create(A(), "tanpa", "x", 0, NULL, token,
	    NULL), AUTH_INVALID);
	assert_int_equal(auth_user_create(A(), "unit", "x", ROLE_INVESTIGATOR,
	    "tidak-ada", token, NULL), AUTH_INVALID);
	assert_int_equal(auth_user_create(A(), "kembar", "x", ROLE_ADMIN, NULL,
	    token, NULL), AUTH_OK);
	/* passwords: too short, equal to the username, not UTF-8 */
	assert_int_equal(auth_enrol_begin(A(), token, "pendek", &v),
	    AUTH_INVALID);
	assert_int_equal(auth_enrol_begin(A(), token, "kembar", &v),
	    AUTH_INVALID);
	assert_int_equal(auth_enrol_begin(A(), token, "\xff\xfe\xfd\xfc\xfb"
	    "\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3", &v), AUTH_INVALID);
	assert_int_equal(auth_user_create(A(), "kembar", "x", ROLE_ADMIN, NULL,
	    token, NULL), AUTH_EXISTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_token_hashing),
		cmocka_unit_test(test_password_change_keeps_key),
		cmocka_unit_test(test_recovery_keeps_key),
		cmocka_unit_test(test_reset_makes_new_key_pair),
		cmocka_unit_test(test_pending_forgery),
		cmocka_unit_test(test_names_and_passwords),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
