/*
 * report.c: submitting a report, logging in with the access code, and
 * reporter sessions. See report.h for the key design.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "log.h"
#include "report_internal.h"
#include "roles.h"
#include "upload.h"
#include "util.h"

#define CODE_TRIES	3	/* redraws when a lookup value collides */

const char *const report_field_names[RF__MAX] = {
	"title", "what", "who", "where", "when", "why", "how", "unit", "period"
};
const char *const identity_field_names[IF__MAX] = {
	"identity_name", "identity_id", "identity_contact"
};

int
report_category_valid(const struct app *a, const char *code)
{
	const char *p = a->cfg->categories;
	size_t n = strlen(code);

	if (n == 0 || strchr(code, ',') != NULL)
		return 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == n && strncmp(p, code, n) == 0)
			return 1;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* A list of (user id, public key) pairs. */
struct holders {
	struct db_sealed	*v;
	size_t			 n;
	const unsigned char	*msg;	/* the key to seal */
};

static int
seal_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct holders *h = arg;
	struct db_sealed *s;

	h->v = xrealloc(h->v, (h->n + 1) * sizeof(*h->v));
	s = &h->v[h->n++];
	memset(s, 0, sizeof(*s));
	s->holder = DB_HOLDER_USER;
	s->user_id = user_id;
	crypto_seal(s->sealed, h->msg, CRYPTO_KEY_BYTES, pk);
	s->sealed_len = CRYPTO_KEY_BYTES + CRYPTO_SEAL_OVERHEAD;
	return 0;
}

/* Seals key to every active holder of roles; -1 on a store error. */
static int
seal_to_role(struct app *a, unsigned roles, const unsigned char *key,
    struct holders *h)
{
	memset(h, 0, sizeof(*h));
	h->msg = key;
	return db_user_keys_by_role(a->db, roles, seal_cb, h);
}

static int
has_identity(const struct report_input *in)
{
	size_t i;

	for (i = 0; i < IF__MAX; i++)
		if (in->identity[i] != NULL && in->identity[i][0] != '\0')
			return 1;
	return 0;
}

/* Session token hashes: id in the store, key wrapping the report key. */
static void
rsession_hashes(const unsigned char token[CRYPTO_TOKEN_BYTES],
    unsigned char id[32], unsigned char *key)
{
	crypto_hash_ctx(id, NULL, 0, "wbs-rsession-id", token,
	    CRYPTO_TOKEN_BYTES);
	if (key != NULL)
		crypto_hash_ctx(key, NULL, 0, "wbs-rsession-key", token,
		    CRYPTO_TOKEN_BYTES);
}

/* A new reporter session holding the report key; writes its token. */
static enum report_result
rsession_new(struct app *a, int64_t report_id,
    const unsigned char key[CRYPTO_KEY_BYTES], time_t now,
    char text[CRYPTO_TOKEN_TEXT])
{
	struct db_session s;
	unsigned char token[CRYPTO_TOKEN_BYTES], *wk;
	enum report_result r = REPORT_OK;

	memset(&s, 0, sizeof(s));
	wk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_random(token, sizeof(token));
	rsession_hashes(token, s.id_hash, wk);
	s.owner_id = report_id;
	s.created_at = now;
	s.last_seen = now;
	crypto_wrap(s.sealed_key, key, CRYPTO_KEY_BYTES, wk);
	s.sealed_key_len = CRYPTO_WRAPPED(CRYPTO_KEY_BYTES);
	crypto_secure_free(wk);
	(void)db_rsession_expire(a->db, now - (time_t)a->cfg->reporter_idle,
	    now - (time_t)a->cfg->session_max);
	if (db_rsession_create(a->db, &s) == -1)
		r = REPORT_ERROR;
	else
		crypto_b64url_encode(text, token, sizeof(token));
	crypto_wipe(token, sizeof(token));
	crypto_wipe(&s, sizeof(s));
	return r;
}

/*
 * Derives lookup and key pair from digits under the cost pp, holding an
 * Argon2id slot.
 */
static enum report_result
derive(struct app *a, const char *digits, const struct crypto_pwparams *pp,
    unsigned char lookup[32], unsigned char pk[32], unsigned char *sk)
{
	int rc;

	if (auth_argon_acquire(a->auth) == -1)
		return REPORT_BUSY;
	rc = crypto_code_derive(a->keys, digits, pp, lookup, pk, sk);
	auth_argon_release(a->auth);
	return rc == -1 ? REPORT_ERROR : REPORT_OK;
}

int
report_costs_load(struct app *a)
{
	struct db_code_cost legacy, in_use[DB_CODE_COSTS_MAX];
	const struct crypto_pwparams *pw = auth_pwparams(a->auth);
	struct crypto_pwparams *cur = &a->code_costs[0];
	size_t n, i;

	cur->ops = a->cfg->code_kdf_ops;
	cur->mem = (size_t)a->cfg->code_kdf_mem_kib * 1024;
	a->ncode_costs = 1;
	legacy.ops = (unsigned)pw->ops;
	legacy.mem_kib = (unsigned)(pw->mem / 1024);
	if (db_code_costs(a->db, &legacy, in_use, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (in_use[i].ops == cur->ops &&
		    (size_t)in_use[i].mem_kib * 1024 == cur->mem)
			continue;
		a->code_costs[a->ncode_costs].ops = in_use[i].ops;
		a->code_costs[a->ncode_costs].mem = (size_t)in_use[i].mem_kib *
		    1024;
		a->ncode_costs++;
	}
	return 0;
}

/*
 * Finds the report of an access code, trying the configured cost first,
 * then each other cost in use. Returns 1 with r and the code's key pair
 * filled, 0 when no report has the code, or -1 with *res set
 * (REPORT_BUSY, REPORT_ERROR).
 */
static int
code_find(struct app *a, const char *digits, struct db_report *r,
    unsigned char pk[32], unsigned char *sk, enum report_result *res)
{
	unsigned char lookup[32];
	size_t i;
	int rc = 0;

	for (i = 0; i < a->ncode_costs && rc == 0; i++) {
		*res = derive(a, digits, &a->code_costs[i], lookup, pk, sk);
		if (*res != REPORT_OK) {
			rc = -1;
			break;
		}
		if ((rc = db_report_by_lookup(a->db, lookup, r)) == -1)
			*res = REPORT_ERROR;
	}
	crypto_wipe(lookup, sizeof(lookup));
	return rc;
}

enum report_result
report_submit(struct app *a, const struct auth_source *src,
    const struct report_input *in, struct upload *up, int remove_metadata,
    struct report_receipt *rc)
{
	struct holders rev, cus;
	struct db_report r;
	struct db_file *files = NULL;
	size_t nfiles = 0, i, lens[RF__MAX + IF__MAX];
	unsigned char *key = NULL, *ikey = NULL, *sk = NULL, pk[32];
	char digits[CRYPTO_CODE_DIGITS + 1];
	struct buf b;
	time_t now = auth_now(a->auth);
	enum report_result res = REPORT_ERROR;
	int tries, stored = 0;

	memset(rc, 0, sizeof(*rc));
	memset(&r, 0, sizeof(r));
	memset(&rev, 0, sizeof(rev));
	memset(&cus, 0, sizeof(cus));
	buf_init(&b);
	if (!report_category_valid(a, in->category))
		return REPORT_INVALID;
	if ((rc->retry_after = auth_report_limit(a->auth, src, now,
	    in->solved_pow)) > 0)
		return REPORT_LIMIT;
	if (up != NULL && upload_count(up) > 0 &&
	    (upload_error(up) != UPLOAD_OK ||
	    upload_process(up, remove_metadata) > 0))
		return REPORT_FILE;

	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	crypto_random(key, CRYPTO_KEY_BYTES);
	if (seal_to_role(a, ROLE_REVIEWER, key, &rev) == -1)
		goto done;
	if (rev.n == 0) {
		log_warnx("report refused: no reviewer account can read it");
		res = REPORT_NO_REVIEWER;
		goto done;
	}
	/* content: the text fields, packed and sealed */
	for (i = 0; i < RF__MAX; i++)
		lens[i] = strlen(in->text[i] != NULL ? in->text[i] : "");
	rpt_pack(&b, in->text, lens, RF__MAX);
	r.content = rpt_seal(key, RK_CONTENT, "content", b.data, b.len,
	    &r.content_len);
	crypto_wipe(b.data, b.len);
	buf_reset(&b);
	if (has_identity(in)) {
		ikey = crypto_secure_alloc(CRYPTO_KEY_BYTES);
		crypto_random(ikey, CRYPTO_KEY_BYTES);
		if (seal_to_role(a, ROLE_CUSTODIAN, ikey, &cus) == -1)
			goto done;
		if (cus.n == 0) {
			log_warnx("report refused: no custodian could read "
			    "its identity");
			res = REPORT_NO_REVIEWER;
			goto done;
		}
		for (i = 0; i < IF__MAX; i++)
			lens[i] = strlen(in->identity[i] != NULL ?
			    in->identity[i] : "");
		rpt_pack(&b, in->identity, lens, IF__MAX);
		r.identity = rpt_seal(ikey, "wbsident", "identity", b.data,
		    b.len, &r.identity_len);
		crypto_wipe(b.data, b.len);
		buf_reset(&b);
	}
	if (up != NULL && upload_count(up) > 0) {
		if (rpt_store_files(a, key, up, 1, now, &files, &nfiles) == -1)
			goto done;
		stored = 1;
	}
	wbs_strlcpy(r.category, in->category, sizeof(r.category));
	wbs_strlcpy(r.stage, "received", sizeof(r.stage));
	r.code_ops = (unsigned)a->code_costs[0].ops;
	r.code_mem_kib = (unsigned)(a->code_costs[0].mem / 1024);
	r.created_at = now;
	r.stage_at = now;
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	for (tries = 0; tries < CODE_TRIES; tries++) {
		struct db_sealed *keys;
		int rv;

		crypto_code_new(digits);
		if ((res = derive(a, digits, &a->code_costs[0],
		    r.code_lookup, pk, sk)) != REPORT_OK)
			goto done;
		res = REPORT_ERROR;
		memcpy(r.reporter_pk, pk, 32);
		keys = xcalloc(rev.n + 1, sizeof(*keys));
		memcpy(keys, rev.v, rev.n * sizeof(*keys));
		keys[rev.n].holder = DB_HOLDER_REPORTER;
		crypto_seal(keys[rev.n].sealed, key, CRYPTO_KEY_BYTES, pk);
		keys[rev.n].sealed_len = CRYPTO_KEY_BYTES +
		    CRYPTO_SEAL_OVERHEAD;
		rv = db_report_create(a->db, &r, keys, rev.n + 1, cus.v, cus.n,
		    files, nfiles);
		free(keys);
		if (rv == 0)
			break;
		if (rv == -1)
			goto done;
	}
	if (tries == CODE_TRIES)
		goto done;
	(void)audit_log(a->db, now, 0, AUDIT_REPORT_RECEIVED, AUDIT_OBJ_REPORT,
	    r.id, NULL);
	/* Committed: only now is the code shown. */
	wbs_strlcpy(rc->registration, r.registration, sizeof(rc->registration));
	crypto_code_format(digits, rc->code);
	wbs_strlcpy(rc->category, r.category, sizeof(rc->category));
	rc->created_at = r.created_at;
	if (rsession_new(a, r.id, key, now, rc->token) != REPORT_OK)
		rc->token[0] = '\0';	/* the report stands; log in later */
	res = REPORT_OK;
done:
	if (res != REPORT_OK && stored)
		rpt_unstore_files(a, files, nfiles);
	for (i = 0; i < nfiles; i++)
		db_file_clear(&files[i]);
	free(files);
	free(rev.v);
	free(cus.v);
	crypto_wipe(digits, sizeof(digits));
	if (key != NULL)
		crypto_secure_free(key);
	if (ikey != NULL)
		crypto_secure_free(ikey);
	if (sk != NULL)
		crypto_secure_free(sk);
	buf_free(&b);
	db_report_clear(&r);
	return res;
}

enum report_result
report_login(struct app *a, const struct auth_source *src, const char *code,
    char token[CRYPTO_TOKEN_TEXT], unsigned *retry_after)
{
	char digits[CRYPTO_CODE_DIGITS + 1];
	unsigned char pk[32], *sk = NULL, *key = NULL;
	struct db_report r;
	struct db_sealed s;
	time_t now = auth_now(a->auth);
	enum report_result res = REPORT_FAIL;
	int rc;

	token[0] = '\0';
	memset(&r, 0, sizeof(r));
	if ((*retry_after = auth_code_check(a->auth, src, now)) > 0)
		return REPORT_THROTTLED;
	if (code == NULL || crypto_code_normalise(code, digits) == -1) {
		auth_code_fail(a->auth, src, now);
		return REPORT_FAIL;
	}
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if ((rc = code_find(a, digits, &r, pk, sk, &res)) == -1)
		goto done;
	res = REPORT_FAIL;
	if (rc == 0)
		goto fail;
	if (db_report_key(a->db, r.id, DB_HOLDER_REPORTER, 0, &s) != 1) {
		res = REPORT_ERROR;
		goto done;
	}
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (s.sealed_len != CRYPTO_KEY_BYTES + CRYPTO_SEAL_OVERHEAD ||
	    crypto_unseal(key, s.sealed, s.sealed_len, pk, sk) == -1) {
		log_warnx("report: a reporter key does not open");
		res = REPORT_ERROR;
		goto done;
	}
	res = rsession_new(a, r.id, key, now, token);
	goto done;
fail:
	auth_code_fail(a->auth, src, now);
done:
	crypto_wipe(digits, sizeof(digits));
	crypto_wipe(pk, sizeof(pk));
	if (sk != NULL)
		crypto_secure_free(sk);
	if (key != NULL)
		crypto_secure_free(key);
	db_report_clear(&r);
	return res;
}

int
report_session_load(struct app *a, const char *text, time_t now,
    struct report_session *s)
{
	struct db_session ds;
	unsigned char wk[CRYPTO_KEY_BYTES], c[32];
	size_t n;
	int rc;

	memset(s, 0, sizeof(*s));
	if (text == NULL || strlen(text) >= CRYPTO_TOKEN_TEXT ||
	    crypto_b64url_decode(s->token, sizeof(s->token), &n, text) == -1 ||
	    n != CRYPTO_TOKEN_BYTES)
		goto invalid;
	rsession_hashes(s->token, s->id_hash, wk);
	rc = db_rsession_get(a->db, s->id_hash, &ds);
	if (rc != 1) {
		crypto_wipe(wk, sizeof(wk));
		report_session_wipe(s);
		return rc;
	}
	if (now - ds.last_seen > (time_t)a->cfg->reporter_idle ||
	    now - ds.created_at > (time_t)a->cfg->session_max ||
	    now < ds.created_at ||
	    ds.sealed_key_len != CRYPTO_WRAPPED(CRYPTO_KEY_BYTES) ||
	    crypto_unwrap(s->key, ds.sealed_key, ds.sealed_key_len, wk) == -1) {
		(void)db_rsession_delete(a->db, s->id_hash);
		crypto_wipe(wk, sizeof(wk));
		goto invalid;
	}
	crypto_wipe(wk, sizeof(wk));
	s->report_id = ds.owner_id;
	if (now - ds.last_seen >= 30)
		(void)db_rsession_touch(a->db, s->id_hash, now);
	crypto_hash_ctx(c, NULL, 0, "wbs-rcsrf", s->token, CRYPTO_TOKEN_BYTES);
	crypto_b64url_encode(s->csrf, c, sizeof(c));
	crypto_wipe(&ds, sizeof(ds));
	return 1;
invalid:
	report_session_wipe(s);
	return 0;
}

void
report_session_wipe(struct report_session *s)
{
	crypto_wipe(s, sizeof(*s));
}

enum report_result
report_logout(struct app *a, const struct report_session *s)
{
	return db_rsession_delete(a->db, s->id_hash) == -1 ? REPORT_ERROR :
	    REPORT_OK;
}
