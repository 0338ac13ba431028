/*
 * testutil.c: temporary directories and file helpers for tests.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

char *
tu_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char path[1024];
	char *p;

	snprintf(path, sizeof(path), "%s/wbs-test-XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	p = mkdtemp(path);
	assert_non_null(p);
	return strdup(p);
}

void
tu_rmtree(const char *path)
{
	DIR *d;
	struct dirent *e;
	char sub[2048];
	struct stat st;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			tu_rmtree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

void
tu_write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

char *
tu_read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			p = realloc(p, cap + 1);
			assert_non_null(p);
		}
		n = fread(p + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	p[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return p;
}

const char *
tu_srcdir(void)
{
	const char *s = getenv("WBS_SRCDIR");

	return s != NULL && *s != '\0' ? s : ".";
}
