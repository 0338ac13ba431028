/*
 * test_tmpl.c: the template engine: escaping, sections, partials,
 * translation, malformed templates, loading from a directory and the
 * render limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "embed.h"
#include "tmpl.h"

struct fix {
	struct tmpl_lib		*lib;
	struct arena		*arena;
	struct tmpl_vars	*v;
	struct buf		 out;
	char			 err[256];
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->lib = tmpl_lib_new();
	f->arena = arena_new();
	f->v = tmpl_vars_new(f->arena, NULL);
	buf_init(&f->out);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	buf_free(&f->out);
	arena_free(f->arena);
	tmpl_lib_free(f->lib);
	free(f);
	return 0;
}

/* Adds src as name; fails the test when the parser refuses it. */
static void
add(struct fix *f, const char *name, const char *src)
{
	int rc = tmpl_lib_add(f->lib, name, src, strlen(src), f->err,
	    sizeof(f->err));

	if (rc != 0)
		fail_msg("add %s: %s", name, f->err);
}

/* Renders name into a fresh output and returns it. */
static const char *
render(struct fix *f, const char *name)
{
	buf_reset(&f->out);
	f->err[0] = '\0';
	if (tmpl_render(f->lib, name, f->v, NULL, NULL, &f->out, f->err,
	    sizeof(f->err)) != 0)
		fail_msg("render %s: %s", name, f->err);
	return f->out.data != NULL ? f->out.data : "";
}

/* Renders src as template "t" and compares with want. */
static void
check(struct fix *f, const char *src, const char *want)
{
	add(f, "t", src);
	assert_string_equal(render(f, "t"), want);
}

/* Expects src to be refused with an error holding "t:LINE:" and why. */
static void
refused(struct fix *f, const char *src, int line, const char *why)
{
	char want[32];

	snprintf(want, sizeof(want), "t:%d:", line);
	f->err[0] = '\0';
	assert_int_equal(tmpl_lib_add(f->lib, "t", src, strlen(src), f->err,
	    sizeof(f->err)), -1);
	if (strstr(f->err, want) != f->err || strstr(f->err, why) == NULL)
		fail_msg("source \"%s\": error \"%s\", want \"%s ... %s\"",
		    src, f->err, want, why);
	assert_false(tmpl_lib_has(f->lib, "t"));
}

static void
test_escape(void **state)
{
	struct fix *f = *state;

	tmpl_set(f->v, "lt", "<");
	tmpl_set(f->v, "gt", ">");
	tmpl_set(f->v, "amp", "&");
	tmpl_set(f->v, "dq", "\"");
	tmpl_set(f->v, "sq", "'");
	tmpl_set(f->v, "all", "<a href=\"x\">Tom & 'Jerry'</a>");
	check(f, "{{lt}}|{{gt}}|{{amp}}|{{dq}}|{{sq}}",
	    "&lt;|&gt;|&amp;|&quot;|&#39;");
	check(f, "{{ all }}",
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	check(f, "{{raw all}}|{{ raw  amp }}",
	    "<a href=\"x\">Tom & 'Jerry'</a>|&");
	/* Literal text is never escaped; a lone }} is text. */
	check(f, "<b>a}}b</b>", "<b>a}}b</b>");
}

static void
test_vars(void **state)
{
	struct fix *f = *state;
	struct tmpl_vars *inner;

	check(f, "[{{missing}}][{{raw missing}}]", "[][]");
	tmpl_set(f->v, "x", "one");
	tmpl_set(f->v, "x", "two");
	tmpl_set(f->v, "n", NULL);
	check(f, "{{x}}[{{n}}]", "two[]");
	tmpl_set_bool(f->v, "b", 1);
	check(f, "[{{b}}]", "[]");
	/* A copy is kept, not the caller's pointer. */
	{
		char tmp[8] = "abc";

		tmpl_set(f->v, "c", tmp);
		tmp[0] = 'X';
		check(f, "{{c}}", "abc");
	}
	/* Names may hold dots and dashes; {{t}} and {{raw}} are names. */
	tmpl_set(f->v, "a.b-c_1", "ok");
	tmpl_set(f->v, "t", "tee");
	tmpl_set(f->v, "raw", "rw");
	check(f, "{{a.b-c_1}} {{t}} {{ raw }}", "ok tee rw");
	/* Comments vanish, even across lines; line counting goes on. */
	check(f, "a{{! note\n {{ x }}b", "ab");
	check(f, "a{{! note\n }}{{x}}b", "atwob");
	/* A scope made with a parent sees the parent's names. */
	inner = tmpl_vars_new(f->arena, f->v);
	tmpl_set(inner, "x", "inner");
	add(f, "t", "{{x}}/{{c}}");
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(f->lib, "t", inner, NULL, NULL, &f->out,
	    f->err, sizeof(f->err)), 0);
	assert_string_equal(f->out.data, "inner/abc");
}

static void
test_sections(void **state)
{
	struct fix *f = *state;
	struct tmpl_vars *it;
	int i;

	tmpl_set(f->v, "sep", ",");
	for (i = 0; i < 3; i++) {
		char num[8];

		it = tmpl_add_item(f->v, "rows");
		snprintf(num, sizeof(num), "%d", i + 1);
		tmpl_set(it, "n", num);
		if (i == 1)
			tmpl_set(it, "sep", ";");
	}
	/* Items see the enclosing scope; their own names shadow it. */
	check(f, "{{#rows}}{{n}}{{sep}}{{/rows}}", "1,2;3,");
	check(f, "{{^rows}}none{{/rows}}", "");
	check(f, "{{#norows}}x{{/norows}}{{^norows}}none{{/norows}}", "none");

	tmpl_set_bool(f->v, "yes", 1);
	tmpl_set_bool(f->v, "no", 0);
	check(f, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}"
	    "{{^yes}}!Y{{/yes}}", "Y!N");

	tmpl_set(f->v, "full", "v");
	tmpl_set(f->v, "empty", "");
	check(f, "{{#full}}[{{full}}]{{/full}}{{#empty}}E{{/empty}}"
	    "{{^empty}}!E{{/empty}}{{^full}}!F{{/full}}", "[v]!E");

	/* Setting a list name to a string replaces the list. */
	it = tmpl_add_item(f->v, "gone");
	tmpl_set(f->v, "gone", "");
	check(f, "{{^gone}}empty{{/gone}}", "empty");
}

static void
test_nested(void **state)
{
	struct fix *f = *state;
	struct tmpl_vars *g, *m;

	tmpl_set(f->v, "title", "T");
	g = tmpl_add_item(f->v, "groups");
	tmpl_set(g, "name", "a");
	m = tmpl_add_item(g, "members");
	tmpl_set(m, "who", "x");
	m = tmpl_add_item(g, "members");
	tmpl_set(m, "who", "y");
	tmpl_set_bool(m, "admin", 1);
	g = tmpl_add_item(f->v, "groups");
	tmpl_set(g, "name", "b");
	check(f,
	    "{{#groups}}<{{name}}:"
	    "{{#members}}{{who}}{{#admin}}*{{/admin}}@{{name}}/{{title}} "
	    "{{/members}}"
	    "{{^members}}-{{/members}}>{{/groups}}",
	    "<a:x@a/T y*@a/T >"
	    "<b:->");
}

static void
test_partials(void **state)
{
	struct fix *f = *state;
	struct tmpl_vars *it;

	add(f, "layout_head", "<html><title>{{title}}</title><body>");
	add(f, "layout_foot", "</body></html>");
	add(f, "row", "<li>{{name}} ({{owner}})</li>");
	add(f, "home", "{{> layout_head}}<ul>{{#items}}{{>row}}{{/items}}"
	    "</ul>{{>layout_foot}}");
	tmpl_set(f->v, "title", "A&B");
	tmpl_set(f->v, "owner", "me");
	it = tmpl_add_item(f->v, "items");
	tmpl_set(it, "name", "one");
	it = tmpl_add_item(f->v, "items");
	tmpl_set(it, "name", "two");
	tmpl_set(it, "owner", "you");
	assert_string_equal(render(f, "home"),
	    "<html><title>A&amp;B</title><body><ul><li>one (me)</li>"
	    "<li>two (you)</li></ul></body></html>");
	assert_true(tmpl_lib_has(f->lib, "row"));
	assert_false(tmpl_lib_has(f->lib, "rows"));

	/* Replacing a template is seen by its callers. */
	add(f, "layout_foot", "</body>");
	assert_string_equal(render(f, "layout_foot"), "</body>");

	/* An unknown partial is a render error naming it and its line. */
	add(f, "bad", "x\n{{>nothere}}");
	assert_int_equal(tmpl_render(f->lib, "bad", f->v, NULL, NULL,
	    &f->out, f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "bad:2:"));
	assert_non_null(strstr(f->err, "nothere"));
	assert_int_equal(tmpl_render(f->lib, "absent", f->v, NULL, NULL,
	    &f->out, f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "absent"));
}

static void
test_recursion(void **state)
{
	struct fix *f = *state;
	char src[64];
	int i;

	add(f, "self", "a{{>self}}");
	assert_int_equal(tmpl_render(f->lib, "self", f->v, NULL, NULL,
	    &f->out, f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "deeper"));

	add(f, "ping", "{{>pong}}");
	add(f, "pong", "{{#go}}{{>ping}}{{/go}}");
	tmpl_set_bool(f->v, "go", 1);
	assert_int_equal(tmpl_render(f->lib, "ping", f->v, NULL, NULL,
	    &f->out, f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "deeper"));

	/* Exactly TMPL_MAX_DEPTH nested partials are fine. */
	for (i = 0; i < TMPL_MAX_DEPTH; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", i);
		snprintf(src, sizeof(src), "%d{{>p%d}}", i, i + 1);
		add(f, name, src);
	}
	snprintf(src, sizeof(src), "p%d", TMPL_MAX_DEPTH);
	add(f, src, "end");
	assert_string_equal(render(f, "p0"), "0123456789101112131415end");
	snprintf(src, sizeof(src), "p%d", TMPL_MAX_DEPTH);
	add(f, src, "{{>end}}");
	add(f, "end", "end");
	assert_int_equal(tmpl_render(f->lib, "p0", f->v, NULL, NULL,
	    &f->out, f->err, sizeof(f->err)), -1);
}

static void
test_malformed(void **state)
{
	struct fix *f = *state;
	char longname[80];

	refused(f, "a\n{{#s}}\nb", 2, "not closed");
	refused(f, "{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", 3, "does not close");
	refused(f, "x\ny\n{{/a}}", 3, "closes no section");
	refused(f, "a\n\nb {{ name", 3, "unterminated");
	refused(f, "{{x}}\n{{", 2, "unterminated");
	refused(f, "a\n{{ na<me }}", 2, "bad character");
	refused(f, "a\n{{#sec!}}{{/sec!}}", 2, "bad character");
	refused(f, "{{ ü }}", 1, "unknown tag form");
	refused(f, "\n{{}}", 2, "empty name");
	refused(f, "\n{{   }}", 2, "empty name");
	refused(f, "\n\n{{# }}{{/}}", 3, "empty name");
	memset(longname, 'a', 65);
	longname[65] = '\0';
	{
		char src[128];

		snprintf(src, sizeof(src), "\n{{%s}}", longname);
		refused(f, src, 2, "longer than 64");
		/* 64 characters are fine. */
		longname[64] = '\0';
		snprintf(src, sizeof(src), "{{%s}}", longname);
		add(f, "ok", src);
	}
	refused(f, "{{&x}}", 1, "unknown tag form");
	refused(f, "\n{{{x}}}", 2, "unknown tag form");
	refused(f, "{{=<% %>=}}", 1, "unknown tag form");
	refused(f, "{{x y}}", 1, "unknown tag form");
	refused(f, "{{t a b}}", 1, "after name");
	refused(f, "{{#a b}}{{/a}}", 1, "after name");
	refused(f, "{{! a\nb }}\n{{/z}}", 3, "closes no section");
	refused(f, "{{#a\n}}{{/a}}", 1, "line break");
	/* A refused template does not replace a good one. */
	add(f, "t", "good");
	assert_int_equal(tmpl_lib_add(f->lib, "t", "{{", 2, f->err,
	    sizeof(f->err)), -1);
	assert_string_equal(render(f, "t"), "good");
	/* Template names follow the same rule as variable names. */
	assert_int_equal(tmpl_lib_add(f->lib, "a/b", "x", 1, f->err,
	    sizeof(f->err)), -1);
	assert_int_equal(tmpl_lib_add(f->lib, "", "x", 1, f->err,
	    sizeof(f->err)), -1);
	/* A NULL or tiny error buffer is tolerated. */
	assert_int_equal(tmpl_lib_add(f->lib, "t", "{{", 2, NULL, 0), -1);
	assert_int_equal(tmpl_lib_add(f->lib, "t", "{{", 2, f->err, 3), -1);
	assert_int_equal(strlen(f->err), 2);
}

static const char *
tr_test(void *arg, const char *key)
{
	int *calls = arg;

	(*calls)++;
	if (strcmp(key, "greet") == 0)
		return "Hi <you> & \"them\"";
	if (strcmp(key, "title") == 0)
		return "Judul";
	return NULL;
}

static void
test_translate(void **state)
{
	struct fix *f = *state;
	int calls = 0;

	add(f, "t", "{{t greet}}|{{ t  title }}|{{t no.such-key}}");
	assert_int_equal(tmpl_render(f->lib, "t", f->v, tr_test, &calls,
	    &f->out, f->err, sizeof(f->err)), 0);
	assert_string_equal(f->out.data,
	    "Hi &lt;you&gt; &amp; &quot;them&quot;|Judul|no.such-key");
	assert_int_equal(calls, 3);
	/* Without a translate function the key itself is printed. */
	assert_string_equal(render(f, "t"), "greet|title|no.such-key");
}

struct keys {
	char	seen[512];
	int	n;
};

static void
collect(void *arg, const char *tmpl, const char *key)
{
	struct keys *k = arg;
	size_t len = strlen(k->seen);

	snprintf(k->seen + len, sizeof(k->seen) - len, "%s/%s ", tmpl, key);
	k->n++;
}

static void
test_keys(void **state)
{
	struct fix *f = *state;
	struct keys k;

	memset(&k, 0, sizeof(k));
	add(f, "a", "{{t one}}{{#s}}{{^u}}{{t two}}{{/u}}{{/s}}{{x}}");
	add(f, "b", "{{raw y}}{{>a}}{{t three}}");
	tmpl_lib_keys(f->lib, collect, &k);
	assert_int_equal(k.n, 3);
	assert_non_null(strstr(k.seen, "a/one "));
	assert_non_null(strstr(k.seen, "a/two "));
	assert_non_null(strstr(k.seen, "b/three "));
}

static void
test_load_dir(void **state)
{
	struct fix *f = *state;
	char *dir = tu_mkdtemp(), path[512];

	snprintf(path, sizeof(path), "%s/page.html", dir);
	tu_write_file(path, "<p>{{>frame}}</p>", 17);
	snprintf(path, sizeof(path), "%s/frame.html", dir);
	tu_write_file(path, "[{{v}}]", 7);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	tu_write_file(path, "{{", 2);
	snprintf(path, sizeof(path), "%s/sub.html", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(tmpl_lib_load(f->lib, dir, f->err, sizeof(f->err)),
	    0);
	assert_true(tmpl_lib_has(f->lib, "page"));
	assert_true(tmpl_lib_has(f->lib, "frame"));
	assert_false(tmpl_lib_has(f->lib, "notes"));
	assert_false(tmpl_lib_has(f->lib, "sub"));
	tmpl_set(f->v, "v", "<1>");
	assert_string_equal(render(f, "page"), "<p>[&lt;1&gt;]</p>");

	snprintf(path, sizeof(path), "%s/broken.html", dir);
	tu_write_file(path, "ok\n{{#x}}", 9);
	assert_int_equal(tmpl_lib_load(f->lib, dir, f->err, sizeof(f->err)),
	    -1);
	assert_non_null(strstr(f->err, "broken.html:2:"));
	assert_false(tmpl_lib_has(f->lib, "broken"));

	tu_rmtree(dir);
	free(dir);
	assert_int_equal(tmpl_lib_load(f->lib, "/nonexistent/wbs-tmpl",
	    f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "/nonexistent/wbs-tmpl"));
}

static void
test_load_big_file(void **state)
{
	struct fix *f = *state;
	char *dir = tu_mkdtemp(), path[512], *big;
	size_t n = 1024 * 1024 + 1;

	big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	snprintf(path, sizeof(path), "%s/huge.html", dir);
	tu_write_file(path, big, n);
	assert_int_equal(tmpl_lib_load(f->lib, dir, f->err, sizeof(f->err)),
	    -1);
	assert_non_null(strstr(f->err, "huge.html"));
	/* Exactly 1 MiB is accepted. */
	tu_write_file(path, big, n - 1);
	assert_int_equal(tmpl_lib_load(f->lib, dir, f->err, sizeof(f->err)),
	    0);
	assert_true(tmpl_lib_has(f->lib, "huge"));
	free(big);
	tu_rmtree(dir);
	free(dir);
}

/* Every embedded template, if any, loads; other files are ignored. */
static void
test_load_embedded(void **state)
{
	struct fix *f = *state;

	const char *base;
	char name[128];
	size_t i, n;

	assert_int_equal(tmpl_lib_load(f->lib, NULL, f->err, sizeof(f->err)),
	    0);
	assert_int_equal(tmpl_lib_load(f->lib, "", f->err, sizeof(f->err)),
	    0);
	for (i = 0; i < embed_nfiles; i++) {
		if (strncmp(embed_files[i].path, "templates/", 10) != 0)
			continue;
		base = embed_files[i].path + 10;
		n = strlen(base);
		if (n <= 5 || strcmp(base + n - 5, ".html") != 0 ||
		    memchr(base, '/', n) != NULL || n - 5 >= sizeof(name))
			continue;
		memcpy(name, base, n - 5);
		name[n - 5] = '\0';
		if (!tmpl_lib_has(f->lib, name))
			fail_msg("embedded %s not loaded", embed_files[i].path);
	}
}

static void
test_output_limit(void **state)
{
	struct fix *f = *state;
	struct tmpl_vars *a, *b;
	char chunk[1025];
	int i, j;

	memset(chunk, 'z', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	tmpl_set(f->v, "chunk", chunk);
	/* 100 x 100 x 1 KiB = ~10 MB, over the 8 MiB limit. */
	for (i = 0; i < 100; i++) {
		a = tmpl_add_item(f->v, "outer");
		for (j = 0; j < 100; j++) {
			b = tmpl_add_item(a, "inner");
			tmpl_set_bool(b, "on", 1);
		}
	}
	add(f, "t", "{{#outer}}{{#inner}}{{chunk}}{{/inner}}{{/outer}}");
	assert_int_equal(tmpl_render(f->lib, "t", f->v, NULL, NULL, &f->out,
	    f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "output larger"));
	assert_true(f->out.len <= TMPL_MAX_OUTPUT + sizeof(chunk));

	/* The same with the text in the template itself. */
	add(f, "u", "{{#outer}}{{#inner}}{{>k}}{{/inner}}{{/outer}}");
	{
		char *src = malloc(1024 + 1);

		assert_non_null(src);
		memset(src, 'k', 1024);
		src[1024] = '\0';
		add(f, "k", src);
		free(src);
	}
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(f->lib, "u", f->v, NULL, NULL, &f->out,
	    f->err, sizeof(f->err)), -1);
	assert_non_null(strstr(f->err, "output larger"));
	assert_true(f->out.len <= TMPL_MAX_OUTPUT);

	/* Under the limit the full output arrives. */
	add(f, "w", "{{#outer}}{{#inner}}{{#on}}.{{/on}}{{/inner}}{{/outer}}");
	assert_int_equal(strlen(render(f, "w")), 100 * 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partials, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recursion, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_translate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_big_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_embedded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_output_limit, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
