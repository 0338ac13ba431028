/*
 * auth_enrol.c: the account use cases other than login: creating,
 * resetting and disabling accounts, enrolment, password change, TOTP
 * renewal and recovery.
 *
 * Between the two steps of an enrolment (or a TOTP renewal) nothing is
 * stored: the prepared key material travels in the confirm form as a
 * "pending" blob wrapped under a key that lives only in this process's
 * memory and is bound to the enrolment token (or the session). A
 * restart simply voids unfinished enrolments.
 */
#include <stdio.h>
#include <string.h>

#include "auth_internal.h"
#include "config.h"
#include "log.h"
#include "ratelimit.h"
#include "util.h"

#define PENDING_VERSION	1
#define PENDING_TTL	900	/* seconds to confirm the first code */

/* What a pending blob holds; serialised field by field (pend_pack). */
struct pending {
	unsigned char	bind[32];	/* enrolment token or session id hash */
	int64_t		expires;
	unsigned char	salt[CRYPTO_SALT_BYTES];
	uint64_t	ops, mem;
	unsigned char	verifier[32];
	unsigned char	pk[32];
	unsigned char	sk_pw[CRYPTO_WRAPPED(CRYPTO_KEY_BYTES)];
	unsigned char	sk_rec[CRYPTO_WRAPPED(CRYPTO_KEY_BYTES)];
	unsigned char	totp_pw[CRYPTO_WRAPPED(TOTP_SECRET_BYTES)];
	unsigned char	totp[TOTP_SECRET_BYTES];
};

#define PENDING_BYTES	(1 + 32 + 8 + CRYPTO_SALT_BYTES + 8 + 8 + 32 + 32 + \
			 2 * CRYPTO_WRAPPED(CRYPTO_KEY_BYTES) + \
			 CRYPTO_WRAPPED(TOTP_SECRET_BYTES) + TOTP_SECRET_BYTES)

static void
put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Field table: offset in struct pending and size, in wire order. */
#define PF(f)	{ offsetof(struct pending, f), sizeof(((struct pending *)0)->f) }
static const struct {
	size_t	off, len;
} pending_fields[] = {
	PF(bind), PF(salt), PF(verifier), PF(pk), PF(sk_pw), PF(sk_rec),
	PF(totp_pw), PF(totp),
};

static void
pend_pack(struct auth *a, const struct pending *p, char *out, size_t outlen)
{
	unsigned char raw[PENDING_BYTES], wrapped[CRYPTO_WRAPPED(PENDING_BYTES)];
	size_t i, o = 0;

	raw[o++] = PENDING_VERSION;
	for (i = 0; i < NELEM(pending_fields); i++) {
		memcpy(raw + o, (const unsigned char *)p +
		    pending_fields[i].off, pending_fields[i].len);
		o += pending_fields[i].len;
	}
	put64(raw + o, (uint64_t)p->expires);
	put64(raw + o + 8, p->ops);
	put64(raw + o + 16, p->mem);
	crypto_wrap(wrapped, raw, sizeof(raw), a->pending_key);
	crypto_wipe(raw, sizeof(raw));
	if (CRYPTO_B64URL_LEN(sizeof(wrapped)) <= outlen)
		crypto_b64url_encode(out, wrapped, sizeof(wrapped));
	else
		out[0] = '\0';
}

/* Returns 0, or -1 for a blob that is forged, stale or not bound to bind. */
static int
pend_unpack(struct auth *a, const char *text, const unsigned char bind[32],
    struct pending *p)
{
	unsigned char raw[PENDING_BYTES], wrapped[CRYPTO_WRAPPED(PENDING_BYTES)];
	size_t n, i, o = 1;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (text == NULL || crypto_b64url_decode(wrapped, sizeof(wrapped), &n,
	    text) == -1 || n != sizeof(wrapped) ||
	    crypto_unwrap(raw, wrapped, n, a->pending_key) == -1 ||
	    raw[0] != PENDING_VERSION)
		goto done;
	for (i = 0; i < NELEM(pending_fields); i++) {
		memcpy((unsigned char *)p + pending_fields[i].off, raw + o,
		    pending_fields[i].len);
		o += pending_fields[i].len;
	}
	p->expires = (int64_t)get64(raw + o);
	p->ops = get64(raw + o + 8);
	p->mem = get64(raw + o + 16);
	if (!crypto_equal(p->bind, bind, 32) || p->expires < auth_now(a))
		goto done;
	rc = 0;
done:
	crypto_wipe(raw, sizeof(raw));
	if (rc == -1)
		crypto_wipe(p, sizeof(*p));
	return rc;
}

static void
token_hash(const unsigned char *token, unsigned char out[32])
{
	crypto_hash_ctx(out, NULL, 0, "wbs-enrol", token, CRYPTO_TOKEN_BYTES);
}

/* Decodes an enrolment token's text and hashes it; -1 if malformed. */
static int
enrol_token_hash(const char *text, unsigned char out[32])
{
	unsigned char t[CRYPTO_TOKEN_BYTES];
	size_t n;

	if (text == NULL || strlen(text) >= CRYPTO_TOKEN_TEXT ||
	    crypto_b64url_decode(t, sizeof(t), &n, text) == -1 ||
	    n != sizeof(t))
		return -1;
	token_hash(t, out);
	crypto_wipe(t, sizeof(t));
	return 0;
}

/* A fresh enrolment token for u (hash and expiry set in u). */
static void
new_enrol_token(struct auth *a, struct db_user *u, char text[CRYPTO_TOKEN_TEXT])
{
	unsigned char t[CRYPTO_TOKEN_BYTES];

	crypto_random(t, sizeof(t));
	token_hash(t, u->enrol_hash);
	u->enrol_expires = auth_now(a) + (int64_t)a->cfg->enrol_hours * 3600;
	crypto_b64url_encode(text, t, sizeof(t));
	crypto_wipe(t, sizeof(t));
}

void
auth_roles_code(unsigned roles, char out[AUTH_ROLES_CODE])
{
	static const struct {
		unsigned	 role;
		const char	*name;
	} names[] = {
		{ ROLE_ADMIN, "admin" },
		{ ROLE_REVIEWER, "reviewer" },
		{ ROLE_INVESTIGATOR, "investigator" },
		{ ROLE_CUSTODIAN, "custodian" },
		{ ROLE_AUDITOR, "auditor" },
	};
	size_t i, n;

	n = (size_t)snprintf(out, AUTH_ROLES_CODE, "roles");
	for (i = 0; i < NELEM(names); i++)
		if (roles & names[i].role)
			n += (size_t)snprintf(out + n, AUTH_ROLES_CODE - n,
			    "-%s", names[i].name);
}

enum auth_result
auth_user_create(struct auth *a, const char *username,
    const char *display_name, unsigned roles, const char *unit,
    char token[CRYPTO_TOKEN_TEXT], int64_t *id)
{
	struct db_user u;
	struct db_unit un;
	int rc;

	token[0] = '\0';
	if (AUTH_ROLES_EXCLUSIVE(roles))
		return AUTH_ROLE_CONFLICT;
	if (!auth_username_valid(username) || roles == 0 ||
	    display_name == NULL || strlen(display_name) > DB_TEXT_MAX ||
	    !utf8_valid(display_name, strlen(display_name)))
		return AUTH_INVALID;
	if (unit != NULL && *unit != '\0') {
		rc = db_unit_by_code(a->db, unit, &un);
		if (rc != 1)
			return rc == -1 ? AUTH_ERROR : AUTH_INVALID;
	}
	memset(&u, 0, sizeof(u));
	wbs_strlcpy(u.username, username, sizeof(u.username));
	wbs_strlcpy(u.display_name, *display_name != '\0' ? display_name :
	    username, sizeof(u.display_name));
	u.roles = roles;
	u.status = DB_USER_PENDING;
	u.created_at = auth_now(a);
	new_enrol_token(a, &u, token);
	rc = db_user_create(a->db, &u);
	if (rc != 0) {
		token[0] = '\0';
		return rc == 1 ? AUTH_EXISTS : AUTH_ERROR;
	}
	if (unit != NULL && *unit != '\0' &&
	    db_unit_add_member(a->db, un.id, u.id) == -1)
		return AUTH_ERROR;
	if (id != NULL)
		*id = u.id;
	return AUTH_OK;
}

enum auth_result
auth_user_reset(struct auth *a, int64_t id, char token[CRYPTO_TOKEN_TEXT])
{
	struct db_user u;
	int64_t sole = 0;
	int rc = db_user_by_id(a->db, id, &u);

	token[0] = '\0';
	if (rc != 1)
		return rc == -1 ? AUTH_ERROR : AUTH_INVALID;
	/*
	 * A reset makes a new key pair and deletes what was sealed to the
	 * old one. Identity keys that no other active custodian holds would
	 * be lost for good: refuse.
	 */
	if (db_identity_sole_custody(a->db, id, ROLE_CUSTODIAN, &sole) == -1)
		return AUTH_ERROR;
	if (sole > 0)
		return AUTH_SOLE_CUSTODIAN;
	new_enrol_token(a, &u, token);
	u.status = DB_USER_PENDING;
	auth_end_sessions(a, id);
	/*
	 * The next enrolment makes a new key pair: what was sealed to the
	 * old one opens nothing now. Remove it, so that holders re-grant
	 * (reviewers and unit members get keys again when a case is next
	 * opened by someone with access).
	 */
	if (db_user_keys_delete(a->db, id) == -1) {
		token[0] = '\0';
		return AUTH_ERROR;
	}
	if (db_user_update_keys(a->db, &u) == -1) {
		token[0] = '\0';
		return AUTH_ERROR;
	}
	return AUTH_OK;
}

enum auth_result
auth_user_disable(struct auth *a, int64_t id)
{
	if (db_user_set_status(a->db, id, DB_USER_DISABLED) == -1)
		return AUTH_ERROR;
	auth_end_sessions(a, id);
	return AUTH_OK;
}

enum auth_result
auth_unit_create(struct auth *a, const char *code, const char *name)
{
	struct db_unit un;
	int rc;

	if (!auth_username_valid(code) || name == NULL || *name == '\0' ||
	    strlen(name) > DB_TEXT_MAX || !utf8_valid(name, strlen(name)))
		return AUTH_INVALID;
	memset(&un, 0, sizeof(un));
	wbs_strlcpy(un.code, code, sizeof(un.code));
	wbs_strlcpy(un.name, name, sizeof(un.name));
	rc = db_unit_create(a->db, &un);
	return rc == 0 ? AUTH_OK : rc == 1 ? AUTH_EXISTS : AUTH_ERROR;
}

enum auth_result
auth_enrol_check(struct auth *a, const char *token, struct db_user *u)
{
	unsigned char h[32];
	int rc;

	if (enrol_token_hash(token, h) == -1)
		return AUTH_FAIL;
	rc = db_user_by_enrol(a->db, h, u);
	if (rc == -1)
		return AUTH_ERROR;
	if (rc == 0 || u->status == DB_USER_DISABLED ||
	    u->enrol_expires < auth_now(a))
		return AUTH_FAIL;
	return AUTH_OK;
}

/* Fills the view's TOTP fields for u from p. */
static void
view_totp(struct auth *a, const struct db_user *u, const struct pending *p,
    struct auth_enrol_view *v)
{
	wbs_strlcpy(v->username, u->username, sizeof(v->username));
	wbs_strlcpy(v->display_name, u->display_name, sizeof(v->display_name));
	totp_secret_base32(p->totp, v->totp_base32);
	if (totp_uri(v->totp_uri, sizeof(v->totp_uri), a->cfg->site_name,
	    u->username, p->totp) == -1)
		v->totp_uri[0] = '\0';
}

/*
 * Prepares the key material for password in p: a new salt, verifier and
 * TOTP secret; the private key wrapped under the password's key. With
 * sk NULL a new key pair and recovery key are made (recovery text in
 * rec_text); otherwise sk is re-wrapped and pk, sk_rec are kept.
 */
static enum auth_result
pending_make(struct auth *a, const char *password, const unsigned char *bind,
    const unsigned char *sk, struct pending *p, char *rec_text)
{
	struct auth_keys k;
	unsigned char *nsk, rec[CRYPTO_KEY_BYTES], rkek[CRYPTO_KEY_BYTES];
	enum auth_result r;

	if ((r = auth_derive(a, password, NULL, NULL, &k)) != AUTH_OK)
		return r;
	memcpy(p->bind, bind, 32);
	p->expires = auth_now(a) + PENDING_TTL;
	memcpy(p->salt, k.salt, sizeof(p->salt));
	p->ops = a->pw.ops;
	p->mem = a->pw.mem;
	memcpy(p->verifier, k.verifier, sizeof(p->verifier));
	if (sk == NULL) {
		nsk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
		crypto_box_keypair_new(p->pk, nsk);
		crypto_recovery_new(rec, rec_text);
		crypto_recovery_kek(rec, rkek);
		crypto_wrap(p->sk_rec, nsk, CRYPTO_KEY_BYTES, rkek);
		crypto_wrap(p->sk_pw, nsk, CRYPTO_KEY_BYTES, k.kek);
		crypto_secure_free(nsk);
		crypto_wipe(rec, sizeof(rec));
		crypto_wipe(rkek, sizeof(rkek));
	} else
		crypto_wrap(p->sk_pw, sk, CRYPTO_KEY_BYTES, k.kek);
	totp_secret_new(p->totp);
	crypto_wrap(p->totp_pw, p->totp, TOTP_SECRET_BYTES, k.kek);
	auth_keys_wipe(&k);
	return AUTH_OK;
}

/*
 * Stores what p prepared into u (already loaded) once the first code
 * from the new authenticator is right. keep_keys: a recovery, where the
 * key pair and its recovery wrapping stay.
 */
static enum auth_result
pending_commit(struct auth *a, struct db_user *u, struct pending *p,
    const char *code, int keep_keys)
{
	int64_t step = 0;

	if (a->cfg->totp_required &&
	    (code == NULL || totp_verify(p->totp, code, auth_now(a), &step) ==
	    -1))
		return AUTH_FAIL;
	memcpy(u->pw_salt, p->salt, sizeof(u->pw_salt));
	u->pw_ops = p->ops;
	u->pw_mem = p->mem;
	memcpy(u->pw_verifier, p->verifier, sizeof(u->pw_verifier));
	memcpy(u->sk_by_password, p->sk_pw, sizeof(p->sk_pw));
	u->sk_by_password_len = sizeof(p->sk_pw);
	if (!keep_keys) {
		memcpy(u->public_key, p->pk, sizeof(u->public_key));
		memcpy(u->sk_by_recovery, p->sk_rec, sizeof(p->sk_rec));
		u->sk_by_recovery_len = sizeof(p->sk_rec);
		u->key_generation++;
	}
	memcpy(u->totp_by_password, p->totp_pw, sizeof(p->totp_pw));
	u->totp_by_password_len = sizeof(p->totp_pw);
	if (step > u->totp_last_step)
		u->totp_last_step = step;
	u->status = DB_USER_ACTIVE;
	memset(u->enrol_hash, 0, sizeof(u->enrol_hash));
	u->enrol_expires = 0;
	if (db_user_update_keys(a->db, u) == -1)
		return AUTH_ERROR;
	auth_end_sessions(a, u->id);
	return AUTH_OK;
}

enum auth_result
auth_enrol_begin(struct auth *a, const char *token, const char *password,
    struct auth_enrol_view *v)
{
	struct db_user u;
	struct pending p;
	enum auth_result r;

	memset(v, 0, sizeof(*v));
	memset(&p, 0, sizeof(p));
	if ((r = auth_enrol_check(a, token, &u)) != AUTH_OK)
		return r;
	if (!auth_password_ok(a, password, u.username))
		return AUTH_INVALID;
	r = pending_make(a, password, u.enrol_hash, NULL, &p, v->recovery);
	if (r == AUTH_OK) {
		view_totp(a, &u, &p, v);
		pend_pack(a, &p, v->pending, sizeof(v->pending));
	}
	crypto_wipe(&p, sizeof(p));
	return r;
}

enum auth_result
auth_enrol_finish(struct auth *a, const char *token, const char *pending,
    const char *code)
{
	struct db_user u;
	struct pending p;
	enum auth_result r;

	if ((r = auth_enrol_check(a, token, &u)) != AUTH_OK)
		return r;
	if (pend_unpack(a, pending, u.enrol_hash, &p) == -1)
		return AUTH_FAIL;
	r = pending_commit(a, &u, &p, code, 0);
	crypto_wipe(&p, sizeof(p));
	crypto_wipe(&u, sizeof(u));
	return r;
}

/*
 * Re-authenticates a session's user with password and code; on AUTH_OK
 * k holds the password's keys (wipe them) and totp the TOTP secret.
 */
static enum auth_result
reauth(struct auth *a, struct auth_session *s, const char *password,
    const char *code, struct auth_keys *k, unsigned char *totp)
{
	struct db_user *u = &s->user;
	struct crypto_pwparams pp;
	enum auth_result r;

	if (db_user_by_id(a->db, s->user.id, u) != 1)
		return AUTH_ERROR;
	pp.ops = u->pw_ops;
	pp.mem = (size_t)u->pw_mem;
	if (strlen(password) > AUTH_PASSWORD_MAX)
		return AUTH_FAIL;
	if ((r = auth_derive(a, password, u->pw_salt, &pp, k)) != AUTH_OK)
		return r;
	if (!crypto_equal(k->verifier, u->pw_verifier, 32) ||
	    u->totp_by_password_len != CRYPTO_WRAPPED(TOTP_SECRET_BYTES) ||
	    crypto_unwrap(totp, u->totp_by_password, u->totp_by_password_len,
	    k->kek) == -1 || auth_check_totp(a, u, totp, code) == -1) {
		auth_keys_wipe(k);
		crypto_wipe(totp, TOTP_SECRET_BYTES);
		return AUTH_FAIL;
	}
	return AUTH_OK;
}

enum auth_result
auth_password_change(struct auth *a, struct auth_session *s,
    const char *old_pw, const char *new_pw, const char *code)
{
	struct auth_keys k_old, k_new;
	unsigned char totp[TOTP_SECRET_BYTES], *sk;
	struct db_user *u = &s->user;
	enum auth_result r;

	if (!auth_password_ok(a, new_pw, u->username))
		return AUTH_INVALID;
	if ((r = reauth(a, s, old_pw, code, &k_old, totp)) != AUTH_OK)
		return r;
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (crypto_unwrap(sk, u->sk_by_password, u->sk_by_password_len,
	    k_old.kek) == -1) {
		r = AUTH_ERROR;
		goto done;
	}
	if ((r = auth_derive(a, new_pw, NULL, NULL, &k_new)) != AUTH_OK)
		goto done;
	memcpy(u->pw_salt, k_new.salt, sizeof(u->pw_salt));
	u->pw_ops = a->pw.ops;
	u->pw_mem = a->pw.mem;
	memcpy(u->pw_verifier, k_new.verifier, sizeof(u->pw_verifier));
	crypto_wrap(u->sk_by_password, sk, CRYPTO_KEY_BYTES, k_new.kek);
	u->sk_by_password_len = CRYPTO_WRAPPED(CRYPTO_KEY_BYTES);
	crypto_wrap(u->totp_by_password, totp, TOTP_SECRET_BYTES, k_new.kek);
	u->totp_by_password_len = CRYPTO_WRAPPED(TOTP_SECRET_BYTES);
	/* Re-read: the code just used moved totp_last_step on. */
	{
		struct db_user fresh;

		if (db_user_by_id(a->db, u->id, &fresh) == 1)
			u->totp_last_step = fresh.totp_last_step;
		crypto_wipe(&fresh, sizeof(fresh));
	}
	r = db_user_update_keys(a->db, u) == -1 ? AUTH_ERROR : AUTH_OK;
	/* Whoever else was logged in with the old password is not now. */
	if (r == AUTH_OK && db_session_delete_others(a->db, u->id,
	    s->id_hash) == -1)
		r = AUTH_ERROR;
	auth_keys_wipe(&k_new);
done:
	crypto_secure_free(sk);
	crypto_wipe(totp, sizeof(totp));
	auth_keys_wipe(&k_old);
	return r;
}

enum auth_result
auth_totp_begin(struct auth *a, struct auth_session *s, const char *password,
    const char *code, struct auth_enrol_view *v)
{
	struct auth_keys k;
	struct pending p;
	unsigned char totp[TOTP_SECRET_BYTES];
	enum auth_result r;

	memset(v, 0, sizeof(*v));
	if ((r = reauth(a, s, password, code, &k, totp)) != AUTH_OK)
		return r;
	memset(&p, 0, sizeof(p));
	memcpy(p.bind, s->id_hash, 32);
	p.expires = auth_now(a) + PENDING_TTL;
	totp_secret_new(p.totp);
	crypto_wrap(p.totp_pw, p.totp, TOTP_SECRET_BYTES, k.kek);
	view_totp(a, &s->user, &p, v);
	pend_pack(a, &p, v->pending, sizeof(v->pending));
	crypto_wipe(&p, sizeof(p));
	crypto_wipe(totp, sizeof(totp));
	auth_keys_wipe(&k);
	return AUTH_OK;
}

enum auth_result
auth_totp_finish(struct auth *a, struct auth_session *s, const char *pending,
    const char *code)
{
	struct pending p;
	struct db_user *u = &s->user;
	enum auth_result r = AUTH_FAIL;
	int64_t step = 0;

	if (pend_unpack(a, pending, s->id_hash, &p) == -1)
		return AUTH_FAIL;
	if (db_user_by_id(a->db, u->id, u) != 1) {
		r = AUTH_ERROR;
		goto done;
	}
	if (a->cfg->totp_required &&
	    (code == NULL || totp_verify(p.totp, code, auth_now(a), &step) ==
	    -1))
		goto done;
	memcpy(u->totp_by_password, p.totp_pw, sizeof(p.totp_pw));
	u->totp_by_password_len = sizeof(p.totp_pw);
	u->totp_last_step = step;
	r = db_user_update_keys(a->db, u) == -1 ? AUTH_ERROR : AUTH_OK;
done:
	crypto_wipe(&p, sizeof(p));
	return r;
}

/* What a recovery's pending blob is bound to: the account and its keys. */
static void
recover_bind(const struct db_user *u, unsigned char out[32])
{
	unsigned char in[16];

	put64(in, (uint64_t)u->id);
	put64(in + 8, (uint64_t)u->key_generation);
	crypto_hash_ctx(out, NULL, 0, "wbs-recover", in, sizeof(in));
}

/* Loads an active account for recovery; counts a failure otherwise. */
static enum auth_result
recover_user(struct auth *a, const struct auth_source *src,
    const char *username, struct db_user *u, unsigned *retry_after)
{
	time_t now = auth_now(a);
	unsigned w1, w2;
	int found;

	*retry_after = 0;
	w1 = ratelimit_check(a->by_source, src->addr, src->len, now);
	w2 = ratelimit_check(a->by_account, username, strlen(username), now);
	if (w1 > 0 || w2 > 0) {
		*retry_after = w1 > w2 ? w1 : w2;
		return AUTH_THROTTLED;
	}
	found = auth_username_valid(username) ?
	    db_user_by_name(a->db, username, u) : 0;
	if (found == -1)
		return AUTH_ERROR;
	if (found == 0 || u->status != DB_USER_ACTIVE) {
		ratelimit_fail(a->by_source, src->addr, src->len, now);
		ratelimit_fail(a->by_account, username, strlen(username), now);
		return AUTH_FAIL;
	}
	return AUTH_OK;
}

enum auth_result
auth_recover_begin(struct auth *a, const struct auth_source *src,
    const char *username, const char *recovery, const char *new_pw,
    struct auth_enrol_view *v, unsigned *retry_after)
{
	struct db_user u;
	struct pending p;
	unsigned char rec[CRYPTO_KEY_BYTES], rkek[CRYPTO_KEY_BYTES], bind[32];
	unsigned char *sk = NULL;
	time_t now = auth_now(a);
	enum auth_result r;

	memset(v, 0, sizeof(*v));
	memset(&p, 0, sizeof(p));
	if ((r = recover_user(a, src, username, &u, retry_after)) != AUTH_OK)
		return r;
	if (!auth_password_ok(a, new_pw, username)) {
		r = AUTH_INVALID;
		goto done;
	}
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (crypto_recovery_parse(recovery, rec) == -1 ||
	    u.sk_by_recovery_len != CRYPTO_WRAPPED(CRYPTO_KEY_BYTES) ||
	    (crypto_recovery_kek(rec, rkek), crypto_unwrap(sk,
	    u.sk_by_recovery, u.sk_by_recovery_len, rkek)) == -1) {
		ratelimit_fail(a->by_source, src->addr, src->len, now);
		ratelimit_fail(a->by_account, username, strlen(username), now);
		r = AUTH_FAIL;
		goto done;
	}
	recover_bind(&u, bind);
	r = pending_make(a, new_pw, bind, sk, &p, NULL);
	if (r == AUTH_OK) {
		view_totp(a, &u, &p, v);
		pend_pack(a, &p, v->pending, sizeof(v->pending));
	}
done:
	if (sk != NULL)
		crypto_secure_free(sk);
	crypto_wipe(rec, sizeof(rec));
	crypto_wipe(rkek, sizeof(rkek));
	crypto_wipe(&p, sizeof(p));
	crypto_wipe(&u, sizeof(u));
	return r;
}

enum auth_result
auth_recover_finish(struct auth *a, const struct auth_source *src,
    const char *username, const char *pending, const char *code)
{
	struct db_user u;
	struct pending p;
	unsigned char bind[32];
	unsigned retry;
	enum auth_result r;

	if ((r = recover_user(a, src, username, &u, &retry)) != AUTH_OK)
		return r;
	recover_bind(&u, bind);
	if (pend_unpack(a, pending, bind, &p) == -1)
		r = AUTH_FAIL;
	else
		r = pending_commit(a, &u, &p, code, 1);
	crypto_wipe(&p, sizeof(p));
	crypto_wipe(&u, sizeof(u));
	return r;
}
