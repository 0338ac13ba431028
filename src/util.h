/*
 * util.h: small helpers every module uses: allocation wrappers that abort
 * on out-of-memory, bounded string copies, UTF-8 validation.
 */
#ifndef WBS_UTIL_H
#define WBS_UTIL_H

#include <stddef.h>

#define WBS_VERSION "0.1.0"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: never return NULL; abort the process on OOM. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * Copies src into dst of the given size, always NUL-terminating when
 * size > 0. Returns strlen(src); a result >= size means truncation.
 */
size_t	 wbs_strlcpy(char *dst, const char *src, size_t size);
/* "dir/name" into out; 0, or -1 when it does not fit. */
int	 wbs_path_join(char *out, size_t outlen, const char *dir,
	    const char *name);

/*
 * Returns 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF, no NUL byte), else 0.
 */
int	 utf8_valid(const char *s, size_t len);

/* Returns 1 if the strings are equal, comparing in constant time for equal lengths. */
int	 str_eq_const(const char *a, const char *b);

/*
 * Parses an unsigned decimal in [min, max] from the whole of s.
 * Returns 0 and sets *out, or -1 when s is empty, not all digits or out of range.
 */
/*
 * Returns freed heap memory to the system (glibc keeps it in its arenas
 * otherwise): called when the worker pool falls idle after a burst.
 */
void	 mem_give_back(void);
/* Online processors, at least 1 and at most 64. */
unsigned ncpu(void);
/*
 * The worker pool's size: [server] workers, or one per core when that
 * is 0. Argon2id runs at most this many times at once.
 */
struct wbs_config;
unsigned workers_of(const struct wbs_config *);

int	 parse_uint(const char *s, unsigned long long min,
	    unsigned long long max, unsigned long long *out);

#endif
