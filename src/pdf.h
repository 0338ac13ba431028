/*
 * pdf.h: plain A4 PDF documents (the LHP, laporan hasil pemeriksaan)
 * through libhpdf; only pdf.c includes hpdf.h.
 */
#ifndef WBS_PDF_H
#define WBS_PDF_H

#include <stddef.h>

struct buf;

/* UTF-8 texts; NULL (or blank) shows nothing. */
struct pdf_section {
	const char	*heading;	/* bold; may span lines */
	const char	*body;		/* '\n' between paragraphs */
};

/*
 * Writes an A4 PDF: a title line, a subtitle, then the n sections
 * (heading in bold, body wrapped to the page width, new pages as
 * needed, page numbers "n / N" in the footer), appending the bytes to
 * out. title and subtitle may be NULL (left out). Text is UTF-8;
 * characters the built-in fonts cannot show (outside Windows-1252) and
 * bytes that are not UTF-8 are replaced by '?'. The document info holds
 * only creator and producer "wbs": no author, no dates. Returns 0 or
 * -1 (libhpdf error, or sections NULL with n > 0; nothing appended).
 */
int	 pdf_document(const char *title, const char *subtitle,
	    const struct pdf_section *, size_t n, struct buf *out);

#endif
