/*
 * route.h: the route table. Each route names its method, a path pattern,
 * the handler, the roles that may call it, whether it needs a CSRF token,
 * the whitelist of form fields it accepts and its body limit. A reviewer
 * audits all of a server's routes on one screen (see pages.c).
 *
 * Patterns are literal segments, ":name" (one segment of [A-Za-z0-9_.-])
 * and a final "*" (the rest of the path, non-empty, without "." or ".."
 * segments). Matching is pure: no I/O, no allocation but the arena.
 */
#ifndef WBS_ROUTE_H
#define WBS_ROUTE_H

#include <stddef.h>

#include "roles.h"

struct arena;
struct form_field;
struct req;

enum http_method {
	HTTP_GET,	/* also serves HEAD */
	HTTP_POST,
	HTTP_PUT,
	HTTP_DELETE,
	HTTP_HEAD,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP__MAX
};

/* Route flags. */
#define ROUTE_FORM_SELF	(1u << 0)	/* handler shows form errors itself */
#define ROUTE_UPLOAD	(1u << 1)	/* long bodies: upload timeout applies */
#define ROUTE_JSON	(1u << 2)	/* JSON body (application/json) in req->body */
/*
 * Slow work (Argon2id, mat2, file encryption, PDF): authorization and
 * handler run on the worker pool while the connection waits suspended;
 * a full queue answers 503 with Retry-After (http_hooks.busy).
 */
#define ROUTE_SLOW	(1u << 3)

typedef void (*route_fn)(struct req *);

struct route {
	enum http_method		 method;
	const char			*pattern;
	route_fn			 handler;
	unsigned			 roles;
	int				 csrf;
	const struct form_field		*fields;	/* NULL: no body accepted */
	size_t				 nfields;
	size_t				 max_body;	/* 0: the configured default */
	unsigned			 flags;
};

#define ROUTE_MAX_PARAMS	4

struct route_params {
	size_t		 n;
	const char	*name[ROUTE_MAX_PARAMS];
	const char	*value[ROUTE_MAX_PARAMS];
};

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD	/* path matched, method did not */
};

/*
 * Finds the first route matching method and path. On ROUTE_FOUND sets
 * *out and fills params (values copied into the arena). HEAD matches GET
 * routes. On ROUTE_BAD_METHOD, *allowed holds the HTTP_* bits that would
 * have matched.
 */
enum route_result route_match(const struct route *, size_t n,
		    enum http_method, const char *path, struct arena *,
		    struct route_params *, const struct route **out,
		    unsigned *allowed);

/* The named parameter of a matched route, or NULL. */
const char	*route_param(const struct route_params *, const char *name);

/* Method names ("GET") and parsing ("GET" -> HTTP_GET, else HTTP_OTHER). */
const char	*route_method_name(enum http_method);
enum http_method route_method_parse(const char *);

/*
 * Checks a table at start-up: every pattern starts with "/", parameters
 * are well-formed, "*" only last, no duplicate (method, pattern), form
 * routes have fields. Returns 0 or -1 with err set.
 */
int		 route_table_check(const struct route *, size_t n, char *err,
		    size_t errlen);

#endif
