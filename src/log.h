/*
 * log.h: logging to stderr, one line per event, journald-friendly
 * ("<N>" priority prefixes when asked). Callers must never pass client
 * addresses, user agents, query strings, form values or report content.
 * log_warn() appends strerror(errno); log_warnx() does not.
 */
#ifndef WBS_LOG_H
#define WBS_LOG_H

enum log_level {
	LOGL_DEBUG,
	LOGL_INFO,
	LOGL_WARN,
	LOGL_ERROR,
	LOGL__MAX
};

/* Sets the minimum level and the output descriptor (default: 2). */
void	 log_init(enum log_level, int fd);
int	 log_level_parse(const char *, enum log_level *);
const char *log_level_name(enum log_level);
/* Prefix lines with "<N>" syslog priorities (for journald). */
void	 log_set_priority_prefix(int);

void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
