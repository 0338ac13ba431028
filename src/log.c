/*
 * log.c: leveled logging to a file descriptor (stderr by default). Each
 * line is written with a single write(2) so lines from threads do not
 * interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum log_level	 min_level = LOGL_INFO;
static int		 log_fd = 2;
static int		 prio_prefix;

static const char *const level_names[LOGL__MAX] = {
	"debug", "info", "warn", "error"
};
static const int level_prio[LOGL__MAX] = { 7, 6, 4, 3 };

void
log_init(enum log_level level, int fd)
{
	min_level = level;
	log_fd = fd;
}

void
log_set_priority_prefix(int on)
{
	prio_prefix = on;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	int i;

	for (i = 0; i < LOGL__MAX; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

const char *
log_level_name(enum log_level l)
{
	return (unsigned)l < LOGL__MAX ? level_names[l] : "?";
}

__attribute__((format(printf, 3, 0)))
static void
log_emit(enum log_level level, const char *errstr, const char *fmt,
    va_list ap)
{
	char line[2048];
	size_t len = 0;
	int n;

	if (level < min_level)
		return;
	if (prio_prefix)
		n = snprintf(line, sizeof(line), "<%d>", level_prio[level]);
	else
		n = snprintf(line, sizeof(line), "wbs[%s]: ",
		    level_names[level]);
	if (n > 0)
		len = (size_t)n;
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	if (n > 0)
		len += (size_t)n;
	if (len >= sizeof(line) - 2)
		len = sizeof(line) - 2;
	if (errstr != NULL) {
		n = snprintf(line + len, sizeof(line) - len, ": %s", errstr);
		if (n > 0)
			len += (size_t)n;
		if (len >= sizeof(line) - 2)
			len = sizeof(line) - 2;
	}
	line[len++] = '\n';
	(void)!write(log_fd, line, len);
}

#define LOG_FN(name, level, with_errno)					\
void									\
name(const char *fmt, ...)						\
{									\
	va_list ap;							\
	int saved = errno;						\
									\
	va_start(ap, fmt);						\
	log_emit(level, with_errno ? strerror(saved) : NULL, fmt, ap);	\
	va_end(ap);							\
	errno = saved;							\
}

LOG_FN(log_debug, LOGL_DEBUG, 0)
LOG_FN(log_info, LOGL_INFO, 0)
LOG_FN(log_warn, LOGL_WARN, 1)
LOG_FN(log_warnx, LOGL_WARN, 0)
LOG_FN(log_error, LOGL_ERROR, 0)
