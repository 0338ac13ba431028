/*
 * cli.h: the wbs command line: subcommands, their options, and the
 * usage text.
 */
#ifndef WBS_CLI_H
#define WBS_CLI_H

/* Runs the command line; returns the process exit code (0, 1 or 2 for usage). */
int	 cli_main(int argc, char *argv[]);

#endif
