/*
 * json.h: JSON at the API edge, on jansson (only json.c includes
 * jansson.h). Requests are not handled as JSON trees: the members of a
 * request object are fed into the route's whitelisted form, so the API
 * and the HTML forms share one set of validators. Responses are built
 * with a small writer.
 */
#ifndef WBS_JSON_H
#define WBS_JSON_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct form;

#define JSON_MAX_DEPTH	2	/* an object, and objects inside it */

/*
 * Parses body as a JSON object and feeds its string members to form
 * (members of a nested object as "parent.child"; booleans as "1" or
 * absent; numbers as their decimal text). Unknown members are dropped.
 * Returns 0, or -1 with err set: not UTF-8 JSON, not an object, nested
 * too deep, or an array/null where a known field is.
 */
int	 json_to_form(struct form *, struct arena *, const char *body,
	    size_t len, char *err, size_t errlen);

/* A JSON value being written; the root is an object. */
struct json_out;

struct json_out	*json_out_new(void);
void		 json_out_free(struct json_out *);
void		 json_out_str(struct json_out *, const char *key, const char *);
void		 json_out_int(struct json_out *, const char *key, int64_t);
void		 json_out_bool(struct json_out *, const char *key, int);
/* A member object or array; owned by the parent. */
struct json_out	*json_out_obj(struct json_out *, const char *key);
struct json_out	*json_out_arr(struct json_out *, const char *key);
/* Appends to an array. */
struct json_out	*json_out_push_obj(struct json_out *arr);
void		 json_out_push_str(struct json_out *arr, const char *);
/* Appends the compact serialisation to buf. */
void		 json_out_dump(const struct json_out *, struct buf *);

#endif
