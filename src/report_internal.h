/*
 * report_internal.h: helpers shared by report.c (submission, codes,
 * sessions) and report_read.c (reading, replies, evidence). Not for
 * other modules.
 */
#ifndef WBS_REPORT_INTERNAL_H
#define WBS_REPORT_INTERNAL_H

#include "buf.h"
#include "report.h"

/* kdf contexts (8 characters) of the report key's subkeys */
#define RK_CONTENT	"wbsrcont"
#define RK_MESSAGE	"wbsrmesg"
#define RK_FILEMETA	"wbsrfile"

/* Length-prefixed strings: 4-byte little-endian length, then the bytes. */
void	 rpt_pack(struct buf *, const char *const *items, const size_t *lens,
	    size_t n);
/* Splits a packed record into n malloc'd NUL-terminated strings; 0 or -1. */
int	 rpt_unpack(const unsigned char *p, size_t len, char **items,
	    size_t *lens, size_t n);
void	 rpt_free_items(char **items, size_t n);

/* Seals/opens a record under a subkey of the report key. */
unsigned char *rpt_seal(const unsigned char key[CRYPTO_KEY_BYTES],
	    const char ctx[8], const char *ad, const void *msg, size_t len,
	    size_t *outlen);
/* Returns a malloc'd, NUL-terminated plaintext or NULL. */
unsigned char *rpt_open(const unsigned char key[CRYPTO_KEY_BYTES],
	    const char ctx[8], const char *ad, const unsigned char *in,
	    size_t inlen, size_t *outlen);

/* DATA/files */
int	 rpt_files_dir(const struct app *, char *out, size_t outlen);
/*
 * Encrypts every file of up into the file store and fills files[] (the
 * caller frees the meta blobs with db_file_clear). On failure removes
 * what it stored and returns -1.
 */
int	 rpt_store_files(struct app *, const unsigned char key[CRYPTO_KEY_BYTES],
	    struct upload *, int by_reporter, int64_t now, struct db_file **files,
	    size_t *nfiles);
void	 rpt_unstore_files(struct app *, struct db_file *, size_t n);

#endif
