/*
 * upload.h: evidence files while a request is being received. Each file
 * is staged in a private directory on a tmpfs (RAM, never the disk),
 * checked by content (libmagic, allow-list), optionally stripped of
 * metadata by mat2, and then handed to the file store for encryption.
 * Staged copies are removed by upload_free, whatever happened.
 */
#ifndef WBS_UPLOAD_H
#define WBS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#define UPLOAD_NAME_MAX	255	/* bytes of a client file name kept */
#define UPLOAD_MIME_MAX	127

struct upload_limits {
	uint64_t	 max_file;	/* bytes per file */
	uint64_t	 max_total;	/* bytes per request */
	unsigned	 max_files;
	const char	*tmpdir;	/* a tmpfs, e.g. /dev/shm */
	uint64_t	 max_staged;	/* bytes staged by all requests at once */
};

enum upload_err {
	UPLOAD_OK,
	UPLOAD_TOO_LARGE,	/* a file over max_file */
	UPLOAD_TOTAL,		/* over max_total */
	UPLOAD_TOO_MANY,	/* over max_files */
	UPLOAD_TYPE,		/* content not of an allowed type */
	UPLOAD_NAME,		/* file name not valid UTF-8, or has control or
				   invisible format characters (bidi overrides) */
	UPLOAD_CLEAN,		/* metadata removal failed */
	UPLOAD_MARKUP,		/* an image or sound that is also a web page */
	UPLOAD_BUSY,		/* the staging area is full (max_staged) */
	UPLOAD_IO		/* staging failed (logged) */
};

struct upload_file {
	char		 name[UPLOAD_NAME_MAX + 1];	/* as the client sent it */
	char		 mime[UPLOAD_MIME_MAX + 1];	/* detected by content */
	uint64_t	 size;				/* after processing */
	int		 metadata_removed;
	enum upload_err	 err;
	int		 fd;				/* staged content, or -1 */
};

struct upload;

struct upload	*upload_new(const struct upload_limits *);
/*
 * Streams a chunk of a file field into staging; off == 0 starts a new
 * file. Empty file parts (no file chosen) are ignored. Data beyond a
 * limit is dropped and the file marked; never fails otherwise.
 */
void		 upload_chunk(struct upload *, const char *filename,
		    const void *data, uint64_t off, size_t size);
/*
 * Checks every staged file's type against the allow-list and, with
 * remove_metadata, cleans it with mat2. Returns the number of files in
 * error (their err set).
 */
int		 upload_process(struct upload *, int remove_metadata);
size_t		 upload_count(const struct upload *);
/* File i, with its fd rewound to the start. */
struct upload_file *upload_file(struct upload *, size_t i);
/* The request-level error (limits), or UPLOAD_OK. */
enum upload_err	 upload_error(const struct upload *);
void		 upload_free(struct upload *);
/*
 * Removes what a server that is gone (crashed, killed) left staged in
 * tmpdir: plaintext evidence must not outlive its request. Returns the
 * number of staging directories removed, or -1.
 */
int		 upload_sweep(const char *tmpdir);
/* Bytes staged now by all requests together (tests, benchmarks). */
uint64_t	 upload_staged_bytes(void);

/* Translation key of an error ("upload.error.type", ...). */
const char	*upload_err_key(enum upload_err);
/* The file name extension of an allowed type ("jpg"), or NULL. */
const char	*upload_type_ext(const char *mime);
/* The allowed types, for the form's hint and accept attribute. */
extern const char *const upload_allowed_mime[];

#endif
