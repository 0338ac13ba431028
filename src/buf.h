/*
 * buf.h: a growable byte buffer used to build responses and strings.
 * Growth aborts on out-of-memory (see xrealloc).
 */
#ifndef WBS_BUF_H
#define WBS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Appends s with & < > " ' replaced by HTML entities. */
void	 buf_html_escape(struct buf *, const char *, size_t);
void	 buf_reset(struct buf *);
/* Frees the storage; the buffer is empty and reusable afterwards. */
void	 buf_free(struct buf *);
/* Hands the storage to the caller (free() it); the buffer is emptied. */
char	*buf_detach(struct buf *, size_t *);

#endif
