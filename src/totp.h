/*
 * totp.h: time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second
 * steps, 6 digits) through liboath; only totp.c includes liboath's
 * header. Codes are accepted within one step either side of now, and a
 * step once accepted is never accepted again (replay).
 */
#ifndef WBS_TOTP_H
#define WBS_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOTP_SECRET_BYTES	20
#define TOTP_BASE32_TEXT	40	/* base32 of the secret + NUL */
#define TOTP_STEP		30
#define TOTP_DIGITS		6

/* Initialises liboath; 0 or -1. */
int	 totp_init(void);
/* A new random secret. */
void	 totp_secret_new(unsigned char secret[TOTP_SECRET_BYTES]);
/* The secret in base32 (RFC 4648, no padding), for manual entry. */
void	 totp_secret_base32(const unsigned char secret[TOTP_SECRET_BYTES],
	    char out[TOTP_BASE32_TEXT]);
/*
 * The otpauth:// URI an authenticator app scans; issuer and account are
 * percent-encoded. Returns 0, or -1 when it does not fit.
 */
int	 totp_uri(char *out, size_t outlen, const char *issuer,
	    const char *account, const unsigned char secret[TOTP_SECRET_BYTES]);
/* The code for time t (for tests and tools); out holds 7 bytes. */
int	 totp_code(const unsigned char secret[TOTP_SECRET_BYTES], time_t t,
	    char out[TOTP_DIGITS + 1]);
/*
 * Checks code (6 digits; surrounding spaces ignored) at time now within
 * +-1 step. A step <= *last_step is refused. On success sets *last_step
 * to the accepted step and returns 0; otherwise returns -1.
 */
int	 totp_verify(const unsigned char secret[TOTP_SECRET_BYTES],
	    const char *code, time_t now, int64_t *last_step);

#endif
