/*
 * pages.c: the route table of the server (one screen to audit) and the
 * handlers of the public information pages.
 */
#include <string.h>

#include "http.h"
#include "pages.h"
#include "staff.h"
#include "static.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

static void
page_home(struct req *r)
{
	web_render(r, 200, "home", web_vars(r, "title.home", "is_home"));
}

static void
page_alur(struct req *r)
{
	web_render(r, 200, "alur", web_vars(r, "title.alur", "is_alur"));
}

static void
page_kerahasiaan(struct req *r)
{
	web_render(r, 200, "kerahasiaan",
	    web_vars(r, "title.kerahasiaan", "is_kerahasiaan"));
}

static void
page_dasar_hukum(struct req *r)
{
	web_render(r, 200, "dasar_hukum",
	    web_vars(r, "title.dasar_hukum", "is_dasar_hukum"));
}

/* The report form and the status check until the reporter journey lands. */
static void
page_soon(struct req *r)
{
	web_render(r, 200, "soon", web_vars(r, "title.soon", NULL));
}

static void
page_health(struct req *r)
{
	resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
}

/*
 * method, pattern, handler, roles, csrf, form fields, number of fields,
 * body limit (0: [server] max_form_bytes), flags
 */
const struct route pages_routes[] = {
	/* public information */
	{ HTTP_GET, "/", page_home, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/alur", page_alur, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/kerahasiaan", page_kerahasiaan, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/dasar-hukum", page_dasar_hukum, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_GET, "/lapor", page_soon, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/status", page_soon, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/static/*", static_serve, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/healthz", page_health, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },

	/* staff: login, enrolment, recovery (no session yet) */
	{ HTTP_GET, "/staff/login", staff_login_form, ROLE_PUBLIC, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/login", staff_login, ROLE_PUBLIC, 0,
	    staff_login_fields, 3, 0, ROUTE_FORM_SELF },
	{ HTTP_GET, "/staff/enrol/:token", staff_enrol_form, ROLE_PUBLIC, 0,
	    NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/enrol/:token", staff_enrol, ROLE_PUBLIC, 0,
	    staff_enrol_fields, 2, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/enrol/:token/confirm", staff_enrol_confirm,
	    ROLE_PUBLIC, 0, staff_confirm_fields, 3, 0, ROUTE_FORM_SELF },
	{ HTTP_GET, "/staff/recover", staff_recover_form, ROLE_PUBLIC, 0,
	    NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/recover", staff_recover, ROLE_PUBLIC, 0,
	    staff_recover_fields, 4, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/recover/confirm", staff_recover_confirm,
	    ROLE_PUBLIC, 0, staff_recover_confirm_fields, 3, 0,
	    ROUTE_FORM_SELF },

	/* staff: every role */
	{ HTTP_GET, "/staff", staff_dashboard, ROLE_STAFF, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/staff/logout", staff_logout, ROLE_STAFF, 1,
	    staff_csrf_fields, 1, 0, 0 },
	{ HTTP_GET, "/staff/account", staff_account, ROLE_STAFF, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/account/password", staff_password, ROLE_STAFF, 1,
	    staff_password_fields, 5, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/account/totp", staff_totp, ROLE_STAFF, 1,
	    staff_reauth_fields, 3, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/account/totp/confirm", staff_totp_confirm,
	    ROLE_STAFF, 1, staff_confirm_fields, 3, 0, ROUTE_FORM_SELF },

	/* staff: administration */
	{ HTTP_GET, "/staff/admin/users", staff_users, ROLE_ADMIN, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/admin/users", staff_user_create, ROLE_ADMIN, 1,
	    staff_user_fields, 9, 0, ROUTE_FORM_SELF },
	{ HTTP_POST, "/staff/admin/users/:id/disable", staff_user_disable,
	    ROLE_ADMIN, 1, staff_csrf_fields, 1, 0, 0 },
	{ HTTP_POST, "/staff/admin/users/:id/reset", staff_user_reset,
	    ROLE_ADMIN, 1, staff_csrf_fields, 1, 0, 0 },
	{ HTTP_GET, "/staff/admin/units", staff_units, ROLE_ADMIN, 0, NULL, 0,
	    0, 0 },
	{ HTTP_POST, "/staff/admin/units", staff_unit_create, ROLE_ADMIN, 1,
	    staff_unit_fields, 3, 0, ROUTE_FORM_SELF },

	/* staff JSON API */
	{ HTTP_POST, "/api/v1/staff/session", api_staff_login, ROLE_PUBLIC, 0,
	    staff_login_fields, 3, 8192, ROUTE_JSON },
	{ HTTP_DELETE, "/api/v1/staff/session", api_staff_logout, ROLE_STAFF,
	    0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/staff/me", api_staff_me, ROLE_STAFF, 0, NULL, 0,
	    0, 0 },
};
const size_t pages_nroutes = NELEM(pages_routes);
