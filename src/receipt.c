/*
 * receipt.c: writing and checking the signed tanda terima. The signed
 * message is the canonical form
 *   "wbs-receipt 1\nregistration: R\ncreated: T\ncategory: C\n";
 * the file shows those lines, a few for people, and the signature.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "receipt.h"
#include "util.h"

static void
iso_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
canonical(struct buf *b, const char *reg, const char *created,
    const char *category)
{
	buf_printf(b, "wbs-receipt 1\nregistration: %s\ncreated: %s\n"
	    "category: %s\n", reg, created, category);
}

void
receipt_write(const struct server_keys *k, const char *site_name,
    const char *reg, int64_t created_at, const char *category,
    struct buf *out)
{
	unsigned char sig[CRYPTO_SIG_BYTES], pk[CRYPTO_KEY_BYTES];
	char created[32], sig64[CRYPTO_B64URL_LEN(CRYPTO_SIG_BYTES)];
	char pkhex[2 * CRYPTO_KEY_BYTES + 1];
	struct buf m;

	iso_time(created_at, created);
	buf_init(&m);
	canonical(&m, reg, created, category);
	crypto_receipt_sign(k, m.data, m.len, sig);
	buf_free(&m);
	crypto_b64url_encode(sig64, sig, sizeof(sig));
	crypto_receipt_pk(k, pk);
	crypto_hex(pkhex, pk, sizeof(pk));
	buf_printf(out, "TANDA TERIMA LAPORAN / REPORT RECEIPT\n%s\n\n",
	    site_name);
	buf_printf(out, "registration: %s\ncreated: %s\ncategory: %s\n",
	    reg, created, category);
	buf_printf(out, "signature: %s\nkey: %s\n\n", sig64, pkhex);
	buf_puts(out, "Periksa keaslian di /tanda-terima pada situs WBS.\n"
	    "Check it at /tanda-terima on the WBS site.\n");
}

/* Copies the value of "name: value" from text into out; 0 or -1. */
static int
field(const char *text, size_t len, const char *name, char *out,
    size_t outlen)
{
	size_t n = strlen(name), i = 0, j;

	while (i < len) {
		size_t e = i;

		while (e < len && text[e] != '\n')
			e++;
		if (e - i > n + 2 && strncmp(text + i, name, n) == 0 &&
		    text[i + n] == ':' && text[i + n + 1] == ' ') {
			j = e - (i + n + 2);
			if (j > 0 && text[i + n + 2 + j - 1] == '\r')
				j--;
			if (j == 0 || j >= outlen)
				return -1;
			memcpy(out, text + i + n + 2, j);
			out[j] = '\0';
			return 0;
		}
		i = e + 1;
	}
	return -1;
}

static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int
receipt_verify(const struct server_keys *k, const char *text, size_t len,
    struct receipt_info *info)
{
	unsigned char sig[CRYPTO_SIG_BYTES], pk[CRYPTO_KEY_BYTES];
	char sig64[128];
	struct buf m;
	size_t n;
	struct tm tm;
	int rc;

	memset(info, 0, sizeof(*info));
	if (text == NULL || len > RECEIPT_MAX || memchr(text, '\0', len) !=
	    NULL)
		return -1;
	if (field(text, len, "registration", info->registration,
	    sizeof(info->registration)) == -1 ||
	    field(text, len, "created", info->created,
	    sizeof(info->created)) == -1 ||
	    field(text, len, "category", info->category,
	    sizeof(info->category)) == -1 ||
	    field(text, len, "signature", sig64, sizeof(sig64)) == -1)
		return -1;
	if (!printable(info->registration) || !printable(info->created) ||
	    !printable(info->category))
		return -1;
	if (crypto_b64url_decode(sig, sizeof(sig), &n, sig64) == -1 ||
	    n != sizeof(sig))
		return -1;
	buf_init(&m);
	canonical(&m, info->registration, info->created, info->category);
	crypto_receipt_pk(k, pk);
	rc = crypto_receipt_verify(pk, m.data, m.len, sig);
	buf_free(&m);
	if (rc == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (strptime(info->created, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
		info->created_at = (int64_t)timegm(&tm);
	return 0;
}
