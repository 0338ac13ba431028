/*
 * receipt.h: the signed "tanda terima" (proof of reporting): the
 * registration number, the time and the category, signed with the
 * server's Ed25519 key. It holds neither the access code nor anything of
 * the identity. Verifiable with "wbs receipt verify FILE" and on the
 * public page /tanda-terima.
 */
#ifndef WBS_RECEIPT_H
#define WBS_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct buf;
struct server_keys;

#define RECEIPT_MAX	4096	/* bytes of a receipt text accepted */

struct receipt_info {
	char	registration[DB_REG_MAX + 1];
	char	created[32];		/* ISO 8601 UTC */
	int64_t	created_at;
	char	category[DB_CODE_MAX + 1];
};

/* Appends the signed receipt text for a report. */
void	 receipt_write(const struct server_keys *, const char *site_name,
	    const char *registration, int64_t created_at, const char *category,
	    struct buf *out);
/*
 * Checks a receipt text against the server's key. Returns 0 and fills
 * info when the signature holds, -1 when the text is malformed, changed,
 * or signed by another key.
 */
int	 receipt_verify(const struct server_keys *, const char *text,
	    size_t len, struct receipt_info *info);

#endif
