/*
 * staff_audit.c: the auditor's page: the audit trail newest first, a
 * page at a time (keyset paging by record id), filtered by action,
 * actor (a username), object (a report's registration number) and a
 * range of dates in WIB. Every query parameter is checked (length,
 * characters, calendar) before use; a bad one gives the page with an
 * error and no rows. Records hold no content, so the page shows only
 * who, what, on which object, when, and the short detail code.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "db_audit.h"
#include "http.h"
#include "staff.h"
#include "staff_audit.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

#define PAGE_ROWS	50
#define WIB_OFFSET	(7 * 3600)	/* UTC+7, no daylight saving */
#define DATE_LEN	10		/* YYYY-MM-DD */
#define NAME_CACHE	16

/* Labels of the codes (literal keys, so that the catalogue check sees them). */
static const char *const action_keys[AUDIT__MAX] = {
	[AUDIT_LOGIN] = "audit.action.login",
	[AUDIT_LOGIN_FAILED] = "audit.action.login_failed",
	[AUDIT_LOGOUT] = "audit.action.logout",
	[AUDIT_REPORT_RECEIVED] = "audit.action.report_received",
	[AUDIT_CASE_VIEW] = "audit.action.case_view",
	[AUDIT_FILE_VIEW] = "audit.action.file_view",
	[AUDIT_IDENTITY_REQUEST] = "audit.action.identity_request",
	[AUDIT_IDENTITY_DECISION] = "audit.action.identity_decision",
	[AUDIT_IDENTITY_VIEW] = "audit.action.identity_view",
	[AUDIT_TRANSITION] = "audit.action.transition",
	[AUDIT_GRANT] = "audit.action.grant",
	[AUDIT_GRANT_REMOVED] = "audit.action.grant_removed",
	[AUDIT_MESSAGE_SENT] = "audit.action.message_sent",
	[AUDIT_NOTE_ADDED] = "audit.action.note_added",
	[AUDIT_USER_CREATED] = "audit.action.user_created",
	[AUDIT_USER_DISABLED] = "audit.action.user_disabled",
	[AUDIT_USER_RESET] = "audit.action.user_reset",
	[AUDIT_UNIT_CREATED] = "audit.action.unit_created",
	[AUDIT_SETTINGS_CHANGED] = "audit.action.settings_changed",
	[AUDIT_ACCESS_DENIED] = "audit.action.access_denied",
	[AUDIT_REPORTER_MESSAGE] = "audit.action.reporter_message",
	[AUDIT_REPORTER_FILES] = "audit.action.reporter_files",
	[AUDIT_REPORTER_VIEW] = "audit.action.reporter_view",
};

static const char *const object_keys[AUDIT_OBJ__MAX] = {
	[AUDIT_OBJ_NONE] = "audit.object.none",
	[AUDIT_OBJ_REPORT] = "audit.object.report",
	[AUDIT_OBJ_USER] = "audit.object.user",
	[AUDIT_OBJ_UNIT] = "audit.object.unit",
	[AUDIT_OBJ_FILE] = "audit.object.file",
};

/* The checked filter, and the values to show again in the form. */
struct query {
	struct audit_filter	 f;
	const char		*action;	/* "" when any */
	const char		*actor;
	const char		*object;
	const char		*from;
	const char		*to;
	int			 none;		/* a name that matches nothing */
};

/* Usernames already looked up on this page. */
struct name_cache {
	int64_t		 id[NAME_CACHE];
	const char	*name[NAME_CACHE];
	size_t		 n;
};

struct page {
	struct req		*r;
	struct tmpl_vars	*v;
	struct name_cache	 users;
	size_t			 rows;
	int64_t			 last_id;
	int			 more;
};

static struct app *
APP(struct req *r)
{
	return r->app;
}

/*
 * Reads parameter name: NULL absent, "" empty, else a value of at most
 * max bytes all of whose bytes pass ok. Returns 0, or -1 when it is
 * too long or holds another byte.
 */
static int
param(struct req *r, const char *name, size_t max, int (*ok)(int),
    const char **out)
{
	const char *s = http_query(r, name);
	size_t i, n;

	*out = "";
	if (s == NULL)
		return 0;
	n = strnlen(s, max + 1);
	if (n > max)
		return -1;
	for (i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return -1;
	*out = s;
	return 0;
}

static int
is_code(int c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_username(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '.' || c == '_' || c == '-';
}

static int
is_registration(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

static int
is_date(int c)
{
	return (c >= '0' && c <= '9') || c == '-';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Parses a YYYY-MM-DD date (years 2000 to 9999) into the Unix time of
 * its first second in WIB. Returns 0, or -1 when it is not a date.
 */
static int
parse_date(const char *s, int64_t *out)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int i, y, m, d, leap;

	if (strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < DATE_LEN; i++)
		if (i != 4 && i != 7 && !is_digit((unsigned char)s[i]))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 2000 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap))
		return -1;
	*out = days_from_civil(y, m, d) * 86400 - WIB_OFFSET;
	return 0;
}

/*
 * Checks the query string into q. Returns 0, 1 when a name matches
 * nothing (an empty result, not an error), -1 on a bad value, -2 on a
 * store error.
 */
static int
read_query(struct req *r, struct query *q)
{
	struct db *db = APP(r)->db;
	struct db_user u;
	enum audit_action act;
	const char *before;
	unsigned long long n;
	char reg[DB_REG_MAX + 1];
	int64_t t;
	size_t i;
	int rc;

	memset(q, 0, sizeof(*q));
	q->action = q->actor = q->object = q->from = q->to = "";
	q->f.action = -1;
	q->f.object_type = -1;
	q->f.limit = PAGE_ROWS + 1;	/* one more: is there an older page? */

	if (param(r, "action", DB_AUDIT_CODE_MAX, is_code, &q->action) == -1 ||
	    param(r, "actor", DB_NAME_MAX, is_username, &q->actor) == -1 ||
	    param(r, "object", DB_REG_MAX, is_registration, &q->object) ==
	    -1 ||
	    param(r, "from", DATE_LEN, is_date, &q->from) == -1 ||
	    param(r, "to", DATE_LEN, is_date, &q->to) == -1 ||
	    param(r, "before", 19, is_digit, &before) == -1)
		goto bad;

	if (*q->action != '\0') {
		if (audit_action_parse(q->action, &act) == -1)
			goto bad;
		q->f.action = (int)act;
	}
	if (*q->from != '\0') {
		if (parse_date(q->from, &q->f.from) == -1)
			goto bad;
	}
	if (*q->to != '\0') {
		if (parse_date(q->to, &t) == -1)
			goto bad;
		q->f.to = t + 86400 - 1;	/* the whole day */
	}
	if (q->f.from != 0 && q->f.to != 0 && q->f.from > q->f.to)
		goto bad;
	if (*before != '\0') {
		if (parse_uint(before, 1, INT64_MAX, &n) == -1)
			goto bad;
		q->f.before_id = (int64_t)n;
	}

	if (*q->actor != '\0') {
		rc = db_user_by_name(db, q->actor, &u);
		q->f.actor = rc == 1 ? u.id : 0;
		explicit_bzero(&u, sizeof(u));	/* wrapped key material */
		if (rc == -1)
			return -2;
		if (rc == 0) {
			q->none = 1;
			return 1;
		}
	}
	if (*q->object != '\0') {
		struct db_report rep;

		for (i = 0; q->object[i] != '\0'; i++)
			reg[i] = (q->object[i] >= 'a' && q->object[i] <= 'z') ?
			    (char)(q->object[i] - 'a' + 'A') : q->object[i];
		reg[i] = '\0';
		rc = db_report_by_registration(db, reg, &rep);
		if (rc == 1)
			q->f.object_id = rep.id;
		db_report_clear(&rep);
		if (rc == -1)
			return -2;
		if (rc == 0) {
			q->none = 1;
			return 1;
		}
		q->f.object_type = AUDIT_OBJ_REPORT;
	}
	return 0;
bad:
	/* Show again only what passed; never echo a refused value. */
	q->action = q->actor = q->object = q->from = q->to = "";
	return -1;
}

/* The username of an actor (cached for the page), or NULL if unknown. */
static const char *
actor_name(struct page *p, int64_t id)
{
	struct name_cache *c = &p->users;
	char name[DB_NAME_MAX + 1];
	const char *s = NULL;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return c->name[i];
	if (db_audit_name(APP(p->r)->db, DB_AUDIT_NAME_USER, id, name,
	    sizeof(name)) == 1)
		s = arena_strdup(p->r->arena, name);
	if (c->n < NAME_CACHE) {
		c->id[c->n] = id;
		c->name[c->n] = s;
		c->n++;
	}
	return s;
}

/* "<kind> <name>" for a record's object; "#id" when it is gone. */
static const char *
object_text(struct page *p, const struct audit_record *rec)
{
	struct req *r = p->r;
	const char *kind = web_t(r, object_keys[rec->object_type]);
	char name[DB_REG_MAX + DB_NAME_MAX + 2];
	enum db_audit_name what;

	switch (rec->object_type) {
	case AUDIT_OBJ_NONE:
		return "";
	case AUDIT_OBJ_REPORT:
		what = DB_AUDIT_NAME_REPORT;
		break;
	case AUDIT_OBJ_USER:
		what = DB_AUDIT_NAME_USER;
		break;
	case AUDIT_OBJ_UNIT:
		what = DB_AUDIT_NAME_UNIT;
		break;
	default:
		return arena_printf(r->arena, "%s #%lld", kind,
		    (long long)rec->object_id);
	}
	if (db_audit_name(APP(r)->db, what, rec->object_id, name,
	    sizeof(name)) == 1)
		return arena_printf(r->arena, "%s %s", kind, name);
	return arena_printf(r->arena, "%s #%lld", kind,
	    (long long)rec->object_id);
}

static void
time_text(struct req *r, struct tmpl_vars *it, int64_t at)
{
	time_t tt = (time_t)(at + WIB_OFFSET);
	struct tm tm;
	char s[64];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%d-%m-%Y %H:%M:%S WIB", &tm) == 0) {
		tmpl_set(it, "time", arena_printf(r->arena, "%lld",
		    (long long)at));
		return;
	}
	tmpl_set(it, "time", s);
}

static int
record_cb(void *arg, const struct audit_record *rec)
{
	struct page *p = arg;
	struct req *r = p->r;
	struct tmpl_vars *it;
	const char *who;

	if (p->rows == PAGE_ROWS) {
		p->more = 1;
		return 0;
	}
	it = tmpl_add_item(p->v, "records");
	p->rows++;
	p->last_id = rec->id;
	tmpl_set(it, "id", arena_printf(r->arena, "%lld",
	    (long long)rec->id));
	time_text(r, it, rec->at);
	if (rec->actor == 0)
		tmpl_set(it, "actor", web_t(r, "audit.actor.system"));
	else if ((who = actor_name(p, rec->actor)) != NULL)
		tmpl_set(it, "actor", who);
	else
		tmpl_set(it, "actor", arena_printf(r->arena, "#%lld",
		    (long long)rec->actor));
	tmpl_set(it, "action", web_t(r, action_keys[rec->action]));
	tmpl_set(it, "object", object_text(p, rec));
	tmpl_set(it, "detail", rec->detail);
	return 0;
}

/*
 * A link to the page with the same filters: the newest records, or
 * those before before_id when it is not 0.
 */
static const char *
page_link(struct req *r, const struct query *q, int64_t before_id)
{
	static const char *const names[] = {
		"action", "actor", "object", "from", "to"
	};
	const char *values[] = {
		q->action, q->actor, q->object, q->from, q->to
	};
	struct buf b;
	const char *s, *sep = "?";
	size_t i;

	/* Every value passed a URL-safe character check. */
	buf_init(&b);
	buf_puts(&b, "/staff/audit");
	if (before_id != 0) {
		buf_printf(&b, "?before=%lld", (long long)before_id);
		sep = "&";
	}
	for (i = 0; i < NELEM(names); i++)
		if (*values[i] != '\0') {
			buf_printf(&b, "%s%s=%s", sep, names[i], values[i]);
			sep = "&";
		}
	s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

static void
form_vars(struct req *r, struct tmpl_vars *v, const struct query *q)
{
	struct tmpl_vars *it;
	const char *code;
	int i;

	for (i = 0; i < AUDIT__MAX; i++) {
		code = audit_action_code((enum audit_action)i);
		it = tmpl_add_item(v, "actions");
		tmpl_set(it, "code", code);
		tmpl_set(it, "label", web_t(r, action_keys[i]));
		tmpl_set_bool(it, "selected", q->f.action == i);
	}
	tmpl_set(v, "f_actor", q->actor);
	tmpl_set(v, "f_object", q->object);
	tmpl_set(v, "f_from", q->from);
	tmpl_set(v, "f_to", q->to);
	tmpl_set_bool(v, "filtered", *q->action != '\0' || *q->actor != '\0' ||
	    *q->object != '\0' || *q->from != '\0' || *q->to != '\0');
}

void
staff_audit(struct req *r)
{
	struct page p;
	struct query q;
	int rc, status = 200;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.v = staff_vars(r, "title.staff_audit", "is_staff_audit");
	rc = read_query(r, &q);
	if (rc == -2) {
		web_error(r, 500);
		return;
	}
	if (rc == -1) {
		status = 400;
		tmpl_set(p.v, "error", web_t(r, "audit.error.filter"));
	} else if (rc == 0) {
		if (audit_list(APP(r)->db, &q.f, record_cb, &p) == -1) {
			web_error(r, 500);
			return;
		}
	}
	form_vars(r, p.v, &q);
	if (rc == 0 && q.f.before_id != 0)
		tmpl_set(p.v, "newest", page_link(r, &q, 0));
	if (p.more)
		tmpl_set(p.v, "older", page_link(r, &q, p.last_id));
	web_render(r, status, "staff_audit", p.v);
}
