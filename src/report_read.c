/*
 * report_read.c: records and files of a report under its key: packing
 * and sealing, storing evidence, reading a report back, the message
 * thread from both sides, and evidence added later.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "filestore.h"
#include "log.h"
#include "report_internal.h"
#include "upload.h"
#include "util.h"

#define RPT_MAX_ITEM	(1u << 20)

void
rpt_pack(struct buf *b, const char *const *items, const size_t *lens,
    size_t n)
{
	unsigned char l[4];
	size_t i;

	for (i = 0; i < n; i++) {
		l[0] = (unsigned char)lens[i];
		l[1] = (unsigned char)(lens[i] >> 8);
		l[2] = (unsigned char)(lens[i] >> 16);
		l[3] = (unsigned char)(lens[i] >> 24);
		buf_append(b, l, 4);
		buf_append(b, items[i] != NULL ? items[i] : "", lens[i]);
	}
}

int
rpt_unpack(const unsigned char *p, size_t len, char **items, size_t *lens,
    size_t n)
{
	size_t i, o = 0, l;

	memset(items, 0, n * sizeof(*items));
	for (i = 0; i < n; i++) {
		if (len - o < 4)
			goto fail;
		l = (size_t)p[o] | (size_t)p[o + 1] << 8 |
		    (size_t)p[o + 2] << 16 | (size_t)p[o + 3] << 24;
		o += 4;
		if (l > RPT_MAX_ITEM || l > len - o)
			goto fail;
		items[i] = xmalloc(l + 1);
		memcpy(items[i], p + o, l);
		items[i][l] = '\0';
		if (lens != NULL)
			lens[i] = l;
		o += l;
	}
	return o == len ? 0 : -1;
fail:
	rpt_free_items(items, n);
	return -1;
}

void
rpt_free_items(char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (items[i] != NULL) {
			crypto_wipe(items[i], strlen(items[i]));
			free(items[i]);
		}
		items[i] = NULL;
	}
}

unsigned char *
rpt_seal(const unsigned char key[CRYPTO_KEY_BYTES], const char ctx[8],
    const char *ad, const void *msg, size_t len, size_t *outlen)
{
	unsigned char sub[CRYPTO_KEY_BYTES], *out;

	crypto_subkey(sub, key, ctx, 1);
	*outlen = crypto_record_len(len);
	out = xmalloc(*outlen);
	crypto_record_seal(out, msg, len, ad, strlen(ad), sub);
	crypto_wipe(sub, sizeof(sub));
	return out;
}

unsigned char *
rpt_open(const unsigned char key[CRYPTO_KEY_BYTES], const char ctx[8],
    const char *ad, const unsigned char *in, size_t inlen, size_t *outlen)
{
	unsigned char sub[CRYPTO_KEY_BYTES], *out;
	size_t cap;
	int rc;

	if (in == NULL || inlen < CRYPTO_RECORD_OVERHEAD)
		return NULL;
	cap = inlen - CRYPTO_RECORD_OVERHEAD + 1;
	out = xmalloc(cap);
	crypto_subkey(sub, key, ctx, 1);
	rc = crypto_record_open(out, cap - 1, outlen, in, inlen, ad,
	    strlen(ad), sub);
	crypto_wipe(sub, sizeof(sub));
	if (rc == -1) {
		free(out);
		return NULL;
	}
	out[*outlen] = '\0';
	return out;
}

int
rpt_files_dir(const struct app *a, char *out, size_t outlen)
{
	return app_path(out, outlen, a->cfg->data_dir, "files");
}

void
rpt_unstore_files(struct app *a, struct db_file *files, size_t n)
{
	char dir[PATH_MAX];
	size_t i;

	if (rpt_files_dir(a, dir, sizeof(dir)) == -1)
		return;
	for (i = 0; i < n; i++)
		if (files[i].stored_name[0] != '\0')
			(void)filestore_delete(dir, files[i].stored_name);
}

/* The file meta record: name, type, size, and the file's own key. */
enum { FM_NAME, FM_MIME, FM_SIZE, FM_KEY, FM__MAX };

int
rpt_store_files(struct app *a, const unsigned char key[CRYPTO_KEY_BYTES],
    struct upload *up, int by_reporter, int64_t now, struct db_file **out,
    size_t *nout)
{
	char dir[PATH_MAX], err[256], size[32];
	size_t n = upload_count(up), i;
	struct db_file *files = xcalloc(n == 0 ? 1 : n, sizeof(*files));
	unsigned char fk[CRYPTO_KEY_BYTES];
	struct buf b;

	*out = NULL;
	*nout = 0;
	buf_init(&b);
	if (rpt_files_dir(a, dir, sizeof(dir)) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		struct upload_file *uf = upload_file(up, i);
		const char *items[FM__MAX];
		size_t lens[FM__MAX];

		crypto_random(fk, sizeof(fk));
		if (filestore_put(dir, uf->fd, fk, files[i].stored_name,
		    &files[i].stored_size, err, sizeof(err)) == -1) {
			log_warnx("report: storing evidence: %s", err);
			goto fail;
		}
		snprintf(size, sizeof(size), "%llu",
		    (unsigned long long)uf->size);
		items[FM_NAME] = uf->name;
		items[FM_MIME] = uf->mime;
		items[FM_SIZE] = size;
		items[FM_KEY] = (const char *)fk;
		lens[FM_NAME] = strlen(uf->name);
		lens[FM_MIME] = strlen(uf->mime);
		lens[FM_SIZE] = strlen(size);
		lens[FM_KEY] = sizeof(fk);
		buf_reset(&b);
		rpt_pack(&b, items, lens, FM__MAX);
		files[i].meta = rpt_seal(key, RK_FILEMETA, "filemeta", b.data,
		    b.len, &files[i].meta_len);
		crypto_wipe(b.data, b.len);
		files[i].metadata_removed = uf->metadata_removed;
		files[i].by_reporter = by_reporter;
		files[i].created_at = now;
		*nout = i + 1;
	}
	crypto_wipe(fk, sizeof(fk));
	buf_free(&b);
	*out = files;
	*nout = n;
	return 0;
fail:
	crypto_wipe(fk, sizeof(fk));
	buf_free(&b);
	rpt_unstore_files(a, files, n);
	for (i = 0; i < n; i++)
		db_file_clear(&files[i]);
	free(files);
	*nout = 0;
	return -1;
}

enum report_result
report_view_load(struct app *a, int64_t report_id,
    const unsigned char key[CRYPTO_KEY_BYTES], struct report_view *v)
{
	unsigned char *plain;
	size_t len;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = db_report_by_id(a->db, report_id, &v->meta);
	if (rc != 1)
		return rc == 0 ? REPORT_FAIL : REPORT_ERROR;
	plain = rpt_open(key, RK_CONTENT, "content", v->meta.content,
	    v->meta.content_len, &len);
	v->has_identity = v->meta.identity != NULL;
	free(v->meta.content);
	free(v->meta.identity);
	v->meta.content = NULL;
	v->meta.identity = NULL;
	if (plain == NULL ||
	    rpt_unpack(plain, len, v->text, NULL, RF__MAX) == -1) {
		if (plain != NULL) {
			crypto_wipe(plain, len);
			free(plain);
		}
		log_warnx("report: content does not open with its key");
		return REPORT_ERROR;
	}
	crypto_wipe(plain, len);
	free(plain);
	return REPORT_OK;
}

void
report_view_free(struct report_view *v)
{
	rpt_free_items(v->text, RF__MAX);
	db_report_clear(&v->meta);
}

struct msg_ctx {
	const unsigned char	*key;
	int			(*fn)(void *, const struct db_message *,
				    const char *);
	void			*arg;
	int			 bad;
};

static int
msg_cb(void *arg, const struct db_message *m)
{
	struct msg_ctx *c = arg;
	unsigned char *body;
	size_t len;
	int rc;

	body = rpt_open(c->key, RK_MESSAGE, "message", m->body, m->body_len,
	    &len);
	if (body == NULL) {
		c->bad = 1;
		return -1;
	}
	rc = c->fn(c->arg, m, (const char *)body);
	crypto_wipe(body, len);
	free(body);
	return rc;
}

enum report_result
report_messages(struct app *a, int64_t report_id,
    const unsigned char key[CRYPTO_KEY_BYTES], int64_t before_id,
    unsigned limit,
    int (*fn)(void *, const struct db_message *, const char *), void *arg,
    int64_t *older)
{
	struct msg_ctx c = { key, fn, arg, 0 };

	if (db_message_page(a->db, report_id, before_id, limit, msg_cb, &c,
	    older) == -1)
		return REPORT_ERROR;
	return REPORT_OK;
}

struct file_ctx {
	const unsigned char	*key;
	int			(*fn)(void *, const struct report_file_info *);
	void			*arg;
};

static int
file_cb(void *arg, const struct db_file *f)
{
	struct file_ctx *c = arg;
	struct report_file_info fi;
	char *items[FM__MAX];
	size_t ilens[FM__MAX];
	unsigned char *plain;
	unsigned long long sz;
	size_t len;
	int rc;

	plain = rpt_open(c->key, RK_FILEMETA, "filemeta", f->meta,
	    f->meta_len, &len);
	if (plain == NULL || rpt_unpack(plain, len, items, ilens, FM__MAX) ==
	    -1) {
		free(plain);
		return -1;
	}
	memset(&fi, 0, sizeof(fi));
	fi.id = f->id;
	wbs_strlcpy(fi.name, items[FM_NAME], sizeof(fi.name));
	wbs_strlcpy(fi.mime, items[FM_MIME], sizeof(fi.mime));
	fi.size = parse_uint(items[FM_SIZE], 0, UINT64_MAX, &sz) == 0 ? sz : 0;
	/* The file key is binary: wipe it by its length, not up to a NUL. */
	crypto_wipe(items[FM_KEY], ilens[FM_KEY]);
	fi.metadata_removed = f->metadata_removed;
	fi.by_reporter = f->by_reporter;
	fi.created_at = f->created_at;
	rpt_free_items(items, FM__MAX);
	crypto_wipe(plain, len);
	free(plain);
	rc = c->fn(c->arg, &fi);
	crypto_wipe(&fi, sizeof(fi));
	return rc;
}

enum report_result
report_files(struct app *a, int64_t report_id,
    const unsigned char key[CRYPTO_KEY_BYTES],
    int (*fn)(void *, const struct report_file_info *), void *arg)
{
	struct file_ctx c = { key, fn, arg };

	return db_file_list(a->db, report_id, file_cb, &c) == -1 ?
	    REPORT_ERROR : REPORT_OK;
}

enum report_result
report_file_open(struct app *a, const unsigned char key[CRYPTO_KEY_BYTES],
    int64_t report_id, int64_t file_id, struct filestore_reader **out,
    struct report_file_info *fi)
{
	struct db_file f;
	char *items[FM__MAX], dir[PATH_MAX];
	size_t lens[FM__MAX], len = 0;
	unsigned char *plain = NULL;
	unsigned long long sz;
	enum report_result r = REPORT_ERROR;
	int rc, unpacked = 0;

	*out = NULL;
	memset(fi, 0, sizeof(*fi));
	memset(&f, 0, sizeof(f));
	rc = db_file_by_id(a->db, file_id, &f);
	if (rc != 1 || f.report_id != report_id) {
		r = rc == -1 ? REPORT_ERROR : REPORT_FAIL;
		goto fail;
	}
	plain = rpt_open(key, RK_FILEMETA, "filemeta", f.meta, f.meta_len,
	    &len);
	if (plain == NULL || rpt_unpack(plain, len, items, lens, FM__MAX) ==
	    -1) {
		log_warnx("report: file meta does not open with its key");
		goto fail;
	}
	unpacked = 1;
	if (lens[FM_KEY] != CRYPTO_KEY_BYTES) {
		log_warnx("report: file meta holds no file key");
		goto fail;
	}
	if (rpt_files_dir(a, dir, sizeof(dir)) == -1)
		goto fail;
	if ((*out = filestore_open(dir, f.stored_name,
	    (const unsigned char *)items[FM_KEY])) == NULL) {
		log_warnx("report: a stored file does not open");
		goto fail;
	}
	fi->id = f.id;
	wbs_strlcpy(fi->name, items[FM_NAME], sizeof(fi->name));
	wbs_strlcpy(fi->mime, items[FM_MIME], sizeof(fi->mime));
	fi->size = filestore_size(*out);
	if (parse_uint(items[FM_SIZE], 0, UINT64_MAX, &sz) == 0 &&
	    sz != fi->size)
		log_warnx("report: a stored file's size differs from its "
		    "record");
	fi->metadata_removed = f.metadata_removed;
	fi->by_reporter = f.by_reporter;
	fi->created_at = f.created_at;
	r = REPORT_OK;
fail:
	if (unpacked) {
		/* items[FM_KEY] is binary: strlen would stop short. */
		crypto_wipe(items[FM_KEY], lens[FM_KEY]);
		rpt_free_items(items, FM__MAX);
	}
	if (plain != NULL) {
		crypto_wipe(plain, len);
		free(plain);
	}
	db_file_clear(&f);
	return r;
}

/* 1 when the report is archived (read-only from then on). */
static int
archived(struct app *a, int64_t report_id)
{
	struct db_report r;
	int rc = db_report_by_id(a->db, report_id, &r), arch;

	arch = rc == 1 && strcmp(r.stage, "archived") == 0;
	db_report_clear(&r);
	return arch;
}

static enum report_result
add_message(struct app *a, int64_t report_id, const unsigned char *key,
    int by_reporter, int64_t user_id, const char *body)
{
	struct db_message m;
	enum report_result r;

	memset(&m, 0, sizeof(m));
	m.report_id = report_id;
	m.by_reporter = by_reporter;
	m.user_id = user_id;
	m.created_at = auth_now(a->auth);
	m.body = rpt_seal(key, RK_MESSAGE, "message", body, strlen(body),
	    &m.body_len);
	r = db_message_add(a->db, &m) == -1 ? REPORT_ERROR : REPORT_OK;
	free(m.body);
	return r;
}

enum report_result
report_reply(struct app *a, const struct report_session *s, const char *body,
    unsigned *retry_after)
{
	*retry_after = 0;
	if (body == NULL || *body == '\0' || archived(a, s->report_id))
		return REPORT_INVALID;
	if ((*retry_after = auth_report_take(a->auth, s->report_id, 0,
	    auth_now(a->auth))) > 0)
		return REPORT_THROTTLED;
	if (add_message(a, s->report_id, s->key, 1, 0, body) != REPORT_OK)
		return REPORT_ERROR;
	/* Who: nobody (actor 0); what: the report; never the content. */
	(void)audit_log(a->db, auth_now(a->auth), 0, AUDIT_REPORTER_MESSAGE,
	    AUDIT_OBJ_REPORT, s->report_id, NULL);
	return REPORT_OK;
}

/* 1 when up would take the report's evidence past its limits. */
static int
over_quota(struct app *a, int64_t report_id, struct upload *up)
{
	uint64_t bytes = 0, add = 0;
	int64_t count = 0;
	size_t i;

	if (db_report_file_totals(a->db, report_id, &count, &bytes) == -1)
		return 1;
	for (i = 0; i < upload_count(up); i++)
		add += upload_file(up, i)->size;
	return count + (int64_t)upload_count(up) >
	    (int64_t)a->cfg->max_report_files ||
	    bytes + add > (uint64_t)a->cfg->max_report_mb << 20;
}

enum report_result
report_add_files(struct app *a, const struct report_session *s,
    struct upload *up, int remove_metadata, unsigned *retry_after)
{
	struct db_file *files = NULL;
	size_t n = 0, i;
	enum report_result r = REPORT_OK;

	*retry_after = 0;
	if (up == NULL || upload_count(up) == 0 || archived(a, s->report_id))
		return REPORT_INVALID;
	if (over_quota(a, s->report_id, up))
		return REPORT_QUOTA;
	if ((*retry_after = auth_report_take(a->auth, s->report_id, 1,
	    auth_now(a->auth))) > 0)
		return REPORT_THROTTLED;
	if (upload_error(up) != UPLOAD_OK ||
	    upload_process(up, remove_metadata) > 0)
		return REPORT_FILE;
	if (rpt_store_files(a, s->key, up, 1, auth_now(a->auth), &files, &n) ==
	    -1)
		return REPORT_ERROR;
	for (i = 0; i < n; i++) {
		files[i].report_id = s->report_id;
		if (db_file_add(a->db, &files[i]) == -1) {
			/* Those not recorded are removed from the store. */
			rpt_unstore_files(a, files + i, n - i);
			r = REPORT_ERROR;
			break;
		}
	}
	for (i = 0; i < n; i++)
		db_file_clear(&files[i]);
	free(files);
	if (r == REPORT_OK)
		(void)audit_log(a->db, auth_now(a->auth), 0,
		    AUDIT_REPORTER_FILES, AUDIT_OBJ_REPORT, s->report_id, NULL);
	return r;
}

enum report_result
report_staff_key(struct app *a, const struct auth_session *s,
    int64_t report_id, unsigned char key[CRYPTO_KEY_BYTES])
{
	struct db_sealed sealed;
	unsigned char *sk;
	int rc;

	rc = db_report_key(a->db, report_id, DB_HOLDER_USER, s->user.id,
	    &sealed);
	if (rc != 1)
		return rc == 0 ? REPORT_FAIL : REPORT_ERROR;
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	rc = auth_session_sk(a->auth, s, sk);
	if (rc == 0)
		rc = crypto_unseal(key, sealed.sealed, sealed.sealed_len,
		    s->user.public_key, sk);
	crypto_secure_free(sk);
	return rc == 0 ? REPORT_OK : REPORT_FAIL;
}

enum report_result
report_staff_message(struct app *a, const struct auth_session *s,
    int64_t report_id, const char *body)
{
	unsigned char *key;
	enum report_result r;

	if (body == NULL || *body == '\0' || archived(a, report_id))
		return REPORT_INVALID;
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	r = report_staff_key(a, s, report_id, key);
	if (r == REPORT_OK)
		r = add_message(a, report_id, key, 0, s->user.id, body);
	if (r == REPORT_OK)
		(void)audit_log(a->db, auth_now(a->auth), s->user.id,
		    AUDIT_MESSAGE_SENT, AUDIT_OBJ_REPORT, report_id, NULL);
	crypto_secure_free(key);
	return r;
}
