/*
 * db.h: the store interface. Callers use only these functions; the
 * engine (SQLite now, db_sqlite.c; PostgreSQL later) stays behind it.
 * All functions are safe to call from several threads at once.
 * Functions return 0 on success and -1 on error unless stated otherwise;
 * errors are logged without any stored value.
 */
#ifndef WBS_DB_H
#define WBS_DB_H

#include <stddef.h>

struct db;

/*
 * Opens (and, with create, creates) the store at path, applies the
 * pragmas and every pending migration. Returns 0 or -1 with err set.
 */
int	 db_open(struct db **, const char *path, int create, char *err,
	    size_t errlen);
void	 db_close(struct db *);

/* The highest applied migration, and the newest this binary knows. */
int	 db_schema_version(struct db *, int *);
int	 db_schema_latest(void);

/* Small key/value settings table. Returns 1 found, 0 absent, -1 error. */
int	 db_meta_get(struct db *, const char *key, char *out, size_t outlen);
int	 db_meta_set(struct db *, const char *key, const char *value);

/* --- accounts, units and sessions ------------------------------------ */

#include <stdint.h>

#define DB_NAME_MAX	32	/* usernames, unit codes: [a-z0-9._-] */
#define DB_TEXT_MAX	128	/* display names, unit names */
#define DB_BLOB_MAX	128	/* wrapped keys and secrets */

enum db_user_status {
	DB_USER_PENDING,	/* created; enrolment link not used yet */
	DB_USER_ACTIVE,
	DB_USER_DISABLED,
	DB_USER__MAX
};

struct db_user {
	int64_t		 id;
	char		 username[DB_NAME_MAX + 1];
	char		 display_name[DB_TEXT_MAX + 1];
	unsigned	 roles;			/* ROLE_* bits (route.h) */
	enum db_user_status status;
	int64_t		 created_at;		/* Unix time */
	/* Set at enrolment; changed by password change, recovery, reset. */
	unsigned char	 pw_salt[16];
	uint64_t	 pw_ops;
	uint64_t	 pw_mem;
	unsigned char	 pw_verifier[32];
	unsigned char	 public_key[32];
	unsigned char	 sk_by_password[DB_BLOB_MAX];	/* wrapped private key */
	size_t		 sk_by_password_len;
	unsigned char	 sk_by_recovery[DB_BLOB_MAX];
	size_t		 sk_by_recovery_len;
	unsigned char	 totp_by_password[DB_BLOB_MAX];	/* wrapped TOTP secret */
	size_t		 totp_by_password_len;
	int64_t		 totp_last_step;
	int64_t		 key_generation;	/* +1 at each new key pair */
	/* Pending enrolment (or reset): hash of the link's token. */
	unsigned char	 enrol_hash[32];
	int64_t		 enrol_expires;		/* 0: none */
};

struct db_unit {
	int64_t		 id;
	char		 code[DB_NAME_MAX + 1];
	char		 name[DB_TEXT_MAX + 1];
};

struct db_session {
	unsigned char	 id_hash[32];
	int64_t		 user_id;
	int64_t		 created_at;
	int64_t		 last_seen;
	unsigned char	 sealed_key[DB_BLOB_MAX];	/* private key wrapped under the cookie's key */
	size_t		 sealed_key_len;
};

/*
 * Creates a user (status, names, roles, enrolment hash and expiry are
 * taken from u; key fields are ignored). Returns 0 and sets u->id, 1
 * when the username is taken, -1 on error.
 */
int	 db_user_create(struct db *, struct db_user *u);
/* Lookups: 1 found (u filled), 0 absent, -1 error. */
int	 db_user_by_name(struct db *, const char *username, struct db_user *u);
int	 db_user_by_id(struct db *, int64_t id, struct db_user *u);
int	 db_user_by_enrol(struct db *, const unsigned char hash[32],
	    struct db_user *u);
/*
 * Stores u's key material (salt, cost, verifier, public key, the three
 * wrapped blobs, totp_last_step, key_generation), its status, and its
 * enrolment hash/expiry (cleared when enrol_expires is 0), in one
 * transaction. Returns 0 or -1.
 */
int	 db_user_update_keys(struct db *, const struct db_user *u);
/*
 * Records step as the last accepted TOTP step only if it is greater than
 * the stored one (atomic replay guard). Returns 1 recorded, 0 refused
 * (replay), -1 error.
 */
int	 db_user_totp_step(struct db *, int64_t id, int64_t step);
int	 db_user_set_status(struct db *, int64_t id, enum db_user_status);
int	 db_user_set_roles(struct db *, int64_t id, unsigned roles);
/* Calls fn for every user ordered by username; stops early if fn returns -1. */
int	 db_user_list(struct db *, int (*fn)(void *, const struct db_user *),
	    void *arg);
/* The number of active users holding any of the roles (e.g. reviewers). */
int	 db_user_count_role(struct db *, unsigned roles, int64_t *count);

/* Units: create returns 0 (id set), 1 code taken, -1 error. */
int	 db_unit_create(struct db *, struct db_unit *);
int	 db_unit_by_code(struct db *, const char *code, struct db_unit *);
int	 db_unit_list(struct db *, int (*fn)(void *, const struct db_unit *),
	    void *arg);
/* Membership: add is idempotent; remove of a non-member is not an error. */
int	 db_unit_add_member(struct db *, int64_t unit_id, int64_t user_id);
int	 db_unit_remove_member(struct db *, int64_t unit_id, int64_t user_id);
int	 db_user_units(struct db *, int64_t user_id,
	    int (*fn)(void *, const struct db_unit *), void *arg);

/* Sessions, keyed by the hash of the cookie's token. */
int	 db_session_create(struct db *, const struct db_session *);
/* 1 found, 0 absent, -1 error. */
int	 db_session_get(struct db *, const unsigned char id_hash[32],
	    struct db_session *);
int	 db_session_touch(struct db *, const unsigned char id_hash[32],
	    int64_t now);
int	 db_session_delete(struct db *, const unsigned char id_hash[32]);
int	 db_session_delete_user(struct db *, int64_t user_id);
/* Deletes sessions idle since before idle_before or created before created_before. */
int	 db_session_expire(struct db *, int64_t idle_before,
	    int64_t created_before);

#endif
