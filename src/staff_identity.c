/*
 * staff_identity.c: the pages of identity custody: a handler's request
 * (on the case page), the identity itself for a handler whose request
 * was approved, and the custodian's queue of requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "case.h"
#include "db.h"
#include "http.h"
#include "report.h"
#include "route.h"
#include "staff.h"
#include "staff_case.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

const struct form_field staff_idreq_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "justification", FORM_TEXT, 1, 2000, 1, NULL },
};
const size_t staff_idreq_nfields = NELEM(staff_idreq_fields);

static const char *const decisions[] = { "approve", "deny", NULL };
const struct form_field staff_iddecide_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "decision", FORM_ENUM, 1, 16, 1, decisions },
	{ "reason", FORM_TEXT, 1, 2000, 1, NULL },
};
const size_t staff_iddecide_nfields = NELEM(staff_iddecide_fields);

static const char *const status_keys[] = {
	"identity.status.pending", "identity.status.approved",
	"identity.status.denied"
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

struct mine_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	int64_t			 me;
};

static int
mine_cb(void *arg, const struct db_idreq *q)
{
	struct mine_ctx *c = arg;
	struct tmpl_vars *it;

	if (q->requester != c->me)
		return 0;
	it = tmpl_add_item(c->v, "my_requests");
	date_text(q->created_at, it, "date_text");
	tmpl_set(it, "status", web_t(c->r, status_keys[q->status % 3]));
	tmpl_set_bool(c->v, "has_my_requests", 1);
	return 0;
}

void
staff_identity_vars(struct req *r, struct tmpl_vars *v, int64_t id)
{
	const struct auth_session *s = r->session;
	struct mine_ctx c = { r, v, s->user.id };

	if (case_identity_held(APP(r), s, id)) {
		tmpl_set_bool(v, "identity_held", 1);
		return;
	}
	(void)db_idreq_list_for_report(APP(r)->db, id, mine_cb, &c);
}

void
staff_identity_request(struct req *r)
{
	int64_t id = staff_case_id(r);
	enum case_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	res = r->form.nerrors > 0 ? CASE_INVALID : case_identity_request(
	    APP(r), r->session, id, form_get(&r->form, 1));
	staff_case_result(r, res, WF_OK, "identity.requested");
}

static const char *const field_keys[3] = {
	"field.identity_name", "field.identity_id", "field.identity_contact"
};

void
staff_identity_view(struct req *r)
{
	int64_t id = staff_case_id(r);
	struct tmpl_vars *v;
	struct db_report rep;
	char *out[3];
	enum case_result res;
	size_t i;

	if (id < 0 || db_report_by_id(APP(r)->db, id, &rep) != 1) {
		r->resp.status = 404;
		return;
	}
	res = case_identity_view(APP(r), r->session, id, out);
	if (res != CASE_OK) {
		db_report_clear(&rep);
		/* Without an approved request there is nothing to decrypt. */
		if (res == CASE_DENIED)
			case_denied(APP(r), r->session, id, "identity");
		r->resp.status = res == CASE_DENIED ? 403 : 500;
		return;
	}
	v = staff_vars(r, "title.staff_identity", NULL);
	tmpl_set(v, "id", arena_printf(r->arena, "%lld", (long long)id));
	tmpl_set(v, "registration", rep.registration);
	db_report_clear(&rep);
	for (i = 0; i < 3; i++) {
		struct tmpl_vars *it = tmpl_add_item(v, "fields");

		tmpl_set(it, "label", web_t(r, field_keys[i]));
		tmpl_set(it, "value", out[i] != NULL ? out[i] : "");
		if (out[i] != NULL) {
			crypto_wipe(out[i], strlen(out[i]));
			free(out[i]);
		}
	}
	web_render(r, 200, "staff_identity", v);
}

struct queue_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
};

static int
count_cb(void *arg, const struct db_idreq *q)
{
	(void)q;
	(*(int *)arg)++;
	return 0;
}

static int
queue_cb(void *arg, const struct db_idreq *q, const char *justification)
{
	struct queue_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "requests");
	struct db_report rep;
	struct db_user u;

	tmpl_set(it, "rid", arena_printf(c->r->arena, "%lld",
	    (long long)q->id));
	if (db_report_by_id(APP(c->r)->db, q->report_id, &rep) == 1) {
		tmpl_set(it, "registration", rep.registration);
		tmpl_set(it, "category", web_t(c->r, arena_printf(c->r->arena,
		    "category.%s", rep.category)));
		tmpl_set(it, "stage", web_t(c->r, arena_printf(c->r->arena,
		    "stage.%s.name", rep.stage)));
	}
	db_report_clear(&rep);
	{
		int n = 0;

		(void)db_idreq_list_for_report(APP(c->r)->db, q->report_id,
		    count_cb, &n);
		tmpl_set(it, "requests_total", arena_printf(c->r->arena, "%d",
		    n));
	}
	if (db_user_by_id(APP(c->r)->db, q->requester, &u) == 1) {
		tmpl_set(it, "requester", u.username);
		tmpl_set(it, "requester_name", u.display_name);
	}
	crypto_wipe(&u, sizeof(u));
	date_text(q->created_at, it, "date_text");
	tmpl_set(it, "justification", justification);
	tmpl_set_bool(c->v, "has_requests", 1);
	return 0;
}

static void
queue_page(struct req *r, int status, const char *notice_key,
    const char *error_key)
{
	struct queue_ctx c;

	c.r = r;
	c.v = staff_vars(r, "title.staff_identity_queue",
	    "is_staff_identity");
	if (case_identity_pending(APP(r), r->session, queue_cb, &c) !=
	    CASE_OK) {
		r->resp.status = 500;
		return;
	}
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	if (error_key != NULL)
		tmpl_set(c.v, "error", web_t(r, error_key));
	web_render(r, status, "staff_identity_queue", c.v);
}

void
staff_identity_queue(struct req *r)
{
	queue_page(r, 200, NULL, NULL);
}

void
staff_identity_decide(struct req *r)
{
	unsigned long long rid;
	enum case_result res;

	if (parse_uint(route_param(&r->params, "rid"), 1, INT64_MAX, &rid) ==
	    -1) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0) {
		queue_page(r, 400, NULL, r->form.v[2].err != FORM_OK &&
		    r->form.v[1].err == FORM_OK ? "identity.error.reason" :
		    "identity.error.invalid");
		return;
	}
	res = case_identity_decide(APP(r), r->session, (int64_t)rid,
	    strcmp(form_get(&r->form, 1), "approve") == 0,
	    form_get(&r->form, 2));
	switch (res) {
	case CASE_OK:
		queue_page(r, 200, "identity.decided", NULL);
		return;
	case CASE_CONFLICT:
		queue_page(r, 409, NULL, "identity.error.decided");
		return;
	case CASE_INVALID:
		queue_page(r, 400, NULL, "identity.error.reason");
		return;
	case CASE_NOT_FOUND:
		r->resp.status = 404;
		return;
	case CASE_DENIED:
		queue_page(r, 403, NULL, "identity.error.no_key");
		return;
	default:
		r->resp.status = 500;
		return;
	}
}
