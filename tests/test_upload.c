/*
 * test_upload.c: evidence uploads: staging chunk by chunk, the per-file,
 * per-request and file-count limits, client file names, type detection
 * by content against the allow-list, metadata removal with mat2 (EXIF
 * GPS from a JPEG, the author from a PDF), refusal of a file mat2 cannot
 * clean, the cleanup of the staging directory, and the helpers
 * magic_type_fd (offset unchanged) and mat2_clean (time limit, reaping).
 * Every test stages under a fresh directory that must be empty at the end.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "magic_type.h"
#include "mat2.h"
#include "upload.h"
#include "util.h"

/*
 * A 1x1 grey baseline JPEG (one DQT, SOF0, one-code DC and AC Huffman
 * tables, one scan) with an APP1 Exif segment: IFD0 holds Make
 * "WBSCANARYCAM" and a GPS IFD with 7 deg 28' 9.87654" S, 112 deg 25'
 * 1.23456" E (rationals 987654/100000 and 123456/100000).
 */
static const unsigned char jpeg_gps[] = {
	0xff, 0xd8, 0xff, 0xe1, 0x00, 0xa1, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00,
	0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x01, 0x0f,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x26, 0x88, 0x25,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x33, 0x00, 0x00,
	0x00, 0x00, 0x57, 0x42, 0x53, 0x43, 0x41, 0x4e, 0x41, 0x52, 0x59, 0x43,
	0x41, 0x4d, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x02, 0x53, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x69, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x02, 0x45, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x05, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x0f, 0x12, 0x06, 0x00, 0x01, 0x86, 0xa0, 0x00, 0x00, 0x00,
	0x70, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x19, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x01, 0xe2, 0x40, 0x00, 0x01, 0x86, 0xa0, 0xff, 0xdb, 0x00,
	0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00,
	0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f,
	0x00, 0x3f, 0xff, 0xd9,
};

/* The GPS latitude seconds rational, 987654/100000, as stored. */
static const unsigned char gps_seconds[] = {
	0x00, 0x0f, 0x12, 0x06, 0x00, 0x01, 0x86, 0xa0
};

/* A one-page PDF whose /Info names an author. */
static const char pdf_author[] =
	"%PDF-1.4\n"
	"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
	"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] "
	"/Contents 4 0 R /Resources << >> >>\nendobj\n"
	"4 0 obj\n<< /Length 15 >>\nstream\n0 0 m 72 72 l S\nendstream\n"
	"endobj\n"
	"5 0 obj\n<< /Author (WBSCANARYAUTHOR) /Title (Secret) "
	"/Producer (WBSTEST) >>\nendobj\n"
	"xref\n0 6\n"
	"0000000000 65535 f \n"
	"0000000009 00000 n \n"
	"0000000058 00000 n \n"
	"0000000115 00000 n \n"
	"0000000217 00000 n \n"
	"0000000282 00000 n \n"
	"trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\n"
	"startxref\n365\n%%EOF\n";

/* An ELF64 x86-64 executable's header. */
static const unsigned char elf_header[64] = {
	0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 0, 0x3e, 0, 1, 0, 0, 0, 0x00, 0x10, 0x40, 0, 0, 0, 0, 0,
	64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 64, 0, 56, 0, 0, 0, 64, 0, 0, 0, 0, 0,
};

struct fix {
	char			 base[256];	/* our tmpdir */
	struct upload_limits	 lim;
	struct upload		*u;
};

static const char *
tmp_root(void)
{
	struct stat st;
	const char *t;

	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		return "/dev/shm";
	if ((t = getenv("TMPDIR")) != NULL && *t != '\0')
		return t;
	return "/tmp";
}

static int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->base, sizeof(f->base), "%s/wbs-test-up-XXXXXX",
	    tmp_root());
	assert_non_null(mkdtemp(f->base));
	f->lim.max_file = 1024 * 1024;
	f->lim.max_total = 4 * 1024 * 1024;
	f->lim.max_files = 5;
	f->lim.tmpdir = f->base;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	upload_free(f->u);
	/* Nothing of the upload remains: no directory, no file. */
	assert_int_equal(count_entries(f->base), 0);
	assert_int_equal(rmdir(f->base), 0);
	free(f);
	return 0;
}

static struct upload *
fresh(struct fix *f)
{
	upload_free(f->u);
	f->u = upload_new(&f->lim);
	assert_non_null(f->u);
	return f->u;
}

/* Sends one file part in chunks of chunk bytes (0: one chunk). */
static void
send_file(struct upload *u, const char *name, const void *data, size_t len,
    size_t chunk)
{
	const unsigned char *p = data;
	size_t off = 0, n;

	if (chunk == 0)
		chunk = len;
	do {
		n = len - off < chunk ? len - off : chunk;
		upload_chunk(u, name, p + off, off, n);
		off += n;
	} while (off < len);
}

/* Reads a staged file through upload_file (which rewinds). */
static unsigned char *
read_file(struct upload *u, size_t i, size_t *len)
{
	struct upload_file *uf = upload_file(u, i);
	unsigned char *buf;
	size_t have = 0, cap = 4096;
	ssize_t n;

	assert_non_null(uf);
	assert_true(uf->fd >= 0);
	buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		if (have == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = read(uf->fd, buf + have, cap - have);
		assert_true(n >= 0);
		if (n == 0)
			break;
		have += (size_t)n;
	}
	*len = have;
	return buf;
}

static int
contains(const void *hay, size_t len, const void *needle, size_t nlen)
{
	return memmem(hay, len, needle, nlen) != NULL;
}

/* What "mat2 --show" says about data saved as base/show.ext. */
static char *
mat2_show(const struct fix *f, const char *ext, const void *data,
    size_t len)
{
	char path[PATH_MAX], cmd[PATH_MAX + 64];
	char *out;
	size_t have = 0;
	FILE *p;

	snprintf(path, sizeof(path), "%s/show.%s", f->base, ext);
	tu_write_file(path, data, len);
	snprintf(cmd, sizeof(cmd), "/usr/bin/mat2 --show '%s' 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	out = calloc(1, 65536);
	assert_non_null(out);
	have = fread(out, 1, 65535, p);
	out[have] = '\0';
	pclose(p);
	assert_int_equal(unlink(path), 0);
	return out;
}

static void
test_mat2_available(void **state)
{
	(void)state;
	/* mat2 is in scripts/install-deps: metadata removal must work. */
	assert_true(mat2_available());
}

static void
test_magic_offset(void **state)
{
	struct fix *f = *state;
	char path[PATH_MAX], mime[UPLOAD_MIME_MAX + 1];
	int fd;

	snprintf(path, sizeof(path), "%s/m.bin", f->base);
	tu_write_file(path, pdf_author, sizeof(pdf_author) - 1);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 7, SEEK_SET), 7);
	assert_int_equal(magic_type_fd(fd, mime, sizeof(mime)), 0);
	assert_string_equal(mime, "application/pdf");
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 7);
	/* Too small a buffer is an error, not a truncated type. */
	assert_int_equal(magic_type_fd(fd, mime, 4), -1);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 7);
	close(fd);
	assert_int_equal(unlink(path), 0);
}

static void
test_jpeg_gps_removed(void **state)
{
	struct fix *f = *state;
	struct upload *u = fresh(f);
	struct upload_file *uf;
	unsigned char *data;
	char mime[UPLOAD_MIME_MAX + 1], *show;
	size_t len;

	assert_true(contains(jpeg_gps, sizeof(jpeg_gps), "Exif\0\0", 6));
	send_file(u, "foto.jpg", jpeg_gps, sizeof(jpeg_gps), 100);
	assert_int_equal(upload_process(u, 1), 0);
	assert_int_equal(upload_error(u), UPLOAD_OK);
	assert_int_equal(upload_count(u), 1);
	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->name, "foto.jpg");
	assert_string_equal(uf->mime, "image/jpeg");
	assert_int_equal(uf->metadata_removed, 1);

	data = read_file(u, 0, &len);
	assert_int_equal(uf->size, len);
	assert_false(contains(data, len, "Exif\0\0", 6));
	assert_false(contains(data, len, "WBSCANARY", 9));
	assert_false(contains(data, len, gps_seconds, sizeof(gps_seconds)));
	assert_true(len > 4 && data[0] == 0xff && data[1] == 0xd8);
	/* Still a JPEG by content, and mat2 finds nothing left. */
	assert_int_equal(magic_type_fd(uf->fd, mime, sizeof(mime)), 0);
	assert_string_equal(mime, "image/jpeg");
	show = mat2_show(f, "jpg", data, len);
	assert_null(strstr(show, "GPS"));
	assert_null(strstr(show, "WBSCANARY"));
	free(show);
	/* The original, for comparison, does show the GPS position. */
	show = mat2_show(f, "jpg", jpeg_gps, sizeof(jpeg_gps));
	assert_non_null(strstr(show, "GPSLatitude"));
	free(show);
	free(data);
}

static void
test_jpeg_kept_unticked(void **state)
{
	struct fix *f = *state;
	struct upload *u = fresh(f);
	struct upload_file *uf;
	unsigned char *data;
	size_t len;

	send_file(u, "foto.jpg", jpeg_gps, sizeof(jpeg_gps), 0);
	assert_int_equal(upload_process(u, 0), 0);
	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->mime, "image/jpeg");
	assert_int_equal(uf->metadata_removed, 0);
	assert_int_equal(uf->size, sizeof(jpeg_gps));
	data = read_file(u, 0, &len);
	assert_int_equal(len, sizeof(jpeg_gps));
	assert_memory_equal(data, jpeg_gps, len);
	free(data);
}

static void
test_pdf_author_removed(void **state)
{
	struct fix *f = *state;
	struct upload *u = fresh(f);
	struct upload_file *uf;
	unsigned char *data;
	char *show;
	size_t len;

	send_file(u, "laporan.pdf", pdf_author, sizeof(pdf_author) - 1, 64);
	assert_int_equal(upload_process(u, 1), 0);
	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->mime, "application/pdf");
	assert_int_equal(uf->metadata_removed, 1);
	data = read_file(u, 0, &len);
	assert_int_equal(uf->size, len);
	assert_true(len > 5 && memcmp(data, "%PDF-", 5) == 0);
	assert_false(contains(data, len, "WBSCANARYAUTHOR", 15));
	show = mat2_show(f, "pdf", data, len);
	assert_null(strstr(show, "author"));
	assert_null(strstr(show, "WBSCANARY"));
	free(show);
	free(data);
}

static void
test_pdf_unclean_refused(void **state)
{
	struct fix *f = *state;
	static const char broken[] = "%PDF-1.4\nthis is not really a pdf\n";
	struct upload *u = fresh(f);
	struct upload_file *uf;

	/* Detected as a PDF, but mat2 cannot parse it: refused. */
	send_file(u, "rusak.pdf", broken, sizeof(broken) - 1, 0);
	assert_int_equal(upload_process(u, 1), 1);
	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_CLEAN);
	assert_int_equal(uf->fd, -1);
	assert_int_equal(uf->metadata_removed, 0);
	assert_string_equal(upload_err_key(uf->err), "upload.error.clean");

	/* Without metadata removal it is kept as it came. */
	u = fresh(f);
	send_file(u, "rusak.pdf", broken, sizeof(broken) - 1, 0);
	assert_int_equal(upload_process(u, 0), 0);
	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_int_equal(uf->size, sizeof(broken) - 1);
}

static void
test_type_refused(void **state)
{
	struct fix *f = *state;
	static const char script[] = "#!/bin/sh\nrm -rf \"$HOME\"\n";
	static const char html[] =
	    "<html><body><script>alert(1)</script></body></html>\n";
	struct upload *u = fresh(f);
	struct upload_file *uf;
	size_t i;

	send_file(u, "foto.jpg", elf_header, sizeof(elf_header), 0);
	send_file(u, "foto2.jpg", script, sizeof(script) - 1, 0);
	send_file(u, "dokumen.pdf", html, sizeof(html) - 1, 0);
	send_file(u, "ok.txt", "Halo, ini laporan.\n", 19, 0);
	assert_int_equal(upload_count(u), 4);
	assert_int_equal(upload_process(u, 1), 3);
	for (i = 0; i < 3; i++) {
		uf = upload_file(u, i);
		assert_int_equal(uf->err, UPLOAD_TYPE);
		assert_int_equal(uf->fd, -1);
		assert_string_not_equal(uf->mime, "image/jpeg");
		assert_string_not_equal(uf->mime, "application/pdf");
	}
	assert_string_equal(upload_file(u, 0)->mime,
	    "application/x-executable");
	assert_string_equal(upload_file(u, 1)->mime, "text/x-shellscript");
	assert_string_equal(upload_file(u, 2)->mime, "text/html");
	uf = upload_file(u, 3);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->mime, "text/plain");
	assert_int_equal(uf->metadata_removed, 1);
	/* A request-level error is only for limits. */
	assert_int_equal(upload_error(u), UPLOAD_OK);
}

/* --- a stored (uncompressed) ZIP writer for office documents ---------- */

static uint32_t
crc32_of(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

struct zbuf {
	unsigned char	 b[16384];
	size_t		 len;
};

static void
z_put(struct zbuf *z, const void *p, size_t n)
{
	assert_true(z->len + n <= sizeof(z->b));
	memcpy(z->b + z->len, p, n);
	z->len += n;
}

static void
z_u16(struct zbuf *z, unsigned v)
{
	unsigned char b[2] = { v & 0xff, (v >> 8) & 0xff };

	z_put(z, b, 2);
}

static void
z_u32(struct zbuf *z, uint32_t v)
{
	z_u16(z, v & 0xffff);
	z_u16(z, v >> 16);
}

/* Members as name/content pairs, NULL-terminated. */
static void
zip_make(struct zbuf *z, const char *const *m)
{
	struct zbuf cd;
	uint32_t offs[16], cdoff;
	size_t i, n = 0;

	z->len = 0;
	cd.len = 0;
	for (i = 0; m[i] != NULL; i += 2, n++) {
		size_t nl = strlen(m[i]), dl = strlen(m[i + 1]);
		uint32_t crc = crc32_of(m[i + 1], dl);

		assert_true(n < 16);
		offs[n] = (uint32_t)z->len;
		z_u32(z, 0x04034b50);
		z_u16(z, 20); z_u16(z, 0); z_u16(z, 0);
		z_u16(z, 0); z_u16(z, 0x21);
		z_u32(z, crc); z_u32(z, (uint32_t)dl); z_u32(z, (uint32_t)dl);
		z_u16(z, (unsigned)nl); z_u16(z, 0);
		z_put(z, m[i], nl);
		z_put(z, m[i + 1], dl);

		z_u32(&cd, 0x02014b50);
		z_u16(&cd, 20); z_u16(&cd, 20); z_u16(&cd, 0); z_u16(&cd, 0);
		z_u16(&cd, 0); z_u16(&cd, 0x21);
		z_u32(&cd, crc); z_u32(&cd, (uint32_t)dl);
		z_u32(&cd, (uint32_t)dl);
		z_u16(&cd, (unsigned)nl); z_u16(&cd, 0); z_u16(&cd, 0);
		z_u16(&cd, 0); z_u16(&cd, 0); z_u32(&cd, 0);
		z_u32(&cd, offs[n]);
		z_put(&cd, m[i], nl);
	}
	cdoff = (uint32_t)z->len;
	z_put(z, cd.b, cd.len);
	z_u32(z, 0x06054b50);
	z_u16(z, 0); z_u16(z, 0);
	z_u16(z, (unsigned)n); z_u16(z, (unsigned)n);
	z_u32(z, (uint32_t)cd.len); z_u32(z, cdoff);
	z_u16(z, 0);
}

#define X_HDR	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"

static const char docx_types[] = X_HDR
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/><Default Extension="
    "\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/"
    "document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/><Override "
    "PartName=\"/docProps/core.xml\" ContentType=\"application/vnd."
    "openxmlformats-package.core-properties+xml\"/></Types>";
static const char docx_rels[] = X_HDR
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http:"
    "//schemas.openxmlformats.org/package/2006/relationships/metadata/"
    "core-properties\" Target=\"docProps/core.xml\"/></Relationships>";
static const char docx_doc[] = X_HDR
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Halo</w:t></w:r>"
    "</w:p></w:body></w:document>";
static const char docx_core[] = X_HDR
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
    "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/"
    "elements/1.1/\"><dc:creator>WBSCANARYAUTHOR</dc:creator>"
    "</cp:coreProperties>";

static void
test_office_documents(void **state)
{
	struct fix *f = *state;
	/* As Word and LibreOffice write it: [Content_Types].xml first. */
	static const char *const docx[] = {
		"[Content_Types].xml", docx_types, "_rels/.rels", docx_rels,
		"word/document.xml", docx_doc, "docProps/core.xml", docx_core,
		NULL
	};
	/* The same members in another order: only a ZIP to libmagic. */
	static const char *const docx_other[] = {
		"_rels/.rels", docx_rels, "[Content_Types].xml", docx_types,
		"word/document.xml", docx_doc, "docProps/core.xml", docx_core,
		NULL
	};
	static const char *const odt[] = {
		"mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", "<?xml version=\"1.0\"?><office:document-content"
		    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:"
		    "office:1.0\"/>",
		"META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:"
		    "manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
		    "xmlns:manifest:1.0\"/>",
		NULL
	};
	static struct zbuf z1, z2, z3;
	struct upload *u = fresh(f);
	struct upload_file *uf;
	unsigned char *data;
	char *show;
	size_t len;

	zip_make(&z1, docx);
	zip_make(&z2, docx_other);
	zip_make(&z3, odt);
	send_file(u, "a.docx", z1.b, z1.len, 300);
	send_file(u, "b.docx", z2.b, z2.len, 0);
	send_file(u, "c.odt", z3.b, z3.len, 0);
	assert_int_equal(upload_process(u, 1), 1);

	uf = upload_file(u, 0);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->mime, "application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document");
	assert_int_equal(uf->metadata_removed, 1);
	data = read_file(u, 0, &len);
	show = mat2_show(f, "docx", data, len);
	assert_null(strstr(show, "WBSCANARY"));
	free(show);
	free(data);

	uf = upload_file(u, 1);
	assert_int_equal(uf->err, UPLOAD_TYPE);
	assert_string_equal(uf->mime, "application/zip");

	uf = upload_file(u, 2);
	assert_int_equal(uf->err, UPLOAD_OK);
	assert_string_equal(uf->mime,
	    "application/vnd.oasis.opendocument.text");
	assert_int_equal(uf->metadata_removed, 1);
}

static void
test_limit_file(void **state)
{
	struct fix *f = *state;
	char a[50], b[150], c[30];
	struct upload *u;
	unsigned char *data;
	size_t len;

	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	memset(c, 'c', sizeof(c));
	f->lim.max_file = 100;
	u = fresh(f);
	send_file(u, "a.txt", a, sizeof(a), 0);
	send_file(u, "b.txt", b, sizeof(b), 40);
	send_file(u, "c.txt", c, sizeof(c), 0);
	assert_int_equal(upload_count(u), 3);
	assert_int_equal(upload_file(u, 1)->err, UPLOAD_TOO_LARGE);
	assert_int_equal(upload_file(u, 1)->fd, -1);
	assert_int_equal(upload_process(u, 0), 1);
	assert_int_equal(upload_error(u), UPLOAD_OK);
	assert_int_equal(upload_file(u, 0)->err, UPLOAD_OK);
	assert_int_equal(upload_file(u, 2)->err, UPLOAD_OK);
	data = read_file(u, 2, &len);
	assert_int_equal(len, sizeof(c));
	assert_memory_equal(data, c, len);
	free(data);
	assert_string_equal(upload_err_key(UPLOAD_TOO_LARGE),
	    "upload.error.too_large");
}

static void
test_limit_count(void **state)
{
	struct fix *f = *state;
	struct upload *u;

	f->lim.max_files = 2;
	u = fresh(f);
	send_file(u, "1.txt", "satu\n", 5, 0);
	send_file(u, "2.txt", "dua\n", 4, 0);
	send_file(u, "3.txt", "tiga tiga tiga\n", 15, 5);
	assert_int_equal(upload_count(u), 2);
	assert_int_equal(upload_error(u), UPLOAD_TOO_MANY);
	assert_int_equal(upload_process(u, 0), 0);
	assert_string_equal(upload_file(u, 1)->name, "2.txt");
	assert_int_equal(upload_file(u, 1)->size, 4);
	assert_null(upload_file(u, 2));
	assert_string_equal(upload_err_key(upload_error(u)),
	    "upload.error.too_many");
}

static void
test_limit_total(void **state)
{
	struct fix *f = *state;
	char a[60];
	struct upload *u;

	memset(a, 'x', sizeof(a));
	f->lim.max_file = 80;
	f->lim.max_total = 100;
	u = fresh(f);
	send_file(u, "1.txt", a, sizeof(a), 0);
	send_file(u, "2.txt", a, sizeof(a), 7);
	/* A file over max_file does not count against the total. */
	send_file(u, "3.txt", a, 30, 0);
	assert_int_equal(upload_count(u), 3);
	assert_int_equal(upload_error(u), UPLOAD_TOTAL);
	assert_int_equal(upload_file(u, 1)->err, UPLOAD_TOTAL);
	assert_int_equal(upload_file(u, 1)->fd, -1);
	assert_int_equal(upload_process(u, 0), 1);
	assert_int_equal(upload_file(u, 0)->err, UPLOAD_OK);
	assert_int_equal(upload_file(u, 2)->err, UPLOAD_OK);
	assert_string_equal(upload_err_key(UPLOAD_TOTAL),
	    "upload.error.total");
}

static void
test_names(void **state)
{
	struct fix *f = *state;
	char longname[400], *p;
	struct upload *u;
	size_t i, n;

	f->lim.max_files = 10;
	u = fresh(f);
	send_file(u, "../../etc/passwd", "x\n", 2, 0);
	send_file(u, "C:\\x\\y.pdf", "y\n", 2, 0);
	send_file(u, "\xff\xfe.txt", "z\n", 2, 0);
	send_file(u, "a\tb.txt", "z\n", 2, 0);
	send_file(u, "c\xc2\x85.txt", "z\n", 2, 0);
	send_file(u, "dir/", "z\n", 2, 0);
	/* 150 two-byte characters: cut to 127 of them (254 bytes). */
	for (p = longname, i = 0; i < 150; i++) {
		*p++ = (char)0xc3;
		*p++ = (char)0xa9;
	}
	*p = '\0';
	send_file(u, longname, "w\n", 2, 0);
	send_file(u, "Bukti transfer – Jan.txt", "v\n", 2, 0);
	assert_int_equal(upload_count(u), 8);

	assert_string_equal(upload_file(u, 0)->name, "passwd");
	assert_string_equal(upload_file(u, 1)->name, "y.pdf");
	for (i = 2; i <= 5; i++) {
		assert_int_equal(upload_file(u, i)->err, UPLOAD_NAME);
		assert_string_equal(upload_file(u, i)->name, "");
		assert_int_equal(upload_file(u, i)->fd, -1);
	}
	n = strlen(upload_file(u, 6)->name);
	assert_int_equal(n, 254);
	assert_true(utf8_valid(upload_file(u, 6)->name, n));
	assert_memory_equal(upload_file(u, 6)->name, longname, n);
	assert_string_equal(upload_file(u, 7)->name,
	    "Bukti transfer – Jan.txt");
	assert_int_equal(upload_process(u, 0), 4);
	assert_string_equal(upload_err_key(UPLOAD_NAME), "upload.error.name");

	/* A plain ASCII name is cut at exactly UPLOAD_NAME_MAX bytes. */
	u = fresh(f);
	memset(longname, 'a', 300);
	strcpy(longname + 300, ".txt");
	send_file(u, longname, "a\n", 2, 0);
	assert_int_equal(strlen(upload_file(u, 0)->name), UPLOAD_NAME_MAX);
}

/* Invisible format characters would disguise a name: refused. */
static void
test_format_chars_refused(void **state)
{
	struct fix *f = *state;
	static const char *const bad[] = {
		"laporan\xe2\x80\xae" "fdp.cmd",	/* U+202E RLO */
		"foto\xe2\x80\x8b.jpg",		/* U+200B ZWSP */
		"\xef\xbb\xbf" "bukti.txt",		/* U+FEFF BOM */
		"a\xe2\x81\xa6" "b.txt",		/* U+2066 LRI */
		"c\xc2\xad" "d.txt",			/* U+00AD soft hyphen */
		"e\xd8\x9c" "f.txt",			/* U+061C ALM */
	};
	struct upload *u;
	size_t i;

	f->lim.max_files = 10;
	u = fresh(f);
	for (i = 0; i < NELEM(bad); i++)
		send_file(u, bad[i], "x\n", 2, 0);
	send_file(u, "Kuitansi \xc3\xa9t\xc3\xa9 \xe2\x80\x93 Jan.txt", "x\n",
	    2, 0);
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(upload_file(u, i)->err, UPLOAD_NAME);
	assert_int_equal(upload_file(u, NELEM(bad))->err, UPLOAD_OK);
}

/* An image that is also a web page is refused when kept as it came. */
static void
test_polyglot_refused(void **state)
{
	struct fix *f = *state;
	static const unsigned char gif_svg[] = {
		'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
		0xff, 0xff, 0xff, 0, 0, 0, 0x21, 0xf9, 4, 1, 0, 0, 0, 0,
		0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0,
		0x21, 0xfe, 22, '<', 'S', 'V', 'G', ' ', 'o', 'n', 'l', 'o',
		'a', 'd', '=', 'a', 'l', 'e', 'r', 't', '(', '1', ')', '>',
		' ', 0, 0x3b
	};
	static const unsigned char gif_plain[] = {
		'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
		0xff, 0xff, 0xff, 0, 0, 0, 0x21, 0xf9, 4, 1, 0, 0, 0, 0,
		0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b
	};
	struct upload *u = fresh(f);

	send_file(u, "gambar.gif", gif_svg, sizeof(gif_svg), 0);
	send_file(u, "gambar2.gif", gif_plain, sizeof(gif_plain), 0);
	assert_int_equal(upload_process(u, 0), 1);
	assert_string_equal(upload_file(u, 0)->mime, "image/gif");
	assert_int_equal(upload_file(u, 0)->err, UPLOAD_MARKUP);
	assert_int_equal(upload_file(u, 0)->fd, -1);
	assert_int_equal(upload_file(u, 1)->err, UPLOAD_OK);
	assert_string_equal(upload_err_key(UPLOAD_MARKUP),
	    "upload.error.markup");
	assert_string_equal(upload_type_ext("image/gif"), "gif");
	assert_null(upload_type_ext("text/html"));
}

/* All requests together stage at most max_staged bytes. */
static void
test_staging_cap(void **state)
{
	struct fix *f = *state;
	static char big[3000];
	struct upload *u, *v;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	f->lim.max_staged = 4000;
	u = fresh(f);
	send_file(u, "satu.txt", big, sizeof(big), 1000);
	assert_int_equal(upload_staged_bytes(), sizeof(big));
	/* another request while the first still holds its bytes */
	v = upload_new(&f->lim);
	send_file(v, "dua.txt", big, sizeof(big), 1000);
	assert_int_equal(upload_error(v), UPLOAD_BUSY);
	assert_int_equal(upload_file(v, 0)->err, UPLOAD_BUSY);
	assert_string_equal(upload_err_key(UPLOAD_BUSY), "upload.error.busy");
	upload_free(v);
	assert_int_equal(upload_file(u, 0)->err, UPLOAD_OK);
	upload_free(u);
	f->u = NULL;
	assert_int_equal(upload_staged_bytes(), 0);
	f->lim.max_staged = 0;
}

/* What a dead server left staged is swept; a live one's is kept. */
static void
test_sweep_stale(void **state)
{
	struct fix *f = *state;
	char dead[PATH_MAX], live[PATH_MAX], mine[PATH_MAX], file[PATH_MAX + 16];
	pid_t pid;
	int st;

	pid = fork();
	assert_true(pid != -1);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	snprintf(dead, sizeof(dead), "%s/wbs-up-%ld-aaaaaa", f->base,
	    (long)pid);
	snprintf(live, sizeof(live), "%s/wbs-up-1-bbbbbb", f->base);
	snprintf(mine, sizeof(mine), "%s/wbs-up-%ld-cccccc", f->base,
	    (long)getpid());
	assert_int_equal(mkdir(dead, 0700), 0);
	assert_int_equal(mkdir(live, 0700), 0);
	assert_int_equal(mkdir(mine, 0700), 0);
	snprintf(file, sizeof(file), "%s/0.bin", dead);
	tu_write_file(file, "bukti rahasia", 13);
	assert_int_equal(upload_sweep(f->base), 1);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(mine, F_OK), 0);
	assert_int_equal(rmdir(live), 0);
	assert_int_equal(rmdir(mine), 0);
	assert_int_equal(upload_sweep("/nonexistent-wbs-dir"), -1);
}

static void
test_empty_parts_ignored(void **state)
{
	struct fix *f = *state;
	struct upload *u = fresh(f);

	/* No file chosen: an empty name, or a part without data. */
	upload_chunk(u, "", "data", 0, 4);
	upload_chunk(u, NULL, "data", 0, 4);
	upload_chunk(u, "kosong.txt", "", 0, 0);
	assert_int_equal(upload_count(u), 0);
	assert_int_equal(upload_process(u, 1), 0);
	assert_int_equal(upload_error(u), UPLOAD_OK);
	/* Nothing was staged, so not even a directory was made. */
	assert_int_equal(count_entries(f->base), 0);

	/* An empty first callback, then the data. */
	upload_chunk(u, "isi.txt", "", 0, 0);
	upload_chunk(u, "isi.txt", "isi\n", 0, 4);
	assert_int_equal(upload_count(u), 1);
	assert_int_equal(count_entries(f->base), 1);
}

static void
test_chunks_reassemble(void **state)
{
	struct fix *f = *state;
	static const size_t sizes[] = { 1, 7, 4096, 3, 65536, 100, 2 };
	struct upload *u = fresh(f);
	char *text;
	unsigned char *data;
	size_t len, off, n, i, tlen = 200000;

	text = malloc(tlen);
	assert_non_null(text);
	for (off = 0, i = 0; off < tlen; i++) {
		int w = snprintf(text + off, tlen - off,
		    "baris %zu: laporan dugaan pelanggaran\n", i);

		assert_true(w > 0);
		off += (size_t)w;
		if (off >= tlen)
			off = tlen;
	}
	text[tlen - 1] = '\n';
	for (off = 0, i = 0; off < tlen; off += n, i++) {
		n = sizes[i % NELEM(sizes)];
		if (n > tlen - off)
			n = tlen - off;
		upload_chunk(u, "catatan.txt", text + off, off, n);
	}
	assert_int_equal(upload_process(u, 0), 0);
	assert_string_equal(upload_file(u, 0)->mime, "text/plain");
	assert_int_equal(upload_file(u, 0)->size, tlen);
	data = read_file(u, 0, &len);
	assert_int_equal(len, tlen);
	assert_memory_equal(data, text, tlen);
	free(data);
	/* upload_file rewinds: a second read sees the same bytes. */
	data = read_file(u, 0, &len);
	assert_int_equal(len, tlen);
	assert_memory_equal(data, text, tlen);
	free(data);
	free(text);
}

static void
test_staging_removed(void **state)
{
	struct fix *f = *state;
	struct upload *u = fresh(f);
	struct stat st;

	send_file(u, "foto.jpg", jpeg_gps, sizeof(jpeg_gps), 0);
	send_file(u, "a.sh", "#!/bin/sh\n", 10, 0);
	send_file(u, "b.txt", "teks\n", 5, 0);
	/* One private directory, mode 0700, holding the staged files. */
	assert_int_equal(count_entries(f->base), 1);
	{
		struct dirent *de;
		char path[PATH_MAX];
		DIR *d = opendir(f->base);

		assert_non_null(d);
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				break;
		assert_non_null(de);
		snprintf(path, sizeof(path), "%s/%s", f->base, de->d_name);
		closedir(d);
		assert_int_equal(lstat(path, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		assert_int_equal(st.st_mode & 0777, 0700);
		assert_int_equal(count_entries(path), 3);
	}
	assert_int_equal(upload_process(u, 1), 1);
	upload_free(u);
	f->u = NULL;
	assert_int_equal(count_entries(f->base), 0);
}

static void
test_mat2_time_limit(void **state)
{
	struct fix *f = *state;
	char path[PATH_MAX], mime[UPLOAD_MIME_MAX + 1];
	struct dirent *de;
	DIR *d;
	int r, fd;

	snprintf(path, sizeof(path), "%s/t.jpg", f->base);
	tu_write_file(path, (const char *)jpeg_gps, sizeof(jpeg_gps));

	/* No time at all: stopped, or done; either way reaped. */
	r = mat2_clean(path, 0);
	assert_true(r == 0 || r == -1);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);

	r = mat2_clean(path, 1);
	assert_true(r == 0 || r == -1);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);

	/* With time enough it works and the file is still a JPEG. */
	assert_int_equal(mat2_clean(path, 120), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(magic_type_fd(fd, mime, sizeof(mime)), 0);
	assert_string_equal(mime, "image/jpeg");
	close(fd);

	/*
	 * Missing files and unknown extensions fail cleanly (mat2 itself
	 * exits 0 for a missing file: mat2_clean must not trust that).
	 */
	snprintf(path, sizeof(path), "%s/none.jpg", f->base);
	assert_int_equal(mat2_clean(path, 120), -1);
	/* mat2 would clean a whole directory tree; refused. */
	assert_int_equal(mat2_clean(f->base, 120), -1);
	snprintf(path, sizeof(path), "%s/t.bin", f->base);
	tu_write_file(path, (const char *)jpeg_gps, sizeof(jpeg_gps));
	assert_int_equal(mat2_clean(path, 120), -1);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);

	/* Remove whatever a stopped mat2 may have left. */
	d = opendir(f->base);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", f->base, de->d_name);
		assert_int_equal(unlink(path), 0);
	}
	closedir(d);
}

static void
test_allow_list(void **state)
{
	size_t i;
	int jpeg = 0, pdf = 0;

	(void)state;
	for (i = 0; upload_allowed_mime[i] != NULL; i++) {
		assert_true(strlen(upload_allowed_mime[i]) <= UPLOAD_MIME_MAX);
		jpeg |= strcmp(upload_allowed_mime[i], "image/jpeg") == 0;
		pdf |= strcmp(upload_allowed_mime[i], "application/pdf") == 0;
		assert_string_not_equal(upload_allowed_mime[i],
		    "application/zip");
		assert_string_not_equal(upload_allowed_mime[i], "text/html");
	}
	assert_true(jpeg && pdf);
	assert_string_equal(upload_err_key(UPLOAD_OK), "");
	assert_string_equal(upload_err_key(UPLOAD_TYPE), "upload.error.type");
	assert_string_equal(upload_err_key(UPLOAD_IO), "upload.error.io");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mat2_available),
		cmocka_unit_test(test_allow_list),
		cmocka_unit_test_setup_teardown(test_magic_offset, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jpeg_gps_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jpeg_kept_unticked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_author_removed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_unclean_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_type_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_office_documents, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limit_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limit_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_limit_total, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_chars_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_polyglot_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staging_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sweep_stale, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_parts_ignored,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks_reassemble, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staging_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mat2_time_limit, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
