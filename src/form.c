/*
 * form.c: accumulation and validation of whitelisted form fields.
 */
#include <string.h>

#include "arena.h"
#include "form.h"
#include "util.h"

static const char *const err_keys[FORM_ERR__MAX] = {
	"",
	"form.error.required",
	"form.error.too_long",
	"form.error.too_short",
	"form.error.utf8",
	"form.error.charset",
	"form.error.invalid",
};

const char *
form_err_key(enum form_err e)
{
	return (unsigned)e < FORM_ERR__MAX ? err_keys[e] : "form.error.invalid";
}

void
form_init(struct form *f, const struct form_field *fields, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->fields = fields;
	f->nfields = n > FORM_MAX_FIELDS ? FORM_MAX_FIELDS : n;
}

int
form_index(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * Raw bytes kept per field before normalisation: enough for CRLF pairs
 * and stripped dashes to shrink into max_len, but bounded.
 */
static size_t
raw_cap(const struct form_field *ff)
{
	size_t cap = ff->max_len * 4 + 8;

	return cap < ff->max_len ? ff->max_len : cap;
}

/*
 * The length that limits count: characters (code points) for text a
 * person types, as the browser's maxlength does; bytes otherwise.
 */
static size_t
field_len(const struct form_field *ff, const char *s, size_t len)
{
	size_t i, n = 0;

	if (ff->kind != FORM_TEXT && ff->kind != FORM_LINE &&
	    ff->kind != FORM_SECRET)
		return len;
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

void
form_feed(struct form *f, struct arena *a, const char *key, const char *data,
    uint64_t off, size_t size)
{
	int i = form_index(f, key);
	struct form_value *v;
	size_t cap, keep, ncap;
	char *nr;

	if (i < 0) {
		if (off == 0)
			f->unknown++;
		return;
	}
	v = &f->v[i];
	if (off == 0 && v->present) {
		v->done = 1;	/* a second value of the same name */
		v->err = FORM_ERR_INVALID;
	}
	if (v->done)
		return;
	v->present = 1;
	cap = raw_cap(&f->fields[i]);
	if (v->rawlen >= cap || size > cap - v->rawlen) {
		v->overflow = 1;
		keep = cap - v->rawlen;
	} else
		keep = size;
	if (keep == 0)
		return;
	if (v->rawlen + keep + 1 > v->rawcap) {
		/* Grow geometrically so that tiny chunks cost linear memory. */
		ncap = v->rawcap < 64 ? 64 : v->rawcap;
		while (ncap < v->rawlen + keep + 1)
			ncap *= 2;
		if (ncap > cap + 1)
			ncap = cap + 1;
		nr = arena_alloc(a, ncap);
		if (v->rawlen > 0)
			memcpy(nr, v->raw, v->rawlen);
		v->raw = nr;
		v->rawcap = ncap;
	}
	memcpy(v->raw + v->rawlen, data, keep);
	v->rawlen += keep;
	v->raw[v->rawlen] = '\0';
}

static int
is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* 1 if s holds a C1 control character (U+0080..U+009F) in UTF-8. */
static int
has_c1(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] == 0xc2 &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 1;
	return 0;
}

/* Normalises v in place for its kind; returns an error or FORM_OK. */
static enum form_err
normalise(const struct form_field *ff, struct form_value *v)
{
	char *s = v->val;
	size_t i, o = 0;

	if (memchr(s, '\0', v->len) != NULL || !utf8_valid(s, v->len))
		return FORM_ERR_UTF8;
	if (has_c1(s, v->len))
		return FORM_ERR_CHARSET;
	switch (ff->kind) {
	case FORM_TEXT:
		for (i = 0; i < v->len; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\r') {
				if (i + 1 < v->len && s[i + 1] == '\n')
					continue;
				c = '\n';
			}
			if (is_ctl(c) && c != '\n' && c != '\t')
				return FORM_ERR_CHARSET;
			s[o++] = (char)c;
		}
		break;
	case FORM_LINE:
	case FORM_ENUM:
	case FORM_BOOL:
		for (i = 0; i < v->len; i++)
			if (is_ctl((unsigned char)s[i]))
				return FORM_ERR_CHARSET;
		i = 0;
		while (i < v->len && s[i] == ' ')
			i++;
		o = v->len;
		while (o > i && s[o - 1] == ' ')
			o--;
		memmove(s, s + i, o - i);
		o -= i;
		break;
	case FORM_SECRET:
		for (i = 0; i < v->len; i++)
			if (is_ctl((unsigned char)s[i]))
				return FORM_ERR_CHARSET;
		o = v->len;
		break;
	case FORM_TOKEN:
		for (i = 0; i < v->len; i++) {
			char c = s[i];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '_' || c == '-'))
				return FORM_ERR_CHARSET;
		}
		o = v->len;
		break;
	case FORM_DIGITS:
		for (i = 0; i < v->len; i++) {
			char c = s[i];

			if (c == ' ' || c == '-')
				continue;
			if (c < '0' || c > '9')
				return FORM_ERR_CHARSET;
			s[o++] = c;
		}
		break;
	default:
		return FORM_ERR_INVALID;
	}
	s[o] = '\0';
	v->len = o;
	return FORM_OK;
}

static enum form_err
check_field(const struct form_field *ff, struct form_value *v,
    struct arena *a)
{
	enum form_err e;
	size_t i;

	if (v->err != FORM_OK)
		return v->err;
	if (!v->present || v->rawlen == 0) {
		v->val = NULL;
		v->len = 0;
		return ff->required ? FORM_ERR_REQUIRED : FORM_OK;
	}
	/* Too long whatever it holds (a character may have been cut). */
	if (v->overflow)
		return FORM_ERR_TOO_LONG;
	/* Normalise a copy: the raw value stays as typed for form_raw. */
	v->val = arena_memdup(a, v->raw, v->rawlen + 1);
	v->len = v->rawlen;
	if ((e = normalise(ff, v)) != FORM_OK)
		return e;
	v->normalised = 1;
	if (field_len(ff, v->val, v->len) > ff->max_len)
		return FORM_ERR_TOO_LONG;
	if (v->len == 0)
		return ff->required ? FORM_ERR_REQUIRED : FORM_OK;
	if (field_len(ff, v->val, v->len) < ff->min_len)
		return FORM_ERR_TOO_SHORT;
	if (ff->kind == FORM_BOOL) {
		if (strcmp(v->val, "1") != 0 && strcmp(v->val, "on") != 0 &&
		    strcmp(v->val, "true") != 0)
			return FORM_ERR_INVALID;
	}
	if (ff->kind == FORM_ENUM) {
		if (ff->choices == NULL)
			return FORM_ERR_INVALID;
		for (i = 0; ff->choices[i] != NULL; i++)
			if (strcmp(ff->choices[i], v->val) == 0)
				return FORM_OK;
		return FORM_ERR_INVALID;
	}
	return FORM_OK;
}

int
form_validate(struct form *f, struct arena *a)
{
	size_t i;

	f->nerrors = 0;
	for (i = 0; i < f->nfields; i++) {
		struct form_value *v = &f->v[i];

		v->err = check_field(&f->fields[i], v, a);
		if (v->err != FORM_OK)
			f->nerrors++;
		if (v->val == NULL) {
			v->val = arena_alloc(a, 1);
			v->len = 0;
		}
	}
	if (f->unknown > FORM_MAX_UNKNOWN)
		f->nerrors++;
	return f->nerrors;
}

const char *
form_get(const struct form *f, size_t i)
{
	if (i >= f->nfields || f->v[i].val == NULL || f->v[i].err != FORM_OK)
		return "";
	return f->v[i].val;
}

int
form_bool(const struct form *f, size_t i)
{
	return i < f->nfields && f->v[i].err == FORM_OK && f->v[i].len > 0;
}

const char *
form_raw(const struct form *f, size_t i)
{
	if (i >= f->nfields)
		return "";
	if (f->v[i].normalised && f->v[i].val != NULL)
		return f->v[i].val;
	return f->v[i].raw != NULL ? f->v[i].raw : "";
}
