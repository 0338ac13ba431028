/*
 * testutil.h: shared helpers for the cmocka test programs. This is the
 * only header that includes cmocka.h; test files include this one.
 */
#ifndef WBS_TESTUTIL_H
#define WBS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Makes a fresh directory under $TMPDIR (or /tmp); caller frees the path. */
char	*tu_mkdtemp(void);
/* Removes a directory tree made by tu_mkdtemp. */
void	 tu_rmtree(const char *);
/* Writes len bytes to path (mode 0600); fails the test on error. */
void	 tu_write_file(const char *path, const char *data, size_t len);
/* Reads a whole file into malloc'd memory (NUL-terminated); NULL if absent. */
char	*tu_read_file(const char *path, size_t *len);
/* The source tree's root (from WBS_SRCDIR, else "."). */
const char *tu_srcdir(void);

#endif
