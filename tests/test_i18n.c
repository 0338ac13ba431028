/*
 * test_i18n.c: the .po reader (strings, escapes, fuzzy entries, errors
 * with line numbers), lookup with the Indonesian fallback, loading from
 * a directory, and Accept-Language negotiation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "buf.h"
#include "embed.h"
#include "i18n.h"

/* Parses src into lang of t; returns the i18n_add_po result. */
static int
add(struct i18n *t, enum lang lang, const char *src, char *err,
    size_t errlen)
{
	err[0] = '\0';
	return i18n_add_po(t, lang, "t.po", src, strlen(src), err, errlen);
}

static void
test_strings_and_escapes(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	const char *src =
	    "# translator comment\n"
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\n"
	    "#. extracted comment\n"
	    "#: templates/home.html:3\n"
	    "msgid \"home.title\"\n"
	    "msgstr \"Beranda\"\n"
	    "\n"
	    "msgid \"home.\"\n"
	    "\"intro\"\n"
	    "msgstr \"\"\n"
	    "\"Laporkan \"\n"
	    "   \"dugaan pelanggaran\"\n"
	    "\n"
	    "msgid \"esc\"\n"
	    "msgstr \"a\\nb\\tc \\\"q\\\" back\\\\slash\"\n"
	    "\n"
	    "#| msgid \"old.key\"\n"
	    "msgctxt \"menu\"\n"
	    "msgid \"ctx.key\"\n"
	    "msgstr \"Dengan konteks\"\n"
	    "msgid \"utf8\"\n"
	    "msgstr \"Tindak lanjut \xe2\x80\x94 \xc3\xa9\"\n"
	    "#~ msgid \"obsolete\"\n"
	    "#~ msgstr \"Usang\"\n";

	(void)state;
	assert_int_equal(add(t, LANG_ID, src, err, sizeof(err)), 0);
	assert_string_equal(i18n_get(t, LANG_ID, "home.title"), "Beranda");
	assert_string_equal(i18n_get(t, LANG_ID, "home.intro"),
	    "Laporkan dugaan pelanggaran");
	assert_string_equal(i18n_get(t, LANG_ID, "esc"),
	    "a\nb\tc \"q\" back\\slash");
	assert_string_equal(i18n_get(t, LANG_ID, "ctx.key"),
	    "Dengan konteks");
	assert_string_equal(i18n_get(t, LANG_ID, "utf8"),
	    "Tindak lanjut \xe2\x80\x94 \xc3\xa9");
	/* The header entry and obsolete entries are not keys. */
	assert_null(i18n_get(t, LANG_ID, ""));
	assert_null(i18n_get(t, LANG_ID, "obsolete"));
	assert_null(i18n_get(t, LANG_ID, "home."));
	assert_null(i18n_get(t, LANG_ID, "nope"));
	i18n_free(t);
}

static void
test_crlf_and_bom(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	const char *src = "\xef\xbb\xbfmsgid \"a\"\r\nmsgstr \"x\"\r\n"
	    "\"y\"\r\n\r\nmsgid \"b\"\r\nmsgstr \"z\"";

	(void)state;
	assert_int_equal(add(t, LANG_ID, src, err, sizeof(err)), 0);
	assert_string_equal(i18n_get(t, LANG_ID, "a"), "xy");
	/* The last line may lack its newline. */
	assert_string_equal(i18n_get(t, LANG_ID, "b"), "z");
	i18n_free(t);
}

static void
test_fuzzy_skipped(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	const char *src =
	    "#, fuzzy\n"
	    "msgid \"a\"\n"
	    "msgstr \"stale\"\n"
	    "\n"
	    "msgid \"b\"\n"
	    "msgstr \"kept\"\n"
	    "#, c-format, fuzzy\n"
	    "msgid \"c\"\n"
	    "msgstr \"stale too\"\n"
	    "#, c-format\n"
	    "msgid \"d\"\n"
	    "msgstr \"%s kept\"\n"
	    "#, fuzzyish\n"
	    "msgid \"e\"\n"
	    "msgstr \"not fuzzy\"\n";

	(void)state;
	assert_int_equal(add(t, LANG_ID, src, err, sizeof(err)), 0);
	assert_null(i18n_get(t, LANG_ID, "a"));
	assert_false(i18n_has(t, LANG_ID, "a"));
	assert_string_equal(i18n_get(t, LANG_ID, "b"), "kept");
	assert_null(i18n_get(t, LANG_ID, "c"));
	assert_string_equal(i18n_get(t, LANG_ID, "d"), "%s kept");
	assert_string_equal(i18n_get(t, LANG_ID, "e"), "not fuzzy");
	i18n_free(t);
}

static void
test_fallback(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	const char *id =
	    "msgid \"both\"\nmsgstr \"Keduanya\"\n"
	    "msgid \"only.id\"\nmsgstr \"Hanya ID\"\n"
	    "msgid \"empty.en\"\nmsgstr \"Kosong di EN\"\n"
	    "msgid \"empty.id\"\nmsgstr \"\"\n";
	const char *en =
	    "msgid \"both\"\nmsgstr \"Both\"\n"
	    "msgid \"empty.en\"\nmsgstr \"\"\n"
	    "msgid \"only.en\"\nmsgstr \"Only EN\"\n";

	(void)state;
	assert_int_equal(add(t, LANG_ID, id, err, sizeof(err)), 0);
	assert_int_equal(add(t, LANG_EN, en, err, sizeof(err)), 0);

	assert_string_equal(i18n_get(t, LANG_EN, "both"), "Both");
	assert_string_equal(i18n_get(t, LANG_ID, "both"), "Keduanya");
	assert_string_equal(i18n_get(t, LANG_EN, "only.id"), "Hanya ID");
	assert_string_equal(i18n_get(t, LANG_EN, "empty.en"),
	    "Kosong di EN");
	/* Indonesian never falls back to English. */
	assert_null(i18n_get(t, LANG_ID, "only.en"));
	assert_string_equal(i18n_get(t, LANG_EN, "only.en"), "Only EN");
	assert_null(i18n_get(t, LANG_EN, "empty.id"));
	assert_null(i18n_get(t, LANG_ID, "empty.id"));
	assert_null(i18n_get(t, LANG_EN, "missing"));
	assert_null(i18n_get(t, LANG_EN, NULL));

	assert_true(i18n_has(t, LANG_EN, "both"));
	assert_true(i18n_has(t, LANG_ID, "only.id"));
	assert_false(i18n_has(t, LANG_EN, "only.id"));
	assert_false(i18n_has(t, LANG_EN, "empty.en"));
	assert_false(i18n_has(t, LANG_ID, "empty.id"));
	assert_false(i18n_has(t, LANG_ID, "missing"));
	i18n_free(t);
}

static void
test_many_keys(void **state)
{
	struct i18n *t = i18n_new();
	struct buf b;
	char err[256], line[32], key[32];
	int i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 2000; i++)
		buf_printf(&b, "msgid \"k.%d\"\nmsgstr \"v%d\"\n\n", i, i);
	assert_int_equal(i18n_add_po(t, LANG_ID, "big.po", b.data, b.len, err,
	    sizeof(err)), 0);
	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "k.%d", i);
		snprintf(line, sizeof(line), "v%d", i);
		assert_string_equal(i18n_get(t, LANG_ID, key), line);
	}
	assert_null(i18n_get(t, LANG_ID, "k.2000"));
	buf_free(&b);
	i18n_free(t);
}

/* Each malformed catalogue and the start of the error it must produce. */
static const struct {
	const char	*src;
	const char	*err;
} bad[] = {
	{ "msgid \"a\"\nmsgstr \"x\n", "t.po:2: unterminated string" },
	{ "msgid \"a\"\nmsgstr \"x\\\"\n", "t.po:2: unterminated string" },
	{ "msgid \"a\"\nmsgstr \"x\"\n\"y\n", "t.po:3: unterminated string" },
	{ "msgstr \"x\"\n", "t.po:1: msgstr without msgid" },
	{ "msgid \"a\"\nmsgstr \"x\"\nmsgstr \"y\"\n",
	    "t.po:3: msgstr without msgid" },
	{ "msgctxt \"c\"\nmsgstr \"y\"\n", "t.po:2: msgstr without msgid" },
	{ "msgid \"a\"\nmsgstr \"x\"\n\n# c\nmsgid \"a\"\nmsgstr \"y\"\n",
	    "t.po:5: duplicate msgid (first at line 1)" },
	{ "msgid \"a\"\nmsgstr \"x\" junk\n", "t.po:2: text outside a string" },
	{ "hello\n", "t.po:1: text outside a string" },
	{ "msgid \"a\"\nmsgstr \"x\"\nmsgfoo \"y\"\n",
	    "t.po:3: text outside a string" },
	{ "msgid \"a\"\nmsgstr \"x\"\n\n\"y\"\n",
	    "t.po:4: string without a keyword" },
	{ "msgid \"a\"\nmsgstr \"\\x41\"\n",
	    "t.po:2: invalid escape sequence \\x" },
	{ "msgid \"a\"\nmsgstr \"\\r\"\n",
	    "t.po:2: invalid escape sequence \\r" },
	{ "msgid \"a\"\nmsgid \"b\"\nmsgstr \"x\"\n",
	    "t.po:2: msgid without msgstr" },
	{ "msgid \"a\"\nmsgstr \"x\"\nmsgid \"b\"\n",
	    "t.po:3: msgid without msgstr" },
	{ "msgctxt \"c\"\n", "t.po:1: msgctxt without msgid" },
	{ "msgid \"a\"\n# c\nmsgstr \"x\"\n", "t.po:2: comment inside an entry" },
	{ "msgid\nmsgstr \"x\"\n", "t.po:1: expected a string" },
	{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\n",
	    "t.po:2: plural forms" },
	{ "msgid \"a\"\nmsgstr[0] \"x\"\n", "t.po:2: plural forms" },
	{ "msgid \"a\"\nmsgstr \"x\"\n\nmsgid \"b\"\nmsgstr \"\xff\"\n",
	    "t.po:5: invalid UTF-8" },
	/* overlong "/" */
	{ "msgid \"a\"\nmsgstr \"\xc0\xaf\"\n", "t.po:2: invalid UTF-8" },
	/* truncated sequence */
	{ "msgid \"a\"\nmsgstr \"\xe2\x80\"\n", "t.po:2: invalid UTF-8" },
	/* UTF-16 surrogate U+D800 */
	{ "# \xed\xa0\x80\nmsgid \"a\"\nmsgstr \"x\"\n",
	    "t.po:1: invalid UTF-8" },
	/* above U+10FFFF */
	{ "msgid \"\xf4\x90\x80\x80\"\nmsgstr \"x\"\n",
	    "t.po:1: invalid UTF-8" },
};

static void
test_malformed(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (add(t, LANG_ID, bad[i].src, err, sizeof(err)) != -1)
			fail_msg("case %zu accepted: %s", i, bad[i].src);
		if (strncmp(err, bad[i].err, strlen(bad[i].err)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    bad[i].err);
	}
	i18n_free(t);
}

static void
test_nul_byte(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];
	const char src[] = "msgid \"a\"\nmsgstr \"x\0y\"\n";

	(void)state;
	assert_int_equal(i18n_add_po(t, LANG_ID, "n.po", src, sizeof(src) - 1,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "n.po:2: NUL byte");
	i18n_free(t);
}

static void
test_limits(void **state)
{
	struct i18n *t = i18n_new();
	size_t big = 64 * 1024 + 10, len, i;
	char err[256], *src;

	(void)state;
	/* One entry whose msgstr exceeds 64 KiB, spread over lines. */
	src = malloc(big * 2 + 64);
	assert_non_null(src);
	len = (size_t)sprintf(src, "msgid \"a\"\nmsgstr \"\"\n");
	for (i = 0; i < big / 1000 + 1; i++) {
		src[len++] = '"';
		memset(src + len, 'x', 1000);
		len += 1000;
		src[len++] = '"';
		src[len++] = '\n';
	}
	assert_int_equal(i18n_add_po(t, LANG_ID, "big.po", src, len, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "big.po:68: entry larger than 64 KiB");
	free(src);

	/* A file over 4 MiB is refused before parsing. */
	len = 4 * 1024 * 1024 + 1;
	src = malloc(len);
	assert_non_null(src);
	memset(src, '\n', len);
	assert_int_equal(i18n_add_po(t, LANG_ID, "huge.po", src, len, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "huge.po:1: file larger than 4 MiB");
	/* Exactly 4 MiB of blank lines is fine. */
	assert_int_equal(i18n_add_po(t, LANG_ID, "huge.po", src, len - 1,
	    err, sizeof(err)), 0);
	free(src);
	i18n_free(t);
}

static void
test_failure_keeps_catalogue(void **state)
{
	struct i18n *t = i18n_new();
	char err[256];

	(void)state;
	assert_int_equal(add(t, LANG_EN, "msgid \"a\"\nmsgstr \"A\"\n", err,
	    sizeof(err)), 0);
	assert_int_equal(add(t, LANG_EN,
	    "msgid \"a\"\nmsgstr \"B\"\nmsgid \"b\"\nmsgstr \"x\n", err,
	    sizeof(err)), -1);
	assert_string_equal(i18n_get(t, LANG_EN, "a"), "A");
	assert_null(i18n_get(t, LANG_EN, "b"));
	/* A successful parse replaces the language's catalogue. */
	assert_int_equal(add(t, LANG_EN, "msgid \"b\"\nmsgstr \"B\"\n", err,
	    sizeof(err)), 0);
	assert_null(i18n_get(t, LANG_EN, "a"));
	assert_string_equal(i18n_get(t, LANG_EN, "b"), "B");
	/* A tiny error buffer is truncated, not overrun. */
	assert_int_equal(i18n_add_po(t, LANG_EN, "t.po", "x", 1, err, 5), -1);
	assert_string_equal(err, "t.po");
	assert_int_equal(i18n_add_po(t, LANG_EN, "t.po", "x", 1, NULL, 0), -1);
	i18n_free(t);
}

static void
write_in(const char *dir, const char *name, const char *data)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tu_write_file(path, data, strlen(data));
}

static void
test_load_dir(void **state)
{
	struct i18n *t = NULL;
	char *dir = tu_mkdtemp(), err[1200], want[1200], *big;
	size_t bigsz = 4 * 1024 * 1024 + 1;

	(void)state;
	write_in(dir, "id.po", "msgid \"k\"\nmsgstr \"Indonesia\"\n"
	    "msgid \"j\"\nmsgstr \"Hanya\"\n");
	/* en.po missing */
	assert_int_equal(i18n_load(&t, dir, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/en.po: ", dir);
	assert_memory_equal(err, want, strlen(want));

	write_in(dir, "en.po", "msgid \"k\"\nmsgstr \"English\"\n\n"
	    "msgid \"k\"\nmsgstr \"again\"\n");
	assert_int_equal(i18n_load(&t, dir, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/en.po:4: duplicate msgid", dir);
	assert_memory_equal(err, want, strlen(want));

	/* Over 4 MiB: refused while reading. */
	big = malloc(bigsz + 1);
	assert_non_null(big);
	memset(big, '#', bigsz);
	big[bigsz] = '\0';
	write_in(dir, "en.po", big);
	free(big);
	assert_int_equal(i18n_load(&t, dir, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/en.po:1: file larger than 4 MiB",
	    dir);
	assert_string_equal(err, want);

	/* An empty catalogue is valid. */
	write_in(dir, "en.po", "");
	assert_int_equal(i18n_load(&t, dir, err, sizeof(err)), 0);
	assert_string_equal(i18n_get(t, LANG_EN, "k"), "Indonesia");
	assert_false(i18n_has(t, LANG_EN, "k"));
	i18n_free(t);

	write_in(dir, "en.po", "msgid \"k\"\nmsgstr \"English\"\n");
	assert_int_equal(i18n_load(&t, dir, err, sizeof(err)), 0);
	assert_string_equal(i18n_get(t, LANG_EN, "k"), "English");
	assert_string_equal(i18n_get(t, LANG_ID, "k"), "Indonesia");
	assert_string_equal(i18n_get(t, LANG_EN, "j"), "Hanya");
	i18n_free(t);

	tu_rmtree(dir);
	free(dir);
}

static void
test_load_embedded(void **state)
{
	struct i18n *t = NULL;
	char err[256];
	int have = embed_find("po/id.po") != NULL &&
	    embed_find("po/en.po") != NULL;

	(void)state;
	if (have) {
		assert_int_equal(i18n_load(&t, NULL, err, sizeof(err)), 0);
		i18n_free(t);
		t = NULL;
		assert_int_equal(i18n_load(&t, "", err, sizeof(err)), 0);
		i18n_free(t);
	} else {
		assert_int_equal(i18n_load(&t, NULL, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "not embedded"));
	}
}

static void
test_lang_codes(void **state)
{
	enum lang l = LANG_EN;

	(void)state;
	assert_string_equal(lang_code(LANG_ID), "id");
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_int_equal(lang_parse("id", &l), 0);
	assert_int_equal(l, LANG_ID);
	assert_int_equal(lang_parse("en", &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(lang_parse("fr", &l), -1);
	assert_int_equal(lang_parse("", &l), -1);
	assert_int_equal(lang_parse("english", &l), -1);
	assert_int_equal(lang_parse(NULL, &l), -1);
	assert_int_equal(l, LANG_EN);
}

static const struct {
	const char	*hdr;
	enum lang	 want;
} accept[] = {
	{ NULL, LANG_ID },
	{ "", LANG_ID },
	{ "en", LANG_EN },
	{ "EN-gb", LANG_EN },
	{ "id-ID", LANG_ID },
	{ "in", LANG_ID },
	{ "en-US,en;q=0.9,id;q=0.8", LANG_EN },
	{ "id;q=0.5, en;q=0.9", LANG_EN },
	{ "id;q=0.951,en;q=0.95", LANG_ID },
	{ "fr-FR, de;q=0.9", LANG_ID },
	{ "fr, en;q=0.1", LANG_EN },
	{ "en;q=0, id;q=0.1", LANG_ID },
	{ "en;q=0", LANG_ID },
	{ "en;q=0.000, *;q=1", LANG_ID },
	{ "*, en;q=0.5", LANG_EN },
	{ "en;q=0.8, id;q=0.8", LANG_EN },	/* tie: earlier wins */
	{ "id;q=0.8, en;q=0.8", LANG_ID },
	{ "en ; Q=0.7 , id ; q=0.6", LANG_EN },
	{ "en;q=1.5, id;q=0.2", LANG_ID },	/* q above 1: skipped */
	{ "en;q=0.1234, id;q=0.2", LANG_ID },	/* 4 decimals: skipped */
	{ "en;q=, id;q=0.2", LANG_ID },
	{ "en;q=abc, id;q=0.2", LANG_ID },
	{ "en;level=1, id;q=0.2", LANG_ID },
	{ "en;q=0.5;q=0.9, id;q=0.2", LANG_ID },
	{ "english, id;q=0.2", LANG_ID },	/* subtag over 8 letters */
	{ "eng, en-;q=1", LANG_ID },		/* neither, malformed */
	{ "enx-US", LANG_ID },
	{ "en_US", LANG_ID },
	{ ",,,;;;===", LANG_ID },
	{ "en;q=1.000", LANG_EN },
	{ "en;q=0.", LANG_ID },
	{ "de;q=1,en;q=0.001", LANG_EN },
};

static void
test_accept_language(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(accept) / sizeof(accept[0]); i++)
		if (lang_from_accept(accept[i].hdr) != accept[i].want)
			fail_msg("case %zu (\"%s\"): want %s", i,
			    accept[i].hdr != NULL ? accept[i].hdr : "(null)",
			    lang_code(accept[i].want));
}

static void
test_accept_language_cap(void **state)
{
	char hdr[600];

	(void)state;
	/* 512 bytes: read. */
	memset(hdr, ' ', sizeof(hdr));
	memcpy(hdr + 510, "en", 2);
	hdr[512] = '\0';
	assert_int_equal(lang_from_accept(hdr), LANG_EN);
	/* 513 bytes: ignored as a whole. */
	memcpy(hdr + 511, "en", 2);
	hdr[510] = ' ';
	hdr[513] = '\0';
	assert_int_equal(lang_from_accept(hdr), LANG_ID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_and_escapes),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_fuzzy_skipped),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_failure_keeps_catalogue),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_load_embedded),
		cmocka_unit_test(test_lang_codes),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_accept_language_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
