/*
 * staff_case.c: the handlers' view of reports, as far as the reporter's
 * journey needs it: the reports a handler holds a key for (dashboard),
 * one report decrypted with the handler's own key, its evidence list
 * and the message thread with the reporter. The full workflow (stages,
 * review, forwarding, identity custody, audit) builds on this.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "case.h"
#include "http.h"
#include "report.h"
#include "staff.h"
#include "staff_case.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

enum { FM_CSRF, FM_BODY };
/* Kinds of "not actionable": the label starts the reason the reporter reads. */
static const char *const reason_kinds[] = {
	"bukan_kewenangan", "tidak_memenuhi_unsur", "lainnya", NULL
};

enum { FT_CSRF, FT_TO, FT_REASON, FT_KIND, FT_REFERRAL };
const struct form_field staff_transition_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "to", FORM_TOKEN, 1, 32, 1, NULL },
	{ "reason", FORM_TEXT, 0, CASE_REASON_MAX, 0, NULL },
	{ "reason_kind", FORM_ENUM, 0, 32, 0, reason_kinds },
	{ "referral", FORM_LINE, 0, 200, 0, NULL },
};
const size_t staff_transition_nfields = NELEM(staff_transition_fields);

static const char *const status_choices[] = {
	"absent", "partly", "present", NULL
};
#define ASSESS_FIELD(n) \
	{ "s_" n, FORM_ENUM, 0, 8, 1, status_choices }, \
	{ "n_" n, FORM_TEXT, 0, CASE_NOTE_MAX, 0, NULL }
const struct form_field staff_assess_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	ASSESS_FIELD("what"), ASSESS_FIELD("who"), ASSESS_FIELD("where"),
	ASSESS_FIELD("when"), ASSESS_FIELD("why"), ASSESS_FIELD("how"),
	ASSESS_FIELD("evidence"),
};
const size_t staff_assess_nfields = NELEM(staff_assess_fields);

const struct form_field staff_forward_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "unit", FORM_LINE, 1, DB_NAME_MAX, 1, NULL },
};
const size_t staff_forward_nfields = NELEM(staff_forward_fields);

const struct form_field staff_route_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "unit", FORM_LINE, 1, DB_NAME_MAX, 1, NULL },
	{ "reason", FORM_TEXT, 1, CASE_ROUTE_REASON_MAX, 1, NULL },
};
const size_t staff_route_nfields = NELEM(staff_route_fields);

const struct form_field staff_message_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t staff_message_nfields = NELEM(staff_message_fields);

static const char *const field_keys[RF__MAX] = {
	"field.title", "field.what", "field.who", "field.where", "field.when",
	"field.why", "field.how", "field.unit", "field.period"
};

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
category_label(struct req *r, const char *code)
{
	char *key = arena_printf(r->arena, "category.%s", code);
	const char *t = web_t(r, key);

	return strcmp(t, key) == 0 ? code : t;
}

/* The :id of the path, or -1. */
int64_t
staff_case_id(struct req *r)
{
	unsigned long long v;

	if (parse_uint(route_param(&r->params, "id"), 1, INT64_MAX, &v) == -1)
		return -1;
	return (int64_t)v;
}

struct case_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	int			 n;
};

static int
message_cb(void *arg, const struct db_message *m, const char *body)
{
	struct case_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "messages");

	tmpl_set_bool(it, "from_reporter", m->by_reporter);
	date_text(m->created_at, it, "date_text");
	tmpl_set(it, "body", body);
	tmpl_set_bool(c->v, "has_messages", 1);
	return 0;
}

static int
file_cb(void *arg, const struct report_file_info *f)
{
	struct case_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "files");

	tmpl_set(it, "file_id", arena_printf(c->r->arena, "%lld",
	    (long long)f->id));
	tmpl_set(it, "name", f->name);
	tmpl_set(it, "mime", f->mime);
	tmpl_set(it, "size_text", f->size >= 1048576 ?
	    arena_printf(c->r->arena, "%.1f MB", (double)f->size / 1048576) :
	    arena_printf(c->r->arena, "%.1f KB", (double)f->size / 1024));
	date_text(f->created_at, it, "date_text");
	tmpl_set_bool(it, "metadata_removed", f->metadata_removed);
	tmpl_set_bool(c->v, "has_files", 1);
	return 0;
}

struct event_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	const unsigned char	*key;
};

static int
event_cb(void *arg, const struct db_event *e)
{
	struct event_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "events");
	char *reason;

	/* Staff wording: the stage names speak to the reporter. */
	tmpl_set(it, "name", web_t(c->r, arena_printf(c->r->arena,
	    strcmp(e->stage, "identity_opened") == 0 ? "staff.event.%s" :
	    "stage.%s.name", e->stage)));
	date_text(e->created_at, it, "date_text");
	reason = case_event_reason(c->key, e->note, e->note_len);
	if (reason != NULL) {
		tmpl_set(it, "reason", reason);
		crypto_wipe(reason, strlen(reason));
		free(reason);
	}
	return 0;
}

static int
unit_cb(void *arg, const struct db_unit *u)
{
	struct case_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "units");

	tmpl_set(it, "code", u->code);
	tmpl_set(it, "name", u->name);
	return 0;
}

static const char *const status_codes[] = { "absent", "partly", "present" };

/* The review checklist: the form's values and the completeness meter. */
static void
assessment(struct req *r, struct tmpl_vars *v, const unsigned char *key,
    int64_t id, int editable)
{
	struct case_assessment as;
	size_t i;

	/* A refused checklist comes back as typed, not as stored. */
	int typed = r->route->fields == staff_assess_fields &&
	    r->form.nfields > 0;

	if (case_assessment_load(APP(r), key, id, &as) != CASE_OK)
		return;
	for (i = 0; i < CASE_ELEMENTS; i++) {
		struct tmpl_vars *it = tmpl_add_item(v, "elements");
		const char *st = typed ? form_raw(&r->form, 1 + 2 * i) :
		    as.present ? status_codes[as.status[i]] : "";

		tmpl_set(it, "element", case_element_names[i]);
		tmpl_set(it, "label", web_t(r, arena_printf(r->arena,
		    "staff.assess.%s", case_element_names[i])));
		/* Until assessed, an element is "belum dinilai", not absent. */
		tmpl_set_bool(it, "is_unassessed", *st == '\0');
		tmpl_set_bool(it, "is_present", strcmp(st, "present") == 0);
		tmpl_set_bool(it, "is_partly", strcmp(st, "partly") == 0);
		tmpl_set_bool(it, "is_absent", strcmp(st, "absent") == 0);
		tmpl_set(it, "status_label", web_t(r, arena_printf(r->arena,
		    "staff.assess.status.%s", status_codes[as.status[i]])));
		tmpl_set(it, "note", typed ? form_raw(&r->form, 2 + 2 * i) :
		    as.present ? as.note[i] : "");
	}
	tmpl_set_bool(v, "has_assessment", as.present);
	tmpl_set_bool(v, "can_assess", editable);
	if (as.present)
		tmpl_set(v, "completeness", arena_printf(r->arena, "%d",
		    case_completeness(as.status)));
	case_assessment_free(&as);
}

/* The steps the handler may take from the current stage. */
static void
actions(struct req *r, struct tmpl_vars *v, const char *stage, int64_t id)
{
	const struct auth_session *s = r->session;
	enum wf_stage from;
	size_t i;

	if (wf_stage_parse(stage, &from) == -1)
		return;
	for (i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		struct tmpl_vars *it;

		if (t->from != from || !(t->roles & s->user.roles))
			continue;
		if (t->needs & WF_NEED_UNIT) {
			tmpl_set_bool(v, "can_forward", 1);
			continue;
		}
		it = tmpl_add_item(v, "actions");
		tmpl_set(it, "to", wf_stage_code(t->to));
		tmpl_set(it, "label", web_t(r, arena_printf(r->arena,
		    "workflow.action.%s", t->action)));
		tmpl_set_bool(it, "needs_reason",
		    (t->needs & WF_NEED_REASON) != 0);
		tmpl_set_bool(it, "is_close", t->from == WF_REVIEW &&
		    t->to == WF_ARCHIVED);
		/* The checklist, unit, LHP and decision forms come next. */
		/* What the step needs beyond a reason must be stored already. */
		tmpl_set_bool(it, "unavailable", (t->needs & ~(WF_NEED_REASON |
		    case_have(APP(r), id))) != 0);
		tmpl_set_bool(v, "has_actions", 1);
	}
}

static void
case_page(struct req *r, int status, const char *notice_key,
    const char *error_key)
{
	struct case_ctx c;
	struct report_view rv;
	unsigned char *key;
	int64_t id = staff_case_id(r), before, older = 0;
	enum report_result res;
	char rv_stage[DB_CODE_MAX + 1];
	size_t i;

	c.r = r;
	c.v = staff_vars(r, "title.staff_case", NULL);
	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (web_query_id(r, "pesan_sebelum", &before) == -1) {
		r->resp.status = 400;
		return;
	}
	{
		struct db_report rep;
		int rc = db_report_by_id(APP(r)->db, id, &rep);

		db_report_clear(&rep);
		if (rc != 1) {
			r->resp.status = rc == 0 ? 404 : 500;
			return;
		}
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	res = report_staff_key(APP(r), r->session, id, key);
	if (res != REPORT_OK) {
		crypto_secure_free(key);
		/* No sealed key: no access, whatever the role. */
		if (res == REPORT_FAIL)
			case_denied(APP(r), r->session, id, "case");
		r->resp.status = res == REPORT_FAIL ? 403 : 500;
		return;
	}
	if (report_view_load(APP(r), id, key, &rv) != REPORT_OK) {
		crypto_secure_free(key);
		r->resp.status = 500;
		return;
	}
	tmpl_set(c.v, "id", arena_printf(r->arena, "%lld", (long long)id));
	tmpl_set(c.v, "registration", rv.meta.registration);
	tmpl_set(c.v, "category_label", category_label(r, rv.meta.category));
	tmpl_set(c.v, "stage_name", web_t(r, arena_printf(r->arena,
	    "stage.%s.name", rv.meta.stage)));
	date_text(rv.meta.created_at, c.v, "received_text");
	for (i = 0; i < RF__MAX; i++) {
		struct tmpl_vars *it = tmpl_add_item(c.v, "fields");

		tmpl_set(it, "label", web_t(r, field_keys[i]));
		tmpl_set(it, "value", rv.text[i]);
	}
	tmpl_set_bool(c.v, "has_identity", rv.has_identity);
	wbs_strlcpy(rv_stage, rv.meta.stage, sizeof(rv_stage));
	actions(r, c.v, rv.meta.stage, id);
	assessment(r, c.v, key, id, strcmp(rv.meta.stage, "review") == 0 &&
	    (((const struct auth_session *)r->session)->user.roles &
	    ROLE_REVIEWER));
	(void)db_unit_list(APP(r)->db, unit_cb, &c);
	staff_records_vars(r, c.v, key, id, rv_stage);
	staff_identity_vars(r, c.v, id);
	{
		int64_t unit = 0;
		struct db_unit un;

		if (db_report_unit(APP(r)->db, id, &unit) == 1 &&
		    db_unit_by_id(APP(r)->db, unit, &un) == 1) {
			tmpl_set(c.v, "unit_name", un.name);
			tmpl_set_bool(c.v, "can_withdraw",
			    strcmp(rv_stage, "archived") != 0 &&
			    (((const struct auth_session *)r->session)->user.roles
			    & ROLE_REVIEWER));
		}
	}
	staff_access_vars(r, c.v, id);
	{
		enum wf_stage st;

		tmpl_set_bool(c.v, "can_route", wf_stage_parse(rv_stage, &st)
		    == 0 && wf_check_route(st, ((const struct auth_session *)
		    r->session)->user.roles, WF_NEED_UNIT | WF_NEED_REASON) ==
		    WF_OK);
	}
	report_view_free(&rv);
	{
		struct event_ctx ec = { r, c.v, key };

		if (db_event_list(APP(r)->db, id, event_cb, &ec) == -1) {
			crypto_secure_free(key);
			r->resp.status = 500;
			return;
		}
	}
	if (report_files(APP(r), id, key, file_cb, &c) != REPORT_OK ||
	    report_messages(APP(r), id, key, before, REPORT_MESSAGES_PAGE,
	    message_cb, &c, &older) != REPORT_OK) {
		crypto_secure_free(key);
		r->resp.status = 500;
		return;
	}
	web_paging_vars(r, c.v, before, older);
	crypto_secure_free(key);
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth),
	    ((const struct auth_session *)r->session)->user.id,
	    AUDIT_CASE_VIEW, AUDIT_OBJ_REPORT, id, NULL);
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	if (error_key != NULL)
		tmpl_set(c.v, "error", web_t(r, error_key));
	web_render(r, status, "staff_case", c.v);
}

void
staff_case(struct req *r)
{
	case_page(r, 200, NULL, NULL);
}

void
staff_case_message(struct req *r)
{
	int64_t id = staff_case_id(r);
	enum report_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0) {
		r->resp.status = 400;
		return;
	}
	res = report_staff_message(APP(r), r->session, id,
	    form_get(&r->form, FM_BODY));
	if (res == REPORT_FAIL) {
		r->resp.status = 403;
		return;
	}
	if (res == REPORT_INVALID) {
		case_page(r, 409, NULL, "status.error.archived");
		return;
	}
	if (res != REPORT_OK) {
		r->resp.status = 500;
		return;
	}
	case_page(r, 200, "staff.case.sent", NULL);
}

void
staff_case_transition(struct req *r)
{
	int64_t id = staff_case_id(r);
	enum wf_stage to;
	enum wf_error werr;
	enum case_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0 || wf_stage_parse(form_get(&r->form, FT_TO),
	    &to) == -1) {
		case_page(r, 400, NULL, "workflow.error.unknown");
		return;
	}
	{
		/* The reason: its kind, the text, and where to turn instead. */
		const char *kind = form_get(&r->form, FT_KIND);
		const char *text = form_get(&r->form, FT_REASON);
		const char *ref = form_get(&r->form, FT_REFERRAL);
		const char *reason = text;

		if (*kind != '\0' && *text != '\0')
			reason = arena_printf(r->arena, "%s. %s%s%s",
			    web_t(r, arena_printf(r->arena,
			    "case.reason.%s", kind)), text,
			    *ref != '\0' ? " " : "", *ref != '\0' ?
			    arena_printf(r->arena, "%s %s",
			    web_t(r, "case.reason.referral"), ref) : "");
		res = case_transition(APP(r), r->session, id, to, reason,
		    &werr);
	}
	switch (res) {
	case CASE_OK:
		case_page(r, 200, "workflow.done", NULL);
		return;
	case CASE_REFUSED:
		case_page(r, 409, NULL, wf_error_key(werr));
		return;
	case CASE_CONFLICT:
		case_page(r, 409, NULL, "workflow.error.conflict");
		return;
	case CASE_INVALID:
		case_page(r, 400, NULL, "workflow.error.reason");
		return;
	case CASE_DENIED:
		r->resp.status = 403;
		return;
	case CASE_NOT_FOUND:
		r->resp.status = 404;
		return;
	default:
		r->resp.status = 500;
		return;
	}
}

/* The outcome of a case use case as a page. */
void
staff_case_result(struct req *r, enum case_result res, enum wf_error werr,
    const char *done_key)
{
	switch (res) {
	case CASE_OK:
		case_page(r, 200, done_key, NULL);
		return;
	case CASE_REFUSED:
		case_page(r, 409, NULL, werr != WF_OK ? wf_error_key(werr) :
		    "workflow.error.unknown");
		return;
	case CASE_CONFLICT:
		case_page(r, 409, NULL, "workflow.error.conflict");
		return;
	case CASE_INVALID:
		case_page(r, 400, NULL, "staff.assess.invalid");
		return;
	case CASE_DENIED:
		r->resp.status = 403;
		return;
	case CASE_NOT_FOUND:
		r->resp.status = 404;
		return;
	default:
		r->resp.status = 500;
		return;
	}
}

void
staff_case_assess(struct req *r)
{
	int status[CASE_ELEMENTS];
	const char *note[CASE_ELEMENTS];
	int64_t id = staff_case_id(r);
	size_t i, k;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0) {
		staff_case_result(r, CASE_INVALID, WF_OK, NULL);
		return;
	}
	for (i = 0; i < CASE_ELEMENTS; i++) {
		const char *v = form_get(&r->form, 1 + 2 * i);

		status[i] = CASE_ABSENT;
		for (k = 0; k < 3; k++)
			if (strcmp(v, status_codes[k]) == 0)
				status[i] = (int)k;
		note[i] = form_get(&r->form, 2 + 2 * i);
	}
	staff_case_result(r, case_assess(APP(r), r->session, id, status, note),
	    WF_OK, "staff.assess.saved");
}

void
staff_case_forward(struct req *r)
{
	int64_t id = staff_case_id(r);
	enum wf_error werr = WF_OK;
	enum case_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	res = r->form.nerrors > 0 ? CASE_INVALID : case_forward(APP(r),
	    r->session, id, form_get(&r->form, 1), &werr);
	staff_case_result(r, res, werr, "staff.forward.done");
}

void
staff_case_route(struct req *r)
{
	int64_t id = staff_case_id(r);
	enum wf_error werr = WF_OK;
	enum case_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	res = r->form.nerrors > 0 ? CASE_INVALID : case_route(APP(r),
	    r->session, id, form_get(&r->form, 1), form_get(&r->form, 2),
	    &werr);
	staff_case_result(r, res, werr, "case.route.done");
}
