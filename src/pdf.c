/*
 * pdf.c: A4 documents in the PDF base-14 fonts (pdf.h) through libhpdf.
 * This is the only file that includes hpdf.h.
 *
 * The fonts are Helvetica and Helvetica-Bold in WinAnsiEncoding, so
 * text goes from UTF-8 to Windows-1252 first, one byte per character;
 * what that encoding lacks becomes '?'. Lines break at the last space
 * that fits (HPDF_Font_MeasureText), or inside a word too long for a
 * whole line. Pages are kept in a list while the text flows; the
 * footers ("n / N") are drawn on each at the end, once N is known.
 * Compression is off: the documents are small, and their text can be
 * found in the bytes.
 *
 * libhpdf calls the error handler and then returns an error code: the
 * handler only records the first error, and every result is checked
 * (no longjmp). The document info names the creator and producer
 * "wbs", nothing else: no author, no dates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "buf.h"
#include "log.h"
#include "pdf.h"
#include "util.h"

#define CM		(72.0f / 2.54f)	/* points */
#define MARGIN		(2 * CM)
#define FOOTER_Y	(1 * CM)	/* footer baseline, in the margin */
#define SIZE_TITLE	16.0f
#define SIZE_SUBTITLE	12.0f
#define SIZE_HEADING	12.0f
#define SIZE_BODY	11.0f
#define SIZE_FOOTER	9.0f
#define LEADING		1.35f		/* line height over font size */
#define MEASURE_MAX	1024		/* bytes measured at once */

struct pdf {
	HPDF_Doc	 doc;
	HPDF_Font	 regular;
	HPDF_Font	 bold;
	HPDF_Page	*pages;
	size_t		 npages;
	size_t		 cap;
	HPDF_REAL	 width;		/* of a page */
	HPDF_REAL	 height;
	HPDF_REAL	 top;		/* of the next line, on the last page */
	HPDF_STATUS	 error;		/* the first error libhpdf reported */
	HPDF_STATUS	 detail;
};

/* Windows-1252 0x80..0x9f; 0 where the code page has no character. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static void HPDF_STDCALL
pdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *arg)
{
	struct pdf *p = arg;

	if (p->error == HPDF_OK) {
		p->error = error_no;
		p->detail = detail_no;
	}
}

/* The Windows-1252 byte for a printable code point c, else '?'. */
static char
cp1252(uint32_t c)
{
	size_t i;

	if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff))
		return (char)c;
	for (i = 0; i < NELEM(cp1252_high); i++)
		if (cp1252_high[i] == c)
			return (char)(0x80 + i);
	return '?';
}

/*
 * Decodes the character at s (len > 0 bytes left) into *c. Returns the
 * bytes it takes, or 0 when s does not start a well-formed sequence
 * (stray or missing continuation byte, overlong form, surrogate, above
 * U+10FFFF).
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *c)
{
	uint32_t min;
	size_t n, i;

	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		min = 0x80;
		*c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		min = 0x800;
		*c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		min = 0x10000;
		*c = s[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*c = *c << 6 | (s[i] & 0x3f);
	}
	if (*c < min || *c > 0x10ffff || (*c >= 0xd800 && *c <= 0xdfff))
		return 0;
	return n;
}

/*
 * Returns s in Windows-1252 as a new string (free() it): "\r\n", '\r',
 * U+2028 and U+2029 become '\n'; tab, VT and FF a space; the soft
 * hyphen is dropped; other controls, characters the code page lacks
 * and each byte of a malformed sequence become '?'. Trailing spaces
 * and newlines are cut.
 */
static char *
to_cp1252(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), n;
	uint32_t c;
	char *out, *o;

	o = out = xmalloc(len + 1);
	while (len > 0) {
		if ((n = utf8_decode(u, len, &c)) == 0) {
			c = 0xfffd;
			n = 1;
		}
		u += n;
		len -= n;
		if (c == '\r' && len > 0 && *u == '\n')
			continue;	/* the '\n' follows */
		if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
			*o++ = '\n';
		else if (c == '\t' || c == '\v' || c == '\f')
			*o++ = ' ';
		else if (c != 0xad)
			*o++ = cp1252(c);
	}
	while (o > out && (o[-1] == ' ' || o[-1] == '\n'))
		o--;
	*o = '\0';
	return out;
}

static int
new_page(struct pdf *p)
{
	HPDF_Page page;

	if ((page = HPDF_AddPage(p->doc)) == NULL ||
	    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
	    HPDF_PAGE_PORTRAIT) != HPDF_OK)
		return -1;
	if (p->npages == p->cap) {
		p->cap = p->cap == 0 ? 8 : 2 * p->cap;
		p->pages = xrealloc(p->pages, p->cap * sizeof(*p->pages));
	}
	p->pages[p->npages++] = page;
	p->width = HPDF_Page_GetWidth(page);
	p->height = HPDF_Page_GetHeight(page);
	p->top = p->height - MARGIN;
	return 0;
}

/* Makes room for h points on the last page, or starts a new one. */
static int
room(struct pdf *p, HPDF_REAL h)
{
	if (p->top - h >= MARGIN)
		return 0;
	return new_page(p);
}

/* Leaves h points of space, except at the top of a page. */
static void
gap(struct pdf *p, HPDF_REAL h)
{
	if (p->top < p->height - MARGIN)
		p->top -= h;
}

static int
show(HPDF_Page page, HPDF_Font font, HPDF_REAL size, HPDF_REAL x,
    HPDF_REAL y, const char *s)
{
	if (HPDF_Page_BeginText(page) != HPDF_OK ||
	    HPDF_Page_SetFontAndSize(page, font, size) != HPDF_OK ||
	    HPDF_Page_TextOut(page, x, y, s) != HPDF_OK ||
	    HPDF_Page_EndText(page) != HPDF_OK)
		return -1;
	return 0;
}

/* Shows the n bytes at s (n <= MEASURE_MAX) as the next line. */
static int
line(struct pdf *p, HPDF_Font font, HPDF_REAL size, const char *s,
    size_t n)
{
	char text[MEASURE_MAX + 1];

	if (room(p, size * LEADING) == -1)
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	if (n > 0 && show(p->pages[p->npages - 1], font, size, MARGIN,
	    p->top - size, text) == -1)
		return -1;
	p->top -= size * LEADING;
	return 0;
}

/* Flows Windows-1252 text, '\n' between paragraphs, across the pages. */
static int
flow(struct pdf *p, HPDF_Font font, HPDF_REAL size, const char *s)
{
	HPDF_REAL width = p->width - 2 * MARGIN;
	const char *e;
	size_t m, n, k;

	for (;;) {
		if ((e = strchr(s, '\n')) == NULL)
			e = s + strlen(s);
		while (s < e && *s == ' ')
			s++;
		if (s == e && line(p, font, size, s, 0) == -1)
			return -1;	/* an empty paragraph: a blank line */
		while (s < e) {
			m = (size_t)(e - s) > MEASURE_MAX ? MEASURE_MAX :
			    (size_t)(e - s);
			/* Up to the last space that fits, else what fits. */
			n = HPDF_Font_MeasureText(font, (const HPDF_BYTE *)s,
			    (HPDF_UINT)m, width, size, 0, 0, HPDF_TRUE, NULL);
			if (n == 0)
				n = HPDF_Font_MeasureText(font,
				    (const HPDF_BYTE *)s, (HPDF_UINT)m, width,
				    size, 0, 0, HPDF_FALSE, NULL);
			if (p->error != HPDF_OK)
				return -1;
			if (n == 0 || n > m)
				n = 1;
			for (k = n; k > 0 && s[k - 1] == ' '; k--)
				;
			if (line(p, font, size, s, k) == -1)
				return -1;
			for (s += n; s < e && *s == ' '; s++)
				;
		}
		if (*e == '\0')
			return 0;
		s = e + 1;
	}
}

/* Shows UTF-8 text; nothing when it is empty or blank. */
static int
text(struct pdf *p, HPDF_Font font, HPDF_REAL size, const char *utf8)
{
	char *s;
	int rc;

	s = to_cp1252(utf8);
	rc = s[0] == '\0' ? 0 : flow(p, font, size, s);
	free(s);
	return rc;
}

static int
footers(struct pdf *p)
{
	HPDF_TextWidth tw;
	HPDF_REAL w;
	char num[64];
	size_t i;
	int n;

	for (i = 0; i < p->npages; i++) {
		n = snprintf(num, sizeof(num), "%zu / %zu", i + 1, p->npages);
		if (n < 0 || (size_t)n >= sizeof(num))
			return -1;
		tw = HPDF_Font_TextWidth(p->regular, (const HPDF_BYTE *)num,
		    (HPDF_UINT)n);
		if (p->error != HPDF_OK)
			return -1;
		w = (HPDF_REAL)tw.width * SIZE_FOOTER / 1000;
		if (show(p->pages[i], p->regular, SIZE_FOOTER,
		    (p->width - w) / 2, FOOTER_Y, num) == -1)
			return -1;
	}
	return 0;
}

/* Saves the document to libhpdf's memory stream and appends that to out. */
static int
save(struct pdf *p, struct buf *out)
{
	HPDF_UINT32 size, got;
	HPDF_BYTE *bytes;

	if (HPDF_SaveToStream(p->doc) != HPDF_OK)
		return -1;
	if ((size = HPDF_GetStreamSize(p->doc)) == 0 || p->error != HPDF_OK)
		return -1;
	bytes = xmalloc(size);
	got = size;
	/* Asking for exactly the size avoids an end-of-stream "error". */
	if (HPDF_ReadFromStream(p->doc, bytes, &got) != HPDF_OK ||
	    got != size) {
		free(bytes);
		return -1;
	}
	buf_append(out, bytes, size);
	free(bytes);
	return 0;
}

int
pdf_document(const char *title, const char *subtitle,
    const struct pdf_section *sec, size_t n, struct buf *out)
{
	struct pdf p;
	size_t i;
	int rc = -1;

	if (n > 0 && sec == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	if ((p.doc = HPDF_New(pdf_error, &p)) == NULL)
		goto fail;
	if (HPDF_SetCompressionMode(p.doc, HPDF_COMP_NONE) != HPDF_OK ||
	    HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "wbs") != HPDF_OK ||
	    HPDF_SetInfoAttr(p.doc, HPDF_INFO_PRODUCER, "wbs") != HPDF_OK)
		goto fail;
	if ((p.regular = HPDF_GetFont(p.doc, "Helvetica",
	    "WinAnsiEncoding")) == NULL ||
	    (p.bold = HPDF_GetFont(p.doc, "Helvetica-Bold",
	    "WinAnsiEncoding")) == NULL)
		goto fail;
	if (new_page(&p) == -1)
		goto fail;
	if (title != NULL && text(&p, p.bold, SIZE_TITLE, title) == -1)
		goto fail;
	if (subtitle != NULL &&
	    text(&p, p.regular, SIZE_SUBTITLE, subtitle) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if (sec[i].heading != NULL) {
			gap(&p, SIZE_BODY);
			/* Keep the heading with the first line of its body. */
			if (room(&p, (SIZE_HEADING + SIZE_BODY) * LEADING) ==
			    -1 || text(&p, p.bold, SIZE_HEADING,
			    sec[i].heading) == -1)
				goto fail;
		}
		if (sec[i].body != NULL &&
		    text(&p, p.regular, SIZE_BODY, sec[i].body) == -1)
			goto fail;
	}
	if (footers(&p) == -1 || save(&p, out) == -1)
		goto fail;
	rc = 0;
fail:
	if (rc == -1)
		log_warnx("pdf: cannot write the document (libhpdf error "
		    "0x%04lx, detail %lu)", (unsigned long)p.error,
		    (unsigned long)p.detail);
	if (p.doc != NULL)
		HPDF_Free(p.doc);
	free(p.pages);
	return rc;
}
