/*
 * route.c: matching a request's method and path against the route table.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "route.h"

static const char *const method_names[HTTP__MAX] = {
	"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "OTHER"
};

const char *
route_method_name(enum http_method m)
{
	return (unsigned)m < HTTP__MAX ? method_names[m] : "OTHER";
}

enum http_method
route_method_parse(const char *s)
{
	int i;

	for (i = 0; i < HTTP_OTHER; i++)
		if (strcmp(s, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

static int
seg_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Length of the segment at s (up to '/' or NUL). */
static size_t
seg_len(const char *s)
{
	return strcspn(s, "/");
}

/*
 * Matches path against pattern; fills params on success. Returns 1 on a
 * match, 0 otherwise.
 */
static int
pattern_match(const char *pat, const char *path, struct arena *a,
    struct route_params *rp)
{
	rp->n = 0;
	if (*pat != '/' || *path != '/')
		return 0;
	while (*pat != '\0') {
		if (*pat == '/') {
			if (*path != '/')
				return 0;
			pat++;
			path++;
			continue;
		}
		if (*pat == '*') {
			const char *s = path;

			if (*path == '\0')
				return 0;
			/* no empty, "." or ".." segments */
			for (;;) {
				size_t n = seg_len(s);

				if (n == 0 || (n == 1 && s[0] == '.') ||
				    (n == 2 && s[0] == '.' && s[1] == '.'))
					return 0;
				s += n;
				if (*s == '\0')
					break;
				s++;
			}
			if (rp->n < ROUTE_MAX_PARAMS) {
				rp->name[rp->n] = "*";
				rp->value[rp->n] = arena_strdup(a, path);
				rp->n++;
			}
			return 1;
		}
		if (*pat == ':') {
			size_t pn = seg_len(pat), vn = seg_len(path), i;

			if (vn == 0)
				return 0;
			for (i = 0; i < vn; i++)
				if (!seg_char_ok(path[i]))
					return 0;
			if (rp->n < ROUTE_MAX_PARAMS) {
				rp->name[rp->n] = arena_strndup(a, pat + 1,
				    pn - 1);
				rp->value[rp->n] = arena_strndup(a, path, vn);
				rp->n++;
			}
			pat += pn;
			path += vn;
			continue;
		}
		{
			size_t pn = seg_len(pat), vn = seg_len(path);

			if (pn != vn || strncmp(pat, path, pn) != 0)
				return 0;
			pat += pn;
			path += vn;
		}
	}
	return *path == '\0';
}

enum route_result
route_match(const struct route *routes, size_t n, enum http_method m,
    const char *path, struct arena *a, struct route_params *rp,
    const struct route **out, unsigned *allowed)
{
	size_t i;
	enum route_result res = ROUTE_NOT_FOUND;

	*out = NULL;
	if (allowed != NULL)
		*allowed = 0;
	for (i = 0; i < n; i++) {
		const struct route *r = &routes[i];

		if (!pattern_match(r->pattern, path, a, rp))
			continue;
		if (r->method == m || (m == HTTP_HEAD && r->method == HTTP_GET)) {
			*out = r;
			return ROUTE_FOUND;
		}
		res = ROUTE_BAD_METHOD;
		if (allowed != NULL) {
			*allowed |= 1u << r->method;
			if (r->method == HTTP_GET)
				*allowed |= 1u << HTTP_HEAD;
		}
	}
	rp->n = 0;
	return res;
}

const char *
route_param(const struct route_params *rp, const char *name)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (strcmp(rp->name[i], name) == 0)
			return rp->value[i];
	return NULL;
}

/*
 * Checks one pattern: "/" alone, or segments that are literal
 * [A-Za-z0-9_.~-], ":name" with name [A-Za-z0-9_], or a final "*";
 * at most ROUTE_MAX_PARAMS parameters. Returns 0 or -1.
 */
static int
pattern_check(const char *p)
{
	size_t nparams = 0, n, i;

	if (p == NULL || p[0] != '/')
		return -1;
	if (p[1] == '\0')
		return 0;
	p++;
	for (;;) {
		n = seg_len(p);
		if (n == 0)
			return -1;		/* "//" or a trailing "/" */
		if (p[0] == '*') {
			if (n != 1 || p[1] != '\0')
				return -1;
			return nparams + 1 > ROUTE_MAX_PARAMS ? -1 : 0;
		}
		if (p[0] == ':') {
			if (n == 1 || ++nparams > ROUTE_MAX_PARAMS)
				return -1;
			for (i = 1; i < n; i++) {
				char c = p[i];

				if (!((c >= 'a' && c <= 'z') ||
				    (c >= 'A' && c <= 'Z') ||
				    (c >= '0' && c <= '9') || c == '_'))
					return -1;
			}
		} else
			for (i = 0; i < n; i++)
				if (!seg_char_ok(p[i]) && p[i] != '~')
					return -1;
		p += n;
		if (*p == '\0')
			return 0;
		p++;
	}
}

int
route_table_check(const struct route *routes, size_t n, char *err,
    size_t errlen)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		const char *p = r->pattern;

		if (r->handler == NULL || pattern_check(p) == -1) {
			snprintf(err, errlen, "route %zu (%s): malformed "
			    "pattern or no handler", i, p != NULL ? p : "null");
			return -1;
		}
		if ((r->method == HTTP_POST || r->method == HTTP_PUT) &&
		    r->fields == NULL && r->max_body == 0) {
			snprintf(err, errlen, "route %s: body route without "
			    "fields or limit", p);
			return -1;
		}
		if (r->method == HTTP_HEAD || r->method >= HTTP_OTHER) {
			snprintf(err, errlen, "route %s: bad method", p);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (routes[j].method == r->method &&
			    strcmp(routes[j].pattern, p) == 0) {
				snprintf(err, errlen, "route %s %s: duplicate",
				    route_method_name(r->method), p);
				return -1;
			}
	}
	return 0;
}
