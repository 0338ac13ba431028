/*
 * auth.c: the auth module's state, password derivation with a cap on
 * concurrent Argon2id runs, login with throttling, and sessions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "auth_internal.h"
#include "config.h"
#include "log.h"
#include "ratelimit.h"
#include "util.h"

/*
 * Token buckets: failures allowed at once, then one more every interval
 * seconds (burst, interval, rotation, capacity). An account's bucket is
 * larger than a client's, so that one client's flood never empties it:
 * its owner, elsewhere, still logs in. Access codes have their own
 * bucket: wrong codes never hold back a staff login, nor the reverse.
 */
static const struct ratelimit_policy source_policy = {
	10, 15, 3600, 65536
};
static const struct ratelimit_policy account_policy = {
	20, 6, 3600, 65536
};
static const struct ratelimit_policy code_policy = {
	10, 15, 3600, 65536
};

/*
 * What a reporter adds to a report with the code alone: ten messages at
 * once, then one a minute; five uploads, then one every ten minutes.
 */
static const struct ratelimit_policy report_msg_policy = {
	10, 60, 86400, 65536
};
static const struct ratelimit_policy report_file_policy = {
	5, 600, 86400, 65536
};

/* Only its windows are used: counts per minute and per hour. */
static const struct ratelimit_policy report_policy = {
	1, 1, 3600, 65536
};

#define ARGON_WAIT_SECONDS	10	/* a login waits this long for a slot */
#define SESSION_TOUCH_EVERY	30	/* seconds between last_seen updates */

struct auth *
auth_new(const struct wbs_config *cfg, struct db *db)
{
	struct auth *a = xcalloc(1, sizeof(*a));

	a->cfg = cfg;
	a->db = db;
	a->pw.ops = cfg->argon2_ops;
	a->pw.mem = (size_t)cfg->argon2_mem_kib * 1024;
	if (sem_init(&a->argon_slots, 0, cfg->login_concurrency != 0 ?
	    cfg->login_concurrency : workers_of(cfg)) == -1) {
		log_warn("auth: sem_init");
		free(a);
		return NULL;
	}
	a->by_source = ratelimit_new(&source_policy);
	a->by_account = ratelimit_new(&account_policy);
	a->codes = ratelimit_new(&code_policy);
	a->report_msgs = ratelimit_new(&report_msg_policy);
	a->report_files = ratelimit_new(&report_file_policy);
	a->reports = ratelimit_new(&report_policy);
	a->pending_key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_random(a->pending_key, CRYPTO_KEY_BYTES);
	return a;
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	ratelimit_free(a->by_source);
	ratelimit_free(a->by_account);
	ratelimit_free(a->codes);
	ratelimit_free(a->report_msgs);
	ratelimit_free(a->report_files);
	ratelimit_free(a->reports);
	crypto_secure_free(a->pending_key);
	sem_destroy(&a->argon_slots);
	free(a);
}

time_t
auth_now(const struct auth *a)
{
	return a->fixed_now != 0 ? a->fixed_now : time(NULL);
}

void
auth_set_clock(struct auth *a, time_t fixed)
{
	a->fixed_now = fixed;
}

int
auth_username_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 3 || n > DB_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return 0;
	}
	return 1;
}

int
auth_password_ok(const struct auth *a, const char *pw, const char *username)
{
	size_t bytes = strlen(pw), chars = 0, i;

	if (bytes > AUTH_PASSWORD_MAX || !utf8_valid(pw, bytes))
		return 0;
	for (i = 0; i < bytes; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			chars++;
	if (chars < a->cfg->password_min)
		return 0;
	if (username != NULL && strcmp(pw, username) == 0)
		return 0;
	return 1;
}

int
auth_argon_acquire(struct auth *a)
{
	struct timespec ts;
	int rc;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ARGON_WAIT_SECONDS;
	while ((rc = sem_timedwait(&a->argon_slots, &ts)) == -1 &&
	    errno == EINTR)
		;
	return rc == -1 ? -1 : 0;
}

void
auth_argon_release(struct auth *a)
{
	sem_post(&a->argon_slots);
}

const struct crypto_pwparams *
auth_pwparams(const struct auth *a)
{
	return &a->pw;
}

unsigned
auth_code_check(struct auth *a, const struct auth_source *src,
    time_t now)
{
	return ratelimit_check(a->codes, src->addr, src->len, now);
}

void
auth_code_fail(struct auth *a, const struct auth_source *src,
    time_t now)
{
	ratelimit_fail(a->codes, src->addr, src->len, now);
}

unsigned
auth_report_take(struct auth *a, int64_t report_id, int files, time_t now)
{
	struct ratelimit *rl = files ? a->report_files : a->report_msgs;
	unsigned wait = ratelimit_check(rl, &report_id, sizeof(report_id),
	    now);

	if (wait == 0)
		ratelimit_fail(rl, &report_id, sizeof(report_id), now);
	return wait;
}

unsigned
auth_report_limit(struct auth *a, const struct auth_source *src, time_t now,
    int solved_pow)
{
	unsigned char key[1 + 16];
	unsigned wait;

	if ((wait = ratelimit_window(a->reports, "global", 6, now, 60,
	    a->cfg->reports_per_minute)) > 0)
		return wait;
	key[0] = 'r';
	memcpy(key + 1, src->addr, src->len);
	return ratelimit_window(a->reports, key, 1 + src->len, now, 3600,
	    a->cfg->reports_per_source * (solved_pow ? 4 : 1));
}

enum auth_result
auth_derive(struct auth *a, const char *password, const unsigned char *salt,
    const struct crypto_pwparams *pp, struct auth_keys *k)
{
	int rc;

	memset(k, 0, sizeof(*k));
	if (salt != NULL)
		memcpy(k->salt, salt, sizeof(k->salt));
	else
		crypto_random(k->salt, sizeof(k->salt));
	if (auth_argon_acquire(a) == -1)
		return AUTH_BUSY;
	k->kek = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	rc = crypto_password_derive(password, strlen(password), k->salt,
	    pp != NULL ? pp : &a->pw, k->kek, k->verifier);
	auth_argon_release(a);
	if (rc == -1) {
		log_warnx("auth: Argon2id failed (memory?)");
		auth_keys_wipe(k);
		return AUTH_ERROR;
	}
	return AUTH_OK;
}

void
auth_keys_wipe(struct auth_keys *k)
{
	if (k->kek != NULL)
		crypto_secure_free(k->kek);
	crypto_wipe(k, sizeof(*k));
}

int
auth_check_totp(struct auth *a, const struct db_user *u,
    const unsigned char *secret, const char *code)
{
	int64_t step = u->totp_last_step;

	if (!a->cfg->totp_required)
		return 0;
	if (code == NULL ||
	    totp_verify(secret, code, auth_now(a), &step) == -1)
		return -1;
	/* Recorded atomically: the same step never passes twice. */
	return db_user_totp_step(a->db, u->id, step) == 1 ? 0 : -1;
}

void
auth_end_sessions(struct auth *a, int64_t user_id)
{
	if (db_session_delete_user(a->db, user_id) == -1)
		log_warnx("auth: cannot end sessions of a user");
}

/* Hashes of a session token: its id in the store, its wrapping key. */
static void
session_hashes(const unsigned char token[CRYPTO_TOKEN_BYTES],
    unsigned char id[32], unsigned char *key)
{
	crypto_hash_ctx(id, NULL, 0, "wbs-session-id", token,
	    CRYPTO_TOKEN_BYTES);
	if (key != NULL)
		crypto_hash_ctx(key, NULL, 0, "wbs-session-key", token,
		    CRYPTO_TOKEN_BYTES);
}

/* Creates a session holding sk; writes the token's text. */
static enum auth_result
session_create(struct auth *a, const struct db_user *u,
    const unsigned char *sk, char text[CRYPTO_TOKEN_TEXT])
{
	struct db_session s;
	unsigned char token[CRYPTO_TOKEN_BYTES], *key;
	time_t now = auth_now(a);
	enum auth_result r = AUTH_OK;

	memset(&s, 0, sizeof(s));
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_random(token, sizeof(token));
	session_hashes(token, s.id_hash, key);
	s.owner_id = u->id;
	s.created_at = now;
	s.last_seen = now;
	crypto_wrap(s.sealed_key, sk, CRYPTO_KEY_BYTES, key);
	s.sealed_key_len = CRYPTO_WRAPPED(CRYPTO_KEY_BYTES);
	crypto_secure_free(key);
	/* Old sessions go first; a store error only delays that. */
	(void)db_session_expire(a->db, now - (time_t)a->cfg->session_idle,
	    now - (time_t)a->cfg->session_max);
	if (db_session_create(a->db, &s) == -1)
		r = AUTH_ERROR;
	else
		crypto_b64url_encode(text, token, sizeof(token));
	crypto_wipe(token, sizeof(token));
	crypto_wipe(&s, sizeof(s));
	return r;
}

enum auth_result
auth_login(struct auth *a, const struct auth_source *src,
    const char *username, const char *password, const char *code,
    char token[CRYPTO_TOKEN_TEXT], unsigned *retry_after)
{
	static const unsigned char dummy_salt[CRYPTO_SALT_BYTES];
	struct db_user u;
	struct auth_keys k;
	unsigned char *sk = NULL, totp[TOTP_SECRET_BYTES];
	time_t now = auth_now(a);
	unsigned w1, w2;
	enum auth_result r;
	int found;

	*retry_after = 0;
	token[0] = '\0';
	/*
	 * A client out of tokens waits. An account out of tokens (a flood
	 * from many clients) does not refuse its owner: the attempt goes on,
	 * a correct password and TOTP code log in, anything else is answered
	 * as throttled.
	 */
	w1 = ratelimit_check(a->by_source, src->addr, src->len, now);
	w2 = ratelimit_check(a->by_account, username, strlen(username), now);
	if (w1 > 0) {
		*retry_after = w1;
		return AUTH_THROTTLED;
	}
	found = auth_username_valid(username) &&
	    strlen(password) <= AUTH_PASSWORD_MAX ?
	    db_user_by_name(a->db, username, &u) : 0;
	if (found == -1)
		return AUTH_ERROR;
	if (found == 1 && u.status != DB_USER_ACTIVE)
		found = 0;
	/* The same work whether or not the account exists. */
	if (found) {
		struct crypto_pwparams pp = { u.pw_ops, (size_t)u.pw_mem };

		r = auth_derive(a, password, u.pw_salt, &pp, &k);
	} else
		r = auth_derive(a, password, dummy_salt, NULL, &k);
	if (r != AUTH_OK)
		return r;
	r = AUTH_FAIL;
	if (!found || !crypto_equal(k.verifier, u.pw_verifier,
	    sizeof(k.verifier)))
		goto done;
	if (crypto_unwrap(totp, u.totp_by_password, u.totp_by_password_len,
	    k.kek) == -1 || u.totp_by_password_len !=
	    CRYPTO_WRAPPED(TOTP_SECRET_BYTES))
		goto done;
	if (auth_check_totp(a, &u, totp, code) == -1)
		goto done;
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (u.sk_by_password_len != CRYPTO_WRAPPED(CRYPTO_KEY_BYTES) ||
	    crypto_unwrap(sk, u.sk_by_password, u.sk_by_password_len,
	    k.kek) == -1) {
		log_warnx("auth: a private key does not open with its "
		    "password key");
		r = AUTH_ERROR;
		goto done;
	}
	r = session_create(a, &u, sk, token);
done:
	if (r == AUTH_FAIL) {
		ratelimit_fail(a->by_source, src->addr, src->len, now);
		ratelimit_fail(a->by_account, username, strlen(username), now);
		(void)audit_log(a->db, now, 0, AUDIT_LOGIN_FAILED,
		    found ? AUDIT_OBJ_USER : AUDIT_OBJ_NONE, found ? u.id : 0,
		    NULL);
		if (w2 > 0) {
			*retry_after = w2;
			r = AUTH_THROTTLED;
		}
	} else if (r == AUTH_OK) {
		(void)audit_log(a->db, now, u.id, AUDIT_LOGIN, AUDIT_OBJ_USER,
		    u.id, NULL);
		ratelimit_clear(a->by_source, src->addr, src->len);
		ratelimit_clear(a->by_account, username, strlen(username));
	}
	if (sk != NULL)
		crypto_secure_free(sk);
	crypto_wipe(totp, sizeof(totp));
	auth_keys_wipe(&k);
	crypto_wipe(&u, sizeof(u));
	return r;
}

int
auth_session_load(struct auth *a, const char *text, time_t now,
    struct auth_session *s)
{
	struct db_session ds;
	size_t n;
	int rc;

	memset(s, 0, sizeof(*s));
	if (text == NULL || strlen(text) >= CRYPTO_TOKEN_TEXT ||
	    crypto_b64url_decode(s->token, sizeof(s->token), &n, text) == -1 ||
	    n != CRYPTO_TOKEN_BYTES)
		goto invalid;
	session_hashes(s->token, s->id_hash, NULL);
	rc = db_session_get(a->db, s->id_hash, &ds);
	if (rc != 1) {
		auth_session_wipe(s);
		return rc;
	}
	if (now - ds.last_seen > (time_t)a->cfg->session_idle ||
	    now - ds.created_at > (time_t)a->cfg->session_max ||
	    now < ds.created_at) {
		(void)db_session_delete(a->db, s->id_hash);
		goto invalid;
	}
	rc = db_user_by_id(a->db, ds.owner_id, &s->user);
	if (rc != 1 || s->user.status != DB_USER_ACTIVE) {
		auth_session_wipe(s);
		return rc == -1 ? -1 : 0;
	}
	if (now - ds.last_seen >= SESSION_TOUCH_EVERY)
		(void)db_session_touch(a->db, s->id_hash, now);
	s->created_at = ds.created_at;
	{
		unsigned char c[32];

		crypto_hash_ctx(c, NULL, 0, "wbs-csrf", s->token,
		    CRYPTO_TOKEN_BYTES);
		crypto_b64url_encode(s->csrf, c, sizeof(c));
	}
	crypto_wipe(&ds, sizeof(ds));
	return 1;
invalid:
	auth_session_wipe(s);
	return 0;
}

void
auth_session_wipe(struct auth_session *s)
{
	crypto_wipe(s, sizeof(*s));
}

enum auth_result
auth_logout(struct auth *a, const struct auth_session *s)
{
	if (db_session_delete(a->db, s->id_hash) == -1)
		return AUTH_ERROR;
	(void)audit_log(a->db, auth_now(a), s->user.id, AUDIT_LOGOUT,
	    AUDIT_OBJ_USER, s->user.id, NULL);
	return AUTH_OK;
}

int
auth_session_sk(struct auth *a, const struct auth_session *s,
    unsigned char sk[CRYPTO_KEY_BYTES])
{
	struct db_session ds;
	unsigned char *key;
	int rc = -1;

	if (db_session_get(a->db, s->id_hash, &ds) != 1)
		return -1;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_hash_ctx(key, NULL, 0, "wbs-session-key", s->token,
	    CRYPTO_TOKEN_BYTES);
	if (ds.sealed_key_len == CRYPTO_WRAPPED(CRYPTO_KEY_BYTES) &&
	    crypto_unwrap(sk, ds.sealed_key, ds.sealed_key_len, key) == 0)
		rc = 0;
	crypto_secure_free(key);
	crypto_wipe(&ds, sizeof(ds));
	return rc;
}
