/*
 * http_resp.c: the parts of the HTTP server core (http.h) that need
 * nothing of libmicrohttpd: the security headers every response carries
 * and the default Content-Security-Policy (http.c adds them when it
 * sends a response), and the helpers with which handlers fill their
 * struct resp (headers, cookies, redirects, plain text). Strings are
 * copied into the request's arena.
 */
#include "arena.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "util.h"

const char http_default_csp[] =
    "default-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; img-src 'self'; style-src 'self'";

const struct http_header http_security_headers[] = {
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Cross-Origin-Resource-Policy", "same-origin" },
	{ "Permissions-Policy", "accelerometer=(), autoplay=(), camera=(), "
	    "display-capture=(), geolocation=(), gyroscope=(), "
	    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
	    "interest-cohort=()" },
};
const size_t http_nsecurity_headers = NELEM(http_security_headers);

void
resp_header(struct req *r, const char *name, const char *value)
{
	struct resp *p = &r->resp;

	if (p->nheaders >= RESP_MAX_HEADERS) {
		log_warnx("http: too many response headers, dropping %s",
		    name);
		return;
	}
	p->headers[p->nheaders].name = arena_strdup(r->arena, name);
	p->headers[p->nheaders].value = arena_strdup(r->arena, value);
	p->nheaders++;
}

void
resp_cookie(struct req *r, const char *name, const char *value,
    long max_age, int lax)
{
	char *c;

	c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=%s%s",
	    name, value, lax ? "Lax" : "Strict",
	    http_is_tls(r) ? "; Secure" : "");
	if (max_age >= 0)
		c = arena_printf(r->arena, "%s; Max-Age=%ld", c, max_age);
	resp_header(r, "Set-Cookie", c);
}

void
resp_redirect(struct req *r, int status, const char *location)
{
	r->resp.status = status;
	resp_header(r, "Location", location);
	r->resp.content_type = "text/plain; charset=utf-8";
	buf_reset(&r->resp.body);
}

void
resp_text(struct req *r, int status, const char *ctype, const char *text)
{
	r->resp.status = status;
	r->resp.content_type = ctype;
	buf_reset(&r->resp.body);
	buf_puts(&r->resp.body, text);
}
