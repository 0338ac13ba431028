/*
 * api_identity.c: custody through the staff JSON API: who waits for a
 * report's key and granting it; a handler's identity request, the
 * identity after approval, and the custodian's queue and decision (the
 * same use cases as the pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_case.h"
#include "api_util.h"
#include "app.h"
#include "auth.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "json.h"
#include "report.h"
#include "route.h"
#include "util.h"
#include "web.h"

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

/* --- report keys: who waits, and granting -------------------------- */

const struct form_field api_case_grant_fields[] = {
	{ "user", FORM_DIGITS, 1, 19, 1, NULL },
};
const size_t api_case_grant_nfields = NELEM(api_case_grant_fields);

static int
waiting_cb(void *arg, int64_t user_id, const unsigned char *pk)
{
	struct json_out *arr = arg;
	struct json_out *it = json_out_push_obj(arr);

	(void)pk;
	json_out_int(it, "user", user_id);
	return 0;
}

int
api_case_waiting(struct req *r, struct json_out *o, int64_t id)
{
	return case_pending_grants(APP(r), id, waiting_cb,
	    json_out_arr(o, "waiting_for_key"));
}

void
api_case_grant(struct req *r)
{
	unsigned long long user;
	enum case_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	if (parse_uint(form_get(&r->form, 0), 1, INT64_MAX, &user) == -1) {
		web_json_error(r, 400, "invalid_field", "form.error.invalid");
		return;
	}
	res = case_grant(APP(r), SESSION(r), id, (int64_t)user);
	if (res == CASE_CONFLICT) {
		web_json_error(r, 409, "not_waiting", "workflow.error.conflict");
		return;
	}
	if (res != CASE_OK) {
		api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	o = json_out_new();
	json_out_int(o, "user", (int64_t)user);
	json_out_bool(o, "granted", 1);
	api_reply(r, 201, o);
}

const struct form_field api_case_route_fields[] = {
	{ "unit", FORM_LINE, 1, DB_NAME_MAX, 1, NULL },
	{ "reason", FORM_TEXT, 1, CASE_ROUTE_REASON_MAX, 1, NULL },
};
const size_t api_case_route_nfields = NELEM(api_case_route_fields);

void
api_case_route(struct req *r)
{
	enum wf_error werr = WF_OK;
	enum case_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	res = case_route(APP(r), SESSION(r), id, form_get(&r->form, 0),
	    form_get(&r->form, 1), &werr);
	if (res == CASE_CONFLICT) {
		web_json_error(r, 409, "same_unit", "workflow.error.conflict");
		return;
	}
	if (res != CASE_OK) {
		api_case_error(r, res, werr, "form.error.invalid");
		return;
	}
	o = json_out_new();
	json_out_str(o, "unit", form_get(&r->form, 0));
	api_reply(r, 200, o);
}

/* --- identity custody ------------------------------------------------ */

struct mine_ctx {
	int64_t	user_id;
	int64_t	rid;
};

static int
mine_cb(void *arg, const struct db_idreq *q)
{
	struct mine_ctx *c = arg;

	if (q->requester == c->user_id && q->status == DB_IDREQ_PENDING &&
	    q->id > c->rid)
		c->rid = q->id;
	return 0;
}

void
api_case_idreq(struct req *r)
{
	const struct auth_session *s = SESSION(r);
	struct mine_ctx mc = { s->user.id, 0 };
	enum case_result res;
	struct json_out *o;
	int64_t id;

	if ((id = api_case_find(r)) < 0 || api_parse_body(r) == -1)
		return;
	res = case_identity_request(APP(r), s, id, form_get(&r->form, 0));
	switch (res) {
	case CASE_OK:
		break;
	case CASE_INVALID:
		/* The justification passed its field: no identity to ask for. */
		web_json_error(r, 409, "no_identity", "error.404.title");
		return;
	case CASE_CONFLICT:
		web_json_error(r, 409, "pending", "identity.requested");
		return;
	default:
		api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	if (db_idreq_list_for_report(APP(r)->db, id, mine_cb, &mc) == -1 ||
	    mc.rid == 0) {
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
	o = json_out_new();
	json_out_int(o, "id", mc.rid);
	json_out_str(o, "status", "pending");
	api_reply(r, 201, o);
}

void
api_case_identity(struct req *r)
{
	static const char *const names[IF__MAX] = {
		"name", "id_number", "contact"
	};
	enum case_result res;
	struct json_out *o;
	char *out[IF__MAX];
	int64_t id;
	size_t i;

	if ((id = api_case_find(r)) < 0)
		return;
	res = case_identity_view(APP(r), SESSION(r), id, out);
	if (res != CASE_OK) {
		/* Without an approved request there is nothing to decrypt. */
		if (res == CASE_DENIED)
			case_denied(APP(r), SESSION(r), id, "identity");
		api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	o = json_out_new();
	for (i = 0; i < IF__MAX; i++) {
		json_out_str(o, names[i], out[i] != NULL ? out[i] : "");
		if (out[i] != NULL) {
			crypto_wipe(out[i], strlen(out[i]));
			free(out[i]);
		}
	}
	api_reply(r, 200, o);
}

struct pending_ctx {
	struct req	*r;
	struct json_out	*arr;
};

static int
pending_cb(void *arg, const struct db_idreq *q, const char *justification)
{
	struct pending_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	struct db_report rep;
	char at[32];

	json_out_int(it, "id", q->id);
	json_out_int(it, "report_id", q->report_id);
	if (db_report_by_id(APP(c->r)->db, q->report_id, &rep) == 1)
		json_out_str(it, "registration", rep.registration);
	db_report_clear(&rep);
	json_out_int(it, "requester_id", q->requester);
	api_iso(q->created_at, at);
	json_out_str(it, "created", at);
	json_out_str(it, "justification", justification);
	return 0;
}

void
api_idreq_pending(struct req *r)
{
	struct pending_ctx c;
	struct json_out *o = json_out_new();
	enum case_result res;

	c.r = r;
	c.arr = json_out_arr(o, "requests");
	res = case_identity_pending(APP(r), SESSION(r), pending_cb, &c);
	if (res != CASE_OK) {
		json_out_free(o);
		api_case_error(r, res, WF_OK, "form.error.invalid");
		return;
	}
	api_reply(r, 200, o);
}

void
api_idreq_decide(struct req *r)
{
	unsigned long long rid;
	enum case_result res;
	struct json_out *o;
	int approve;

	if (parse_uint(route_param(&r->params, "rid"), 1, INT64_MAX, &rid) ==
	    -1) {
		web_json_error(r, 404, "not_found", "error.404.title");
		return;
	}
	if (api_parse_body(r) == -1)
		return;
	approve = strcmp(form_get(&r->form, 0), "approve") == 0;
	res = case_identity_decide(APP(r), SESSION(r), (int64_t)rid, approve,
	    form_get(&r->form, 1));
	switch (res) {
	case CASE_OK:
		o = json_out_new();
		json_out_int(o, "id", (int64_t)rid);
		json_out_str(o, "status", approve ? "approved" : "denied");
		api_reply(r, 200, o);
		return;
	case CASE_CONFLICT:
		web_json_error(r, 409, "decided", "identity.error.decided");
		return;
	case CASE_DENIED:
		/* This custodian holds no identity key for the report. */
		web_json_error(r, 403, "no_key", "identity.error.no_key");
		return;
	default:
		api_case_error(r, res, WF_OK, "identity.error.invalid");
		return;
	}
}
