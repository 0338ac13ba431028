/*
 * reporter.c: the reporter's pages. The report is written in two steps
 * that work without JavaScript: the text form (/lapor), then a summary
 * where the evidence files are chosen and the report is sent
 * (/lapor/kirim); the code is shown once, after everything is stored.
 * The status pages (/status...) work from the access code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "case.h"
#include "config.h"
#include "http.h"
#include "pow.h"
#include "receipt.h"
#include "report.h"
#include "reporter.h"
#include "staff.h"
#include "tmpl.h"
#include "upload.h"
#include "util.h"
#include "web.h"

/* The report's fields, shared by the form, the summary and sending. */
enum {
	FF_CATEGORY, FF_TITLE, FF_WHAT, FF_WHO, FF_WHERE, FF_WHEN, FF_WHY,
	FF_HOW, FF_UNIT, FF_PERIOD, FF_ID_NAME, FF_ID_NUMBER, FF_ID_CONTACT,
	FF_CONSENT, FF_METADATA, FF_POW_CHALLENGE, FF_POW_NONCE
};
#define REPORT_TEXT_FIELDS \
	{ "category", FORM_TOKEN, 1, DB_CODE_MAX, 1, NULL }, \
	{ "title", FORM_LINE, 1, 200, 1, NULL }, \
	{ "what", FORM_TEXT, 1, 10000, 1, NULL }, \
	{ "who", FORM_TEXT, 0, 5000, 0, NULL }, \
	{ "where", FORM_TEXT, 0, 5000, 0, NULL }, \
	{ "when", FORM_TEXT, 0, 5000, 0, NULL }, \
	{ "why", FORM_TEXT, 0, 5000, 0, NULL }, \
	{ "how", FORM_TEXT, 0, 5000, 0, NULL }, \
	{ "unit", FORM_LINE, 0, 200, 0, NULL }, \
	{ "period", FORM_LINE, 0, 100, 0, NULL }, \
	{ "identity_name", FORM_LINE, 0, 200, 0, NULL }, \
	{ "identity_id", FORM_DIGITS, 0, 32, 0, NULL }, \
	{ "identity_contact", FORM_LINE, 0, 200, 0, NULL }

const struct form_field reporter_fields[] = { REPORT_TEXT_FIELDS };
const size_t reporter_nfields = NELEM(reporter_fields);
const struct form_field reporter_send_fields[] = {
	REPORT_TEXT_FIELDS,
	{ "consent", FORM_BOOL, 0, 8, 1, NULL },
	{ "remove_metadata", FORM_BOOL, 0, 8, 0, NULL },
	{ "pow_challenge", FORM_TOKEN, 0, POW_TEXT - 1, 0, NULL },
	{ "pow_nonce", FORM_DIGITS, 0, 32, 0, NULL },
};
const size_t reporter_send_nfields = NELEM(reporter_send_fields);

enum { FS_REG, FS_CODE };
const struct form_field reporter_save_fields[] = {
	{ "registration", FORM_LINE, 1, DB_REG_MAX, 1, NULL },
	{ "access_code", FORM_LINE, 1, 64, 1, NULL },
};
const size_t reporter_save_nfields = NELEM(reporter_save_fields);

const struct form_field reporter_login_fields[] = {
	{ "access_code", FORM_LINE, 1, 64, 1, NULL },
};
const size_t reporter_login_nfields = NELEM(reporter_login_fields);

enum { FY_CSRF, FY_BODY };
const struct form_field reporter_reply_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "body", FORM_TEXT, 1, 5000, 1, NULL },
};
const size_t reporter_reply_nfields = NELEM(reporter_reply_fields);

enum { FB_CSRF, FB_METADATA };
const struct form_field reporter_evidence_fields[] = {
	{ "csrf", FORM_TOKEN, 1, 64, 1, NULL },
	{ "remove_metadata", FORM_BOOL, 0, 8, 0, NULL },
};
const size_t reporter_evidence_nfields = NELEM(reporter_evidence_fields);

const struct form_field receipt_fields[] = {
	{ "receipt", FORM_TEXT, 1, RECEIPT_MAX, 1, NULL },
};
const size_t receipt_nfields = NELEM(receipt_fields);

static struct app *
APP(struct req *r)
{
	return r->app;
}

static void
date_text(struct req *r, int64_t t, struct tmpl_vars *v, const char *name)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[64];

	/* Western Indonesian Time (UTC+7), the regency's own. */
	tt += 7 * 3600;
	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%d-%m-%Y %H:%M WIB", &tm);
	tmpl_set(v, name, s);
	(void)r;
}

static const char *
category_label(struct req *r, const char *code)
{
	char *key = arena_printf(r->arena, "category.%s", code);
	const char *t = web_t(r, key);

	return strcmp(t, key) == 0 ? code : t;
}

/* The configured categories as a list, marking selected. */
static void
categories(struct req *r, struct tmpl_vars *v, const char *selected)
{
	const char *p = APP(r)->cfg->categories;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *code = arena_strndup(r->arena, p, n);
		struct tmpl_vars *it = tmpl_add_item(v, "categories");

		tmpl_set(it, "code", code);
		tmpl_set(it, "label", category_label(r, code));
		tmpl_set_bool(it, "selected", selected != NULL &&
		    strcmp(code, selected) == 0);
		p += n;
		if (*p == ',')
			p++;
	}
}

/* v_* values of every text field, as typed. */
static void
values(struct req *r, struct tmpl_vars *v)
{
	size_t i;

	for (i = 0; i < reporter_nfields; i++)
		tmpl_set(v, arena_printf(r->arena, "v_%s",
		    reporter_fields[i].name), form_raw(&r->form, i));
}

static void
form_page(struct req *r, int status, int show_errors)
{
	struct tmpl_vars *v = web_vars(r, "title.report_form", NULL);
	size_t i;

	categories(r, v, r->form.nfields > 0 ? form_raw(&r->form,
	    FF_CATEGORY) : NULL);
	if (r->form.nfields > 0)
		values(r, v);
	if (show_errors) {
		for (i = 0; i < reporter_nfields; i++)
			if (r->form.v[i].err != FORM_OK)
				tmpl_set(v, arena_printf(r->arena, "err_%s",
				    reporter_fields[i].name),
				    web_t(r, form_err_key(r->form.v[i].err)));
		tmpl_set(v, "error", web_t(r, "report.error.summary"));
	}
	web_render(r, status, "report_form", v);
}

void
reporter_form(struct req *r)
{
	form_page(r, 200, 0);
}

void
reporter_edit(struct req *r)
{
	form_page(r, 200, 0);
}

/* 1 when any of the first reporter_nfields fields is in error. */
static int
text_errors(struct req *r)
{
	size_t i;

	for (i = 0; i < reporter_nfields; i++)
		if (r->form.v[i].err != FORM_OK)
			return 1;
	return 0;
}

static void
review_page(struct req *r, int status, const char *error_key)
{
	const struct wbs_config *cfg = APP(r)->cfg;
	struct tmpl_vars *v = web_vars(r, "title.report_review", NULL);
	enum upload_err first_err = UPLOAD_OK;
	size_t i;

	values(r, v);
	tmpl_set(v, "category_label", category_label(r,
	    form_get(&r->form, FF_CATEGORY)));
	tmpl_set_bool(v, "has_identity", *form_get(&r->form, FF_ID_NAME) ||
	    *form_get(&r->form, FF_ID_NUMBER) ||
	    *form_get(&r->form, FF_ID_CONTACT));
	tmpl_set(v, "max_files", arena_printf(r->arena, "%u", cfg->max_files));
	tmpl_set(v, "max_file_mb", arena_printf(r->arena, "%u",
	    cfg->max_file_mb));
	tmpl_set(v, "allowed_types", web_t(r, "upload.allowed_types"));
	tmpl_set_bool(v, "remove_metadata", cfg->remove_metadata);
	if (pow_bits(APP(r)->pow) > 0) {
		char ch[POW_TEXT];

		pow_challenge(APP(r)->pow, auth_now(APP(r)->auth), ch);
		tmpl_set(v, "pow_challenge", ch);
		tmpl_set(v, "pow_bits", arena_printf(r->arena, "%u",
		    pow_bits(APP(r)->pow)));
		/* The one page with a script: it only solves the puzzle. */
		r->resp.csp = "default-src 'none'; base-uri 'none'; "
		    "form-action 'self'; frame-ancestors 'none'; "
		    "img-src 'self'; style-src 'self'; script-src 'self'";
	}
	if (r->upload != NULL) {
		for (i = 0; i < upload_count(r->upload); i++) {
			struct upload_file *uf = upload_file(r->upload, i);
			struct tmpl_vars *it;

			if (uf->err == UPLOAD_OK)
				continue;
			it = tmpl_add_item(v, "file_errors");
			tmpl_set(it, "name", uf->name);
			tmpl_set(it, "message", web_t(r,
			    upload_err_key(uf->err)));
			if (first_err == UPLOAD_OK)
				first_err = uf->err;
		}
		if (upload_error(r->upload) != UPLOAD_OK)
			first_err = upload_error(r->upload);
		if (first_err != UPLOAD_OK)
			tmpl_set(v, "file_error", web_t(r,
			    upload_err_key(first_err)));
	}
	if (error_key != NULL)
		tmpl_set(v, "error", web_t(r, error_key));
	web_render(r, status, "report_review", v);
}

void
reporter_review(struct req *r)
{
	if (text_errors(r) || !report_category_valid(APP(r),
	    form_get(&r->form, FF_CATEGORY))) {
		if (r->form.v[FF_CATEGORY].err == FORM_OK &&
		    !report_category_valid(APP(r), form_get(&r->form,
		    FF_CATEGORY)))
			r->form.v[FF_CATEGORY].err = FORM_ERR_INVALID;
		form_page(r, 400, 1);
		return;
	}
	review_page(r, 200, NULL);
}

static void
done_page(struct req *r, const struct report_receipt *rc)
{
	struct tmpl_vars *v = web_vars(r, "title.report_done", NULL);

	tmpl_set(v, "registration", rc->registration);
	tmpl_set(v, "access_code", rc->code);
	tmpl_set(v, "category_label", category_label(r, rc->category));
	date_text(r, rc->created_at, v, "created_text");
	web_render(r, 200, "report_done", v);
}

void
reporter_send(struct req *r)
{
	struct report_input in;
	struct report_receipt *rc;
	struct auth_source src;
	enum report_result res;
	size_t i;

	if (text_errors(r)) {
		form_page(r, 400, 1);
		return;
	}
	if (r->form.v[FF_CONSENT].err != FORM_OK) {
		review_page(r, 400, "report.error.consent");
		return;
	}
	memset(&in, 0, sizeof(in));
	in.category = form_get(&r->form, FF_CATEGORY);
	for (i = 0; i < RF__MAX; i++)
		in.text[i] = form_get(&r->form, FF_TITLE + i);
	for (i = 0; i < IF__MAX; i++)
		in.identity[i] = form_get(&r->form, FF_ID_NAME + i);
	in.solved_pow = pow_check(APP(r)->pow, form_get(&r->form,
	    FF_POW_CHALLENGE), form_get(&r->form, FF_POW_NONCE),
	    auth_now(APP(r)->auth));
	web_source(r, &src);
	rc = arena_alloc(r->arena, sizeof(*rc));
	res = report_submit(APP(r), &src, &in, r->upload,
	    form_bool(&r->form, FF_METADATA), rc);
	switch (res) {
	case REPORT_OK:
		if (rc->token[0] != '\0')
			resp_cookie(r, web_reporter_cookie(r), rc->token, -1, 0);
		done_page(r, rc);
		crypto_wipe(rc, sizeof(*rc));
		return;
	case REPORT_FILE:
		review_page(r, 400, NULL);
		return;
	case REPORT_INVALID:
		r->form.v[FF_CATEGORY].err = FORM_ERR_INVALID;
		form_page(r, 400, 1);
		return;
	case REPORT_NO_REVIEWER:
		review_page(r, 503, "report.error.no_reviewer");
		return;
	case REPORT_LIMIT:
		(void)web_retry(r, rc->retry_after);
		review_page(r, 429, "report.error.throttled");
		return;
	case REPORT_BUSY:
		review_page(r, 503, "report.error.busy");
		return;
	default:
		review_page(r, 500, "report.error.internal");
		return;
	}
}

void
reporter_send_busy(struct req *r)
{
	review_page(r, 503, "report.error.busy");
}

/* Echoes the code back as a text file: nothing is looked up or kept. */
void
reporter_save_code(struct req *r)
{
	char digits[CRYPTO_CODE_DIGITS + 1], code[25], *disp;
	const char *reg = form_get(&r->form, FS_REG);
	struct buf b;
	size_t i;

	if (r->form.nerrors > 0 || crypto_code_normalise(form_get(&r->form,
	    FS_CODE), digits) == -1) {
		r->resp.status = 400;
		return;
	}
	for (i = 0; reg[i] != '\0'; i++)
		if (!((reg[i] >= 'A' && reg[i] <= 'Z') ||
		    (reg[i] >= '0' && reg[i] <= '9') || reg[i] == '-')) {
			r->resp.status = 400;
			return;
		}
	crypto_code_format(digits, code);
	buf_init(&b);
	buf_printf(&b, "%s\n\n%s: %s\n%s: %s\n\n%s\n%s/status\n",
	    APP(r)->cfg->site_name, web_t(r, "report.file.registration"), reg,
	    web_t(r, "report.file.code"), code, web_t(r, "report.file.keep"),
	    APP(r)->cfg->site_url);
	r->resp.status = 200;
	r->resp.content_type = "text/plain; charset=utf-8";
	buf_append(&r->resp.body, b.data, b.len);
	crypto_wipe(b.data, b.len);
	buf_free(&b);
	crypto_wipe(digits, sizeof(digits));
	crypto_wipe(code, sizeof(code));
	disp = arena_printf(r->arena, "attachment; filename=\"%s.txt\"", reg);
	resp_header(r, "Content-Disposition", disp);
}

/* --- status ------------------------------------------------------------- */

/* The code form; error is the message already translated. */
static void
login_page(struct req *r, int status, const char *error,
    const char *notice_key)
{
	struct tmpl_vars *v = web_vars(r, "title.status_login", NULL);

	if (error != NULL)
		tmpl_set(v, "error", error);
	if (notice_key != NULL)
		tmpl_set(v, "notice", web_t(r, notice_key));
	web_render(r, status, "status_login", v);
}

void
reporter_login_form(struct req *r)
{
	const char *c = http_cookie(r, web_reporter_cookie(r));
	struct report_session s;

	if (c != NULL && report_session_load(APP(r), c,
	    auth_now(APP(r)->auth), &s) == 1) {
		report_session_wipe(&s);
		resp_redirect(r, 303, "/status/laporan");
		return;
	}
	login_page(r, 200, NULL, NULL);
}

void
reporter_login_busy(struct req *r)
{
	login_page(r, 503, web_t(r, "status.error.busy"), NULL);
}

void
reporter_login(struct req *r)
{
	struct auth_source src;
	char token[CRYPTO_TOKEN_TEXT];
	enum report_result res;
	unsigned retry = 0;

	if (r->form.nerrors > 0) {
		login_page(r, 403, web_t(r, "status.error.code"), NULL);
		return;
	}
	web_source(r, &src);
	res = report_login(APP(r), &src, form_get(&r->form, 0), token,
	    &retry);
	switch (res) {
	case REPORT_OK:
		resp_cookie(r, web_reporter_cookie(r), token, -1, 0);
		crypto_wipe(token, sizeof(token));
		resp_redirect(r, 303, "/status/laporan");
		return;
	case REPORT_THROTTLED:
		login_page(r, 429, arena_printf(r->arena, "%s %s",
		    web_t(r, "status.error.throttled"), web_retry(r, retry)),
		    NULL);
		return;
	case REPORT_BUSY:
		login_page(r, 503, web_t(r, "report.error.busy"), NULL);
		return;
	case REPORT_ERROR:
		login_page(r, 500, web_t(r, "report.error.internal"), NULL);
		return;
	default:
		login_page(r, 403, web_t(r, "status.error.code"), NULL);
		return;
	}
}

struct status_ctx {
	struct req		*r;
	struct tmpl_vars	*v;
};

static int
message_cb(void *arg, const struct db_message *m, const char *body)
{
	struct status_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "messages");

	tmpl_set_bool(it, "from_reporter", m->by_reporter);
	date_text(c->r, m->created_at, it, "date_text");
	tmpl_set(it, "body", body);
	return 0;
}

static int
file_cb(void *arg, const struct report_file_info *f)
{
	struct status_ctx *c = arg;
	struct tmpl_vars *it;

	if (!f->by_reporter)
		return 0;	/* the handlers' own evidence is theirs */
	it = tmpl_add_item(c->v, "files");
	tmpl_set(it, "name_text", f->name);
	date_text(c->r, f->created_at, it, "date_text");
	tmpl_set_bool(it, "metadata_removed", f->metadata_removed);
	return 0;
}

static int
event_cb(void *arg, const struct db_event *e)
{
	struct status_ctx *c = arg;
	struct tmpl_vars *it = tmpl_add_item(c->v, "timeline");
	const struct report_session *s = c->r->rsession;
	char *reason;

	tmpl_set(it, "name", web_t(c->r, arena_printf(c->r->arena,
	    "stage.%s.name", e->stage)));
	date_text(c->r, e->created_at, it, "date_text");
	/* The reporter is told, in a box of its own, when it was opened. */
	if (strcmp(e->stage, "identity_opened") == 0) {
		tmpl_set_bool(c->v, "identity_opened", 1);
		date_text(c->r, e->created_at, c->v, "identity_opened_text");
	}
	/* A reason given with the step (e.g. why it was closed). */
	reason = case_event_reason(s->key, e->note, e->note_len);
	if (reason != NULL) {
		tmpl_set(it, "reason", reason);
		crypto_wipe(reason, strlen(reason));
		free(reason);
	}
	return 0;
}

/* The status page; error is the message already translated, or NULL. */
static void
status_page_text(struct req *r, int status, const char *error,
    const char *notice_key)
{
	struct report_session *s = r->rsession;
	const struct wbs_config *cfg = APP(r)->cfg;
	struct status_ctx c;
	struct report_view rv;
	int64_t before, older = 0;

	c.r = r;
	c.v = web_vars(r, "title.status_report", NULL);
	if (web_query_id(r, "pesan_sebelum", &before) == -1) {
		r->resp.status = 400;
		return;
	}
	if (report_view_load(APP(r), s->report_id, s->key, &rv) != REPORT_OK) {
		r->resp.status = 500;
		return;
	}
	tmpl_set(c.v, "registration", rv.meta.registration);
	tmpl_set(c.v, "category_label", category_label(r, rv.meta.category));
	date_text(r, rv.meta.created_at, c.v, "created_text");
	tmpl_set(c.v, "stage_name", web_t(r, arena_printf(r->arena,
	    "stage.%s.name", rv.meta.stage)));
	tmpl_set(c.v, "stage_desc", web_t(r, arena_printf(r->arena,
	    "stage.%s.desc", rv.meta.stage)));
	tmpl_set(c.v, "csrf", s->csrf);
	if (db_event_list(APP(r)->db, s->report_id, event_cb, &c) == -1 ||
	    report_messages(APP(r), s->report_id, s->key, before,
	    REPORT_MESSAGES_PAGE, message_cb, &c, &older) != REPORT_OK ||
	    report_files(APP(r), s->report_id, s->key, file_cb, &c) !=
	    REPORT_OK) {
		report_view_free(&rv);
		r->resp.status = 500;
		return;
	}
	web_paging_vars(r, c.v, before, older);
	report_view_free(&rv);
	{
		struct case_text t;

		if (case_decision_get(APP(r), s->key, s->report_id, &t) == 1) {
			tmpl_set(c.v, "outcome", arena_printf(r->arena,
			    "%s. %s", web_t(r, arena_printf(r->arena,
			    "case.decision.%s", t.parts[0])), t.parts[1]));
			case_text_free(&t);
		}
	}
	tmpl_set(c.v, "max_files", arena_printf(r->arena, "%u",
	    cfg->max_files));
	tmpl_set(c.v, "max_file_mb", arena_printf(r->arena, "%u",
	    cfg->max_file_mb));
	tmpl_set(c.v, "allowed_types", web_t(r, "upload.allowed_types"));
	/* A refused reply comes back as typed. */
	if (status >= 400 && r->route->fields == reporter_reply_fields)
		tmpl_set(c.v, "v_body", form_raw(&r->form, FY_BODY));
	if (error != NULL)
		tmpl_set(c.v, "error", error);
	if (notice_key != NULL)
		tmpl_set(c.v, "notice", web_t(r, notice_key));
	web_render(r, status, "status_report", c.v);
}

static void
status_page(struct req *r, int status, const char *error_key,
    const char *notice_key)
{
	status_page_text(r, status, error_key != NULL ? web_t(r, error_key) :
	    NULL, notice_key);
}

void
reporter_status(struct req *r)
{
	const struct report_session *s = r->rsession;

	/* That the reporter looked, when: never from where. */
	(void)audit_log(APP(r)->db, auth_now(APP(r)->auth), 0,
	    AUDIT_REPORTER_VIEW, AUDIT_OBJ_REPORT, s->report_id, NULL);
	status_page(r, 200, NULL, NULL);
}

void
reporter_reply(struct req *r)
{
	unsigned retry = 0;

	if (r->form.nerrors > 0) {
		status_page(r, 400, form_err_key(r->form.v[FY_BODY].err), NULL);
		return;
	}
	switch (report_reply(APP(r), r->rsession, form_get(&r->form,
	    FY_BODY), &retry)) {
	case REPORT_OK:
		break;
	case REPORT_THROTTLED:
		status_page_text(r, 429, arena_printf(r->arena, "%s %s",
		    web_t(r, "report.error.too_fast"), web_retry(r, retry)),
		    NULL);
		return;
	case REPORT_INVALID:
		status_page(r, 409, "status.error.archived", NULL);
		return;
	default:
		status_page(r, 500, "report.error.internal", NULL);
		return;
	}
	status_page(r, 200, NULL, "status.reply.sent");
}

void
reporter_evidence(struct req *r)
{
	enum report_result res;
	unsigned retry = 0;
	const char *key = "report.error.internal";
	size_t i;

	res = report_add_files(APP(r), r->rsession, r->upload,
	    form_bool(&r->form, FB_METADATA), &retry);
	if (res == REPORT_OK) {
		status_page(r, 200, NULL, "status.files.added");
		return;
	}
	if (res == REPORT_THROTTLED) {
		status_page_text(r, 429, arena_printf(r->arena, "%s %s",
		    web_t(r, "report.error.too_fast"), web_retry(r, retry)),
		    NULL);
		return;
	}
	if (res == REPORT_QUOTA) {
		status_page(r, 409, "report.error.quota", NULL);
		return;
	}
	if (res == REPORT_FILE || res == REPORT_INVALID) {
		key = "upload.error.type";
		if (upload_error(r->upload) != UPLOAD_OK)
			key = upload_err_key(upload_error(r->upload));
		for (i = 0; i < upload_count(r->upload); i++)
			if (upload_file(r->upload, i)->err != UPLOAD_OK) {
				key = upload_err_key(upload_file(r->upload,
				    i)->err);
				break;
			}
		status_page(r, 400, key, NULL);
		return;
	}
	status_page(r, 500, key, NULL);
}

void
reporter_logout(struct req *r)
{
	(void)report_logout(APP(r), r->rsession);
	resp_cookie(r, web_reporter_cookie(r), "", 0, 0);
	login_page(r, 200, NULL, "status.logged_out");
}

void
reporter_receipt(struct req *r)
{
	struct report_session *s = r->rsession;
	struct db_report rep;
	char *disp;

	if (db_report_by_id(APP(r)->db, s->report_id, &rep) != 1) {
		r->resp.status = 500;
		return;
	}
	receipt_write(APP(r)->keys, APP(r)->cfg->site_name, rep.registration,
	    rep.created_at, rep.category, &r->resp.body);
	disp = arena_printf(r->arena, "attachment; filename=\"tanda-terima-"
	    "%s.txt\"", rep.registration);
	db_report_clear(&rep);
	r->resp.status = 200;
	r->resp.content_type = "text/plain; charset=utf-8";
	resp_header(r, "Content-Disposition", disp);
}

void
receipt_check_form(struct req *r)
{
	web_render(r, 200, "receipt_verify",
	    web_vars(r, "title.receipt_verify", NULL));
}

void
receipt_check(struct req *r)
{
	struct tmpl_vars *v = web_vars(r, "title.receipt_verify", NULL);
	struct receipt_info ri;
	const char *text = form_raw(&r->form, 0);

	if (r->form.nerrors == 0 && receipt_verify(APP(r)->keys, text,
	    strlen(text), &ri) == 0) {
		tmpl_set_bool(v, "valid", 1);
		tmpl_set(v, "registration", ri.registration);
		date_text(r, ri.created_at, v, "created_text");
		tmpl_set(v, "category_label", category_label(r, ri.category));
		web_render(r, 200, "receipt_verify", v);
		return;
	}
	tmpl_set_bool(v, "invalid", 1);
	web_render(r, 400, "receipt_verify", v);
}
