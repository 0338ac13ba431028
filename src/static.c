/*
 * static.c: the table of static assets, and serving them with ETag
 * revalidation and caching headers.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "embed.h"
#include "static.h"
#include "util.h"

#define STATIC_MAX_FILES	64
#define STATIC_MAX_BYTES	(4u * 1024 * 1024)
#define STATIC_NAME_MAX		64

struct static_file {
	char		 name[STATIC_NAME_MAX + 1];
	const char	*ctype;
	unsigned char	*data;		/* owned when from disk */
	const unsigned char *cdata;	/* what is served */
	size_t		 len;
	char		 etag[40];
};

struct static_files {
	struct static_file	f[STATIC_MAX_FILES];
	size_t			n;
};

static const struct {
	const char	*ext;
	const char	*ctype;
} ctypes[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *
ctype_for(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < NELEM(ctypes); i++) {
		size_t e = strlen(ctypes[i].ext);

		if (n > e && strcmp(name + n - e, ctypes[i].ext) == 0)
			return ctypes[i].ctype;
	}
	return NULL;
}

static int
name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > STATIC_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static int
add_file(struct static_files *sf, const char *name, const unsigned char *data,
    size_t len, unsigned char *owned, char *err, size_t errlen)
{
	struct static_file *f;
	char digest[33];
	const char *ct = ctype_for(name);

	if (ct == NULL || !name_ok(name)) {
		free(owned);
		return 0;	/* not an asset we serve */
	}
	if (sf->n >= STATIC_MAX_FILES) {
		free(owned);
		snprintf(err, errlen, "more than %d static files",
		    STATIC_MAX_FILES);
		return -1;
	}
	f = &sf->f[sf->n++];
	wbs_strlcpy(f->name, name, sizeof(f->name));
	f->ctype = ct;
	f->data = owned;
	f->cdata = data;
	f->len = len;
	crypto_digest_hex(digest, data, len);
	snprintf(f->etag, sizeof(f->etag), "\"%s\"", digest);
	return 0;
}

static int
load_dir(struct static_files *sf, const char *dir, char *err, size_t errlen)
{
	DIR *d;
	struct dirent *e;
	char path[2048];
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;
		unsigned char *data;
		ssize_t got;
		int fd;

		if (!name_ok(e->d_name) || ctype_for(e->d_name) == NULL)
			continue;
		if (wbs_path_join(path, sizeof(path), dir, e->d_name) == -1)
			continue;
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
		    (size_t)st.st_size > STATIC_MAX_BYTES) {
			close(fd);
			continue;
		}
		data = xmalloc((size_t)st.st_size + 1);
		got = read(fd, data, (size_t)st.st_size);
		close(fd);
		if (got != st.st_size) {
			free(data);
			snprintf(err, errlen, "%s: short read", path);
			rc = -1;
			break;
		}
		rc = add_file(sf, e->d_name, data, (size_t)got, data, err,
		    errlen);
	}
	closedir(d);
	return rc;
}

int
static_load(struct static_files **out, const char *dir, char *err,
    size_t errlen)
{
	struct static_files *sf = xcalloc(1, sizeof(*sf));
	size_t i;

	*out = NULL;
	if (dir != NULL && *dir != '\0') {
		if (load_dir(sf, dir, err, errlen) == -1)
			goto fail;
	} else {
		for (i = 0; i < embed_nfiles; i++) {
			const char *p = embed_files[i].path;

			if (strncmp(p, "static/", 7) != 0)
				continue;
			if (add_file(sf, p + 7, embed_files[i].data,
			    embed_files[i].len, NULL, err, errlen) == -1)
				goto fail;
		}
	}
	*out = sf;
	return 0;
fail:
	static_free(sf);
	return -1;
}

void
static_free(struct static_files *sf)
{
	size_t i;

	if (sf == NULL)
		return;
	for (i = 0; i < sf->n; i++)
		free(sf->f[i].data);
	free(sf);
}

const struct static_file *
static_find(const struct static_files *sf, const char *name)
{
	size_t i;

	if (sf == NULL || name == NULL)
		return NULL;
	for (i = 0; i < sf->n; i++)
		if (strcmp(sf->f[i].name, name) == 0)
			return &sf->f[i];
	return NULL;
}

void
static_file_info(const struct static_file *f, const char **ctype,
    const unsigned char **data, size_t *len, const char **etag)
{
	*ctype = f->ctype;
	*data = f->cdata;
	*len = f->len;
	*etag = f->etag;
}
