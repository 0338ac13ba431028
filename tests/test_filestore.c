/*
 * test_filestore.c: encrypted evidence files: round trips across the
 * chunk and bucket edges, stored sizes that hide true sizes, refusal of
 * tampered, truncated, extended and foreign files, name validation,
 * permissions, and no debris after a failed store.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "crypto.h"
#include "filestore.h"

#define CHUNK_CT	(CRYPTO_STREAM_CHUNK + CRYPTO_STREAM_ABYTES)

struct fixture {
	char		*tmp;		/* removed at teardown */
	char		 dir[1024];	/* the store: tmp/files, not made yet */
	unsigned char	 key[CRYPTO_KEY_BYTES];
};

struct collect {
	unsigned char	*buf;
	size_t		 len;
	size_t		 calls;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(crypto_init(), 0);
	f->tmp = tu_mkdtemp();
	snprintf(f->dir, sizeof(f->dir), "%s/files", f->tmp);
	crypto_random(f->key, sizeof(f->key));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_rmtree(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

static int
sink_collect(void *arg, const void *data, size_t len)
{
	struct collect *c = arg;

	assert_true(len > 0);
	c->buf = realloc(c->buf, c->len + len);
	assert_non_null(c->buf);
	memcpy(c->buf + c->len, data, len);
	c->len += len;
	c->calls++;
	return 0;
}

static int
sink_refuse(void *arg, const void *data, size_t len)
{
	(void)arg;
	(void)data;
	(void)len;
	return -1;
}

static unsigned char *
pattern(size_t n, unsigned int seed)
{
	unsigned char *p = malloc(n + 1);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 31 + seed) ^ (i >> 9));
	return p;
}

/* A memfd holding data, its offset at 0. */
static int
memfd_with(const unsigned char *data, size_t n)
{
	int fd = memfd_create("plain", MFD_CLOEXEC);

	assert_true(fd != -1);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void
store(struct fixture *f, const unsigned char *data, size_t n,
    char name[FILESTORE_NAME], uint64_t *stored)
{
	char err[256] = "";
	int fd = memfd_with(data, n);

	if (filestore_put(f->dir, fd, f->key, name, stored, err,
	    sizeof(err)) != 0)
		fail_msg("filestore_put: %s", err);
	close(fd);
	assert_true(filestore_name_valid(name));
}

/* The path of name in the store (test side only). */
static void
path_of(const struct fixture *f, const char *name, char *out, size_t len)
{
	assert_true((size_t)snprintf(out, len, "%s/%s", f->dir, name) < len);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* Stored size for a plaintext of n bytes, computed from the format. */
static uint64_t
expected_stored(uint64_t n)
{
	uint64_t total = filestore_bucket(n);
	uint64_t chunks = (total + CRYPTO_STREAM_CHUNK - 1) /
	    CRYPTO_STREAM_CHUNK;

	return CRYPTO_STREAM_HEADER + total + chunks * CRYPTO_STREAM_ABYTES;
}

/* Counts entries of dir other than . and .., and those ending in .tmp. */
static void
count_entries(const char *dir, size_t *all, size_t *tmp)
{
	struct dirent *de;
	DIR *d;
	size_t len;

	*all = *tmp = 0;
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		(*all)++;
		len = strlen(de->d_name);
		if (len >= 4 && strcmp(de->d_name + len - 4, ".tmp") == 0)
			(*tmp)++;
	}
	closedir(d);
}

static void
test_bucket(void **state)
{
	uint64_t n, b, prev = 0;

	(void)state;
	/* Everything framed within 64 KiB shares the smallest bucket. */
	assert_int_equal(filestore_bucket(0), 65536);
	assert_int_equal(filestore_bucket(100), 65536);
	assert_int_equal(filestore_bucket(65528), 65536);
	/* Then 8 steps per power of two. */
	assert_int_equal(filestore_bucket(65529), 65536 + 8192);
	assert_int_equal(filestore_bucket(65536), 65536 + 8192);
	assert_int_equal(filestore_bucket(65536 + 8184), 65536 + 8192);
	assert_int_equal(filestore_bucket(65536 + 8185), 65536 + 16384);
	assert_int_equal(filestore_bucket(131064), 131072);
	assert_int_equal(filestore_bucket(131065), 131072 + 16384);
	assert_int_equal(filestore_bucket(1048576 + 3), 1048576 + 131072);
	assert_int_equal(filestore_bucket(100ULL << 20),
	    (100ULL << 20) + (8ULL << 20) - (4ULL << 20));

	for (n = 0; n < (64ULL << 20); n += n / 7 + 1237) {
		b = filestore_bucket(n);
		assert_true(b >= n + 8);
		assert_true(b >= prev);
		if (n + 8 > 65536)
			assert_true((b - (n + 8)) * 8 < n + 8);
		/* A bucket is its own bucket's fixed point. */
		assert_int_equal(filestore_bucket(b - 8), b);
		prev = b;
	}
	/* No wrap-around at the top. */
	assert_true(filestore_bucket(UINT64_MAX) >= filestore_bucket(1ULL << 62));
}

static void
test_round_trips(void **state)
{
	static const size_t sizes[] = {
		0, 1, 65535, 65536, 65537, 65528, 65529, 131072, 1048576 + 3
	};
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data;
	uint64_t stored;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct collect c = { NULL, 0, 0 };

		data = pattern(sizes[i], (unsigned int)i);
		store(f, data, sizes[i], name, &stored);
		path_of(f, name, path, sizeof(path));
		assert_int_equal(stored, expected_stored(sizes[i]));
		assert_int_equal((uint64_t)file_size(path), stored);
		assert_int_equal(filestore_get(f->dir, name, f->key,
		    sink_collect, &c), 0);
		assert_int_equal(c.len, sizes[i]);
		if (sizes[i] > 0)
			assert_memory_equal(c.buf, data, sizes[i]);
		else
			assert_int_equal(c.calls, 0);
		free(c.buf);
		free(data);
	}
}

/* From a regular file, read from its current offset. */
static void
test_from_file_offset(void **state)
{
	struct fixture *f = *state;
	struct collect c = { NULL, 0, 0 };
	char name[FILESTORE_NAME], path[1200], err[256];
	unsigned char *data = pattern(200000, 9);
	uint64_t stored;
	int fd;

	snprintf(path, sizeof(path), "%s/plain", f->tmp);
	tu_write_file(path, (const char *)data, 200000);
	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(lseek(fd, 1000, SEEK_SET), 1000);
	assert_int_equal(filestore_put(f->dir, fd, f->key, name, &stored, err,
	    sizeof(err)), 0);
	close(fd);
	assert_int_equal(filestore_get(f->dir, name, f->key, sink_collect,
	    &c), 0);
	assert_int_equal(c.len, 199000);
	assert_memory_equal(c.buf, data + 1000, 199000);
	free(c.buf);
	free(data);
}

static void
test_same_bucket_same_size(void **state)
{
	struct fixture *f = *state;
	char a[FILESTORE_NAME], b[FILESTORE_NAME], p1[1200], p2[1200];
	unsigned char *d1 = pattern(100, 1), *d2 = pattern(60000, 2);
	uint64_t s1, s2;

	store(f, d1, 100, a, &s1);
	store(f, d2, 60000, b, &s2);
	assert_string_not_equal(a, b);
	assert_int_equal(s1, s2);
	assert_int_equal(s1, CRYPTO_STREAM_HEADER + 65536 +
	    CRYPTO_STREAM_ABYTES);
	path_of(f, a, p1, sizeof(p1));
	path_of(f, b, p2, sizeof(p2));
	assert_int_equal(file_size(p1), file_size(p2));
	free(d1);
	free(d2);
}

static void
test_permissions(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char one = 'x';
	struct stat st;
	uint64_t stored;

	store(f, &one, 1, name, &stored);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	path_of(f, name, path, sizeof(path));
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
}

/* Stores 300000 bytes (5 chunks) and returns the file's path. */
static unsigned char *
stored_file(struct fixture *f, char name[FILESTORE_NAME], char *path,
    size_t pathlen, size_t *size)
{
	unsigned char *data = pattern(300000, 5);
	uint64_t stored;

	store(f, data, 300000, name, &stored);
	path_of(f, name, path, pathlen);
	*size = (size_t)stored;
	return data;
}

static void
get_fails(struct fixture *f, const char *name)
{
	struct collect c = { NULL, 0, 0 };

	assert_int_equal(filestore_get(f->dir, name, f->key, sink_collect,
	    &c), -1);
	free(c.buf);
}

static void
test_tampered(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data, *file;
	size_t size, len;

	data = stored_file(f, name, path, sizeof(path), &size);
	file = (unsigned char *)tu_read_file(path, &len);
	assert_int_equal(len, size);
	file[size / 2] ^= 0x20;
	tu_write_file(path, (const char *)file, len);
	get_fails(f, name);
	/* The header too. */
	file[size / 2] ^= 0x20;
	file[5] ^= 0x01;
	tu_write_file(path, (const char *)file, len);
	get_fails(f, name);
	/* Restored: fine again. */
	file[5] ^= 0x01;
	tu_write_file(path, (const char *)file, len);
	{
		struct collect c = { NULL, 0, 0 };

		assert_int_equal(filestore_get(f->dir, name, f->key,
		    sink_collect, &c), 0);
		assert_int_equal(c.len, 300000);
		assert_memory_equal(c.buf, data, 300000);
		free(c.buf);
	}
	free(file);
	free(data);
}

static void
test_truncated(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data;
	size_t size, last, full;

	data = stored_file(f, name, path, sizeof(path), &size);
	/* 300008 framed -> 327680 padded: 5 whole chunks, the last FINAL. */
	full = CRYPTO_STREAM_HEADER + 5 * (size_t)CHUNK_CT;
	assert_int_equal(size, full);
	last = CHUNK_CT;
	/* Cut the FINAL chunk: every remaining chunk is intact. */
	assert_int_equal(truncate(path, (off_t)(size - last)), 0);
	get_fails(f, name);
	/* Cut inside a chunk. */
	assert_int_equal(truncate(path, (off_t)(size - last - 100)), 0);
	get_fails(f, name);
	/* Only the header; nothing at all. */
	assert_int_equal(truncate(path, CRYPTO_STREAM_HEADER), 0);
	get_fails(f, name);
	assert_int_equal(truncate(path, 10), 0);
	get_fails(f, name);
	assert_int_equal(truncate(path, 0), 0);
	get_fails(f, name);
	free(data);
}

static void
test_truncated_short_last(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data = pattern(70000, 6);
	uint64_t stored;

	/* 70008 framed -> 73728 padded: a full chunk and one of 8192. */
	store(f, data, 70000, name, &stored);
	assert_int_equal(stored, CRYPTO_STREAM_HEADER + 73728 +
	    2 * CRYPTO_STREAM_ABYTES);
	path_of(f, name, path, sizeof(path));
	assert_int_equal(truncate(path, (off_t)(stored - 8192 -
	    CRYPTO_STREAM_ABYTES)), 0);
	get_fails(f, name);
	free(data);
}

static void
test_appended(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200], name2[FILESTORE_NAME];
	unsigned char *data, small = 'z';
	uint64_t stored;
	size_t size;
	int fd;

	data = stored_file(f, name, path, sizeof(path), &size);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "garbage", 7), 7);
	close(fd);
	get_fails(f, name);

	/* A whole extra chunk's worth after FINAL, too. */
	store(f, &small, 1, name2, &stored);
	path_of(f, name2, path, sizeof(path));
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd != -1);
	{
		unsigned char *junk = pattern(CHUNK_CT, 7);

		assert_int_equal(write(fd, junk, CHUNK_CT), CHUNK_CT);
		free(junk);
	}
	close(fd);
	get_fails(f, name2);
	free(data);
}

/*
 * Writes a stream under f->key to name: chunks of the given plaintext
 * lengths, the first starting with the length field claim, the chunk
 * numbered final_at tagged FINAL (none when final_at < 0).
 */
static void
forge(struct fixture *f, const char *name, uint64_t claim,
    const size_t *lens, size_t n, int final_at)
{
	struct crypto_stream *st;
	unsigned char hdr[CRYPTO_STREAM_HEADER], *pt, *ct;
	char path[1200];
	size_t i, j;
	int fd;

	mkdir(f->dir, 0700);
	path_of(f, name, path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd != -1);
	st = crypto_stream_push_new(f->key, hdr);
	assert_int_equal(write(fd, hdr, sizeof(hdr)), sizeof(hdr));
	pt = calloc(1, CRYPTO_STREAM_CHUNK);
	ct = malloc(CHUNK_CT);
	assert_non_null(pt);
	assert_non_null(ct);
	for (i = 0; i < n; i++) {
		memset(pt, 'p', CRYPTO_STREAM_CHUNK);
		if (i == 0)
			for (j = 0; j < 8; j++)
				pt[j] = (unsigned char)(claim >> (8 * j));
		crypto_stream_push(st, pt, lens[i], (int)i == final_at, ct);
		assert_int_equal(write(fd, ct, lens[i] + CRYPTO_STREAM_ABYTES),
		    (ssize_t)(lens[i] + CRYPTO_STREAM_ABYTES));
	}
	crypto_stream_free(st);
	close(fd);
	free(pt);
	free(ct);
}

/* Well-encrypted files that break the framing are refused. */
static void
test_forged(void **state)
{
	static const char nm[] =
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
	static const size_t one[] = { 65536 };
	static const size_t two[] = { 65536, 8192 };
	static const size_t tiny[] = { 5 };
	struct fixture *f = *state;
	struct collect c = { NULL, 0, 0 };

	/* The forger's own well-formed file is accepted... */
	forge(f, nm, 70000, two, 2, 1);
	assert_int_equal(filestore_get(f->dir, nm, f->key, sink_collect, &c),
	    0);
	assert_int_equal(c.len, 70000);
	free(c.buf);
	/* ...but not one claiming more than it holds, */
	forge(f, nm, 65536 - 8 + 1, one, 1, 0);
	get_fails(f, nm);
	forge(f, nm, UINT64_MAX, two, 2, 1);
	get_fails(f, nm);
	/* nor one without FINAL, */
	forge(f, nm, 70000, two, 2, -1);
	get_fails(f, nm);
	/* nor one with a valid chunk after FINAL, */
	forge(f, nm, 100, two, 2, 0);
	get_fails(f, nm);
	/* nor one too short to hold the length field. */
	forge(f, nm, 0, tiny, 1, 0);
	get_fails(f, nm);
}

static void
test_wrong_key(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data;
	size_t size;

	data = stored_file(f, name, path, sizeof(path), &size);
	f->key[0] ^= 0x01;
	get_fails(f, name);
	f->key[0] ^= 0x01;
	free(data);
}

static void
test_sink_refuses(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data;
	size_t size;

	data = stored_file(f, name, path, sizeof(path), &size);
	assert_int_equal(filestore_get(f->dir, name, f->key, sink_refuse,
	    NULL), -1);
	free(data);
}

static void
test_names(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200], bad[80];
	struct collect c = { NULL, 0, 0 };
	unsigned char *data;
	size_t size;

	data = stored_file(f, name, path, sizeof(path), &size);
	assert_true(filestore_name_valid(name));
	assert_false(filestore_name_valid("../x"));
	assert_false(filestore_name_valid("ABC"));
	assert_false(filestore_name_valid(""));

	/* 63 hex, 65 hex, upper case, a .tmp suffix. */
	memcpy(bad, name, 63);
	bad[63] = '\0';
	assert_false(filestore_name_valid(bad));
	assert_int_equal(filestore_get(f->dir, bad, f->key, sink_collect,
	    &c), -1);
	assert_int_equal(filestore_delete(f->dir, bad), -1);
	snprintf(bad, sizeof(bad), "%s0", name);
	assert_false(filestore_name_valid(bad));
	assert_int_equal(filestore_delete(f->dir, bad), -1);
	snprintf(bad, sizeof(bad), "%s.tmp", name);
	assert_false(filestore_name_valid(bad));
	snprintf(bad, sizeof(bad), "%s", name);
	bad[0] = 'A';
	assert_false(filestore_name_valid(bad));
	assert_int_equal(filestore_get(f->dir, "../x", f->key, sink_collect,
	    &c), -1);
	assert_int_equal(filestore_delete(f->dir, "../x"), -1);
	assert_int_equal(filestore_get(f->dir, "ABC", f->key, sink_collect,
	    &c), -1);
	assert_int_equal(filestore_delete(f->dir, "ABC"), -1);
	assert_int_equal(c.calls, 0);

	/* The file survived every refused call; then it is deleted. */
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(filestore_delete(f->dir, name), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(filestore_delete(f->dir, name), -1);
	get_fails(f, name);
	free(data);
}

/* A symbolic link in the store is not followed. */
static void
test_symlink(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], path[1200], link[1200];
	unsigned char *data;
	size_t size;
	static const char fake[] =
	    "0000000000000000000000000000000000000000000000000000000000000000";

	data = stored_file(f, name, path, sizeof(path), &size);
	path_of(f, fake, link, sizeof(link));
	assert_int_equal(symlink(path, link), 0);
	get_fails(f, fake);
	free(data);
}

static void
test_pipe_refused(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME] = "x", err[256] = "";
	uint64_t stored = 7;
	size_t all, tmp;
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "data", 4), 4);
	close(p[1]);
	assert_int_equal(filestore_put(f->dir, p[0], f->key, name, &stored,
	    err, sizeof(err)), -1);
	close(p[0]);
	assert_true(err[0] != '\0');
	assert_string_equal(name, "");
	assert_int_equal(stored, 0);
	count_entries(f->dir, &all, &tmp);
	assert_int_equal(all, 0);
	assert_int_equal(tmp, 0);
}

/* A failure in the middle of writing leaves no temporary file. */
static void
test_failed_read_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	char name[FILESTORE_NAME], err[256] = "", path[1200];
	unsigned char one = 'x';
	uint64_t stored;
	size_t all, tmp;
	int fd;

	/* Make the store exist with one file in it. */
	store(f, &one, 1, name, &stored);
	/* A regular file opened write-only: fstat works, read() fails. */
	snprintf(path, sizeof(path), "%s/plain", f->tmp);
	tu_write_file(path, "some content", 12);
	fd = open(path, O_WRONLY);
	assert_true(fd != -1);
	assert_int_equal(filestore_put(f->dir, fd, f->key, name, &stored,
	    err, sizeof(err)), -1);
	close(fd);
	assert_true(err[0] != '\0');
	count_entries(f->dir, &all, &tmp);
	assert_int_equal(all, 1);
	assert_int_equal(tmp, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket),
		cmocka_unit_test_setup_teardown(test_round_trips, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_from_file_offset, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_bucket_same_size,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_truncated_short_last,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_appended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sink_refuses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipe_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failed_read_leaves_nothing,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
