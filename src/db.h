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

/*
 * A session, staff or reporter, keyed by the hash of the cookie's token.
 * owner_id is the user (staff) or the report (reporter); the sealed key
 * is the user's private key or the report key, wrapped under the
 * cookie's key.
 */
struct db_session {
	unsigned char	 id_hash[32];
	int64_t		 owner_id;
	int64_t		 created_at;
	int64_t		 last_seen;
	unsigned char	 sealed_key[DB_BLOB_MAX];
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
/* Ends every session of user_id but the one whose id hash is keep. */
int	 db_session_delete_others(struct db *, int64_t user_id,
	    const unsigned char keep[32]);
int	 db_session_delete_user(struct db *, int64_t user_id);
/* Deletes sessions idle since before idle_before or created before created_before. */
int	 db_session_expire(struct db *, int64_t idle_before,
	    int64_t created_before);

/* --- reports, keys, files, messages, reporter sessions --------------- */

#define DB_REG_MAX	31	/* "WBS-2026-000123" */
#define DB_CODE_MAX	32	/* category codes, stage codes */

/* Who holds a sealed copy of a key. */
enum db_holder {
	DB_HOLDER_USER,		/* a staff account (user_id) */
	DB_HOLDER_REPORTER	/* the reporter's code-derived key pair */
};

/* A report key (or identity key) sealed to one holder. */
struct db_sealed {
	enum db_holder	 holder;
	int64_t		 user_id;	/* 0 for the reporter */
	unsigned char	 sealed[DB_BLOB_MAX];
	size_t		 sealed_len;
};

struct db_report {
	int64_t		 id;
	char		 registration[DB_REG_MAX + 1];
	int		 year;
	int64_t		 seq;
	unsigned char	 code_lookup[32];	/* keyed hash of the access code's Argon2id output */
	unsigned char	 reporter_pk[32];
	char		 category[DB_CODE_MAX + 1];
	char		 stage[DB_CODE_MAX + 1];
	int64_t		 created_at;
	int64_t		 stage_at;		/* when the current stage began */
	unsigned char	*content;		/* encrypted record (malloc'd) */
	size_t		 content_len;
	unsigned char	*identity;		/* encrypted record or NULL */
	size_t		 identity_len;
	unsigned	 code_ops;		/* the access code's Argon2id cost */
	unsigned	 code_mem_kib;
	int64_t		 forwarded_at;		/* first forwarding, 0: not yet */
};

/* An Argon2id cost that access codes of stored reports were made with. */
struct db_code_cost {
	unsigned	ops;
	unsigned	mem_kib;
};
#define DB_CODE_COSTS_MAX	8

/* An evidence file: the store keeps only ciphertext and padded sizes. */
struct db_file {
	int64_t		 id;
	int64_t		 report_id;
	char		 stored_name[65];	/* the file store's name (hex) */
	unsigned char	*meta;			/* encrypted record: name, type, size (malloc'd) */
	size_t		 meta_len;
	uint64_t	 stored_size;		/* padded ciphertext size */
	int		 metadata_removed;
	int		 by_reporter;		/* 1 reporter, 0 staff */
	int64_t		 created_at;
};

struct db_message {
	int64_t		 id;
	int64_t		 report_id;
	int		 by_reporter;
	int64_t		 user_id;		/* staff author, 0 for the reporter */
	unsigned char	*body;			/* encrypted record (malloc'd) */
	size_t		 body_len;
	int64_t		 created_at;
};

struct db_event {
	int64_t		 id;
	int64_t		 report_id;
	char		 stage[DB_CODE_MAX + 1];
	int64_t		 created_at;
	unsigned char	*note;			/* encrypted record or NULL (malloc'd) */
	size_t		 note_len;
};

/*
 * Stores a new report with its sealed report keys, sealed identity keys,
 * files and its first timeline event (stage r->stage) in ONE
 * transaction, assigning r->id, r->seq and r->registration
 * ("WBS-YYYY-NNNNNN", numbered per year). Committed durably (fsync) on
 * return 0; on -1 nothing of it remains. 1: the code lookup value is
 * already taken (draw another code).
 */
/*
 * The access-code costs in use (at most DB_CODE_COSTS_MAX), after
 * giving the reports made before costs were recorded (cost 0) the cost
 * legacy, which they were made with. Returns 0 or -1.
 */
int	 db_code_costs(struct db *, const struct db_code_cost *legacy,
	    struct db_code_cost *out, size_t *n);
int	 db_report_create(struct db *, struct db_report *r,
	    const struct db_sealed *keys, size_t nkeys,
	    const struct db_sealed *idkeys, size_t nidkeys,
	    struct db_file *files, size_t nfiles);
/* Lookups: 1 found, 0 absent, -1 error. Free with db_report_clear. */
int	 db_report_by_lookup(struct db *, const unsigned char lookup[32],
	    struct db_report *);
int	 db_report_by_id(struct db *, int64_t id, struct db_report *);
int	 db_report_by_registration(struct db *, const char *,
	    struct db_report *);
void	 db_report_clear(struct db_report *);
/* The sealed report key for a holder: 1 found, 0 absent, -1 error. */
int	 db_report_key(struct db *, int64_t report_id, enum db_holder,
	    int64_t user_id, struct db_sealed *);
/* Adds sealed report keys (e.g. a reviewer added later); idempotent. */
int	 db_report_key_add(struct db *, int64_t report_id,
	    const struct db_sealed *);
/* Files: add one (sets f->id); list a report's files in order. */
int	 db_file_add(struct db *, struct db_file *f);
int	 db_file_list(struct db *, int64_t report_id,
	    int (*fn)(void *, const struct db_file *), void *arg);
int	 db_file_by_id(struct db *, int64_t id, struct db_file *);
void	 db_file_clear(struct db_file *);
/* Messages between reporter and handlers, oldest first. */
int	 db_message_add(struct db *, struct db_message *m);
/*
 * Visits the newest `limit` messages of a report with ids below
 * before_id (0: the newest), oldest first; *older is the id to pass as
 * before_id for the page before (0: none). Returns 0 or -1.
 */
int	 db_message_page(struct db *, int64_t report_id, int64_t before_id,
	    unsigned limit, int (*fn)(void *, const struct db_message *),
	    void *arg, int64_t *older);
/* The reporter's evidence files of a report: count and stored bytes. */
int	 db_report_file_totals(struct db *, int64_t report_id,
	    int64_t *count, uint64_t *bytes);
int	 db_message_list(struct db *, int64_t report_id,
	    int (*fn)(void *, const struct db_message *), void *arg);
/* Timeline events, oldest first. */
int	 db_event_add(struct db *, struct db_event *e);
int	 db_event_list(struct db *, int64_t report_id,
	    int (*fn)(void *, const struct db_event *), void *arg);
/*
 * The reports user_id holds a sealed key for, newest first (at most
 * 200; metadata only: content and identity are not read).
 */
int	 db_report_list_for_user(struct db *, int64_t user_id,
	    int (*fn)(void *, const struct db_report *), void *arg);
/*
 * Moves report_id from stage from to stage to at now, and appends the
 * timeline event (with note, an encrypted record, or NULL) in one
 * transaction. Returns 0, 1 when the report is no longer in stage from
 * (nothing changed), -1 on error.
 */
int	 db_report_transition(struct db *, int64_t report_id, const char *from,
	    const char *to, int64_t now, const unsigned char *note,
	    size_t note_len);
/* --- case handling: assessment, forwarding (key grants) --- */

/*
 * The review checklist of a report (an encrypted record; the latest one
 * stored wins). get: 1 found (*rec malloc'd), 0 none, -1 error.
 */
int	 db_assessment_set(struct db *, int64_t report_id, int64_t by,
	    int64_t at, const unsigned char *rec, size_t len);
int	 db_assessment_get(struct db *, int64_t report_id, unsigned char **rec,
	    size_t *len);
/* The unit a report is forwarded to: set; get 1 (*unit_id), 0 none, -1. */
int	 db_report_set_unit(struct db *, int64_t report_id, int64_t unit_id);
int	 db_report_unit(struct db *, int64_t report_id, int64_t *unit_id);
int	 db_unit_by_id(struct db *, int64_t id, struct db_unit *);
/*
 * Active members of unit_id (with a public key) who hold no sealed key
 * for report_id yet: the grants still to make.
 */
int	 db_report_missing_grants(struct db *, int64_t report_id,
	    int64_t unit_id,
	    int (*fn)(void *, int64_t user_id, const unsigned char pk[32]),
	    void *arg);
/*
 * Deletes the sealed report keys of the members of unit_id who hold no
 * other role that reads reports (reviewers keep theirs). Returns the
 * number deleted, or -1.
 */
int	 db_report_keys_remove_unit(struct db *, int64_t report_id,
	    int64_t unit_id);
/*
 * Deletes every report key and identity key sealed to user_id (after a
 * reset its key pair is gone, so they open nothing; holders re-grant).
 */
int	 db_user_keys_delete(struct db *, int64_t user_id);
/* Number of reports created at or after since (for the global ceiling). */
int	 db_report_count_since(struct db *, int64_t since, int64_t *count);
/* All active users holding a role, with their public keys (for sealing). */
int	 db_user_keys_by_role(struct db *, unsigned roles,
	    int (*fn)(void *, int64_t user_id, const unsigned char pk[32]),
	    void *arg);

/* Reporter sessions (struct db_session; owner_id is the report). */
int	 db_rsession_create(struct db *, const struct db_session *);
int	 db_rsession_get(struct db *, const unsigned char id_hash[32],
	    struct db_session *);
int	 db_rsession_touch(struct db *, const unsigned char id_hash[32],
	    int64_t now);
int	 db_rsession_delete(struct db *, const unsigned char id_hash[32]);
int	 db_rsession_expire(struct db *, int64_t idle_before,
	    int64_t created_before);

/* --- case records, identity custody, the dashboard's pages ------------ */

enum db_record_kind {
	DB_REC_NOTE,		/* internal note (never shown to the reporter) */
	DB_REC_LHP,		/* the investigation report */
	DB_REC_DECISION,	/* the follow-up decision */
	DB_REC__MAX
};

/* A record of a case; rec is encrypted under the report key (malloc'd). */
struct db_case_record {
	int64_t		 id;
	int64_t		 report_id;
	int64_t		 user_id;
	int		 kind;		/* enum db_record_kind */
	int64_t		 created_at;
	unsigned char	*rec;
	size_t		 len;
};

/* Adds a record (sets r->id); 0 or -1. */
int	 db_case_record_add(struct db *, struct db_case_record *r);
/* A report's records of one kind, oldest first. */
int	 db_case_record_list(struct db *, int64_t report_id, int kind,
	    int (*fn)(void *, const struct db_case_record *), void *arg);
/* The newest record of a kind: 1 found, 0 none, -1 error. */
int	 db_case_record_latest(struct db *, int64_t report_id, int kind,
	    struct db_case_record *);
void	 db_case_record_clear(struct db_case_record *);

enum db_idreq_status {
	DB_IDREQ_PENDING,
	DB_IDREQ_APPROVED,
	DB_IDREQ_DENIED
};

/*
 * A request to see a reporter's identity. reason is the justification as
 * an opaque blob (the app seals it to the custodians), malloc'd.
 */
struct db_idreq {
	int64_t		 id;
	int64_t		 report_id;
	int64_t		 requester;
	int64_t		 created_at;
	int		 status;	/* enum db_idreq_status */
	int64_t		 decided_by;	/* 0 while pending */
	int64_t		 decided_at;
	unsigned char	*reason;
	size_t		 reason_len;
};

/* Creates a pending request (sets r->id); 0, 1 when the same handler already has one pending for the report, -1. */
int	 db_idreq_create(struct db *, struct db_idreq *r);
int	 db_idreq_get(struct db *, int64_t id, struct db_idreq *);
/* Pending requests, oldest first; and every request of one report. */
int	 db_idreq_list_pending(struct db *,
	    int (*fn)(void *, const struct db_idreq *), void *arg);
int	 db_idreq_list_for_report(struct db *, int64_t report_id,
	    int (*fn)(void *, const struct db_idreq *), void *arg);
/*
 * Decides a pending request (status approved or denied) by a custodian;
 * with approved, also stores sealed (the identity key sealed to the
 * requester) in the same transaction, and note (the sealed reason, may
 * be NULL). Returns 0, 1 when the request is not pending any more, -1.
 */
int	 db_idreq_decide(struct db *, int64_t id, int status, int64_t by,
	    int64_t at, const struct db_sealed *sealed,
	    const unsigned char *note, size_t note_len);
void	 db_idreq_clear(struct db_idreq *);
/* The identity key sealed to user_id: 1 found, 0 none, -1 error. */
/* Approved identity requests of user_id for report_id. Returns 0 or -1. */
int	 db_idreq_approved_for(struct db *, int64_t report_id,
	    int64_t user_id, int64_t *count);
/*
 * Reports whose identity key user_id holds while no other active account
 * with one of roles holds it. Returns 0 or -1.
 */
int	 db_identity_sole_custody(struct db *, int64_t user_id,
	    unsigned roles, int64_t *count);
int	 db_identity_key(struct db *, int64_t report_id, int64_t user_id,
	    struct db_sealed *);

/* A page of the dashboard: reports a user holds a key for. */
struct db_case_filter {
	int64_t		 user_id;	/* required: the key holder */
	const char	*stage;		/* NULL: any */
	const char	*category;	/* NULL: any */
	int64_t		 unit_id;	/* 0: any */
	const char	*registration;	/* NULL: any; exact match */
	int64_t		 before_created; /* keyset: rows older than */
	int64_t		 before_id;	/*   (before_created, before_id); 0: first page */
	int		 oldest_first;	/* ascending; the cursor then means "after" */
	unsigned	 limit;		/* 1..200 */
};
/* Newest first (or oldest first) by (created_at, id); metadata only. 0 or -1. */
int	 db_case_page(struct db *, const struct db_case_filter *,
	    int (*fn)(void *, const struct db_report *), void *arg);
/*
 * The reporter's messages on report_id newer than user_id's last view of
 * the case (from the audit trail): the dashboard's "unread" count.
 */
int	 db_report_unread(struct db *, int64_t report_id, int64_t user_id,
	    int64_t *count);
/*
 * The query plan of the dashboard's query for f, one detail per line,
 * into out (for the test that proves it uses indexes). 0 or -1.
 */
int	 db_case_page_plan(struct db *, const struct db_case_filter *,
	    char *out, size_t outlen);

#endif
