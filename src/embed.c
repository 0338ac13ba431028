/*
 * embed.c: lookup in the table of embedded files (see embed.h).
 */
#include <string.h>

#include "embed.h"

const struct embed_file *
embed_find(const char *path)
{
	size_t i;

	for (i = 0; i < embed_nfiles; i++)
		if (strcmp(embed_files[i].path, path) == 0)
			return &embed_files[i];
	return NULL;
}
