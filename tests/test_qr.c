/*
 * test_qr.c: QR codes as SVG: the markup (no style, a viewBox sized for
 * the symbol and its quiet zone), and a decoding of the path back into
 * modules that must show the three finder patterns and timing lines of
 * a real QR symbol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "buf.h"
#include "qr.h"

#define MAXN	(177 + 8)

/* An SVG decoded back into dark modules. */
struct grid {
	int		n;		/* viewBox side, quiet zone included */
	unsigned char	m[MAXN][MAXN];	/* 1 = dark */
};

static int
starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
ends_with(const char *s, const char *p)
{
	size_t ls = strlen(s), lp = strlen(p);

	return ls >= lp && strcmp(s + ls - lp, p) == 0;
}

/* Decodes svg into g, failing the test on anything unexpected. */
static void
decode(const char *svg, struct grid *g)
{
	const char *p;
	int x, y, w, w2, used, i, n2, runs = 0;

	memset(g, 0, sizeof(*g));
	assert_true(starts_with(svg, "<svg "));
	assert_true(ends_with(svg, "</svg>"));
	assert_null(strstr(svg, "style"));
	assert_null(strstr(svg, "script"));
	assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
	assert_non_null(p = strstr(svg, "viewBox=\"0 0 "));
	assert_int_equal(sscanf(p, "viewBox=\"0 0 %d %d\"", &g->n, &n2), 2);
	assert_int_equal(g->n, n2);
	assert_true(g->n >= 21 + 8 && g->n <= MAXN);
	/* Versions 1..40 are 17 + 4v modules wide; 8 more of quiet zone. */
	assert_int_equal((g->n - 8 - 17) % 4, 0);
	assert_non_null(strstr(svg, "<rect width=\""));
	assert_non_null(strstr(svg, "fill=\"#fff\""));
	assert_non_null(p = strstr(svg, "<path fill=\"#000\" d=\""));
	p += strlen("<path fill=\"#000\" d=\"");
	while (*p == 'M') {
		assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &w,
		    &w2, &used), 4);
		assert_int_equal(w, w2);
		assert_true(w >= 1);
		/* Inside the symbol: the quiet zone stays white. */
		assert_true(x >= 4 && y >= 4 && y < g->n - 4);
		assert_true(x + w <= g->n - 4);
		for (i = 0; i < w; i++) {
			/* Each module drawn once. */
			assert_int_equal(g->m[y][x + i], 0);
			g->m[y][x + i] = 1;
		}
		runs++;
		p += used;
	}
	assert_true(starts_with(p, "\"/></svg>"));
	/* Runs are maximal: as many as the grid has starts of runs. */
	for (y = 0; y < g->n; y++)
		for (x = 1; x < g->n; x++)
			if (g->m[y][x] && !g->m[y][x - 1])
				runs--;
	assert_int_equal(runs, 0);
}

/* A finder pattern with its top-left module at (x, y). */
static void
assert_finder(const struct grid *g, int x0, int y0)
{
	int x, y, ring;

	for (y = 0; y < 7; y++)
		for (x = 0; x < 7; x++) {
			/* Distance from the edge: dark, light, dark 3x3. */
			ring = x < y ? x : y;
			ring = ring < 6 - x ? ring : 6 - x;
			ring = ring < 6 - y ? ring : 6 - y;
			assert_int_equal(g->m[y0 + y][x0 + x], ring != 1);
		}
}

static void
test_structure(void **state)
{
	struct grid *g = malloc(sizeof(*g));
	struct buf b;
	int n, i, side, x;

	(void)state;
	assert_non_null(g);
	buf_init(&b);
	assert_int_equal(qr_svg("otpauth://totp/WBS:budi?secret="
	    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=WBS", &b), 0);
	decode(b.data, g);
	n = g->n;
	side = n - 8;
	assert_finder(g, 4, 4);
	assert_finder(g, 4 + side - 7, 4);
	assert_finder(g, 4, 4 + side - 7);
	/* No finder in the fourth corner. */
	for (i = 0, x = 0; i < 7; i++)
		x += g->m[4 + side - 1 - i][4 + side - 1 - i];
	assert_true(x < 7);
	/* Timing lines: row and column 6 alternate between the finders. */
	for (i = 8; i < side - 8; i++) {
		assert_int_equal(g->m[4 + 6][4 + i], i % 2 == 0);
		assert_int_equal(g->m[4 + i][4 + 6], i % 2 == 0);
	}
	buf_free(&b);
	free(g);
}

static void
test_small_version(void **state)
{
	struct grid *g = malloc(sizeof(*g));
	struct buf b;

	(void)state;
	assert_non_null(g);
	buf_init(&b);
	/* Five bytes fit version 1 (21 modules) at level M. */
	assert_int_equal(qr_svg("hello", &b), 0);
	decode(b.data, g);
	assert_int_equal(g->n, 21 + 8);
	assert_non_null(strstr(b.data, "viewBox=\"0 0 29 29\""));
	assert_non_null(strstr(b.data, "width=\"240\" height=\"240\""));
	assert_finder(g, 4, 4);
	assert_finder(g, 4 + 14, 4);
	assert_finder(g, 4, 4 + 14);
	buf_free(&b);
	free(g);
}

static void
test_deterministic(void **state)
{
	struct buf a, b, c;

	(void)state;
	buf_init(&a);
	buf_init(&b);
	buf_init(&c);
	assert_int_equal(qr_svg("otpauth://totp/x", &a), 0);
	assert_int_equal(qr_svg("otpauth://totp/x", &b), 0);
	assert_int_equal(qr_svg("otpauth://totp/y", &c), 0);
	assert_string_equal(a.data, b.data);
	assert_string_not_equal(a.data, c.data);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

static void
test_appends(void **state)
{
	struct buf b, c;

	(void)state;
	buf_init(&b);
	buf_init(&c);
	buf_puts(&b, "<p>");
	assert_int_equal(qr_svg("hello", &b), 0);
	assert_int_equal(qr_svg("hello", &c), 0);
	assert_true(starts_with(b.data, "<p><svg "));
	assert_string_equal(b.data + 3, c.data);
	buf_free(&b);
	buf_free(&c);
}

static void
test_limits(void **state)
{
	struct grid *g = malloc(sizeof(*g));
	char *text;
	struct buf b;

	(void)state;
	assert_non_null(g);
	text = malloc(1026);
	assert_non_null(text);
	memset(text, 'a', 1025);
	text[1025] = '\0';
	buf_init(&b);
	buf_puts(&b, "keep");
	/* Too long, empty, NULL: refused, nothing appended. */
	assert_int_equal(qr_svg(text, &b), -1);
	assert_int_equal(qr_svg("", &b), -1);
	assert_int_equal(qr_svg(NULL, &b), -1);
	assert_string_equal(b.data, "keep");
	assert_int_equal(b.len, 4);
	/* 1024 bytes are accepted, in a large symbol. */
	text[1024] = '\0';
	buf_reset(&b);
	assert_int_equal(qr_svg(text, &b), 0);
	decode(b.data, g);
	assert_true(g->n > 100);
	assert_finder(g, 4, 4);
	buf_free(&b);
	free(text);
	free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_small_version),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
