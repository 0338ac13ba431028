/*
 * keyfile.c: the server key file (crypto.h: crypto_keyfile_*, and
 * crypto_keys_*). The keys themselves are made and checked by crypto.c
 * through crypto_internal.h; this file does not include sodium.h.
 *
 * The key file is text: the line "wbs-server-key 1", then one line each
 * of "pepper=", "sign_sk=" and "ratelimit=" followed by the value in
 * standard, padded base64; every line ends in '\n'. The signing public
 * key is derived from sign_sk. Loaded keys live in guarded, read-only
 * memory and are wiped when freed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "crypto_internal.h"
#include "util.h"

#define KEYFILE_MAGIC	"wbs-server-key"
#define KEYFILE_VERSION	1
#define KEYFILE_MAX	4096	/* bytes; a real file is about 220 */

/* The entries of the key file, after the header line. */
enum kf_field {
	KF_PEPPER,
	KF_SIGN_SK,
	KF_RATELIMIT,
	KF__MAX
};

static const char *const kf_names[KF__MAX] = {
	[KF_PEPPER] = "pepper",
	[KF_SIGN_SK] = "sign_sk",
	[KF_RATELIMIT] = "ratelimit",
};

static void errf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Where the value of field f lives in k, and its exact length. */
static unsigned char *
kf_field(struct server_keys *k, enum kf_field f, size_t *len)
{
	switch (f) {
	case KF_PEPPER:
		*len = sizeof(k->pepper);
		return k->pepper;
	case KF_SIGN_SK:
		*len = sizeof(k->sign_sk);
		return k->sign_sk;
	case KF_RATELIMIT:
	default:
		*len = sizeof(k->ratelimit);
		return k->ratelimit;
	}
}

/* Writes all n bytes to fd. Returns 0 or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t n)
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

/* Flushes the directory holding path, so a new entry survives a crash. */
static int
fsync_parent(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, ret = -1;

	if (wbs_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		wbs_strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (fsync(fd) == 0)
		ret = 0;
	close(fd);
	return ret;
}

/*
 * Formats fresh keys as a key file into text (guarded memory of size
 * cap). Returns the length, or 0 when it does not fit.
 */
static size_t
kf_format(struct server_keys *k, char *text, size_t cap)
{
	char b64[CRYPTO_B64_LEN(CRYPTO_SIGN_SK_BYTES)];
	const unsigned char *v;
	size_t len, vlen;
	int f, n;

	n = snprintf(text, cap, "%s %d\n", KEYFILE_MAGIC, KEYFILE_VERSION);
	if (n < 0 || (size_t)n >= cap)
		return 0;
	len = (size_t)n;
	for (f = 0; f < KF__MAX; f++) {
		v = kf_field(k, (enum kf_field)f, &vlen);
		crypto_b64std_encode(b64, v, vlen);
		n = snprintf(text + len, cap - len, "%s=%s\n", kf_names[f],
		    b64);
		if (n < 0 || (size_t)n >= cap - len) {
			len = 0;
			break;
		}
		len += (size_t)n;
	}
	crypto_wipe(b64, sizeof(b64));
	return len;
}

int
crypto_keyfile_create(const char *path, char *err, size_t errlen)
{
	struct server_keys *k = NULL;
	char *text = NULL;
	size_t len;
	int fd = -1, created = 0;

	k = crypto_secure_alloc(sizeof(*k));
	text = crypto_secure_alloc(KEYFILE_MAX);
	k->version = KEYFILE_VERSION;
	crypto_random(k->pepper, sizeof(k->pepper));
	crypto_random(k->ratelimit, sizeof(k->ratelimit));
	if (crypto_signkey_new(k->sign_pk, k->sign_sk) == -1) {
		errf(err, errlen, "%s: cannot generate the signing key", path);
		goto fail;
	}
	if ((len = kf_format(k, text, KEYFILE_MAX)) == 0) {
		errf(err, errlen, "%s: cannot format the key file", path);
		goto fail;
	}

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		if (errno == EEXIST)
			errf(err, errlen, "%s: exists, refusing to overwrite",
			    path);
		else
			errf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	created = 1;
	/* Exactly 0600 whatever the umask. */
	if (fchmod(fd, 0600) == -1 || write_all(fd, text, len) == -1 ||
	    fsync(fd) == -1) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		errf(err, errlen, "%s: close: %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (fsync_parent(path) == -1) {
		errf(err, errlen, "%s: syncing directory: %s", path,
		    strerror(errno));
		goto fail;
	}
	crypto_secure_free(text);
	crypto_secure_free(k);
	return 0;
fail:
	if (fd != -1)
		close(fd);
	/* A partial key file would block the next attempt; remove it. */
	if (created)
		unlink(path);
	crypto_secure_free(text);
	crypto_secure_free(k);
	return -1;
}

/*
 * Reads the whole file at fd (at most KEYFILE_MAX bytes) into buf of
 * KEYFILE_MAX + 1 bytes. Returns the length, or -1 with err set.
 */
static ssize_t
kf_read(int fd, const char *path, char *buf, char *err, size_t errlen)
{
	size_t len = 0;
	ssize_t r;

	for (;;) {
		r = read(fd, buf + len, KEYFILE_MAX + 1 - len);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			errf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > KEYFILE_MAX) {
			errf(err, errlen, "%s: too large for a key file",
			    path);
			return -1;
		}
	}
	return (ssize_t)len;
}

/*
 * Decodes one "name=base64" line (line number ln, without its '\n')
 * into k, marking the entry in seen. Error texts name the line only,
 * never its content. Returns 0 or -1 with err set.
 */
static int
kf_parse_line(struct server_keys *k, int seen[KF__MAX], const char *path,
    int ln, const char *line, size_t n, char *err, size_t errlen)
{
	const char *eq;
	unsigned char *dst;
	size_t namelen, want;
	int f;

	if ((eq = memchr(line, '=', n)) == NULL) {
		errf(err, errlen, "%s: line %d: not a key entry", path, ln);
		return -1;
	}
	namelen = (size_t)(eq - line);
	for (f = 0; f < KF__MAX; f++)
		if (strlen(kf_names[f]) == namelen &&
		    memcmp(kf_names[f], line, namelen) == 0)
			break;
	if (f == KF__MAX) {
		errf(err, errlen, "%s: line %d: unknown entry", path, ln);
		return -1;
	}
	if (seen[f]) {
		errf(err, errlen, "%s: line %d: duplicate %s", path, ln,
		    kf_names[f]);
		return -1;
	}
	seen[f] = 1;
	dst = kf_field(k, (enum kf_field)f, &want);
	if (crypto_b64std_decode(dst, want, eq + 1, n - namelen - 1) == -1) {
		errf(err, errlen, "%s: line %d: %s is not %zu bytes of "
		    "base64", path, ln, kf_names[f], want);
		return -1;
	}
	return 0;
}

/* Parses text of len bytes into k. Returns 0 or -1 with err set. */
static int
kf_parse(struct server_keys *k, const char *path, const char *text,
    size_t len, char *err, size_t errlen)
{
	char header[32];
	const char *p = text, *nl;
	int seen[KF__MAX] = { 0 };
	int ln, f, n, ret = -1;
	size_t linelen;

	n = snprintf(header, sizeof(header), "%s %d", KEYFILE_MAGIC,
	    KEYFILE_VERSION);
	if (n < 0 || (size_t)n >= sizeof(header))
		goto fail;
	if (memchr(text, '\0', len) != NULL) {
		errf(err, errlen, "%s: not a text file", path);
		goto fail;
	}
	for (ln = 1; p < text + len; ln++) {
		if ((nl = memchr(p, '\n', (size_t)(text + len - p))) == NULL) {
			errf(err, errlen, "%s: line %d: no end of line "
			    "(truncated?)", path, ln);
			goto fail;
		}
		linelen = (size_t)(nl - p);
		if (ln == 1) {
			if (linelen != (size_t)n ||
			    memcmp(p, header, linelen) != 0) {
				errf(err, errlen, "%s: line 1: not a wbs "
				    "server key file of version %d", path,
				    KEYFILE_VERSION);
				goto fail;
			}
		} else if (kf_parse_line(k, seen, path, ln, p, linelen, err,
		    errlen) == -1)
			goto fail;
		p = nl + 1;
	}
	if (ln == 1) {
		errf(err, errlen, "%s: line 1: empty key file", path);
		goto fail;
	}
	for (f = 0; f < KF__MAX; f++)
		if (!seen[f]) {
			errf(err, errlen, "%s: line %d: missing %s "
			    "(truncated?)", path, ln, kf_names[f]);
			goto fail;
		}

	/* The secret key holds seed and public key; they must agree. */
	if (crypto_signkey_check(k->sign_sk, k->sign_pk) == -1) {
		errf(err, errlen, "%s: sign_sk is inconsistent", path);
		goto fail;
	}
	k->version = KEYFILE_VERSION;
	ret = 0;
fail:
	return ret;
}

int
crypto_keyfile_load(const char *path, struct server_keys **out, char *err,
    size_t errlen)
{
	struct server_keys *k = NULL;
	struct stat st;
	char *buf = NULL;
	ssize_t len;
	int fd, ret = -1;

	*out = NULL;
	/* O_NONBLOCK: a FIFO planted at path must not hang the server. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ELOOP)
			errf(err, errlen, "%s: is a symbolic link, refusing",
			    path);
		else
			errf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) == -1) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if ((st.st_mode & 077) != 0) {
		errf(err, errlen, "%s: permissions too open (%04o), "
		    "expected 0600", path, (unsigned)(st.st_mode & 07777));
		goto fail;
	}
	if (st.st_size > KEYFILE_MAX) {
		errf(err, errlen, "%s: too large for a key file", path);
		goto fail;
	}

	buf = crypto_secure_alloc(KEYFILE_MAX + 1);
	k = crypto_secure_alloc(sizeof(*k));
	if ((len = kf_read(fd, path, buf, err, errlen)) == -1)
		goto fail;
	if (kf_parse(k, path, buf, (size_t)len, err, errlen) == -1)
		goto fail;
	if (crypto_secure_readonly(k) == -1) {
		errf(err, errlen, "%s: cannot protect the keys", path);
		goto fail;
	}
	*out = k;
	k = NULL;
	ret = 0;
fail:
	if (fd != -1)
		close(fd);
	/* crypto_secure_free() wipes. */
	crypto_secure_free(buf);
	crypto_secure_free(k);
	return ret;
}

void
crypto_keys_free(struct server_keys *k)
{
	/* Lifts the read-only protection and wipes before unmapping. */
	crypto_secure_free(k);
}

void
crypto_keys_sign_pk_hex(const struct server_keys *k, char out[65])
{
	crypto_hex(out, k->sign_pk, sizeof(k->sign_pk));
}
