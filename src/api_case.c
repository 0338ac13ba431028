/*
 * api_case.c: the handlers' JSON API on reports. The same use cases as
 * the case pages (case.h, report.h) and the same limits (each route's
 * whitelisted fields, fed from the JSON body by json_to_form). Access
 * is the same too: a report opens only with a key sealed to the
 * token's user, whatever the role; the list shows metadata only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_case.h"
#include "api_util.h"
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "json.h"
#include "report.h"
#include "route.h"
#include "staff_case.h"
#include "util.h"
#include "web.h"
#include "workflow.h"

#define LIST_DEFAULT	50
#define LIST_MAX	200	/* the store's page limit */
#define CURSOR_MAX	41	/* "CREATED.ID": two int64 and a dot */

enum { FT_TO, FT_REASON };
const struct form_field api_case_transition_fields[] = {
	{ "to", FORM_TOKEN, 1, DB_CODE_MAX, 1, NULL },
	{ "reason", FORM_TEXT, 0, CASE_REASON_MAX, 0, NULL },
};
const size_t api_case_transition_nfields = NELEM(api_case_transition_fields);

static const char *const status_codes[] = {
	"absent", "partly", "present", NULL
};
/* The seven statuses first, then the seven notes (case_element_names). */
#define ASSESS_STATUS(n) { "status." n, FORM_ENUM, 1, 8, 1, status_codes }
#define ASSESS_NOTE(n) { "notes." n, FORM_TEXT, 0, CASE_NOTE_MAX, 0, NULL }
const struct form_field api_case_assess_fields[] = {
	ASSESS_STATUS("what"), ASSESS_STATUS("who"), ASSESS_STATUS("where"),
	ASSESS_STATUS("when"), ASSESS_STATUS("why"), ASSESS_STATUS("how"),
	ASSESS_STATUS("evidence"),
	ASSESS_NOTE("what"), ASSESS_NOTE("who"), ASSESS_NOTE("where"),
	ASSESS_NOTE("when"), ASSESS_NOTE("why"), ASSESS_NOTE("how"),
	ASSESS_NOTE("evidence"),
};
const size_t api_case_assess_nfields = NELEM(api_case_assess_fields);

const struct form_field api_case_forward_fields[] = {
	{ "unit", FORM_LINE, 1, DB_NAME_MAX, 1, NULL },
};
const size_t api_case_forward_nfields = NELEM(api_case_forward_fields);

const struct form_field api_case_message_fields[] = {
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t api_case_message_nfields = NELEM(api_case_message_fields);

const struct form_field api_case_note_fields[] = {
	{ "text", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
};
const size_t api_case_note_nfields = NELEM(api_case_note_fields);

const struct form_field api_case_idreq_fields[] = {
	{ "justification", FORM_TEXT, 1, 2000, 1, NULL },
};
const size_t api_case_idreq_nfields = NELEM(api_case_idreq_fields);

static const char *const decisions[] = { "approve", "deny", NULL };
const struct form_field api_case_iddecide_fields[] = {
	{ "decision", FORM_ENUM, 1, 16, 1, decisions },
	{ "reason", FORM_TEXT, 1, 2000, 1, NULL },
};
const size_t api_case_iddecide_nfields = NELEM(api_case_iddecide_fields);

static struct app *
APP(struct req *r)
{
	return r->app;
}

static const struct auth_session *
SESSION(struct req *r)
{
	return r->session;
}

/* 400 invalid_field naming one field and why. */
static void
field_error(struct req *r, const char *field, const char *reason,
    const char *msgkey)
{
	struct json_out *o, *e, *it;

	e = api_error_obj(r, &o, "invalid_field", msgkey);
	it = json_out_push_obj(json_out_arr(e, "fields"));
	json_out_str(it, "field", field);
	json_out_str(it, "reason", reason);
	json_out_str(it, "message", web_t(r, msgkey));
	api_reply(r, 400, o);
}

/* 400 invalid_request naming the query parameter in error. */
static void
param_error(struct req *r, const char *name)
{
	struct json_out *o, *e;

	e = api_error_obj(r, &o, "invalid_request", "error.400.body");
	json_out_str(e, "parameter", name);
	api_reply(r, 400, o);
}

/* The outcome of a case use case other than CASE_OK, as an API error. */
void
api_case_error(struct req *r, enum case_result res, enum wf_error werr,
    const char *invalid_key)
{
	switch (res) {
	case CASE_DENIED:
		web_json_error(r, 403, "forbidden", "error.403.title");
		return;
	case CASE_REFUSED:
		switch (werr) {
		case WF_ERR_ROLE:
			web_json_error(r, 409, "role", wf_error_key(werr));
			return;
		case WF_ERR_NEEDS:
			web_json_error(r, 409, "needs_missing",
			    wf_error_key(werr));
			return;
		default:
			web_json_error(r, 409, "not_allowed",
			    "workflow.error.unknown");
			return;
		}
	case CASE_CONFLICT:
		web_json_error(r, 409, "conflict", "workflow.error.conflict");
		return;
	case CASE_INVALID:
		web_json_error(r, 400, "invalid_field", invalid_key);
		return;
	case CASE_NOT_FOUND:
		web_json_error(r, 404, "not_found", "error.404.title");
		return;
	default:
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
}

/*
 * The :id of the path of an existing report, or -1 after answering 404
 * (or 500).
 */
int64_t
api_case_find(struct req *r)
{
	struct db_report rep;
	int64_t id = staff_case_id(r);
	int rc;

	if (id < 0) {
		web_json_error(r, 404, "not_found", "error.404.title");
		return -1;
	}
	rc = db_report_by_id(APP(r)->db, id, &rep);
	db_report_clear(&rep);
	if (rc != 1) {
		if (rc == 0)
			web_json_error(r, 404, "not_found", "error.404.title");
		else
			web_json_error(r, 500, "internal",
			    "staff.error.internal");
		return -1;
	}
	return id;
}

/* --- the list -------------------------------------------------------- */

/* A query parameter; NULL when absent or empty ("any"). */
static const char *
query(struct req *r, const char *name)
{
	const char *v = http_query(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* [a-z0-9-]{1,32} */
static int
category_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (i >= DB_CODE_MAX || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return i > 0;
}

/* "CREATED.ID" -> created, id (id >= 1); 0 or -1. */
static int
cursor_parse(const char *s, int64_t *created, int64_t *id)
{
	char c[CURSOR_MAX + 1], *dot;
	unsigned long long a, b;

	if (strlen(s) > CURSOR_MAX)
		return -1;
	wbs_strlcpy(c, s, sizeof(c));
	if ((dot = strchr(c, '.')) == NULL)
		return -1;
	*dot = '\0';
	if (parse_uint(c, 0, INT64_MAX, &a) == -1 ||
	    parse_uint(dot + 1, 1, INT64_MAX, &b) == -1)
		return -1;
	*created = (int64_t)a;
	*id = (int64_t)b;
	return 0;
}

struct list_ctx {
	struct json_out	*arr;
	unsigned	 limit;
	unsigned	 n;
	int64_t		 last_created;
	int64_t		 last_id;
};

static int
list_cb(void *arg, const struct db_report *rep)
{
	struct list_ctx *c = arg;
	struct json_out *it;
	char at[32];

	if (c->n++ >= c->limit)
		return 0;		/* the look-ahead row */
	it = json_out_push_obj(c->arr);
	json_out_int(it, "id", rep->id);
	json_out_str(it, "registration", rep->registration);
	json_out_str(it, "category", rep->category);
	json_out_str(it, "stage", rep->stage);
	api_iso(rep->created_at, at);
	json_out_str(it, "created", at);
	api_iso(rep->stage_at, at);
	json_out_str(it, "stage_since", at);
	c->last_created = rep->created_at;
	c->last_id = rep->id;
	return 0;
}

void
api_case_list(struct req *r)
{
	struct db_case_filter f;
	struct list_ctx c;
	struct json_out *o;
	enum wf_stage st;
	unsigned long long n;
	const char *v;

	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	f.user_id = SESSION(r)->user.id;
	c.limit = LIST_DEFAULT;
	if ((v = query(r, "stage")) != NULL) {
		if (wf_stage_parse(v, &st) == -1) {
			param_error(r, "stage");
			return;
		}
		f.stage = wf_stage_code(st);
	}
	if ((v = query(r, "category")) != NULL) {
		if (!category_ok(v)) {
			param_error(r, "category");
			return;
		}
		f.category = v;
	}
	if ((v = query(r, "before")) != NULL &&
	    cursor_parse(v, &f.before_created, &f.before_id) == -1) {
		param_error(r, "before");
		return;
	}
	if ((v = query(r, "limit")) != NULL) {
		if (parse_uint(v, 1, LIST_MAX, &n) == -1) {
			param_error(r, "limit");
			return;
		}
		c.limit = (unsigned)n;
	}
	/* One row more than asked tells whether another page follows. */
	f.limit = c.limit < LIST_MAX ? c.limit + 1 : LIST_MAX;
	o = json_out_new();
	c.arr = json_out_arr(o, "cases");
	if (db_case_page(APP(r)->db, &f, list_cb, &c) == -1) {
		json_out_free(o);
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
	if (c.n > c.limit || (c.limit == LIST_MAX && c.n == LIST_MAX)) {
		char next[CURSOR_MAX + 1];

		snprintf(next, sizeof(next), "%lld.%lld",
		    (long long)c.last_created, (long long)c.last_id);
		json_out_str(o, "next", next);
	}
	api_reply(r, 200, o);
}

/* --- one case -------------------------------------------------------- */

struct read_ctx {
	struct json_out		*arr;
	const unsigned char	*key;
};

static int
event_cb(void *arg, const struct db_event *e)
{
	struct read_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32], *reason;

	api_iso(e->created_at, at);
	json_out_str(it, "stage", e->stage);
	json_out_str(it, "at", at);
	reason = case_event_reason(c->key, e->note, e->note_len);
	if (reason != NULL) {
		json_out_str(it, "reason", reason);
		crypto_wipe(reason, strlen(reason));
		free(reason);
	}
	return 0;
}

static int
message_cb(void *arg, const struct db_message *m, const char *body)
{
	struct read_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32];

	api_iso(m->created_at, at);
	json_out_str(it, "from", m->by_reporter ? "reporter" : "handler");
	if (!m->by_reporter)
		json_out_int(it, "author_id", m->user_id);
	json_out_str(it, "at", at);
	json_out_str(it, "body", body);
	return 0;
}

static int
file_cb(void *arg, const struct report_file_info *f)
{
	struct read_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32];

	api_iso(f->created_at, at);
	json_out_int(it, "id", f->id);
	json_out_str(it, "name", f->name);
	json_out_str(it, "type", f->mime);
	json_out_int(it, "size", (int64_t)f->size);
	json_out_bool(it, "metadata_removed", f->metadata_removed);
	json_out_str(it, "from", f->by_reporter ? "reporter" : "handler");
	json_out_str(it, "at", at);
	return 0;
}

static int
note_cb(void *arg, const struct case_text *t)
{
	struct read_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32];

	api_iso(t->created_at, at);
	json_out_int(it, "author_id", t->user_id);
	json_out_str(it, "at", at);
	json_out_str(it, "text", t->parts[0]);
	return 0;
}

/* The stages the user may move the report to now (the workflow table). */
static void
allowed(struct req *r, struct json_out *arr, const char *stage,
    unsigned have)
{
	const unsigned inputs = WF_NEED_REASON | WF_NEED_UNIT;
	enum wf_stage from;
	size_t i;

	if (wf_stage_parse(stage, &from) == -1)
		return;
	for (i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];

		/* A reason or a unit comes with the request itself. */
		if (t->from != from || !(t->roles & SESSION(r)->user.roles) ||
		    (t->needs & ~inputs & ~have) != 0)
			continue;
		json_out_push_str(arr, wf_stage_code(t->to));
	}
}

/* The review checklist, when there is one; 0 or -1. */
static int
assessment(struct req *r, struct json_out *o, const unsigned char *key,
    int64_t id)
{
	struct case_assessment as;
	struct json_out *a, *st, *nt;
	size_t i;

	if (case_assessment_load(APP(r), key, id, &as) != CASE_OK)
		return -1;
	if (as.present) {
		a = json_out_obj(o, "assessment");
		st = json_out_obj(a, "status");
		nt = json_out_obj(a, "notes");
		for (i = 0; i < CASE_ELEMENTS; i++) {
			json_out_str(st, case_element_names[i],
			    status_codes[as.status[i]]);
			json_out_str(nt, case_element_names[i], as.note[i]);
		}
		json_out_int(a, "completeness", case_completeness(as.status));
	}
	case_assessment_free(&as);
	return 0;
}

/* The LHP and the decision, when stored; 0 or -1. */
static int
records(struct req *r, struct json_out *o, const unsigned char *key,
    int64_t id)
{
	struct case_text t;
	struct json_out *x;
	int rc;

	if ((rc = case_lhp_get(APP(r), key, id, &t)) == -1)
		return -1;
	if (rc == 1) {
		x = json_out_obj(o, "lhp");
		json_out_str(x, "summary", t.parts[0]);
		json_out_str(x, "findings", t.parts[1]);
		json_out_str(x, "conclusion", t.parts[2]);
		case_text_free(&t);
	}
	if ((rc = case_decision_get(APP(r), key, id, &t)) == -1)
		return -1;
	if (rc == 1) {
		x = json_out_obj(o, "decision");
		json_out_str(x, "decision", t.parts[0]);
		json_out_str(x, "summary", t.parts[1]);
		case_text_free(&t);
	}
	return 0;
}

void
api_case_get(struct req *r)
{
	const struct auth_session *s = SESSION(r);
	struct report_view rv;
	struct json_out *o = NULL, *f;
	struct read_ctx c;
	unsigned char *key;
	enum report_result res;
	char at[32];
	int64_t id, before, older = 0;
	size_t i;

	if ((id = api_case_find(r)) < 0)
		return;
	if (web_query_id(r, "messages_before", &before) == -1) {
		web_json_error(r, 400, "invalid_query", "form.error.invalid");
		return;
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((res = report_staff_key(APP(r), s, id, key)) != REPORT_OK) {
		crypto_secure_free(key);
		/* No sealed key: no access, whatever the role. */
		if (res == REPORT_FAIL) {
			case_denied(APP(r), s, id, "case");
			web_json_error(r, 403, "forbidden", "error.403.title");
		}
		else
			web_json_error(r, 500, "internal",
			    "staff.error.internal");
		return;
	}
	if (report_view_load(APP(r), id, key, &rv) != REPORT_OK) {
		crypto_secure_free(key);
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
	o = json_out_new();
	json_out_int(o, "id", id);
	json_out_str(o, "registration", rv.meta.registration);
	json_out_str(o, "category", rv.meta.category);
	json_out_str(o, "stage", rv.meta.stage);
	api_iso(rv.meta.created_at, at);
	json_out_str(o, "created", at);
	api_iso(rv.meta.stage_at, at);
	json_out_str(o, "stage_since", at);
	f = json_out_obj(o, "report");
	for (i = 0; i < RF__MAX; i++)
		json_out_str(f, report_field_names[i], rv.text[i]);
	json_out_bool(o, "has_identity", rv.has_identity);
	json_out_bool(o, "identity_access",
	    case_identity_held(APP(r), s, id));
	allowed(r, json_out_arr(o, "allowed_transitions"), rv.meta.stage,
	    case_have(APP(r), id));
	report_view_free(&rv);
	c.key = key;
	c.arr = json_out_arr(o, "timeline");
	if (db_event_list(APP(r)->db, id, event_cb, &c) == -1)
		goto fail;
	c.arr = json_out_arr(o, "messages");
	if (report_messages(APP(r), id, key, before, API_MESSAGES_PAGE,
	    message_cb, &c, &older) != REPORT_OK)
		goto fail;
	if (older > 0)
		json_out_int(o, "older_messages_before", older);
	c.arr = json_out_arr(o, "files");
	if (report_files(APP(r), id, key, file_cb, &c) != REPORT_OK)
		goto fail;
	c.arr = json_out_arr(o, "notes");
	if (case_notes(APP(r), key, id, note_cb, &c) != CASE_OK)
		goto fail;
	if (assessment(r, o, key, id) == -1 || records(r, o, key, id) == -1 ||
	    api_case_waiting(r, o, id) == -1)
		goto fail;
	crypto_secure_free(key);
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth), s->user.id,
	    AUDIT_CASE_VIEW, AUDIT_OBJ_REPORT, id, NULL);
	api_reply(r, 200, o);
	return;
fail:
	crypto_secure_free(key);
	json_out_free(o);
	web_json_error(r, 500, "internal", "staff.error.internal");
}

/* --- the workflow ---------------------------------------------------- */

void
api_case_transition(struct req *r)
{
	enum wf_error werr = WF_OK;
	enum case_result res;
	struct json_out *o;
	enum wf_stage to;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	if (wf_stage_parse(form_get(&r->form, FT_TO), &to) == -1) {
		field_error(r, "to", "invalid", "workflow.error.unknown");
		return;
	}
	res = case_transition(APP(r), SESSION(r), id, to,
	    form_get(&r->form, FT_REASON), &werr);
	if (res != CASE_OK) {
		api_case_error(r, res, werr, "workflow.error.reason");
		return;
	}
	o = json_out_new();
	json_out_str(o, "stage", wf_stage_code(to));
	api_reply(r, 200, o);
}

void
api_case_assess(struct req *r)
{
	int status[CASE_ELEMENTS];
	const char *note[CASE_ELEMENTS];
	enum case_result res;
	struct json_out *o;
	int64_t id;
	size_t i, k;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	for (i = 0; i < CASE_ELEMENTS; i++) {
		const char *v = form_get(&r->form, i);

		status[i] = CASE_ABSENT;
		for (k = 0; status_codes[k] != NULL; k++)
			if (strcmp(v, status_codes[k]) == 0)
				status[i] = (int)k;
		note[i] = form_get(&r->form, CASE_ELEMENTS + i);
	}
	res = case_assess(APP(r), SESSION(r), id, status, note);
	if (res != CASE_OK) {
		api_case_error(r, res, WF_OK, "staff.assess.invalid");
		return;
	}
	o = json_out_new();
	json_out_int(o, "completeness", case_completeness(status));
	api_reply(r, 200, o);
}

void
api_case_forward(struct req *r)
{
	enum wf_error werr = WF_OK;
	enum case_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	res = case_forward(APP(r), SESSION(r), id, form_get(&r->form, 0),
	    &werr);
	if (res == CASE_INVALID) {
		/* no unit of that code */
		field_error(r, "unit", "invalid", "form.error.invalid");
		return;
	}
	if (res != CASE_OK) {
		api_case_error(r, res, werr, "form.error.invalid");
		return;
	}
	o = json_out_new();
	json_out_str(o, "stage", wf_stage_code(WF_FORWARDED));
	json_out_str(o, "unit", form_get(&r->form, 0));
	api_reply(r, 200, o);
}

/* --- messages and notes ---------------------------------------------- */

void
api_case_message(struct req *r)
{
	enum report_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	res = report_staff_message(APP(r), SESSION(r), id,
	    form_get(&r->form, 0));
	switch (res) {
	case REPORT_OK:
		o = json_out_new();
		json_out_bool(o, "sent", 1);
		api_reply(r, 201, o);
		return;
	case REPORT_FAIL:
		web_json_error(r, 403, "forbidden", "error.403.title");
		return;
	case REPORT_INVALID:
		web_json_error(r, 409, "archived", "status.error.archived");
		return;
	default:
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
}

void
api_case_note(struct req *r)
{
	enum case_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	res = case_note_add(APP(r), SESSION(r), id, form_get(&r->form, 0));
	if (res != CASE_OK) {
		/* REFUSED: the report is archived (read-only). */
		if (res == CASE_REFUSED)
			web_json_error(r, 409, "archived",
			    "status.error.archived");
		else
			api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	o = json_out_new();
	json_out_bool(o, "saved", 1);
	api_reply(r, 201, o);
}


/* --- the investigation report and the follow-up decision ------------- */

static const char *const conclusion_choices[CASE_CONCLUSION__MAX + 1] = {
	"proven", "partly_proven", "not_proven", NULL
};
static const char *const decision_choices[CASE_DECISION__MAX + 1] = {
	"sanction", "improvement", "referral", "no_action", NULL
};

const struct form_field api_case_lhp_fields[] = {
	{ "summary", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
	{ "findings", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
	{ "conclusion", FORM_ENUM, 1, 32, 1, conclusion_choices },
};
const size_t api_case_lhp_nfields = NELEM(api_case_lhp_fields);

const struct form_field api_case_decision_fields[] = {
	{ "decision", FORM_ENUM, 1, 32, 1, decision_choices },
	{ "summary", FORM_TEXT, 1, CASE_TEXT_MAX, 1, NULL },
};
const size_t api_case_decision_nfields = NELEM(api_case_decision_fields);

static int
choice(const char *const *choices, const char *v)
{
	int i;

	for (i = 0; choices[i] != NULL; i++)
		if (strcmp(choices[i], v) == 0)
			return i;
	return -1;
}

static void
saved(struct req *r, enum case_result res)
{
	struct json_out *o;

	if (res != CASE_OK) {
		if (res == CASE_REFUSED)
			web_json_error(r, 409, "not_allowed",
			    "workflow.error.unknown");
		else
			api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	o = json_out_new();
	json_out_bool(o, "saved", 1);
	api_reply(r, 201, o);
}

void
api_case_lhp(struct req *r)
{
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	saved(r, case_lhp_set(APP(r), SESSION(r), id, form_get(&r->form, 0),
	    form_get(&r->form, 1), (enum case_conclusion)choice(
	    conclusion_choices, form_get(&r->form, 2))));
}

void
api_case_decision(struct req *r)
{
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	saved(r, case_decision_set(APP(r), SESSION(r), id,
	    (enum case_decision)choice(decision_choices,
	    form_get(&r->form, 0)), form_get(&r->form, 1)));
}
