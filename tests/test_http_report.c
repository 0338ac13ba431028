/*
 * test_http_report.c: the reporter's journey over real HTTP, with plain
 * form posts (no JavaScript) and through the JSON API: submit with
 * files, receive the code, log in, see the stage, read a handler's
 * message, reply, add evidence, log out; refusals when nobody could
 * read a report; bad input; and the access code's throttling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "pow.h"
#include "report.h"
#include "totp.h"
#include "testutil.h"

#define PW	"kata sandi penelaah panjang"

static struct tu_server *srv;
static time_t clk = 1800000000;
static struct auth_session reviewer;	/* an in-process staff session */

static struct app *
APP(void)
{
	return srv->app;
}

/* Creates an enrolled account; logs it in when s is not NULL. */
static void
account(const char *name, unsigned roles, struct auth_session *s)
{
	char token[CRYPTO_TOKEN_TEXT];
	unsigned char secret[TOTP_SECRET_BYTES];

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL,
	    s != NULL ? token : NULL);
	if (s != NULL)
		assert_int_equal(auth_session_load(APP()->auth, token, clk, s),
		    1);
}

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
	c->max_file_mb = 1;
	c->max_files = 3;
	c->pow_bits = 8;
}

static int
setup(void **state)
{
	(void)state;
	srv = tu_server_start(fast, NULL, 0);
	auth_set_clock(APP()->auth, clk);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	auth_session_wipe(&reviewer);
	tu_server_stop(srv);
	return 0;
}

/* --- multipart bodies ---------------------------------------------------- */

#define BOUNDARY	"wbsTestBoundary7MA4YWxk"

static void
mp_field(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n%s\r\n", name, value);
}

static void
mp_file(struct buf *b, const char *filename, const void *data, size_t len)
{
	buf_printf(b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"files\"; filename=\"%s\"\r\nContent-Type: "
	    "application/octet-stream\r\n\r\n", filename);
	buf_append(b, data, len);
	buf_puts(b, "\r\n");
}

static void
mp_end(struct buf *b)
{
	buf_puts(b, "--" BOUNDARY "--\r\n");
}

static const char *const mp_ct[] = {
	"Content-Type: multipart/form-data; boundary=" BOUNDARY, NULL
};
static const char *const form_ct[] = {
	"Content-Type: application/x-www-form-urlencoded", NULL
};

/* The report's text fields as a multipart body (without the end). */
static void
mp_report(struct buf *b, const char *title, const char *what)
{
	mp_field(b, "category", "korupsi");
	mp_field(b, "title", title);
	mp_field(b, "what", what);
	mp_field(b, "who", "Kepala bagian umum");
	mp_field(b, "where", "Kantor kecamatan");
	mp_field(b, "when", "Maret 2026");
	mp_field(b, "why", "Tidak sesuai aturan");
	mp_field(b, "how", "Kuitansi fiktif");
	mp_field(b, "unit", "Bagian Umum");
	mp_field(b, "period", "2026");
	mp_field(b, "consent", "1");
	mp_field(b, "remove_metadata", "1");
}

/* Finds "dddd dddd dddd dddd dddd" in html; 0 or -1. */
static int
find_code(const char *html, char out[32])
{
	const char *p;
	int i, ok;

	for (p = html; *p != '\0'; p++) {
		ok = 1;
		for (i = 0; i < 24 && ok; i++) {
			char c = p[i];

			if (c == '\0')
				return -1;
			ok = (i % 5 == 4) ? c == ' ' : (c >= '0' && c <= '9');
		}
		if (ok && !(p[24] >= '0' && p[24] <= '9')) {
			memcpy(out, p, 24);
			out[24] = '\0';
			return 0;
		}
	}
	return -1;
}

static char *
cookie_of(const struct tu_resp *r)
{
	char *sc = tu_header(r, "Set-Cookie"), *semi, *c;

	if (sc == NULL)
		return NULL;
	semi = strchr(sc, ';');
	if (semi != NULL)
		*semi = '\0';
	c = malloc(strlen(sc) + 16);
	sprintf(c, "Cookie: %s", sc);
	free(sc);
	return c;
}

/* A receipt checks out on the page and on the command line; a changed one does not. */
static void
check_receipt(const char *text)
{
	struct tu_resp r;
	struct buf b;
	char path[1024], cmd[4096], *changed, *p;
	const char *bin = getenv("WBS_BIN");
	size_t i;

	buf_init(&b);
	buf_puts(&b, "receipt=");
	for (i = 0; text[i] != '\0'; i++)
		buf_printf(&b, "%%%02X", (unsigned char)text[i]);
	assert_int_equal(tu_http(srv, "POST", "/tanda-terima", form_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "WBS-"));
	tu_resp_free(&r);
	buf_free(&b);
	changed = strdup(text);
	p = strstr(changed, "category: korupsi");
	assert_non_null(p);
	memcpy(p + 10, "lainnya", 7);
	buf_init(&b);
	buf_puts(&b, "receipt=");
	for (i = 0; changed[i] != '\0'; i++)
		buf_printf(&b, "%%%02X", (unsigned char)changed[i]);
	assert_int_equal(tu_http(srv, "POST", "/tanda-terima", form_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	buf_free(&b);
	/* wbs receipt verify FILE, against the same key file */
	snprintf(path, sizeof(path), "%s/receipt.txt", srv->dir);
	tu_write_file(path, text, strlen(text));
	snprintf(cmd, sizeof(cmd), "%s receipt verify --data '%s' '%s' "
	    ">/dev/null 2>&1", bin != NULL ? bin : "build/wbs",
	    srv->cfg.data_dir, path);
	assert_int_equal(system(cmd), 0);
	tu_write_file(path, changed, strlen(changed));
	assert_int_not_equal(system(cmd), 0);
	free(changed);
}

static void
test_refused_without_reviewer(void **state)
{
	struct tu_resp r;
	struct buf b;
	int64_t n = -1;

	(void)state;
	buf_init(&b);
	mp_report(&b, "Tanpa penelaah", "Isi laporan");
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 503);
	tu_assert_security_headers(&r);
	assert_null(strstr(r.headers, "Set-Cookie"));
	/* what was typed is still there */
	assert_non_null(strstr(r.body, "Tanpa penelaah"));
	tu_resp_free(&r);
	buf_free(&b);
	assert_int_equal(db_report_count_since(APP()->db, 0, &n), 0);
	assert_int_equal(n, 0);
	/* from now on a reviewer and a custodian exist */
	account("penelaah", ROLE_REVIEWER, &reviewer);
	account("inspektur", ROLE_CUSTODIAN, NULL);
}

static void
test_form_journey(void **state)
{
	struct tu_resp r;
	struct buf b;
	char code[32], csrf[64], *cookie, body[512];
	const char *hdr[3] = { NULL, NULL, NULL };
	const char evidence[] = "Bukti: kuitansi nomor 17 tanggal 3 Maret.\n";

	(void)state;
	/* step 1: the text form -> the summary */
	snprintf(body, sizeof(body), "category=korupsi&title=Dana+desa&"
	    "what=Pemotongan+dana&who=&where=&when=&why=&how=&unit=&period=&"
	    "identity_name=&identity_id=&identity_contact=");
	assert_int_equal(tu_http(srv, "POST", "/lapor/tinjau", form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Dana desa"));
	assert_non_null(strstr(r.body, "multipart/form-data"));
	tu_resp_free(&r);

	/* step 2: send with a file */
	buf_init(&b);
	mp_report(&b, "Dana desa", "Pemotongan dana");
	mp_file(&b, "bukti.txt", evidence, strlen(evidence));
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	buf_free(&b);
	if (r.status != 200)
		fail_msg("send: %ld\n%s", r.status, r.body);
	tu_assert_security_headers(&r);
	assert_non_null(strstr(r.headers, "Cache-Control: no-store"));
	assert_non_null(strstr(r.body, "WBS-"));
	assert_int_equal(find_code(r.body, code), 0);
	assert_null(strstr(r.body, "?code"));
	tu_resp_free(&r);

	/* log in with the code (spaces and dashes allowed) */
	code[4] = '-';
	snprintf(body, sizeof(body), "access_code=%s", code);
	for (char *p = body; *p != '\0'; p++)
		if (*p == ' ')
			*p = '+';
	assert_int_equal(tu_http(srv, "POST", "/status", form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	cookie = cookie_of(&r);
	assert_non_null(cookie);
	tu_resp_free(&r);
	hdr[0] = cookie;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Penerimaan"));
	assert_non_null(strstr(r.body, "bukti.txt"));
	tu_resp_free(&r);

	/* a handler's question appears */
	{
		struct report_session rs;
		const char *tok = strchr(cookie, '=') + 1;

		assert_int_equal(report_session_load(APP(), tok, clk, &rs), 1);
		assert_int_equal(report_staff_message(APP(), &reviewer,
		    rs.report_id, "Mohon lampirkan kuitansi aslinya."),
		    REPORT_OK);
		report_session_wipe(&rs);
	}
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", hdr, NULL, 0,
	    &r), 0);
	assert_non_null(strstr(r.body, "Mohon lampirkan kuitansi aslinya."));
	assert_int_equal(tu_input_value(r.body, "csrf", csrf, sizeof(csrf)), 0);
	tu_resp_free(&r);

	/* reply */
	hdr[1] = form_ct[0];
	hdr[2] = NULL;
	snprintf(body, sizeof(body), "csrf=%s&body=Sudah+saya+lampirkan.",
	    csrf);
	assert_int_equal(tu_http(srv, "POST", "/status/balas", hdr, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Sudah saya lampirkan."));
	tu_resp_free(&r);
	/* without the CSRF token: refused */
	assert_int_equal(tu_http(srv, "POST", "/status/balas", hdr,
	    "body=x", 6, &r), 0);
	assert_int_equal(r.status, 403);
	tu_resp_free(&r);

	/* add evidence */
	buf_init(&b);
	mp_field(&b, "csrf", csrf);
	mp_field(&b, "remove_metadata", "1");
	mp_file(&b, "kedua.txt", "bukti kedua\n", 12);
	mp_end(&b);
	hdr[1] = mp_ct[0];
	assert_int_equal(tu_http(srv, "POST", "/status/bukti", hdr, b.data,
	    b.len, &r), 0);
	buf_free(&b);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "kedua.txt"));
	tu_resp_free(&r);

	/* the receipt */
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/status/tanda-terima", hdr, NULL,
	    0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "signature: "));
	code[4] = ' ';
	assert_null(strstr(r.body, code));
	check_receipt(r.body);
	tu_resp_free(&r);

	/* log out: the session is gone */
	hdr[1] = form_ct[0];
	snprintf(body, sizeof(body), "csrf=%s", csrf);
	assert_int_equal(tu_http(srv, "POST", "/status/keluar", hdr, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "Max-Age=0"));
	tu_resp_free(&r);
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 303);
	tu_resp_free(&r);
	free(cookie);
}

static void
test_json_journey(void **state)
{
	const char *json[] = { "Content-Type: application/json", NULL };
	const char *req = "{\"category\":\"gratifikasi\",\"title\":\"Hadiah\","
	    "\"what\":\"Pemberian hadiah\",\"identity\":{\"name\":\"Saksi\","
	    "\"id_number\":\"3516000000000001\",\"contact\":\"-\"}}";
	char code[64], auth[128], body[256], *p;
	const char *hdr[3] = { auth, NULL, NULL };
	struct tu_resp r;
	struct buf b;

	(void)state;
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, req,
	    strlen(req), &r), 0);
	if (r.status != 201)
		fail_msg("%ld %s", r.status, r.body);
	p = strstr(r.body, "\"access_code\":\"");
	assert_non_null(p);
	snprintf(code, sizeof(code), "%.24s", p + 15);
	assert_non_null(strstr(r.body, "\"registration\":\"WBS-"));
	tu_resp_free(&r);
	snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}", code);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    body, strlen(body), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"token\":\"");
	assert_non_null(p);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %.*s",
	    (int)strcspn(p + 9, "\""), p + 9);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", hdr,
	    NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"stage\":\"received\""));
	tu_resp_free(&r);
	hdr[1] = json[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/messages", hdr,
	    "{\"body\":\"Tambahan\"}", 19, &r), 0);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	buf_init(&b);
	mp_field(&b, "remove_metadata", "1");
	mp_file(&b, "api.txt", "isi\n", 4);
	mp_end(&b);
	hdr[1] = mp_ct[0];
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/files", hdr,
	    b.data, b.len, &r), 0);
	buf_free(&b);
	assert_int_equal(r.status, 201);
	tu_resp_free(&r);
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/api/v1/reporter/report", hdr,
	    NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "\"Tambahan\""));
	assert_non_null(strstr(r.body, "\"api.txt\""));
	tu_resp_free(&r);
	/* bad JSON input: clear errors, naming the fields */
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json,
	    "{\"category\":\"korupsi\",\"title\":\"\",\"what\":\"x\"}", 44,
	    &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"field\":\"title\""));
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json,
	    "{\"category\":\"nope\",\"title\":\"t\",\"what\":\"x\"}", 42, &r),
	    0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reporter/session", json,
	    "{\"access_code\":\"1111 2222 3333 4444 5555\"}", 42, &r), 0);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "code_not_recognised"));
	tu_resp_free(&r);
}

static void
test_bad_input_keeps_values(void **state)
{
	struct tu_resp r;
	struct buf b;
	char *big = malloc(6000);
	const char elf[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00"
	    "\x00\x00\x00\x02\x00\x3e\x00";

	(void)state;
	memset(big, 'a', 5999);
	big[5999] = '\0';
	buf_init(&b);
	buf_printf(&b, "category=korupsi&title=Judul+tetap&what=Isi+tetap&"
	    "who=%s", big);
	assert_int_equal(tu_http(srv, "POST", "/lapor/tinjau", form_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "Judul tetap"));
	assert_non_null(strstr(r.body, "Isi tetap"));
	tu_resp_free(&r);
	buf_free(&b);
	free(big);
	assert_int_equal(tu_http(srv, "POST", "/lapor/tinjau", form_ct,
	    "category=korupsi&title=a%ffb&what=x", 35, &r), 0);
	assert_int_equal(r.status, 400);
	tu_resp_free(&r);
	/* a program pretending to be a photo */
	buf_init(&b);
	mp_report(&b, "Berkas aneh", "Isi");
	mp_file(&b, "foto.jpg", elf, sizeof(elf) - 1);
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "foto.jpg"));
	assert_non_null(strstr(r.body, "Berkas aneh"));
	assert_null(strstr(r.headers, "Set-Cookie"));
	tu_resp_free(&r);
	buf_free(&b);
	/* a file over the limit (1 MiB in this test) */
	big = calloc(1, (1u << 20) + 10);
	memset(big, 'x', (1u << 20) + 9);
	buf_init(&b);
	mp_report(&b, "Berkas besar", "Isi");
	mp_file(&b, "besar.txt", big, (1u << 20) + 9);
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "besar.txt"));
	tu_resp_free(&r);
	buf_free(&b);
	free(big);
	/* no consent */
	buf_init(&b);
	mp_field(&b, "category", "korupsi");
	mp_field(&b, "title", "Tanpa persetujuan");
	mp_field(&b, "what", "x");
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "Tanpa persetujuan"));
	tu_resp_free(&r);
	buf_free(&b);
}

static void
test_code_throttling(void **state)
{
	struct tu_resp r;
	const char *req = "{\"category\":\"lainnya\",\"title\":\"T\","
	    "\"what\":\"W\"}";
	const char *json[] = { "Content-Type: application/json", NULL };
	char code[64], body[128], *p;
	int i, n = getenv("WBS_UNDER_VALGRIND") != NULL ? 300 : 10000;
	int throttled = 0;

	(void)state;
	tu_source = "127.0.0.20";
	assert_int_equal(tu_http(srv, "POST", "/api/v1/reports", json, req,
	    strlen(req), &r), 0);
	assert_int_equal(r.status, 201);
	p = strstr(r.body, "\"access_code\":\"");
	snprintf(code, sizeof(code), "%.24s", p + 15);
	tu_resp_free(&r);
	tu_source = "127.0.0.21";
	for (i = 0; i < n; i++) {
		snprintf(body, sizeof(body), "access_code=%020d", i);
		assert_int_equal(tu_http(srv, "POST", "/status", form_ct, body,
		    strlen(body), &r), 0);
		if (r.status == 429)
			throttled++;
		else
			assert_int_equal(r.status, 403);
		tu_resp_free(&r);
	}
	assert_true(throttled >= n - 10);
	/* the right code from the flooding source is held back too */
	snprintf(body, sizeof(body), "access_code=%s", code);
	for (p = body; *p != '\0'; p++)
		if (*p == ' ')
			*p = '+';
	assert_int_equal(tu_http(srv, "POST", "/status", form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 429);
	tu_resp_free(&r);
	/* from another source it works */
	tu_source = "127.0.0.22";
	assert_int_equal(tu_http(srv, "POST", "/status", form_ct, body,
	    strlen(body), &r), 0);
	assert_int_equal(r.status, 303);
	tu_resp_free(&r);
	tu_source = NULL;
}

/* Sends a report from the current source; returns the status. */
static long
send_report(const char *challenge, const char *nonce)
{
	struct tu_resp r;
	struct buf b;
	long st;

	buf_init(&b);
	mp_report(&b, "Laporan berulang", "Isi");
	if (challenge != NULL) {
		mp_field(&b, "pow_challenge", challenge);
		mp_field(&b, "pow_nonce", nonce);
	}
	mp_end(&b);
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim", mp_ct, b.data,
	    b.len, &r), 0);
	st = r.status;
	if (st == 429) {
		/* the per-source hour: when it ends, not a penalty */
		char *ra = tu_header(&r, "Retry-After");

		assert_non_null(ra);
		assert_true(atoi(ra) >= 1 && atoi(ra) <= 3600);
		free(ra);
	}
	tu_resp_free(&r);
	buf_free(&b);
	return st;
}

/* A solved proof-of-work raises the per-source limit; without it, the
 * form still works under the plain limit; a spent or forged one counts
 * for nothing. */
static void
test_pow_limits(void **state)
{
	struct tu_resp r;
	char ch[POW_TEXT], nonce[16], bad[POW_TEXT];
	int i, n;

	(void)state;
	tu_source = "127.0.0.30";
	for (i = 0; i < 5; i++)
		assert_int_equal(send_report(NULL, NULL), 200);
	assert_int_equal(send_report(NULL, NULL), 429);
	/* the summary page hands out a challenge and loads the script */
	assert_int_equal(tu_http(srv, "POST", "/lapor/tinjau", form_ct,
	    "category=korupsi&title=t&what=w", 31, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/static/pow.js"));
	assert_non_null(strstr(r.headers, "script-src 'self'"));
	assert_int_equal(tu_input_value(r.body, "pow_challenge", ch,
	    sizeof(ch)), 0);
	tu_resp_free(&r);
	for (n = 0; n < 1000000; n++) {
		snprintf(nonce, sizeof(nonce), "%d", n);
		if (pow_solves(ch, nonce, 8))
			break;
	}
	assert_true(n < 1000000);
	/* a forged challenge (changed MAC) counts for nothing */
	snprintf(bad, sizeof(bad), "%s", ch);
	bad[strlen(bad) - 2] = bad[strlen(bad) - 2] == 'A' ? 'B' : 'A';
	assert_int_equal(send_report(bad, nonce), 429);
	assert_int_equal(send_report(ch, nonce), 200);
	/* spent: the same solution again is no help */
	assert_int_equal(send_report(ch, nonce), 429);
	/* the public pages still carry no script permission */
	assert_int_equal(tu_http(srv, "GET", "/lapor", NULL, NULL, 0, &r), 0);
	assert_null(strstr(r.headers, "script-src"));
	assert_null(strstr(r.body, "<script"));
	tu_resp_free(&r);
	tu_source = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_without_reviewer),
		cmocka_unit_test(test_form_journey),
		cmocka_unit_test(test_json_journey),
		cmocka_unit_test(test_bad_input_keeps_values),
		cmocka_unit_test(test_code_throttling),
		cmocka_unit_test(test_pow_limits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
