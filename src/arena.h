/*
 * arena.h: a region allocator. One arena lives for one HTTP request (or
 * one template render); everything allocated from it is released at once
 * by arena_free(). Allocation aborts on out-of-memory.
 */
#ifndef WBS_ARENA_H
#define WBS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* Returns zeroed memory aligned for any type. */
void		*arena_alloc(struct arena *, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
void		*arena_memdup(struct arena *, const void *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Total bytes handed out so far (for limits and tests). */
size_t		 arena_used(const struct arena *);

#endif
