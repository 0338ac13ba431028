/*
 * auth.h: staff accounts, their keys and their sessions: the use cases
 * of the "handler accounts" part of wbs (one function per use case).
 *
 * Keys: at enrolment an account gets an X25519 key pair. The private key
 * is stored wrapped under a key derived from the password (Argon2id,
 * per-account salt) and, separately, under a recovery key shown once.
 * The login verifier comes from the same Argon2id output. The TOTP
 * secret is wrapped under the password-derived key too, so a copy of the
 * data directory holds no usable secret. A session keeps the private key
 * wrapped under a key derived from the cookie's token, which the server
 * never stores (only a hash of it).
 */
#ifndef WBS_AUTH_H
#define WBS_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto.h"
#include "db.h"
#include "roles.h"
#include "totp.h"

struct auth;
struct wbs_config;

enum auth_result {
	AUTH_OK,
	AUTH_FAIL,		/* wrong credentials, token or code: one answer */
	AUTH_THROTTLED,		/* too many failures; retry later */
	AUTH_BUSY,		/* too many logins at once; retry shortly */
	AUTH_INVALID,		/* input refused (e.g. weak password, bad name) */
	AUTH_EXISTS,		/* username or unit already taken */
	AUTH_ROLE_CONFLICT,	/* custodian with reviewer or investigator */
	AUTH_SOLE_CUSTODIAN,	/* a reset would lose identity keys for good */
	AUTH_ERROR		/* internal error (logged) */
};

/*
 * Roles no account may hold together: a custodian who could also read
 * reports would read identities without any request.
 */
#define AUTH_ROLES_EXCLUSIVE(r) \
	(((r) & ROLE_CUSTODIAN) && ((r) & (ROLE_REVIEWER | ROLE_INVESTIGATOR)))

/*
 * The roles as an audit detail code ("roles-reviewer-auditor"); out
 * holds at least AUTH_ROLES_CODE bytes.
 */
#define AUTH_ROLES_CODE	64
void		 auth_roles_code(unsigned roles, char out[AUTH_ROLES_CODE]);

#define AUTH_PENDING_TEXT	1024	/* an opaque pending-enrolment blob */
#define AUTH_URI_TEXT		512
#define AUTH_PASSWORD_MAX	1024	/* bytes */

/* A client address, only ever used through a keyed, rotating hash. */
struct auth_source {
	unsigned char	addr[16];
	size_t		len;
};

/* What an enrolment (or TOTP renewal) shows between its two steps. */
struct auth_enrol_view {
	char	username[DB_NAME_MAX + 1];
	char	display_name[DB_TEXT_MAX + 1];
	char	totp_base32[TOTP_BASE32_TEXT];
	char	totp_uri[AUTH_URI_TEXT];
	char	recovery[CRYPTO_RECOVERY_TEXT];	/* empty for a TOTP renewal */
	char	pending[AUTH_PENDING_TEXT];	/* goes back in the confirm form */
};

/* A valid staff session, loaded for one request. */
struct auth_session {
	struct db_user	 user;
	unsigned char	 id_hash[32];
	unsigned char	 token[CRYPTO_TOKEN_BYTES];
	char		 csrf[CRYPTO_TOKEN_TEXT];
	int64_t		 created_at;
};

struct auth	*auth_new(const struct wbs_config *, struct db *);
void		 auth_free(struct auth *);

/* Usernames: 3..32 of [a-z0-9._-], starting with a letter or digit. */
int		 auth_username_valid(const char *);

/*
 * Creates a pending account and its one-time enrolment token (text form
 * for the link /staff/enrol/TOKEN; shown once, only its hash is stored).
 * unit may be NULL or the code of an existing unit.
 */
enum auth_result auth_user_create(struct auth *, const char *username,
		    const char *display_name, unsigned roles, const char *unit,
		    char token[CRYPTO_TOKEN_TEXT], int64_t *id);
/*
 * Admin reset: a new enrolment link; the account's sessions end. The
 * enrolment that follows makes a new key pair, so the account loses
 * access to what was granted to the old one.
 */
enum auth_result auth_user_reset(struct auth *, int64_t id,
		    char token[CRYPTO_TOKEN_TEXT]);
enum auth_result auth_user_disable(struct auth *, int64_t id);
enum auth_result auth_unit_create(struct auth *, const char *code,
		    const char *name);

/* Enrolment: check the link, set the password, confirm the first code. */
enum auth_result auth_enrol_check(struct auth *, const char *token,
		    struct db_user *);
enum auth_result auth_enrol_begin(struct auth *, const char *token,
		    const char *password, struct auth_enrol_view *);
enum auth_result auth_enrol_finish(struct auth *, const char *token,
		    const char *pending, const char *code);

/*
 * Login with password and TOTP code. On AUTH_OK, token holds the new
 * session's token (cookie value or bearer token). On AUTH_THROTTLED,
 * *retry_after holds seconds.
 */
enum auth_result auth_login(struct auth *, const struct auth_source *,
		    const char *username, const char *password, const char *code,
		    char token[CRYPTO_TOKEN_TEXT], unsigned *retry_after);
/* Loads the session of a token: 1 valid, 0 none or expired, -1 error. */
int		 auth_session_load(struct auth *, const char *token, time_t now,
		    struct auth_session *);
enum auth_result auth_logout(struct auth *, const struct auth_session *);
/* Wipes the secrets a loaded session holds. */
void		 auth_session_wipe(struct auth_session *);
/* The session's unlocked private key into sk (guarded memory). */
int		 auth_session_sk(struct auth *, const struct auth_session *,
		    unsigned char sk[CRYPTO_KEY_BYTES]);

/* My account: password change (re-wraps the keys) and TOTP renewal. */
enum auth_result auth_password_change(struct auth *, struct auth_session *,
		    const char *old_pw, const char *new_pw, const char *code);
enum auth_result auth_totp_begin(struct auth *, struct auth_session *,
		    const char *password, const char *code,
		    struct auth_enrol_view *);
enum auth_result auth_totp_finish(struct auth *, struct auth_session *,
		    const char *pending, const char *code);
/*
 * Recovery with the recovery key: a new password and a new authenticator
 * (the TOTP secret was wrapped under the lost password), in two steps
 * like an enrolment. The key pair stays, so access to granted reports is
 * kept. Throttled like logins.
 */
enum auth_result auth_recover_begin(struct auth *, const struct auth_source *,
		    const char *username, const char *recovery,
		    const char *new_pw, struct auth_enrol_view *,
		    unsigned *retry_after);
enum auth_result auth_recover_finish(struct auth *,
		    const struct auth_source *, const char *username,
		    const char *pending, const char *code);

/*
 * The slots that cap concurrent Argon2id runs, shared with the reporter's
 * access-code checks. acquire returns 0, or -1 after waiting 10 seconds.
 */
int		 auth_argon_acquire(struct auth *);
void		 auth_argon_release(struct auth *);
/* The Argon2id cost configured for staff passwords. */
const struct crypto_pwparams *auth_pwparams(const struct auth *);
/*
 * The per-source bucket for access codes (apart from staff logins):
 * check returns seconds to wait (0: go ahead), fail takes a token.
 */
unsigned	 auth_code_check(struct auth *, const struct auth_source *,
		    time_t now);
void		 auth_code_fail(struct auth *, const struct auth_source *,
		    time_t now);
/*
 * Counts a new report against the global ceiling (per minute) and the
 * per-source limit (per hour; four times higher with a solved
 * proof-of-work); 0, or the seconds to wait when it must be refused.
 */
unsigned	 auth_report_limit(struct auth *, const struct auth_source *,
		    time_t now, int solved_pow);

/*
 * A reporter's message (files 0) or evidence upload (files 1) to a
 * report, from its access code: a token bucket per report, so that a
 * code alone cannot flood a case. Returns 0 (a token was taken) or the
 * seconds to wait.
 */
unsigned	 auth_report_take(struct auth *, int64_t report_id, int files,
		    time_t now);

/* Current time; tests may move it (0 restores the clock). */
time_t		 auth_now(const struct auth *);
void		 auth_set_clock(struct auth *, time_t fixed);

#endif
