/*
 * server.h: running the server until SIGINT or SIGTERM.
 */
#ifndef WBS_SERVER_H
#define WBS_SERVER_H

struct wbs_config;

/* Loads the application, serves, and returns the process exit code. */
int	 server_run(const struct wbs_config *);

#endif
