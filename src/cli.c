/*
 * cli.c: the wbs command line. Every command takes --data DIR and
 * --config FILE; the configuration is read first, then the command-line
 * options override it. Exit codes: 0 success, 1 failure, 2 usage error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "cli.h"
#include "config.h"
#include "deadline.h"
#include "log.h"
#include "server.h"
#include "util.h"

#define CLI_ARG_MAX	1024

static const char usage_text[] =
"usage: wbs [--help] [--version] COMMAND [OPTIONS]\n"
"\n"
"Commands:\n"
"  serve [--listen A:P] [--no-sandbox]\n"
"                            run the web server (default 127.0.0.1:8080);\n"
"                            --no-sandbox: keep root, no Landlock, no\n"
"                            seccomp (for debugging only)\n"
"  init                      create a data directory (store, server key\n"
"                            file) and the first administrator account\n"
"  check-config              read the configuration, report problems, print it\n"
"  user add --name N --role R[,R...] [--display \"Full Name\"] [--unit CODE]\n"
"                            create a staff account; prints its one-time\n"
"                            enrolment link (roles: admin, reviewer,\n"
"                            investigator, custodian, auditor)\n"
"  user list                 list staff accounts\n"
"  user disable --name N     disable an account and end its sessions\n"
"  user reset --name N       new enrolment link; the account gets a new key\n"
"                            pair and loses access to reports granted before\n"
"  unit add --code C --name \"Name\"   create a unit (bidang/tim)\n"
"  unit list                 list units\n"
"  receipt verify FILE       check a tanda terima against this server's key\n"
"  audit verify [--count N] [--head HASH]\n"
"                            check the audit trail's hash chain; names the\n"
"                            first record that was altered, removed or moved;\n"
"                            with the count or head printed by an earlier\n"
"                            run (kept elsewhere), also sees the newest\n"
"                            records removed\n"
"  holidays check            whether the holiday calendar covers the next\n"
"                            twelve months (exit 1 if a year is incomplete)\n"
"\n"
"Options (every command):\n"
"  --data DIR       data directory (default ./data)\n"
"  --config FILE    configuration file (INI; see docs/CONFIG.md)\n"
"  --help           this text\n";

/* Option bits, indexing opt_names and the fields of struct cli_opts. */
enum opt {
	OPT_DATA, OPT_CONFIG, OPT_LISTEN, OPT_ROLE, OPT_NAME, OPT_DISPLAY,
	OPT_UNIT, OPT_CODE, OPT_COUNT, OPT_HEAD, OPT__MAX
};

static const struct {
	const char	*name;
	size_t		 off;
} opts[OPT__MAX] = {
	{ "--data", offsetof(struct cli_opts, data) },
	{ "--config", offsetof(struct cli_opts, config) },
	{ "--listen", offsetof(struct cli_opts, listen) },
	{ "--role", offsetof(struct cli_opts, role) },
	{ "--name", offsetof(struct cli_opts, name) },
	{ "--display", offsetof(struct cli_opts, display) },
	{ "--unit", offsetof(struct cli_opts, unit) },
	{ "--code", offsetof(struct cli_opts, code) },
	{ "--count", offsetof(struct cli_opts, count) },
	{ "--head", offsetof(struct cli_opts, head) },
};

#define O(x)	(1u << (x))
#define COMMON	(O(OPT_DATA) | O(OPT_CONFIG))

enum cmd_kind { K_SERVE, K_INIT, K_CHECK, K_OTHER };

/* Commands: words, allowed and required options, and the action. */
static const struct cmd {
	const char	*word1;
	const char	*word2;		/* NULL: a one-word command */
	unsigned	 allowed;
	unsigned	 required;
	int		 positional;	/* takes one FILE argument */
	enum cmd_kind	 kind;
	int		(*run)(const struct wbs_config *,
			    const struct cli_opts *);
} cmds[] = {
	{ "serve", NULL, COMMON | O(OPT_LISTEN), 0, 0, K_SERVE, NULL },
	{ "init", NULL, COMMON, 0, 0, K_INIT, NULL },
	{ "check-config", NULL, COMMON, 0, 0, K_CHECK, NULL },
	{ "user", "add", COMMON | O(OPT_ROLE) | O(OPT_NAME) | O(OPT_DISPLAY) |
	    O(OPT_UNIT), O(OPT_ROLE) | O(OPT_NAME), 0, K_OTHER, cli_user_add },
	{ "user", "list", COMMON, 0, 0, K_OTHER, cli_user_list },
	{ "user", "disable", COMMON | O(OPT_NAME), O(OPT_NAME), 0, K_OTHER,
	    cli_user_disable },
	{ "user", "reset", COMMON | O(OPT_NAME), O(OPT_NAME), 0, K_OTHER,
	    cli_user_reset },
	{ "unit", "add", COMMON | O(OPT_CODE) | O(OPT_NAME), O(OPT_CODE) |
	    O(OPT_NAME), 0, K_OTHER, cli_unit_add },
	{ "unit", "list", COMMON, 0, 0, K_OTHER, cli_unit_list },
	{ "receipt", "verify", COMMON, 0, 1, K_OTHER, cli_receipt_verify },
	{ "audit", "verify", COMMON | O(OPT_COUNT) | O(OPT_HEAD), 0, 0,
	    K_OTHER, cli_audit_verify },
	{ "holidays", "check", COMMON, 0, 0, K_OTHER, cli_holidays_check },
};

int
cli_holidays_check(const struct wbs_config *cfg, const struct cli_opts *o)
{
	struct holidays *h;
	char err[512];
	time_t now = time(NULL);
	struct tm tm;
	int missing = 0, y, ok;

	(void)o;
	if (holidays_load(&h, cfg->holidays, err, sizeof(err)) == -1) {
		fprintf(stderr, "wbs: holidays: %s\n", err);
		return 1;
	}
	ok = holidays_cover(h, (int64_t)now, &missing);
	gmtime_r(&now, &tm);
	for (y = tm.tm_year + 1900; y <= tm.tm_year + 1901; y++)
		printf("%d: %u holidays listed\n", y, holidays_in_year(h, y));
	if (ok)
		printf("the calendar covers the next twelve months\n");
	else
		printf("the calendar is INCOMPLETE for %d: add that year's "
		    "holidays from the SKB ([deadlines] holidays)\n", missing);
	holidays_free(h);
	return ok ? 0 : 1;
}

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

/* Parses the options after the command; returns 0, -1 (help shown) or 2. */
static int
parse_opts(int argc, char *argv[], const struct cmd *c, struct cli_opts *o)
{
	int i, k;
	unsigned seen = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v;
		const char **slot;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return -1;
		}
		if (c->kind == K_SERVE && strcmp(a, "--no-sandbox") == 0) {
			o->no_sandbox = 1;
			continue;
		}
		if (c->positional && a[0] != '-' && o->file == NULL) {
			if (strlen(a) >= CLI_ARG_MAX)
				return usage_error("FILE: path too long");
			o->file = a;
			continue;
		}
		for (k = 0; k < OPT__MAX; k++)
			if (strcmp(a, opts[k].name) == 0)
				break;
		if (k == OPT__MAX || !(c->allowed & O(k)))
			return usage_error("unknown option '%s'", a);
		if (i + 1 >= argc)
			return usage_error("option %s needs a value", a);
		v = argv[++i];
		if (*v == '\0' || strlen(v) >= CLI_ARG_MAX ||
		    !utf8_valid(v, strlen(v)))
			return usage_error("bad value for %s (empty, too long "
			    "or not UTF-8)", a);
		if (seen & O(k))
			return usage_error("option %s given twice", a);
		seen |= O(k);
		slot = (const char **)(void *)((char *)o + opts[k].off);
		*slot = v;
	}
	if (c->positional && o->file == NULL)
		return usage_error("%s %s needs a FILE", c->word1, c->word2);
	for (k = 0; k < OPT__MAX; k++)
		if ((c->required & O(k)) && !(seen & O(k)))
			return usage_error("option %s is required",
			    opts[k].name);
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
	return cli_first_admin(cfg);
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
	const struct cmd *c = NULL;
	size_t i;
	int rc, words;

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
	for (i = 0; i < NELEM(cmds) && c == NULL; i++) {
		if (strcmp(argv[1], cmds[i].word1) != 0)
			continue;
		if (cmds[i].word2 == NULL ||
		    (argc > 2 && strcmp(argv[2], cmds[i].word2) == 0))
			c = &cmds[i];
	}
	if (c == NULL) {
		for (i = 0; i < NELEM(cmds); i++)
			if (strcmp(argv[1], cmds[i].word1) == 0)
				return usage_error("'%s' needs a subcommand "
				    "(see --help)", argv[1]);
		return usage_error("unknown command '%s'", argv[1]);
	}
	words = c->word2 == NULL ? 2 : 3;
	rc = parse_opts(argc - words, argv + words, c, &o);
	if (rc == -1)
		return 0;
	if (rc != 0)
		return rc;
	if ((rc = load_config(&cfg, &o)) != 0)
		return rc;
	switch (c->kind) {
	case K_SERVE:
		if (o.no_sandbox)
			cfg.sandbox = 0;
		return server_run(&cfg);
	case K_INIT:
		return cmd_init(&cfg);
	case K_CHECK:
		return cmd_check_config(&cfg, &o);
	default:
		return c->run(&cfg, &o);
	}
}
