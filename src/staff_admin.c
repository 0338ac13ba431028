/*
 * staff_admin.c: the administrator's pages: accounts (create with a
 * one-time enrolment link, disable, reset) and units.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "staff.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

enum {
	FU_CSRF, FU_USERNAME, FU_DISPLAY, FU_ADMIN, FU_REVIEWER,
	FU_INVESTIGATOR, FU_CUSTODIAN, FU_AUDITOR, FU_UNIT
};
const struct form_field staff_user_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "username", FORM_LINE, 1, 64, 1, NULL },
	{ "display_name", FORM_LINE, 0, DB_TEXT_MAX, 0, NULL },
	{ "role_admin", FORM_BOOL, 0, 8, 0, NULL },
	{ "role_reviewer", FORM_BOOL, 0, 8, 0, NULL },
	{ "role_investigator", FORM_BOOL, 0, 8, 0, NULL },
	{ "role_custodian", FORM_BOOL, 0, 8, 0, NULL },
	{ "role_auditor", FORM_BOOL, 0, 8, 0, NULL },
	{ "unit", FORM_LINE, 0, DB_NAME_MAX, 0, NULL },
};
const size_t staff_user_nfields = NELEM(staff_user_fields);

enum { FN_CSRF, FN_CODE, FN_NAME };
const struct form_field staff_unit_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "code", FORM_LINE, 1, 64, 1, NULL },
	{ "name", FORM_LINE, 1, DB_TEXT_MAX, 1, NULL },
};
const size_t staff_unit_nfields = NELEM(staff_unit_fields);

static const struct {
	unsigned	 role;
	const char	*key;
	int		 field;
} roles[] = {
	{ ROLE_ADMIN, "role.admin", FU_ADMIN },
	{ ROLE_REVIEWER, "role.reviewer", FU_REVIEWER },
	{ ROLE_INVESTIGATOR, "role.investigator", FU_INVESTIGATOR },
	{ ROLE_CUSTODIAN, "role.custodian", FU_CUSTODIAN },
	{ ROLE_AUDITOR, "role.auditor", FU_AUDITOR },
};

static const char *const status_keys[DB_USER__MAX] = {
	"status.pending", "status.active", "status.disabled"
};

static struct app *
APP(struct req *r)
{
	return r->app;
}

struct list_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	struct buf		 b;
};

static int
unit_name_cb(void *arg, const struct db_unit *u)
{
	struct list_ctx *c = arg;

	buf_printf(&c->b, "%s%s", c->b.len > 0 ? ", " : "", u->code);
	return 0;
}

static int
user_cb(void *arg, const struct db_user *u)
{
	struct list_ctx *c = arg, sub;
	struct tmpl_vars *it = tmpl_add_item(c->v, "users");
	struct buf rb;
	size_t i;

	tmpl_set(it, "id", arena_printf(c->r->arena, "%lld",
	    (long long)u->id));
	tmpl_set(it, "username", u->username);
	tmpl_set(it, "display_name", u->display_name);
	buf_init(&rb);
	for (i = 0; i < NELEM(roles); i++)
		if (u->roles & roles[i].role)
			buf_printf(&rb, "%s%s", rb.len > 0 ? ", " : "",
			    web_t(c->r, roles[i].key));
	tmpl_set(it, "roles_text", rb.data != NULL ? rb.data : "");
	buf_free(&rb);
	tmpl_set(it, "status_text", web_t(c->r, status_keys[u->status]));
	tmpl_set_bool(it, "is_active", u->status == DB_USER_ACTIVE);
	tmpl_set_bool(it, "is_pending", u->status == DB_USER_PENDING);
	sub.r = c->r;
	buf_init(&sub.b);
	(void)db_user_units(APP(c->r)->db, u->id, unit_name_cb, &sub);
	tmpl_set(it, "units_text", sub.b.data != NULL ? sub.b.data : "");
	buf_free(&sub.b);
	return 0;
}

static int
unit_cb(void *arg, const struct db_unit *u)
{
	struct list_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "units");

	tmpl_set(it, "code", u->code);
	tmpl_set(it, "name", u->name);
	return 0;
}

static struct tmpl_vars *
users_vars(struct req *r)
{
	struct tmpl_vars *v = staff_vars(r, "title.staff_users",
	    "is_staff_users");

	tmpl_set(v, "enrol_hours", arena_printf(r->arena, "%u",
	    APP(r)->cfg->enrol_hours));
	return v;
}

static int64_t
actor_id(struct req *r)
{
	return ((struct auth_session *)r->session)->user.id;
}

/* The full link for an enrolment token. */
static char *
enrol_link(struct req *r, const char *token)
{
	return arena_printf(r->arena, "%s/staff/enrol/%s",
	    APP(r)->cfg->site_url, token);
}

static void
users_page(struct req *r, int status, const char *error_key,
    const char *notice_key)
{
	struct list_ctx c;

	c.r = r;
	c.v = users_vars(r);
	if (db_user_list(APP(r)->db, user_cb, &c) == -1 ||
	    db_unit_list(APP(r)->db, unit_cb, &c) == -1) {
		r->resp.status = 500;
		return;
	}
	if (error_key != NULL)
		tmpl_set(c.v, "error", web_t(r, error_key));
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	web_render(r, status, "staff_users", c.v);
}

void
staff_users(struct req *r)
{
	users_page(r, 200, NULL, NULL);
}

void
staff_user_create(struct req *r)
{
	char token[CRYPTO_TOKEN_TEXT];
	unsigned rl = 0;
	size_t i;
	int64_t newid = 0;
	enum auth_result res;
	struct list_ctx c;

	for (i = 0; i < NELEM(roles); i++)
		if (form_bool(&r->form, (size_t)roles[i].field))
			rl |= roles[i].role;
	res = r->form.nerrors > 0 ? AUTH_INVALID : auth_user_create(
	    APP(r)->auth, form_get(&r->form, FU_USERNAME),
	    form_get(&r->form, FU_DISPLAY), rl, form_get(&r->form, FU_UNIT),
	    token, &newid);
	if (res == AUTH_OK) {
		char rc[AUTH_ROLES_CODE];

		auth_roles_code(rl, rc);
		(void)audit_log(APP(r)->db, auth_now(APP(r)->auth),
		    actor_id(r), AUDIT_USER_CREATED, AUDIT_OBJ_USER, newid,
		    rc);
	}
	if (res != AUTH_OK) {
		users_page(r, res == AUTH_ERROR ? 500 : 400,
		    res == AUTH_EXISTS ? "staff.user.exists" :
		    res == AUTH_ERROR ? "staff.error.internal" :
		    res == AUTH_ROLE_CONFLICT ? "staff.user.role_conflict" :
		    "staff.user.invalid", NULL);
		return;
	}
	c.r = r;
	c.v = users_vars(r);
	(void)db_user_list(APP(r)->db, user_cb, &c);
	(void)db_unit_list(APP(r)->db, unit_cb, &c);
	tmpl_set(c.v, "notice", web_t(r, "staff.user.created"));
	tmpl_set(c.v, "created_link", enrol_link(r, token));
	tmpl_set(c.v, "created_username", form_get(&r->form, FU_USERNAME));
	crypto_wipe(token, sizeof(token));
	web_render(r, 201, "staff_users", c.v);
}

/* The :id of the path, or -1. */
static int64_t
path_id(struct req *r)
{
	unsigned long long v;

	if (parse_uint(route_param(&r->params, "id"), 1, INT64_MAX, &v) == -1)
		return -1;
	return (int64_t)v;
}

void
staff_user_disable(struct req *r)
{
	int64_t id = path_id(r);
	struct auth_session *s = r->session;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (id == s->user.id) {
		users_page(r, 400, "staff.user.invalid", NULL);
		return;
	}
	if (auth_user_disable(APP(r)->auth, id) != AUTH_OK) {
		users_page(r, 500, "staff.error.internal", NULL);
		return;
	}
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth), actor_id(r),
	    AUDIT_USER_DISABLED, AUDIT_OBJ_USER, id, NULL);
	users_page(r, 200, NULL, "staff.user.disabled");
}

void
staff_user_reset(struct req *r)
{
	int64_t id = path_id(r);
	char token[CRYPTO_TOKEN_TEXT];
	struct db_user u;
	struct list_ctx c;

	if (id < 0 || db_user_by_id(APP(r)->db, id, &u) != 1) {
		r->resp.status = 404;
		return;
	}
	if (id == ((struct auth_session *)r->session)->user.id) {
		/* An administrator resetting themself would lock out. */
		users_page(r, 400, "staff.user.invalid", NULL);
		return;
	}
	switch (auth_user_reset(APP(r)->auth, id, token)) {
	case AUTH_OK:
		break;
	case AUTH_SOLE_CUSTODIAN:
		users_page(r, 409, "staff.user.sole_custodian", NULL);
		return;
	default:
		users_page(r, 500, "staff.error.internal", NULL);
		return;
	}
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth), actor_id(r),
	    AUDIT_USER_RESET, AUDIT_OBJ_USER, id, NULL);
	c.r = r;
	c.v = users_vars(r);
	(void)db_user_list(APP(r)->db, user_cb, &c);
	(void)db_unit_list(APP(r)->db, unit_cb, &c);
	tmpl_set(c.v, "notice", web_t(r, "staff.user.reset"));
	tmpl_set(c.v, "reset_link", enrol_link(r, token));
	tmpl_set(c.v, "reset_username", u.username);
	crypto_wipe(token, sizeof(token));
	crypto_wipe(&u, sizeof(u));
	web_render(r, 200, "staff_users", c.v);
}

struct unit_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
};

static int
unit_row_cb(void *arg, const struct db_unit *u)
{
	struct unit_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "units");

	tmpl_set(it, "code", u->code);
	tmpl_set(it, "name", u->name);
	return 0;
}

static void
units_page(struct req *r, int status, const char *error_key,
    const char *notice_key)
{
	struct unit_ctx c;

	c.r = r;
	c.v = staff_vars(r, "title.staff_units", "is_staff_units");
	if (db_unit_list(APP(r)->db, unit_row_cb, &c) == -1) {
		r->resp.status = 500;
		return;
	}
	if (error_key != NULL)
		tmpl_set(c.v, "error", web_t(r, error_key));
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	web_render(r, status, "staff_units", c.v);
}

void
staff_units(struct req *r)
{
	units_page(r, 200, NULL, NULL);
}

void
staff_unit_create(struct req *r)
{
	enum auth_result res;

	res = r->form.nerrors > 0 ? AUTH_INVALID : auth_unit_create(
	    APP(r)->auth, form_get(&r->form, FN_CODE),
	    form_get(&r->form, FN_NAME));
	if (res == AUTH_OK) {
		struct db_unit un;

		if (db_unit_by_code(APP(r)->db, form_get(&r->form, FN_CODE),
		    &un) == 1)
			(void)audit_log(APP(r)->db, auth_now(APP(r)->auth),
			    actor_id(r), AUDIT_UNIT_CREATED, AUDIT_OBJ_UNIT,
			    un.id, NULL);
		units_page(r, 201, NULL, "staff.unit.created");
	}
	else
		units_page(r, res == AUTH_ERROR ? 500 : 400,
		    res == AUTH_EXISTS ? "staff.unit.exists" :
		    res == AUTH_ERROR ? "staff.error.internal" :
		    "staff.unit.invalid", NULL);
}
