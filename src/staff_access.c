/*
 * staff_access.c: who is waiting for a report's key, on the case page,
 * and the form with which a key holder grants it. Nobody receives an
 * existing report's key by merely being enrolled: a person who holds it
 * decides, and the audit trail names them.
 */
#include <string.h>

#include "app.h"
#include "arena.h"
#include "case.h"
#include "db.h"
#include "http.h"
#include "staff_case.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

#define APP(r)	((struct app *)(r)->app)

const struct form_field staff_grant_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "user", FORM_DIGITS, 1, 19, 1, NULL },
};
const size_t staff_grant_nfields = NELEM(staff_grant_fields);

struct waiting_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
};

static int
waiting_cb(void *arg, int64_t user_id, const unsigned char *pk)
{
	struct waiting_ctx *c = arg;
	struct tmpl_vars *it;
	struct db_user u;

	(void)pk;
	if (db_user_by_id(APP(c->r)->db, user_id, &u) != 1)
		return 0;
	it = tmpl_add_item(c->v, "waiting");
	tmpl_set(it, "user_id", arena_printf(c->r->arena, "%lld",
	    (long long)user_id));
	tmpl_set(it, "username", u.username);
	tmpl_set(it, "display_name", u.display_name);
	tmpl_set_bool(c->v, "has_waiting", 1);
	return 0;
}

void
staff_access_vars(struct req *r, struct tmpl_vars *v, int64_t id)
{
	struct waiting_ctx c = { r, v };

	(void)case_pending_grants(APP(r), id, waiting_cb, &c);
}

void
staff_case_grant(struct req *r)
{
	int64_t id = staff_case_id(r);
	unsigned long long user;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0 || parse_uint(form_get(&r->form, 1), 1,
	    INT64_MAX, &user) == -1) {
		staff_case_result(r, CASE_INVALID, WF_OK, NULL);
		return;
	}
	staff_case_result(r, case_grant(APP(r), r->session, id,
	    (int64_t)user), WF_OK, "case.grant.done");
}
