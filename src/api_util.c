/*
 * api_util.c: the shared pieces of the JSON API handlers.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_util.h"
#include "buf.h"
#include "form.h"
#include "http.h"
#include "json.h"
#include "web.h"

/* Stable reason codes for form errors, indexed by enum form_err. */
static const char *const err_codes[FORM_ERR__MAX] = {
	"ok", "required", "too_long", "too_short", "invalid_utf8",
	"invalid_characters", "invalid"
};

void
api_reply(struct req *r, int status, struct json_out *o)
{
	buf_reset(&r->resp.body);
	json_out_dump(o, &r->resp.body);
	json_out_free(o);
	r->resp.status = status;
	r->resp.content_type = "application/json";
}

void
api_iso(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct json_out *
api_error_obj(struct req *r, struct json_out **o, const char *code,
    const char *msgkey)
{
	struct json_out *e;

	*o = json_out_new();
	e = json_out_obj(*o, "error");
	json_out_str(e, "code", code);
	json_out_str(e, "message", web_t(r, msgkey));
	return e;
}

int
api_parse_body(struct req *r)
{
	char err[128];
	struct json_out *o, *e, *fl, *it;
	size_t i;

	if (json_to_form(&r->form, r->arena, r->body, r->body_len, err,
	    sizeof(err)) == -1) {
		web_json_error(r, 400, "invalid_request", "error.400.body");
		return -1;
	}
	if (form_validate(&r->form, r->arena) == 0)
		return 0;
	e = api_error_obj(r, &o, "invalid_field", "report.error.summary");
	fl = json_out_arr(e, "fields");
	for (i = 0; i < r->form.nfields; i++) {
		if (r->form.v[i].err == FORM_OK)
			continue;
		it = json_out_push_obj(fl);
		json_out_str(it, "field", r->form.fields[i].name);
		json_out_str(it, "reason", err_codes[r->form.v[i].err]);
		json_out_str(it, "message", web_t(r,
		    form_err_key(r->form.v[i].err)));
	}
	api_reply(r, 400, o);
	return -1;
}
