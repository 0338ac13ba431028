/*
 * fuzz_form.c: libFuzzer harness for form accumulation and validation.
 * The input is cut into pieces; each piece is a header byte (which key,
 * and whether a new value of that key starts), a length byte and that
 * many bytes of data, fed with form_feed() at the right offset to a
 * form with a field of every kind, a few unknown keys among them. Then
 * the form is validated and every value read back and checked against
 * the contract of form.h. The raw input also goes through utf8_valid(),
 * compared with a reference decoder written from the Unicode table of
 * well-formed byte sequences. Any crash, sanitizer report or abort() is
 * a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fz_choices[] = { "a", "bb", "korupsi", "", NULL };

static const struct form_field fz_fields[] = {
	{ "text", FORM_TEXT, 2, 40, 1, NULL },
	{ "line", FORM_LINE, 1, 12, 0, NULL },
	{ "token", FORM_TOKEN, 0, 8, 0, NULL },
	{ "digits", FORM_DIGITS, 4, 6, 0, NULL },
	{ "bool", FORM_BOOL, 0, 5, 0, NULL },
	{ "enum", FORM_ENUM, 0, 10, 1, fz_choices },
	{ "enum0", FORM_ENUM, 0, 10, 0, NULL },
	{ "big", FORM_TEXT, 0, 300, 0, NULL },
};

#define FZ_NFIELDS	(sizeof(fz_fields) / sizeof(fz_fields[0]))

/* The keys fed: every field, then names that are not fields. */
static const char *const fz_keys[] = {
	"text", "line", "token", "digits", "bool", "enum", "enum0", "big",
	"", "Text", "text ", "unknown",
};

#define FZ_NKEYS	(sizeof(fz_keys) / sizeof(fz_keys[0]))

/* Reference: 1 when s[0..len) is well-formed UTF-8 without NUL bytes. */
static int
ref_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned char lo, hi;

	while (i < len) {
		unsigned char c = s[i];

		lo = 0x80;
		hi = 0xbf;
		if (c >= 0x01 && c <= 0x7f) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c == 0xe0) {
			n = 2;
			lo = 0xa0;
		} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
			n = 2;
		else if (c == 0xed) {
			n = 2;
			hi = 0x9f;
		} else if (c == 0xf0) {
			n = 3;
			lo = 0x90;
		} else if (c >= 0xf1 && c <= 0xf3)
			n = 3;
		else if (c == 0xf4) {
			n = 3;
			hi = 0x8f;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		i += n + 1;
	}
	return 1;
}

static int
is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Checks what form.h promises about a validated field. */
static void
check_field(const struct form *f, size_t i)
{
	const struct form_field *ff = &fz_fields[i];
	const struct form_value *v = &f->v[i];
	const char *get = form_get(f, i), *raw = form_raw(f, i);
	size_t len, j;

	if (get == NULL || raw == NULL)
		abort();
	len = strlen(get);
	if (v->len > ff->max_len * 2 + 8)
		abort();	/* storage is bounded */
	if ((unsigned)v->err >= FORM_ERR__MAX)
		abort();
	if (form_err_key(v->err) == NULL)
		abort();
	if (v->err != FORM_OK) {
		if (*get != '\0' || form_bool(f, i))
			abort();
		return;
	}
	/* A valid value is clean, within its limits and of its charset. */
	if (len != v->len || strcmp(get, raw) != 0)
		abort();
	if (!utf8_valid(get, len))
		abort();
	if (len > ff->max_len)
		abort();
	if (len == 0) {
		if (ff->required)
			abort();
		return;
	}
	if (len < ff->min_len)
		abort();
	for (j = 0; j < len; j++) {
		unsigned char c = (unsigned char)get[j];

		switch (ff->kind) {
		case FORM_TEXT:
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				abort();
			break;
		case FORM_LINE:
		case FORM_ENUM:
		case FORM_BOOL:
			if (c < 0x20 || c == 0x7f)
				abort();
			break;
		case FORM_TOKEN:
			if (!is_token_char((char)c))
				abort();
			break;
		case FORM_DIGITS:
			if (c < '0' || c > '9')
				abort();
			break;
		default:
			abort();
		}
	}
	if ((ff->kind == FORM_LINE || ff->kind == FORM_ENUM) &&
	    (get[0] == ' ' || get[len - 1] == ' '))
		abort();	/* trimmed */
	if (ff->kind == FORM_BOOL && !form_bool(f, i))
		abort();
	if (ff->kind == FORM_ENUM) {
		for (j = 0; ff->choices != NULL && ff->choices[j] != NULL; j++)
			if (strcmp(ff->choices[j], get) == 0)
				break;
		if (ff->choices == NULL || ff->choices[j] == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct form f;
	uint64_t off[FZ_NKEYS];
	size_t pos = 0, n, k, i;
	int nerr, count;

	if (utf8_valid((const char *)data, size) != ref_utf8(data, size))
		abort();

	a = arena_new();
	form_init(&f, fz_fields, FZ_NFIELDS);
	memset(off, 0, sizeof(off));
	while (pos + 2 <= size) {
		unsigned char h = data[pos], l = data[pos + 1];

		pos += 2;
		k = (h & 0x7f) % FZ_NKEYS;
		if (h & 0x80)
			off[k] = 0;	/* a new value of this key */
		n = size - pos < l ? size - pos : l;
		form_feed(&f, a, fz_keys[k], (const char *)data + pos, off[k],
		    n);
		off[k] += n;
		pos += n;
	}
	for (i = 0; i < FZ_NFIELDS; i++)
		if (f.v[i].len > fz_fields[i].max_len * 2 + 8)
			abort();

	nerr = form_validate(&f, a);
	count = f.unknown > FORM_MAX_UNKNOWN ? 1 : 0;
	for (i = 0; i < FZ_NFIELDS; i++) {
		check_field(&f, i);
		if (f.v[i].err != FORM_OK)
			count++;
	}
	if (nerr != count || nerr != f.nerrors)
		abort();
	/* Validating again changes nothing. */
	if (form_validate(&f, a) != nerr)
		abort();
	for (i = 0; i < FZ_NFIELDS; i++)
		check_field(&f, i);
	if (form_index(&f, "text") != 0 || form_index(&f, "unknown") != -1)
		abort();
	arena_free(a);
	return 0;
}
