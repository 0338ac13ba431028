/*
 * test_config.c: the configuration module: defaults, a file overriding
 * every key, each error class with its line number (and the config left
 * untouched), value syntaxes, the libinih quirks we guard against, and
 * config_dump() reading back to the same configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "buf.h"
#include "config.h"
#include "util.h"

struct fx {
	char	*dir;
	char	 path[1100];
};

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	fx->dir = tu_mkdtemp();
	snprintf(fx->path, sizeof(fx->path), "%s/wbs.ini", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	tu_rmtree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Writes text to the fixture's file and loads it over cfg. */
static int
load_text(struct fx *fx, struct wbs_config *cfg, const char *text,
    size_t len, char *err, size_t errlen)
{
	tu_write_file(fx->path, text, len);
	return config_load(cfg, fx->path, err, errlen);
}

/* A config that differs from the defaults, to see that errors keep it. */
static void
nondefault(struct wbs_config *cfg)
{
	config_defaults(cfg);
	cfg->threads = 7;
	cfg->max_form_bytes = 2048;
	cfg->tls_proxy = 1;
	snprintf(cfg->site_name, sizeof(cfg->site_name), "Before");
	assert_int_equal(config_set_listen(cfg, "[::1]:9000"), 0);
}

/* Asserts that two configurations hold the same values, field by field. */
static void
assert_cfg_equal(const struct wbs_config *a, const struct wbs_config *b)
{
	assert_string_equal(a->listen_addr, b->listen_addr);
	assert_int_equal(a->listen_port, b->listen_port);
	assert_string_equal(a->data_dir, b->data_dir);
	assert_int_equal(a->threads, b->threads);
	assert_int_equal(a->max_connections, b->max_connections);
	assert_int_equal(a->conn_timeout, b->conn_timeout);
	assert_int_equal(a->header_timeout, b->header_timeout);
	assert_int_equal(a->request_timeout, b->request_timeout);
	assert_int_equal(a->upload_timeout, b->upload_timeout);
	assert_int_equal(a->conn_memory, b->conn_memory);
	assert_int_equal(a->max_header_bytes, b->max_header_bytes);
	assert_int_equal(a->max_form_bytes, b->max_form_bytes);
	assert_int_equal(a->tls_proxy, b->tls_proxy);
	assert_int_equal(a->hsts_max_age, b->hsts_max_age);
	assert_string_equal(a->templates_dir, b->templates_dir);
	assert_string_equal(a->static_dir, b->static_dir);
	assert_string_equal(a->po_dir, b->po_dir);
	assert_string_equal(a->site_name, b->site_name);
	assert_string_equal(a->institution, b->institution);
	assert_string_equal(a->government, b->government);
	assert_string_equal(a->site_url, b->site_url);
	assert_string_equal(a->regulation, b->regulation);
	assert_string_equal(a->regulation_prev, b->regulation_prev);
	assert_string_equal(a->contact, b->contact);
	assert_int_equal(a->log_level, b->log_level);
	assert_int_equal(a->log_journald, b->log_journald);
}

/*
 * Asserts that loading text fails with exactly "PATH" + suffix and
 * leaves the configuration byte for byte as it was.
 */
static void
expect_error(struct fx *fx, const char *text, size_t len, const char *suffix)
{
	struct wbs_config cfg, before;
	char err[1024], want[2048];

	nondefault(&cfg);
	memcpy(&before, &cfg, sizeof(cfg));
	assert_int_equal(load_text(fx, &cfg, text, len, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s%s", fx->path, suffix);
	assert_string_equal(err, want);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

#define EXPECT_ERROR(fx, text, suffix) \
	expect_error((fx), (text), strlen(text), (suffix))

static void
test_defaults(void **state)
{
	struct wbs_config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_string_equal(cfg.listen_addr, "127.0.0.1");
	assert_int_equal(cfg.listen_port, 8080);
	assert_string_equal(cfg.data_dir, "./data");
	assert_int_equal(cfg.threads, 4);
	assert_int_equal(cfg.max_connections, 256);
	assert_int_equal(cfg.conn_timeout, 30);
	assert_int_equal(cfg.header_timeout, 10);
	assert_int_equal(cfg.request_timeout, 60);
	assert_int_equal(cfg.upload_timeout, 3600);
	assert_int_equal(cfg.conn_memory, 65536);
	assert_int_equal(cfg.max_header_bytes, 8192);
	assert_int_equal(cfg.max_form_bytes, 65536);
	assert_int_equal(cfg.tls_proxy, 0);
	assert_int_equal(cfg.hsts_max_age, 31536000);
	assert_string_equal(cfg.templates_dir, "");
	assert_string_equal(cfg.static_dir, "");
	assert_string_equal(cfg.po_dir, "");
	assert_string_equal(cfg.site_name, "WBS Kabupaten Mojokerto");
	assert_string_equal(cfg.institution, "Inspektorat Kabupaten Mojokerto");
	assert_string_equal(cfg.government, "Pemerintah Kabupaten Mojokerto");
	assert_string_equal(cfg.site_url, "https://wbs.mojokertokab.go.id");
	assert_string_equal(cfg.regulation,
	    "Peraturan Bupati Mojokerto Nomor 53 Tahun 2021");
	assert_string_equal(cfg.regulation_prev,
	    "Peraturan Bupati Mojokerto Nomor 21 Tahun 2019");
	assert_string_equal(cfg.contact, "");
	assert_int_equal(cfg.log_level, LOGL_INFO);
	assert_int_equal(cfg.log_journald, 0);
}

static const char full_file[] =
    "; every key, none at its default\n"
    "[server]\n"
    "listen = 0.0.0.0:8443\n"
    "data_dir = /var/lib/wbs\n"
    "threads = 16\n"
    "max_connections = 1024\n"
    "connection_timeout = 60\n"
    "header_timeout = 5\n"
    "request_timeout = 120\n"
    "upload_timeout = 86400\n"
    "connection_memory = 131072\n"
    "max_header_bytes = 16384\n"
    "max_form_bytes = 1048576\n"
    "behind_tls_proxy = yes\n"
    "hsts_max_age = 600\n"
    "templates_dir = /etc/wbs/templates\n"
    "static_dir = /etc/wbs/static\n"
    "po_dir = /etc/wbs/po\n"
    "\n"
    "[site]\n"
    "name = WBS Kabupaten Contoh\n"
    "institution = Inspektorat Kabupaten Contoh\n"
    "government = Pemerintah Kabupaten Contoh\n"
    "url = https://wbs.example.go.id/path?a=b\n"
    "regulation = Peraturan Bupati Contoh Nomor 1 Tahun 2024\n"
    "regulation_previous = \"\"\n"
    "contact = Jl. Contoh No. 1; telp. (0321) 123 \xe2\x80\x93 Gedung B\n"
    "\n"
    "[log]\n"
    "level = debug\n"
    "journald = on\n";

static void
test_full_file(void **state)
{
	struct fx *fx = *state;
	struct wbs_config cfg;
	char err[1024];

	config_defaults(&cfg);
	assert_int_equal(load_text(fx, &cfg, full_file, strlen(full_file),
	    err, sizeof(err)), 0);
	assert_string_equal(cfg.listen_addr, "0.0.0.0");
	assert_int_equal(cfg.listen_port, 8443);
	assert_string_equal(cfg.data_dir, "/var/lib/wbs");
	assert_int_equal(cfg.threads, 16);
	assert_int_equal(cfg.max_connections, 1024);
	assert_int_equal(cfg.conn_timeout, 60);
	assert_int_equal(cfg.header_timeout, 5);
	assert_int_equal(cfg.request_timeout, 120);
	assert_int_equal(cfg.upload_timeout, 86400);
	assert_int_equal(cfg.conn_memory, 131072);
	assert_int_equal(cfg.max_header_bytes, 16384);
	assert_int_equal(cfg.max_form_bytes, 1048576);
	assert_int_equal(cfg.tls_proxy, 1);
	assert_int_equal(cfg.hsts_max_age, 600);
	assert_string_equal(cfg.templates_dir, "/etc/wbs/templates");
	assert_string_equal(cfg.static_dir, "/etc/wbs/static");
	assert_string_equal(cfg.po_dir, "/etc/wbs/po");
	assert_string_equal(cfg.site_name, "WBS Kabupaten Contoh");
	assert_string_equal(cfg.institution, "Inspektorat Kabupaten Contoh");
	assert_string_equal(cfg.government, "Pemerintah Kabupaten Contoh");
	assert_string_equal(cfg.site_url, "https://wbs.example.go.id/path?a=b");
	assert_string_equal(cfg.regulation,
	    "Peraturan Bupati Contoh Nomor 1 Tahun 2024");
	assert_string_equal(cfg.regulation_prev, "");
	/* No inline comments: " ;" stays part of the value. */
	assert_string_equal(cfg.contact,
	    "Jl. Contoh No. 1; telp. (0321) 123 \xe2\x80\x93 Gedung B");
	assert_int_equal(cfg.log_level, LOGL_DEBUG);
	assert_int_equal(cfg.log_journald, 1);
}

/* A file naming a few keys changes those and keeps the rest. */
static void
test_partial_file(void **state)
{
	struct fx *fx = *state;
	struct wbs_config cfg, want;
	char err[256];

	nondefault(&cfg);
	memcpy(&want, &cfg, sizeof(cfg));
	want.threads = 2;
	assert_int_equal(load_text(fx, &cfg, "[server]\nthreads=2\n", 19,
	    err, sizeof(err)), 0);
	assert_cfg_equal(&cfg, &want);
}

static void
test_errors(void **state)
{
	struct fx *fx = *state;

	EXPECT_ERROR(fx, "[server]\nthreads = 8\n[nope]\nx = 1\n",
	    ":4: unknown section [nope]");
	/* Sections are case-sensitive. */
	EXPECT_ERROR(fx, "[Server]\nthreads = 8\n",
	    ":2: unknown section [Server]");
	EXPECT_ERROR(fx, "threads = 8\n",
	    ":1: key 'threads' is outside any section");
	EXPECT_ERROR(fx, "[server]\nthreads = 8\n\nfoo = 1\n",
	    ":4: unknown key 'foo' in [server]");
	EXPECT_ERROR(fx, "[server]\nThreads = 8\n",
	    ":2: unknown key 'Threads' in [server]");
	EXPECT_ERROR(fx, "[server]\n= 8\n",
	    ":2: missing key name before '='");
	EXPECT_ERROR(fx, "[server]\nthreads = 8\n[site]\n[server]\nthreads = 9\n",
	    ":5: duplicate key 'threads' in [server] (first set on line 2)");
	EXPECT_ERROR(fx, "[server]\nthreads = 8\nthreads = 8\n",
	    ":3: duplicate key 'threads' in [server] (first set on line 2)");
	EXPECT_ERROR(fx, "[server]\nthreads = 8\nmax_connections\n",
	    ":3: syntax error (expected '[section]' or 'key = value')");
	EXPECT_ERROR(fx, "; c\n[server\nthreads = 8\n",
	    ":2: syntax error (expected '[section]' or 'key = value')");
	/* The first error wins, whichever kind it is. */
	EXPECT_ERROR(fx, "[server]\njunk\nthreads = 0\n",
	    ":2: syntax error (expected '[section]' or 'key = value')");
	EXPECT_ERROR(fx, "[server]\nthreads = 0\njunk\n",
	    ":2: [server] threads: 0 is out of range (1..64)");
	/* The keys of the worker pool, the proxies and the code's cost. */
	EXPECT_ERROR(fx, "[server]\nworkers = 65\n",
	    ":2: [server] workers: 65 is out of range (0..64)");
	EXPECT_ERROR(fx, "[server]\nqueue_max = 0\n",
	    ":2: [server] queue_max: 0 is out of range (1..4096)");
	EXPECT_ERROR(fx, "[server]\nqueue_wait = x\n",
	    ":2: [server] queue_wait: 'x' is not a decimal number");
	EXPECT_ERROR(fx, "[server]\ntrusted_proxies = 10.0.0.1/8\n",
	    ":2: [server] trusted_proxies: \"10.0.0.1/8\" has host bits set "
	    "below its prefix length");
	EXPECT_ERROR(fx, "[server]\ntrusted_proxies = 127.0.0.1, bukan-alamat\n",
	    ":2: [server] trusted_proxies: \"bukan-alamat\" is not an address "
	    "or CIDR range");
	EXPECT_ERROR(fx, "[reports]\ncode_kdf_mem_kib = 4\n",
	    ":2: [reports] code_kdf_mem_kib: 4 is out of range (8..4194304)");
	EXPECT_ERROR(fx, "[reports]\nstaging_max_mb = 1\n",
	    ":2: [reports] staging_max_mb: 1 is out of range (16..1048576)");

	EXPECT_ERROR(fx, "; x\n[server]\nthreads = 8\n\n\n\nthreads = 0\n",
	    ":7: duplicate key 'threads' in [server] (first set on line 3)");
	EXPECT_ERROR(fx, "; x\n[server]\n\n\n\n\nthreads = 0\n",
	    ":7: [server] threads: 0 is out of range (1..64)");
	EXPECT_ERROR(fx, "[server]\nthreads = 65\n",
	    ":2: [server] threads: 65 is out of range (1..64)");
	EXPECT_ERROR(fx, "[server]\nthreads = 99999999999999999999999\n",
	    ":2: [server] threads: 99999999999999999999999 is out of range "
	    "(1..64)");
	EXPECT_ERROR(fx, "[server]\nthreads = four\n",
	    ":2: [server] threads: 'four' is not a decimal number");
	EXPECT_ERROR(fx, "[server]\nthreads = -1\n",
	    ":2: [server] threads: '-1' is not a decimal number");
	EXPECT_ERROR(fx, "[server]\nthreads = 4k\n",
	    ":2: [server] threads: '4k' is not a decimal number");
	EXPECT_ERROR(fx, "[server]\nthreads =\n",
	    ":2: [server] threads: '' is not a decimal number");
	/* An inline comment is not stripped, so the value is refused. */
	EXPECT_ERROR(fx, "[server]\nthreads = 4 ; four\n",
	    ":2: [server] threads: '4 ; four' is not a decimal number");
	EXPECT_ERROR(fx, "[server]\nheader_timeout = 301\n",
	    ":2: [server] header_timeout: 301 is out of range (1..300)");
	EXPECT_ERROR(fx, "[server]\nupload_timeout = 86401\n",
	    ":2: [server] upload_timeout: 86401 is out of range (1..86400)");
	EXPECT_ERROR(fx, "[server]\nconnection_memory = 1024\n",
	    ":2: [server] connection_memory: 1024 is out of range "
	    "(16384..1048576)");
	EXPECT_ERROR(fx, "[server]\nmax_form_bytes = 16777217\n",
	    ":2: [server] max_form_bytes: 16777217 is out of range "
	    "(1024..16777216)");
	EXPECT_ERROR(fx, "[server]\nbehind_tls_proxy = maybe\n",
	    ":2: [server] behind_tls_proxy: 'maybe' is not a boolean "
	    "(true/false, yes/no, on/off, 1/0)");
	EXPECT_ERROR(fx, "[log]\nlevel = verbose\n",
	    ":2: [log] level: 'verbose' is not a log level "
	    "(debug, info, warn, error)");
	EXPECT_ERROR(fx, "[server]\ndata_dir =\n",
	    ":2: [server] data_dir: value must not be empty");
	EXPECT_ERROR(fx, "[site]\nname = \"\"\n",
	    ":2: [site] name: value must not be empty");
	EXPECT_ERROR(fx, "[site]\nname = a\tb\n",
	    ":2: [site] name: value contains a control character");
	/* Continuation lines are not supported: indented lines stand alone. */
	EXPECT_ERROR(fx, "[site]\nname = a\n  b\n",
	    ":3: syntax error (expected '[section]' or 'key = value')");
}

/* A bad value is quoted back at most 40 bytes long, made printable. */
static void
test_error_echo_capped(void **state)
{
	struct fx *fx = *state;
	struct buf b;
	char want[256];

	buf_init(&b);
	buf_puts(&b, "[log]\nlevel = ");
	for (int i = 0; i < 500; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\n");
	snprintf(want, sizeof(want), ":2: [log] level: '%.40s...' is not a "
	    "log level (debug, info, warn, error)", b.data + 14);
	expect_error(fx, b.data, b.len, want);
	buf_free(&b);

	EXPECT_ERROR(fx, "[server]\nthreads = \x01\xff" "a\n",
	    ":2: [server] threads: '??a' is not a decimal number");
}

static void
test_missing_file(void **state)
{
	struct fx *fx = *state;
	struct wbs_config cfg, before;
	char err[1024], want[1200];

	nondefault(&cfg);
	memcpy(&before, &cfg, sizeof(cfg));
	snprintf(fx->path, sizeof(fx->path), "%s/absent.ini", fx->dir);
	assert_int_equal(config_load(&cfg, fx->path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: cannot read: No such file or "
	    "directory", fx->path);
	assert_string_equal(err, want);
	assert_memory_equal(&cfg, &before, sizeof(cfg));

	assert_int_equal(config_load(&cfg, fx->dir, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: cannot read: Is a directory",
	    fx->dir);
	assert_string_equal(err, want);
	assert_memory_equal(&cfg, &before, sizeof(cfg));

	/* A NULL error buffer is allowed. */
	assert_int_equal(config_load(&cfg, fx->path, NULL, 0), -1);
}

static void
test_bool_spellings(void **state)
{
	static const char *const yes[] = { "true", "TRUE", "True", "yes",
	    "Yes", "on", "ON", "1" };
	static const char *const no[] = { "false", "FALSE", "no", "No",
	    "off", "Off", "0" };
	static const char *const bad[] = { "2", "y", "n", "enabled", "t",
	    "truee", "01" };
	struct fx *fx = *state;
	struct wbs_config cfg;
	char text[128], err[1024];
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		config_defaults(&cfg);
		snprintf(text, sizeof(text), "[log]\njournald = %s\n", yes[i]);
		assert_int_equal(load_text(fx, &cfg, text, strlen(text), err,
		    sizeof(err)), 0);
		assert_int_equal(cfg.log_journald, 1);
	}
	for (i = 0; i < NELEM(no); i++) {
		config_defaults(&cfg);
		cfg.log_journald = 1;
		snprintf(text, sizeof(text), "[log]\njournald = %s\n", no[i]);
		assert_int_equal(load_text(fx, &cfg, text, strlen(text), err,
		    sizeof(err)), 0);
		assert_int_equal(cfg.log_journald, 0);
	}
	for (i = 0; i < NELEM(bad); i++) {
		config_defaults(&cfg);
		snprintf(text, sizeof(text), "[log]\njournald = %s\n", bad[i]);
		assert_int_equal(load_text(fx, &cfg, text, strlen(text), err,
		    sizeof(err)), -1);
		assert_non_null(strstr(err, ":2: [log] journald: "));
		assert_int_equal(cfg.log_journald, 0);
	}
}

static void
test_listen_forms(void **state)
{
	static const char *const bad[] = { "127.0.0.1", "127.0.0.1:",
	    "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:80x", ":8080",
	    "localhost:8080", "1.2.3:80", "1.2.3.4.5:80", "::1:8080",
	    "[::1]", "[::1]8080", "[::1:8080", "[]:8080", "[127.0.0.1]:80",
	    "[fe80::1%eth0]:80", "", "garbage" };
	struct fx *fx = *state;
	struct wbs_config cfg, before;
	size_t i;

	(void)fx;
	config_defaults(&cfg);
	assert_int_equal(config_set_listen(&cfg, "10.0.0.1:80"), 0);
	assert_string_equal(cfg.listen_addr, "10.0.0.1");
	assert_int_equal(cfg.listen_port, 80);
	assert_int_equal(config_set_listen(&cfg, "[::1]:8080"), 0);
	assert_string_equal(cfg.listen_addr, "::1");
	assert_int_equal(cfg.listen_port, 8080);
	assert_int_equal(config_set_listen(&cfg, "[::]:65535"), 0);
	assert_string_equal(cfg.listen_addr, "::");
	assert_int_equal(cfg.listen_port, 65535);
	assert_int_equal(config_set_listen(&cfg,
	    "[2001:db8::ffff:192.0.2.1]:1"), 0);
	assert_string_equal(cfg.listen_addr, "2001:db8::ffff:192.0.2.1");
	assert_int_equal(cfg.listen_port, 1);

	for (i = 0; i < NELEM(bad); i++) {
		memcpy(&before, &cfg, sizeof(cfg));
		if (config_set_listen(&cfg, bad[i]) != -1)
			fail_msg("accepted listen '%s'", bad[i]);
		assert_memory_equal(&cfg, &before, sizeof(cfg));
	}

	EXPECT_ERROR(fx, "[server]\nlisten = 127.0.0.1:0\n",
	    ":2: [server] listen: '127.0.0.1:0': the port must be a number "
	    "from 1 to 65535 (expected IPv4:PORT or [IPv6]:PORT)");
	EXPECT_ERROR(fx, "[server]\nlisten = 127.0.0.1:70000\n",
	    ":2: [server] listen: '127.0.0.1:70000': the port must be a number "
	    "from 1 to 65535 (expected IPv4:PORT or [IPv6]:PORT)");
	EXPECT_ERROR(fx, "[server]\nlisten = 127.0.0.1\n",
	    ":2: [server] listen: '127.0.0.1': missing ':PORT' "
	    "(expected IPv4:PORT or [IPv6]:PORT)");
	EXPECT_ERROR(fx, "[server]\nlisten = example.org:80\n",
	    ":2: [server] listen: 'example.org:80': not an IPv4 address "
	    "(expected IPv4:PORT or [IPv6]:PORT)");
	EXPECT_ERROR(fx, "[server]\nlisten = ::1:80\n",
	    ":2: [server] listen: '::1:80': an IPv6 address must be written "
	    "as [ADDR]:PORT (expected IPv4:PORT or [IPv6]:PORT)");
}

/* Builds "[section]\nkey = " + n copies of c + "\n" in b. */
static void
long_value(struct buf *b, const char *section, const char *key, size_t n,
    char c)
{
	size_t i;

	buf_reset(b);
	buf_printf(b, "[%s]\n%s = ", section, key);
	for (i = 0; i < n; i++)
		buf_putc(b, c);
	buf_putc(b, '\n');
}

static void
test_string_length(void **state)
{
	struct fx *fx = *state;
	struct wbs_config cfg;
	struct buf b;
	char err[1024];

	buf_init(&b);
	long_value(&b, "site", "name", CONFIG_STR - 1, 'n');
	config_defaults(&cfg);
	assert_int_equal(load_text(fx, &cfg, b.data, b.len, err,
	    sizeof(err)), 0);
	assert_int_equal(strlen(cfg.site_name), CONFIG_STR - 1);

	long_value(&b, "site", "name", CONFIG_STR, 'n');
	expect_error(fx, b.data, b.len,
	    ":2: [site] name: value is too long (256 bytes, at most 255)");

	long_value(&b, "server", "data_dir", CONFIG_PATH - 1, 'd');
	config_defaults(&cfg);
	assert_int_equal(load_text(fx, &cfg, b.data, b.len, err,
	    sizeof(err)), 0);
	assert_int_equal(strlen(cfg.data_dir), CONFIG_PATH - 1);

	long_value(&b, "server", "data_dir", CONFIG_PATH, 'd');
	expect_error(fx, b.data, b.len,
	    ":2: [server] data_dir: value is too long (1024 bytes, "
	    "at most 1023)");
	buf_free(&b);
}

/*
 * libinih splits lines longer than its buffer (200 bytes by default)
 * and hands the first part to the handler as if whole; the module must
 * refuse such lines instead.
 */
static void
test_long_lines(void **state)
{
	struct fx *fx = *state;
	struct buf b;

	buf_init(&b);
	/* 2048 bytes of line are fine up to the value check. */
	long_value(&b, "site", "contact", 2048 - 10, 'c');
	expect_error(fx, b.data, b.len,
	    ":2: [site] contact: value is too long (2038 bytes, at most 255)");

	long_value(&b, "site", "contact", 2048 - 9, 'c');
	expect_error(fx, b.data, b.len, ":2: line is longer than 2048 bytes");

	/* A long comment line is refused as well, with its own number. */
	buf_reset(&b);
	buf_puts(&b, "[site]\nname = x\n;");
	for (int i = 0; i < 5000; i++)
		buf_putc(&b, '-');
	buf_puts(&b, "\ncontact = y\n");
	expect_error(fx, b.data, b.len, ":3: line is longer than 2048 bytes");
	buf_free(&b);
}

static void
test_bad_bytes(void **state)
{
	static const char nul[] = "[site]\nname = a\0b\n";
	struct fx *fx = *state;

	EXPECT_ERROR(fx, "[site]\nname = caf\xc3\n",
	    ":2: [site] name: value is not valid UTF-8");
	EXPECT_ERROR(fx, "[site]\n\nname = \xc0\xaf\n",
	    ":3: [site] name: value is not valid UTF-8");
	EXPECT_ERROR(fx, "[server]\ndata_dir = /srv/\xed\xa0\x80\n",
	    ":2: [server] data_dir: value is not valid UTF-8");
	expect_error(fx, nul, sizeof(nul) - 1,
	    ":2: line contains a NUL byte");
}

static void
test_empty_and_comments(void **state)
{
	static const char comments[] =
	    "\xef\xbb\xbf; a comment\r\n"
	    "# another comment\r\n"
	    "\r\n"
	    "   ; indented comment\r\n"
	    "[server]   \r\n"
	    "  threads   =   3  \r\n"
	    "[site]\r\n"
	    "name = \"  spaced  \"\r\n"
	    "contact = \"\"quoted\"\"\r\n"
	    "[log]\r\n"
	    "; level = debug\r\n";
	struct fx *fx = *state;
	struct wbs_config cfg, before;
	char err[1024];

	nondefault(&cfg);
	memcpy(&before, &cfg, sizeof(cfg));
	assert_int_equal(load_text(fx, &cfg, "", 0, err, sizeof(err)), 0);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
	assert_int_equal(load_text(fx, &cfg, "\n\n; only\n# comments\n", 19,
	    err, sizeof(err)), 0);
	assert_memory_equal(&cfg, &before, sizeof(cfg));

	config_defaults(&cfg);
	assert_int_equal(load_text(fx, &cfg, comments, strlen(comments), err,
	    sizeof(err)), 0);
	assert_int_equal(cfg.threads, 3);
	assert_string_equal(cfg.site_name, "  spaced  ");
	assert_string_equal(cfg.contact, "\"quoted\"");
	assert_int_equal(cfg.log_level, LOGL_INFO);
}

/* Dumps cfg, loads the dump over defaults and compares every field. */
static void
roundtrip(struct fx *fx, const struct wbs_config *cfg)
{
	struct wbs_config back;
	struct buf b;
	char err[1024];

	buf_init(&b);
	config_dump(cfg, &b);
	config_defaults(&back);
	memset(back.site_name, 'x', 10);	/* must be overwritten */
	if (load_text(fx, &back, b.data, b.len, err, sizeof(err)) != 0)
		fail_msg("dump does not load: %s\n%s", err, b.data);
	assert_cfg_equal(&back, cfg);
	buf_free(&b);
}

static void
test_dump(void **state)
{
	struct fx *fx = *state;
	struct wbs_config cfg;
	struct buf b;
	char err[1024];

	config_defaults(&cfg);
	buf_init(&b);
	config_dump(&cfg, &b);
	assert_true(strncmp(b.data, "[server]\nlisten = 127.0.0.1:8080\n"
	    "data_dir = ./data\nthreads = 4\n", 49) == 0);
	assert_non_null(strstr(b.data, "\ntemplates_dir = \"\"\n"));
	assert_non_null(strstr(b.data, "\nbehind_tls_proxy = false\n"));
	assert_non_null(strstr(b.data, "\n\n[site]\nname = WBS Kabupaten "
	    "Mojokerto\n"));
	assert_non_null(strstr(b.data, "\n\n[log]\nlevel = info\n"
	    "journald = false\n"));
	assert_int_equal(b.data[b.len - 1], '\n');
	buf_free(&b);
	roundtrip(fx, &cfg);

	config_defaults(&cfg);
	assert_int_equal(load_text(fx, &cfg, full_file, strlen(full_file),
	    err, sizeof(err)), 0);
	roundtrip(fx, &cfg);

	assert_int_equal(config_set_listen(&cfg, "[::1]:8080"), 0);
	snprintf(cfg.site_name, sizeof(cfg.site_name), " lead");
	snprintf(cfg.institution, sizeof(cfg.institution), "trail\t");
	snprintf(cfg.government, sizeof(cfg.government), "\"q\"");
	snprintf(cfg.regulation, sizeof(cfg.regulation), "\"half");
	snprintf(cfg.contact, sizeof(cfg.contact), "a = b ; c # d");
	cfg.log_level = LOGL_ERROR;
	cfg.tls_proxy = 0;
	cfg.hsts_max_age = 0;
	buf_init(&b);
	config_dump(&cfg, &b);
	assert_non_null(strstr(b.data, "\nlisten = [::1]:8080\n"));
	assert_non_null(strstr(b.data, "\nname = \" lead\"\n"));
	assert_non_null(strstr(b.data, "\ngovernment = \"\"q\"\"\n"));
	assert_non_null(strstr(b.data, "\nregulation = \"half\n"));
	buf_free(&b);
	/* A tab cannot be written in a file; a trailing space can. */
	snprintf(cfg.institution, sizeof(cfg.institution), "trail ");
	roundtrip(fx, &cfg);
}

/* conf/wbs.ini.example sets every key to its default. */
static void
test_example_file(void **state)
{
	struct wbs_config cfg, def;
	char path[1024], err[1024];

	(void)state;
	snprintf(path, sizeof(path), "%s/conf/wbs.ini.example", tu_srcdir());
	config_defaults(&def);
	memcpy(&cfg, &def, sizeof(cfg));
	cfg.threads = 63;
	cfg.log_journald = 1;
	if (config_load(&cfg, path, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_cfg_equal(&cfg, &def);
}

/* docs/CONFIG.md and the example mention every key that config_dump emits. */
static void
test_docs_cover_keys(void **state)
{
	struct wbs_config cfg;
	struct buf b;
	char path[1024], needle[128], *doc, *ex, *line, *eq, *save = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/docs/CONFIG.md", tu_srcdir());
	doc = tu_read_file(path, NULL);
	assert_non_null(doc);
	snprintf(path, sizeof(path), "%s/conf/wbs.ini.example", tu_srcdir());
	ex = tu_read_file(path, NULL);
	assert_non_null(ex);
	config_defaults(&cfg);
	buf_init(&b);
	config_dump(&cfg, &b);
	for (line = strtok_r(b.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '[') {
			snprintf(needle, sizeof(needle), "%s", line);
			assert_non_null(strstr(ex, needle));
			snprintf(needle, sizeof(needle), "`%s`", line);
			if (strstr(doc, needle) == NULL)
				fail_msg("docs/CONFIG.md lacks %s", needle);
			continue;
		}
		eq = strstr(line, " = ");
		assert_non_null(eq);
		snprintf(needle, sizeof(needle), "| `%.*s` |",
		    (int)(eq - line), line);
		if (strstr(doc, needle) == NULL)
			fail_msg("docs/CONFIG.md lacks %s", needle);
		snprintf(needle, sizeof(needle), "\n%s\n", line);
		if (strstr(ex, needle) == NULL)
			fail_msg("example lacks '%s'", line);
	}
	buf_free(&b);
	free(doc);
	free(ex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_full_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_echo_capped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bool_spellings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_listen_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_string_length, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_comments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_docs_cover_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
