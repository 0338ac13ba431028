/*
 * staff_files.c: a handler downloads a report's evidence file. The file
 * is opened with the report key sealed to the handler (no key, no
 * file), decrypted chunk by chunk as the client takes it, and sent as
 * an attachment of type application/octet-stream under a sandboxing
 * CSP, so that a browser neither renders nor runs it. A chunk that
 * fails to authenticate aborts the connection before the promised
 * length: the client never holds a damaged file as if it were whole.
 * Every download is audited.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "case.h"
#include "filestore.h"
#include "http.h"
#include "log.h"
#include "report.h"
#include "route.h"
#include "staff_files.h"
#include "upload.h"
#include "util.h"

#define DL_FALLBACK_NAME	"berkas"

static struct app *
APP(struct req *r)
{
	return r->app;
}

/* The path parameter name as an id, or -1. */
static int64_t
param_id(struct req *r, const char *name)
{
	unsigned long long v;

	if (parse_uint(route_param(&r->params, name), 1, INT64_MAX, &v) == -1)
		return -1;
	return (int64_t)v;
}

static int
name_safe_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

/*
 * The name a download is offered under: the reporter's, ending in the
 * extension of the type found by content ("surat.cmd" of a text file is
 * offered as "surat.cmd.txt"), so that what the handler's computer opens
 * it with follows what it is, not what its sender called it.
 */
static const char *
download_name(struct req *r, const char *name, const char *mime)
{
	const char *ext = upload_type_ext(mime), *dot = strrchr(name, '.');

	if (ext == NULL)
		ext = "bin";
	if (dot != NULL && (strcasecmp(dot + 1, ext) == 0 ||
	    (strcmp(ext, "jpg") == 0 && strcasecmp(dot + 1, "jpeg") == 0) ||
	    (strcmp(ext, "tiff") == 0 && strcasecmp(dot + 1, "tif") == 0)))
		return name;
	return arena_printf(r->arena, "%s.%s", *name != '\0' ? name :
	    DL_FALLBACK_NAME, ext);
}

/*
 * The Content-Disposition value: attachment, an ASCII file name made
 * safe (letters, digits, '.', '-' and '_' kept, anything else '_', no
 * leading dot), and the original name as RFC 5987 UTF-8 when it is
 * valid UTF-8.
 */
static char *
disposition(struct req *r, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), i;
	struct buf b;
	char *out;

	buf_init(&b);
	buf_puts(&b, "attachment; filename=\"");
	if (len == 0)
		buf_puts(&b, DL_FALLBACK_NAME);
	for (i = 0; i < len; i++) {
		char c = name_safe_char(s[i]) ? (char)s[i] : '_';

		if (i == 0 && c == '.')
			c = '_';
		buf_append(&b, &c, 1);
	}
	buf_puts(&b, "\"");
	if (len > 0 && utf8_valid(name, len)) {
		buf_puts(&b, "; filename*=UTF-8''");
		for (i = 0; i < len; i++) {
			if (name_safe_char(s[i]) && !(i == 0 && s[i] == '.'))
				buf_append(&b, &s[i], 1);
			else {
				char pct[3] = { '%', hex[s[i] >> 4],
				    hex[s[i] & 0xf] };

				buf_append(&b, pct, sizeof(pct));
			}
		}
	}
	buf_append(&b, "", 1);
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* The response stream: a reader, read strictly in order. */
struct dl_stream {
	struct filestore_reader	*rd;
	uint64_t		 pos;
};

static ssize_t
dl_read(void *arg, uint64_t pos, char *out, size_t max)
{
	struct dl_stream *d = arg;
	ssize_t n;

	if (pos != d->pos)
		return -1;
	if ((n = filestore_read(d->rd, out, max)) > 0)
		d->pos += (uint64_t)n;
	return n;
}

static void
dl_free(void *arg)
{
	struct dl_stream *d = arg;

	filestore_close(d->rd);
	free(d);
}

void
staff_file_download(struct req *r)
{
	const struct auth_session *s = r->session;
	struct report_file_info fi;
	struct filestore_reader *rd = NULL;
	struct dl_stream *d;
	unsigned char *key;
	int64_t id = param_id(r, "id"), fid = param_id(r, "fid");
	enum report_result res;

	if (id < 0 || fid < 0) {
		r->resp.status = 404;
		return;
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	res = report_staff_key(APP(r), s, id, key);
	if (res != REPORT_OK) {
		crypto_secure_free(key);
		/* No sealed key: no access, whatever the role. */
		if (res == REPORT_FAIL)
			case_denied(APP(r), s, id, "file");
		r->resp.status = res == REPORT_FAIL ? 403 : 500;
		return;
	}
	res = report_file_open(APP(r), key, id, fid, &rd, &fi);
	crypto_secure_free(key);
	if (res != REPORT_OK) {
		r->resp.status = res == REPORT_FAIL ? 404 : 500;
		goto done;
	}
	/* No record of the download, no download. */
	if (audit_log(APP(r)->db, auth_now(APP(r)->auth), s->user.id,
	    AUDIT_FILE_VIEW, AUDIT_OBJ_FILE, fid, NULL) == -1) {
		log_warnx("staff: cannot audit a file download, refused");
		filestore_close(rd);
		r->resp.status = 500;
		goto done;
	}
	d = xcalloc(1, sizeof(*d));
	d->rd = rd;
	r->resp.status = 200;
	r->resp.content_type = "application/octet-stream";
	r->resp.csp = "sandbox; default-src 'none'";
	resp_header(r, "Content-Disposition", disposition(r,
	    download_name(r, fi.name, fi.mime)));
	r->resp.stream = dl_read;
	r->resp.stream_arg = d;
	r->resp.stream_free = dl_free;
	r->resp.stream_size = filestore_size(rd);
done:
	crypto_wipe(&fi, sizeof(fi));
}
