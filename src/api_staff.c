/*
 * api_staff.c: the staff session API: POST /api/v1/staff/session with
 * {"username","password","totp"} returns a bearer token under the same
 * rules as the login page; DELETE ends it; GET /api/v1/staff/me tells
 * who the token belongs to.
 */
#include <stdio.h>
#include <string.h>

#include "api_util.h"
#include "app.h"
#include "auth.h"
#include "config.h"
#include "http.h"
#include "json.h"
#include "staff.h"
#include "util.h"
#include "web.h"

enum { FA_USERNAME, FA_PASSWORD, FA_TOTP };

void
api_staff_login(struct req *r)
{
	struct app *a = r->app;
	struct auth_source src;
	char token[CRYPTO_TOKEN_TEXT], err[128], ra[16];
	unsigned retry = 0;
	enum auth_result res;
	struct json_out *o;

	if (json_to_form(&r->form, r->arena, r->body, r->body_len, err,
	    sizeof(err)) == -1 || form_validate(&r->form, r->arena) > 0) {
		web_json_error(r, 400, "invalid_request", "error.400.body");
		return;
	}
	web_source(r, &src);
	res = auth_login(a->auth, &src, form_get(&r->form, FA_USERNAME),
	    form_get(&r->form, FA_PASSWORD), form_get(&r->form, FA_TOTP),
	    token, &retry);
	switch (res) {
	case AUTH_OK:
		o = json_out_new();
		json_out_str(o, "token", token);
		json_out_str(o, "token_type", "Bearer");
		json_out_int(o, "idle_timeout", a->cfg->session_idle);
		json_out_int(o, "expires_in", a->cfg->session_max);
		crypto_wipe(token, sizeof(token));
		api_reply(r, 201, o);
		return;
	case AUTH_THROTTLED:
		snprintf(ra, sizeof(ra), "%u", retry);
		resp_header(r, "Retry-After", ra);
		web_json_error(r, 429, "throttled", "staff.login.throttled");
		return;
	case AUTH_BUSY:
		web_json_error(r, 503, "busy", "staff.busy");
		return;
	case AUTH_ERROR:
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	default:
		web_json_error(r, 401, "login_failed", "staff.login.failed");
		return;
	}
}

void
api_staff_logout(struct req *r)
{
	struct app *a = r->app;

	if (auth_logout(a->auth, r->session) != AUTH_OK) {
		web_json_error(r, 500, "internal", "staff.error.internal");
		return;
	}
	r->resp.status = 204;
}

void
api_staff_me(struct req *r)
{
	const struct auth_session *s = r->session;
	struct json_out *o = json_out_new(), *rl;

	json_out_str(o, "username", s->user.username);
	json_out_str(o, "display_name", s->user.display_name);
	rl = json_out_arr(o, "roles");
	if (s->user.roles & ROLE_ADMIN)
		json_out_push_str(rl, "admin");
	if (s->user.roles & ROLE_REVIEWER)
		json_out_push_str(rl, "reviewer");
	if (s->user.roles & ROLE_INVESTIGATOR)
		json_out_push_str(rl, "investigator");
	if (s->user.roles & ROLE_CUSTODIAN)
		json_out_push_str(rl, "custodian");
	if (s->user.roles & ROLE_AUDITOR)
		json_out_push_str(rl, "auditor");
	api_reply(r, 200, o);
}
