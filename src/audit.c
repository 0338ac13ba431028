/*
 * audit.c: the audit trail's chain (audit.h) on the store's rows
 * (db_audit.h): the stable codes of actions and objects, the canonical
 * form of a record, its hash, the check of the whole chain, and the
 * filtered listing.
 *
 * The canonical form is unambiguous: integers as 8 bytes big-endian,
 * each text code preceded by its length in one byte, then the previous
 * record's hash (32 bytes). The hash is BLAKE2b-256 of it under the
 * context "wbs-audit-1", without a key: anyone holding the store can
 * check the chain, and altering, removing or reordering a record shows
 * at that record. Rewriting every later record as well, or cutting off
 * the newest ones, shows only against a copy of the last hash kept
 * elsewhere.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "db_audit.h"
#include "log.h"
#include "util.h"

#define AUDIT_CONTEXT		"wbs-audit-1"
#define AUDIT_BATCH		512	/* rows read at a time by the check */
#define AUDIT_LIMIT_DEFAULT	50
#define AUDIT_LIMIT_MAX		200
/* 3 integers, 2 codes, 1 integer, the detail, the previous hash. */
#define AUDIT_CANON_MAX \
	(3 * 8 + 2 * (1 + DB_AUDIT_CODE_MAX) + 8 + 1 + DB_AUDIT_DETAIL_MAX + 32)

static const char *const action_codes[AUDIT__MAX] = {
	[AUDIT_LOGIN] = "login",
	[AUDIT_LOGIN_FAILED] = "login_failed",
	[AUDIT_LOGOUT] = "logout",
	[AUDIT_REPORT_RECEIVED] = "report_received",
	[AUDIT_CASE_VIEW] = "case_view",
	[AUDIT_FILE_VIEW] = "file_view",
	[AUDIT_IDENTITY_REQUEST] = "identity_request",
	[AUDIT_IDENTITY_DECISION] = "identity_decision",
	[AUDIT_IDENTITY_VIEW] = "identity_view",
	[AUDIT_TRANSITION] = "transition",
	[AUDIT_GRANT] = "grant",
	[AUDIT_GRANT_REMOVED] = "grant_removed",
	[AUDIT_MESSAGE_SENT] = "message_sent",
	[AUDIT_NOTE_ADDED] = "note_added",
	[AUDIT_USER_CREATED] = "user_created",
	[AUDIT_USER_DISABLED] = "user_disabled",
	[AUDIT_USER_RESET] = "user_reset",
	[AUDIT_UNIT_CREATED] = "unit_created",
	[AUDIT_SETTINGS_CHANGED] = "settings_changed",
	[AUDIT_ACCESS_DENIED] = "access_denied",
	[AUDIT_REPORTER_MESSAGE] = "reporter_message",
	[AUDIT_REPORTER_FILES] = "reporter_files",
	[AUDIT_REPORTER_VIEW] = "reporter_view",
};

static const char *const object_codes[AUDIT_OBJ__MAX] = {
	[AUDIT_OBJ_NONE] = "none",
	[AUDIT_OBJ_REPORT] = "report",
	[AUDIT_OBJ_USER] = "user",
	[AUDIT_OBJ_UNIT] = "unit",
	[AUDIT_OBJ_FILE] = "file",
};

const char *
audit_action_code(enum audit_action a)
{
	if ((int)a < 0 || a >= AUDIT__MAX)
		return NULL;
	return action_codes[a];
}

const char *
audit_object_code(enum audit_object o)
{
	if ((int)o < 0 || o >= AUDIT_OBJ__MAX)
		return NULL;
	return object_codes[o];
}

int
audit_action_parse(const char *s, enum audit_action *out)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < AUDIT__MAX; i++)
		if (strcmp(s, action_codes[i]) == 0) {
			*out = (enum audit_action)i;
			return 0;
		}
	return -1;
}

static int
object_parse(const char *s, enum audit_object *out)
{
	int i;

	for (i = 0; i < AUDIT_OBJ__MAX; i++)
		if (strcmp(s, object_codes[i]) == 0) {
			*out = (enum audit_object)i;
			return 0;
		}
	return -1;
}

/* Returns 1 when s is a detail code: [a-z0-9_>-]{0,63}. */
static int
detail_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= DB_AUDIT_DETAIL_MAX)
			return 0;
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') &&
		    s[i] != '_' && s[i] != '>' && s[i] != '-')
			return 0;
	}
	return 1;
}

static size_t
put_int(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	return 8;
}

static size_t
put_text(unsigned char *p, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	p[0] = (unsigned char)n;
	memcpy(p + 1, s, n);
	return 1 + n;
}

/* The hash of a row's canonical form (its hash field is not part of it). */
static void
row_hash(const struct db_audit_row *a, unsigned char out[32])
{
	unsigned char buf[AUDIT_CANON_MAX];
	size_t n = 0;

	n += put_int(buf + n, a->id);
	n += put_int(buf + n, a->at);
	n += put_int(buf + n, a->actor);
	n += put_text(buf + n, a->action, DB_AUDIT_CODE_MAX);
	n += put_text(buf + n, a->object_type, DB_AUDIT_CODE_MAX);
	n += put_int(buf + n, a->object_id);
	n += put_text(buf + n, a->detail, DB_AUDIT_DETAIL_MAX);
	memcpy(buf + n, a->prev, sizeof(a->prev));
	n += sizeof(a->prev);
	crypto_hash_ctx(out, NULL, 0, AUDIT_CONTEXT, buf, n);
}

/* The store's callback inside the append transaction. */
static void
seal_row(void *arg, struct db_audit_row *a)
{
	(void)arg;
	row_hash(a, a->hash);
}

int
audit_log(struct db *db, int64_t now, int64_t actor, enum audit_action action,
    enum audit_object object, int64_t object_id, const char *detail)
{
	struct db_audit_row a;

	if (detail == NULL)
		detail = "";
	if (audit_action_code(action) == NULL ||
	    audit_object_code(object) == NULL || actor < 0 ||
	    object_id < 0 || now < 0) {
		log_warnx("audit_log: invalid record");
		return -1;
	}
	if (!detail_ok(detail)) {
		log_warnx("audit_log: detail is not a short code; refused");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.at = now;
	a.actor = actor;
	memcpy(a.action, action_codes[action], strlen(action_codes[action]));
	memcpy(a.object_type, object_codes[object],
	    strlen(object_codes[object]));
	a.object_id = object_id;
	memcpy(a.detail, detail, strlen(detail));
	if (db_audit_append(db, &a, seal_row, NULL) == -1) {
		log_warnx("audit_log: %s not recorded", action_codes[action]);
		return -1;
	}
	return 0;
}

/* Returns 1 when a row fits where the chain expects it. */
static int
row_fits(const struct db_audit_row *a, int64_t expect,
    const unsigned char prev[32])
{
	unsigned char h[32];

	if (a->bad || a->id != expect)
		return 0;
	if (!crypto_equal(a->prev, prev, sizeof(a->prev)))
		return 0;
	row_hash(a, h);
	return crypto_equal(h, a->hash, sizeof(h));
}

/*
 * Walks the rows in id order, a batch at a time: ids must run 1, 2, ...
 * without a gap (a missing row shows at the one after it), each row's
 * prev must be the hash of the row before (zeros for the first), and
 * each hash must be the row's own.
 */
int
audit_check(struct db *db, struct audit_check *k)
{
	struct db_audit_row *v;
	unsigned char prev[32];
	int64_t expect = 1, from = INT64_MIN, n_ok = 0;
	size_t i, n;
	int ret = 0;

	k->first_bad = 0;
	k->want_found = 0;
	memset(prev, 0, sizeof(prev));
	for (;;) {
		if (db_audit_range(db, from, AUDIT_BATCH, &v, &n) == -1) {
			ret = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			if (!row_fits(&v[i], expect, prev)) {
				k->first_bad = v[i].id;
				ret = 1;
				break;
			}
			memcpy(prev, v[i].hash, sizeof(prev));
			if (k->want != NULL && memcmp(prev, k->want, 32) == 0)
				k->want_found = 1;
			expect++;
			n_ok++;
		}
		from = n > 0 ? v[n - 1].id : INT64_MAX;
		free(v);
		if (ret != 0 || n < AUDIT_BATCH || from == INT64_MAX)
			break;
		from++;
	}
	k->count = n_ok;
	memcpy(k->head, prev, sizeof(k->head));
	return ret;
}

int
audit_verify(struct db *db, int64_t *first_bad, int64_t *count)
{
	struct audit_check k;
	int ret;

	memset(&k, 0, sizeof(k));
	ret = audit_check(db, &k);
	*first_bad = k.first_bad;
	*count = k.count;
	return ret;
}

/* Fills r from a stored row; -1 when its codes are not known ones. */
static int
row_record(const struct db_audit_row *a, struct audit_record *r)
{
	enum audit_action act;
	enum audit_object obj;

	if (a->bad || audit_action_parse(a->action, &act) == -1 ||
	    object_parse(a->object_type, &obj) == -1)
		return -1;
	memset(r, 0, sizeof(*r));
	r->id = a->id;
	r->at = a->at;
	r->actor = a->actor;
	r->action = act;
	r->object_type = obj;
	r->object_id = a->object_id;
	memcpy(r->detail, a->detail, sizeof(r->detail));
	memcpy(r->prev, a->prev, sizeof(r->prev));
	memcpy(r->hash, a->hash, sizeof(r->hash));
	return 0;
}

int
audit_list(struct db *db, const struct audit_filter *f,
    int (*fn)(void *, const struct audit_record *), void *arg)
{
	struct db_audit_query q;
	struct db_audit_row *v;
	struct audit_record rec;
	size_t i, n;
	int ret = 0;

	if (f->action < -1 || f->action >= AUDIT__MAX ||
	    f->object_type < -1 || f->object_type >= AUDIT_OBJ__MAX ||
	    f->actor < 0 || f->object_id < 0 || f->before_id < 0) {
		log_warnx("audit_list: invalid filter");
		return -1;
	}
	memset(&q, 0, sizeof(q));
	q.actor = f->actor;
	if (f->action != -1)
		wbs_strlcpy(q.action, action_codes[f->action],
		    sizeof(q.action));
	if (f->object_type != -1)
		wbs_strlcpy(q.object_type, object_codes[f->object_type],
		    sizeof(q.object_type));
	q.object_id = f->object_id;
	q.from = f->from;
	q.to = f->to;
	q.before_id = f->before_id;
	q.limit = f->limit == 0 ? AUDIT_LIMIT_DEFAULT :
	    f->limit > AUDIT_LIMIT_MAX ? AUDIT_LIMIT_MAX : f->limit;
	if (db_audit_query(db, &q, &v, &n) == -1)
		return -1;
	for (i = 0; i < n && ret == 0; i++) {
		if (row_record(&v[i], &rec) == -1) {
			log_warnx("audit_list: stored audit record out of "
			    "bounds (run \"wbs audit verify\")");
			ret = -1;
		} else if (fn(arg, &rec) == -1)
			ret = -1;
	}
	free(v);
	return ret;
}
