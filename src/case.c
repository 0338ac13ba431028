/*
 * case.c: moving a report along the workflow. The handler must hold the
 * report's key (checked by opening it), the workflow table must allow
 * the step for the handler's roles and what it requires, and the store
 * changes the stage only if nobody moved it meanwhile. The reason, when
 * given, is sealed under the report key: the reporter reads it in the
 * timeline, a copy of the database does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "buf.h"
#include "log.h"
#include "report.h"
#include "report_internal.h"
#include "roles.h"
#include "upload.h"
#include "util.h"

#define RK_NOTE	"wbsrnote"
#define RK_ASSESS	"wbsrasmt"

const char *const case_element_names[CASE_ELEMENTS] = {
	"what", "who", "where", "when", "why", "how", "evidence"
};

char *
case_event_reason(const unsigned char key[32], const unsigned char *note,
    size_t note_len)
{
	size_t len;

	if (note == NULL || note_len == 0)
		return NULL;
	return (char *)rpt_open(key, RK_NOTE, "event", note, note_len, &len);
}

enum case_result
case_transition(struct app *a, const struct auth_session *s,
    int64_t report_id, enum wf_stage to, const char *reason,
    enum wf_error *werr)
{
	struct db_report rep;
	unsigned char *key, *note = NULL;
	size_t note_len = 0, chars = 0, i;
	enum wf_stage from;
	unsigned have = 0;
	enum case_result res;
	char detail[64];
	int rc;

	*werr = WF_OK;
	if (reason != NULL) {
		for (i = 0; reason[i] != '\0'; i++)
			if (((unsigned char)reason[i] & 0xc0) != 0x80)
				chars++;
		if (chars > CASE_REASON_MAX ||
		    !utf8_valid(reason, strlen(reason)))
			return CASE_INVALID;
		if (chars > 0)
			have |= WF_NEED_REASON;
	}
	rc = db_report_by_id(a->db, report_id, &rep);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	if (wf_stage_parse(rep.stage, &from) == -1) {
		db_report_clear(&rep);
		return CASE_ERROR;
	}
	db_report_clear(&rep);
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (report_staff_key(a, s, report_id, key) != REPORT_OK) {
		res = CASE_DENIED;
		goto done;
	}
	have |= case_have(a, report_id);
	if ((*werr = wf_check(from, to, s->user.roles, have)) != WF_OK) {
		res = CASE_REFUSED;
		goto done;
	}
	if (have & WF_NEED_REASON)
		note = rpt_seal(key, RK_NOTE, "event", reason, strlen(reason),
		    &note_len);
	rc = db_report_transition(a->db, report_id, wf_stage_code(from),
	    wf_stage_code(to), auth_now(a->auth), note, note_len);
	if (rc != 0) {
		res = rc == 1 ? CASE_CONFLICT : CASE_ERROR;
		goto done;
	}
	/* stage codes are [a-z_]: a valid audit detail */
	snprintf(detail, sizeof(detail), "%s>%s", wf_stage_code(from),
	    wf_stage_code(to));
	if (audit_log(a->db, auth_now(a->auth), s->user.id, AUDIT_TRANSITION,
	    AUDIT_OBJ_REPORT, report_id, detail) == -1)
		log_warnx("case: a transition could not be audited");
	res = CASE_OK;
done:
	free(note);
	crypto_secure_free(key);
	return res;
}

int
case_completeness(const int status[CASE_ELEMENTS])
{
	int i, sum = 0;

	for (i = 0; i < CASE_ELEMENTS; i++)
		sum += status[i] == CASE_PRESENT ? 2 :
		    status[i] == CASE_PARTLY ? 1 : 0;
	return sum * 100 / (2 * CASE_ELEMENTS);
}

/* Opens the report key for s; CASE_OK, CASE_NOT_FOUND or CASE_DENIED. */
static enum case_result
open_key(struct app *a, const struct auth_session *s, int64_t report_id,
    unsigned char *key, enum wf_stage *stage)
{
	struct db_report rep;
	int rc = db_report_by_id(a->db, report_id, &rep);

	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	rc = wf_stage_parse(rep.stage, stage);
	db_report_clear(&rep);
	if (rc == -1)
		return CASE_ERROR;
	if (report_staff_key(a, s, report_id, key) != REPORT_OK)
		return CASE_DENIED;
	return CASE_OK;
}

enum case_result
case_assess(struct app *a, const struct auth_session *s, int64_t report_id,
    const int status[CASE_ELEMENTS], const char *const note[CASE_ELEMENTS])
{
	const char *items[CASE_ELEMENTS + 1];
	size_t lens[CASE_ELEMENTS + 1];
	char codes[CASE_ELEMENTS + 1];
	unsigned char *key, *rec = NULL;
	size_t len, i;
	enum wf_stage stage;
	enum case_result res;
	struct buf b;

	if (!(s->user.roles & ROLE_REVIEWER))
		return CASE_DENIED;
	for (i = 0; i < CASE_ELEMENTS; i++) {
		if (status[i] < CASE_ABSENT || status[i] > CASE_PRESENT ||
		    note[i] == NULL || strlen(note[i]) > 4 * CASE_NOTE_MAX ||
		    !utf8_valid(note[i], strlen(note[i])))
			return CASE_INVALID;
		codes[i] = (char)('0' + status[i]);
	}
	codes[CASE_ELEMENTS] = '\0';
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((res = open_key(a, s, report_id, key, &stage)) != CASE_OK)
		goto done;
	if (stage != WF_REVIEW) {
		res = CASE_REFUSED;
		goto done;
	}
	/* Saved unchanged: nothing to store, nothing to audit. */
	{
		struct case_assessment old;
		int same = 0;

		if (case_assessment_load(a, key, report_id, &old) == CASE_OK &&
		    old.present) {
			same = 1;
			for (i = 0; i < CASE_ELEMENTS && same; i++)
				same = old.status[i] == status[i] &&
				    strcmp(old.note[i] != NULL ? old.note[i] :
				    "", note[i]) == 0;
		}
		case_assessment_free(&old);
		if (same) {
			res = CASE_OK;
			goto done;
		}
	}
	items[0] = codes;
	lens[0] = CASE_ELEMENTS;
	for (i = 0; i < CASE_ELEMENTS; i++) {
		items[i + 1] = note[i];
		lens[i + 1] = strlen(note[i]);
	}
	buf_init(&b);
	rpt_pack(&b, items, lens, CASE_ELEMENTS + 1);
	rec = rpt_seal(key, RK_ASSESS, "assessment", b.data, b.len, &len);
	crypto_wipe(b.data, b.len);
	buf_free(&b);
	if (db_assessment_set(a->db, report_id, s->user.id, auth_now(a->auth),
	    rec, len) == -1) {
		res = CASE_ERROR;
		goto done;
	}
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_NOTE_ADDED, AUDIT_OBJ_REPORT, report_id, "assessment");
	res = CASE_OK;
done:
	free(rec);
	crypto_secure_free(key);
	return res;
}

enum case_result
case_assessment_load(struct app *a, const unsigned char key[32],
    int64_t report_id, struct case_assessment *as)
{
	char *items[CASE_ELEMENTS + 1];
	unsigned char *rec = NULL, *plain;
	size_t len, plen, i;
	int rc;

	memset(as, 0, sizeof(*as));
	rc = db_assessment_get(a->db, report_id, &rec, &len);
	if (rc != 1)
		return rc == 0 ? CASE_OK : CASE_ERROR;
	plain = rpt_open(key, RK_ASSESS, "assessment", rec, len, &plen);
	free(rec);
	if (plain == NULL)
		return CASE_ERROR;
	rc = rpt_unpack(plain, plen, items, NULL, CASE_ELEMENTS + 1);
	crypto_wipe(plain, plen);
	free(plain);
	if (rc == -1)
		return CASE_ERROR;
	if (strlen(items[0]) != CASE_ELEMENTS) {
		rpt_free_items(items, CASE_ELEMENTS + 1);
		return CASE_ERROR;
	}
	for (i = 0; i < CASE_ELEMENTS; i++) {
		int v = items[0][i] - '0';

		as->status[i] = v >= CASE_ABSENT && v <= CASE_PRESENT ? v : 0;
		as->note[i] = items[i + 1];
		items[i + 1] = NULL;
	}
	rpt_free_items(items, 1);
	as->present = 1;
	return CASE_OK;
}

void
case_assessment_free(struct case_assessment *as)
{
	size_t i;

	for (i = 0; i < CASE_ELEMENTS; i++) {
		if (as->note[i] != NULL) {
			crypto_wipe(as->note[i], strlen(as->note[i]));
			free(as->note[i]);
		}
	}
	memset(as, 0, sizeof(*as));
}

struct grant_ctx {
	struct app		*a;
	const unsigned char	*key;
	int64_t			 report_id;
	int64_t			 actor;
	int			 n;
	int			 failed;
};

static int
grant_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct grant_ctx *g = arg;
	struct db_sealed sl;

	memset(&sl, 0, sizeof(sl));
	sl.holder = DB_HOLDER_USER;
	sl.user_id = user_id;
	crypto_seal(sl.sealed, g->key, CRYPTO_KEY_BYTES, pk);
	sl.sealed_len = CRYPTO_KEY_BYTES + CRYPTO_SEAL_OVERHEAD;
	if (db_report_key_add(g->a->db, g->report_id, &sl) == -1) {
		g->failed = 1;
		return 0;
	}
	g->n++;
	/* The grant's holder is the object; the report is in the detail. */
	{
		char detail[64];

		snprintf(detail, sizeof(detail), "report-%lld",
		    (long long)g->report_id);
		(void)audit_log(g->a->db, auth_now(g->a->auth), g->actor,
		    AUDIT_GRANT, AUDIT_OBJ_USER, user_id, detail);
	}
	return 0;
}

int
case_grants(struct app *a, const unsigned char key[32], int64_t report_id,
    int64_t actor)
{
	struct grant_ctx g = { a, key, report_id, actor, 0, 0 };
	int64_t unit = 0;
	int rc;

	rc = db_report_unit(a->db, report_id, &unit);
	if (rc == -1)
		return -1;
	if (rc == 1 && db_report_missing_grants(a->db, report_id, unit,
	    grant_cb, &g) == -1)
		return -1;
	return g.failed ? -1 : g.n;
}

struct pending_ctx {
	struct app	*a;
	int64_t		 report_id;
	int		(*fn)(void *, int64_t, const unsigned char *);
	void		*arg;
	int		 failed;
};

/* A reviewer who holds no key for the report is waiting for one. */
static int
pending_reviewer_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct pending_ctx *c = arg;
	struct db_sealed sl;
	int rc = db_report_key(c->a->db, c->report_id, DB_HOLDER_USER,
	    user_id, &sl);

	if (rc == -1)
		c->failed = 1;
	if (rc != 0)
		return 0;
	return c->fn(c->arg, user_id, pk);
}

/* A member of the report's unit without a key (reviewers listed above). */
static int
pending_member_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct pending_ctx *c = arg;
	struct db_user u;
	int rc = db_user_by_id(c->a->db, user_id, &u);

	if (rc == -1)
		c->failed = 1;
	if (rc != 1 || (u.roles & ROLE_REVIEWER))
		return 0;
	return c->fn(c->arg, user_id, pk);
}

int
case_pending_grants(struct app *a, int64_t report_id,
    int (*fn)(void *, int64_t, const unsigned char *), void *arg)
{
	struct pending_ctx c = { a, report_id, fn, arg, 0 };
	int64_t unit = 0;
	int rc;

	if (db_user_keys_by_role(a->db, ROLE_REVIEWER, pending_reviewer_cb,
	    &c) == -1)
		return -1;
	rc = db_report_unit(a->db, report_id, &unit);
	if (rc == -1)
		return -1;
	if (rc == 1 && db_report_missing_grants(a->db, report_id, unit,
	    pending_member_cb, &c) == -1)
		return -1;
	return c.failed ? -1 : 0;
}

struct find_ctx {
	int64_t		want;
	unsigned char	pk[32];
	int		found;
};

static int
find_pending_cb(void *arg, int64_t user_id, const unsigned char *pk)
{
	struct find_ctx *f = arg;

	if (user_id != f->want)
		return 0;
	memcpy(f->pk, pk, sizeof(f->pk));
	f->found = 1;
	return 0;
}

enum case_result
case_grant(struct app *a, const struct auth_session *s, int64_t report_id,
    int64_t user_id)
{
	struct find_ctx f;
	struct grant_ctx g;
	unsigned char *key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	enum wf_stage stage;
	enum case_result res;

	memset(&f, 0, sizeof(f));
	f.want = user_id;
	if ((res = open_key(a, s, report_id, key, &stage)) != CASE_OK)
		goto done;
	res = CASE_ERROR;
	if (case_pending_grants(a, report_id, find_pending_cb, &f) == -1)
		goto done;
	res = CASE_CONFLICT;	/* nobody of that id is waiting for it */
	if (!f.found)
		goto done;
	memset(&g, 0, sizeof(g));
	g.a = a;
	g.key = key;
	g.report_id = report_id;
	g.actor = s->user.id;
	(void)grant_cb(&g, user_id, f.pk);
	res = g.failed ? CASE_ERROR : CASE_OK;
done:
	crypto_secure_free(key);
	return res;
}

void
case_denied(struct app *a, const struct auth_session *s, int64_t report_id,
    const char *what)
{
	if (audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_ACCESS_DENIED, AUDIT_OBJ_REPORT, report_id, what) == -1)
		log_warnx("case: a refused access is not in the audit trail");
}

enum case_result
case_add_evidence(struct app *a, const struct auth_session *s,
    int64_t report_id, struct upload *up, int remove_metadata)
{
	struct db_file *files = NULL;
	unsigned char *key;
	enum wf_stage stage;
	enum case_result res;
	size_t n = 0, i;

	if (up == NULL || upload_count(up) == 0)
		return CASE_INVALID;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((res = open_key(a, s, report_id, key, &stage)) != CASE_OK)
		goto done;
	if (wf_is_final(stage)) {
		res = CASE_REFUSED;
		goto done;
	}
	if (upload_error(up) != UPLOAD_OK ||
	    upload_process(up, remove_metadata) > 0) {
		res = CASE_INVALID;
		goto done;
	}
	if (rpt_store_files(a, key, up, 0, auth_now(a->auth), &files, &n) ==
	    -1) {
		res = CASE_ERROR;
		goto done;
	}
	res = CASE_OK;
	for (i = 0; i < n; i++) {
		files[i].report_id = report_id;
		if (db_file_add(a->db, &files[i]) == -1) {
			rpt_unstore_files(a, files + i, n - i);
			res = CASE_ERROR;
			break;
		}
	}
	for (i = 0; i < n; i++)
		db_file_clear(&files[i]);
	free(files);
	if (res == CASE_OK)
		(void)audit_log(a->db, auth_now(a->auth), s->user.id,
		    AUDIT_NOTE_ADDED, AUDIT_OBJ_REPORT, report_id, "evidence");
done:
	crypto_secure_free(key);
	return res;
}

enum case_result
case_unit_withdraw(struct app *a, const struct auth_session *s,
    int64_t report_id)
{
	unsigned char *key;
	enum wf_stage stage;
	enum case_result res;
	int64_t unit = 0;
	int n;

	if (!(s->user.roles & ROLE_REVIEWER))
		return CASE_DENIED;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	res = open_key(a, s, report_id, key, &stage);
	crypto_secure_free(key);
	if (res != CASE_OK)
		return res;
	if (wf_is_final(stage))
		return CASE_REFUSED;
	if (db_report_unit(a->db, report_id, &unit) != 1)
		return CASE_INVALID;
	n = db_report_keys_remove_unit(a->db, report_id, unit);
	if (n == -1 || db_report_set_unit(a->db, report_id, 0) == -1)
		return CASE_ERROR;
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_GRANT_REMOVED, AUDIT_OBJ_UNIT, unit, NULL);
	return CASE_OK;
}

/* The unit of code: CASE_OK, CASE_INVALID (no such unit) or CASE_ERROR. */
static enum case_result
unit_of(struct app *a, const char *code, struct db_unit *un)
{
	int rc = code != NULL && *code != '\0' ?
	    db_unit_by_code(a->db, code, un) : 0;

	return rc == 1 ? CASE_OK : rc == 0 ? CASE_INVALID : CASE_ERROR;
}

enum case_result
case_forward(struct app *a, const struct auth_session *s, int64_t report_id,
    const char *unit_code, enum wf_error *werr)
{
	struct db_unit un;
	unsigned char *key, *rec = NULL;
	size_t len;
	enum wf_stage stage;
	enum case_result res;
	unsigned have = WF_NEED_UNIT;
	int rc;

	*werr = WF_OK;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((res = open_key(a, s, report_id, key, &stage)) != CASE_OK ||
	    (res = unit_of(a, unit_code, &un)) != CASE_OK)
		goto done;
	rc = db_assessment_get(a->db, report_id, &rec, &len);
	free(rec);
	if (rc == -1) {
		res = CASE_ERROR;
		goto done;
	}
	if (rc == 1)
		have |= WF_NEED_ASSESSMENT;
	if ((*werr = wf_check(stage, WF_FORWARDED, s->user.roles, have)) !=
	    WF_OK) {
		res = CASE_REFUSED;
		goto done;
	}
	/* The step first (it checks nobody moved the report meanwhile). */
	rc = db_report_transition(a->db, report_id, wf_stage_code(stage),
	    wf_stage_code(WF_FORWARDED), auth_now(a->auth), NULL, 0);
	if (rc != 0) {
		res = rc == 1 ? CASE_CONFLICT : CASE_ERROR;
		goto done;
	}
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_TRANSITION, AUDIT_OBJ_REPORT, report_id, "review>forwarded");
	/* Grants left undone now show as waiting on the case page. */
	if (db_report_set_unit(a->db, report_id, un.id) == -1 ||
	    case_grants(a, key, report_id, s->user.id) == -1)
		log_warnx("case: forwarding grants incomplete; retried later");
	res = CASE_OK;
done:
	crypto_secure_free(key);
	return res;
}

enum case_result
case_route(struct app *a, const struct auth_session *s, int64_t report_id,
    const char *unit_code, const char *reason, enum wf_error *werr)
{
	struct db_unit un;
	unsigned char *key;
	enum wf_stage stage;
	enum case_result res;
	int64_t old = 0;
	char note[CASE_ROUTE_REASON_MAX * 4 + 2 * DB_TEXT_MAX + 16];
	size_t chars = 0, i;
	int rc;

	*werr = WF_OK;
	if (reason == NULL || !utf8_valid(reason, strlen(reason)))
		return CASE_INVALID;
	for (i = 0; reason[i] != '\0'; i++)
		chars += ((unsigned char)reason[i] & 0xc0) != 0x80;
	if (chars == 0 || chars > CASE_ROUTE_REASON_MAX)
		return CASE_INVALID;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((res = open_key(a, s, report_id, key, &stage)) != CASE_OK ||
	    (res = unit_of(a, unit_code, &un)) != CASE_OK)
		goto done;
	if ((*werr = wf_check_route(stage, s->user.roles, WF_NEED_UNIT |
	    WF_NEED_REASON)) != WF_OK) {
		res = CASE_REFUSED;
		goto done;
	}
	if ((rc = db_report_unit(a->db, report_id, &old)) == -1) {
		res = CASE_ERROR;
		goto done;
	}
	if (rc == 1 && old == un.id) {
		res = CASE_CONFLICT;	/* already there */
		goto done;
	}
	res = CASE_ERROR;
	/* The old unit's members lose the key (reviewers keep theirs). */
	if (rc == 1 && old != 0) {
		if (db_report_keys_remove_unit(a->db, report_id, old) == -1)
			goto done;
		(void)audit_log(a->db, auth_now(a->auth), s->user.id,
		    AUDIT_GRANT_REMOVED, AUDIT_OBJ_UNIT, old, NULL);
	}
	if (db_report_set_unit(a->db, report_id, un.id) == -1)
		goto done;
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_TRANSITION, AUDIT_OBJ_REPORT, report_id, "route");
	if (case_grants(a, key, report_id, s->user.id) == -1)
		log_warnx("case: routing grants incomplete; shown as waiting");
	/* The reason, for the handlers: an internal note. */
	(void)snprintf(note, sizeof(note), "%s: %s. %s", unit_code, un.name,
	    reason);
	res = case_note_add(a, s, report_id, note) == CASE_OK ? CASE_OK :
	    CASE_ERROR;
done:
	crypto_secure_free(key);
	return res;
}
