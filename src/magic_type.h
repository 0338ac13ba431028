/*
 * magic_type.h: file types by content through libmagic (only
 * magic_type.c includes magic.h). Thread-safe.
 */
#ifndef WBS_MAGIC_TYPE_H
#define WBS_MAGIC_TYPE_H

#include <stddef.h>

/* The MIME type of the file open at fd (offset unchanged); 0 or -1. */
int	 magic_type_fd(int fd, char *mime, size_t len);

#endif
