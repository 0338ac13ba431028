/*
 * api_util.h: what the JSON API handlers share: writing a response,
 * ISO 8601 times, error objects, and reading a JSON body into the
 * route's whitelisted form with the same answer for every endpoint.
 */
#ifndef WBS_API_UTIL_H
#define WBS_API_UTIL_H

#include <stdint.h>

struct json_out;
struct req;

/* Messages in one answer; older ones through ?messages_before=ID. */
#define API_MESSAGES_PAGE	100

/* Sends o (which it frees) with status as application/json. */
void		 api_reply(struct req *, int status, struct json_out *o);
/* "2026-11-27T20:45:00Z" */
void		 api_iso(int64_t t, char out[32]);
/* Starts {"error":{"code","message"}} in *o and returns the error object. */
struct json_out	*api_error_obj(struct req *, struct json_out **o,
		    const char *code, const char *msgkey);
/*
 * Parses the JSON body into the route's form and validates it; on failure
 * answers 400 (invalid_request, or invalid_field listing each field with
 * its reason) and returns -1.
 */
int		 api_parse_body(struct req *);

#endif
