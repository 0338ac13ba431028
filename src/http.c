/*
 * http.c: the glue to libmicrohttpd, the only file that includes
 * microhttpd.h. It runs the daemon (internal polling thread + thread
 * pool on epoll), enforces limits (connections, per-connection memory,
 * header and body sizes, timeouts), parses bodies through
 * MHD_PostProcessor into the route's whitelisted form, calls the
 * handler, and sends its response (a buffer, or a body pulled from a
 * stream as the client takes it) with the security headers. The request
 * accessors that ask libmicrohttpd are here; the response helpers and
 * the security header table, which need nothing of it, are in
 * http_resp.c; authorization, the handler call and error pages in
 * http_req.c.
 *
 * Slow routes (ROUTE_SLOW) do not run here: the connection is suspended
 * (MHD_suspend_connection), the request goes to the worker pool
 * (workq.c), and the job's end resumes it (MHD_resume_connection), when
 * the answer is sent. A request the pool cannot take is answered 503.
 *
 * Timeouts: libmicrohttpd's own timeout counts inactivity, so the
 * watchdog (watchdog.c) gives each connection deadlines (headers
 * complete within header_timeout; the body within request_timeout, or
 * upload_timeout for upload routes) and shuts the socket down when one
 * passes; libmicrohttpd then closes the connection in its own thread.
 * The same thread expires jobs that waited too long in the queue.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "arena.h"
#include "config.h"
#include "http.h"
#include "http_internal.h"
#include "log.h"
#include "proxy.h"
#include "upload.h"
#include "util.h"
#include "watchdog.h"
#include "workq.h"

#define MAX_URL_BYTES	2048
#define PP_BUFFER	4096

static void
notify_connection(void *cls, struct MHD_Connection *mc, void **socket_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(mc,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_ctx = watchdog_add(s->watchdog,
		    ci != NULL ? ci->connect_fd : -1,
		    s->cfg->header_timeout);
		return;
	}
	if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_ctx != NULL) {
		watchdog_remove(s->watchdog, *socket_ctx);
		*socket_ctx = NULL;
	}
}

__attribute__((format(printf, 2, 0)))
static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	/*
	 * libmicrohttpd's messages are about the server, not the client;
	 * kept at debug level so that nothing it might add reaches a
	 * production log.
	 */
	log_debug("mhd: %s", msg);
}

/* --- request accessors ------------------------------------------------ */

const char *
http_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn->mc,
	    MHD_GET_ARGUMENT_KIND, name);
}

const char *
http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn->mc, MHD_HEADER_KIND,
	    name);
}

const char *
http_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn->mc, MHD_COOKIE_KIND,
	    name);
}

int
http_is_tls(struct req *r)
{
	return r->conn->tls;
}

size_t
http_client_addr(struct req *r, unsigned char out[16])
{
	memcpy(out, r->src, sizeof(r->src));
	return r->srclen;
}

struct hdr_join {
	const char	*name;
	struct buf	 b;
};

static enum MHD_Result
join_values(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct hdr_join *hj = cls;

	(void)kind;
	if (value != NULL && strcasecmp(key, hj->name) == 0)
		buf_printf(&hj->b, "%s%s", hj->b.len > 0 ? ", " : "", value);
	return MHD_YES;
}

/* Every line of a header, joined with ", " in order (arena), or NULL. */
static const char *
joined_header(struct http_conn *hc, const char *name)
{
	struct hdr_join hj;
	const char *v = NULL;

	hj.name = name;
	buf_init(&hj.b);
	MHD_get_connection_values(hc->mc, MHD_HEADER_KIND, join_values, &hj);
	if (hj.b.data != NULL)
		v = arena_strdup(hc->req.arena, hj.b.data);
	buf_free(&hj.b);
	return v;
}

/* Sets req.src: the TCP peer, or whom a trusted proxy forwarded. */
static void
client_source(struct http_conn *hc)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;
	unsigned char peer[16];
	size_t len = 0;

	ci = MHD_get_connection_info(hc->mc,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		memcpy(peer, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		len = 4;
	} else if (sa->sa_family == AF_INET6) {
		memcpy(peer, &((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_addr, 16);
		len = 16;
	} else
		return;
	if (!proxy_trusted(&hc->srv->cfg->proxies, peer, len)) {
		hc->req.srclen = proxy_client(&hc->srv->cfg->proxies, peer,
		    len, NULL, NULL, hc->req.src);
		return;
	}
	hc->req.srclen = proxy_client(&hc->srv->cfg->proxies, peer, len,
	    joined_header(hc, "X-Forwarded-For"),
	    joined_header(hc, "Forwarded"), hc->req.src);
}

/* --- responses -------------------------------------------------------- */

#define STREAM_BLOCK	(64 * 1024)	/* preferred size of a pull */

_Static_assert(RESP_SIZE_UNKNOWN == MHD_SIZE_UNKNOWN, "unknown size");

/* A pulled body as libmicrohttpd holds it. */
struct http_stream {
	resp_stream_fn	 fn;
	void		*arg;
	void		(*free_fn)(void *);
	uint64_t	 size;
};

static ssize_t
stream_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct http_stream *hs = cls;
	ssize_t n;

	n = hs->fn(hs->arg, pos, out, max);
	if (n > 0 && (size_t)n <= max &&
	    (hs->size == MHD_SIZE_UNKNOWN || (uint64_t)n <= hs->size - pos))
		return n;
	/* The end, where it was promised (0 would make MHD spin). */
	if (n == 0 && (hs->size == MHD_SIZE_UNKNOWN || pos == hs->size))
		return MHD_CONTENT_READER_END_OF_STREAM;
	log_warnx("http: response stream failed at byte %llu, aborting",
	    (unsigned long long)pos);
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

static void
stream_done(void *cls)
{
	struct http_stream *hs = cls;

	if (hs->free_fn != NULL)
		hs->free_fn(hs->arg);
	free(hs);
}

/* Hands resp's stream to a new MHD response; NULL on failure (freed). */
static struct MHD_Response *
stream_response(struct resp *p)
{
	struct http_stream *hs;
	struct MHD_Response *mr;

	hs = xcalloc(1, sizeof(*hs));
	hs->fn = p->stream;
	hs->arg = p->stream_arg;
	hs->free_fn = p->stream_free;
	hs->size = p->stream_size;
	/* From here on the stream is the MHD response's, or freed below. */
	p->stream = NULL;
	p->stream_arg = NULL;
	p->stream_free = NULL;
	mr = MHD_create_response_from_callback(hs->size, STREAM_BLOCK,
	    stream_reader, hs, stream_done);
	if (mr == NULL)
		stream_done(hs);
	return mr;
}

static enum MHD_Result
send_resp(struct http_conn *hc)
{
	struct req *r = &hc->req;
	struct resp *p = &r->resp;
	struct MHD_Response *mr;
	enum MHD_Result ret;
	size_t i;
	char hsts[64];

	if (p->status == 0)
		http_make_error(hc, 500);
	if (p->stream != NULL)
		mr = stream_response(p);
	else if (p->body.data != NULL) {
		size_t len;
		char *body = buf_detach(&p->body, &len);

		mr = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
		if (mr == NULL)
			free(body);
	} else
		mr = MHD_create_response_from_buffer(p->data_len,
		    (void *)(uintptr_t)p->data, MHD_RESPMEM_PERSISTENT);
	if (mr == NULL)
		return MHD_NO;
	for (i = 0; i < http_nsecurity_headers; i++)
		MHD_add_response_header(mr, http_security_headers[i].name,
		    http_security_headers[i].value);
	MHD_add_response_header(mr, "Content-Security-Policy",
	    p->csp != NULL ? p->csp : http_default_csp);
	if (!p->cacheable) {
		MHD_add_response_header(mr, "Cache-Control", "no-store");
		MHD_add_response_header(mr, "Pragma", "no-cache");
	}
	if (hc->tls && hc->srv->cfg->hsts_max_age > 0) {
		snprintf(hsts, sizeof(hsts), "max-age=%u; includeSubDomains",
		    hc->srv->cfg->hsts_max_age);
		MHD_add_response_header(mr, "Strict-Transport-Security", hsts);
	}
	if (p->content_type != NULL)
		MHD_add_response_header(mr, "Content-Type", p->content_type);
	for (i = 0; i < p->nheaders; i++)
		MHD_add_response_header(mr, p->headers[i].name,
		    p->headers[i].value);
	ret = MHD_queue_response(hc->mc, (unsigned)p->status, mr);
	MHD_destroy_response(mr);
	/* The response is on its way; MHD's inactivity timeout governs it. */
	watchdog_set(hc->srv->watchdog, hc->watch, 0);
	return ret;
}

/* --- request processing ----------------------------------------------- */

static enum MHD_Result
post_iterator(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *ctype, const char *encoding,
    const char *data, uint64_t off, size_t size)
{
	struct http_conn *hc = cls;

	(void)kind;
	(void)ctype;
	(void)encoding;
	if (key == NULL)
		return MHD_YES;
	if (filename != NULL) {
		/* A file part: only an upload route's "files" field takes it. */
		if (hc->req.upload != NULL && strcmp(key, "files") == 0)
			upload_chunk(hc->req.upload, filename, data, off, size);
		return MHD_YES;
	}
	form_feed(&hc->req.form, hc->req.arena, key, data, off, size);
	return MHD_YES;
}

struct hdr_sum {
	size_t	total;
	size_t	count;
};

static enum MHD_Result
sum_headers(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct hdr_sum *hs = cls;

	(void)kind;
	hs->total += strlen(key) + (value != NULL ? strlen(value) : 0) + 4;
	hs->count++;
	return MHD_YES;
}

/*
 * First call for a request: everything up to the body. Returns a status
 * to answer at once, or 0 to go on.
 */
static int
begin_request(struct http_conn *hc, const char *url, const char *method)
{
	struct http_server *s = hc->srv;
	struct req *r = &hc->req;
	struct hdr_sum hs = { 0, 0 };
	enum route_result rr;
	unsigned allowed;
	const char *cl;
	unsigned long long clv;

	r->method = route_method_parse(method);
	if (strcmp(method, "HEAD") == 0)
		r->method = HTTP_HEAD;
	r->path = arena_strdup(r->arena, url);
	client_source(hc);
	/* Behind a TLS-terminating proxy every request arrived over TLS. */
	hc->tls = s->cfg->tls_proxy;

	MHD_get_connection_values(hc->mc, MHD_HEADER_KIND, sum_headers, &hs);
	if (hs.total + strlen(url) > s->cfg->max_header_bytes)
		return MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
	if (strlen(url) > MAX_URL_BYTES)
		return MHD_HTTP_URI_TOO_LONG;
	if (!utf8_valid(url, strlen(url)))
		return MHD_HTTP_BAD_REQUEST;
	if (s->hooks.prepare != NULL)
		s->hooks.prepare(r);

	rr = route_match(s->routes, s->nroutes, r->method, r->path, r->arena,
	    &r->params, &r->route, &allowed);
	if (rr == ROUTE_NOT_FOUND)
		return MHD_HTTP_NOT_FOUND;
	if (rr == ROUTE_BAD_METHOD) {
		struct buf b;
		int m;

		buf_init(&b);
		for (m = 0; m < HTTP__MAX; m++)
			if (allowed & (1u << m))
				buf_printf(&b, "%s%s", b.len ? ", " : "",
				    route_method_name((enum http_method)m));
		resp_header(r, "Allow", b.data != NULL ? b.data : "");
		buf_free(&b);
		return MHD_HTTP_METHOD_NOT_ALLOWED;
	}

	hc->body_limit = r->route->max_body != 0 ? r->route->max_body :
	    r->route->fields != NULL ? s->cfg->max_form_bytes : 0;
	if ((r->route->flags & ROUTE_UPLOAD) && (r->method == HTTP_POST ||
	    r->method == HTTP_PUT)) {
		struct upload_limits ul;

		/* Nobody stages a byte in RAM without the right to send it. */
		if (s->hooks.preauthorize != NULL &&
		    !s->hooks.preauthorize(r))
			return r->resp.status >= 400 ? r->resp.status :
			    MHD_HTTP_FORBIDDEN;

		ul.max_file = (uint64_t)s->cfg->max_file_mb << 20;
		ul.max_total = (uint64_t)s->cfg->max_total_mb << 20;
		ul.max_files = s->cfg->max_files;
		ul.tmpdir = s->cfg->upload_tmpdir;
		ul.max_staged = (uint64_t)s->cfg->staging_max_mb << 20;
		/* Room for the files, their part headers and the fields. */
		hc->body_limit = ul.max_total + (1u << 20) +
		    s->cfg->max_form_bytes;
		r->upload = upload_new(&ul);
	}
	cl = MHD_lookup_connection_value(hc->mc, MHD_HEADER_KIND,
	    "Content-Length");
	if (cl != NULL) {
		if (parse_uint(cl, 0, UINT64_MAX, &clv) == -1)
			return MHD_HTTP_BAD_REQUEST;
		if (clv > hc->body_limit)
			return MHD_HTTP_CONTENT_TOO_LARGE;
	}
	if (r->route->flags & ROUTE_JSON) {
		const char *ct = MHD_lookup_connection_value(hc->mc,
		    MHD_HEADER_KIND, "Content-Type");

		if (r->route->fields != NULL)
			form_init(&r->form, r->route->fields,
			    r->route->nfields);
		if ((r->method == HTTP_POST || r->method == HTTP_PUT) &&
		    (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
		    (ct[16] != '\0' && ct[16] != ';')))
			return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		hc->json = 1;
	} else if (r->route->fields != NULL) {
		form_init(&r->form, r->route->fields, r->route->nfields);
		if (r->method == HTTP_POST || r->method == HTTP_PUT) {
			hc->pp = MHD_create_post_processor(hc->mc, PP_BUFFER,
			    post_iterator, hc);
			if (hc->pp == NULL)
				return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		}
	}
	watchdog_set(s->watchdog, hc->watch,
	    (r->route->flags & ROUTE_UPLOAD) ?
	    s->cfg->upload_timeout : s->cfg->request_timeout);
	return 0;
}

/*
 * Last call, first part: the body is complete. Returns 0 when the route
 * may run, -1 when an error response is made.
 */
static int
finish_body(struct http_conn *hc)
{
	struct req *r = &hc->req;

	if (hc->too_large) {
		http_make_error(hc, MHD_HTTP_CONTENT_TOO_LARGE);
		return -1;
	}
	if (hc->bad_body) {
		http_make_error(hc, MHD_HTTP_BAD_REQUEST);
		return -1;
	}
	if (hc->json) {
		r->body = hc->raw.data != NULL ? hc->raw.data : "";
		r->body_len = hc->raw.len;
	} else if (r->route->fields != NULL) {
		if (hc->pp != NULL && MHD_destroy_post_processor(hc->pp) ==
		    MHD_NO) {
			hc->pp = NULL;
			http_make_error(hc, MHD_HTTP_BAD_REQUEST);
			return -1;
		}
		hc->pp = NULL;
		(void)form_validate(&r->form, r->arena);
	}
	return 0;
}

/* --- the worker pool -------------------------------------------------- */

/* The watchdog's tick: answer the jobs that waited too long. */
static void
pool_tick(void *arg)
{
	workq_expire(arg);
}

#define JOB_CONN(j)	((struct http_conn *)(void *)((char *)(j) - \
			    offsetof(struct http_conn, job)))

static void
job_run(struct workq_job *j)
{
	http_run_route(JOB_CONN(j));
}

/* From a worker or the watchdog: the job is over; let MHD answer. */
static void
job_done(struct workq_job *j, enum workq_outcome o)
{
	struct http_conn *hc = JOB_CONN(j);

	hc->outcome = o;
	hc->phase = JOB_DONE;
	MHD_resume_connection(hc->mc);
}

/*
 * Hands a slow route to the pool and suspends the connection; the job's
 * end resumes it and access_handler answers (answer_job). A refusal
 * resumes it at once, to answer 503.
 */
static enum MHD_Result
queue_job(struct http_conn *hc)
{
	struct http_server *s = hc->srv;
	struct workq_job *j = &hc->job;

	j->run = job_run;
	j->done = job_done;
	j->fd = watchdog_fd(hc->watch);
	j->srclen = hc->req.srclen;
	memcpy(j->src, hc->req.src, sizeof(j->src));
	/* The queue's deadline governs from here; the answer, MHD's. */
	watchdog_set(s->watchdog, hc->watch, 0);
	hc->phase = JOB_QUEUED;
	MHD_suspend_connection(hc->mc);
	if (workq_submit(s->pool, j) != WORKQ_OK) {
		hc->refused = 1;
		hc->phase = JOB_DONE;
		MHD_resume_connection(hc->mc);
	}
	return MHD_YES;
}

/* The answer to a resumed connection. */
static enum MHD_Result
answer_job(struct http_conn *hc)
{
	if (!hc->refused && hc->outcome == WORKQ_RAN)
		return send_resp(hc);
	if (!hc->refused && hc->outcome != WORKQ_EXPIRED)
		return MHD_NO;	/* the client is gone, or we are stopping */
	http_busy(hc, workq_retry_after(hc->srv->pool));
	return send_resp(hc);
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *mc, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_conn *hc = *con_cls;
	const union MHD_ConnectionInfo *ci;
	int status;

	(void)version;
	if (hc == NULL) {
		hc = xcalloc(1, sizeof(*hc));
		hc->srv = s;
		hc->mc = mc;
		hc->req.arena = arena_new();
		hc->req.app = s->hooks.app;
		hc->req.conn = hc;
		buf_init(&hc->req.resp.body);
		buf_init(&hc->raw);
		ci = MHD_get_connection_info(mc,
		    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		hc->watch = ci != NULL ? ci->socket_context : NULL;
		*con_cls = hc;
		status = begin_request(hc, url, method);
		if (status != 0) {
			hc->early = status;
			http_make_error(hc, status);
			return send_resp(hc);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		hc->body_bytes += n;
		if (hc->too_large || hc->body_bytes > hc->body_limit) {
			/* Without a Content-Length: drop a little, then the
			 * connection, rather than read forever. */
			hc->too_large = 1;
			if (hc->body_bytes > hc->body_limit + 65536)
				return MHD_NO;
			return MHD_YES;
		}
		if (hc->json)
			buf_append(&hc->raw, upload_data, n);
		else if (hc->pp != NULL &&
		    MHD_post_process(hc->pp, upload_data, n) == MHD_NO)
			hc->bad_body = 1;
		return MHD_YES;
	}
	if (hc->phase == JOB_DONE)
		return answer_job(hc);
	if (hc->phase == JOB_QUEUED)
		return MHD_YES;
	if (finish_body(hc) == 0) {
		if (hc->req.route->flags & ROUTE_SLOW)
			return queue_job(hc);
		http_run_route(hc);
	}
	return send_resp(hc);
}

static void
request_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_conn *hc = *con_cls;

	(void)mc;
	if (hc == NULL)
		return;
	log_debug("http: %s %s %d%s", route_method_name(hc->req.method),
	    hc->req.route != NULL ? hc->req.route->pattern : "-",
	    hc->req.resp.status,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (hc->pp != NULL)
		MHD_destroy_post_processor(hc->pp);
	if (s->hooks.release != NULL)
		s->hooks.release(&hc->req);
	if (hc->req.upload != NULL)
		upload_free(hc->req.upload);
	buf_free(&hc->raw);
	watchdog_set(s->watchdog, hc->watch,
	    s->cfg->conn_timeout + s->cfg->header_timeout);
	buf_free(&hc->req.resp.body);
	http_stream_drop(&hc->req.resp);
	arena_free(hc->req.arena);
	free(hc);
	*con_cls = NULL;
}

/* --- server lifecycle ------------------------------------------------- */

int
http_start(struct http_server **out, const struct wbs_config *cfg,
    const struct route *routes, size_t nroutes,
    const struct http_hooks *hooks, char *err, size_t errlen)
{
	struct http_server *s;
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	unsigned flags;
	const union MHD_DaemonInfo *di;
	struct workq_limits lim;

	*out = NULL;
	if (route_table_check(routes, nroutes, err, errlen) == -1)
		return -1;
	memset(&ss, 0, sizeof(ss));
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	if (inet_pton(AF_INET, cfg->listen_addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(cfg->listen_port);
	} else if (inet_pton(AF_INET6, cfg->listen_addr, &sin6->sin6_addr) ==
	    1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(cfg->listen_port);
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen address %s is not an IP address",
		    cfg->listen_addr);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->cfg = cfg;
	s->routes = routes;
	s->nroutes = nroutes;
	s->hooks = *hooks;
	lim.workers = workers_of(cfg);
	lim.max_queue = cfg->queue_max;
	lim.max_wait_ms = cfg->queue_wait * 1000;
	lim.per_source = cfg->queue_per_source;
	lim.on_idle = mem_give_back;
	if ((s->pool = workq_new(&lim)) == NULL ||
	    (s->watchdog = watchdog_start(pool_tick, s->pool)) == NULL) {
		snprintf(err, errlen, "cannot start worker threads");
		goto fail;
	}
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL,
	    access_handler, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
	    /* Behind a proxy every peer is the proxy: its own limits apply. */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)
	    (cfg->proxies.n == 0 ? cfg->conn_per_ip : 0),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->conn_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->conn_memory,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, s,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_connection, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s,
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
	    MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%u (in use, or "
		    "not an address of this machine?)", cfg->listen_addr,
		    (unsigned)cfg->listen_port);
		goto fail;
	}
	di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : cfg->listen_port;
	*out = s;
	return 0;
fail:
	watchdog_stop(s->watchdog);
	workq_free(s->pool);
	free(s);
	return -1;
}

uint16_t
http_port(const struct http_server *s)
{
	return s->port;
}

void
http_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	/*
	 * The pool first: it finishes the running jobs and resumes every
	 * suspended connection, which MHD_stop_daemon requires. The
	 * watchdog's tick, which expires the pool's jobs, stops before it.
	 */
	watchdog_stop_tick(s->watchdog);
	workq_free(s->pool);
	MHD_stop_daemon(s->daemon);
	watchdog_stop(s->watchdog);
	free(s);
}

void
http_pool_stats(struct http_server *s, struct workq_stats *st)
{
	workq_get_stats(s->pool, st);
}
