/*
 * test_download.c: evidence downloads. The file store's pull reader
 * (sizes across chunk and bucket edges, any read size, damage found
 * before the last content byte is handed out), and over HTTP: a
 * reviewer downloads a reporter's file byte for byte as an attachment
 * under a sandboxing CSP; another report's file is not found through
 * this report; a handler without the report key is refused; a damaged
 * stored file is never delivered whole.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "db_audit.h"
#include "filestore.h"
#include "route.h"
#include "pages.h"
#include "staff_files.h"
#include "totp.h"
#include "util.h"
#include "testutil.h"

#define PW		"kata sandi penelaah panjang"
#define CT_CHUNK	(CRYPTO_STREAM_CHUNK + CRYPTO_STREAM_ABYTES)
#define BIG_SIZE	1100000	/* content ends before a padding-only chunk */
#define MID_SIZE	300000	/* several chunks */

/* Printable text that libmagic takes for text/plain. */
static unsigned char *
make_text(size_t n, unsigned seed)
{
	static const char words[] = "dana desa kuitansi proyek jalan aspal "
	    "anggaran pengadaan laporan bukti saksi kantor ";
	unsigned char *p = malloc(n);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (i % 64 == 63) ? '\n' :
		    (unsigned char)words[(seed >> 16) % (sizeof(words) - 1)];
	}
	return p;
}

static void
flip_byte(const char *path, off_t off)
{
	unsigned char c;
	int fd = open(path, O_RDWR);

	assert_true(fd != -1);
	assert_int_equal(pread(fd, &c, 1, off), 1);
	c ^= 0x40;
	assert_int_equal(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* --- the reader ----------------------------------------------------------- */

struct store {
	char		*tmp;
	char		 dir[1024];
	unsigned char	 key[CRYPTO_KEY_BYTES];
};

static void
store_init(struct store *s)
{
	assert_int_equal(crypto_init(), 0);
	s->tmp = tu_mkdtemp();
	snprintf(s->dir, sizeof(s->dir), "%s/files", s->tmp);
	crypto_random(s->key, sizeof(s->key));
}

static void
store_put(struct store *s, const unsigned char *data, size_t n,
    char name[FILESTORE_NAME], char *path, size_t pathlen)
{
	char tmpl[1100], err[256];
	uint64_t stored;
	int fd;

	snprintf(tmpl, sizeof(tmpl), "%s/plainXXXXXX", s->tmp);
	assert_true((fd = mkstemp(tmpl)) != -1);
	unlink(tmpl);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	if (filestore_put(s->dir, fd, s->key, name, &stored, err,
	    sizeof(err)) == -1)
		fail_msg("put: %s", err);
	close(fd);
	snprintf(path, pathlen, "%s/%s", s->dir, name);
}

/*
 * Reads everything with reads of at most step bytes into out (n + 1
 * bytes of room); returns the bytes delivered, and sets *rc to the last
 * return value (0 end, -1 failure).
 */
static size_t
read_all(struct filestore_reader *rd, unsigned char *out, size_t room,
    size_t step, ssize_t *rc)
{
	size_t got = 0;
	ssize_t r;

	for (;;) {
		size_t want = step < room - got ? step : room - got;

		r = filestore_read(rd, out + got, want);
		if (r <= 0)
			break;
		assert_true((size_t)r <= want);
		got += (size_t)r;
	}
	*rc = r;
	return got;
}

static void
test_reader_round_trips(void **state)
{
	static const size_t sizes[] = { 0, 1, 65527, 65528, 65529, 131064,
	    MID_SIZE, BIG_SIZE };
	static const size_t steps[] = { 1000, 65536, 200000 };
	struct store s;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data, *out;
	size_t i, j, got;
	ssize_t rc;

	(void)state;
	store_init(&s);
	for (i = 0; i < NELEM(sizes); i++) {
		data = make_text(sizes[i] + 1, (unsigned)i);
		store_put(&s, data, sizes[i], name, path, sizeof(path));
		for (j = 0; j < NELEM(steps); j++) {
			struct filestore_reader *rd;

			if (sizes[i] > 70000 && steps[j] == 1000)
				continue;
			rd = filestore_open(s.dir, name, s.key);
			assert_non_null(rd);
			assert_int_equal(filestore_size(rd), sizes[i]);
			out = malloc(sizes[i] + 1);
			got = read_all(rd, out, sizes[i] + 1, steps[j], &rc);
			assert_int_equal(rc, 0);
			assert_int_equal(got, sizes[i]);
			assert_memory_equal(out, data, sizes[i] == 0 ? 0 :
			    sizes[i]);
			/* the end stays the end */
			assert_int_equal(filestore_read(rd, out, 1), 0);
			filestore_close(rd);
			free(out);
		}
		free(data);
	}
	/* a wrong key, a bad name, a missing file */
	data = make_text(10, 1);
	store_put(&s, data, 10, name, path, sizeof(path));
	s.key[3] ^= 1;
	assert_null(filestore_open(s.dir, name, s.key));
	s.key[3] ^= 1;
	assert_null(filestore_open(s.dir, "../x", s.key));
	name[0] = name[0] == 'a' ? 'b' : 'a';
	assert_null(filestore_open(s.dir, name, s.key));
	filestore_close(NULL);
	free(data);
	tu_rmtree(s.tmp);
	free(s.tmp);
}

/*
 * Damage anywhere after the first chunk: the reader fails before it
 * has handed out the whole content, whatever the read size.
 */
static void
test_reader_damage(void **state)
{
	struct store s;
	char name[FILESTORE_NAME], path[1200];
	unsigned char *data, *out;
	struct filestore_reader *rd;
	off_t size, at[3];
	size_t got, i;
	ssize_t rc;
	int fd;

	(void)state;
	store_init(&s);
	data = make_text(BIG_SIZE, 7);
	out = malloc(BIG_SIZE + 1);
	store_put(&s, data, BIG_SIZE, name, path, sizeof(path));
	size = file_size(path);
	/* the chunk holding the content's end is followed by padding only */
	assert_true(filestore_bucket(BIG_SIZE) - (BIG_SIZE + 8) >
	    CRYPTO_STREAM_CHUNK);
	at[0] = CRYPTO_STREAM_HEADER + 3 * CT_CHUNK + 100;	/* middle */
	at[1] = size - CT_CHUNK - 5;	/* the chunk with the last bytes */
	at[2] = size - 3;		/* the padding-only FINAL chunk */
	for (i = 0; i < NELEM(at); i++) {
		flip_byte(path, at[i]);
		rd = filestore_open(s.dir, name, s.key);
		assert_non_null(rd);
		got = read_all(rd, out, BIG_SIZE + 1, 65536, &rc);
		assert_int_equal(rc, -1);
		assert_true(got < BIG_SIZE);
		assert_memory_equal(out, data, got);
		/* failure is sticky */
		assert_int_equal(filestore_read(rd, out, 10), -1);
		filestore_close(rd);
		flip_byte(path, at[i]);
	}
	/* cut at a chunk boundary, or lengthened by a chunk: refused at open */
	assert_int_equal(truncate(path, size - CT_CHUNK + 0), 0);
	assert_null(filestore_open(s.dir, name, s.key));
	free(data);
	data = make_text(BIG_SIZE, 7);
	store_put(&s, data, BIG_SIZE, name, path, sizeof(path));
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd != -1);
	assert_int_equal(write(fd, out, CT_CHUNK), CT_CHUNK);
	close(fd);
	assert_null(filestore_open(s.dir, name, s.key));
	free(data);
	free(out);
	tu_rmtree(s.tmp);
	free(s.tmp);
}

/* --- over HTTP -------------------------------------------------------------- */

static struct tu_server *srv;
static time_t clk = 1800000000;

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
	c->max_file_mb = 2;
	c->max_files = 3;
	c->pow_bits = 8;
}

static const struct route dl_route[] = {
	{ HTTP_GET, "/staff/laporan/:id/berkas/:fid", staff_file_download,
	    ROLE_REVIEWER | ROLE_INVESTIGATOR, 0, NULL, 0, 0, 0 },
};

/* The route, unless pages.c has it already. */
static size_t
dl_nroutes(void)
{
	size_t i;

	for (i = 0; i < pages_nroutes; i++)
		if (strcmp(pages_routes[i].pattern, dl_route[0].pattern) == 0)
			return 0;
	return NELEM(dl_route);
}

#define BOUNDARY	"wbsDownloadBoundary19fz"

static const char *const mp_ct[] = {
	"Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL
};

static void
mp_field(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n%s\r\n", name, value);
}

/* Files a report with one file (metadata removal not asked for). */
static void
file_report(const char *title, const char *fname, const unsigned char *data,
    size_t len)
{
	struct tu_resp r;
	struct buf b;

	buf_init(&b);
	mp_field(&b, "category", "korupsi");
	mp_field(&b, "title", title);
	mp_field(&b, "what", "Pemotongan dana");
	mp_field(&b, "who", "");
	mp_field(&b, "where", "");
	mp_field(&b, "when", "");
	mp_field(&b, "why", "");
	mp_field(&b, "how", "");
	mp_field(&b, "unit", "");
	mp_field(&b, "period", "");
	mp_field(&b, "consent", "1");
	buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"files\"; filename=\"%s\"\r\nContent-Type: "
	    "text/plain\r\n\r\n", fname);
	buf_append(&b, data, len);
	buf_puts(&b, "\r\n--" BOUNDARY "--\r\n");
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	buf_free(&b);
	if (r.status != 200)
		fail_msg("send: %ld\n%.2000s", r.status, r.body);
	tu_resp_free(&r);
}

struct found {
	int64_t	id;
	char	stored[FILESTORE_NAME];
	int	n;
};

static int
found_cb(void *arg, const struct db_file *f)
{
	struct found *fo = arg;

	fo->id = f->id;
	snprintf(fo->stored, sizeof(fo->stored), "%s", f->stored_name);
	fo->n++;
	return 0;
}

static void
report_file(int64_t report_id, struct found *fo)
{
	memset(fo, 0, sizeof(*fo));
	assert_int_equal(db_file_list(srv->app->db, report_id, found_cb, fo),
	    0);
	assert_int_equal(fo->n, 1);
}

static void
get(const char *cookie, int64_t id, int64_t fid, struct tu_resp *r, int *rc)
{
	const char *hdr[2] = { cookie, NULL };
	char path[128];

	snprintf(path, sizeof(path), "/staff/laporan/%lld/berkas/%lld",
	    (long long)id, (long long)fid);
	*rc = tu_http(srv, "GET", path, hdr, NULL, 0, r);
}

static void
staff_as(const char *name, unsigned roles, char cookie[128])
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char token[CRYPTO_TOKEN_TEXT];

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL, token);
	snprintf(cookie, 128, "Cookie: wbs_staff=%s", token);
}

static void
staff(const char *name, char cookie[128])
{
	staff_as(name, ROLE_REVIEWER, cookie);
}

/* The holder of cookie grants report id's key to the account name (API). */
static void
grant(const char *cookie, int64_t id, const char *name)
{
	char auth[256], path[64], body[64];
	const char *h[] = { auth, "Content-Type: application/json", NULL };
	struct db_user u;
	struct tu_resp r;

	assert_int_equal(db_user_by_name(srv->app->db, name, &u), 1);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	    cookie + strlen("Cookie: wbs_staff="));
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/grants",
	    (long long)id);
	snprintf(body, sizeof(body), "{\"user\":%lld}", (long long)u.id);
	assert_int_equal(tu_http(srv, "POST", path, h, body, strlen(body),
	    &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
}

/* The number of file_view records for file fid. */
static size_t
file_views(int64_t fid)
{
	struct db_audit_query q;
	struct db_audit_row *rows = NULL;
	size_t n = 0;

	memset(&q, 0, sizeof(q));
	snprintf(q.action, sizeof(q.action), "file_view");
	snprintf(q.object_type, sizeof(q.object_type), "file");
	q.object_id = fid;
	q.limit = 100;
	assert_int_equal(db_audit_query(srv->app->db, &q, &rows, &n), 0);
	free(rows);
	return n;
}

static void
test_http_download(void **state)
{
	char rev[128], late[128], path[1200], *h;
	const char *hdr[2];
	unsigned char *big, *small;
	struct found f1, f2;
	struct tu_resp r;
	off_t size;
	size_t i;
	int rc;

	(void)state;
	srv = tu_server_start(fast, dl_route, dl_nroutes());
	staff("penelaah", rev);
	big = make_text(BIG_SIZE, 11);
	small = make_text(MID_SIZE, 12);
	file_report("Dana desa", "bukti kuitansi (Maret) \xc3\xa9.txt", big,
	    BIG_SIZE);
	file_report("Proyek jalan", "jalan.txt", small, MID_SIZE);
	report_file(1, &f1);
	report_file(2, &f2);
	/* a reviewer enrolled now holds no key for either report */
	staff("penelaah-baru", late);

	/*
	 * No key: 403, and nothing audited for it. (The late reviewer gets
	 * the key once a key holder grants it, below.)
	 */
	get(late, 1, f1.id, &r, &rc);
	assert_int_equal(r.status, 403);
	assert_null(memmem(r.body, r.body_len, big, 64));
	tu_resp_free(&r);
	/* no session: refused */
	get("X-None: 1", 1, f1.id, &r, &rc);
	assert_true(r.status == 403 || r.status == 303);
	tu_resp_free(&r);
	assert_int_equal(file_views(f1.id), 0);

	/* the file, byte for byte, as an attachment */
	get(rev, 1, f1.id, &r, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(r.status, 200);
	/* the global headers (the CSP is the download's own, below) */
	for (i = 0; i < http_nsecurity_headers; i++) {
		h = tu_header(&r, http_security_headers[i].name);
		assert_non_null(h);
		assert_string_equal(h, http_security_headers[i].value);
		free(h);
	}
	assert_int_equal(r.body_len, BIG_SIZE);
	assert_memory_equal(r.body, big, BIG_SIZE);
	h = tu_header(&r, "Content-Type");
	assert_string_equal(h, "application/octet-stream");
	free(h);
	h = tu_header(&r, "Content-Length");
	assert_non_null(h);
	assert_int_equal(strtoull(h, NULL, 10), BIG_SIZE);
	free(h);
	h = tu_header(&r, "Content-Security-Policy");
	assert_string_equal(h, "sandbox; default-src 'none'");
	free(h);
	h = tu_header(&r, "Cache-Control");
	assert_string_equal(h, "no-store");
	free(h);
	h = tu_header(&r, "Content-Disposition");
	assert_string_equal(h, "attachment; "
	    "filename=\"bukti_kuitansi__Maret____.txt\"; "
	    "filename*=UTF-8''bukti%20kuitansi%20%28Maret%29%20%C3%A9.txt");
	free(h);
	tu_resp_free(&r);
	assert_int_equal(file_views(f1.id), 1);
	get(rev, 2, f2.id, &r, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, MID_SIZE);
	assert_memory_equal(r.body, small, MID_SIZE);
	tu_resp_free(&r);

	/* the case page links to it */
	hdr[0] = rev;
	hdr[1] = NULL;
	snprintf(path, sizeof(path), "/staff/laporan/1/berkas/%lld",
	    (long long)f1.id);
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, path));
	/* the page lists the late reviewer as waiting; granting is explicit */
	assert_non_null(strstr(r.body, "penelaah-baru"));
	tu_resp_free(&r);
	grant(rev, 1, "penelaah-baru");
	get(late, 1, f1.id, &r, &rc);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, BIG_SIZE);
	tu_resp_free(&r);
	assert_int_equal(file_views(f1.id), 2);
	/* an investigator of no unit holds no key */
	staff_as("pemeriksa", ROLE_INVESTIGATOR, late);
	get(late, 1, f1.id, &r, &rc);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);

	/* another report's file is not this report's: 404 */
	get(rev, 1, f2.id, &r, &rc);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.body_len == BIG_SIZE || r.body_len == MID_SIZE, 0);
	tu_resp_free(&r);
	get(rev, 2, f1.id, &r, &rc);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	/* bad and unknown ids: 404 */
	get(rev, 1, 99999, &r, &rc);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	hdr[0] = rev;
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/berkas/x", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/staff/laporan/1/berkas/0", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 404);
	tu_resp_free(&r);
	assert_int_equal(file_views(f1.id), 2);

	/* damage in the middle, then in the padding after the content's
	 * end: the transfer never completes */
	snprintf(path, sizeof(path), "%s/files/%s", srv->cfg.data_dir,
	    f1.stored);
	size = file_size(path);
	{
		off_t at[2] = { CRYPTO_STREAM_HEADER + 5 * CT_CHUNK + 9,
		    size - 2 };

		for (i = 0; i < NELEM(at); i++) {
			flip_byte(path, at[i]);
			get(rev, 1, f1.id, &r, &rc);
			assert_int_equal(r.status, 200);
			assert_int_equal(rc, -1);	/* curl saw it cut */
			assert_true(r.body_len < BIG_SIZE);
			tu_resp_free(&r);
			flip_byte(path, at[i]);
		}
	}
	/* and once more whole */
	get(rev, 1, f1.id, &r, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(r.body_len, BIG_SIZE);
	assert_memory_equal(r.body, big, BIG_SIZE);
	tu_resp_free(&r);
	/* cut short: refused before any byte (500) */
	assert_int_equal(truncate(path, size - CT_CHUNK), 0);
	get(rev, 1, f1.id, &r, &rc);
	assert_int_equal(r.status, 500);
	assert_true(r.body_len < 65536);
	tu_resp_free(&r);

	/* a name that says another type is offered with the real one */
	{
		struct found f3;

		file_report("Surat", "surat.cmd", small, 64);
		report_file(3, &f3);
		get(rev, 3, f3.id, &r, &rc);
		assert_int_equal(r.status, 200);
		h = tu_header(&r, "Content-Disposition");
		assert_string_equal(h, "attachment; "
		    "filename=\"surat.cmd.txt\"; "
		    "filename*=UTF-8''surat.cmd.txt");
		free(h);
		tu_resp_free(&r);
	}

	free(big);
	free(small);
	tu_server_stop(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_round_trips),
		cmocka_unit_test(test_reader_damage),
		cmocka_unit_test(test_http_download),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
