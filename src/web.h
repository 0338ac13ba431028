/*
 * web.h: the web layer shared by all pages: choosing the visitor's
 * language, the variables every page has, rendering a template into the
 * response, error pages, and the hooks that the HTTP core calls.
 */
#ifndef WBS_WEB_H
#define WBS_WEB_H

#include <stdint.h>

#include "http.h"

struct auth_source;
struct tmpl_vars;

#define WEB_LANG_COOKIE		"wbs_lang"
#define WEB_LANG_MAX_AGE	(365L * 24 * 3600)

/* The hooks for http_start, bound to the application. */
void		 web_hooks(struct http_hooks *, void *app);

/*
 * The client as the throttles know it (see http_client_addr): never
 * logged, never stored.
 */
void		 web_source(struct req *, struct auth_source *);

/*
 * The query parameter name as a positive id: 0 and *out set (0 when
 * absent), or -1 when it is not a number from 1 to 2^63 - 1.
 */
int		 web_query_id(struct req *, const char *name, int64_t *out);

/*
 * A message thread's paging on a page: older_messages (the before id of
 * the page before, when there is one) and messages_paged (not the
 * newest page).
 */
void		 web_paging_vars(struct req *, struct tmpl_vars *,
		    int64_t before, int64_t older);

/*
 * Sets Retry-After: secs and returns the same in words ("Silakan coba
 * lagi dalam 12 detik."); "" when secs is 0.
 */
const char	*web_retry(struct req *, unsigned secs);

/* The translation of key in the request's language (key itself if none). */
const char	*web_t(struct req *, const char *key);

/*
 * A new scope with the variables every page has (site and institution
 * names, language, switch link, page title from title_key, and the
 * boolean active set to true when not NULL).
 */
struct tmpl_vars *web_vars(struct req *, const char *title_key,
		    const char *active);

/* Renders template tmpl with vars as an HTML page with status. */
void		 web_render(struct req *, int status, const char *tmpl,
		    struct tmpl_vars *);

/* Renders the error page for status (hook for the HTTP core). */
void		 web_error(struct req *, int status);
/* Route handler for GET /static/<name>: 200, 304 or 404. */
void		 web_static(struct req *);

/* --- staff sessions (web_auth.c) --- */

#define WEB_STAFF_COOKIE_TLS	"__Host-wbs"	/* over TLS */
#define WEB_STAFF_COOKIE_PLAIN	"wbs_staff"	/* plain-HTTP development */

/* The authorize and release hooks: sessions, roles and CSRF. */
int		 web_authorize(struct req *);
/*
 * The preauthorize hook: the session and its roles, before an upload's
 * body is read (the CSRF token, in the body, is checked after).
 */
int		 web_preauthorize(struct req *);
void		 web_release(struct req *);
#define WEB_REPORTER_COOKIE_TLS		"__Host-wbsr"	/* over TLS */
#define WEB_REPORTER_COOKIE_PLAIN	"wbs_report"	/* plain HTTP */

/* The name of the reporter session cookie for this request. */
const char	*web_reporter_cookie(struct req *);
/* The name of the staff session cookie for this request. */
const char	*web_staff_cookie(struct req *);
/* 1 when the request authenticated with a bearer token (the API). */
int		 web_is_bearer(struct req *);
/*
 * Adds the staff variables (staff, staff_name, csrf, role_*) to v when
 * the request has a session.
 */
void		 web_staff_vars(struct req *, struct tmpl_vars *);
/* An API error: {"error":{"code":code,"message":translated key}}. */
void		 web_json_error(struct req *, int status, const char *code,
		    const char *msgkey);

#endif
