/*
 * test_report_privacy.c: what a copy of the data directory, or the log,
 * could give away. A report whose every field, identity field, file
 * content and file name carries a canary leaves none of them, nor its
 * access code, anywhere under the data directory or in the log (at
 * debug level). The code cannot be looked up without the key file; a
 * wrong code, a tampered or truncated evidence file fail cleanly; the
 * identity is unreadable with the report key alone.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "filestore.h"
#include "log.h"
#include "report.h"
#include "totp.h"
#include "testutil.h"

#define PW	"kata sandi penelaah panjang"
#define BOUNDARY "cnryBoundary"

static struct tu_server *srv;
static time_t clk = 1800000000;

static const char *const canaries[] = {
	"cnry-title-91x", "cnry-what-91x", "cnry-who-91x", "cnry-where-91x",
	"cnry-when-91x", "cnry-why-91x", "cnry-how-91x", "cnry-unit-91x",
	"cnry-period-91x", "cnry-idname-91x", "cnry-idcontact-91x",
	"cnry-filebody-91x", "cnry-filename-91x", "cnry-reply-91x",
	"cnry-handler-91x", "3516091091091091",
};

static void
fast(struct wbs_config *c)
{
	c->argon2_ops = 1;
	c->argon2_mem_kib = 8;
}

static void
account(const char *name, unsigned roles, struct auth_session *s)
{
	char token[CRYPTO_TOKEN_TEXT];
	unsigned char secret[TOTP_SECRET_BYTES];

	tu_enrol(srv, name, roles, PW, &clk, secret, NULL,
	    s != NULL ? token : NULL);
	if (s != NULL)
		assert_int_equal(auth_session_load(srv->app->auth, token, clk,
		    s), 1);
}

static void
mp(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"%s\"\r\n\r\n%s\r\n", name, value);
}

static int64_t report_id;
static char code_text[32];

static void
test_canary_sweep(void **state)
{
	struct auth_session rv;
	struct tu_resp r;
	struct buf b;
	char logpath[1024], *logtext, *cookie = NULL, *p, csrf[64];
	char digits[CRYPTO_CODE_DIGITS + 1], body[256];
	const char *ct[] = {
		"Content-Type: multipart/form-data; boundary=" BOUNDARY,
		"User-Agent: cnry-ua-91x", NULL
	};
	const char *hdr[4];
	struct report_session rs;
	size_t i;
	int fd;

	(void)state;
	account("penelaah", ROLE_REVIEWER, &rv);
	account("inspektur", ROLE_CUSTODIAN, NULL);
	snprintf(logpath, sizeof(logpath), "%s/log", srv->dir);
	fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	log_init(LOGL_DEBUG, fd);

	buf_init(&b);
	mp(&b, "category", "korupsi");
	mp(&b, "title", "cnry-title-91x");
	mp(&b, "what", "cnry-what-91x");
	mp(&b, "who", "cnry-who-91x");
	mp(&b, "where", "cnry-where-91x");
	mp(&b, "when", "cnry-when-91x");
	mp(&b, "why", "cnry-why-91x");
	mp(&b, "how", "cnry-how-91x");
	mp(&b, "unit", "cnry-unit-91x");
	mp(&b, "period", "cnry-period-91x");
	mp(&b, "identity_name", "cnry-idname-91x");
	mp(&b, "identity_id", "3516091091091091");
	mp(&b, "identity_contact", "cnry-idcontact-91x");
	mp(&b, "consent", "1");
	mp(&b, "remove_metadata", "1");
	buf_printf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; "
	    "name=\"files\"; filename=\"cnry-filename-91x.txt\"\r\n"
	    "Content-Type: text/plain\r\n\r\ncnry-filebody-91x plain text\r\n"
	    "--" BOUNDARY "--\r\n");
	assert_int_equal(tu_http(srv, "POST", "/lapor/kirim?cnry-query-91x=1",
	    ct, b.data, b.len, &r), 0);
	buf_free(&b);
	if (r.status != 200)
		fail_msg("%ld: %s", r.status, r.body);
	/* the code, from the page */
	p = strstr(r.body, "WBS-");
	assert_non_null(p);
	for (p = r.body; *p != '\0'; p++)
		if (strlen(p) > 24 && p[4] == ' ' && p[9] == ' ' &&
		    p[14] == ' ' && p[19] == ' ' && p[0] >= '0' && p[0] <= '9' &&
		    crypto_code_normalise((snprintf(code_text,
		    sizeof(code_text), "%.24s", p), code_text), digits) == 0)
			break;
	assert_true(*p != '\0');
	cookie = tu_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	*strchr(cookie, ';') = '\0';
	tu_resp_free(&r);

	/* a reply and a handler's message carry canaries too */
	assert_int_equal(report_session_load(srv->app, strchr(cookie, '=') + 1,
	    clk, &rs), 1);
	report_id = rs.report_id;
	snprintf(csrf, sizeof(csrf), "%s", rs.csrf);
	{
		unsigned ra;

		assert_int_equal(report_reply(srv->app, &rs, "cnry-reply-91x",
		    &ra), REPORT_OK);
	}
	report_session_wipe(&rs);
	assert_int_equal(report_staff_message(srv->app, &rv, report_id,
	    "cnry-handler-91x"), REPORT_OK);
	snprintf(body, sizeof(body), "Cookie: %s", cookie);
	hdr[0] = body;
	hdr[1] = NULL;
	assert_int_equal(tu_http(srv, "GET", "/status/laporan", hdr, NULL, 0,
	    &r), 0);
	assert_int_equal(r.status, 200);
	/* the reporter sees them (so they were stored) */
	assert_non_null(strstr(r.body, "cnry-handler-91x"));
	assert_non_null(strstr(r.body, "cnry-reply-91x"));
	assert_non_null(strstr(r.body, "cnry-filename-91x"));
	tu_resp_free(&r);
	free(cookie);
	auth_session_wipe(&rv);

	log_init(LOGL_INFO, 2);
	close(fd);
	logtext = tu_read_file(logpath, NULL);
	assert_non_null(logtext);
	assert_non_null(strstr(logtext, "POST /lapor/kirim 200"));
	for (i = 0; i < sizeof(canaries) / sizeof(canaries[0]); i++) {
		if (tu_dir_contains(srv->cfg.data_dir, canaries[i],
		    strlen(canaries[i])))
			fail_msg("data directory holds %s", canaries[i]);
		if (strstr(logtext, canaries[i]) != NULL)
			fail_msg("log holds %s", canaries[i]);
	}
	assert_null(strstr(logtext, "cnry-ua-91x"));
	assert_null(strstr(logtext, "cnry-query-91x"));
	/* nor the access code, in any form */
	assert_false(tu_dir_contains(srv->cfg.data_dir, digits, strlen(digits)));
	assert_false(tu_dir_contains(srv->cfg.data_dir, code_text,
	    strlen(code_text)));
	assert_null(strstr(logtext, digits));
	assert_null(strstr(logtext, code_text));
	/* the search does find what is there */
	assert_true(tu_dir_contains(srv->cfg.data_dir, "WBS-", 4));
	free(logtext);
}

/* Without the key file's pepper the code finds nothing. */
static void
test_code_needs_key_file(void **state)
{
	struct server_keys *other;
	unsigned char lookup[32], pk[32], sk[32];
	char digits[CRYPTO_CODE_DIGITS + 1], path[1024], err[256];
	struct db_report rep;

	(void)state;
	assert_int_equal(crypto_code_normalise(code_text, digits), 0);
	/* with the server's own key file: found */
	assert_int_equal(crypto_code_derive(srv->app->keys, digits,
	    &srv->app->code_costs[0], lookup, pk, sk), 0);
	assert_int_equal(db_report_by_lookup(srv->app->db, lookup, &rep), 1);
	assert_int_equal(rep.id, report_id);
	db_report_clear(&rep);
	/* with any other key file (the real one being absent): not found */
	snprintf(path, sizeof(path), "%s/other.key", srv->dir);
	assert_int_equal(crypto_keyfile_create(path, err, sizeof(err)), 0);
	assert_int_equal(crypto_keyfile_load(path, &other, err, sizeof(err)),
	    0);
	assert_int_equal(crypto_code_derive(other, digits,
	    &srv->app->code_costs[0], lookup, pk, sk), 0);
	assert_int_equal(db_report_by_lookup(srv->app->db, lookup, &rep), 0);
	crypto_keys_free(other);
	/* and a wrong code fails cleanly */
	{
		char token[CRYPTO_TOKEN_TEXT];
		const struct auth_source src = { { 10, 2, 2, 2 }, 4 };

		unsigned ra;

		assert_int_equal(report_login(srv->app, &src,
		    "0000 0000 0000 0000 0000", token, &ra), REPORT_FAIL);
		assert_int_equal(report_login(srv->app, &src, "12 34", token,
		    &ra), REPORT_FAIL);
		assert_int_equal(report_login(srv->app, &src, code_text,
		    token, &ra), REPORT_OK);
	}
}

struct first_file {
	char	name[FILESTORE_NAME];
};

static int
collect(void *arg, const void *data, size_t len)
{
	(void)arg;
	(void)data;
	(void)len;
	return 0;
}

/* A tampered or truncated evidence file does not decrypt. */
static void
test_tampered_files_fail(void **state)
{
	char dir[1100], path[1500];
	DIR *d;
	struct dirent *e;
	int n = 0, fd;
	struct stat st;
	unsigned char key[32];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/files", srv->cfg.data_dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (!filestore_name_valid(e->d_name))
			continue;
		n++;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		/* flip a byte in the middle of the first chunk */
		fd = open(path, O_RDWR);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		{
			unsigned char c;

			assert_int_equal(pread(fd, &c, 1, 100), 1);
			c ^= 0x40;
			assert_int_equal(pwrite(fd, &c, 1, 100), 1);
		}
		close(fd);
		/* the stored size was padded (no plain length leaks) */
		assert_true(st.st_size >= 65536);
		/* whatever key: a tampered file never decrypts */
		memset(key, 7, sizeof(key));
		assert_int_equal(filestore_get(dir, e->d_name, key, collect,
		    NULL), -1);
		assert_int_equal(truncate(path, st.st_size / 2), 0);
		assert_int_equal(filestore_get(dir, e->d_name, key, collect,
		    NULL), -1);
	}
	closedir(d);
	assert_true(n >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canary_sweep),
		cmocka_unit_test(test_code_needs_key_file),
		cmocka_unit_test(test_tampered_files_fail),
	};

	srv = tu_server_start(fast, NULL, 0);
	auth_set_clock(srv->app->auth, clk);
	{
		int rc = cmocka_run_group_tests(tests, NULL, NULL);

		tu_server_stop(srv);
		return rc;
	}
}
