/*
 * cli.c: the wbs command line. Every subcommand takes --data DIR and
 * --config FILE; the configuration is read first, then the command-line
 * options override it. Exit codes: 0 success, 1 failure, 2 usage error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "buf.h"
#include "cli.h"
#include "config.h"
#include "log.h"
#include "server.h"
#include "util.h"

#define CLI_ARG_MAX	1024

static const char usage_text[] =
"usage: wbs [--help] [--version] COMMAND [OPTIONS]\n"
"\n"
"Commands:\n"
"  serve          run the web server\n"
"  init           create a data directory (store, server key file)\n"
"  check-config   read the configuration, report problems, print it\n"
"\n"
"Options (every command):\n"
"  --data DIR       data directory (default ./data)\n"
"  --config FILE    configuration file (INI; see docs/CONFIG.md)\n"
"  --listen A:P     serve only: address and port (default 127.0.0.1:8080)\n"
"  --help           this text\n";

enum cmd {
	CMD_SERVE,
	CMD_INIT,
	CMD_CHECK_CONFIG,
	CMD__MAX
};

static const char *const cmd_names[CMD__MAX] = {
	"serve", "init", "check-config"
};

struct cli_opts {
	const char	*data;
	const char	*config;
	const char	*listen;
};

__attribute__((format(printf, 1, 2)))
static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wbs: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'wbs --help')\n");
	return 2;
}

/* Parses the options after the command; returns 0 or an exit code. */
static int
parse_opts(int argc, char *argv[], enum cmd cmd, struct cli_opts *o)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		const char **slot;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (strcmp(a, "--data") == 0)
			slot = &o->data;
		else if (strcmp(a, "--config") == 0)
			slot = &o->config;
		else if (strcmp(a, "--listen") == 0 && cmd == CMD_SERVE)
			slot = &o->listen;
		else
			return usage_error("unknown option '%s'", a);
		if (i + 1 >= argc)
			return usage_error("option %s needs a value", a);
		v = argv[++i];
		if (*v == '\0' || strlen(v) >= CLI_ARG_MAX ||
		    !utf8_valid(v, strlen(v)))
			return usage_error("bad value for %s (empty, too long "
			    "or not UTF-8)", a);
		if (*slot != NULL)
			return usage_error("option %s given twice", a);
		*slot = v;
	}
	return 0;
}

/* Reads the configuration and applies the options; 0 or an exit code. */
static int
load_config(struct wbs_config *cfg, const struct cli_opts *o)
{
	char err[1024];

	config_defaults(cfg);
	if (o->config != NULL && config_load(cfg, o->config, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "wbs: %s\n", err);
		return 1;
	}
	if (o->data != NULL &&
	    wbs_strlcpy(cfg->data_dir, o->data, sizeof(cfg->data_dir)) >=
	    sizeof(cfg->data_dir))
		return usage_error("--data: path too long");
	if (o->listen != NULL && config_set_listen(cfg, o->listen) == -1)
		return usage_error("--listen: '%s' is not ADDR:PORT (e.g. "
		    "127.0.0.1:8080 or [::1]:8080)", o->listen);
	log_init(cfg->log_level, 2);
	log_set_priority_prefix(cfg->log_journald);
	return 0;
}

static int
cmd_init(const struct wbs_config *cfg)
{
	char err[1024];

	if (app_init_data(cfg->data_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "wbs: %s\n", err);
		return 1;
	}
	printf("Initialised %s: %s (store), %s (server keys, keep it "
	    "secret and backed up apart from the store).\n", cfg->data_dir,
	    APP_DB_FILE, APP_KEY_FILE);
	return 0;
}

static int
cmd_check_config(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct buf b;

	buf_init(&b);
	config_dump(cfg, &b);
	printf("# configuration OK (%s)\n%s", o->config != NULL ? o->config :
	    "built-in defaults", b.data != NULL ? b.data : "");
	buf_free(&b);
	return 0;
}

int
cli_main(int argc, char *argv[])
{
	struct wbs_config cfg;
	struct cli_opts o;
	int c, rc;

	memset(&o, 0, sizeof(o));
	if (argc < 2)
		return usage_error("a command is needed");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("wbs %s\n", WBS_VERSION);
		return 0;
	}
	for (c = 0; c < CMD__MAX; c++)
		if (strcmp(argv[1], cmd_names[c]) == 0)
			break;
	if (c == CMD__MAX)
		return usage_error("unknown command '%s'", argv[1]);
	rc = parse_opts(argc - 2, argv + 2, (enum cmd)c, &o);
	if (rc == -1)
		return 0;
	if (rc != 0)
		return rc;
	if ((rc = load_config(&cfg, &o)) != 0)
		return rc;
	switch ((enum cmd)c) {
	case CMD_SERVE:
		return server_run(&cfg);
	case CMD_INIT:
		return cmd_init(&cfg);
	case CMD_CHECK_CONFIG:
		return cmd_check_config(&cfg, &o);
	default:
		return 2;
	}
}
