/*
 * http.h: the HTTP server core, on libmicrohttpd (only http.c includes
 * microhttpd.h). It owns connections, limits, timeouts, body parsing
 * into whitelisted forms, and the security headers that every response
 * carries. Handlers see a struct req and fill its struct resp.
 */
#ifndef WBS_HTTP_H
#define WBS_HTTP_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "form.h"
#include "i18n.h"
#include "route.h"

struct arena;
struct http_server;
struct upload;
struct wbs_config;

#define RESP_MAX_HEADERS	16

struct http_header {
	const char	*name;
	const char	*value;
};

/* resp.stream_size when the length is not known (chunked encoding). */
#define RESP_SIZE_UNKNOWN	UINT64_MAX

/*
 * The body is one of: resp.body (a buffer), resp.data (borrowed), or a
 * pull stream. A stream is called in the connection's thread, after the
 * handler returned (so stream_arg must not point into the request's
 * arena or session), with pos the number of bytes produced so far; it
 * returns how many bytes it put into buf (at most max), 0 at the end,
 * or -1 on an error: the connection is then closed before the promised
 * length, and the client cannot take the body for complete. Once set,
 * stream_arg belongs to the response: stream_free is called exactly
 * once, when the response is done with or was never sent.
 */
typedef ssize_t	(*resp_stream_fn)(void *arg, uint64_t pos, char *buf,
		    size_t max);

struct resp {
	int			 status;	/* 0 until a handler answers */
	const char		*content_type;
	struct buf		 body;
	const void		*data;		/* borrowed body, outlives the server */
	size_t			 data_len;
	resp_stream_fn		 stream;	/* pulled body, see above */
	void			*stream_arg;
	void			(*stream_free)(void *arg);
	uint64_t		 stream_size;	/* or RESP_SIZE_UNKNOWN */
	struct http_header	 headers[RESP_MAX_HEADERS];
	size_t			 nheaders;
	int			 cacheable;	/* static asset: no "no-store" */
	const char		*csp;		/* NULL: the default policy */
};

struct req {
	struct arena		*arena;
	enum http_method	 method;
	const char		*path;
	const struct route	*route;
	struct route_params	 params;
	struct form		 form;
	enum lang		 lang;
	void			*app;		/* the application, see http_start */
	void			*session;	/* staff session (authorize hook) */
	void			*rsession;	/* reporter session (authorize hook) */
	struct upload		*upload;	/* ROUTE_UPLOAD: files of field "files" */
	const char		*body;		/* ROUTE_JSON: the raw body, NUL-terminated */
	/* The client (behind trusted proxies: the forwarded one); see http_client_addr. */
	unsigned char		 src[16];
	size_t			 srclen;
	size_t			 body_len;
	struct http_conn	*conn;		/* internal */
	struct resp		 resp;
};

/* Hooks the application gives the server. */
struct http_hooks {
	void		*app;
	/* Called before the handler to set req->lang and the like. */
	void		(*prepare)(struct req *);
	/* Renders an error page for status into req->resp. */
	void		(*error)(struct req *, int status);
	/*
	 * Returns 1 when the request may call its route (roles, CSRF);
	 * otherwise it has set an error status and returns 0. NULL: only
	 * public routes without CSRF are served.
	 */
	int		(*authorize)(struct req *);
	/*
	 * For upload routes, before a byte of the body is accepted: 1 when
	 * the request may go on (session and roles), otherwise it has set
	 * an error status and returns 0. NULL: not called.
	 */
	int		(*preauthorize)(struct req *);
	/* Called when the request ends, to release req->session. */
	void		(*release)(struct req *);
	/*
	 * Renders the answer to a ROUTE_SLOW request that the worker pool
	 * could not take (queue full, or its deadline passed): status 503,
	 * nothing done, for a form the page again with what was typed. The
	 * server adds Retry-After. NULL: the error page for 503.
	 */
	void		(*busy)(struct req *);
};

/*
 * Starts listening on the configured address (port 0 picks a free port)
 * with the given routes. Returns 0 or -1 with err set.
 */
int		 http_start(struct http_server **, const struct wbs_config *,
		    const struct route *, size_t nroutes,
		    const struct http_hooks *, char *err, size_t errlen);
/* The port actually bound. */
uint16_t	 http_port(const struct http_server *);
void		 http_stop(struct http_server *);
struct workq_stats;
/* The worker pool's counters (tests, benchmarks). */
void		 http_pool_stats(struct http_server *, struct workq_stats *);

/* Request accessors: values as received (percent-decoded); NULL if absent. */
const char	*http_query(struct req *, const char *name);
const char	*http_header(struct req *, const char *name);
const char	*http_cookie(struct req *, const char *name);
/* 1 when the request came over TLS or through the configured TLS proxy. */
int		 http_is_tls(struct req *);
/*
 * The client's IP address bytes (4 or 16) for rate limiting through a
 * keyed hash: never to be logged or stored. Behind a proxy listed in
 * [server] trusted_proxies it is the address the proxy forwarded
 * (X-Forwarded-For or Forwarded); otherwise the TCP peer. Returns the
 * length, 0 if unknown.
 */
size_t		 http_client_addr(struct req *, unsigned char out[16]);

/* Response helpers; strings are copied into the request arena. */
void		 resp_header(struct req *, const char *name, const char *value);
/*
 * Adds a Set-Cookie header: HttpOnly, SameSite=Strict (or Lax when lax),
 * Path=/, Secure when over TLS; max_age < 0 makes a session cookie,
 * 0 deletes it.
 */
void		 resp_cookie(struct req *, const char *name, const char *value,
		    long max_age, int lax);
void		 resp_redirect(struct req *, int status, const char *location);
void		 resp_text(struct req *, int status, const char *ctype,
		    const char *text);

/* The security headers of every response (exposed for tests). */
extern const struct http_header http_security_headers[];
extern const size_t http_nsecurity_headers;
extern const char http_default_csp[];

#endif
