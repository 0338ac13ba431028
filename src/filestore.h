/*
 * filestore.h: encrypted evidence files under DATA/files/. Each file is
 * a crypto_secretstream stream under its own key: the header, then
 * chunks of the plaintext framed as [8-byte little-endian true length]
 * [content][zero padding], the whole padded up to a size bucket so that
 * stored sizes say little about the content. Names are chosen by the
 * server (64 hex characters); the client's file name is never a path.
 */
#ifndef WBS_FILESTORE_H
#define WBS_FILESTORE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

#define FILESTORE_NAME	65	/* 64 hex + NUL */

/* The padded plaintext size for a file of size bytes (bucketed). */
uint64_t filestore_bucket(uint64_t size);

/*
 * Encrypts everything readable from plain_fd (from its current offset)
 * into a new file of dir (created with mode 0700 if missing): written to
 * a temporary name, fsync'd, renamed, and the directory fsync'd. Sets
 * name and the stored (ciphertext) size. Returns 0, or -1 with err set
 * and nothing left behind.
 */
int	 filestore_put(const char *dir, int plain_fd,
	    const unsigned char key[CRYPTO_KEY_BYTES],
	    char name[FILESTORE_NAME], uint64_t *stored_size, char *err,
	    size_t errlen);
/*
 * Pull-style reading of a stored file, one stream chunk at a time (the
 * plaintext of the current chunk sits in guarded memory).
 *
 * filestore_open opens file name of dir, checks that its length fits
 * the framing and decrypts the first chunk to learn the true content
 * length. Returns NULL when the file is missing, has a bad name, does
 * not open with key, or its length or first chunk is wrong.
 *
 * filestore_read copies up to max (> 0) bytes of plaintext into buf
 * and returns how many, 0 at the true end of the content, -1 on tamper
 * or truncation (and on every call after one). The last bytes of content
 * are handed out only after every chunk that follows them (padding up
 * to the FINAL chunk) has been authenticated and nothing was found
 * after FINAL, so a reader that got all filestore_size() bytes got the
 * whole, authentic file. Some plaintext may have been handed out
 * before a failure: a caller that streams to a client must then abort.
 *
 * filestore_size is the true content length. filestore_close wipes
 * and frees; NULL is fine.
 */
struct filestore_reader;

struct filestore_reader *filestore_open(const char *dir, const char *name,
	    const unsigned char key[CRYPTO_KEY_BYTES]);
ssize_t	 filestore_read(struct filestore_reader *, void *buf, size_t max);
uint64_t filestore_size(const struct filestore_reader *);
void	 filestore_close(struct filestore_reader *);

/*
 * Decrypts file name of dir, handing the plaintext to sink in pieces.
 * Returns 0, or -1 when the file is missing, tampered with, truncated
 * (no FINAL chunk), has data after the FINAL chunk, or sink returned -1.
 * Some plaintext may have reached sink before a failure is found: a
 * caller that streams to a client must be ready to abort the response.
 */
int	 filestore_get(const char *dir, const char *name,
	    const unsigned char key[CRYPTO_KEY_BYTES],
	    int (*sink)(void *arg, const void *data, size_t len), void *arg);
int	 filestore_delete(const char *dir, const char *name);
/* 1 if name is 64 lower-case hex characters. */
int	 filestore_name_valid(const char *name);

#endif
