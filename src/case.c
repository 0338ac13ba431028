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
#include "log.h"
#include "report.h"
#include "report_internal.h"
#include "util.h"

#define RK_NOTE	"wbsrnote"

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
