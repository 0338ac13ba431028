/*
 * static.h: static assets (CSS, images), served under /static/ by
 * web_static (web.c), loaded once at start from a directory or from the built-in copies, each with
 * its content type and an ETag.
 */
#ifndef WBS_STATIC_H
#define WBS_STATIC_H

#include <stddef.h>

struct static_file;
struct static_files;

/*
 * Loads every regular file of dir (not recursive; names of
 * [A-Za-z0-9_.-] with a known extension; at most 4 MiB each), or the
 * built-in static/ when dir is NULL or empty. Returns 0 or -1 with err.
 */
int	 static_load(struct static_files **, const char *dir, char *err,
	    size_t errlen);
void	 static_free(struct static_files *);

/* The file called name, or NULL. */
const struct static_file *static_find(const struct static_files *,
	    const char *name);
/* What to serve of it: content type, bytes, length, ETag. */
void	 static_file_info(const struct static_file *, const char **ctype,
	    const unsigned char **data, size_t *len, const char **etag);

#endif
