/*
 * http_internal.h: the server and per-request state shared by http.c
 * (the libmicrohttpd glue, the only file that includes microhttpd.h)
 * and http_req.c (what a request does that needs nothing of
 * libmicrohttpd: error pages, authorization and the handler, the busy
 * answer). Not for other modules.
 */
#ifndef WBS_HTTP_INTERNAL_H
#define WBS_HTTP_INTERNAL_H

#include <stdint.h>

#include "buf.h"
#include "http.h"
#include "workq.h"

struct MHD_Connection;
struct MHD_Daemon;
struct MHD_PostProcessor;
struct watch;
struct watchdog;

struct http_server {
	struct MHD_Daemon	*daemon;
	const struct wbs_config	*cfg;
	const struct route	*routes;
	size_t			 nroutes;
	struct http_hooks	 hooks;
	uint16_t		 port;
	struct watchdog		*watchdog;
	struct workq		*pool;
};

/* Where a request stands with the worker pool. */
enum job_phase {
	JOB_NONE,	/* not a pool job (yet) */
	JOB_QUEUED,	/* suspended, in the queue or running */
	JOB_DONE	/* resumed: answer according to outcome */
};

/* Per-request state; req.conn points here. */
struct http_conn {
	struct req		 req;
	struct http_server	*srv;
	struct MHD_Connection	*mc;
	struct MHD_PostProcessor *pp;
	struct watch		*watch;
	uint64_t		 body_bytes;
	size_t			 body_limit;
	int			 early;		/* status decided before the body */
	int			 too_large;
	int			 bad_body;
	int			 tls;
	int			 json;		/* collect the raw body */
	struct buf		 raw;
	struct workq_job	 job;
	enum job_phase		 phase;
	int			 refused;	/* the queue would not take it */
	enum workq_outcome	 outcome;
};

/* Drops a stream the response still owns (never handed to the library). */
void	 http_stream_drop(struct resp *);
/* Fills req->resp with the error page for status. */
void	 http_make_error(struct http_conn *, int status);
/*
 * Authorization, then the route's handler. For a slow route this runs
 * on a worker while the connection is suspended; it reads the request
 * (headers, cookies) but libmicrohttpd does not touch a suspended
 * connection meanwhile.
 */
void	 http_run_route(struct http_conn *);
/*
 * The answer to a slow request the pool did not run (queue full, or its
 * deadline passed): the busy hook's page, or the 503 error page, with
 * Retry-After: retry_after.
 */
void	 http_busy(struct http_conn *, unsigned retry_after);

#endif
