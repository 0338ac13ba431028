/*
 * staff.c: the back office's own pages: login and logout, the
 * dashboard, "my account" (password and authenticator changes),
 * enrolment from a one-time link, and recovery with the recovery key.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "http.h"
#include "qr.h"
#include "staff.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

/* Field lists: each enum indexes its table. */
enum { FL_USERNAME, FL_PASSWORD, FL_TOTP };
const struct form_field staff_login_fields[] = {
	{ "username", FORM_LINE, 1, 64, 1, NULL },
	{ "password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "totp", FORM_DIGITS, 0, 8, 0, NULL },
};
const size_t staff_login_nfields = NELEM(staff_login_fields);

const struct form_field staff_csrf_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
};
const size_t staff_csrf_nfields = NELEM(staff_csrf_fields);

enum { FP_CSRF, FP_OLD, FP_NEW, FP_NEW2, FP_TOTP };
const struct form_field staff_password_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "old_password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "new_password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "new_password2", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "totp", FORM_DIGITS, 0, 8, 0, NULL },
};
const size_t staff_password_nfields = NELEM(staff_password_fields);

enum { FR_CSRF, FR_PASSWORD, FR_TOTP };
const struct form_field staff_reauth_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "totp", FORM_DIGITS, 0, 8, 0, NULL },
};
const size_t staff_reauth_nfields = NELEM(staff_reauth_fields);

/* The second step of enrolment and TOTP renewal. */
enum { FC_CSRF, FC_PENDING, FC_TOTP };
const struct form_field staff_confirm_fields[] = {
	{ "csrf", FORM_TOKEN, 0, 64, 0, NULL },
	{ "pending", FORM_TOKEN, 1, AUTH_PENDING_TEXT - 1, 1, NULL },
	{ "totp", FORM_DIGITS, 0, 8, 0, NULL },
};
const size_t staff_confirm_nfields = NELEM(staff_confirm_fields);

enum { FE_PASSWORD, FE_PASSWORD2 };
const struct form_field staff_enrol_fields[] = {
	{ "password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "password2", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
};
const size_t staff_enrol_nfields = NELEM(staff_enrol_fields);

enum { FV_USERNAME, FV_RECOVERY, FV_NEW, FV_NEW2 };
const struct form_field staff_recover_fields[] = {
	{ "username", FORM_LINE, 1, 64, 1, NULL },
	{ "recovery", FORM_LINE, 1, 128, 1, NULL },
	{ "new_password", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
	{ "new_password2", FORM_SECRET, 1, AUTH_PASSWORD_MAX, 1, NULL },
};
const size_t staff_recover_nfields = NELEM(staff_recover_fields);

enum { FW_USERNAME, FW_PENDING, FW_TOTP };
const struct form_field staff_recover_confirm_fields[] = {
	{ "username", FORM_LINE, 1, 64, 1, NULL },
	{ "pending", FORM_TOKEN, 1, AUTH_PENDING_TEXT - 1, 1, NULL },
	{ "totp", FORM_DIGITS, 0, 8, 0, NULL },
};
const size_t staff_recover_confirm_nfields =
    NELEM(staff_recover_confirm_fields);

static struct auth *
A(struct req *r)
{
	return ((struct app *)r->app)->auth;
}

struct tmpl_vars *
staff_vars(struct req *r, const char *title_key, const char *active)
{
	struct tmpl_vars *v = web_vars(r, title_key, active);

	web_staff_vars(r, v);
	return v;
}

/* The status and message for an auth result other than AUTH_OK. */
static int
result_status(enum auth_result res, const char **key)
{
	switch (res) {
	case AUTH_THROTTLED:
		*key = "staff.login.throttled";
		return 429;
	case AUTH_BUSY:
		*key = "staff.busy";
		return 503;
	case AUTH_INVALID:
		*key = "staff.password.weak";
		return 400;
	case AUTH_ERROR:
		*key = "staff.error.internal";
		return 500;
	default:
		*key = "staff.login.failed";
		return 403;
	}
}

/* The login form; with retry > 0, says when to try again (and sets Retry-After). */
static void
login_page(struct req *r, int status, const char *error_key,
    const char *username, unsigned retry)
{
	const struct app *a = r->app;
	struct tmpl_vars *v = staff_vars(r, "title.staff_login", NULL);

	tmpl_set_bool(v, "totp_required", a->cfg->totp_required);
	if (username != NULL)
		tmpl_set(v, "username", username);
	if (error_key != NULL)
		tmpl_set(v, "error", retry == 0 ? web_t(r, error_key) :
		    arena_printf(r->arena, "%s %s", web_t(r, error_key),
		    web_retry(r, retry)));
	web_render(r, status, "staff_login", v);
}

void
staff_login_busy(struct req *r)
{
	login_page(r, 503, "staff.busy", form_raw(&r->form, FL_USERNAME), 0);
}

void
staff_login_form(struct req *r)
{
	if (r->session != NULL) {
		resp_redirect(r, 303, "/staff");
		return;
	}
	login_page(r, 200, NULL, NULL, 0);
}

static void
set_session_cookie(struct req *r, const char *token)
{
	resp_cookie(r, web_staff_cookie(r), token, -1, 0);
}

void
staff_login(struct req *r)
{
	struct auth_source src;
	char token[CRYPTO_TOKEN_TEXT];
	unsigned retry = 0;
	enum auth_result res;
	const char *key = NULL;
	int status;

	if (r->form.nerrors > 0) {
		login_page(r, 400, "staff.login.failed",
		    form_raw(&r->form, FL_USERNAME), 0);
		return;
	}
	web_source(r, &src);
	res = auth_login(A(r), &src, form_get(&r->form, FL_USERNAME),
	    form_get(&r->form, FL_PASSWORD), form_get(&r->form, FL_TOTP),
	    token, &retry);
	if (res == AUTH_OK) {
		set_session_cookie(r, token);
		crypto_wipe(token, sizeof(token));
		resp_redirect(r, 303, "/staff");
		return;
	}
	status = result_status(res, &key);
	if (res == AUTH_INVALID) {
		status = 403;
		key = "staff.login.failed";
	}
	login_page(r, status, key, form_get(&r->form, FL_USERNAME), retry);
}

void
staff_logout(struct req *r)
{
	if (r->session != NULL)
		(void)auth_logout(A(r), r->session);
	resp_cookie(r, web_staff_cookie(r), "", 0, 0);
	resp_redirect(r, 303, "/staff/login");
}

void
staff_dashboard(struct req *r)
{
	struct tmpl_vars *v = staff_vars(r, "title.staff_dashboard",
	    "is_staff_dashboard");

	staff_case_list(r, v);
	web_render(r, 200, "staff_dashboard", v);
}

static const struct {
	unsigned	 role;
	const char	*key;
} role_names[] = {
	{ ROLE_ADMIN, "role.admin" },
	{ ROLE_REVIEWER, "role.reviewer" },
	{ ROLE_INVESTIGATOR, "role.investigator" },
	{ ROLE_CUSTODIAN, "role.custodian" },
	{ ROLE_AUDITOR, "role.auditor" },
};

static void
account_page(struct req *r, int status, const char *error_key,
    const char *notice_key)
{
	const struct auth_session *s = r->session;
	const struct app *a = r->app;
	struct tmpl_vars *v = staff_vars(r, "title.staff_account",
	    "is_staff_account"), *it;
	size_t i;

	for (i = 0; i < NELEM(role_names); i++)
		if (s->user.roles & role_names[i].role) {
			it = tmpl_add_item(v, "roles");
			tmpl_set(it, "name", web_t(r, role_names[i].key));
		}
	tmpl_set(v, "key_generation", arena_printf(r->arena, "%lld",
	    (long long)s->user.key_generation));
	tmpl_set(v, "password_min", arena_printf(r->arena, "%u",
	    a->cfg->password_min));
	if (error_key != NULL)
		tmpl_set(v, "error", web_t(r, error_key));
	if (notice_key != NULL)
		tmpl_set(v, "notice", web_t(r, notice_key));
	web_render(r, status, "staff_account", v);
}

void
staff_account(struct req *r)
{
	account_page(r, 200, NULL, NULL);
}

void
staff_password(struct req *r)
{
	enum auth_result res;
	const char *key = NULL;

	if (r->form.nerrors > 0) {
		account_page(r, 400, "staff.login.failed", NULL);
		return;
	}
	if (strcmp(form_get(&r->form, FP_NEW),
	    form_get(&r->form, FP_NEW2)) != 0) {
		account_page(r, 400, "staff.password.mismatch", NULL);
		return;
	}
	res = auth_password_change(A(r), r->session,
	    form_get(&r->form, FP_OLD), form_get(&r->form, FP_NEW),
	    form_get(&r->form, FP_TOTP));
	if (res == AUTH_OK) {
		account_page(r, 200, NULL, "staff.password.changed");
		return;
	}
	account_page(r, result_status(res, &key), key, NULL);
}

/* The page showing a new authenticator's QR code (and recovery key). */
static void
totp_page(struct req *r, int status, const struct auth_enrol_view *ev,
    const char *action, const char *recover_username, const char *error_key)
{
	struct tmpl_vars *v = staff_vars(r, "title.staff_totp", NULL);
	struct buf qr, grouped;
	size_t i;

	buf_init(&qr);
	if (ev->totp_uri[0] != '\0' && qr_svg(ev->totp_uri, &qr) == 0)
		tmpl_set(v, "qr_svg", qr.data);
	buf_free(&qr);
	/* The secret in groups of four, easier to type. */
	buf_init(&grouped);
	for (i = 0; ev->totp_base32[i] != '\0'; i++) {
		if (i > 0 && i % 4 == 0)
			buf_putc(&grouped, ' ');
		buf_putc(&grouped, ev->totp_base32[i]);
	}
	tmpl_set(v, "totp_base32", grouped.data != NULL ? grouped.data : "");
	crypto_wipe(grouped.data, grouped.len);
	buf_free(&grouped);
	tmpl_set(v, "totp_uri", ev->totp_uri);
	tmpl_set(v, "username", ev->username);
	tmpl_set(v, "recovery", ev->recovery);
	tmpl_set(v, "pending", ev->pending);
	tmpl_set(v, "form_action", action);
	if (recover_username != NULL)
		tmpl_set(v, "recover_username", recover_username);
	if (error_key != NULL)
		tmpl_set(v, "error", web_t(r, error_key));
	web_render(r, status, "staff_totp", v);
}

static void
done_page(struct req *r, const char *title_key, const char *body_key)
{
	struct tmpl_vars *v = staff_vars(r, "title.staff_done", NULL);

	tmpl_set(v, "done_title", web_t(r, title_key));
	tmpl_set(v, "done_body", web_t(r, body_key));
	web_render(r, 200, "staff_done", v);
}

void
staff_totp(struct req *r)
{
	struct auth_enrol_view *ev = arena_alloc(r->arena, sizeof(*ev));
	enum auth_result res;
	const char *key = NULL;

	if (r->form.nerrors > 0) {
		account_page(r, 400, "staff.login.failed", NULL);
		return;
	}
	res = auth_totp_begin(A(r), r->session, form_get(&r->form,
	    FR_PASSWORD), form_get(&r->form, FR_TOTP), ev);
	if (res != AUTH_OK) {
		account_page(r, result_status(res, &key), key, NULL);
		return;
	}
	totp_page(r, 200, ev, "/staff/account/totp/confirm", NULL, NULL);
	crypto_wipe(ev, sizeof(*ev));
}

void
staff_totp_confirm(struct req *r)
{
	enum auth_result res;

	res = r->form.nerrors > 0 ? AUTH_FAIL : auth_totp_finish(A(r),
	    r->session, form_get(&r->form, FC_PENDING),
	    form_get(&r->form, FC_TOTP));
	if (res == AUTH_OK) {
		done_page(r, "staff.totp.done.title", "staff.totp.done.body");
		return;
	}
	/* The pending blob is bound to this session: start again. */
	account_page(r, 400, "staff.code.wrong", NULL);
}

/* --- enrolment ---------------------------------------------------------- */

static void
enrol_page(struct req *r, int status, const struct db_user *u,
    const char *error_key)
{
	const struct app *a = r->app;
	struct tmpl_vars *v = staff_vars(r, "title.staff_enrol", NULL);

	tmpl_set(v, "username", u->username);
	tmpl_set(v, "display_name", u->display_name);
	tmpl_set(v, "password_min", arena_printf(r->arena, "%u",
	    a->cfg->password_min));
	if (error_key != NULL)
		tmpl_set(v, "error", web_t(r, error_key));
	web_render(r, status, "staff_enrol", v);
}

static void
enrol_invalid(struct req *r)
{
	struct tmpl_vars *v = staff_vars(r, "title.staff_enrol", NULL);

	tmpl_set(v, "done_title", web_t(r, "title.staff_enrol"));
	tmpl_set(v, "done_body", web_t(r, "staff.enrol.invalid"));
	web_render(r, 404, "staff_done", v);
}

void
staff_enrol_form(struct req *r)
{
	struct db_user u;

	if (auth_enrol_check(A(r), route_param(&r->params, "token"), &u) !=
	    AUTH_OK) {
		enrol_invalid(r);
		return;
	}
	enrol_page(r, 200, &u, NULL);
}

void
staff_enrol(struct req *r)
{
	const char *token = route_param(&r->params, "token");
	struct auth_enrol_view *ev = arena_alloc(r->arena, sizeof(*ev));
	struct db_user u;
	enum auth_result res;
	const char *key = NULL;
	char *action;

	if (auth_enrol_check(A(r), token, &u) != AUTH_OK) {
		enrol_invalid(r);
		return;
	}
	if (r->form.nerrors > 0 || strcmp(form_get(&r->form, FE_PASSWORD),
	    form_get(&r->form, FE_PASSWORD2)) != 0) {
		enrol_page(r, 400, &u, "staff.password.mismatch");
		return;
	}
	res = auth_enrol_begin(A(r), token, form_get(&r->form, FE_PASSWORD),
	    ev);
	if (res != AUTH_OK) {
		enrol_page(r, result_status(res, &key), &u, key);
		return;
	}
	action = arena_printf(r->arena, "/staff/enrol/%s/confirm", token);
	totp_page(r, 200, ev, action, NULL, NULL);
	crypto_wipe(ev, sizeof(*ev));
}

void
staff_enrol_confirm(struct req *r)
{
	const char *token = route_param(&r->params, "token");
	struct db_user u;
	enum auth_result res;

	if (auth_enrol_check(A(r), token, &u) != AUTH_OK) {
		enrol_invalid(r);
		return;
	}
	res = r->form.nerrors > 0 ? AUTH_FAIL : auth_enrol_finish(A(r), token,
	    form_get(&r->form, FC_PENDING), form_get(&r->form, FC_TOTP));
	if (res == AUTH_OK) {
		done_page(r, "staff.enrol.done.title", "staff.enrol.done.body");
		return;
	}
	/* Start the enrolment again: a new secret and recovery key. */
	enrol_page(r, 400, &u, "staff.code.wrong");
}

/* --- recovery ------------------------------------------------------------ */

static void
recover_page(struct req *r, int status, const char *username,
    const char *error_key)
{
	const struct app *a = r->app;
	struct tmpl_vars *v = staff_vars(r, "title.staff_recover", NULL);

	tmpl_set(v, "password_min", arena_printf(r->arena, "%u",
	    a->cfg->password_min));
	if (username != NULL)
		tmpl_set(v, "username", username);
	if (error_key != NULL)
		tmpl_set(v, "error", web_t(r, error_key));
	web_render(r, status, "staff_recover", v);
}

void
staff_recover_form(struct req *r)
{
	recover_page(r, 200, NULL, NULL);
}

void
staff_recover(struct req *r)
{
	struct auth_enrol_view *ev = arena_alloc(r->arena, sizeof(*ev));
	struct auth_source src;
	enum auth_result res;
	unsigned retry = 0;
	const char *key = NULL, *user = form_raw(&r->form, FV_USERNAME);

	if (r->form.nerrors > 0 || strcmp(form_get(&r->form, FV_NEW),
	    form_get(&r->form, FV_NEW2)) != 0) {
		recover_page(r, 400, user, "staff.password.mismatch");
		return;
	}
	web_source(r, &src);
	res = auth_recover_begin(A(r), &src, user, form_get(&r->form,
	    FV_RECOVERY), form_get(&r->form, FV_NEW), ev, &retry);
	if (res != AUTH_OK) {
		recover_page(r, result_status(res, &key), user, key);
		return;
	}
	totp_page(r, 200, ev, "/staff/recover/confirm", user, NULL);
	crypto_wipe(ev, sizeof(*ev));
}

void
staff_recover_confirm(struct req *r)
{
	struct auth_source src;
	enum auth_result res;
	const char *key = NULL, *user = form_raw(&r->form, FW_USERNAME);

	web_source(r, &src);
	res = r->form.nerrors > 0 ? AUTH_FAIL : auth_recover_finish(A(r),
	    &src, user, form_get(&r->form, FW_PENDING),
	    form_get(&r->form, FW_TOTP));
	if (res == AUTH_OK) {
		done_page(r, "staff.recover.done.title",
		    "staff.recover.done.body");
		return;
	}
	if (res == AUTH_FAIL)
		key = "staff.code.wrong";
	else
		(void)result_status(res, &key);
	recover_page(r, 400, user, key);
}
