/*
 * qr.h: QR codes rendered server-side as SVG (libqrencode; only qr.c
 * includes qrencode.h), so that enrolment needs no JavaScript.
 */
#ifndef WBS_QR_H
#define WBS_QR_H

struct buf;

/*
 * Appends an <svg> element (one <path>, fill attributes only: no style,
 * so the page's CSP holds) encoding text at error-correction level M
 * with a 4-module quiet zone. Returns 0 or -1 (text too long or
 * encoding failed; nothing appended).
 */
int	 qr_svg(const char *text, struct buf *out);

#endif
