/*
 * embed.h: files compiled into the binary (templates, translations,
 * static assets) so that one binary runs alone. The table is generated
 * at build time by tools/embed.c from the files under templates/, po/
 * and static/.
 */
#ifndef WBS_EMBED_H
#define WBS_EMBED_H

#include <stddef.h>

struct embed_file {
	const char		*path;	/* e.g. "templates/home.html" */
	const unsigned char	*data;	/* NUL-terminated for convenience */
	size_t			 len;
};

extern const struct embed_file	embed_files[];
extern const size_t		embed_nfiles;

/* Returns the embedded file at path, or NULL. */
const struct embed_file	*embed_find(const char *path);

#endif
