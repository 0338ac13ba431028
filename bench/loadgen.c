/*
 * loadgen.c: the benchmark's load driver for what wrk cannot do: JSON
 * API clients that chain requests (file a report, log in with its code,
 * upload a file), staff logins with fresh TOTP codes, one source
 * address per client, and an exact account of how every request ended.
 *
 *   loadgen run MODE --port P --clients N [--duration S] [--count N] ...
 *   loadgen coldstart --port P [--path /] -- COMMAND ARGS...
 *   loadgen totp BASE32
 *
 * run: N clients (libcurl multi, one thread) each repeat MODE in a
 * closed loop until --duration seconds have passed or --count chains
 * have been started. MODE is one of
 *   submit       POST /api/v1/reports (text; every tenth with identity)
 *   submit-file  the same, then POST /api/v1/reporter/session with the
 *                code and POST /api/v1/reporter/files with --file
 *                (metadata removal off): one chain, one connection
 *   code-login   POST /api/v1/reporter/session with a code of --codes
 *   staff-login  POST /api/v1/staff/session for accounts PREFIX00001..
 *                of --pool PREFIX:COUNT:BASE32:PASSWORD; each account
 *                uses each TOTP step at most once (the server refuses a
 *                replayed step), tracked across runs in --state FILE
 * Each chain starts on a new connection from its own loopback source
 * address (127.0.x.y, --sources of them; the server counts per source),
 * as distinct reporters would; the target is always 127.0.0.1.
 *
 * Every request ends in exactly one of: 2xx, 503 (busy: the client then
 * waits Retry-After, at most --max-backoff seconds), 429 (throttled,
 * likewise), another status ("other"), or a transport error ("drop":
 * refused, reset, timed out, cut short). Chains still running when the
 * time is up are abandoned and counted as "cut", not as drops. Prints
 * one line of key=value: counts (steps: successful requests; chain:
 * requests per chain), chains completed per second of the run (rate),
 * the work done per second in chains (work_rate: steps / chain /
 * seconds, which credits the chains a short run cuts off for the
 * requests they finished; the two agree in a steady state), latency
 * percentiles of completed chains (ms), and with --rss-pid the server's
 * resident memory at the start and its peak (KiB, sampled every 20 ms).
 * --codes-out FILE appends the access codes received.
 * --step-times prints each step's median (ms) of completed chains.
 *
 * coldstart: runs COMMAND, polls GET PATH on the port every 0.2 ms until
 * a 200, prints "ms=...", then stops the command (SIGTERM) and waits.
 *
 * totp: prints the current 6-digit code of a base32 secret.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <liboath/oath.h>

#define MAX_CLIENTS	1024
#define MAX_STEPS	3
#define TOTP_STEP	30

enum mode { M_SUBMIT, M_SUBMIT_FILE, M_CODE_LOGIN, M_STAFF_LOGIN };

struct opts {
	enum mode	 mode;
	unsigned	 port;
	int		 clients;
	double		 duration;	/* 0: until count */
	long		 count;		/* 0: until duration */
	int		 sources;
	double		 max_backoff;
	double		 timeout;
	const char	*file;
	const char	*codes;
	const char	*codes_out;
	const char	*pool;
	const char	*state;
	int		 rss_pid;
	int		 step_times;
};

struct sink {
	char	*p;
	size_t	 len;
};

struct client {
	CURL		*h;
	struct curl_slist *hdrs;
	curl_mime	*mime;
	struct sink	 body;
	char		 body_out[4096];
	unsigned	 retry_after;
	int		 active;	/* a request is in flight */
	int		 step;
	double		 chain_t0, step_t0;
	double		 step_ms[MAX_STEPS];
	double		 wake;		/* do not start before this time */
	char		 src[32];
	char		 code[64];
	char		 auth[256];
};

struct stats {
	long	 started, ok, nok, s503, s429, other, drop, cut;
	long	 other_codes[600];
	long	 drop_kinds[100];
	double	*lat;		/* ms of completed chains */
	size_t	 nlat, caplat;
	double	*steps[MAX_STEPS];
	size_t	 nsteps;
};

static struct opts o;
static struct stats st;
static char **codes;
static size_t ncodes, code_next;
static char pool_prefix[32], pool_pw[256];
static char *pool_secret;
static size_t pool_secret_len;
static long pool_count, pool_cursor;
static int64_t *pool_last;
static long chain_seq;

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "loadgen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return p;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;

	if (s->len + n > 65536)		/* answers here are small */
		return n;
	s->p = xrealloc(s->p, s->len + n + 1);
	memcpy(s->p + s->len, data, n);
	s->len += n;
	s->p[s->len] = '\0';
	return n;
}

static size_t
header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct client *c = arg;
	size_t n = size * nmemb;

	if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0)
		c->retry_after = (unsigned)strtoul(data + 12, NULL, 10);
	return n;
}

/* The string value of "key":"..." in a JSON text into out; 0 or -1. */
static int
json_str(const char *json, const char *key, char *out, size_t outlen)
{
	char pat[64];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if (json == NULL || (p = strstr(json, pat)) == NULL)
		return -1;
	p += strlen(pat);
	if ((e = strchr(p, '"')) == NULL || (size_t)(e - p) >= outlen)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

/* --- staff account pool ---------------------------------------------- */

static void
pool_load(void)
{
	char buf[1024], *p, *q, *r;
	FILE *f;

	if (snprintf(buf, sizeof(buf), "%s", o.pool) >= (int)sizeof(buf) ||
	    (p = strchr(buf, ':')) == NULL || (q = strchr(p + 1, ':')) ==
	    NULL || (r = strchr(q + 1, ':')) == NULL)
		die("--pool PREFIX:COUNT:BASE32:PASSWORD");
	*p++ = '\0';
	*q++ = '\0';
	*r++ = '\0';
	pool_count = strtol(p, NULL, 10);
	if (strlen(buf) >= sizeof(pool_prefix) || strlen(r) >= sizeof(pool_pw))
		die("--pool: prefix or password too long");
	memcpy(pool_prefix, buf, strlen(buf) + 1);
	memcpy(pool_pw, r, strlen(r) + 1);
	if (pool_count < 1 || oath_init() != OATH_OK ||
	    oath_base32_decode(q, strlen(q), &pool_secret, &pool_secret_len) !=
	    OATH_OK)
		die("bad --pool");
	pool_last = calloc((size_t)pool_count + 1, sizeof(*pool_last));
	if (pool_last == NULL)
		die("out of memory");
	if (o.state != NULL && (f = fopen(o.state, "rb")) != NULL) {
		if (fread(&pool_cursor, sizeof(pool_cursor), 1, f) != 1 ||
		    fread(pool_last, sizeof(*pool_last), (size_t)pool_count +
		    1, f) != (size_t)pool_count + 1)
			memset(pool_last, 0, ((size_t)pool_count + 1) *
			    sizeof(*pool_last));
		fclose(f);
	}
}

static void
pool_save(void)
{
	FILE *f;

	if (o.state == NULL || pool_last == NULL)
		return;
	if ((f = fopen(o.state, "wb")) == NULL)
		die("%s: %s", o.state, strerror(errno));
	fwrite(&pool_cursor, sizeof(pool_cursor), 1, f);
	fwrite(pool_last, sizeof(*pool_last), (size_t)pool_count + 1, f);
	fclose(f);
}

/*
 * The next account with an unused TOTP step in {now, now + 1} (both stay
 * inside the server's window of one step either side, even when a step
 * boundary passes in flight): writes its login body. -1 when every
 * account has used both steps.
 */
static int
pool_next(char *out, size_t outlen)
{
	int64_t now_step = (int64_t)(time(NULL) / TOTP_STEP), s;
	char code[16];
	long tries;

	for (tries = 0; tries < pool_count; tries++) {
		long i = pool_cursor % pool_count + 1;

		pool_cursor++;
		s = pool_last[i] + 1 > now_step ? pool_last[i] + 1 : now_step;
		if (s > now_step + 1)
			continue;
		if (oath_totp_generate(pool_secret, pool_secret_len,
		    (time_t)(s * TOTP_STEP), TOTP_STEP, 0, 6, code) != OATH_OK)
			die("oath_totp_generate");
		pool_last[i] = s;
		snprintf(out, outlen, "{\"username\":\"%s%05ld\","
		    "\"password\":\"%s\",\"totp\":\"%s\"}", pool_prefix, i,
		    pool_pw, code);
		return 0;
	}
	return -1;
}

/* --- requests -------------------------------------------------------- */

static const char report_text[] =
    "\"category\":\"pengadaan\","
    "\"title\":\"Dugaan mark-up pengadaan alat tulis kantor di dinas\","
    "\"what\":\"Pada kegiatan pengadaan alat tulis kantor tahun anggaran "
    "2025, harga satuan yang tercantum dalam kuitansi jauh di atas harga "
    "pasar. Kertas HVS dibeli Rp95.000 per rim padahal harga di toko "
    "sekitar Rp48.000. Selisih tersebut diduga dibagi antara pejabat "
    "pembuat komitmen dan rekanan. Dokumen pertanggungjawaban "
    "ditandatangani tanpa pemeriksaan barang.\","
    "\"who\":\"Pejabat pembuat komitmen dan penyedia CV tertentu\","
    "\"where\":\"Kantor dinas, Jalan Raya Jabon, Mojokerto\","
    "\"when\":\"Maret sampai Juni 2025\","
    "\"why\":\"Diduga untuk keuntungan pribadi\","
    "\"how\":\"Harga dinaikkan dalam dokumen, barang yang diterima lebih "
    "sedikit dari yang tercatat\","
    "\"unit\":\"Bagian Umum\",\"period\":\"2025\"";

static void
url(struct client *c, const char *path)
{
	char u[256];

	snprintf(u, sizeof(u), "http://127.0.0.1:%u%s", o.port, path);
	curl_easy_setopt(c->h, CURLOPT_URL, u);
}

static void
json_post(struct client *c, const char *path, const char *body)
{
	curl_easy_reset(c->h);
	url(c, path);
	snprintf(c->body_out, sizeof(c->body_out), "%s", body);
	curl_slist_free_all(c->hdrs);
	c->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	if (c->auth[0] != '\0')
		c->hdrs = curl_slist_append(c->hdrs, c->auth);
	c->hdrs = curl_slist_append(c->hdrs, "Expect:");
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdrs);
	curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, c->body_out);
}

static int
setup_request(struct client *c)
{
	char body[4096];

	switch (o.mode) {
	case M_SUBMIT:
	case M_SUBMIT_FILE:
		if (c->step == 0) {
			c->auth[0] = '\0';
			if (chain_seq % 10 == 0)
				snprintf(body, sizeof(body), "{%s,\"identity\":"
				    "{\"name\":\"Budi Santoso\",\"id_number\":"
				    "\"3516010101800001\",\"contact\":"
				    "\"08123456789\"}}", report_text);
			else
				snprintf(body, sizeof(body), "{%s}",
				    report_text);
			json_post(c, "/api/v1/reports", body);
		} else if (c->step == 1) {
			snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}",
			    c->code);
			json_post(c, "/api/v1/reporter/session", body);
		} else {
			curl_mimepart *part;

			curl_easy_reset(c->h);
			url(c, "/api/v1/reporter/files");
			curl_slist_free_all(c->hdrs);
			c->hdrs = curl_slist_append(NULL, c->auth);
			c->hdrs = curl_slist_append(c->hdrs, "Expect:");
			curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->hdrs);
			curl_mime_free(c->mime);
			c->mime = curl_mime_init(c->h);
			part = curl_mime_addpart(c->mime);
			curl_mime_name(part, "files");
			if (curl_mime_filedata(part, o.file) != CURLE_OK)
				die("%s: cannot read", o.file);
			curl_mime_filename(part, "bukti.pdf");
			curl_mime_type(part, "application/pdf");
			curl_easy_setopt(c->h, CURLOPT_MIMEPOST, c->mime);
		}
		break;
	case M_CODE_LOGIN:
		snprintf(body, sizeof(body), "{\"access_code\":\"%s\"}",
		    codes[code_next++ % ncodes]);
		json_post(c, "/api/v1/reporter/session", body);
		break;
	case M_STAFF_LOGIN:
		if (pool_next(body, sizeof(body)) == -1)
			return -1;
		json_post(c, "/api/v1/staff/session", body);
		break;
	}
	return 0;
}

static int
last_step(void)
{
	return o.mode == M_SUBMIT_FILE ? 2 : 0;
}

/* Starts the client's next request (a chain's first or a later step). */
static int
start(CURLM *m, struct client *c, double t)
{
	if (setup_request(c) == -1)
		return -1;
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->body);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT_MS, (long)(o.timeout * 1000));
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	if (o.sources > 1)
		curl_easy_setopt(c->h, CURLOPT_INTERFACE, c->src);
	/* A chain's first request opens a new connection, its last closes it. */
	curl_easy_setopt(c->h, CURLOPT_FRESH_CONNECT, c->step == 0 ? 1L : 0L);
	curl_easy_setopt(c->h, CURLOPT_FORBID_REUSE,
	    c->step == last_step() ? 1L : 0L);
	curl_easy_setopt(c->h, CURLOPT_PRIVATE, c);
	free(c->body.p);
	c->body.p = NULL;
	c->body.len = 0;
	c->retry_after = 0;
	c->step_t0 = t;
	c->active = 1;
	curl_multi_add_handle(m, c->h);
	return 0;
}

static int
new_chain(CURLM *m, struct client *c, double t)
{
	long k = chain_seq;

	c->step = 0;
	c->chain_t0 = t;
	c->code[0] = c->auth[0] = '\0';
	if (o.sources > 1)
		snprintf(c->src, sizeof(c->src), "127.0.%ld.%ld",
		    1 + (k % o.sources) / 250, 1 + (k % o.sources) % 250);
	if (start(m, c, t) == -1)
		return -1;
	chain_seq++;
	st.started++;
	return 0;
}

static void
lat_add(double ms, const double *steps)
{
	int i;

	if (st.nlat == st.caplat) {
		st.caplat = st.caplat ? st.caplat * 2 : 4096;
		st.lat = xrealloc(st.lat, st.caplat * sizeof(double));
		for (i = 0; i < MAX_STEPS; i++)
			st.steps[i] = xrealloc(st.steps[i], st.caplat *
			    sizeof(double));
	}
	for (i = 0; i < MAX_STEPS; i++)
		st.steps[i][st.nlat] = steps[i];
	st.lat[st.nlat++] = ms;
}

/* A request finished: account for it; 1 when the chain goes on. */
static int
finished(struct client *c, CURLcode rc, double t)
{
	long status = 0;
	double backoff;

	c->active = 0;
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		st.drop++;
		st.drop_kinds[rc < 100 ? rc : 99]++;
		return 0;
	}
	if (status >= 200 && status < 300) {
		st.nok++;
		c->step_ms[c->step] = (t - c->step_t0) * 1000;
		if (c->step == 0 && (o.mode == M_SUBMIT ||
		    o.mode == M_SUBMIT_FILE)) {
			if (json_str(c->body.p, "access_code", c->code,
			    sizeof(c->code)) == -1) {
				st.other++;
				st.other_codes[599]++;
				return 0;
			}
			if (o.codes_out != NULL) {
				FILE *f = fopen(o.codes_out, "a");

				if (f != NULL) {
					fprintf(f, "%s\n", c->code);
					fclose(f);
				}
			}
		}
		if (c->step == last_step()) {
			st.ok++;
			lat_add((t - c->chain_t0) * 1000, c->step_ms);
			return 0;
		}
		if (c->step == 1) {
			char tok[200];

			if (json_str(c->body.p, "token", tok, sizeof(tok)) ==
			    -1) {
				st.other++;
				st.other_codes[599]++;
				return 0;
			}
			snprintf(c->auth, sizeof(c->auth),
			    "Authorization: Bearer %s", tok);
		}
		c->step++;
		return 1;
	}
	backoff = 0;
	if (status == 503) {
		st.s503++;
		backoff = c->retry_after > 0 ? c->retry_after : 1;
	} else if (status == 429) {
		st.s429++;
		backoff = c->retry_after > 0 ? c->retry_after : 1;
	} else {
		st.other++;
		st.other_codes[status > 0 && status < 599 ? status : 599]++;
	}
	if (backoff > o.max_backoff)
		backoff = o.max_backoff;
	c->wake = t + backoff;
	return 0;
}

static long
rss_kib(int pid, const char *field)
{
	char path[64], line[256];
	size_t n = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), cmpd);
	i = (size_t)ceil(p / 100.0 * (double)n);
	return v[i == 0 ? 0 : i - 1];
}

static void
load_codes(void)
{
	char line[256];
	FILE *f = fopen(o.codes, "r");

	if (f == NULL)
		die("%s: %s", o.codes, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		codes = xrealloc(codes, (ncodes + 1) * sizeof(*codes));
		if ((codes[ncodes++] = strdup(line)) == NULL)
			die("out of memory");
	}
	fclose(f);
	if (ncodes == 0)
		die("%s: no codes", o.codes);
}

static int
run(void)
{
	struct client *cl;
	CURLM *m;
	double t0, t, end, next_rss = 0;
	long rss0 = -1, rss_peak = -1, r;
	int i, running, left, stopping = 0;
	CURLMsg *msg;

	if (o.mode == M_SUBMIT_FILE && o.file == NULL)
		die("submit-file needs --file");
	if (o.mode == M_CODE_LOGIN)
		load_codes();
	if (o.mode == M_STAFF_LOGIN)
		pool_load();
	if ((cl = calloc((size_t)o.clients, sizeof(*cl))) == NULL ||
	    (m = curl_multi_init()) == NULL)
		die("out of memory");
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)o.clients * 2);
	for (i = 0; i < o.clients; i++)
		if ((cl[i].h = curl_easy_init()) == NULL)
			die("curl_easy_init");
	if (o.rss_pid > 0)
		rss0 = rss_peak = rss_kib(o.rss_pid, "VmRSS");
	t0 = now_s();
	end = o.duration > 0 ? t0 + o.duration : 1e300;
	for (;;) {
		t = now_s();
		if (!stopping && (t >= end || (o.count > 0 &&
		    st.started >= o.count)))
			stopping = 1;
		for (i = 0; i < o.clients && !stopping; i++)
			if (!cl[i].active && cl[i].wake <= t && (o.count == 0 ||
			    st.started < o.count))
				if (new_chain(m, &cl[i], t) == -1) {
					fprintf(stderr, "loadgen: account pool "
					    "used up; stopping early\n");
					stopping = 1;
					end = t;
				}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct client *c;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&c);
			curl_multi_remove_handle(m, c->h);
			t = now_s();
			if (finished(c, msg->data.result, t) && !(stopping &&
			    t >= end))
				start(m, c, t);
		}
		if (o.rss_pid > 0 && t >= next_rss) {
			if ((r = rss_kib(o.rss_pid, "VmRSS")) > rss_peak)
				rss_peak = r;
			next_rss = t + 0.02;
		}
		if (stopping) {
			int busy = 0;

			for (i = 0; i < o.clients; i++)
				busy |= cl[i].active;
			if (!busy)
				break;
			if (t >= end) {
				/* time is up: abandon what is in flight */
				for (i = 0; i < o.clients; i++)
					if (cl[i].active) {
						curl_multi_remove_handle(m,
						    cl[i].h);
						cl[i].active = 0;
						st.cut++;
					}
				break;
			}
		}
		curl_multi_poll(m, NULL, 0, 2, NULL);
	}
	t = now_s();
	if (o.duration <= 0)
		end = t;
	printf("mode=%s clients=%d seconds=%.3f started=%ld ok=%ld "
	    "steps=%ld chain=%d s503=%ld s429=%ld other=%ld drop=%ld cut=%ld "
	    "rate=%.3f work_rate=%.3f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f "
	    "max_ms=%.2f",
	    o.mode == M_SUBMIT ? "submit" : o.mode == M_SUBMIT_FILE ?
	    "submit-file" : o.mode == M_CODE_LOGIN ? "code-login" :
	    "staff-login", o.clients, end - t0, st.started, st.ok, st.nok,
	    last_step() + 1, st.s503, st.s429, st.other, st.drop, st.cut,
	    (double)st.ok / (end - t0),
	    (double)st.nok / (last_step() + 1) / (end - t0),
	    pct(st.lat, st.nlat, 50), pct(st.lat, st.nlat, 90),
	    pct(st.lat, st.nlat, 99), pct(st.lat, st.nlat, 100));
	if (o.step_times)
		for (i = 0; i <= last_step(); i++)
			printf(" step%d_p50_ms=%.2f", i, pct(st.steps[i],
			    st.nlat, 50));
	if (o.rss_pid > 0)
		printf(" rss0_kib=%ld rss_peak_kib=%ld hwm_kib=%ld", rss0,
		    rss_peak, rss_kib(o.rss_pid, "VmHWM"));
	for (i = 0; i < 600; i++)
		if (st.other_codes[i] > 0)
			printf(" status%d=%ld", i, st.other_codes[i]);
	for (i = 0; i < 100; i++)
		if (st.drop_kinds[i] > 0)
			printf(" curl%d=%ld", i, st.drop_kinds[i]);
	printf("\n");
	pool_save();
	for (i = 0; i < o.clients; i++) {
		curl_easy_cleanup(cl[i].h);
		curl_slist_free_all(cl[i].hdrs);
		curl_mime_free(cl[i].mime);
		free(cl[i].body.p);
	}
	curl_multi_cleanup(m);
	free(cl);
	return 0;
}

/* --- cold start ------------------------------------------------------ */

static size_t
discard(char *d, size_t s, size_t n, void *a)
{
	(void)d;
	(void)a;
	return s * n;
}

static int
coldstart(const char *path, char **argv)
{
	char u[256];
	double t0, t;
	long status = 0;
	pid_t pid;
	CURL *h;
	int wst;

	snprintf(u, sizeof(u), "http://127.0.0.1:%u%s", o.port, path);
	if ((h = curl_easy_init()) == NULL)
		die("curl_easy_init");
	t0 = now_s();
	if ((pid = fork()) == -1)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		curl_easy_setopt(h, CURLOPT_URL, u);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
		if (curl_easy_perform(h) == CURLE_OK &&
		    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) ==
		    CURLE_OK && status == 200)
			break;
		t = now_s();
		if (t - t0 > 10 || waitpid(pid, &wst, WNOHANG) == pid) {
			kill(pid, SIGKILL);
			die("no 200 from the server within 10 s");
		}
		usleep(200);
	}
	t = now_s();
	printf("ms=%.2f\n", (t - t0) * 1000);
	fflush(stdout);
	kill(pid, SIGTERM);
	waitpid(pid, &wst, 0);
	curl_easy_cleanup(h);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: loadgen run MODE --port P --clients N [--duration S] "
	    "[--count N]\n"
	    "           [--sources N] [--max-backoff S] [--timeout S] "
	    "[--file F] [--codes F]\n"
	    "           [--codes-out F] [--pool PREFIX:COUNT:B32:PW] "
	    "[--state F] [--rss-pid PID]\n"
	    "           [--step-times]\n"
	    "       loadgen coldstart --port P [--path /] -- COMMAND ARGS...\n"
	    "       loadgen totp BASE32\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char *path = "/";
	int i;

	if (argc < 2)
		usage();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (strcmp(argv[1], "totp") == 0 && argc == 3) {
		char *sec, code[16];
		size_t n;

		if (oath_init() != OATH_OK || oath_base32_decode(argv[2],
		    strlen(argv[2]), &sec, &n) != OATH_OK ||
		    oath_totp_generate(sec, n, time(NULL), TOTP_STEP, 0, 6,
		    code) != OATH_OK)
			die("bad secret");
		printf("%s\n", code);
		return 0;
	}
	o.clients = 1;
	o.sources = 1;
	o.max_backoff = 1;
	o.timeout = 120;
	i = 2;
	if (strcmp(argv[1], "run") == 0) {
		if (argc < 3)
			usage();
		if (strcmp(argv[2], "submit") == 0)
			o.mode = M_SUBMIT;
		else if (strcmp(argv[2], "submit-file") == 0)
			o.mode = M_SUBMIT_FILE;
		else if (strcmp(argv[2], "code-login") == 0)
			o.mode = M_CODE_LOGIN;
		else if (strcmp(argv[2], "staff-login") == 0)
			o.mode = M_STAFF_LOGIN;
		else
			usage();
		i = 3;
	} else if (strcmp(argv[1], "coldstart") != 0)
		usage();
	for (; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--step-times") == 0) {
			o.step_times = 1;
			continue;
		}
		if (v == NULL)
			usage();
		i++;
		if (strcmp(a, "--port") == 0)
			o.port = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(a, "--clients") == 0)
			o.clients = atoi(v);
		else if (strcmp(a, "--duration") == 0)
			o.duration = atof(v);
		else if (strcmp(a, "--count") == 0)
			o.count = atol(v);
		else if (strcmp(a, "--sources") == 0)
			o.sources = atoi(v);
		else if (strcmp(a, "--max-backoff") == 0)
			o.max_backoff = atof(v);
		else if (strcmp(a, "--timeout") == 0)
			o.timeout = atof(v);
		else if (strcmp(a, "--file") == 0)
			o.file = v;
		else if (strcmp(a, "--codes") == 0)
			o.codes = v;
		else if (strcmp(a, "--codes-out") == 0)
			o.codes_out = v;
		else if (strcmp(a, "--pool") == 0)
			o.pool = v;
		else if (strcmp(a, "--state") == 0)
			o.state = v;
		else if (strcmp(a, "--rss-pid") == 0)
			o.rss_pid = atoi(v);
		else if (strcmp(a, "--path") == 0)
			path = v;
		else
			usage();
	}
	if (o.port == 0 || o.port > 65535 || o.clients < 1 ||
	    o.clients > MAX_CLIENTS || o.sources < 1 || o.sources > 62500)
		usage();
	if (strcmp(argv[1], "coldstart") == 0) {
		if (i >= argc)
			usage();
		return coldstart(path, argv + i);
	}
	if (i != argc || (o.duration <= 0 && o.count <= 0))
		usage();
	return run();
}
