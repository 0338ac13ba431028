/*
 * test_pdf.c: the LHP's PDF writer: the file's frame and document info,
 * the text shown (read back from the uncompressed content streams, with
 * the font size of each line), Windows-1252 conversion of good and bad
 * UTF-8, line breaking of long paragraphs and of words longer than a
 * line, page breaks with "n / N" footers, and the empty document.
 * pdftotext, when installed, reads one document as an extra check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "buf.h"
#include "pdf.h"
#include "util.h"

/* One shown line: the font size in force and the decoded bytes. */
struct line {
	int	 font;		/* n of "/Fn" */
	int	 size;
	double	 x, y;		/* where it starts, in points */
	char	*text;
};

struct shown {
	struct line	*v;
	size_t		 n;
};

static size_t
count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	const char *p = hay, *end = hay + len;

	while ((p = memmem(p, (size_t)(end - p), needle, nl)) != NULL) {
		n++;
		p += nl;
	}
	return n;
}

/* 1 if the document's bytes contain s. */
static int
has(const struct buf *b, const char *s)
{
	return memmem(b->data, b->len, s, strlen(s)) != NULL;
}

/* "/Type /Page" objects, not "/Type /Pages". */
static size_t
pages(const struct buf *b)
{
	return count(b->data, b->len, "/Type /Page\n") +
	    count(b->data, b->len, "/Type /Page ") +
	    count(b->data, b->len, "/Type /Page>");
}

/* Checks "%PDF-" first and "%%EOF" last (before an optional newline). */
static void
assert_frame(const struct buf *b)
{
	size_t len = b->len;

	assert_true(len > 100);
	assert_memory_equal(b->data, "%PDF-", 5);
	if (len > 0 && b->data[len - 1] == '\n')
		len--;
	if (len > 0 && b->data[len - 1] == '\r')
		len--;
	assert_true(len >= 5);
	assert_memory_equal(b->data + len - 5, "%%EOF", 5);
}

/*
 * Decodes the literal string at *pp (just after its '(') up to the
 * closing ')', which must be followed by " Tj".
 */
static char *
literal(const char **pp)
{
	struct buf t;
	const char *p = *pp;
	int c, i;

	buf_init(&t);
	buf_puts(&t, "");
	while (*p != ')') {
		assert_true(*p != '\0' && *p != '(' && *p != '\n');
		if (*p != '\\') {
			buf_putc(&t, *p++);
			continue;
		}
		p++;
		if (*p >= '0' && *p <= '7') {
			for (c = 0, i = 0; i < 3 && *p >= '0' && *p <= '7';
			    i++)
				c = c * 8 + (*p++ - '0');
			buf_putc(&t, (char)c);
		} else {
			assert_non_null(strchr("nrtbf\\()", *p));
			buf_putc(&t, *p == 'n' ? '\n' : *p == 'r' ? '\r' :
			    *p == 't' ? '\t' : *p == 'b' ? '\b' :
			    *p == 'f' ? '\f' : *p);
			p++;
		}
	}
	assert_memory_equal(p, ") Tj", 4);
	*pp = p + 4;
	return buf_detach(&t, NULL);
}

/* Every "(...) Tj" line of the document with the "/Fn size Tf" before it. */
static void
shown_read(const struct buf *b, struct shown *s)
{
	const char *p = b->data, *end = b->data + b->len, *nl;
	int font = 0, size = 0, fn, sz;
	double x = -1, y = -1, tx, ty;

	memset(s, 0, sizeof(*s));
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (sscanf(p, "/F%d %d Tf", &fn, &sz) == 2) {
			font = fn;
			size = sz;
		} else if (sscanf(p, "%lf %lf Td", &tx, &ty) == 2) {
			x = tx;
			y = ty;
		}
		else if (*p == '(') {
			p++;
			s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
			s->v[s->n].font = font;
			s->v[s->n].size = size;
			s->v[s->n].x = x;
			s->v[s->n].y = y;
			s->v[s->n].text = literal(&p);
			s->n++;
		}
		p = nl + 1;
	}
}

static void
shown_free(struct shown *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
}

/*
 * Text stays inside 2 cm margins (56.69 points) of the A4 page; footers
 * (9 pt) sit centred 1 cm from the bottom.
 */
static void
assert_margins(const struct shown *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].size == 9) {
			assert_true(s->v[i].y > 28.3 && s->v[i].y < 28.4);
			assert_true(s->v[i].x > 270 && s->v[i].x < 300);
			continue;
		}
		assert_true(s->v[i].x > 56.6 && s->v[i].x < 56.7);
		assert_true(s->v[i].y >= 56.69);
		assert_true(s->v[i].y <= 841.89 - 56.69 - s->v[i].size);
	}
}

/* Index of the first line after from showing exactly text, or -1. */
static long
shown_find(const struct shown *s, size_t from, const char *text)
{
	size_t i;

	for (i = from; i < s->n; i++)
		if (strcmp(s->v[i].text, text) == 0)
			return (long)i;
	return -1;
}

/* The body lines (11 pt) joined with single spaces. */
static char *
shown_body(const struct shown *s)
{
	struct buf t;
	size_t i;

	buf_init(&t);
	buf_puts(&t, "");
	for (i = 0; i < s->n; i++) {
		if (s->v[i].size != 11)
			continue;
		if (t.len > 0)
			buf_putc(&t, ' ');
		buf_puts(&t, s->v[i].text);
	}
	return buf_detach(&t, NULL);
}

/* pdftotext's reading of b, or NULL when pdftotext is not installed. */
static char *
pdftotext(const struct buf *b)
{
	const char *tools[] = {
		"/usr/bin/pdftotext", "/usr/local/bin/pdftotext"
	};
	const char *tool = NULL;
	char *dir, path[4096], cmd[8300], chunk[4096];
	struct buf t;
	size_t i, n;
	FILE *f;

	for (i = 0; i < NELEM(tools); i++)
		if (access(tools[i], X_OK) == 0)
			tool = tools[i];
	if (tool == NULL)
		return NULL;
	dir = tu_mkdtemp();
	snprintf(path, sizeof(path), "%s/lhp.pdf", dir);
	tu_write_file(path, b->data, b->len);
	snprintf(cmd, sizeof(cmd), "'%s' -q -enc UTF-8 '%s' -", tool, path);
	assert_non_null(f = popen(cmd, "r"));
	buf_init(&t);
	buf_puts(&t, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&t, chunk, n);
	assert_int_equal(pclose(f), 0);
	tu_rmtree(dir);
	free(dir);
	return buf_detach(&t, NULL);
}

static void
test_basic(void **state)
{
	const struct pdf_section sec[] = {
		{ "Ringkasan", "Pemeriksaan atas laporan pengadaan." },
		{ "Temuan", "Harga satuan di atas pasar." },
		{ "Kesimpulan", "Terbukti sebagian." },
	};
	struct shown s;
	struct buf b;
	long i;
	char *txt;

	(void)state;
	buf_init(&b);
	assert_int_equal(pdf_document("Laporan Hasil Pemeriksaan",
	    "WBS-2024-000123", sec, NELEM(sec), &b), 0);
	assert_frame(&b);
	/* Uncompressed: the text is in the bytes. */
	assert_true(has(&b, "(Kesimpulan"));
	assert_true(has(&b, "(Terbukti"));
	assert_false(has(&b, "/FlateDecode"));
	/* One A4 portrait page, built-in fonts in WinAnsiEncoding. */
	assert_int_equal(pages(&b), 1);
	assert_true(has(&b, "/MediaBox [ 0 0 595.27"));
	assert_true(has(&b, " 841.89"));
	assert_true(has(&b, "/BaseFont /Helvetica\n"));
	assert_true(has(&b, "/BaseFont /Helvetica-Bold"));
	assert_true(has(&b, "/Encoding /WinAnsiEncoding"));
	assert_false(has(&b, "/FontFile"));
	/* The document info: "wbs", and nothing about people or times. */
	assert_true(has(&b, "/Creator (wbs)"));
	assert_false(has(&b, "/Author"));
	assert_false(has(&b, "/CreationDate"));
	assert_false(has(&b, "/ModDate"));
	assert_false(has(&b, "Haru"));

	/* In order: title 16 pt, subtitle 12, headings 12, bodies 11. */
	shown_read(&b, &s);
	assert_margins(&s);
	assert_int_equal(s.n, 2 + 2 * NELEM(sec) + 1);
	assert_string_equal(s.v[0].text, "Laporan Hasil Pemeriksaan");
	assert_int_equal(s.v[0].size, 16);
	assert_string_equal(s.v[1].text, "WBS-2024-000123");
	assert_int_equal(s.v[1].size, 12);
	assert_string_equal(s.v[6].text, "Kesimpulan");
	assert_int_equal(s.v[6].size, 12);
	assert_string_equal(s.v[7].text, "Terbukti sebagian.");
	assert_int_equal(s.v[7].size, 11);
	assert_int_equal(i = shown_find(&s, 0, "1 / 1"), 8);
	assert_int_equal(s.v[i].size, 9);
	/* Title and headings in one font (bold), the rest in another. */
	assert_int_equal(s.v[2].font, s.v[0].font);
	assert_int_not_equal(s.v[1].font, s.v[0].font);
	assert_int_equal(s.v[3].font, s.v[1].font);
	assert_int_equal(s.v[8].font, s.v[1].font);
	shown_free(&s);

	if ((txt = pdftotext(&b)) != NULL) {
		assert_non_null(strstr(txt, "Laporan Hasil Pemeriksaan"));
		assert_non_null(strstr(txt, "Terbukti sebagian."));
		assert_non_null(strstr(txt, "1 / 1"));
		free(txt);
	}
	buf_free(&b);
}

static void
test_long_body(void **state)
{
	static const char *words[] = { "pemeriksaan", "dan", "kesimpulan",
	    "Inspektorat", "bukti", "pengadaan", "anggaran", "Rp", "1.000" };
	struct pdf_section sec[2];
	struct shown s;
	struct buf b, body;
	char label[32], *joined;
	size_t i, np;

	(void)state;
	buf_init(&body);
	for (i = 0; i < 20000; i++)
		buf_printf(&body, "%s%s", i > 0 ? " " : "",
		    words[(i * 7) % NELEM(words)]);
	sec[0].heading = "Temuan";
	sec[0].body = body.data;
	sec[1].heading = "Kesimpulan";
	sec[1].body = "Terbukti.";
	buf_init(&b);
	assert_int_equal(pdf_document("LHP", "WBS-2024-000124", sec, 2, &b),
	    0);
	assert_frame(&b);
	np = pages(&b);
	assert_true(np >= 10);
	assert_int_equal(count(b.data, b.len, "/Type /Pages"), 1);

	shown_read(&b, &s);
	assert_margins(&s);
	/* Every page has its footer, and the words are all there in order. */
	for (i = 1; i <= np; i++) {
		snprintf(label, sizeof(label), "%zu / %zu", i, np);
		assert_true(shown_find(&s, 0, label) >= 0);
	}
	snprintf(label, sizeof(label), "%zu / %zu", np + 1, np);
	assert_int_equal(shown_find(&s, 0, label), -1);
	joined = shown_body(&s);
	assert_int_equal(strlen(joined), body.len + strlen(" Terbukti."));
	assert_memory_equal(joined, body.data, body.len);
	assert_string_equal(joined + body.len, " Terbukti.");
	/* Lines are filled: about 80 characters of these words a line. */
	for (i = 0; i < s.n; i++)
		if (s.v[i].size == 11)
			assert_true(strlen(s.v[i].text) <= 110);
	assert_true(s.n > body.len / 100);
	free(joined);
	shown_free(&s);
	buf_free(&b);
	buf_free(&body);
}

static void
test_long_word(void **state)
{
	struct pdf_section sec = { "Lampiran", NULL };
	struct shown s;
	struct buf b;
	char *word, *joined;
	size_t i, n, xs = 0, lines = 0;

	(void)state;
	word = xmalloc(3 + 5000 + 2 + 1);
	memcpy(word, "ab ", 3);
	memset(word + 3, 'x', 5000);
	strcpy(word + 5003, " c");
	sec.body = word;
	buf_init(&b);
	assert_int_equal(pdf_document("LHP", NULL, &sec, 1, &b), 0);
	assert_frame(&b);
	shown_read(&b, &s);
	assert_margins(&s);
	/* "x" is 5.5 points wide at 11 pt: 87 of them fill 481.9 points. */
	for (i = 0; i < s.n; i++) {
		if (s.v[i].size != 11 || s.v[i].text[0] != 'x')
			continue;
		n = strspn(s.v[i].text, "x");
		assert_true(n <= 87);
		xs += n;
		if (xs < 5000) {
			assert_true(n >= 80);
			assert_int_equal(s.v[i].text[n], '\0');
		} else	/* the last piece, then " c" */
			assert_string_equal(s.v[i].text + n, " c");
		lines++;
	}
	assert_int_equal(xs, 5000);
	assert_true(lines >= 5000 / 87);
	/* The word starts on its own line; "c" follows it on the last. */
	assert_true(shown_find(&s, 0, "ab") >= 0);
	joined = shown_body(&s);
	assert_memory_equal(joined, "ab xxx", 6);
	assert_non_null(strstr(joined, "x c"));
	free(joined);
	shown_free(&s);
	buf_free(&b);
	free(word);
}

static void
test_cp1252(void **state)
{
	struct pdf_section sec = { "R\xc3\xa9sum\xc3\xa9",
	    "Rp 1.000 \xe2\x80\x93 \xc3\xa9 \xc3\xbc \xc3\x9f \xe2\x82\xac\n"
	    "\xe4\xb8\xad \xf0\x9f\x98\x80 \xe2\x80\x98q\xe2\x80\x99 "
	    "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x94 \xe2\x84\xa2 "
	    "\xc5\x92 \xc5\xb8 \xc2\xa0 \xc3\xbf\n"
	    "(a/b) \\ 100% <x> [y] {z} #1\n"
	    "\xc2\x80 \xc2\x81 \xc2\x9f a\x01" "b\tc so\xc2\xad" "ft\n"
	    "satu\r\ndua\rtiga\xe2\x80\xa8" "empat\n\n\nlima  \n \n" };
	struct shown s;
	struct buf b;
	long i;

	(void)state;
	buf_init(&b);
	assert_int_equal(pdf_document("\xe2\x82\xac 5", NULL, &sec, 1, &b), 0);
	assert_frame(&b);
	/* As the content stream has it: octal escapes. */
	assert_true(has(&b, "(Rp 1.000 \\226 \\351 \\374 \\337 \\200) Tj"));
	shown_read(&b, &s);
	assert_margins(&s);
	assert_string_equal(s.v[0].text, "\x80 5");
	assert_string_equal(s.v[1].text, "R\xe9sum\xe9");
	assert_string_equal(s.v[2].text, "Rp 1.000 \x96 \xe9 \xfc \xdf \x80");
	/* Outside Windows-1252: CJK, an emoji; the specials are kept. */
	assert_string_equal(s.v[3].text,
	    "? ? \x91q\x92 \x93q\x94 \x97 \x99 \x8c \x9f \xa0 \xff");
	assert_string_equal(s.v[4].text, "(a/b) \\ 100% <x> [y] {z} #1");
	/* C1 controls are not the code page's specials; soft hyphen goes. */
	assert_string_equal(s.v[5].text, "? ? ? a?b c soft");
	/* Line ends of every kind; an empty paragraph is a blank line. */
	assert_string_equal(s.v[6].text, "satu");
	assert_string_equal(s.v[7].text, "dua");
	assert_string_equal(s.v[8].text, "tiga");
	assert_string_equal(s.v[9].text, "empat");
	assert_string_equal(s.v[10].text, "lima");
	/* One line apart (11 pt, 14.85 leading); blank lines take space. */
	for (i = 6; i < 9; i++)
		assert_true(s.v[i].y - s.v[i + 1].y > 14.8 &&
		    s.v[i].y - s.v[i + 1].y < 14.9);
	assert_true(s.v[9].y - s.v[10].y > 3 * 14.8 &&
	    s.v[9].y - s.v[10].y < 3 * 14.9);
	assert_int_equal(i = shown_find(&s, 0, "1 / 1"), 11);
	assert_int_equal(s.n, 12);
	shown_free(&s);
	buf_free(&b);
}

static void
test_bad_utf8(void **state)
{
	struct pdf_section sec = { "\xff\xfe",
	    "a\xff" "b \xc3( \xe2\x82 \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 "
	    "\xf8\x88\x80\x80\x80 z\xc3" };
	struct shown s;
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(pdf_document("\x80", "\xe2\x82", &sec, 1, &b), 0);
	assert_frame(&b);
	shown_read(&b, &s);
	assert_margins(&s);
	assert_int_equal(s.n, 5);
	assert_string_equal(s.v[0].text, "?");
	assert_string_equal(s.v[1].text, "??");
	assert_string_equal(s.v[2].text, "??");
	/* Each byte of a malformed sequence is one '?'. */
	assert_string_equal(s.v[3].text,
	    "a?b ?( ?? ??? ?? ???? ????? z?");
	shown_free(&s);
	buf_free(&b);
}

static void
test_empty(void **state)
{
	const struct pdf_section sec[] = {
		{ NULL, NULL }, { "", "" }, { NULL, "\n\n  \n" },
	};
	struct shown s;
	struct buf b;

	(void)state;
	buf_init(&b);
	/* No sections: one page, the title and its footer. */
	buf_puts(&b, "keep");
	assert_int_equal(pdf_document("Kosong", "", NULL, 0, &b), 0);
	assert_memory_equal(b.data, "keep%PDF-", 9);
	buf_reset(&b);
	assert_int_equal(pdf_document(NULL, NULL, NULL, 0, &b), 0);
	assert_frame(&b);
	assert_int_equal(pages(&b), 1);
	shown_read(&b, &s);
	assert_margins(&s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].text, "1 / 1");
	shown_free(&s);
	/* Empty and missing parts show nothing. */
	buf_reset(&b);
	assert_int_equal(pdf_document("", "", sec, NELEM(sec), &b), 0);
	assert_frame(&b);
	assert_int_equal(pages(&b), 1);
	shown_read(&b, &s);
	assert_margins(&s);
	assert_int_equal(s.n, 1);
	shown_free(&s);
	/* Sections promised but not given: refused, nothing appended. */
	buf_reset(&b);
	buf_puts(&b, "keep");
	assert_int_equal(pdf_document("LHP", NULL, NULL, 1, &b), -1);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "keep");
	buf_free(&b);
}

static void
test_many_sections(void **state)
{
	static const char *bodies[] = { "Isi.", "Isi.\nDua.",
	    "Isi.\nDua.\nTiga.", "Isi.\n\nEmpat." };
	struct pdf_section sec[300];
	struct shown s;
	struct buf b;
	char head[300][16];
	size_t i, np;
	long at, prev = -1;

	(void)state;
	for (i = 0; i < NELEM(sec); i++) {
		snprintf(head[i], sizeof(head[i]), "Bagian %zu", i + 1);
		sec[i].heading = head[i];
		sec[i].body = bodies[(i * i) % NELEM(bodies)];
	}
	buf_init(&b);
	assert_int_equal(pdf_document("LHP", "x", sec, NELEM(sec), &b), 0);
	assert_frame(&b);
	np = pages(&b);
	assert_true(np >= 10);
	shown_read(&b, &s);
	assert_margins(&s);
	/*
	 * Each heading is followed by the first line of its body on the
	 * same page (else the page's footer would come between).
	 */
	for (i = 0; i < NELEM(sec); i++) {
		assert_true((at = shown_find(&s, 0, head[i])) > prev);
		assert_true((size_t)at + 1 < s.n);
		assert_string_equal(s.v[at + 1].text, "Isi.");
		assert_true(s.v[at + 1].y < s.v[at].y);
		prev = at;
	}
	shown_free(&s);
	buf_free(&b);
}

/*
 * A heading never ends a page: with a first section of 1..70 lines, the
 * second heading meets every position near the bottom of page 1.
 */
static void
test_keep_heading(void **state)
{
	struct pdf_section sec[2];
	struct shown s;
	struct buf b, body;
	size_t k;
	long at;

	(void)state;
	buf_init(&body);
	buf_puts(&body, "Baris");
	for (k = 1; k <= 70; k++) {
		sec[0].heading = "Temuan";
		sec[0].body = body.data;
		sec[1].heading = "Kesimpulan";
		sec[1].body = "Terbukti.";
		buf_init(&b);
		assert_int_equal(pdf_document("LHP", "x", sec, 2, &b), 0);
		shown_read(&b, &s);
		assert_margins(&s);
		assert_true((at = shown_find(&s, 0, "Kesimpulan")) > 0);
		assert_string_equal(s.v[at + 1].text, "Terbukti.");
		assert_true(s.v[at + 1].y < s.v[at].y);
		shown_free(&s);
		buf_free(&b);
		buf_puts(&body, "\nBaris");
	}
	buf_free(&body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_long_body),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_cp1252),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many_sections),
		cmocka_unit_test(test_keep_heading),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
