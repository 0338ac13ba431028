/*
 * api_report.c: the reporter's JSON API: POST /api/v1/reports, the
 * access-code session, reading the report, replying, adding files. The
 * same use cases as the pages, the same limits (the fields' whitelists).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_util.h"
#include "app.h"
#include "auth.h"
#include "case.h"
#include "config.h"
#include "http.h"
#include "json.h"
#include "report.h"
#include "reporter.h"
#include "staff.h"
#include "upload.h"
#include "util.h"
#include "web.h"

enum {
	FJ_CATEGORY, FJ_TITLE, FJ_WHAT, FJ_WHO, FJ_WHERE, FJ_WHEN, FJ_WHY,
	FJ_HOW, FJ_UNIT, FJ_PERIOD, FJ_ID_NAME, FJ_ID_NUMBER, FJ_ID_CONTACT
};
const struct form_field api_report_fields[] = {
	{ "category", FORM_TOKEN, 1, DB_CODE_MAX, 1, NULL },
	{ "title", FORM_LINE, 1, 200, 1, NULL },
	{ "what", FORM_TEXT, 1, 10000, 1, NULL },
	{ "who", FORM_TEXT, 0, 5000, 0, NULL },
	{ "where", FORM_TEXT, 0, 5000, 0, NULL },
	{ "when", FORM_TEXT, 0, 5000, 0, NULL },
	{ "why", FORM_TEXT, 0, 5000, 0, NULL },
	{ "how", FORM_TEXT, 0, 5000, 0, NULL },
	{ "unit", FORM_LINE, 0, 200, 0, NULL },
	{ "period", FORM_LINE, 0, 100, 0, NULL },
	{ "identity.name", FORM_LINE, 0, 200, 0, NULL },
	{ "identity.id_number", FORM_DIGITS, 0, 32, 0, NULL },
	{ "identity.contact", FORM_LINE, 0, 200, 0, NULL },
};
const size_t api_report_nfields = NELEM(api_report_fields);

const struct form_field api_reporter_login_fields[] = {
	{ "access_code", FORM_LINE, 1, 64, 1, NULL },
};
const size_t api_reporter_login_nfields = NELEM(api_reporter_login_fields);

const struct form_field api_reporter_files_fields[] = {
	{ "remove_metadata", FORM_BOOL, 0, 8, 0, NULL },
};
const size_t api_reporter_files_nfields = NELEM(api_reporter_files_fields);

const struct form_field api_reporter_message_fields[] = {
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t api_reporter_message_nfields = NELEM(api_reporter_message_fields);

static struct app *
APP(struct req *r)
{
	return r->app;
}

static void
result_error(struct req *r, enum report_result res)
{
	switch (res) {
	case REPORT_NO_REVIEWER:
		web_json_error(r, 503, "not_ready", "report.error.no_reviewer");
		break;
	case REPORT_LIMIT:
		web_json_error(r, 429, "throttled", "report.error.throttled");
		break;
	case REPORT_THROTTLED:
		web_json_error(r, 429, "throttled", "status.error.throttled");
		break;
	case REPORT_QUOTA:
		web_json_error(r, 409, "quota_exceeded", "report.error.quota");
		break;
	case REPORT_BUSY:
		web_json_error(r, 503, "busy", "report.error.busy");
		break;
	case REPORT_FAIL:
		web_json_error(r, 401, "code_not_recognised",
		    "status.error.code");
		break;
	case REPORT_INVALID:
		web_json_error(r, 400, "invalid_field", "report.error.summary");
		break;
	case REPORT_FILE:
		web_json_error(r, 400, "file_refused", "upload.error.type");
		break;
	default:
		web_json_error(r, 500, "internal", "report.error.internal");
		break;
	}
}

void
api_report_create(struct req *r)
{
	struct report_input in;
	struct report_receipt rc;
	struct auth_source src;
	enum report_result res;
	struct json_out *o;
	char created[32];
	size_t i;

	if (api_parse_body(r) == -1)
		return;
	memset(&in, 0, sizeof(in));
	in.category = form_get(&r->form, FJ_CATEGORY);
	for (i = 0; i < RF__MAX; i++)
		in.text[i] = form_get(&r->form, FJ_TITLE + i);
	for (i = 0; i < IF__MAX; i++)
		in.identity[i] = form_get(&r->form, FJ_ID_NAME + i);
	web_source(r, &src);
	res = report_submit(APP(r), &src, &in, NULL, 0, &rc);
	if (res == REPORT_LIMIT)
		(void)web_retry(r, rc.retry_after);
	if (res != REPORT_OK) {
		result_error(r, res);
		return;
	}
	api_iso(rc.created_at, created);
	o = json_out_new();
	json_out_str(o, "registration", rc.registration);
	json_out_str(o, "access_code", rc.code);
	json_out_str(o, "created", created);
	json_out_str(o, "category", rc.category);
	crypto_wipe(&rc, sizeof(rc));
	api_reply(r, 201, o);
}

void
api_reporter_login(struct req *r)
{
	struct auth_source src;
	char token[CRYPTO_TOKEN_TEXT];
	enum report_result res;
	struct json_out *o;
	unsigned retry = 0;

	if (api_parse_body(r) == -1)
		return;
	web_source(r, &src);
	res = report_login(APP(r), &src, form_get(&r->form, 0), token,
	    &retry);
	if (res == REPORT_THROTTLED)
		(void)web_retry(r, retry);
	if (res != REPORT_OK) {
		result_error(r, res);
		return;
	}
	o = json_out_new();
	json_out_str(o, "token", token);
	json_out_str(o, "token_type", "Bearer");
	json_out_int(o, "idle_timeout", APP(r)->cfg->reporter_idle);
	crypto_wipe(token, sizeof(token));
	api_reply(r, 201, o);
}

struct rep_ctx {
	struct json_out		*arr;
	const unsigned char	*key;
};

static int
event_cb(void *arg, const struct db_event *e)
{
	struct rep_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32];
	char *reason = case_event_reason(c->key, e->note, e->note_len);

	api_iso(e->created_at, at);
	json_out_str(it, "stage", e->stage);
	json_out_str(it, "at", at);
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
	struct rep_ctx *c = arg;
	struct json_out *it = json_out_push_obj(c->arr);
	char at[32];

	api_iso(m->created_at, at);
	json_out_str(it, "from", m->by_reporter ? "reporter" : "handler");
	json_out_str(it, "at", at);
	json_out_str(it, "body", body);
	return 0;
}

static int
file_cb(void *arg, const struct report_file_info *f)
{
	struct rep_ctx *c = arg;
	struct json_out *it;
	char at[32];

	if (!f->by_reporter)
		return 0;
	it = json_out_push_obj(c->arr);
	api_iso(f->created_at, at);
	json_out_str(it, "name", f->name);
	json_out_str(it, "type", f->mime);
	json_out_int(it, "size", (int64_t)f->size);
	json_out_bool(it, "metadata_removed", f->metadata_removed);
	json_out_str(it, "at", at);
	return 0;
}

void
api_reporter_report(struct req *r)
{
	struct report_session *s = r->rsession;
	struct report_view rv;
	struct json_out *o;
	struct rep_ctx c;
	char created[32];
	int64_t before, older = 0;

	if (web_query_id(r, "messages_before", &before) == -1) {
		web_json_error(r, 400, "invalid_query", "form.error.invalid");
		return;
	}
	if (report_view_load(APP(r), s->report_id, s->key, &rv) != REPORT_OK) {
		web_json_error(r, 500, "internal", "report.error.internal");
		return;
	}
	o = json_out_new();
	api_iso(rv.meta.created_at, created);
	json_out_str(o, "registration", rv.meta.registration);
	json_out_str(o, "category", rv.meta.category);
	json_out_str(o, "stage", rv.meta.stage);
	json_out_str(o, "created", created);
	c.key = s->key;
	c.arr = json_out_arr(o, "timeline");
	if (db_event_list(APP(r)->db, s->report_id, event_cb, &c) == -1)
		goto fail;
	c.arr = json_out_arr(o, "messages");
	if (report_messages(APP(r), s->report_id, s->key, before,
	    API_MESSAGES_PAGE, message_cb, &c, &older) != REPORT_OK)
		goto fail;
	if (older > 0)
		json_out_int(o, "older_messages_before", older);
	c.arr = json_out_arr(o, "files");
	if (report_files(APP(r), s->report_id, s->key, file_cb, &c) !=
	    REPORT_OK)
		goto fail;
	report_view_free(&rv);
	{
		struct case_text t;

		if (case_decision_get(APP(r), s->key, s->report_id, &t) == 1) {
			struct json_out *oc = json_out_obj(o, "outcome");

			json_out_str(oc, "decision", t.parts[0]);
			json_out_str(oc, "summary", t.parts[1]);
			case_text_free(&t);
		}
	}
	api_reply(r, 200, o);
	return;
fail:
	report_view_free(&rv);
	json_out_free(o);
	web_json_error(r, 500, "internal", "report.error.internal");
}

void
api_reporter_message(struct req *r)
{
	struct json_out *o;
	enum report_result res;
	unsigned retry = 0;

	if (api_parse_body(r) == -1)
		return;
	res = report_reply(APP(r), r->rsession, form_get(&r->form, 0), &retry);
	if (res == REPORT_THROTTLED) {
		(void)web_retry(r, retry);
		web_json_error(r, 429, "throttled", "report.error.too_fast");
		return;
	}
	if (res != REPORT_OK) {
		result_error(r, res);
		return;
	}
	o = json_out_new();
	json_out_bool(o, "sent", 1);
	api_reply(r, 201, o);
}

void
api_reporter_files(struct req *r)
{
	struct json_out *o;
	enum report_result res;
	size_t n = r->upload != NULL ? upload_count(r->upload) : 0;
	unsigned retry = 0;

	res = report_add_files(APP(r), r->rsession, r->upload,
	    form_bool(&r->form, 0), &retry);
	if (res == REPORT_THROTTLED) {
		(void)web_retry(r, retry);
		web_json_error(r, 429, "throttled", "report.error.too_fast");
		return;
	}
	if (res != REPORT_OK) {
		result_error(r, res == REPORT_INVALID ? REPORT_FILE : res);
		return;
	}
	o = json_out_new();
	json_out_int(o, "files", (int64_t)n);
	api_reply(r, 201, o);
}
