/*
 * auth_internal.h: state and helpers shared by auth.c (login, sessions)
 * and auth_enrol.c (enrolment, password and TOTP changes, accounts).
 * Not for other modules.
 */
#ifndef WBS_AUTH_INTERNAL_H
#define WBS_AUTH_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>

#include "auth.h"

struct ratelimit;

struct auth {
	const struct wbs_config	*cfg;
	struct db		*db;
	struct crypto_pwparams	 pw;
	sem_t			 argon_slots;	/* caps concurrent Argon2id */
	struct ratelimit	*by_source;	/* staff logins, per client */
	struct ratelimit	*by_account;	/* staff logins, per account */
	struct ratelimit	*codes;		/* access codes, per client */
	struct ratelimit	*reports;	/* submission windows */
	struct ratelimit	*report_msgs;	/* a reporter's messages, per report */
	struct ratelimit	*report_files;	/* a reporter's uploads, per report */
	unsigned char		*pending_key;	/* in memory only */
	time_t			 fixed_now;	/* tests: 0 = real clock */
};

/* Key material made from a password for one account. */
struct auth_keys {
	unsigned char	salt[CRYPTO_SALT_BYTES];
	unsigned char	verifier[CRYPTO_KEY_BYTES];
	unsigned char	*kek;		/* guarded */
};

/*
 * Runs Argon2id for password with salt (a fresh salt when new_salt),
 * holding one of the concurrency slots. Returns AUTH_OK, AUTH_BUSY or
 * AUTH_ERROR. k->kek is allocated; release with auth_keys_wipe.
 */
enum auth_result auth_derive(struct auth *, const char *password,
		    const unsigned char *salt, const struct crypto_pwparams *,
		    struct auth_keys *k);
void		 auth_keys_wipe(struct auth_keys *);
/* Password policy: length in characters, at most AUTH_PASSWORD_MAX bytes. */
int		 auth_password_ok(const struct auth *, const char *pw,
		    const char *username);
/* The TOTP check shared by login, renewal and password change. */
int		 auth_check_totp(struct auth *, const struct db_user *,
		    const unsigned char *totp_secret, const char *code);
/* Deletes every session of a user. */
void		 auth_end_sessions(struct auth *, int64_t user_id);

#endif
