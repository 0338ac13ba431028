/*
 * qr.c: QR codes as inline SVG (qr.h) through libqrencode. This is the
 * only file that includes qrencode.h.
 *
 * The drawing is a white square covering the symbol and its quiet zone,
 * and one black path in which each horizontal run of dark modules is a
 * rectangle ("M x y h n v1 h-n z"), so a typical otpauth:// URI makes a
 * few kilobytes of SVG.
 */
#include <string.h>

#include <qrencode.h>

#include "buf.h"
#include "qr.h"

#define QR_TEXT_MAX	1024	/* bytes; an otpauth:// URI is about 150 */
#define QR_QUIET	4	/* modules of white border on each side */
#define QR_PIXELS	240	/* displayed size; the viewBox scales it */

int
qr_svg(const char *text, struct buf *out)
{
	QRcode *qr;
	size_t len;
	int size, x, y, run;

	/* An empty text is refused rather than encoded as nothing. */
	if (text == NULL || (len = strlen(text)) == 0 || len > QR_TEXT_MAX)
		return -1;
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return -1;
	size = qr->width + 2 * QR_QUIET;
	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", size, size, QR_PIXELS, QR_PIXELS,
	    size, size);
	for (y = 0; y < qr->width; y++)
		for (x = 0; x < qr->width; x += run > 0 ? run : 1) {
			/* Bit 0 of each module is dark (1) or light. */
			for (run = 0; x + run < qr->width &&
			    (qr->data[y * qr->width + x + run] & 1); run++)
				;
			if (run > 0)
				buf_printf(out, "M%d %dh%dv1h-%dz",
				    x + QR_QUIET, y + QR_QUIET, run, run);
		}
	buf_puts(out, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}
