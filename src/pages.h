/*
 * pages.h: the public information pages and the server's route table.
 */
#ifndef WBS_PAGES_H
#define WBS_PAGES_H

#include <stddef.h>

struct route;

extern const struct route	pages_routes[];
extern const size_t		pages_nroutes;

#endif
