/*
 * magic_type.c: file types by content through libmagic. This is the only
 * file that includes magic.h. One libmagic handle is opened on first use
 * and shared behind a mutex, since a handle is not thread-safe. The file
 * is read with pread, so the caller's offset never moves.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <magic.h>

#include "log.h"
#include "magic_type.h"
#include "util.h"

/* Bytes of a file given to libmagic: enough for every type we allow. */
#define MAGIC_READ_MAX	(1024 * 1024)

static pthread_once_t	 magic_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t	 magic_mtx = PTHREAD_MUTEX_INITIALIZER;
static magic_t		 magic_cookie;

static void
magic_type_init(void)
{
	magic_t m;

	m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR |
	    MAGIC_NO_CHECK_COMPRESS);
	if (m == NULL) {
		log_warn("magic_open");
		return;
	}
	if (magic_load(m, NULL) == -1) {
		log_warnx("magic_load: cannot load the magic database");
		magic_close(m);
		return;
	}
	magic_cookie = m;
}

/* Reads up to len bytes from the start of fd; returns the count or -1. */
static ssize_t
read_head(int fd, unsigned char *buf, size_t len)
{
	size_t have = 0;
	ssize_t n;

	while (have < len) {
		n = pread(fd, buf + have, len - have, (off_t)have);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	return (ssize_t)have;
}

int
magic_type_fd(int fd, char *mime, size_t len)
{
	unsigned char *buf = NULL;
	const char *t;
	ssize_t n;
	int rc = -1, locked = 0;

	if (len > 0)
		mime[0] = '\0';
	if (pthread_once(&magic_once, magic_type_init) != 0 ||
	    magic_cookie == NULL)
		goto fail;
	buf = xmalloc(MAGIC_READ_MAX);
	if ((n = read_head(fd, buf, MAGIC_READ_MAX)) == -1) {
		log_warn("magic: read");
		goto fail;
	}
	if (pthread_mutex_lock(&magic_mtx) != 0)
		goto fail;
	locked = 1;
	if ((t = magic_buffer(magic_cookie, buf, (size_t)n)) == NULL) {
		log_warnx("magic: cannot determine a type");
		goto fail;
	}
	if (wbs_strlcpy(mime, t, len) >= len)
		goto fail;
	rc = 0;
fail:
	if (locked)
		pthread_mutex_unlock(&magic_mtx);
	free(buf);
	if (rc == -1 && len > 0)
		mime[0] = '\0';
	return rc;
}
