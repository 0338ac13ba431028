/*
 * staff_dashboard.c: the handler's queue on the dashboard: the reports
 * the handler holds a key for, newest first, metadata only (nothing is
 * decrypted here), with the days in the current stage, the deadline in
 * working days and an overdue marker; filtered by stage, category,
 * overdue and registration number; paged by keyset so that deep pages
 * stay fast.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "config.h"
#include "case.h"
#include "db.h"
#include "deadline.h"
#include "http.h"
#include "route.h"
#include "staff.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

#define PAGE_SIZE	50

static struct app *
APP(struct req *r)
{
	return r->app;
}

static void
day_text(int64_t t, struct tmpl_vars *v, const char *name)
{
	time_t tt = (time_t)t + 7 * 3600;	/* WIB */
	struct tm tm;
	char s[32];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d-%m-%Y", &tm);
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
	struct deadline_policy	 pol;
	int64_t			 now;
	int			 only_overdue;
	int			 n;		/* rows read */
	int			 shown;
	int64_t			 last_created, last_id;
};

static int
case_cb(void *arg, const struct db_report *rep)
{
	struct list_ctx *c = arg;
	struct tmpl_vars *it;
	enum wf_stage st;
	int64_t due = 0;
	int has_due = 0, overdue = 0, waiting = 0;

	c->n++;
	c->last_created = rep->created_at;
	c->last_id = rep->id;
	if (wf_stage_parse(rep->stage, &st) == 0) {
		int64_t since;

		struct deadline_anchors an = { rep->created_at,
		    rep->forwarded_at, rep->stage_at };

		has_due = deadline_due(&c->pol, APP(c->r)->holidays, st, &an,
		    &due);
		/* Waiting for the reporter: the completion deadline counts. */
		if (st == WF_REVIEW && case_waiting(APP(c->r), rep->id,
		    &since)) {
			due = wd_add(APP(c->r)->holidays, since,
			    APP(c->r)->cfg->dl_completion);
			waiting = 1;
		}
		overdue = has_due && c->now > due;
	}
	if (c->only_overdue && !overdue)
		return 0;
	it = tmpl_add_item(c->v, "cases");
	tmpl_set(it, "id", arena_printf(c->r->arena, "%lld",
	    (long long)rep->id));
	tmpl_set(it, "registration", rep->registration);
	tmpl_set(it, "category_label", category_label(c->r, rep->category));
	tmpl_set(it, "stage_name", web_t(c->r, arena_printf(c->r->arena,
	    "stage.%s.name", rep->stage)));
	day_text(rep->created_at, it, "received_text");
	tmpl_set(it, "days_in_stage", arena_printf(c->r->arena, "%u",
	    wd_between(APP(c->r)->holidays, rep->stage_at, c->now)));
	if (has_due)
		day_text(due, it, "due_text");
	tmpl_set_bool(it, "overdue", overdue);
	tmpl_set_bool(it, "waiting", waiting);
	{
		int64_t unread = 0;

		if (db_report_unread(APP(c->r)->db, rep->id,
		    ((const struct auth_session *)c->r->session)->user.id,
		    &unread) == 0 && unread > 0)
			tmpl_set(it, "unread", arena_printf(c->r->arena,
			    "%lld", (long long)unread));
	}
	c->shown++;
	return 0;
}

/* A query parameter that must match [a-z0-9_-]{1,32}; NULL if absent or bad. */
static const char *
code_param(struct req *r, const char *name, int *bad)
{
	const char *v = http_query(r, name);
	size_t i;

	if (v == NULL || *v == '\0')
		return NULL;
	for (i = 0; v[i] != '\0'; i++)
		if (i >= 32 || !((v[i] >= 'a' && v[i] <= 'z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '_' ||
		    v[i] == '-')) {
			*bad = 1;
			return NULL;
		}
	return v;
}

void
staff_case_list(struct req *r, struct tmpl_vars *v)
{
	const struct auth_session *s = r->session;
	const struct wbs_config *cfg = APP(r)->cfg;
	struct db_case_filter f;
	struct list_ctx c;
	const char *before, *q, *ov;
	enum wf_stage st;
	int bad = 0;

	if (!(s->user.roles & (ROLE_REVIEWER | ROLE_INVESTIGATOR)))
		return;
	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.v = v;
	c.now = auth_now(APP(r)->auth);
	c.pol.acknowledge = cfg->dl_acknowledge;
	c.pol.review = cfg->dl_review;
	c.pol.investigation = cfg->dl_investigation;
	c.pol.update_days = cfg->dl_update;
	f.user_id = s->user.id;
	f.limit = PAGE_SIZE;
	f.stage = code_param(r, "stage", &bad);
	if (f.stage != NULL && wf_stage_parse(f.stage, &st) == -1)
		bad = 1;
	f.category = code_param(r, "category", &bad);
	before = http_query(r, "before");
	if (before != NULL && *before != '\0') {
		char a[24], b[24];
		unsigned long long x, y;
		const char *dot = strchr(before, '.');

		if (dot == NULL || (size_t)(dot - before) >= sizeof(a) ||
		    strlen(dot + 1) >= sizeof(b))
			bad = 1;
		else {
			memcpy(a, before, (size_t)(dot - before));
			a[dot - before] = '\0';
			wbs_strlcpy(b, dot + 1, sizeof(b));
			if (parse_uint(a, 0, INT64_MAX, &x) == -1 ||
			    parse_uint(b, 1, INT64_MAX, &y) == -1)
				bad = 1;
			else {
				f.before_created = (int64_t)x;
				f.before_id = (int64_t)y;
			}
		}
	}
	q = http_query(r, "q");
	if (q != NULL && *q != '\0') {
		size_t i, n = strlen(q);

		for (i = 0; i < n; i++)
			if (n > DB_REG_MAX || !((q[i] >= 'A' && q[i] <= 'Z') ||
			    (q[i] >= '0' && q[i] <= '9') || q[i] == '-'))
				bad = 1;
		if (!bad)
			f.registration = q;
	}
	{
		const char *u = code_param(r, "unit", &bad);
		struct db_unit un;

		if (u != NULL) {
			if (db_unit_by_code(APP(r)->db, u, &un) == 1)
				f.unit_id = un.id;
			else
				bad = 1;
		}
		tmpl_set(v, "f_unit", u != NULL ? u : "");
	}
	{
		const char *so = http_query(r, "sort");

		if (so != NULL && *so != '\0' && strcmp(so, "oldest") != 0 &&
		    strcmp(so, "newest") != 0)
			bad = 1;
		f.oldest_first = so != NULL && strcmp(so, "oldest") == 0;
		tmpl_set_bool(v, "f_oldest", f.oldest_first);
	}
	ov = http_query(r, "overdue");
	c.only_overdue = ov != NULL && strcmp(ov, "1") == 0;
	if (bad) {
		tmpl_set(v, "error", web_t(r, "dashboard.error.filter"));
		return;
	}
	tmpl_set(v, "f_stage", f.stage != NULL ? f.stage : "");
	tmpl_set(v, "f_category", f.category != NULL ? f.category : "");
	tmpl_set(v, "f_q", f.registration != NULL ? f.registration : "");
	tmpl_set_bool(v, "f_overdue", c.only_overdue);
	if (db_case_page(APP(r)->db, &f, case_cb, &c) == -1)
		return;
	tmpl_set_bool(v, "has_cases", c.shown > 0);
	tmpl_set_bool(v, "list_empty", c.shown == 0);
	if (c.n == PAGE_SIZE)
		tmpl_set(v, "next_url", arena_printf(r->arena,
		    "/staff?before=%lld.%lld&sort=%s&stage=%s&category=%s&unit=%s"
		    "&q=%s%s",
		    (long long)c.last_created, (long long)c.last_id,
		    f.oldest_first ? "oldest" : "newest",
		    f.stage != NULL ? f.stage : "",
		    f.category != NULL ? f.category : "",
		    http_query(r, "unit") != NULL ? http_query(r, "unit") : "",
		    f.registration != NULL ? f.registration : "",
		    c.only_overdue ? "&overdue=1" : ""));
	tmpl_set_bool(v, "show_list", 1);
}
