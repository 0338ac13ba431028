/*
 * testutil.c: temporary directories and file helpers for tests.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

char *
tu_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char path[1024];
	char *p;

	snprintf(path, sizeof(path), "%s/wbs-test-XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	p = mkdtemp(path);
	assert_non_null(p);
	return strdup(p);
}

void
tu_rmtree(const char *path)
{
	DIR *d;
	struct dirent *e;
	char sub[2048];
	struct stat st;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			tu_rmtree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

void
tu_write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

char *
tu_read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			p = realloc(p, cap + 1);
			assert_non_null(p);
		}
		n = fread(p + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	p[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return p;
}

int
tu_dir_contains(const char *dir, const void *needle, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[2048];
	int found = 0;

	assert_non_null(d);
	while (!found && (e = readdir(d)) != NULL) {
		struct stat st;
		char *data;
		size_t len;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			found = tu_dir_contains(path, needle, n);
			continue;
		}
		if ((data = tu_read_file(path, &len)) == NULL)
			continue;
		found = memmem(data, len, needle, n) != NULL;
		free(data);
	}
	closedir(d);
	return found;
}

const char *
tu_srcdir(void)
{
	const char *s = getenv("WBS_SRCDIR");

	return s != NULL && *s != '\0' ? s : ".";
}

/* --- in-process server and HTTP client ------------------------------- */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "auth.h"
#include "pages.h"
#include "totp.h"
#include "web.h"

struct tu_server *
tu_server_start(void (*tweak)(struct wbs_config *), const struct route *extra,
    size_t nextra)
{
	struct tu_server *t = calloc(1, sizeof(*t));
	struct http_hooks hooks;
	char err[1024];
	size_t n = pages_nroutes + nextra;

	assert_non_null(t);
	t->dir = tu_mkdtemp();
	config_defaults(&t->cfg);
	assert_int_equal(config_set_listen(&t->cfg, "127.0.0.1:8080"), 0);
	t->cfg.listen_port = 0;		/* any free port */
	snprintf(t->cfg.data_dir, sizeof(t->cfg.data_dir), "%s/data",
	    t->dir);
	t->cfg.threads = 2;
	/* Access codes at the cheapest cost: tests count runs, not time. */
	t->cfg.code_kdf_ops = 1;
	t->cfg.code_kdf_mem_kib = 8;
	if (tweak != NULL)
		tweak(&t->cfg);
	if (app_init_data(t->cfg.data_dir, err, sizeof(err)) == -1)
		fail_msg("init: %s", err);
	if (app_open(&t->app, &t->cfg, err, sizeof(err)) == -1)
		fail_msg("app_open: %s", err);
	t->routes = calloc(n, sizeof(struct route));
	assert_non_null(t->routes);
	memcpy(t->routes, pages_routes, pages_nroutes * sizeof(struct route));
	if (nextra > 0)
		memcpy(t->routes + pages_nroutes, extra,
		    nextra * sizeof(struct route));
	web_hooks(&hooks, t->app);
	hooks.busy = pages_busy;
	if (http_start(&t->srv, &t->cfg, t->routes, n, &hooks, err,
	    sizeof(err)) == -1)
		fail_msg("http_start: %s", err);
	t->port = http_port(t->srv);
	assert_true(t->port > 0);
	return t;
}

void
tu_server_stop(struct tu_server *t)
{
	if (t == NULL)
		return;
	http_stop(t->srv);
	app_close(t->app);
	tu_rmtree(t->dir);
	free(t->dir);
	free(t->routes);
	free(t);
}

const char *tu_source;

int
tu_input_value(const char *html, const char *name, char *out, size_t outlen)
{
	char needle[128];
	const char *p = html, *tag, *end, *v;
	size_t o = 0;

	snprintf(needle, sizeof(needle), "name=\"%s\"", name);
	while ((p = strstr(p, needle)) != NULL) {
		/* the enclosing tag */
		for (tag = p; tag > html && *tag != '<'; tag--)
			;
		end = strchr(p, '>');
		p += strlen(needle);
		if (end == NULL || strncmp(tag, "<input", 6) != 0)
			continue;
		v = strstr(tag, "value=\"");
		if (v == NULL || v > end)
			continue;
		for (v += 7; *v != '"' && v < end; v++) {
			static const struct { const char *e; char c; } ents[] = {
				{ "&amp;", '&' }, { "&quot;", '"' },
				{ "&#39;", '\'' }, { "&lt;", '<' }, { "&gt;", '>' },
			};
			size_t k;
			char c = *v;

			for (k = 0; k < 5; k++)
				if (strncmp(v, ents[k].e, strlen(ents[k].e)) ==
				    0) {
					c = ents[k].c;
					v += strlen(ents[k].e) - 1;
					break;
				}
			if (o + 1 >= outlen)
				return -1;
			out[o++] = c;
		}
		out[o] = '\0';
		return 0;
	}
	return -1;
}

int
tu_base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned long acc = 0;
	int bits = 0;
	size_t o = 0;
	const char *p, *q;

	for (p = in; *p != '\0'; p++) {
		char c = *p;

		if (c == ' ' || c == '-' || c == '=')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((q = strchr(alpha, c)) == NULL || c == '\0')
			return -1;
		acc = (acc << 5) | (unsigned long)(q - alpha);
		bits += 5;
		if (bits >= 8) {
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)o;
}

struct sink {
	char	*p;
	size_t	 len;
};

static size_t
sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;
	char *np = realloc(s->p, s->len + n + 1);

	if (np == NULL)
		return 0;
	s->p = np;
	memcpy(s->p + s->len, data, n);
	s->len += n;
	s->p[s->len] = '\0';
	return n;
}

int
tu_http(const struct tu_server *t, const char *method, const char *path,
    const char *const *headers, const char *body, size_t body_len,
    struct tu_resp *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	struct sink b = { NULL, 0 }, h = { NULL, 0 };
	char url[4096 + 64];
	CURLcode rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	assert_non_null(c);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s",
	    (unsigned)t->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		hl = curl_slist_append(hl, headers[i]);
	if (hl != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)body_len);
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (tu_source != NULL)
		curl_easy_setopt(c, CURLOPT_INTERFACE, tu_source);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	out->body = b.p != NULL ? b.p : strdup("");
	out->body_len = b.len;
	out->headers = h.p != NULL ? h.p : strdup("");
	return rc == CURLE_OK ? 0 : -1;
}

char *
tu_header(const struct tu_resp *r, const char *name)
{
	const char *p = r->headers;
	size_t n = strlen(name);

	while (p != NULL && *p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;

			while (*v == ' ')
				v++;
			return strndup(v, len - (size_t)(v - p));
		}
		p = eol != NULL ? eol + 2 : NULL;
	}
	return NULL;
}

void
tu_resp_free(struct tu_resp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

int
tu_connect(const struct tu_server *t)
{
	struct sockaddr_in sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(t->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

void
tu_assert_security_headers(const struct tu_resp *r)
{
	static const char *const want[][2] = {
		{ "Content-Security-Policy", "default-src 'none'" },
		{ "Referrer-Policy", "no-referrer" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "X-Frame-Options", "DENY" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
		{ "Permissions-Policy", "camera=()" },
	};
	size_t i;
	char *v;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		v = tu_header(r, want[i][0]);
		if (v == NULL)
			fail_msg("missing header %s (status %ld)", want[i][0],
			    r->status);
		if (strstr(v, want[i][1]) == NULL)
			fail_msg("header %s: '%s' lacks '%s'", want[i][0], v,
			    want[i][1]);
		free(v);
	}
	v = tu_header(r, "Server");
	if (v != NULL)
		fail_msg("Server header present: %s", v);
}

void
tu_enrol(struct tu_server *t, const char *name, unsigned roles,
    const char *pw, time_t *clk, unsigned char *secret, char *recovery,
    char *token)
{
	static const struct auth_source src = { { 10, 99, 99, 99 }, 4 };
	struct auth *a = t->app->auth;
	char tok[CRYPTO_TOKEN_TEXT], code[TOTP_DIGITS + 1];
	struct auth_enrol_view v;
	unsigned retry;

	*clk += TOTP_STEP;
	auth_set_clock(a, *clk);
	assert_int_equal(auth_user_create(a, name, name, roles, NULL, tok,
	    NULL), AUTH_OK);
	assert_int_equal(auth_enrol_begin(a, tok, pw, &v), AUTH_OK);
	assert_int_equal(tu_base32_decode(v.totp_base32, secret,
	    TOTP_SECRET_BYTES), TOTP_SECRET_BYTES);
	if (recovery != NULL)
		snprintf(recovery, CRYPTO_RECOVERY_TEXT, "%s", v.recovery);
	assert_int_equal(totp_code(secret, *clk, code), 0);
	assert_int_equal(auth_enrol_finish(a, tok, v.pending, code), AUTH_OK);
	if (token == NULL)
		return;
	*clk += TOTP_STEP;
	auth_set_clock(a, *clk);
	assert_int_equal(totp_code(secret, *clk, code), 0);
	assert_int_equal(auth_login(a, &src, name, pw, code, token, &retry),
	    AUTH_OK);
}
