/*
 * filestore.c: encrypted evidence files (filestore.h). A stored file is
 * the stream header, then the padded plaintext in chunks of
 * CRYPTO_STREAM_CHUNK bytes (the last may be shorter and is tagged
 * FINAL), each grown by CRYPTO_STREAM_ABYTES. The plaintext is framed as
 * [8-byte little-endian true length][content][zeros] and is exactly
 * filestore_bucket(length) bytes long.
 *
 * A reader decrypts one chunk at a time and holds back the last bytes
 * of content until the chunks after them (padding, up to FINAL) have
 * been authenticated: whoever got the whole length got the whole file.
 *
 * Files are reached with openat() and friends on the directory: no path
 * is ever built, and only validated names (64 lower-case hex characters
 * chosen by the server) are looked up in it. Plaintext lives only in
 * guarded memory and is wiped when released.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "filestore.h"
#include "util.h"

#define FS_LENBYTES	8		/* the framing's length field */
#define FS_MINBUCKET	65536		/* the smallest padded plaintext */
#define FS_STEPS_LOG2	3		/* 8 buckets per power of two */
#define FS_NAMEBYTES	32		/* random bytes behind a name */
#define FS_TMPSUFFIX	".tmp"
#define FS_CTCHUNK	(CRYPTO_STREAM_CHUNK + CRYPTO_STREAM_ABYTES)

_Static_assert(FILESTORE_NAME == 2 * FS_NAMEBYTES + 1, "name length");
_Static_assert(CRYPTO_STREAM_CHUNK >= FS_LENBYTES, "chunk holds length");

static void errf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

uint64_t
filestore_bucket(uint64_t size)
{
	uint64_t n, step;
	int lg;

	if (size > UINT64_MAX - FS_LENBYTES)
		return UINT64_MAX;
	n = size + FS_LENBYTES;
	if (n <= FS_MINBUCKET)
		return FS_MINBUCKET;
	lg = 63 - __builtin_clzll(n);
	step = (uint64_t)1 << (lg - FS_STEPS_LOG2);
	if (n > UINT64_MAX - (step - 1))
		return UINT64_MAX;
	return (n + step - 1) & ~(step - 1);
}

int
filestore_name_valid(const char *name)
{
	size_t i;

	for (i = 0; i < FILESTORE_NAME - 1; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	return name[i] == '\0';
}

/* Reads up to n bytes, short only at end of file. -1 with errno set. */
static ssize_t
read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if ((r = read(fd, p + got, n - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Writes all n bytes. Returns 0 or -1 with errno set. */
static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Opens dir for the *at() calls, or -1 with errno set. */
static int
dir_open(const char *dir)
{
	return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * The number of bytes left to read in plain_fd, which must be a regular
 * file (a memfd is one): a pipe or socket tells no size, and the size is
 * written before the content. Returns 0 or -1.
 */
static int
plain_size(int fd, uint64_t *size, char *err, size_t errlen)
{
	struct stat st;
	off_t off;

	if (fstat(fd, &st) == -1) {
		errf(err, errlen, "plaintext: %s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errf(err, errlen, "plaintext: not a regular file (size unknown)");
		return -1;
	}
	if ((off = lseek(fd, 0, SEEK_CUR)) == -1) {
		errf(err, errlen, "plaintext: %s", strerror(errno));
		return -1;
	}
	*size = off < st.st_size ? (uint64_t)(st.st_size - off) : 0;
	return 0;
}

/*
 * Streams the framed, padded plaintext of size content bytes from
 * plain_fd to fd. Returns 0 or -1 with err set.
 */
static int
put_stream(int fd, int plain_fd, uint64_t size,
    const unsigned char key[CRYPTO_KEY_BYTES], uint64_t *stored,
    char *err, size_t errlen)
{
	struct crypto_stream *s = NULL;
	unsigned char hdr[CRYPTO_STREAM_HEADER];
	unsigned char *pt, *ct, probe;
	uint64_t total, done = 0, left = size, want;
	size_t fill, i;
	ssize_t r;
	int ret = -1, last;

	pt = crypto_secure_alloc(CRYPTO_STREAM_CHUNK);
	ct = xmalloc(FS_CTCHUNK);
	if ((total = filestore_bucket(size)) == UINT64_MAX) {
		errf(err, errlen, "plaintext: too large");
		goto fail;
	}
	s = crypto_stream_push_new(key, hdr);
	if (write_all(fd, hdr, sizeof(hdr)) == -1)
		goto fail_write;
	*stored = sizeof(hdr);
	while (done < total) {
		fill = 0;
		if (done == 0) {
			for (i = 0; i < FS_LENBYTES; i++)
				pt[i] = (unsigned char)(size >> (8 * i));
			fill = FS_LENBYTES;
		}
		want = CRYPTO_STREAM_CHUNK - fill;
		if (want > total - done - fill)
			want = total - done - fill;
		if (want > left)
			want = left;
		if (want > 0) {
			if ((r = read_full(plain_fd, pt + fill, want)) == -1) {
				errf(err, errlen, "plaintext: %s",
				    strerror(errno));
				goto fail;
			}
			if ((uint64_t)r != want) {
				errf(err, errlen, "plaintext: shrank while "
				    "being read");
				goto fail;
			}
			fill += want;
			left -= want;
		}
		/* Zero padding up to the chunk's end or the bucket's. */
		want = CRYPTO_STREAM_CHUNK - fill;
		if (want > total - done - fill)
			want = total - done - fill;
		memset(pt + fill, 0, want);
		fill += want;
		done += fill;
		last = done == total;
		if (last && read_full(plain_fd, &probe, 1) != 0) {
			errf(err, errlen, "plaintext: grew while being read");
			goto fail;
		}
		crypto_stream_push(s, pt, fill, last, ct);
		if (write_all(fd, ct, fill + CRYPTO_STREAM_ABYTES) == -1)
			goto fail_write;
		*stored += fill + CRYPTO_STREAM_ABYTES;
	}
	ret = 0;
	goto fail;
fail_write:
	errf(err, errlen, "write: %s", strerror(errno));
fail:
	crypto_stream_free(s);
	crypto_secure_free(pt);
	free(ct);
	return ret;
}

int
filestore_put(const char *dir, int plain_fd,
    const unsigned char key[CRYPTO_KEY_BYTES], char name[FILESTORE_NAME],
    uint64_t *stored_size, char *err, size_t errlen)
{
	unsigned char rnd[FS_NAMEBYTES];
	char tmp[FILESTORE_NAME + sizeof(FS_TMPSUFFIX) - 1];
	uint64_t size, stored = 0;
	int dfd = -1, fd = -1, ret = -1, made = 0, moved = 0, r;

	name[0] = '\0';
	*stored_size = 0;
	if (plain_size(plain_fd, &size, err, errlen) == -1)
		goto fail;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		errf(err, errlen, "file store directory: %s", strerror(errno));
		goto fail;
	}
	if ((dfd = dir_open(dir)) == -1) {
		errf(err, errlen, "file store directory: %s", strerror(errno));
		goto fail;
	}
	crypto_random(rnd, sizeof(rnd));
	crypto_hex(name, rnd, sizeof(rnd));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s%s", name, FS_TMPSUFFIX) >=
	    sizeof(tmp)) {
		errf(err, errlen, "temporary name too long");
		goto fail;
	}
	if ((fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		errf(err, errlen, "create: %s", strerror(errno));
		goto fail;
	}
	made = 1;
	if (put_stream(fd, plain_fd, size, key, &stored, err, errlen) == -1)
		goto fail;
	if (fsync(fd) == -1) {
		errf(err, errlen, "sync: %s", strerror(errno));
		goto fail;
	}
	r = close(fd);
	fd = -1;
	if (r == -1) {
		errf(err, errlen, "close: %s", strerror(errno));
		goto fail;
	}
	if (renameat(dfd, tmp, dfd, name) == -1) {
		errf(err, errlen, "rename: %s", strerror(errno));
		goto fail;
	}
	moved = 1;
	if (fsync(dfd) == -1) {
		errf(err, errlen, "sync directory: %s", strerror(errno));
		goto fail;
	}
	*stored_size = stored;
	ret = 0;
fail:
	if (fd != -1)
		close(fd);
	if (ret == -1 && made)
		unlinkat(dfd, moved ? name : tmp, 0);
	if (ret == -1)
		name[0] = '\0';
	if (dfd != -1)
		close(dfd);
	return ret;
}

/* A file being read (filestore.h). */
struct filestore_reader {
	int			 fd;
	struct crypto_stream	*s;
	unsigned char		*pt;	/* guarded: the current chunk */
	unsigned char		*pad;	/* guarded: padding chunks, lazily */
	unsigned char		*ct;
	size_t			 off;	/* unread content: pt[off..end) */
	size_t			 end;
	uint64_t		 size;	/* the true content length */
	uint64_t		 left;	/* content not yet decrypted */
	int			 started;	/* the first chunk was read */
	int			 final;	/* the FINAL chunk was read */
	int			 done;	/* ...and nothing follows it */
	int			 failed;
};

/*
 * The padded plaintext length that a stored file of stored bytes holds
 * (full chunks, then a shorter FINAL one or none), or -1 when no stream
 * written by put_stream has that length.
 */
static int
plain_total(uint64_t stored, uint64_t *total)
{
	uint64_t body, nfull, rem;

	if (stored <= CRYPTO_STREAM_HEADER)
		return -1;
	body = stored - CRYPTO_STREAM_HEADER;
	nfull = body / FS_CTCHUNK;
	rem = body % FS_CTCHUNK;
	if (rem != 0 && rem <= CRYPTO_STREAM_ABYTES)
		return -1;
	*total = nfull * CRYPTO_STREAM_CHUNK +
	    (rem != 0 ? rem - CRYPTO_STREAM_ABYTES : 0);
	return 0;
}

/*
 * Reads and authenticates the next chunk into out (CRYPTO_STREAM_CHUNK
 * bytes). Returns its plaintext length, or -1: end of file before the
 * FINAL chunk (truncated), a read error, or a chunk that fails.
 */
static ssize_t
next_chunk(struct filestore_reader *rd, unsigned char *out)
{
	ssize_t r;

	if (rd->final)
		return -1;
	if ((r = read_full(rd->fd, rd->ct, FS_CTCHUNK)) <= 0)
		return -1;
	if (crypto_stream_pull(rd->s, rd->ct, (size_t)r, out, &rd->final) ==
	    -1)
		return -1;
	return r - CRYPTO_STREAM_ABYTES;
}

/*
 * Once the content is complete: authenticates every chunk left up to
 * FINAL, and makes sure nothing follows it. 0 or -1.
 */
static int
finish(struct filestore_reader *rd)
{
	unsigned char probe;

	while (!rd->final) {
		if (rd->pad == NULL)
			rd->pad = crypto_secure_alloc(CRYPTO_STREAM_CHUNK);
		if (next_chunk(rd, rd->pad) == -1)
			return -1;
	}
	if (read_full(rd->fd, &probe, 1) != 0)
		return -1;
	rd->done = 1;
	return 0;
}

/* Decrypts the next chunk holding content into rd->pt. 0 or -1. */
static int
fill(struct filestore_reader *rd)
{
	ssize_t r;
	size_t off = 0, n, i;

	if ((r = next_chunk(rd, rd->pt)) == -1)
		return -1;
	if (!rd->started) {
		if ((size_t)r < FS_LENBYTES)
			return -1;
		for (i = 0; i < FS_LENBYTES; i++)
			rd->size |= (uint64_t)rd->pt[i] << (8 * i);
		rd->left = rd->size;
		off = FS_LENBYTES;
		rd->started = 1;
	}
	n = (size_t)r - off;
	if (n > rd->left)
		n = (size_t)rd->left;
	rd->left -= n;
	rd->off = off;
	rd->end = off + n;
	if (rd->left == 0)
		return finish(rd);
	/* The length field promised more than the stream holds. */
	return rd->final ? -1 : 0;
}

/*
 * Makes plaintext available in pt[off..end), or reaches the verified
 * end (done, nothing buffered). 0 or -1 (sticky).
 */
static int
ready(struct filestore_reader *rd)
{
	if (rd->failed)
		return -1;
	while (rd->off == rd->end && !rd->done)
		if (fill(rd) == -1) {
			rd->failed = 1;
			rd->off = rd->end = 0;
			return -1;
		}
	return 0;
}

struct filestore_reader *
filestore_open(const char *dir, const char *name,
    const unsigned char key[CRYPTO_KEY_BYTES])
{
	struct filestore_reader *rd;
	unsigned char hdr[CRYPTO_STREAM_HEADER];
	struct stat st;
	uint64_t total;
	int dfd;

	if (!filestore_name_valid(name))
		return NULL;
	if ((dfd = dir_open(dir)) == -1)
		return NULL;
	rd = xcalloc(1, sizeof(*rd));
	rd->fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	close(dfd);
	if (rd->fd == -1)
		goto fail;
	if (fstat(rd->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    plain_total((uint64_t)st.st_size, &total) == -1)
		goto fail;
	if (read_full(rd->fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr) ||
	    (rd->s = crypto_stream_pull_new(key, hdr)) == NULL)
		goto fail;
	rd->pt = crypto_secure_alloc(CRYPTO_STREAM_CHUNK);
	rd->ct = xmalloc(FS_CTCHUNK);
	if (fill(rd) == -1)
		goto fail;
	/* Cut short or lengthened at a chunk boundary. */
	if (filestore_bucket(rd->size) != total)
		goto fail;
	return rd;
fail:
	filestore_close(rd);
	return NULL;
}

ssize_t
filestore_read(struct filestore_reader *rd, void *buf, size_t max)
{
	size_t n;

	if (max == 0 || ready(rd) == -1)
		return -1;
	n = rd->end - rd->off;
	if (n > max)
		n = max;
	memcpy(buf, rd->pt + rd->off, n);
	rd->off += n;
	return (ssize_t)n;
}

uint64_t
filestore_size(const struct filestore_reader *rd)
{
	return rd->size;
}

void
filestore_close(struct filestore_reader *rd)
{
	if (rd == NULL)
		return;
	crypto_stream_free(rd->s);
	crypto_secure_free(rd->pt);
	crypto_secure_free(rd->pad);
	free(rd->ct);
	if (rd->fd != -1)
		close(rd->fd);
	free(rd);
}

int
filestore_get(const char *dir, const char *name,
    const unsigned char key[CRYPTO_KEY_BYTES],
    int (*sink)(void *arg, const void *data, size_t len), void *arg)
{
	struct filestore_reader *rd;
	size_t n;
	int ret = -1;

	if ((rd = filestore_open(dir, name, key)) == NULL)
		return -1;
	for (;;) {
		if (ready(rd) == -1)
			goto fail;
		if ((n = rd->end - rd->off) == 0)
			break;
		if (sink(arg, rd->pt + rd->off, n) == -1)
			goto fail;
		rd->off = rd->end;
	}
	ret = 0;
fail:
	filestore_close(rd);
	return ret;
}

int
filestore_delete(const char *dir, const char *name)
{
	int dfd, ret = -1;

	if (!filestore_name_valid(name))
		return -1;
	if ((dfd = dir_open(dir)) == -1)
		return -1;
	if (unlinkat(dfd, name, 0) == -1)
		goto fail;
	/* Make the removal durable; the file is gone either way. */
	(void)fsync(dfd);
	ret = 0;
fail:
	close(dfd);
	return ret;
}
