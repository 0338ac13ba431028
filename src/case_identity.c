/*
 * case_identity.c: identity custody. The reporter's identity is sealed
 * under its own identity key, itself sealed only to the custodians. A
 * handler asks with a justification (sealed to the custodians); a
 * custodian approves, which re-seals the identity key to that handler
 * only, or denies. The request, the decision and every view are in the
 * audit trail, and the reporter's timeline says that the identity was
 * opened (not to whom). Without approval the identity cannot be
 * decrypted by the handler: nothing they hold opens it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "buf.h"
#include "case.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "report.h"
#include "report_internal.h"
#include "roles.h"
#include "util.h"

#define JUSTIFY_MAX	2000	/* characters */

struct seal_ctx {
	struct buf	 b;
	const char	*text;
	int		 n;
};

/* reason blob: for each custodian [user id, 8 bytes LE][length, 4][sealed] */
static int
seal_reason_cb(void *arg, int64_t user_id, const unsigned char pk[32])
{
	struct seal_ctx *c = arg;
	size_t len = strlen(c->text);
	unsigned char *sealed = xmalloc(len + CRYPTO_SEAL_OVERHEAD), hdr[12];
	int i;

	crypto_seal(sealed, (const unsigned char *)c->text, len, pk);
	for (i = 0; i < 8; i++)
		hdr[i] = (unsigned char)((uint64_t)user_id >> (8 * i));
	for (i = 0; i < 4; i++)
		hdr[8 + i] = (unsigned char)((len + CRYPTO_SEAL_OVERHEAD) >>
		    (8 * i));
	buf_append(&c->b, hdr, sizeof(hdr));
	buf_append(&c->b, sealed, len + CRYPTO_SEAL_OVERHEAD);
	free(sealed);
	c->n++;
	return 0;
}

/* The justification sealed to user_id in blob, opened; NULL if none. */
static char *
open_reason(const unsigned char *blob, size_t len, int64_t user_id,
    const unsigned char pk[32], const unsigned char *sk)
{
	size_t o = 0, n;
	uint64_t id;
	int i;

	while (len - o >= 12) {
		id = 0;
		for (i = 7; i >= 0; i--)
			id = (id << 8) | blob[o + (size_t)i];
		n = 0;
		for (i = 3; i >= 0; i--)
			n = (n << 8) | blob[o + 8 + (size_t)i];
		o += 12;
		if (n < CRYPTO_SEAL_OVERHEAD || n > len - o)
			return NULL;
		if ((int64_t)id == user_id) {
			char *text = xmalloc(n - CRYPTO_SEAL_OVERHEAD + 1);

			if (crypto_unseal((unsigned char *)text, blob + o, n, pk,
			    sk) == -1) {
				free(text);
				return NULL;
			}
			text[n - CRYPTO_SEAL_OVERHEAD] = '\0';
			return text;
		}
		o += n;
	}
	return NULL;
}

/* A justification or a decision's reason: 1..JUSTIFY_MAX characters. */
static int
reason_ok(const char *s)
{
	size_t chars = 0, i;

	if (s == NULL || !utf8_valid(s, strlen(s)))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars > 0 && chars <= JUSTIFY_MAX;
}

enum case_result
case_identity_request(struct app *a, const struct auth_session *s,
    int64_t report_id, const char *justification)
{
	struct db_report rep;
	struct db_idreq q;
	struct seal_ctx c;
	unsigned char *key;
	enum wf_stage stage;
	int rc, has;

	if (!reason_ok(justification))
		return CASE_INVALID;
	rc = db_report_by_id(a->db, report_id, &rep);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	has = rep.identity != NULL;
	/* From penelaahan up to pelaporan: not before, not after. */
	rc = wf_stage_parse(rep.stage, &stage);
	db_report_clear(&rep);
	if (!has)
		return CASE_INVALID;
	if (rc == -1 || stage < WF_REVIEW || stage > WF_REPORTING)
		return CASE_REFUSED;
	/* Only a handler of the report may ask. */
	key = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	rc = report_staff_key(a, s, report_id, key);
	crypto_secure_free(key);
	if (rc != REPORT_OK)
		return CASE_DENIED;
	memset(&c, 0, sizeof(c));
	buf_init(&c.b);
	c.text = justification;
	if (db_user_keys_by_role(a->db, ROLE_CUSTODIAN, seal_reason_cb, &c) ==
	    -1 || c.n == 0) {
		buf_free(&c.b);
		return CASE_ERROR;
	}
	memset(&q, 0, sizeof(q));
	q.report_id = report_id;
	q.requester = s->user.id;
	q.created_at = auth_now(a->auth);
	q.status = DB_IDREQ_PENDING;
	q.reason = (unsigned char *)c.b.data;
	q.reason_len = c.b.len;
	rc = db_idreq_create(a->db, &q);
	buf_free(&c.b);
	if (rc != 0)
		return rc == 1 ? CASE_CONFLICT : CASE_ERROR;
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_IDENTITY_REQUEST, AUDIT_OBJ_REPORT, report_id, NULL);
	return CASE_OK;
}

/* The identity key of report_id as held by s (sealed to s); 0 or -1. */
static int
identity_key(struct app *a, const struct auth_session *s, int64_t report_id,
    unsigned char *ik)
{
	struct db_sealed sl;
	unsigned char *sk;
	int rc;

	if (db_identity_key(a->db, report_id, s->user.id, &sl) != 1)
		return -1;
	sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	rc = auth_session_sk(a->auth, s, sk);
	if (rc == 0)
		rc = crypto_unseal(ik, sl.sealed, sl.sealed_len,
		    s->user.public_key, sk);
	crypto_secure_free(sk);
	return rc;
}

/*
 * The decision's reason sealed to every custodian and to the requester
 * (who learns why); 0 or -1. c->b holds the blob.
 */
static int
seal_decision_note(struct app *a, const struct db_user *requester,
    const char *reason, struct seal_ctx *c)
{
	memset(c, 0, sizeof(*c));
	buf_init(&c->b);
	c->text = reason;
	if (db_user_keys_by_role(a->db, ROLE_CUSTODIAN, seal_reason_cb, c) ==
	    -1)
		return -1;
	return seal_reason_cb(c, requester->id, requester->public_key);
}

enum case_result
case_identity_decide(struct app *a, const struct auth_session *s,
    int64_t request_id, int approve, const char *reason)
{
	struct db_idreq q;
	struct db_user req;
	struct db_sealed sl;
	struct db_event ev;
	struct seal_ctx note;
	unsigned char *ik = NULL;
	enum case_result res = CASE_ERROR;
	int rc;

	if (!(s->user.roles & ROLE_CUSTODIAN))
		return CASE_DENIED;
	if (!reason_ok(reason))
		return CASE_INVALID;
	rc = db_idreq_get(a->db, request_id, &q);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	if (q.status != DB_IDREQ_PENDING) {
		db_idreq_clear(&q);
		return CASE_CONFLICT;
	}
	if (q.requester == s->user.id) {
		/* Nobody decides on their own request. */
		db_idreq_clear(&q);
		return CASE_DENIED;
	}
	memset(&sl, 0, sizeof(sl));
	buf_init(&note.b);
	if (db_user_by_id(a->db, q.requester, &req) != 1 ||
	    seal_decision_note(a, &req, reason, &note) == -1)
		goto done;
	if (approve) {
		if (req.status != DB_USER_ACTIVE)
			goto done;
		ik = crypto_secure_alloc(CRYPTO_KEY_BYTES);
		if (identity_key(a, s, q.report_id, ik) == -1) {
			res = CASE_DENIED;	/* this custodian holds no key */
			goto done;
		}
		sl.holder = DB_HOLDER_USER;
		sl.user_id = q.requester;
		crypto_seal(sl.sealed, ik, CRYPTO_KEY_BYTES, req.public_key);
		sl.sealed_len = CRYPTO_KEY_BYTES + CRYPTO_SEAL_OVERHEAD;
	}
	rc = db_idreq_decide(a->db, request_id, approve ? DB_IDREQ_APPROVED :
	    DB_IDREQ_DENIED, s->user.id, auth_now(a->auth), approve ? &sl :
	    NULL, (const unsigned char *)note.b.data, note.b.len);
	if (rc != 0) {
		res = rc == 1 ? CASE_CONFLICT : CASE_ERROR;
		goto done;
	}
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_IDENTITY_DECISION, AUDIT_OBJ_REPORT, q.report_id,
	    approve ? "approved" : "denied");
	if (approve) {
		/* The reporter's timeline says so, without naming anyone. */
		memset(&ev, 0, sizeof(ev));
		ev.report_id = q.report_id;
		wbs_strlcpy(ev.stage, "identity_opened", sizeof(ev.stage));
		ev.created_at = auth_now(a->auth);
		if (db_event_add(a->db, &ev) == -1)
			log_warnx("case: identity opening not in the timeline");
	}
	res = CASE_OK;
done:
	if (ik != NULL)
		crypto_secure_free(ik);
	crypto_wipe(&sl, sizeof(sl));
	crypto_wipe(&req, sizeof(req));
	buf_free(&note.b);
	db_idreq_clear(&q);
	return res;
}

enum case_result
case_identity_view(struct app *a, const struct auth_session *s,
    int64_t report_id, char *out[IF__MAX])
{
	struct db_report rep;
	unsigned char *ik, *plain;
	size_t len;
	int rc;

	memset(out, 0, IF__MAX * sizeof(*out));
	/*
	 * Only through an approved request, whatever roles the reader
	 * holds: a custodian's own sealed copy serves only to re-seal.
	 */
	if (!case_identity_held(a, s, report_id))
		return CASE_DENIED;
	rc = db_report_by_id(a->db, report_id, &rep);
	if (rc != 1)
		return rc == 0 ? CASE_NOT_FOUND : CASE_ERROR;
	ik = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (rep.identity == NULL || identity_key(a, s, report_id, ik) == -1) {
		crypto_secure_free(ik);
		db_report_clear(&rep);
		return CASE_DENIED;
	}
	plain = rpt_open(ik, "wbsident", "identity", rep.identity,
	    rep.identity_len, &len);
	crypto_secure_free(ik);
	db_report_clear(&rep);
	if (plain == NULL)
		return CASE_ERROR;
	rc = rpt_unpack(plain, len, out, NULL, IF__MAX);
	crypto_wipe(plain, len);
	free(plain);
	if (rc == -1)
		return CASE_ERROR;
	(void)audit_log(a->db, auth_now(a->auth), s->user.id,
	    AUDIT_IDENTITY_VIEW, AUDIT_OBJ_REPORT, report_id, NULL);
	return CASE_OK;
}

int
case_identity_held(struct app *a, const struct auth_session *s,
    int64_t report_id)
{
	struct db_sealed sl;
	int64_t approved = 0;

	if (db_idreq_approved_for(a->db, report_id, s->user.id,
	    &approved) == -1 || approved == 0)
		return 0;
	return db_identity_key(a->db, report_id, s->user.id, &sl) == 1;
}

struct pending_ctx {
	struct app			*a;
	const struct auth_session	*s;
	unsigned char			*sk;
	int				(*fn)(void *, const struct db_idreq *,
					    const char *);
	void				*arg;
};

static int
pending_cb(void *arg, const struct db_idreq *q)
{
	struct pending_ctx *c = arg;
	char *text = open_reason(q->reason, q->reason_len, c->s->user.id,
	    c->s->user.public_key, c->sk);
	int rc;

	rc = c->fn(c->arg, q, text != NULL ? text : "");
	if (text != NULL) {
		crypto_wipe(text, strlen(text));
		free(text);
	}
	return rc;
}

enum case_result
case_identity_pending(struct app *a, const struct auth_session *s,
    int (*fn)(void *, const struct db_idreq *, const char *), void *arg)
{
	struct pending_ctx c = { a, s, NULL, fn, arg };
	int rc;

	if (!(s->user.roles & ROLE_CUSTODIAN))
		return CASE_DENIED;
	c.sk = crypto_secure_alloc(CRYPTO_KEY_BYTES);
	if (auth_session_sk(a->auth, s, c.sk) == -1) {
		crypto_secure_free(c.sk);
		return CASE_ERROR;
	}
	rc = db_idreq_list_pending(a->db, pending_cb, &c);
	crypto_secure_free(c.sk);
	return rc == -1 ? CASE_ERROR : CASE_OK;
}
