/*
 * web_auth.c: staff sessions at the web edge: finding the session of a
 * request (cookie, or bearer token for the API), checking the route's
 * roles and CSRF token, and the variables staff pages share.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "json.h"
#include "log.h"
#include "report.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

const char *
web_staff_cookie(struct req *r)
{
	return http_is_tls(r) ? WEB_STAFF_COOKIE_TLS : WEB_STAFF_COOKIE_PLAIN;
}

const char *
web_reporter_cookie(struct req *r)
{
	return http_is_tls(r) ? WEB_REPORTER_COOKIE_TLS :
	    WEB_REPORTER_COOKIE_PLAIN;
}

/* The bearer token of an Authorization header, or NULL. */
static const char *
bearer(struct req *r)
{
	const char *h = http_header(r, "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	return h + 7;
}

int
web_is_bearer(struct req *r)
{
	return bearer(r) != NULL;
}

void
web_json_error(struct req *r, int status, const char *code,
    const char *msgkey)
{
	struct json_out *o = json_out_new(), *e;

	e = json_out_obj(o, "error");
	json_out_str(e, "code", code);
	json_out_str(e, "message", web_t(r, msgkey));
	buf_reset(&r->resp.body);
	json_out_dump(o, &r->resp.body);
	json_out_free(o);
	r->resp.status = status;
	r->resp.content_type = "application/json";
	r->resp.data = NULL;
}

/* Loads the request's session, if it has a valid one. */
static void
load_session(struct req *r)
{
	struct app *a = r->app;
	struct auth_session *s;
	const char *tok = bearer(r);

	if (r->session != NULL)
		return;		/* loaded before the body */
	/* The API takes bearer tokens only: a cookie would invite CSRF. */
	if (tok == NULL && strncmp(r->path, "/api/", 5) != 0)
		tok = http_cookie(r, web_staff_cookie(r));
	if (tok == NULL)
		return;
	s = xcalloc(1, sizeof(*s));
	if (auth_session_load(a->auth, tok, auth_now(a->auth), s) == 1)
		r->session = s;
	else {
		auth_session_wipe(s);
		free(s);
	}
}

static int
deny(struct req *r, int status)
{
	r->resp.status = status;
	return 0;
}

/* Loads the reporter session of a request (cookie, or bearer on /api/). */
static void
load_rsession(struct req *r)
{
	struct app *a = r->app;
	struct report_session *s;
	const char *tok = bearer(r);

	if (r->rsession != NULL)
		return;		/* loaded before the body */
	if (tok == NULL && strncmp(r->path, "/api/", 5) != 0)
		tok = http_cookie(r, web_reporter_cookie(r));
	if (tok == NULL)
		return;
	s = xcalloc(1, sizeof(*s));
	if (report_session_load(a, tok, auth_now(a->auth), s) == 1)
		r->rsession = s;
	else {
		report_session_wipe(s);
		free(s);
	}
}

/* Reporter routes: a reporter session, and its CSRF token on forms. */
static int
authorize_reporter(struct req *r)
{
	struct report_session *s;
	int i;

	load_rsession(r);
	if ((s = r->rsession) == NULL) {
		if (r->method == HTTP_GET && strncmp(r->path, "/api/", 5) != 0) {
			resp_redirect(r, 303, "/status");
			return 0;
		}
		return deny(r, 401);
	}
	if (r->route->csrf && !web_is_bearer(r)) {
		i = form_index(&r->form, "csrf");
		if (i < 0 || !str_eq_const(form_get(&r->form, (size_t)i),
		    s->csrf))
			return deny(r, 403);
	}
	return 1;
}

/*
 * 1 when a browser says the form was posted from another site: login
 * forms have no session token yet, so a page elsewhere could otherwise
 * log a visitor into the attacker's account (login CSRF). Sec-Fetch-Site
 * is trusted when present; else an Origin whose host is not ours.
 * Without either header (an old browser, a script) the post goes on.
 */
static int
cross_site(struct req *r)
{
	const char *sfs = http_header(r, "Sec-Fetch-Site");
	const char *origin = http_header(r, "Origin");
	const char *host = http_header(r, "Host"), *p;

	if (sfs != NULL)
		return strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none")
		    != 0;
	if (origin == NULL || strcmp(origin, "null") == 0)
		return 0;
	if ((p = strstr(origin, "://")) == NULL || host == NULL)
		return 1;
	return strcasecmp(p + 3, host) != 0;
}

int
web_authorize(struct req *r)
{
	const struct route *rt = r->route;
	struct auth_session *s;
	int i;

	if (rt->roles == ROLE_REPORTER)
		return authorize_reporter(r);
	if (rt->roles == ROLE_PUBLIC && !rt->csrf && r->method == HTTP_POST &&
	    strncmp(r->path, "/api/", 5) != 0 && cross_site(r))
		return deny(r, 403);
	load_session(r);
	s = r->session;
	if (rt->roles != ROLE_PUBLIC) {
		if (s == NULL) {
			/* A person at a browser is sent to the login page. */
			if (r->method == HTTP_GET &&
			    strncmp(r->path, "/api/", 5) != 0) {
				resp_redirect(r, 303, "/staff/login");
				return 0;
			}
			return deny(r, 401);
		}
		if ((s->user.roles & rt->roles) == 0)
			return deny(r, 403);
	}
	if (rt->csrf && !web_is_bearer(r)) {
		i = form_index(&r->form, "csrf");
		if (s == NULL || i < 0 ||
		    !str_eq_const(form_get(&r->form, (size_t)i), s->csrf))
			return deny(r, 403);
	}
	return 1;
}

int
web_preauthorize(struct req *r)
{
	const struct route *rt = r->route;

	if (rt->roles == ROLE_PUBLIC)
		return 1;
	if (rt->roles == ROLE_REPORTER) {
		load_rsession(r);
		return r->rsession != NULL ? 1 : deny(r, 401);
	}
	load_session(r);
	if (r->session == NULL)
		return deny(r, 401);
	if ((((struct auth_session *)r->session)->user.roles & rt->roles) == 0)
		return deny(r, 403);
	return 1;
}

void
web_release(struct req *r)
{
	if (r->rsession != NULL) {
		report_session_wipe(r->rsession);
		free(r->rsession);
		r->rsession = NULL;
	}
	if (r->session != NULL) {
		auth_session_wipe(r->session);
		free(r->session);
		r->session = NULL;
	}
}

void
web_staff_vars(struct req *r, struct tmpl_vars *v)
{
	const struct auth_session *s = r->session;

	if (s == NULL)
		return;
	tmpl_set_bool(v, "staff", 1);
	tmpl_set(v, "staff_name", s->user.display_name);
	tmpl_set(v, "staff_username", s->user.username);
	tmpl_set(v, "csrf", s->csrf);
	tmpl_set_bool(v, "role_admin", (s->user.roles & ROLE_ADMIN) != 0);
	tmpl_set_bool(v, "role_reviewer", (s->user.roles & ROLE_REVIEWER) != 0);
	tmpl_set_bool(v, "role_investigator",
	    (s->user.roles & ROLE_INVESTIGATOR) != 0);
	tmpl_set_bool(v, "role_custodian",
	    (s->user.roles & ROLE_CUSTODIAN) != 0);
	tmpl_set_bool(v, "role_auditor", (s->user.roles & ROLE_AUDITOR) != 0);
}
