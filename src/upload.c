/*
 * upload.c: evidence files while a request is being received. Files are
 * staged in a private directory (mkdtemp, 0700) made on a tmpfs at the
 * first file, each as "N.bin" (N its index). upload_process checks each
 * file's content against the allow-list and, when asked, renames it to
 * "N.<ext>" for its type (mat2 chooses its parser by the extension) and
 * cleans it with mat2; a file that cannot be cleaned is refused, never
 * kept uncleaned. Client file names are data: they are checked and kept
 * in memory, never used in a path, never logged. upload_free removes
 * everything in the staging directory and the directory itself.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "magic_type.h"
#include "mat2.h"
#include "upload.h"
#include "util.h"

#define MAT2_TIMEOUT	120	/* seconds for one file */

/*
 * The allowed types, each with the extension mat2 needs for it. Only
 * types that mat2 0.13 on Debian 12 can clean without optional helpers
 * are here: WAV, AIFF and video need ffmpeg, WebP is not supported.
 * Archives (zip, tar), HTML, SVG and EPUB are left out on purpose: they
 * hide other files or carry active content that a handler would open.
 */
static const struct {
	const char	*mime;
	const char	*ext;
	int		 media;		/* image or sound: never markup */
} types[] = {
	{ "image/jpeg", "jpg", 1 },
	{ "image/png", "png", 1 },
	{ "image/gif", "gif", 1 },
	{ "image/tiff", "tiff", 1 },
	{ "image/heic", "heic", 1 },
	{ "application/pdf", "pdf", 0 },
	{ "text/plain", "txt", 0 },
	{ "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "docx", 0 },
	{ "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "xlsx", 0 },
	{ "application/vnd.openxmlformats-officedocument."
	    "presentationml.presentation", "pptx", 0 },
	{ "application/vnd.oasis.opendocument.text", "odt", 0 },
	{ "application/vnd.oasis.opendocument.spreadsheet", "ods", 0 },
	{ "application/vnd.oasis.opendocument.presentation", "odp", 0 },
	{ "audio/mpeg", "mp3", 1 },
	{ "audio/ogg", "ogg", 1 },
	{ "audio/flac", "flac", 1 },
};

const char *const upload_allowed_mime[] = {
	"image/jpeg",
	"image/png",
	"image/gif",
	"image/tiff",
	"image/heic",
	"application/pdf",
	"text/plain",
	"application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument."
	    "presentationml.presentation",
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
	"application/vnd.oasis.opendocument.presentation",
	"audio/mpeg",
	"audio/ogg",
	"audio/flac",
	NULL
};

static const char *const err_keys[] = {
	[UPLOAD_OK] = "",
	[UPLOAD_TOO_LARGE] = "upload.error.too_large",
	[UPLOAD_TOTAL] = "upload.error.total",
	[UPLOAD_TOO_MANY] = "upload.error.too_many",
	[UPLOAD_TYPE] = "upload.error.type",
	[UPLOAD_NAME] = "upload.error.name",
	[UPLOAD_CLEAN] = "upload.error.clean",
	[UPLOAD_MARKUP] = "upload.error.markup",
	[UPLOAD_BUSY] = "upload.error.busy",
	[UPLOAD_IO] = "upload.error.io",
};

/* Bytes staged by every request together (see upload_limits.max_staged). */
static _Atomic uint64_t staged_all;

uint64_t
upload_staged_bytes(void)
{
	return staged_all;
}

struct staged {
	struct upload_file	 f;
	char			 stage[32];	/* name in the directory */
	uint64_t		 received;	/* bytes of the part so far */
	int			 done;		/* processed */
};

struct upload {
	struct upload_limits	 lim;
	char			*tmpdir;
	char			*dir;		/* staging directory or NULL */
	int			 dirfd;
	struct staged		**files;
	size_t			 nfiles;
	struct staged		*cur;		/* the part being received */
	int			 dropping;	/* ignore the current part */
	uint64_t		 total;		/* bytes of the files kept */
	uint64_t		 staged;	/* bytes written to staging */
	enum upload_err		 err;		/* request-level */
};

struct upload *
upload_new(const struct upload_limits *lim)
{
	struct upload *u;

	u = xcalloc(1, sizeof(*u));
	u->lim = *lim;
	if (u->lim.max_staged == 0)
		u->lim.max_staged = UINT64_MAX;
	u->tmpdir = xstrdup(lim->tmpdir != NULL ? lim->tmpdir : "/tmp");
	u->lim.tmpdir = u->tmpdir;
	u->dirfd = -1;
	return u;
}

#define STAGE_PREFIX	"wbs-up-"

/* Makes the staging directory once (mode 0700); 0 or -1. */
static int
stage_dir(struct upload *u)
{
	char path[PATH_MAX];

	if (u->dirfd != -1)
		return 0;
	/* The server's pid in the name: upload_sweep knows what is stale. */
	if (snprintf(path, sizeof(path), "%s/" STAGE_PREFIX "%ld-XXXXXX",
	    u->tmpdir, (long)getpid()) >= (int)sizeof(path)) {
		log_warnx("upload: staging path too long");
		return -1;
	}
	if (mkdtemp(path) == NULL) {
		log_warn("upload: mkdtemp");
		return -1;
	}
	u->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (u->dirfd == -1) {
		log_warn("upload: open staging directory");
		(void)rmdir(path);
		return -1;
	}
	u->dir = xstrdup(path);
	return 0;
}

/* The code point at s[*i] (valid UTF-8), moving *i past it. */
static uint32_t
utf8_decode(const unsigned char *s, size_t len, size_t *i)
{
	uint32_t cp = s[*i];
	size_t n = cp < 0x80 ? 0 : cp < 0xe0 ? 1 : cp < 0xf0 ? 2 : 3;

	if (n > 0)
		cp &= 0x3f >> n;
	for ((*i)++; n > 0 && *i < len; n--, (*i)++)
		cp = cp << 6 | (s[*i] & 0x3f);
	return cp;
}

/*
 * 1 for the invisible characters that change how a name shows without
 * being seen (Unicode category Cf): bidirectional overrides and
 * isolates (U+202E shows "laporan<RLO>fdp.cmd" as "laporandmc.pdf"),
 * marks, zero-width joiners and spaces, the soft hyphen, word joiners,
 * the byte-order mark and interlinear annotations.
 */
static int
format_char(uint32_t cp)
{
	return cp == 0x00ad || cp == 0x061c || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	    (cp >= 0xfff9 && cp <= 0xfffb);
}

/*
 * The client's name without any directory part, checked and cut to
 * UPLOAD_NAME_MAX bytes at a character boundary. Returns 0, or -1 when
 * it is empty, not UTF-8 or holds control characters.
 */
static int
clean_name(const char *in, char *out, size_t outlen)
{
	const unsigned char *s;
	const char *base, *p;
	size_t len, i;

	out[0] = '\0';
	base = in;
	for (p = in; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	len = strlen(base);
	if (len == 0 || !utf8_valid(base, len))
		return -1;
	s = (const unsigned char *)base;
	for (i = 0; i < len; ) {
		uint32_t cp = utf8_decode(s, len, &i);

		/* C0, DEL, C1, and the invisible format characters. */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    format_char(cp))
			return -1;
	}
	if (len > outlen - 1) {
		len = outlen - 1;
		while (len > 0 && (s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, base, len);
	out[len] = '\0';
	return 0;
}

/* Drops a file's staged content (the file stays listed with its error). */
static void
stage_drop(struct upload *u, struct staged *sf, enum upload_err err)
{
	if (sf->f.err == UPLOAD_OK)
		sf->f.err = err;
	if (sf->f.fd != -1) {
		close(sf->f.fd);
		sf->f.fd = -1;
	}
	if (sf->stage[0] != '\0' && u->dirfd != -1)
		(void)unlinkat(u->dirfd, sf->stage, 0);
	sf->stage[0] = '\0';
	sf->f.size = 0;
}

/* Starts a new file part; sets u->cur, or u->dropping. */
static void
stage_start(struct upload *u, const char *filename)
{
	struct staged *sf;

	u->cur = NULL;
	u->dropping = 1;
	if (u->nfiles >= u->lim.max_files) {
		u->err = UPLOAD_TOO_MANY;
		return;
	}
	sf = xcalloc(1, sizeof(*sf));
	sf->f.fd = -1;
	u->files = xrealloc(u->files, (u->nfiles + 1) * sizeof(*u->files));
	u->files[u->nfiles++] = sf;
	u->cur = sf;
	u->dropping = 0;

	if (clean_name(filename, sf->f.name, sizeof(sf->f.name)) == -1) {
		sf->f.err = UPLOAD_NAME;
		return;
	}
	if (stage_dir(u) == -1) {
		sf->f.err = UPLOAD_IO;
		u->err = UPLOAD_IO;
		return;
	}
	(void)snprintf(sf->stage, sizeof(sf->stage), "%zu.bin",
	    u->nfiles - 1);
	sf->f.fd = openat(u->dirfd, sf->stage, O_RDWR | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (sf->f.fd == -1) {
		log_warn("upload: create staged file");
		sf->stage[0] = '\0';
		sf->f.err = UPLOAD_IO;
	}
}

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

/* While receiving: drops a file and frees its share of max_total. */
static void
chunk_drop(struct upload *u, struct staged *sf, enum upload_err err)
{
	u->total -= sf->f.size;
	stage_drop(u, sf, err);
}

void
upload_chunk(struct upload *u, const char *filename, const void *data,
    uint64_t off, size_t size)
{
	struct staged *sf;

	if (filename == NULL || filename[0] == '\0' || size == 0)
		return;
	if (off == 0)
		stage_start(u, filename);
	if (u->dropping || (sf = u->cur) == NULL)
		return;
	if (off != sf->received) {
		/* Not the continuation of this part: refuse the file. */
		log_warnx("upload: a file part arrived out of order");
		chunk_drop(u, sf, UPLOAD_IO);
	}
	sf->received += size;
	if (sf->f.err != UPLOAD_OK)
		return;
	if (sf->received > u->lim.max_file) {
		chunk_drop(u, sf, UPLOAD_TOO_LARGE);
		return;
	}
	if (u->total + size > u->lim.max_total) {
		chunk_drop(u, sf, UPLOAD_TOTAL);
		if (u->err == UPLOAD_OK)
			u->err = UPLOAD_TOTAL;
		return;
	}
	/* RAM for everyone's staging at once is bounded too. */
	if (atomic_fetch_add(&staged_all, size) + size > u->lim.max_staged) {
		atomic_fetch_sub(&staged_all, size);
		chunk_drop(u, sf, UPLOAD_BUSY);
		u->err = UPLOAD_BUSY;
		return;
	}
	u->staged += size;
	if (write_all(sf->f.fd, data, size) == -1) {
		log_warn("upload: write staged file");
		chunk_drop(u, sf, UPLOAD_IO);
		return;
	}
	u->total += size;
	sf->f.size += size;
}

static int
type_index(const char *mime)
{
	size_t i;

	for (i = 0; i < NELEM(types); i++)
		if (strcmp(types[i].mime, mime) == 0)
			return (int)i;
	return -1;
}

const char *
upload_type_ext(const char *mime)
{
	int i = mime != NULL ? type_index(mime) : -1;

	return i < 0 ? NULL : types[i].ext;
}

#define SCAN_BLOCK	65536
#define SCAN_OVERLAP	16	/* longer than the longest needle */

/*
 * 1 when the file also parses as a web page or script: an image or a
 * sound that is at the same time HTML or SVG (a polyglot) would run in
 * a browser the moment a handler opens it under another name.
 */
static int
markup_inside(int fd)
{
	static const char *const needles[] = {
		"<svg", "<script", "<html", "<!doctype", "<iframe",
		"<object", "<embed", "<body", "<?php", "javascript:",
	};
	char *b = xmalloc(SCAN_BLOCK + SCAN_OVERLAP + 1);
	size_t have = 0, i, k;
	ssize_t n;
	int found = 0;

	if (lseek(fd, 0, SEEK_SET) == -1)
		found = 1;	/* unreadable counts as refused */
	while (!found && (n = read(fd, b + have, SCAN_BLOCK)) > 0) {
		have += (size_t)n;
		for (i = 0; i < have; i++)
			b[i] = (char)tolower((unsigned char)b[i]);
		b[have] = '\0';
		for (k = 0; k < NELEM(needles) && !found; k++)
			found = memmem(b, have, needles[k],
			    strlen(needles[k])) != NULL;
		if (have > SCAN_OVERLAP) {
			memmove(b, b + have - SCAN_OVERLAP, SCAN_OVERLAP);
			have = SCAN_OVERLAP;
		}
	}
	free(b);
	(void)lseek(fd, 0, SEEK_SET);
	return found;
}

/* Renames the staged file for its type, cleans it, reopens it. */
static enum upload_err
clean_file(struct upload *u, struct staged *sf, const char *ext)
{
	char name[sizeof(sf->stage)], path[PATH_MAX];
	struct stat st;
	int fd;

	if (snprintf(name, sizeof(name), "%.*s.%s",
	    (int)(strlen(sf->stage) - strlen(".bin")), sf->stage, ext) >=
	    (int)sizeof(name))
		return UPLOAD_IO;
	if (renameat(u->dirfd, sf->stage, u->dirfd, name) == -1) {
		log_warn("upload: rename staged file");
		return UPLOAD_IO;
	}
	(void)wbs_strlcpy(sf->stage, name, sizeof(sf->stage));
	if (snprintf(path, sizeof(path), "%s/%s", u->dir, name) >=
	    (int)sizeof(path))
		return UPLOAD_IO;
	/* mat2 replaces the file: the old descriptor would see the old one. */
	close(sf->f.fd);
	sf->f.fd = -1;
	if (mat2_clean(path, MAT2_TIMEOUT) == -1)
		return UPLOAD_CLEAN;
	fd = openat(u->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		log_warn("upload: reopen cleaned file");
		return UPLOAD_CLEAN;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_warnx("upload: cleaned file is not a regular file");
		close(fd);
		return UPLOAD_CLEAN;
	}
	sf->f.fd = fd;
	sf->f.size = (uint64_t)st.st_size;
	sf->f.metadata_removed = 1;
	return UPLOAD_OK;
}

int
upload_process(struct upload *u, int remove_metadata)
{
	struct staged *sf;
	enum upload_err e;
	size_t i;
	int nerr = 0, t;

	u->cur = NULL;
	u->dropping = 1;
	for (i = 0; i < u->nfiles; i++) {
		sf = u->files[i];
		if (sf->f.err == UPLOAD_OK && !sf->done) {
			sf->done = 1;
			if (magic_type_fd(sf->f.fd, sf->f.mime,
			    sizeof(sf->f.mime)) == -1)
				stage_drop(u, sf, UPLOAD_IO);
			else if ((t = type_index(sf->f.mime)) < 0)
				stage_drop(u, sf, UPLOAD_TYPE);
			else if (remove_metadata && (e = clean_file(u, sf,
			    types[t].ext)) != UPLOAD_OK)
				stage_drop(u, sf, e);
			else if (types[t].media && markup_inside(sf->f.fd))
				stage_drop(u, sf, UPLOAD_MARKUP);
		}
		if (sf->f.err != UPLOAD_OK)
			nerr++;
	}
	return nerr;
}

size_t
upload_count(const struct upload *u)
{
	return u->nfiles;
}

struct upload_file *
upload_file(struct upload *u, size_t i)
{
	struct upload_file *f;

	if (i >= u->nfiles)
		return NULL;
	f = &u->files[i]->f;
	if (f->fd != -1 && lseek(f->fd, 0, SEEK_SET) == -1)
		log_warn("upload: lseek");
	return f;
}

enum upload_err
upload_error(const struct upload *u)
{
	return u->err;
}

/* Removes every entry of the staging directory (mat2 may leave some). */
static void
stage_empty(int dirfd)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if ((fd = dup(dirfd)) == -1) {
		log_warn("upload: dup");
		return;
	}
	if ((d = fdopendir(fd)) == NULL) {
		log_warn("upload: fdopendir");
		close(fd);
		return;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd, de->d_name, 0) == -1 &&
		    unlinkat(dirfd, de->d_name, AT_REMOVEDIR) == -1)
			log_warn("upload: remove a staged file");
	}
	closedir(d);
}

void
upload_free(struct upload *u)
{
	size_t i;

	if (u == NULL)
		return;
	atomic_fetch_sub(&staged_all, u->staged);
	for (i = 0; i < u->nfiles; i++) {
		if (u->files[i]->f.fd != -1)
			close(u->files[i]->f.fd);
		free(u->files[i]);
	}
	free(u->files);
	if (u->dirfd != -1) {
		stage_empty(u->dirfd);
		close(u->dirfd);
		if (rmdir(u->dir) == -1)
			log_warn("upload: remove staging directory");
	}
	free(u->dir);
	free(u->tmpdir);
	free(u);
}

int
upload_sweep(const char *tmpdir)
{
	struct dirent *de;
	DIR *d;
	long pid;
	int fd, n = 0;
	char *end;

	if ((d = opendir(tmpdir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) !=
		    0)
			continue;
		pid = strtol(de->d_name + strlen(STAGE_PREFIX), &end, 10);
		/* A live server's staging is its own (this one's too). */
		if (*end != '-' || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1)
			continue;
		stage_empty(fd);
		close(fd);
		if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) == 0)
			n++;
	}
	closedir(d);
	return n;
}

const char *
upload_err_key(enum upload_err e)
{
	if ((size_t)e >= NELEM(err_keys) || err_keys[e] == NULL)
		return "upload.error.io";
	return err_keys[e];
}
