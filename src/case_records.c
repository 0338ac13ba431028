/*
 * case_records.c: what handlers write about a case, sealed under the
 * report key: internal notes (never shown to the reporter), the
 * investigation report (LHP) and the follow-up decision, whose summary
 * the reporter reads. An archived report is read-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "report.h"
#include "report_internal.h"
#include "roles.h"
#include "util.h"

#define RK_RECORD	"wbsrrecs"

const char *const case_conclusion_codes[CASE_CONCLUSION__MAX] = {
	"proven", "partly_proven", "not_proven"
};
const char *const case_decision_codes[CASE_DECISION__MAX] = {
	"sanction", "improvement", "referral", "no_action"
};

static const char *const record_ad[DB_REC__MAX] = {
	"note", "lhp", "decision"
};
static const size_t record_parts[DB_REC__MAX] = { 1, 3, 2 };

static int
text_ok(const char *s, int required)
{
	size_t i, n = 0;

	if (s == NULL)
		return !required;
	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return (!required || n > 0) && n <= CASE_TEXT_MAX &&
	    utf8_valid(s, strlen(s));
}

static int	latest(struct app *, const unsigned char key[32], int64_t,
		    int, struct case_text *);

/* 1 when the newest record of kind already holds exactly parts. */
static int
unchanged(struct app *a, const unsigned char *key, int64_t report_id,
    int kind, const char *const *parts)
{
	struct case_text t;
	size_t i;
	int same;

	if (latest(a, key, report_id, kind, &t) != 1)
		return 0;
	for (same = 1, i = 0; i < record_parts[kind] && same; i++)
		same = t.parts[i] != NULL && strcmp(t.parts[i], parts[i]) == 0;
	case_text_free(&t);
	return same;
}

/*
 * Stores a record of kind with parts, after checking the handler holds
 * the key, has one of roles, and the report is in stage (or any stage
 * but archived when stage is WF__MAX).
 */
static enum case_result
store(struct app *a, const struct auth_session *s, int64_t report_id,
    unsigned roles, enum wf_stage want, int kind, const char *const *parts)
{
	struct db_report rep;
	struct db_case_record rec;
	unsigned char *key;
	size_t lens[3], i;
	enum wf_stage stage;
	enum case_result res;
	struct buf b;
	int rc;

	if (!(s->user.roles & roles))
		return CASE_DENIED;
	rc = db_report_by_id(a->db, report_id, &rep);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	rc = wf_stage_parse(rep.stage, &stage);
	db_report_clear(&rep);
	if (rc == -1)
		return CASE_ERROR;
	if (wf_is_final(stage) || (want != WF__MAX && stage != want))
		return CASE_REFUSED;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (report_staff_key(a, s, report_id, key) != REPORT_OK) {
		crypto_secure_free(key);
		return CASE_DENIED;
	}
	/* Saving an edit form unchanged changes nothing: no new version. */
	if (kind != DB_REC_NOTE && unchanged(a, key, report_id, kind, parts)) {
		crypto_secure_free(key);
		return CASE_OK;
	}
	for (i = 0; i < record_parts[kind]; i++)
		lens[i] = strlen(parts[i]);
	buf_init(&b);
	rpt_pack(&b, parts, lens, record_parts[kind]);
	memset(&rec, 0, sizeof(rec));
	rec.report_id = report_id;
	rec.user_id = s->user.id;
	rec.kind = kind;
	rec.created_at = auth_now(a->auth);
	rec.rec = rpt_seal(key, RK_RECORD, record_ad[kind], b.data, b.len,
	    &rec.len);
	crypto_wipe(b.data, b.len);
	buf_free(&b);
	crypto_secure_free(key);
	res = db_case_record_add(a->db, &rec) == -1 ? CASE_ERROR : CASE_OK;
	free(rec.rec);
	if (res == CASE_OK)
		(void)audit_log(a->db, auth_now(a->auth), s->user.id,
		    AUDIT_NOTE_ADDED, AUDIT_OBJ_REPORT, report_id,
		    record_ad[kind]);
	return res;
}

enum case_result
case_note_add(struct app *a, const struct auth_session *s,
    int64_t report_id, const char *text)
{
	const char *parts[1] = { text };

	if (!text_ok(text, 1))
		return CASE_INVALID;
	return store(a, s, report_id, ROLE_REVIEWER | ROLE_INVESTIGATOR,
	    WF__MAX, DB_REC_NOTE, parts);
}

enum case_result
case_lhp_set(struct app *a, const struct auth_session *s, int64_t report_id,
    const char *summary, const char *findings, enum case_conclusion c)
{
	const char *parts[3];

	if (!text_ok(summary, 1) || !text_ok(findings, 1) ||
	    (unsigned)c >= CASE_CONCLUSION__MAX)
		return CASE_INVALID;
	parts[0] = summary;
	parts[1] = findings;
	parts[2] = case_conclusion_codes[c];
	return store(a, s, report_id, ROLE_INVESTIGATOR, WF_REPORTING,
	    DB_REC_LHP, parts);
}

enum case_result
case_decision_set(struct app *a, const struct auth_session *s,
    int64_t report_id, enum case_decision d, const char *summary)
{
	const char *parts[2];

	if (!text_ok(summary, 1) || (unsigned)d >= CASE_DECISION__MAX)
		return CASE_INVALID;
	parts[0] = case_decision_codes[d];
	parts[1] = summary;
	return store(a, s, report_id, ROLE_REVIEWER, WF_FOLLOW_UP,
	    DB_REC_DECISION, parts);
}

void
case_text_free(struct case_text *t)
{
	rpt_free_items(t->parts, 3);
	memset(t, 0, sizeof(*t));
}

/* Opens rec into t; 0 or -1. */
static int
open_record(const unsigned char *key, const struct db_case_record *rec,
    struct case_text *t)
{
	unsigned char *plain;
	size_t len;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((unsigned)rec->kind >= DB_REC__MAX)
		return -1;
	plain = rpt_open(key, RK_RECORD, record_ad[rec->kind], rec->rec,
	    rec->len, &len);
	if (plain == NULL)
		return -1;
	rc = rpt_unpack(plain, len, t->parts, NULL, record_parts[rec->kind]);
	crypto_wipe(plain, len);
	free(plain);
	if (rc == -1)
		return -1;
	t->nparts = record_parts[rec->kind];
	t->user_id = rec->user_id;
	t->created_at = rec->created_at;
	return 0;
}

struct notes_ctx {
	const unsigned char	*key;
	int			(*fn)(void *, const struct case_text *);
	void			*arg;
};

static int
note_cb(void *arg, const struct db_case_record *rec)
{
	struct notes_ctx *c = arg;
	struct case_text t;
	int rc;

	if (open_record(c->key, rec, &t) == -1)
		return -1;
	rc = c->fn(c->arg, &t);
	case_text_free(&t);
	return rc;
}

enum case_result
case_notes(struct app *a, const unsigned char key[32], int64_t report_id,
    int (*fn)(void *, const struct case_text *), void *arg)
{
	struct notes_ctx c = { key, fn, arg };

	return db_case_record_list(a->db, report_id, DB_REC_NOTE, note_cb,
	    &c) == -1 ? CASE_ERROR : CASE_OK;
}

static int
latest(struct app *a, const unsigned char key[32], int64_t report_id,
    int kind, struct case_text *t)
{
	struct db_case_record rec;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&rec, 0, sizeof(rec));
	rc = db_case_record_latest(a->db, report_id, kind, &rec);
	if (rc != 1)
		return rc;
	rc = open_record(key, &rec, t) == -1 ? -1 : 1;
	db_case_record_clear(&rec);
	return rc;
}

int
case_lhp_get(struct app *a, const unsigned char key[32], int64_t report_id,
    struct case_text *t)
{
	return latest(a, key, report_id, DB_REC_LHP, t);
}

int
case_decision_get(struct app *a, const unsigned char key[32],
    int64_t report_id, struct case_text *t)
{
	return latest(a, key, report_id, DB_REC_DECISION, t);
}

unsigned
case_have(struct app *a, int64_t report_id)
{
	struct db_case_record rec;
	unsigned char *asmt = NULL;
	size_t len;
	unsigned have = 0;

	memset(&rec, 0, sizeof(rec));
	if (db_assessment_get(a->db, report_id, &asmt, &len) == 1)
		have |= WF_NEED_ASSESSMENT;
	free(asmt);
	if (db_case_record_latest(a->db, report_id, DB_REC_LHP, &rec) == 1)
		have |= WF_NEED_LHP;
	db_case_record_clear(&rec);
	memset(&rec, 0, sizeof(rec));
	if (db_case_record_latest(a->db, report_id, DB_REC_DECISION, &rec) ==
	    1)
		have |= WF_NEED_DECISION;
	db_case_record_clear(&rec);
	return have;
}

enum case_result
case_request_completion(struct app *a, const struct auth_session *s,
    int64_t report_id, const char *message)
{
	struct db_report rep;
	struct db_event ev;
	enum report_result rr;
	int rc, review;

	if (!(s->user.roles & ROLE_REVIEWER))
		return CASE_DENIED;
	if (!text_ok(message, 1))
		return CASE_INVALID;
	rc = db_report_by_id(a->db, report_id, &rep);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	review = strcmp(rep.stage, "review") == 0;
	db_report_clear(&rep);
	if (!review)
		return CASE_REFUSED;
	rr = report_staff_message(a, s, report_id, message);
	if (rr != REPORT_OK)
		return rr == REPORT_FAIL ? CASE_DENIED : CASE_ERROR;
	memset(&ev, 0, sizeof(ev));
	ev.report_id = report_id;
	wbs_strlcpy(ev.stage, "completion_requested", sizeof(ev.stage));
	ev.created_at = auth_now(a->auth);
	if (db_event_add(a->db, &ev) == -1)
		return CASE_ERROR;
	return CASE_OK;
}

struct waiting_ctx {
	int64_t	since;		/* last completion request, 0: none */
	int64_t	last_stage;	/* the last stage change */
	int	answered;
};

static int
waiting_event_cb(void *arg, const struct db_event *e)
{
	struct waiting_ctx *w = arg;

	if (strcmp(e->stage, "completion_requested") == 0)
		w->since = e->created_at;
	else if (strcmp(e->stage, "identity_opened") != 0)
		w->last_stage = e->created_at;
	return 0;
}

static int
waiting_message_cb(void *arg, const struct db_message *m)
{
	struct waiting_ctx *w = arg;

	if (m->by_reporter && w->since != 0 && m->created_at >= w->since)
		w->answered = 1;
	return 0;
}

int
case_waiting(struct app *a, int64_t report_id, int64_t *since)
{
	struct waiting_ctx w = { 0, 0, 0 };

	*since = 0;
	if (db_event_list(a->db, report_id, waiting_event_cb, &w) == -1 ||
	    w.since == 0 || w.last_stage > w.since)
		return 0;
	if (db_message_list(a->db, report_id, waiting_message_cb, &w) == -1 ||
	    w.answered)
		return 0;
	*since = w.since;
	return 1;
}
