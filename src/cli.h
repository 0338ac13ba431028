/*
 * cli.h: the wbs command line: commands, their options, and the usage
 * text. cli.c parses; cli_user.c holds the account and unit commands,
 * cli_audit.c the audit trail's.
 */
#ifndef WBS_CLI_H
#define WBS_CLI_H

struct wbs_config;

/* Runs the command line; returns the process exit code (0, 1 or 2 for usage). */
int	 cli_main(int argc, char *argv[]);

/* Options of a command, each NULL when not given. */
struct cli_opts {
	const char	*data;
	const char	*config;
	const char	*listen;
	const char	*role;
	const char	*name;
	const char	*display;
	const char	*unit;
	const char	*code;
	const char	*count;		/* audit verify --count N */
	const char	*head;		/* audit verify --head HASH */
	const char	*file;		/* a positional FILE argument */
	int		 no_sandbox;	/* serve --no-sandbox */
};

/* Account and unit commands (cli_user.c); return exit codes. */
int	 cli_user_add(const struct wbs_config *, const struct cli_opts *);
int	 cli_user_list(const struct wbs_config *, const struct cli_opts *);
int	 cli_user_disable(const struct wbs_config *, const struct cli_opts *);
int	 cli_user_reset(const struct wbs_config *, const struct cli_opts *);
int	 cli_unit_add(const struct wbs_config *, const struct cli_opts *);
int	 cli_unit_list(const struct wbs_config *, const struct cli_opts *);
int	 cli_receipt_verify(const struct wbs_config *, const struct cli_opts *);
/* The holiday calendar's coverage (cli.c). */
int	 cli_holidays_check(const struct wbs_config *, const struct cli_opts *);
/* Audit trail commands (cli_audit.c). */
int	 cli_audit_verify(const struct wbs_config *, const struct cli_opts *);
/* Creates the first administrator of a new data directory. */
int	 cli_first_admin(const struct wbs_config *);

#endif
