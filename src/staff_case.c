/*
 * staff_case.c: the handlers' view of reports, as far as the reporter's
 * journey needs it: the reports a handler holds a key for (dashboard),
 * one report decrypted with the handler's own key, its evidence list
 * and the message thread with the reporter. The full workflow (stages,
 * review, forwarding, identity custody, audit) builds on this.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "http.h"
#include "report.h"
#include "staff.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

enum { FM_CSRF, FM_BODY };
const struct form_field staff_message_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t staff_message_nfields = NELEM(staff_message_fields);

static const char *const field_keys[RF__MAX] = {
	"field.title", "field.what", "field.who", "field.where", "field.when",
	"field.why", "field.how", "field.unit", "field.period"
};

static struct app *
APP(struct req *r)
{
	return r->app;
}

static void
date_text(int64_t t, struct tmpl_vars *v, const char *name)
{
	time_t tt = (time_t)t + 7 * 3600;	/* WIB */
	struct tm tm;
	char s[64];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d-%m-%Y %H:%M WIB", &tm);
	tmpl_set(v, name, s);
}

static const char *
category_label(struct req *r, const char *code)
{
	char *key = arena_printf(r->arena, "category.%s", code);
	const char *t = web_t(r, key);

	return strcmp(t, key) == 0 ? code : t;
}

struct list_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	int			 n;
};

static int
case_cb(void *arg, const struct db_report *rep)
{
	struct list_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "cases");

	tmpl_set(it, "id", arena_printf(c->r->arena, "%lld",
	    (long long)rep->id));
	tmpl_set(it, "registration", rep->registration);
	tmpl_set(it, "category_label", category_label(c->r, rep->category));
	tmpl_set(it, "stage_name", web_t(c->r, arena_printf(c->r->arena,
	    "stage.%s.name", rep->stage)));
	date_text(rep->created_at, it, "received_text");
	c->n++;
	return 0;
}

void
staff_case_list(struct req *r, struct tmpl_vars *v)
{
	const struct auth_session *s = r->session;
	struct list_ctx c = { r, v, 0 };

	if (!(s->user.roles & (ROLE_REVIEWER | ROLE_INVESTIGATOR)))
		return;
	if (db_report_list_for_user(APP(r)->db, s->user.id, case_cb, &c) == -1)
		return;
	tmpl_set_bool(v, "has_cases", c.n > 0);
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

struct case_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
	int			 n;
};

static int
message_cb(void *arg, const struct db_message *m, const char *body)
{
	struct case_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "messages");

	tmpl_set_bool(it, "from_reporter", m->by_reporter);
	date_text(m->created_at, it, "date_text");
	tmpl_set(it, "body", body);
	tmpl_set_bool(c->v, "has_messages", 1);
	return 0;
}

static int
file_cb(void *arg, const struct report_file_info *f)
{
	struct case_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "files");

	tmpl_set(it, "name", f->name);
	tmpl_set(it, "mime", f->mime);
	tmpl_set(it, "size_text", f->size >= 1048576 ?
	    arena_printf(c->r->arena, "%.1f MB", (double)f->size / 1048576) :
	    arena_printf(c->r->arena, "%.1f KB", (double)f->size / 1024));
	date_text(f->created_at, it, "date_text");
	tmpl_set_bool(it, "metadata_removed", f->metadata_removed);
	tmpl_set_bool(c->v, "has_files", 1);
	return 0;
}

static void
case_page(struct req *r, int status, const char *notice_key)
{
	struct case_ctx c;
	struct report_view rv;
	unsigned char *key;
	int64_t id = path_id(r);
	enum report_result res;
	size_t i;

	c.r = r;
	c.v = staff_vars(r, "title.staff_case", NULL);
	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	{
		struct db_report rep;
		int rc = db_report_by_id(APP(r)->db, id, &rep);

		db_report_clear(&rep);
		if (rc != 1) {
			r->resp.status = rc == 0 ? 404 : 500;
			return;
		}
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	res = report_staff_key(APP(r), r->session, id, key);
	if (res != REPORT_OK) {
		crypto_secure_free(key);
		/* No sealed key: no access, whatever the role. */
		r->resp.status = res == REPORT_FAIL ? 403 : 500;
		return;
	}
	if (report_view_load(APP(r), id, key, &rv) != REPORT_OK) {
		crypto_secure_free(key);
		r->resp.status = 500;
		return;
	}
	tmpl_set(c.v, "id", arena_printf(r->arena, "%lld", (long long)id));
	tmpl_set(c.v, "registration", rv.meta.registration);
	tmpl_set(c.v, "category_label", category_label(r, rv.meta.category));
	tmpl_set(c.v, "stage_name", web_t(r, arena_printf(r->arena,
	    "stage.%s.name", rv.meta.stage)));
	date_text(rv.meta.created_at, c.v, "received_text");
	for (i = 0; i < RF__MAX; i++) {
		struct tmpl_vars *it = tmpl_add_item(c.v, "fields");

		tmpl_set(it, "label", web_t(r, field_keys[i]));
		tmpl_set(it, "value", rv.text[i]);
	}
	tmpl_set_bool(c.v, "has_identity", rv.has_identity);
	report_view_free(&rv);
	if (report_files(APP(r), id, key, file_cb, &c) != REPORT_OK ||
	    report_messages(APP(r), id, key, message_cb, &c) != REPORT_OK) {
		crypto_secure_free(key);
		r->resp.status = 500;
		return;
	}
	crypto_secure_free(key);
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	web_render(r, status, "staff_case", c.v);
}

void
staff_case(struct req *r)
{
	case_page(r, 200, NULL);
}

void
staff_case_message(struct req *r)
{
	int64_t id = path_id(r);
	enum report_result res;

	if (id < 0) {
		r->resp.status = 404;
		return;
	}
	if (r->form.nerrors > 0) {
		r->resp.status = 400;
		return;
	}
	res = report_staff_message(APP(r), r->session, id,
	    form_get(&r->form, FM_BODY));
	if (res == REPORT_FAIL) {
		r->resp.status = 403;
		return;
	}
	if (res != REPORT_OK) {
		r->resp.status = 500;
		return;
	}
	case_page(r, 200, "staff.case.sent");
}
