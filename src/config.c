/*
 * config.c: the server configuration. One table, config_keys[], lists
 * every INI key with its section, type, destination field, range and
 * default; config_defaults(), config_load() and config_dump() all walk
 * it. This is the only file that includes libinih's <ini.h>.
 *
 * Reading rules (see docs/CONFIG.md): comments are whole lines starting
 * with ';' or '#'; there are no inline comments and no continuation
 * lines; a value wholly enclosed in double quotes loses the quotes;
 * lines may hold at most CONFIG_LINE_MAX bytes. Anything unexpected is
 * an error reported as "PATH:LINE: reason", never silently ignored.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "util.h"

#define CONFIG_LINE_MAX	2048		/* bytes per line, without CR/LF */
#define CONFIG_FILE_MAX	(1024 * 1024)	/* bytes per file */
#define CONFIG_ECHO_MAX	40		/* bytes of a bad value quoted back */

enum config_type {
	CT_STRING,	/* UTF-8 text, no control characters */
	CT_PATH,	/* a file system path, same rules as CT_STRING */
	CT_UINT,	/* unsigned decimal in [min, max] */
	CT_SIZE,	/* size_t decimal (bytes) in [min, max] */
	CT_BOOL,	/* true/false yes/no on/off 1/0 */
	CT_LISTEN,	/* IPv4:PORT or [IPv6]:PORT; sets listen_addr and _port */
	CT_LOGLEVEL,	/* a name accepted by log_level_parse() */
	CT_PROXIES	/* a CT_STRING that proxy_list_parse() accepts; sets proxies */
};

/*
 * One key. For CT_STRING and CT_PATH, min is the least length (1: the
 * value must not be empty) and the greatest is size - 1. The F_* macros
 * refuse to compile when the field's C type does not match the key type.
 */
struct config_key {
	const char		*section;
	const char		*key;
	enum config_type	 type;
	size_t			 off;
	size_t			 size;
	unsigned long long	 min;
	unsigned long long	 max;
	const char		*def;
};

#define F_(f, T) \
	_Generic(((struct wbs_config *)0)->f, T: offsetof(struct wbs_config, f))
#define F_STR(f)	F_(f, char *), sizeof(((struct wbs_config *)0)->f)
#define F_UINT(f)	F_(f, unsigned), sizeof(unsigned)
#define F_SIZE(f)	F_(f, size_t), sizeof(size_t)
#define F_BOOL(f)	F_(f, int), sizeof(int)
#define F_LEVEL(f)	F_(f, enum log_level), sizeof(enum log_level)

static const struct config_key config_keys[] = {
	/* section, key, type, field, min, max, default */
	{ "server", "listen", CT_LISTEN, F_STR(listen_addr), 0, 0,
	    "127.0.0.1:8080" },
	{ "server", "data_dir", CT_PATH, F_STR(data_dir), 1, 0, "./data" },
	{ "server", "threads", CT_UINT, F_UINT(threads), 1, 64, "4" },
	{ "server", "workers", CT_UINT, F_UINT(workers), 0, 64, "0" },
	{ "server", "queue_max", CT_UINT, F_UINT(queue_max), 1, 4096, "64" },
	{ "server", "queue_wait", CT_UINT, F_UINT(queue_wait), 1, 600, "20" },
	{ "server", "queue_per_source", CT_UINT, F_UINT(queue_per_source), 1,
	    1024, "4" },
	{ "server", "trusted_proxies", CT_PROXIES, F_STR(trusted_proxies), 0,
	    0, "" },
	{ "server", "connections_per_client", CT_UINT, F_UINT(conn_per_ip), 0,
	    65536, "128" },
	{ "server", "max_connections", CT_UINT, F_UINT(max_connections),
	    1, 65536, "256" },
	{ "server", "connection_timeout", CT_UINT, F_UINT(conn_timeout),
	    1, 3600, "30" },
	{ "server", "header_timeout", CT_UINT, F_UINT(header_timeout),
	    1, 300, "10" },
	{ "server", "request_timeout", CT_UINT, F_UINT(request_timeout),
	    1, 3600, "60" },
	{ "server", "upload_timeout", CT_UINT, F_UINT(upload_timeout),
	    1, 86400, "3600" },
	{ "server", "connection_memory", CT_SIZE, F_SIZE(conn_memory),
	    16384, 1048576, "65536" },
	{ "server", "max_header_bytes", CT_SIZE, F_SIZE(max_header_bytes),
	    1024, 65536, "8192" },
	{ "server", "max_form_bytes", CT_SIZE, F_SIZE(max_form_bytes),
	    1024, 16777216, "65536" },
	{ "server", "behind_tls_proxy", CT_BOOL, F_BOOL(tls_proxy), 0, 1,
	    "false" },
	{ "server", "sandbox", CT_BOOL, F_BOOL(sandbox), 0, 1, "true" },
	{ "server", "user", CT_STRING, F_STR(run_user), 0, 0, "" },
	{ "server", "hsts_max_age", CT_UINT, F_UINT(hsts_max_age),
	    0, 63072000, "31536000" },
	{ "server", "templates_dir", CT_PATH, F_STR(templates_dir), 0, 0, "" },
	{ "server", "static_dir", CT_PATH, F_STR(static_dir), 0, 0, "" },
	{ "server", "po_dir", CT_PATH, F_STR(po_dir), 0, 0, "" },

	{ "site", "name", CT_STRING, F_STR(site_name), 1, 0,
	    "WBS Kabupaten Mojokerto" },
	{ "site", "institution", CT_STRING, F_STR(institution), 1, 0,
	    "Inspektorat Kabupaten Mojokerto" },
	{ "site", "government", CT_STRING, F_STR(government), 1, 0,
	    "Pemerintah Kabupaten Mojokerto" },
	{ "site", "url", CT_STRING, F_STR(site_url), 1, 0,
	    "https://wbs.mojokertokab.go.id" },
	{ "site", "regulation", CT_STRING, F_STR(regulation), 1, 0,
	    "Peraturan Bupati Mojokerto Nomor 53 Tahun 2021" },
	{ "site", "regulation_previous", CT_STRING, F_STR(regulation_prev),
	    0, 0, "Peraturan Bupati Mojokerto Nomor 21 Tahun 2019" },
	{ "site", "contact", CT_STRING, F_STR(contact), 0, 0, "" },

	{ "auth", "argon2_ops", CT_UINT, F_UINT(argon2_ops), 1, 10, "3" },
	{ "auth", "argon2_mem_kib", CT_UINT, F_UINT(argon2_mem_kib), 8,
	    4194304, "262144" },
	{ "auth", "login_concurrency", CT_UINT, F_UINT(login_concurrency), 0,
	    64, "0" },
	{ "auth", "session_idle", CT_UINT, F_UINT(session_idle), 60, 86400,
	    "900" },
	{ "auth", "session_max", CT_UINT, F_UINT(session_max), 300, 604800,
	    "28800" },
	{ "auth", "enrol_hours", CT_UINT, F_UINT(enrol_hours), 1, 720, "72" },
	{ "auth", "password_min", CT_UINT, F_UINT(password_min), 8, 128,
	    "12" },

	{ "reports", "categories", CT_STRING, F_STR(categories), 1, 0,
	    "korupsi,gratifikasi,penyalahgunaan-wewenang,benturan-kepentingan,"
	    "pelanggaran-disiplin,pengadaan,lainnya" },
	{ "reports", "max_file_mb", CT_UINT, F_UINT(max_file_mb), 1, 2048,
	    "100" },
	{ "reports", "max_total_mb", CT_UINT, F_UINT(max_total_mb), 1, 4096,
	    "250" },
	{ "reports", "max_files", CT_UINT, F_UINT(max_files), 1, 50, "10" },
	{ "reports", "max_report_files", CT_UINT, F_UINT(max_report_files), 1,
	    1000, "50" },
	{ "reports", "max_report_mb", CT_UINT, F_UINT(max_report_mb), 1,
	    65536, "1024" },
	{ "reports", "upload_tmpdir", CT_PATH, F_STR(upload_tmpdir), 1, 0,
	    "/dev/shm" },
	{ "reports", "staging_max_mb", CT_UINT, F_UINT(staging_max_mb), 16,
	    1048576, "1024" },
	{ "reports", "remove_metadata", CT_BOOL, F_BOOL(remove_metadata), 0, 1,
	    "true" },
	{ "reports", "reports_per_minute", CT_UINT, F_UINT(reports_per_minute),
	    1, 10000, "30" },
	{ "reports", "reports_per_source", CT_UINT, F_UINT(reports_per_source),
	    1, 1000, "5" },
	{ "reports", "pow_bits", CT_UINT, F_UINT(pow_bits), 0, 24, "16" },
	{ "reports", "reporter_idle", CT_UINT, F_UINT(reporter_idle), 60, 86400,
	    "1800" },
	{ "reports", "code_kdf_ops", CT_UINT, F_UINT(code_kdf_ops), 1, 10, "2" },
	{ "reports", "code_kdf_mem_kib", CT_UINT, F_UINT(code_kdf_mem_kib), 8,
	    4194304, "19456" },

	{ "deadlines", "acknowledge_days", CT_UINT, F_UINT(dl_acknowledge), 1,
	    60, "3" },
	{ "deadlines", "review_days", CT_UINT, F_UINT(dl_review), 1, 365,
	    "14" },
	{ "deadlines", "investigation_days", CT_UINT, F_UINT(dl_investigation),
	    1, 730, "60" },
	{ "deadlines", "update_days", CT_UINT, F_UINT(dl_update), 1, 365,
	    "90" },
	{ "deadlines", "completion_days", CT_UINT, F_UINT(dl_completion), 1,
	    365, "14" },
	{ "deadlines", "holidays", CT_PATH, F_STR(holidays), 0, 0, "" },

	{ "log", "level", CT_LOGLEVEL, F_LEVEL(log_level), 0, 0, "info" },
	{ "log", "journald", CT_BOOL, F_BOOL(log_journald), 0, 1, "false" },
};

/* State of one config_load() call, shared by the reader and handler. */
struct config_ctx {
	struct wbs_config	*cfg;		/* the copy being filled */
	const char		*data;		/* file contents */
	size_t			 len;
	size_t			 pos;		/* next unread byte */
	int			 lineno;	/* line last handed to libinih */
	int			 seen[NELEM(config_keys)]; /* line set on, or 0 */
	int			 errline;	/* 0: no error yet */
	char			 msg[512];
};

static void	 ctx_fail(struct config_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Records the first error at the current line; later ones are dropped. */
static void
ctx_fail(struct config_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->errline != 0)
		return;
	c->errline = c->lineno > 0 ? c->lineno : 1;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/*
 * Writes at most CONFIG_ECHO_MAX bytes of s into out (which must hold
 * CONFIG_ECHO_MAX + 4 bytes) for quoting in an error message: bytes
 * outside printable ASCII become '?', a longer value ends in "...".
 */
static void
config_echo(char *out, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < CONFIG_ECHO_MAX; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (s[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

/*
 * Parses "ADDR:PORT" or "[ADDR]:PORT". Returns 0 with the address
 * (without brackets) in addr and the port in *port, or -1 with *why set
 * to a static reason; nothing is written on failure.
 */
static int
listen_parse(const char *s, char *addr, size_t addrlen, uint16_t *port,
    const char **why)
{
	unsigned char bin[sizeof(struct in6_addr)];
	char host[INET6_ADDRSTRLEN];
	const char *h, *end, *colon;
	unsigned long long p;
	size_t hlen;
	int af;

	if (s[0] == '[') {
		af = AF_INET6;
		h = s + 1;
		if ((end = strchr(h, ']')) == NULL) {
			*why = "missing ']' after the IPv6 address";
			return -1;
		}
		colon = end + 1;
		if (*colon != ':') {
			*why = "missing ':PORT'";
			return -1;
		}
	} else {
		af = AF_INET;
		h = s;
		if ((colon = strrchr(s, ':')) == NULL) {
			*why = "missing ':PORT'";
			return -1;
		}
		end = colon;
		if (memchr(h, ':', (size_t)(end - h)) != NULL) {
			*why = "an IPv6 address must be written as [ADDR]:PORT";
			return -1;
		}
	}
	hlen = (size_t)(end - h);
	if (hlen == 0) {
		*why = "missing address";
		return -1;
	}
	if (hlen >= sizeof(host) || hlen >= addrlen) {
		*why = af == AF_INET ? "not an IPv4 address" :
		    "not an IPv6 address";
		return -1;
	}
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	if (inet_pton(af, host, bin) != 1) {
		*why = af == AF_INET ? "not an IPv4 address" :
		    "not an IPv6 address";
		return -1;
	}
	if (parse_uint(colon + 1, 1, 65535, &p) == -1) {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	memcpy(addr, host, hlen + 1);
	*port = (uint16_t)p;
	return 0;
}

int
config_set_listen(struct wbs_config *cfg, const char *s)
{
	const char *why;

	return listen_parse(s, cfg->listen_addr, sizeof(cfg->listen_addr),
	    &cfg->listen_port, &why);
}

/* Returns 0 and sets *out for a boolean spelling, else -1. */
static int
bool_parse(const char *s, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * Checks v as a value of key k and stores it into cfg. Returns 0, or -1
 * with a reason (without the "[section] key: " prefix) in why.
 */
static int
config_set(struct wbs_config *cfg, const struct config_key *k,
    const char *v, char *why, size_t whylen)
{
	char *field = (char *)cfg + k->off;
	char echo[CONFIG_ECHO_MAX + 4];
	const char *reason;
	unsigned long long n;
	enum log_level level;
	size_t len, i;
	int b;

	config_echo(echo, v);
	len = strlen(v);
	switch (k->type) {
	case CT_PROXIES:
		if (proxy_list_parse(&cfg->proxies, v, why, whylen) == -1)
			goto fail;
		/* FALLTHROUGH */
	case CT_STRING:
	case CT_PATH:
		if (!utf8_valid(v, len)) {
			snprintf(why, whylen, "value is not valid UTF-8");
			goto fail;
		}
		for (i = 0; i < len; i++)
			if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
				snprintf(why, whylen,
				    "value contains a control character");
				goto fail;
			}
		if (len < k->min) {
			snprintf(why, whylen, "value must not be empty");
			goto fail;
		}
		if (len >= k->size) {
			snprintf(why, whylen, "value is too long (%zu bytes, "
			    "at most %zu)", len, k->size - 1);
			goto fail;
		}
		memcpy(field, v, len + 1);
		break;
	case CT_UINT:
	case CT_SIZE:
		if (len == 0 || strspn(v, "0123456789") != len) {
			snprintf(why, whylen, "'%s' is not a decimal number",
			    echo);
			goto fail;
		}
		if (parse_uint(v, k->min, k->max, &n) == -1) {
			snprintf(why, whylen, "%s is out of range (%llu..%llu)",
			    echo, k->min, k->max);
			goto fail;
		}
		if (k->type == CT_UINT)
			*(unsigned *)(void *)field = (unsigned)n;
		else
			*(size_t *)(void *)field = (size_t)n;
		break;
	case CT_BOOL:
		if (bool_parse(v, &b) == -1) {
			snprintf(why, whylen, "'%s' is not a boolean "
			    "(true/false, yes/no, on/off, 1/0)", echo);
			goto fail;
		}
		*(int *)(void *)field = b;
		break;
	case CT_LISTEN:
		if (listen_parse(v, cfg->listen_addr,
		    sizeof(cfg->listen_addr), &cfg->listen_port,
		    &reason) == -1) {
			snprintf(why, whylen, "'%s': %s (expected IPv4:PORT "
			    "or [IPv6]:PORT)", echo, reason);
			goto fail;
		}
		break;
	case CT_LOGLEVEL:
		if (log_level_parse(v, &level) == -1) {
			snprintf(why, whylen, "'%s' is not a log level "
			    "(debug, info, warn, error)", echo);
			goto fail;
		}
		*(enum log_level *)(void *)field = level;
		break;
	}
	return 0;
 fail:
	return -1;
}

void
config_defaults(struct wbs_config *cfg)
{
	char why[256];
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < NELEM(config_keys); i++)
		if (config_set(cfg, &config_keys[i], config_keys[i].def,
		    why, sizeof(why)) == -1) {
			/* A broken table is a programming error. */
			fprintf(stderr, "config: default of %s: %s\n",
			    config_keys[i].key, why);
			abort();
		}
	cfg->totp_required = 1;		/* not a key: only tests turn it off */
}

/*
 * libinih reader: hands over one line per call so that ctx->lineno is
 * the line the handler is looking at. A line that holds a NUL byte or
 * is longer than CONFIG_LINE_MAX ends the parse with an error instead
 * of being split or cut.
 */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_ctx *c = stream;
	const char *p, *nl;
	size_t n, body;

	if (c->errline != 0 || c->pos >= c->len)
		return NULL;
	p = c->data + c->pos;
	nl = memchr(p, '\n', c->len - c->pos);
	n = nl != NULL ? (size_t)(nl - p) + 1 : c->len - c->pos;
	c->lineno++;
	body = n;
	if (body > 0 && p[body - 1] == '\n')
		body--;
	if (body > 0 && p[body - 1] == '\r')
		body--;
	if (memchr(p, '\0', n) != NULL) {
		ctx_fail(c, "line contains a NUL byte");
		return NULL;
	}
	if (body > CONFIG_LINE_MAX || num < 1 || n >= (size_t)num) {
		ctx_fail(c, "line is longer than %d bytes", CONFIG_LINE_MAX);
		return NULL;
	}
	memcpy(str, p, n);
	str[n] = '\0';
	c->pos += n;
	return str;
}

/* libinih handler: returns 1 to go on, 0 after recording an error. */
static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_ctx *c = user;
	const struct config_key *k;
	char echo[CONFIG_ECHO_MAX + 4], why[384];
	char *v = NULL;
	size_t i, len;
	int known = 0;

	if (value == NULL)
		value = "";
	for (i = 0; i < NELEM(config_keys); i++) {
		k = &config_keys[i];
		if (strcmp(section, k->section) != 0)
			continue;
		known = 1;
		if (strcmp(name, k->key) == 0)
			break;
	}
	if (i == NELEM(config_keys)) {
		config_echo(echo, *section != '\0' ? section : name);
		if (*section == '\0')
			ctx_fail(c, "key '%s' is outside any section", echo);
		else if (!known)
			ctx_fail(c, "unknown section [%s]", echo);
		else if (*name == '\0')
			ctx_fail(c, "missing key name before '='");
		else {
			config_echo(echo, name);
			ctx_fail(c, "unknown key '%s' in [%s]", echo, section);
		}
		goto fail;
	}
	k = &config_keys[i];
	if (c->seen[i] != 0) {
		ctx_fail(c, "duplicate key '%s' in [%s] (first set on line %d)",
		    k->key, k->section, c->seen[i]);
		goto fail;
	}
	c->seen[i] = c->lineno;

	/* A value wholly enclosed in double quotes loses them. */
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
		v = xstrndup(value + 1, len - 2);
	else
		v = xstrdup(value);
	if (config_set(c->cfg, k, v, why, sizeof(why)) == -1) {
		ctx_fail(c, "[%s] %s: %s", k->section, k->key, why);
		goto fail;
	}
	free(v);
	return 1;
 fail:
	free(v);
	return 0;
}

/*
 * Reads the whole of path into b. Returns 0, or -1 with a reason in err
 * ("cannot read: ..." or "file is larger than ...").
 */
static int
config_slurp(const char *path, struct buf *b, char *err, size_t errlen)
{
	char chunk[8192];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		goto fail_errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > CONFIG_FILE_MAX) {
			snprintf(err, errlen, "%s: file is larger than %d bytes",
			    path, CONFIG_FILE_MAX);
			goto fail;
		}
		buf_append(b, chunk, n);
	}
	if (ferror(f))
		goto fail_errno;
	fclose(f);
	return 0;
 fail_errno:
	snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
 fail:
	if (f != NULL)
		fclose(f);
	return -1;
}

/*
 * Not thread-safe: libinih's options are process-wide globals (Debian's
 * build exposes them), set here for the duration of the parse.
 */
int
config_load(struct wbs_config *cfg, const char *path, char *err,
    size_t errlen)
{
	struct config_ctx *c;
	struct buf b;
	char dummy[1];
	bool s_multi, s_inline, s_stop;
	int s_max, r, rc = -1;

	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	buf_init(&b);
	c = xcalloc(1, sizeof(*c));
	c->cfg = xmalloc(sizeof(*c->cfg));
	memcpy(c->cfg, cfg, sizeof(*cfg));
	if (config_slurp(path, &b, err, errlen) == -1)
		goto fail;
	c->data = b.data != NULL ? b.data : "";
	c->len = b.len;

	s_max = ini_max_line;
	s_multi = ini_allow_multiline;
	s_inline = ini_allow_inline_comments;
	s_stop = ini_stop_on_first_error;
	ini_max_line = CONFIG_LINE_MAX + 3;	/* CR, LF and NUL */
	ini_allow_multiline = false;
	ini_allow_inline_comments = false;
	ini_stop_on_first_error = true;
	r = ini_parse_stream(config_reader, c, config_handler, c);
	ini_max_line = s_max;
	ini_allow_multiline = s_multi;
	ini_allow_inline_comments = s_inline;
	ini_stop_on_first_error = s_stop;

	if (c->errline != 0 && (r <= 0 || r >= c->errline)) {
		snprintf(err, errlen, "%s:%d: %s", path, c->errline, c->msg);
		goto fail;
	}
	if (r > 0) {
		snprintf(err, errlen, "%s:%d: syntax error (expected "
		    "'[section]' or 'key = value')", path, r);
		goto fail;
	}
	if (r < 0) {
		snprintf(err, errlen, "%s: cannot parse (error %d)", path, r);
		goto fail;
	}
	memcpy(cfg, c->cfg, sizeof(*cfg));
	rc = 0;
 fail:
	buf_free(&b);
	free(c->cfg);
	free(c);
	return rc;
}

/* Appends a string value, quoted when reading it back needs quotes. */
static void
dump_string(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	int quote;

	quote = len == 0 || s[0] == ' ' || s[0] == '\t' ||
	    s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    (len >= 2 && s[0] == '"' && s[len - 1] == '"');
	if (quote)
		buf_printf(b, "\"%s\"", s);
	else
		buf_puts(b, s);
}

void
config_dump(const struct wbs_config *cfg, struct buf *b)
{
	const struct config_key *k;
	const char *section = NULL, *field;
	size_t i;

	for (i = 0; i < NELEM(config_keys); i++) {
		k = &config_keys[i];
		field = (const char *)cfg + k->off;
		if (section == NULL || strcmp(section, k->section) != 0) {
			buf_printf(b, "%s[%s]\n", section != NULL ? "\n" : "",
			    k->section);
			section = k->section;
		}
		buf_printf(b, "%s = ", k->key);
		switch (k->type) {
		case CT_STRING:
		case CT_PATH:
		case CT_PROXIES:
			dump_string(b, field);
			break;
		case CT_UINT:
			buf_printf(b, "%u", *(const unsigned *)(const void *)field);
			break;
		case CT_SIZE:
			buf_printf(b, "%zu", *(const size_t *)(const void *)field);
			break;
		case CT_BOOL:
			buf_puts(b, *(const int *)(const void *)field ?
			    "true" : "false");
			break;
		case CT_LISTEN:
			if (strchr(cfg->listen_addr, ':') != NULL)
				buf_printf(b, "[%s]:%u", cfg->listen_addr,
				    (unsigned)cfg->listen_port);
			else
				buf_printf(b, "%s:%u", cfg->listen_addr,
				    (unsigned)cfg->listen_port);
			break;
		case CT_LOGLEVEL:
			buf_puts(b, log_level_name(*(const enum log_level *)
			    (const void *)field));
			break;
		}
		buf_putc(b, '\n');
	}
}
