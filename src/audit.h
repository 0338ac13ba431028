/*
 * audit.h: the audit trail. Every security-relevant event is an
 * append-only record (time, actor, action, object) chained to the one
 * before by a BLAKE2b hash, so that altering, deleting or reordering a
 * record is detected. Records never hold content or an address.
 */
#ifndef WBS_AUDIT_H
#define WBS_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;

enum audit_action {
	AUDIT_LOGIN,		/* actor logged in */
	AUDIT_LOGIN_FAILED,	/* object: the account, when it exists */
	AUDIT_LOGOUT,
	AUDIT_REPORT_RECEIVED,	/* system: a new report */
	AUDIT_CASE_VIEW,	/* a handler opened a report */
	AUDIT_FILE_VIEW,	/* a handler downloaded evidence */
	AUDIT_IDENTITY_REQUEST,
	AUDIT_IDENTITY_DECISION,
	AUDIT_IDENTITY_VIEW,
	AUDIT_TRANSITION,	/* a stage change */
	AUDIT_GRANT,		/* a report key sealed to someone */
	AUDIT_GRANT_REMOVED,
	AUDIT_MESSAGE_SENT,	/* a handler wrote to the reporter */
	AUDIT_NOTE_ADDED,
	AUDIT_USER_CREATED,
	AUDIT_USER_DISABLED,
	AUDIT_USER_RESET,
	AUDIT_UNIT_CREATED,
	AUDIT_SETTINGS_CHANGED,
	AUDIT_ACCESS_DENIED,	/* a staff account refused a case, file or identity */
	AUDIT_REPORTER_MESSAGE,	/* the reporter wrote (system actor: no one named) */
	AUDIT_REPORTER_FILES,	/* the reporter added evidence */
	AUDIT_REPORTER_VIEW,	/* the reporter opened the status page */
	AUDIT__MAX
};

enum audit_object {
	AUDIT_OBJ_NONE,
	AUDIT_OBJ_REPORT,
	AUDIT_OBJ_USER,
	AUDIT_OBJ_UNIT,
	AUDIT_OBJ_FILE,
	AUDIT_OBJ__MAX
};

struct audit_record {
	int64_t			 id;
	int64_t			 at;
	int64_t			 actor;		/* user id; 0: system or anonymous */
	enum audit_action	 action;
	enum audit_object	 object_type;
	int64_t			 object_id;
	char			 detail[64];	/* a code such as "review->forwarded"; never content */
	unsigned char		 prev[32];
	unsigned char		 hash[32];
};

/* Stable codes: "login", "case_view", ...; "report", "user", ... */
const char	*audit_action_code(enum audit_action);
const char	*audit_object_code(enum audit_object);
int		 audit_action_parse(const char *, enum audit_action *);

/*
 * Appends a record (in its own transaction, chained to the last one).
 * detail may be NULL; it must be a short code of [a-z0-9_>-]. Returns 0
 * or -1 (logged).
 */
int	 audit_log(struct db *, int64_t now, int64_t actor, enum audit_action,
	    enum audit_object, int64_t object_id, const char *detail);

/*
 * Checks the whole chain. Returns 0 when intact, 1 when broken (with
 * *first_bad the id of the first record that does not fit: changed,
 * missing predecessor, reordered), -1 on error.
 */
int	 audit_verify(struct db *, int64_t *first_bad, int64_t *count);

/*
 * The same check, also giving the head (the newest record's hash) and
 * whether a hash the operator kept from before (want, may be NULL) is
 * still in the chain: deleting the newest records is only seen against
 * such a copy kept elsewhere.
 */
struct audit_check {
	const unsigned char	*want;		/* 32 bytes, or NULL */
	int			 want_found;
	int64_t			 first_bad;
	int64_t			 count;
	unsigned char		 head[32];	/* all zero: an empty trail */
};
int	 audit_check(struct db *, struct audit_check *);

struct audit_filter {
	int64_t		 actor;		/* 0: any */
	int		 action;	/* -1: any */
	int		 object_type;	/* -1: any */
	int64_t		 object_id;	/* 0: any */
	int64_t		 from, to;	/* time range; 0: open */
	int64_t		 before_id;	/* keyset paging: ids below this; 0: newest */
	unsigned	 limit;		/* at most 200 */
};

/* Newest first; returns 0 or -1. */
int	 audit_list(struct db *, const struct audit_filter *,
	    int (*fn)(void *, const struct audit_record *), void *arg);

#endif
