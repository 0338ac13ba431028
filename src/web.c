/*
 * web.c: language choice, common page variables, rendering and error
 * pages.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "config.h"
#include "i18n.h"
#include "http.h"
#include "log.h"
#include "route.h"
#include "static.h"
#include "tmpl.h"
#include "util.h"
#include "web.h"

/*
 * Language: an explicit "?lang=" choice (remembered in a cookie), else
 * the cookie, else the Accept-Language header as a first guess.
 */
static void
web_prepare(struct req *r)
{
	const char *q = http_query(r, "lang");
	const char *c;
	enum lang l;

	if (q != NULL && lang_parse(q, &l) == 0) {
		r->lang = l;
		resp_cookie(r, WEB_LANG_COOKIE, lang_code(l), WEB_LANG_MAX_AGE,
		    1);
		return;
	}
	c = http_cookie(r, WEB_LANG_COOKIE);
	if (c != NULL && lang_parse(c, &l) == 0) {
		r->lang = l;
		return;
	}
	r->lang = lang_from_accept(http_header(r, "Accept-Language"));
}

void
web_source(struct req *r, struct auth_source *src)
{
	memset(src, 0, sizeof(*src));
	src->len = http_client_addr(r, src->addr);
	/*
	 * An IPv6 subscriber usually holds a whole /64: keyed per address,
	 * one client would be 2^64 clients.
	 */
	if (src->len == 16)
		memset(src->addr + 8, 0, 8);
}

int
web_query_id(struct req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	unsigned long long n;

	*out = 0;
	if (v == NULL)
		return 0;
	if (parse_uint(v, 1, INT64_MAX, &n) == -1)
		return -1;
	*out = (int64_t)n;
	return 0;
}

void
web_paging_vars(struct req *r, struct tmpl_vars *v, int64_t before,
    int64_t older)
{
	if (older > 0)
		tmpl_set(v, "older_messages", arena_printf(r->arena, "%lld",
		    (long long)older));
	tmpl_set_bool(v, "messages_paged", before > 0);
}

const char *
web_retry(struct req *r, unsigned secs)
{
	char ra[16];
	const char *t, *p;
	unsigned n;

	if (secs == 0)
		return "";
	snprintf(ra, sizeof(ra), "%u", secs);
	resp_header(r, "Retry-After", ra);
	n = secs < 120 ? secs : (secs + 59) / 60;
	t = web_t(r, secs < 120 ? "retry.seconds" : "retry.minutes");
	if ((p = strstr(t, "%s")) == NULL)
		return t;
	return arena_printf(r->arena, "%.*s%u%s", (int)(p - t), t, n, p + 2);
}

void
web_hooks(struct http_hooks *h, void *app)
{
	memset(h, 0, sizeof(*h));
	h->app = app;
	h->prepare = web_prepare;
	h->error = web_error;
	h->authorize = web_authorize;
	h->preauthorize = web_preauthorize;
	h->release = web_release;
}

const char *
web_t(struct req *r, const char *key)
{
	const struct app *a = r->app;
	const char *s = i18n_get(a->i18n, r->lang, key);

	return s != NULL ? s : key;
}

static const char *
translate_cb(void *arg, const char *key)
{
	struct req *r = arg;
	const struct app *a = r->app;

	return i18n_get(a->i18n, r->lang, key);
}

/* Percent-encodes a path for use in a URL (keeps / and unreserved). */
static char *
encode_path(struct arena *ar, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(p), i, o = 0;
	char *out = arena_alloc(ar, n * 3 + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '-' ||
		    c == '_' || c == '.' || c == '~')
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

struct tmpl_vars *
web_vars(struct req *r, const char *title_key, const char *active)
{
	const struct app *a = r->app;
	const struct wbs_config *cfg = a->cfg;
	struct tmpl_vars *v = tmpl_vars_new(r->arena, NULL);
	enum lang other = r->lang == LANG_ID ? LANG_EN : LANG_ID;

	tmpl_set(v, "lang", lang_code(r->lang));
	tmpl_set(v, "path", r->path);
	tmpl_set(v, "lang_switch_url", arena_printf(r->arena, "%s?lang=%s",
	    encode_path(r->arena, r->path), lang_code(other)));
	tmpl_set(v, "site_name", cfg->site_name);
	tmpl_set(v, "institution", cfg->institution);
	tmpl_set(v, "government", cfg->government);
	tmpl_set(v, "site_url", cfg->site_url);
	tmpl_set(v, "regulation", cfg->regulation);
	tmpl_set(v, "regulation_prev", cfg->regulation_prev);
	tmpl_set(v, "contact", cfg->contact);
	tmpl_set(v, "page_title", web_t(r, title_key));
	tmpl_set_bool(v, active != NULL ? active : "is_other", 1);
	return v;
}

void
web_render(struct req *r, int status, const char *tmpl,
    struct tmpl_vars *v)
{
	const struct app *a = r->app;
	char err[256];

	buf_reset(&r->resp.body);
	if (tmpl_render(a->tmpl, tmpl, v, translate_cb, r, &r->resp.body,
	    err, sizeof(err)) == -1) {
		log_warnx("render %s: %s", tmpl, err);
		buf_reset(&r->resp.body);
		r->resp.status = 500;
		r->resp.content_type = "text/plain; charset=utf-8";
		buf_puts(&r->resp.body, "Internal error\n");
		return;
	}
	r->resp.status = status;
	r->resp.content_type = "text/html; charset=utf-8";
}

void
web_error(struct req *r, int status)
{
	struct tmpl_vars *v, *item;
	char key[64];
	size_t i;

	if (strncmp(r->path, "/api/", 5) == 0) {
		char code[32];

		snprintf(code, sizeof(code), "http_%d", status);
		snprintf(key, sizeof(key), "error.%d.title", status);
		web_json_error(r, status, code, key);
		return;
	}
	v = web_vars(r, "title.error", NULL);
	web_staff_vars(r, v);
	snprintf(key, sizeof(key), "error.%d.title", status);
	if (i18n_get(((const struct app *)r->app)->i18n, r->lang, key) == NULL)
		snprintf(key, sizeof(key), "error.%d.title", status >= 500 ?
		    500 : 400);
	tmpl_set(v, "error_title", web_t(r, key));
	key[strlen(key) - strlen("title")] = '\0';
	wbs_strlcpy(key + strlen(key), "body", sizeof(key) - strlen(key));
	tmpl_set(v, "error_message", web_t(r, key));
	tmpl_set(v, "status", arena_printf(r->arena, "%d", status));
	/* Which fields of a refused form were wrong, and why. */
	if (status == 400 && r->route != NULL && r->route->fields != NULL)
		for (i = 0; i < r->form.nfields; i++) {
			if (r->form.v[i].err == FORM_OK)
				continue;
			tmpl_set_bool(v, "has_field_errors", 1);
			item = tmpl_add_item(v, "field_errors");
			tmpl_set(item, "field", r->form.fields[i].name);
			tmpl_set(item, "message",
			    web_t(r, form_err_key(r->form.v[i].err)));
		}
	web_render(r, status, "error", v);
}

void
web_static(struct req *r)
{
	const struct app *a = r->app;
	const struct static_file *f;
	const unsigned char *data;
	const char *inm, *ctype, *etag;
	size_t len;

	f = static_find(a->statics, route_param(&r->params, "*"));
	if (f == NULL) {
		r->resp.status = 404;
		return;
	}
	static_file_info(f, &ctype, &data, &len, &etag);
	r->resp.cacheable = 1;
	resp_header(r, "ETag", etag);
	resp_header(r, "Cache-Control", "public, max-age=3600");
	inm = http_header(r, "If-None-Match");
	if (inm != NULL && strcmp(inm, etag) == 0) {
		r->resp.status = 304;
		return;
	}
	r->resp.status = 200;
	r->resp.content_type = ctype;
	r->resp.data = data;
	r->resp.data_len = len;
}
