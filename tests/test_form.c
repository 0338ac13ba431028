/*
 * test_form.c: whitelisted form fields. A spec with a field of every
 * kind is fed values (whole and in chunks) and validated: unknown and
 * duplicate keys, required, length limits and bounded storage, UTF-8,
 * the charset of each kind, normalisation, what form_raw and form_get
 * return on error, and the error keys. Also the utf8_valid and
 * parse_uint helpers the validators rest on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "arena.h"
#include "form.h"
#include "util.h"

enum {
	F_JUDUL,	/* FORM_LINE, 3..20, required */
	F_ISI,		/* FORM_TEXT, 5..50, required */
	F_KODE,		/* FORM_TOKEN, ..16 */
	F_NIK,		/* FORM_DIGITS, 16..16 */
	F_SETUJU,	/* FORM_BOOL */
	F_JENIS,	/* FORM_ENUM, required */
	F__MAX
};

static const char *const jenis_choices[] = {
	"korupsi", "gratifikasi", "benturan-kepentingan", NULL
};

static const struct form_field spec[F__MAX] = {
	{ "judul", FORM_LINE, 3, 20, 1, NULL },
	{ "isi", FORM_TEXT, 5, 50, 1, NULL },
	{ "kode", FORM_TOKEN, 0, 16, 0, NULL },
	{ "nik", FORM_DIGITS, 16, 16, 0, NULL },
	{ "setuju", FORM_BOOL, 0, 5, 0, NULL },
	{ "jenis", FORM_ENUM, 1, 30, 1, jenis_choices },
};

struct fix {
	struct arena	*a;
	struct form	 f;
	struct fix	*next;
};

/* Every fixture not yet freed: a failed check leaves the test early. */
static struct fix *live;

/* A fresh arena and a form of spec. */
static struct fix *
fix_new(void)
{
	struct fix *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->a = arena_new();
	form_init(&x->f, spec, F__MAX);
	x->next = live;
	live = x;
	return x;
}

static void
fix_free(struct fix *x)
{
	struct fix **pp;

	for (pp = &live; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	arena_free(x->a);
	free(x);
}

static int
setup(void **state)
{
	*state = fix_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	while (live != NULL)
		fix_free(live);
	return 0;
}

/* Feeds len bytes of s as the value of key, in chunks of at most step. */
static void
feed_chunks(struct fix *x, const char *key, const char *s, size_t len,
    size_t step)
{
	size_t off = 0, n;

	if (len == 0) {
		form_feed(&x->f, x->a, key, s, 0, 0);
		return;
	}
	while (off < len) {
		n = len - off < step ? len - off : step;
		form_feed(&x->f, x->a, key, s + off, off, n);
		off += n;
	}
}

static void
feed(struct fix *x, const char *key, const char *s)
{
	feed_chunks(x, key, s, strlen(s), strlen(s) + 1);
}

/* Feeds valid values for every required field but the one given. */
static void
feed_required_but(struct fix *x, int skip)
{
	if (skip != F_JUDUL)
		feed(x, "judul", "Pungli di kantor");
	if (skip != F_ISI)
		feed(x, "isi", "Ada pungutan liar.");
	if (skip != F_JENIS)
		feed(x, "jenis", "korupsi");
}

/*
 * Feeds len bytes of value to field i (with the required others valid),
 * validates, and checks its error and (when want is not NULL) form_get.
 */
static void
check_value(struct fix *x, int i, const char *value, size_t len,
    enum form_err err, const char *want)
{
	feed_required_but(x, i);
	feed_chunks(x, spec[i].name, value, len, len + 1);
	form_validate(&x->f, x->a);
	if (x->f.v[i].err != err) {
		print_error("field %s, value \"%.*s\": error %d, want %d\n",
		    spec[i].name, (int)len, value, x->f.v[i].err, err);
		fail();
	}
	assert_int_equal(x->f.nerrors, err == FORM_OK ? 0 : 1);
	if (err != FORM_OK)
		assert_string_equal(form_get(&x->f, (size_t)i), "");
	if (want != NULL)
		assert_string_equal(form_get(&x->f, (size_t)i), want);
}

/* Runs check_value on a fresh form for a NUL-terminated value. */
static void
check(int i, const char *value, enum form_err err, const char *want)
{
	struct fix *x;

	x = fix_new();
	check_value(x, i, value, strlen(value), err, want);
	fix_free(x);
}

static void
test_all_kinds(void **state)
{
	struct fix *x = *state;

	assert_int_equal(form_index(&x->f, "judul"), F_JUDUL);
	assert_int_equal(form_index(&x->f, "jenis"), F_JENIS);
	assert_int_equal(form_index(&x->f, "Judul"), -1);
	assert_int_equal(form_index(&x->f, ""), -1);

	feed(x, "judul", "Pungli di kantor");
	feed(x, "isi", "Ada pungutan liar\r\ndi loket.");
	feed(x, "kode", "WBS-2024_7");
	feed(x, "nik", "3516 0123-4567 8901");
	feed(x, "setuju", "on");
	feed(x, "jenis", "gratifikasi");
	assert_int_equal(form_validate(&x->f, x->a), 0);
	assert_string_equal(form_get(&x->f, F_JUDUL), "Pungli di kantor");
	assert_string_equal(form_get(&x->f, F_ISI),
	    "Ada pungutan liar\ndi loket.");
	assert_string_equal(form_get(&x->f, F_KODE), "WBS-2024_7");
	assert_string_equal(form_get(&x->f, F_NIK), "3516012345678901");
	assert_string_equal(form_get(&x->f, F_JENIS), "gratifikasi");
	assert_true(form_bool(&x->f, F_SETUJU));
	assert_false(form_bool(&x->f, F_JUDUL + 100));
	assert_string_equal(form_get(&x->f, F__MAX), "");
	assert_string_equal(form_raw(&x->f, F__MAX), "");
}

static void
test_optional_absent(void **state)
{
	struct fix *x = *state;

	feed_required_but(x, -1);
	assert_int_equal(form_validate(&x->f, x->a), 0);
	assert_string_equal(form_get(&x->f, F_KODE), "");
	assert_string_equal(form_get(&x->f, F_NIK), "");
	assert_string_equal(form_raw(&x->f, F_NIK), "");
	assert_false(form_bool(&x->f, F_SETUJU));
	assert_int_equal(x->f.v[F_SETUJU].err, FORM_OK);
	assert_int_equal(x->f.v[F_KODE].present, 0);
}

static void
test_chunks(void **state)
{
	static const char text[] =
	    "Kepala seksi\r\nmeminta\tuang \xe2\x82\xac 50 di loket.";
	static const char want[] =
	    "Kepala seksi\nmeminta\tuang \xe2\x82\xac 50 di loket.";
	size_t steps[] = { 1, 2, 3, 7, 13, sizeof(text) };
	size_t i;
	struct fix *x;

	(void)state;
	for (i = 0; i < NELEM(steps); i++) {
		x = fix_new();
		feed_required_but(x, F_ISI);
		feed_chunks(x, "isi", text, strlen(text), steps[i]);
		/* chunks are reassembled before any normalisation */
		assert_int_equal(x->f.v[F_ISI].rawlen, strlen(text));
		assert_memory_equal(x->f.v[F_ISI].raw, text, strlen(text));
		assert_int_equal(form_validate(&x->f, x->a), 0);
		assert_string_equal(form_get(&x->f, F_ISI), want);
		assert_int_equal(x->f.v[F_ISI].len, strlen(want));
		fix_free(x);
	}
}

static void
test_unknown_keys(void **state)
{
	struct fix *x = *state;
	char key[32];
	int i;

	feed_required_but(x, -1);
	for (i = 0; i < FORM_MAX_UNKNOWN; i++) {
		snprintf(key, sizeof(key), "extra%d", i);
		feed_chunks(x, key, "abcdef", 6, 2);	/* 3 chunks, 1 key */
	}
	assert_int_equal(x->f.unknown, FORM_MAX_UNKNOWN);
	assert_int_equal(form_validate(&x->f, x->a), 0);
	/* dropped: nothing of them is stored in any field */
	assert_string_equal(form_get(&x->f, F_KODE), "");

	feed(x, "one-too-many", "x");
	assert_int_equal(x->f.unknown, FORM_MAX_UNKNOWN + 1);
	assert_true(form_validate(&x->f, x->a) > 0);
	/* the known fields themselves are still fine */
	assert_string_equal(form_get(&x->f, F_JENIS), "korupsi");
}

static void
test_duplicate(void **state)
{
	struct fix *x = *state;

	feed_required_but(x, -1);
	feed(x, "kode", "abc");
	feed(x, "kode", "def");
	assert_int_equal(form_validate(&x->f, x->a), 1);
	assert_int_equal(x->f.v[F_KODE].err, FORM_ERR_INVALID);
	assert_string_equal(form_get(&x->f, F_KODE), "");
	/* the second value is not appended to the first */
	assert_null(strstr(form_raw(&x->f, F_KODE), "def"));
}

static void
test_duplicate_empty_first(void **state)
{
	struct fix *x = *state;

	feed_required_but(x, -1);
	feed(x, "kode", "");
	feed(x, "kode", "abc");
	assert_int_equal(form_validate(&x->f, x->a), 1);
	assert_int_equal(x->f.v[F_KODE].err, FORM_ERR_INVALID);
}

static void
test_required(void **state)
{
	static const struct form_field acct[] = {
		{ "rek", FORM_DIGITS, 1, 12, 1, NULL },
	};
	struct fix *x = *state, *y;

	check(F_JUDUL, "", FORM_ERR_REQUIRED, "");
	check(F_JUDUL, "     ", FORM_ERR_REQUIRED, "");	/* trimmed */
	check(F_ISI, "", FORM_ERR_REQUIRED, "");
	check(F_JENIS, "", FORM_ERR_REQUIRED, "");
	check(F_JENIS, "  ", FORM_ERR_REQUIRED, "");
	/* optional and empty once normalised: absent, not too short */
	check(F_NIK, "- -", FORM_OK, "");

	/* required and empty once normalised */
	y = fix_new();
	form_init(&y->f, acct, 1);
	feed(y, "rek", " - - ");
	assert_int_equal(form_validate(&y->f, y->a), 1);
	assert_int_equal(y->f.v[0].err, FORM_ERR_REQUIRED);
	fix_free(y);

	/* never fed at all */
	feed(x, "isi", "cukup panjang");
	assert_int_equal(form_validate(&x->f, x->a), 2);
	assert_int_equal(x->f.v[F_JUDUL].err, FORM_ERR_REQUIRED);
	assert_int_equal(x->f.v[F_JENIS].err, FORM_ERR_REQUIRED);
	assert_int_equal(x->f.v[F_ISI].err, FORM_OK);
	assert_int_equal(x->f.v[F_KODE].err, FORM_OK);
}

static void
test_too_long(void **state)
{
	(void)state;
	check(F_JUDUL, "12345678901234567890", FORM_OK,
	    "12345678901234567890");
	check(F_JUDUL, "123456789012345678901", FORM_ERR_TOO_LONG, "");
	/* the limit applies after trimming */
	check(F_JUDUL, "   12345678901234567890   ", FORM_OK,
	    "12345678901234567890");
	/* and after CRLF normalisation: 25 CRLF pairs are 25 bytes */
	check(F_ISI, "a\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng\r\nh\r\ni\r\nj\r\n"
	    "k\r\nl\r\nm\r\nn\r\no\r\np\r\nq\r\nr\r\ns\r\nt\r\nu\r\nv\r\nw\r\n"
	    "x\r\ny\r\n", FORM_OK, NULL);
	check(F_KODE, "aaaaaaaaaaaaaaaaa", FORM_ERR_TOO_LONG, "");
	check(F_NIK, "35160123456789012", FORM_ERR_TOO_LONG, "");
	check(F_JENIS, "benturan-kepentingan-yang-lebih-x",
	    FORM_ERR_TOO_LONG, "");
}

static void
test_too_long_bounded(void **state)
{
	struct fix *x = *state;
	size_t big = 1024 * 1024, cap = 4 * spec[F_ISI].max_len + 8;
	char *s = malloc(big);

	assert_non_null(s);
	memset(s, 'a', big);
	feed_required_but(x, F_ISI);
	feed_chunks(x, "isi", s, big, 4096);
	assert_true(x->f.v[F_ISI].len <= cap);
	assert_true(x->f.v[F_ISI].overflow);
	assert_true(arena_used(x->a) < 64 * 1024);
	assert_int_equal(form_validate(&x->f, x->a), 1);
	assert_int_equal(x->f.v[F_ISI].err, FORM_ERR_TOO_LONG);
	assert_true(x->f.v[F_ISI].len <= cap);
	assert_true(strlen(form_raw(&x->f, F_ISI)) <= cap);
	assert_string_equal(form_get(&x->f, F_ISI), "");
	free(s);
}

/*
 * Too long is too long, wherever the stored prefix happens to end: a
 * value of three-byte characters cut at the storage cap in the middle of
 * a character must still be reported as FORM_ERR_TOO_LONG, not as bad
 * UTF-8 (the visitor typed valid text).
 */
static void
test_too_long_multibyte(void **state)
{
	struct fix *x = *state;
	char s[1 + 3 * 40 + 1];
	size_t i;

	s[0] = 'a';
	for (i = 0; i < 40; i++)
		memcpy(s + 1 + 3 * i, "\xe2\x82\xac", 3);	/* U+20AC */
	s[sizeof(s) - 1] = '\0';
	/* judul: max 20 bytes, 48 stored: "a", 15 characters and a part */
	check_value(x, F_JUDUL, s, strlen(s), FORM_ERR_TOO_LONG, "");
}

/*
 * Memory for a value stays in proportion to the field's limit even when
 * it arrives a byte at a time (a slow client), not to the square of it.
 */
static void
test_small_chunks_bounded(void **state)
{
	static const struct form_field big[] = {
		{ "isi", FORM_TEXT, 0, 1000, 0, NULL },
	};
	struct fix *x = *state;
	size_t cap = 4 * big[0].max_len + 8, before;
	char s[5000];

	memset(s, 'b', sizeof(s));
	form_init(&x->f, big, 1);
	before = arena_used(x->a);
	feed_chunks(x, "isi", s, sizeof(s), 1);
	assert_int_equal(x->f.v[0].rawlen, cap);
	if (arena_used(x->a) - before > 8 * cap) {
		print_error("%zu bytes of arena for a %zu-byte value\n",
		    arena_used(x->a) - before, cap);
		fail();
	}
	assert_int_equal(form_validate(&x->f, x->a), 1);
	assert_int_equal(x->f.v[0].err, FORM_ERR_TOO_LONG);
}

static void
test_too_short(void **state)
{
	(void)state;
	check(F_JUDUL, "ab", FORM_ERR_TOO_SHORT, "");
	check(F_JUDUL, "  ab  ", FORM_ERR_TOO_SHORT, "");
	check(F_JUDUL, "abc", FORM_OK, "abc");
	check(F_ISI, "abcd", FORM_ERR_TOO_SHORT, "");
	check(F_ISI, "ab\r\ncd", FORM_OK, "ab\ncd");
	check(F_NIK, "123456789012345", FORM_ERR_TOO_SHORT, "");
	check(F_NIK, "1234-5678-9012-345", FORM_ERR_TOO_SHORT, "");
}

static void
test_utf8(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
	} bad[] = {
		{ "ab\xc0\xaf" "cdef", 8 },	/* overlong '/' */
		{ "ab\xed\xa0\x80" "cdef", 9 },	/* surrogate U+D800 */
		{ "abcdef\xe2\x82", 8 },	/* truncated */
		{ "ab\xff" "cdef", 7 },
		{ "ab\0cdef", 7 },		/* embedded NUL */
		{ "\x80" "abcde", 6 },		/* lone continuation */
		{ "ab\xf4\x90\x80\x80" "cd", 8 },	/* above U+10FFFF */
	};
	size_t i;
	struct fix *x;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		x = fix_new();
		check_value(x, F_ISI, bad[i].s, bad[i].len, FORM_ERR_UTF8,
		    "");
		fix_free(x);
		x = fix_new();
		check_value(x, F_JUDUL, bad[i].s, bad[i].len, FORM_ERR_UTF8,
		    "");
		fix_free(x);
	}
	check(F_ISI, "Laporan \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", FORM_OK,
	    "Laporan \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	check(F_KODE, "\xc0\xaf", FORM_ERR_UTF8, "");
	check(F_NIK, "12\xff", FORM_ERR_UTF8, "");
}

static void
test_line(void **state)
{
	(void)state;
	check(F_JUDUL, "  Pungli  di kantor ", FORM_OK, "Pungli  di kantor");
	check(F_JUDUL, "Pungli \xc3\xa9", FORM_OK, "Pungli \xc3\xa9");
	check(F_JUDUL, "abc\x01" "def", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\tdef", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\ndef", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\r\ndef", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\rdef", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\x1b[1mdef", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abc\x7f" "def", FORM_ERR_CHARSET, "");
	check(F_JUDUL, "abcdef\n", FORM_ERR_CHARSET, "");
}

/*
 * FORM_LINE refuses control characters; U+0085 (NEXT LINE, a C1
 * control and a line break in Unicode) is one, encoded "\xc2\x85".
 */
static void
test_line_c1_control(void **state)
{
	(void)state;
	check(F_JUDUL, "abc\xc2\x85" "def", FORM_ERR_CHARSET, "");
}

static void
test_text(void **state)
{
	(void)state;
	check(F_ISI, "satu\tdua\ntiga", FORM_OK, "satu\tdua\ntiga");
	check(F_ISI, "satu\r\ndua\r\n", FORM_OK, "satu\ndua\n");
	check(F_ISI, "satu\rdua", FORM_OK, "satu\ndua");
	check(F_ISI, "satu\r\r\ndua", FORM_OK, "satu\n\ndua");
	check(F_ISI, "  spasi  ", FORM_OK, "  spasi  ");	/* not trimmed */
	check(F_ISI, "satu\x01" "dua", FORM_ERR_CHARSET, "");
	check(F_ISI, "satu\x1b" "dua", FORM_ERR_CHARSET, "");
	check(F_ISI, "satu\x7f" "dua", FORM_ERR_CHARSET, "");
	check(F_ISI, "satu\vdua", FORM_ERR_CHARSET, "");
	check(F_ISI, "satu\fdua", FORM_ERR_CHARSET, "");
}

static void
test_token(void **state)
{
	(void)state;
	check(F_KODE, "AZaz09_-", FORM_OK, "AZaz09_-");
	check(F_KODE, "ab cd", FORM_ERR_CHARSET, "");
	check(F_KODE, " abc", FORM_ERR_CHARSET, "");
	check(F_KODE, "a.b", FORM_ERR_CHARSET, "");
	check(F_KODE, "a/b", FORM_ERR_CHARSET, "");
	check(F_KODE, "a+b", FORM_ERR_CHARSET, "");
	check(F_KODE, "caf\xc3\xa9", FORM_ERR_CHARSET, "");
	check(F_KODE, "a\nb", FORM_ERR_CHARSET, "");
}

static void
test_digits(void **state)
{
	static const struct form_field acct[] = {
		{ "rek", FORM_DIGITS, 1, 12, 1, NULL },
	};
	struct fix *x = *state;

	form_init(&x->f, acct, 1);
	feed(x, "rek", "1234-5678 9012");
	assert_int_equal(form_validate(&x->f, x->a), 0);
	assert_string_equal(form_get(&x->f, 0), "123456789012");
	assert_int_equal(x->f.v[0].len, 12);

	check(F_NIK, "3516012345678901", FORM_OK, "3516012345678901");
	check(F_NIK, " 3516-0123-4567-8901 ", FORM_OK, "3516012345678901");
	check(F_NIK, "351601234567890a", FORM_ERR_CHARSET, "");
	check(F_NIK, "3516O12345678901", FORM_ERR_CHARSET, "");	/* letter O */
	check(F_NIK, "3516.0123.4567.8901", FORM_ERR_CHARSET, "");
	check(F_NIK, "+3516012345678901", FORM_ERR_CHARSET, "");
	check(F_NIK, "3516\t012345678901", FORM_ERR_CHARSET, "");
	/* Arabic-Indic digits are not ASCII digits */
	check(F_NIK, "\xd9\xa3" "516012345678901", FORM_ERR_CHARSET, "");
}

static void
test_bool(void **state)
{
	static const char *const yes[] = { "1", "on", "true", " on " };
	static const char *const bad[] = { "yes", "0", "off", "false",
	    "TRUE", "On", "2", "onn" };
	size_t i;
	struct fix *x;

	(void)state;
	for (i = 0; i < NELEM(yes); i++) {
		x = fix_new();
		check_value(x, F_SETUJU, yes[i], strlen(yes[i]), FORM_OK,
		    NULL);
		assert_true(form_bool(&x->f, F_SETUJU));
		fix_free(x);
	}
	for (i = 0; i < NELEM(bad); i++) {
		x = fix_new();
		check_value(x, F_SETUJU, bad[i], strlen(bad[i]),
		    FORM_ERR_INVALID, "");
		assert_false(form_bool(&x->f, F_SETUJU));
		fix_free(x);
	}
	/* present but empty: unchecked, not an error */
	x = fix_new();
	check_value(x, F_SETUJU, "", 0, FORM_OK, "");
	assert_false(form_bool(&x->f, F_SETUJU));
	fix_free(x);
}

static void
test_enum(void **state)
{
	static const char *const none[] = { NULL };
	static const struct form_field nochoice[] = {
		{ "e", FORM_ENUM, 0, 10, 1, NULL },
		{ "f", FORM_ENUM, 0, 10, 1, none },
	};
	struct fix *x = *state;

	check(F_JENIS, "korupsi", FORM_OK, "korupsi");
	check(F_JENIS, "benturan-kepentingan", FORM_OK,
	    "benturan-kepentingan");
	check(F_JENIS, " gratifikasi ", FORM_OK, "gratifikasi");
	check(F_JENIS, "Korupsi", FORM_ERR_INVALID, "");
	check(F_JENIS, "korups", FORM_ERR_INVALID, "");
	check(F_JENIS, "korupsi2", FORM_ERR_INVALID, "");
	check(F_JENIS, "lain", FORM_ERR_INVALID, "");
	check(F_JENIS, "korupsi\t", FORM_ERR_CHARSET, "");

	form_init(&x->f, nochoice, NELEM(nochoice));
	feed(x, "e", "a");
	feed(x, "f", "a");
	assert_int_equal(form_validate(&x->f, x->a), 2);
	assert_int_equal(x->f.v[0].err, FORM_ERR_INVALID);
	assert_int_equal(x->f.v[1].err, FORM_ERR_INVALID);
}

static void
test_raw_on_error(void **state)
{
	struct fix *x = *state;

	feed(x, "judul", "  ab ");
	feed(x, "isi", "abc");
	feed(x, "kode", "a b");
	feed(x, "nik", "123");
	feed(x, "setuju", "ya");
	feed(x, "jenis", "lainnya");
	assert_int_equal(form_validate(&x->f, x->a), 6);
	/* normalised where that succeeded */
	assert_string_equal(form_raw(&x->f, F_JUDUL), "ab");
	assert_string_equal(form_raw(&x->f, F_ISI), "abc");
	assert_string_equal(form_raw(&x->f, F_KODE), "a b");
	assert_string_equal(form_raw(&x->f, F_NIK), "123");
	assert_string_equal(form_raw(&x->f, F_SETUJU), "ya");
	assert_string_equal(form_raw(&x->f, F_JENIS), "lainnya");
	assert_string_equal(form_get(&x->f, F_JUDUL), "");
	assert_string_equal(form_get(&x->f, F_ISI), "");
	assert_string_equal(form_get(&x->f, F_KODE), "");
	assert_string_equal(form_get(&x->f, F_NIK), "");
	assert_string_equal(form_get(&x->f, F_SETUJU), "");
	assert_string_equal(form_get(&x->f, F_JENIS), "");
}

/*
 * When normalisation fails half-way the visitor must get back what they
 * typed, not a half-rewritten mixture of normalised and raw bytes.
 */
static void
test_raw_after_failed_normalise(void **state)
{
	struct fix *x = *state;

	feed(x, "judul", "Judul baik");
	feed(x, "isi", "satu\r\ndua\x01tiga");
	feed(x, "nik", "12-34x");
	feed(x, "jenis", "korupsi");
	assert_int_equal(form_validate(&x->f, x->a), 2);
	assert_int_equal(x->f.v[F_ISI].err, FORM_ERR_CHARSET);
	assert_int_equal(x->f.v[F_NIK].err, FORM_ERR_CHARSET);
	assert_string_equal(form_raw(&x->f, F_ISI), "satu\r\ndua\x01tiga");
	assert_string_equal(form_raw(&x->f, F_NIK), "12-34x");
}

static void
test_err_keys(void **state)
{
	(void)state;
	assert_string_equal(form_err_key(FORM_OK), "");
	assert_string_equal(form_err_key(FORM_ERR_REQUIRED),
	    "form.error.required");
	assert_string_equal(form_err_key(FORM_ERR_TOO_LONG),
	    "form.error.too_long");
	assert_string_equal(form_err_key(FORM_ERR_TOO_SHORT),
	    "form.error.too_short");
	assert_string_equal(form_err_key(FORM_ERR_UTF8), "form.error.utf8");
	assert_string_equal(form_err_key(FORM_ERR_CHARSET),
	    "form.error.charset");
	assert_string_equal(form_err_key(FORM_ERR_INVALID),
	    "form.error.invalid");
	assert_string_equal(form_err_key(FORM_ERR__MAX), "form.error.invalid");
	assert_string_equal(form_err_key((enum form_err)-1),
	    "form.error.invalid");
}

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 ok;
	} t[] = {
		{ "", 0, 1 },
		{ "a", 1, 1 },
		{ "\x7f", 1, 1 },
		{ "\xc2\x80", 2, 1 },			/* U+0080 */
		{ "\xdf\xbf", 2, 1 },			/* U+07FF */
		{ "\xe0\xa0\x80", 3, 1 },		/* U+0800 */
		{ "\xed\x9f\xbf", 3, 1 },		/* U+D7FF */
		{ "\xee\x80\x80", 3, 1 },		/* U+E000 */
		{ "\xef\xbf\xbf", 3, 1 },		/* U+FFFF */
		{ "\xf0\x90\x80\x80", 4, 1 },		/* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 4, 1 },		/* U+10FFFF */
		{ "Rp \xe2\x82\xac \xf0\x9f\x98\x80.", 12, 1 },
		{ "\0", 1, 0 },
		{ "a\0b", 3, 0 },
		{ "\x80", 1, 0 },			/* continuation */
		{ "\xbf", 1, 0 },
		{ "\xc0\xaf", 2, 0 },			/* overlong */
		{ "\xc1\xbf", 2, 0 },
		{ "\xe0\x80\xaf", 3, 0 },
		{ "\xe0\x9f\xbf", 3, 0 },		/* overlong U+07FF */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },		/* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, 0 },		/* U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },		/* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },		/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xf8\x88\x80\x80\x80", 5, 0 },
		{ "\xfe", 1, 0 },
		{ "\xff", 1, 0 },
		{ "\xc2", 1, 0 },			/* truncated */
		{ "\xe2\x82", 2, 0 },
		{ "\xf0\x90\x80", 3, 0 },
		{ "\xc2\x80", 1, 0 },			/* cut by len */
		{ "\xc2\x41", 2, 0 },			/* not a continuation */
		{ "\xe2\x28\xa1", 3, 0 },
		{ "\xf0\x90\xc0\x80", 4, 0 },
		{ "ok\xc3", 3, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++)
		if (utf8_valid(t[i].s, t[i].len) != t[i].ok) {
			print_error("utf8_valid case %zu: got %d\n", i,
			    !t[i].ok);
			fail();
		}
}

static void
test_parse_uint(void **state)
{
	static const struct {
		const char		*s;
		unsigned long long	 min, max;
		int			 rc;
		unsigned long long	 v;
	} t[] = {
		{ "0", 0, 10, 0, 0 },
		{ "10", 0, 10, 0, 10 },
		{ "5", 5, 10, 0, 5 },
		{ "007", 0, 10, 0, 7 },
		{ "4", 5, 10, -1, 0 },
		{ "11", 0, 10, -1, 0 },
		{ "", 0, 10, -1, 0 },
		{ "-1", 0, 10, -1, 0 },
		{ "+1", 0, 10, -1, 0 },
		{ " 1", 0, 10, -1, 0 },
		{ "1 ", 0, 10, -1, 0 },
		{ "1a", 0, 10, -1, 0 },
		{ "0x1", 0, 10, -1, 0 },
		{ "1.0", 0, 10, -1, 0 },
		{ "18446744073709551615", 0, ~0ULL, 0, ~0ULL },
		{ "18446744073709551616", 0, ~0ULL, -1, 0 },
		{ "18446744073709551620", 0, ~0ULL, -1, 0 },
		{ "99999999999999999999", 0, ~0ULL, -1, 0 },
		{ "4294967296", 0, 4294967295ULL, -1, 0 },
		{ "4294967295", 0, 4294967295ULL, 0, 4294967295ULL },
		{ "100000000000000000000000", 0, ~0ULL, -1, 0 },
	};
	unsigned long long out;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		out = 12345;
		if (parse_uint(t[i].s, t[i].min, t[i].max, &out) != t[i].rc) {
			print_error("parse_uint(\"%s\") case %zu\n", t[i].s, i);
			fail();
		}
		assert_true(out == (t[i].rc == 0 ? t[i].v : 12345));
	}
	out = 1;
	assert_int_equal(parse_uint(NULL, 0, 10, &out), -1);
	assert_true(out == 1);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_all_kinds),
		T(test_optional_absent),
		T(test_chunks),
		T(test_unknown_keys),
		T(test_duplicate),
		T(test_duplicate_empty_first),
		T(test_required),
		T(test_too_long),
		T(test_too_long_bounded),
		T(test_too_long_multibyte),
		T(test_small_chunks_bounded),
		T(test_too_short),
		T(test_utf8),
		T(test_line),
		T(test_line_c1_control),
		T(test_text),
		T(test_token),
		T(test_digits),
		T(test_bool),
		T(test_enum),
		T(test_raw_on_error),
		T(test_raw_after_failed_normalise),
		T(test_err_keys),
		T(test_utf8_valid),
		T(test_parse_uint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
