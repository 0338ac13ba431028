/*
 * staff_records.c: the case page's record forms: internal notes, the
 * investigation report (LHP) and its PDF, and the follow-up decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "http.h"
#include "pdf.h"
#include "report.h"
#include "route.h"
#include "staff.h"
#include "staff_case.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

/* The choices of the enumerations, NULL-terminated for the form layer. */
static const char *const conclusion_choices[CASE_CONCLUSION__MAX + 1] = {
	"proven", "partly_proven", "not_proven", NULL
};
static const char *const decision_choices[CASE_DECISION__MAX + 1] = {
	"sanction", "improvement", "referral", "no_action", NULL
};

const struct form_field staff_note_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "text", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
};
const size_t staff_note_nfields = NELEM(staff_note_fields);

const struct form_field staff_lhp_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "summary", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
	{ "findings", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
	{ "conclusion", FORM_ENUM, 1, 32, 1, conclusion_choices },
};
const size_t staff_lhp_nfields = NELEM(staff_lhp_fields);

const struct form_field staff_decision_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "decision", FORM_ENUM, 1, 32, 1, decision_choices },
	{ "summary", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
};
const size_t staff_decision_nfields = NELEM(staff_decision_fields);

static struct app *
APP(struct req *r)
{
	return r->app;
}

static void
date_text(int64_t t, struct tmpl_vars *v, const char *name)
{
	time_t tt = (time_t)t + 7 * 3600;	/* WIB */
	struct tm tm;
	char s[64];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d-%m-%Y %H:%M WIB", &tm);
	tmpl_set(v, name, s);
}

static const char *
username(struct req *r, int64_t id)
{
	struct db_user u;
	const char *n = "?";

	if (db_user_by_id(APP(r)->db, id, &u) == 1)
		n = arena_strdup(r->arena, u.username);
	crypto_wipe(&u, sizeof(u));
	return n;
}

struct notes_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
};

static int
note_cb(void *arg, const struct case_text *t)
{
	struct notes_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "notes");

	tmpl_set(it, "author", username(c->r, t->user_id));
	date_text(t->created_at, it, "date_text");
	tmpl_set(it, "text", t->parts[0]);
	tmpl_set_bool(c->v, "has_notes", 1);
	return 0;
}

void
staff_records_vars(struct req *r, struct tmpl_vars *v,
    const unsigned char key[32], int64_t id, const char *stage)
{
	const struct auth_session *s = r->session;
	struct notes_ctx c = { r, v };
	struct case_text t;
	int archived = strcmp(stage, "archived") == 0;

	(void)case_notes(APP(r), key, id, note_cb, &c);
	tmpl_set_bool(v, "can_note", !archived);
	if (case_lhp_get(APP(r), key, id, &t) == 1) {
		tmpl_set_bool(v, "has_lhp", 1);
		tmpl_set(v, "lhp_summary", t.parts[0]);
		tmpl_set(v, "lhp_findings", t.parts[1]);
		tmpl_set(v, "lhp_conclusion", web_t(r, arena_printf(r->arena,
		    "case.conclusion.%s", t.parts[2])));
		tmpl_set(v, "lhp_author", username(r, t.user_id));
		/* the form shows what is saved, the select included */
		tmpl_set_bool(v, arena_printf(r->arena, "lhp_is_%s",
		    t.parts[2]), 1);
		date_text(t.created_at, v, "lhp_date");
		case_text_free(&t);
	}
	tmpl_set_bool(v, "can_lhp", strcmp(stage, "reporting") == 0 &&
	    (s->user.roles & ROLE_INVESTIGATOR));
	if (case_decision_get(APP(r), key, id, &t) == 1) {
		tmpl_set_bool(v, "has_decision", 1);
		tmpl_set(v, "decision_label", web_t(r, arena_printf(r->arena,
		    "case.decision.%s", t.parts[0])));
		tmpl_set(v, "decision_summary", t.parts[1]);
		tmpl_set_bool(v, arena_printf(r->arena, "decision_is_%s",
		    t.parts[0]), 1);
		date_text(t.created_at, v, "decision_date");
		case_text_free(&t);
	}
	tmpl_set_bool(v, "can_decide", strcmp(stage, "follow_up") == 0 &&
	    (s->user.roles & ROLE_REVIEWER));
	tmpl_set_bool(v, "can_request_completion", strcmp(stage, "review") ==
	    0 && (s->user.roles & ROLE_REVIEWER));
	{
		int64_t since;

		if (case_waiting(APP(r), id, &since)) {
			tmpl_set_bool(v, "waiting", 1);
			date_text(since, v, "waiting_since");
			date_text(wd_add(APP(r)->holidays, since,
			    APP(r)->cfg->dl_completion), v, "waiting_due");
		}
	}
}

static int
enum_index(const char *const *codes, int n, const char *v)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(codes[i], v) == 0)
			return i;
	return -1;
}

void
staff_case_note(struct req *r)
{
	int64_t id = staff_case_id(r);

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	staff_case_result(r, r->form.nerrors > 0 ? CASE_INVALID :
	    case_note_add(APP(r), r->session, id, form_get(&r->form, 1)),
	    WF_OK, "case.note.saved");
}

void
staff_case_lhp(struct req *r)
{
	int64_t id = staff_case_id(r);
	int c;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	c = enum_index(case_conclusion_codes, CASE_CONCLUSION__MAX,
	    form_get(&r->form, 3));
	staff_case_result(r, r->form.nerrors > 0 || c < 0 ? CASE_INVALID :
	    case_lhp_set(APP(r), r->session, id, form_get(&r->form, 1),
	    form_get(&r->form, 2), (enum case_conclusion)c), WF_OK,
	    "case.lhp.saved");
}

void
staff_case_decision(struct req *r)
{
	int64_t id = staff_case_id(r);
	int d;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	d = enum_index(case_decision_codes, CASE_DECISION__MAX,
	    form_get(&r->form, 1));
	staff_case_result(r, r->form.nerrors > 0 || d < 0 ? CASE_INVALID :
	    case_decision_set(APP(r), r->session, id,
	    (enum case_decision)d, form_get(&r->form, 2)), WF_OK,
	    "case.decision.saved");
}

/* The LHP as a PDF, decrypted for a handler who holds the key. */
void
staff_case_lhp_pdf(struct req *r)
{
	int64_t id = staff_case_id(r);
	struct db_report rep;
	struct case_text t;
	struct pdf_section sec[3];
	unsigned char *key;
	char *title, *disp;
	int rc;

	if (id < 0 || db_report_by_id(APP(r)->db, id, &rep) != 1) {
		r->resp.status = 404;
		return;
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (report_staff_key(APP(r), r->session, id, key) != REPORT_OK) {
		crypto_secure_free(key);
		db_report_clear(&rep);
		r->resp.status = 403;
		return;
	}
	rc = case_lhp_get(APP(r), key, id, &t);
	crypto_secure_free(key);
	if (rc != 1) {
		db_report_clear(&rep);
		r->resp.status = rc == 0 ? 404 : 500;
		return;
	}
	sec[0].heading = web_t(r, "case.lhp.summary");
	sec[0].body = t.parts[0];
	sec[1].heading = web_t(r, "case.lhp.findings");
	sec[1].body = t.parts[1];
	sec[2].heading = web_t(r, "case.lhp.conclusion");
	sec[2].body = web_t(r, arena_printf(r->arena, "case.conclusion.%s",
	    t.parts[2]));
	title = arena_printf(r->arena, "%s %s", web_t(r, "case.lhp.title"),
	    rep.registration);
	rc = pdf_document(title, APP(r)->cfg->institution, sec, 3,
	    &r->resp.body);
	case_text_free(&t);
	if (rc == -1) {
		db_report_clear(&rep);
		r->resp.status = 500;
		return;
	}
	disp = arena_printf(r->arena, "attachment; filename=\"LHP-%s.pdf\"",
	    rep.registration);
	db_report_clear(&rep);
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth),
	    ((const struct auth_session *)r->session)->user.id,
	    AUDIT_FILE_VIEW, AUDIT_OBJ_REPORT, id, "lhp-pdf");
	r->resp.status = 200;
	r->resp.content_type = "application/pdf";
	r->resp.csp = "sandbox; default-src 'none'";
	resp_header(r, "Content-Disposition", disp);
}

const struct form_field staff_evidence_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "remove_metadata", FORM_BOOL, 0, 8, 0, NULL },
};
const size_t staff_evidence_nfields = NELEM(staff_evidence_fields);

void
staff_case_evidence(struct req *r)
{
	int64_t id = staff_case_id(r);

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	staff_case_result(r, r->form.nerrors > 0 ? CASE_INVALID :
	    case_add_evidence(APP(r), r->session, id, r->upload,
	    form_bool(&r->form, 1)), WF_OK, "case.evidence.saved");
}

void
staff_case_withdraw(struct req *r)
{
	int64_t id = staff_case_id(r);

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	staff_case_result(r, case_unit_withdraw(APP(r), r->session, id), WF_OK,
	    "case.withdraw.done");
}

const struct form_field staff_completion_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t staff_completion_nfields = NELEM(staff_completion_fields);

void
staff_case_completion(struct req *r)
{
	int64_t id = staff_case_id(r);

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	staff_case_result(r, r->form.nerrors > 0 ? CASE_INVALID :
	    case_request_completion(APP(r), r->session, id,
	    form_get(&r->form, 1)), WF_OK, "case.completion.sent");
}
