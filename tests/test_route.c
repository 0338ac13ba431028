/*
 * test_route.c: the route table: literal, ":param" and "*" patterns, the
 * segments each refuses, HEAD on GET routes, the allowed methods of a
 * ROUTE_BAD_METHOD answer, first-match order, method names, and the
 * start-up check of a table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "arena.h"
#include "form.h"
#include "route.h"
#include "util.h"

#define BIT(m)	(1u << (m))

struct fix {
	struct arena		*arena;
	struct route_params	 rp;
	const struct route	*out;
	unsigned		 allowed;
};

static void
h_a(struct req *r)
{
	(void)r;
}

static void
h_b(struct req *r)
{
	(void)r;
}

static const struct form_field some_fields[] = {
	{ "name", FORM_LINE, 1, 100, 1, NULL },
};

static const struct route table[] = {
	{ HTTP_GET, "/", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/alur", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/laporan/:id", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/u/:uid/f/:fid", h_a, ROLE_ADMIN, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/static/*", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_GET, "/lapor", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	{ HTTP_POST, "/lapor", h_b, ROLE_PUBLIC, 1, some_fields,
	    NELEM(some_fields), 0, 0 },
	{ HTTP_DELETE, "/sesi", h_b, ROLE_REPORTER, 1, NULL, 0, 0, 0 },
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->arena = arena_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	arena_free(f->arena);
	free(f);
	return 0;
}

static enum route_result
match_in(struct fix *f, const struct route *t, size_t n, enum http_method m,
    const char *path)
{
	f->allowed = 0xdead;
	return route_match(t, n, m, path, f->arena, &f->rp, &f->out,
	    &f->allowed);
}

static enum route_result
match(struct fix *f, enum http_method m, const char *path)
{
	return match_in(f, table, NELEM(table), m, path);
}

/* Expects path (GET) not to match anything. */
static void
no_match(struct fix *f, const char *path)
{
	if (match(f, HTTP_GET, path) != ROUTE_NOT_FOUND) {
		print_error("path \"%s\" matched %s\n", path,
		    f->out != NULL ? f->out->pattern : "(none)");
		fail();
	}
	assert_null(f->out);
	assert_int_equal(f->allowed, 0);
}

static void
test_table_is_valid(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(route_table_check(table, NELEM(table), err,
	    sizeof(err)), 0);
}

static void
test_literal(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_GET, "/alur"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[1]);
	assert_int_equal(f->rp.n, 0);
	no_match(f, "/alurx");
	no_match(f, "/alu");
	no_match(f, "/Alur");
	no_match(f, "/alur/x");
	no_match(f, "alur");
	no_match(f, "");
}

static void
test_root(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_GET, "/"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[0]);
	no_match(f, "//");
	no_match(f, "/x");
}

static void
test_trailing_slash(void **state)
{
	struct fix *f = *state;
	static const struct route slash[] = {
		{ HTTP_GET, "/tentang/", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	};

	no_match(f, "/alur/");
	no_match(f, "/laporan/abc/");
	assert_int_equal(match_in(f, slash, NELEM(slash), HTTP_GET,
	    "/tentang"), ROUTE_NOT_FOUND);
	assert_int_equal(match_in(f, slash, NELEM(slash), HTTP_GET,
	    "/tentang/"), ROUTE_FOUND);
}

static void
test_param(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_GET, "/laporan/WBS-2024_01.a"),
	    ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[2]);
	assert_int_equal(f->rp.n, 1);
	assert_string_equal(route_param(&f->rp, "id"), "WBS-2024_01.a");

	assert_int_equal(match(f, HTTP_GET, "/laporan/7"), ROUTE_FOUND);
	assert_string_equal(route_param(&f->rp, "id"), "7");
}

static void
test_param_bad_segment(void **state)
{
	struct fix *f = *state;

	no_match(f, "/laporan/");		/* empty */
	no_match(f, "/laporan");
	no_match(f, "/laporan//");
	no_match(f, "/laporan/a b");
	no_match(f, "/laporan/a%2Fb");
	no_match(f, "/laporan/a?b");
	no_match(f, "/laporan/<x>");
	no_match(f, "/laporan/\xc3\xa9");	/* é */
	no_match(f, "/laporan/a\tb");
	no_match(f, "/laporan/a/b");
	no_match(f, "/u//f/1");
	no_match(f, "/u/1/f/");
}

static void
test_two_params(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_GET, "/u/42/f/x-9"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[3]);
	assert_int_equal(f->rp.n, 2);
	assert_string_equal(route_param(&f->rp, "uid"), "42");
	assert_string_equal(route_param(&f->rp, "fid"), "x-9");
	assert_null(route_param(&f->rp, "id"));
	assert_null(route_param(&f->rp, "u"));
	assert_null(route_param(&f->rp, ""));
	assert_null(route_param(&f->rp, "uid2"));
}

static void
test_star(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_GET, "/static/css/wbs.css"),
	    ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[4]);
	assert_int_equal(f->rp.n, 1);
	assert_string_equal(route_param(&f->rp, "*"), "css/wbs.css");

	assert_int_equal(match(f, HTTP_GET, "/static/logo.png"), ROUTE_FOUND);
	assert_string_equal(route_param(&f->rp, "*"), "logo.png");

	/* dots inside a name are fine */
	assert_int_equal(match(f, HTTP_GET, "/static/a..b/.x"), ROUTE_FOUND);
	assert_string_equal(route_param(&f->rp, "*"), "a..b/.x");
}

static void
test_star_refuses(void **state)
{
	struct fix *f = *state;

	no_match(f, "/static/");
	no_match(f, "/static");
	no_match(f, "/static/..");
	no_match(f, "/static/.");
	no_match(f, "/static/../x");
	no_match(f, "/static/./x");
	no_match(f, "/static/a/../../etc/passwd");
	no_match(f, "/static/a/./b");
	no_match(f, "/static/a/.");
	no_match(f, "/static/a/..");
	no_match(f, "/static/a//b");
	no_match(f, "/static//a");
	no_match(f, "/static/a/");
}

static void
test_head_on_get(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_HEAD, "/alur"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[1]);
	assert_int_equal(match(f, HTTP_HEAD, "/laporan/9"), ROUTE_FOUND);
	assert_string_equal(route_param(&f->rp, "id"), "9");
	/* HEAD only stands for GET, not for POST or DELETE */
	assert_int_equal(match(f, HTTP_HEAD, "/sesi"), ROUTE_BAD_METHOD);
	assert_int_equal(f->allowed, BIT(HTTP_DELETE));
}

static void
test_bad_method(void **state)
{
	struct fix *f = *state;

	assert_int_equal(match(f, HTTP_POST, "/alur"), ROUTE_BAD_METHOD);
	assert_null(f->out);
	assert_int_equal(f->allowed, BIT(HTTP_GET) | BIT(HTTP_HEAD));
	assert_int_equal(f->rp.n, 0);

	assert_int_equal(match(f, HTTP_POST, "/laporan/1"), ROUTE_BAD_METHOD);
	assert_int_equal(f->allowed, BIT(HTTP_GET) | BIT(HTTP_HEAD));
	assert_int_equal(f->rp.n, 0);
	assert_null(route_param(&f->rp, "id"));

	/* several routes on one path: every method is listed */
	assert_int_equal(match(f, HTTP_PUT, "/lapor"), ROUTE_BAD_METHOD);
	assert_int_equal(f->allowed,
	    BIT(HTTP_GET) | BIT(HTTP_HEAD) | BIT(HTTP_POST));
	assert_int_equal(match(f, HTTP_OTHER, "/lapor"), ROUTE_BAD_METHOD);
	assert_int_equal(f->allowed,
	    BIT(HTTP_GET) | BIT(HTTP_HEAD) | BIT(HTTP_POST));

	assert_int_equal(match(f, HTTP_GET, "/sesi"), ROUTE_BAD_METHOD);
	assert_int_equal(f->allowed, BIT(HTTP_DELETE));

	/* the right method on the same path is found */
	assert_int_equal(match(f, HTTP_POST, "/lapor"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[6]);
	assert_int_equal(match(f, HTTP_GET, "/lapor"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[5]);

	/* not found does not report methods */
	assert_int_equal(match(f, HTTP_POST, "/nope"), ROUTE_NOT_FOUND);
	assert_int_equal(f->allowed, 0);

	/* allowed may be NULL */
	assert_int_equal(route_match(table, NELEM(table), HTTP_POST, "/alur",
	    f->arena, &f->rp, &f->out, NULL), ROUTE_BAD_METHOD);
}

static void
test_first_match(void **state)
{
	struct fix *f = *state;
	static const struct route lit_first[] = {
		{ HTTP_GET, "/a/new", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:id", h_b, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	};
	static const struct route param_first[] = {
		{ HTTP_GET, "/a/:id", h_b, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/new", h_a, ROLE_PUBLIC, 0, NULL, 0, 0, 0 },
	};

	assert_int_equal(match_in(f, lit_first, 2, HTTP_GET, "/a/new"),
	    ROUTE_FOUND);
	assert_ptr_equal(f->out, &lit_first[0]);
	assert_int_equal(f->rp.n, 0);
	assert_int_equal(match_in(f, lit_first, 2, HTTP_GET, "/a/old"),
	    ROUTE_FOUND);
	assert_ptr_equal(f->out, &lit_first[1]);
	assert_string_equal(route_param(&f->rp, "id"), "old");

	assert_int_equal(match_in(f, param_first, 2, HTTP_GET, "/a/new"),
	    ROUTE_FOUND);
	assert_ptr_equal(f->out, &param_first[0]);
	assert_string_equal(route_param(&f->rp, "id"), "new");

	/* a later route of the right method wins over an earlier mismatch */
	assert_int_equal(match(f, HTTP_POST, "/lapor"), ROUTE_FOUND);
	assert_ptr_equal(f->out, &table[6]);
}

static void
test_params_copied(void **state)
{
	struct fix *f = *state;
	char path[] = "/u/abc/f/def";

	assert_int_equal(match(f, HTTP_GET, path), ROUTE_FOUND);
	memset(path, 'z', sizeof(path) - 1);
	assert_string_equal(route_param(&f->rp, "uid"), "abc");
	assert_string_equal(route_param(&f->rp, "fid"), "def");
}

static void
test_method_names(void **state)
{
	static const struct {
		const char		*name;
		enum http_method	 m;
	} t[] = {
		{ "GET", HTTP_GET },
		{ "POST", HTTP_POST },
		{ "PUT", HTTP_PUT },
		{ "DELETE", HTTP_DELETE },
		{ "HEAD", HTTP_HEAD },
		{ "OPTIONS", HTTP_OPTIONS },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		assert_int_equal(route_method_parse(t[i].name), t[i].m);
		assert_string_equal(route_method_name(t[i].m), t[i].name);
	}
	assert_int_equal(route_method_parse("get"), HTTP_OTHER);
	assert_int_equal(route_method_parse("GETX"), HTTP_OTHER);
	assert_int_equal(route_method_parse("GE"), HTTP_OTHER);
	assert_int_equal(route_method_parse(""), HTTP_OTHER);
	assert_int_equal(route_method_parse("PATCH"), HTTP_OTHER);
	assert_int_equal(route_method_parse("OTHER"), HTTP_OTHER);
	assert_int_equal(route_method_parse(" GET"), HTTP_OTHER);
	assert_string_equal(route_method_name(HTTP_OTHER), "OTHER");
	assert_string_equal(route_method_name(HTTP__MAX), "OTHER");
	assert_string_equal(route_method_name((enum http_method)77), "OTHER");
}

/* Expects the one-route table r to be refused with a message. */
static void
refused(const struct route *r, const char *why)
{
	char err[256] = "";

	if (route_table_check(r, 1, err, sizeof(err)) != -1) {
		print_error("accepted: %s (%s)\n",
		    r->pattern != NULL ? r->pattern : "(null)", why);
		fail();
	}
	assert_true(err[0] != '\0');
}

static void
test_check_refuses(void **state)
{
	static const struct route bad[] = {
		{ HTTP_GET, "alur", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, NULL, h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/static/*/x", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/*/*", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/static*", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "//", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a//b", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:/b", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_POST, "/lapor", h_a, 0, 1, NULL, 0, 0, 0 },
		{ HTTP_PUT, "/lapor", h_a, 0, 1, NULL, 0, 0, 0 },
		{ HTTP_GET, "/alur", NULL, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_POST, "/lapor", NULL, 0, 1, some_fields, 1, 0, 0 },
		{ HTTP_HEAD, "/alur", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_OTHER, "/alur", h_a, 0, 0, NULL, 0, 0, 0 },
	};
	size_t i;
	char why[32];

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(why, sizeof(why), "bad[%zu]", i);
		refused(&bad[i], why);
	}
}

static void
test_check_duplicate(void **state)
{
	static const struct route dup[] = {
		{ HTTP_GET, "/alur", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/laporan/:id", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/alur", h_b, 0, 0, NULL, 0, 0, 0 },
	};
	static const struct route same_path[] = {
		{ HTTP_GET, "/lapor", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_POST, "/lapor", h_b, 0, 1, some_fields, 1, 0, 0 },
		{ HTTP_DELETE, "/lapor", h_b, 0, 1, NULL, 0, 0, 0 },
	};
	char err[256] = "";

	(void)state;
	assert_int_equal(route_table_check(dup, NELEM(dup), err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "duplicate"));
	assert_non_null(strstr(err, "/alur"));
	assert_int_equal(route_table_check(dup, 2, err, sizeof(err)), 0);
	assert_int_equal(route_table_check(same_path, NELEM(same_path), err,
	    sizeof(err)), 0);
}

static void
test_check_accepts(void **state)
{
	static const struct route ok[] = {
		{ HTTP_GET, "/", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/*", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:id/b/:x", h_a, 0, 0, NULL, 0, 0, 0 },
		/* a body route with a limit and no fields (an upload) */
		{ HTTP_POST, "/unggah", h_a, 0, 1, NULL, 0, 1 << 20,
		    ROUTE_UPLOAD },
		{ HTTP_POST, "/lapor", h_a, 0, 1, some_fields, 1, 0, 0 },
		{ HTTP_DELETE, "/sesi", h_a, 0, 1, NULL, 0, 0, 0 },
		{ HTTP_OPTIONS, "/", h_a, 0, 0, NULL, 0, 0, 0 },
	};
	char err[256] = "";

	(void)state;
	assert_int_equal(route_table_check(ok, NELEM(ok), err, sizeof(err)),
	    0);
	assert_int_equal(route_table_check(ok, 0, err, sizeof(err)), 0);
}

/*
 * route.h promises that the check refuses ill-formed parameters. A
 * parameter name must be a plain identifier, else route_param() lookups
 * silently never match.
 */
static void
test_check_param_names(void **state)
{
	static const struct route bad[] = {
		{ HTTP_GET, "/a/:i d", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:id:x", h_a, 0, 0, NULL, 0, 0, 0 },
		{ HTTP_GET, "/a/:id*", h_a, 0, 0, NULL, 0, 0, 0 },
	};
	size_t i;
	char why[32];

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(why, sizeof(why), "param bad[%zu]", i);
		refused(&bad[i], why);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_valid),
		cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_param, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_bad_segment, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_two_params, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_star, setup, teardown),
		cmocka_unit_test_setup_teardown(test_star_refuses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_head_on_get, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_method, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_first_match, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_params_copied, setup,
		    teardown),
		cmocka_unit_test(test_method_names),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_check_duplicate),
		cmocka_unit_test(test_check_accepts),
		cmocka_unit_test(test_check_param_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
