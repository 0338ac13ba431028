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
