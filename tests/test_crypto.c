/*
 * test_crypto.c: the server key file (creation, permissions, strict
 * loading, error texts free of key material) and the small helpers
 * (hex, digest, random numbers, wiping).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "crypto.h"

struct fixture {
	char	*dir;
	char	 path[1024];	/* a fresh key file, created by setup */
	char	 other[1024];	/* a path in dir that does not exist yet */
	char	*text;		/* the key file's contents */
	char	*lines[4];	/* its lines, without '\n' */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256], *p;
	int i;

	assert_non_null(f);
	f->dir = tu_mkdtemp();
	snprintf(f->path, sizeof(f->path), "%s/server.key", f->dir);
	snprintf(f->other, sizeof(f->other), "%s/other.key", f->dir);
	assert_int_equal(crypto_keyfile_create(f->path, err, sizeof(err)), 0);
	f->text = tu_read_file(f->path, NULL);
	assert_non_null(f->text);
	p = strdup(f->text);
	assert_non_null(p);
	for (i = 0; i < 4; i++) {
		f->lines[i] = strsep(&p, "\n");
		assert_non_null(f->lines[i]);
	}
	/* Exactly four lines, each terminated. */
	assert_non_null(p);
	assert_string_equal(p, "");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_rmtree(f->dir);
	free(f->dir);
	free(f->lines[0]);
	free(f->text);
	free(f);
	return 0;
}

/* The base64 value of line i ("name=value"). */
static const char *
value_of(struct fixture *f, int i)
{
	const char *eq = strchr(f->lines[i], '=');

	assert_non_null(eq);
	return eq + 1;
}

static void
test_create(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	char err[256];
	mode_t old;

	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_string_equal(f->lines[0], "wbs-server-key 1");
	assert_int_equal(strncmp(f->lines[1], "pepper=", 7), 0);
	assert_int_equal(strncmp(f->lines[2], "sign_sk=", 8), 0);
	assert_int_equal(strncmp(f->lines[3], "ratelimit=", 10), 0);
	assert_int_equal(strlen(value_of(f, 1)), 44);
	assert_int_equal(strlen(value_of(f, 2)), 88);
	assert_int_equal(strlen(value_of(f, 3)), 44);
	/* A permissive umask changes nothing. */
	old = umask(0);
	assert_int_equal(crypto_keyfile_create(f->other, err, sizeof(err)),
	    0);
	umask(old);
	assert_int_equal(stat(f->other, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void
test_create_refuses_existing(void **state)
{
	struct fixture *f = *state;
	char err[512] = "", want[1100], *now;

	assert_int_equal(crypto_keyfile_create(f->path, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s: exists, refusing to overwrite",
	    f->path);
	assert_string_equal(err, want);
	now = tu_read_file(f->path, NULL);
	assert_non_null(now);
	assert_string_equal(now, f->text);
	free(now);
}

static void
test_create_refuses_symlink(void **state)
{
	struct fixture *f = *state;
	char link[1100], err[512] = "";

	snprintf(link, sizeof(link), "%s/link.key", f->dir);
	/* A dangling symlink is not followed to create its target. */
	assert_int_equal(symlink(f->other, link), 0);
	assert_int_equal(crypto_keyfile_create(link, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "exists, refusing to overwrite"));
	assert_int_equal(access(f->other, F_OK), -1);
}

static void
test_load_roundtrip(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k1 = NULL, *k2 = NULL, *k3 = NULL;
	char err[256], h1[65], h2[65], h3[65];
	size_t i;

	assert_int_equal(crypto_keyfile_load(f->path, &k1, err, sizeof(err)),
	    0);
	assert_int_equal(crypto_keyfile_load(f->path, &k2, err, sizeof(err)),
	    0);
	assert_non_null(k1);
	assert_non_null(k2);
	crypto_keys_sign_pk_hex(k1, h1);
	crypto_keys_sign_pk_hex(k2, h2);
	assert_int_equal(strlen(h1), 64);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", h1[i]));
	assert_string_equal(h1, h2);

	/* A different file has a different key. */
	assert_int_equal(crypto_keyfile_create(f->other, err, sizeof(err)),
	    0);
	assert_int_equal(crypto_keyfile_load(f->other, &k3, err,
	    sizeof(err)), 0);
	crypto_keys_sign_pk_hex(k3, h3);
	assert_string_not_equal(h1, h3);
	crypto_keys_free(k1);
	crypto_keys_free(k2);
	crypto_keys_free(k3);
	crypto_keys_free(NULL);
}

static void
test_load_permissions(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k = (struct server_keys *)f;
	char err[512] = "", want[1100];

	assert_int_equal(chmod(f->path, 0644), 0);
	assert_int_equal(crypto_keyfile_load(f->path, &k, err, sizeof(err)),
	    -1);
	assert_null(k);
	snprintf(want, sizeof(want),
	    "%s: permissions too open (0644), expected 0600", f->path);
	assert_string_equal(err, want);

	assert_int_equal(chmod(f->path, 0640), 0);
	assert_int_equal(crypto_keyfile_load(f->path, &k, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "(0640)"));

	assert_int_equal(chmod(f->path, 0400), 0);
	assert_int_equal(crypto_keyfile_load(f->path, &k, err, sizeof(err)),
	    0);
	crypto_keys_free(k);
}

static void
test_load_refuses_symlink(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k = NULL;
	char link[1100], err[512] = "";

	snprintf(link, sizeof(link), "%s/link.key", f->dir);
	assert_int_equal(symlink(f->path, link), 0);
	assert_int_equal(crypto_keyfile_load(link, &k, err, sizeof(err)), -1);
	assert_null(k);
	assert_non_null(strstr(err, "symbolic link"));
}

static void
test_load_refuses_directory(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k = NULL;
	char err[512] = "";

	assert_int_equal(chmod(f->dir, 0700), 0);
	assert_int_equal(crypto_keyfile_load(f->dir, &k, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "not a regular file"));
}

/*
 * Writes text to f->other, loads it and expects a refusal whose text
 * holds want and no key material from the file.
 */
static void
expect_refused(struct fixture *f, const char *text, const char *want)
{
	struct server_keys *k = NULL;
	char err[512] = "";
	int i;

	unlink(f->other);
	tu_write_file(f->other, text, strlen(text));
	assert_int_equal(crypto_keyfile_load(f->other, &k, err, sizeof(err)),
	    -1);
	assert_null(k);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
	for (i = 1; i < 4; i++) {
		assert_null(strstr(err, value_of(f, i)));
		assert_null(strstr(err, f->lines[i]));
	}
	/* Not even a recognisable piece of a value. */
	for (i = 1; i < 4; i++) {
		char piece[9];

		memcpy(piece, value_of(f, i), 8);
		piece[8] = '\0';
		assert_null(strstr(err, piece));
	}
}

static void
test_load_corrupt(void **state)
{
	struct fixture *f = *state;
	const char *pep = value_of(f, 1), *sk = value_of(f, 2),
	    *rl = value_of(f, 3);
	char text[4096], bad[128];
	size_t len;

	/* Cut inside the last line. */
	len = strlen(f->text);
	snprintf(text, sizeof(text), "%.*s", (int)(len - 10), f->text);
	expect_refused(f, text, "line 4:");
	/* Cut at a line boundary: ratelimit missing. */
	snprintf(text, sizeof(text), "%s\n%s\n%s\n", f->lines[0],
	    f->lines[1], f->lines[2]);
	expect_refused(f, text, "line 4: missing ratelimit");
	/* Empty file and garbage. */
	expect_refused(f, "", "line 1:");
	expect_refused(f, "hello world\n", "line 1:");
	expect_refused(f, "\x01\x02\x03\n", "line 1:");
	/* Another format version. */
	snprintf(text, sizeof(text), "wbs-server-key 2\n%s\n%s\n%s\n",
	    f->lines[1], f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 1:");
	/* Duplicate line. */
	snprintf(text, sizeof(text), "%s%s\n", f->text, f->lines[1]);
	expect_refused(f, text, "line 5: duplicate pepper");
	/* Unknown line, empty line, line without '='. */
	snprintf(text, sizeof(text), "%sfoo=%s\n", f->text, pep);
	expect_refused(f, text, "line 5: unknown entry");
	snprintf(text, sizeof(text), "%s\n%s\n\n%s\n%s\n", f->lines[0],
	    f->lines[1], f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 3:");
	snprintf(text, sizeof(text), "%s\npepper%s\n%s\n%s\n", f->lines[0],
	    pep, f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 2:");
	/* Bad base64: a foreign character. */
	snprintf(bad, sizeof(bad), "%s", pep);
	bad[5] = '!';
	snprintf(text, sizeof(text), "%s\npepper=%s\n%s\n%s\n", f->lines[0],
	    bad, f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 2: pepper");
	/* Bad base64: padding removed. */
	snprintf(bad, sizeof(bad), "%s", pep);
	bad[strlen(bad) - 1] = '\0';
	snprintf(text, sizeof(text), "%s\npepper=%s\n%s\n%s\n", f->lines[0],
	    bad, f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 2: pepper");
	/* Wrong lengths: values swapped between entries. */
	snprintf(text, sizeof(text), "%s\npepper=%s\nsign_sk=%s\n%s\n",
	    f->lines[0], sk, pep, f->lines[3]);
	expect_refused(f, text, "line 2: pepper");
	snprintf(text, sizeof(text), "%s\n%s\nsign_sk=%s\n%s\n",
	    f->lines[0], f->lines[1], rl, f->lines[3]);
	expect_refused(f, text, "line 3: sign_sk");
	/* Trailing garbage after a value, and CRLF line ends. */
	snprintf(text, sizeof(text), "%s\npepper=%s \n%s\n%s\n", f->lines[0],
	    pep, f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 2: pepper");
	snprintf(text, sizeof(text), "%s\r\n%s\r\n%s\r\n%s\r\n", f->lines[0],
	    f->lines[1], f->lines[2], f->lines[3]);
	expect_refused(f, text, "line 1:");
	/* A well-formed but inconsistent signing key (seed and pk differ). */
	snprintf(bad, sizeof(bad), "%s", sk);
	bad[2] = bad[2] == 'A' ? 'B' : 'A';
	snprintf(text, sizeof(text), "%s\n%s\nsign_sk=%s\n%s\n", f->lines[0],
	    f->lines[1], bad, f->lines[3]);
	expect_refused(f, text, "sign_sk is inconsistent");

	/* Entries in another order are fine. */
	snprintf(text, sizeof(text), "%s\n%s\n%s\n%s\n", f->lines[0],
	    f->lines[3], f->lines[1], f->lines[2]);
	unlink(f->other);
	tu_write_file(f->other, text, strlen(text));
	{
		struct server_keys *k1 = NULL, *k2 = NULL;
		char err[256], h1[65], h2[65];

		assert_int_equal(crypto_keyfile_load(f->other, &k1, err,
		    sizeof(err)), 0);
		assert_int_equal(crypto_keyfile_load(f->path, &k2, err,
		    sizeof(err)), 0);
		crypto_keys_sign_pk_hex(k1, h1);
		crypto_keys_sign_pk_hex(k2, h2);
		assert_string_equal(h1, h2);
		crypto_keys_free(k1);
		crypto_keys_free(k2);
	}
}

static void
test_load_too_large(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k = NULL;
	char *text, err[512] = "";

	text = malloc(5000);
	assert_non_null(text);
	memset(text, 'A', 4999);
	text[4999] = '\0';
	tu_write_file(f->other, text, strlen(text));
	free(text);
	assert_int_equal(crypto_keyfile_load(f->other, &k, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "too large"));
}

static void
test_load_missing(void **state)
{
	struct fixture *f = *state;
	struct server_keys *k = NULL;
	char err[512] = "";

	assert_int_equal(crypto_keyfile_load(f->other, &k, err, sizeof(err)),
	    -1);
	assert_null(k);
	assert_non_null(strstr(err, f->other));
}

static void
test_hex_digest(void **state)
{
	const unsigned char dead[] = { 0xde, 0xad };
	const unsigned char mix[] = { 0x00, 0x0f, 0xf0, 0xff };
	char hex[16], d[33];

	(void)state;
	crypto_hex(hex, dead, sizeof(dead));
	assert_string_equal(hex, "dead");
	crypto_hex(hex, mix, sizeof(mix));
	assert_string_equal(hex, "000ff0ff");
	crypto_hex(hex, mix, 0);
	assert_string_equal(hex, "");
	/* BLAKE2b with a 16-byte output, of the empty string. */
	crypto_digest_hex(d, "", 0);
	assert_string_equal(d, "cae66941d9efbd404e4d88758ea67670");
	crypto_digest_hex(d, "abc", 3);
	assert_int_equal(strlen(d), 32);
	assert_string_not_equal(d, "cae66941d9efbd404e4d88758ea67670");
}

static void
test_random(void **state)
{
	unsigned char a[32], b[32], zero[32];
	int seen[10] = { 0 };
	uint32_t v;
	int i;

	(void)state;
	crypto_random(a, sizeof(a));
	crypto_random(b, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	for (i = 0; i < 10000; i++) {
		v = crypto_random_uniform(10);
		assert_true(v < 10);
		seen[v]++;
	}
	for (i = 0; i < 10; i++)
		assert_true(seen[i] > 0);
	assert_int_equal(crypto_random_uniform(1), 0);
	memset(zero, 0, sizeof(zero));
	crypto_wipe(a, sizeof(a));
	assert_memory_equal(a, zero, sizeof(a));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_existing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_symlink,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_permissions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_symlink,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_directory,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_corrupt, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_too_large, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_missing, setup,
		    teardown),
		cmocka_unit_test(test_hex_digest),
		cmocka_unit_test(test_random),
	};

	if (crypto_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
