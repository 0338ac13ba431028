/*
 * json.c: request bodies into forms, and the response writer, on
 * jansson.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "form.h"
#include "json.h"
#include "util.h"

/* Feeds one member; returns 0 or -1 with err set. */
static int
feed_value(struct form *f, struct arena *a, const char *name, json_t *v,
    int depth, char *err, size_t errlen)
{
	char num[32];
	const char *k;
	json_t *sub;

	switch (json_typeof(v)) {
	case JSON_STRING:
		form_feed(f, a, name, json_string_value(v), 0,
		    json_string_length(v));
		return 0;
	case JSON_TRUE:
		form_feed(f, a, name, "1", 0, 1);
		return 0;
	case JSON_FALSE:
		return 0;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		form_feed(f, a, name, num, 0, strlen(num));
		return 0;
	case JSON_OBJECT:
		if (depth + 1 >= JSON_MAX_DEPTH) {
			snprintf(err, errlen, "member '%.40s' is nested too "
			    "deeply", name);
			return -1;
		}
		json_object_foreach(v, k, sub) {
			char full[160];
			int n = snprintf(full, sizeof(full), "%s.%s", name, k);

			if (n < 0 || (size_t)n >= sizeof(full))
				continue;	/* cannot be a known field */
			if (feed_value(f, a, full, sub, depth + 1, err,
			    errlen) == -1)
				return -1;
		}
		return 0;
	default:
		if (form_index(f, name) < 0)
			return 0;	/* unknown: dropped */
		snprintf(err, errlen, "member '%.40s' must be a string", name);
		return -1;
	}
}

int
json_to_form(struct form *f, struct arena *a, const char *body, size_t len,
    char *err, size_t errlen)
{
	json_error_t je;
	json_t *root, *v;
	const char *k;
	int rc = 0;

	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "malformed JSON at line %d column %d",
		    je.line, je.column);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "the body must be a JSON object");
		json_decref(root);
		return -1;
	}
	json_object_foreach(root, k, v) {
		if (feed_value(f, a, k, v, 0, err, errlen) == -1) {
			rc = -1;
			break;
		}
	}
	json_decref(root);
	return rc;
}

struct json_out *
json_out_new(void)
{
	json_t *o = json_object();

	if (o == NULL)
		abort();
	return (struct json_out *)o;
}

void
json_out_free(struct json_out *o)
{
	json_decref((json_t *)o);
}

static void
set(struct json_out *o, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new((json_t *)o, key, v) == -1)
		abort();
}

void
json_out_str(struct json_out *o, const char *key, const char *s)
{
	/* Invalid UTF-8 never reaches a client as JSON. */
	set(o, key, json_stringn_nocheck(s, utf8_valid(s, strlen(s)) ?
	    strlen(s) : 0));
}

void
json_out_int(struct json_out *o, const char *key, int64_t v)
{
	set(o, key, json_integer((json_int_t)v));
}

void
json_out_bool(struct json_out *o, const char *key, int v)
{
	set(o, key, json_boolean(v));
}

struct json_out *
json_out_obj(struct json_out *o, const char *key)
{
	json_t *c = json_object();

	set(o, key, c);
	return (struct json_out *)c;
}

struct json_out *
json_out_arr(struct json_out *o, const char *key)
{
	json_t *c = json_array();

	set(o, key, c);
	return (struct json_out *)c;
}

struct json_out *
json_out_push_obj(struct json_out *arr)
{
	json_t *c = json_object();

	if (c == NULL || json_array_append_new((json_t *)arr, c) == -1)
		abort();
	return (struct json_out *)c;
}

void
json_out_push_str(struct json_out *arr, const char *s)
{
	json_t *c = json_stringn_nocheck(s, utf8_valid(s, strlen(s)) ?
	    strlen(s) : 0);

	if (c == NULL || json_array_append_new((json_t *)arr, c) == -1)
		abort();
}

void
json_out_dump(const struct json_out *o, struct buf *b)
{
	char *s = json_dumps((const json_t *)o, JSON_COMPACT |
	    JSON_ENSURE_ASCII);

	if (s == NULL)
		abort();
	buf_puts(b, s);
	free(s);
}
