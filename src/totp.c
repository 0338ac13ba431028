/*
 * totp.c: time-based one-time passwords (totp.h) through liboath. This
 * is the only file that includes liboath's header.
 *
 * Verification asks liboath for the code of each step in the window
 * (now - 1 .. now + 1) that is newer than the last accepted one, and
 * compares in constant time. Should two steps of the window share a
 * code, the newest is the one recorded, so the code cannot be replayed.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <liboath/oath.h>

#include "crypto.h"
#include "totp.h"

#define TOTP_WINDOW	1	/* steps accepted either side of now */

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

_Static_assert(TOTP_BASE32_TEXT >= (TOTP_SECRET_BYTES * 8 + 4) / 5 + 1,
    "base32 text");

static pthread_once_t	 init_once = PTHREAD_ONCE_INIT;
static int		 init_rc = -1;

static void
totp_init_once(void)
{
	init_rc = oath_init() == OATH_OK ? 0 : -1;
}

int
totp_init(void)
{
	if (pthread_once(&init_once, totp_init_once) != 0)
		return -1;
	return init_rc;
}

void
totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES])
{
	crypto_random(secret, TOTP_SECRET_BYTES);
}

void
totp_secret_base32(const unsigned char secret[TOTP_SECRET_BYTES],
    char out[TOTP_BASE32_TEXT])
{
	unsigned int acc = 0;
	size_t i, o = 0;
	int bits = 0;

	/* 160 bits are exactly 32 characters: no padding to strip. */
	for (i = 0; i < TOTP_SECRET_BYTES; i++) {
		acc = (acc << 8) | secret[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32_alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
		acc &= (1U << bits) - 1;
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	acc = 0;
}

/*
 * Appends s percent-encoded (RFC 3986: unreserved characters kept) at
 * out[*pos]. Returns 0, or -1 when it does not fit in outlen.
 */
static int
uri_escape(char *out, size_t outlen, size_t *pos, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (outlen - *pos < 2)
				return -1;
			out[(*pos)++] = (char)c;
		} else {
			if (outlen - *pos < 4)
				return -1;
			out[(*pos)++] = '%';
			out[(*pos)++] = hex[c >> 4];
			out[(*pos)++] = hex[c & 15];
		}
	}
	out[*pos] = '\0';
	return 0;
}

/* Appends s as it is at out[*pos]; 0, or -1 when it does not fit. */
static int
uri_append(char *out, size_t outlen, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (outlen - *pos <= n)
		return -1;
	memcpy(out + *pos, s, n + 1);
	*pos += n;
	return 0;
}

int
totp_uri(char *out, size_t outlen, const char *issuer, const char *account,
    const unsigned char secret[TOTP_SECRET_BYTES])
{
	char b32[TOTP_BASE32_TEXT];
	size_t pos = 0;
	int ret = -1;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	totp_secret_base32(secret, b32);
	if (uri_append(out, outlen, &pos, "otpauth://totp/") == -1 ||
	    uri_escape(out, outlen, &pos, issuer) == -1 ||
	    uri_append(out, outlen, &pos, ":") == -1 ||
	    uri_escape(out, outlen, &pos, account) == -1 ||
	    uri_append(out, outlen, &pos, "?secret=") == -1 ||
	    uri_append(out, outlen, &pos, b32) == -1 ||
	    uri_append(out, outlen, &pos, "&issuer=") == -1 ||
	    uri_escape(out, outlen, &pos, issuer) == -1 ||
	    uri_append(out, outlen, &pos, "&algorithm=SHA1&digits=6"
	    "&period=30") == -1)
		goto fail;
	ret = 0;
fail:
	/* Half a URI would still hold the secret: leave nothing. */
	if (ret == -1)
		crypto_wipe(out, outlen);
	crypto_wipe(b32, sizeof(b32));
	return ret;
}

/* The code of time step step into out (7 bytes). Returns 0 or -1. */
static int
totp_code_step(const unsigned char secret[TOTP_SECRET_BYTES], int64_t step,
    char out[TOTP_DIGITS + 1])
{
	if (totp_init() == -1 || step < 0)
		return -1;
	if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES,
	    (time_t)(step * TOTP_STEP), TOTP_STEP, 0, TOTP_DIGITS,
	    out) != OATH_OK) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
totp_code(const unsigned char secret[TOTP_SECRET_BYTES], time_t t,
    char out[TOTP_DIGITS + 1])
{
	out[0] = '\0';
	if (t < 0)
		return -1;
	return totp_code_step(secret, (int64_t)(t / TOTP_STEP), out);
}

/*
 * Copies the digits of code, without surrounding spaces, into
 * out. Returns 0, or -1 unless they are exactly TOTP_DIGITS digits.
 */
static int
totp_code_clean(const char *code, char out[TOTP_DIGITS + 1])
{
	size_t len, i;

	while (*code == ' ')
		code++;
	len = strlen(code);
	while (len > 0 && code[len - 1] == ' ')
		len--;
	if (len != TOTP_DIGITS)
		return -1;
	for (i = 0; i < len; i++) {
		if (code[i] < '0' || code[i] > '9')
			return -1;
		out[i] = code[i];
	}
	out[i] = '\0';
	return 0;
}

int
totp_verify(const unsigned char secret[TOTP_SECRET_BYTES], const char *code,
    time_t now, int64_t *last_step)
{
	char want[TOTP_DIGITS + 1], got[TOTP_DIGITS + 1];
	int64_t step, now_step, found = -1;
	int ret = -1;

	if (code == NULL || last_step == NULL || now < 0 ||
	    totp_code_clean(code, got) == -1)
		goto fail;
	now_step = (int64_t)(now / TOTP_STEP);
	for (step = now_step - TOTP_WINDOW; step <= now_step + TOTP_WINDOW;
	    step++) {
		if (step < 0 || step <= *last_step)
			continue;
		if (totp_code_step(secret, step, want) == -1)
			goto fail;
		if (crypto_equal(want, got, TOTP_DIGITS))
			found = step;
	}
	if (found == -1)
		goto fail;
	*last_step = found;
	ret = 0;
fail:
	crypto_wipe(want, sizeof(want));
	crypto_wipe(got, sizeof(got));
	return ret;
}
