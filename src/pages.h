/*
 * pages.h: the public information pages and the server's route table.
 */
#ifndef WBS_PAGES_H
#define WBS_PAGES_H

#include <stddef.h>

struct req;
struct route;

extern const struct route	pages_routes[];
extern const size_t		pages_nroutes;

/* The http_hooks.busy answer for the routes of this table. */
void	 pages_busy(struct req *);
/* 0 when every route's field count matches its field list, else -1. */
int	 pages_check(void);

#endif
