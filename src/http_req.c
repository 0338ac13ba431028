/*
 * http_req.c: the part of request processing that needs nothing of
 * libmicrohttpd: error pages, authorization and the route's handler,
 * and the busy answer of a slow request the worker pool did not run.
 */
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "http_internal.h"

/* Releases a stream the response still owns (never handed to MHD). */
void
http_stream_drop(struct resp *p)
{
	if (p->stream_free != NULL)
		p->stream_free(p->stream_arg);
	p->stream = NULL;
	p->stream_arg = NULL;
	p->stream_free = NULL;
	p->stream_size = 0;
}

static void
fallback_error(struct req *r, int status)
{
	char text[64];

	snprintf(text, sizeof(text), "Error %d\n", status);
	resp_text(r, status, "text/plain; charset=utf-8", text);
}

void
http_make_error(struct http_conn *hc, int status)
{
	struct req *r = &hc->req;

	buf_reset(&r->resp.body);
	r->resp.data = NULL;
	r->resp.data_len = 0;
	http_stream_drop(&r->resp);
	r->resp.cacheable = 0;
	r->resp.csp = NULL;
	r->resp.status = status;
	if (hc->srv->hooks.error != NULL)
		hc->srv->hooks.error(r, status);
	if (r->resp.status == 0 || (r->resp.body.len == 0 &&
	    r->resp.data == NULL))
		fallback_error(r, status);
}

void
http_run_route(struct http_conn *hc)
{
	struct http_server *s = hc->srv;
	struct req *r = &hc->req;

	/* Who may call the route is settled before what was sent. */
	if (s->hooks.authorize != NULL) {
		if (!s->hooks.authorize(r)) {
			if (r->resp.status == 0)
				http_make_error(hc, 403);
			else if (r->resp.status >= 400)
				http_make_error(hc, r->resp.status);
			return;
		}
	} else if (r->route->roles != ROLE_PUBLIC || r->route->csrf) {
		http_make_error(hc, 403);
		return;
	}
	if (!hc->json && r->route->fields != NULL && r->form.nerrors > 0 &&
	    !(r->route->flags & ROUTE_FORM_SELF)) {
		http_make_error(hc, 400);
		return;
	}
	r->route->handler(r);
	if (r->resp.status >= 400 && r->resp.body.len == 0 &&
	    r->resp.data == NULL && r->resp.stream == NULL)
		http_make_error(hc, r->resp.status);
}

void
http_busy(struct http_conn *hc, unsigned retry_after)
{
	struct req *r = &hc->req;
	char ra[16];

	/* The request did not run: nothing of it was done. */
	buf_reset(&r->resp.body);
	r->resp.status = 0;
	if (hc->srv->hooks.busy != NULL)
		hc->srv->hooks.busy(r);
	if (r->resp.status == 0)
		http_make_error(hc, 503);
	snprintf(ra, sizeof(ra), "%u", retry_after);
	resp_header(r, "Retry-After", ra);
}
