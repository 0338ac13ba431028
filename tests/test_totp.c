/*
 * test_totp.c: one-time passwords: RFC 6238 test vectors, the window of
 * one step either side, replay refusal, malformed codes, the base32
 * secret and the otpauth:// URI. Times are fixed, never the clock.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "crypto.h"
#include "totp.h"

/* The RFC 6238 SHA-1 secret: the ASCII text "12345678901234567890". */
static const unsigned char rfc[TOTP_SECRET_BYTES] = "12345678901234567890";

#define NOW	((time_t)1700000013)

static void
test_rfc6238_vectors(void **state)
{
	/* The RFC's 8-digit codes, of which a 6-digit code is the tail. */
	static const struct {
		time_t		 t;
		const char	*code;
	} v[] = {
		{ 59, "287082" },		/* 94287082 */
		{ 1111111109, "081804" },	/* 07081804 */
		{ 1111111111, "050471" },	/* 14050471 */
		{ 1234567890, "005924" },	/* 89005924 */
		{ 2000000000, "279037" },	/* 69279037 */
		{ (time_t)20000000000LL, "353130" },	/* 65353130 */
	};
	char out[TOTP_DIGITS + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(totp_code(rfc, v[i].t, out), 0);
		assert_string_equal(out, v[i].code);
	}
	/* The same code throughout a step, another in the next. */
	assert_int_equal(totp_code(rfc, 30, out), 0);
	assert_string_equal(out, "287082");
	assert_int_equal(totp_code(rfc, 60, out), 0);
	assert_string_not_equal(out, "287082");
	assert_int_equal(totp_code(rfc, -1, out), -1);
}

/* The code at time t, for feeding to totp_verify. */
static const char *
code_at(time_t t)
{
	static char c[TOTP_DIGITS + 1];

	assert_int_equal(totp_code(rfc, t, c), 0);
	return c;
}

static void
test_window(void **state)
{
	int64_t step = NOW / TOTP_STEP, last;
	int d;

	(void)state;
	for (d = -1; d <= 1; d++) {
		last = -1;
		assert_int_equal(totp_verify(rfc, code_at(NOW + d * 30), NOW,
		    &last), 0);
		assert_int_equal(last, step + d);
	}
	last = -1;
	assert_int_equal(totp_verify(rfc, code_at(NOW - 60), NOW, &last), -1);
	assert_int_equal(totp_verify(rfc, code_at(NOW + 60), NOW, &last), -1);
	assert_int_equal(totp_verify(rfc, code_at(NOW - 3600), NOW, &last),
	    -1);
	assert_int_equal(last, -1);
	/* Surrounding spaces are fine. */
	{
		char spaced[32];

		snprintf(spaced, sizeof(spaced), "  %s ", code_at(NOW));
		assert_int_equal(totp_verify(rfc, spaced, NOW, &last), 0);
		assert_int_equal(last, step);
	}
}

static void
test_wrong_secret(void **state)
{
	unsigned char other[TOTP_SECRET_BYTES];
	int64_t last = -1;

	(void)state;
	memcpy(other, rfc, sizeof(other));
	other[0] ^= 1;
	assert_int_equal(totp_verify(other, code_at(NOW), NOW, &last), -1);
	assert_int_equal(last, -1);
}

static void
test_replay(void **state)
{
	int64_t step = NOW / TOTP_STEP, last = -1;
	char code[TOTP_DIGITS + 1];

	(void)state;
	snprintf(code, sizeof(code), "%s", code_at(NOW));
	assert_int_equal(totp_verify(rfc, code, NOW, &last), 0);
	assert_int_equal(last, step);
	/* The same code again, now and a few seconds later. */
	assert_int_equal(totp_verify(rfc, code, NOW, &last), -1);
	assert_int_equal(totp_verify(rfc, code, NOW + 5, &last), -1);
	/* The previous step's code, still inside the window: too old. */
	assert_int_equal(totp_verify(rfc, code_at(NOW - 30), NOW, &last), -1);
	assert_int_equal(last, step);
	/* The next step's code is newer: accepted once. */
	assert_int_equal(totp_verify(rfc, code_at(NOW + 30), NOW, &last), 0);
	assert_int_equal(last, step + 1);
	assert_int_equal(totp_verify(rfc, code_at(NOW + 30), NOW + 30, &last),
	    -1);
	/* After a newer step, the current one is refused too. */
	assert_int_equal(totp_verify(rfc, code, NOW, &last), -1);
	assert_int_equal(last, step + 1);
	/* Half a minute on, a fresh code works. */
	assert_int_equal(totp_verify(rfc, code_at(NOW + 60), NOW + 60, &last),
	    0);
	assert_int_equal(last, step + 2);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"", " ", "12345", "1234567", "12a456", "12 456", "+12345",
		"-12345", "123456\n", "\t123456", "0x1234", "１２３４５６",
		"123456789012",
	};
	int64_t last = -1;
	char code[TOTP_DIGITS + 1], sub[TOTP_DIGITS + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(totp_verify(rfc, bad[i], NOW, &last), -1);
	assert_int_equal(totp_verify(rfc, NULL, NOW, &last), -1);
	assert_int_equal(totp_verify(rfc, code_at(NOW), NOW, NULL), -1);
	/* The right code with one more digit, or one less. */
	snprintf(code, sizeof(code), "%s", code_at(NOW));
	snprintf(sub, sizeof(sub), "%s0", code);
	assert_int_equal(totp_verify(rfc, sub, NOW, &last), -1);
	snprintf(sub, sizeof(sub), "%.5s", code);
	assert_int_equal(totp_verify(rfc, sub, NOW, &last), -1);
	/* One digit off. */
	snprintf(sub, sizeof(sub), "%s", code);
	sub[5] = sub[5] == '9' ? '0' : (char)(sub[5] + 1);
	assert_int_equal(totp_verify(rfc, sub, NOW, &last), -1);
	assert_int_equal(last, -1);
	/* A time before 1970 has no step. */
	assert_int_equal(totp_verify(rfc, code, -1, &last), -1);
	assert_int_equal(totp_verify(rfc, code, NOW, &last), 0);
}

static void
test_secret(void **state)
{
	unsigned char s1[TOTP_SECRET_BYTES], s2[TOTP_SECRET_BYTES];
	char b[TOTP_BASE32_TEXT];
	size_t i;

	(void)state;
	/* Python: base64.b32encode(b"12345678901234567890"). */
	totp_secret_base32(rfc, b);
	assert_string_equal(b, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	totp_secret_new(s1);
	totp_secret_new(s2);
	assert_memory_not_equal(s1, s2, sizeof(s1));
	totp_secret_base32(s1, b);
	assert_int_equal(strlen(b), 32);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
		    b[i]));
	memset(s1, 0xff, sizeof(s1));
	totp_secret_base32(s1, b);
	assert_string_equal(b, "77777777777777777777777777777777");
}

static void
test_uri(void **state)
{
	char uri[512], small[64];

	(void)state;
	assert_int_equal(totp_uri(uri, sizeof(uri), "WBS Kabupaten Mojokerto",
	    "siti.a@mojokertokab.go.id", rfc), 0);
	assert_string_equal(uri, "otpauth://totp/"
	    "WBS%20Kabupaten%20Mojokerto:siti.a%40mojokertokab.go.id"
	    "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	    "&issuer=WBS%20Kabupaten%20Mojokerto"
	    "&algorithm=SHA1&digits=6&period=30");
	/* Reserved characters and UTF-8 are escaped, unreserved kept. */
	assert_int_equal(totp_uri(uri, sizeof(uri), "a:b/c?d&e=f",
	    "Dewi_Ayu-1.~ é", rfc), 0);
	assert_non_null(strstr(uri, "totp/a%3Ab%2Fc%3Fd%26e%3Df:"
	    "Dewi_Ayu-1.~%20%C3%A9?secret="));
	assert_non_null(strstr(uri, "&issuer=a%3Ab%2Fc%3Fd%26e%3Df&"));
	/* Too small: refused, and no piece of the secret is left behind. */
	memset(small, 'x', sizeof(small));
	assert_int_equal(totp_uri(small, sizeof(small), "WBS", "budi", rfc),
	    -1);
	assert_null(memmem(small, sizeof(small), "GEZDG", 5));
	assert_int_equal(small[0], '\0');
	/* It fits exactly, and one byte less does not. */
	assert_int_equal(totp_uri(uri, sizeof(uri), "W", "b", rfc), 0);
	{
		char exact[128];

		assert_true(strlen(uri) < sizeof(exact));
		assert_int_equal(totp_uri(exact, strlen(uri) + 1, "W", "b",
		    rfc), 0);
		assert_string_equal(exact, uri);
		assert_int_equal(totp_uri(exact, strlen(uri), "W", "b", rfc),
		    -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_wrong_secret),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_secret),
		cmocka_unit_test(test_uri),
	};

	if (crypto_init() == -1 || totp_init() == -1 || totp_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
